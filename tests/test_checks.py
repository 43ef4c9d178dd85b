"""The findings an analyst gets, on the sample pair and on controlled edits of it."""

from __future__ import annotations

import pytest

from aligner import check_document, check_pair
from aligner.checks import names as name_checks
from aligner.checks.base import REGISTRY

pytestmark = pytest.mark.slow


def kinds(report) -> list[tuple[str, str | None, str | None]]:
    return [(f.kind, f.en, f.ru) for f in report.discrepancies]


def find(report, kind, en=None, ru=None):
    return [
        f
        for f in report.discrepancies
        if f.kind == kind
        and (en is None or (f.en and en in f.en))
        and (ru is None or (f.ru and ru in f.ru))
    ]


def test_every_check_declares_its_kind_rule_and_description():
    for check in REGISTRY.checks:
        assert check.kind and check.description and check.severity_rule


def test_sample_pair_findings(sample_report):
    report = sample_report
    (tso,) = find(report, "acronym_unmatched", en="TSO")
    assert tso.severity == "high" and "OTS" in tso.explanation
    (ahmadov,) = find(report, "name_variant", en="Ahmadov")
    assert "Ахмедов" in ahmadov.ru and "Akhmedov" in ahmadov.explanation
    assert find(report, "name_variant", en="Iskender", ru="Искандер")
    assert find(report, "name_variant", en="Tunc", ru="Тунч")
    assert find(report, "only_in_en", en="Heydar Aliyev")
    assert find(report, "only_in_en", en="News.Az")
    # Standard romanisations, exonyms and agreeing figures are not findings.
    for quote in ("Tashkulov", "Sarsembayev", "Omuraliev", "Baku", "September", "2026", "OTS"):
        assert not [f for f in report.discrepancies if f.en and quote in f.en and f.ru], quote


def test_offsets_point_at_the_quotes(sample_report):
    docs = sample_report.documents
    for f in sample_report.discrepancies:
        if f.en_offsets:
            start, end = f.en_offsets
            assert docs["en"].paragraphs[f.en_paragraph][start:end] == f.en
        if f.ru_offsets:
            start, end = f.ru_offsets
            assert docs["ru"].paragraphs[f.ru_paragraph][start:end] == f.ru


def test_identical_findings_are_reported_once(sample_report):
    ids = [f.fingerprint for f in sample_report.discrepancies]
    assert len(ids) == len(set(ids))
    # Ahmadov appears twice in each report: one finding.
    assert len(find(sample_report, "name_variant", en="Ahmadov")) == 1


@pytest.fixture(scope="module")
def edited_report(sample_pair):
    en, ru = sample_pair
    en = (
        en.replace("September 9, 2024", "September 19, 2024")
        .replace("their second meeting", "their third meeting")
        .replace("Deputy Minister of Justice Iskender", "Minister of Justice Iskender")
        .replace("Akbar Tashkulov", "Rustam Nazarov")
        .replace("Task Force established", "Task Force of 40 experts established")
    )
    ru = ru.replace("Рабочей группы по созданию", "Рабочей группы из 45 экспертов по созданию")
    ru = ru.replace("сначала посетили", "сначала посетили Мoскву и")
    return check_pair(en, ru)


def test_changed_date(edited_report):
    (date,) = find(edited_report, "date_mismatch")
    assert date.en == "September 19, 2024" and date.ru.startswith("9 сентября 2024")
    assert date.severity == "high"


def test_changed_ordinal(edited_report):
    assert find(edited_report, "number_mismatch", en="third", ru="второе")


def test_changed_figure(edited_report):
    assert find(edited_report, "number_mismatch", en="40", ru="45")


def test_changed_title(edited_report):
    (role,) = find(edited_report, "role_mismatch")
    assert "заместитель" in role.ru and role.en == "Minister of Justice"


def test_different_person_in_the_same_slot(edited_report):
    (swap,) = find(edited_report, "name_mismatch")
    assert swap.en == "Rustam Nazarov" and swap.ru == "Акбар Ташкулов"
    assert swap.severity == "high"


def test_homoglyph_word(edited_report):
    (mixed,) = find(edited_report, "mixed_script")
    assert mixed.ru == "Мoскву"


def test_accepted_spelling_is_not_reported_again(sample_pair):
    en, ru = sample_pair
    alias = name_checks.alias_key("Ahmadov", "ахмедов")
    report = check_pair(en, ru, aliases={alias})
    assert not find(report, "name_variant", en="Ahmadov")
    assert find(report, "name_variant", en="Iskender")


def test_single_document_consistency(sample_single):
    report = check_document(sample_single)
    spans = [set(f.spans) for f in report.discrepancies if f.kind == "inconsistent_within_document"]
    assert {"Asylov", "ASSYLOV"} in spans
    assert any("Şahin" in s and "SAHİN" in s for s in spans)
    # Case alone is no finding.
    assert not any("Aliyev" in s for s in spans)
    assert report.alignment == []


def test_a_place_inside_a_russian_compound_is_not_one_sided():
    report = check_pair(
        "In 1982, Kyiv's old fire brigade tested a new rescue vehicle on this site.",
        "В 1982 году Старокиевская пожарная команда испытала на этом здании новую машину.",
    )
    assert not [f for f in report.discrepancies if f.kind.startswith("only_in")]


def test_a_country_referred_to_as_the_country_is_not_one_sided():
    en = (
        "Pakistan and Uzbekistan signed a transit agreement in Tashkent.\n\n"
        "The two countries also agreed to open a new rail corridor through Afghanistan."
    )
    ru = (
        "Пакистан и Узбекистан подписали в Ташкенте соглашение о транзите.\n\n"
        "Пакистан и Узбекистан также договорились открыть новый железнодорожный коридор "
        "через Афганистан."
    )
    report = check_pair(en, ru)
    assert not [f for f in report.discrepancies if f.kind == "only_in_ru"]


def test_a_person_referred_to_as_he_is_not_one_sided():
    en = (
        "President Shavkat Mirziyoyev opened the new hospital in Samarkand.\n\n"
        "Under his leadership, twelve clinics were built in the region last year."
    )
    ru = (
        "Президент Шавкат Мирзиёев открыл новую больницу в Самарканде.\n\n"
        "Под руководством Шавката Мирзиёева в регионе в прошлом году построено двенадцать клиник."
    )
    report = check_pair(en, ru)
    assert not [f for f in report.discrepancies if f.kind == "only_in_ru"]


