"""Turn a document an analyst was given into plain text, or refuse it with a clear reason.

Formats: plain text (any common Russian or English encoding), Markdown (returned as its
source), HTML, Word .docx and PDF with a text layer. Paragraphs come out separated by a
blank line; lines inside a paragraph (PDF) by a single newline. Hyphenation and sentences
cut by a page break are left as they are: ``normalize`` repairs them.

The parsers (pypdf, python-docx, BeautifulSoup, charset-normalizer) are imported inside the
functions that use them so that importing this module, and so the CLI's ``--help``, stays
fast.
"""

from __future__ import annotations

import io
import logging
import math
import os
import re
import stat
import statistics
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".txt",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".docx",
    ".pdf",
    "",  # no extension: read as plain text
)

_HTML_SUFFIXES = frozenset({".html", ".htm"})
_PLAIN_SUFFIXES = frozenset({".txt", ".md", ".markdown", ""})

# Formats people often have instead of a supported one, with what to do about it.
_CONVERT_HINTS = {
    ".doc": "save it as .docx in Word and try again",
    ".rtf": "save it as .docx or .txt and try again",
    ".odt": "save it as .docx and try again",
    ".xhtml": "rename it to .html",
}

_MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """How much a single document may hold before it is refused."""

    max_bytes: int = 10 * _MB
    max_pages: int = 300

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ReadLimits:
        """The limits, with ``ALIGNER_MAX_BYTES`` / ``ALIGNER_MAX_PAGES`` overriding defaults."""
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            max_bytes=_positive_int(env, "ALIGNER_MAX_BYTES", defaults.max_bytes),
            max_pages=_positive_int(env, "ALIGNER_MAX_PAGES", defaults.max_pages),
        )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(name, f"must be a positive whole number, got {raw!r}")
    return value


# ---------------------------------------------------------------------------------------
# Entry points


