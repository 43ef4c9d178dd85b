"""The command line as a user runs it: files in, a report out, one clear line on failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLES, SHARED


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "aligner", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def shared_score(gold: str, report: Path) -> dict:
    """The independent scorer in ../shared/tools, run as a user would."""
    scored = subprocess.run(
        [
            sys.executable,
            str(SHARED / "tools" / "score.py"),
            str(SHARED / "eval" / gold),
            str(report),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(scored.stdout)


def test_help_explains_every_option():
    out = run("check", "--help")
    assert out.returncode == 0
    for option in ("--json", "--en", "--ru", "--embedder", "--aliases"):
        assert option in out.stdout


@pytest.mark.slow
def test_pair_in_either_order_gives_the_same_report(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    en, ru = str(SAMPLES / "pair_en.txt"), str(SAMPLES / "pair_ru.txt")
    assert run("check", en, ru, "--json", str(first), "--aliases", "none").returncode == 0
    assert run("check", ru, en, "--json", str(second), "--aliases", "none").returncode == 0
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    assert a == b
    assert a["documents"]["en"]["source"] == "pair_en.txt"


@pytest.mark.slow
@pytest.mark.skipif(
    not (SHARED / "tools" / "score.py").exists(), reason="../shared is not beside the repo"
)
def test_sample_pair_meets_the_shared_gold(tmp_path):
    out = tmp_path / "pair.json"
    assert (
        run(
            "check",
            str(SAMPLES / "pair_en.txt"),
            str(SAMPLES / "pair_ru.txt"),
            "--json",
            str(out),
            "--aliases",
            "none",
        ).returncode
        == 0
    )
    figures = shared_score("seeds_pair.json", out)
    assert figures["link_f1"] == 1.0 and figures["must_join"] == "3/3"
    assert figures["expected_found"] == "6/6" and figures["forbidden_hits"] == 0
    assert figures["precision"] >= 0.8


@pytest.mark.slow
@pytest.mark.skipif(
    not (SHARED / "tools" / "score.py").exists(), reason="../shared is not beside the repo"
)
def test_single_document_meets_the_shared_gold(tmp_path):
    out = tmp_path / "single.json"
    assert run("check", str(SAMPLES / "single_en.txt"), "--json", str(out)).returncode == 0
    figures = shared_score("seeds_single.json", out)
    assert figures["expected_found"] == "2/2" and figures["forbidden_hits"] == 0
    assert figures["precision"] >= 0.8


@pytest.mark.slow
def test_terminal_summary_without_json():
    out = run(
        "check", str(SAMPLES / "pair_en.txt"), str(SAMPLES / "pair_ru.txt"), "--aliases", "none"
    )
    assert out.returncode == 0
    assert "alignment:" in out.stdout and "acronym_unmatched" in out.stdout and "TSO" in out.stdout


def test_two_english_files_are_refused_in_one_line(tmp_path):
    out = run("check", str(SAMPLES / "pair_en.txt"), str(SAMPLES / "single_en.txt"))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert "pair_en.txt and single_en.txt are both in English" in out.stderr


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty"), (b"   \n\t  \n", "no text"), (b"\x00\x01\x02binary\x00" * 50, "binary")],
)
def test_bad_input_names_the_file_and_the_problem(tmp_path, content, problem):
    bad = tmp_path / "report.txt"
    bad.write_bytes(content)
    out = run("check", str(bad))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "report.txt" in out.stderr and problem in out.stderr.lower()


def test_third_language_is_refused(tmp_path):
    german = tmp_path / "bericht.txt"
    german.write_text(
        "Die Justizminister der Mitgliedstaaten trafen sich am Donnerstag in Baku, um über die "
        "Zusammenarbeit im Bereich der Justiz zu beraten und neue Vereinbarungen zu schließen.",
        encoding="utf-8",
    )
    out = run("check", str(german))
    assert out.returncode == 2 and "bericht.txt" in out.stderr and "German" in out.stderr


def test_missing_file(tmp_path):
    out = run("check", str(tmp_path / "nowhere.txt"))
    assert out.returncode == 2 and "nowhere.txt" in out.stderr and "Traceback" not in out.stderr
