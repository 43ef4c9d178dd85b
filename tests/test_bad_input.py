"""Whatever analysts paste in: the pipeline answers with a report or one clear message."""

from __future__ import annotations

import pytest

from aligner import check_document, check_pair
from aligner.errors import AlignerError, InputError
from aligner.pipeline import check_texts

EN = (
    "On November 20, justice ministers of the Organization of Turkic States met in Baku.\n\n"
    "The meeting was chaired by Azerbaijan's Justice Minister Farid Ahmadov."
)
RU = (
    "20 ноября в Баку прошла встреча министров юстиции Организации тюркских государств.\n\n"
    "Встречу провёл министр юстиции Азербайджана Фарид Ахмедов."
)


def test_empty_and_whitespace_texts_are_refused_by_name():
    with pytest.raises(InputError, match="^a.txt: is empty"):
        check_texts([("a.txt", "")])
    with pytest.raises(InputError, match="^b.txt: (is empty|has no readable text)"):
        check_texts([("b.txt", " \n\t \u200b ")])


def test_both_texts_in_one_language_name_both_files():
    with pytest.raises(AlignerError, match="x.txt and y.txt are both in English"):
        check_texts([("x.txt", EN), ("y.txt", EN)])


def test_a_third_language_is_named():
    german = (
        "Die Justizminister der Mitgliedstaaten trafen sich in Baku, "
        "um über Zusammenarbeit zu beraten."
    )
    with pytest.raises(InputError, match="de.txt: is in German"):
        check_texts([("de.txt", german)])


def test_ukrainian_is_not_taken_for_russian():
    ukrainian = (
        "Міністри юстиції держав-членів Організації тюркських держав зустрілися в Баку, "
        "щоб обговорити співпрацю."
    )
    with pytest.raises(InputError, match="is in Ukrainian"):
        check_texts([("uk.txt", ukrainian)])


def test_pair_given_in_either_order():
    report = check_texts([("ru.txt", RU), ("en.txt", EN)], embedder="trigram-test")
    assert report.documents["en"].source == "en.txt" and report.documents["ru"].source == "ru.txt"


def test_mixed_language_document_reports_the_odd_paragraphs():
    mixed = RU + "\n\nThis paragraph was left in English by the editor of the Russian page."
    report = check_pair(EN, mixed, embedder="trigram-test")
    assert report.documents["ru"].paragraph_languages == ("ru", "ru", "en")
    from aligner.cli import summary

    assert "paragraphs in another language: 2 (en)" in summary(report)


def test_control_characters_zero_width_and_soft_hyphens_are_cleaned():
    dirty = "Встречу\u200b провёл ми\u00adнистр\x07 юстиции\u00a0Азербайджана Фарид Ахмедов."
    report = check_pair(EN, RU.split("\n\n")[0] + "\n\n" + dirty, embedder="trigram-test")
    assert (
        "Встречу провёл министр юстиции Азербайджана Фарид Ахмедов."
        in report.documents["ru"].paragraphs
    )


def test_homoglyphs_are_a_finding():
    report = check_pair(EN, RU.replace("Баку", "Бaку"), embedder="trigram-test")
    (mixed,) = [f for f in report.discrepancies if f.kind == "mixed_script"]
    assert mixed.ru == "Бaку" and mixed.severity == "medium"
    assert [f.kind for f in check_document(RU.replace("Баку", "Бaку")).discrepancies] == [
        "mixed_script"
    ]


def test_markup_in_a_pasted_document_is_text_not_code():
    hostile = (
        EN
        + '\n\n<script>alert("x")</script> and <img src=x onerror="alert(1)"> &amp; 2<sup>nd</sup>'
    )
    report = check_pair(hostile, RU, embedder="trigram-test")
    last = report.documents["en"].paragraphs[-1]
    assert '<script>alert("x")</script>' in last and "onerror" in last and "& 2nd" in last


def test_markdown_table_rows_become_paragraphs():
    table = (
        "| Country | Minister |\n|---|---|\n"
        "| Azerbaijan | Farid Ahmadov |\n| Türkiye | Yilmaz Tunc |"
    )
    report = check_document(table)
    assert report.documents["en"].paragraphs == (
        "Country\tMinister",
        "Azerbaijan\tFarid Ahmadov",
        "Türkiye\tYilmaz Tunc",
    )


def test_one_fifty_thousand_character_paragraph():
    long_en = "The minister of justice spoke about cooperation in Baku. " * 900
    long_ru = "Министр юстиции говорил о сотрудничестве в Баку. " * 1000
    report = check_pair(long_en, long_ru, embedder="trigram-test")
    assert len(report.documents["en"].paragraphs[0]) > 50_000
    assert [(link.en, link.ru) for link in report.alignment] == [((0,), (0,))]


def test_five_thousand_one_line_paragraphs():
    en = "\n\n".join(f"Line {i}: the minister met {i} delegates in Baku." for i in range(5000))
    ru = "\n\n".join(
        f"Строка {i}: министр встретился с {i} делегатами в Баку." for i in range(5000)
    )
    report = check_pair(en, ru, embedder="trigram-test")
    for lang in ("en", "ru"):
        covered = sorted(i for link in report.alignment for i in getattr(link, lang))
        assert covered == list(range(5000))
