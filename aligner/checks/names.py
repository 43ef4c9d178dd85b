"""name_variant and name_mismatch: the same entity spelled otherwise, or another one named."""

from __future__ import annotations

from collections.abc import Iterable

from .. import morph, resources
from ..crosslang import (
    EXACT,
    NameVerdict,
    TokenVerdict,
    describe_standard,
    english_names,
)
from ..facts.roles import describe as describe_role
from ..facts.roles import ministry_portfolios
from ..match import (
    LinkMatch,
    Located,
    close_name_word,
    compare_entity_names,
    place_ids,
    place_types,
    sub_fact,
)
from ..report import Finding
from ..romanize import fold
from .base import ChangedFactCheck, Check, PairContext, finding, register


def alias_key(en: str, ru_key: str) -> tuple[str, str]:
    return (fold(en).strip(), ru_key.strip().lower())


@register
class NameVariant(Check):
    kind = "name_variant"
    description = (
        "The same person, place or organisation, spelled in a way that no standard "
        "romanisation of the Russian produces."
    )
    severity_rule = "medium: an analyst decides which spelling the desk uses"

    def findings(self, context: PairContext) -> Iterable[Finding]:
        seen: set[tuple[str, str]] = set()
        # A translated name ("Defence Ministry of Kazakhsttan") is checked only in the
        # proper names it contains.
        pairs = [
            (p.en, p.ru, p.verdict, p.how == "translation")
            for _, match in context.matched_links
            for p in match.entity_pairs
            if p.how == "variant" or (p.how == "translation" and p.verdict is not None)
        ]
        across = [(*people, False) for people in _people_across_documents(context)]
        for en, ru, verdict, translated in [*pairs, *across]:
            differing = [t for t in verdict.tokens if t.how not in EXACT]
            if translated:
                differing = [t for t in differing if _misspelt_name_inside(t)]
            if not differing:
                continue
            # Quote the words that differ, not the whole name ("Iskender" / "Искандер"), but
            # a surname with its given name, which says who is meant ("Gleb Kosteli").
            # The decision an analyst saves is about the differing words, however quoted.
            key = alias_key(
                sub_fact(en, [t.en for t in differing]).fact.text,
                " ".join(t.ru_form for t in differing),
            )
            en_tokens = en.fact.attrs.get("tokens", (en.fact.text,))
            if en_tokens[-1] not in {t.en for t in differing}:
                en = sub_fact(en, [t.en for t in differing])
                ru = sub_fact(ru, [t.ru for t in differing])
            if key in context.aliases or key in seen:
                continue
            seen.add(key)
            yield finding(
                self.kind,
                "medium",
                _explain(differing),
                context,
                en,
                ru,
                en_key=key[0],
                ru_key=key[1],
            )


def _misspelt_name_inside(token: TokenVerdict) -> bool:
    """A proper name, not an ordinary word, misspelt inside a translated name."""
    english_word = fold(token.en).lower() in resources.word_list("en_common_words.txt")
    return (
        close_name_word(token)
        and not english_word
        and (morph.is_proper(token.ru_form) or not morph.is_known(token.ru_form))
    )


# Two people never named in linked paragraphs are the same person when every word of
# their names corresponds this closely (independent reports align only in part).
_ACROSS_DOCUMENTS_SIMILARITY = 0.85


def _people_across_documents(context: PairContext) -> list[tuple[Located, Located, NameVerdict]]:
    """Name variants of one person whose mentions fall in paragraphs that are not linked."""
    paired = {
        (p.en.paragraph, p.en.fact.start)
        for _, match in context.matched_links
        for p in match.entity_pairs
    } | {
        (p.ru.paragraph, p.ru.fact.start)
        for _, match in context.matched_links
        for p in match.entity_pairs
    }
    people_en = [
        Located(f, i)
        for i, pf in enumerate(context.en_facts)
        for f in pf.of("person")
        if len(f.attrs.get("tokens", ())) >= 2 and (i, f.start) not in paired
    ]
    people_ru = [
        Located(f, j)
        for j, pf in enumerate(context.ru_facts)
        for f in pf.of("person")
        if len(f.attrs.get("tokens", ())) >= 2 and (j, f.start) not in paired
    ]
    best: dict[int, tuple[float, int, NameVerdict]] = {}
    for a, en in enumerate(people_en):
        for b, ru in enumerate(people_ru):
            verdict = compare_entity_names(en.fact, ru.fact)
            covered = (
                len(verdict.tokens) == len(en.fact.attrs["tokens"]) == len(ru.fact.attrs["tokens"])
            )
            if (
                verdict.status == "variant"
                and covered
                and verdict.similarity >= _ACROSS_DOCUMENTS_SIMILARITY
            ) and (a not in best or verdict.similarity > best[a][0]):
                best[a] = (verdict.similarity, b, verdict)
    return [(people_en[a], people_ru[b], verdict) for a, (_, b, verdict) in best.items()]


def _explain(differing: list[TokenVerdict]) -> str:
    sentences = []
    for token in differing:
        standard = describe_standard(token)
        sentence = f"{token.ru} romanises as {standard}; the English has {token.en}"
        if token.how == "turkic_folded" and token.turkic:
            sentence += f" (the Turkic spelling {token.turkic} without its diacritics)"
        sentences.append(sentence)
    return "; ".join(sentences) + ". Check which spelling the desk uses and keep it consistent."


@register
class NameMismatch(ChangedFactCheck):
    kind = "name_mismatch"
    description = "Different people named in the same slot (the same title) of aligned text."
    severity_rule = "high: a reader would attribute words or acts to the wrong person"

    def changed(self, match: LinkMatch) -> Iterable[tuple[Located, Located]]:
        return match.changed_names

    def explain(self, en: Located, ru: Located) -> str:
        role = en.fact.attrs.get("role")
        if en.fact.kind == "place":
            kind = min(place_types(en.fact, "en") & place_types(ru.fact, "ru"))
            english = english_names(place_ids(ru.fact, "ru"))
            also = f" ({english})" if english else ""
            return (
                f"Both reports name {_a(kind)} here, but the English names {en.fact.text} "
                f"and the Russian {ru.fact.text}{also}."
            )
        portfolios_en = ministry_portfolios(en.fact.text, "en")
        portfolios_ru = ministry_portfolios(ru.fact.text, "ru")
        if portfolios_en and portfolios_ru:
            return (
                f"Both reports name a ministry here, but the English names the ministry of "
                f"{_listed(portfolios_en)} ({en.fact.text}) and the Russian the ministry of "
                f"{_listed(portfolios_ru)} ({ru.fact.text})."
            )
        if role is not None and ru.fact.attrs.get("role") is not None:
            slot = f"Both reports name {_a(describe_role(role.value))} here"
        else:
            slot = "The same place in both reports names a person"
        return (
            f"{slot}, but the English names {en.fact.text} and the Russian "
            f"{ru.fact.text}: no romanisation links them."
        )


def _listed(portfolios: frozenset[str]) -> str:
    return " and ".join(sorted(p.replace("_", " ") for p in portfolios))


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"
