"""Batch mode: input forms, pairing, errors, resume, kill-and-restart, Dask = local."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from aligner import batch, pairing, romanize

ROOT = Path(__file__).resolve().parent.parent
EVAL_PAIRS = ROOT / "data" / "eval" / "pairs"
SAMPLES = ROOT / "data" / "samples"
STAND_IN = "test_batch:StandInEmbedder"


class StandInEmbedder:
    """Tiny deterministic embedder with some cross-lingual signal, for tests.

    Features are hashed: numbers, name skeletons (romanised, spelling-folded), and
    character trigrams of the romanised words. A Russian paragraph and its English
    translation share names and numbers, so they land near each other; nothing is random
    and nothing is downloaded. Imported by name ("test_batch:StandInEmbedder") in every
    worker process.
    """

    name = "stand-in"
    dim = 256

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature, weight in _features(text):
                digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += weight
        out[:, 0] += 0.05  # no all-zero rows: every text has a direction
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _features(text: str) -> list[tuple[str, float]]:
    features = [(f"#{n}", 3.0) for n in re.findall(r"\d+", text)]
    for word in re.findall(r"\w{3,}", text):
        skeleton = romanize.skeleton(romanize.romanize_bgn(word))
        if word[0].isupper() and len(skeleton) >= 3:
            features.append((f"@{skeleton}", 2.0))
        features.extend((f"~{skeleton[i : i + 3]}", 0.2) for i in range(len(skeleton) - 2))
    return features


@pytest.fixture(autouse=True)
def _workers_find_the_stand_in(monkeypatch: pytest.MonkeyPatch) -> None:
    # Spawned worker processes (local pool, Dask) import the stand-in by module name.
    path = os.pathsep.join(
        [str(ROOT), str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]
    )
    monkeypatch.setenv("PYTHONPATH", path)


def eval_pair(name: str) -> tuple[Path, Path]:
    en, ru = EVAL_PAIRS / f"{name}.en.txt", EVAL_PAIRS / f"{name}.ru.txt"
    if not (en.is_file() and ru.is_file()):
        pytest.skip(f"eval pair {name} is not in data/eval/pairs")
    return en, ru


def eval_names() -> list[str]:
    names = sorted({p.name.split(".")[0] for p in EVAL_PAIRS.glob("*.en.txt")})
    return [n for n in names if (EVAL_PAIRS / f"{n}.ru.txt").is_file()]


SMALL = ("uz01-pk-relations", "uz04-pk-agreements", "uz05-pk-economy")


def name_paired_folder(tmp_path: Path, names: Sequence[str] = SMALL) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        en, ru = eval_pair(name)
        shutil.copy(en, folder / en.name)
        shutil.copy(ru, folder / ru.name)
    return folder


def options(inputs: Sequence[Path], out: Path, **kw: object) -> batch.BatchOptions:
    kw.setdefault("workers", 1)
    kw.setdefault("embedder", STAND_IN)
    return batch.BatchOptions(inputs=tuple(inputs), out=out, progress=False, **kw)


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def comparable_outputs(out: Path) -> dict[str, object]:
    """Every output, rows sorted, in a form two runs can be compared by."""
    result: dict[str, object] = {}
    for name in ("pairs.csv", "unpaired.csv", "errors.csv", "discrepancies.csv"):
        lines = (out / name).read_text("utf-8-sig").splitlines()
        result[name] = (lines[0], sorted(lines[1:]))
    for report in sorted((out / "reports").glob("*.json")):
        result[f"reports/{report.name}"] = report.read_bytes()
    from openpyxl import load_workbook

    sheet = load_workbook(out / "discrepancies.xlsx").active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    result["discrepancies.xlsx"] = (rows[0], sorted(map(repr, rows[1:])))
    return result


# ---------------------------------------------------------------------------------------
# Input forms and name pairing (no model needed)


def test_name_pairing_accepts_suffixes_and_language_folders(tmp_path: Path) -> None:
    for rel in ("a.en.txt", "a.ru.md", "en/b.txt", "ru/b.txt", "sub/en/c.html", "sub/ru/c.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    (tmp_path / "lonely.en.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    plan = pairing.plan_inputs([tmp_path])
    found = {
        (p.pair_id, p.en.relative_to(tmp_path).as_posix(), p.ru.relative_to(tmp_path).as_posix())
        for p in plan.pairs
    }
    assert found == {
        ("a", "a.en.txt", "a.ru.md"),
        ("b", "en/b.txt", "ru/b.txt"),
        ("sub_c", "sub/en/c.html", "sub/ru/c.txt"),
    }
    assert all(p.method == "name" for p in plan.pairs)
    # What names do not pair is left for automatic pairing; non-documents are ignored.
    assert [p.name for p in plan.pool] == ["lonely.en.txt"]


def test_manifest_paths_are_relative_to_the_manifest_and_missing_files_are_errors(
    tmp_path: Path,
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "one-en.txt").write_text("x", encoding="utf-8")
    (tmp_path / "docs" / "one-ru.txt").write_text("x", encoding="utf-8")
    manifest = tmp_path / "list.csv"
    manifest.write_text(
        "id,en,ru\nfirst,docs/one-en.txt,docs/one-ru.txt\nsecond,docs/gone.txt,docs/one-ru.txt\n",
        encoding="utf-8",
    )
    plan = pairing.plan_inputs([manifest])
    assert [(p.pair_id, p.en.name, p.ru.name, p.method) for p in plan.pairs] == [
        ("first", "one-en.txt", "one-ru.txt", "manifest")
    ]
    assert len(plan.errors) == 1
    assert plan.errors[0].path.endswith("gone.txt") and "not found" in plan.errors[0].problem


def test_manifest_without_en_ru_columns_is_reported_not_raised(tmp_path: Path) -> None:
    manifest = tmp_path / "list.csv"
    manifest.write_text("english,russian\na.txt,b.txt\n", encoding="utf-8")
    plan = pairing.plan_inputs([manifest])
    assert not plan.pairs
    assert plan.errors[0].path == str(manifest)
    assert "'en' and 'ru'" in plan.errors[0].problem


def test_pair_ids_are_unique_and_file_name_safe() -> None:
    specs = [
        pairing.PairSpec(pid, Path("e"), Path("r"), "name") for pid in ("a/b", "a b", "A_b", "")
    ]
    ids = [p.pair_id for p in pairing.unique_ids(specs)]
    assert len({i.lower() for i in ids}) == 4
    assert all(re.fullmatch(r"[\w.-]+", i) for i in ids)


# ---------------------------------------------------------------------------------------
# Automatic pairing


def _profiles(paths: Sequence[Path], language: str) -> list[pairing.DocProfile]:
    """Profiles from the stand-in embedder: enough signal for one-to-one questions."""
    from aligner.normalize import normalize

    docs = [(p, language, normalize(p.read_text("utf-8")).paragraphs) for p in paths]
    return pairing.build_profiles(docs, StandInEmbedder().encode)


@pytest.mark.slow
def test_automatic_pairing_finds_every_real_pair_and_pairs_no_distractor(tmp_path: Path) -> None:
    """Two folders of shuffled, renamed files: translations found, same-topic distractors not."""
    names = eval_names()
    translations = [n for n in names if n.startswith("uz")]
    independent = [n for n in names if n.startswith("ind")]
    if len(translations) < 6 or len(independent) < 4:
        pytest.skip("needs the translated and independent eval pairs in data/eval/pairs")
    rng = random.Random(7)
    real = rng.sample(translations, 6)
    # Distractors: reports of other (similar) events, without their counterparts.
    en_only, ru_only = independent[:2], independent[2:4]
    en_dir, ru_dir = tmp_path / "wire", tmp_path / "originals"
    en_dir.mkdir()
    ru_dir.mkdir()
    truth: dict[str, str] = {}
    for number, name in enumerate(rng.sample(real + en_only, len(real + en_only))):
        shutil.copy(EVAL_PAIRS / f"{name}.en.txt", en_dir / f"story{number:02d}.txt")
        truth[f"story{number:02d}.txt"] = name
    shutil.copy(SAMPLES / "single_en.txt", en_dir / "story99.txt")
    truth["story99.txt"] = "single"
    for number, name in enumerate(rng.sample(real + ru_only, len(real + ru_only))):
        shutil.copy(EVAL_PAIRS / f"{name}.ru.txt", ru_dir / f"doc{number:02d}.txt")
        truth[f"doc{number:02d}.txt"] = name
    out = tmp_path / "out"
    summary = batch.run_batch(options([en_dir, ru_dir], out, workers=2, embedder=None))
    pairs = read_csv(out / "pairs.csv")
    found = {(truth[Path(r["en_file"]).name], truth[Path(r["ru_file"]).name]) for r in pairs}
    assert found == {(n, n) for n in real}
    assert all(r["method"] == "auto" and r["status"] == "checked" for r in pairs)
    unpaired = {truth[Path(r["file"]).name] for r in read_csv(out / "unpaired.csv")}
    assert unpaired == {*en_only, *ru_only, "single"}
    assert summary.checked == len(real)


def test_a_lone_unrelated_pair_is_left_unpaired_not_forced() -> None:
    en, _ = eval_pair("uz01-pk-relations")
    _, ru = eval_pair("uz13-visas")
    result = pairing.pair_automatically(_profiles([en], "en"), _profiles([ru], "ru"), 0.2)
    assert result.pairs == []
    assert {u.path for u in result.unpaired} == {en, ru}
    assert all("confidence" in u.reason for u in result.unpaired)


def test_a_lone_true_pair_is_paired() -> None:
    en, ru = eval_pair("uz01-pk-relations")
    result = pairing.pair_automatically(_profiles([en], "en"), _profiles([ru], "ru"), 0.2)
    assert [(p.en, p.ru) for p in result.pairs] == [(en, ru)]


# ---------------------------------------------------------------------------------------
# End to end (stand-in embedder, the real pipeline otherwise)


def test_folder_batch_writes_one_report_per_pair_and_the_tables(tmp_path: Path) -> None:
    folder = name_paired_folder(tmp_path)
    out = tmp_path / "out"
    summary = batch.run_batch(options([folder], out))
    assert (summary.pairs, summary.checked, summary.failed) == (3, 3, 0)
    from aligner.report import Report

    pairs = {r["pair_id"]: r for r in read_csv(out / "pairs.csv")}
    assert set(pairs) == set(SMALL)
    for pid, row in pairs.items():
        data = json.loads((out / "reports" / f"{pid}.json").read_text("utf-8"))
        report = Report.from_dict(data)
        assert report.is_pair and report.documents["en"].source.endswith(f"{pid}.en.txt")
        assert row["method"] == "name" and row["status"] == "checked"
        assert int(row["findings"]) == len(report.discrepancies)
        assert int(row["findings"]) == sum(int(row[k] or 0) for k in batch.KINDS)
        mean = sum(link.score for link in report.alignment) / len(report.alignment)
        assert float(row["alignment_score"]) == pytest.approx(mean, abs=1e-4)
    findings = read_csv(out / "discrepancies.csv")
    assert len(findings) == sum(int(r["findings"]) for r in pairs.values())
    assert {f["pair_id"] for f in findings} <= set(pairs)
    assert read_csv(out / "errors.csv") == [] and read_csv(out / "unpaired.csv") == []
    from openpyxl import load_workbook

    assert load_workbook(out / "discrepancies.xlsx").active.max_row == len(findings) + 1


def test_manifest_batch_uses_the_manifest_ids(tmp_path: Path) -> None:
    folder = name_paired_folder(tmp_path, SMALL[:2])
    manifest = tmp_path / "batch.csv"
    rows = [f"case{i},in/{n}.en.txt,in/{n}.ru.txt" for i, n in enumerate(SMALL[:2])]
    manifest.write_text("id,en,ru\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    batch.run_batch(options([manifest], out))
    pairs = read_csv(out / "pairs.csv")
    assert [(r["pair_id"], r["method"], Path(r["en_file"]).name) for r in pairs] == [
        ("case0", "manifest", f"{SMALL[0]}.en.txt"),
        ("case1", "manifest", f"{SMALL[1]}.en.txt"),
    ]
    assert folder.is_dir() and sorted(p.name for p in (out / "reports").iterdir()) == [
        "case0.json",
        "case1.json",
    ]


def test_unreadable_files_go_to_errors_csv_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = name_paired_folder(tmp_path, SMALL[:2])
    (folder / "binary.en.txt").write_bytes(bytes(range(256)) * 64)
    shutil.copy(folder / f"{SMALL[0]}.ru.txt", folder / "binary.ru.txt")
    (folder / "empty.en.txt").write_bytes(b"")
    shutil.copy(folder / f"{SMALL[1]}.ru.txt", folder / "empty.ru.txt")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 word 97")
    out = tmp_path / "out"
    summary = batch.run_batch(options([folder], out))
    errors = read_csv(out / "errors.csv")
    by_file = {Path(e["file"].split(" + ")[0]).name: e for e in errors}
    assert {"binary.en.txt", "empty.en.txt", "old.doc"} <= set(by_file)
    assert all(e["problem"] and "Traceback" not in e["problem"] for e in errors)
    assert by_file["binary.en.txt"]["pair_id"] == "binary"
    pairs = {r["pair_id"]: r["status"] for r in read_csv(out / "pairs.csv")}
    assert pairs == {SMALL[0]: "checked", SMALL[1]: "checked", "binary": "error", "empty": "error"}
    assert summary.checked == 2


def test_rerun_skips_unchanged_pairs_and_redoes_changed_ones(tmp_path: Path) -> None:
    folder = name_paired_folder(tmp_path)
    out = tmp_path / "out"
    first = batch.run_batch(options([folder], out))
    reports = {p.name: p.read_bytes() for p in (out / "reports").iterdir()}
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "reports").iterdir()}
    tables = comparable_outputs(out)

    again = batch.run_batch(options([folder], out))
    assert (first.checked, again.checked, again.skipped) == (3, 0, 3)
    assert {p.name: p.stat().st_mtime_ns for p in (out / "reports").iterdir()} == stamps
    assert comparable_outputs(out) == tables

    changed = folder / f"{SMALL[1]}.ru.txt"
    changed.write_text(
        changed.read_text("utf-8") + "\n\nВ 2031 году откроется 17 новых школ.\n", "utf-8"
    )
    third = batch.run_batch(options([folder], out))
    assert (third.checked, third.skipped) == (1, 2)
    assert (out / "reports" / f"{SMALL[1]}.json").read_bytes() != reports[f"{SMALL[1]}.json"]
    assert "2031" in (out / "reports" / f"{SMALL[1]}.json").read_text("utf-8")
    for name in (f"{SMALL[0]}.json", f"{SMALL[2]}.json"):
        assert (out / "reports" / name).stat().st_mtime_ns == stamps[name]

    # A changed alias table changes every report's settings: all redone.
    fourth = batch.run_batch(options([folder], out, aliases=frozenset({("ahmadov", "ахмедов")})))
    assert (fourth.checked, fourth.skipped) == (3, 0)


def test_a_damaged_report_is_redone_not_trusted(tmp_path: Path) -> None:
    folder = name_paired_folder(tmp_path)
    out = tmp_path / "out"
    batch.run_batch(options([folder], out))
    expected = comparable_outputs(out)
    damaged = out / "reports" / f"{SMALL[0]}.json"
    damaged.write_bytes(damaged.read_bytes()[:100])
    summary = batch.run_batch(options([folder], out))
    assert (summary.checked, summary.skipped) == (1, 2)
    assert comparable_outputs(out) == expected


def _batch_command(inputs: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "aligner.batch",
        str(inputs),
        "--out",
        str(out),
        "--workers",
        "2",
        "--embedder",
        STAND_IN,
        "--no-progress",
    ]


def test_a_batch_killed_at_a_random_moment_restarts_to_the_same_outputs(tmp_path: Path) -> None:
    names = eval_names()[-8:]  # enough pairs that a kill lands mid-run, few enough to be quick
    if len(names) < 6:
        pytest.skip("needs the eval pairs in data/eval/pairs")
    folder = name_paired_folder(tmp_path, names)
    env = {**os.environ, "PYTHONPATH": os.environ["PYTHONPATH"]}
    whole = tmp_path / "whole"
    started = time.monotonic()
    subprocess.run(_batch_command(folder, whole), env=env, cwd=tmp_path, check=True, timeout=600)
    duration = time.monotonic() - started

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    interrupted = tmp_path / "interrupted"
    for _attempt in range(3):
        process = subprocess.Popen(
            _batch_command(folder, interrupted),
            env=env,
            cwd=tmp_path,
            start_new_session=True,  # its worker processes die with it
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 0.9) * duration)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        if process.returncode == -signal.SIGKILL:
            break
    assert process.returncode == -signal.SIGKILL, f"the batch was never interrupted (seed {seed})"
    subprocess.run(
        _batch_command(folder, interrupted), env=env, cwd=tmp_path, check=True, timeout=600
    )
    assert comparable_outputs(interrupted) == comparable_outputs(whole), f"seed {seed}"


def test_dask_local_cluster_produces_the_same_outputs_as_a_local_run(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    folder = name_paired_folder(tmp_path)
    local, remote = tmp_path / "local", tmp_path / "dask"
    batch.run_batch(options([folder], local, workers=2))
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        summary = batch.run_batch(options([folder], remote, scheduler=cluster.scheduler_address))
    assert summary.checked == len(SMALL)
    assert comparable_outputs(remote) == comparable_outputs(local)


def test_command_line_refuses_a_missing_input_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = batch.main([str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert len(err.splitlines()) == 1 and "nowhere" in err and "no such file" in err


def test_automatic_pairing_is_remembered_across_reruns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ("uz01-pk-relations", "uz02-president-bio", "uz03-embassy-kyiv")
    en_dir, ru_dir = tmp_path / "en_wire", tmp_path / "ru_originals"
    en_dir.mkdir()
    ru_dir.mkdir()
    for number, name in enumerate(names):
        en, ru = eval_pair(name)
        shutil.copy(en, en_dir / f"{name}.txt")
        shutil.copy(ru, ru_dir / f"{len(names) - number}.txt")  # names give nothing away
    out = tmp_path / "out"
    first = batch.run_batch(options([en_dir, ru_dir], out))
    pairs = read_csv(out / "pairs.csv")
    found = {(Path(r["en_file"]).stem, Path(r["ru_file"]).stem) for r in pairs}
    assert found == {(name, str(len(names) - n)) for n, name in enumerate(names)}
    assert first.checked == 3 and all(r["method"] == "auto" for r in pairs)

    def no_embedding(*_args: object) -> None:
        raise AssertionError("the pool was embedded again")

    monkeypatch.setattr(batch, "build_profiles", no_embedding)
    again = batch.run_batch(options([en_dir, ru_dir], out))
    assert (again.checked, again.skipped) == (0, 3)
    assert read_csv(out / "pairs.csv") == pairs
