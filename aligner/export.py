"""The discrepancy table: one row per finding with its review status, as CSV or XLSX.

Documents are untrusted, and their quotes end up in spreadsheet cells: any text that a
spreadsheet would read as a formula is prefixed with an apostrophe, in CSV and XLSX
alike (CSV/formula injection).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from aligner.errors import AlignerError
from aligner.report import Finding, Report
from aligner.store import Decision, ReviewStore, pair_key

log = logging.getLogger(__name__)

COLUMNS = (
    "pair_id",
    "en_source",
    "ru_source",
    "kind",
    "severity",
    "en",
    "ru",
    "en_paragraph",
    "ru_paragraph",
    "explanation",
    "status",
    "note",
    "reviewer",
    "decided_at",
    "history",
    "finding_id",
)

# Characters that make a spreadsheet treat a cell as a formula (or, for tab and
# carriage return, that some importers strip to expose one).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_WIDTHS = {
    "pair_id": 20,
    "en_source": 18,
    "ru_source": 18,
    "kind": 22,
    "severity": 10,
    "en": 28,
    "ru": 28,
    "en_paragraph": 8,
    "ru_paragraph": 8,
    "explanation": 60,
    "status": 11,
    "note": 30,
    "reviewer": 12,
    "decided_at": 20,
    "history": 45,
    "finding_id": 18,
}
_WRAPPED = frozenset({"en", "ru", "explanation", "note", "history"})

SEVERITY_FILLS = {"high": "F4B6B6", "medium": "FFDD99", "low": "D5E3CF"}
STATUS_FILLS = {"accepted": "C6EFCE", "rejected": "E2E2E2", "open": "DDEBF7"}
_HEADER_FILL = "305496"


# -- the table ------------------------------------------------------------------------


def findings_table(
    report: Report,
    decisions: Mapping[str, Decision] | None = None,
    history: Mapping[str, list[Decision]] | None = None,
    pair_id: str = "",
) -> list[dict[str, Any]]:
    """One row per finding, with the latest decision and its history.

    ``pair_id`` defaults to the review store's key of the pair so that rows from a
    batch can be traced back to their decisions. In consistency mode (one document)
    the document goes in the ``en_*`` columns whatever its language.
    """
    decisions = decisions or {}
    history = history or {}
    en_source, ru_source = _sources(report)
    pid = pair_id or _safe_pair_key(report)
    rows = []
    for finding in report.discrepancies:
        fp = finding.fingerprint
        row = {
            "pair_id": pid,
            "en_source": en_source,
            "ru_source": ru_source,
            "kind": finding.kind,
            "severity": finding.severity,
            **_quotes(finding),
            "explanation": finding.explanation,
            **_decision_cells(decisions.get(fp)),
            "history": history_text(history.get(fp, ())),
            "finding_id": fp,
        }
        rows.append({col: row[col] for col in COLUMNS})
    return rows


def reviewed_table(report: Report, store: ReviewStore, pair_id: str = "") -> list[dict]:
    """A report's discrepancy table with every finding's latest decision and history."""
    key = pair_key(report)
    history: dict[str, list[Decision]] = {}
    for entry in store.history(key):
        history.setdefault(entry.fingerprint, []).append(entry)
    return findings_table(report, store.decisions(key), history, pair_id)


def batch_table(out: str | Path, store: ReviewStore) -> list[dict]:
    """The discrepancy table of a whole batch run (its reports/ folder), with review status."""
    import json

    rows: list[dict] = []
    for path in sorted(Path(out, "reports").glob("*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            log.warning("skipping unreadable batch report %s", path)
            continue
        pair_id = str(data.get("batch", {}).get("pair_id", path.stem))
        rows.extend(reviewed_table(Report.from_dict(data), store, pair_id))
    return rows


def _sources(report: Report) -> tuple[str, str]:
    docs = report.documents
    if report.is_pair:
        return docs["en"].source, docs["ru"].source
    first = next(iter(docs.values()), None)
    return (first.source if first else ""), ""


def _safe_pair_key(report: Report) -> str:
    try:
        return pair_key(report)
    except ValueError:
        return ""


def _quotes(finding: Finding) -> dict[str, Any]:
    if finding.spans is not None:
        return {
            "en": " / ".join(finding.spans),
            "ru": None,
            "en_paragraph": ", ".join(str(p) for p in finding.paragraphs or ()),
            "ru_paragraph": None,
        }
    return {
        "en": finding.en,
        "ru": finding.ru,
        "en_paragraph": finding.en_paragraph,
        "ru_paragraph": finding.ru_paragraph,
    }


def _decision_cells(decision: Decision | None) -> dict[str, str]:
    if decision is None:
        return {"status": "open", "note": "", "reviewer": "", "decided_at": ""}
    return {
        "status": decision.status,
        "note": decision.note,
        "reviewer": decision.reviewer,
        "decided_at": decision.decided_at,
    }


def history_text(entries: Iterable[Decision]) -> str:
    """Compact history: ``2026-11-23T10:00Z alice accepted; … bob rejected: note``."""
    parts = []
    for d in entries:
        text = f"{_minute(d.decided_at)} {d.reviewer or 'anonymous'} {d.status}"
        if d.note:
            text += f": {d.note}"
        parts.append(text)
    return "; ".join(parts)


def _minute(stamp: str) -> str:
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    return when.strftime("%Y-%m-%dT%H:%MZ")


# -- cells ----------------------------------------------------------------------------


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet may show it: formula-looking text neutralised."""
    if isinstance(value, str) and value.lstrip(" ").startswith(_FORMULA_START):
        return "'" + value
    return value


