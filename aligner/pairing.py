"""Which English document goes with which Russian one, for batch runs.

Three ways, tried in this order:
- a manifest CSV (columns ``en``, ``ru``, optional ``id``; paths relative to the CSV);
- names: ``x.en.txt`` with ``x.ru.txt``, or ``en/x.txt`` with ``ru/x.txt``;
- automatically, for whatever is left: cross-lingual document similarity (how well each
  paragraph finds a counterpart on the other side) backed by shared numbers and names,
  one-to-one by the Hungarian method. A pair whose confidence is under the threshold is
  left unpaired and listed with its best candidate, never forced.

Everything here is pure over small dataclasses; reading files and embedding are passed in
so that the scoring can be tested on its own.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .anchors import paragraph_anchors
from .errors import InputError
from .reading import SUPPORTED_SUFFIXES

# What reading handles, plus formats it refuses with a hint (listed in errors.csv then,
# so that a .doc among the inputs is reported rather than silently skipped).
SUPPORTED_EXTENSIONS = frozenset(s for s in SUPPORTED_SUFFIXES if s) | {".doc", ".rtf", ".odt"}
LANGUAGES = ("en", "ru")
# Past this many candidates per document, only the closest by mean embedding get the
# (costlier) paragraph-level score.
CANDIDATES_PER_DOCUMENT = 8
# Weight of the embedding score against shared numbers/names in the combined similarity.
EMBEDDING_WEIGHT = 0.75
DEFAULT_MIN_CONFIDENCE = 0.2


@dataclass(frozen=True)
class PairSpec:
    """One English/Russian pair to check, and how it was found."""

    pair_id: str
    en: Path
    ru: Path
    method: str  # "manifest" | "name" | "auto"
    confidence: float | None = None


@dataclass(frozen=True)
class Unpaired:
    """A document left without a counterpart, and why."""

    path: Path
    language: str
    reason: str
    best: str = ""
    confidence: float | None = None


@dataclass(frozen=True)
class FileError:
    """A file (or manifest row) that could not be used, with the reason."""

    path: str
    problem: str
    pair_id: str = ""


@dataclass
class Plan:
    """What a batch will do: given pairs, files still to pair automatically, errors."""

    pairs: list[PairSpec] = field(default_factory=list)
    pool: list[Path] = field(default_factory=list)
    unpaired: list[Unpaired] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Inputs: manifest, folders, names


def is_document(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_EXTENSIONS and not path.name.startswith(".")


def slug(text: str) -> str:
    """A file-name-safe id: letters, digits, ``.-_`` kept (any script), the rest ``_``."""
    out = re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE).strip("._")
    return out[:120] or "pair"


def unique_ids(pairs: Sequence[PairSpec]) -> list[PairSpec]:
    """The same pairs with ids made unique (``x``, ``x-2``, ...) in the given order."""
    used: set[str] = set()
    out = []
    for pair in pairs:
        base = pid = slug(pair.pair_id)
        n = 1
        while pid.lower() in used:  # lower: ids are file names, and some file systems fold case
            n += 1
            pid = f"{base}-{n}"
        used.add(pid.lower())
        out.append(PairSpec(pid, pair.en, pair.ru, pair.method, pair.confidence))
    return out


def read_manifest(path: Path) -> tuple[list[PairSpec], list[FileError]]:
    """Pairs listed in a manifest CSV; rows naming missing files become errors."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read the manifest ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "the manifest is not UTF-8 text") from exc
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise InputError(str(path), f"not a readable CSV ({exc})") from exc
    header = {(name or "").strip().lower() for name in (rows[0].keys() if rows else ())}
    if not rows or not {"en", "ru"} <= header:
        raise InputError(str(path), "a manifest needs a header with columns 'en' and 'ru'")
    base = path.parent
    pairs: list[PairSpec] = []
    errors: list[FileError] = []
    for number, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        en, ru = row.get("en", ""), row.get("ru", "")
        pid = row.get("id") or Path(en).stem or f"row{number}"
        if not en or not ru:
            errors.append(FileError(f"{path}:{number}", "row lacks an 'en' or 'ru' file", pid))
            continue
        en_path, ru_path = (base / en), (base / ru)
        missing = [p for p in (en_path, ru_path) if not p.is_file()]
        for p in missing:
            errors.append(FileError(str(p), f"file not found (manifest line {number})", pid))
        if not missing:
            pairs.append(PairSpec(pid, en_path, ru_path, "manifest"))
    return pairs, errors


