"""Is this English name that Russian one? Exonyms, romanisation, Turkic spellings.

``compare_names`` answers for two name facts with a verdict an analyst can read:
``same`` (a standard romanisation or a known exonym reproduces the English),
``variant`` (close, but no scheme reproduces it; the explanation names what the
schemes give), or no match at all. Places and countries go through the exonym table
in data/exonyms.tsv (Турция = Türkiye, Астанинская -> Astana through its adjective).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from rapidfuzz.distance import Levenshtein

from . import morph, resources
from .romanize import (
    consonant_key,
    diacritic_letters,
    fold,
    mixed_scheme_spelling,
    skeleton,
    standard_forms,
    transcribes,
    transcription_similarity,
    turkic_forms,
    vowel_skeleton,
    with_yo,
)

# Russian relational-adjective endings, romanised: "Astaninskaya" -> stem "Astan".
_ADJECTIVE_SUFFIX_RE = re.compile(
    r"(?:inskiy|inskij|inskii|inski|skiy|skij|skii|ski|nyy|nyj|nyi|ny|iy|ij|ii|yy|yj)$"
)


@dataclass(frozen=True)
class Exonyms:
    en: dict[str, frozenset[int]]  # folded English name or adjective -> row ids
    ru: dict[str, frozenset[int]]  # Russian lemma sequence or adjective lemma -> row ids
    canonical_en: dict[int, str]
    kinds: dict[int, str]


@cache
def exonyms() -> Exonyms:
    en: dict[str, set[int]] = {}
    ru: dict[str, set[int]] = {}
    canonical: dict[int, str] = {}
    kinds: dict[int, str] = {}
    for index, row in enumerate(resources.table("exonyms.tsv")):
        names = resources.alternatives(row.get("en", ""))
        if not names:
            continue
        canonical[index] = names[0]
        kinds[index] = row.get("type", "")
        for form in names + resources.alternatives(row.get("en_adj", "")):
            en.setdefault(fold(form), set()).add(index)
        for form in resources.alternatives(row.get("ru", "")) + resources.alternatives(
            row.get("ru_adj", "")
        ):
            ru.setdefault(form.lower().replace("ё", "е"), set()).add(index)
    return Exonyms(
        {k: frozenset(v) for k, v in en.items()},
        {k: frozenset(v) for k, v in ru.items()},
        canonical,
        kinds,
    )


@cache
def russian_stems(english: str) -> tuple[str, ...]:
    """Stems of the Russian names of a known place ("Kyiv" -> "киев"), to find it inside
    compounds and adjectives ("Старокиевская", "прикаспийский")."""
    ids = english_exonym_ids(english)
    if not ids:
        return ()
    stems = {
        re.sub(r"[аеиоуыэюяйь]+$", "", form)
        for form, form_ids in exonyms().ru.items()
        if form_ids & ids and " " not in form
    }
    return tuple(sorted(stem for stem in stems if len(stem) >= 4))


def is_known_place(english: str) -> bool:
    return fold(_strip_article(english)) in exonyms().en


@cache
def _demonyms() -> frozenset[str]:
    words: set[str] = set()
    for row in resources.table("exonyms.tsv"):
        words.update(fold(a) for a in resources.alternatives(row.get("en_adj", "")))
        words.update(a.lower() for a in resources.alternatives(row.get("ru_adj", "")))
    return frozenset(words)


def is_demonym(word: str) -> bool:
    """An adjective or demonym of a place (Persian, Uzbek, персидский, узбек)."""
    table = _demonyms()
    return fold(word) in table or morph.lemma(word.lower()) in table


def _strip_article(text: str) -> str:
    return re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)


def english_exonym_ids(english: str) -> frozenset[int]:
    return exonyms().en.get(fold(_strip_article(english)), frozenset())


def english_names(ids: frozenset[int]) -> str:
    """The English names of exonym-table rows, for an explanation ("Slovenia")."""
    canonical = exonyms().canonical_en
    return " / ".join(sorted({canonical[i] for i in ids}))


def russian_exonym_ids(keys: tuple[str, ...]) -> frozenset[int]:
    table = exonyms().ru
    out: set[int] = set()
    for key in keys:
        out |= table.get(key.replace("ё", "е"), frozenset())
    return frozenset(out)


@cache
def _capital_pairs() -> frozenset[frozenset[int]]:
    """{capital row, country row} pairs of the exonym table (data/capitals.tsv)."""
    by_name = {name: i for i, name in exonyms().canonical_en.items()}
    pairs = set()
    for row in resources.table("capitals.tsv"):
        capital, country = by_name.get(row["capital"]), by_name.get(row["country"])
        if capital is not None and country is not None:
            pairs.add(frozenset((capital, country)))
    return frozenset(pairs)


def capital_and_country(a: frozenset[int], b: frozenset[int]) -> bool:
    """Is one of these places the capital of the other (Moscow / Russia)?"""
    pairs = _capital_pairs()
    return any(frozenset((i, j)) in pairs for i in a for j in b)


# Letters of the Kazakh, Kyrgyz, Uzbek, Tajik, Tatar and Bashkir alphabets that Russian lacks.
_NATIONAL_LETTERS = re.compile(r"[әғқңөұүһіўҳҷӣӯҗ]", re.IGNORECASE)

# Ways a word can match that leave nothing for an analyst to decide.
EXACT = ("scheme", "exonym", "translation", "adjective", "national", "transcription")


@dataclass(frozen=True)
class TokenVerdict:
    en: str
    ru: str  # the Russian word as written
    ru_form: str  # the reading (dictionary form) that fits best
    similarity: float
    how: str  # scheme | turkic | turkic_folded | adjective | fuzzy
    standard: tuple[tuple[str, tuple[str, ...]], ...]  # (form, schemes) of the reading
    turkic: str | None


@dataclass(frozen=True)
class NameVerdict:
    status: str  # same | variant | different
    similarity: float
    how: str
    tokens: tuple[TokenVerdict, ...] = ()


def compare_names(
    en_tokens: tuple[str, ...],
    ru_readings: tuple[tuple[str, ...], ...],
    ru_tokens: tuple[str, ...],
    en_full_name: str = "",
) -> NameVerdict:
    """Compare an English name with a Russian one, word by word; `en_full_name` is the
    person's full name where the English gives only part of it."""
    if not en_tokens or not ru_readings:
        return NameVerdict("different", 0.0, "none")
    ru_keys = tuple(" ".join(combo) for combo in _reading_combinations(ru_readings))
    en_ids = english_exonym_ids(" ".join(en_tokens))
    if en_ids and en_ids & russian_exonym_ids(ru_keys):
        return NameVerdict("same", 1.0, "exonym")
    marks = diacritic_letters(en_full_name or " ".join(en_tokens))
    verdicts = _pair_tokens(list(en_tokens), list(zip(ru_tokens, ru_readings)), marks)
    if not verdicts:
        return NameVerdict("different", 0.0, "none")
    # Words of one side with no partner (a patronymic, a dropped first name) weigh in.
    coverage = len(verdicts) / max(len(en_tokens), len(ru_tokens))
    similarity = min(v.similarity for v in verdicts) * (0.85 + 0.15 * coverage)
    exact = all(v.how in EXACT for v in verdicts)
    if exact and similarity >= 0.84:
        return NameVerdict("same", similarity, "scheme", tuple(verdicts))
    if similarity >= 0.6:
        return NameVerdict("variant", similarity, "fuzzy", tuple(verdicts))
    return NameVerdict("different", similarity, "fuzzy", tuple(verdicts))


