"""number_mismatch and date_mismatch: the same slot given another figure or date."""

from __future__ import annotations

from collections.abc import Iterable

from ..facts.dates import describe as describe_date
from ..report import Finding
from .base import Check, PairContext, finding, register


def _format_number(value: float, unit: str | None) -> str:
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"
    return f"{text} {unit}" if unit else text


@register
class NumberMismatch(Check):
    kind = "number_mismatch"
    description = "Counts, amounts, percentages or ordinals that differ between aligned paragraphs."
    severity_rule = "high: a reader would be misinformed"

    def findings(self, context: PairContext) -> Iterable[Finding]:
        for _, match in context.matched_links:
            for en, ru in match.changed_numbers:
                what = "ordinal" if en.fact.kind == "ordinal" else "figure"
                explanation = (
                    f"The English gives the {what} "
                    f"{_format_number(en.fact.value, en.fact.attrs.get('unit'))} "
                    f'("{en.fact.text}") where the Russian gives '
                    f"{_format_number(ru.fact.value, ru.fact.attrs.get('unit'))} "
                    f'("{ru.fact.text}").'
                )
                yield finding(self.kind, "high", explanation, context, en, ru)


@register
class DateMismatch(Check):
    kind = "date_mismatch"
    description = "Dates, years or weekdays that differ between aligned paragraphs."
    severity_rule = "high: a reader would be misinformed"

    def findings(self, context: PairContext) -> Iterable[Finding]:
        for _, match in context.matched_links:
            for en, ru in match.changed_dates:
                explanation = (
                    f'The English dates this {describe_date(en.fact.value)} ("{en.fact.text}"), '
                    f'the Russian {describe_date(ru.fact.value)} ("{ru.fact.text}").'
                )
                yield finding(self.kind, "high", explanation, context, en, ru)