def _cells(row: Mapping[str, Any]) -> list[Any]:
    return [safe_cell(row.get(col)) for col in COLUMNS]


# -- CSV ------------------------------------------------------------------------------


def csv_bytes(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """The table as CSV, UTF-8 with a BOM so that Excel reads Cyrillic correctly."""
    out = io.StringIO()
    writer = csv.writer(out)  # excel dialect: CRLF rows, quoted as needed
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if v is None else v for v in _cells(row)])
    return out.getvalue().encode("utf-8-sig")


def write_csv(rows: Sequence[Mapping[str, Any]], path_or_buffer: str | Path | IO[Any]) -> None:
    """Write the CSV to a path (atomically) or to an open text or binary buffer."""
    _write(csv_bytes(rows), path_or_buffer)


# -- XLSX -----------------------------------------------------------------------------


def xlsx_bytes(rows: Sequence[Mapping[str, Any]]) -> bytes:
    """The table as an Excel workbook: frozen header, filter, coloured severity/status."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Discrepancies"
    ws.append(list(COLUMNS))
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")

    fills = {
        "severity": {k: PatternFill("solid", fgColor=v) for k, v in SEVERITY_FILLS.items()},
        "status": {k: PatternFill("solid", fgColor=v) for k, v in STATUS_FILLS.items()},
    }
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for r, row in enumerate(rows, start=2):
        for c, (col, value) in enumerate(zip(COLUMNS, _cells(row), strict=True), start=1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            if isinstance(value, str):
                # openpyxl turns any string starting with "=" into a formula; a cell
                # from a document is data, whatever it starts with.
                cell.data_type = "s"
            cell.alignment = wrap if col in _WRAPPED else top
            fill = fills.get(col, {}).get(row.get(col))
            if fill is not None:
                cell.fill = fill

    for c, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _WIDTHS.get(col, 14)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(rows) + 1)}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_xlsx(rows: Sequence[Mapping[str, Any]], path_or_buffer: str | Path | IO[bytes]) -> None:
    """Write the workbook to a path (atomically) or to an open binary buffer."""
    _write(xlsx_bytes(rows), path_or_buffer)


# -- files ----------------------------------------------------------------------------


def _write(data: bytes, path_or_buffer: str | Path | IO[Any]) -> None:
    if isinstance(path_or_buffer, (str, os.PathLike)):
        write_atomic(Path(path_or_buffer), data)
    elif isinstance(path_or_buffer, io.TextIOBase):
        path_or_buffer.write(data.decode("utf-8"))
    else:
        path_or_buffer.write(data)


def write_atomic(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: a reader (or a crash) sees the old
    file or the new one, never half of it."""
    path = Path(path)
    folder = path.parent
    tmp_name = ""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp_name, _mode_for(path))
        os.replace(tmp_name, path)
        tmp_name = ""
        _fsync_dir(folder)
    except OSError as exc:
        raise AlignerError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        if tmp_name:
            try:
                os.unlink(tmp_name)
            except OSError:
                log.warning("could not remove temporary file %s", tmp_name)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new one gets the usual umask-based mode
    (mkstemp's 0600 would hide an export from colleagues)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    # Read, not set-and-restore, so that other threads never see a changed umask.
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible on Windows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
