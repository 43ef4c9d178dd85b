"""The review store: analysts' decisions on findings and the alias table, in SQLite.

One file shared by the web app (sessions run in threads), the command line and batch
workers (separate processes), so every write is one short ``BEGIN IMMEDIATE``
transaction in WAL mode with a busy timeout, and decisions are appended, never
updated: the history of who decided what is part of the record.

``synchronous=FULL``: a decision is an analyst's work and writes come at human pace,
so the extra fsync per commit costs nothing noticeable and a committed decision
survives a power cut as well as a crash (NORMAL in WAL mode only survives crashes).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from aligner.errors import AlignerError
from aligner.report import Report

log = logging.getLogger(__name__)

STATUSES = ("accepted", "rejected", "open")

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000
_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pair_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'open')),
    note TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS decisions_by_pair ON decisions (pair_key, fingerprint, id);
CREATE TABLE IF NOT EXISTS aliases (
    en TEXT NOT NULL,
    ru TEXT NOT NULL,
    reviewer TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (en, ru)
);
"""


class StoreError(AlignerError):
    """The review store file cannot be used; the message names the file and why."""


class StatusError(AlignerError, ValueError):
    """A decision status that is not one of ``STATUSES``."""


@dataclass(frozen=True)
class Decision:
    """One analyst decision on one finding of one checked pair."""

    pair_key: str
    fingerprint: str
    status: str  # "accepted" | "rejected" | "open"
    note: str
    reviewer: str
    decided_at: str  # ISO 8601 UTC


def default_store_path() -> Path:
    """``$ALIGNER_REVIEW_DB`` if set, else ``data/review.sqlite`` in the repository."""
    env = os.environ.get("ALIGNER_REVIEW_DB", "").strip()
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parent.parent / "data" / "review.sqlite"


def pair_key(report: Report) -> str:
    """Key of a checked pair (or single document) from its documents' content.

    Content hashes, not file names, so that a renamed copy of the same texts finds its
    decisions and an edited text does not inherit decisions made on another version.
    """
    docs = report.documents
    if report.is_pair:
        return f"{docs['en'].content_hash[:16]}:{docs['ru'].content_hash[:16]}"
    if len(docs) == 1:
        (doc,) = docs.values()
        return doc.content_hash[:16]
    raise ValueError(f"a report needs one document or an en/ru pair, not {sorted(docs)}")


def normalize_key(text: str) -> str:
    """Alias key form: case-folded, stripped, NFC (as ``Finding.en_key``/``ru_key``)."""
    return unicodedata.normalize("NFC", text.strip().casefold())


def validate_status(status: str) -> str:
    if status not in STATUSES:
        raise StatusError(f"unknown decision status {status!r}; use one of {', '.join(STATUSES)}")
    return status


def utc_now() -> str:
    """Current time as ISO 8601 UTC with a ``Z``, millisecond precision."""
    stamp = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


