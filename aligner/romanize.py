"""Romanisation of Russian names, Turkic back-transliteration, and spelling keys.

- ``standard_forms``: what the standard schemes make of a Russian word (BGN/PCGN,
  ICAO Doc 9303, GOST 7.79, GOST R 52535, Wikipedia, MVD 782), through iuliia.
- ``mixed_scheme_spelling``: a spelling that renders every letter as one of those schemes
  does (Dostoevsky: ICAO's e, Wikipedia's -sky).
- ``transcribes``: Russian practical transcription of names from other Latin orthographies
  (Romanian, Japanese, German, French, Spanish, Polish), from data/translit/transcription.tsv.
- ``turkic_forms``: the Latin spellings a Turkic name rendered in Russian Cyrillic may
  come from (Тунч -> Tunç, Йылмаз -> Yılmaz), from data/translit/turkic.tsv.
- ``fold``: lower case, Turkish-aware (İ, ı), diacritics removed (data/translit/fold.tsv).
- ``skeleton``: a coarser key for variants of one name (Asylov / Assylov, Aliev / Aliyev).
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

import regex

from . import resources

# Schemes whose output a reader would accept as the standard English spelling.
_SCHEME_NAMES = {
    "BGN/PCGN": "BGN_PCGN_ALT",
    "ICAO": "ICAO_DOC_9303",
    "GOST 7.79": "GOST_779_ALT",
    "GOST R 52535": "GOST_52535",
    "Wikipedia": "WIKIPEDIA",
    "MVD 782": "MVD_782",
}
_MAX_TURKIC_FORMS = 256


@cache
def _schemes() -> dict[str, object]:
    import iuliia

    return {label: getattr(iuliia, attr) for label, attr in _SCHEME_NAMES.items()}


@lru_cache(maxsize=50_000)
def standard_forms(word: str) -> dict[str, tuple[str, ...]]:
    """Romanisations of a Russian word (as capitalised as the word) -> the schemes giving each."""
    forms: dict[str, list[str]] = {}
    for label, schema in _schemes().items():
        form = _bare(schema.translate(word))  # type: ignore[attr-defined]
        forms.setdefault(form, []).append(label)
    return {form: tuple(labels) for form, labels in forms.items()}


def with_yo(word: str) -> tuple[str, ...]:
    """The word with one of its е read as ё: Russian print mostly leaves ё undotted, and
    the romanisations of a name follow its ё (Мирзиеев = Мирзиёев, Mirziyoyev)."""
    lowered = word.lower()
    return tuple(
        word[:i] + ("Ё" if word[i] == "Е" else "ё") + word[i + 1 :]
        for i, letter in enumerate(lowered)
        if letter == "е"
    )


_RULE_TABLES = ("mapping", "prev_mapping", "next_mapping", "ending_mapping")


def _bare(latin: str) -> str:
    """A scheme's Latin without the marks it writes for hard signs and syllable breaks."""
    return latin.replace("`", "").replace("·", "")


@cache
def _scheme_rules() -> tuple[tuple[dict[str, str], ...], ...]:
    """Each scheme's letter rules, read from iuliia's own definitions: (letters, after a
    letter, before a letter, word endings)."""
    import iuliia

    directory = Path(iuliia.__file__).parent / "schemas"
    rules = []
    for attr in _SCHEME_NAMES.values():
        definition = json.loads((directory / f"{attr.lower()}.json").read_text(encoding="utf-8"))
        tables = (definition.get(m) or {} for m in _RULE_TABLES)
        rules.append(tuple({k: _bare(v) for k, v in t.items()} for t in tables))
    return tuple(rules)


@lru_cache(maxsize=50_000)
def _mixed_scheme_pattern(word: str) -> re.Pattern[str]:
    lowered = word.lower()
    letters: list[set[str]] = [set() for _ in lowered]
    endings: set[str] = set()
    for mapping, after, before, ending in _scheme_rules():
        for i, letter in enumerate(lowered):
            prev = lowered[i - 1] if i else ""
            following = lowered[i + 1] if i + 1 < len(lowered) else ""
            rendered = after.get(prev + letter)
            if rendered is None:
                rendered = before.get(letter + following)
            letters[i].add(mapping.get(letter, letter) if rendered is None else rendered)
        if len(lowered) > 2 and lowered[-2:] in ending:
            endings.add(ending[lowered[-2:]])

    if endings:
        last = "(?:" + "".join(map(_choice, letters[-2:])) + "|" + _choice(endings) + ")"
        body = "".join(map(_choice, letters[:-2])) + last
    else:
        body = "".join(map(_choice, letters))
    return re.compile(body)


