"""Where a presenter and followers meet: codes, tokens, lifetimes, bounds, in this process, in the data
folder's SQLite file and in Redis.

The Redis tests start Debian's redis-server on a free port (tests/support/redis.py), stop it
under a running presentation and start it again.
"""

from __future__ import annotations

import time
import tracemalloc

import pytest

from story.present.channel import (
    FOLLOWER_SEEN_S,
    LIFETIME_S,
    MAX_FOLLOWERS,
    Attempts,
    ChannelDownError,
    MemoryChannel,
    RedisChannel,
)
from story.present.codes import ALPHABET, CODE_LENGTH, quoted, read_code
from story.present.sqlite_channel import SqliteChannel
from tests.support.clock import Clock
from tests.support.redis import RedisServer


def test_codes_are_six_characters_without_look_alikes_read_in_any_case():
    assert not set("01OIL") & set(ALPHABET) and CODE_LENGTH == 6
    assert read_code(" abc-def ") == "ABCDEF"
    assert read_code("ABCDE") is None and read_code("ABCDE0") is None and read_code("x" * 10_000) is None
    assert read_code("<b>ABCDEF</b>") is None
    assert quoted("<script>" * 2000) == "<script><scr…"


def test_only_the_presenter_moves_a_presentation_and_followers_see_each_step(channel_and_clock):
    channel, _ = channel_and_clock
    code, token = channel.start("walk", "first", "en")
    assert read_code(code) == code
    assert channel.current(code).step == "first"
    assert channel.move(code, token, "second", "ru")
    now = channel.current(code)
    assert (now.step, now.language, now.story, now.seq) == ("second", "ru", "walk", 2)
    assert not channel.move(code, "not-the-token", "third", "en")
    assert not channel.move(code, "", "third", "en")
    assert channel.current(code).step == "second"
    assert channel.resume(code, token).step == "second" and channel.resume(code, "guess") is None
    assert not channel.end(code, "guess") and channel.current(code) is not None
    assert channel.end(code, token)
    assert channel.current(code) is None and not channel.move(code, token, "third", "en")


def test_a_presentation_ends_three_hours_after_its_last_change(channel_and_clock):
    channel, clock = channel_and_clock
    code, token = channel.start("walk", "first", "en")
    clock.now += LIFETIME_S - 60
    assert channel.move(code, token, "second", "en")  # a change renews it
    clock.now += LIFETIME_S - 60
    assert channel.current(code) is not None
    if not isinstance(channel, RedisChannel):  # Redis forgets by its own clock, not the test's
        clock.now += 120
        assert channel.current(code) is None


def test_followers_are_counted_while_their_pages_ask(channel_and_clock):
    channel, clock = channel_and_clock
    code, _ = channel.start("walk", "first", "en")
    for name in ("a", "b", "c"):
        channel.seen(code, name)
    assert channel.followers(code) == 3
    clock.now += FOLLOWER_SEEN_S + 1
    channel.seen(code, "a")
    assert channel.followers(code) == 1


def test_a_lost_presentation_is_made_again_by_its_presenter_only(channel_and_clock):
    channel, _ = channel_and_clock
    code, token = channel.start("walk", "first", "en")
    assert channel.end(code, token)
    assert not channel.move(code, token, "second", "en")
    assert channel.move(code, token, "second", "en", revive="walk")
    assert channel.current(code).step == "second"
    assert not channel.move(code, "someone-else", "third", "en", revive="walk")


def test_a_thousand_abandoned_presentations_keep_memory_bounded():
    clock = Clock()
    channel = MemoryChannel(clock)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for number in range(3000):
        clock.now += 1
        code, _ = channel.start("walk", f"step-{number % 20}", "en")
        for follower in range(5):
            channel.seen(code, f"follower-{number}-{follower}")
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(channel) == 1000
    # The figure docs/architecture.md states: at most 1,000 presentations, about 1.5 KB each here.
    assert grown < 2_500_000, grown


def test_followers_of_one_presentation_are_counted_up_to_a_bound(channel_and_clock):
    channel, _ = channel_and_clock
    code, _ = channel.start("walk", "first", "en")
    for number in range(MAX_FOLLOWERS + 200):
        channel.seen(code, f"f{number}")
    assert channel.followers(code) == MAX_FOLLOWERS


def test_attempts_are_bounded_per_client_and_come_back_after_the_window():
    clock = Clock()
    attempts = Attempts(3, 60, clock)
    assert [attempts.allow("a") for _ in range(4)] == [True, True, True, False]
    assert attempts.allow("b")
    clock.now += 61
    assert attempts.allow("a")


def test_a_redis_that_is_gone_answers_within_half_a_second_and_is_used_again_when_back():
    with RedisServer() as redis:
        channel = RedisChannel(redis.url)
        code, token = channel.start("walk", "first", "en")
        redis.stop()
        started = time.monotonic()
        with pytest.raises(ChannelDownError):
            channel.current(code)
        with pytest.raises(ChannelDownError):
            channel.move(code, token, "second", "en")
        assert time.monotonic() - started < 1.5
        redis.start()
        # Redis came back empty: the presenter's next move makes the presentation again.
        assert channel.current(code) is None
        assert channel.move(code, token, "second", "en", revive="walk")
        assert channel.current(code).step == "second"


