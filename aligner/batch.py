"""Batch mode: check many English/Russian pairs, resumably, on one machine or a Dask cluster.

``python -m aligner batch INPUT... --out DIR`` pairs the inputs (see ``pairing``), checks
every pair and writes to DIR:

- ``reports/<id>.json``: one report per pair, the contract's JSON plus a ``batch`` block
  recording the pair, how it was found, and the key of its inputs and settings;
- ``pairs.csv``, ``unpaired.csv``, ``errors.csv``, ``discrepancies.csv``/``.xlsx``,
  rebuilt from the per-pair JSON at the end of every run.

A rerun skips every pair whose JSON records the same key (same file contents, names,
embedder, alias table and package version), so an interrupted run goes on where it
stopped. Every file is written to a temporary file, synced and renamed: a kill at any
moment leaves either the old file or the new one. Workers receive file *contents*, not
paths, and return JSON text, so the same tasks run in local processes or on the machines
of a Dask cluster that share no disk with this one.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import AlignerError, InputError
from .pairing import (
    DEFAULT_MIN_CONFIDENCE,
    FileError,
    PairSpec,
    Plan,
    Unpaired,
    build_profiles,
    pair_automatically,
    plan_inputs,
    tagged_language,
    unique_ids,
)

log = logging.getLogger(__name__)

# Discrepancy kinds of the contract, in its order: pairs.csv always has these columns.
KINDS = (
    "name_variant",
    "name_mismatch",
    "role_mismatch",
    "number_mismatch",
    "date_mismatch",
    "acronym_unmatched",
    "only_in_en",
    "only_in_ru",
    "unaligned_paragraph",
    "inconsistent_within_document",
    "mixed_script",
)
# Larger inputs are refused rather than risk a worker's memory: no news report is this big.
MAX_FILE_BYTES = 50 * 1024 * 1024
# Pairs per worker task: their paragraphs are embedded in one call before checking.
CHUNK_SIZE = 8
STATE_DIR = ".state"


@dataclass(frozen=True)
class BatchOptions:
    inputs: tuple[Path, ...]
    out: Path
    embedder: str | None = None
    scheduler: str | None = None
    workers: int = 0  # 0: one per core
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    aliases: frozenset[tuple[str, str]] = frozenset()
    chunk_size: int = CHUNK_SIZE
    progress: bool | None = None  # None: a bar when stderr is a terminal


@dataclass(frozen=True)
class PairTask:
    """Everything a worker needs for one pair: contents travel, not paths."""

    pair_id: str
    key: str
    en_name: str
    en_data: bytes
    ru_name: str
    ru_data: bytes
    embedder: str | None
    aliases: tuple[tuple[str, str], ...]
    meta: dict[str, Any]


@dataclass(frozen=True)
class PairOutcome:
    pair_id: str
    json_text: str | None = None
    error_file: str = ""
    error: str = ""


@dataclass
class BatchSummary:
    pairs: int = 0
    checked: int = 0
    skipped: int = 0
    failed: int = 0
    unpaired: int = 0
    errors: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Keys and files


def package_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("aligner")
    except metadata.PackageNotFoundError:
        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            import tomllib

            return tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
        except (OSError, KeyError, ValueError, ImportError):
            return "unknown"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def settings_key(embedder: str | None, aliases: Iterable[tuple[str, str]]) -> str:
    """What, besides the files, decides a pair's report."""
    chosen = embedder or os.environ.get("ALIGNER_EMBEDDER") or "default"
    table = json.dumps(sorted(map(list, aliases)), ensure_ascii=False)
    text = "\x1f".join([chosen, package_version(), table])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pair_key(en_name: str, en_digest: str, ru_name: str, ru_digest: str, settings: str) -> str:
    text = "\x1f".join([en_name, en_digest, ru_name, ru_digest, settings])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Temporary file, fsync, rename: a kill leaves the old file or the new, never half."""
    from .export import write_atomic as export_write_atomic

    export_write_atomic(path, data)


def recorded_key(path: Path) -> str | None:
    """The key a per-pair JSON was made with, or None if it is missing or unreadable."""
    try:
        data = json.loads(path.read_text("utf-8"))
        return str(data["batch"]["key"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def display_name(path: Path) -> str:
    """How a file is named in reports and tables: as given, relative where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------
