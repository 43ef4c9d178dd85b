"""Turn extracted text into clean paragraphs, repairing the damage extraction leaves.

Each repair is named and bounded, because analysts quote the normalised text back:
- invisible characters (zero-width, soft hyphen, BOM, controls) removed; NBSP/thin
  spaces become spaces; the non-breaking hyphen becomes "-";
- inline markup (markdown emphasis/headings/links, a whitelist of inline HTML tags,
  entities) becomes plain text; any other tag stays as literal text, so a document
  carrying ``<script>`` shows it rather than losing it;
- a word hyphenated across a line or page break is rejoined, unless both halves are
  words of their own (``государств-членов`` keeps its hyphen);
- a paragraph cut mid-sentence by a page break is joined with its continuation;
- hard-wrapped lines inside a paragraph are joined; table rows and list items stay
  paragraphs of their own;
- leading metadata lines (``date 2025-11-20``) become metadata, not paragraphs.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field

from . import lexicon

# Characters that carry no text: removed outright.
_INVISIBLE = dict.fromkeys(
    map(
        ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    ),
    None,
)
_SPACES = dict.fromkeys(
    map(
        ord,
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000",
    ),
    " ",
)
_HYPHENS = {ord("\u2011"): "-", ord("\u2010"): "-"}

_INLINE_TAGS = r"(?:sup|sub|b|i|u|em|strong|span|small|mark|a|abbr|font|s|del|ins|code)"
_INLINE_TAG_RE = re.compile(rf"</?{_INLINE_TAGS}(?:\s[^<>]*)?>", re.IGNORECASE)
_BLOCK_TAG_RE = re.compile(r"<(?:br|/?p|/?div|/?li|/?h[1-6])(?:\s[^<>]*)?/?>", re.IGNORECASE)
_MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS_RE = re.compile(
    r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=\S)_(?![\w_])"
)
_MD_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_TABLE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_QUOTE_RE = re.compile(r"^\s{0,3}>\s?")
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+•▪–]|\d{1,3}[.)])\s+\S")
_PAGE_FURNITURE_RE = re.compile(
    r"^\s*(?:-\s*\d{1,4}\s*-|(?:page|стр\.?|страница)?\s*\d{1,4}(?:\s*(?:of|/|из)\s*\d{1,4})?)\s*$",
    re.IGNORECASE,
)
_METADATA_DATE_RE = re.compile(
    r"^\s*(?P<key>date|published|updated|дата)\s*[:=]?\s*"
    r"(?P<value>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)(?:\s+|$)",
    re.IGNORECASE,
)
_METADATA_FIELD_RE = re.compile(
    r"^\s*(?P<key>source|author|url|title|lang|language|id|byline|источник|автор)\s*:\s*(?P<value>[^\n]+?)\s*(?:\n|$)",
    re.IGNORECASE,
)
_SENTENCE_END = tuple(".!?…:;»\"”'’)]")
_CONTINUATION_START_RE = re.compile(r"^[a-zа-яё]")
_HYPHEN_END_RE = re.compile(r"(\w+)[-‐]$")
_WORD_START_RE = re.compile(r"^([a-zа-яё]\w*)")


@dataclass(frozen=True)
class NormalizedText:
    paragraphs: tuple[str, ...]
    metadata: dict[str, str] = field(default_factory=dict)


def normalize(text: str) -> NormalizedText:
    """Clean paragraphs and leading metadata from extracted document text."""
    text = clean_characters(text)
    text, metadata = _take_metadata(text)
    blocks = [b for b in re.split(r"\n[ \t]*\n", text)]
    paragraphs: list[str] = []
    for block in blocks:
        paragraphs.extend(_block_paragraphs(block))
    paragraphs = [p for p in paragraphs if not _PAGE_FURNITURE_RE.match(p)]
    return NormalizedText(tuple(_rejoin_page_breaks(paragraphs)), metadata)


def clean_characters(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_INVISIBLE).translate(_SPACES).translate(_HYPHENS)
    # Other control characters (but newline and tab) carry nothing an analyst reads.
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")


def strip_markup(line: str) -> str:
    """Inline markdown and whitelisted inline HTML to plain text; entities unescaped."""
    heading = _MD_HEADING_RE.match(line)
    if heading:
        line = heading.group(1)
    line = _MD_QUOTE_RE.sub("", line)
    line = _MD_LINK_RE.sub(r"\1", line)
    line = _INLINE_TAG_RE.sub("", line)
    for _ in range(2):  # nested **_x_**
        line = _MD_EMPHASIS_RE.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", line)
    if "&" in line:
        line = html.unescape(line).translate(_SPACES)
    return line


def _take_metadata(text: str) -> tuple[str, dict[str, str]]:
    metadata: dict[str, str] = {}
    stripped = text.lstrip()
    while True:
        match = _METADATA_DATE_RE.match(stripped) or _METADATA_FIELD_RE.match(stripped)
        if not match or match.group("key").lower() in metadata:
            return stripped, metadata
        metadata[match.group("key").lower()] = match.group("value")
        stripped = stripped[match.end() :].lstrip(" \t")


def _block_paragraphs(block: str) -> list[str]:
    block = _BLOCK_TAG_RE.sub("\n", block)
    lines = [ln for ln in block.split("\n") if ln.strip() and not _MD_TABLE_RULE_RE.match(ln)]
    lines = [_table_row(ln) if ln.lstrip().startswith("|") else ln for ln in lines]
    if not lines:
        return []
    # Rows of a table and items of a list are units of their own.
    separate = [("\t" in ln) or bool(_LIST_ITEM_RE.match(ln)) for ln in lines]
    lengths = sorted(len(ln) for ln in lines[:-1])
    hard_wrapped = bool(lengths) and lengths[len(lengths) // 2] <= 120 and max(lengths) <= 140
    paragraphs: list[str] = []
    current = ""
    for line, own in zip(lines, separate):
        line = strip_markup(line.strip()) if not own else strip_markup(line.strip(" "))
        line = re.sub(r"[ ]{2,}", " ", line)
        if not line.strip():
            continue
        if not current:
            current = line
            continue
        if own or current.endswith("\t") or _starts_new_paragraph(current, line, hard_wrapped):
            paragraphs.append(current)
            current = line
        else:
            current = join_broken(current, line)
    if current:
        paragraphs.append(current)
    return [p.strip() for p in paragraphs if p.strip()]


def _table_row(line: str) -> str:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    return "\t".join(cells)


def _starts_new_paragraph(previous: str, line: str, hard_wrapped: bool) -> bool:
    if _CONTINUATION_START_RE.match(line) or _HYPHEN_END_RE.search(previous):
        return False
    if not hard_wrapped:
        return True
    # In hard-wrapped text a line ends a paragraph only where a sentence ends.
    return previous.rstrip().endswith(_SENTENCE_END)


def _rejoin_page_breaks(paragraphs: list[str]) -> list[str]:
    """Join a paragraph cut by a page break with its continuation."""
    out: list[str] = []
    for para in paragraphs:
        if out and _is_cut(out[-1], para):
            out[-1] = join_broken(out[-1], para)
        else:
            out.append(para)
    return out


def _is_cut(previous: str, following: str) -> bool:
    if "\t" in previous or "\t" in following:
        return False
    tail = previous.rstrip()
    if _HYPHEN_END_RE.search(tail) and _WORD_START_RE.match(following):
        return True
    # A continuation starts in lower case and its head does not end a sentence.
    return not tail.endswith(_SENTENCE_END) and bool(_CONTINUATION_START_RE.match(following))


def join_broken(left: str, right: str) -> str:
    """Join two pieces of one paragraph, rejoining a word hyphenated at the break."""
    left, right = left.rstrip(), right.lstrip()
    hyphen = _HYPHEN_END_RE.search(left)
    head = _WORD_START_RE.match(right)
    if hyphen and head:
        first, second = hyphen.group(1), head.group(1)
        if lexicon.keeps_hyphen(first, second):
            return f"{left}{right}"
        return f"{left[:-1]}{right}"
    return f"{left} {right}"
