"""Acronyms, their definitions in the text, and the shipped cross-language table.

"Organization of Turkic States (OTS)" defines OTS where it stands; data/acronyms.tsv
says that OTS is ОТГ in Russian (users add their own rows). An acronym's key is its
letters without dots; ``canonical`` maps it to the table row shared by both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import morph, resources
from . import Fact
from .tokens import tokenize

_ACRONYM_RE = re.compile(
    r"(?<![\w.])(?P<acr>[A-ZА-ЯЁ](?:\.[A-ZА-ЯЁ]){1,5}\.?|[A-ZА-ЯЁ][A-ZА-ЯЁ&]{1,7}\+?|[A-Z]-?\d{1,2})"
    r"(?P<plural>s)?(?![\w])"
)
# Roman numerals, Cyrillic look-alikes included ("ХII" typed with a Cyrillic Х).
_ROMAN_RE = re.compile(r"^[IVXLCХІ]+$")
# "УП-60", "ПФ-6079", "№ ПП": a document code, not a body's name.
_CODE_AFTER_RE = re.compile(r"^-?\s?\d")
# Unknown all-caps words longer than this are names or shouting, not acronyms.
_MAX_UNKNOWN_LENGTH = 5
_DEFINITION_SKIP = {
    "of",
    "the",
    "and",
    "for",
    "on",
    "in",
    "de",
    "и",
    "по",
    "в",
    "на",
    "для",
    "с",
    "при",
}


@dataclass(frozen=True)
class AcronymTable:
    canonical: dict[str, str]  # normalised acronym (either language) -> row id
    names: dict[str, tuple[str, ...]]  # row id -> full names in both languages
    rows: dict[str, dict[str, str]]


def normalise(acronym: str) -> str:
    """ "U.N." -> "UN"; "U-14" -> "U14" (an age group or a summit, hyphenated or not)."""
    return re.sub(r"-(?=\d)", "", acronym.replace(".", "").replace(" ", "")).upper()


@cache
def table() -> AcronymTable:
    canonical: dict[str, str] = {}
    names: dict[str, tuple[str, ...]] = {}
    rows: dict[str, dict[str, str]] = {}
    for index, row in enumerate(resources.table("acronyms.tsv")):
        forms = resources.alternatives(row.get("en", "")) + resources.alternatives(
            row.get("ru", "")
        )
        if not forms:
            continue
        row_id = f"{normalise(forms[0])}#{index}"
        rows[row_id] = row
        for form in forms:
            canonical.setdefault(normalise(form), row_id)
        names[row_id] = tuple(
            resources.alternatives(row.get("en_name", ""))
            + resources.alternatives(row.get("ru_name", ""))
        )
    return AcronymTable(canonical, names, rows)


@cache
def row_ids(acronym: str) -> frozenset[str]:
    """Every table row an acronym may stand for (some acronyms are ambiguous)."""
    key = normalise(acronym)
    out: set[str] = set()
    for row_id, row in table().rows.items():
        forms = resources.alternatives(row.get("en", "")) + resources.alternatives(
            row.get("ru", "")
        )
        if key in {normalise(f) for f in forms}:
            out.add(row_id)
    return frozenset(out)


def extract(text: str, lang: str, taken: list[tuple[int, int]]) -> Iterator[Fact]:
    in_capitals = mostly_upper(text)
    known = table().canonical
    for match in _ACRONYM_RE.finditer(text):
        start, end = match.span()
        if any(start < b and a < end for a, b in taken):
            continue
        word = match.group("acr")
        key = normalise(word)
        if _ROMAN_RE.match(key) and key not in known:
            continue
        if "." in word and key not in known:
            continue  # initials ("В.А. Петров"), not an acronym
        if _CODE_AFTER_RE.match(text[end:]) or text[max(0, start - 2) : start].strip() in (
            "№",
            "No",
        ):
            continue
        if key not in known and len(key.rstrip("+")) > _MAX_UNKNOWN_LENGTH:
            continue
        definition = _definition(text, start, end, key, lang)
        if key not in known and definition is None and in_capitals:
            continue  # a heading or a table row in capitals, not an acronym
        attrs = {"definition": definition} if definition else {}
        yield Fact("acronym", match.group(), start, end, key, known.get(key), attrs=attrs)


def mostly_upper(text: str) -> bool:
    """Is a text mostly in capitals (a heading, a table row)?"""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.5 * len(letters)


def _definition(text: str, start: int, end: int, key: str, lang: str) -> str | None:
    """The expansion standing next to an acronym: "Full Name (ACR)" or "ACR (Full Name)"."""
    letters = [c for c in key if c.isalpha()]
    if not letters:
        return None
    before = text[:start].rstrip()
    if before.endswith("(") and text[end:].lstrip().startswith(")"):
        words = [t for t in tokenize(before[:-1])][-12:]
        candidate = _initials_match(words, letters, lang)
        if candidate:
            return candidate
    after = text[end:]
    paren = re.match(r"\s*\(([^()]{3,120})\)", after)
    if paren:
        inner = [t for t in tokenize(paren.group(1))]
        if _initials_match(inner, letters, lang, anchored_start=True):
            return paren.group(1)
    return None


def _initials_match(
    words: list, letters: list[str], lang: str, anchored_start: bool = False
) -> str | None:
    """Do the last (or first) content words' initials spell the acronym's letters?"""
    content = [w for w in words if w.text.lower() not in _DEFINITION_SKIP]
    count = len(letters)
    if len(content) < count:
        return None
    chosen = content[:count] if anchored_start else content[-count:]
    initials = [w.text[0].upper() for w in chosen]
    target = [c.upper() for c in letters]
    if initials == target:
        first, last = chosen[0], chosen[-1]
        return " ".join(w.text for w in words[words.index(first) : words.index(last) + 1])
    return None


# The checks ask this of a whole report, once per acronym and per one-sided name.
@lru_cache(maxsize=1024)
def expansion_by_initials(key: str, text: str) -> str | None:
    """A capitalised phrase of the text whose words' initials spell the acronym, each part
    of a hyphenated word counting: "Восточно-Казахстанской области" for ВКО. A report that
    writes the name out anywhere has told the reader what the acronym stands for."""
    letters = [c.upper() for c in key if c.isalpha()]
    if len(letters) < 2:
        return None
    parts: list[tuple[str, int, int]] = []
    for token in tokenize(text):
        offset = token.start
        for piece in token.text.split("-"):
            if piece and piece.lower() not in _DEFINITION_SKIP:
                parts.append((piece, offset, offset + len(piece)))
            offset += len(piece) + 1
    for k in range(len(parts) - len(letters) + 1):
        window = parts[k : k + len(letters)]
        if not window[0][0][:1].isupper() or window[0][0].isupper():
            continue
        if len(letters) == 2 and not all(piece[:1].isupper() for piece, _, _ in window):
            continue  # two lowercase-led words spell too many pairs by chance
        if [piece[:1].upper() for piece, _, _ in window] != letters:
            continue
        phrase = text[window[0][1] : window[-1][2]]
        # One run of plain words: no acronym inside it, no bracket or stop across it.
        if any(len(piece) > 1 and piece.isupper() for piece, _, _ in window):
            continue
        if not re.search(r"[()\[\],;:.!?«»\"]", phrase):
            return phrase
    return None


@cache
def _letters() -> dict[str, tuple[str, ...]]:
    return {
        row["cyrillic"]: tuple(resources.alternatives(row["latin"]))
        for row in resources.table("translit/acronym_letters.tsv")
    }


@cache
def garbles(a: str, b: str) -> bool:
    """Is one acronym a garbled copy of the other: the same letters in another order, or
    one letter changed (ЕОПСФ / ЕФСПО, ОНН / ООН)?"""
    return (
        a != b
        and len(a) == len(b)
        and (sorted(a) == sorted(b) or sum(x != y for x, y in zip(a, b, strict=True)) == 1)
    )


def latin_spellings(acronym: str) -> frozenset[str]:
    """How English writes a Cyrillic acronym letter by letter: РБК -> RBC, RBK; РЖД -> RZD,
    RZHD (data/translit/acronym_letters.tsv). Empty for an acronym with Latin letters."""
    key = normalise(acronym)
    letters = _letters()
    if not key or not all(c in letters for c in key) or len(key) > 6:
        return frozenset()
    spellings = [""]
    for c in key:
        spellings = [s + latin for s in spellings for latin in letters[c]]
    return frozenset(spellings)


def same_acronym(a: str, b: str) -> bool:
    """One acronym in both scripts: equal, or a Cyrillic one spelled out in Latin letters."""
    ka, kb = normalise(a), normalise(b)
    return ka == kb or kb.upper() in latin_spellings(ka) or ka.upper() in latin_spellings(kb)


def definition_key(definition: str, lang: str) -> str:
    """A comparable form of an expansion (Russian lemmatised)."""
    words = [t.text.lower() for t in tokenize(definition)]
    if lang == "ru":
        words = [morph.lemma(w) for w in words]
    return " ".join(words)


@cache
def _rows_by_name() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for row_id, row in table().rows.items():
        for column, lang in (("en_name", "en"), ("ru_name", "ru")):
            for name in resources.alternatives(row.get(column, "")):
                index.setdefault(definition_key(name, lang), set()).add(row_id)
    return {k: frozenset(v) for k, v in index.items()}


def names_a_body(row_id: str) -> bool:
    """Does a table row stand for a body with a proper name (NATO, ОБСЕ), not a common
    noun ("gross domestic product", "web address") that a translation writes as words?"""
    names = resources.alternatives(table().rows[row_id].get("en_name", ""))
    return any(name[:1].isupper() for name in names)


def spelled_out(row_id: str, text: str, lang: str) -> bool:
    """Does a text write the full name of a table row's body (in any case form)?"""
    row = table().rows[row_id]
    key = f" {definition_key(text, lang)} "
    column = "en_name" if lang == "en" else "ru_name"
    return any(
        f" {definition_key(name, lang)} " in key
        for name in resources.alternatives(row.get(column, ""))
        if name
    )


def rows_named(text: str, lang: str) -> frozenset[str]:
    """Table rows whose full name this is: "Shanghai Cooperation Organization" -> SCO/ШОС."""
    return _rows_by_name().get(definition_key(text, lang), frozenset())