# Worker side (runs in a local process or on a Dask worker)


def _load_embedder(name: str | None) -> Any:
    """The process's embedder; ``module:factory`` names a plugin importable on every worker."""
    from . import embed

    if name and ":" in name and not name.startswith("st:"):
        module_name, _, attr = name.partition(":")
        if name not in embed.REGISTRY.names():
            import importlib

            try:
                factory = getattr(importlib.import_module(module_name), attr)
            except (ImportError, AttributeError) as exc:
                raise AlignerError(f"cannot import embedder {name!r}: {exc}") from exc
            embed.REGISTRY.register(name, factory)
    return embed.get_embedder(name)


def check_chunk(tasks: Sequence[PairTask]) -> list[PairOutcome]:
    """Check a few pairs; their paragraphs are embedded together first (one large batch).

    Never raises for a bad pair: whatever goes wrong becomes that pair's outcome, so one
    hostile file cannot stop the batch.
    """
    from .normalize import normalize
    from .pipeline import check_pair
    from .reading import read_bytes

    if not tasks:
        return []
    embedder = _load_embedder(tasks[0].embedder)
    texts: dict[str, tuple[str, str]] = {}
    outcomes: dict[str, PairOutcome] = {}
    for task in tasks:
        try:
            texts[task.pair_id] = (
                read_bytes(task.en_data, task.en_name),
                read_bytes(task.ru_data, task.ru_name),
            )
        except InputError as exc:
            outcomes[task.pair_id] = PairOutcome(task.pair_id, None, exc.source, exc.problem)
        except Exception as exc:  # noqa: BLE001 - a hostile file is an error row, not a crash
            outcomes[task.pair_id] = PairOutcome(
                task.pair_id, None, task.en_name, f"could not be read ({type(exc).__name__})"
            )
    _warm(embedder, texts.values(), normalize)
    for task in tasks:
        if task.pair_id in outcomes:
            continue
        en_text, ru_text = texts[task.pair_id]
        try:
            report = check_pair(
                en_text,
                ru_text,
                en_source=task.en_name,
                ru_source=task.ru_name,
                embedder=embedder,
                aliases=frozenset(task.aliases),
            )
        except InputError as exc:
            outcomes[task.pair_id] = PairOutcome(task.pair_id, None, exc.source, exc.problem)
            continue
        except Exception as exc:  # noqa: BLE001 - see above
            # One line for the analyst (errors.csv); the traceback only when debugging.
            log.info("pair %s could not be checked: %s", task.pair_id, exc)
            log.debug("pair %s", task.pair_id, exc_info=True)
            outcomes[task.pair_id] = PairOutcome(
                task.pair_id,
                None,
                f"{task.en_name} + {task.ru_name}",
                f"could not be checked ({type(exc).__name__}: {exc})"[:300],
            )
            continue
        data = report.to_dict()
        data["batch"] = {"pair_id": task.pair_id, "key": task.key, **task.meta}
        outcomes[task.pair_id] = PairOutcome(
            task.pair_id, json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        )
    return [outcomes[t.pair_id] for t in tasks]


def _warm(embedder: Any, texts: Iterable[tuple[str, str]], normalize: Callable) -> None:
    """Embed every distinct paragraph of the chunk at once so checking hits the cache."""
    unique: dict[str, None] = {}
    for pair in texts:
        for text in pair:
            try:
                unique.update(dict.fromkeys(normalize(text).paragraphs))
            except Exception:  # noqa: BLE001 - the check itself will report this text
                continue
    if unique:
        embedder.encode(list(unique))


def _init_worker(embedder: str | None) -> None:
    # One model per worker process, loaded before the first task arrives; one BLAS
    # thread each, since the processes already use every core.
    os.environ.setdefault("ALIGNER_THREADS", "1")
    _load_embedder(embedder)