def test_only_failures_count_against_a_client_that_joins():
    attempts = Attempts(3, 60, Clock())
    assert not any(attempts.exhausted("school") for _ in range(30)), "a class of 30 behind one address joins"
    for _ in range(3):
        attempts.failed("school")
    assert attempts.exhausted("school")


def test_a_follower_waiting_for_a_change_has_it_as_it_happens(channel_and_clock):
    import threading

    channel, _ = channel_and_clock
    code, token = channel.start("walk", "first", "en")
    seq = channel.current(code).seq
    started = time.monotonic()
    assert channel.wait(code, seq, 0.2).seq == seq and time.monotonic() - started >= 0.19  # nothing changed
    mover = threading.Timer(0.1, lambda: channel.move(code, token, "second", "en"))
    mover.start()
    started = time.monotonic()
    changed = channel.wait(code, seq, 2.0)
    assert changed.step == "second" and time.monotonic() - started < 0.5
    mover.join()


CHILD = """
import sys
from story.present.sqlite_channel import SqliteChannel
channel = SqliteChannel(sys.argv[1])
code, token = channel.start("walk", "first", "en", "school")
assert channel.move(code, token, "third", "en")
print(code, token, flush=True)
sys.stdin.read()  # held open until the parent kills the process
"""


def test_a_presentation_in_the_data_folder_survives_its_process_killed_with_sigkill(tmp_path):
    import signal
    import subprocess
    import sys

    from tests.support.server import ROOT

    path = tmp_path / "state.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    code, token = child.stdout.readline().split()
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    again = SqliteChannel(path)
    presented = again.current(code)
    assert (presented.story, presented.step, presented.seq) == ("walk", "third", 2)
    assert again.resume(code, token) is not None, "the presenter's page takes it up again"
    assert again.move(code, token, "fourth", "en") and again.current(code).step == "fourth"


def test_a_follower_on_another_replica_of_the_same_folder_has_the_step_within_a_poll(tmp_path):
    import threading

    path = tmp_path / "state.sqlite3"
    presenter_side, follower_side = SqliteChannel(path), SqliteChannel(path)
    code, token = presenter_side.start("walk", "first", "en")
    seq = follower_side.current(code).seq
    mover = threading.Timer(0.1, lambda: presenter_side.move(code, token, "second", "en"))
    mover.start()
    started = time.monotonic()
    changed = follower_side.wait(code, seq, 2.0)
    assert changed.step == "second" and time.monotonic() - started < 0.5
    mover.join()
    follower_side.seen(code, "student")
    assert presenter_side.followers(code) == 1


def test_a_thousand_abandoned_presentations_keep_the_data_folders_file_bounded(tmp_path):
    clock = Clock()
    path = tmp_path / "state.sqlite3"
    channel = SqliteChannel(path, clock)
    for number in range(1500):
        clock.now += 1
        code, _ = channel.start("walk", f"step-{number % 20}", "en")
        for follower in range(3):
            channel.seen(code, f"follower-{number}-{follower}")
    assert len(channel) == 1000
    # 1,000 presentations with 3 followers each, and 500 ended codes remembered: well under 1 MB.
    assert path.stat().st_size < 1_500_000, path.stat().st_size


def test_a_data_folder_file_that_is_not_a_database_is_a_channel_down_and_the_app_presents_in_memory(
    tmp_path, monkeypatch
):
    from story.present.shared import channel_from_environment

    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"not a database, " * 1000)
    with pytest.raises(ChannelDownError):
        SqliteChannel(path)
    monkeypatch.setenv("QANTAR_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("QANTAR_REDIS_URL", raising=False)
    channel = channel_from_environment()
    assert isinstance(channel, MemoryChannel)
    code, token = channel.start("walk", "first", "en")
    assert channel.move(code, token, "second", "en")


def test_two_channel_objects_of_one_process_on_one_file_wake_each_others_followers(tmp_path, monkeypatch):
    import threading

    from story.present import sqlite_channel

    # The pages' channel and the server's own routes each open the file: a move through one wakes the
    # other's followers, not its next read of the file (made a minute apart here, so only a wake-up
    # returns before the half-minute the follower waits at most).
    monkeypatch.setattr(sqlite_channel, "WAIT_STEP_S", 60.0)
    path = tmp_path / "state.sqlite3"
    pages, routes = SqliteChannel(path), SqliteChannel(path)
    code, token = pages.start("walk", "first", "en")
    seq = routes.current(code).seq
    mover = threading.Timer(0.1, lambda: pages.move(code, token, "second", "en"))
    mover.start()
    started = time.monotonic()
    changed = routes.wait(code, seq, 30.0)
    mover.join()
    assert changed.step == "second" and time.monotonic() - started < 15, "woken by the move, not by the deadline"
