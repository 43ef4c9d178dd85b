"""Numbers and ordinals: digits, number words, scales, percentages, currencies.

"$16 billion", "16 млрд долларов" and "16 миллиардов" all come out as 1.6e10; the
Russian decimal comma and space/thin-space grouping are read as such. Number words
come from data/number_words_*.tsv; Russian words are lemmatised first, so any case
form counts ("тридцати", "второе", "третью").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from .. import morph, resources
from . import Fact
from .tokens import tokenize

_EN_DIGITS = (
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?!\d)|\d+(?:\.\d+)?)"
    r"(?P<suffix>st|nd|rd|th)?"
)
_RU_NUMBER = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:[,.]\d+)?)"
    r"(?P<suffix>-(?:й|го|е|я|ю|м|х|ой|ий|ый|ая|ое|ые|ого|ому|ым|ом)(?!\w))?(?!\d|[.,]\d)"
)
# Two counts set against each other ("77/73 ratio", «по формуле 120/30»), as opposed to a
# fraction (1/2), "24/7", a season (2023/24) or a document number (№ 12/345).
_SPLIT_OF_COUNTS = re.compile(
    r"(?<![\w/№#.-])(?<!№ )(?<!No\. )(?<!No )(?!24/7)\d{2,3}/\d{2,3}(?![\w/.-]|,\d)"
)
# An English ordinal word is a number only where it counts something: after a
# determiner ("the third meeting"), not as an adverb ("first visited").
_EN_ORDINAL_DETERMINERS = {
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "our",
    "this",
    "that",
    "every",
    "each",
    "whose",
    "my",
    "your",
}


@dataclass(frozen=True)
class _Words:
    en: dict[str, tuple[float, str]]
    ru: dict[str, tuple[float, str]]
    units: dict[str, str]  # a scale word that names its unit: decade -> year


@dataclass(frozen=True)
class _Units:
    signs: dict[str, str]  # "$" -> usd, longest first
    codes: frozenset[str]  # ISO 4217 codes of the currencies: "eur" ("EUR 5600")
    en: dict[str, str]  # "per cent" -> percent
    ru: dict[str, str]  # lemma sequence or abbreviation -> unit


@cache
def _units() -> _Units:
    """data/units.tsv: the units and currencies a figure is given in."""
    signs: dict[str, str] = {}
    en: dict[str, str] = {}
    ru: dict[str, str] = {}
    for row in resources.table("units.tsv"):
        for sign in resources.alternatives(row["sign"]):
            signs[sign.lower()] = row["unit"]
        for form in resources.alternatives(row["en"]):
            en[form.lower()] = row["unit"]
        for form in resources.alternatives(row["ru"]):
            ru[form.lower()] = row["unit"]
    ordered = dict(sorted(signs.items(), key=lambda item: -len(item[0])))
    codes = frozenset(
        row["unit"] for row in resources.table("units.tsv") if row.get("kind") == "currency"
    )
    return _Units(ordered, codes, en, ru)


@cache
def _words() -> _Words:
    en = {
        r["word"].lower(): (float(r["value"]), r["kind"])
        for r in resources.table("number_words_en.tsv")
    }
    ru = {
        r["lemma"].lower(): (float(r["value"]), r["kind"])
        for r in resources.table("number_words_ru.tsv")
    }
    units = {
        (r.get("word") or r["lemma"]).lower(): r["unit"]
        for name in ("number_words_en.tsv", "number_words_ru.tsv")
        for r in resources.table(name)
        if r.get("unit")
    }
    return _Words(en, ru, units)


@cache
def _en_number() -> re.Pattern[str]:
    """English digits, which no letter may follow but a unit written on to them
    ("100,000yen", "5km")."""
    glued = "|".join(
        sorted((re.escape(u) for u in _units().en if re.fullmatch(r"[a-z]{2,}", u)), key=len)[::-1]
    )
    return re.compile(rf"{_EN_DIGITS}(?:(?=(?:{glued or '(?!)'})\b)|(?![\w]|[.,]\d))")


def extract(text: str, lang: str, taken: list[tuple[int, int]]) -> Iterator[Fact]:
    for fact in _durations(sorted(_figures(text, lang, taken), key=lambda f: f.start), text):
        if not _counts_nothing(fact, text, lang):
            yield _with_counted_noun(fact, text, lang)


# «90-е годы», «в 90-х годах»: a decade, not ninety of anything nor the ninetieth.
_RU_DECADE_RE = re.compile(r"\d{2,4}-(?:е|х|ми|м)\s+год")


@cache
def _idioms(lang: str) -> tuple[str, ...]:
    return tuple(
        phrase
        for row in resources.table("ordinal_idioms.tsv")
        if row["lang"] == lang
        for phrase in resources.alternatives(row["phrases"])
    )


def _counts_nothing(fact: Fact, text: str, lang: str) -> bool:
    """A figure that numbers nothing: inside a set phrase ("first of all", «во второй
    половине дня»), an ordinal opening a span ("the first three quarters", «первые девять
    месяцев»), or a decade («90-е годы»)."""
    if lang == "ru" and _RU_DECADE_RE.match(text, fact.start):
        return True
    lowered = text.lower()
    for phrase in _idioms(lang):
        at = lowered.find(phrase, max(0, fact.end - len(phrase)))
        if at != -1 and at <= fact.start and fact.end <= at + len(phrase):
            return True
    if fact.kind != "ordinal":
        return False
    after = re.match(r"\s+([\w-]+)", text[fact.end :])
    if after is None:
        return False
    word = after.group(1)
    words = _words()
    entry = _word_entry(word, lang, words.en if lang == "en" else words.ru)
    # "the first half" is an ordinal of halves; "the first three" opens a span.
    return word[:1].isdigit() or (entry is not None and entry[1] == "cardinal" and entry[0] >= 2)


def _with_counted_noun(fact: Fact, text: str, lang: str) -> Fact:
    """A plain figure keeps the noun it counts: findings quote it, and two figures that
    count unrelated things ("17 moves" / "25 лет") are not one changed figure."""
    if fact.kind != "number":
        return fact
    if fact.attrs.get("unit"):
        # "three years’ probation", "1% of votes", «1% голосов»: the quote takes what the
        # measure is of.
        end = _measured_end(fact, text, lang)
        return replace(fact, attrs=dict(fact.attrs, counted_end=end)) if end else fact
    end = counted_noun_end(text, fact.end, lang)
    if end is None:
        return fact
    noun = text[fact.end : end].split()[-1]
    return replace(fact, attrs=dict(fact.attrs, counted=noun, counted_end=end))


def _measured_end(fact: Fact, text: str, lang: str) -> int | None:
    percent = fact.attrs["unit"] == "percent"
    if lang == "en":
        measured = (_EN_SHARE_OF if percent else _EN_MEASURED_NOUN).match(text, fact.end)
        return measured.end() if measured else None
    following = _RU_NEXT_WORD.match(text, fact.end)
    if percent and following and "gent" in str(morph.parses(following.group(1))[0].tag):
        return following.end()
    return None


_RU_NEXT_WORD = re.compile(r"\s+([а-яё]+)")
_EN_MEASURED_NOUN = re.compile(r"(?<=s)['’] [a-z]{3,}\b")
_EN_SHARE_OF = re.compile(r" of (?:the |all )?[a-z]{3,}\b")

# A duration told in parts ("one hour and 47 minutes", "1 час 48 минут") is one figure, in
# the unit of its last part.
_DURATION_UNITS = {"hour": 3600, "minute": 60, "second": 1}
_DURATION_JOINT_RE = re.compile(r"\s*(?:,|and|и)?\s*")


def _durations(facts: list[Fact], text: str) -> Iterator[Fact]:
    i = 0
    while i < len(facts):
        run = [facts[i]]
        while i + len(run) < len(facts):
            last, following = run[-1], facts[i + len(run)]
            units = (last.attrs.get("unit"), following.attrs.get("unit"))
            if not all(u in _DURATION_UNITS for u in units):
                break
            if _DURATION_UNITS[units[0]] <= _DURATION_UNITS[units[1]]:
                break
            if not _DURATION_JOINT_RE.fullmatch(text[last.end : following.start]):
                break
            run.append(following)
        if len(run) == 1:
            yield facts[i]
        else:
            unit = run[-1].attrs["unit"]
            seconds = sum(f.value * _DURATION_UNITS[f.attrs["unit"]] for f in run)
            value = seconds / _DURATION_UNITS[unit]
            attrs = dict(run[-1].attrs, alternatives=())
            yield Fact(
                "number",
                text[run[0].start : run[-1].end],
                run[0].start,
                run[-1].end,
                _fmt(value),
                value,
                attrs=attrs,
            )
        i += len(run)


def _figures(text: str, lang: str, taken: list[tuple[int, int]]) -> Iterator[Fact]:
    claimed = list(taken)
    for fact in _compound_measures(text, lang):
        if not any(fact.start < b and a < fact.end for a, b in claimed):
            claimed.append(fact.span)
            yield fact
    pattern = _en_number() if lang == "en" else _RU_NUMBER
    for match in pattern.finditer(text):
        start, end = match.span()
        if any(start < b and a < end for a, b in claimed):
            continue
        slashed = "/" in text[max(0, start - 1) : start] or text[end : end + 1] == "/"
        if slashed and not any(
            m.start() <= start < m.end() for m in _SPLIT_OF_COUNTS.finditer(text)
        ):
            continue  # "24/7", "1/2", document numbers: not a count
        if re.search(r"(?<![^\W\d_])[^\W\d_]{1,3}-$", text[max(0, start - 4) : start]):
            continue  # "U-14", "Ту-154", "F-16": a code or a model, not a count
        raw = match.group("num")
        readings = _digits_readings(raw, lang)
        if not readings:
            continue
        value = readings[0]
        if match.group("suffix") and _is_ordinal_suffix(match.group("suffix"), lang):
            claimed.append((start, end))
            yield Fact(
                "ordinal",
                text[start:end],
                start,
                end,
                _fmt(value),
                value,
                attrs={"written": "digits"},
            )
            continue
        fact = _with_scale_and_unit(text, start, end, value, lang, readings[1:])
        fact = _as_numbered_item(fact, text, lang) or fact
        claimed.append(fact.span)
        yield fact
    yield from _word_numbers(text, lang, claimed)


@dataclass(frozen=True)
class _Compounds:
    pattern: re.Pattern[str]  # a count and a unit written as one word
    numbers: dict[str, tuple[float, str]]  # the count part -> (value, kind)
    units: dict[str, str]  # the unit part -> unit id


@cache
def _compounds(lang: str) -> _Compounds:
    """ "two-day", "nine-month" (number words and units.tsv), «двухдневный»
    (data/number_compounds_ru.tsv)."""
    if lang == "en":
        units = sorted((u for u in _units().en if re.fullmatch(r"[a-z]{3,}", u)), key=len)
        numbers = r"[A-Za-z]+(?:-[a-z]+)?"
        pattern = re.compile(rf"\b(?P<num>{numbers})-(?P<unit>{'|'.join(units[::-1])})\b")
        return _Compounds(pattern, _words().en, _units().en)
    rows = resources.table("number_compounds_ru.tsv")
    stems = {r["part"]: (float(r["value"]), "cardinal") for r in rows if r["kind"] == "number"}
    roots = {r["part"]: r["value"] for r in rows if r["kind"] == "unit"}
    pattern = re.compile(
        rf"\b(?P<num>{'|'.join(stems)})(?P<unit>{'|'.join(roots)})[а-яё]*", re.IGNORECASE
    )
    return _Compounds(pattern, stems, roots)


def _compound_measures(text: str, lang: str) -> Iterator[Fact]:
    compounds = _compounds(lang)
    for match in compounds.pattern.finditer(text):
        count = match.group("num").lower()
        if lang == "en":
            entry = _word_entry(count, lang, compounds.numbers)
        else:
            entry = compounds.numbers.get(count)
        if entry is None or entry[1] != "cardinal":
            continue
        yield Fact(
            "number",
            match.group(),
            match.start(),
            match.end(),
            _fmt(entry[0]),
            entry[0],
            attrs={
                "unit": compounds.units[match.group("unit").lower()],
                "written": "words",
                "compound": True,
            },
        )


@cache
def _numbered_items() -> dict[str, dict[str, str]]:
    """data/numbered_items.tsv: nouns that number what follows them, per language."""
    out: dict[str, dict[str, str]] = {"en": {}, "ru": {}}
    for row in resources.table("numbered_items.tsv"):
        for lang in ("en", "ru"):
            for form in resources.alternatives(row[lang]):
                out[lang][form.lower()] = row["item"]
    return out


def _as_numbered_item(fact: Fact, text: str, lang: str) -> Fact | None:
    """ "Day 2", "Статья 5": a label, compared even when small. Only where no counted noun
    follows ("в группе 5 человек" counts people; "group 5 of" would not)."""
    if fact.attrs.get("unit") is not None or not float(fact.value).is_integer():
        return None
    before = re.search(r"([^\W\d_]+)\s+$", text[: fact.start])
    if before is None:
        return None
    word = before.group(1).lower()
    item = _numbered_items()[lang].get(word if lang == "en" else morph.lemma(word))
    if item is None:
        return None
    after = re.match(r"\s*([^\W\d_]+)", text[fact.end :])
    if after and after.group(1)[:1].islower() and after.group(1) != "of":
        return None
    start = before.start(1)
    attrs = dict(fact.attrs, unit=f"no:{item}")
    quote = text[start : fact.end]
    return Fact("number", quote, start, fact.end, fact.key, fact.value, attrs=attrs)


def _digits_readings(raw: str, lang: str) -> tuple[float, ...]:
    """The value of written digits, then any other reading the separators allow.

    "4,000" in a Russian text is four thousand written English-style as often as it is
    a decimal; "2,5" in an English text is a Russian-style decimal. Both readings are
    kept, so that a comparison can use the one the other side confirms.
    """
    compact = raw.replace(" ", "")
    readings: list[float] = []
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", compact):
        grouped = float(re.sub(r"[.,]", "", compact))
        decimal = (
            float(compact.replace(",", "."))
            if compact.count(",") + compact.count(".") == 1
            else None
        )
        english_thousands = lang == "en" and "," in compact
        readings = [grouped] if english_thousands or decimal is None else [decimal, grouped]
        if lang == "en" and "." in compact and decimal is not None:
            readings = [decimal, grouped]
    else:
        try:
            readings = [float(compact.replace(",", "."))]
        except ValueError:
            return ()
    return tuple(dict.fromkeys(readings))


def _is_ordinal_suffix(suffix: str, lang: str) -> bool:
    if lang == "en":
        return True
    return suffix.lstrip("-") in {
        "й",
        "го",
        "е",
        "я",
        "ю",
        "ой",
        "ий",
        "ый",
        "ая",
        "ое",
        "ого",
        "ому",
        "ым",
        "ом",
    }


# An ISO currency code in capitals just before a figure: "EUR 5600", "USD 3m".
_CODE_BEFORE_RE = re.compile(r"(?<![^\W\d_])([A-Z]{3})\s?$")


def _with_scale_and_unit(
    text: str, start: int, end: int, value: float, lang: str, alternatives: tuple[float, ...] = ()
) -> Fact:
    unit = None
    scaled = False
    before = text[max(0, start - 4) : start].lower()
    for sign, code in _units().signs.items():
        if before.endswith(sign):
            unit = code
            start -= len(sign)
            break
    code_before = _CODE_BEFORE_RE.search(text[max(0, start - 5) : start])
    if unit is None and code_before and code_before.group(1).lower() in _units().codes:
        unit = code_before.group(1).lower()
        start -= len(code_before.group())
    tail = text[end:]
    scale_match = re.match(r"\s*(\w+)\.?", tail)
    if scale_match:
        scale = _scale(scale_match.group(1), lang)
        if scale:
            scaled = True
            value *= scale
            alternatives = tuple(a * scale for a in alternatives)
            end += scale_match.end()
            tail = text[end:]
    attrs: dict[str, object] = {"written": "digits", "alternatives": alternatives, "scaled": scaled}
    unit_match = _unit_after(tail, lang)
    if unit_match:
        unit, length = unit_match
        end += length
        if tail.startswith("-"):
            attrs["compound"] = True  # "24-hour", "5-year"
    quote = text[start:end].rstrip(" .")
    return Fact(
        "number",
        quote,
        start,
        start + len(quote),
        _fmt(value),
        value,
        attrs={"unit": unit, **attrs},
    )


def describe(value: float, unit: str | None) -> str:
    """ "107 minutes", "5,600 EUR", "day 2": a figure with its unit, for an explanation."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,g}"
    if not unit:
        return text
    if unit.startswith("no:"):
        return f"{unit[3:]} {text}"  # a numbered item
    if unit in _units().codes:
        return f"{text} {unit.upper()}"
    if value != 1 and f"{unit}s" in _units().en:
        unit += "s"
    return f"{text} {unit}"