def _choice(options: Iterable[str]) -> str:
    """A pattern for any one of the options, the longest tried first."""
    return "(?:" + "|".join(re.escape(o) for o in sorted(options, key=len, reverse=True)) + ")"


def _segments(
    word: str, rules: dict[str, tuple[str, ...]], longest: int
) -> Iterator[tuple[str, tuple[str, ...] | None]]:
    """The word cut into the longest sequences the rules know, each with its renderings;
    a letter they do not know comes with None."""
    i = 0
    while i < len(word):
        for length in range(min(longest, len(word) - i), 0, -1):
            if word[i : i + length] in rules:
                yield word[i : i + length], rules[word[i : i + length]]
                i += length
                break
        else:
            yield word[i], None
            i += 1


def mixed_scheme_spelling(word: str, spelling: str) -> bool:
    """Does the spelling render every letter of the Russian word as one of the standard
    schemes renders it, if not all as the same scheme? Dostoevsky (ICAO's e, Wikipedia's
    -sky), Chaikovsky: the mixed spellings of English usage."""
    return _mixed_scheme_pattern(word).fullmatch(fold(spelling)) is not None


@lru_cache(maxsize=100_000)
def romanize_bgn(word: str) -> str:
    """One romanisation (BGN/PCGN), where any standard one will do."""
    return _schemes()["BGN/PCGN"].translate(word)  # type: ignore[attr-defined]


@cache
def _turkic_rules() -> tuple[dict[str, tuple[str, ...]], int]:
    rules: dict[str, tuple[str, ...]] = {}
    for row in resources.table("translit/turkic.tsv"):
        cyr = row.get("cyrillic", "").lower()
        if cyr:
            rules[cyr] = tuple(resources.alternatives(row.get("latin", ""))) or ("",)
    return rules, max((len(k) for k in rules), default=1)


@lru_cache(maxsize=50_000)
def turkic_forms(word: str) -> tuple[str, ...]:
    """Latin spellings a Turkic name written in Russian Cyrillic plausibly comes from."""
    rules, longest = _turkic_rules()
    if not rules:
        return ()
    # Only the first alternatives: the rest are rarer and explode the product. A letter the
    # rules do not know stands for itself.
    pieces = [
        options[:3] if options else (chunk,)
        for chunk, options in _segments(word.lower(), rules, longest)
    ]
    out: list[str] = []
    for combo in itertools.islice(itertools.product(*pieces), _MAX_TURKIC_FORMS):
        form = "".join(combo)
        out.append(form[:1].upper() + form[1:] if word[:1].isupper() else form)
    return tuple(dict.fromkeys(out))


@cache
def _transcription_systems() -> tuple[tuple[dict[str, tuple[str, ...]], int, tuple[str, ...]], ...]:
    """Per system: its letter rules, its longest rule, and the markers a name needs."""
    systems: dict[str, dict[str, tuple[str, ...]]] = {}
    for row in resources.table("translit/transcription.tsv"):
        rules = systems.setdefault(row["system"], {})
        # Compared with ё written е (see transcribes).
        rules[row["latin"]] = tuple(row["cyrillic"].replace("ё", "е").split("|"))
    markers = {
        row["system"]: tuple(resources.alternatives(row["markers"]))
        for row in resources.table("translit/transcription_markers.tsv")
    }
    return tuple(
        (rules, max(map(len, rules)), markers.get(name, ())) for name, rules in systems.items()
    )


def diacritic_letters(name: str) -> str:
    """The letters with a diacritic in a name ("António Guterres" -> "ó"): they mark the
    whole name's orthography, so "Guterres" is Portuguese too."""
    return "".join(sorted({c for c in name.lower() if c.isalpha() and not c.isascii()}))


@lru_cache(maxsize=50_000)
def _transcription_patterns(
    latin_word: str, name_marks: str = "", marked_only: bool = False
) -> tuple[re.Pattern[str], ...]:
    """`marked_only`: only the systems whose markers the word shows."""
    word = latin_word.lower()
    patterns = []
    for rules, longest, markers in _transcription_systems():
        if marked_only and not markers:
            continue
        # Plain-letter markers count only in the word itself.
        if (
            markers
            and not any(marker in word for marker in markers)
            and not any(marker in name_marks for marker in markers if len(marker) == 1)
        ):
            continue
        pieces = [options for _, options in _segments(word, rules, longest)]
        # A letter the system does not write: the name is not in this orthography.
        if all(options is not None for options in pieces):
            patterns.append(re.compile("".join(map(_choice, pieces))))  # type: ignore[arg-type]
    return tuple(patterns)


