"""The checks: one unit per kind of finding, registered in ``base.REGISTRY``.

To add a kind of finding, write a ``Check`` subclass with its kind, description,
severity rule and ``findings``, decorate it with ``@register`` and import its module
here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import numpy as np

from ..report import Finding, Report
from . import acronyms, consistency, figures, mixed_script, names, one_sided, roles, unaligned  # noqa: F401
from .base import REGISTRY, DocumentContext, PairContext

_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def run_pair_checks(
    report: Report,
    *,
    encode: Callable[[Sequence[str]], np.ndarray] | None = None,
    aliases: Collection[tuple[str, str]] = (),
) -> list[Finding]:
    context = PairContext(report, encode, frozenset(aliases))
    found = [
        f for check in REGISTRY.checks if "pair" in check.modes for f in check.findings(context)
    ]
    return _deduplicate(found)


def run_document_checks(
    report: Report, *, aliases: Collection[tuple[str, str]] = ()
) -> list[Finding]:
    (lang,) = report.documents
    context = DocumentContext(report, lang, frozenset(aliases))
    found = [
        f
        for check in REGISTRY.checks
        if "document" in check.modes
        for f in check.document_findings(context)
    ]
    return _deduplicate(found)


def _deduplicate(findings: list[Finding]) -> list[Finding]:
    """Identical findings (same kind and quotes) are reported once, at their first place."""
    seen: set[str] = set()
    out = []
    for item in sorted(findings, key=_position):
        if item.fingerprint not in seen:
            seen.add(item.fingerprint)
            out.append(item)
    return out


def _position(item: Finding) -> tuple[int, int, int]:
    paragraph = item.en_paragraph if item.en_paragraph is not None else item.ru_paragraph
    if paragraph is None and item.paragraphs:
        paragraph = item.paragraphs[0]
    return (
        paragraph if paragraph is not None else 1 << 30,
        _SEVERITY_ORDER.get(item.severity, 3),
        0,
    )
