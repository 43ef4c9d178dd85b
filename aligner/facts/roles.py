"""Titles and offices: "Deputy Minister of Justice", "заместитель министра юстиции".

A role's value is (role id, portfolio or None, modifier or None), from
data/roles.tsv, portfolios.tsv and role_modifiers.tsv; English forms match the
surface text, Russian forms match lemma sequences, so every case form counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .. import morph, resources
from . import Fact
from .tokens import Token, tokenize


@dataclass(frozen=True)
class _Lexicon:
    # Token sequence (lowercase words for English, lemmas for Russian) -> id.
    roles_en: dict[tuple[str, ...], str]
    roles_ru: dict[tuple[str, ...], str]
    portfolios_en: dict[tuple[str, ...], str]
    portfolios_ru: dict[tuple[str, ...], str]
    modifiers_en: dict[tuple[str, ...], str]
    modifiers_ru: dict[tuple[str, ...], str]
    longest: int
    # Role ids that share a surface form (akim lists "governor"): the same office.
    shared: frozenset[frozenset[str]]


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s]+", phrase.lower().strip()) if w)


@cache
def _lexicon() -> _Lexicon:
    shared: set[frozenset[str]] = set()

    def load(name: str, id_column: str) -> tuple[dict, dict]:
        en: dict[tuple[str, ...], str] = {}
        ru: dict[tuple[str, ...], str] = {}
        for row in resources.table(name):
            for lang, table in (("en", en), ("ru", ru)):
                for form in resources.alternatives(row.get(lang, "")):
                    key = tuple(t.text.lower() for t in tokenize(form))
                    first = table.setdefault(key, row[id_column])
                    if first != row[id_column]:
                        shared.add(frozenset((first, row[id_column])))
        en.pop((), None)
        ru.pop((), None)
        return en, ru

    roles_en, roles_ru = load("roles.tsv", "role")
    portfolios_en, portfolios_ru = load("portfolios.tsv", "portfolio")
    modifiers_en, modifiers_ru = load("role_modifiers.tsv", "modifier")
    longest = max((len(k) for d in (roles_en, roles_ru) for k in d), default=1)
    return _Lexicon(
        roles_en,
        roles_ru,
        portfolios_en,
        portfolios_ru,
        modifiers_en,
        modifiers_ru,
        longest,
        frozenset(shared),
    )


def same_office(a: str, b: str) -> bool:
    """Two role ids for one office: equal, or sharing a form in data/roles.tsv
    ("governor" is how English renders аким and хоким)."""
    return a == b or frozenset((a, b)) in _lexicon().shared


def _normal(token: Token, lang: str) -> str:
    word = token.text.lower()
    return word if lang == "en" else morph.lemma(word)


def extract(text: str, lang: str, taken: list[tuple[int, int]]) -> Iterator[Fact]:
    lex = _lexicon()
    tokens = [t for t in tokenize(text) if not any(t.start < b and a < t.end for a, b in taken)]
    words = [_normal(t, lang) for t in tokens]
    roles = lex.roles_en if lang == "en" else lex.roles_ru
    portfolios = lex.portfolios_en if lang == "en" else lex.portfolios_ru
    modifiers = lex.modifiers_en if lang == "en" else lex.modifiers_ru
    i = 0
    while i < len(tokens):
        found = _longest(words, i, roles, lex.longest)
        if found is None:
            i += 1
            continue
        role, length = found
        if _qualifies_next_role(words, i, length, modifiers, roles, lex.longest):
            i += length  # "deputy akim", «заместитель акима»: the next role, qualified
            continue
        first, last = i, i + length - 1
        portfolio = None
        modifier = None
        # "Justice Minister" (English portfolio before the title).
        if lang == "en":
            before = _longest_ending(words, first, portfolios)
            if before:
                portfolio, span = before
                first -= span
        # "Minister of Justice", "министр юстиции Азербайджана".
        after_start = last + 1
        if lang == "en" and after_start < len(words) and words[after_start] in ("of", "for"):
            after_start += 1
        after = _longest(words, after_start, portfolios, 4) if after_start < len(words) else None
        if after and (lang == "ru" or after_start > last + 1 or portfolio is None):
            portfolio, span = after
            last = after_start + span - 1
        mod = _longest_ending(words, first, modifiers)
        # «назначен акимом» (was appointed akim) states the office held, unlike
        # «назначенный посол» (ambassador designate).
        if mod and lang == "ru" and _short_participle(tokens[first - 1].text):
            mod = None
        if mod:
            modifier, span = mod
            first -= span
        start, end = tokens[first].start, tokens[last].end
        role, portfolio = _split_portfolio(role, portfolio)
        value = (role, portfolio, modifier)
        key = "/".join(v for v in (role, portfolio) if v)
        yield Fact("role", text[start:end], start, end, key, value)
        i = last + 1


def _qualifies_next_role(
    words: list[str],
    i: int,
    length: int,
    modifiers: dict[tuple[str, ...], str],
    roles: dict[tuple[str, ...], str],
    longest: int,
) -> bool:
    """Is the role word at i a modifier of the role right after it ("deputy" before
    "akim", «заместитель» before «акима»)?"""
    return tuple(words[i : i + length]) in modifiers and bool(
        _longest(words, i + length, roles, longest)
    )


def _short_participle(word: str) -> bool:
    return str(morph.parses(word.lower())[0].tag).startswith("PRTS")


def _split_portfolio(role: str, portfolio: str | None) -> tuple[str, str | None]:
    """ "justice_minister" is the minister holding the justice portfolio, so that it agrees
    with a bare "Minister" and disagrees with "minister (foreign affairs)"."""
    if not role.endswith("_minister") or role.startswith(("deputy", "prime", "first")):
        return role, portfolio
    prefix = role[: -len("_minister")]
    lex = _lexicon()
    known = sorted({p for table in (lex.portfolios_en, lex.portfolios_ru) for p in table.values()})
    match = next((p for p in known if p == prefix or p.startswith(prefix + "_")), None)
    if match is None:
        return role, portfolio
    return "minister", portfolio or match


def _longest(
    words: list[str], i: int, table: dict[tuple[str, ...], str], longest: int
) -> tuple[str, int] | None:
    for length in range(min(longest, len(words) - i), 0, -1):
        key = tuple(words[i : i + length])
        if key in table:
            return table[key], length
    return None


def _longest_ending(
    words: list[str], end: int, table: dict[tuple[str, ...], str]
) -> tuple[str, int] | None:
    for length in range(min(4, end), 0, -1):
        key = tuple(words[end - length : end])
        if key in table:
            return table[key], length
    return None


def describe(value: tuple) -> str:
    role, portfolio, modifier = value
    text = role.replace("_", " ")
    if portfolio:
        text += f" ({portfolio.replace('_', ' ')})"
    if modifier:
        text = f"{modifier} {text}"
    return text


def ministry_portfolios(text: str, lang: str) -> frozenset[str]:
    """The portfolios a ministry's name gives ("Ministry of Culture and Sports" -> culture,
    sport; «Минюст» -> justice); empty for a name that is no ministry's."""
    lex = _lexicon()
    table = lex.portfolios_en if lang == "en" else lex.portfolios_ru
    words = [_normal(t, lang) for t in tokenize(text)]
    short_name = len(words) == 1 and words[0].startswith("мин") and (words[0],) in table
    if not short_name and ("ministry" if lang == "en" else "министерство") not in words:
        return frozenset()
    found = set()
    i = 0
    while i < len(words):
        match = _longest(words, i, table, 4)
        if match is None:
            i += 1
            continue
        found.add(match[0])
        i += match[1]
    return frozenset(found)
