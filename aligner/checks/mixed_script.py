"""mixed_script: a word mixing Latin and Cyrillic letters (homoglyphs)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..report import Finding
from .base import Check, DocumentContext, PairContext, register

_WORD_RE = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


def mixed_words(text: str) -> list[tuple[str, int, int]]:
    return [
        (m.group(), m.start(), m.end())
        for m in _WORD_RE.finditer(text)
        if _CYRILLIC.search(m.group()) and _LATIN.search(m.group())
    ]


def _explain(word: str) -> str:
    latin = "".join(dict.fromkeys(c for c in word if _LATIN.match(c)))
    return (
        f'"{word}" mixes Latin and Cyrillic letters (Latin {", ".join(latin)}): it looks right '
        "but breaks search, matching and spell-checking. Retype it in one script."
    )


@register
class MixedScript(Check):
    kind = "mixed_script"
    description = "A word that mixes Latin and Cyrillic letters (homoglyphs)."
    severity_rule = "medium: invisible to a reader, but it breaks search and matching"
    modes = ("pair", "document")

    def findings(self, context: PairContext) -> Iterable[Finding]:
        for lang, doc in context.report.documents.items():
            for index, paragraph in enumerate(doc.paragraphs):
                for word, start, end in mixed_words(paragraph):
                    other = context.counterpart(lang, index)
                    yield Finding(
                        kind=self.kind,
                        severity="medium",
                        explanation=_explain(word),
                        en=word if lang == "en" else None,
                        ru=word if lang == "ru" else None,
                        en_paragraph=index if lang == "en" else other,
                        ru_paragraph=index if lang == "ru" else other,
                        en_offsets=(start, end) if lang == "en" else None,
                        ru_offsets=(start, end) if lang == "ru" else None,
                    )

    def document_findings(self, context: DocumentContext) -> Iterable[Finding]:
        for index, paragraph in enumerate(context.report.documents[context.lang].paragraphs):
            for word, start, end in mixed_words(paragraph):
                yield Finding(
                    kind=self.kind,
                    severity="medium",
                    explanation=_explain(word),
                    spans=(word,),
                    paragraphs=(index,),
                    span_offsets=((index, start, end),),
                )
