"""What every check shares: the context it reads and the unit it is.

A check is one class: its ``kind`` (the contract's discrepancy kind), a description,
the severity it gives and why, and ``findings(context)``. Registering it with
``@register`` is all it takes to add a kind of finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from typing import ClassVar

import numpy as np

from .. import resources
from ..facts import ParagraphFacts, document_facts
from ..facts.acronyms import garbles, same_acronym
from ..facts.acronyms import row_ids as acronym_rows
from ..match import ENTITY_KINDS, LinkMatch, Located, QuoteSimilarity, entity_score, match_link
from ..report import Finding, Link, Report


@dataclass
class PairContext:
    """Everything the pair checks read, computed once and shared."""

    report: Report
    encode: Callable[[Sequence[str]], np.ndarray] | None = None
    aliases: frozenset[tuple[str, str]] = frozenset()

    @cached_property
    def en_facts(self) -> list[ParagraphFacts]:
        return document_facts(self.report.documents["en"].paragraphs, "en")

    @cached_property
    def ru_facts(self) -> list[ParagraphFacts]:
        return document_facts(self.report.documents["ru"].paragraphs, "ru")

    @cached_property
    def similarity(self) -> QuoteSimilarity:
        similarity = QuoteSimilarity(self.encode)
        # One encoder call for every name in both documents, not one per link.
        similarity.prime(
            [
                f.text
                for pf in (*self.en_facts, *self.ru_facts)
                for f in pf.facts
                if f.kind in ENTITY_KINDS
            ]
        )
        return similarity

    @cached_property
    def matched_links(self) -> list[tuple[Link, LinkMatch]]:
        return [
            (link, match_link(self.en_facts, self.ru_facts, link.en, link.ru, self.similarity))
            for link in self.report.alignment
            if link.en and link.ru
        ]

    def facts(self, lang: str) -> list[ParagraphFacts]:
        return self.en_facts if lang == "en" else self.ru_facts

    @cached_property
    def texts(self) -> dict[str, str]:
        """Each report whole, paragraphs joined by newlines."""
        return {lang: "\n".join(doc.paragraphs) for lang, doc in self.report.documents.items()}

    @cached_property
    def folded_texts(self) -> dict[str, str]:
        """The reports whole and case-folded, for looking a name up as written."""
        return {lang: text.casefold() for lang, text in self.texts.items()}

    @cached_property
    def acronyms_in_one_slot(self) -> frozenset[tuple[str, str]]:
        """(lang, acronym) pairs taken for one acronym translated as the other ("FSFE" /
        "ЕФСПО", "RAS" / "РАН"): acronyms the table does not know, paired one to one across
        scripts, those that stand in the same links most consistently first (Dice over links).
        A garbled copy in one link loses its slot to the acronym that shares every link."""
        where: dict[str, dict[str, set[int]]] = {"en": {}, "ru": {}}
        # An acronym its own report defines ("root certificate authority (CA)") is explained
        # there, and one both reports write (TLS) has its partner: neither takes another.
        keys = {
            lang: {f.key for pf in self.facts(lang) for f in pf.of("acronym")} for lang in where
        }
        settled = {
            (lang, f.key)
            for lang, other in (("en", "ru"), ("ru", "en"))
            for pf in self.facts(lang)
            for f in pf.of("acronym")
            if f.attrs.get("definition") or any(same_acronym(f.key, k) for k in keys[other])
        }
        for index, link in enumerate(self.report.alignment):
            for lang, paragraphs in (("en", link.en), ("ru", link.ru)):
                for j in paragraphs:
                    for f in self.facts(lang)[j].of("acronym"):
                        if acronym_rows(f.key) or (lang, f.key) in settled:
                            continue
                        # Across scripts only: an acronym Russian keeps in Latin letters is no
                        # translation.
                        if lang == "ru" and not re.search(r"[А-ЯЁ]", f.key):
                            continue
                        where[lang].setdefault(f.key, set()).add(index)
        # Ties go to the pair in the same order of first appearance (JINR … RAS / ОИЯИ … РАН).
        order = {lang: {key: n for n, key in enumerate(keys)} for lang, keys in where.items()}
        candidates = sorted(
            (
                2 * len(en_links & ru_links) / (len(en_links) + len(ru_links)),
                -abs(order["en"][en] - order["ru"][ru]),
                en,
                ru,
            )
            for en, en_links in where["en"].items()
            for ru, ru_links in where["ru"].items()
            if en_links & ru_links
            and abs(len(en) - len(ru)) <= 2
            and not _garbled_copy(en, where["en"])
            and not _garbled_copy(ru, where["ru"])
        )
        out: set[tuple[str, str]] = set()
        for dice, _, en, ru in reversed(candidates):
            if dice >= 0.5 and ("en", en) not in out and ("ru", ru) not in out:
                out |= {("en", en), ("ru", ru)}
        return frozenset(out)

    def linked(self, lang: str, paragraph: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The paragraphs of this side's link holding the paragraph, and of the other side."""
        for link in self.report.alignment:
            own, other = (link.en, link.ru) if lang == "en" else (link.ru, link.en)
            if paragraph in own:
                return own, other
        return (paragraph,), ()

    def counterpart(self, lang: str, paragraph: int) -> int | None:
        """The first paragraph of the other side linked with this one."""
        other = self.linked(lang, paragraph)[1]
        return other[0] if other else None

    def named_in(self, item: Located, lang: str) -> set[int]:
        """Paragraphs of the other document that name this entity: the first one with a
        counterpart, or else every one without."""
        other_lang = "ru" if lang == "en" else "en"
        found: set[int] = set()
        for index, pf in enumerate(self.facts(other_lang)):
            for other in pf.facts:
                if other.kind not in ENTITY_KINDS:
                    continue
                en, ru = (item.fact, other) if lang == "en" else (other, item.fact)
                if entity_score(en, ru, self.similarity)[0] > 0:
                    if self.linked(other_lang, index)[1]:
                        return {index}
                    found.add(index)
                    break
        return found


