"""A class's answers during a presentation: kept where presentations are, counted for the presenter.

Each answer is a student's first to one self-check of one step (a second is refused, never replaces
the first): who (the server's own id of the follower's page, never one the page chose, and the name
the student typed, if any), which check, what was answered and whether it was right, and when. The
presenter's panel reads the tally of a step's checks (`tally`); the CSV download reads them all
(`answers_csv`).

An exit ticket is one written question the presenter asks the class at any step (`ask`), open until
closed (`close`). Each follower's answer to it (`write`) is kept with the other answers, under the
step `ticket:<number>` (no step of a story has a colon in its id), and may be changed while the
question is open: the last one stays, in the place of the first (the presenter's list keeps its
order). It reaches the presenter only (`written_answers`).

The same rules in each back end, as the channel's: this process's memory (`MemoryAnswers`), the data
folder's SQLite file (`SqliteAnswers`, the default: a restart or another replica on the same folder
finds every answer), Redis across machines (`RedisAnswers`, redis_answers.py). Bounds: an answer's text and a name are
cut to ANSWER_MAX and NAME_MAX characters; a presentation holds at most MAX_ANSWERS answers; answers
are deleted LIFETIME_S after they were given (24 hours by default, `QANTAR_ANSWERS_HOURS`), and with
`forget` when the presenter ends the presentation and asks for it.
"""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from story.contract import answered_point
from story.present.channel import ChannelDownError
from story.store.drafts import StoreUnavailableError
from story.store.sqlite import connect

ANSWER_MAX = 500
NAME_MAX = 40
# An exit ticket's question and each answer to it: a few lines, read aloud or typed on a phone.
QUESTION_MAX = 280
WRITTEN_MAX = 280
FIELD_MAX = 100
# Thirty-five students, a hundred checks each, and room to spare.
MAX_ANSWERS = 5_000
LIFETIME_ENV = "QANTAR_ANSWERS_HOURS"
DEFAULT_LIFETIME_S = 24 * 3600.0
BUSY_TIMEOUT_S = 1.0


def lifetime_from_environment() -> float:
    """How long answers are kept: QANTAR_ANSWERS_HOURS (a number of hours, more than 0), else 24 hours."""
    text = os.environ.get(LIFETIME_ENV, "").strip()
    if not text:
        return DEFAULT_LIFETIME_S
    try:
        hours = float(text)
    except ValueError:
        raise ValueError(f"{LIFETIME_ENV}={text!r} is not a number of hours") from None
    if not 0 < hours <= 24 * 365:
        raise ValueError(f"{LIFETIME_ENV}={text!r}: answers are kept for more than 0 hours and at most a year")
    return hours * 3600.0


@dataclass(frozen=True)
class Answer:
    follower: str
    step: str
    check: int
    answer: str
    correct: bool | None  # None: a question with no right answer (a written one)
    at: float
    name: str = ""

    def bounded(self) -> Answer:
        """The answer as it is kept: every text cut to its bound, on one line."""
        return Answer(
            _one_line(self.follower, FIELD_MAX),
            _one_line(self.step, FIELD_MAX),
            int(self.check),
            self.answer.replace("\r\n", "\n")[:ANSWER_MAX],
            self.correct,
            float(self.at),
            _one_line(self.name, NAME_MAX),
        )


def _one_line(text: str, limit: int) -> str:
    return " ".join(str(text).split())[:limit]


def ticket_question(text: str) -> str:
    """An exit ticket's question as it is kept: cut to QUESTION_MAX."""
    return str(text).replace("\r\n", "\n").strip()[:QUESTION_MAX]


def written_answer(answer: Answer, number: int) -> Answer:
    """A written answer as it is kept: under its ticket's step, cut to WRITTEN_MAX, never judged."""
    text = answer.answer.replace("\r\n", "\n").strip()[:WRITTEN_MAX]
    return Answer(answer.follower, ticket_step(number), 0, text, None, answer.at, answer.name).bounded()


class Recorded(Enum):
    KEPT = "kept"
    ALREADY = "already"  # this follower had answered this check: the first answer stays
    FULL = "full"  # the presentation holds MAX_ANSWERS
    CLOSED = "closed"  # a written answer to a question that is not the open one


@dataclass(frozen=True)
class Ticket:
    """The exit ticket: the presenter's written question to the class (the latest asked)."""

    number: int
    question: str
    open: bool

    @property
    def step(self) -> str:
        """The step its answers are kept under."""
        return ticket_step(self.number)


def ticket_step(number: int) -> str:
    return f"ticket:{int(number)}"