def test_a_hyphenated_name_is_explained_whole():
    report = check_pair(
        "President Kassim-Jomart Tokayev arrived in Moscow on Tuesday.",
        "Президент Касым-Жомарт Токаев прибыл в Москву во вторник.",
    )
    (variant,) = find(report, "name_variant", en="Kassim-Jomart")
    assert "Kasym-Zhomart" in variant.explanation


def test_a_name_left_in_uzbek_latin_inside_the_russian_is_not_one_sided():
    report = check_pair(
        "The consular fee depends on the category and validity of the visa. More info is "
        "available on: pakistan.mfa.uz, Uzbekistan Government Portal",
        "Размер консульского сбора зависит от категории и срока действия визы. Подробная "
        "информация о сборах доступна на сайте посольства: pakistan.mfa.uz, "
        "O‘zbekiston Respublikasi Hukumat portali",
    )
    assert not [f for f in report.discrepancies if f.kind == "only_in_en"]


def test_a_title_english_renders_by_its_counterpart_is_no_role_mismatch():
    ru = "Аким области Ермек Кошербаев встретился с фермерами в Усть-Каменогорске."
    report = check_pair("Regional governor Yermek Kosherbayev met farmers in Ust-Kamenogorsk.", ru)
    assert not find(report, "role_mismatch")
    changed = check_pair("Ambassador Yermek Kosherbayev met farmers in Ust-Kamenogorsk.", ru)
    assert find(changed, "role_mismatch", en="Ambassador", ru="Аким")


def test_a_deputy_of_an_office_and_an_appointment_to_it_read_as_that_office():
    en = (
        "Nuralkhan Kusherov, deputy akim of the region, was proposed. "
        "Kusherov was appointed akim of the region by decree."
    )
    ru = (
        "Предложен Нуралхан Кушеров, заместитель акима области. "
        "Указом Кушеров назначен акимом области."
    )
    assert not find(check_pair(en, ru), "role_mismatch")
    promoted = check_pair(en.replace("deputy akim", "akim"), ru)
    assert find(promoted, "role_mismatch", en="akim", ru="заместитель акима")


def test_established_english_forms_of_given_names_are_not_variants():
    report = check_pair(
        "Alexander Borsuk and Alexey Milovidov presented the release with Maxim Petrov.",
        "Александр Борсук и Алексей Миловидов представили релиз вместе с Максимом Петровым.",
    )
    assert not find(report, "name_variant")
    respelled = check_pair(
        "Aleksandar Borsuk presented the release.", "Александр Борсук представил релиз."
    )
    assert find(respelled, "name_variant", en="Aleksandar")


def test_an_acronym_the_report_spells_out_elsewhere_is_defined_and_names_the_place():
    en = (
        "Tokayev receives new governor of East Kazakhstan region\n\n"
        "President Tokayev received Yermek Kosherbayev, the new governor of East Kazakhstan "
        "region, and set him a number of tasks."
    )
    ru = (
        "Токаев принял нового акима ВКО\n\n"
        "Президент Токаев принял Ермека Кошербаева, нового акима Восточно-Казахстанской "
        "области, и поставил перед ним ряд задач."
    )
    report = check_pair(en, ru)
    assert not find(report, "acronym_unmatched")
    assert not find(report, "only_in_en", en="East Kazakhstan")
    stray = check_pair(en, ru.replace("Восточно-Казахстанской области", "области"))
    assert find(stray, "acronym_unmatched", ru="ВКО")


def test_an_acronym_in_a_paragraph_with_no_counterpart_is_named_by_that_finding():
    en = (
        "The network has grown to over 75,000 nodes operated all over the world.\n\n"
        "The developers thanked everyone who contributed code, translations and money."
    )
    ru = (
        "Сеть выросла до более чем 75 000 узлов, развернутых по всему миру.\n\n"
        "Сегодня I2P доступен на Windows, Mac OSX и Linux и работает даже в SOHO routers и "
        "на телефонах, благодаря независимой реализации протокола на C++.\n\n"
        "Разработчики поблагодарили всех, кто помогал кодом, переводами и деньгами."
    )
    report = check_pair(en, ru)
    (unaligned,) = find(report, "unaligned_paragraph")
    assert "OSX" in unaligned.explanation
    assert not find(report, "acronym_unmatched")


def test_names_left_in_latin_letters_inside_the_russian_are_compared():
    en = "Fixed duplicated OSM edits (Alexander Borsuk); show all results (Viktor Govako)."
    ru = "Исправлены повторные правки OSM (Alexander Borsuk); показ результатов (Viktor Govako)."
    assert not check_pair(en, ru).discrepancies
    dropped = check_pair(en.replace(" (Viktor Govako)", ""), ru)
    assert find(dropped, "only_in_ru", ru="Viktor Govako")


def test_a_changed_time_of_day_is_a_date_mismatch():
    report = check_pair(
        "The Soyuz docked with the station at 8:36 p.m. Moscow time.",
        "Союз пристыковался к станции в 20:36 по московскому времени.",
    )
    assert not report.discrepancies
    changed = check_pair(
        "The Soyuz docked with the station at 9:36 p.m. Moscow time.",
        "Союз пристыковался к станции в 20:36 по московскому времени.",
    )
    assert find(changed, "date_mismatch", en="9:36 p.m.", ru="20:36")


def test_another_surname_is_found_when_the_first_name_is_repeated_alone():
    report = check_pair(
        "Kirill Kasymov made this event possible. Meetups happen thanks to people like Kirill.",
        "Кирилл Шваков сделал это мероприятие возможным. Митапы проходят благодаря таким "
        "людям, как Кирилл.",
    )
    assert find(report, "name_mismatch", en="Kirill Kasymov", ru="Кирилл Шваков")


def test_a_brand_of_ordinary_words_the_other_side_keeps_in_latin_is_a_name():
    en = (
        "Better track editing in the Organic Maps July update\n\n"
        "Meet the Organic Maps July update with many fixes from our contributors."
    )
    ru = (
        "Улучшенное редактирование треков в июльском обновлении\n\n"
        "Встречайте июльское обновление Organic Maps с множеством исправлений от участников."
    )
    report = check_pair(en, ru)
    assert find(report, "only_in_en", en="Organic Maps")
    assert not find(report, "only_in_en", en="Better")


