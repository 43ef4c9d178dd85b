"""acronym_unmatched: an acronym the other report does not have and its own does not define."""

from __future__ import annotations

from collections.abc import Iterable

from ..facts.acronyms import (
    definition_key,
    expansion_by_initials,
    garbles,
    row_ids,
    same_acronym,
    table,
)
from ..facts.tokens import tokenize
from ..language import LANGUAGE_NAMES
from ..match import Located
from ..morph import lemma
from ..report import Finding
from .base import Check, PairContext, finding, register


@register
class AcronymUnmatched(Check):
    kind = "acronym_unmatched"
    description = (
        "An acronym with no counterpart in the other report and no definition in its own "
        "(a garbled or stray acronym)."
    )
    severity_rule = "high: a reader cannot tell what it stands for, or it names the wrong body"

    def findings(self, context: PairContext) -> Iterable[Finding]:
        for lang in ("en", "ru"):
            yield from self._side(context, lang)

    def _side(self, context: PairContext, lang: str) -> Iterable[Finding]:
        other_lang = "ru" if lang == "en" else "en"
        own = [Located(f, i) for i, pf in enumerate(context.facts(lang)) for f in pf.of("acronym")]
        other = [f for pf in context.facts(other_lang) for f in pf.of("acronym")]
        defined = {x.fact.key for x in own if x.fact.attrs.get("definition")}
        other_keys = {f.key for f in other}
        other_rows = set().union(*(row_ids(f.key) for f in other)) if other else set()
        other_words = _LazyWords(context, other_lang)
        seen: set[str] = set()
        for item in own:
            # An acronym in a paragraph with no counterpart belongs to that paragraph's
            # unaligned_paragraph finding, which names it; it is no stray of its own,
            # unless it garbles one the report writes elsewhere.
            if context.counterpart(lang, item.paragraph) is None and not _anagrams(
                item.fact.key, own
            ):
                continue
            key = item.fact.key
            if key in seen or key in defined or any(same_acronym(key, k) for k in other_keys):
                continue
            seen.add(key)
            if (lang, key) in context.acronyms_in_one_slot:
                continue
            if expansion_by_initials(key, context.texts[lang]):
                continue
            rows = row_ids(key)
            if rows & other_rows or key.lower() in other_words:
                continue
            if rows:
                if any(_spelled_out(row, other_words, other_lang) for row in rows):
                    continue
                continue  # a known acronym the other side leaves out: a one-sided fact, not a stray
            garbled = _misspelt_counterpart(context, item, lang)
            explanation = _explain(key, lang, own, other_keys)
            if garbled is not None:
                meant, counterpart = garbled
                explanation += (
                    f" It is close to {meant}, which the {LANGUAGE_NAMES[other_lang]}"
                    f" paragraph writes as {counterpart.fact.text}: probably a misspelt {meant}."
                )
            else:
                counterpart = None
            yield finding(
                self.kind,
                "high",
                explanation,
                context,
                item if lang == "en" else counterpart,
                item if lang == "ru" else counterpart,
            )


class _LazyWords:
    """The other report's words and lemmas, gathered only if an acronym needs them."""

    def __init__(self, context: PairContext, lang: str) -> None:
        self._context, self._lang = context, lang
        self._words: set[str] | None = None

    def __contains__(self, word: object) -> bool:
        if self._words is None:
            self._words = _words(self._context, self._lang)
        return word in self._words


def _words(context: PairContext, lang: str) -> set[str]:
    words: set[str] = set()
    for paragraph in context.report.documents[lang].paragraphs:
        for token in tokenize(paragraph):
            word = token.text.lower()
            words.add(word)
            if lang == "ru":
                words.add(lemma(word))
    return words


def _spelled_out(row_id: str, words: _LazyWords, lang: str) -> bool:
    """Does the other report use the full name of the body the acronym stands for?"""
    row = table().rows[row_id]
    column = "en_name" if lang == "en" else "ru_name"
    for name in row.get(column, "").split("|"):
        content = [w for w in definition_key(name, lang).split() if len(w) > 3]
        if content and all(w in words for w in content):
            return True
    return False


def _misspelt_counterpart(
    context: PairContext, item: Located, lang: str
) -> tuple[str, Located] | None:
    """A known acronym this unknown one garbles (ОНН / ООН) whose
    counterpart stands in the linked paragraph of the other report (UN)."""
    other_lang = "ru" if lang == "en" else "en"
    linked = context.linked(lang, item.paragraph)[1]
    theirs = [Located(f, j) for j in linked for f in context.facts(other_lang)[j].of("acronym")]
    if not theirs:
        return None
    key = item.fact.key
    for known, row in table().canonical.items():
        if garbles(key, known):
            for other in theirs:
                if row in row_ids(other.fact.key):
                    return known, other
    return None


def _anagrams(key: str, own: list[Located]) -> list[str]:
    """The report's other acronyms with the same letters in another order."""
    return sorted(
        {x.fact.key for x in own if x.fact.key != key and sorted(x.fact.key) == sorted(key)}
    )


def _explain(key: str, lang: str, own: list[Located], other_keys: set[str]) -> str:
    side, other = ("English", "Russian") if lang == "en" else ("Russian", "English")
    text = (
        f"{key} appears in the {side} report without a definition and has no "
        f"counterpart in the {other} report."
    )
    anagrams = _anagrams(key, own)
    if anagrams:
        text += f" The report elsewhere writes {anagrams[0]}: probably a garbled {anagrams[0]}."
    return text
