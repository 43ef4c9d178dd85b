"""The review store keeps every analyst decision, under concurrency and crashes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from aligner.errors import AlignerError
from aligner.report import Document, Report
from aligner.store import (
    Decision,
    ReviewStore,
    StatusError,
    default_store_path,
    pair_key,
)

REPO = Path(__file__).resolve().parent.parent


def _report(en: list[str] | None, ru: list[str] | None) -> Report:
    docs = {}
    if en is not None:
        docs["en"] = Document(source="a_en.txt", language="en", paragraphs=tuple(en))
    if ru is not None:
        docs["ru"] = Document(source="a_ru.txt", language="ru", paragraphs=tuple(ru))
    return Report(embedder="test", documents=docs)


def _write_many(path: str, tag: str, count: int) -> None:
    """Worker for the multi-process test: one transaction per decision."""
    with ReviewStore(path) as store:
        for i in range(count):
            store.record("shared", f"{tag}-{i}", "accepted", f"note {i}", tag)


# -- pair keys and paths --------------------------------------------------------------


def test_pair_key_follows_content_not_file_names() -> None:
    report = _report(["Minister spoke."], ["Министр выступил."])
    renamed = Report(
        embedder="other",
        documents={
            "en": Document(source="x.docx", language="en", paragraphs=("Minister spoke.",)),
            "ru": Document(source="y.pdf", language="ru", paragraphs=("Министр выступил.",)),
        },
    )
    edited = _report(["Minister spoke."], ["Министр не выступил."])
    key = pair_key(report)
    en_hash = report.documents["en"].content_hash
    ru_hash = report.documents["ru"].content_hash
    assert key == f"{en_hash[:16]}:{ru_hash[:16]}"
    assert pair_key(renamed) == key
    assert pair_key(edited) != key


def test_pair_key_of_single_document() -> None:
    single = Report(
        embedder="t",
        documents={"ru": Document(source="d.txt", language="ru", paragraphs=("Текст.",))},
    )
    assert pair_key(single) == single.documents["ru"].content_hash[:16]
    assert ":" not in pair_key(single)


def test_default_path_honours_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ALIGNER_REVIEW_DB", str(tmp_path / "mine.sqlite"))
    assert default_store_path() == tmp_path / "mine.sqlite"
    monkeypatch.delenv("ALIGNER_REVIEW_DB")
    assert default_store_path() == REPO / "data" / "review.sqlite"


# -- decisions ------------------------------------------------------------------------


def test_decisions_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "review.sqlite"
    with ReviewStore(path) as store:
        made = store.record("p1", "f1", "accepted", "spelling is fine", "alice")
        store.record("p1", "f2", "rejected", "", "bob")
        store.record("p2", "f1", "rejected", "other pair", "bob")
    with ReviewStore(path) as store:
        got = store.decisions("p1")
    assert set(got) == {"f1", "f2"}
    assert got["f1"] == made
    assert got["f1"].note == "spelling is fine" and got["f1"].reviewer == "alice"
    assert got["f2"].status == "rejected"
    assert made.decided_at.endswith("Z") and made.decided_at.startswith("20")


def test_history_keeps_every_change_and_latest_wins(tmp_path: Path) -> None:
    with ReviewStore(tmp_path / "r.sqlite") as store:
        store.record("p", "f", "accepted", "first look", "alice")
        store.record("p", "f", "rejected", "the source says Ahmedov", "bob")
        store.record("p", "f", "open", "reopened", "carol")
        store.record("p", "f", "accepted", "", "alice")
        store.record("p", "g", "rejected", "", "bob")
        history = store.history("p", "f")
        latest = store.decisions("p")
        whole = store.history("p")
    assert [(d.status, d.reviewer) for d in history] == [
        ("accepted", "alice"),
        ("rejected", "bob"),
        ("open", "carol"),
        ("accepted", "alice"),
    ]
    assert latest["f"].status == "accepted" and latest["f"].note == ""
    assert latest["g"].status == "rejected"
    assert len(whole) == 5 and whole[-1].fingerprint == "g"


def test_bulk_record_in_one_go(tmp_path: Path) -> None:
    with ReviewStore(tmp_path / "r.sqlite") as store:
        items = [(f"f{i}", "rejected" if i % 3 else "accepted", f"n{i}") for i in range(300)]
        assert store.record_many("p", items, "alice") == 300
        got = store.decisions("p")
    assert len(got) == 300
    assert got["f3"] == Decision("p", "f3", "accepted", "n3", "alice", got["f3"].decided_at)
    assert got["f4"].status == "rejected"


def test_bad_status_is_refused_and_nothing_written(tmp_path: Path) -> None:
    with ReviewStore(tmp_path / "r.sqlite") as store:
        with pytest.raises(StatusError, match="maybe"):
            store.record("p", "f", "maybe")
        with pytest.raises(StatusError):
            store.record_many("p", [("a", "accepted", ""), ("b", "Accepted", "")], "x")
        assert store.history("p") == []


# -- aliases --------------------------------------------------------------------------


def test_aliases_add_remove_and_normalise(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    with ReviewStore(path) as store:
        store.add_alias("  Ahmadov ", "АХМЕДОВ", reviewer="alice", note="agency style")
        store.add_alias("Iskender", "Искандер")
        # Decomposed "й" (и + combining breve), as some PDFs give it, meets the NFC key.
        store.add_alias("Heydar", "Хе\u0438\u0306дар")
        store.add_alias("AHMADOV", "ахмедов", reviewer="bob")  # same key: updated, not doubled
    with ReviewStore(path) as store:
        aliases = store.aliases()
        rows = store.alias_rows()
        assert aliases == {("ahmadov", "ахмедов"), ("iskender", "искандер"), ("heydar", "хейдар")}
        assert [r["reviewer"] for r in rows if r["en"] == "ahmadov"] == ["bob"]
        assert set(rows[0]) == {"en", "ru", "reviewer", "added_at", "note"}
        store.remove_alias("ahmadov ", "Ахмедов")
        assert ("ahmadov", "ахмедов") not in store.aliases()
        assert len(store.aliases()) == 2


# -- concurrency ----------------------------------------------------------------------


def test_two_threads_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    shared = ReviewStore(path)
    errors: list[BaseException] = []

    def shared_writer(tag: str) -> None:
        try:
            for i in range(200):
                shared.record("t", f"{tag}-{i}", "accepted", "", tag)
        except BaseException as exc:  # surfaced below: a thread cannot fail the test
            errors.append(exc)

    def own_writer(tag: str) -> None:
        try:
            with ReviewStore(path) as store:
                for i in range(200):
                    store.record("t", f"{tag}-{i}", "rejected", "", tag)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=shared_writer, args=("a",)),
        threading.Thread(target=shared_writer, args=("b",)),
        threading.Thread(target=own_writer, args=("c",)),
        threading.Thread(target=own_writer, args=("d",)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    got = shared.decisions("t")
    shared.close()
    assert len(got) == 800
    assert all(got[f"{tag}-{i}"].reviewer == tag for tag in "abcd" for i in range(200))


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "r.sqlite")
    ReviewStore(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(path, tag, 200)) for tag in ("x", "y")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=180)
    assert [p.exitcode for p in procs] == [0, 0]
    with ReviewStore(path) as store:
        got = store.decisions("shared")
        assert len(store.history("shared")) == 400
    assert {f"{tag}-{i}" for tag in "xy" for i in range(200)} == set(got)


_BURST = """
import sys
from aligner.store import ReviewStore
store = ReviewStore(sys.argv[1])
batch = int(sys.argv[2])
for i in range(100000):
    if batch == 1:
        store.record("kill", f"f{i}", "accepted", "note " * 20, "child")
    else:
        store.record_many(
            "kill", [(f"f{i}-{j}", "rejected", "") for j in range(batch)], "child"
        )
    sys.stdout.write(f"{i}\\n")
    sys.stdout.flush()