def test_a_russian_acronym_kept_in_latin_letters_is_its_counterpart():
    en = "Steelmaker NLMK raised output by 5% in the first quarter."
    report = check_pair(
        en, "Металлургическая компания НЛМК увеличила выпуск на 5% в первом квартале."
    )
    assert not find(report, "acronym_unmatched")
    other = check_pair(
        en, "Металлургическая компания MMK увеличила выпуск на 5% в первом квартале."
    )
    assert find(other, "acronym_unmatched", en="NLMK")


def test_a_changed_numbered_label_is_a_number_mismatch():
    report = check_pair(
        "Day 2, August 16: the focus will be on in-depth topics.",
        "День 1, 16 августа: основное внимание будет уделено углублённым темам.",
    )
    (changed,) = find(report, "number_mismatch", en="Day 2", ru="День 1")
    assert "day 2" in changed.explanation and "day 1" in changed.explanation
    counts = check_pair("Five people were in the group.", "В группе 5 человек.")
    assert not find(counts, "number_mismatch")


def test_common_abbreviations_and_slavic_spellings_are_not_findings():
    report = check_pair(
        "Novak Djokovic told the media that ISPs had blocked the site.",
        "Новак Джокович сообщил СМИ, что интернет-провайдеры заблокировали сайт.",
    )
    assert not report.discrepancies


def test_small_figures_in_digits_on_both_sides_are_compared():
    report = check_pair(
        "We found 7 certificates issued by the authority.",
        "Мы обнаружили 6 сертификатов, выданных этим центром.",
    )
    assert find(report, "number_mismatch", en="7", ru="6")
    words = check_pair("Two sides met in Baku.", "Три стороны встретились в Баку.")
    assert not find(words, "number_mismatch")


def test_spans_of_years_are_one_date_on_each_side():
    en = "From 1996 to 2001 he was governor of Jizzakh, and from 2001 to 2003 of Samarkand."
    ru = "В 1996–2001 годах он был хокимом Джизака, в 2001–2003 годах – Самарканда."
    assert not check_pair(en, ru).discrepancies
    changed = check_pair(en.replace("2001 to 2003", "2001 to 2004"), ru)
    assert find(changed, "date_mismatch", en="2001 to 2004", ru="2001–2003")
    dropped = check_pair("Arrests grew in 2011-2012.", "Число задержаний выросло.")
    assert find(dropped, "only_in_en", en="2011-2012")


def test_a_figure_inside_a_compound_adjective_is_not_one_sided():
    ru = "Критерии: круглосуточное присутствие активистов и отсутствие организатора."
    assert not check_pair(
        "Criteria: 24-hour presence of protesters and no organiser.", ru
    ).discrepancies
    report = check_pair("Criteria: presence of 24 protesters and no organiser.", ru)
    assert find(report, "only_in_en", en="24")


def test_translated_adjectives_and_local_place_names_are_no_findings():
    # "Autonomous" / «автономных» is a translated word, not a respelt name; Sughd is the
    # Tajik name of the region Russian calls Согдийская (data/exonyms.tsv).
    en = "Families living in Sughd and Gorno-Badakhshan Autonomous regions will receive aid."
    ru = "Помощь получат семьи в Согдийской и Горно-Бадахшанской автономных областях."
    assert not check_pair(en, ru).discrepancies
    # Moldovan outlets write the capital as Romanian does (Кишинэу).
    assert not check_pair(
        "Chisinau, 26 August - The minister met the coordinator.",
        "Кишинэу, 26 августа. Министр встретился с координатором.",
    ).discrepancies
    # An ordinary Russian word is no mention of a name it resembles (Nesterov / номеров).
    dropped = check_pair(
        "Among the guests was the painter M.V. Nesterov (1890).",
        "Среди них был художник М.В. (1890), снимавший один из номеров.",
    )
    assert find(dropped, "only_in_en", en="Nesterov")


def test_a_compound_of_places_is_there_in_a_compound_adjective():
    en = "Xi Jinping said China-Kazakhstan relations are strong."
    assert not check_pair(
        en, "Си Цзиньпин заявил, что китайско-казахстанские связи крепки."
    ).discrepancies
    report = check_pair(en, "Си Цзиньпин заявил, что китайские связи крепки.")
    assert find(report, "only_in_en", en="China-Kazakhstan")


def test_a_month_alone_is_compared_but_never_owed():
    changed = check_pair("The crew were to land in March.", "Экипаж должен был вернуться в апреле.")
    assert find(changed, "date_mismatch", en="in March", ru="в апреле")
    # A month agrees with a full date in it, and "by April" names an organisation.
    assert not check_pair(
        "The crew were to land on March 28, 2023.", "Экипаж должен был вернуться в марте."
    ).discrepancies
    assert not check_pair(
        "The campaign is run by April in Paris.", "Кампанию ведёт April в Париже."
    ).discrepancies
    dropped = check_pair("The crew were to land in March.", "Экипаж должен был вернуться.")
    assert not dropped.discrepancies


def test_a_count_and_its_unit_written_as_one_word_are_a_figure():
    en = "He paid a two-day visit. Nine-month turnover rose, and a 5-year plan was adopted."
    ru = "Он совершил двухдневный визит. Девятимесячный оборот вырос, принят пятилетний план."
    assert not check_pair(en, ru).discrepancies
    changed = check_pair(en, ru.replace("двухдневный", "трехдневный"))
    assert find(changed, "number_mismatch", en="two-day", ru="трехдневный")


def test_a_round_figure_with_a_scale_word_stands_for_the_exact_one():
    ru = "Закон даст гражданство 50 тысячам соотечественников."
    assert not check_pair("The law gives citizenship to 49,228 people.", ru).discrepancies
    farther = check_pair("The law gives citizenship to 48,228 people.", ru)
    assert find(farther, "number_mismatch", en="48,228 people")
    # Without a scale word a round figure is as exact as any other.
    digits = check_pair("It cost 2,001 dollars.", "Это стоило 2000 долларов.")
    assert find(digits, "number_mismatch", en="2,001 dollars")