def read_path(path: str | os.PathLike[str], *, limits: ReadLimits | None = None) -> str:
    """The text of the document at ``path``; raises InputError naming the file if unreadable."""
    limits = limits if limits is not None else ReadLimits.from_env()
    source = os.fspath(path)
    p = Path(source)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except PermissionError:
        raise InputError(source, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(source, "is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(source, "is not a regular file (a device or pipe?)")
    suffix = _checked_suffix(source)
    # Size first, so that an oversized file is refused without reading it.
    _check_size(source, st.st_size, limits)
    try:
        with p.open("rb") as fh:
            data = fh.read(limits.max_bytes + 1)
    except PermissionError:
        raise InputError(source, "cannot be read (permission denied)") from None
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from None
    # The file may have grown since stat.
    _check_size(source, len(data), limits)
    return _read(data, source, suffix, limits)


def read_bytes(data: bytes, name: str, *, limits: ReadLimits | None = None) -> str:
    """The text of an uploaded document; ``name`` gives its format and appears in errors."""
    limits = limits if limits is not None else ReadLimits.from_env()
    suffix = _checked_suffix(name)
    _check_size(name, len(data), limits)
    return _read(bytes(data), name, suffix, limits)


def _checked_suffix(source: str) -> str:
    suffix = Path(source).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return suffix
    supported = ", ".join(s for s in SUPPORTED_SUFFIXES if s) + " or no extension"
    hint = _CONVERT_HINTS.get(suffix)
    problem = f"unsupported file type {suffix!r}; supported: {supported}"
    raise InputError(source, f"{problem}; {hint}" if hint else problem)


def _check_size(source: str, size: int, limits: ReadLimits) -> None:
    if size > limits.max_bytes:
        raise InputError(
            source,
            f"the file is {_human_size(size)}, over the {_human_size(limits.max_bytes)} limit; "
            "set ALIGNER_MAX_BYTES (in bytes) to raise it",
        )


def _human_size(n: int) -> str:
    if n >= _MB:
        return f"{n / _MB:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _read(data: bytes, source: str, suffix: str, limits: ReadLimits) -> str:
    if not data:
        raise InputError(source, "the file is empty")
    if suffix == ".pdf":
        text = _pdf_to_text(data, source, limits)
    elif suffix == ".docx":
        text = _docx_to_text(data, source)
    elif suffix in _HTML_SUFFIXES:
        text = _html_to_text(_decode_html(data, source), source)
    else:
        text = decode_text(data, source)
    if not text.strip():
        detail = " (only whitespace)" if suffix in _PLAIN_SUFFIXES else ""
        raise InputError(source, f"the file contains no text{detail}")
    return text


# ---------------------------------------------------------------------------------------
# Plain text: encodings

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one.
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Single-byte encodings a Russian or English text file is realistically in, most common
# first (the order breaks ties).
_SINGLE_BYTE_CANDIDATES = ("cp1251", "koi8_r", "cp1252", "cp866")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF; give it the .pdf extension"),
    (b"PK\x03\x04", "a zip archive (a .docx?); give it the right extension"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
    (b"\xd0\xcf\x11\xe0", "an old Word/Office file; save it as .docx"),
    (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
)

_NOT_TEXT = "this is not a text file (it holds binary data); check you chose the right file"
_CONTROL_BYTES = frozenset([*range(0, 9), *range(14, 32), 127])
# More than this share of control bytes and the file is not text in any encoding.
_MAX_CONTROL_SHARE = 0.02


def decode_text(data: bytes, source: str) -> str:
    """Decode a text file whose encoding nobody told us; newlines become ``\\n``."""
    if not data:
        raise InputError(source, "the file is empty")
    return _clean_text(_decode(data, source))


def _decode(data: bytes, source: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _unless_binary(data[len(bom) :].decode(encoding, errors="replace"), source)
    utf16 = _sniff_utf16(data)
    if utf16:
        return _unless_binary(data.decode(utf16, errors="replace"), source)
    _refuse_binary(data, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _best_guess(data)


def _unless_binary(text: str, source: str) -> str:
    """``text`` decoded from a wide encoding, unless it is junk: binary data that happened
    to start like a byte-order mark or to have its zero bytes in step."""
    sample = text[:32768]
    junk = sum(1 for ch in sample if ch == "\ufffd" or _is_suspect_char(ch))
    if sample and junk / len(sample) > 0.05:
        raise InputError(source, _NOT_TEXT)
    return text


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, recognised by its high bytes (0 for ASCII, 4 for
    Cyrillic) all falling on one side."""
    sample = data[:65536]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]

    def share_high(half: bytes) -> float:
        return sum(1 for b in half if b in (0, 4)) / len(half)

    share_even, share_odd = share_high(even), share_high(odd)
    if share_odd > 0.7 and share_even < 0.2 and len(data) % 2 == 0:
        return "utf-16-le"
    if share_even > 0.7 and share_odd < 0.2 and len(data) % 2 == 0:
        return "utf-16-be"
    return None


def _refuse_binary(data: bytes, source: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(source, f"this is not a text file: it looks like {what}")
    sample = data[:65536]
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        raise InputError(source, _NOT_TEXT)


def _best_guess(data: bytes) -> str:
    """The most plausible reading of bytes that are not clean UTF-8.

    Candidates are the common single-byte encodings, UTF-8 with the bad bytes replaced,
    a line-by-line mix (files pasted together from differently encoded sources) and
    charset-normalizer's own guess; each is scored on how much it reads like Russian or
    English. Short texts in cp1251 and koi8-r are easily confused by byte statistics
    alone, which is why the score looks at letter case and letter frequencies.
    """
    sample = _scoring_sample(data)
    decoders = _candidate_decoders(sample)
    scored = [
        (_plausibility(decode(sample)), -order, name)
        for order, (name, decode) in enumerate(decoders.items())
    ]
    best = max(scored)
    log.debug("encoding candidates %s; chose %s", sorted(scored, reverse=True)[:4], best[2])
    return decoders[best[2]](data)


_SAMPLE_BYTES = 128 * 1024


def _scoring_sample(data: bytes) -> bytes:
    """What to score candidates on: all of a small file; for a large one its start plus
    some of the lines that are not UTF-8 (which may all come later)."""
    if len(data) <= 2 * _SAMPLE_BYTES:
        return data
    head = data[:_SAMPLE_BYTES]
    head = head[: head.rfind(b"\n") + 1] or head
    bad: list[bytes] = []
    size = 0
    for line in data[len(head) :].split(b"\n"):
        if size > _SAMPLE_BYTES // 2:
            break
        if not _is_utf8(line):
            bad.append(line)
            size += len(line) + 1
    return head + b"\n".join(bad)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _candidate_decoders(sample: bytes) -> dict[str, Callable[[bytes], str]]:
    def single_byte(encoding: str) -> Callable[[bytes], str]:
        return lambda data: data.decode(encoding, errors="replace")

    decoders = {enc: single_byte(enc) for enc in _SINGLE_BYTE_CANDIDATES}
    decoders["utf-8 (damaged)"] = single_byte("utf-8")
    lines = sample.split(b"\n")
    bad = [line for line in lines if not _is_utf8(line)]
    if bad and len(bad) < len(lines):
        joined = b"\n".join(bad)
        encoding = max(
            _SINGLE_BYTE_CANDIDATES,
            key=lambda enc: _plausibility(joined.decode(enc, errors="replace")),
        )
        decoders[f"utf-8 lines + {encoding}"] = lambda data: _decode_mixed_lines(data, encoding)
    guess = _charset_normalizer_guess(sample)
    if guess and guess not in decoders:
        try:
            "".encode(guess)
        except LookupError:
            return decoders
        decoders[guess] = single_byte(guess)
    return decoders


def _charset_normalizer_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    match = from_bytes(data[:65536]).best()
    return match.encoding if match is not None else None


def _decode_mixed_lines(data: bytes, encoding: str) -> str:
    """Lines that are valid UTF-8 decoded as such, the others in ``encoding``."""
    out = []
    for line in data.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode(encoding, errors="replace"))
    return "\n".join(out)


_WORD = re.compile(r"[^\W\d_]+")
_NEVER_INITIAL = frozenset("ъьыЪЬЫ")
_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")


def _russian_top_letters() -> frozenset[str]:
    # charset-normalizer ships letter frequency ranks per language; the twelve most common
    # Russian letters make up about three quarters of running text.
    from charset_normalizer.constant import FREQUENCIES

    return frozenset(FREQUENCIES["Russian"][:12])


def _plausibility(text: str) -> float:
    """How much ``text`` reads like Russian and/or English prose (higher is better).

    Each letter scores +1 in a plausible word (plain ASCII; all-Russian with sane case;
    Latin with the odd accent) and -1 in an implausible one (scripts mixed inside a word,
    Cyrillic with case flipping mid-word, accent-laden Latin). Replacement characters,
    control characters and box-drawing symbols count against. Russian letters earn up to
    half a point more, or less, by how many of them are the common ones, which tells
    cp1251 from koi8-r even for all-capital headlines where case says nothing.
    """
    score = 0.0
    russian_words: list[str] = []
    for word in _WORD.findall(text):
        n = len(word)
        if word.isascii():
            score += n
        elif all(ch in _RUSSIAN for ch in word):
            # A lone letter proves nothing: a wrong code page turns a dash or a quote
            # between English words into one.
            if n > 1:
                russian_words.append(word)
                score += _russian_case_score(word)
        else:
            non_ascii = sum(1 for ch in word if not ch.isascii())
            mixed_scripts = any(ch in _RUSSIAN for ch in word)
            if not mixed_scripts and non_ascii * 3 <= n:
                score += 0.5 * n  # café, Müller
            else:
                score -= n
    if russian_words:
        # Case settles most texts: a wrong code page swaps upper and lower case. Letter
        # frequencies break the tie for all-capital headlines and single lower-case words,
        # and are kept too small to overrule case.
        letters = "".join(russian_words)
        score += 0.5 * len(letters) * _frequency_evidence(letters)
    score -= 3 * len(_SYMBOL_IN_WORD.findall(text))
    for ch in text:
        if ch == "\ufffd":
            score -= 4
        elif _is_suspect_char(ch):
            score -= 2
    return score


def _russian_case_score(word: str) -> float:
    n = len(word)
    if word[0] in _NEVER_INITIAL:
        return -n  # no Russian word starts with ъ, ь or ы
    if word.islower() or word.istitle():
        return n
    if word.isupper():
        # Capitals are plausible (acronyms, headlines) but rarer than lower case, which is
        # what a wrong code page swaps them with.
        return 0.8 * n
    return -n


def _frequency_evidence(letters: str) -> float:
    """From +1 when the Russian letters have the frequencies of Russian prose down to -1
    when they look shuffled by a wrong code page; damped towards 0 for a few letters,
    since a short phrase can happen to use rare ones."""
    top = _russian_top_letters()
    share = sum(1 for ch in letters.lower() if ch in top) / len(letters)
    # The share is ~0.75 in Russian prose (0.6 in an unlucky sentence) and 0.4-0.55 for
    # letters shuffled by a wrong code page.
    raw = max(-1.0, min(1.0, (share - 0.5) / 0.15))
    return raw * min(1.0, len(letters) / 30)


# A symbol wedged between two letters: a letter shown as a symbol by the wrong code page.
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\w\s\-'\u2019.,:;!?/&()\[\]\"\u00ad]+(?=[^\W\d_])")


def _is_suspect_char(ch: str) -> bool:
    # Box drawing, blocks, shapes and integral pieces come from the wrong DOS/KOI code page.
    if "\u2500" <= ch <= "\u25ff" or ch in "\u2320\u2321":
        return True
    return unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\n\r\f"


_NEWLINES = re.compile(r"\r\n|\r|\x85|\u2028")
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufeff]")


def _clean_text(text: str) -> str:
    # A form feed or paragraph separator is a page or paragraph break: a blank line.
    text = _NEWLINES.sub("\n", text).replace("\f", "\n\n").replace("\u2029", "\n\n")
    return _STRAY_CONTROLS.sub("", text)


# ---------------------------------------------------------------------------------------
# HTML

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)

_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe"})
_BLOCK_TAGS = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "blockquote",
        "article", "section", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody",
        "tfoot", "caption", "pre", "hr", "header", "footer", "nav", "main", "aside",
        "figure", "figcaption", "address", "center", "form", "fieldset", "legend",
        "details", "summary", "body", "html",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def _decode_html(data: bytes, source: str) -> str:
    """HTML text: a byte-order mark, then valid UTF-8, then a declared charset that fits the
    bytes, else the same guess as for plain text. Declarations are often wrong (a page
    re-saved as UTF-8 still saying windows-1251), so they only decide what UTF-8 cannot."""
    has_bom = any(data.startswith(bom) for bom, _ in _BOMS)
    if has_bom or _sniff_utf16(data) or _is_utf8(data):
        return decode_text(data, source)
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", errors="replace")
        try:
            as_declared = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            log.info("%s: declared charset %r does not fit, guessing instead", source, name)
        else:
            guessed = _best_guess(data)
            sample = _scoring_sample(data)
            # The declaration wins unless the guess reads clearly better (koi8-r labelled
            # windows-1251 decodes without error, into nonsense).
            if (
                _plausibility(guessed[: len(sample)])
                <= _plausibility(as_declared[: len(sample)]) + 5
            ):
                return _clean_text(as_declared)
            return _clean_text(guessed)
    return decode_text(data, source)


@dataclass
class _Block:
    """The paragraph being built: table cells, each a list of raw text pieces."""

    cells: list[list[str]] = field(default_factory=lambda: [[]])
    preformatted: bool = False
    in_row: bool = False  # a table cell has begun, so the next one gets a tab before it


def _html_to_text(markup: str, source: str) -> str:
    from bs4 import (
        BeautifulSoup,
        Comment,
        Declaration,
        Doctype,
        FeatureNotFound,
        ProcessingInstruction,
    )
    from bs4.element import NavigableString, Tag

    ignored_strings = (Comment, Declaration, Doctype, ProcessingInstruction)
    try:
        soup = BeautifulSoup(markup, "lxml")
    except FeatureNotFound:
        # lxml arrives with python-docx; should it be missing, the slower built-in parser
        # gives the same text for the pages analysts get.
        log.warning("lxml is not installed; parsing %s with html.parser", source)
        soup = BeautifulSoup(markup, "html.parser")

    paragraphs: list[str] = []
    block = _Block()
    pre_depth = 0

    def flush() -> None:
        nonlocal block
        line = _render_block(block)
        if line:
            paragraphs.append(line)
        block = _Block(preformatted=pre_depth > 0)

    # Iterative walk: real pages nest deeper than Python's recursion limit allows.
    stack: list[tuple[Any, bool]] = [(soup, False)]
    while stack:
        node, closing = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, ignored_strings):
                block.cells[-1].append(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name.lower() if node.name else ""
        if closing:
            if name in _BLOCK_TAGS:
                flush()
            if name == "pre":
                pre_depth -= 1
            continue
        if name in _SKIPPED_TAGS or node.has_attr("hidden"):
            continue
        if name in _BLOCK_TAGS:
            flush()
        if name == "pre":
            pre_depth += 1
            block.preformatted = True
        if name in _CELL_TAGS:
            if block.in_row:
                block.cells.append([])
            else:
                # Only layout whitespace can precede a row's first cell.
                block.in_row = True
                block.cells[-1] = [piece for piece in block.cells[-1] if piece.strip()]
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    flush()
    return "\n\n".join(paragraphs)


def _render_block(block: _Block) -> str:
    cells = []
    for pieces in block.cells:
        raw = "".join(pieces)
        if block.preformatted:
            cells.append("\n".join(line.rstrip() for line in raw.strip("\n").split("\n")))
        else:
            cells.append(_HTML_SPACE.sub(" ", raw).strip())
    while cells and not cells[-1]:
        cells.pop()
    if not any(cells):
        return ""
    joined = "\t".join(cells)
    # Keep a leading tab: it stands for an empty first cell.
    return joined.strip("\n") if block.preformatted else joined.strip(" \n")


# ---------------------------------------------------------------------------------------
# Word .docx


def _docx_to_text(data: bytes, source: str) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_docx_paragraphs(document))
    except Exception as exc:  # zipfile, lxml and python-docx each raise their own errors
        log.debug("%s: python-docx failed", source, exc_info=True)
        raise InputError(
            source,
            "not a readable Word .docx file (damaged, or another format renamed .docx)",
        ) from exc
    return "\n\n".join(p for p in paragraphs if p.strip())


def _docx_paragraphs(container: Any) -> Any:
    """Paragraph texts in document order, descending into tables (and tables in cells)."""
    from docx.table import Table

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans.
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _docx_paragraphs(cell)
        else:
            yield item.text.strip()


# ---------------------------------------------------------------------------------------
# PDF

# A gap between lines this much larger than the usual line gap starts a new paragraph.
_PARAGRAPH_GAP_RATIO = 1.4
# ...and so does any gap over this many font sizes (double spacing is rare in reports).
_PARAGRAPH_GAP_FONT_SIZES = 2.0


_PDF_SPACES = re.compile(r"[ \t]{2,}")
_LIST_MARKER = re.compile(
    r"\s*(?:[\u2022\u25cf\u25aa\u2013\u2014*-]|\d{1,3}[.)]|[a-zа-я][.)])\s", re.I
)


@dataclass
class _PdfLine:
    text: str
    x: float | None = None
    y: float | None = None
    size: float | None = None


def _pdf_to_text(data: bytes, source: str, limits: ReadLimits) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    if b"%PDF-" not in data[:1024]:
        raise InputError(source, "not a PDF file (damaged, or another format renamed .pdf)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("needs a password")
        n_pages = len(reader.pages)
    except FileNotDecryptedError:
        raise InputError(
            source,
            "the PDF is password-protected; save an unprotected copy and try again",
        ) from None
    except DependencyError:
        raise InputError(
            source,
            "the PDF is encrypted with AES, which this installation cannot open; "
            "save an unencrypted copy and try again",
        ) from None
    except Exception as exc:  # pypdf raises many unrelated types on damaged files
        log.debug("%s: pypdf failed", source, exc_info=True)
        raise InputError(source, "the PDF is damaged and cannot be read") from exc
    if n_pages == 0:
        raise InputError(source, "the PDF is damaged or has no pages")
    if n_pages > limits.max_pages:
        raise InputError(
            source,
            f"the PDF has {n_pages} pages, over the {limits.max_pages}-page limit; "
            "set ALIGNER_MAX_PAGES to raise it",
        )
    pages = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            lines = _pdf_page_lines(page.extract_text)
        except Exception as exc:
            log.debug("%s: page %d failed", source, number, exc_info=True)
            raise InputError(
                source, f"page {number} of the PDF is damaged and cannot be read"
            ) from exc
        pages.append(lines)
    paragraphs_by_page = _pdf_paragraphs(pages)
    text = "\n\n".join("\n\n".join(p) for p in paragraphs_by_page if p)
    if not text.strip():
        raise InputError(
            source, "the PDF has no text layer (a scanned image?); run OCR on it first"
        )
    return _clean_text(text)


def _pdf_page_lines(extract_text: Callable[..., str]) -> list[_PdfLine]:
    """The page's lines, each with the position and size of its first visible text.

    pypdf hands every piece of text it emits to the visitor (line ends included) with
    the matrices in force where the piece began; joining the pieces reproduces its
    ordinary output, and the positions tell a paragraph gap from a line gap.
    """
    lines: list[_PdfLine] = []
    current = _PdfLine("")

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, font_size: Any) -> None:
        nonlocal current
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i > 0:
                lines.append(current)
                current = _PdfLine("")
            if piece.strip() and current.y is None:
                m = _matrix_product(tm, cm)
                scale = math.hypot(m[2], m[3]) or 1.0
                size = abs(float(font_size or 0) * scale) or None
                current.x, current.y, current.size = m[4], m[5], size
            current.text += piece

    extract_text(visitor_text=visit)
    lines.append(current)
    return [line for line in lines if line.text.strip()]


def _matrix_product(m: Sequence[float], n: Sequence[float]) -> list[float]:
    m = [float(v) for v in m]
    n = [float(v) for v in n]
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _pdf_paragraphs(pages: list[list[_PdfLine]]) -> list[list[str]]:
    """Group each page's lines into paragraphs (lines joined by newlines)."""
    line_gap = _usual_line_gap(pages)
    result = []
    for lines in pages:
        margin = _left_margin(lines)
        paragraphs: list[list[str]] = []
        for i, line in enumerate(lines):
            prev = lines[i - 1] if i else None
            following = lines[i + 1] if i + 1 < len(lines) else None
            if prev is None or _starts_paragraph(prev, line, following, line_gap, margin):
                paragraphs.append([])
            # Justified PDF text comes out with runs of spaces between words.
            paragraphs[-1].append(_PDF_SPACES.sub(" ", line.text).strip())
        result.append(["\n".join(p) for p in paragraphs])
    return result


def _gaps(lines: list[_PdfLine]) -> list[float]:
    gaps = []
    for prev, line in zip(lines, lines[1:], strict=False):
        if prev.y is None or line.y is None or not line.size:
            continue
        gap = prev.y - line.y
        if gap > 0.5 * line.size:
            gaps.append(gap)
    return gaps


def _usual_line_gap(pages: list[list[_PdfLine]]) -> float | None:
    """The gap between lines of one paragraph: the smallest gap seen at least twice
    (a lone tight gap, say under a heading, must not set it)."""
    gaps = [round(g * 2) / 2 for lines in pages for g in _gaps(lines)]
    if not gaps:
        return None
    counts = Counter(gaps)
    repeated = [g for g, c in counts.items() if c >= 2]
    return min(repeated) if repeated else min(gaps)


def _left_margin(lines: list[_PdfLine]) -> float | None:
    xs = [round(line.x) for line in lines if line.x is not None]
    return statistics.mode(xs) if xs else None


def _starts_paragraph(
    prev: _PdfLine,
    line: _PdfLine,
    following: _PdfLine | None,
    line_gap: float | None,
    margin: float | None,
) -> bool:
    if prev.y is None or line.y is None:
        return False
    size = max(prev.size or 0.0, line.size or 0.0) or 10.0
    if prev.size and line.size and abs(prev.size - line.size) > 0.15 * size:
        return True  # a heading and its text
    gap = prev.y - line.y
    if gap < -0.5 * size:
        return True  # moved up the page: next column or text box
    if gap > _PARAGRAPH_GAP_FONT_SIZES * size:
        return True
    if line_gap and gap > _PARAGRAPH_GAP_RATIO * line_gap:
        return True
    return _is_first_line_indent(prev, line, following, margin, size)


def _is_first_line_indent(
    prev: _PdfLine, line: _PdfLine, following: _PdfLine | None, margin: float | None, size: float
) -> bool:
    """An indented line after one at the margin starts a paragraph, unless it continues a
    list item (the item starts with a bullet or number, or the lines after it stay
    indented too): that is a hanging indent, not a new paragraph."""
    if margin is None or line.x is None or prev.x is None:
        return False
    if not (line.x > margin + size and abs(prev.x - margin) < 0.5 * size):
        return False
    if _LIST_MARKER.match(prev.text):
        return False
    stays_indented = (
        following is not None and following.x is not None and abs(following.x - line.x) < 0.5 * size
    )
    return not stays_indented