def _scale(word: str, lang: str) -> float | None:
    words = _words()
    if lang == "en":
        entry = words.en.get(word.lower())
    else:
        entry = words.ru.get(word.lower()) or words.ru.get(morph.lemma(word.lower()))
    if entry and entry[1] == "scale":
        return entry[0]
    return None


def _unit_after(tail: str, lang: str) -> tuple[str, int] | None:
    if tail.startswith("%") or tail.startswith(" %"):
        return "percent", tail.index("%") + 1
    # Up to two words, an abbreviation's dot allowed between them ("кв. км").
    match = re.match(r"(?:-|\s*)([^\W\d_][\w²³·-]*)(?:(\.?\s+)([^\W\d_][\w²³·-]*))?", tail)
    if not match:
        return None
    units = _units()
    words = [w for w in (match.group(1), match.group(3)) if w]
    ends = [match.end(1), match.end(3)] if match.group(3) else [match.end(1)]
    for count in range(len(words), 0, -1):
        phrase = [w.lower() for w in words[:count]]
        if lang == "en":
            keys = [" ".join(phrase)]
            table = units.en
        else:
            keys = [" ".join(phrase), " ".join(morph.lemma(w) for w in phrase)]
            table = units.ru
        for key in keys:
            if key in table:
                return table[key], ends[count - 1]
    return None


