"""People, organisations and places.

Russian: natasha's news NER (slovnet) finds the spans; pymorphy3 lemmatises each
word, keeping every plausible reading ("Фарида" is Фарид in the genitive or the
name Фарида), so a match can use whichever fits. English: capitalised spans with
lower-case connectors ("Organization of Turkic States"), minus what other extractors
claimed (titles, dates, acronyms) and sentence-initial common words; typed as place
through the exonym table, organisation through its head word, person otherwise.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

from .. import morph, resources
from . import Fact
from .acronyms import mostly_upper
from .tokens import Token, tokenize

_CONNECTORS = {
    "of",
    "the",
    "for",
    "de",
    "al",
    "el",
    "bin",
    "ibn",
    "von",
    "van",
    "der",
    "la",
    "le",
    "du",
    "da",
    "on",
    "ul",
}
_ORG_HEADS = {
    "organization",
    "organisation",
    "ministry",
    "council",
    "committee",
    "commission",
    "agency",
    "group",
    "union",
    "party",
    "court",
    "office",
    "service",
    "force",
    "network",
    "fund",
    "association",
    "institute",
    "university",
    "company",
    "corporation",
    "bank",
    "assembly",
    "parliament",
    "government",
    "department",
    "secretariat",
    "authority",
    "federation",
    "foundation",
    "center",
    "centre",
    "academy",
    "administration",
    "bureau",
    "board",
    "forum",
    "alliance",
    "league",
    "community",
    "cabinet",
    "senate",
    "duma",
    "chamber",
    "prosecution",
    "police",
    "army",
    "navy",
    "media",
    "news",
    "times",
    "post",
    "press",
    "tv",
}
_PLACE_HEADS = {
    "park",
    "alley",
    "square",
    "street",
    "avenue",
    "city",
    "region",
    "province",
    "district",
    "republic",
    "island",
    "islands",
    "sea",
    "river",
    "lake",
    "mountains",
    "valley",
    "bay",
    "gulf",
    "strait",
    "peninsula",
    "oblast",
    "krai",
    "palace",
    "hall",
    "cathedral",
    "mosque",
    "airport",
}
_POSSESSIVE_RE = re.compile(r"['’]s$")
_NER_TYPES = {"PER": "person", "LOC": "place", "ORG": "org"}


_GLUED_INITIAL_RE = re.compile(r"(?<=[А-ЯЁA-Z])\.(?=[А-ЯЁA-Z][а-яёa-z])")


class _Natasha:
    """Owns natasha's news NER tagger (slovnet, about 30 MB), loaded on first use, and a
    bounded cache of its answers by paragraph text, so a document is tagged in batches."""

    _CACHE_SIZE = 20_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tagger: Any = None
        self._cache: OrderedDict[str, list[tuple[str, int, int]]] = OrderedDict()

    def _load(self) -> Any:
        if self._tagger is None:
            from natasha import NewsEmbedding, NewsNERTagger

            self._tagger = NewsNERTagger(NewsEmbedding())
        return self._tagger

    def prefetch(self, texts: list[str]) -> None:
        """Tag many paragraphs in batches (far faster than one call each)."""
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache and t.strip()]
            if not todo:
                return
            tagger = self._load()
            # "Ф.М.Чарнецкий": a space for the dot before the surname, same length, so the
            # tagger sees a name and the offsets still fit the text.
            readable = [_GLUED_INITIAL_RE.sub(" ", t) for t in todo]
            for text, markup in zip(todo, tagger.map(readable)):
                self._remember(text, [(s.type, s.start, s.stop) for s in markup.spans])

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        if text not in self._cache:
            self.prefetch([text])
        with self._lock:
            return list(self._cache.get(text, []))

    def _remember(self, text: str, spans: list[tuple[str, int, int]]) -> None:
        self._cache[text] = spans
        while len(self._cache) > self._CACHE_SIZE:
            self._cache.popitem(last=False)


NATASHA = _Natasha()


@cache
def _common_words() -> frozenset[str]:
    return resources.word_list("en_common_words.txt")


def _honorifics() -> frozenset[str]:
    return resources.forms(("honorifics.tsv",))


def _calendar_words() -> frozenset[str]:
    return resources.forms(("months.tsv", "weekdays.tsv"))


def extract(text: str, lang: str, taken: list[tuple[int, int]]) -> Iterator[Fact]:
    found = list(_russian(text, taken) if lang == "ru" else _english(text, taken))
    yield from found
    yield from _web_sites(text, [*taken, *(f.span for f in found)])


_WEB_SITE_RE = re.compile(
    r"(?<![\w.@/])(?:www\.)?[a-zа-яё0-9][\w-]*(?:\.[\w-]+)*\.(?P<suffix>[a-zа-яё]{2,6})(?![\w.]|\.\w)"
)


def _web_sites(text: str, claimed: list[tuple[int, int]]) -> Iterator[Fact]:
    """Sites named in lower case ("primeminister.kz reports"), a source like any outlet."""
    suffixes = resources.word_list("web_suffixes.txt")
    for match in _WEB_SITE_RE.finditer(text):
        start, end = match.span()
        if match.group("suffix") not in suffixes or not _unclaimed([(start, end)], claimed):
            continue
        quote = match.group()
        yield Fact("org", quote, start, end, quote.lower(), attrs={"tokens": (quote,)})


# --- Russian ---------------------------------------------------------------


_SURNAME_AFTER_INITIALS_RE = re.compile(
    r"(?<![\w.])(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?){1,2}(?P<name>[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?)"
)


def _after_initials(
    text: str, taken: list[tuple[int, int]], found: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Surnames behind initials ("Ш.М. Саидов", "Sh.M. Mirziyoyev"): people, even where
    the tagger, thrown by the dots, sees none."""
    spans = (m.span("name") for m in _SURNAME_AFTER_INITIALS_RE.finditer(text))
    return _unclaimed(spans, [*taken, *found])


