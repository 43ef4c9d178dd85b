"""only_in_en / only_in_ru: a name, figure or date present in one paragraph only."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from .. import morph, resources
from ..align import both_headlines
from ..crosslang import (
    capital_and_country,
    compare_words,
    english_exonym_ids,
    is_demonym,
    russian_exonym_ids,
    russian_stems,
)
from ..facts import Fact, acronyms, dates
from ..facts.names import dictionary_word, russian_readings
from ..facts.tokens import Token, tokenize
from ..match import ENTITY_KINDS, LinkMatch, Located, place_ids, same_number
from ..report import Finding, Link
from ..resources import word_list
from .base import (
    Check,
    PairContext,
    finding,
    register,
    with_counted_noun,
    with_preposition,
)

_MENTION_SIMILARITY = 0.85
_SEVERITY = {"person": "medium", "number": "medium", "date": "medium"}


class _OnlyIn(Check):
    lang: str
    severity_rule = (
        "medium for people, figures and dates the other report never gives; low for places "
        "and organisations, which reports often leave to context, and for anything the "
        "other report gives in another paragraph"
    )

    def findings(self, context: PairContext) -> Iterable[Finding]:
        other = "Russian" if self.lang == "en" else "English"
        own = "English" if self.lang == "en" else "Russian"
        for link, match in context.matched_links:
            items = match.only_en if self.lang == "en" else match.only_ru
            counterpart = link.ru if self.lang == "en" else link.en
            for item in items:
                where = _assess(context, item, self.lang, counterpart)
                if where is None or (
                    where == "elsewhere" and _reworded_headlines(context, link, match)
                ):
                    continue
                item = with_counted_noun(item, context, self.lang)
                item = with_preposition(item, context, self.lang)
                what = _what(item.fact)
                if where == "absent":
                    rest = f"nor does the rest of the {other} report"
                    severity = _SEVERITY.get(item.fact.kind, "low")
                else:
                    rest = f"the {other} report gives it in another paragraph"
                    severity = "low"
                explanation = (
                    f'The {own} paragraph gives {what} "{item.fact.text}"; its {other} '
                    f"counterpart does not ({rest})."
                )
                yield finding(
                    self.kind,
                    severity,
                    explanation,
                    context,
                    item if self.lang == "en" else None,
                    item if self.lang == "ru" else None,
                )


@register
class OnlyInEnglish(_OnlyIn):
    kind = "only_in_en"
    lang = "en"
    description = (
        "A named entity or figure in an English paragraph, absent from its Russian counterpart."
    )


@register
class OnlyInRussian(_OnlyIn):
    kind = "only_in_ru"
    lang = "ru"
    description = (
        "A named entity or figure in a Russian paragraph, absent from its English counterpart."
    )


def _reworded_headlines(context: PairContext, link: Link, match: LinkMatch) -> bool:
    """Two headlines that each name someone or something the other leaves to the text
    below ("Olzhas Bektenov presents new akim" / «Нуралхан Кушеров возглавил…»): each
    outlet put the event its own way, so a name given further down is not left out. A
    translated headline that drops a name has no such name of its own on the other side."""
    documents = context.report.documents
    if not (
        link.en == (0,)
        and link.ru == (0,)
        and both_headlines(documents["en"].paragraphs[0], documents["ru"].paragraphs[0])
    ):
        return False
    return all(
        any(
            item.fact.kind in ENTITY_KINDS
            and _assess(context, item, lang, counterpart) == "elsewhere"
            for item in items
        )
        for items, lang, counterpart in (
            (match.only_en, "en", link.ru),
            (match.only_ru, "ru", link.en),
        )
    )


def _what(fact: Fact) -> str:
    return {
        "person": "the name",
        "org": "the organisation",
        "place": "the place",
        "name": "the name",
        "number": "the figure",
        "ordinal": "the ordinal",
        "date": "the date",
        "acronym": "the acronym",
    }[fact.kind]


def _dates_the_day(context: PairContext, lang: str, dateline: Fact) -> bool:
    """Does the report date the day anyhow: this date, a weekday, "today", "yesterday"?"""
    for pf in context.facts(lang):
        for fact in pf.of("date"):
            value = fact.value
            if value[0] == "weekday" or (value[0] == "relative" and value[1] == "day"):
                return True
            if dates.agree(value, dateline.value) and dates.comparable(value, dateline.value):
                return True
    return False


def _assess(
    context: PairContext, item: Located, lang: str, counterpart: tuple[int, ...]
) -> str | None:
    """None: not worth a finding; "elsewhere": the other report has it in another
    paragraph; "absent": the other report never has it."""
    fact = item.fact
    other_lang = "ru" if lang == "en" else "en"
    if fact.attrs.get("dateline"):
        # When one relay filed it, not what it reports; unless the other report does not
        # date the day at all, and the dateline is all that dates the event.
        if fact.kind != "date" or _dates_the_day(context, other_lang, fact):
            return None
        return "absent"
    if fact.kind in ENTITY_KINDS:
        other_paragraphs = [context.report.documents[other_lang].paragraphs[j] for j in counterpart]
        # A name made of ordinary words ("Alley of Martyrs") is translated, not spelled:
        # its absence cannot be told from a free translation, so it is not reported.
        if (
            _mentioned(fact, lang, other_paragraphs)
            or (_descriptive(fact, lang) and not _kept_as_written(context, fact, other_lang))
            or _demonym(fact, context.report.documents[lang].paragraphs[item.paragraph])
            or _named_by_acronym(context, fact, lang, counterpart)
            or _acronym_in_one_slot(context, fact, lang)
            or _capital_beside_country(context, item, lang, counterpart)
        ):
            return None
        named_in = context.named_in(item, lang)
        if named_in and not any(context.linked(other_lang, j)[1] for j in named_in):
            return None  # told in a paragraph with no counterpart, which is reported itself
        if named_in or _named_by_acronym(context, fact, lang):
            # A name the other report repeats elsewhere and here replaces by "he", "the
            # country" or "the ministry" is the same reference; without one, a low finding.
            if _referred_to(fact, other_lang, other_paragraphs):
                return None
            return "elsewhere"
        return "absent"
    if fact.kind == "acronym":
        # США, ОАЭ: a country's letters, told by its name or its currency ("$") on the
        # other side. And a body the other report names in another paragraph is the
        # story's, which a paragraph may leave to "the organisation".
        if english_exonym_ids(fact.text) or russian_exonym_ids((fact.text.lower(),)):
            return None
        rows = acronyms.row_ids(fact.key)
        elsewhere = any(
            rows & acronyms.row_ids(f.key)
            for pf in context.facts(other_lang)
            for f in pf.of("acronym")
        ) or any(acronyms.spelled_out(row, context.texts[other_lang], other_lang) for row in rows)
        return None if elsewhere else "absent"
    if fact.kind == "number":
        # Small bare counts are written as words or folded into compounds on the other
        # side ("4-х этажное" / "four-storey"): too weak to report alone.
        if fact.value < 10 and not fact.attrs.get("unit"):
            return None
        # "one hour" is «час»: Russian leaves a single unit uncounted; "half" in words is
        # mostly an idiom («во второй половине дня», the afternoon).
        if fact.value <= 1 and fact.attrs.get("written") != "digits":
            return None
        # "24-hour", "five-year": one side's compound adjective is often one word on the
        # other ("круглосуточный", "пятилетний"), where no figure is written.
        text = context.report.documents[lang].paragraphs[item.paragraph]
        if fact.attrs.get("compound") or re.match(r"-[^\W\d_]", text[fact.end : fact.end + 2]):
            return None
        facts = context.facts(other_lang)
        # Anywhere in this side's link: a merged paragraph may repeat the figure.
        repeated = any(
            f is not fact and same_number(f, fact)
            for j in context.linked(lang, item.paragraph)[0]
            for f in context.facts(lang)[j].of("number")
        )
        if repeated and any(
            same_number(f, fact) for j in counterpart for f in facts[j].of("number")
        ):
            return None  # «по формуле 120/30 … 120 (вместо 77)»: the other gives 120 once
        others = (f for pf in facts for f in pf.of("number"))
        return "elsewhere" if any(same_number(f, fact) for f in others) else "absent"
    # A month alone ("в марте") is as vague as a relative date: compared, never owed.
    month_only = (
        fact.kind == "date" and fact.value[0] == "date" and fact.value[1::2] == (None, None)
    )
    if fact.kind == "date" and fact.value[0] != "relative" and not month_only:
        # Relative dates ("today", "this year") are context the other side rarely owes.
        if _names_a_day(fact) and _day_told_otherwise(context, item, lang, counterpart):
            return None  # «в понедельник, 22 мая» / "today": one day, told another way
        others = (f for pf in context.facts(other_lang) for f in pf.facts if f.kind == "date")
        seen = any(dates.agree(f.value, fact.value) or dates.year_in_span(f, fact) for f in others)
        return "elsewhere" if seen else "absent"
    return None


def _names_a_day(fact: Fact) -> bool:
    """A weekday, a day of a month, or a day counted from the report's ("today")."""
    kind = fact.value[0]
    return (
        kind == "weekday"
        or (kind == "relative" and fact.value[1] == "day")
        or (kind == "date" and fact.value[3] is not None)
    )