def list_documents(folder: Path) -> list[Path]:
    """Supported documents under ``folder``, recursively, in a stable order."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and is_document(p))


def name_tag(path: Path, root: Path) -> tuple[str | None, str]:
    """(language given by the name, pairing key) for ``x.en.txt`` or ``en/x.txt``.

    The language is None when neither the file name nor a folder names one.
    """
    rel = path.relative_to(root)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    parts = [p.lower() for p in rel.parts[:-1]]
    inner = Path(stem).suffix.lower().lstrip(".")
    if inner in LANGUAGES:
        key = "/".join([*rel.parts[:-1], Path(stem).stem])
        return inner, key
    for i, part in enumerate(parts):
        if part in LANGUAGES:
            rest = [*rel.parts[:i], "*", *rel.parts[i + 1 : -1], stem]
            return part, "/".join(rest)
    return None, "/".join([*rel.parts[:-1], stem])


def pair_by_name(files: Sequence[Path], root: Path) -> tuple[list[PairSpec], list[Path]]:
    """Pairs whose names say their language and match; the rest are returned untouched."""
    by_key: dict[str, dict[str, list[Path]]] = {}
    for path in files:
        language, key = name_tag(path, root)
        if language is not None:
            by_key.setdefault(key, {}).setdefault(language, []).append(path)
    pairs: list[PairSpec] = []
    taken: set[Path] = set()
    for key, sides in sorted(by_key.items()):
        en, ru = sides.get("en", []), sides.get("ru", [])
        # Only an unambiguous match (one file each) is a name pairing: x.en.txt and
        # x.en.docx beside one x.ru.txt are left to the similarity-based pairing.
        if len(en) == 1 and len(ru) == 1:
            pid = key.replace("/*/", "/").replace("*/", "").replace("/*", "")
            pairs.append(PairSpec(pid.replace("/", "_"), en[0], ru[0], "name"))
            taken.update((en[0], ru[0]))
    return pairs, [p for p in files if p not in taken]


def tagged_language(path: Path, root: Path) -> str | None:
    return name_tag(path, root)[0]


def plan_inputs(inputs: Sequence[Path]) -> Plan:
    """Sort the command line's inputs into given pairs and a pool to pair automatically."""
    plan = Plan()
    for item in inputs:
        if item.is_file() and item.suffix.lower() == ".csv":
            try:
                pairs, errors = read_manifest(item)
            except InputError as exc:
                plan.errors.append(FileError(exc.source, exc.problem))
                continue
            plan.pairs.extend(pairs)
            plan.errors.extend(errors)
        elif item.is_dir():
            pairs, rest = pair_by_name(list_documents(item), item)
            plan.pairs.extend(pairs)
            plan.pool.extend(rest)
        elif item.is_file():
            plan.pool.append(item)
        else:
            plan.errors.append(FileError(str(item), "no such file or folder"))
    # A file listed twice (two inputs overlapping) is paired once.
    seen: set[Path] = set()
    for pair in plan.pairs:
        seen.update((pair.en.resolve(), pair.ru.resolve()))
    pool, pool_seen = [], set()
    for p in plan.pool:
        r = p.resolve()
        if r not in seen and r not in pool_seen:
            pool.append(p)
            pool_seen.add(r)
    plan.pool = pool
    plan.pairs = unique_ids(plan.pairs)
    return plan


# ---------------------------------------------------------------------------------------
# Automatic pairing


