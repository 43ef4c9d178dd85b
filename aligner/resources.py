"""Language data shipped in data/ as plain files, loaded once and kept by one owner.

Every table is a UTF-8 TSV with a header line; ``#`` lines are comments and ``|``
separates alternatives inside a field. Users extend the tables by editing the files
or by pointing ``ALIGNER_DATA_DIR`` at a folder with their own copies.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("ALIGNER_DATA_DIR") or PACKAGE_ROOT / "data")


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``data/<name>`` as dicts keyed by the header's column names."""
    path = data_dir() / name
    if not path.exists():
        return ()
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if header is None:
            header = [c.strip() for c in cells]
            continue
        rows.append({k: (cells[i].strip() if i < len(cells) else "") for i, k in enumerate(header)})
    return tuple(rows)


@cache
def word_list(name: str) -> frozenset[str]:
    path = data_dir() / name
    if not path.exists():
        return frozenset()
    return frozenset(
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


@cache
def forms(tables: tuple[str, ...], columns: tuple[str, ...] = ("en", "ru")) -> frozenset[str]:
    """Every alternative in these columns of these tables, lower case, without a final dot."""
    return frozenset(
        form.rstrip(".").lower()
        for name in tables
        for row in table(name)
        for column in columns
        for form in alternatives(row.get(column, ""))
    )


def alternatives(field: str) -> list[str]:
    return [a.strip() for a in field.split("|") if a.strip()]
