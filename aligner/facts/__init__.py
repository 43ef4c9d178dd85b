"""Facts on each side of a paragraph: names, acronyms, numbers, dates, roles.

Extractors are pure functions from a paragraph's text to ``Fact`` records carrying
the quote as written, its offsets, and a comparison key (English folded, Russian
lemmatised). ``extract_paragraph`` runs them in an order that lets dates claim their
numbers before the number extractor sees them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Fact:
    kind: str  # person | org | place | name | acronym | number | ordinal | date | role
    text: str  # as written
    start: int
    end: int
    key: str  # language-specific comparison key
    value: Any = None
    # Alternative keys (other lemma readings, expansions, adjective forms).
    variants: tuple[str, ...] = ()
    attrs: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True)
class ParagraphFacts:
    lang: str
    text: str
    facts: tuple[Fact, ...]

    def of(self, *kinds: str) -> list[Fact]:
        return [f for f in self.facts if f.kind in kinds]


def extract_paragraph(text: str, lang: str) -> ParagraphFacts:
    """Every fact of one paragraph, in text order."""
    from . import acronyms, datelines, dates, names, numbers, periods, roles

    dateline = datelines.find(text)
    taken: list[tuple[int, int]] = [(0, dateline.city_end)] if dateline else []
    found: list[Fact] = []
    if dateline and dateline.agency:
        start, end = dateline.agency
        agency = text[start:end]
        found.append(Fact("org", agency, start, end, agency.lower(), attrs={"tokens": (agency,)}))
        taken.append(dateline.agency)
    # Titles go before numbers so that "First Deputy Minister" stays a title, and
    # before names so that "Justice Minister Farid Ahmadov" yields the person alone.
    for extractor in (
        periods.extract,
        dates.extract,
        roles.extract,
        numbers.extract,
        acronyms.extract,
        names.extract,
    ):
        new = [f for f in extractor(text, lang, taken) if not _overlaps(f, taken)]
        found.extend(new)
        taken.extend(f.span for f in new)
    names.attach_roles(found, text)
    if dateline:
        for fact in found:
            if fact.end <= dateline.end:
                fact.attrs["dateline"] = True
    found.sort(key=lambda f: (f.start, f.end))
    return ParagraphFacts(lang, text, tuple(found))


def document_facts(paragraphs: Sequence[str], lang: str) -> list[ParagraphFacts]:
    """The facts of every paragraph of a document (Russian names tagged in batches)."""
    if lang == "ru":
        from .names import NATASHA

        NATASHA.prefetch(list(paragraphs))
    facts = [extract_paragraph(p, lang) for p in paragraphs]
    _link_surnames(facts)
    return facts


def _link_surnames(facts: list[ParagraphFacts]) -> None:
    """A name given by its last word ("Guterres") keeps the full name the document gives
    elsewhere ("António Guterres"), whose spelling tells the name's language."""
    full: dict[str, str] = {}
    for pf in facts:
        for fact in pf.of("person"):
            tokens = fact.attrs.get("tokens", ())
            if len(tokens) >= 2:
                full.setdefault(tokens[-1], fact.text)
    for pf in facts:
        for fact in pf.of("person", "name"):
            tokens = fact.attrs.get("tokens", ())
            if len(tokens) == 1 and tokens[0] in full:
                fact.attrs["full_name"] = full[tokens[0]]


def _overlaps(fact: Fact, taken: list[tuple[int, int]]) -> bool:
    return any(fact.start < end and start < fact.end for start, end in taken)
