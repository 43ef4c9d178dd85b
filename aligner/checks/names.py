"""name_variant and name_mismatch: the same entity spelled otherwise, or another one named."""

from __future__ import annotations

from collections.abc import Iterable

from ..crosslang import EXACT, TokenVerdict, describe_standard
from ..facts.roles import describe as describe_role
from ..report import Finding
from ..romanize import fold
from .base import Check, PairContext, finding, register, sub_fact


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
        for _, match in context.matched_links:
            for pair in match.entity_pairs:
                verdict = pair.verdict
                if pair.how != "variant" or verdict is None:
                    continue
                differing = [t for t in verdict.tokens if t.how not in EXACT]
                if not differing:
                    continue
                # Quote the words that differ, not the whole name: "Iskender" / "Искандер".
                en = sub_fact(pair.en, [t.en for t in differing])
                ru = sub_fact(pair.ru, [t.ru for t in differing])
                key = alias_key(en.fact.text, " ".join(t.ru_form for t in differing))
                if key in context.aliases or key in seen:
                    continue
                seen.add(key)
                severity = "medium"
                yield finding(
                    self.kind,
                    severity,
                    _explain(differing),
                    context,
                    en,
                    ru,
                    en_key=key[0],
                    ru_key=key[1],
                )


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
class NameMismatch(Check):
    kind = "name_mismatch"
    description = "Different people named in the same slot (the same title) of aligned text."
    severity_rule = "high: a reader would attribute words or acts to the wrong person"

    def findings(self, context: PairContext) -> Iterable[Finding]:
        for _, match in context.matched_links:
            for en, ru in match.changed_names:
                role = en.fact.attrs.get("role")
                if role is not None and ru.fact.attrs.get("role") is not None:
                    slot = f"Both reports name a {describe_role(role.value)} here"
                else:
                    slot = "The same place in both reports names a person"
                explanation = (
                    f"{slot}, but the English names {en.fact.text} and the Russian "
                    f"{ru.fact.text}: no romanisation links them."
                )
                yield finding(self.kind, "high", explanation, context, en, ru)
