"""role_mismatch: the same person given a different title or office."""

from __future__ import annotations

from collections.abc import Iterable

from ..facts.roles import describe, same_office
from ..match import pair_roles
from ..report import Finding
from .base import Check, PairContext, finding, register

# "Leader", "head": what a report calls any office holder; no conflict with a title.
GENERIC_ROLES = frozenset({"head"})


@register
class RoleMismatch(Check):
    kind = "role_mismatch"
    description = "The same person given a different title, office or portfolio."
    severity_rule = (
        "high when the office or portfolio differs; "
        "medium when only a qualifier (acting, former) does"
    )

    def findings(self, context: PairContext) -> Iterable[Finding]:
        for _, match in context.matched_links:
            for pair in pair_roles(context.en_facts, context.ru_facts, match):
                (r_en, p_en, m_en), (r_ru, p_ru, m_ru) = pair.en.fact.value, pair.ru.fact.value
                if GENERIC_ROLES & {r_en, r_ru}:
                    continue
                office_differs = not same_office(r_en, r_ru) or bool(p_en and p_ru and p_en != p_ru)
                if not office_differs and m_en == m_ru:
                    continue
                explanation = (
                    f'The English has {describe(pair.en.fact.value)} ("{pair.en.fact.text}") where '
                    f"the Russian has {describe(pair.ru.fact.value)} "
                    f'("{pair.ru.fact.text}") for the '
                    "same holder."
                )
                severity = "high" if office_differs else "medium"
                yield finding(self.kind, severity, explanation, context, pair.en, pair.ru)