@dataclass
class DocumentContext:
    report: Report
    lang: str
    aliases: frozenset[tuple[str, str]] = frozenset()

    @cached_property
    def facts(self) -> list[ParagraphFacts]:
        return document_facts(self.report.documents[self.lang].paragraphs, self.lang)


class Check:
    kind: ClassVar[str]
    description: ClassVar[str]
    severity_rule: ClassVar[str]
    modes: ClassVar[tuple[str, ...]] = ("pair",)

    def findings(self, context: PairContext) -> Iterable[Finding]:
        return ()

    def document_findings(self, context: DocumentContext) -> Iterable[Finding]:
        return ()


class ChangedFactCheck(Check):
    """A fact both paragraphs give in the same slot, with different values (a figure, a
    date, a person): one high finding per pair that ``match`` found changed."""

    severity_rule = "high: a reader would be misinformed"

    def changed(self, match: LinkMatch) -> Iterable[tuple[Located, Located]]:
        raise NotImplementedError

    def explain(self, en: Located, ru: Located) -> str:
        raise NotImplementedError

    def findings(self, context: PairContext) -> Iterable[Finding]:
        for _, match in context.matched_links:
            for en, ru in self.changed(match):
                en, ru = with_counted_noun(en, context, "en"), with_counted_noun(ru, context, "ru")
                yield finding(self.kind, "high", self.explain(en, ru), context, en, ru)


@dataclass
class Registry:
    checks: list[Check] = field(default_factory=list)

    def register(self, cls: type[Check]) -> type[Check]:
        self.checks.append(cls())
        return cls


REGISTRY = Registry()
register = REGISTRY.register


def with_counted_noun(item: Located, context: PairContext, lang: str) -> Located:
    """A bare figure quoted with what it counts ("37 organisations" / "36 организаций"):
    the analyst sees what changed, and the highlight covers it."""
    fact = item.fact
    end = fact.attrs.get("counted_end")
    if end is None:
        return item
    text = context.facts(lang)[item.paragraph].text
    return Located(replace(fact, text=text[fact.start : end], end=end), item.paragraph)


@cache
def _location_prepositions() -> dict[str, frozenset[str]]:
    return {
        row["lang"]: frozenset(resources.alternatives(row["words"]))
        for row in resources.table("location_prepositions.tsv")
    }


def with_preposition(item: Located, context: PairContext, lang: str) -> Located:
    """A place, a weekday or a figure quoted with the preposition before it ("in Munich",
    «в Мюнхене», "on Tuesday", «из 150 депутатов»): the analyst reads where, when or how
    it counts, and the highlight covers it."""
    fact = item.fact
    if fact.kind not in ("place", "number") and not (
        fact.kind == "date" and fact.value[0] == "weekday"
    ):
        return item
    text = context.facts(lang)[item.paragraph].text
    before = re.search(r"(?:^|(?<=\s))(\w+)\s+$", text[: fact.start])
    if before is None or before.group(1).lower() not in _location_prepositions().get(lang, ()):
        return item
    start = before.start(1)
    return Located(replace(fact, text=text[start : fact.end], start=start), item.paragraph)


def finding(
    kind: str,
    severity: str,
    explanation: str,
    context: PairContext,
    en: Located | None = None,
    ru: Located | None = None,
    **extra: object,
) -> Finding:
    """A pair finding quoting each side as written, with offsets for highlighting."""
    en_paragraph = en.paragraph if en else None
    ru_paragraph = ru.paragraph if ru else None
    if en and not ru:
        ru_paragraph = context.counterpart("en", en.paragraph)
    if ru and not en:
        en_paragraph = context.counterpart("ru", ru.paragraph)
    return Finding(
        kind=kind,
        severity=severity,
        explanation=explanation,
        en=en.fact.text if en else None,
        ru=ru.fact.text if ru else None,
        en_paragraph=en_paragraph,
        ru_paragraph=ru_paragraph,
        en_offsets=en.fact.span if en else None,
        ru_offsets=ru.fact.span if ru else None,
        **extra,  # type: ignore[arg-type]
    )


def _garbled_copy(key: str, keys: Iterable[str]) -> bool:
    """Another acronym of the same report with the same letters or one letter changed
    (ЕОПСФ beside ЕФСПО): a garbled copy, no translation of anything."""
    return any(garbles(key, other) for other in keys)
