"""The JSON report: the contract's shape, validated by the shipped schema, round-tripping."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aligner import check_document, check_pair
from aligner.report import Report, validate

_PARAGRAPHS = st.lists(
    st.text(alphabet=st.sampled_from("abcxyz АБВабв 0123456789.,-\n"), min_size=1, max_size=60),
    min_size=1,
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_PARAGRAPHS, _PARAGRAPHS)
def test_any_pair_report_validates(en, ru):
    """Whatever the input, the report validates and covers every paragraph once."""
    en_text = "The report says. " + "\n\n".join(en)
    ru_text = "Доклад говорит. " + "\n\n".join(ru)
    report = check_pair(en_text, ru_text, embedder="trigram-test")
    validate(json.loads(report.to_json()))


def test_sample_report_validates_and_round_trips(sample_report):
    data = json.loads(sample_report.to_json())
    validate(data)
    assert data["schema"] == "aligner.report/1" and data["embedder"] == "use-m3"
    again = Report.from_dict(data)
    assert again.to_dict() == data


def test_single_document_report_validates(sample_single):
    data = json.loads(check_document(sample_single).to_json())
    validate(data)
    assert list(data["documents"]) == ["en"] and data["alignment"] == []


def test_schema_rejects_a_broken_report(sample_report):
    data = json.loads(sample_report.to_json())
    data["alignment"] = data["alignment"][1:]
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
    data = json.loads(sample_report.to_json())
    data["discrepancies"][0]["severity"] = "catastrophic"
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