def test_figures_that_count_unrelated_things_are_not_one_changed_figure():
    en = "He won the game in 17 moves, and 37 organisations took part."
    ru = "Он выиграл партию при 25 зрителях; участвовали 36 организаций."
    report = check_pair(en, ru)
    assert not find(report, "number_mismatch", en="17 moves")
    assert find(report, "number_mismatch", en="37 organisations", ru="36 организаций")
    # A noun that counts anything stands in any slot: 29 arrests are «28 человек».
    arrests = check_pair("Police made 29 arrests.", "Полиция задержала 28 человек.")
    assert find(arrests, "number_mismatch", en="29 arrests", ru="28 человек")


def test_a_camelcase_hashtag_is_matched_by_its_parts():
    en = "The criteria are met by #OccupyAbai near the monument and #OccupyBarricades in the park."
    ru = "Критериям соответствуют #ОккупайАбай у памятника и #ОккупайБаррикады в сквере."
    assert not check_pair(en, ru).discrepancies
    dropped = check_pair(en, ru.replace("#ОккупайБаррикады", "акции"))
    assert find(dropped, "only_in_en", en="OccupyBarricades")
    acronym = "Pickets such as #OccupySK took place later."
    assert not check_pair(acronym, "Позднее прошли пикеты вроде #ОккупайСК.").discrepancies


def test_a_short_name_is_not_taken_as_mentioned_by_a_near_spelling():
    report = check_pair(
        "Pickets at the State Duma against the law banning adoption by US citizens.",
        "Пикеты у Госдумы против закона «Димы Яковлева», запрещающего усыновление.",
    )
    assert find(report, "only_in_ru", ru="Димы Яковлева")


def test_the_one_unknown_acronym_on_each_side_of_a_link_is_one_body_translated():
    en = "The FSFE welcomed the court ruling on Tuesday."
    ru = "ЕФСПО приветствовал решение суда во вторник."
    assert not check_pair(en, ru).discrepancies
    two = check_pair("The FSFE and the OSBA welcomed the court ruling.", ru)
    assert find(two, "acronym_unmatched", en="OSBA")


def test_unknown_acronyms_pair_across_a_report_by_the_links_they_share():
    en = [
        "JINR hosted the visit of the EAEA delegation.",
        "JINR Director and RAS Academician Ivan Petrov welcomed the guests.",
    ]
    ru = [
        "ОИЯИ принял делегацию EAEA.",
        "Директор ОИЯИ академик РАН Иван Петров приветствовал гостей.",
    ]
    assert not check_pair("\n\n".join(en), "\n\n".join(ru)).discrepancies
    # A garbled copy beside the acronym it garbles is no translation of anything.
    garbled = ru[1].replace("РАН", "ОЯИИ")
    report = check_pair("\n\n".join(en), "\n\n".join([ru[0], garbled]))
    assert find(report, "acronym_unmatched", ru="ОЯИИ")


def test_changed_figures_pair_with_their_nearest_counterparts():
    report = check_pair(
        "In total, 37 organisations and 45 businesses signed the petition.",
        "Всего петицию подписали 46 предприятий и 36 организаций.",
    )
    assert find(report, "number_mismatch", en="37", ru="36")
    assert find(report, "number_mismatch", en="45", ru="46")


def test_a_changed_figure_is_quoted_with_what_it_counts():
    report = check_pair(
        "The letter was signed by 37 organisations and 45 businesses.",
        "Письмо подписали 46 предприятий и 36 организаций.",
    )
    organisations = find(report, "number_mismatch", en="37 organisations", ru="36 организаций")
    assert organisations and "37 organisations" in organisations[0].explanation
    paragraph = report.documents["en"].paragraphs[0]
    start, end = organisations[0].en_offsets
    assert paragraph[start:end] == "37 organisations"
    assert find(report, "number_mismatch", en="45 businesses", ru="46 предприятий")
    # Words that are no counted noun stay out of the quote.
    elected = check_pair("Of them, 33 were elected.", "Из них избраны 30.")
    (changed,) = find(elected, "number_mismatch")
    assert (changed.en, changed.ru) == ("33", "30")


def test_a_different_country_in_the_same_slot_is_a_name_mismatch():
    en = "France leads, followed by Germany and the Netherlands."
    report = check_pair(en, "Лидирует Франция, далее следуют Германия и Словения.")
    (swap,) = find(report, "name_mismatch", en="Netherlands", ru="Словения")
    assert swap.severity == "high" and "Slovenia" in swap.explanation
    same = check_pair(en, "Лидирует Франция, далее следуют Германия и Нидерланды.")
    assert not same.discrepancies
    # A country's name as an adjective is no place the other side owes.
    adjective = check_pair(
        "US officials met Dutch diplomats.", "Американские чиновники встретились с голландцами."
    )
    assert not adjective.discrepancies


def test_a_given_name_alone_does_not_stand_for_a_person_with_another_surname():
    report = check_pair(
        "The initiative was announced by Kazakhstan's leader, Kassym-Jomart Japarov.",
        "Инициатива объявлена лидером Казахстана Касым-Жомартом Токаевым.",
    )
    assert find(report, "only_in_en", en="Kassym-Jomart Japarov") or find(
        report, "name_mismatch", en="Kassym-Jomart Japarov"
    )


def test_a_latin_name_left_in_russian_text_is_compared_as_spelled():
    report = check_pair(
        "Free tickets to Shimane for three days and 100,000yen for transport.",
        "Бесплатные билеты в Shumane на три дня и 100,000 йен на транспорт.",
    )
    assert find(report, "name_variant", en="Shimane", ru="Shumane")
    assert not find(report, "only_in_ru") and not find(report, "only_in_en")


def test_spans_of_days_agree_only_if_they_end_alike():
    en = "The tournament will be held in Poland from 21 to 25 October."
    assert not check_pair(en, "Турнир пройдет в Польше с 21 по 25 октября.").discrepancies
    later = check_pair(en, "Турнир пройдет в Польше с 21 по 26 октября.")
    assert find(later, "date_mismatch", en="21 to 25 October", ru="21 по 26 октября")


def test_an_age_group_or_model_code_is_neither_a_figure_nor_a_stray_acronym():
    report = check_pair(
        "Seven Zenit U14s were called up; the Su-35 flew over the stadium.",
        "Семь игроков «Зенита» U-14 вызваны в сборную; над стадионом пролетел Су-35.",
    )
    assert not report.discrepancies


def test_a_womans_surname_and_a_numbered_stage_are_spelled_as_written():
    report = check_pair(
        "Zagitova won the final at the Mariinsky, ahead of Tuktamysheva.",
        "Загитова выиграла финал на сцене Мариинского-2, опередив Туктамышеву.",
    )
    assert not find(report, "name_variant")


