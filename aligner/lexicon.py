"""Is this a word? Russian through pymorphy3's dictionary, English through a frequency list.

Used where a repair must not invent a word: whether a hyphen at a line break is
part of the word (``государств-членов``) or only a break (``расши-рения``).
"""

from __future__ import annotations

import re

from . import morph, resources

_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def is_word(word: str) -> bool:
    word = word.lower()
    if _CYRILLIC.search(word):
        return morph.is_known(word)
    return word in resources.word_list("en_common_words.txt")


def keeps_hyphen(first: str, second: str) -> bool:
    """At ``first-`` + line break + ``second``: is the hyphen a real one?"""
    if is_word(first + second):
        return False
    return is_word(first) and is_word(second)
