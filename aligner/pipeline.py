"""The pipeline end to end: text in, Report out. The app, CLI and batch mode call this."""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Sequence
from pathlib import Path

from . import language, segment
from .align import align
from .embed import Embedder, get_embedder
from .errors import InputError
from .normalize import normalize
from .report import Document, Report

log = logging.getLogger(__name__)


def prepare_document(text: str, source: str, expected: str | None = None) -> Document:
    """Normalise, detect languages and split sentences; refuse what cannot be checked."""
    if not text or not text.strip():
        raise InputError(source, "is empty")
    normal = normalize(text)
    paragraphs = normal.paragraphs
    if not paragraphs:
        raise InputError(source, "has no text paragraphs after normalisation")
    hint = language.text_language("\n".join(paragraphs))
    langs = tuple(language.paragraph_language(p, hint) for p in paragraphs)
    lang = language.document_language(langs, paragraphs)
    if expected is None:
        language.require_supported(lang, source)
    return Document(
        source=source,
        language=expected or lang,
        paragraphs=paragraphs,
        metadata=normal.metadata,
        paragraph_languages=langs,
        sentences=tuple(segment.sentence_spans(p) for p in paragraphs),
    )


def _embedder(embedder: str | Embedder | None) -> Embedder:
    return (
        embedder
        if embedder is not None and not isinstance(embedder, str)
        else get_embedder(embedder)
    )


def check_pair(
    en_text: str,
    ru_text: str,
    *,
    en_source: str = "en",
    ru_source: str = "ru",
    embedder: str | Embedder | None = None,
    aliases: Collection[tuple[str, str]] = (),
) -> Report:
    """Align an English and a Russian report of one event and flag what differs."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    en_doc = prepare_document(en_text, en_source, "en")
    ru_doc = prepare_document(ru_text, ru_source, "ru")
    timings["prepare"] = time.perf_counter() - start
    return check_documents(en_doc, ru_doc, embedder=embedder, aliases=aliases, timings=timings)


def check_documents(
    en_doc: Document,
    ru_doc: Document,
    *,
    embedder: str | Embedder | None = None,
    aliases: Collection[tuple[str, str]] = (),
    timings: dict[str, float] | None = None,
) -> Report:
    from .checks import run_pair_checks

    timings = dict(timings or {})
    model = _embedder(embedder)
    start = time.perf_counter()
    alignment = align(en_doc.paragraphs, ru_doc.paragraphs, model.encode)
    timings["align"] = time.perf_counter() - start
    report = Report(
        embedder=model.name,
        documents={"en": en_doc, "ru": ru_doc},
        alignment=list(alignment.links),
        similarity=alignment.similarity,
    )
    start = time.perf_counter()
    report.discrepancies = run_pair_checks(report, encode=model.encode, aliases=aliases)
    timings["facts"] = time.perf_counter() - start
    report.timings = timings
    return report


def check_document(
    text: str, *, source: str = "document", aliases: Collection[tuple[str, str]] = ()
) -> Report:
    """Check one document on its own: one entity spelled two ways, mixed scripts."""
    from .checks import run_document_checks

    doc = prepare_document(text, source)
    report = Report(embedder="none", documents={doc.language: doc})
    report.discrepancies = run_document_checks(report, aliases=aliases)
    return report


def check_files(
    paths: Sequence[str | Path] = (),
    *,
    en: str | Path | None = None,
    ru: str | Path | None = None,
    embedder: str | Embedder | None = None,
    aliases: Collection[tuple[str, str]] = (),
) -> Report:
    """Read files, work out which is English and which Russian, and check them."""
    from .reading import read_path

    given = [Path(p) for p in paths]
    if en is None and ru is None and len(given) == 1:
        return check_document(read_path(given[0]), source=given[0].name, aliases=aliases)
    files = {"en": Path(en) if en else None, "ru": Path(ru) if ru else None}
    texts: dict[Path, str] = {p: read_path(p) for p in [*given, *(f for f in files.values() if f)]}
    unassigned = [p for p in given if p not in files.values()]
    docs: dict[str, Document] = {}
    for lang, path in files.items():
        if path is not None:
            docs[lang] = prepare_document(texts[path], path.name, lang)
    detected = [(p, prepare_document(texts[p], p.name)) for p in unassigned]
    for path, doc in detected:
        if doc.language in docs:
            other = next(
                d.source
                for d in [*docs.values(), *(d for _, d in detected)]
                if d.language == doc.language and d.source != doc.source
            )
            name = language.LANGUAGE_NAMES[doc.language]
            raise InputError(
                path.name,
                f"both {other} and {path.name} are in {name}; give one English and one Russian "
                "file, or say which is which with --en/--ru",
            )
        docs[doc.language] = doc
    if set(docs) != {"en", "ru"}:
        raise InputError(
            ", ".join(p.name for p in given) or "input",
            "a pair needs one English and one Russian file",
        )
    return check_documents(docs["en"], docs["ru"], embedder=embedder, aliases=aliases)
