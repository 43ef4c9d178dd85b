"""Command line: ``aligner check`` (a pair or one document) and ``aligner batch``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from .errors import AlignerError

log = logging.getLogger("aligner")

_SUMMARY_WIDTH = 100


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aligner",
        description=(
            "Align an English and a Russian report of the same event paragraph by paragraph "
            "and flag the facts that differ (names, acronyms, numbers, dates, titles)."
        ),
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log progress to standard error"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser(
        "check",
        help="check a pair of reports, or one document on its own",
        description=(
            "With two files: align them and report discrepancies (the language of each is "
            "detected, so the order does not matter). With one file: check the document's "
            "internal consistency (one name spelled two ways, mixed scripts). Formats: .txt, "
            ".md, .html, .docx, .pdf; encodings are detected."
        ),
    )
    check.add_argument("files", nargs="*", type=Path, metavar="FILE", help="one or two documents")
    check.add_argument("--en", type=Path, help="the English document (when detection cannot tell)")
    check.add_argument("--ru", type=Path, help="the Russian document (when detection cannot tell)")
    check.add_argument(
        "--json", type=Path, metavar="OUT", help="write the JSON report here ('-' for stdout)"
    )
    check.add_argument(
        "--embedder",
        default=None,
        help="use-m3 (default), e5-small, or st:NAME_OR_PATH "
        "for a sentence-transformers model on disk",
    )
    check.add_argument(
        "--aliases",
        choices=("store", "none"),
        default="store",
        help="honour spellings analysts accepted in the review store (default) or ignore them",
    )

    from . import batch

    batch_parser = commands.add_parser(
        "batch",
        help="check many pairs: a manifest CSV, a folder paired by name, "
        "or folders paired automatically",
        description="Check many pairs and write one discrepancy table (CSV, XLSX) "
        "and a JSON report per pair.",
    )
    batch.add_arguments(batch_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        if args.command == "check":
            return _check(args, parser)
        from . import batch

        return batch.run_from_args(args)
    except AlignerError as exc:
        print(f"aligner: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("aligner: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a user sees one line, the log has the rest
        log.debug("unexpected error", exc_info=True)
        print(
            f"aligner: internal error ({type(exc).__name__}: {exc}); rerun with -v for details",
            file=sys.stderr,
        )
        if args.verbose:
            raise
        return 3


def _check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .pipeline import check_files

    count = len(args.files) + (args.en is not None) + (args.ru is not None)
    if count not in (1, 2) or (count == 1 and (args.en or args.ru)):
        parser.error("give one document, or two (an English and a Russian one)")
    aliases = _aliases() if args.aliases == "store" else set()
    report = check_files(
        args.files, en=args.en, ru=args.ru, embedder=args.embedder, aliases=aliases
    )
    if args.json is not None:
        text = report.to_json()
        if str(args.json) == "-":
            sys.stdout.write(text + "\n")
        else:
            from .export import write_atomic

            write_atomic(args.json, text.encode("utf-8"))
    if args.json is None or str(args.json) != "-":
        sys.stdout.write(summary(report))
    return 0


def _aliases() -> set[tuple[str, str]]:
    """Spellings analysts marked fine; a missing or unreadable store means none."""
    from .store import ReviewStore, default_store_path

    path = default_store_path()
    if not path.exists():
        return set()
    try:
        with ReviewStore(path) as store:
            return store.aliases()
    except AlignerError as exc:
        log.warning("ignoring the alias table: %s", exc)
        return set()


def summary(report) -> str:  # noqa: ANN001 - Report, imported lazily
    """A readable terminal summary of the alignment and the findings."""
    lines: list[str] = []
    docs = report.documents
    for lang, doc in docs.items():
        lines.append(f"{lang}: {doc.source} — {len(doc.paragraphs)} paragraphs")
        odd = [
            f"{i} ({other})"
            for i, other in enumerate(doc.paragraph_languages)
            if other not in (doc.language, "und")
        ]
        if odd:
            lines.append(f"    paragraphs in another language: {', '.join(odd)}")
    if report.is_pair:
        lines.append(f"embedder: {report.embedder}")
        lines.append("")
        lines.append("alignment:")
        for link in report.alignment:
            en = ",".join(map(str, link.en)) or "-"
            ru = ",".join(map(str, link.ru)) or "-"
            mark = " (out of order)" if link.crossing else ""
            head = f"  en {en:>7}  ru {ru:>7}  {link.score:.2f}{mark}"
            text = (
                docs["en"].paragraphs[link.en[0]] if link.en else docs["ru"].paragraphs[link.ru[0]]
            )
            lines.append(f"{head}  {_clip(text, _SUMMARY_WIDTH - len(head) - 2)}")
    lines.append("")
    counts: dict[str, int] = {}
    for finding in report.discrepancies:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    total = len(report.discrepancies)
    breakdown = ", ".join(f"{counts[s]} {s}" for s in ("high", "medium", "low") if s in counts)
    lines.append(f"findings: {total}" + (f" ({breakdown})" if breakdown else ""))
    for finding in report.discrepancies:
        quote = " / ".join(q for q in (finding.en, finding.ru) if q) or " / ".join(
            finding.spans or ()
        )
        where = _where(finding)
        lines.append(f"  [{finding.severity:<6}] {finding.kind:<28} {where:<10} {_clip(quote, 50)}")
        lines.extend(
            textwrap.wrap(
                finding.explanation,
                _SUMMARY_WIDTH,
                initial_indent=" " * 12,
                subsequent_indent=" " * 12,
            )
        )
    return "\n".join(lines) + "\n"


def _where(finding) -> str:  # noqa: ANN001
    if finding.paragraphs:
        return "p" + ",".join(map(str, finding.paragraphs[:3]))
    en = "-" if finding.en_paragraph is None else str(finding.en_paragraph)
    ru = "-" if finding.ru_paragraph is None else str(finding.ru_paragraph)
    return f"en{en}/ru{ru}"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    width = max(width, 10)
    return text if len(text) <= width else text[: width - 1] + "…"


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())