def test_a_surname_variant_is_quoted_with_its_given_name_and_after_a_country():
    report = check_pair(
        "The Secretary of the Security Council of the Kyrgyz Republic Temir Zhumakadyrov said so.",
        "Так заявил секретарь Совета безопасности Кыргызской Республики Темир Джумакадыров.",
    )
    (variant,) = find(report, "name_variant")
    assert (variant.en, variant.ru) == ("Temir Zhumakadyrov", "Темир Джумакадыров")
    given = check_pair("Iskender Sydygaliev spoke.", "Выступил Искандер Сыдыгалиев.")
    (variant,) = find(given, "name_variant")
    assert (variant.en, variant.ru) == ("Iskender", "Искандер")


def test_a_duration_in_parts_is_one_figure_and_a_single_unit_needs_no_count():
    report = check_pair(
        "The final lasted one hour and 47 minutes; she scored 223.20 points.",
        "Финал продлился 1 час 48 минут; она набрала 223,30 балла.",
    )
    (score, duration) = sorted(find(report, "number_mismatch"), key=lambda f: f.en)
    assert (duration.en, duration.ru) == ("one hour and 47 minutes", "1 час 48 минут")
    assert "107 minutes" in duration.explanation and "108 minutes" in duration.explanation
    assert (score.en, score.ru) == ("223.20 points", "223,30 балла")
    about = check_pair(
        "It took just around one hour to set up.", "Подготовка заняла всего около часа."
    )
    assert not about.discrepancies


def test_an_academic_title_is_no_part_of_a_name():
    report = check_pair(
        "Academician Grigory Saidov welcomed the guests at the Institute.",
        "Гостей в институте приветствовал академик Григорий Трубников.",
    )
    (other,) = find(report, "name_mismatch") or find(report, "only_in_en")
    assert other.en == "Grigory Saidov"


def test_a_decade_is_ten_years_and_a_latin_name_inside_a_compound_is_there():
    report = check_pair(
        "Google has run containers for more than a decade; the external DevOps community "
        "noticed after three decades of research.",
        "Google уже больше десяти лет запускает контейнеры; внешнее DevOps-сообщество "
        "заметило это после трёх десятилетий исследований.",
    )
    assert not report.discrepancies
    changed = check_pair(
        "Google has run containers for more than a decade.",
        "Google уже больше двенадцати лет запускает контейнеры.",
    )
    assert find(changed, "number_mismatch", en="a decade")


@pytest.mark.parametrize(
    ("en", "ru", "quiet", "other"),
    [
        # English names transcribed into Russian by sound.
        (
            "Lavrov met Jeremy Hunt after talks with Boris Johnson in Washington.",
            "Лавров встретился с Джереми Хантом после переговоров с Борисом Джонсоном в "
            "Вашингтоне.",
            "name_variant",
            (
                "Lavrov met Boris Jackson in Washington.",
                "Лавров встретился с Борисом Джонсоном в Вашингтоне.",
                "Jackson",
            ),
        ),
        # German and French names in their own spelling.
        (
            "Harald Welte and Matthias Kirschner of the FSFE welcomed the ruling.",
            "Харальд Вельте и Маттиас Киршнер из FSFE приветствовали решение.",
            "name_variant",
            None,
        ),
        (
            "Astronaut David Saint-Jacques will fly to the station.",
            "На станцию полетит астронавт Давид Сен-Жак.",
            None,
            None,
        ),
        # An Arabic article written on one side only, a silent final h.
        (
            "Abdullah Gergawi arrived in Tashkent on Monday.",
            "Абдулла аль-Гергави прибыл в Ташкент в понедельник.",
            None,
            (
                "Abdullah Gergawi arrived in Tashkent on Monday.",
                "Абдулла аль-Гаргуни прибыл в Ташкент в понедельник.",
                "Gergawi",
            ),
        ),
    ],
)
def test_names_spelled_in_their_own_language_are_no_variants_and_another_name_is_found(
    en, ru, quiet, other
):
    # quiet: the kind that must not be reported, or None for no finding at all.
    report = check_pair(en, ru)
    assert not (find(report, quiet) if quiet else report.discrepancies)
    if other:
        other_en, other_ru, quote = other
        changed = check_pair(other_en, other_ru)
        assert find(changed, "name_mismatch", en=quote) or find(changed, "name_variant", en=quote)