def written_answers(answers: Iterable[Answer], ticket: Ticket) -> list[tuple[str, str]]:
    """The answers to an exit ticket for the presenter: (student, text), oldest first, each student named as
    in the CSV file (the name typed, else "Student n" in the order of their first answer)."""
    names: dict[str, str] = {}
    written = []
    for answer in sorted(answers, key=lambda a: a.at):
        student = answer.name or names.setdefault(answer.follower, f"Student {len(names) + 1}")
        if answer.step == ticket.step:
            written.append((student, answer.answer))
    return written


class AnswerBook(Protocol):
    def record(self, code: str, answer: Answer) -> Recorded:
        """Keep a follower's first answer to a check (or say why not)."""
        ...

    def answers(self, code: str, step: str | None = None) -> list[Answer]:
        """The presentation's answers (of one step), oldest first."""
        ...

    def forget(self, code: str) -> None: ...

    def reveal(self, code: str, step: str | None) -> None:
        """Show the answers to this step's checks on every follower's screen (None: hide them)."""
        ...

    def revealed(self, code: str) -> str | None:
        """The step whose answers the presenter shows to the room, if any."""
        ...

    def ask(self, code: str, question: str) -> Ticket:
        """Open a new exit ticket (the one before is closed): its question, cut to QUESTION_MAX."""
        ...

    def close(self, code: str) -> None:
        """Close the exit ticket: its answers stay, no more are taken."""
        ...

    def ticket(self, code: str) -> Ticket | None:
        """The latest exit ticket, open or closed."""
        ...

    def write(self, code: str, number: int, answer: Answer) -> Recorded:
        """A follower's written answer to exit ticket `number`, kept in place of their last if it is the
        open one (cut to WRITTEN_MAX; counted in MAX_ANSWERS)."""
        ...


@dataclass(frozen=True)
class Tally:
    """One check's answers as the presenter sees them."""

    answered: int
    right: int
    spread: dict[str, int]  # each answer given, how many gave it


def points(answers: Iterable[Answer], step: str, check: int) -> list[tuple[float, float]]:
    """Where the class clicked for a find check (lat, lon; rounded when judged), oldest first."""
    found = (answered_point(a.answer) for a in answers if a.step == step and a.check == check)
    return [point for point in found if point is not None]


def tally(answers: Iterable[Answer], step: str, check: int) -> Tally:
    chosen = [a for a in answers if a.step == step and a.check == check]
    return Tally(len(chosen), sum(1 for a in chosen if a.correct), dict(Counter(a.answer for a in chosen)))