@dataclass(frozen=True)
class DocProfile:
    """What automatic pairing knows of one document."""

    path: Path
    language: str
    paragraphs: np.ndarray  # (n, d) L2-normalised paragraph embeddings
    facts: frozenset[str]

    @property
    def centroid(self) -> np.ndarray:
        mean = self.paragraphs.mean(axis=0) if len(self.paragraphs) else self.paragraphs
        norm = float(np.linalg.norm(mean)) if len(self.paragraphs) else 0.0
        return mean / norm if norm > 0 else mean


def fact_similarity(en: Sequence[frozenset[str]], ru: Sequence[frozenset[str]]) -> np.ndarray:
    """IDF-weighted cosine overlap of fact sets: a year every document shares counts little."""
    df: Counter[str] = Counter()
    for facts in (*en, *ru):
        df.update(facts)
    total = len(en) + len(ru)

    def weight(fact: str) -> float:
        return math.log(1.0 + total / df[fact])

    def mass(facts: frozenset[str]) -> float:
        return sum(weight(f) for f in facts)

    en_mass = [mass(f) for f in en]
    ru_mass = [mass(f) for f in ru]
    out = np.zeros((len(en), len(ru)), dtype=np.float64)
    for i, a in enumerate(en):
        for j, b in enumerate(ru):
            if en_mass[i] and ru_mass[j]:
                shared = sum(weight(f) for f in a & b)
                out[i, j] = shared / math.sqrt(en_mass[i] * ru_mass[j])
    return out


def alignment_scores(en: np.ndarray, ru: np.ndarray) -> tuple[float, float]:
    """(max-alignment score, background) of two documents' paragraph embeddings.

    The score is the mean, over paragraphs of both sides, of each paragraph's best match
    on the other side; the background is the mean of all paragraph similarities, what
    unrelated text of this embedder scores.
    """
    if not len(en) or not len(ru):
        return 0.0, 0.0
    sims = en @ ru.T
    best = (float(sims.max(axis=1).sum()) + float(sims.max(axis=0).sum())) / (
        sims.shape[0] + sims.shape[1]
    )
    return best, float(sims.mean())


@dataclass(frozen=True)
class PairScores:
    """Similarity and confidence of every (English, Russian) document pair."""

    similarity: np.ndarray  # combined score; -inf where not a candidate
    confidence: np.ndarray  # how far the pair stands out from its alternatives, 0..1


def score_documents(en: Sequence[DocProfile], ru: Sequence[DocProfile]) -> PairScores:
    """Combined similarity and confidence matrices (en x ru)."""
    n, m = len(en), len(ru)
    similarity = np.full((n, m), -np.inf)
    background = np.zeros((n, m))
    if not n or not m:
        return PairScores(similarity, np.zeros((n, m)))
    facts = fact_similarity([d.facts for d in en], [d.facts for d in ru])
    centroids = np.array([d.centroid for d in en]) @ np.array([d.centroid for d in ru]).T
    coarse = EMBEDDING_WEIGHT * centroids + (1 - EMBEDDING_WEIGHT) * facts
    k = min(CANDIDATES_PER_DOCUMENT, m, n)
    candidates = np.zeros((n, m), dtype=bool)
    rows = np.argsort(-coarse, axis=1, kind="stable")[:, :k]
    candidates[np.arange(n)[:, None], rows] = True
    cols = np.argsort(-coarse, axis=0, kind="stable")[:k, :]
    candidates[cols, np.arange(m)[None, :]] = True
    for i, j in zip(*np.nonzero(candidates), strict=True):
        best, back = alignment_scores(en[i].paragraphs, ru[j].paragraphs)
        similarity[i, j] = EMBEDDING_WEIGHT * best + (1 - EMBEDDING_WEIGHT) * facts[i, j]
        background[i, j] = EMBEDDING_WEIGHT * back
    return PairScores(similarity, confidence_matrix(similarity, background))


def confidence_matrix(similarity: np.ndarray, background: np.ndarray) -> np.ndarray:
    """How far each pair stands above its best alternative, scaled to 0..1.

    The alternative is the runner-up of either document (another candidate), or the
    pair's own background when it has none: with one document per side the question is
    whether the paragraphs match better than unrelated text would.
    """
    runner_up = np.maximum(
        np.maximum(_best_other(similarity), _best_other(similarity.T).T), background
    )
    gain = (similarity - runner_up) / np.maximum(1e-9, 1.0 - runner_up)
    return np.where(np.isfinite(similarity), np.clip(gain, 0.0, 1.0), 0.0)