def _word_numbers(text: str, lang: str, claimed: list[tuple[int, int]]) -> Iterator[Fact]:
    words = _words()
    table = words.en if lang == "en" else words.ru
    tokens = [t for t in tokenize(text) if not any(t.start < b and a < t.end for a, b in claimed)]
    i = 0
    while i < len(tokens):
        parts: list[tuple[float, str]] = []
        j = i
        while j < len(tokens):
            entry = _word_entry(tokens[j].text, lang, table)
            if entry is None:
                break
            if j > i and text[tokens[j - 1].end : tokens[j].start].strip() not in ("", "-", "and"):
                break
            parts.append(entry)
            j += 1
            if entry[1] == "ordinal":
                break
        if not parts:
            i += 1
            continue
        first, last = tokens[i], tokens[j - 1]
        if parts[0][1] == "scale" and len(parts) == 1:
            # One of the scale: "a dozen", "a decade", «десятилетие» in the singular; a
            # plural ("thousands", «тысячи») is no count.
            if lang == "en":
                one = i > 0 and tokens[i - 1].text.lower() in ("a", "an") and first.text.islower()
            else:
                readings = [str(p.tag) for p in morph.parses(first.text.lower())]
                one = first.text.islower() and not any("plur" in tag for tag in readings)
            if not one:
                i = j
                continue
            if lang == "en":
                first = tokens[i - 1]
        kinds = {k for _, k in parts}
        value = _combine(parts)
        if "ordinal" in kinds:
            if lang == "en" and not _en_ordinal_counts(tokens, i, text):
                i = j
                continue
            yield Fact(
                "ordinal",
                text[first.start : last.end],
                first.start,
                last.end,
                _fmt(value),
                value,
                attrs={"written": "words"},
            )
        else:
            fact = _with_scale_and_unit(text, first.start, last.end, value, lang)
            attrs = {**fact.attrs, "written": "words"}
            if attrs["unit"] is None:
                word = last.text.lower()
                attrs["unit"] = words.units.get(word) or words.units.get(morph.lemma(word))
            yield Fact(
                fact.kind, fact.text, fact.start, fact.end, fact.key, fact.value, attrs=attrs
            )
        i = j