def _vague_day(fact: Fact) -> bool:
    """A day told by its weekday or from the report's own ("today", "yesterday")."""
    return fact.value[0] == "weekday" or fact.value[0] == "relative"


def _day_told_otherwise(
    context: PairContext, item: Located, lang: str, counterpart: tuple[int, ...]
) -> bool:
    """Does the counterpart tell a day only as "today" or "on Monday" where this paragraph
    gives its date, or give a date where this paragraph tells its day only so?"""
    other_lang = "ru" if lang == "en" else "en"
    told = [
        f for j in counterpart for f in context.facts(other_lang)[j].of("date") if _names_a_day(f)
    ]
    if not told:
        return False
    if all(_vague_day(f) for f in told):
        return True
    own = context.facts(lang)[item.paragraph].of("date")
    return _vague_day(item.fact) and all(_vague_day(f) for f in own if _names_a_day(f))


def _capital_beside_country(
    context: PairContext, item: Located, lang: str, counterpart: tuple[int, ...]
) -> bool:
    """ "to Russia" where the other says «в Москву»: one destination, told in more or less
    detail, not a place left out."""
    fact = item.fact
    if fact.kind != "place":
        return False
    own = place_ids(fact, lang)
    if not own:
        return False
    other_lang = "ru" if lang == "en" else "en"
    # A country the capital's own paragraph names too is its own counterpart's match, and
    # then the capital is a place left out ("Dushanbe, Tajikistan" / «Таджикистан»).
    named_here = frozenset().union(
        *(place_ids(f, lang) for f in context.facts(lang)[item.paragraph].of("place"))
    )
    return any(
        capital_and_country(own, ids) and not ids & named_here
        for j in counterpart
        for f in context.facts(other_lang)[j].of("place")
        if (ids := place_ids(f, other_lang))
    )


