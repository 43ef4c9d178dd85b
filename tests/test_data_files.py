"""The language data in data/ parses, and its Russian entries are what the matcher will look up.

The matcher lemmatises Russian text with pymorphy3 and looks the lemma up in these tables, so an
entry that is not a pymorphy3 normal form ("турции" instead of "турция") can never match.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"

COLUMNS = {
    "months.tsv": ["month", "en", "ru"],
    "weekdays.tsv": ["weekday", "en", "ru"],
    "number_words_en.tsv": ["word", "value", "kind", "unit"],
    "number_words_ru.tsv": ["lemma", "value", "kind", "unit"],
    "number_compounds_ru.tsv": ["part", "kind", "value"],
    "relative_dates.tsv": ["unit", "offset", "en", "ru"],
    "periods.tsv": ["unit", "months", "anchored_en", "anchored_ru", "en", "ru"],
    "roles.tsv": ["role", "en", "ru"],
    "role_modifiers.tsv": ["modifier", "en", "ru"],
    "portfolios.tsv": ["portfolio", "en", "ru"],
    "exonyms.tsv": ["en", "ru", "type", "en_adj", "ru_adj"],
    "capitals.tsv": ["capital", "country"],
    "location_prepositions.tsv": ["lang", "words"],
    "ordinal_idioms.tsv": ["lang", "phrases"],
    "acronyms.tsv": ["en", "ru", "en_name", "ru_name"],
    "honorifics.tsv": ["en", "ru"],
    "units.tsv": ["unit", "sign", "en", "ru", "kind"],
    "given_names.tsv": ["ru", "en"],
    "established_names.tsv": ["ru", "en"],
    "numbered_items.tsv": ["item", "en", "ru"],
    "en_british_spellings.tsv": ["british", "american"],
    "translit/english_conventions.tsv": ["english", "romanised", "where"],
    "translit/acronym_letters.tsv": ["cyrillic", "latin"],
    "translit/turkic.tsv": ["cyrillic", "latin", "note"],
    "translit/fold.tsv": ["letter", "ascii"],
}

# Columns holding Russian pymorphy3 lemma sequences, per file.
LEMMA_COLUMNS = {
    "number_words_ru.tsv": ["lemma"],
    "roles.tsv": ["ru"],
    "role_modifiers.tsv": ["ru"],
    "portfolios.tsv": ["ru"],
    "exonyms.tsv": ["ru", "ru_adj"],
    "honorifics.tsv": ["ru"],
    "given_names.tsv": ["ru"],
    "established_names.tsv": ["ru"],
    "numbered_items.tsv": ["ru"],
}


def read_tsv(name: str) -> tuple[list[str], list[dict[str, str]]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line and not line.startswith("#")]
    header = rows[0].split("\t")
    return header, [dict(zip(header, row.split("\t"), strict=True)) for row in rows[1:]]


@functools.lru_cache(maxsize=1)
def morph():
    pymorphy3 = pytest.importorskip("pymorphy3")
    return pymorphy3.MorphAnalyzer()


def is_normal_form(token: str) -> bool:
    parses = morph().parse(token)
    if token in {p.normal_form for p in parses}:
        return True
    # A word missing from pymorphy3's dictionary gets a guessed lemma ("Эр-Рияд" -> "эра-рияда"),
    # which need not be a fixed point; the entry then holds that guess, as the matcher will.
    return not any(p.is_known for p in parses)


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_tsv_has_header_and_every_row_has_every_column(name: str) -> None:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line and not line.startswith("#")]
    assert rows[0].split("\t") == COLUMNS[name]
    bad = [row for row in rows[1:] if len(row.split("\t")) != len(COLUMNS[name])]
    assert not bad, f"{name}: rows with the wrong number of fields: {bad[:5]}"
    assert len(rows) > 1


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_no_empty_or_padded_alternatives(name: str) -> None:
    header, rows = read_tsv(name)
    for row in rows:
        for column, field in row.items():
            if not field:
                continue
            for alt in field.split("|"):
                assert alt and alt == alt.strip(), f"{name} {column}: bad alternative in {field!r}"


@pytest.mark.parametrize("name", sorted(LEMMA_COLUMNS))
def test_russian_lemmas_are_pymorphy3_normal_forms(name: str) -> None:
    _, rows = read_tsv(name)
    wrong = set()
    for row in rows:
        for column in LEMMA_COLUMNS[name]:
            for alt in filter(None, row[column].split("|")):
                for token in alt.split(" "):
                    # Abbreviations and prefixes are written as they appear ("и.о.", "экс-", "тыс").
                    if "." in token or token.endswith("-") or not re.search("[а-яё]", token):
                        continue
                    if token != token.lower() or not is_normal_form(token):
                        wrong.add(f"{token} ({alt})")
    assert not wrong, f"{name}: not pymorphy3 normal forms: {sorted(wrong)[:20]}"


def test_inflected_place_names_find_their_row() -> None:
    _, rows = read_tsv("exonyms.tsv")
    by_lemma = {}
    for row in rows:
        for alt in row["ru"].split("|"):
            by_lemma.setdefault(alt, set()).add(row["en"].split("|")[0])
    cases = {
        "в Южной Корее": "South Korea",
        "из Турции": "Türkiye",
        "Соединёнными Штатами Америки": "United States",
        "в Нижнем Новгороде": "Nizhny Novgorod",
        "у Чада": "Chad",
    }
    for phrase, english in cases.items():
        words = phrase.split()[1:] if phrase.split()[0].islower() else phrase.split()
        key = " ".join(morph().parse(w)[0].normal_form for w in words)
        assert english in by_lemma.get(key, set()), f"{phrase!r} -> {key!r} not found"


def test_every_month_and_weekday_is_present_once() -> None:
    _, months = read_tsv("months.tsv")
    _, weekdays = read_tsv("weekdays.tsv")
    assert sorted(int(r["month"]) for r in months) == list(range(1, 13))
    assert sorted(int(r["weekday"]) for r in weekdays) == list(range(1, 8))


def test_number_values_are_numbers_and_kinds_known() -> None:
    for name, kinds in (
        ("number_words_en.tsv", {"cardinal", "ordinal", "scale"}),
        ("number_words_ru.tsv", {"cardinal", "ordinal", "scale", "collective"}),
    ):
        _, rows = read_tsv(name)
        for row in rows:
            float(row["value"])
            assert row["kind"] in kinds, f"{name}: {row}"
            assert not row["unit"] or row["unit"] in _unit_ids(), f"{name}: {row}"
    _, compounds = read_tsv("number_compounds_ru.tsv")
    for row in compounds:
        assert row["kind"] in {"number", "unit"}, row
        assert row["value"] in _unit_ids() if row["kind"] == "unit" else float(row["value"])


def _unit_ids() -> set[str]:
    return {row["unit"] for row in read_tsv("units.tsv")[1]}


def test_exonym_types_are_known() -> None:
    allowed = {
        "country",
        "capital",
        "city",
        "region",
        "sea",
        "river",
        "mountain",
        "landmark",
        "institution",
        "other",
    }
    _, rows = read_tsv("exonyms.tsv")
    assert {row["type"] for row in rows} <= allowed
    assert sum(row["type"] == "country" for row in rows) >= 193


def test_common_words_file_is_lowercase_alphabetic() -> None:
    lines = (DATA / "en_common_words.txt").read_text(encoding="utf-8").splitlines()
    words = [w for w in lines if w and not w.startswith("#")]
    assert len(words) > 20000
    assert all(w.isalpha() and w == w.lower() for w in words)
    assert len(words) == len(set(words))


def test_every_capital_pairs_a_capital_row_with_a_country_row() -> None:
    _, places = read_tsv("exonyms.tsv")
    kinds = {row["en"].split("|")[0]: row["type"] for row in places}
    _, rows = read_tsv("capitals.tsv")
    wrong = [
        (row["capital"], row["country"])
        for row in rows
        if kinds.get(row["capital"]) != "capital" or kinds.get(row["country"]) != "country"
    ]
    assert not wrong, f"capitals.tsv: names that are no capital and country of exonyms.tsv: {wrong}"