"""


@pytest.mark.parametrize(("batch", "wait_for"), [(1, 30), (1, 77), (25, 40)])
def test_killed_writer_loses_nothing_it_committed(
    tmp_path: Path, batch: int, wait_for: int
) -> None:
    path = tmp_path / "r.sqlite"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", _BURST, str(path), str(batch)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert child.stdout is not None
    seen: list[int] = []
    for line in child.stdout:
        seen.append(int(line))
        if len(seen) >= wait_for:
            break
    # Killed while it keeps writing: the kill lands mid-transaction or mid-fsync.
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    seen.extend(int(line) for line in child.stdout.read().split())
    assert child.returncode == -signal.SIGKILL
    assert len(seen) >= wait_for

    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with ReviewStore(path) as store:
        got = store.decisions("kill")
    if batch == 1:
        expected = {f"f{i}" for i in seen}
    else:
        expected = {f"f{i}-{j}" for i in seen for j in range(batch)}
        # A batch is one transaction: it is there whole or not at all.
        assert len(got) % batch == 0
    assert expected <= set(got)
    # At most the one transaction in flight when the kill came can be extra.
    assert len(got) - len(expected) <= batch


# -- bad files ------------------------------------------------------------------------


def test_non_database_file_is_refused_and_left_intact(tmp_path: Path) -> None:
    path = tmp_path / "review.sqlite"
    content = "заметки аналитика, не база данных\n".encode() * 50
    path.write_bytes(content)
    with pytest.raises(AlignerError) as err:
        ReviewStore(path)
    message = str(err.value)
    assert str(path) in message and "not" in message and "\n" not in message
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.sqlite"]


def test_damaged_database_is_refused_and_left_intact(tmp_path: Path) -> None:
    path = tmp_path / "review.sqlite"
    with ReviewStore(path) as store:
        store.record_many("p", [(f"f{i}", "accepted", "x" * 50) for i in range(500)], "a")
    raw = bytearray(path.read_bytes())
    page = 4096
    assert len(raw) > 3 * page
    # Keep the header page (so it still looks like SQLite) and wreck the rest.
    raw[page:] = b"\xa5" * (len(raw) - page)
    path.write_bytes(bytes(raw))
    with pytest.raises(AlignerError) as err:
        ReviewStore(path)
    assert str(path) in str(err.value) and "damaged" in str(err.value)
    assert "\n" not in str(err.value)
    assert path.read_bytes() == bytes(raw)


def test_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "review.sqlite"
    ReviewStore(path).close()
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(AlignerError, match="newer version"):
        ReviewStore(path)


def test_impossible_location_gives_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(AlignerError) as err:
        ReviewStore(blocker / "review.sqlite")
    assert str(blocker / "review.sqlite") in str(err.value)
    assert blocker.read_text() == "a file where a folder should be"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_read_only_location_gives_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(AlignerError, match="read-only|cannot"):
            ReviewStore(folder / "review.sqlite")
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_unwritable_location_gives_clear_error_even_as_root() -> None:
    # /proc refuses new files whoever asks, so this runs where chmod cannot stop root.
    with pytest.raises(AlignerError) as err:
        ReviewStore("/proc/review.sqlite")
    assert str(err.value).startswith("/proc/review.sqlite: ")
    assert "read-only" in str(err.value) and "ALIGNER_REVIEW_DB" in str(err.value)


def _record_in_child(store: ReviewStore) -> None:
    store.record("fork", "from-child", "accepted", "", "child")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_store_inherited_through_fork_keeps_working(tmp_path: Path) -> None:
    # Batch workers may fork with a store already open: the child must not write
    # through the parent's SQLite connection, and the parent's must stay usable.
    store = ReviewStore(tmp_path / "r.sqlite")
    store.record("fork", "before", "accepted", "", "parent")
    child = multiprocessing.get_context("fork").Process(target=_record_in_child, args=(store,))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0
    store.record("fork", "after", "rejected", "", "parent")
    assert set(store.decisions("fork")) == {"before", "from-child", "after"}
    store.close()
    with sqlite3.connect(tmp_path / "r.sqlite") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def _write_aliases(path: str, tag: str, count: int) -> None:
    with ReviewStore(path) as store:
        for i in range(count):
            store.add_alias(f"{tag}spelling{i}", f"написание{i}", reviewer=tag)


def test_sessions_and_a_batch_write_decisions_and_aliases_at_once(tmp_path: Path) -> None:
    """Two review sessions recording decisions, one adding aliases, while a batch run
    reads the alias table: nothing is lost and nobody waits forever."""
    path = str(tmp_path / "r.sqlite")
    ReviewStore(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(path, tag, 150)) for tag in ("x", "y")]
    procs.append(ctx.Process(target=_write_aliases, args=(path, "z", 150)))
    for p in procs:
        p.start()
    with ReviewStore(path) as batch_side:
        seen = [len(batch_side.aliases()) for _ in range(50)]
    for p in procs:
        p.join(timeout=180)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    assert seen == sorted(seen)  # the alias table only grows under the reader
    with ReviewStore(path) as store:
        assert len(store.decisions("shared")) == 300
        assert len(store.aliases()) == 150
