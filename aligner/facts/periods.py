"""Parts of a year that figures are given for: quarters, halves, runs of months.

"the third quarter (Q3) of 2022" / «в третьем квартале 2022 года», "H1", "the first nine
months of this year" / «за девять месяцев», "January-September" / «в январе – сентябре».
A period is a date whose value is ``("period", year, first_month, last_month)``, year None
when the text does not give one beside it. The unit words are in data/periods.tsv; ordinal
and cardinal words come from the number-word tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from .. import morph, resources
from . import Fact

_YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass(frozen=True)
class _Unit:
    months: int
    anchored: bool


@dataclass(frozen=True)
class _Tables:
    units: dict[str, dict[str, _Unit]]  # lang -> word (en) or lemma (ru) -> unit
    ordinals: dict[str, dict[str, int]]  # lang -> word or lemma -> n
    cardinals: dict[str, dict[str, int]]
    months: dict[str, int]  # every month form, lower case -> month


@cache
def _tables() -> _Tables:
    units: dict[str, dict[str, _Unit]] = {"en": {}, "ru": {}}
    for row in resources.table("periods.tsv"):
        for lang in ("en", "ru"):
            unit = _Unit(int(row["months"]), row[f"anchored_{lang}"] == "yes")
            for word in resources.alternatives(row[lang]):
                units[lang][word.lower()] = unit
    ordinals: dict[str, dict[str, int]] = {"en": {}, "ru": {}}
    cardinals: dict[str, dict[str, int]] = {"en": {}, "ru": {}}
    for lang, name, column in (
        ("en", "number_words_en.tsv", "word"),
        ("ru", "number_words_ru.tsv", "lemma"),
    ):
        for row in resources.table(name):
            value = float(row["value"])
            if value != int(value) or not 1 <= value <= 12:
                continue
            target = {"ordinal": ordinals, "cardinal": cardinals}.get(row["kind"])
            if target is not None:
                target[lang][row[column].lower()] = int(value)
    months = {
        form.rstrip(".").lower(): int(row["month"])
        for row in resources.table("months.tsv")
        for lang in ("en", "ru")
        for form in resources.alternatives(row[lang])
        if len(form.rstrip(".")) >= 3
    }
    return _Tables(units, ordinals, cardinals, months)


_WORD = r"[^\W\d_]+"
_EN_YEAR_TAIL = rf"(?:\s+of)?\s+(?P<y>{_YEAR})(?!\d)"
_RU_YEAR_TAIL = rf"\s+(?P<y>{_YEAR})(?!\d)(?:\s*(?:года|году|г\.?)(?!\w))?"
# A year beside the period, given by its number or by a word: what makes "the first half"
# a half of a year.
_EN_ANCHOR = re.compile(
    rf"\s*(?:\([QH][1-4]\)\s*)?(?:,\s*)?(?:of|in)?\s*(?:(?:the|this|last|next|current|previous|fiscal|"
    rf"financial|calendar)\s+)*(?:year\b|{_YEAR}(?!\d))",
    re.IGNORECASE,
)
_RU_ANCHOR = re.compile(
    rf"\s+(?:(?:этого|текущего|прошлого|нынешнего|минувшего|следующего|отчётного|отчетного)\s+)?"
    rf"(?:года|году|{_YEAR}(?!\d))",
    re.IGNORECASE,
)

# "Q3", "H1 2023", "Q3'23"
_EN_CODE = regex.compile(rf"(?<![\w-])(?P<code>[QH])(?P<n>[1-4])(?![\w-])(?:{_EN_YEAR_TAIL})?")
# "third quarter", "3rd-quarter", "first half"; a restating "(Q3)" and the year join it.
_EN_ORDINAL = regex.compile(
    rf"(?<![\w-])(?P<ord>{_WORD}|[1-4](?:st|nd|rd|th))[\s-]+(?P<unit>{_WORD})"
    rf"(?:\s*\([QH][1-4]\))?(?:{_EN_YEAR_TAIL})?",
    regex.IGNORECASE,
)
# "the first nine months", "first three quarters of 2023", "nine months of 2023"
_EN_RUN = regex.compile(
    rf"(?<![\w-])(?P<first>first\s+)?(?P<count>{_WORD}|\d{{1,2}})[\s-]+(?P<unit>{_WORD})"
    rf"(?:{_EN_YEAR_TAIL})?",
    regex.IGNORECASE,
)
_EN_MONTHS = regex.compile(
    rf"(?<![\w-])(?P<m1>{_WORD})\.?\s*(?:[-–—]|\s(?:to|through|until)\s)\s*(?P<m2>{_WORD})\.?"
    rf"(?:,?{_EN_YEAR_TAIL})?",
)
# «в третьем квартале 2022 года», «III квартал», «1-м полугодии»
_RU_ORDINAL = regex.compile(
    rf"(?<![\w-])(?P<ord>{_WORD}|[IV]{{1,3}}|[1-4](?:-?[а-я]{{1,2}})?)\s+(?P<unit>{_WORD})"
    rf"(?:{_RU_YEAR_TAIL})?",
)
# «за девять месяцев 2023 года», «за первые три квартала», «первые 9 месяцев»
_RU_RUN = regex.compile(
    rf"(?<![\w-])(?:(?P<za>[Зз]а)\s+)?(?:(?P<first>[Пп]ерв[а-я]*)\s+)?(?P<count>{_WORD}|\d{{1,2}})"
    rf"\s+(?P<unit>{_WORD})(?:{_RU_YEAR_TAIL})?",
)
# «в январе – сентябре 2023 года», «январь-сентябрь», «с января по сентябрь»
_RU_MONTHS = regex.compile(
    rf"(?<![\w-])(?:[Сс]\s+)?(?P<m1>{_WORD})\.?\s*(?:[-–—]|\sпо\s)\s*(?P<m2>{_WORD})\.?"
    rf"(?:{_RU_YEAR_TAIL})?",
)


# Words without which a paragraph names no quarter, half or run of months: most
# paragraphs skip those patterns.
_UNIT_HINT = regex.compile(
    r"quarter|half|month|\b[QH][1-4]\b|квартал|четверт|полугоди|месяц", regex.IGNORECASE
)


def extract(text: str, lang: str, taken: list[tuple[int, int]]) -> Iterator[Fact]:
    claimed = list(taken)
    finders = (_en_periods if lang == "en" else _ru_periods)(text)
    for start, end, first, last, year in sorted(finders, key=lambda p: (p[0], -p[1])):
        if any(start < b and a < end for a, b in claimed):
            continue
        claimed.append((start, end))
        value = ("period", year, first, last)
        key = ":".join("" if v is None else str(v) for v in value)
        yield Fact("date", text[start:end], start, end, key, value)


_Found = tuple[int, int, int, int, "int | None"]


def _year(match: regex.Match[str]) -> int | None:
    return int(match.group("y")) if match.group("y") else None


def _anchored(text: str, end: int, lang: str) -> bool:
    return bool((_EN_ANCHOR if lang == "en" else _RU_ANCHOR).match(text, end))


def _nth_part(
    match: regex.Match[str], unit: _Unit | None, n: int | None, text: str, lang: str
) -> _Found | None:
    """The n-th quarter or half of a year ("third quarter", «I полугодии»), if it is one."""
    if unit is None or n is None or n * unit.months > 12 or unit.months == 1:
        return None
    if unit.anchored and not (match.group("y") or _anchored(text, match.end("unit"), lang)):
        return None
    return (*match.span(), (n - 1) * unit.months + 1, n * unit.months, _year(match))


def _en_periods(text: str) -> Iterator[_Found]:
    tables = _tables()
    # "march to" is a verb: English month names keep their capital.
    yield from _month_runs(_EN_MONTHS, text, tables.months, capitalised=True)
    if not _UNIT_HINT.search(text):
        return
    units, ordinals, cardinals = tables.units["en"], tables.ordinals["en"], tables.cardinals["en"]
    for match in _EN_CODE.finditer(text, overlapped=True):
        n = int(match.group("n"))
        months = 3 if match.group("code") == "Q" else 6
        if match.group("code") == "H" and n > 2:
            continue
        yield (*match.span(), (n - 1) * months + 1, n * months, _year(match))
    for match in _EN_ORDINAL.finditer(text, overlapped=True):
        word = match.group("ord").lower()
        n = int(word[0]) if word[0].isdigit() else ordinals.get(word)
        part = _nth_part(match, units.get(match.group("unit").lower()), n, text, "en")
        if part:
            yield part
    for match in _EN_RUN.finditer(text, overlapped=True):
        unit = units.get(match.group("unit").lower())
        word = match.group("count").lower()
        n = int(word) if word.isdigit() else cardinals.get(word)
        if unit is None or n is None or n < 2 or n * unit.months > 12:
            continue
        after = match.end("unit")
        anchor = match.group("first") or match.group("y") or _anchored(text, after, "en")
        if not anchor:
            continue
        yield (*match.span(), 1, n * unit.months, _year(match))


def _ru_periods(text: str) -> Iterator[_Found]:
    tables = _tables()
    yield from _month_runs(_RU_MONTHS, text, tables.months)
    if not _UNIT_HINT.search(text):
        return
    units, ordinals, cardinals = tables.units["ru"], tables.ordinals["ru"], tables.cardinals["ru"]
    for match in _RU_ORDINAL.finditer(text, overlapped=True):
        unit = units.get(morph.lemma(match.group("unit").lower()))
        part = _nth_part(match, unit, _ru_ordinal(match.group("ord"), ordinals), text, "ru")
        if part:
            yield part
    for match in _RU_RUN.finditer(text, overlapped=True):
        if not (match.group("za") or match.group("first")):
            continue
        unit = units.get(morph.lemma(match.group("unit").lower()))
        word = match.group("count").lower()
        n = int(word) if word.isdigit() else cardinals.get(morph.lemma(word))
        if unit is None or n is None or n < 2 or n * unit.months > 12:
            continue
        after = match.end("unit")
        anchor = match.group("first") or match.group("y") or _anchored(text, after, "ru")
        if unit.anchored and not anchor:
            continue
        yield (*match.span(), 1, n * unit.months, _year(match))


def _ru_ordinal(word: str, ordinals: dict[str, int]) -> int | None:
    if word.lower() in _ROMAN:
        return _ROMAN[word.lower()] if word.isupper() else None
    if word[0].isdigit():
        return int(word[0])
    return ordinals.get(morph.lemma(word.lower()))


def _month_runs(
    pattern: regex.Pattern[str], text: str, months: dict[str, int], capitalised: bool = False
) -> Iterator[_Found]:
    for match in pattern.finditer(text, overlapped=True):
        if match.group("m1").lower() not in months:
            continue
        if capitalised and not (match.group("m1")[0].isupper() and match.group("m2")[0].isupper()):
            continue
        first = months.get(match.group("m1").lower())
        last = months.get(match.group("m2").lower())
        if first is None or last is None or first >= last:
            continue
        yield (*match.span(), first, last, _year(match))
