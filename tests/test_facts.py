"""Fact extraction on both sides: what an analyst expects to be compared."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.facts import extract_paragraph


def facts(text: str, lang: str, kind: str) -> list:
    return [f for f in extract_paragraph(text, lang).facts if f.kind == kind]


def test_dates_in_both_languages_get_the_same_value():
    en = facts(
        "the Astana Declaration signed on September 9, 2024, and on November 20", "en", "date"
    )
    ru = facts(
        "Астанинской декларацией, подписанной 9 сентября 2024 года, и 20 ноября", "ru", "date"
    )
    assert (
        [f.value for f in en]
        == [f.value for f in ru]
        == [("date", 2024, 9, 9), ("date", None, 11, 20)]
    )


def test_years_and_relative_dates():
    assert [
        f.value for f in facts("held last year in Astana and in Türkiye in 2026", "en", "date")
    ] == [("relative", "year", -1), ("date", 2026, None, None)]
    assert [
        f.value for f in facts("состоялась в прошлом году, а в 2026 году в Турции", "ru", "date")
    ] == [("relative", "year", -1), ("date", 2026, None, None)]


def test_a_month_word_alone_is_not_a_date():
    assert facts("They may march on", "en", "date") == []


def test_numbers_with_scales_units_and_russian_separators():
    en = facts("a $16 billion deal, 3.5% growth and thirteen ships", "en", "number")
    assert [(f.value, f.attrs["unit"]) for f in en] == [(16e9, "usd"), (3.5, "percent"), (13, None)]
    ru = facts(
        "сделка на 16 млрд долларов, рост 3,5% и 16 000 тонн, тридцать судов", "ru", "number"
    )
    assert [f.value for f in ru] == [16e9, 3.5, 16000, 30]
    assert ru[0].attrs["unit"] == "usd"


def test_a_currency_code_before_a_figure_is_its_unit():
    (fine,) = facts("Now the company faces EUR 5600 in fines.", "en", "number")
    assert (fine.text, fine.value, fine.attrs["unit"]) == ("EUR 5600", 5600, "eur")
    assert not facts("Now the company faces EUR 5600 in fines.", "en", "acronym")
    (russian,) = facts("компании предъявлен штраф в размере 5600 евро", "ru", "number")
    assert russian.attrs["unit"] == "eur"


def test_measures_carry_their_unit_in_both_languages():
    en = facts(
        "photos of 3.5 x 4.5 cm, 12 square kilometres, 40 MW and 100,000 soums", "en", "number"
    )
    ru = facts("фото 3,5 х 4,5 см, 12 кв. км, 40 МВт и 100 тыс. сумов", "ru", "number")
    expected = [(3.5, None), (4.5, "cm"), (12, "km2"), (40, "mw"), (100000, "uzs")]
    assert [(f.value, f.attrs["unit"]) for f in en] == expected
    assert [(f.value, f.attrs["unit"]) for f in ru] == expected


def test_ordinals_count_only_where_they_count_something():
    assert [f.value for f in facts("their second meeting; the 3rd summit", "en", "ordinal")] == [
        2,
        3,
    ]
    assert facts("The participants first visited the Alley", "en", "ordinal") == []
    assert [f.value for f in facts("второе заседание и третью встречу", "ru", "ordinal")] == [2, 3]


def test_acronyms_definitions_and_initials():
    found = facts(
        "Organization of Turkic States (OTS) met; V.A. Petrov and the UN spoke.", "en", "acronym"
    )
    assert [(f.key, bool(f.attrs.get("definition"))) for f in found] == [
        ("OTS", True),
        ("UN", False),
    ]
    ru = facts("Организации тюркских государств (ОТГ) и указ ПФ-6079", "ru", "acronym")
    assert [f.key for f in ru] == ["ОТГ"]


def test_a_two_letter_name_without_a_dot_is_no_initial():
    found = facts("President Xi Jinping met Sh. Mirziyoyev and M.V. Nesterov.", "en", "person")
    assert [f.text for f in found] == ["Xi Jinping", "Mirziyoyev", "Nesterov"]


def test_a_public_figure_opening_a_sentence_is_a_name():
    # "xi" is also an English word (the Greek letter); data/established_names.tsv lists Xi.
    assert [f.text for f in facts("Xi says China is ready.", "en", "name")] == ["Xi"]
    assert not facts("Subsoil is rich in the region.", "en", "name")


def test_roles_attach_to_the_people_they_describe():
    en = extract_paragraph(
        "Kyrgyzstan's Deputy Minister of Justice Iskender Sydygaliev spoke.", "en"
    )
    (person,) = [f for f in en.facts if f.kind == "person"]
    assert person.text == "Iskender Sydygaliev"
    assert person.attrs["role"].value == ("deputy_minister", "justice", None)
    ru = extract_paragraph("заместитель министра юстиции Кыргызстана Искандер Сыдыгалиев", "ru")
    (person,) = [f for f in ru.facts if f.kind == "person"]
    assert person.attrs["role"].value == ("deputy_minister", "justice", None)


def test_russian_names_keep_their_inflection_and_get_lemmas():
    (person,) = facts("под председательством Фарида Ахмедова", "ru", "person")
    assert person.text == "Фарида Ахмедова"
    assert person.key == "фарид ахмедов"


def test_english_names_drop_titles_and_sentence_initial_words():
    names = [
        f.text
        for f in extract_paragraph(
            "During the visit, National Leader Heydar Aliyev and News.Az were named.", "en"
        ).facts
        if f.kind in ("person", "org", "place", "name")
    ]
    assert names == ["Heydar Aliyev", "News.Az"]


def test_contractions_are_not_names_but_possessives_keep_theirs():
    text = "Don't miss it. We've grown. It's done. Putin's visit ended."
    names = [f.text for f in extract_paragraph(text, "en").facts if f.kind != "date"]
    assert names == ["Putin"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["en", "ru"]))
def test_extraction_never_raises_and_offsets_quote_the_text(text, lang):
    for fact in extract_paragraph(text, lang).facts:
        assert text[fact.start : fact.end] == fact.text


def test_russian_weekday_needs_its_preposition():
    """ "в среду" is Wednesday; "прозрачную среду" is an environment."""
    found = facts(
        "Встреча пройдёт в среду; создана удобная среда и прозрачную среду.", "ru", "date"
    )
    assert [f.value for f in found] == [("weekday", 3)]


def test_an_outlet_named_by_its_site_is_a_name():
    ru = facts("Соглашение подписано в Ташкенте. Газета.уз", "ru", "org")
    assert [f.text for f in ru] == ["Газета.уз"]
    assert not facts("Подробности на сайте pakistan.mfa.uz.", "ru", "org")


def test_an_acronym_is_spelled_out_by_a_run_of_plain_words_only():
    from aligner.facts.acronyms import expansion_by_initials

    text = "аким Восточно-Казахстанской области; the Organization of Turkic States (OTS)"
    assert expansion_by_initials("ВКО", text) == "Восточно-Казахстанской области"
    assert expansion_by_initials("OTS", text) == "Organization of Turkic States"
    # A garbled acronym is not explained by letters that straddle a bracket or an acronym.
    assert expansion_by_initials("TSO", text) is None


def test_times_of_day_are_dates_not_figures():
    en = facts(
        "Docking is set for 8:30 p.m., the briefing for 1PM. The score was 1:5.", "en", "date"
    )
    assert [(f.text, f.value) for f in en] == [
        ("8:30 p.m.", ("time", 20, 30)),
        ("1PM", ("time", 13, 0)),
    ]
    ru = facts("Стыковка в 20:30, брифинг в 13 часов, полёт займёт 3 часа.", "ru", "date")
    assert [f.value for f in ru] == [("time", 20, 30), ("time", 13, 0)]
    assert not [f for f in facts("Стыковка в 20:36.", "ru", "number")]


def test_spans_of_days_are_one_date_and_a_time_may_end_a_heading():
    en = facts("A meetup on August 15-16. Day 1, August 15 - 3PM: talks.", "en", "date")
    assert [(f.text, f.value) for f in en] == [
        ("August 15-16", ("date", None, 8, 15)),
        ("August 15", ("date", None, 8, 15)),
        ("3PM", ("time", 15, 0)),
    ]
    ru = facts("15–16 августа пройдёт митап.", "ru", "date")
    assert [(f.text, f.value) for f in ru] == [("15–16 августа", ("date", None, 8, 15))]
    assert not facts("15–16 августа пройдёт митап.", "ru", "number")
    heading = facts("Турнир. Ташкент 2024. Май 10-23", "ru", "date")
    assert [f.value for f in heading] == [("date", 2024, None, None), ("date", None, 5, 10)]
    assert not facts("в марте 15 человек пришли", "ru", "date")


def test_adjectives_built_on_names_are_not_names_and_hyphenated_places_stay_places():
    text = "Russian-speaking commentators from a Moscow-based firm met in Ust-Kamenogorsk."
    found = [(f.kind, f.text) for f in extract_paragraph(text, "en").facts]
    assert found == [("place", "Ust-Kamenogorsk")]
    text = "Authorised rallies drew a pan-European crowd. Colour photos were shown in Tver."
    assert [f.text for f in extract_paragraph(text, "en").facts] == ["Tver"]


def test_a_spaced_dash_ends_a_russian_name_and_lowercase_words_are_none():
    people = facts(
        "Бишкек, 23 июня /Мирлан Киизбаев - Кабар/. Сообщил Темир Джумакадыров.", "ru", "person"
    )
    assert "Мирлан Киизбаев" in [p.text for p in people]
    found = extract_paragraph("в торжествах Совета глав государств-членов ШОС", "ru").facts
    assert not [f for f in found if f.text == "государств-членов"]


@pytest.mark.parametrize(
    ("text", "lang", "quote"),
    [
        ("On 25 – 26 November 2019, a session was held.", "en", "25 – 26 November 2019"),
        ("It is held on November 12th & 13th.", "en", "November 12th & 13th"),
        ("Сессия прошла 25 – 26 ноября 2019 г. в Ханое.", "ru", "25 – 26 ноября 2019 г."),
        ("Она пройдет 12-го и 13-го ноября.", "ru", "12-го и 13-го ноября"),
        ("It will be held in Poland from 21 to 25 October.", "en", "21 to 25 October"),
        ("Турнир пройдет с 21 по 25 октября.", "ru", "21 по 25 октября"),
    ],
)
def test_a_span_of_days_is_one_date_valued_by_its_first_day(text, lang, quote):
    (date,) = facts(text, lang, "date")
    assert date.text == quote
    assert date.value[3] == int(re.search(r"\d+", quote).group())


def test_a_birth_year_and_a_season_are_dates():
    (born,) = facts("Команда составлена из футболистов 2005 года рождения.", "ru", "date")
    assert born.text == "2005 года рождения" and born.value == ("date", 2005, None, None)
    (season,) = facts("The team did the double last season.", "en", "date")
    assert season.value == ("relative", "season", -1)
    (ru_season,) = facts("Команда сделала дубль в прошлом сезоне.", "ru", "date")
    assert ru_season.value == season.value


def test_an_agency_dateline_gives_its_agency_not_its_city_and_date():
    found = extract_paragraph("БАКУ, 22 мая — Sputnik. Ильхам Алиев принял делегацию.", "ru")
    assert [(f.kind, f.text, f.attrs.get("dateline")) for f in found.facts] == [
        ("date", "22 мая", True),
        ("org", "Sputnik", None),
        ("person", "Ильхам Алиев", None),
    ]
    found = extract_paragraph("BAKU, May 22 (Reuters) - Ilham Aliyev received them.", "en")
    assert "Reuters" in [f.text for f in found.facts]
    assert "BAKU" not in [f.text for f in found.facts]
    # An acronym opening a sentence is no city.
    assert [f.text for f in extract_paragraph("NATO – the alliance met.", "en").facts] == ["NATO"]


def test_a_site_named_in_lower_case_is_an_organisation_and_a_file_is_not():
    text = "Officials attended, primeminister.kz reports; the code is in setup.py."
    assert [(f.kind, f.text) for f in extract_paragraph(text, "en").facts] == [
        ("org", "primeminister.kz")
    ]


def test_figures_that_number_nothing_are_no_facts():
    def figures(text: str, lang: str) -> list[str]:
        found = extract_paragraph(text, lang).facts
        return [f.text for f in found if f.kind in ("number", "ordinal")]

    assert figures("Встреча прошла во второй половине дня в трудные 90-е годы.", "ru") == []
    assert figures("First of all, thank you for the second meeting.", "en") == ["second"]
    assert figures("The first three days of talks were calm.", "en") == ["three days"]
    assert figures("за первые девять дней", "ru") == ["девять дней"]


def test_parts_of_a_year_are_periods_with_their_months():
    def periods(text: str, lang: str) -> list[tuple[str, tuple]]:
        found = extract_paragraph(text, lang).facts
        return [(f.text, f.value) for f in found if f.kind == "date"]

    assert periods("Losses in the third quarter (Q3) of 2022 and in Q3 this year.", "en") == [
        ("third quarter (Q3) of 2022", ("period", 2022, 7, 9)),
        ("Q3", ("period", None, 7, 9)),
        ("this year", ("relative", "year", 0)),
    ]
    assert periods("In January-September 2023 and the first half of 2024; H1 2025.", "en") == [
        ("January-September 2023", ("period", 2023, 1, 9)),
        ("first half of 2024", ("period", 2024, 1, 6)),
        ("H1 2025", ("period", 2025, 1, 6)),
    ]
    assert periods("в третьем квартале 2022 года, за три квартала, в I полугодии", "ru") == [
        ("третьем квартале 2022 года", ("period", 2022, 7, 9)),
        ("за три квартала", ("period", None, 1, 9)),
        ("I полугодии", ("period", None, 1, 6)),
    ]
    assert periods("в январе – сентябре 2023 года, с января по март", "ru") == [
        ("январе – сентябре 2023 года", ("period", 2023, 1, 9)),
        ("с января по март", ("period", None, 1, 3)),
    ]
    # Without a year beside it, a half is a match's and months a span of time.
    assert periods("Latvia led in the first half; he got nine months' probation.", "en") == []
    assert periods("Его приговорили к девяти месяцам, а за девять месяцев", "ru") == []


def test_a_name_in_capitals_too_long_for_an_acronym_is_an_organisation():
    found = extract_paragraph("Как сообщает УЗИНФОРМ, встреча прошла в Ташкенте.", "ru").facts
    assert ("org", "УЗИНФОРМ") in [(f.kind, f.text) for f in found]
    # A heading in capitals is no name.
    assert not extract_paragraph("ВНИМАНИЕ ВСЕМ ЖИТЕЛЯМ ГОРОДА", "ru").facts