# ---------------------------------------------------------------------------------------
# Executors: local processes or a Dask cluster, one interface (submit chunk, yield done)


class _LocalRunner:
    """Runs chunks in-process (one worker) or in a pool of spawned processes."""

    def __init__(self, workers: int, embedder: str | None) -> None:
        self.workers = workers
        self.embedder = embedder
        self._pool: Any = None

    def __enter__(self) -> _LocalRunner:
        if self.workers > 1:
            self._start()
        else:
            _init_worker(self.embedder)
        return self

    def _start(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Spawn, not fork: the parent may hold a loaded model and threads.
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(self.embedder,),
        )

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    @property
    def slots(self) -> int:
        return max(1, self.workers) * 2

    def run(self, chunks: Iterator[list[PairTask]]) -> Iterator[list[PairOutcome]]:
        if self._pool is None:
            for chunk in chunks:
                yield check_chunk(chunk)
            return
        yield from self._run_pool(chunks)

    def _run_pool(self, chunks: Iterator[list[PairTask]]) -> Iterator[list[PairOutcome]]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        pending: dict[Any, list[PairTask]] = {}
        retry: list[list[PairTask]] = []
        crashed: set[str] = set()
        source = iter(chunks)
        exhausted = False
        while True:
            while len(pending) < self.slots and (retry or not exhausted):
                if retry:
                    chunk = retry.pop()
                else:
                    chunk = next(source, None)
                    if chunk is None:
                        exhausted = True
                        break
                pending[self._pool.submit(check_chunk, chunk)] = chunk
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                chunk = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    broken = True
                    retry.extend(self._after_crash(chunk, crashed))
            if broken:
                # A worker died (a file that crashes the reader, memory): every chunk in
                # flight is lost with it. Retry them one pair at a time in a new pool;
                # a pair that kills a worker twice is reported, not retried forever.
                for chunk in pending.values():
                    retry.extend(self._after_crash(chunk, crashed))
                pending.clear()
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._start()
                lost = [t for c in retry for t in c if t.pair_id in crashed and len(c) == 1]
                retry = [c for c in retry if not (len(c) == 1 and c[0].pair_id in crashed)]
                if lost:
                    yield [
                        PairOutcome(
                            t.pair_id,
                            None,
                            f"{t.en_name} + {t.ru_name}",
                            "the checker crashed on this pair twice",
                        )
                        for t in lost
                    ]

    @staticmethod
    def _after_crash(chunk: list[PairTask], crashed: set[str]) -> list[list[PairTask]]:
        if len(chunk) == 1:
            task = chunk[0]
            if task.pair_id in crashed:
                return [chunk]  # second crash: the caller reports it
            crashed.add(task.pair_id)
            return [chunk]
        return [[task] for task in chunk]


class _DaskRunner:
    """Runs chunks on a Dask distributed cluster (``--scheduler tcp://host:8786``)."""

    def __init__(self, address: str, embedder: str | None) -> None:
        self.address = address
        self.embedder = embedder
        self._client: Any = None

    def __enter__(self) -> _DaskRunner:
        from distributed import Client

        try:
            self._client = Client(self.address, timeout="30s")
        except (OSError, TimeoutError) as exc:
            raise AlignerError(f"cannot reach the Dask scheduler at {self.address}: {exc}") from exc
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.close()

    @property
    def slots(self) -> int:
        workers = len(self._client.scheduler_info().get("workers", {})) or 1
        return workers * 2 + 2

    def run(self, chunks: Iterator[list[PairTask]]) -> Iterator[list[PairOutcome]]:
        from distributed import as_completed

        slots = self.slots
        source = iter(chunks)
        futures = {}
        queue = as_completed()
        for chunk in source:
            future = self._client.submit(check_chunk, chunk, pure=False)
            futures[future] = chunk
            queue.add(future)
            if len(futures) >= slots:
                break
        for future in queue:
            chunk = futures.pop(future)
            try:
                yield future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails its pairs, not the run
                yield [
                    PairOutcome(
                        t.pair_id,
                        None,
                        f"{t.en_name} + {t.ru_name}",
                        f"the cluster could not check this pair ({type(exc).__name__})",
                    )
                    for t in chunk
                ]
            future.release()
            nxt = next(source, None)
            if nxt is not None:
                new = self._client.submit(check_chunk, nxt, pure=False)
                futures[new] = nxt
                queue.add(new)


