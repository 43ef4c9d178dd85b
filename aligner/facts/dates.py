"""Dates, years, weekdays and relative dates in English and Russian.

A date's value is ``("date", year, month, day)`` with None for a part the text does
not give, ``("weekday", n)``, ``("relative", unit, offset)``, for a time of day
``("time", hour, minute)`` on the 24-hour clock, or for a part of a year (facts.periods)
``("period", year, first_month, last_month)``; two dates agree when every part both give is
equal. Month, weekday and relative-date words come from
data/ (months.tsv, weekdays.tsv, relative_dates.tsv).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .. import resources
from . import Fact

_YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
# The end of a span of days ("August 15-16", "15–16 августа", "25 – 26 November 2019"): part
# of the date's quote; the date's value is its first day.
# A span of years ("2011-2012", "1996 to 2001", "2011–2012 годах", "с 1996 по 2001 год"):
# one date, valued by its first year.
_TO_YEAR = r"(?:\s*[-–—]\s*|\s+(?:to|по)\s+)(?:1[89]\d\d|20\d\d|21\d\d)(?!\d)"
# Two days joined ("November 12th & 13th", "12-го и 13-го ноября", "from 21 to 25 October",
# "с 21 по 25 октября") read the same way.
_TO_DAY = (
    r"(?:(?:\s*[-–—]\s*|\s*&\s*|\s+(?:and|to|through|until|и|по)\s+)"
    r"(?P<to_day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|-?го)?(?!\d))?"
)


@dataclass(frozen=True)
class _Patterns:
    en: list[tuple[re.Pattern[str], str]]
    ru: list[tuple[re.Pattern[str], str]]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative_en: dict[str, tuple[str, int]]
    relative_ru: dict[str, tuple[str, int]]
    # Every relative phrase of a language in one pattern, the longest first.
    relative_en_re: re.Pattern[str]
    relative_ru_re: re.Pattern[str]


def _capitalised(words: list[str]) -> str:
    """English month names with their capital, longest first ("March", not "march")."""
    forms = [w[:1].upper() + w[1:] for w in words if len(w) >= 3 and not w.endswith(".")]
    return "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))


def _alternation(words: list[str]) -> str:
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(
        re.escape(w).replace(r"\.", r"\.?") if w.endswith(".") else re.escape(w) for w in ordered
    )


def _names(table: str, column: str, shortest_en: int, shortest_ru: int) -> tuple[dict, list, list]:
    """A month or weekday table: form -> number, and the English and Russian forms long
    enough to match on their own ("Mon" alone is too ambiguous in prose)."""
    numbers: dict[str, int] = {}
    forms: dict[str, list[str]] = {"en": [], "ru": []}
    for row in resources.table(table):
        for lang, shortest in (("en", shortest_en), ("ru", shortest_ru)):
            for form in resources.alternatives(row[lang]):
                numbers[form.rstrip(".").lower()] = int(row[column])
                if len(form.rstrip(".")) >= shortest:
                    forms[lang].append(form)
    return numbers, forms["en"], forms["ru"]


@cache
def _patterns() -> _Patterns:
    months, en_months, ru_months = _names("months.tsv", "month", 0, 0)
    # A Russian weekday also needs its preposition (see the pattern below).
    weekdays, en_days, ru_days = _names("weekdays.tsv", "weekday", 4, 3)
    relative_en: dict[str, tuple[str, int]] = {}
    relative_ru: dict[str, tuple[str, int]] = {}
    for row in resources.table("relative_dates.tsv"):
        value = (row["unit"], int(row["offset"]))
        for form in resources.alternatives(row["en"]):
            relative_en[form.lower()] = value
        for form in resources.alternatives(row["ru"]):
            relative_ru[form.lower()] = value

    em, rm = _alternation(en_months), _alternation(ru_months)
    ed, rd = _alternation(en_days), _alternation(ru_days)
    b = r"(?<![\w.])"
    e = r"(?![\w])"
    en = [
        (
            re.compile(rf"{b}(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]){e}"),
            "iso",
        ),
        (
            re.compile(
                rf"{b}(?P<mn>{em}){e}\s+(?:the\s+)?(?P<d>{_DAY})(?:st|nd|rd|th)?{_TO_DAY}"
                rf"(?:\s*,\s*|\s+)(?P<y>{_YEAR}){e}",
                re.I,
            ),
            "mdy",
        ),
        (
            re.compile(
                rf"{b}(?:the\s+)?(?P<d>{_DAY})(?:st|nd|rd|th)?{_TO_DAY}\s+(?:of\s+)?(?P<mn>{em}){e},?"
                rf"\s+(?P<y>{_YEAR}){e}",
                re.I,
            ),
            "dmy",
        ),
        (
            re.compile(
                rf"{b}(?P<mn>{em}){e}\s+(?:the\s+)?(?P<d>{_DAY})(?:st|nd|rd|th)?{_TO_DAY}{e}", re.I
            ),
            "md",
        ),
        (
            re.compile(
                rf"{b}(?:the\s+)?(?P<d>{_DAY})(?:st|nd|rd|th)?{_TO_DAY}\s+(?:of\s+)?(?P<mn>{em}){e}",
                re.I,
            ),
            "dm",
        ),
        (re.compile(rf"{b}(?P<mn>{em}){e},?\s+(?P<y>{_YEAR}){e}", re.I), "my"),
        # A month alone is a date after a preposition and with its capital ("in March");
        # "May" alone is as often the verb.
        (
            re.compile(
                rf"(?<![\w])(?:[Ii]n|[Ss]ince|[Uu]ntil|[Ee]arly|[Ll]ate|mid-)\s*"
                rf"(?P<mn>{_capitalised(en_months)}){e}(?!\s+\d)"
            ),
            "month",
        ),
        (re.compile(rf"{b}(?P<d>{_DAY})[./](?P<m>0?[1-9]|1[0-2])[./](?P<y>{_YEAR}){e}"), "numeric"),
        (re.compile(rf"{b}(?P<wd>{ed}){e}", re.I), "weekday"),
        (
            re.compile(rf"{b}(?P<y>{_YEAR}){_TO_YEAR}{e}"),
            "year",
        ),
        (
            re.compile(
                rf"{b}(?P<y>{_YEAR}){e}(?!\s*(?:%|percent|per cent|people|persons|troops"
                r"|km|kilomet|tons|tonnes|dollars|euros))"
            ),
            "year",
        ),
    ]
    ru = [
        (
            re.compile(rf"{b}(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]){e}"),
            "iso",
        ),
        (
            re.compile(
                rf"{b}(?P<d>{_DAY})(?:-?го)?{_TO_DAY}\s+(?P<mn>{rm}){e}\s*(?P<y>{_YEAR})?"
                r"(?:\s*(?:года|году|год|г\.?))?",
                re.I,
            ),
            "dmy",
        ),
        (
            re.compile(rf"{b}(?P<mn>{rm}){e}\s+(?P<y>{_YEAR})(?:\s*(?:года|году|год|г\.?))?", re.I),
            "my",
        ),
        # English word order in a translated heading ("Май 10-23"); only with a span of
        # days, since "в марте 15 человек" is a month and a count.
        (
            re.compile(rf"{b}(?P<mn>{rm}){e}\s+(?P<d>{_DAY})\s*[-–—]\s*{_DAY}(?!\d)", re.I),
            "md",
        ),
        (re.compile(rf"{b}(?P<d>{_DAY})\.(?P<m>0?[1-9]|1[0-2])\.(?P<y>{_YEAR}){e}"), "numeric"),
        # A month alone after a preposition or "начале", "конце", "середине" ("в марте").
        (
            re.compile(
                rf"(?<![\w])(?:во?|к|до|с|по|начале|конце|середине)\s+(?P<mn>{rm}){e}(?!\s+\d)",
                re.I,
            ),
            "month",
        ),
        # "в среду" is Wednesday, "удобную среду" an environment: a weekday needs its preposition.
        (re.compile(rf"(?<![\w])(?:во?|на|к|с|по|до)\s+(?P<wd>{rd}){e}", re.I), "weekday"),
        (
            re.compile(rf"{b}(?P<y>{_YEAR}){_TO_YEAR}(?:\s*(?:годах|годы|годов|гг?)(?!\w)\.?)?"),
            "year",
        ),
        (
            re.compile(
                rf"{b}(?P<y>{_YEAR})(?:-?(?:м|го|й|е)(?!\w)|\s*(?:года|году|годом|годе|год|гг?)(?!\w)\.?)?"
                # "2005 года рождения": born in 2005, quoted as such
                r"(?:(?<=года)\s+рождения(?!\w))?"
                r"(?![\w%])(?!\s*(?:процент|человек|км|тонн|долл|руб|евро))"
            ),
            "year",
        ),
    ]
    return _Patterns(
        en,
        ru,
        months,
        weekdays,
        relative_en,
        relative_ru,
        _phrases_re(relative_en),
        _phrases_re(relative_ru),
    )


def _phrases_re(phrases: dict[str, tuple[str, int]]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives or '(?!)'})(?!\w)")


def extract(text: str, lang: str, taken: list[tuple[int, int]]) -> Iterator[Fact]:
    patterns = _patterns()
    claimed: list[tuple[int, int]] = list(taken)
    for fact in [*_relative(text, lang, patterns), *_times(text, lang, claimed)]:
        claimed.append(fact.span)
        yield fact
    for pattern, shape in patterns.en if lang == "en" else patterns.ru:
        for match in pattern.finditer(text):
            start, end = match.start(), match.end()
            if any(start < b and a < end for a, b in claimed):
                continue
            value = _value(match, shape, patterns)
            if value is None:
                continue
            claimed.append((start, end))
            quote = text[start:end].strip()
            years = re.findall(_YEAR, quote) if shape == "year" else []
            attrs: dict[str, int] = {"to_year": int(years[-1])} if len(years) > 1 else {}
            if match.groupdict().get("to_day"):
                attrs["to_day"] = int(match.group("to_day"))
            yield Fact("date", quote, start, start + len(quote), _key(value), value, attrs=attrs)


def _relative(text: str, lang: str, patterns: _Patterns) -> Iterator[Fact]:
    table = patterns.relative_en if lang == "en" else patterns.relative_ru
    pattern = patterns.relative_en_re if lang == "en" else patterns.relative_ru_re
    for match in pattern.finditer(text.lower()):
        start, end = match.span()
        value = ("relative", *table[match.group()])
        yield Fact("date", text[start:end], start, end, _key(value), value)


# "20:36", "8:30 p.m.", "1PM", "в 15 часов". Minutes take two digits, so a score ("1:5")
# is no time.
_EN_TIME_RE = re.compile(
    r"(?<![\w:.,])(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d))?"
    r"(?:\s?(?P<ap>[ap])\.?\s?m\b\.?)?(?!\w|:\d|[.,]\d)",
    re.IGNORECASE,
)
_RU_TIME_RE = re.compile(
    r"(?<![\w:.,])(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d)|\s+(?P<hours>час(?:а|ов)?)\b)"
    r"(?!\w|:\d|[.,]\d)"
)


def _times(text: str, lang: str, claimed: list[tuple[int, int]]) -> Iterator[Fact]:
    pattern = _EN_TIME_RE if lang == "en" else _RU_TIME_RE
    for match in pattern.finditer(text):
        groups = match.groupdict()
        if groups.get("m") is None and not groups.get("ap") and not groups.get("hours"):
            continue  # a bare number
        start, end = match.span()
        if any(start < b and a < end for a, b in claimed):
            continue
        if groups.get("hours") and not re.search(r"(?:^|\s)в\s+$", text[:start], re.IGNORECASE):
            continue  # "в 15 часов" is a time, "3 часа" a duration
        hour, minute = int(groups["h"]), int(groups["m"] or 0)
        if groups.get("ap"):
            if hour > 12:
                continue
            hour = hour % 12 + (12 if groups["ap"].lower() == "p" else 0)
        value = ("time", hour, minute)
        quote = text[start:end].strip()
        if quote.endswith(".") and not re.search(r"[ap]\.\s?m\.$", quote, re.IGNORECASE):
            quote = quote[:-1]  # the sentence's stop after "1PM"
        yield Fact("date", quote, start, start + len(quote), _key(value), value)


def _value(match: re.Match[str], shape: str, patterns: _Patterns) -> tuple | None:
    groups = match.groupdict()
    if shape == "weekday":
        return ("weekday", patterns.weekdays[groups["wd"].rstrip(".").lower()])
    year = int(groups["y"]) if groups.get("y") else None
    day = int(groups["d"]) if groups.get("d") else None
    if groups.get("mn"):
        month = patterns.months.get(groups["mn"].rstrip(".").lower())
        if month is None:
            return None
        # "May" or "march" alone is a word, not a date: a month needs a day or a year,
        # or a preposition before it (shape "month").
        if day is None and year is None and shape != "month":
            return None
    elif groups.get("m"):
        month = int(groups["m"])
    else:
        month = None
    return ("date", year, month, day)


def _key(value: tuple) -> str:
    return ":".join("" if v is None else str(v) for v in value)


def agree(a: tuple, b: tuple) -> bool:
    """Do two date values agree on every part both of them give?"""
    if {a[0], b[0]} == {"date", "period"}:
        # A year alone agrees with a part of that year: "in 2022" / «в третьем квартале 2022 года».
        year, period = (a, b) if a[0] == "date" else (b, a)
        return year[2:] == (None, None) and year[1] == period[1]
    if a[0] != b[0]:
        return False
    return all(x is None or y is None or x == y for x, y in zip(a[1:], b[1:]))


def ends_span(year: Fact, span: Fact) -> bool:
    """A bare year that ends the other side's span of years: 2001 in "from 1996 to 2001" /
    "в 1996–2001 годах" (the span's value is its first year)."""
    bare = year.value[0] == "date" and year.value[2:] == (None, None)
    bare = bare and "to_year" not in year.attrs
    return bare and year.value[1] == span.attrs.get("to_year")


def given_by(year: Fact, other: Fact) -> bool:
    """A bare year the other fact gives too: the end of its span of years, or the year of
    its part of a year."""
    if other.value[0] == "period":
        return (
            year.value[0] == "date"
            and year.value[2:] == (None, None)
            and agree(year.value, other.value)
        )
    return ends_span(year, other)


def year_in_span(a: Fact, b: Fact) -> bool:
    """Either fact a year that begins or ends the other's span of years."""
    return any(
        ends_span(year, span) or (span.attrs.get("to_year") and agree(year.value, span.value))
        for year, span in ((a, b), (b, a))
    )


def day_in_span(a: Fact, b: Fact) -> bool:
    """One a single day inside the other's span of days ("26 November" / «25 – 26 ноября»):
    the same event, told by its last day or by both."""
    for day, span in ((a, b), (b, a)):
        to_day = span.attrs.get("to_day")
        if to_day is None or day.attrs.get("to_day") is not None or day.value[0] != "date":
            continue
        if span.value[0] != "date" or day.value[3] is None or span.value[3] is None:
            continue
        same_month = all(
            x is None or y is None or x == y for x, y in zip(day.value[1:3], span.value[1:3])
        )
        if same_month and span.value[3] <= day.value[3] <= to_day:
            return True
    return False


def comparable(a: tuple, b: tuple) -> bool:
    """Do two dates give at least one part in common, so that they can disagree?"""
    if a[0] != b[0]:
        return False
    return any(x is not None and y is not None for x, y in zip(a[1:], b[1:]))


def describe(value: tuple) -> str:
    import calendar

    if value[0] == "weekday":
        return calendar.day_name[value[1] - 1]
    if value[0] == "time":
        return f"at {value[1]:02d}:{value[2]:02d}"
    if value[0] == "period":
        return _describe_period(value)
    if value[0] == "relative":
        unit, offset = value[1], value[2]
        return {-1: f"last {unit}", 0: f"this {unit}", 1: f"next {unit}"}.get(
            offset, f"{offset:+d} {unit}s"
        )
    _, year, month, day = value
    parts = []
    if day:
        parts.append(str(day))
    if month:
        parts.append(calendar.month_name[month])
    if year:
        parts.append(str(year))
    return " ".join(parts)


def _describe_period(value: tuple) -> str:
    import calendar

    _, year, first, last = value
    of_year = f" of {year}" if year else ""
    if last - first == 2 and first % 3 == 1:
        return f"Q{last // 3}{of_year}"
    if last - first == 5 and first % 6 == 1:
        return f"H{last // 6}{of_year}"
    months = f"{calendar.month_name[first]}–{calendar.month_name[last]}"
    return f"{months} {year}" if year else months