@pytest.mark.parametrize(
    ("en", "ru", "respelt"),
    [
        # Letters each as some standard scheme writes them, German j, -ia, Kazakh ss, and
        # names in their own spelling.
        (
            "Karjakin beat Caruana and will play Carlsen; Yulia Lipnitskaya read Dostoevsky "
            "at the Tchaikovsky Hall with Kassym-Jomart Tokayev.",
            "Карякин обыграл Каруану и сыграет с Карлсеном; Юлия Липницкая читала Достоевского "
            "в зале Чайковского с Касым-Жомартом Токаевым.",
            ("Dostoevsky", "Dostaevsky"),
        ),
        # A foreign name in an oblique case.
        (
            "The director welcomed Professor Amr El-hag at the Institute.",
            "Директор приветствовал в институте профессора Амра Эль-Хага.",
            ("Amr", "Omr"),
        ),
        # Romanian, Japanese and German names in Russian transcription.
        (
            "Prime Minister Dorin Recean and Natalia Gavrilita met Olaf Scholz and Frank-Walter "
            "Steinmeier in Shimane.",
            "Премьер-министр Дорин Речан и Наталья Гаврилица встретились с Олафом Шольцем и "
            "Франком-Вальтером Штайнмайером в Симанэ.",
            ("Recean", "Recan"),
        ),
        # Spanish names in Russian transcription.
        (
            "José Luis Rodríguez Zapatero met Juan Jiménez and María Victoria Romero Caballero.",
            "Хосе Луис Родригес Сапатеро встретился с Хуаном Хименесом и Марией Викторией "
            "Ромеро Кабальеро.",
            ("Jiménez", "Jimenas"),
        ),
        # Polish names in Russian transcription.
        (
            "Radosław Sikorski met Karol Nawrocki and Jarosław Kaczyński in Warsaw.",
            "Радослав Сикорский встретился с Каролем Навроцким и Ярославом Качиньским в Варшаве.",
            ("Nawrocki", "Nawracki"),
        ),
        # French names in Russian transcription.
        (
            "Jacques Chirac met François Bayrou and Guillaume Gauthier; Ons Jabeur won.",
            "Жак Ширак встретился с Франсуа Байру и Гийомом Готье; победила Онс Жабер.",
            ("Jabeur", "Jabour"),
        ),
        # Estonian and Finnish names in Russian transcription; a name in -а in an oblique case.
        (
            "Ott Tänak beat Jari-Matti Latvala; Kersti Kaljulaid met Kaja Kallas in Nõgene.",
            "Отт Тянак обыграл Яри-Матти Латвалу; Керсти Кальюлайд встретилась с Каей Каллас "
            "в Ныгене.",
            ("Tänak", "Tünak"),
        ),
        # Portuguese names in Russian transcription.
        (
            "President Luiz Inácio Lula da Silva met João Gonçalves.",
            "Президент Луис Инасиу Лула да Силва встретился с Жоаном Гонсалвешем.",
            ("Gonçalves", "Gonçalvas"),
        ),
        # Central Asian j for ж and дж; established spellings of public figures.
        (
            "Sadyr Japarov met Serdar Berdimuhamedov and Sirojiddin Muhriddin.",
            "Садыр Жапаров встретился с Сердаром Бердымухамедовым и Сироджиддином Мухриддином.",
            ("Japarov", "Japorov"),
        ),
        # Arabic names in English spelling.
        (
            "Rasheed Al-Sheikh met Youssef Mahmoud in Doha.",
            "Рашид Аль-Шейх встретился с Юсефом Махмудом в Дохе.",
            ("Mahmoud", "Mahmoun"),
        ),
        # Georgian and Armenian forms of given names; gh for г.
        (
            "Irakli Gharibashvili, Giorgi Gakharia and Hovhannes Sargsyan met in Tbilisi.",
            "Ираклий Гарибашвили, Георгий Гахария и Ованес Саргсян встретились в Тбилиси.",
            ("Gakharia", "Gakhoria"),
        ),
        # English names in Russian practical transcription.
        (
            "Ambassador John Sullivan met Paul Whelan, Michael Calvey and Robert O’Brien.",
            "Посол Джон Салливан встретился с Полом Уиланом, Майклом Калви и Робертом О’Брайеном.",
            ("Whelan", "Whelam"),
        ),
    ],
)
def test_standard_renderings_are_no_variants_and_a_respelling_is(en, ru, respelt):
    assert not find(check_pair(en, ru), "name_variant")
    right, wrong = respelt
    assert find(check_pair(en.replace(right, wrong), ru), "name_variant", en=wrong)


def test_chinese_names_in_pinyin_are_their_palladius_transcription():
    ru = "Си Цзиньпин встретился с Ли Кэцяном в Сиане, сообщило Синьхуа."
    assert not check_pair("Xi Jinping met Li Keqiang in Xi'an, Xinhua reported.", ru).discrepancies
    other = check_pair("Xi Jinping met Li Qiang in Xi'an, Xinhua reported.", ru)
    assert find(other, "only_in_en", en="Qiang") or find(other, "name_mismatch", en="Qiang")


def test_a_surname_alone_is_read_in_the_language_its_full_name_shows():
    # "Luís" shows a Portuguese name, so "Sousa" alone is Соза, no other person.
    en = "Minister Luís Sousa will visit.\n\nOn Monday Sousa will arrive."
    ru = "Министр Луиш Соза посетит регион.\n\nВ понедельник Луиш Соза прибудет."
    assert not check_pair(en, ru).discrepancies
    # Without it, Соза is one letter off how English or Arabic spelling would read Sousa.
    plain = en.replace("Luís Sousa", "Sousa")
    assert find(check_pair(plain, ru), "name_variant", en="Sousa")


def test_typos_stay_variants_where_lenient_readings_exist():
    # Токаев is also a word of the dictionary, and Finnish writes doubled letters: neither
    # makes a typo the name's rendering.
    ru = "Президент Касым-Жомарт Токаев встретился с представителями Мальты."
    assert not check_pair(
        "President Kassym-Jomart Tokayev met officials from Malta.", ru
    ).discrepancies
    report = check_pair("President Kassym-Jomart Tokayav met officials from Maltta.", ru)
    assert find(report, "name_variant", en="Tokayav")
    assert find(report, "name_variant", en="Maltta")


def test_a_misspelt_name_inside_a_longer_name_is_a_variant():
    en = "It is hosted by the Defence Ministry of Kazakhsttan in Astana."
    ru = "Принимающей стороной является Министерство обороны Республики Казахстан в Астане."
    assert find(check_pair(en, ru), "name_variant", en="Kazakhsttan", ru="Казахстан")
    assert not check_pair(en.replace("Kazakhsttan", "Kazakhstan"), ru).discrepancies


def test_a_transcription_with_yo_matches_however_the_russian_writes_it():
    for russian in ("Сёдзи", "Седзи"):
        report = check_pair("Shoji Ito arrived in Tokyo.", f"{russian} Ито прибыл в Токио.")
        assert not report.discrepancies, russian


def test_a_party_named_after_its_leader_holds_the_leaders_name():
    en = (
        "A party established by a former lawmaker, Davit Chichinadze-Tribuna-Christian "
        "Democratic Movement, submitted its list to the Central Election Commission."
    )
    ru = (
        "Партия, основанная бывшим депутатом Давидом Чичинадзе, представила список в "
        "Центральную избирательную комиссию."
    )
    assert not check_pair(en, ru).discrepancies
    other = check_pair(en, ru.replace("Давидом Чичинадзе", "Георгием Вашадзе"))
    assert find(other, "name_mismatch") or find(other, "only_in_ru", ru="Георгием Вашадзе")


def test_counts_set_against_each_other_are_figures_and_a_repeat_is_no_extra():
    en = "Parliament will have 120 proportional and 30 majoritarian seats (change from 77/73)."
    ru = (
        "Выборы пройдут по формуле 120/30: депутаты изберут 120 (вместо 77) по спискам и "
        "30 (вместо 73) по округам."
    )
    assert not check_pair(en, ru).discrepancies
    changed = check_pair(en.replace("77/73", "82/73"), ru)
    assert find(changed, "number_mismatch", en="82", ru="77")


