"""Match the facts of two aligned paragraph groups across the languages.

For one link, ``match_link`` pairs English and Russian facts: names through
romanisation and exonyms (``crosslang``), translated names (organisations, landmarks)
through the embedder's similarity of the two quotes, numbers and dates by value.
What stays unpaired is either a changed fact in the same slot (a different person
with the same title, a different number of the same unit) or a fact on one side only.
The checks read this; they do not match anything themselves.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from . import crosslang, morph, resources
from .facts import Fact, ParagraphFacts, acronyms, roles
from .facts import dates as date_facts

ENTITY_KINDS = ("person", "org", "place", "name")
# Cosine similarity of two quotes above which a translated name is the same name.
TRANSLATION_SIMILARITY = 0.62
TRANSLATION_MARGIN = 0.05
# Below this similarity the nouns two figures count are unrelated ("moves" / "лет" score
# about 0.2, "goals" / "голов" 0.4, "organisations" / "организаций" 0.9).
COUNTED_NOUNS_UNRELATED = 0.3
# A round figure stands for an exact one this close ("49,228" / «50 тысяч»); a changed
# digit of a round figure (22,000 / 23 000) is further off.
ROUNDING_TOLERANCE = 0.02


@dataclass(frozen=True)
class Located:
    fact: Fact
    paragraph: int


@dataclass
class EntityPair:
    en: Located
    ru: Located
    how: str  # exonym | scheme | variant | translation | acronym
    verdict: crosslang.NameVerdict | None = None


@dataclass
class LinkMatch:
    en_paragraphs: tuple[int, ...]
    ru_paragraphs: tuple[int, ...]
    entity_pairs: list[EntityPair] = field(default_factory=list)
    changed_names: list[tuple[Located, Located]] = field(default_factory=list)
    only_en: list[Located] = field(default_factory=list)
    only_ru: list[Located] = field(default_factory=list)
    changed_numbers: list[tuple[Located, Located]] = field(default_factory=list)
    changed_dates: list[tuple[Located, Located]] = field(default_factory=list)


class QuoteSimilarity:
    """Embedder similarity of short quotes (names of organisations, landmarks)."""

    def __init__(self, encode: Callable[[Sequence[str]], np.ndarray] | None) -> None:
        self._encode = encode
        self._vectors: dict[str, np.ndarray] = {}

    def prime(self, quotes: Sequence[str]) -> None:
        missing = [q for q in dict.fromkeys(quotes) if q not in self._vectors]
        if missing and self._encode is not None:
            self._vectors.update(zip(missing, self._encode(missing)))

    @property
    def available(self) -> bool:
        return self._encode is not None

    def __call__(self, a: str, b: str) -> float:
        if self._encode is None:
            return 0.0
        self.prime([a, b])
        return float(self._vectors[a] @ self._vectors[b])


def located(facts: Sequence[ParagraphFacts], indices: Sequence[int], *kinds: str) -> list[Located]:
    return [Located(f, i) for i in indices for f in facts[i].facts if f.kind in kinds]


def match_link(
    en_facts: Sequence[ParagraphFacts],
    ru_facts: Sequence[ParagraphFacts],
    en_indices: tuple[int, ...],
    ru_indices: tuple[int, ...],
    similarity: QuoteSimilarity,
) -> LinkMatch:
    result = LinkMatch(en_indices, ru_indices)
    en_entities = located(en_facts, en_indices, *ENTITY_KINDS)
    ru_entities = located(ru_facts, ru_indices, *ENTITY_KINDS)
    pairs, left_en, left_ru = pair_entities(en_entities, ru_entities, similarity)
    inside, left_en, left_ru = _names_inside(left_en, left_ru, en_entities, ru_entities)
    ministries = _other_ministries(en_entities, ru_entities)
    result.changed_names = ministries
    moved = {id(item) for pair in ministries for item in pair}
    result.entity_pairs = [p for p in pairs + inside if not {id(p.en), id(p.ru)} <= moved]
    left_en = [item for item in left_en if id(item) not in moved]
    left_ru = [item for item in left_ru if id(item) not in moved]
    changed, left_en, left_ru = _same_slot_people(left_en, left_ru)
    result.changed_names.extend(changed)
    changed, left_en, left_ru = _same_slot_places(left_en, left_ru)
    result.changed_names.extend(changed)
    result.only_en.extend(left_en)
    result.only_ru.extend(left_ru)

    numbers_en = located(en_facts, en_indices, "number", "ordinal")
    numbers_ru = located(ru_facts, ru_indices, "number", "ordinal")
    changed, left_en, left_ru = _pair_numbers(numbers_en, numbers_ru, similarity)
    result.changed_numbers = changed
    result.only_en.extend(left_en)
    result.only_ru.extend(left_ru)

    # A known body's acronym (NATO / НАТО, OSCE / ОБСЕ) one side gives and the other does
    # not, even by its full name, is a one-sided fact; unknown acronyms are the
    # acronym check's.
    initials_en = located(en_facts, en_indices, "acronym")
    initials_ru = located(ru_facts, ru_indices, "acronym")
    result.only_en.extend(_acronyms_left(initials_en, initials_ru, ru_facts, ru_indices, "ru"))
    result.only_ru.extend(_acronyms_left(initials_ru, initials_en, en_facts, en_indices, "en"))

    dates_en = located(en_facts, en_indices, "date")
    dates_ru = located(ru_facts, ru_indices, "date")
    changed, left_en, left_ru = _pair_dates(dates_en, dates_ru)
    result.changed_dates = changed
    left_en = _periods_told_as_spans(left_en, result.only_ru)
    left_ru = _periods_told_as_spans(left_ru, result.only_en)
    result.only_en.extend(left_en)
    result.only_ru.extend(left_ru)
    return result


def _periods_told_as_spans(periods: list[Located], others_left: list[Located]) -> list[Located]:
    """Drop the periods from a year's start that the other side gives as a span of months
    ("the first nine months" / «за девять месяцев»), and those spans from `others_left`."""
    kept = []
    for item in periods:
        value = item.fact.value
        months = value[3] - value[2] + 1 if value[0] == "period" and value[2] == 1 else None
        span = next(
            (
                other
                for other in others_left
                if other.fact.kind == "number"
                and other.fact.attrs.get("unit") == "month"
                and other.fact.value == months
            ),
            None,
        )
        if span is None:
            kept.append(item)
        else:
            others_left.remove(span)
    return kept


def _other_ministries(en: list[Located], ru: list[Located]) -> list[tuple[Located, Located]]:
    """The one ministry each side names in a link, with other portfolios: the Ministry of
    Culture and Sports is not «Министерство туризма и спорта»."""
    en_ministries = [(m, roles.ministry_portfolios(m.fact.text, "en")) for m in en]
    ru_ministries = [(m, roles.ministry_portfolios(m.fact.text, "ru")) for m in ru]
    en_ministries = [(m, p) for m, p in en_ministries if p]
    ru_ministries = [(m, p) for m, p in ru_ministries if p]
    en_left = [m for m, p in en_ministries if p not in {q for _, q in ru_ministries}]
    ru_left = [m for m, p in ru_ministries if p not in {q for _, q in en_ministries}]
    if len(en_left) == 1 and len(ru_left) == 1:
        return [(en_left[0], ru_left[0])]
    return []


def _acronyms_left(
    own: list[Located],
    theirs: list[Located],
    other_facts: Sequence[ParagraphFacts],
    other_indices: Sequence[int],
    other_lang: str,
) -> list[Located]:
    """This side's acronyms of known bodies that the other side's paragraphs neither
    abbreviate (even garbled: ОНН for ООН) nor spell out, each once."""
    their_rows = frozenset().union(*(acronyms.row_ids(x.fact.key) for x in theirs))
    other_text = " ".join(other_facts[j].text for j in other_indices)
    left: dict[str, Located] = {}
    for item in own:
        rows = acronyms.row_ids(item.fact.key)
        if not any(acronyms.names_a_body(row) for row in rows):
            continue  # unknown, or a common noun ("GDP") a translation writes as words
        key = item.fact.key
        if rows & their_rows or any(acronyms.same_acronym(key, x.fact.key) for x in theirs):
            continue
        if any(acronyms.spelled_out(row, other_text, other_lang) for row in rows):
            continue
        forms = [form for form, row in acronyms.table().canonical.items() if row in rows]
        if any(acronyms.garbles(x.fact.key, form) for x in theirs for form in forms):
            continue
        left.setdefault(key, item)
    return list(left.values())


def sub_fact(item: Located, words: Sequence[str]) -> Located:
    """The part of a fact from its first to its last listed word, as written."""
    fact = item.fact
    positions = []
    cursor = 0
    for word in words:
        found = fact.text.find(word, cursor)
        if found < 0:
            return item
        positions.append((found, found + len(word)))
        cursor = found + len(word)
    start, end = positions[0][0], positions[-1][1]
    if (start, end) == (0, len(fact.text)):
        return item
    part = replace(fact, text=fact.text[start:end], start=fact.start + start, end=fact.start + end)
    return Located(part, item.paragraph)


def entity_score(
    en: Fact, ru: Fact, similarity: QuoteSimilarity
) -> tuple[float, str, crosslang.NameVerdict | None]:
    """How sure we are that two entity facts name the same thing, and how we know."""
    verdict = compare_entity_names(en, ru)
    if en.kind == "person" and ru.kind == "person":
        # People's names are spelled, not translated: an embedder finds any two
        # Central Asian names alike, so only romanisation may pair them. More words in
        # correspondence win: "Shavkat Mirziyoyev" pairs with "Шовкат Мирзиёев", not
        # with a later bare "Мирзиёев". Words left without a partner count against: a
        # bare "Кирилл" is a better partner for "Kirill" than for "Kirill Kasymov".
        if verdict.status in ("same", "variant"):
            bonus = 0.5 if verdict.status == "same" else 0.0
            words = max(len(en.attrs.get("tokens", (en.text,))), len(ru.attrs.get("tokens", ())))
            unpaired = max(0, words - len(verdict.tokens))
            score = len(verdict.tokens) + verdict.similarity + bonus - 0.75 * unpaired
            return score, verdict.status, verdict
        return 0.0, "none", verdict
    if verdict.status == "same":
        return 1.0 + verdict.similarity, verdict.how, verdict
    translated = similarity(en.text, ru.text)
    if verdict.status == "variant" and _name_like(en, ru):
        # A spelling close enough to be the same name; embedding agreement confirms.
        return 0.5 + verdict.similarity + 0.3 * translated, "variant", verdict
    if translated >= TRANSLATION_SIMILARITY:
        return translated, "translation", verdict
    return 0.0, "none", verdict


def compare_entity_names(en: Fact, ru: Fact) -> crosslang.NameVerdict:
    en_tokens = tuple(en.attrs.get("tokens", (en.text,)))
    ru_tokens = tuple(ru.attrs.get("tokens", (ru.text,)))
    readings = tuple(tuple(r) for r in ru.attrs.get("readings", ((ru.key,),)))
    return crosslang.compare_names(en_tokens, readings, ru_tokens, en.attrs.get("full_name", ""))


def _name_like(en: Fact, ru: Fact) -> bool:
    """Romanisation says something only about proper names, not translated phrases."""
    return en.kind in ("person", "place", "name") or ru.kind in ("person", "place")


def pair_entities(
    en: list[Located], ru: list[Located], similarity: QuoteSimilarity
) -> tuple[list[EntityPair], list[Located], list[Located]]:
    """One-to-one pairing of entities, strongest evidence first.

    A name repeated inside one paragraph group is one entity: every repeat pairs with
    the counterpart of its first mention.
    """
    similarity.prime([x.fact.text for x in en + ru])
    scored = []
    for i, e in enumerate(en):
        for j, r in enumerate(ru):
            score, how, verdict = entity_score(e.fact, r.fact, similarity)
            if score > 0:
                scored.append((score, i, j, how, verdict))
    scored.sort(key=lambda s: s[0], reverse=True)
    used_en: set[int] = set()
    used_ru: set[int] = set()
    pairs: list[EntityPair] = []
    for score, i, j, how, verdict in scored:
        if i in used_en or j in used_ru:
            continue
        if how == "translation" and not _clear_best(scored, i, j, score):
            continue
        used_en.add(i)
        used_ru.add(j)
        pairs.append(EntityPair(en[i], ru[j], how, verdict))
    # Repeats of a paired name are covered by that pair.
    paired_en_keys = {p.en.fact.key for p in pairs}
    paired_ru_keys = {p.ru.fact.key for p in pairs}
    left_en = [x for k, x in enumerate(en) if k not in used_en and x.fact.key not in paired_en_keys]
    left_ru = [x for k, x in enumerate(ru) if k not in used_ru and x.fact.key not in paired_ru_keys]
    return pairs, _unique(left_en), _unique(left_ru)


# A proper name inside a longer name ("Defence Ministry of Kazakhsttan" / «Республики
# Казахстан») is misspelt only when this close to a standard form: further off, the two
# words are a free translation's different words.
_INSIDE_SIMILARITY = 0.8


def close_name_word(token: crosslang.TokenVerdict) -> bool:
    """Two capitalised words near enough, and not equal, to be one name misspelt."""
    return (
        _INSIDE_SIMILARITY <= token.similarity < 1.0
        and token.en[:1].isupper()
        and token.ru[:1].isupper()
    )


def _names_inside(
    left_en: list[Located], left_ru: list[Located], en: list[Located], ru: list[Located]
) -> tuple[list[EntityPair], list[Located], list[Located]]:
    """Pair a leftover name with a misspelt copy of it inside a longer name of the other
    side, so that the spelling is judged; exact copies are left to the mention check."""
    pairs: list[EntityPair] = []
    still_en, still_ru = [], []
    for r in left_ru:
        found = next((p for e in en if (p := _inside(e, r, alone="ru"))), None)
        pairs.extend([found] if found else [])
        still_ru.extend([] if found else [r])
    for e in left_en:
        found = next((p for r in ru if (p := _inside(e, r, alone="en"))), None)
        pairs.extend([found] if found else [])
        still_en.extend([] if found else [e])
    return pairs, still_en, still_ru


def _inside(en: Located, ru: Located, alone: str) -> EntityPair | None:
    """The one proper word of the `alone` side's name, found misspelt in the other's."""
    single, longer = (en, ru) if alone == "en" else (ru, en)
    if single.fact.kind not in ("person", "place", "name") or single is longer:
        return None
    if len(longer.fact.attrs.get("tokens", ())) < 2:
        return None
    verdict = compare_entity_names(en.fact, ru.fact)
    inner = [t for t in verdict.tokens if t.how not in crosslang.EXACT]
    close = [t for t in inner if close_name_word(t)]
    if len(close) != 1:
        return None
    token = close[0]
    # Every other word of the name given alone must be an ordinary word (Республики).
    own_words = single.fact.attrs.get("tokens", (single.fact.text,))
    others = [w for w in own_words if w not in (token.en, token.ru)]
    if alone == "ru" and any(morph.is_proper(w) or not morph.is_known(w) for w in others):
        return None
    if alone == "en" and any(
        w.lower() not in resources.word_list("en_common_words.txt") for w in others
    ):
        return None
    return EntityPair(
        sub_fact(en, [token.en]),
        sub_fact(ru, [token.ru]),
        "variant",
        crosslang.NameVerdict("variant", token.similarity, "fuzzy", (token,)),
    )


def _clear_best(scored: list, i: int, j: int, score: float) -> bool:
    rivals = [s for s, a, b, how, _ in scored if (a == i) != (b == j) and how == "translation"]
    return all(score - s >= TRANSLATION_MARGIN or s < TRANSLATION_SIMILARITY for s in rivals)


def _unique(items: list[Located]) -> list[Located]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.fact.key not in seen:
            seen.add(item.fact.key)
            out.append(item)
    return out


def _same_slot_people(
    en: list[Located], ru: list[Located]
) -> tuple[list[tuple[Located, Located]], list[Located], list[Located]]:
    """Unpaired people in the same slot: a different person named.

    The slot is the same title ("Minister of Justice" / "министр юстиции"), or the same
    first name with another surname (Mansurjon Kasymov / Мансуржон Муродов).
    """
    return _pair_by(
        en,
        ru,
        lambda a, b: False,
        lambda a, b: a.kind == b.kind == "person" and _same_slot(a, b),
    )


def _same_slot_places(
    en: list[Located], ru: list[Located]
) -> tuple[list[tuple[Located, Located]], list[Located], list[Located]]:
    """The one known place each side leaves unpaired, both of one type: a different
    place named ("followed by Germany and the Netherlands" / «Германия и Словения»)."""
    en_known = [(x, place_types(x.fact, "en")) for x in en if x.fact.kind == "place"]
    ru_known = [(x, place_types(x.fact, "ru")) for x in ru if x.fact.kind == "place"]
    en_known = [(x, types) for x, types in en_known if types]
    ru_known = [(x, types) for x, types in ru_known if types]
    if len(en_known) != 1 or len(ru_known) != 1:
        return [], en, ru
    ((e, en_types),), ((r, ru_types),) = en_known, ru_known
    if not en_types & ru_types:
        return [], en, ru
    return [(e, r)], [x for x in en if x is not e], [x for x in ru if x is not r]


def place_ids(fact: Fact, lang: str) -> frozenset[int]:
    """The exonym-table rows a fact names."""
    if lang == "en":
        return crosslang.english_exonym_ids(fact.text)
    return crosslang.russian_exonym_ids((fact.key, *fact.variants))


def place_types(fact: Fact, lang: str) -> frozenset[str]:
    """What kind of known place a fact names (country, city, sea...), from the exonym table;
    a capital is a city."""
    kinds = crosslang.exonyms().kinds
    return frozenset("city" if kinds[i] == "capital" else kinds[i] for i in place_ids(fact, lang))


def _same_slot(en: Fact, ru: Fact) -> bool:
    role_en, role_ru = en.attrs.get("role"), ru.attrs.get("role")
    if role_en is not None and role_ru is not None and role_en.key == role_ru.key:
        return True
    verdict = compare_entity_names(en, ru)
    tokens = verdict.tokens
    return (
        len(tokens) >= 2
        and any(t.how in crosslang.EXACT for t in tokens)
        and any(t.similarity < 0.6 for t in tokens)
    )


@dataclass
class RolePair:
    en: Located
    ru: Located


def pair_roles(
    en_facts: Sequence[ParagraphFacts],
    ru_facts: Sequence[ParagraphFacts],
    link: LinkMatch,
) -> list[RolePair]:
    """Titles held by the same holder on both sides: a person, or a country
    ("the Deputy Prime Minister of Pakistan" / "премьер-министр Пакистана")."""
    same_holder: dict[tuple[int, int], tuple[int, int]] = {}
    for pair in link.entity_pairs:
        same_holder[(pair.en.paragraph, pair.en.fact.start)] = (
            pair.ru.paragraph,
            pair.ru.fact.start,
        )
    ru_roles = {}
    for j in link.ru_paragraphs:
        for role, holder in _roles_with_holders(ru_facts[j]):
            ru_roles[(j, holder.start)] = Located(role, j)
    out = []
    for i in link.en_paragraphs:
        for role, holder in _roles_with_holders(en_facts[i]):
            partner = ru_roles.get(same_holder.get((i, holder.start), (-1, -1)))
            if partner is not None:
                out.append(RolePair(Located(role, i), partner))
    return out


def _roles_with_holders(facts: ParagraphFacts) -> list[tuple[Fact, Fact]]:
    """Each title with the person it is attached to, or the country it belongs to."""
    out = []
    people = {
        id(f.attrs["role"]): f for f in facts.facts if f.kind == "person" and "role" in f.attrs
    }
    places = [f for f in facts.facts if f.kind == "place"]
    for role in (f for f in facts.facts if f.kind == "role"):
        holder = people.get(id(role))
        if holder is None:
            holder = _country_of(role, places, facts.text)
        if holder is not None:
            out.append((role, holder))
    return out


def _country_of(role: Fact, places: list[Fact], text: str) -> Fact | None:
    for place in places:
        after = text[role.end : place.start]
        before = text[place.end : role.start]
        if place.start >= role.end and re.fullmatch(
            r"\s*(?:of\s+(?:the\s+)?)?", after, re.IGNORECASE
        ):
            return place
        if place.end <= role.start and re.fullmatch(r"['’]s\s+|\s+", before):
            return place
    return None


def _number_class(fact: Fact) -> tuple[str, str | None]:
    return (fact.kind, fact.attrs.get("unit"))


def _pair_numbers(
    en: list[Located], ru: list[Located], similarity: QuoteSimilarity
) -> tuple[list[tuple[Located, Located]], list[Located], list[Located]]:
    def slot(a: Fact, b: Fact) -> bool:
        # One changed figure per unit class, in order of appearance.
        return (
            _number_class(a) == _number_class(b)
            and _comparable_numbers(a, b)
            and not _count_unrelated_things(a, b, similarity)
        )

    return _pair_by(
        en,
        ru,
        lambda a, b: same_number(a, b) or _rounded_alike(a, b),
        slot,
        prefer=lambda a, b: _number_class(a) == _number_class(b),
        distance=_number_distance,
    )


def _significant_digits(value: float) -> int:
    digits = f"{abs(value):.0f}".rstrip("0")
    return len(digits)


def _rounded_alike(a: Fact, b: Fact) -> bool:
    """A round figure that is the other side's exact one rounded ("49,228 people" / «50
    тысяч»): one report gives the figure, the other its order."""
    if _number_class(a) != _number_class(b) or a.kind != "number":
        return False
    exact, rounded = sorted((a, b), key=lambda f: _significant_digits(f.value), reverse=True)
    # Only a figure given with a scale word or in words is rounded on purpose: "2001"
    # against "2000" is a changed figure.
    if not (rounded.attrs.get("scaled") or rounded.attrs.get("written") == "words"):
        return False
    if rounded.value < 1000 or _significant_digits(rounded.value) > 2:
        return False
    if _significant_digits(exact.value) < 3:
        return False
    return abs(exact.value - rounded.value) <= ROUNDING_TOLERANCE * rounded.value


def _count_unrelated_things(a: Fact, b: Fact, similarity: QuoteSimilarity) -> bool:
    nouns = (a.attrs.get("counted"), b.attrs.get("counted"))
    if None in nouns or not similarity.available:
        return False
    generic = resources.word_list("generic_counted_nouns.txt")
    if nouns[0].lower() in generic or morph.lemma(nouns[1].lower()) in generic:
        return False
    return similarity(*nouns) < COUNTED_NOUNS_UNRELATED


def _number_distance(a: Fact, b: Fact) -> float:
    """How far apart two figures are: a changed figure stays near its original ("37
    organisations and 45 businesses" / "46 предприятий и 36 организаций")."""
    if a.value > 0 and b.value > 0:
        return abs(math.log(a.value / b.value))
    return math.inf


def _pair_by(
    en: list[Located],
    ru: list[Located],
    same: Callable[[Fact, Fact], bool],
    slot: Callable[[Fact, Fact], bool],
    prefer: Callable[[Fact, Fact], float] = lambda a, b: True,
    distance: Callable[[Fact, Fact], float] | None = None,
) -> tuple[list[tuple[Located, Located]], list[Located], list[Located]]:
    """Pair facts that agree; then pair what is left in the same slot as changed facts,
    in order of appearance or, given a `distance`, nearest first."""
    left_ru = list(ru)
    left_en = []
    for e in en:
        agreeing = [r for r in left_ru if same(e.fact, r.fact)]
        if agreeing:
            left_ru.remove(max(agreeing, key=lambda r: prefer(e.fact, r.fact)))
        else:
            left_en.append(e)
    # Nearest first; without a distance, in order of appearance (ties keep the order).
    candidates = sorted(
        (distance(e.fact, r.fact) if distance else 0.0, i, k)
        for i, e in enumerate(left_en)
        for k, r in enumerate(left_ru)
        if slot(e.fact, r.fact)
    )
    changed = []
    used_en: set[int] = set()
    used_ru: set[int] = set()
    for _, i, k in candidates:
        if i not in used_en and k not in used_ru:
            used_en.add(i)
            used_ru.add(k)
            changed.append((left_en[i], left_ru[k]))
    still_en = [e for i, e in enumerate(left_en) if i not in used_en]
    return changed, still_en, [r for k, r in enumerate(left_ru) if k not in used_ru]


def readings(fact: Fact) -> tuple[float, ...]:
    return (fact.value, *fact.attrs.get("alternatives", ()))


def same_number(a: Fact, b: Fact) -> bool:
    """Equal under some reading of each side's separators."""
    return any(
        abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y)) for x in readings(a) for y in readings(b)
    )


