"""unaligned_paragraph: a paragraph with no counterpart in the other report."""

from __future__ import annotations

from collections.abc import Iterable

from ..report import Finding
from .base import Check, PairContext, register

_SUBSTANTIAL_LENGTH = 120


@register
class UnalignedParagraph(Check):
    kind = "unaligned_paragraph"
    description = "A paragraph of one report that no paragraph of the other reports."
    severity_rule = (
        "medium when the paragraph is substantial and names people, figures or dates; "
        "low for headlines, bylines and other short or fact-free lines"
    )

    def findings(self, context: PairContext) -> Iterable[Finding]:
        for link in context.report.alignment:
            if link.en and link.ru:
                continue
            lang, index = ("en", link.en[0]) if link.en else ("ru", link.ru[0])
            text = context.report.documents[lang].paragraphs[index]
            facts = context.facts(lang)[index].of("person", "number", "date", "acronym")
            substantial = len(text) >= _SUBSTANTIAL_LENGTH and bool(facts)
            other = "Russian" if lang == "en" else "English"
            own = "English" if lang == "en" else "Russian"
            what = f" It mentions {', '.join(f.text for f in facts[:4])}." if substantial else ""
            explanation = f"This {own} paragraph has no counterpart in the {other} report.{what}"
            yield Finding(
                kind=self.kind,
                severity="medium" if substantial else "low",
                explanation=explanation,
                en=text if lang == "en" else None,
                ru=text if lang == "ru" else None,
                en_paragraph=index if lang == "en" else None,
                ru_paragraph=index if lang == "ru" else None,
            )