def _best_other(matrix: np.ndarray) -> np.ndarray:
    """For each cell, the best value elsewhere in its row (-inf when there is none)."""
    n, m = matrix.shape
    if m < 2:
        return np.full((n, m), -np.inf)
    order = np.argsort(-matrix, axis=1, kind="stable")
    top = matrix[np.arange(n), order[:, 0]]
    second = matrix[np.arange(n), order[:, 1]]
    out = np.repeat(top[:, None], m, axis=1)
    out[np.arange(n), order[:, 0]] = second
    return out


def assign(scores: PairScores, threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs (en index, ru index, confidence) at or above ``threshold``."""
    from scipy.optimize import linear_sum_assignment

    if scores.confidence.size == 0:
        return []
    # Maximise confidence, then similarity (ties between equally clear pairs); pairs that
    # are not candidates cost more than any real pair.
    sim = np.where(np.isfinite(scores.similarity), scores.similarity, -10.0)
    cost = -(scores.confidence * 1000.0 + sim)
    rows, cols = linear_sum_assignment(cost)
    out = []
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        conf = float(scores.confidence[i, j])
        if np.isfinite(scores.similarity[i, j]) and conf >= threshold:
            out.append((i, j, conf))
    return out


@dataclass(frozen=True)
class AutoPairing:
    pairs: list[PairSpec]
    unpaired: list[Unpaired]


def pair_automatically(
    en: Sequence[DocProfile], ru: Sequence[DocProfile], threshold: float
) -> AutoPairing:
    """Pairs the pool one-to-one; every document left over is listed with its best match."""
    scores = score_documents(en, ru)
    chosen = assign(scores, threshold)
    pairs = [
        PairSpec(f"{en[i].path.stem}--{ru[j].path.stem}", en[i].path, ru[j].path, "auto", conf)
        for i, j, conf in chosen
    ]
    used_en = {i for i, _, _ in chosen}
    used_ru = {j for _, j, _ in chosen}
    unpaired = [
        _leftover(en[i], ru, scores.confidence[i], threshold)
        for i in range(len(en))
        if i not in used_en
    ]
    unpaired += [
        _leftover(ru[j], en, scores.confidence[:, j], threshold)
        for j in range(len(ru))
        if j not in used_ru
    ]
    return AutoPairing(pairs, unpaired)


def _leftover(
    doc: DocProfile, others: Sequence[DocProfile], confidence: np.ndarray, threshold: float
) -> Unpaired:
    if not len(others):
        other = "Russian" if doc.language == "en" else "English"
        return Unpaired(doc.path, doc.language, f"no {other} document to pair with")
    best = int(np.argmax(confidence))
    conf = float(confidence[best])
    if conf >= threshold:
        reason = "its best match was paired with a closer document"
    else:
        reason = f"no counterpart with confidence >= {threshold:g}"
    return Unpaired(doc.path, doc.language, reason, str(others[best].path), round(conf, 4))


def build_profiles(
    documents: Iterable[tuple[Path, str, Sequence[str]]],
    encode: Callable[[Sequence[str]], np.ndarray],
) -> list[DocProfile]:
    """Profiles of (path, language, paragraphs), embedding all paragraphs in one call."""
    documents = list(documents)
    unique: dict[str, int] = {}
    for _, _, paragraphs in documents:
        for p in paragraphs:
            unique.setdefault(p, len(unique))
    vectors = encode(list(unique)) if unique else np.zeros((0, 1), dtype=np.float32)
    profiles = []
    for path, language, paragraphs in documents:
        rows = [unique[p] for p in paragraphs]
        matrix = np.asarray(vectors[rows], dtype=np.float32) if rows else np.zeros((0, 1))
        profiles.append(
            DocProfile(path, language, matrix, paragraph_anchors("\n".join(paragraphs), language))
        )
    return profiles