def _word_entry(
    word: str, lang: str, table: dict[str, tuple[float, str]]
) -> tuple[float, str] | None:
    lowered = word.lower()
    if lang == "en":
        if "-" in lowered:  # twenty-five, twenty-first
            pieces = lowered.split("-")
            entries = [table.get(p) for p in pieces]
            if all(entries):
                total = sum(e[0] for e in entries)  # type: ignore[index]
                return total, entries[-1][1]  # type: ignore[index]
            return None
        return table.get(lowered)
    if lowered in table:
        return table[lowered]
    for parse in morph.parses(lowered)[:3]:
        if parse.normal_form in table and (
            "NUMR" in parse.tag or "ADJF" in parse.tag or "NOUN" in parse.tag
        ):
            return table[parse.normal_form]
    return None


def _en_ordinal_counts(tokens: list, index: int, text: str) -> bool:
    if index == 0:
        return False
    previous = tokens[index - 1]
    if text[previous.end : tokens[index].start].strip():
        return False
    return previous.text.lower() in _EN_ORDINAL_DETERMINERS


def _combine(parts: list[tuple[float, str]]) -> float:
    total, current = 0.0, 0.0
    for value, kind in parts:
        if kind == "scale":
            current = (current or 1) * value
            if value >= 1000:
                total += current
                current = 0.0
        elif value == 100 and current:
            current *= 100
        else:
            current += value
    return total + current


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# English nouns counted in the plural without an -s.
_EN_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "staff", "personnel"})
_COUNTED_NOUN_REACH = 3  # "37 organisations", "5 new member states", "36 крупных организаций"