def answers_csv(answers: Iterable[Answer], step_titles: dict[str, str]) -> str:
    """The class's answers as a CSV file for a spreadsheet: step, check, student, answer, right, time (UTC).
    A cell that a spreadsheet would read as a formula is written as text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["step", "step title", "check", "student", "answer", "right", "time (UTC)"])
    names: dict[str, str] = {}
    for answer in answers:
        student = answer.name or names.setdefault(answer.follower, f"Student {len(names) + 1}")
        right = "" if answer.correct is None else ("yes" if answer.correct else "no")
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(answer.at))
        row = [answer.step, step_titles.get(answer.step, ""), answer.check + 1, student, answer.answer, right, when]
        writer.writerow([_inert(cell) for cell in row])
    return out.getvalue()


def _inert(cell: object) -> object:
    # A typed "=HYPERLINK(...)" or "+1" stays text in Excel and LibreOffice.
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


class MemoryAnswers:
    """Answers in this process only (tests, and a data folder that cannot be used)."""

    def __init__(self, lifetime_s: float = DEFAULT_LIFETIME_S, clock: Callable[[], float] = time.time) -> None:
        self._lifetime_s, self._clock = lifetime_s, clock
        self._lock = threading.Lock()
        self._kept: dict[str, dict[tuple[str, str, int], Answer]] = {}
        self._shown: dict[str, tuple[str, float]] = {}
        self._tickets: dict[str, tuple[Ticket, float]] = {}

    def record(self, code: str, answer: Answer) -> Recorded:
        answer = answer.bounded()
        with self._lock:
            self._expire()
            book = self._kept.setdefault(code, {})
            key = (answer.follower, answer.step, answer.check)
            if key in book:
                return Recorded.ALREADY
            if len(book) >= MAX_ANSWERS:
                return Recorded.FULL
            book[key] = answer
            return Recorded.KEPT

    def answers(self, code: str, step: str | None = None) -> list[Answer]:
        with self._lock:
            self._expire()
            kept = self._kept.get(code, {}).values()
            return sorted((a for a in kept if step is None or a.step == step), key=lambda a: a.at)

    def forget(self, code: str) -> None:
        with self._lock:
            self._kept.pop(code, None)
            self._shown.pop(code, None)
            self._tickets.pop(code, None)

    def ask(self, code: str, question: str) -> Ticket:
        with self._lock:
            before = self._ticket(code)
            ticket = Ticket((before.number if before else 0) + 1, ticket_question(question), True)
            self._tickets[code] = (ticket, self._clock())
            return ticket

    def close(self, code: str) -> None:
        with self._lock:
            ticket = self._ticket(code)
            if ticket is not None:
                self._tickets[code] = (Ticket(ticket.number, ticket.question, False), self._clock())

    def ticket(self, code: str) -> Ticket | None:
        with self._lock:
            return self._ticket(code)

    def _ticket(self, code: str) -> Ticket | None:
        kept = self._tickets.get(code)
        return kept[0] if kept is not None and kept[1] >= self._clock() - self._lifetime_s else None

    def write(self, code: str, number: int, answer: Answer) -> Recorded:
        a = written_answer(answer, number)
        with self._lock:
            ticket = self._ticket(code)
            if ticket is None or not ticket.open or ticket.number != number:
                return Recorded.CLOSED
            self._expire()
            book = self._kept.setdefault(code, {})
            key = (a.follower, a.step, a.check)
            if key not in book and len(book) >= MAX_ANSWERS:
                return Recorded.FULL
            book[key] = replace(a, at=book[key].at) if key in book else a
            return Recorded.KEPT

    def reveal(self, code: str, step: str | None) -> None:
        with self._lock:
            if step is None:
                self._shown.pop(code, None)
            else:
                self._shown[code] = (_one_line(step, FIELD_MAX), self._clock())

    def revealed(self, code: str) -> str | None:
        with self._lock:
            shown = self._shown.get(code)
            return shown[0] if shown is not None and shown[1] >= self._clock() - self._lifetime_s else None

    def _expire(self) -> None:
        oldest = self._clock() - self._lifetime_s
        for code in list(self._kept):
            book = self._kept[code]
            for key in [key for key, answer in book.items() if answer.at < oldest]:
                del book[key]
            if not book:
                del self._kept[code]


SCHEMA = """
CREATE TABLE IF NOT EXISTS presentation_answers (
    code TEXT NOT NULL,
    follower TEXT NOT NULL,
    step TEXT NOT NULL,
    check_index INTEGER NOT NULL,
    answer TEXT NOT NULL,
    correct INTEGER,
    at REAL NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (code, follower, step, check_index)
);
CREATE INDEX IF NOT EXISTS presentation_answers_by_age ON presentation_answers (at);
CREATE TABLE IF NOT EXISTS presentation_answers_shown (
    code TEXT PRIMARY KEY,
    step TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS presentation_tickets (
    code TEXT PRIMARY KEY,
    number INTEGER NOT NULL,
    question TEXT NOT NULL,
    open INTEGER NOT NULL,
    at REAL NOT NULL
);
"""


class SqliteAnswers:
    """Answers in the SQLite file at `path` (the data folder's `state.sqlite3`), shared by the processes
    that open it: a restart or another replica finds them."""

    def __init__(
        self, path: str | Path, lifetime_s: float = DEFAULT_LIFETIME_S, clock: Callable[[], float] = time.time
    ) -> None:
        self._lifetime_s, self._clock = lifetime_s, clock
        self._lock = threading.Lock()
        try:
            self._db = connect(path, BUSY_TIMEOUT_S, SCHEMA)
        except StoreUnavailableError as error:
            raise ChannelDownError(str(error)) from None

    def record(self, code: str, answer: Answer) -> Recorded:
        a = answer.bounded()
        correct = None if a.correct is None else int(a.correct)
        try:
            with self._lock, self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("DELETE FROM presentation_answers WHERE at < ?", (self._clock() - self._lifetime_s,))
                known = self._db.execute(
                    "SELECT 1 FROM presentation_answers"
                    " WHERE code = ? AND follower = ? AND step = ? AND check_index = ?",
                    (code, a.follower, a.step, a.check),
                ).fetchone()
                if known:
                    return Recorded.ALREADY
                (count,) = self._db.execute(
                    "SELECT count(*) FROM presentation_answers WHERE code = ?", (code,)
                ).fetchone()
                if count >= MAX_ANSWERS:
                    return Recorded.FULL
                self._db.execute(
                    "INSERT INTO presentation_answers VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (code, a.follower, a.step, a.check, a.answer, correct, a.at, a.name),
                )
                return Recorded.KEPT
        except sqlite3.Error as error:
            raise ChannelDownError(str(error)) from None

    def answers(self, code: str, step: str | None = None) -> list[Answer]:
        query = (
            "SELECT follower, step, check_index, answer, correct, at, name FROM presentation_answers"
            " WHERE code = ? AND at >= ?" + (" AND step = ?" if step is not None else "") + " ORDER BY at"
        )
        values: tuple[Any, ...] = (code, self._clock() - self._lifetime_s) + ((step,) if step is not None else ())
        try:
            with self._lock:
                rows = self._db.execute(query, values).fetchall()
        except sqlite3.Error as error:
            raise ChannelDownError(str(error)) from None
        return [Answer(f, s, c, a, None if r is None else bool(r), t, n) for f, s, c, a, r, t, n in rows]

    def forget(self, code: str) -> None:
        try:
            with self._lock, self._db:
                self._db.execute("DELETE FROM presentation_answers WHERE code = ?", (code,))
                self._db.execute("DELETE FROM presentation_answers_shown WHERE code = ?", (code,))
                self._db.execute("DELETE FROM presentation_tickets WHERE code = ?", (code,))
        except sqlite3.Error as error:
            raise ChannelDownError(str(error)) from None

    def reveal(self, code: str, step: str | None) -> None:
        now = self._clock()
        try:
            with self._lock, self._db:
                self._db.execute("DELETE FROM presentation_answers_shown WHERE at < ?", (now - self._lifetime_s,))
                if step is None:
                    self._db.execute("DELETE FROM presentation_answers_shown WHERE code = ?", (code,))
                else:
                    self._db.execute(
                        "INSERT OR REPLACE INTO presentation_answers_shown VALUES (?, ?, ?)",
                        (code, _one_line(step, FIELD_MAX), now),
                    )
        except sqlite3.Error as error:
            raise ChannelDownError(str(error)) from None

    def revealed(self, code: str) -> str | None:
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT step FROM presentation_answers_shown WHERE code = ? AND at >= ?",
                    (code, self._clock() - self._lifetime_s),
                ).fetchone()
        except sqlite3.Error as error:
            raise ChannelDownError(str(error)) from None
        return row[0] if row else None

    def ask(self, code: str, question: str) -> Ticket:
        now = self._clock()
        try:
            with self._lock, self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("DELETE FROM presentation_tickets WHERE at < ?", (now - self._lifetime_s,))
                row = self._db.execute("SELECT number FROM presentation_tickets WHERE code = ?", (code,)).fetchone()
                ticket = Ticket((row[0] if row else 0) + 1, ticket_question(question), True)
                self._db.execute(
                    "INSERT OR REPLACE INTO presentation_tickets VALUES (?, ?, ?, 1, ?)",
                    (code, ticket.number, ticket.question, now),
                )
                return ticket
        except sqlite3.Error as error:
            raise ChannelDownError(str(error)) from None

    def close(self, code: str) -> None:
        try:
            with self._lock, self._db:
                self._db.execute(
                    "UPDATE presentation_tickets SET open = 0, at = ? WHERE code = ?", (self._clock(), code)
                )
        except sqlite3.Error as error:
            raise ChannelDownError(str(error)) from None

    def ticket(self, code: str) -> Ticket | None:
        try:
            with self._lock:
                return self._ticket(code)
        except sqlite3.Error as error:
            raise ChannelDownError(str(error)) from None

    def _ticket(self, code: str) -> Ticket | None:
        row = self._db.execute(
            "SELECT number, question, open FROM presentation_tickets WHERE code = ? AND at >= ?",
            (code, self._clock() - self._lifetime_s),
        ).fetchone()
        return Ticket(row[0], row[1], bool(row[2])) if row else None

    def write(self, code: str, number: int, answer: Answer) -> Recorded:
        a = written_answer(answer, number)
        try:
            with self._lock, self._db:
                self._db.execute("BEGIN IMMEDIATE")
                ticket = self._ticket(code)
                if ticket is None or not ticket.open or ticket.number != number:
                    return Recorded.CLOSED
                known = self._db.execute(
                    "SELECT 1 FROM presentation_answers"
                    " WHERE code = ? AND follower = ? AND step = ? AND check_index = 0",
                    (code, a.follower, a.step),
                ).fetchone()
                (count,) = self._db.execute(
                    "SELECT count(*) FROM presentation_answers WHERE code = ?", (code,)
                ).fetchone()
                if not known and count >= MAX_ANSWERS:
                    return Recorded.FULL
                if known:
                    self._db.execute(
                        "UPDATE presentation_answers SET answer = ?, name = ?"
                        " WHERE code = ? AND follower = ? AND step = ? AND check_index = 0",
                        (a.answer, a.name, code, a.follower, a.step),
                    )
                else:
                    self._db.execute(
                        "INSERT INTO presentation_answers VALUES (?, ?, ?, 0, ?, NULL, ?, ?)",
                        (code, a.follower, a.step, a.answer, a.at, a.name),
                    )
                return Recorded.KEPT
        except sqlite3.Error as error:
            raise ChannelDownError(str(error)) from None