def test_a_garbled_acronym_is_reported_even_in_a_paragraph_with_no_counterpart():
    en = (
        "Party list of the CDM and the MCD\n\n"
        "The Christian Democratic Movement submitted its list to the election commission."
    )
    ru = "Христианско-демократическое движение представило список в избирательную комиссию."
    report = check_pair(en, ru)
    (garbled,) = find(report, "acronym_unmatched")
    assert garbled.en == "MCD" and "garbled CDM" in garbled.explanation


def test_a_measure_is_quoted_with_what_it_measures():
    report = check_pair(
        "The court gave him three years’ probation.", "Суд приговорил его к пяти годам условно."
    )
    (changed,) = find(report, "number_mismatch")
    assert changed.en == "three years’ probation"


def test_a_possessive_ends_a_name_and_a_closed_compound_is_an_ordinary_word():
    en = "Ambassador Sullivan’s Roundtable with Russian media took place in Moscow."
    ru = "В Москве прошёл круглый стол посла Джона Салливана с российскими СМИ."
    assert not check_pair(en, ru).discrepancies
    other = check_pair(en, ru.replace("Джона Салливана", "Джона Хантсмана"))
    assert find(other, "name_mismatch", en="Sullivan") or find(other, "only_in_en", en="Sullivan")


def test_a_capital_beside_its_country_is_no_place_left_out():
    en = "The adviser will lead the U.S. delegation to Russia on May 9."
    ru = "Советник возглавит делегацию США, которая приедет в Москву 9 мая."
    assert not check_pair(en, ru).discrepancies
    other = check_pair(en, ru.replace("в Москву", "в Киев"))
    assert find(other, "only_in_ru", ru="Киев")


def test_a_capital_left_out_beside_its_country_named_on_both_sides_is_found():
    en = "The course opened in Dushanbe, Tajikistan, on 12 May."
    ru = "Курс открылся в Таджикистане 12 мая."
    assert find(check_pair(en, ru), "only_in_en", en="Dushanbe")


def test_a_name_in_its_national_cyrillic_letters_matches_their_plain_latin():
    en = "The akim laid flowers at the monument to Baidibek in Turkestan."
    ru = "Аким возложил цветы к памятнику Бәйдібек в Туркестане."
    assert not check_pair(en, ru).discrepancies
    # In Russian letters (Тунч / Tunc, in the sample pair) a dropped diacritic stays a variant.


def test_a_day_told_as_today_or_a_weekday_is_not_a_date_left_out():
    en = "President Ilham Aliyev has today received a delegation of the European Parliament."
    ru = "Президент Ильхам Алиев в понедельник, 22 мая, принял делегацию Европейского парламента."
    assert not find(check_pair(en, ru), "only_in_ru")
    # A date beside a date is compared, not excused.
    dated = check_pair(en.replace("today", "on 21 May"), ru)
    assert find(dated, "date_mismatch", en="21 May", ru="22 мая")


def test_a_dateline_gives_its_agency_and_a_date_owed_only_where_nothing_else_dates_the_day():
    en = "President Ilham Aliyev today received the delegation of the European Parliament."
    ru = "БАКУ, 22 мая — Sputnik. Президент Ильхам Алиев принял делегацию Европарламента."
    assert [(f.kind, f.ru) for f in check_pair(en, ru).discrepancies] == [("only_in_ru", "Sputnik")]
    undated = check_pair(en.replace(" today", ""), ru)
    assert [(f.kind, f.ru) for f in undated.discrepancies] == [
        ("only_in_ru", "22 мая"),
        ("only_in_ru", "Sputnik"),
    ]
    # "…, Trend reports." names an outlet, however ordinary its word.
    en = "BAKU, Azerbaijan, December 29. The budget law for 2026 was approved, Trend reports."
    ru = "Утвержден закон о бюджете на 2026 год."
    assert [(f.kind, f.en) for f in check_pair(en, ru).discrepancies] == [
        ("only_in_en", "December 29"),
        ("only_in_en", "Trend"),
    ]
    en = "ASTANA, 21 December 2012 – An OSCE conference started in Astana today."
    ru = "АСТАНА, 21 ноября 2012 – Конференция ОБСЕ открылась сегодня в Астане."
    assert find(check_pair(en, ru), "date_mismatch", en="21 December 2012")


def test_an_acronym_one_letter_from_its_counterpart_is_quoted_beside_it():
    en = "The ambassadors discussed the Palestinian question at the UN General Assembly."
    ru = "Послы обсудили палестинский вопрос на Генеральной ассамблее ОНН."
    (garbled,) = find(check_pair(en, ru), "acronym_unmatched")
    assert (garbled.en, garbled.ru) == ("UN", "ОНН") and "misspelt ООН" in garbled.explanation
    assert not find(check_pair(en, ru.replace("ОНН", "ООН")), "acronym_unmatched")


def test_a_one_sided_place_or_weekday_is_quoted_with_its_preposition():
    en = "President Ilham Aliyev met the OSCE Chairman on Tuesday."
    ru = "Президент Ильхам Алиев встретился в Мюнхене с председателем ОБСЕ."
    report = check_pair(en, ru)
    (place,) = find(report, "only_in_ru")
    assert place.ru == "в Мюнхене" and place.ru_offsets == (ru.index("в Мюнхене"), ru.index(" с "))
    assert find(report, "only_in_en", en="on Tuesday")


def test_a_reworded_headline_owes_no_name_the_other_report_gives_below():
    en = (
        "Olzhas Bektenov presents new akim to Turkestan region\n\n"
        "Prime Minister Olzhas Bektenov attended the meeting, and Nuralkhan Kusherov was "
        "appointed akim of Turkestan region."
    )
    ru = (
        "Нуралхан Кушеров возглавил Туркестанскую область\n\n"
        "Премьер-министр Олжас Бектенов принял участие в собрании, Нуралхан Кушеров "
        "назначен акимом Туркестанской области."
    )
    report = check_pair(en, ru)
    assert not find(report, "only_in_en") and not find(report, "only_in_ru")


def test_a_name_of_a_demonym_and_common_words_is_translated_not_left_out():
    en = (
        "President Ilham Aliyev met OSCE Chair-in-Office, Minister for Foreign and European "
        "Affairs and Trade of the Republic of Malta Ian Borg."
    )
    ru = (
        "Президент Ильхам Алиев встретился с действующим председателем ОБСЕ, министром "
        "иностранных, европейских дел и торговли Мальты Яном Боргом."
    )
    assert not find(check_pair(en, ru), "only_in_en")


