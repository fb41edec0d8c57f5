"""Presentations in the data folder's SQLite file (`state.sqlite3`, beside the drafts): the default.

A restart, a killed process and a second replica on the same folder find every presentation as it
was: its followers rejoin the same code and its presenter's page takes it up again. The rules are
MemoryChannel's (story/present/channel.py): the lifetime, MAX_PRESENTATIONS with MAX_PER_CLIENT,
presentations nobody follows giving way first, MAX_FOLLOWERS counted, ended codes remembered for
TOMBSTONE_S (at most MAX_TOMBSTONES). Each write is one `BEGIN IMMEDIATE` transaction, so the bounds
are counted by one writer at a time whichever process it is.

A follower's `wait` asks the file again every WAIT_STEP_S (one small read, shared by the followers of
the same code in this process within READ_FRESH_S), and wakes at once when the presenter moves in this
process. A follower's `seen` is written at most every SEEN_WRITE_S per
follower: a page asks twice a second, and a count within a couple of seconds is all the panel shows.
The busy timeout is short: a file held too long by another writer is `ChannelDownError`, which the
app already tells the room as a link that is down, rather than a follower's page held waiting.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from story.present.channel import (
    FOLLOWED_S,
    FOLLOWER_SEEN_S,
    LIFETIME_S,
    MAX_FOLLOWERS,
    MAX_PER_CLIENT,
    MAX_PRESENTATIONS,
    MAX_TOMBSTONES,
    TOMBSTONE_S,
    ChannelDownError,
    Position,
    Presented,
)
from story.present.codes import new_code, new_token, token_hash
from story.store.drafts import StoreUnavailableError
from story.store.sqlite import connect

BUSY_TIMEOUT_S = 1.0
WAIT_STEP_S = 0.05
SEEN_WRITE_S = 2.0
# A read this recent is used again: thirty followers of one class asking every 50 ms cost one read, and
# a move in this process is seen at once (it forgets the read); another process's within this much more.
READ_FRESH_S = 0.02
MAX_RECENT = 10_000
CLIENT_MAX = 200

SCHEMA = """
CREATE TABLE IF NOT EXISTS presentations (
    code TEXT PRIMARY KEY,
    token TEXT NOT NULL,
    story TEXT NOT NULL,
    step TEXT NOT NULL,
    language TEXT NOT NULL,
    seq INTEGER NOT NULL,
    changed REAL NOT NULL,
    client TEXT NOT NULL,
    last_followed REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS presentations_by_client ON presentations (client);
CREATE INDEX IF NOT EXISTS presentations_by_change ON presentations (changed);
CREATE TABLE IF NOT EXISTS presentation_followers (
    code TEXT NOT NULL,
    follower TEXT NOT NULL,
    seen REAL NOT NULL,
    PRIMARY KEY (code, follower)
);
CREATE TABLE IF NOT EXISTS presentation_tombstones (
    code TEXT PRIMARY KEY,
    gone_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS presentation_tombstones_by_age ON presentation_tombstones (gone_at);
CREATE TABLE IF NOT EXISTS presentation_pace (
    code TEXT PRIMARY KEY,
    paced INTEGER NOT NULL,
    gathered INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS presentation_roster (
    code TEXT NOT NULL,
    follower TEXT NOT NULL,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    step TEXT NOT NULL,
    furthest TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (code, follower)
);
"""

# The pace is a table of its own: a data folder's file from before it needs no change of its tables.
_SELECT = (
    "SELECT code, story, step, language, seq, changed, coalesce(paced, 0), coalesce(gathered, 0), token"
    " FROM presentations LEFT JOIN presentation_pace USING (code) WHERE code = ?"
)
_conditions: dict[str, threading.Condition] = {}
_conditions_lock = threading.Lock()


def _presented(row: tuple) -> Presented:
    code, story, step, language, seq, changed, paced, gathered = row[:8]
    return Presented(code, story, step, language, seq, changed, bool(paced), gathered)


def _condition(path: str) -> threading.Condition:
    """The condition every channel of this process on the file at `path` shares (one per `:memory:`)."""
    if path == ":memory:":
        return threading.Condition()
    with _conditions_lock:
        return _conditions.setdefault(str(Path(path).resolve()), threading.Condition())


class SqliteChannel:
    """Presentations in the SQLite file at `path` (":memory:" for one process), shared by the processes
    that open the same file."""

    def __init__(
        self,
        path: str | Path,
        clock: Callable[[], float] = time.time,
        capacity: int = MAX_PRESENTATIONS,
        per_client: int = MAX_PER_CLIENT,
    ) -> None:
        self._clock = clock
        self._capacity = capacity
        self._per_client = per_client
        self._lock = threading.Lock()
        # Woken when this process moves or ends a presentation: its own followers need not wait a step,
        # whichever channel object of the process (the pages', the server's own routes) they wait on.
        self._changed = _condition(str(path))
        # code -> (when it was read, the row): the followers of one code in this process share a read
        self._recent: dict[str, tuple[float, tuple | None]] = {}
        # (code, follower) -> when its `seen` was last written, to write it at most every SEEN_WRITE_S
        self._seen_written: dict[tuple[str, str], float] = {}
        try:
            self._db = connect(path, BUSY_TIMEOUT_S, SCHEMA)
        except StoreUnavailableError as error:
            raise ChannelDownError(str(error)) from None

    def __len__(self) -> int:
        with self._connection() as db:
            return db.execute("SELECT count(*) FROM presentations").fetchone()[0]

    # --- the Channel protocol (story/present/channel.py) -------------------------------------

    def start(self, story: str, step: str, language: str, client: str = "") -> tuple[str, str]:
        token = new_token()
        client = client[:CLIENT_MAX]
        with self._writing() as db:
            now = self._clock()
            for (code,) in db.execute(
                "SELECT code FROM presentations WHERE changed < ?", (now - LIFETIME_S,)
            ).fetchall():
                self._remove(db, code, now)
            # A start that names no client (a test, a tool) is bounded by the capacity alone.
            while client and self._count(db, client) >= self._per_client:
                self._give_way(db, now, client)
            while self._count(db) >= self._capacity:
                self._give_way(db, now)
            code = new_code()
            # A code is not given again while it is remembered as ended: its old class would join.
            while db.execute(
                "SELECT 1 FROM presentations WHERE code = ?1 UNION ALL SELECT 1 FROM presentation_tombstones"
                " WHERE code = ?1",
                (code,),
            ).fetchone():
                code = new_code()
            db.execute(
                "INSERT INTO presentations VALUES (?, ?, ?, ?, ?, 1, ?, ?, 0)",
                (code, token_hash(token), story, step, language, now, client),
            )
            self._trim_tombstones(db, now)
        return code, token

    def resume(self, code: str, token: str) -> Presented | None:
        found = self._read(code)
        return found[0] if found is not None and found[1] == token_hash(token) else None

    def move(self, code: str, token: str, step: str, language: str, revive: str | None = None) -> bool:
        with self._writing() as db:
            now = self._clock()
            found = self._live(db, code, now)
            if found is None and revive is not None:
                db.execute(
                    "INSERT INTO presentations VALUES (?, ?, ?, ?, ?, 0, ?, '', 0)",
                    (code, token_hash(token), revive, step, language, now),
                )
                db.execute("DELETE FROM presentation_tombstones WHERE code = ?", (code,))
                found = (Presented(code, revive, step, language, 0, now), token_hash(token))
            if found is None or found[1] != token_hash(token):
                return False
            db.execute(
                "UPDATE presentations SET step = ?, language = ?, seq = seq + 1, changed = ? WHERE code = ?",
                (step, language, now, code),
            )
        self._recent.pop(code, None)
        self._notify()
        return True

    def end(self, code: str, token: str) -> bool:
        with self._writing() as db:
            now = self._clock()
            found = self._live(db, code, now)
            if found is None or found[1] != token_hash(token):
                return False
            self._remove(db, code, now)
        self._notify()
        return True

    def current(self, code: str) -> Presented | None:
        found = self._read(code)
        return found[0] if found is not None else None

    def ended(self, code: str) -> bool:
        if self._read(code) is not None:
            return False
        with self._connection() as db:
            row = db.execute("SELECT gone_at FROM presentation_tombstones WHERE code = ?", (code,)).fetchone()
        return row is not None and self._clock() - row[0] <= TOMBSTONE_S

    def wait(self, code: str, seq: int | None, timeout_s: float) -> Presented | None:
        deadline = time.monotonic() + timeout_s
        while True:
            presented = self.current(code)
            left = deadline - time.monotonic()
            if presented is None or presented.seq != seq or left <= 0:
                return presented
            with self._changed:
                self._changed.wait(min(WAIT_STEP_S, left))

    def seen(self, code: str, follower: str) -> None:
        now = self._clock()
        mark = (code, follower)
        last = self._seen_written.get(mark)
        if last is not None and 0 <= now - last < SEEN_WRITE_S:
            return
        with self._writing() as db:
            if self._live(db, code, now) is None:
                return
            db.execute("INSERT OR REPLACE INTO presentation_followers VALUES (?, ?, ?)", (code, follower, now))
            db.execute("UPDATE presentations SET last_followed = ? WHERE code = ?", (now, code))
            if db.execute("SELECT count(*) FROM presentation_followers WHERE code = ?", (code,)).fetchone()[0] > (
                MAX_FOLLOWERS
            ):
                db.execute(
                    "DELETE FROM presentation_followers WHERE code = ? AND seen < ?", (code, now - FOLLOWER_SEEN_S)
                )
                db.execute(
                    "DELETE FROM presentation_followers WHERE code = ?1 AND rowid IN (SELECT rowid FROM"
                    " presentation_followers WHERE code = ?1 ORDER BY seen DESC LIMIT -1 OFFSET ?2)",
                    (code, MAX_FOLLOWERS),
                )
        if len(self._seen_written) > 10 * MAX_FOLLOWERS:  # forget followers quiet for longer than they count
            self._seen_written = {key: when for key, when in self._seen_written.items() if now - when < FOLLOWER_SEEN_S}
        self._seen_written[mark] = now

    def followers(self, code: str) -> int:
        with self._connection() as db:
            return db.execute(
                "SELECT count(*) FROM presentation_followers WHERE code = ? AND seen >= ?",
                (code, self._clock() - FOLLOWER_SEEN_S),
            ).fetchone()[0]

    def pace(self, code: str, token: str, paced: bool, gather: str | None = None) -> bool:
        with self._writing() as db:
            now = self._clock()
            found = self._live(db, code, now)
            if found is None or found[1] != token_hash(token):
                return False
            presented = found[0]
            seq = presented.seq + 1
            db.execute(
                "UPDATE presentations SET step = ?, seq = ?, changed = ? WHERE code = ?",
                (presented.step if gather is None else gather, seq, now, code),
            )
            db.execute(
                "INSERT OR REPLACE INTO presentation_pace VALUES (?, ?, ?)",
                (code, int(paced), presented.gathered if gather is None else seq),
            )
        self._recent.pop(code, None)
        self._notify()
        return True

    def report(self, code: str, follower: str, name: str, step: str, furthest: str) -> None:
        with self._writing() as db:
            now = self._clock()
            if self._live(db, code, now) is None:
                return
            known = db.execute(
                "SELECT number FROM presentation_roster WHERE code = ? AND follower = ?", (code, follower)
            ).fetchone()
            if known is None:
                reported = db.execute(
                    "SELECT count(*), coalesce(max(number), 0) FROM presentation_roster WHERE code = ?", (code,)
                ).fetchone()
                if reported[0] >= MAX_FOLLOWERS:
                    db.execute(
                        "DELETE FROM presentation_roster WHERE rowid = (SELECT rowid FROM presentation_roster"
                        " WHERE code = ? ORDER BY at LIMIT 1)",
                        (code,),
                    )
                known = (reported[1] + 1,)
            db.execute(
                "INSERT OR REPLACE INTO presentation_roster VALUES (?, ?, ?, ?, ?, ?, ?)",
                (code, follower, known[0], name, step, furthest, now),
            )

    def roster(self, code: str) -> list[Position]:
        with self._connection() as db:
            rows = db.execute(
                "SELECT follower, number, name, step, furthest, at FROM presentation_roster WHERE code = ?"
                " ORDER BY number",
                (code,),
            ).fetchall()
        return [Position(*row) for row in rows]

    # --- inside a write ----------------------------------------------------------------------

    def _read(self, code: str) -> tuple[Presented, str] | None:
        """The presentation and its token's hash, if live; one that outlived LIFETIME_S is ended here."""
        asked = time.monotonic()
        recent = self._recent.get(code)
        if recent is not None and asked - recent[0] < READ_FRESH_S:
            row = recent[1]
        else:
            with self._connection() as db:
                row = db.execute(_SELECT, (code,)).fetchone()
            if len(self._recent) > MAX_RECENT:
                self._recent = {}
            self._recent[code] = (asked, row)
        if row is None:
            return None
        if self._clock() - row[5] <= LIFETIME_S:
            return _presented(row), row[8]
        with self._writing() as db:
            self._live(db, code, self._clock())
        return None

    def _live(self, db: sqlite3.Connection, code: str, now: float) -> tuple[Presented, str] | None:
        row = db.execute(_SELECT, (code,)).fetchone()
        if row is None:
            return None
        if now - row[5] > LIFETIME_S:
            self._remove(db, code, now)
            return None
        return _presented(row), row[8]

    @staticmethod
    def _count(db: sqlite3.Connection, client: str | None = None) -> int:
        if client is None:
            return db.execute("SELECT count(*) FROM presentations").fetchone()[0]
        return db.execute("SELECT count(*) FROM presentations WHERE client = ?", (client,)).fetchone()[0]

    def _remove(self, db: sqlite3.Connection, code: str, now: float) -> None:
        self._recent.pop(code, None)
        db.execute("DELETE FROM presentations WHERE code = ?", (code,))
        db.execute("DELETE FROM presentation_followers WHERE code = ?", (code,))
        db.execute("DELETE FROM presentation_pace WHERE code = ?", (code,))
        db.execute("DELETE FROM presentation_roster WHERE code = ?", (code,))
        db.execute("INSERT OR REPLACE INTO presentation_tombstones VALUES (?, ?)", (code, now))

    def _give_way(self, db: sqlite3.Connection, now: float, client: str | None = None) -> None:
        """End one presentation (of `client`, or of all) to make room: one nobody follows, from the client
        that started the most, left alone longest."""
        row = db.execute(
            "SELECT p.code FROM presentations p LEFT JOIN ("
            "  SELECT client, count(*) AS started FROM presentations WHERE client != '' GROUP BY client"
            ") c ON c.client = p.client"
            " WHERE ?1 IS NULL OR p.client = ?1"
            " ORDER BY ?2 - p.last_followed <= ?3, -coalesce(c.started, 0), p.changed, p.rowid LIMIT 1",
            (client, now, FOLLOWED_S),
        ).fetchone()
        self._remove(db, row[0], now)

    @staticmethod
    def _trim_tombstones(db: sqlite3.Connection, now: float) -> None:
        db.execute("DELETE FROM presentation_tombstones WHERE gone_at < ?", (now - TOMBSTONE_S,))
        db.execute(
            "DELETE FROM presentation_tombstones WHERE rowid IN (SELECT rowid FROM presentation_tombstones"
            " ORDER BY gone_at DESC LIMIT -1 OFFSET ?)",
            (MAX_TOMBSTONES,),
        )

    def _notify(self) -> None:
        with self._changed:
            self._changed.notify_all()

    # --- connections -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self._db
            except sqlite3.ProgrammingError:
                raise  # a mistake of ours, not the file's
            except sqlite3.DatabaseError as error:
                raise ChannelDownError(str(error)) from None

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
