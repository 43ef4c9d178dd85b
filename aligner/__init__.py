"""aligner: align a Russian and an English report of one event and flag the facts that differ.

The pipeline, one module a step: ``reading`` (files, encodings) -> ``normalize``
(markup, page-break repair) -> ``language`` -> ``segment`` -> ``embed`` -> ``align``
-> ``facts`` (extraction) -> ``checks`` (match and compare) -> ``report``.
``pipeline`` strings them together; ``cli``, ``batch`` and ``app.py`` call it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["check_pair", "check_document", "check_files", "Report", "Finding", "Link", "Document"]

if TYPE_CHECKING:
    from .pipeline import check_document, check_files, check_pair
    from .report import Document, Finding, Link, Report


def __getattr__(name: str) -> Any:
    # Lazy so that `import aligner` stays cheap (the CLI's --help, the app's first paint).
    if name in ("check_pair", "check_document", "check_files"):
        from . import pipeline

        return getattr(pipeline, name)
    if name in ("Report", "Finding", "Link", "Document"):
        from . import report

        return getattr(report, name)
    raise AttributeError(name)