class ReviewStore:
    """Decisions and aliases in one SQLite file; safe to share between threads.

    One connection guarded by a lock serves all threads of a process (the store's
    writes are tiny, so serialising them costs nothing); other processes coordinate
    through SQLite's own locking. A store used after ``fork`` opens its own connection
    in the child rather than reuse the parent's.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid = -1
        # Connections inherited through fork must not be used or closed by the child;
        # they are kept here so that garbage collection does not close them either.
        self._inherited: list[sqlite3.Connection] = []
        with self._lock:
            self._connection()

    # -- connection --------------------------------------------------------------

    def _fail(self, problem: str) -> StoreError:
        # One line whatever SQLite says: integrity reports span several lines.
        return StoreError(f"{self.path}: {' '.join(problem.split())}")

    def _connection(self) -> sqlite3.Connection:
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        if self._conn is not None:
            self._inherited.append(self._conn)
        self._conn = self._open()
        self._pid = os.getpid()
        return self._conn

    def _open(self) -> sqlite3.Connection:
        self._check_file()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._fail(
                f"cannot create the folder for the review store ({_reason(exc)})"
            ) from None
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # transactions are explicit: BEGIN IMMEDIATE
                check_same_thread=False,  # shared under self._lock
            )
        except sqlite3.Error as exc:
            raise self._explain(exc) from None
        try:
            self._prepare(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise self._explain(exc) from None
        except BaseException:
            conn.close()
            raise
        return conn

    def _check_file(self) -> None:
        """Refuse a file that is not SQLite before SQLite touches it (it may be data)."""
        if self.path.is_dir():
            raise self._fail("is a folder, not a review store file")
        try:
            with self.path.open("rb") as fh:
                head = fh.read(len(_SQLITE_MAGIC))
        except FileNotFoundError:
            return
        except OSError as exc:
            raise self._fail(f"cannot read the review store ({_reason(exc)})") from None
        if head and head != _SQLITE_MAGIC:
            raise self._fail(
                "is not a review database (not an SQLite file); it was left untouched — "
                "move it away or set ALIGNER_REVIEW_DB to another path"
            )

    def _prepare(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise self._fail(
                f"was written by a newer version of aligner (schema {version}, "
                f"this version reads up to {SCHEMA_VERSION})"
            )
        if version:
            # An existing store: a cheap structural check so that corruption is reported
            # at open, naming the file, not as an odd failure in the middle of a review.
            problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise self._fail(f"the review database is damaged ({problems[0]})")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            log.warning("%s: journal mode is %s, not WAL", self.path, mode)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        if version < SCHEMA_VERSION:
            # IF NOT EXISTS throughout: another process may create the schema at the
            # same moment, and whichever commits second must be a no-op.
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _explain(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc)
        lowered = text.lower()
        if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
            return self._fail(
                f"the review database is damaged or not a database ({text}); it was left untouched"
            )
        if "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
            return self._fail(
                f"cannot write the review store ({text}); the location may be read-only — "
                "set ALIGNER_REVIEW_DB to a writable path"
            )
        if "locked" in lowered or "busy" in lowered:
            return self._fail(f"the review store stayed locked by another process ({text})")
        return self._fail(f"review store error ({text})")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._connection()
            except sqlite3.DatabaseError as exc:
                raise self._explain(exc) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short immediate transaction: the write lock is taken up front, so two
        writers wait on the busy timeout instead of failing on a lock upgrade."""
        with self._lock:
            try:
                conn = self._connection()
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                raise self._explain(exc) from None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- decisions ---------------------------------------------------------------

    def record(
        self, pair_key: str, fingerprint: str, status: str, note: str = "", reviewer: str = ""
    ) -> Decision:
        """Append a decision; earlier ones stay in the history."""
        decision = Decision(
            pair_key, fingerprint, validate_status(status), note or "", reviewer or "", utc_now()
        )
        with self._write() as conn:
            _insert(conn, [decision])
        return decision

    def record_many(
        self, pair_key: str, items: Iterable[tuple[str, str, str]], reviewer: str = ""
    ) -> int:
        """Append many ``(fingerprint, status, note)`` decisions in one transaction."""
        stamp = utc_now()
        decisions = [
            Decision(pair_key, fp, validate_status(status), note or "", reviewer or "", stamp)
            for fp, status, note in items
        ]
        if decisions:
            with self._write() as conn:
                _insert(conn, decisions)
        return len(decisions)

    def decisions(self, pair_key: str) -> dict[str, Decision]:
        """The latest decision per finding fingerprint of one pair."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT pair_key, fingerprint, status, note, reviewer, decided_at "
                "FROM decisions WHERE id IN ("
                "  SELECT MAX(id) FROM decisions WHERE pair_key = ? GROUP BY fingerprint)",
                (pair_key,),
            ).fetchall()
        return {row[1]: Decision(*row) for row in rows}

    def history(self, pair_key: str, fingerprint: str | None = None) -> list[Decision]:
        """Every decision of one pair (or one finding), oldest first."""
        sql = (
            "SELECT pair_key, fingerprint, status, note, reviewer, decided_at "
            "FROM decisions WHERE pair_key = ?"
        )
        args: tuple[str, ...] = (pair_key,)
        if fingerprint is not None:
            sql += " AND fingerprint = ?"
            args += (fingerprint,)
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY id", args).fetchall()
        return [Decision(*row) for row in rows]

    # -- aliases -----------------------------------------------------------------

    def add_alias(self, en: str, ru: str, reviewer: str = "", note: str = "") -> None:
        """Record that the English spelling ``en`` is fine for the Russian ``ru``."""
        en_key, ru_key = normalize_key(en), normalize_key(ru)
        if not en_key or not ru_key:
            raise ValueError("an alias needs both an English and a Russian spelling")
        with self._write() as conn:
            conn.execute(
                "INSERT INTO aliases (en, ru, reviewer, added_at, note) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (en, ru) DO UPDATE SET reviewer = excluded.reviewer, "
                "added_at = excluded.added_at, note = excluded.note",
                (en_key, ru_key, reviewer or "", utc_now(), note or ""),
            )

    def remove_alias(self, en: str, ru: str) -> None:
        with self._write() as conn:
            conn.execute(
                "DELETE FROM aliases WHERE en = ? AND ru = ?",
                (normalize_key(en), normalize_key(ru)),
            )

    def aliases(self) -> set[tuple[str, str]]:
        with self._read() as conn:
            return {(en, ru) for en, ru in conn.execute("SELECT en, ru FROM aliases")}

    def alias_rows(self) -> list[dict[str, str]]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT en, ru, reviewer, added_at, note FROM aliases ORDER BY en, ru"
            ).fetchall()
        keys = ("en", "ru", "reviewer", "added_at", "note")
        return [dict(zip(keys, row, strict=True)) for row in rows]


def _insert(conn: sqlite3.Connection, decisions: list[Decision]) -> None:
    conn.executemany(
        "INSERT INTO decisions (pair_key, fingerprint, status, note, reviewer, decided_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (d.pair_key, d.fingerprint, d.status, d.note, d.reviewer, d.decided_at)
            for d in decisions
        ],
    )


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
