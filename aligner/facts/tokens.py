"""Word tokens with offsets, and sentence starts, shared by the extractors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Initials glued to a surname ("Ф.М.Чарнецкий") are split off: "Ф.", "М.", "Чарнецкий".
# Apostrophes inside a word are letters of it: O'Brien, and Uzbek Latin O‘zbekiston, Qoʻqon.
_WORD_RE = re.compile(
    r"[A-ZА-ЯЁ](?=\.(?:[A-ZА-ЯЁ]\.)*[A-ZА-ЯЁ][a-zа-яё])|[^\W_](?:[\w’‘ʻʼ'.\-]*[^\W_])?",
    re.UNICODE,
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    sentence_start: bool

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=4096)
def tokenize(text: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    previous_end = 0
    for match in _WORD_RE.finditer(text):
        word = match.group()
        # Trailing dots belong to abbreviations, not to the word ("Mr." keeps it; "year." not).
        start, end = match.start(), match.end()
        between = text[previous_end:start]
        sentence_start = (
            not tokens or bool(re.search(r"[.!?…]\s*[\"'»”“]?\s*$", between)) or "\n" in between
        )
        tokens.append(Token(word, start, end, sentence_start))
        previous_end = end
    return tuple(tokens)