def _comparable_numbers(a: Fact, b: Fact) -> bool:
    if a.kind == "ordinal":
        return True
    # Small counts written as words ("two sides") rarely stand for the same slot; written
    # in digits on both sides ("7 certificates" / "6 сертификатов") they do, if both small.
    if a.attrs.get("unit") is not None or (a.value >= 10 and b.value >= 10):
        return True
    digits = a.attrs.get("written") == "digits" and b.attrs.get("written") == "digits"
    return digits and a.value < 10 and b.value < 10


def _pair_dates(
    en: list[Located], ru: list[Located]
) -> tuple[list[tuple[Located, Located]], list[Located], list[Located]]:
    # The end of a span is given by the span itself: "from 1996 to 2001" / "1996–2001", and
    # a year by the part of it the other side gives: "in 2022" / «в третьем квартале 2022 года».
    en = [e for e in en if not any(date_facts.given_by(e.fact, r.fact) for r in ru)]
    ru = [r for r in ru if not any(date_facts.given_by(r.fact, e.fact) for e in en)]
    return _pair_by(
        en,
        ru,
        # Agreeing on a part both give: "December 29" does not confirm "2026".
        lambda a, b: (
            (
                date_facts.agree(a.value, b.value)
                and date_facts.comparable(a.value, b.value)
                and _same_span_end(a, b)
            )
            or date_facts.day_in_span(a, b)
        ),
        lambda a, b: date_facts.comparable(a.value, b.value),
        # Of the dates a date agrees with, the one that gives what it gives: "Q3 2022" pairs
        # with «третьем квартале 2022 года» before «третьем квартале».
        prefer=lambda a, b: sum(x == y for x, y in zip(a.value, b.value)),
    )


def _same_span_end(a: Fact, b: Fact) -> bool:
    """Two spans of years or days end alike; a bare year agrees with a span it begins."""
    return all(
        a.attrs.get(end) is None or b.attrs.get(end) is None or a.attrs[end] == b.attrs[end]
        for end in ("to_year", "to_day")
    )