# ---------------------------------------------------------------------------------------
# The run


def run_batch(options: BatchOptions) -> BatchSummary:
    """Pair, check and write everything for ``options``; see the module docstring."""
    started = time.perf_counter()
    out = options.out
    reports_dir = out / "reports"
    reports_dir.mkdir(parents=True, exist_ok=True)
    if options.scheduler is None:
        from . import embed

        # Local workers (spawned, so they inherit this) keep embeddings on disk: a rerun
        # or a resumed run does not encode the same paragraphs again.
        cache = out / ".state" / "embeddings"
        os.environ.setdefault("ALIGNER_EMBED_CACHE", str(cache))
        embed.REGISTRY.cache_dir = embed.REGISTRY.cache_dir or cache
    plan = plan_inputs(options.inputs)
    auto = _pair_pool(plan, options)
    pairs = unique_ids([*plan.pairs, *auto])
    settings = settings_key(options.embedder, options.aliases)
    summary = BatchSummary(pairs=len(pairs), unpaired=len(plan.unpaired))

    todo: list[tuple[PairSpec, str]] = []
    keys: dict[str, str] = {}
    failed: dict[str, FileError] = {}
    for pair in pairs:
        try:
            key = keys[pair.pair_id] = _key_of(pair, settings)
        except InputError as exc:
            failed[pair.pair_id] = FileError(exc.source, exc.problem, pair.pair_id)
            continue
        if recorded_key(reports_dir / f"{pair.pair_id}.json") == key:
            summary.skipped += 1
        else:
            todo.append((pair, key))
    log.info(
        "%d pairs (%d already done), %d unpaired, %d unreadable",
        len(pairs),
        summary.skipped,
        len(plan.unpaired),
        len(plan.errors),
    )
    if todo:
        _check_all(todo, options, reports_dir, failed, summary)
    plan.errors.extend(failed.values())
    summary.failed = len(failed)
    summary.errors = len(plan.errors)
    summary.outputs = write_aggregates(out, pairs, keys, plan.unpaired, plan.errors, failed)
    summary.seconds = time.perf_counter() - started
    return summary


def _key_of(pair: PairSpec, settings: str) -> str:
    digests = []
    for path in (pair.en, pair.ru):
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise InputError(display_name(path), f"is too large ({size // 2**20} MiB)")
            digests.append(file_digest(path))
        except OSError as exc:
            raise InputError(display_name(path), f"cannot be read ({exc.strerror})") from exc
    return pair_key(display_name(pair.en), digests[0], display_name(pair.ru), digests[1], settings)


