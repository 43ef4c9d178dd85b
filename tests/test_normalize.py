"""Normalisation repairs the damage real extraction leaves, and nothing else."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.normalize import clean_characters, normalize


def test_sample_page_break_damage_is_repaired(sample_pair):
    paragraphs = normalize(sample_pair[1]).paragraphs
    text = "\n".join(paragraphs)
    # A word hyphenated across a page break is rejoined ...
    assert "расширения обмена опытом между государствами-членами" in text
    # ... and paragraphs cut mid-sentence are joined with their continuation.
    assert any("упрощает процессы, но и формирует" in p for p in paragraphs)
    assert any("провести третью встречу министров юстиции" in p for p in paragraphs)
    # Real hyphens stay.
    assert "пресс-службе" in text


def test_sample_headline_and_byline_stay_paragraphs(sample_pair):
    paragraphs = normalize(sample_pair[1]).paragraphs
    assert paragraphs[0] == "Страны ОТГ усиливают правовое сотрудничество"
    assert paragraphs[-1] == "Отдел политики"
    # Markdown emphasis is gone from the lead.
    assert paragraphs[2].startswith("20 ноября в Баку")
    assert "**" not in "".join(paragraphs)


def test_leading_metadata_is_not_body_text(sample_pair):
    result = normalize(sample_pair[0])
    assert result.metadata == {"date": "2025-11-20"}
    assert result.paragraphs[0].startswith("On November 20, justice ministers")


def test_markdown_and_inline_html_become_plain_text(sample_single):
    paragraphs = normalize(sample_single).paragraphs
    assert paragraphs[0].startswith("Final Declaration of the 2nd Meeting")
    assert any("the 3rd Meeting of the Council" in p for p in paragraphs)
    assert not any("<sup>" in p or "**" in p or p.startswith("#") for p in paragraphs)


def test_table_rows_are_paragraphs_of_their_own(sample_single):
    paragraphs = normalize(sample_single).paragraphs
    rows = [p for p in paragraphs if "\t" in p]
    assert len(rows) == 6
    assert rows[2].endswith("Berik ASSYLOV")


def test_hyphen_at_a_line_break_inside_a_paragraph():
    text = "The delegations discussed the informa-\ntion exchange and the user-\nfriendly portal."
    (paragraph,) = normalize(text).paragraphs
    assert (
        paragraph
        == "The delegations discussed the information exchange and the user-friendly portal."
    )


def test_hard_wrapped_paragraphs_are_joined_and_kept_apart():
    text = (
        "The ministers met in Baku on Thursday and agreed\n"
        "to expand cooperation in the field of justice.\n"
        "\n"
        "The next meeting will be held in Ankara."
    )
    assert normalize(text).paragraphs == (
        "The ministers met in Baku on Thursday and agreed to expand cooperation "
        "in the field of justice.",
        "The next meeting will be held in Ankara.",
    )


def test_lone_page_numbers_are_dropped():
    text = "Первая часть текста, которая\n\n12\n\nпродолжается на следующей странице."
    assert normalize(text).paragraphs == (
        "Первая часть текста, которая продолжается на следующей странице.",
    )


def test_invisible_characters_are_removed_and_spaces_unified():
    text = "Ми\u00adнистр\u200b юстиции\u00a0Азербайджана\ufeff"
    assert clean_characters(text) == "Министр юстиции Азербайджана"


def test_unknown_tags_stay_as_text():
    """Only formatting tags are stripped; a <script> in a document is shown, not lost."""
    (paragraph,) = normalize("Attack <script>alert(1)</script> and 2<sup>nd</sup> line").paragraphs
    assert "<script>alert(1)</script>" in paragraph
    assert "2nd line" in paragraph


_LETTERS = st.text(
    alphabet=st.sampled_from("abcdefghij абвгдежзий.,-\n\t*#<>&\u00ad\u200b\u00a0"), max_size=300
)


@settings(max_examples=200, deadline=None)
@given(_LETTERS)
def test_normalisation_never_invents_letters(text):
    """Letters out are letters in, in order, minus only what the named repairs remove."""
    out = "".join(normalize(text).paragraphs)
    letters_in = [c for c in text if c.isalpha()]
    letters_out = [c for c in out if c.isalpha()]
    # Every output letter comes from the input, in order (a subsequence).
    it = iter(letters_in)
    assert all(any(c == d for d in it) for c in letters_out)


_PLAIN = st.text(
    alphabet=st.sampled_from("abcdefghij абвгдежзий.,-\n\u00ad\u200b\u00a0"), max_size=300
)


@settings(max_examples=200, deadline=None)
@given(_PLAIN)
def test_plain_text_keeps_every_letter(text):
    """Without markup or metadata there is nothing to strip: every letter survives, in order."""
    out = "".join(normalize(text).paragraphs)
    assert [c for c in out if c.isalpha()] == [c for c in text if c.isalpha()]
