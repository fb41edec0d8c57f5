"""Drafts in SQLite: one file in the data folder that a restart, a killed process and a second
replica on the same machine all read the same way.

Each store holds one connection, shared by the process's threads under a lock (two processes each
have theirs), in WAL mode (readers never wait for a writer) with a busy timeout (a writer waits for another's commit
instead of failing). A write is one `BEGIN IMMEDIATE` transaction: what `put` answers KEPT is
committed, and the bounds are counted by one writer at a time, whichever replica it is. WAL with
`synchronous=NORMAL` keeps every commit through a killed process (a power cut may lose the last
few, never corrupt the file).

What goes leaves a small tombstone (key, why, when it was last saved), so the editor can tell a
teacher what became of a draft rather than show another story in its place.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from story.store.drafts import (
    DRAFTS,
    NAME_MAX,
    Absence,
    Bounds,
    Missing,
    Outcome,
    PutResult,
    StoredDraft,
    StoreUnavailableError,
    refusal,
)

BUSY_TIMEOUT_S = 10.0
WAL_LIMIT_BYTES = 16 * 1024 * 1024
CLIENT_MAX = 200
# A tombstone is kept this much longer than a draft could live: long enough for a teacher who
# comes back after the draft expired to be told so.
TOMBSTONE_EXTRA_S = 90 * 24 * 60 * 60

SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    client TEXT NOT NULL,
    original BLOB NOT NULL,
    current BLOB NOT NULL,
    name TEXT NOT NULL,
    changed INTEGER NOT NULL,
    base_dir TEXT,
    saved_at REAL NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX IF NOT EXISTS drafts_by_client ON drafts (kind, client, saved_at);
CREATE INDEX IF NOT EXISTS drafts_by_age ON drafts (kind, saved_at);
CREATE TABLE IF NOT EXISTS draft_files (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (kind, key, name)
);
CREATE TABLE IF NOT EXISTS tombstones (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    reason TEXT NOT NULL,
    saved_at REAL NOT NULL,
    gone_at REAL NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE INDEX IF NOT EXISTS tombstones_by_age ON tombstones (kind, gone_at);
"""


