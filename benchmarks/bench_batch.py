"""Batch throughput and memory on real text: pairs per minute against the embedder's bound.

Builds N English/Russian pairs of 10-30 paragraphs by recombining aligned paragraph pairs
of the real documents in data/eval/pairs and data/samples (the figures in each unit are
redrawn per use, on both sides alike, so that pairs are not copies of each other and the
embedding cache is not flattered), runs ``aligner.batch`` over them, and prints:

- pairs per minute of the batch (wall clock, model loading included);
- the bound: the embedder alone on the same paragraphs, in large batches, one process
  per worker, the time a batch cannot beat since it must embed each paragraph once;
- peak memory: the largest sum of resident memory over this process and its workers.

    python benchmarks/bench_batch.py --pairs 300 [--pairs 1000] [--workers 2] [--embedder NAME]
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligner import batch  # noqa: E402
from aligner.normalize import normalize  # noqa: E402

log = logging.getLogger("bench_batch")


def real_pairs() -> list[tuple[Path, Path]]:
    pairs = [
        (en, en.with_name(en.name.replace(".en.", ".ru.")))
        for en in sorted((ROOT / "data" / "eval" / "pairs").glob("*.en.txt"))
    ]
    pairs.append(
        (ROOT / "data" / "samples" / "pair_en.txt", ROOT / "data" / "samples" / "pair_ru.txt")
    )
    return [(en, ru) for en, ru in pairs if en.is_file() and ru.is_file()]


def aligned_units(embedder: str | None) -> list[tuple[str, str]]:
    """(English, Russian) paragraph groups that the aligner links in the real pairs."""
    from aligner.align import align
    from aligner.embed import get_embedder

    model = get_embedder(embedder)
    units = []
    for en_path, ru_path in real_pairs():
        en = normalize(en_path.read_text("utf-8")).paragraphs
        ru = normalize(ru_path.read_text("utf-8")).paragraphs
        for link in align(en, ru, model.encode).links:
            if link.en and link.ru:
                units.append(("\n".join(en[i] for i in link.en), "\n".join(ru[j] for j in link.ru)))
    return units


def redraw_figures(en: str, ru: str, rng: random.Random) -> tuple[str, str]:
    """The same unit with each number replaced consistently on both sides."""
    numbers = sorted(set(re.findall(r"\d+", en)) & set(re.findall(r"\d+", ru)), key=len)[::-1]
    mapping = {n: str(rng.randrange(10 ** (len(n) - 1), 10 ** len(n))) for n in numbers if n}
    if not mapping:
        return en, ru
    pattern = re.compile(r"\d+")
    return (
        pattern.sub(lambda m: mapping.get(m.group(), m.group()), en),
        pattern.sub(lambda m: mapping.get(m.group(), m.group()), ru),
    )


def build_corpus(folder: Path, units: Sequence[tuple[str, str]], count: int, seed: int) -> int:
    """Writes ``count`` name-paired documents; returns the number of paragraphs written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = 0
    for number in range(count):
        chosen = [redraw_figures(*rng.choice(units), rng) for _ in range(rng.randint(10, 30))]
        (folder / f"p{number:05d}.en.txt").write_text("\n\n".join(u[0] for u in chosen), "utf-8")
        (folder / f"p{number:05d}.ru.txt").write_text("\n\n".join(u[1] for u in chosen), "utf-8")
        paragraphs += sum(u[0].count("\n") + u[1].count("\n") + 2 for u in chosen)
    return paragraphs


class PeakMemory:
    """Samples the resident memory of this process and all its children."""

    def __init__(self, interval: float = 0.2) -> None:
        import psutil

        self._me = psutil.Process()
        self._interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        import psutil

        total = 0
        for proc in [self._me, *self._me.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self._interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _embed_documents(args: tuple[str | None, list[str]]) -> float:
    """Worker of the bound: the raw model (no cache) over its share of the paragraphs."""
    from aligner.embed import get_embedder

    name, files = args
    model = get_embedder(name).inner
    start = time.perf_counter()
    texts = [p for f in files for p in normalize(Path(f).read_text("utf-8")).paragraphs]
    for i in range(0, len(texts), 256):
        model.encode(texts[i : i + 256])
    return time.perf_counter() - start


def embedder_bound(folder: Path, embedder: str | None, workers: int) -> float:
    """Wall time for the embedder alone on every paragraph, split over ``workers`` processes."""
    files = sorted(str(p) for p in folder.glob("*.txt"))
    shares = [(embedder, files[i::workers]) for i in range(workers)]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers) as pool:
        # Models load before the clock starts: the bound is embedding time only.
        pool.map(_load, [embedder] * workers)
        start = time.perf_counter()
        pool.map(_embed_documents, shares, chunksize=1)
        return time.perf_counter() - start


def _load(name: str | None) -> None:
    from aligner.embed import get_embedder

    get_embedder(name)


def run(count: int, workers: int, embedder: str | None, units: Sequence[tuple[str, str]]) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        corpus = work / "in"
        paragraphs = build_corpus(corpus, units, count, seed=count)
        options = batch.BatchOptions(
            inputs=(corpus,), out=work / "out", embedder=embedder, workers=workers, progress=False
        )
        with PeakMemory() as memory:
            start = time.perf_counter()
            summary = batch.run_batch(options)
            seconds = time.perf_counter() - start
        bound = embedder_bound(corpus, embedder, workers)
        return {
            "pairs": count,
            "paragraphs": paragraphs,
            "checked": summary.checked,
            "failed": summary.failed,
            "seconds": seconds,
            "pairs_per_minute": 60 * summary.checked / seconds,
            "bound_seconds": bound,
            "bound_pairs_per_minute": 60 * count / bound,
            "peak_memory_mib": memory.peak / 2**20,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, action="append", help="batch size (repeatable)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--embedder", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    units = aligned_units(args.embedder)
    print(f"{len(units)} aligned paragraph units from {len(real_pairs())} real pairs")
    for count in args.pairs or [300]:
        r = run(count, args.workers, args.embedder, units)
        print(
            f"{r['pairs']} pairs ({r['paragraphs']} paragraphs), {args.workers} workers: "
            f"{r['checked']} checked, {r['failed']} failed in {r['seconds']:.1f}s = "
            f"{r['pairs_per_minute']:.0f} pairs/min; embedder alone {r['bound_seconds']:.1f}s "
            f"= {r['bound_pairs_per_minute']:.0f} pairs/min; "
            f"ratio {r['pairs_per_minute'] / r['bound_pairs_per_minute']:.2f}; "
            f"peak memory {r['peak_memory_mib']:.0f} MiB",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