def _reading_combinations(readings: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    combos: list[tuple[str, ...]] = [()]
    for options in readings:
        combos = [c + (o,) for c in combos for o in options[:3]][:27]
    return combos


def _pair_tokens(
    en_tokens: list[str], ru: list[tuple[str, tuple[str, ...]]], name_marks: str = ""
) -> list[TokenVerdict]:
    """Greedy best pairing of words, so "Ahmadov Farid" still meets "Фарид Ахмедов"."""
    candidates = []
    for i, en_word in enumerate(en_tokens):
        for j, (ru_word, readings) in enumerate(ru):
            verdict = compare_words(en_word, ru_word, readings, name_marks)
            candidates.append((verdict.similarity - 0.001 * abs(i - j), i, j, verdict))
    candidates.sort(key=lambda c: c[0], reverse=True)
    used_en: set[int] = set()
    used_ru: set[int] = set()
    chosen: list[tuple[int, TokenVerdict]] = []
    for _, i, j, verdict in candidates:
        if i in used_en or j in used_ru:
            continue
        used_en.add(i)
        used_ru.add(j)
        chosen.append((i, verdict))
    return [v for _, v in sorted(chosen, key=lambda c: c[0])]


@cache
def compare_words(
    en_word: str, ru_word: str, readings: tuple[str, ...], name_marks: str = ""
) -> TokenVerdict:
    """How well one English word renders one Russian word (any of its readings);
    `name_marks` are the letters with a diacritic in the whole English name."""
    en_bare, ru_bare = _without_particle(en_word), _without_particle(ru_word)
    if (en_bare == en_word) != (ru_bare == ru_word):
        # One spelling writes the article (аль-Гергави / Gergawi): compare the names.
        bare = compare_words(
            en_bare, ru_bare, tuple(_without_particle(r) for r in readings), name_marks
        )
        return replace(bare, en=en_word, ru=ru_word)
    en_site, ru_site = _without_domain(en_word), _without_domain(ru_word)
    if (en_site == en_word) != (ru_site == ru_word):
        # A body named by its site on one side (Akorda.kz / Akorda): compare the names.
        site_readings = readings if ru_site == ru_word else (ru_site.lower(),)
        bare = compare_words(en_site, ru_site, site_readings, name_marks)
        # A site's name is spelt, never translated: primeminister.kz is no Премьер-министр.
        if bare.how != "translation":
            return replace(bare, en=en_word, ru=ru_word)
    en_parts, ru_parts = en_word.split("-"), ru_word.split("-")
    if len(en_parts) > 1 and len(en_parts) == len(ru_parts):
        # "Tashkent-Pharma" / "Ташкент-Фарма": each part on its own terms.
        # Linking particles ("-e-" / "-и-" in Khayaban-e-Iqbal) are not the name.
        # Each part keeps the readings of the whole word (Эль-Хага read as эль-хаг).
        part_readings = _part_readings(ru_parts, readings)
        parts = [
            compare_words(e, r, rr, name_marks)
            for e, r, rr in zip(en_parts, ru_parts, part_readings)
            if len(e) > 2 or len(r) > 2
        ] or [compare_words(en_parts[0], ru_parts[0], part_readings[0], name_marks)]
        worst = min(parts, key=lambda v: v.similarity)
        how = worst.how if worst.how not in EXACT else "scheme"
        # The explanation shows the whole word's standard forms, not its weakest part's.
        standard = tuple(standard_forms(ru_word[:1].upper() + ru_word[1:]).items())
        turkic = "-".join(v.turkic or "" for v in parts) if all(v.turkic for v in parts) else None
        return TokenVerdict(
            en_word, ru_word, ru_word.lower(), worst.similarity, how, standard, turkic
        )
    if (len(en_parts) > 1) != (len(ru_parts) > 1):
        # A name joined into a longer hyphenated one ("Chichinadze-Tribuna", a party named
        # after its leader) is that name when one of the parts renders it exactly.
        inner = _hyphen_part_match(en_parts, ru_parts, readings, name_marks)
        if inner is not None:
            return replace(inner, en=en_word, ru=ru_word)
    en_fold = fold(en_word)
    en_ids = english_exonym_ids(en_word)
    ru_ids = russian_exonym_ids((*readings, ru_word.lower()))
    if en_ids and ru_ids and not en_ids & ru_ids:
        # Two known places, and not the same one: Uzbekistan is no spelling of Пакистан.
        return TokenVerdict(
            en_word, ru_word, readings[0] if readings else ru_word, 0.0, "different", (), None
        )
    best: TokenVerdict | None = None
    for reading in dict.fromkeys((*readings, ru_word.lower())):
        if not re.search(r"[а-яё]", reading):
            # A Latin word inside Russian text ("News.Az", "G20") stands for itself.
            similarity = 1.0 if fold(reading) == en_fold else _similarity(en_fold, fold(reading))
            verdict = TokenVerdict(
                en_word,
                ru_word,
                reading,
                similarity,
                "scheme" if similarity == 1.0 else "fuzzy",
                (),
                None,
            )
        else:
            verdict = _compare_reading(en_word, en_fold, ru_word, reading, name_marks)
        if best is None or verdict.similarity > best.similarity:
            best = verdict
    assert best is not None
    return best


def _part_readings(ru_parts: list[str], readings: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Each part of a hyphenated Russian word keeps the readings of the whole word
    (Эль-Хага read as эль-хаг), and itself as written."""
    split = [r.split("-") for r in readings if r.count("-") == len(ru_parts) - 1]
    return [
        tuple(dict.fromkeys([*(r[k] for r in split), part.lower()]))
        for k, part in enumerate(ru_parts)
    ]


_SPELT = frozenset({"scheme", "transcription", "national"})


def _hyphen_part_match(
    en_parts: list[str], ru_parts: list[str], readings: tuple[str, ...], name_marks: str
) -> TokenVerdict | None:
    """The exact rendering of a plain word by one part of the other side's hyphenated word."""
    if len(en_parts) > 1:
        tries = [compare_words(part, ru_parts[0], readings, name_marks) for part in en_parts]
    else:
        tries = [
            compare_words(en_parts[0], part, part_readings, name_marks)
            for part, part_readings in zip(ru_parts, _part_readings(ru_parts, readings))
        ]
    # Spelt, not translated: China-Kazakhstan is no spelling of «китайские».
    exact = [v for v in tries if v.how in _SPELT and len(v.en) > 2]
    return exact[0] if exact else None


_DOMAIN_RE = re.compile(r"(?P<name>\w[\w-]+)\.[a-zа-яё]{2,4}")


def _without_domain(word: str) -> str:
    """A site's name without its domain ending: Akorda.kz -> Akorda."""
    match = _DOMAIN_RE.fullmatch(word)
    return match.group("name") if match else word


def _without_particle(word: str) -> str:
    """The name without an article hyphenated before it (al-Gergawi, аль-Гергави)."""
    lowered = word.lower()
    for particle in resources.word_list("translit/name_particles.txt"):
        if lowered.startswith(particle) and len(word) > len(particle) + 2:
            return word[len(particle) :]
    return word


def _compare_reading(
    en_word: str, en_fold: str, ru_word: str, reading: str, name_marks: str = ""
) -> TokenVerdict:
    capitalised = reading[:1].upper() + reading[1:]
    forms = standard_forms(capitalised)
    standard = tuple(forms.items())
    turkic = turkic_forms(capitalised)
    spellings = _convention_spellings(en_fold)
    if (
        any(fold(form) in spellings for form in forms)
        or any(mixed_scheme_spelling(reading, spelling) for spelling in spellings)
        or _established_name(en_fold, reading)
        or any(
            fold(form) in spellings
            for dotted in with_yo(capitalised)
            for form in standard_forms(dotted)
        )
    ):
        return TokenVerdict(en_word, ru_word, reading, 1.0, "scheme", standard, None)
    if _transcribed_english_name(en_fold, forms) or transcribes(en_word, reading, name_marks):
        return TokenVerdict(en_word, ru_word, reading, 1.0, "transcription", standard, None)
    en_ids = english_exonym_ids(en_word)
    if en_ids and en_ids & russian_exonym_ids((reading,)):
        return TokenVerdict(en_word, ru_word, reading, 1.0, "exonym", standard, None)
    if _translated_word(en_fold, reading, forms, ru_word[:1].isupper()):
        return TokenVerdict(en_word, ru_word, reading, 1.0, "translation", standard, None)
    # The national Latin spelling a Turkic name comes from, letter for letter (Хумо ->
    # Humo, Мажлис -> Majlis), is as standard as a scheme. The same spelling with its
    # diacritics dropped (Tunç -> Tunc) or other letter choices is a variant to decide on.
    national = turkic[0] if turkic else None
    if national and national.lower() == en_word.lower():
        return TokenVerdict(en_word, ru_word, reading, 1.0, "national", standard, national)
    folded = [t for t in turkic if fold(t) == en_fold]
    if folded and _NATIONAL_LETTERS.search(ru_word):
        # Written in its own alphabet's letters (Бәйдібек), a name has no Russian scheme;
        # English writes those letters plain (Baidibek), as it writes Kazakh passports.
        return TokenVerdict(en_word, ru_word, reading, 1.0, "national", standard, folded[0])
    if folded:
        shown = next((t for t in folded if not t.isascii()), folded[0])
        return TokenVerdict(en_word, ru_word, reading, 0.95, "turkic_folded", standard, shown)
    if _is_adjective_of(en_fold, reading, forms):
        return TokenVerdict(en_word, ru_word, reading, 1.0, "adjective", standard, None)
    similarity = max(
        (_similarity(en_fold, fold(form)) for form in (*forms, *turkic[:16])), default=0.0
    )
    if similarity < 0.9 and en_fold not in resources.word_list("en_common_words.txt"):
        # An ordinary word (Museum / музей) is translated, not transcribed.
        similarity = max(similarity, transcription_similarity(en_word, reading, name_marks))
    nearest_turkic = max(turkic[:16], key=lambda t: _similarity(en_fold, fold(t)), default=None)
    return TokenVerdict(en_word, ru_word, reading, similarity, "fuzzy", standard, nearest_turkic)


@cache
def _conventions() -> tuple[tuple[str, str, str], ...]:
    return tuple(
        (row["english"], row["romanised"], row["where"])
        for row in resources.table("translit/english_conventions.tsv")
    )


@cache
def _convention_spellings(en_fold: str) -> frozenset[str]:
    """The English spelling, and what it becomes with English conventions no scheme has
    undone (data/translit/english_conventions.tsv): Pharma -> farma, Alexey -> aleksey."""
    variants = {en_fold}
    for english, romanised, where in _conventions():
        if where == "end":
            variants |= {v[: -len(english)] + romanised for v in variants if v.endswith(english)}
        else:
            variants |= {v.replace(english, romanised) for v in variants if english in v}
    return frozenset(variants)


@cache
def _established_names() -> dict[str, frozenset[str]]:
    names: dict[str, frozenset[str]] = {}
    for table in ("given_names.tsv", "established_names.tsv"):
        for row in resources.table(table):
            key = row["ru"].replace("ё", "е")
            forms = frozenset(fold(f) for f in resources.alternatives(row["en"]))
            names[key] = names.get(key, frozenset()) | forms
    return names


def _established_name(en_fold: str, reading: str) -> bool:
    """Alexander / Александр, Berdimuhamedov / Бердымухамедов: an English form in
    established use (data/given_names.tsv, data/established_names.tsv)."""
    return en_fold in _established_names().get(reading.replace("ё", "е"), frozenset())


def _transcribed_english_name(en_fold: str, forms: dict[str, tuple[str, ...]]) -> bool:
    """Johnson / Джонсон, Saint-Jacques / Сен-Жак, Kirschner / Киршнер: a name spelled in
    its own language (an English word or name, or letters no Russian romanisation writes) is
    transcribed into Russian by sound, so it is compared by its consonants, not by how a
    scheme romanises the Russian back."""
    groups = resources.word_list("translit/foreign_spellings.txt")
    own_spelling = any(group in en_fold for group in groups) or (
        en_fold in resources.word_list("en_proper_names.txt")
        or en_fold in resources.word_list("en_dictionary.txt")
    )
    if not own_spelling:
        return False
    # Endings French-derived names do not sound (data/translit/silent_endings.txt).
    endings = resources.word_list("translit/silent_endings.txt")
    spellings = {en_fold} | {en_fold[: -len(e)] for e in endings if en_fold.endswith(e)}
    keys = {consonant_key(s, english=True) for s in spellings if len(s) >= 3}
    keys = {k for k in keys if len(k) >= 2}
    return any(consonant_key(fold(form)) in keys for form in forms)


_SURNAME_ENDING_RE = re.compile(r"(?:ов|ев|ёв|ин|ын|ова|ева|ина|ына|енко|швили|дзе|ян|янц)$")


def _translated_word(
    en_fold: str, reading: str, forms: dict[str, tuple[str, ...]], capitalised: bool = False
) -> bool:
    """An ordinary word on both sides (Republic / Республика, Technopark / Технопарк):
    a translation or a loanword, whose spelling is no transliteration to judge."""
    common = resources.word_list("en_common_words.txt")
    tags = str(morph.parses(reading)[0].tag)
    if any(mark in tags for mark in ("Name", "Surn", "Patr", "Geox")):
        return False
    english_word = all(part in common for part in en_fold.split("-"))
    if not (english_word or morph.is_known(reading)):
        return False
    # A capitalised word with a surname's ending against no English word is a name
    # (Токаев, which the dictionary reads as a plural of токай), judged by its spelling.
    if capitalised and not english_word and _SURNAME_ENDING_RE.search(reading):
        return False
    # Cognates only: "Республика" renders "Republic", "Рабочая" does not render "Expert".
    # Two ordinary words keep their own endings (Autonomous / Avtonomnyy): a lower bar.
    bar = 0.55 if english_word and morph.is_known(reading) else 0.65
    return max((_similarity(en_fold, fold(form)) for form in forms), default=0.0) >= bar


def _is_adjective_of(en_fold: str, reading: str, forms: dict[str, tuple[str, ...]]) -> bool:
    """Астанинская (adjective) names Astana: the romanised stem begins the English word."""
    if not any("ADJF" in str(p.tag) for p in morph.parses(reading)[:2]):
        return False
    if re.search(r"(?:sky|ski|skiy|skaya|skaia)$", en_fold):
        return False  # an adjectival surname (Charnetsky / Чарнецкий), not a place adjective
    for form in forms:
        stem = _ADJECTIVE_SUFFIX_RE.sub("", fold(form))
        if len(stem) >= 4 and (
            en_fold.startswith(stem) or skeleton(en_fold).startswith(skeleton(stem))
        ):
            return True
    return False


def _similarity(a: str, b: str) -> float:
    """Spelling similarity in [0, 1], lenient on transliteration variants."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    scores = [Levenshtein.normalized_similarity(a, b)]
    sa, sb = skeleton(a), skeleton(b)
    if sa and sb:
        scores.append(0.97 if sa == sb else Levenshtein.normalized_similarity(sa, sb) * 0.97)
    va, vb = vowel_skeleton(a), vowel_skeleton(b)
    if va and va == vb and len(va) >= 4:
        scores.append(0.85)
    return max(scores)


def describe_standard(verdict: TokenVerdict) -> str:
    """ "Akhmedov (BGN/PCGN, ICAO) or Axmedov (GOST 7.79)" """
    parts = [f"{form} ({', '.join(schemes)})" for form, schemes in verdict.standard[:3]]
    return " or ".join(parts)