def test_a_one_sided_figure_is_quoted_with_its_preposition_and_what_it_is_a_share_of():
    en = "The parliament will have 120 proportional seats, and the threshold is 1% of votes."
    ru = "Избиратели изберут 120 из 150 депутатов по пропорциональной системе."
    report = check_pair(en, ru)
    assert find(report, "only_in_ru", ru="из 150 депутатов")
    assert find(report, "only_in_en", en="1% of votes")


def test_a_figure_a_merged_paragraph_repeats_is_given_once_by_the_other():
    en = (
        "Air Baltic's turnover rose 28.2 percent to €219.3 million in the third quarter, "
        "while the airline had losses of €5.5 million, its chief executive said on Monday."
    )
    ru = (
        "Оборот Air Baltic в третьем квартале увеличился на 28,2% до 219,3 млн евро, "
        "а убыток составил 5,5 млн евро.\n\n"
        "Об убытке в 5,5 млн евро в понедельник сообщил глава авиакомпании."
    )
    report = check_pair(en, ru)
    assert [(link.en, link.ru) for link in report.alignment] == [((0,), (0, 1))]
    assert not report.discrepancies


def test_a_known_body_one_side_abbreviates_and_the_other_never_names_is_one_sided():
    en = "Foreign ministers met in Vienna on Thursday to discuss the OSCE budget."
    ru = "Министры иностранных дел встретились в Вене в четверг и обсудили бюджет."
    (dropped,) = find(check_pair(en, ru), "only_in_en")
    assert dropped.en == "OSCE" and "acronym" in dropped.explanation
    spelled = ru.replace("бюджет", "бюджет Организации по безопасности и сотрудничеству в Европе")
    assert not find(check_pair(en, spelled), "only_in_en")
    # A common noun's letters (GDP) are translated as words, and США is a country, here
    # in its currency.
    en = "The bank lent $5 million as GDP rose by 2.5% in the quarter."
    ru = "Банк выдал 5 млн долларов США, а валовой продукт вырос на 2,5% за квартал."
    assert not check_pair(en, ru).discrepancies


def test_last_years_as_an_adjective_is_a_relative_date():
    en = "This year the airline made a net profit of €9.1 million."
    ru = "Прошлогодняя прибыль авиакомпании составила 9,1 млн евро."
    assert find(check_pair(en, ru), "date_mismatch", en="This year", ru="Прошлогодняя")


def test_a_day_inside_the_other_sides_span_of_days_is_the_same_date():
    ru = "Сессия прошла 25 – 26 ноября 2019 г. в Дубне."
    assert not check_pair("The session ended on 26 November 2019 in Dubna.", ru).discrepancies
    later = check_pair("The session ended on 28 November 2019 in Dubna.", ru)
    assert find(later, "date_mismatch", en="28 November 2019")


def test_a_part_of_a_year_is_compared_by_its_months():
    en = "The airline's turnover in the third quarter (Q3) of 2023 rose by 28.2 percent."
    ru = "Оборот авиакомпании в третьем квартале 2023 года увеличился на 28,2%."
    assert not check_pair(en, ru).discrepancies
    changed = check_pair(en.replace("third quarter (Q3)", "first three quarters"), ru)
    (finding,) = find(changed, "date_mismatch", en="first three quarters", ru="третьем квартале")
    assert "January–September 2023" in finding.explanation and "Q3 of 2023" in finding.explanation
    # The first nine months of a year told as nine months, and a year told by its part.
    assert not check_pair(
        "In the first nine months of the year it served 3.4 million passengers.",
        "За девять месяцев компания обслужила 3,4 млн пассажиров.",
    ).discrepancies
    assert not check_pair(
        "In 2022 its losses reached €33.9 million in the third quarter.",
        "В третьем квартале 2022 года убыток составил 33,9 млн евро.",
    ).discrepancies


def test_an_undotted_yo_a_site_name_and_ukrainian_given_names_are_not_variants():
    # Russian print leaves ё undotted: Мирзиеев is Mirziyoyev, as Мирзиёев.
    report = check_pair(
        "Kassym-Jomart Tokayev called Shavkat Mirziyoyev, Akorda reports.",
        "Касым-Жомарт Токаев позвонил Шавкату Мирзиееву, передает Akorda.kz.",
    )
    assert not report.discrepancies
    assert find(
        check_pair("Shavkat Mirziyayev spoke.", "Шавкат Мирзиеев выступил."),
        "name_variant",
        en="Mirziyayev",
    )
    # A Ukrainian named in Ukrainian by the English and in Russian by the Russian.
    assert not check_pair(
        "Oleksiy Kashchuk scored the winner.", "Победный гол забил Алексей Кащук."
    ).discrepancies


def test_a_name_the_other_report_gives_only_in_an_unaligned_paragraph_is_not_owed_again():
    en = (
        "Qarabag beat Benfica 3-2 in Lisbon in the Champions League.\n\n"
        "Weather in the city was cold and a light rain fell all evening over the stadium."
    )
    ru = (
        "«Карабах» обыграл «Бенфику» со счетом 3:2 в Лиссабоне в Лиге чемпионов, "
        "победный гол забил Алексей Кащук.\n\n"
        "Главный тренер заявил, что команда готова к следующему матчу в Копенгагене."
    )
    with_name = en.replace("evening", "evening, when Oleksiy Kashchuk scored")
    report = check_pair(with_name, ru)
    assert find(report, "unaligned_paragraph", en="Oleksiy Kashchuk")
    assert not find(report, "only_in_ru", ru="Алексей Кащук")
    assert find(check_pair(en, ru), "only_in_ru", ru="Алексей Кащук")


def test_a_ministry_named_with_other_portfolios_is_a_name_mismatch():
    en = "The karateka won gold, the Ministry of Culture and Sports of Kazakhstan announced."
    ru = "Каратист завоевал золото, сообщило Министерство культуры и спорта Казахстана."
    assert not check_pair(en, ru).discrepancies
    changed = check_pair(en, ru.replace("культуры", "туризма"))
    (finding,) = find(changed, "name_mismatch", en="Ministry of Culture", ru="туризма и спорта")
    assert "culture and sport" in finding.explanation and "sport and tourism" in finding.explanation
