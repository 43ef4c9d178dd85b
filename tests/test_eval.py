"""The evaluation's scoring: hand-made reports against hand-made gold (no model involved)."""

from __future__ import annotations

import json
from pathlib import Path

from aligner.eval import format_table, load_cases, score_case, summarize

GOLD = {
    "id": "toy",
    "set": "translated",
    "links": [
        {"en": ["Farid Ahmadov met"], "ru": ["Фарид Ахмедов встретился"]},
        {"en": ["The talks lasted"], "ru": ["Переговоры продолжались"]},
    ],
    "unlinked": {"en": [], "ru": []},
    "must_join": ["продолжались три часа"],
    "expected": [
        {"kinds": ["name_variant"], "en": "Ahmadov", "ru": "Ахмедов"},
        {"kinds": ["number_mismatch"], "en": "two", "ru": "три"},
    ],
    "acceptable": [{"kinds": ["only_in_ru"], "en": None, "ru": "Баку"}],
    "forbidden": [{"en": "Baku", "ru": "Баку"}],
}

EN = ["Farid Ahmadov met the minister in Baku.", "The talks lasted two hours."]
RU = ["Фарид Ахмедов встретился с министром в Баку.", "Переговоры продолжались три часа."]


def report(findings: list[dict], alignment: list[dict] | None = None) -> dict:
    return {
        "documents": {
            "en": {"source": "en", "language": "en", "paragraphs": EN},
            "ru": {"source": "ru", "language": "ru", "paragraphs": RU},
        },
        "alignment": alignment
        if alignment is not None
        else [{"en": [0], "ru": [0], "score": 0.9}, {"en": [1], "ru": [1], "score": 0.9}],
        "discrepancies": findings,
    }


# Russian quotes keep their inflection: the gold's stems must still match them.
NAME = {"kind": "name_variant", "en": "Farid Ahmadov", "ru": "Фарида Ахмедова"}
NUMBER = {"kind": "number_mismatch", "en": "two hours", "ru": "три часа"}


def test_a_report_that_matches_gold_scores_one() -> None:
    s = summarize([score_case(GOLD, report([NAME, NUMBER]))])
    assert s.precision == 1.0
    assert s.recall == 1.0
    assert s.forbidden_hits == 0
    assert s.links["translated"].f1 == 1.0
    assert s.must_join == (1, 1)


def test_a_missed_finding_lowers_recall_of_its_kind_only() -> None:
    score = score_case(GOLD, report([NAME]))
    s = summarize([score])
    assert s.recall == 0.5
    assert s.kinds["number_mismatch"].recall == 0.0
    assert s.kinds["name_variant"].recall == 1.0
    assert score.missed == ["number_mismatch: two"]


def test_a_forbidden_hit_is_counted_whatever_its_kind() -> None:
    false_alarm = {"kind": "name_variant", "en": "Baku", "ru": "в Баку"}
    s = summarize([score_case(GOLD, report([NAME, NUMBER, false_alarm]))])
    assert s.forbidden_hits == 1
    assert s.kinds["name_variant"].reported == 2
    assert s.kinds["name_variant"].precision == 0.5


def test_russian_stems_match_inflected_forms_but_not_other_words() -> None:
    inflected = {"kind": "name_variant", "en": "Ahmadov", "ru": "Ахмедовым"}
    other = {"kind": "name_variant", "en": "Ahmadov", "ru": "Ахмадиев"}
    assert score_case(GOLD, report([inflected])).expected[0] == ("name_variant", True)
    assert score_case(GOLD, report([other])).expected[0] == ("name_variant", False)


def test_wrong_kind_does_not_count_as_found() -> None:
    wrong = {"kind": "date_mismatch", "en": "two hours", "ru": "три часа"}
    s = summarize([score_case(GOLD, report([wrong]))])
    assert s.kinds["number_mismatch"].found == 0
    assert s.kinds["date_mismatch"].precision == 0.0


def test_acceptable_findings_are_not_penalised_and_not_required() -> None:
    extra = {"kind": "only_in_ru", "en": None, "ru": "Баку"}
    s = summarize([score_case(GOLD, report([NAME, NUMBER, extra]))])
    assert s.precision == 1.0
    assert s.recall == 1.0


def test_wrong_and_missing_links_lower_link_precision_and_recall() -> None:
    crossed = [{"en": [0], "ru": [1], "score": 0.5}, {"en": [1], "ru": [], "score": 0.0}]
    links = summarize([score_case(GOLD, report([], crossed))]).links["translated"]
    assert links.precision == 0.0
    assert links.recall == 0.0


def test_unjoined_page_break_counts_against_must_join() -> None:
    broken = report([NAME, NUMBER])
    broken["documents"]["ru"]["paragraphs"] = [RU[0], "Переговоры продолжались", "три часа."]
    assert score_case(GOLD, broken).must_join == (0, 1)


def test_table_names_every_kind_and_the_forbidden_count() -> None:
    table = format_table(summarize([score_case(GOLD, report([NAME]))]))
    assert "name_variant" in table and "number_mismatch" in table
    assert "forbidden hits" in table


def test_committed_set_is_complete_and_its_gold_quotes_its_texts() -> None:
    root = Path(__file__).resolve().parent.parent / "data" / "eval" / "generated"
    cases = load_cases(root)
    assert len([g for g, _ in cases if g["id"].endswith("__clean")]) >= 19
    kinds = {item["kinds"][0] for g, _ in cases for item in g["expected"]}
    assert {"name_variant", "number_mismatch", "date_mismatch", "unaligned_paragraph"} <= kinds
    for gold, base in cases:
        en = (base / gold["en"]).read_text("utf-8")
        ru = (base / gold["ru"]).read_text("utf-8")
        for link in gold["links"]:
            for s in link["en"]:
                assert " ".join(s.split()).casefold() in " ".join(en.split()).casefold(), gold["id"]
            for s in link["ru"]:
                assert " ".join(s.split()).casefold() in " ".join(ru.split()).casefold(), gold["id"]
        json.dumps(gold)
