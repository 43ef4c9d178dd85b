"""Alignment: every paragraph in exactly one link; merges, splits and drops found on real text."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aligner.align import (
    _attach_leftovers,
    _group_short_lone,
    _pair_gaps,
    _pair_headlines,
    _split_lone,
    align,
)
from aligner.embed import get_embedder
from aligner.normalize import normalize
from aligner.report import Link

EVAL_PAIRS = Path(__file__).resolve().parent.parent / "data" / "eval" / "pairs"


def _random_encode(texts):
    """Unrelated random unit vectors, seeded by content: the worst case for the programme."""
    rows = []
    for text in texts:
        seed = int.from_bytes(hashlib.sha1(text.encode()).digest()[:4], "little")
        v = np.random.default_rng(seed).normal(size=32)
        rows.append(v / np.linalg.norm(v))
    return np.array(rows, dtype=np.float32).reshape(len(texts), 32)


def _covered_once(links, n, m):
    en = sorted(i for link in links for i in link.en)
    ru = sorted(j for link in links for j in link.ru)
    return en == list(range(n)) and ru == list(range(m))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.text(min_size=1, max_size=20), max_size=12),
    st.lists(st.text(min_size=1, max_size=20), max_size=12),
)
def test_every_paragraph_is_in_exactly_one_link(en, ru):
    result = align(en, ru, _random_encode)
    assert _covered_once(result.links, len(en), len(ru))
    assert result.similarity.shape == (len(en), len(ru))


def test_large_inputs_use_the_band_and_still_cover_everything():
    en = [f"english paragraph {i}" for i in range(600)]
    ru = [f"russian paragraph {i}" for i in range(550)]
    result = align(en, ru, _random_encode)
    assert _covered_once(result.links, 600, 550)


def _pair(name: str) -> tuple[list[str], list[str]]:
    en = normalize((EVAL_PAIRS / f"{name}.en.txt").read_text(encoding="utf-8")).paragraphs
    ru = normalize((EVAL_PAIRS / f"{name}.ru.txt").read_text(encoding="utf-8")).paragraphs
    assert len(en) == len(ru)
    return list(en), list(ru)


def _pairs_of(links):
    return {(i, j) for link in links for i in link.en for j in link.ru}


def _f1(found, truth):
    tp = len(found & truth)
    if not tp:
        return 0.0
    p, r = tp / len(found), tp / len(truth)
    return 2 * p * r / (p + r)


def _restructure(en: list[str], ru: list[str]):
    """Merge two English body paragraphs, split a Russian one at a sentence, drop one a side.

    Returns the edited lists and the true links as (new English index, new Russian index).
    """
    from aligner.segment import sentence_spans

    merge = next(i for i in range(2, len(en) - 1) if min(len(en[i]), len(en[i + 1])) >= 60)
    split = next(
        (
            j
            for j in range(merge + 2, len(ru))
            if len(ru[j]) >= 100 and len(sentence_spans(ru[j])) >= 2
        ),
        max(range(merge + 2, len(ru) - 4), key=lambda j: len(ru[j])),
    )
    drop_en, drop_ru = split + 2, split + 4
    # Each piece of text: (text, original index it translates).
    en_pieces = [(p, i) for i, p in enumerate(en)]
    en_pieces[merge : merge + 2] = [(en[merge] + " " + en[merge + 1], (merge, merge + 1))]
    spans = sentence_spans(ru[split])
    cut = spans[1][0] if len(spans) > 1 else ru[split].rfind(" ", 0, len(ru[split]) // 2 + 1)
    ru_pieces = [(p, j) for j, p in enumerate(ru)]
    ru_pieces[split : split + 1] = [
        (ru[split][:cut].strip(), split),
        (ru[split][cut:].strip(), split),
    ]
    en_pieces = [(p, k) for p, k in en_pieces if k != drop_en]
    ru_pieces = [(p, k) for p, k in ru_pieces if k != drop_ru]

    def originals(k):
        return set(k) if isinstance(k, tuple) else {k}

    truth = {
        (a, b)
        for a, (_, ka) in enumerate(en_pieces)
        for b, (_, kb) in enumerate(ru_pieces)
        if originals(ka) & originals(kb)
    }
    return [p for p, _ in en_pieces], [p for p, _ in ru_pieces], truth


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["uz06-pk-culture", "uz10-trade", "uz02-president-bio", "uz14-taxes-business"]
)
def test_restructured_translation_is_recovered(name):
    en, ru = _pair(name)
    en_final, ru_final, truth = _restructure(en, ru)
    result = align(en_final, ru_final, get_embedder().encode)
    assert _covered_once(result.links, len(en_final), len(ru_final))
    found = _pairs_of(result.links)
    assert _f1(found, truth) >= 0.95, (sorted(truth - found), sorted(found - truth))
    # Paragraphs whose partner was dropped are left without a counterpart, not forced.
    linked_en = {i for i, _ in found}
    linked_ru = {j for _, j in found}
    lonely_en = set(range(len(en_final))) - {i for i, _ in truth}
    lonely_ru = set(range(len(ru_final))) - {j for _, j in truth}
    assert not (lonely_en & linked_en) and not (lonely_ru & linked_ru)


@pytest.mark.slow
def test_sample_pair_alignment_matches_the_gold(sample_report):
    """The news item against the press release: headline and byline unlinked, 8 links."""
    links = sample_report.alignment
    ru = sample_report.documents["ru"].paragraphs
    unlinked_ru = [ru[link.ru[0]] for link in links if link.ru and not link.en]
    assert unlinked_ru[0] == "Страны ОТГ усиливают правовое сотрудничество"
    assert unlinked_ru[-1] == "Отдел политики"
    # The sub-headline may go with the lead or stand alone; nothing else is unlinked.
    assert len(unlinked_ru) <= 3
    linked = [link for link in links if link.en and link.ru]
    assert [link.en for link in linked] == [(i,) for i in range(8)]
    assert all(link.score > 0.6 for link in linked)


@pytest.mark.slow
def test_a_moved_paragraph_is_linked_as_crossing():
    en, ru = _pair("uz10-trade")
    moved = ru[5]
    ru_moved = ru[:5] + ru[6:12] + [moved] + ru[12:]
    result = align(en, ru_moved, get_embedder().encode)
    crossing = [link for link in result.links if link.crossing]
    assert any(link.en == (5,) and link.ru == (11,) for link in crossing)


def test_headlines_pair_even_when_one_resembles_the_other_lead_more():
    en = [
        "Head of State receives newly-appointed governor of East Kazakhstan region",
        "ASTANA. KAZINFORM – Head of State Kassym-Jomart Tokayev received newly-appointed akim "
        "(governor) of East Kazakhstan region Yermek Kosherbayev, Kazinform has learned from "
        "the Akorda press service.",
        "During the meeting, President Tokayev gave the newly-appointed governor a number of "
        "tasks and highlighted the importance of improving the quality of life in the region.",
    ]
    ru = [
        "Токаев принял нового акима ВКО",
        "Глава государства принял акима Восточно-Казахстанской области Ермека Кошербаева, "
        "передает Caravan.kz со ссылкой на Акорду.",
        "В ходе встречи президент Касым-Жомарт Токаев обозначил перед новым акимом ряд задач, "
        "в частности повышение качества жизни граждан региона.",
    ]
    links = align(en, ru, get_embedder().encode).links
    assert [(link.en, link.ru) for link in links] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_headlines_merged_with_both_leads_are_split_into_their_own_links():
    # A short Russian headline that ends with a full stop is still a headline; when the
    # programme glued both headlines to both leads, the headlines become a link of their own.
    en = [
        "Russia says stranded crew to return in September",
        "The space agency said on Tuesday that the three crew members will return in September "
        "on a replacement capsule.",
        "The capsule will be launched in February.",
    ]
    ru = [
        "Застрявший экипаж вернется в сентябре.",
        "Во вторник агентство сообщило, что три члена экипажа вернутся в сентябре на запасной "
        "капсуле.",
        "Капсулу запустят в феврале.",
    ]
    sim = np.array([[0.58, 0.55, 0.3], [0.45, 0.8, 0.4], [0.3, 0.4, 0.7]])
    merged = [Link((0, 1), (0, 1), 0.8), Link((2,), (2,), 0.7)]
    links = _pair_headlines(merged, en, ru, sim)
    assert [(link.en, link.ru) for link in links] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
    # A lead of several sentences is no headline, even when short.
    ru_without = ["Экипаж вернется. Запуск в феврале.", *ru[1:]]
    assert _pair_headlines(merged, en, ru_without, sim) == merged


def test_two_headlines_left_alone_pair_however_differently_they_put_it():
    en = ["Sandu speaks for cooperation with UNFPA", "The President met the UNFPA envoy."]
    ru = ["Глава государства встретилась с представителем фонда", "Президент встретилась."]
    sim = np.array([[0.2, 0.31], [0.32, 0.87]])
    alone = [Link((), (0,), 0.0), Link((0,), (), 0.0), Link((1,), (1,), 0.87)]
    links = _pair_headlines(alone, en, ru, sim)
    assert [(link.en, link.ru) for link in links] == [((0,), (0,)), ((1,), (1,))]


def test_a_run_of_short_speech_lines_joins_the_paragraph_that_tells_them_in_one():
    # nato.int's Russian text of a speech says in one paragraph (RU 1) what the English
    # says in four lines (EN 1-4); the merge took EN 3-4, lines 1-2 were left alone.
    en = [
        "Secretary Pompeo, dear Mike,",
        "First of all, thank you so much for your strong leadership and your commitment.",
        "And for your generous invitation.",
        "The fact that you are hosting us here tonight shows your devotion to the partnership.",
        "And this is the perfect venue for celebrating the anniversary of our Alliance.",
    ]
    ru = ["Уважаемый Майк,", "Во-первых, спасибо за руководство, приглашение и этот зал."]
    sim = np.array([[0.8, 0.1], [0.1, 0.56], [0.0, 0.23], [0.0, 0.45], [0.0, 0.47]])
    links = [Link((0,), (0,), 0.8), Link((1,), (), 0.0), Link((2,), (), 0.0)]
    links.append(Link((3, 4), (1,), 0.71))
    grouped = _group_short_lone(links, en, ru)
    joined = _split_lone(_attach_leftovers(grouped, sim, 0.4, 0.1))
    assert [(link.en, link.ru) for link in joined] == [((0,), (0,)), ((1, 2, 3, 4), (1,))]
    # Two full paragraphs left alone side by side stay each alone: a deletion looks so.
    long = [*en[:2], en[1].replace("First", "Second"), *en[3:]]
    kept = _split_lone(_attach_leftovers(_group_short_lone(links, long, ru), sim, 0.4, 0.1))
    assert ((2,), ()) in [(link.en, link.ru) for link in kept]


def test_a_fourth_paragraph_joins_the_link_that_tells_the_same_story():
    # Independent reports of one match: the English tells in four paragraphs (1-4) what
    # the Russian tells in one (3), more than a merge of three holds.
    pairs = EVAL_PAIRS.parent / "heldout" / "pairs"
    en = normalize((pairs / "ho09-khl-kunlun-metallurg-2016.en.txt").read_text()).paragraphs
    ru = normalize((pairs / "ho09-khl-kunlun-metallurg-2016.ru.txt").read_text()).paragraphs
    links = [(link.en, link.ru) for link in align(en, ru, get_embedder().encode).links]
    assert ((1, 2, 3, 4), (3,)) in links


def _same_topic_encode(texts):
    """Every paragraph alike, as an encoder finds the stops of one tour."""
    return np.ones((len(texts), 8), dtype=np.float32) / np.sqrt(8)


def test_shared_figures_and_names_align_paragraphs_the_encoder_cannot_tell_apart():
    en = [
        "The Secretary-General begins a tour of the region tomorrow.",
        "On 8 June he will arrive in Astana and meet President Nursultan Nazarbayev.",
        "On 10 June he will be in Samarqand with President Shavkat Mirziyoyev.",
        "On 11 June he will meet President Almazbek Atambayev in Bishkek.",
    ]
    ru = [
        "8 июня генсек прилетит в Астану и встретится с Нурсултаном Назарбаевым.",
        "10 июня он прибудет в Самарканд, где встретится с Шавкатом Мирзиёевым.",
        "11 июня в Бишкеке состоится встреча с Алмазбеком Атамбаевым.",
        "Пресс-служба напомнила о программе визита.",
    ]
    links = {(link.en, link.ru) for link in align(en, ru, _same_topic_encode).links}
    assert {((1,), (0,)), ((2,), (1,)), ((3,), (2,))} <= links


def test_anchors_are_figures_and_name_openings_shared_across_scripts():
    from aligner.anchors import paragraph_anchors

    en = paragraph_anchors("Then on 10 June he will open a forum in Samarqand, Uzbekistan.", "en")
    ru = paragraph_anchors("Ровно 10 июня глава ООН прибудет в Самарканд, Узбекистан.", "ru")
    assert {"#10", "@sama", "@uzbe"} <= en & ru
    # Sentence-opening common words are no names.
    assert not any(a.startswith(("@then", "@rovn")) for a in en | ru)


def test_two_headlines_left_alone_under_a_title_line_pair_and_body_paragraphs_do_not():
    en = [
        "Statement from the Ambassador",
        "Adviser to Lead Delegation to Moscow",
        "The adviser will lead the delegation on May 9.",
        "The delegation honours the allies.",
    ]
    ru = [
        "Заявление посла",
        "О приезде делегации в Москву",
        "Советник возглавит делегацию 9 мая.",
        "Делегация чтит память союзников.",
    ]
    sim = np.array(
        [
            [0.67, 0.24, 0.2, 0.14],
            [0.44, 0.36, 0.27, 0.15],
            [0.28, 0.5, 0.83, 0.39],
            [0.2, 0.29, 0.39, 0.65],
        ]
    )
    alone = [
        Link((0,), (0,), 0.67),
        Link((), (1,), 0.0),
        Link((1,), (), 0.0),
        Link((2,), (2,), 0.83),
        Link((3,), (3,), 0.65),
    ]
    links = _pair_gaps(alone, en, ru, sim)
    assert [(link.en, link.ru) for link in links] == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), (2,)),
        ((3,), (3,)),
    ]
    # Two body paragraphs in one gap are each one report's own addition.
    body_en = [*en[:1], "The visit was agreed with the ministry last week.", *en[2:]]
    body_ru = [*ru[:1], "Визит согласован с министерством на прошлой неделе.", *ru[2:]]
    assert _pair_gaps(alone, body_en, body_ru, sim) == alone


@pytest.mark.slow
def test_paragraphs_one_report_gives_as_sentences_of_one_paragraph_join_it():
    # Kazinform's English packs into one paragraph (EN 1) the three sentences liter.kz
    # gives as paragraphs (RU 3-5); RU 4 and 5 resemble the whole of EN 1 too little.
    pairs = EVAL_PAIRS.parent / "heldout17" / "pairs"
    en = normalize((pairs / "kz03-tokayev-mirziyoyev-call-2020.en.txt").read_text()).paragraphs
    ru = normalize((pairs / "kz03-tokayev-mirziyoyev-call-2020.ru.txt").read_text()).paragraphs
    links = [(link.en, link.ru) for link in align(en, ru, get_embedder().encode).links]
    assert ((1,), (3, 4, 5)) in links
    # The Russian standfirst, which the English does not tell, stays alone.
    assert ((), (1,)) in links