def _named_by_acronym(
    context: PairContext, fact: Fact, lang: str, within: tuple[int, ...] | None = None
) -> bool:
    """A body spelled out on one side and abbreviated on the other (in the paragraphs
    `within`, or anywhere): WTO / ВТО through the table, East Kazakhstan / ВКО through the
    other report's own spelling-out of ВКО."""
    other_lang = "ru" if lang == "en" else "en"
    other = [
        f
        for j, pf in enumerate(context.facts(other_lang))
        if within is None or j in within
        for f in pf.of("acronym")
    ]
    rows = acronyms.rows_named(fact.text, lang)
    if rows and any(rows & acronyms.row_ids(f.key) for f in other):
        return True
    for key in {f.key for f in other if not acronyms.row_ids(f.key)}:
        expansion = acronyms.expansion_by_initials(key, context.texts[other_lang])
        if expansion and _mentioned(fact, lang, [expansion]):
            return True
    return False


def _acronym_in_one_slot(context: PairContext, fact: Fact, lang: str) -> bool:
    """A name built on an acronym that the other side renders by its own ("ЕФСПО", "Содружество
    ЕФСПО" where the English writes FSFE; see PairContext.acronyms_in_one_slot)."""
    tokens = fact.attrs.get("tokens", (fact.text,))
    return any((lang, acronyms.normalise(t)) in context.acronyms_in_one_slot for t in tokens)


