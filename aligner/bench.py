"""Benchmark: ``python -m aligner.bench`` prints speed and memory figures.

- cold start: a fresh interpreter checking the sample pair (imports, model loads, check);
- warm: the sample pair again, and a new pair of the same size, in a loaded process;
- a synthetic 200-paragraph pair built from the real texts under data/eval/pairs:
  time per pair, split into embedding and fact extraction/comparison;
- encoder throughput in paragraphs per second;
- peak resident memory of each process.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
EVAL_PAIRS = ROOT / "data" / "eval" / "pairs"

_COLD_SCRIPT = """
import json, resource, sys, time
start = time.perf_counter()
from aligner.pipeline import check_files
report = check_files([sys.argv[1], sys.argv[2]], embedder=sys.argv[3])
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "timings": report.timings,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def cold_start(embedder: str) -> dict:
    """Check the sample pair in a fresh interpreter, as the command line does."""
    start = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _COLD_SCRIPT,
            str(SAMPLES / "pair_en.txt"),
            str(SAMPLES / "pair_ru.txt"),
            embedder,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["process_seconds"] = time.perf_counter() - start
    return figures


def synthetic_pair(paragraphs: int = 200) -> tuple[str, str]:
    """Real translated paragraphs of several documents, concatenated to the size asked."""
    en: list[str] = []
    ru: list[str] = []
    for en_path in sorted(EVAL_PAIRS.glob("uz*.en.txt")):
        en_paras = [p for p in en_path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        ru_paras = [
            p
            for p in en_path.with_name(en_path.name.replace(".en.", ".ru."))
            .read_text(encoding="utf-8")
            .split("\n\n")
            if p.strip()
        ]
        if len(en_paras) != len(ru_paras):
            continue
        en.extend(en_paras)
        ru.extend(ru_paras)
        if len(en) >= paragraphs:
            break
    return "\n\n".join(en[:paragraphs]), "\n\n".join(ru[:paragraphs])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m aligner.bench", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--embedder", default="use-m3")
    parser.add_argument("--paragraphs", type=int, default=200, help="size of the synthetic pair")
    parser.add_argument(
        "--large", type=int, default=2000, help="paragraphs a side of the large pair (0: skip)"
    )
    args = parser.parse_args(argv)

    cold = cold_start(args.embedder)
    print(
        f"cold check of the sample pair (fresh process): {cold['process_seconds']:.2f} s "
        f"(check itself {cold['seconds']:.2f} s; "
        + ", ".join(f"{k} {v:.2f} s" for k, v in cold["timings"].items())
        + f"); peak memory {cold['peak_mib']:.0f} MiB"
    )

    from aligner.embed import get_embedder
    from aligner.pipeline import check_pair

    en_text = (SAMPLES / "pair_en.txt").read_text(encoding="utf-8")
    ru_text = (SAMPLES / "pair_ru.txt").read_text(encoding="utf-8")
    check_pair(en_text, ru_text, embedder=args.embedder)  # load models
    start = time.perf_counter()
    check_pair(en_text, ru_text, embedder=args.embedder)
    print(f"warm check of the sample pair (same texts): {time.perf_counter() - start:.3f} s")
    edited_en = en_text.replace("November", "December").replace("Baku", "Ganja")
    edited_ru = ru_text.replace("ноября", "декабря").replace("Баку", "Гяндже")
    start = time.perf_counter()
    check_pair(edited_en, edited_ru, embedder=args.embedder)
    print(
        f"warm check of an edited sample pair (new paragraphs): {time.perf_counter() - start:.3f} s"
    )

    big_en, big_ru = synthetic_pair(args.paragraphs)
    n_en = big_en.count("\n\n") + 1
    n_ru = big_ru.count("\n\n") + 1
    start = time.perf_counter()
    report = check_pair(big_en, big_ru, embedder=args.embedder)
    total = time.perf_counter() - start
    t = report.timings
    print(
        f"synthetic pair ({n_en} x {n_ru} paragraphs): {total:.2f} s "
        f"(prepare {t['prepare']:.2f} s, embed+align {t['align']:.2f} s, "
        f"extract+compare {t['facts']:.2f} s); {len(report.discrepancies)} findings"
    )

    model = get_embedder(args.embedder)
    texts = [f"{p} ({k})" for k, p in enumerate(big_en.split("\n\n") + big_ru.split("\n\n"))]
    start = time.perf_counter()
    model.inner.encode(texts)
    rate = len(texts) / (time.perf_counter() - start)
    print(
        f"encoder throughput ({args.embedder}): {rate:.0f} paragraphs/s "
        f"over {len(texts)} paragraphs"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory so far: {peak:.0f} MiB")

    if args.large:
        # Memory on a large input: the real paragraphs repeated, each made unique so
        # that no cache helps.
        en_paras = big_en.split("\n\n")
        ru_paras = big_ru.split("\n\n")
        reps = max(1, args.large // len(en_paras))
        large_en = "\n\n".join(f"{p} ({k})" for k in range(reps) for p in en_paras)
        large_ru = "\n\n".join(f"{p} ({k})" for k in range(reps) for p in ru_paras)
        start = time.perf_counter()
        report = check_pair(large_en, large_ru, embedder=args.embedder)
        t = report.timings
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"large pair ({len(report.documents['en'].paragraphs)} x "
            f"{len(report.documents['ru'].paragraphs)} paragraphs): "
            f"{time.perf_counter() - start:.1f} s (embed+align {t['align']:.1f} s, "
            f"extract+compare {t['facts']:.1f} s); peak memory {peak:.0f} MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