def transcribes(latin_word: str, cyrillic: str, name_marks: str = "") -> bool:
    """Is the Russian word how Russian practice transcribes this name from another Latin
    orthography (data/translit/transcription.tsv: Recean -> Речан, Shimane -> Симанэ)?
    Only systems that write every letter of the word are tried, and of those with markers
    only the ones the word, or `name_marks` (``diacritic_letters`` of its name), shows."""
    russian = cyrillic.lower().replace("ё", "е")
    return any(p.fullmatch(russian) for p in _transcription_patterns(latin_word, name_marks))


_NEAR_TRANSCRIPTION_EDITS = 1


def transcription_similarity(latin_word: str, cyrillic: str, name_marks: str = "") -> float:
    """How near the Russian word comes to a transcription of the name (Whelam / Уилан:
    one letter off Whelan's), in [0, 1]; 0 where no system whose spelling the name shows
    reads it, or more than one letter differs. A respelt foreign name is then a variant,
    not another name."""
    russian = cyrillic.lower().replace("ё", "е")
    best = 0
    for pattern in _fuzzy_transcription_patterns(latin_word, name_marks):
        match = pattern.fullmatch(russian)
        if match is not None:
            edits = sum(match.fuzzy_counts)
            best = max(best, len(russian) - edits)
    return best / len(russian) if russian else 0.0


@lru_cache(maxsize=20_000)
def _fuzzy_transcription_patterns(latin_word: str, name_marks: str) -> tuple[regex.Pattern, ...]:
    return tuple(
        regex.compile(f"(?:{p.pattern}){{e<={_NEAR_TRANSCRIPTION_EDITS}}}", regex.BESTMATCH)
        for p in _transcription_patterns(latin_word, name_marks, marked_only=True)
    )


@cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for row in resources.table("translit/fold.tsv"):
        letter = row.get("letter", "")
        if len(letter) == 1:
            table[ord(letter)] = row["ascii"]
            if len(letter.upper()) == 1:
                table[ord(letter.upper())] = row["ascii"]
    return table


def turkish_lower(text: str) -> str:
    return text.replace("İ", "i").replace("I", "i").lower()


_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʻʼ`´"), None)


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Lower case without diacritics: "Şahin" and "SAHİN" both fold to "sahin"."""
    # Apostrophes and modifier letters (O'zbekiston, Oʻzbekiston, O’zbekiston) spell one name.
    lowered = turkish_lower(text).translate(_APOSTROPHES).translate(_fold_table())
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_SKELETON_RULES = (
    (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"dzh|dj"), "j"),
    (re.compile(r"zh"), "j"),
    (re.compile(r"ch"), "c"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"ts"), "c"),
    (re.compile(r"y(?=[aeiou])"), ""),
    (re.compile(r"y"), "i"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"x"), "h"),
    (re.compile(r"q"), "k"),
    (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=100_000)
def skeleton(text: str) -> str:
    """A coarse spelling key: transliteration variants of one name share it."""
    key = re.sub(r"[^a-z]", "", fold(text))
    for pattern, replacement in _SKELETON_RULES:
        key = pattern.sub(replacement, key)
    return key


# English spellings for sounds Russian writes one way: Clinton / Клинтон, Smith / Смит.
_ENGLISH_SOUNDS = (
    (re.compile(r"sch"), "sh"),  # German: Kirschner / Киршнер
    (re.compile(r"ck"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c(?!h)"), "k"),
    (re.compile(r"th"), "t"),
    (re.compile(r"x"), "ks"),
)


def consonant_key(text: str, english: bool = False) -> str:
    """The consonants of a name, as a key English spellings and romanised Russian
    transcriptions of one name share: Johnson and Dzhonson give "jnsn". With `english`,
    English letter conventions are read first (Clinton, Smith, Max)."""
    key = re.sub(r"[^a-z]", "", fold(text))
    if english:
        for pattern, replacement in _ENGLISH_SOUNDS:
            key = pattern.sub(replacement, key)
    for pattern, replacement in _SKELETON_RULES:
        key = pattern.sub(replacement, key)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyh]", "", key))


def vowel_skeleton(text: str) -> str:
    """The skeleton with vowels merged: Ahmadov and Akhmedov agree here, not Ivanov and Petrov."""
    return re.sub(r"[aeiou]+", "a", skeleton(text))