def connect(path: str | Path, busy_timeout_s: float, schema: str) -> sqlite3.Connection:
    """A connection to the SQLite file at `path` in WAL mode, with `schema` made if missing.

    One connection for a store's life, shared by the threads under a lock: closing the last
    connection to a WAL file checkpoints it with fsyncs (about 25 ms), too much for each change.
    A file that cannot be used (not a database, a folder that cannot be written) raises
    StoreUnavailableError."""
    if str(path) != ":memory:":
        try:
            Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailableError(str(error)) from error
    try:
        db = sqlite3.connect(path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")  # kept in the file: every later connection uses it
        db.execute("PRAGMA synchronous=NORMAL")
        # A draft with its pictures is one large transaction: the WAL file it grew is cut back after the
        # next checkpoint instead of keeping that size on disk for good.
        db.execute(f"PRAGMA journal_size_limit={WAL_LIMIT_BYTES}")
        db.executescript(schema)
    except sqlite3.DatabaseError as error:
        raise StoreUnavailableError(str(error)) from error
    return db


class SqliteDraftStore:
    """Drafts of one `kind` ("draft", "preview") in the SQLite file at `path` (":memory:" for tests).

    A file that cannot be used (corrupt, unwritable) raises StoreUnavailableError, never sqlite3's own
    errors, from every method but `put`, which answers UNAVAILABLE."""

    def __init__(
        self,
        path: str | Path,
        kind: str = "draft",
        bounds: Bounds = DRAFTS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._path = str(path)
        self._kind = kind
        self._bounds = bounds
        self._clock = clock
        self._lock = threading.Lock()
        self._db = connect(self._path, BUSY_TIMEOUT_S, SCHEMA)

    # --- the interface (story/store/drafts.py) ---------------------------------------------------

    def put(
        self,
        key: str,
        original: bytes,
        current: bytes,
        name: str,
        changed: bool,
        base_dir: Path | None = None,
        files: dict[str, bytes] | None = None,
        *,
        client: str | None = None,
    ) -> PutResult:
        """Keep a draft under `key` for `client`, or say why not; older drafts give way to it (that
        client's own oldest first), never the other way round."""
        files = dict(files or {})
        refused = refusal(self._bounds, key, original, current, files)
        if refused is not None:
            return refused
        size = len(original) + len(current) + sum(len(data) for data in files.values())
        who = (client or "")[:CLIENT_MAX]
        now = self._clock()
        try:
            with self._writing() as db:
                self._expire(db, now)
                self._delete(db, key)
                db.execute(
                    "INSERT INTO drafts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (self._kind, key, who, original, current, name[:NAME_MAX], int(changed),
                     None if base_dir is None else str(base_dir), now, size),
                )  # fmt: skip
                db.executemany(
                    "INSERT INTO draft_files VALUES (?, ?, ?, ?)",
                    [(self._kind, key, file_name, data) for file_name, data in files.items()],
                )
                db.execute("DELETE FROM tombstones WHERE kind = ? AND key = ?", (self._kind, key))
                evicted = self._make_room(db, key, who, now)
        except StoreUnavailableError:  # the disk is full, another writer held the file too long, it is corrupt
            return PutResult(Outcome.UNAVAILABLE)
        return PutResult(Outcome.KEPT, evicted=tuple(evicted))

    def get(self, key: str) -> StoredDraft | None:
        with self._connection() as db:
            db.execute("BEGIN")  # one snapshot for the draft and its files
            try:
                row = db.execute(
                    "SELECT original, current, name, changed, saved_at, base_dir FROM drafts"
                    " WHERE kind = ? AND key = ?",
                    (self._kind, key),
                ).fetchone()
                files = (
                    dict(
                        db.execute(
                            "SELECT name, data FROM draft_files WHERE kind = ? AND key = ?", (self._kind, key)
                        ).fetchall()
                    )
                    if row
                    else {}
                )
            finally:
                db.execute("COMMIT")
        if row is None:
            return None
        original, current, name, changed, saved_at, base_dir = row
        if saved_at < self._clock() - self._bounds.lifetime_s:
            self._sweep()  # so that `why_missing` says it expired
            return None
        return StoredDraft(
            bytes(original), bytes(current), name, bool(changed), saved_at, Path(base_dir) if base_dir else None, files
        )

    def why_missing(self, key: str) -> Absence | None:
        """None while the key has a draft; otherwise why not, and when its draft was last saved."""
        if self.get(key) is not None:
            return None
        with self._connection() as db:
            row = db.execute(
                "SELECT reason, saved_at FROM tombstones WHERE kind = ? AND key = ?", (self._kind, key)
            ).fetchone()
        if row is None:
            return Absence(Missing.NEVER_SEEN)
        return Absence(Missing(row[0]), row[1])

    def drop(self, key: str) -> None:
        with self._writing() as db:
            row = db.execute("SELECT saved_at FROM drafts WHERE kind = ? AND key = ?", (self._kind, key)).fetchone()
            if row is not None:
                self._bury(db, key, row[0], Missing.DROPPED, self._clock())

    def __len__(self) -> int:
        with self._connection() as db:
            return db.execute("SELECT count(*) FROM drafts WHERE kind = ?", (self._kind,)).fetchone()[0]

    # --- inside a write ----------------------------------------------------------------------

    def _make_room(self, db: sqlite3.Connection, key: str, client: str, now: float) -> list[str]:
        bounds, evicted = self._bounds, []
        # First this client's own drafts, oldest first: one address filling its share pushes out
        # only its own.
        while True:
            count, size = db.execute(
                "SELECT count(*), coalesce(sum(size), 0) FROM drafts WHERE kind = ? AND client = ?",
                (self._kind, client),
            ).fetchone()
            if count <= bounds.client_drafts and size <= bounds.client_bytes:
                break
            oldest = db.execute(
                "SELECT key, saved_at FROM drafts WHERE kind = ? AND client = ? AND key != ?"
                " ORDER BY saved_at, rowid LIMIT 1",
                (self._kind, client, key),
            ).fetchone()
            if oldest is None:
                break
            self._bury(db, oldest[0], oldest[1], Missing.EVICTED, now)
            evicted.append(oldest[0])
        # Then the whole store: the drafts left alone longest, whoever's they are; a teacher still
        # editing has the newest.
        while True:
            count, size = db.execute(
                "SELECT count(*), coalesce(sum(size), 0) FROM drafts WHERE kind = ?", (self._kind,)
            ).fetchone()
            if count <= bounds.total_drafts and size <= bounds.total_bytes:
                break
            oldest = db.execute(
                "SELECT key, saved_at FROM drafts WHERE kind = ? AND key != ? ORDER BY saved_at, rowid LIMIT 1",
                (self._kind, key),
            ).fetchone()
            if oldest is None:
                break
            self._bury(db, oldest[0], oldest[1], Missing.EVICTED, now)
            evicted.append(oldest[0])
        return evicted

    def _expire(self, db: sqlite3.Connection, now: float) -> None:
        for key, saved_at in db.execute(
            "SELECT key, saved_at FROM drafts WHERE kind = ? AND saved_at < ?",
            (self._kind, now - self._bounds.lifetime_s),
        ).fetchall():
            self._bury(db, key, saved_at, Missing.EXPIRED, now)
        db.execute(
            "DELETE FROM tombstones WHERE kind = ? AND gone_at < ?",
            (self._kind, now - self._bounds.lifetime_s - TOMBSTONE_EXTRA_S),
        )
        db.execute(
            "DELETE FROM tombstones WHERE kind = ?1 AND rowid IN ("
            "  SELECT rowid FROM tombstones WHERE kind = ?1 ORDER BY gone_at DESC LIMIT -1 OFFSET ?2)",
            (self._kind, self._bounds.tombstones),
        )

    def _bury(self, db: sqlite3.Connection, key: str, saved_at: float, reason: Missing, now: float) -> None:
        self._delete(db, key)
        db.execute(
            "INSERT OR REPLACE INTO tombstones VALUES (?, ?, ?, ?, ?)", (self._kind, key, reason.value, saved_at, now)
        )

    def _delete(self, db: sqlite3.Connection, key: str) -> None:
        db.execute("DELETE FROM drafts WHERE kind = ? AND key = ?", (self._kind, key))
        db.execute("DELETE FROM draft_files WHERE kind = ? AND key = ?", (self._kind, key))

    def _sweep(self) -> None:
        with contextlib.suppress(StoreUnavailableError), self._writing() as db:
            self._expire(db, self._clock())

    # --- connections -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._db
            except sqlite3.ProgrammingError:
                raise  # a mistake of ours, not the file's
            except sqlite3.DatabaseError as error:
                raise StoreUnavailableError(str(error)) from error

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
