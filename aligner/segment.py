"""Sentences inside a paragraph, as character spans (razdel: rule-based, good on Russian)."""

from __future__ import annotations


def sentence_spans(paragraph: str) -> tuple[tuple[int, int], ...]:
    from razdel import sentenize

    return tuple((s.start, s.stop) for s in sentenize(paragraph))
