"""role_mismatch: the same person given a different title or office."""

from __future__ import annotations

from collections.abc import Iterable

from ..facts.roles import describe
from ..report import Finding
from .base import Check, PairContext, finding, register


@register
class RoleMismatch(Check):
    kind = "role_mismatch"
    description = "The same person given a different title, office or portfolio."
    severity_rule = "high when the office or portfolio differs; medium when only a qualifier (acting, former) does"

    def findings(self, context: PairContext) -> Iterable[Finding]:
        for _, match in context.matched_links:
            for pair in match.entity_pairs:
                role_en = pair.en.fact.attrs.get("role")
                role_ru = pair.ru.fact.attrs.get("role")
                if role_en is None or role_ru is None:
                    continue
                (r_en, p_en, m_en), (r_ru, p_ru, m_ru) = role_en.value, role_ru.value
                office_differs = r_en != r_ru or bool(p_en and p_ru and p_en != p_ru)
                if not office_differs and m_en == m_ru:
                    continue
                explanation = (
                    f'{pair.en.fact.text} is {describe(role_en.value)} ("{role_en.text}") in the English '
                    f'but {describe(role_ru.value)} ("{role_ru.text}") in the Russian.'
                )
                en = type(pair.en)(role_en, pair.en.paragraph)
                ru = type(pair.ru)(role_ru, pair.ru.paragraph)
                yield finding(
                    self.kind, "high" if office_differs else "medium", explanation, context, en, ru
                )
