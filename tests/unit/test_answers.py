"""Issue 32: a class's answers kept where presentations are, first answer only, bounded, counted.

Each back end (this process, the data folder's SQLite file, Redis) keeps the same rules; the SQLite
file and Redis keep answers across a restart (another object on the same file or server).
"""

from __future__ import annotations

import csv
import io

import pytest

from story.present import answers as book
from story.present.answers import (
    Answer,
    MemoryAnswers,
    Recorded,
    SqliteAnswers,
    answers_csv,
    lifetime_from_environment,
    tally,
    written_answers,
)
from story.present.redis_answers import RedisAnswers
from tests.support.clock import Clock
from tests.support.redis import RedisServer


@pytest.fixture(params=["memory", "sqlite", "redis"])
def answers_and_clock(request, tmp_path):
    clock = Clock()
    if request.param == "memory":
        yield MemoryAnswers(3600, clock), clock, None
        return
    if request.param == "sqlite":
        path = tmp_path / "state.sqlite3"
        yield SqliteAnswers(path, 3600, clock), clock, lambda: SqliteAnswers(path, 3600, clock)
        return
    with RedisServer() as redis:
        yield RedisAnswers(redis.url, 3600), clock, lambda: RedisAnswers(redis.url, 3600)


def given(clock: Clock, follower: str, answer: str, correct: bool | None, step: str = "almaty", check: int = 0):
    return Answer(follower, step, check, answer, correct, clock(), "")


def test_the_first_answer_of_a_follower_to_a_check_is_kept_and_a_second_refused(answers_and_clock):
    answers, clock, _ = answers_and_clock
    assert answers.record("ABC234", given(clock, "s1", "1", False)) is Recorded.KEPT
    assert answers.record("ABC234", given(clock, "s1", "2", True)) is Recorded.ALREADY
    assert answers.record("ABC234", given(clock, "s1", "2", True, check=1)) is Recorded.KEPT
    assert answers.record("ABC234", given(clock, "s2", "2", True)) is Recorded.KEPT
    assert answers.record("XYZ789", given(clock, "s1", "0", False)) is Recorded.KEPT
    kept = answers.answers("ABC234", "almaty")
    assert [(a.follower, a.check, a.answer, a.correct) for a in kept] == [
        ("s1", 0, "1", False),
        ("s1", 1, "2", True),
        ("s2", 0, "2", True),
    ]
    assert tally(kept, "almaty", 0) == book.Tally(answered=2, right=1, spread={"1": 1, "2": 1})
    assert answers.answers("ABC234", "other") == []


def test_answers_outlive_the_process_in_the_sqlite_file_and_redis(answers_and_clock):
    answers, clock, reopen = answers_and_clock
    answers.record("ABC234", given(clock, "s1", "1", True))
    if reopen is None:  # this process's memory: nothing to reopen
        return
    again = reopen()
    assert [a.answer for a in again.answers("ABC234")] == ["1"]
    assert again.record("ABC234", given(clock, "s1", "0", False)) is Recorded.ALREADY


def test_a_long_answer_and_name_are_cut_to_their_bounds(answers_and_clock):
    answers, clock, _ = answers_and_clock
    long = Answer("s1", "almaty", 0, "x" * 1_000_000, None, clock(), "Aigerim\n" * 100)
    assert answers.record("ABC234", long) is Recorded.KEPT
    (kept,) = answers.answers("ABC234")
    assert len(kept.answer) == book.ANSWER_MAX and len(kept.name) <= book.NAME_MAX and "\n" not in kept.name


def test_a_presentation_holds_at_most_max_answers(answers_and_clock, monkeypatch):
    answers, clock, _ = answers_and_clock
    monkeypatch.setattr(book, "MAX_ANSWERS", 3)
    for n in range(3):
        assert answers.record("ABC234", given(clock, f"s{n}", "1", True)) is Recorded.KEPT
    assert answers.record("ABC234", given(clock, "s9", "1", True)) is Recorded.FULL
    assert answers.record("XYZ789", given(clock, "s9", "1", True)) is Recorded.KEPT
    assert len(answers.answers("ABC234")) == 3


def test_answers_are_gone_after_their_lifetime_or_when_forgotten(answers_and_clock, request):
    answers, clock, _ = answers_and_clock
    answers.record("ABC234", given(clock, "s1", "1", True))
    answers.record("XYZ789", given(clock, "s1", "1", True))
    answers.forget("XYZ789")
    assert answers.answers("XYZ789") == []
    if isinstance(answers, RedisAnswers):
        # Redis forgets by its own clock (EXPIRE): the hash's time to live is the lifetime.
        assert 3500 < answers._redis.ttl("qantar:answers:ABC234") <= 3600
        return
    clock.now += 3601
    assert answers.answers("ABC234") == []


