"""number_mismatch and date_mismatch: the same slot given another figure or date."""

from __future__ import annotations

from collections.abc import Iterable

from ..facts.dates import describe as describe_date
from ..facts.numbers import describe as describe_number
from ..match import LinkMatch, Located
from .base import ChangedFactCheck, register


@register
class NumberMismatch(ChangedFactCheck):
    kind = "number_mismatch"
    description = "Counts, amounts, percentages or ordinals that differ between aligned paragraphs."

    def changed(self, match: LinkMatch) -> Iterable[tuple[Located, Located]]:
        return match.changed_numbers

    def explain(self, en: Located, ru: Located) -> str:
        what = "ordinal" if en.fact.kind == "ordinal" else "figure"
        return (
            f"The English gives the {what} "
            f"{describe_number(en.fact.value, en.fact.attrs.get('unit'))} "
            f'("{en.fact.text}") where the Russian gives '
            f"{describe_number(ru.fact.value, ru.fact.attrs.get('unit'))} "
            f'("{ru.fact.text}").'
        )


@register
class DateMismatch(ChangedFactCheck):
    kind = "date_mismatch"
    description = "Dates, years or weekdays that differ between aligned paragraphs."

    def changed(self, match: LinkMatch) -> Iterable[tuple[Located, Located]]:
        return match.changed_dates

    def explain(self, en: Located, ru: Located) -> str:
        en_date, ru_date = describe_date(en.fact.value), describe_date(ru.fact.value)
        if en_date == ru_date:  # spans that differ in their end ("2011-2012" / "2011–2013")
            return f'The English dates this "{en.fact.text}", the Russian "{ru.fact.text}".'
        return (
            f'The English dates this {en_date} ("{en.fact.text}"), '
            f'the Russian {ru_date} ("{ru.fact.text}").'
        )
