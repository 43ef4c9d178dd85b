"""inconsistent_within_document: one name spelled two ways inside one document."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from .. import morph
from ..facts.tokens import tokenize
from ..report import Finding
from ..resources import word_list
from ..romanize import skeleton, standard_forms, turkish_lower
from .base import Check, DocumentContext, register

_POSSESSIVE_RE = re.compile(r"['’]s$")


@register
class InconsistentSpelling(Check):
    kind = "inconsistent_within_document"
    description = (
        "One entity spelled two ways inside the same document (case alone does not count)."
    )
    severity_rule = "medium: an analyst decides which spelling is right"
    modes = ("document",)

    def document_findings(self, context: DocumentContext) -> Iterable[Finding]:
        paragraphs = context.report.documents[context.lang].paragraphs
        groups: dict[str, dict[str, list[tuple[str, int, int, int]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for index, paragraph in enumerate(paragraphs):
            for word, start, end in _name_words(paragraph, context.lang):
                key = _group_key(word, context.lang)
                if len(key) >= 4:
                    groups[key][turkish_lower(word)].append((word, index, start, end))
        for spellings in groups.values():
            if len(spellings) < 2:
                continue
            occurrences = [occ for spelled in spellings.values() for occ in spelled]
            shown = tuple(spelled[0][0] for spelled in spellings.values())
            where = tuple(sorted({occ[1] for occ in occurrences}))
            explanation = (
                f"The document spells one name {len(shown)} ways: {', '.join(shown)} "
                f"(paragraphs {', '.join(str(p) for p in where)}). Check which is right."
            )
            yield Finding(
                kind=self.kind,
                severity="medium",
                explanation=explanation,
                spans=shown,
                paragraphs=where,
                span_offsets=tuple((p, s, e) for _, p, s, e in occurrences),
            )


def _name_words(paragraph: str, lang: str) -> Iterable[tuple[str, int, int]]:
    common = word_list("en_common_words.txt")
    for token in tokenize(paragraph):
        word = _POSSESSIVE_RE.sub("", token.text)
        if len(word) < 3 or not word[:1].isupper() or not word.replace("-", "").isalpha():
            continue
        if lang == "en":
            if turkish_lower(word) in common:
                continue
        else:
            if token.sentence_start and morph.is_known(word.lower()):
                continue
            tags = str(morph.parses(word.lower())[0].tag)
            if morph.is_known(word.lower()) and not any(
                t in tags for t in ("Name", "Surn", "Geox", "Orgn")
            ):
                continue
        yield word, token.start, token.start + len(word)


def _group_key(word: str, lang: str) -> str:
    if lang == "ru":
        lemma = morph.lemma(word.lower())
        return skeleton(next(iter(standard_forms(lemma.capitalize()))))
    return skeleton(word)