def test_the_csv_names_students_writes_right_or_wrong_and_keeps_formulas_as_text():
    kept = [
        Answer("s1", "almaty", 0, '=HYPERLINK("http://x")', False, 0.0, ""),
        Answer("s2", "almaty", 0, "2", True, 60.0, "Aigerim"),
        Answer("s1", "almaty", 1, "Because of the prices", None, 120.0, ""),
    ]
    rows = list(csv.reader(io.StringIO(answers_csv(kept, {"almaty": "Almaty"}))))
    assert rows[0] == ["step", "step title", "check", "student", "answer", "right", "time (UTC)"]
    assert rows[1] == ["almaty", "Almaty", "1", "Student 1", '\'=HYPERLINK("http://x")', "no", "1970-01-01 00:00:00"]
    assert rows[2][3:6] == ["Aigerim", "2", "yes"]
    assert rows[3][3:6] == ["Student 1", "Because of the prices", ""]


def test_the_lifetime_is_set_in_hours_by_the_deployment(monkeypatch):
    monkeypatch.delenv("QANTAR_ANSWERS_HOURS", raising=False)
    assert lifetime_from_environment() == 24 * 3600
    monkeypatch.setenv("QANTAR_ANSWERS_HOURS", "2")
    assert lifetime_from_environment() == 7200
    for wrong in ("two", "0", "-1"):
        monkeypatch.setenv("QANTAR_ANSWERS_HOURS", wrong)
        with pytest.raises(ValueError, match="QANTAR_ANSWERS_HOURS"):
            lifetime_from_environment()


def test_the_presenter_shows_a_steps_answers_to_the_room_and_hides_them(answers_and_clock):
    answers, _clock, reopen = answers_and_clock
    assert answers.revealed("ABC234") is None
    answers.reveal("ABC234", "almaty")
    assert answers.revealed("ABC234") == "almaty"
    assert answers.revealed("XYZ789") is None
    if reopen is not None:
        assert reopen().revealed("ABC234") == "almaty", "another replica shows them too"
    answers.reveal("ABC234", None)
    assert answers.revealed("ABC234") is None


def written(clock: Clock, follower: str, text: str, name: str = "") -> Answer:
    return Answer(follower, "", 0, text, None, clock(), name)


def test_an_exit_ticket_takes_one_answer_per_student_editable_until_it_is_closed(answers_and_clock):
    answers, clock, reopen = answers_and_clock
    assert answers.ticket("ABC234") is None
    assert answers.write("ABC234", 1, written(clock, "s1", "Nothing asked yet")) is Recorded.CLOSED
    ticket = answers.ask("ABC234", "  What surprised you today?\r\n")
    assert ticket == book.Ticket(1, "What surprised you today?", True)
    assert answers.write("ABC234", 1, written(clock, "s1", "The prices")) is Recorded.KEPT
    clock.now += 1
    assert answers.write("ABC234", 1, written(clock, "s1", "The fuel prices", "Aigerim")) is Recorded.KEPT
    clock.now += 1
    assert answers.write("ABC234", 1, written(clock, "s2", "x" * 100_000)) is Recorded.KEPT
    assert answers.write("XYZ789", 1, written(clock, "s3", "Another class's")) is Recorded.CLOSED
    kept = answers.answers("ABC234")
    assert [(a.follower, a.step, a.correct) for a in kept] == [("s1", "ticket:1", None), ("s2", "ticket:1", None)]
    assert written_answers(kept, ticket) == [("Aigerim", "The fuel prices"), ("Student 1", "x" * book.WRITTEN_MAX)]
    assert kept[0].at == kept[1].at - 2, "a change keeps the place of the first answer"
    if reopen is not None:
        assert reopen().ticket("ABC234") == ticket, "another replica sees the question"

    answers.close("ABC234")
    assert answers.ticket("ABC234") == book.Ticket(1, "What surprised you today?", False)
    assert answers.write("ABC234", 1, written(clock, "s1", "Too late")) is Recorded.CLOSED
    assert written_answers(answers.answers("ABC234"), ticket)[0] == ("Aigerim", "The fuel prices")

    # A new question: its own answers; one to the old question is refused.
    second = answers.ask("ABC234", "q" * 1_000)
    assert second.number == 2 and len(second.question) == book.QUESTION_MAX and second.open
    assert answers.write("ABC234", 1, written(clock, "s1", "To the first")) is Recorded.CLOSED
    assert answers.write("ABC234", 2, written(clock, "s1", "To the second", "Aigerim")) is Recorded.KEPT
    assert written_answers(answers.answers("ABC234"), second) == [("Aigerim", "To the second")]
    answers.forget("ABC234")
    assert answers.ticket("ABC234") is None and answers.answers("ABC234") == []


def test_written_answers_count_in_the_presentations_bound(answers_and_clock, monkeypatch):
    answers, clock, _ = answers_and_clock
    monkeypatch.setattr(book, "MAX_ANSWERS", 2)
    answers.ask("ABC234", "Why?")
    assert answers.write("ABC234", 1, written(clock, "s1", "a")) is Recorded.KEPT
    assert answers.write("ABC234", 1, written(clock, "s2", "b")) is Recorded.KEPT
    assert answers.write("ABC234", 1, written(clock, "s3", "c")) is Recorded.FULL
    assert answers.write("ABC234", 1, written(clock, "s2", "b, changed")) is Recorded.KEPT  # a change adds none
