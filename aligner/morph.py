"""Russian morphology (pymorphy3), loaded on first use and shared by the pipeline."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


class _Analyzer:
    """Owns the one pymorphy3 analyser of the process."""

    def __init__(self) -> None:
        self._instance: Any = None
        self._lock = threading.Lock()

    def get(self) -> Any:
        with self._lock:
            if self._instance is None:
                import pymorphy3

                self._instance = pymorphy3.MorphAnalyzer()
            return self._instance


ANALYZER = _Analyzer()


@dataclass(frozen=True)
class _Unparsed:
    """What a word pymorphy3 cannot analyse (symbols of scripts it does not know) reads as."""

    normal_form: str
    tag: str = "UNKN"
    score: float = 0.0


@lru_cache(maxsize=100_000)
def parses(word: str) -> tuple[Any, ...]:
    """pymorphy3's readings of a word, most likely first; never empty, never raises."""
    try:
        found = tuple(ANALYZER.get().parse(word))
    except (KeyError, ValueError):  # pymorphy3 names characters; some have no name
        found = ()
    return found or (_Unparsed(word.lower()),)


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a Russian word, lower case."""
    return parses(word)[0].normal_form


@lru_cache(maxsize=200_000)
def is_known(word: str) -> bool:
    try:
        return bool(ANALYZER.get().word_is_known(word.lower()))
    except (KeyError, ValueError):
        return False


# pymorphy3 grammemes of proper names: given name, surname, place, organisation, abbreviation.
_PROPER_TAGS = ("Name", "Surn", "Geox", "Orgn", "Abbr")


def is_proper(word: str) -> bool:
    """Does pymorphy3 read this word, first of all, as a proper name?"""
    tags = str(parses(word.lower())[0].tag)
    return any(mark in tags for mark in _PROPER_TAGS)