def _tasks(
    todo: Sequence[tuple[PairSpec, str]],
    options: BatchOptions,
    failed: dict[str, FileError],
) -> Iterator[list[PairTask]]:
    """Chunks of tasks, files read only as they are submitted (bounded memory)."""
    aliases = tuple(sorted(options.aliases))
    chunk: list[PairTask] = []
    for pair, key in todo:
        try:
            en_data, ru_data = pair.en.read_bytes(), pair.ru.read_bytes()
        except OSError as exc:
            failed[pair.pair_id] = FileError(
                display_name(pair.en), f"cannot be read ({exc.strerror})", pair.pair_id
            )
            continue
        meta = {
            "en_file": display_name(pair.en),
            "ru_file": display_name(pair.ru),
            "method": pair.method,
            "confidence": pair.confidence,
        }
        chunk.append(
            PairTask(
                pair.pair_id,
                key,
                display_name(pair.en),
                en_data,
                display_name(pair.ru),
                ru_data,
                options.embedder,
                aliases,
                meta,
            )
        )
        if len(chunk) >= options.chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _check_all(
    todo: Sequence[tuple[PairSpec, str]],
    options: BatchOptions,
    reports_dir: Path,
    failed: dict[str, FileError],
    summary: BatchSummary,
) -> None:
    from tqdm import tqdm

    show = sys.stderr.isatty() if options.progress is None else options.progress
    bar = tqdm(
        total=summary.pairs,
        initial=summary.skipped,
        unit="pair",
        disable=not show,
        dynamic_ncols=True,
        smoothing=0.1,
    )
    runner = _runner(options)
    try:
        with runner:
            for outcomes in runner.run(_tasks(todo, options, failed)):
                for outcome in outcomes:
                    if outcome.json_text is not None:
                        path = reports_dir / f"{outcome.pair_id}.json"
                        write_atomic(path, outcome.json_text.encode("utf-8"))
                        summary.checked += 1
                    else:
                        failed[outcome.pair_id] = FileError(
                            outcome.error_file, outcome.error, outcome.pair_id
                        )
                    bar.update(1)
    finally:
        bar.close()


def _runner(options: BatchOptions) -> _LocalRunner | _DaskRunner:
    if options.scheduler:
        return _DaskRunner(options.scheduler, options.embedder)
    workers = options.workers or os.cpu_count() or 1
    return _LocalRunner(workers, options.embedder)


# ---------------------------------------------------------------------------------------
# Automatic pairing of the pool


def _pair_pool(plan: Plan, options: BatchOptions) -> list[PairSpec]:
    """Pairs found by similarity among files not paired by manifest or name.

    The result is kept in DIR/.state keyed by the pool's contents and settings, so a
    rerun does not embed the whole pool again.
    """
    if not plan.pool:
        return []
    from .language import detect_document_language
    from .normalize import normalize
    from .reading import read_path

    documents: list[tuple[Path, str, tuple[str, ...]]] = []
    digests = []
    for path in plan.pool:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise InputError(display_name(path), "is too large")
            text = read_path(path)
            paragraphs = normalize(text).paragraphs
            if not paragraphs:
                raise InputError(display_name(path), "has no text paragraphs")
            language = _language_of(path, options, text, detect_document_language)
        except InputError as exc:
            plan.errors.append(FileError(exc.source, exc.problem))
            continue
        except Exception as exc:  # noqa: BLE001 - a hostile file is an error row
            plan.errors.append(
                FileError(display_name(path), f"could not be read ({type(exc).__name__})")
            )
            continue
        if language not in ("en", "ru"):
            plan.unpaired.append(
                Unpaired(path, language, "neither English nor Russian (language detected)")
            )
            continue
        documents.append((path, language, paragraphs))
        digests.append(
            f"{display_name(path)}:{language}:{hashlib.sha256(text.encode()).hexdigest()}"
        )

    state = options.out / STATE_DIR / "pairing.json"
    pool_key = hashlib.sha256(
        "\n".join(
            [settings_key(options.embedder, ()), str(options.min_confidence), *sorted(digests)]
        ).encode()
    ).hexdigest()
    cached = _load_pairing(state, pool_key)
    if cached is not None:
        pairs, unpaired = cached
    else:
        embedder = _load_embedder(options.embedder)
        en = [d for d in documents if d[1] == "en"]
        ru = [d for d in documents if d[1] == "ru"]
        profiles = build_profiles([*en, *ru], embedder.encode)
        result = pair_automatically(
            profiles[: len(en)], profiles[len(en) :], options.min_confidence
        )
        pairs, unpaired = result.pairs, result.unpaired
        _save_pairing(state, pool_key, pairs, unpaired)
    plan.unpaired.extend(unpaired)
    return pairs


