"""Shared fixtures: the sample documents and a tiny deterministic embedder."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from aligner.embed import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
SHARED = ROOT.parent / "shared"


class TrigramEmbedder:
    """Hashed character trigrams of the text, Cyrillic romanised first.

    Deterministic and instant: enough to exercise the pipeline's plumbing, where the
    tests are not about alignment quality (those use the real model).
    """

    name = "trigram-test"
    dim = 512

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import iuliia

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            latin = iuliia.WIKIPEDIA.translate(text.lower())
            latin = re.sub(r"[^a-z0-9]+", " ", latin)
            for k in range(len(latin) - 2):
                digest = hashlib.md5(latin[k : k + 3].encode()).digest()
                out[row, int.from_bytes(digest[:4], "little") % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


REGISTRY.register("trigram-test", TrigramEmbedder)


@pytest.fixture(scope="session")
def sample_pair() -> tuple[str, str]:
    return (
        (SAMPLES / "pair_en.txt").read_text(encoding="utf-8"),
        (SAMPLES / "pair_ru.txt").read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="session")
def sample_single() -> str:
    return (SAMPLES / "single_en.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_report(sample_pair):
    """The sample pair checked with the real default embedder (loaded once)."""
    from aligner import check_pair

    en, ru = sample_pair
    return check_pair(en, ru, en_source="pair_en.txt", ru_source="pair_ru.txt")
