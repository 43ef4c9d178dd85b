"""Anchors: what two paragraphs reporting the same thing share in any language.

Figures and the opening letters of proper names ("10 June" / «10 июня», Samarqand /
Самарканд) survive translation letter for letter. Where every paragraph of a report is on
one topic, the sentence encoder finds them all alike, and these shared anchors tell which
paragraph reports which stop of the tour. In the manner of anchor-point aligners
(hunalign's numbers and identical tokens), they add to the encoder's similarity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from . import morph, resources
from .facts.tokens import tokenize
from .romanize import romanize_bgn, skeleton

# Letters of a name's key: enough to tell names apart, few enough to end before the
# Russian case ending (Самарканд / Samarqand, Атамбаевым / Atambayev).
_NAME_KEY_LETTERS = 4
# A figure, its thousands groups joined: "16 000", "16,000" and "16000" are one anchor.
_NUMBER_RE = re.compile(r"(?<![\w.,])\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?!\w)|\d+")
_LATIN_RE = re.compile(r"[A-Za-z]")


def paragraph_anchors(text: str, lang: str) -> frozenset[str]:
    """The figures and name keys of one paragraph."""
    anchors = set()
    for match in _NUMBER_RE.finditer(text):
        digits = re.sub(r"\D", "", match.group()).lstrip("0")
        if digits:
            anchors.add(f"#{digits}")
    for token in tokenize(text):
        for part in token.text.split("-"):
            key = _name_key(part, token.sentence_start, lang)
            if key:
                anchors.add(key)
    return frozenset(anchors)


@lru_cache(maxsize=100_000)
def _name_key(word: str, sentence_start: bool, lang: str) -> str | None:
    if len(word) < _NAME_KEY_LETTERS or not word[:1].isupper() or not word.isalpha():
        return None
    if sentence_start and _common_word(word, lang):
        return None
    latin = word if _LATIN_RE.match(word) else romanize_bgn(word)
    key = skeleton(latin)[:_NAME_KEY_LETTERS]
    return f"@{key}" if len(key) == _NAME_KEY_LETTERS else None


def _common_word(word: str, lang: str) -> bool:
    """A capitalised word that opens a sentence, not a name ("Then", «Ровно»)."""
    lowered = word.lower()
    if lang == "en":
        return lowered in resources.word_list("en_common_words.txt")
    return morph.is_known(lowered) and not morph.is_proper(lowered)


def discriminating(
    en: Sequence[frozenset[str]], ru: Sequence[frozenset[str]]
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """The anchors that tell paragraphs apart: one found in many paragraphs of a side (the
    subject of the whole report) tells none of them apart and is left out."""
    return _without_common(en), _without_common(ru)


def _without_common(sides: Sequence[frozenset[str]]) -> list[frozenset[str]]:
    counts: dict[str, int] = {}
    for anchors in sides:
        for a in anchors:
            counts[a] = counts.get(a, 0) + 1
    limit = max(2, 0.25 * len(sides))
    return [frozenset(a for a in anchors if counts[a] <= limit) for anchors in sides]


def anchor_similarity(en: Sequence[frozenset[str]], ru: Sequence[frozenset[str]]) -> np.ndarray:
    """Dice overlap of the anchors of every English and Russian paragraph."""
    n, m = len(en), len(ru)
    where_ru: dict[str, list[int]] = {}
    for j, anchors in enumerate(ru):
        for a in anchors:
            where_ru.setdefault(a, []).append(j)
    shared = np.zeros((n, m), dtype=np.float32)
    for i, anchors in enumerate(en):
        for a in anchors:
            for j in where_ru.get(a, ()):
                shared[i, j] += 1
    sizes_en = np.array([len(s) for s in en], dtype=np.float32)
    sizes_ru = np.array([len(s) for s in ru], dtype=np.float32)
    total = sizes_en[:, None] + sizes_ru[None, :]
    return np.divide(2 * shared, total, out=np.zeros_like(shared), where=total > 0)