def _unclaimed(
    spans: Iterable[tuple[int, int]], claimed: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The spans that overlap none already claimed by another extractor or the tagger."""
    return [
        (start, end) for start, end in spans if not any(start < b and a < end for a, b in claimed)
    ]


_QUOTED_NAME_RE = re.compile(r"[«\"„“](?P<name>[А-ЯЁA-Z][^«»\"„“”\n]{1,40}?)[»\"“”]")


def _quoted_names(
    text: str, taken: list[tuple[int, int]], found: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """A capitalised name in quotes (СЭЗ «Коканд», компания "Узавто") that the tagger skipped."""
    spans = (
        m.span("name") for m in _QUOTED_NAME_RE.finditer(text) if len(m.group("name").split()) <= 4
    )
    return _unclaimed(spans, [*taken, *found])


_SITE_NAME_RE = re.compile(r"(?<![\w.@/])[A-ZА-ЯЁ][\w-]*\.[a-zа-яё]{2,4}(?![\w.]|\.\w)")


def _site_names(
    text: str, taken: list[tuple[int, int]], found: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Outlets named by their site (Газета.уз, Kun.uz), often a lone credit line the tagger
    does not read as a name."""
    spans = (m.span() for m in _SITE_NAME_RE.finditer(text))
    return _unclaimed(spans, [*taken, *found])


# A word in capitals too long for an acronym (АЗЕРТАДЖ, КАЗИНФОРМ): an agency or a firm
# that writes its name so.
_CAPITALS_NAME_RE = re.compile(r"(?<![\w-])[А-ЯЁ]{6,}(?![\w-])")


def _capitals_names(
    text: str, taken: list[tuple[int, int]], found: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Names written in capitals ("Как сообщает АЗЕРТАДЖ") in a paragraph that is not
    itself in capitals (a heading)."""
    if mostly_upper(text):
        return []
    spans = (m.span() for m in _CAPITALS_NAME_RE.finditer(text))
    return _unclaimed(spans, [*taken, *found])


_LATIN_NAME_RE = re.compile(r"(?<![\w.@])[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,3}(?![\w@])")


def _latin_names(
    text: str, taken: list[tuple[int, int]], found: list[tuple[str, int, int]]
) -> list[tuple[str, int, int]]:
    """Names left in Latin letters inside Russian text ("(Alexander Borsuk)", credits, firms,
    "Shimane"), which the Russian tagger does not read; typed by the English rules."""
    _kind_tags = {"person": "PER", "place": "LOC", "org": "ORG"}
    out = []
    for match in _LATIN_NAME_RE.finditer(text):
        start, end = match.span()
        if any(start < b and a < end for a, b in taken) or any(
            start < b and a < end for _, a, b in found
        ):
            continue
        # Part of a longer Latin phrase ("O‘zbekiston Respublikasi Hukumat portali"): a
        # quotation in another language, not a name.
        if re.search(r"[A-Za-z‘’ʻ'][ \t]*$", text[:start]) or re.match(
            r"[ \t]*[A-Za-z]", text[end:]
        ):
            continue
        words = match.group().split()
        # One word alone is a name only if no dictionary has it ("Shimane", not "Free").
        if len(words) == 1 and (len(words[0]) < 4 or dictionary_word(words[0])):
            continue
        kind = _english_kind(words)
        out.append((_kind_tags.get(kind, "NAME"), start, end))
    return out


def _russian(text: str, taken: list[tuple[int, int]]) -> Iterator[Fact]:
    spans = NATASHA.spans(text)
    extra = _after_initials(text, taken, [(s, e) for _, s, e in spans])
    spans = spans + [("PER", s, e) for s, e in extra]
    spans += [("NAME", s, e) for s, e in _quoted_names(text, taken, [(s, e) for _, s, e in spans])]
    spans += [("ORG", s, e) for s, e in _site_names(text, taken, [(s, e) for _, s, e in spans])]
    spans += [("ORG", s, e) for s, e in _capitals_names(text, taken, [(s, e) for _, s, e in spans])]
    spans += _latin_names(text, taken, spans)
    for ner_type, start, end in spans:
        tokens = [t for t in tokenize(text[start:end])]
        tokens = [
            Token(t.text, t.start + start, t.end + start, False)
            for t in tokens
            if not any(t.start + start < b and a < t.end + start for a, b in taken)
            and t.text.rstrip(".").lower() not in _honorifics()
        ]
        tokens = [t for t in map(_without_initials, tokens) if t is not None]
        for run in _contiguous(tokens, text):
            if len(run) == 1 and (_lone_adjective(run[0].text) or _common_noun(run[0].text)):
                continue
            if not any(c.isalpha() for c in text[run[0].start : run[-1].end]):
                continue
            if not any(t.text[:1].isupper() for t in run):
                continue  # "государств-членов": words the tagger swept into a name
            yield _russian_fact(text, run, _NER_TYPES.get(ner_type, "name"))


# "В.А.", "Sh.M." (a transliterated digraph initial).
_INITIALS_RE = re.compile(r"^(?:[A-ZА-ЯЁ][a-zа-яё]?\.\s?){1,3}")


def _without_initials(token: Token) -> Token | None:
    """ "В.А.Жеребцовой" is the surname Жеребцовой behind two initials; "В." alone is nothing."""
    match = _INITIALS_RE.match(token.text)
    if not match:
        return None if re.fullmatch(r"[A-ZА-ЯЁ]", token.text) else token
    rest = token.text[match.end() :]
    if len(rest) < 2:
        return None
    return Token(rest, token.start + match.end(), token.end, token.sentence_start)


def _lone_adjective(word: str) -> bool:
    """A single common adjective tagged as a name is a fragment of a longer name
    ("Упрощённая [система налогообложения]"), not a name to compare."""
    parse = morph.parses(word.lower())[0]
    return (
        "ADJF" in str(parse.tag) and morph.is_known(word.lower()) and "Geox" not in str(parse.tag)
    )


def _common_noun(word: str) -> bool:
    """A lone dictionary word the tagger took for a name ("Агропромышленность" opening a
    heading); a proper name carries a Name/Surn/Geox/Orgn tag or is unknown."""
    lowered = word.lower()
    if not morph.is_known(lowered):
        return False
    tags = str(morph.parses(lowered)[0].tag)
    return not any(mark in tags for mark in ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad"))


def _contiguous(tokens: list[Token], text: str) -> list[list[Token]]:
    runs: list[list[Token]] = []
    for token in tokens:
        # A spaced dash ends a name: "/Мирлан Киизбаев - Кабар/" is a byline, not one name.
        gap = text[runs[-1][-1].end : token.start] if runs else None
        if gap is not None and (not gap.strip() or gap == "-"):
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _russian_fact(text: str, run: list[Token], kind: str) -> Fact:
    start, end = run[0].start, run[-1].end
    readings = [russian_readings(t.text, kind) for t in run]
    key = " ".join(r[0] for r in readings)
    variants = tuple(
        dict.fromkeys(" ".join(r[k] if k < len(r) else r[0] for r in readings) for k in range(3))
    )
    return Fact(
        kind,
        text[start:end],
        start,
        end,
        key,
        variants=variants,
        attrs={"tokens": tuple(t.text for t in run), "readings": tuple(tuple(r) for r in readings)},
    )


def russian_readings(word: str, kind: str = "name") -> list[str]:
    """Plausible dictionary forms of a word of a name, most likely first, lower case."""
    return list(_readings(word, kind))


@lru_cache(maxsize=100_000)
def _readings(word: str, kind: str) -> tuple[str, ...]:
    # Cached: the mention check asks for every word of every other paragraph.
    lowered = word.lower()
    if any(c.isupper() for c in word[1:]) and word.isupper():
        return (lowered,)  # an acronym or a name in capitals: leave it
    numbered = re.match(r"(.+)-\d+$", lowered)
    if numbered:  # "Мариинском-2": the Mariinsky's second stage
        return (*_readings(numbered.group(1), kind), lowered)
    forms: list[str] = []
    for parse in morph.parses(lowered)[:6]:
        tag = str(parse.tag)
        preferred = (
            kind != "person" or any(t in tag for t in ("Name", "Surn", "Patr")) or "NOUN" in tag
        )
        if preferred and parse.normal_form not in forms:
            forms.append(parse.normal_form)
        # pymorphy3 files a woman's surname under the man's (Загитовой -> загитов); the
        # English writes hers (Zagitova).
        if preferred and "Surn" in tag and "femn" in tag:
            nominative = parse.inflect({"nomn"})
            if nominative is not None and nominative.word not in forms:
                forms.append(nominative.word)
    if lowered not in forms:
        forms.append(lowered)
    # A foreign name in an oblique case (Амра, Эль-Хага, Латвалы for Амр, Эль-Хаг, Латвала)
    # that the dictionary does not know as such: also read in its nominative, after every
    # dictionary reading.
    for ending, nominatives in _case_endings():
        stem = lowered[: -len(ending)]
        if lowered.endswith(ending) and len(stem) >= 3 and stem[-1] not in "аеёиоуыэюяйь":
            forms.extend(f for f in dict.fromkeys(stem + n for n in nominatives) if f not in forms)
            break
    return tuple(forms)


@cache
def _case_endings() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """data/ru_case_endings.tsv, longest ending first."""
    rows = resources.table("ru_case_endings.tsv")
    endings = [(r["ending"], tuple(r["nominative"].split("|"))) for r in rows]
    return tuple(sorted(endings, key=lambda e: len(e[0]), reverse=True))


# --- English ---------------------------------------------------------------


def _english(text: str, taken: list[tuple[int, int]]) -> Iterator[Fact]:
    tokens = tokenize(text)
    runs: list[list[Token]] = []
    current: list[Token] = []
    previous_end = 0
    for index, token in enumerate(tokens):
        blocked = any(token.start < b and a < token.end for a, b in taken)
        gap = text[previous_end : token.start]
        breaks = bool(re.search(r"[,;:()\"“”«»!?]|[.]\s", gap)) or "\t" in gap
        if current and (blocked or breaks):
            runs.append(current)
            current = []
        previous_end = token.end
        if blocked:
            continue
        if _INITIALS_RE.fullmatch(token.text + ".") and text[token.end : token.end + 1] == ".":
            # "F.M." before "Charnetsky": initials, not a name of their own.
            if current:
                runs.append(current)
                current = []
            continue
        joins = current and (
            token.text.lower() in _CONNECTORS or _joins_portfolios(current, tokens, index)
        )
        if _name_word(token) or joins:
            current.append(token)
            if _POSSESSIVE_RE.search(token.text):
                # "Sullivan’s Roundtable", "Putin’s Russia": the possessive ends the name.
                runs.append(current)
                current = []
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    surnames = set(_after_initials(text, taken, []))
    for part in [p for run in runs for p in _place_before_person(run)]:
        source = _REPORTS_RE.match(text, part[-1].end) is not None and not part[0].sentence_start
        run = part if source else _trim(part)
        if run:
            fact = _english_fact(text, run)
            if (fact.start, fact.end) in surnames and fact.kind == "name":
                fact = Fact("person", fact.text, fact.start, fact.end, fact.key, attrs=fact.attrs)
            if source:
                attrs = {**fact.attrs, "source": True}
                fact = Fact("org", fact.text, fact.start, fact.end, fact.key, attrs=attrs)
            yield fact


# "…, Trend reports.": the outlet a report cites, however ordinary its name's word.
_REPORTS_RE = re.compile(r"\s+(?:reports|reported|informs|informed|writes|wrote)(?=\s*(?:[.,;]|$))")


def _name_word(token: Token) -> bool:
    word = token.text
    if not word[:1].isupper() and not re.search(r"[A-Z]", word[1:]):
        return False
    if word.rstrip(".").lower() in _honorifics() or word.lower() in _calendar_words():
        return False
    # "pan-European", "anti-Kremlin": a prefixed adjective, not a name ("al-Bukhari" is).
    if "-" in word and word.split("-", 1)[0] in resources.word_list("en_adjective_prefixes.txt"):
        return False
    # "Russian-speaking", "Moscow-based": an adjective built on a name, not the name.
    if "-" in word and word.rsplit("-", 1)[1][:1].islower() and len(word.rsplit("-", 1)[1]) > 2:
        return False
    # A contraction is grammar ("Don't", "We've", "It's"); a possessive keeps its name.
    contraction = _CONTRACTION_RE.search(word)
    if contraction:
        base = word[: contraction.start()].lower()
        if contraction.group(1).lower() != "s" or base in _common_words():
            return False
    return not word.isdigit()


_CONTRACTION_RE = re.compile(r"['’](t|s|ve|re|ll|d|m)$", re.IGNORECASE)


def _joins_portfolios(current: list[Token], tokens: list[Token], index: int) -> bool:
    """ "and" inside a body's name ("Ministry of Culture and Sports"), not between two names
    ("Kazakhstan and Uzbekistan")."""
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    words = [t.text.lower() for t in current]
    return (
        tokens[index].text == "and"
        and following is not None
        and _name_word(following)
        and "of" in words
        and any(w in _ORG_HEADS for w in words[: words.index("of")])
    )


def _place_before_person(run: list[Token]) -> list[list[Token]]:
    """ "Kyrgyz Republic Temir Zhumakadyrov": a country, then a person of two words or
    more, neither of them an ordinary word, is two names."""
    for cut in range(min(3, len(run) - 2), 0, -1):
        rest = run[cut:]
        if (
            _is_known_place(" ".join(t.text for t in run[:cut]))
            and not any(dictionary_word(t.text) or _is_known_place(t.text) for t in rest)
            and not any(t.text.lower() in _CONNECTORS for t in rest)
        ):
            return [run[:cut], rest]
    return [run]


def _trim(run: list[Token]) -> list[Token]:
    while run and run[-1].text.lower() in _CONNECTORS:
        run = run[:-1]
    while run and run[0].text.lower() in _CONNECTORS:
        run = run[1:]
    if not run:
        return run
    common = _common_words()
    # A sentence-initial capital is grammar, not a name: drop a common first word, unless
    # it is a public figure's name ("Xi says").
    first = run[0].text.lower()
    figure = len(run) == 1 and first in _public_figures()
    if (
        run[0].sentence_start
        and first in common
        and (len(run) == 1 or first in _FUNCTION_WORDS)
        and not figure
    ):
        run = run[1:]
    # A lone capitalised dictionary word ("Subsoil" opening a sentence, "National" before
    # a title, "L-shaped") is an ordinary word unless it names a known place or person.
    if (
        len(run) == 1
        and dictionary_word(run[0].text)
        and not _is_known_place(run[0].text)
        and run[0].text.lower() not in _public_figures()
    ):
        return []
    while run and run[0].text.lower() in _CONNECTORS:
        run = run[1:]
    # Descriptive words before a personal name ("National Leader Heydar Aliyev").
    if len(run) >= 3 and not any(t.text.lower() in _CONNECTORS for t in run):
        uncommon = [i for i, t in enumerate(run) if _bare(t.text).lower() not in common]
        if (
            uncommon
            and uncommon[0] > 0
            and len(run) - uncommon[0] >= 2
            and all(run[i].text.lower() not in _CONNECTORS for i in range(uncommon[0], len(run)))
        ):
            run = run[uncommon[0] :]
    return run


_FUNCTION_WORDS = {
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "while",
    "when",
    "as",
    "by",
    "for",
    "with",
    "from",
    "to",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "his",
    "her",
    "their",
    "our",
    "then",
    "also",
    "but",
    "and",
    "or",
    "if",
    "since",
    "under",
    "following",
    "according",
    "meanwhile",
    "however",
    "earlier",
    "later",
    "today",
    "yesterday",
}


@cache
def _public_figures() -> frozenset[str]:
    """English forms of data/established_names.tsv, lower case."""
    return frozenset(
        form.lower()
        for row in resources.table("established_names.tsv")
        for form in resources.alternatives(row["en"])
    )


def _is_known_place(word: str) -> bool:
    from ..crosslang import is_known_place

    return is_known_place(_bare(word))


def dictionary_word(word: str) -> bool:
    """An English dictionary word (any of its hyphenated parts, British or American)."""
    dictionary = resources.word_list("en_dictionary.txt")
    parts = [p for p in _bare(word).lower().split("-") if p]
    return bool(parts) and all(
        len(p) == 1 or p in dictionary or _american(p) in dictionary for p in parts
    )


@cache
def _british_endings() -> tuple[tuple[str, str], ...]:
    """data/en_british_spellings.tsv, longest ending first."""
    rows = [(r["british"], r["american"]) for r in resources.table("en_british_spellings.tsv")]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _american(word: str) -> str:
    """The American spelling of a British word (authorised -> authorized, colour -> color)."""
    for british, american in _british_endings():
        if word.endswith(british) and len(word) > len(british) + 2:
            return word[: -len(british)] + american
    return word


def _bare(word: str) -> str:
    return _POSSESSIVE_RE.sub("", word)


def _english_fact(text: str, run: list[Token]) -> Fact:
    start, end = run[0].start, run[-1].end
    quote = text[start:end]
    possessive = _POSSESSIVE_RE.search(quote)
    if possessive:
        quote = quote[: possessive.start()]
        end = start + len(quote)
    words = [_bare(t.text) for t in run]
    return Fact(
        _english_kind(words), quote, start, end, english_key(quote), attrs={"tokens": tuple(words)}
    )


def english_key(quote: str) -> str:
    return " ".join(_bare(w).lower() for w in quote.split())


def _english_kind(words: list[str]) -> str:
    from ..crosslang import is_demonym, is_known_place

    lowered = [w.lower() for w in words]
    if (
        lowered[-1] in _ORG_HEADS
        or lowered[0] in _ORG_HEADS
        or "." in words[-1]
        or re.search(r"[a-z][A-Z]", words[-1])  # OpenStreetMap; not Ust-Kamenogorsk
    ):
        return "org"
    if is_known_place(" ".join(words)) or lowered[-1] in _PLACE_HEADS or lowered[0] in _PLACE_HEADS:
        return "place"
    common = _common_words()
    if (
        2 <= len(words) <= 4
        and all(w.lower() not in _CONNECTORS for w in words)
        # "European Affairs" is a demonym and a common word, no one's name.
        and any(w.lower() not in common and not is_demonym(w) for w in words)
    ):
        return "person"
    return "name"


# --- roles attached to people ------------------------------------------------


def attach_roles(facts: list[Fact], text: str) -> None:
    """Give each person the title standing next to it ("Minister X", "X, the minister")."""
    roles = [f for f in facts if f.kind == "role"]
    places = [f for f in facts if f.kind in ("place", "org", "name", "acronym")]
    for person in (f for f in facts if f.kind == "person"):
        role = _role_before(person, roles, places, text) or _role_after(person, roles, text)
        if role is not None:
            person.attrs["role"] = role


def _role_before(person: Fact, roles: list[Fact], places: list[Fact], text: str) -> Fact | None:
    best = None
    for role in roles:
        if role.end > person.start or person.start - role.end > 60:
            continue
        gap = text[role.end : person.start]
        for place in places:
            if role.end <= place.start and place.end <= person.start:
                gap = gap.replace(text[place.start : place.end], "")
        gap = _without_genitive_complement(gap)
        if re.fullmatch(r"[\s'’s\-–—]*(?:of|the|\s)*[\s'’s]*", gap) and (
            best is None or role.end > best.end
        ):
            best = role
    return best


def _without_genitive_complement(gap: str) -> str:
    """ "Аким области Ермек Кошербаев": up to three genitive nouns and adjectives complete
    a Russian title before its holder's name; a verb or a preposition does not."""
    words = re.findall(r"[а-яё-]+", gap)
    if not words or len(words) > 3 or re.search(r"[^\sа-яё-]", gap):
        return gap
    genitive = all(
        any(
            "gent" in str(parse.tag) and str(parse.tag).split(",")[0] in ("NOUN", "ADJF")
            for parse in morph.parses(word)[:2]
        )
        for word in words
    )
    return " " if genitive else gap


def _role_after(person: Fact, roles: list[Fact], text: str) -> Fact | None:
    for role in roles:
        gap = text[person.end : role.start]
        if 0 <= role.start - person.end <= 8 and re.fullmatch(
            r"\s*,\s*(?:the\s+|a\s+)?", gap, re.IGNORECASE
        ):
            return role
    return None
