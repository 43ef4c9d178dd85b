"""The report: what every way of running a check produces (see CONTRACT.md).

Small dataclasses with a stable JSON form. ``Report.to_dict()`` is the contract's
``aligner.report/1``; fields beyond the contract (offsets, fingerprints, metadata)
are additions the contract allows.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "aligner.report/1"

SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class Document:
    """One normalised document: its paragraphs in order, as every index refers to them."""

    source: str
    language: str
    paragraphs: tuple[str, ...]
    metadata: dict[str, str] = field(default_factory=dict)
    # Detected language per paragraph (same length as paragraphs).
    paragraph_languages: tuple[str, ...] = ()
    # Sentence spans (start, end) per paragraph, for highlighting.
    sentences: tuple[tuple[tuple[int, int], ...], ...] = ()

    @property
    def content_hash(self) -> str:
        return content_hash("\n\n".join(self.paragraphs))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "language": self.language,
            "paragraphs": list(self.paragraphs),
        }
        if self.metadata:
            out["metadata"] = dict(self.metadata)
        if self.paragraph_languages:
            out["paragraph_languages"] = list(self.paragraph_languages)
        if self.sentences:
            out["sentences"] = [[list(s) for s in para] for para in self.sentences]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            source=data.get("source", ""),
            language=data.get("language", ""),
            paragraphs=tuple(data.get("paragraphs", ())),
            metadata=dict(data.get("metadata", {})),
            paragraph_languages=tuple(data.get("paragraph_languages", ())),
            sentences=tuple(
                tuple((int(a), int(b)) for a, b in para) for para in data.get("sentences", ())
            ),
        )


@dataclass(frozen=True)
class Link:
    """A group of English paragraphs aligned with a group of Russian ones.

    Either side may be empty: a paragraph with no counterpart. ``crossing`` marks a
    link placed out of document order.
    """

    en: tuple[int, ...]
    ru: tuple[int, ...]
    score: float
    crossing: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "en": list(self.en),
            "ru": list(self.ru),
            "score": round(self.score, 4),
        }
        if self.crossing:
            out["crossing"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Link:
        return cls(
            en=tuple(data.get("en", ())),
            ru=tuple(data.get("ru", ())),
            score=float(data.get("score", 0.0)),
            crossing=bool(data.get("crossing", False)),
        )


@dataclass(frozen=True)
class Finding:
    """One discrepancy, as the contract's ``discrepancies`` entries.

    Offsets are character offsets into the normalised paragraph text, for highlighting.
    In consistency mode ``spans``/``paragraphs`` replace ``en``/``ru``.
    """

    kind: str
    severity: str
    explanation: str
    en: str | None = None
    ru: str | None = None
    en_paragraph: int | None = None
    ru_paragraph: int | None = None
    en_offsets: tuple[int, int] | None = None
    ru_offsets: tuple[int, int] | None = None
    spans: tuple[str, ...] | None = None
    paragraphs: tuple[int, ...] | None = None
    # Offsets of each span in consistency mode: (paragraph, start, end).
    span_offsets: tuple[tuple[int, int, int], ...] | None = None
    # Normalised forms of the two spellings (English folded, Russian lemma), the key
    # under which an analyst can record "this spelling is fine" in the alias table.
    en_key: str | None = None
    ru_key: str | None = None

    @property
    def fingerprint(self) -> str:
        """Stable id of the finding: same kind and quotes in the same documents -> same id.

        Paragraph numbers and offsets are left out so that a re-segmentation or a
        rewording elsewhere does not orphan an analyst's decision.
        """
        parts = [self.kind, self.en or "", self.ru or "", "|".join(self.spans or ())]
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "severity": self.severity}
        if self.spans is not None:
            out["spans"] = list(self.spans)
            out["paragraphs"] = list(self.paragraphs or ())
            if self.span_offsets:
                out["span_offsets"] = [list(s) for s in self.span_offsets]
        else:
            out.update(
                en=self.en,
                ru=self.ru,
                en_paragraph=self.en_paragraph,
                ru_paragraph=self.ru_paragraph,
            )
            if self.en_offsets:
                out["en_offsets"] = list(self.en_offsets)
            if self.ru_offsets:
                out["ru_offsets"] = list(self.ru_offsets)
        out["explanation"] = self.explanation
        if self.en_key or self.ru_key:
            out["key"] = {"en": self.en_key, "ru": self.ru_key}
        out["id"] = self.fingerprint
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        def pair(v: Any) -> tuple[int, int] | None:
            return (int(v[0]), int(v[1])) if v else None

        spans = data.get("spans")
        return cls(
            kind=data["kind"],
            severity=data.get("severity", "medium"),
            explanation=data.get("explanation", ""),
            en=data.get("en"),
            ru=data.get("ru"),
            en_paragraph=data.get("en_paragraph"),
            ru_paragraph=data.get("ru_paragraph"),
            en_offsets=pair(data.get("en_offsets")),
            ru_offsets=pair(data.get("ru_offsets")),
            spans=tuple(spans) if spans is not None else None,
            paragraphs=tuple(data.get("paragraphs", ())) if spans is not None else None,
            span_offsets=tuple(tuple(s) for s in data.get("span_offsets", ())) or None,
            en_key=(data.get("key") or {}).get("en"),
            ru_key=(data.get("key") or {}).get("ru"),
        )


@dataclass
class Report:
    """The result of a check. ``documents`` is keyed by language ("en", "ru")."""

    embedder: str
    documents: dict[str, Document]
    alignment: list[Link] = field(default_factory=list)
    discrepancies: list[Finding] = field(default_factory=list)
    # Paragraph similarity matrix (en x ru) behind the alignment, for the heatmap;
    # not part of the JSON form.
    similarity: Any = None
    timings: dict[str, float] = field(default_factory=dict)
    schema: str = SCHEMA

    @property
    def is_pair(self) -> bool:
        return "en" in self.documents and "ru" in self.documents

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "embedder": self.embedder,
            "documents": {lang: doc.to_dict() for lang, doc in self.documents.items()},
            "alignment": [link.to_dict() for link in self.alignment],
            "discrepancies": [f.to_dict() for f in self.discrepancies],
        }

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            schema=data.get("schema", SCHEMA),
            embedder=data.get("embedder", ""),
            documents={k: Document.from_dict(v) for k, v in data.get("documents", {}).items()},
            alignment=[Link.from_dict(x) for x in data.get("alignment", ())],
            discrepancies=[Finding.from_dict(x) for x in data.get("discrepancies", ())],
        )


def content_hash(text: str) -> str:
    """Hash of a text's content, the key for caches and review decisions."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the report (``aligner/report.schema.json``)."""
    from pathlib import Path

    return json.loads((Path(__file__).with_name("report.schema.json")).read_text(encoding="utf-8"))


def validate(data: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError if ``data`` is not a valid report, and check that
    the alignment covers every paragraph exactly once (which a schema cannot say)."""
    import jsonschema

    jsonschema.validate(data, json_schema())
    if len(data["documents"]) == 2:
        for lang in ("en", "ru"):
            count = len(data["documents"][lang]["paragraphs"])
            used = sorted(i for link in data["alignment"] for i in link[lang])
            if used != list(range(count)):
                raise jsonschema.ValidationError(
                    f"alignment does not cover every {lang} paragraph once"
                )
