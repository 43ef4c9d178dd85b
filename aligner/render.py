"""Presentation helpers for the review page: escaped, highlighted HTML and summary figures.

Document text is untrusted (it comes from uploads and pastes), so every piece of it is
passed through :func:`html.escape` *before* any highlighting markup is inserted; the
markup itself is built only from our own constants and escaped attribute values.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .report import SEVERITIES, Finding, Link, Report

# Background colours per severity; the same palette is used by the legend and the chart.
SEVERITY_COLOURS: dict[str, str] = {"high": "#f7b2ad", "medium": "#fbd989", "low": "#b9dcf5"}
# Streamlit's markdown colour names, for labels where HTML is not allowed.
SEVERITY_MD_COLOURS: dict[str, str] = {"high": "red", "medium": "orange", "low": "blue"}
SEVERITY_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}

KIND_LABELS: dict[str, str] = {
    "name_variant": "Name spelled differently",
    "name_mismatch": "Different name",
    "role_mismatch": "Different title or office",
    "number_mismatch": "Number differs",
    "date_mismatch": "Date differs",
    "acronym_unmatched": "Stray acronym",
    "only_in_en": "Only in English",
    "only_in_ru": "Only in Russian",
    "unaligned_paragraph": "Paragraph without counterpart",
    "inconsistent_within_document": "Spelled two ways in the document",
    "mixed_script": "Mixed Latin/Cyrillic letters",
}

# Styles for the highlighted paragraphs, injected once per page with st.html.
_CSS_RULES = """
.al-para { line-height: 1.55; font-size: 0.97rem; margin: 0 0 0.6rem 0; }
.al-para mark { padding: 0 2px; border-radius: 3px; cursor: help; color: inherit; }
.al-pnum { color: #8a8f98; font-size: 0.75rem; margin-right: 0.4rem; user-select: none; }
.al-empty { color: #8a8f98; font-style: italic; padding: 0.4rem 0; }
.al-legend span { padding: 1px 8px; border-radius: 3px; margin-right: 6px; font-size: 0.85rem; }
table.al-findings { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
table.al-findings th { text-align: left; color: #5f6670; font-weight: 600;
  border-bottom: 1px solid #d9dce1; padding: 4px 8px; }
table.al-findings td { border-bottom: 1px solid #eceef1; padding: 4px 8px; vertical-align: top; }
table.al-findings a { text-decoration: none; }
.al-status { font-size: 0.8rem; padding: 1px 6px; border-radius: 8px; background: #eceef1; }
.al-status.accepted { background: #c9ecd2; }
.al-status.rejected { background: #e6e6e6; text-decoration: line-through; }
.al-status.noted { background: #dde6fb; }
"""
CSS = (
    "<style>"
    + _CSS_RULES
    + "".join(f"mark.al-{s} {{ background: {c}; }}\n" for s, c in SEVERITY_COLOURS.items())
    + "</style>"
)


def esc(text: object) -> str:
    """Escape any value for use as HTML text or a double-quoted attribute value."""
    return html.escape("" if text is None else str(text), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def md_escape(text: object) -> str:
    """Escape a value for Streamlit markdown (labels, captions): shown as typed, never styled.

    Colons are escaped too, or ``:red[...]`` and ``:smile:`` in a document would style it.
    """
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


@dataclass(frozen=True)
class Mark:
    """A highlighted span of one paragraph: character offsets and what to show on hover."""

    start: int
    end: int
    severity: str
    title: str
    anchor: str = ""


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """The paragraph as escaped HTML with a ``<mark>`` around every marked span.

    Overlapping marks are resolved by cutting the text at every mark boundary: each
    piece is wrapped once, coloured by the most severe mark covering it, and its
    tooltip lists every explanation that covers it. Offsets outside the text are clipped.
    """
    spans = [
        Mark(max(0, m.start), min(len(text), m.end), m.severity, m.title, m.anchor) for m in marks
    ]
    spans = [m for m in spans if m.start < m.end]
    cuts = sorted({0, len(text), *(m.start for m in spans), *(m.end for m in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = esc(text[a:b])
        covering = [m for m in spans if m.start <= a and b <= m.end]
        if not covering:
            out.append(piece)
            continue
        top = min(covering, key=lambda m: SEVERITY_RANK.get(m.severity, 9))
        title = "\n".join(dict.fromkeys(m.title for m in covering))
        anchor = next((m.anchor for m in covering if m.anchor), "")
        inner = (
            f'<a href="#{esc(anchor)}" style="color:inherit;text-decoration:none">{piece}</a>'
            if anchor
            else piece
        )
        out.append(f'<mark class="al-{esc(top.severity)}" title="{esc(title)}">{inner}</mark>')
    return "".join(out)


def _locate(paragraph: str, quote: str | None) -> tuple[int, int] | None:
    # Fallback when a finding carries no offsets: the first case-insensitive occurrence.
    if not quote:
        return None
    at = paragraph.lower().find(quote.lower())
    return (at, at + len(quote)) if at >= 0 else None


def finding_anchor(finding: Finding) -> str:
    return f"finding-{finding.fingerprint}"


def link_anchor(index: int) -> str:
    return f"link-{index}"


def paragraph_marks(
    report: Report, findings: Sequence[Finding], side: str
) -> dict[int, list[Mark]]:
    """Marks per paragraph index of one side ("en", "ru", or the single document's language).

    Findings about a whole paragraph (``unaligned_paragraph``) are not marked: the
    empty cell beside the paragraph already says it.
    """
    doc = report.documents.get(side)
    if doc is None:
        return {}
    out: dict[int, list[Mark]] = {}

    def add(par: int | None, offsets: tuple[int, int] | None, quote: str | None, f: Finding):
        if par is None or not (0 <= par < len(doc.paragraphs)):
            return
        where = offsets or _locate(doc.paragraphs[par], quote)
        if where is None:
            return
        title = f"{KIND_LABELS.get(f.kind, f.kind)}: {f.explanation}"
        out.setdefault(par, []).append(
            Mark(where[0], where[1], f.severity, title, finding_anchor(f))
        )

    for f in findings:
        if f.kind == "unaligned_paragraph":
            continue
        if f.spans is not None:
            for par, start, end in f.span_offsets or ():
                add(par, (start, end), None, f)
            if not f.span_offsets:
                for par in f.paragraphs or ():
                    for quote in f.spans:
                        add(par, None, quote, f)
        elif side == "en":
            add(f.en_paragraph, f.en_offsets, f.en, f)
        elif side == "ru":
            add(f.ru_paragraph, f.ru_offsets, f.ru, f)
    return out


def paragraphs_html(
    paragraphs: Sequence[str], indices: Sequence[int], marks: dict[int, list[Mark]]
) -> str:
    """The given paragraphs, highlighted, each prefixed with its number; or an empty-cell note."""
    if not indices:
        return '<div class="al-empty">no counterpart</div>'
    return "".join(
        f'<p class="al-para"><span class="al-pnum">¶{i + 1}</span>'
        f"{highlight(paragraphs[i], marks.get(i, ()))}</p>"
        for i in indices
        if 0 <= i < len(paragraphs)
    )


def link_of_finding(report: Report, finding: Finding) -> int | None:
    """Index of the alignment link that holds the finding's paragraph(s), if any."""
    for i, link in enumerate(report.alignment):
        if finding.en_paragraph is not None and finding.en_paragraph in link.en:
            return i
        if finding.ru_paragraph is not None and finding.ru_paragraph in link.ru:
            return i
    return None


def findings_by_link(
    report: Report, findings: Sequence[Finding]
) -> dict[int | None, list[Finding]]:
    out: dict[int | None, list[Finding]] = {}
    for f in findings:
        out.setdefault(link_of_finding(report, f), []).append(f)
    return out


def findings_by_paragraph(findings: Sequence[Finding]) -> dict[int | None, list[Finding]]:
    """Consistency mode: each finding under the first paragraph it occurs in."""
    out: dict[int | None, list[Finding]] = {}
    for f in findings:
        first = min(f.paragraphs) if f.paragraphs else None
        out.setdefault(first, []).append(f)
    return out


def quote_of(finding: Finding) -> str:
    """A one-line ``EN ↔ RU`` (or ``a / b`` for one document) summary of what differs."""
    if finding.spans is not None:
        return " / ".join(finding.spans)
    return f"{finding.en or '—'} ↔ {finding.ru or '—'}"


def finding_label(finding: Finding, status: str) -> str:
    """Markdown label for an expander: severity dot, kind, quotes (escaped), status."""
    colour = SEVERITY_MD_COLOURS.get(finding.severity, "gray")
    kind = KIND_LABELS.get(finding.kind, finding.kind)
    quote = quote_of(finding)
    if len(quote) > 90:
        quote = quote[:87] + "…"
    mark = {"accepted": " · :green[✓ accepted]", "rejected": " · :gray[✗ rejected]"}
    return f":{colour}[●] **{kind}**: {md_escape(quote)}{mark.get(status, '')}"


def findings_table_html(
    report: Report, findings: Sequence[Finding], statuses: dict[str, str]
) -> str:
    """An overview table of findings; each row jumps to its link and to its decision card."""
    rows = []
    for f in findings:
        link = link_of_finding(report, f)
        where = (
            f'<a href="#{link_anchor(link)}">link {link + 1}</a>'
            if link is not None
            else (
                f'<a href="#{esc(finding_anchor(f))}">¶{min(f.paragraphs) + 1}</a>'
                if f.paragraphs
                else ""
            )
        )
        status = statuses.get(f.fingerprint, "open")
        rows.append(
            "<tr>"
            f'<td><mark class="al-{esc(f.severity)}" style="padding:0 6px;border-radius:3px">'
            f"{esc(f.severity)}</mark></td>"
            f"<td>{esc(KIND_LABELS.get(f.kind, f.kind))}</td>"
            f'<td><a href="#{esc(finding_anchor(f))}">{esc(quote_of(f))}</a></td>'
            f"<td>{where}</td>"
            f'<td><span class="al-status {esc(status)}">{esc(status)}</span></td>'
            "</tr>"
        )
    head = (
        "<tr><th>Severity</th><th>Kind</th><th>What differs</th><th>Where</th><th>Status</th></tr>"
    )
    return f'<table class="al-findings">{head}{"".join(rows)}</table>'


def legend_html() -> str:
    return (
        '<div class="al-legend">'
        + "".join(f'<span style="background:{SEVERITY_COLOURS[s]}">{s}</span>' for s in SEVERITIES)
        + "</div>"
    )


@dataclass(frozen=True)
class Summary:
    """The figures at the top of the review page."""

    paragraphs: dict[str, int]
    links: int
    unlinked: int
    by_severity: dict[str, int]
    by_kind: dict[str, int] = field(default_factory=dict)


def summarize(report: Report) -> Summary:
    by_severity = Counter(f.severity for f in report.discrepancies)
    by_kind = Counter(f.kind for f in report.discrepancies)
    return Summary(
        paragraphs={lang: len(doc.paragraphs) for lang, doc in report.documents.items()},
        links=sum(1 for link in report.alignment if link.en and link.ru),
        unlinked=sum(1 for link in report.alignment if not (link.en and link.ru)),
        by_severity={s: by_severity.get(s, 0) for s in SEVERITIES},
        by_kind=dict(by_kind.most_common()),
    )


def heatmap_cells(report: Report) -> list[dict[str, float | int]]:
    """Every (en, ru) cell of the similarity matrix, 1-based paragraph numbers."""
    sim = report.similarity
    if sim is None:
        return []
    return [
        {"en": i + 1, "ru": j + 1, "similarity": round(float(sim[i][j]), 3)}
        for i in range(len(sim))
        for j in range(len(sim[i]))
    ]


def path_cells(alignment: Sequence[Link]) -> list[dict[str, int]]:
    """The cells on the chosen alignment path, in path order, 1-based, with their link number."""
    cells: list[dict[str, int]] = []
    for n, link in enumerate(alignment):
        for i in link.en:
            for j in link.ru:
                cells.append({"en": i + 1, "ru": j + 1, "link": n + 1, "order": len(cells)})
    return cells
