"""Russian morphology (pymorphy3), loaded on first use and shared by the pipeline."""

from __future__ import annotations

import threading
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


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The dictionary form of a Russian word, lower case."""
    return ANALYZER.get().parse(word)[0].normal_form


@lru_cache(maxsize=200_000)
def is_known(word: str) -> bool:
    return bool(ANALYZER.get().word_is_known(word.lower()))


@lru_cache(maxsize=100_000)
def parses(word: str) -> tuple[Any, ...]:
    return tuple(ANALYZER.get().parse(word))
