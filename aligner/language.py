"""Language of a document and of each paragraph.

langdetect (seeded, so the same text always gets the same answer) decides for
paragraphs long enough to carry a signal; short lines such as bylines and headlines,
where it guesses ("Отдел политики" comes out Bulgarian), are decided by counting
scripts: the tool's two languages have different alphabets.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence

from .errors import InputError

SUPPORTED = ("en", "ru")
# Below this many letters langdetect is a guess; the script decides.
_MIN_LETTERS_FOR_MODEL = 60
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Letters that never occur in Russian but mark another Cyrillic-script language.
_NON_RUSSIAN_CYRILLIC = re.compile(r"[іїєґўәғқңөұүһђјљњћџѓќѕ]", re.IGNORECASE)

LANGUAGE_NAMES = {
    "en": "English",
    "ru": "Russian",
    "uk": "Ukrainian",
    "bg": "Bulgarian",
    "be": "Belarusian",
    "kk": "Kazakh",
    "sr": "Serbian",
    "mk": "Macedonian",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "tr": "Turkish",
    "az": "Azerbaijani",
    "pt": "Portuguese",
    "pl": "Polish",
    "nl": "Dutch",
    "zh-cn": "Chinese",
    "ar": "Arabic",
}


class _Detector:
    """Owns langdetect's profile set, loaded on first use, seeded for repeatable answers."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ready = False

    def probabilities(self, text: str) -> dict[str, float]:
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException

        with self._lock:
            if not self._ready:
                DetectorFactory.seed = 0
                self._ready = True
            try:
                return {r.lang: r.prob for r in detect_langs(text)}
            except LangDetectException:
                return {}


DETECTOR = _Detector()


def script_language(text: str) -> str | None:
    """ "ru" or "en" by the letters' script, or None when there are no letters."""
    cyr = len(_CYRILLIC.findall(text))
    lat = len(_LATIN.findall(text))
    if not cyr and not lat:
        return None
    return "ru" if cyr >= lat else "en"


def paragraph_language(text: str, document: str | None = None) -> str:
    """Language code of one paragraph ("en", "ru", another code, or "und").

    Given the document's language, a paragraph in that language's script without
    letters foreign to it is taken to be in it: the statistical model is only asked
    where the script leaves a doubt, which keeps long documents fast.
    """
    by_script = script_language(text)
    letters = sum(ch.isalpha() for ch in text)
    if by_script is None:
        return "und"
    if letters < _MIN_LETTERS_FOR_MODEL:
        return by_script
    if document == by_script and not (by_script == "ru" and _NON_RUSSIAN_CYRILLIC.search(text)):
        return by_script
    return _model_language(text, by_script)


def _model_language(text: str, by_script: str) -> str:
    probs = DETECTOR.probabilities(text)
    if not probs:
        return by_script
    best = max(probs, key=probs.__getitem__)
    if best in SUPPORTED:
        return best
    # A supported language still in the running beats a look-alike neighbour
    # (Russian vs Bulgarian/Macedonian/Ukrainian), unless the letters rule it out.
    russian_letters_only = _NON_RUSSIAN_CYRILLIC.search(text) is None
    if (
        by_script == "ru"
        and russian_letters_only
        and (probs.get("ru", 0) > 0.05 or best in ("bg", "mk"))
    ):
        return "ru"
    if probs.get(by_script, 0) >= 0.3:
        return by_script
    return best


def text_language(text: str) -> str:
    """The language of a whole text, from a sample of it (the model, once)."""
    sample = text[:4000]
    by_script = script_language(sample)
    if by_script is None:
        return "und"
    return _model_language(sample, by_script)


def document_language(paragraph_languages: Sequence[str], paragraphs: Sequence[str]) -> str:
    """The language that covers most of the document's letters."""
    weight: Counter[str] = Counter()
    for lang, para in zip(paragraph_languages, paragraphs):
        weight[lang] += sum(ch.isalpha() for ch in para)
    weight.pop("und", None)
    return weight.most_common(1)[0][0] if weight else "und"


def detect_document_language(text: str) -> str:
    """Language of a whole text (batch pairing uses it)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()][:40]
    hint = text_language("\n".join(paragraphs))
    return document_language([paragraph_language(p, hint) for p in paragraphs], paragraphs)


def require_supported(language: str, source: str) -> None:
    if language not in SUPPORTED:
        name = LANGUAGE_NAMES.get(language, language)
        if language == "und":
            raise InputError(source, "has no readable text (no letters found)")
        raise InputError(
            source, f"is in {name} ({language}); aligner checks English and Russian documents only"
        )