def _mentioned(fact: Fact, lang: str, other_paragraphs: list[str]) -> bool:
    """Is the name in the other paragraph's words, where the extractor did not find it?

    Any one word of a name will do, for a person the surname ("Aliyev" for "Heydar
    Aliyev"); a CamelCase word ("OccupyBarricades") needs all its parts, since they share
    the common ones.
    """
    tokens = fact.attrs.get("tokens", (fact.text,))
    groups = [[w for w in _camel_parts(t) or [t] if _word_like(w)] for t in tokens]
    groups = [g for g in groups if g]
    if not groups:
        return False
    # A place inside a compound or an adjective: Kyiv / Старокиевская.
    if lang == "en":
        folded = [p.lower().replace("ё", "е") for p in other_paragraphs]
        # "China-Kazakhstan relations" / «китайско-казахстанские отношения»: every part.
        parts = [russian_stems(part) for part in fact.text.split("-")]
        if all(parts) and all(any(s in p for p in folded for s in stems) for stems in parts):
            return True
    else:
        own = fact.text.lower().replace("ё", "е")
        for paragraph in other_paragraphs:
            english = (re.sub(r"['’]s$", "", t.text) for t in tokenize(paragraph))
            if any(stem in own for word in english for stem in russian_stems(word)):
                return True
    # A CamelCase name kept as written, if only inside a compound ("DevOps-сообщества").
    camel = {t.casefold() for t in tokens if _camel_parts(t)}
    if camel and any(
        token.text.casefold() in camel
        for paragraph in other_paragraphs
        for token in _with_parts(tokenize(paragraph))
    ):
        return True
    several = sum(map(len, groups)) > 1
    # A person is mentioned by the surname ("Aliyev" for "Heydar Aliyev"); a given name
    # alone is as likely another person's (Касым-Жомарт Токаев for Kassym-Jomart Japarov).
    decisive = groups[-1:] if len(groups) > 1 and _personal_name(fact, lang) else groups
    if lang == "en":
        # An ordinary word of a name ("City" of "Matsue City", "Russian") does not tell
        # it is there; a name's own word does ("Matsue", "ClickHouse").
        ordinary = {
            t for t in tokens if not _camel_parts(t) and (dictionary_word(t) or is_demonym(t))
        }
        proper = [g for g in decisive if not all(w in ordinary for w in g)]
        decisive = proper or decisive
    found: set[str] = set()
    for paragraph in other_paragraphs:
        for token in _with_parts(tokenize(paragraph)):
            # Russian writes languages, demonyms and many adjectives in lower case ("урду").
            if lang == "en" and not token.is_capitalised and several:
                continue
            for word in {w for g in groups for w in g} - found:
                if lang == "en":
                    verdict = compare_words(word, token.text, tuple(russian_readings(token.text)))
                else:
                    readings = tuple(russian_readings(word))
                    verdict = compare_words(token.text, word, readings)
                # A near spelling of a short word is chance (Dima / Duma), not a mention.
                near = verdict.how == "fuzzy" and min(len(word), len(token.text)) < 5
                if verdict.similarity >= _MENTION_SIMILARITY and not near:
                    found.add(word)
            if any(all(w in found for w in g) for g in decisive):
                return True
    return False


@cache
def _referring_words() -> dict[tuple[str, str], frozenset[str]]:
    table: dict[tuple[str, str], set[str]] = {}
    for row in resources.table("referring_words.tsv"):
        for lang in ("en", "ru"):
            table.setdefault((row["kind"], lang), set()).update(resources.alternatives(row[lang]))
    return {k: frozenset(v) for k, v in table.items()}


def _referred_to(fact: Fact, lang: str, paragraphs: list[str]) -> bool:
    """Does a paragraph refer back to a person, place or body by a pronoun or a common noun
    ("his leadership", "the two countries")?"""
    kind = fact.kind if fact.kind in ("person", "place") else "org"
    words = _referring_words().get((kind, lang))
    if not words:
        return False
    for paragraph in paragraphs:
        for token in tokenize(paragraph):
            word = token.text.lower()
            if (morph.lemma(word) if lang == "ru" else word) in words:
                return True
    return False


