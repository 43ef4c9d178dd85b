"""The pipeline end to end: text in, Report out. The app, CLI and batch mode call this."""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import language, segment
from .align import align
from .embed import Embedder, get_embedder
from .errors import AlignerError, InputError
from .normalize import normalize
from .report import Document, Report


def prepare_document(text: str, source: str, expected: str | None = None) -> Document:
    """Normalise, detect languages and split sentences; refuse what cannot be checked."""
    if not text or not text.strip():
        raise InputError(source, "is empty")
    normal = normalize(text)
    paragraphs = normal.paragraphs
    if not paragraphs:
        raise InputError(source, "is empty once invisible characters and markup are removed")
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
    return _check_single(prepare_document(text, source), aliases)


def _check_single(doc: Document, aliases: Collection[tuple[str, str]]) -> Report:
    from .checks import run_document_checks

    report = Report(embedder="none", documents={doc.language: doc})
    report.discrepancies = run_document_checks(report, aliases=aliases)
    return report


@dataclass(frozen=True)
class NamedText:
    source: str
    text: str
    language: str


def identify(
    named_texts: Sequence[tuple[str, str]],
    *,
    en: str | None = None,
    ru: str | None = None,
) -> tuple[NamedText, ...]:
    """Detect each text's language and order a pair as (English, Russian).

    ``en``/``ru`` name a source whose language is given rather than detected. One text
    is a consistency check; two must be one English and one Russian.
    """
    _check_count(named_texts)
    given = {en: "en", ru: "ru"}
    found: list[NamedText] = []
    for source, text in named_texts:
        if not text.strip():
            raise InputError(source, "is empty")
        lang = given.get(source) or language.detect_document_language(text)
        language.require_supported(lang, source)
        found.append(NamedText(source, text, lang))
    return tuple(_in_pair_order(found))


def _check_count(named_texts: Sequence[tuple[str, str]]) -> None:
    if not 1 <= len(named_texts) <= 2:
        raise InputError(
            ", ".join(name for name, _ in named_texts) or "input",
            f"choose one document (consistency check) or two (a pair), not {len(named_texts)}",
        )


def _in_pair_order(items: list[NamedText] | list[Document]) -> list:
    """(English, Russian); two texts in one language are refused, naming both."""
    items = sorted(items, key=lambda item: SUPPORTED_ORDER.index(item.language))
    if len(items) == 2 and items[0].language == items[1].language:
        name = language.LANGUAGE_NAMES[items[0].language]
        raise AlignerError(
            f"{items[0].source} and {items[1].source} are both in {name}; a pair needs one "
            "English and one Russian report (or say which is which with --en/--ru)"
        )
    return items


SUPPORTED_ORDER = ("en", "ru")


def check_texts(
    named_texts: Sequence[tuple[str, str]],
    *,
    en: str | None = None,
    ru: str | None = None,
    embedder: str | Embedder | None = None,
    aliases: Collection[tuple[str, str]] = (),
) -> Report:
    """Check one text on its own, or two as a pair, whatever their order.

    Each text is normalised and its language detected once, in ``prepare_document``.
    """
    _check_count(named_texts)
    given = {en: "en", ru: "ru"}
    docs = _in_pair_order(
        [prepare_document(text, source, given.get(source)) for source, text in named_texts]
    )
    if len(docs) == 1:
        return _check_single(docs[0], aliases)
    return check_documents(docs[0], docs[1], embedder=embedder, aliases=aliases)


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

    files = [Path(p) for p in paths] + [Path(p) for p in (en, ru) if p is not None]
    named = [(path.name, read_path(path)) for path in files]
    return check_texts(
        named,
        en=Path(en).name if en is not None else None,
        ru=Path(ru).name if ru is not None else None,
        embedder=embedder,
        aliases=aliases,
    )