def counted_noun_end(text: str, end: int, lang: str) -> int | None:
    """Where the noun a plain figure counts ends ("37 organisations" / "36 организаций"),
    so that a finding quotes what was counted, not the bare figure; None when the words
    after the figure are no counted noun ("5 of them", "in 2019 the")."""
    words = re.finditer(r"\S+", text[end : end + 80])
    for position, match in enumerate(words):
        if position >= _COUNTED_NOUN_REACH:
            return None
        word = match.group().rstrip(",.;:!?)»”\"'")
        if not word.isalpha() or not word.islower():
            return None
        if _counted_noun(word, lang):
            return end + match.start() + len(word)
        if not _noun_modifier(word, lang):
            return None
        if word != match.group():  # punctuation ends the phrase before a noun came
            return None
    return None


def _counted_noun(word: str, lang: str) -> bool:
    if lang == "ru":
        return "NOUN" in str(morph.parses(word)[0].tag)
    if word in _EN_IRREGULAR_PLURALS:
        return True
    if word in resources.word_list("en_function_words.txt"):
        return False
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _noun_modifier(word: str, lang: str) -> bool:
    if lang == "ru":
        return str(morph.parses(word)[0].tag).split(",")[0] in {"ADJF", "PRTF"}
    return (
        word in resources.word_list("en_dictionary.txt")
        and word not in resources.word_list("en_function_words.txt")
        and not word.endswith("ly")
    )