def _demonym(fact: Fact, text: str) -> bool:
    """ "Persian", "Uzbek": an adjective of a people, not a name the other side owes.

    A word that is a place's name as well ("Netherlands", "Pacific") is the adjective only
    before the word it describes ("Netherlands delegation"), not in "and the Netherlands."
    """
    tokens = fact.attrs.get("tokens", (fact.text,))
    if len(tokens) != 1 or not is_demonym(tokens[0]):
        return False
    if fact.kind != "place" or not english_exonym_ids(fact.text):
        return True
    following = re.match(r" ([^\W\d_]+)", text[fact.end :])
    function_words = word_list("en_function_words.txt")
    return bool(following) and following.group(1).lower() not in function_words


_CAMEL_PART_RE = re.compile(r"[A-ZА-ЯЁ]?[a-zа-яё]+|[A-ZА-ЯЁ]+(?![a-zа-яё])|\d+")


def _parts(word: str) -> list[str]:
    """The parts of a hyphenated or CamelCase word: "Мирзо-Улугбекского" (Мирзо,
    Улугбекского), a hashtag "OccupyBarricades" (Occupy, Barricades)."""
    if "-" in word:
        return [p for p in word.split("-") if p]
    if re.search(r"[a-zа-яё][A-ZА-ЯЁ]", word):
        return _CAMEL_PART_RE.findall(word)
    return []


def _word_like(part: str) -> bool:
    """Long enough to be told from others: three letters, or two capitals (SK, ЕС)."""
    return len(part) > 2 or (len(part) == 2 and part.isupper())


def _personal_name(fact: Fact, lang: str) -> bool:
    """A person's name proper: no word of it an ordinary word ("Mughal Empire" is none)."""
    if fact.kind != "person":
        return False
    tokens = fact.attrs.get("tokens", (fact.text,))
    if lang == "en":
        # Brands run words together (ClickHouse); plurals name things (Meetups).
        return not any(re.search(r"[a-z][A-Z]|s$", t) or dictionary_word(t) for t in tokens)
    return all(morph.is_proper(t) or not morph.is_known(t) for t in tokens)


def _camel_parts(word: str) -> list[str]:
    """A CamelCase word's parts, if each stands on its own ("OccupyBarricades", "OccupySK";
    not "iOS")."""
    parts = _parts(word) if "-" not in word else []
    return parts if parts and all(_word_like(p) for p in parts) else []


def _with_parts(tokens: Iterable[Token]) -> Iterator[Token]:
    """Tokens, and their parts (see _parts), each standing for itself."""
    for token in tokens:
        yield token
        offset = token.start
        for part in _parts(token.text):
            start = token.text.find(part, offset - token.start) + token.start
            yield Token(part, start, start + len(part), False)
            offset = start + len(part)


def _kept_as_written(context: PairContext, fact: Fact, other_lang: str) -> bool:
    """Does the other report write this name letter for letter somewhere ("Organic Maps"
    left in Latin in the Russian)? Then it is a name it keeps, not words it translates."""
    return fact.text.casefold() in context.folded_texts[other_lang]


@cache
def _ordinary_english(word: str) -> bool:
    """A dictionary word, or two common words closed up (Roundtable, Newsroom) that is
    no known name (Blackwell) or camel-cased one (#OccupyBarricades)."""
    if word.lower() in word_list("en_dictionary.txt"):
        return True
    if not word[1:].islower() or word.lower() in word_list("en_proper_names.txt"):
        return False
    word = word.lower()
    common = word_list("en_common_words.txt")
    return any(word[:i] in common and word[i:] in common for i in range(4, len(word) - 3))


def _descriptive(fact: Fact, lang: str) -> bool:
    """A name made of ordinary words (Victory Park, Рабочая группа) is translated, not spelled."""
    if fact.kind == "person" or fact.attrs.get("source"):
        return False  # a cited outlet keeps its name, however ordinary ("Trend reports")
    tokens = fact.attrs.get("tokens", (fact.text,))
    if lang == "en":
        parts = [part for t in tokens for part in t.split("-")]
        # "European Affairs" is translated too («европейских дел»), though "European"
        # alone is a place's adjective, not an ordinary word.
        return not all(is_demonym(part) for part in parts) and all(
            _ordinary_english(part)
            or part.lower() in ("of", "the", "for", "and")
            or is_demonym(part)
            for part in parts
        )
    for token in tokens:
        if not morph.is_known(token.lower()) or morph.is_proper(token):
            return False
    return True