def _language_of(path: Path, options: BatchOptions, text: str, detect: Callable) -> str:
    for root in options.inputs:
        if root.is_dir():
            try:
                path.relative_to(root)
            except ValueError:
                continue
            tagged = tagged_language(path, root)
            if tagged:
                return tagged
    return detect(text)


def _save_pairing(
    path: Path, key: str, pairs: Sequence[PairSpec], unpaired: Sequence[Unpaired]
) -> None:
    def plain(item: Any) -> dict[str, Any]:
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(item).items()}

    data = {
        "key": key,
        "pairs": [plain(p) for p in pairs],
        "unpaired": [plain(u) for u in unpaired],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def _load_pairing(path: Path, key: str) -> tuple[list[PairSpec], list[Unpaired]] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("key") != key:
            return None
        pairs = [
            PairSpec(p["pair_id"], Path(p["en"]), Path(p["ru"]), p["method"], p["confidence"])
            for p in data["pairs"]
        ]
        unpaired = [
            Unpaired(Path(u["path"]), u["language"], u["reason"], u["best"], u["confidence"])
            for u in data["unpaired"]
        ]
        return pairs, unpaired
    except (OSError, ValueError, KeyError, TypeError):
        return None


# ---------------------------------------------------------------------------------------
# Aggregate outputs, rebuilt from the per-pair JSON


def write_aggregates(
    out: Path,
    pairs: Sequence[PairSpec],
    keys: dict[str, str],
    unpaired: Sequence[Unpaired],
    errors: Sequence[FileError],
    failed: dict[str, FileError],
) -> list[Path]:
    """pairs.csv, unpaired.csv, errors.csv and discrepancies.csv/.xlsx, sorted, atomically."""
    from .export import findings_table, write_csv, write_xlsx
    from .report import Report

    pair_rows: list[dict[str, Any]] = []
    finding_rows: list[dict[str, Any]] = []
    extra_kinds: set[str] = set()
    for pair in sorted(pairs, key=lambda p: p.pair_id):
        row: dict[str, Any] = {
            "pair_id": pair.pair_id,
            "en_file": display_name(pair.en),
            "ru_file": display_name(pair.ru),
            "method": pair.method,
            "confidence": "" if pair.confidence is None else f"{pair.confidence:.4f}",
        }
        data = _load_report(out / "reports" / f"{pair.pair_id}.json")
        # Only a report made from these very inputs counts: an older one for a file that
        # has since become unreadable is not this run's result.
        current = data is not None and (data.get("batch") or {}).get("key") == keys.get(
            pair.pair_id
        )
        if not current or pair.pair_id in failed:
            problem = failed.get(pair.pair_id)
            row.update(status="error", error=problem.problem if problem else "not checked")
            pair_rows.append(row)
            continue
        report = Report.from_dict(data)
        counts: dict[str, int] = {}
        for finding in report.discrepancies:
            counts[finding.kind] = counts.get(finding.kind, 0) + 1
        extra_kinds.update(set(counts) - set(KINDS))
        scores = [link.score for link in report.alignment]
        row.update(
            status="checked",
            error="",
            alignment_score=f"{sum(scores) / len(scores):.4f}" if scores else "",
            findings=len(report.discrepancies),
            counts=counts,
        )
        pair_rows.append(row)
        finding_rows.extend(findings_table(report, pair_id=pair.pair_id))
    kinds = [*KINDS, *sorted(extra_kinds)]
    for row in pair_rows:
        counts = row.pop("counts", {})
        row.setdefault("alignment_score", "")
        row.setdefault("findings", "")
        for kind in kinds:
            row[kind] = counts.get(kind, 0) if row["status"] == "checked" else ""
    pair_columns = [
        "pair_id",
        "en_file",
        "ru_file",
        "method",
        "confidence",
        "status",
        "alignment_score",
        "findings",
        *kinds,
        "error",
    ]
    unpaired_rows = sorted(
        (
            {
                "file": display_name(u.path),
                "language": u.language,
                "reason": u.reason,
                "best_candidate": display_name(Path(u.best)) if u.best else "",
                "confidence": "" if u.confidence is None else f"{u.confidence:.4f}",
            }
            for u in unpaired
        ),
        key=lambda r: r["file"],
    )
    error_rows = sorted(
        ({"file": e.path, "pair_id": e.pair_id, "problem": e.problem} for e in errors),
        key=lambda r: (r["file"], r["pair_id"], r["problem"]),
    )
    finding_rows.sort(key=_finding_order)
    written = [
        _write_table(out / "pairs.csv", pair_columns, pair_rows),
        _write_table(
            out / "unpaired.csv",
            ["file", "language", "reason", "best_candidate", "confidence"],
            unpaired_rows,
        ),
        _write_table(out / "errors.csv", ["file", "pair_id", "problem"], error_rows),
    ]
    write_csv(finding_rows, out / "discrepancies.csv")
    write_xlsx(finding_rows, out / "discrepancies.xlsx")
    return [*written, out / "discrepancies.csv", out / "discrepancies.xlsx"]


def _finding_order(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(row.get(k, "")) for k in ("pair_id", *sorted(row)))


def _load_report(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "documents" in data else None


def _write_table(path: Path, columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # BOM: Excel opens UTF-8 CSV with Cyrillic correctly only with it.
    write_atomic(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


# ---------------------------------------------------------------------------------------
# Command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``batch`` subcommand's arguments (the CLI calls this)."""
    parser.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="a manifest CSV (columns en, ru, optional id), a folder of x.en.*/x.ru.* or "
        "en/ and ru/ files, or folders to pair automatically",
    )
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--embedder", default=None, help="embedding model name")
    parser.add_argument(
        "--scheduler", default=None, help="Dask scheduler address, e.g. tcp://host:8786"
    )
    parser.add_argument(
        "--workers", type=int, default=0, help="local worker processes (default: one per core)"
    )
    parser.add_argument(
        "--min-confidence",
        type=float,
        default=DEFAULT_MIN_CONFIDENCE,
        help="automatic pairing: leave pairs below this confidence unpaired (0..1)",
    )
    parser.add_argument(
        "--aliases", type=Path, default=None, help="CSV of accepted spellings (columns en, ru)"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def read_aliases(path: Path | None) -> frozenset[tuple[str, str]]:
    """The alias table: (English key, Russian key) pairs an analyst accepted."""
    if path is None:
        return frozenset()
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(str(path), f"cannot read the alias table ({exc})") from exc
    if rows and not {"en", "ru"} <= set(rows[0]):
        raise InputError(str(path), "an alias table needs columns 'en' and 'ru'")
    return frozenset((r["en"].strip(), r["ru"].strip()) for r in rows if r["en"] and r["ru"])


def run_from_args(args: argparse.Namespace) -> int:
    """Run a batch from parsed arguments; 0 when outputs were written, else 2 with a reason."""
    try:
        if args.workers < 0:
            raise AlignerError("--workers must be 0 (one per core) or more")
        if not 0.0 <= args.min_confidence <= 1.0:
            raise AlignerError("--min-confidence must be between 0 and 1")
        missing = [str(p) for p in args.inputs if not p.exists()]
        if missing:
            raise InputError(missing[0], "no such file or folder")
        options = BatchOptions(
            inputs=tuple(args.inputs),
            out=args.out,
            embedder=args.embedder,
            scheduler=args.scheduler,
            workers=args.workers,
            min_confidence=args.min_confidence,
            aliases=read_aliases(args.aliases),
            progress=False if args.no_progress else None,
        )
        summary = run_batch(options)
    except AlignerError as exc:
        print(f"aligner batch: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"aligner batch: {exc.filename or args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    print(
        f"{summary.pairs} pairs: {summary.checked} checked, {summary.skipped} unchanged, "
        f"{summary.failed} failed; {summary.unpaired} unpaired; "
        f"{summary.errors} errors; {summary.seconds:.1f}s -> {args.out}",
        file=sys.stderr,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aligner.batch", description=__doc__)
    add_arguments(parser)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return run_from_args(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
