"""Bounds on joining and presenting that a school fits in (M2), presentations that give way in the
right order (L2), and wrong codes bounded per session and per address (L7)."""

from __future__ import annotations

from story.present import sqlite_channel
from story.present.channel import LIFETIME_S, MAX_PER_CLIENT, TOMBSTONE_S, MemoryChannel, RedisChannel
from story.present.codes import ALPHABET, CODE_LENGTH
from story.present.limits import (
    STARTS_PER_SESSION,
    WRONG_CODES_PER_ADDRESS,
    WRONG_CODES_PER_SESSION,
    Joined,
    join,
    start_budget,
    wrong_code_budget,
)
from tests.support.clock import Clock

SCHOOL = "203.0.113.5"


def test_m2_a_class_coming_back_after_a_restart_does_not_lock_out_the_teachers_new_code():
    clock = Clock()
    before = MemoryChannel(clock)
    old_code, _ = before.start("walk", "first", "en", SCHOOL)
    # The app restarted without its data folder (or kept presentations in memory only, the folder being
    # unusable): the presentation, and all memory of it, is gone.
    after_restart = MemoryChannel(clock)
    budget = wrong_code_budget(clock)
    answers = [join(after_restart, old_code, budget, f"page-{n}", SCHOOL).outcome for n in range(30)]
    assert answers == [Joined.UNKNOWN] * 30, "each page is told the code runs no presentation, none is refused"
    new_code, _ = after_restart.start("walk", "first", "en", SCHOOL)
    answer = join(after_restart, new_code, budget, "page-0", SCHOOL)
    assert answer.outcome is Joined.FOLLOW and answer.presented.code == new_code


def test_m2_ten_wrong_codes_then_the_right_code_follows(bounded_channel_and_clock):
    channel, clock = bounded_channel_and_clock
    code, _ = channel.start("walk", "first", "en", SCHOOL)
    budget = wrong_code_budget(clock)
    wrong = [other for other in ("ZZZZZA", "ZZZZZB", "ZZZZZC", "ZZZZZD", "ZZZZZE") if other != code]
    for other in wrong * 2:
        join(channel, other, budget, "student", SCHOOL)
    assert join(channel, code, budget, "student", SCHOOL).outcome is Joined.FOLLOW


def test_m2_a_live_code_is_followed_even_once_the_budgets_are_spent():
    clock = Clock()
    channel = MemoryChannel(clock)
    code, _ = channel.start("walk", "first", "en", SCHOOL)
    budget = wrong_code_budget(clock)
    for number in range(WRONG_CODES_PER_ADDRESS.limit):
        budget.failed(f"page-{number}", SCHOOL)
        budget.failed("student", "elsewhere")
    assert join(channel, "ZZZZZZ", budget, "another", SCHOOL).outcome is Joined.LIMITED
    assert join(channel, code, budget, "another", SCHOOL).outcome is Joined.FOLLOW
    assert join(channel, code, budget, "student", "elsewhere").outcome is Joined.FOLLOW


def test_m2_an_ended_code_is_told_as_ended_and_never_counts_as_a_wrong_code(channel_and_clock):
    channel, clock = channel_and_clock
    budget = wrong_code_budget(clock)
    ended, token = channel.start("walk", "first", "en", SCHOOL)
    assert channel.end(ended, token)
    expired, _ = channel.start("walk", "first", "en", SCHOOL)
    clock.now += LIFETIME_S + 60
    if not isinstance(channel, RedisChannel):  # Redis forgets an expired key by its own clock, not the test's
        assert join(channel, expired, budget, "page", SCHOOL).outcome is Joined.ENDED
    answers = {join(channel, ended, budget, "page", SCHOOL).outcome for _ in range(50)}
    assert answers == {Joined.ENDED}
    assert not budget.exhausted("page", SCHOOL), "a class reconnecting with an ended code spends nothing"
    if not isinstance(channel, RedisChannel):
        clock.now += TOMBSTONE_S
        assert join(channel, ended, budget, "page", SCHOOL).outcome is Joined.UNKNOWN


def test_m2_an_ended_code_is_not_given_to_a_new_presentation(monkeypatch, bounded_channel_and_clock):
    from story.present import channel as channel_module

    codes = iter(["AAAAAA", "AAAAAA", "BBBBBB"])
    for module in (channel_module, sqlite_channel):
        monkeypatch.setattr(module, "new_code", lambda: next(codes))
    channel, _ = bounded_channel_and_clock
    first, token = channel.start("walk", "first", "en", SCHOOL)
    channel.end(first, token)
    assert channel.start("walk", "first", "en", SCHOOL)[0] == "BBBBBB", "the old class would have joined it"


def test_m2_twenty_five_starts_from_one_address_by_different_sessions_succeed():
    clock = Clock()
    budget = start_budget(clock)
    assert all(budget.allow(f"teacher-{number}", SCHOOL) for number in range(25))
    own = [budget.allow("one-teacher", "198.51.100.1") for _ in range(STARTS_PER_SESSION.limit + 1)]
    assert own == [True] * STARTS_PER_SESSION.limit + [False], "one session is bounded on its own"
    assert budget.allow("another-teacher", "198.51.100.1"), "and does not use up its colleagues' share"


def test_l2_presentations_nobody_follows_give_way_before_followed_ones(bounded_channel_and_clock):
    channel, clock = bounded_channel_and_clock
    followed, token = channel.start("walk", "first", "en", SCHOOL)
    for student in range(25):
        channel.seen(followed, f"student-{student}")
    clock.now += 1
    just_started, _ = channel.start("walk", "first", "en", SCHOOL)  # its class is still typing the code
    for address in range(50):
        for _ in range(20):
            clock.now += 1
            channel.start("walk", "first", "en", f"198.51.100.{address}")
    assert len(channel) == 1000
    assert channel.current(followed) is not None and channel.move(followed, token, "second", "en")
    assert channel.current(just_started) is not None, "the biggest starters' presentations went first"


def test_l2_no_client_keeps_more_than_its_share_of_presentations(bounded_channel_and_clock):
    channel, clock = bounded_channel_and_clock
    others = [channel.start("walk", "first", "en", f"192.0.2.{n}")[0] for n in range(5)]
    flood = []
    for _ in range(MAX_PER_CLIENT * 4):
        clock.now += 1
        flood.append(channel.start("walk", "first", "en", "198.51.100.66")[0])
    assert sum(channel.current(code) is not None for code in flood) == MAX_PER_CLIENT
    assert channel.current(flood[-1]) is not None, "the newest is kept, the oldest gave way"
    assert all(channel.current(code) is not None for code in others)


def test_l7_wrong_codes_are_bounded_per_session_and_per_address():
    assert len(ALPHABET) ** CODE_LENGTH == 887_503_681
    clock = Clock()
    channel = MemoryChannel(clock)
    budget = wrong_code_budget(clock)
    one_page = [join(channel, "ZZZZZZ", budget, "guesser", "198.51.100.9").outcome for _ in range(11)]
    assert one_page == [Joined.UNKNOWN] * WRONG_CODES_PER_SESSION.limit + [Joined.LIMITED]
    many_pages = [
        join(channel, "ZZZZZZ", budget, f"page-{n}", "198.51.100.9").outcome
        for n in range(WRONG_CODES_PER_ADDRESS.limit)
    ]
    assert many_pages.count(Joined.UNKNOWN) == WRONG_CODES_PER_ADDRESS.limit - WRONG_CODES_PER_SESSION.limit
    assert many_pages[-1] is Joined.LIMITED
    assert join(channel, "ZZZZZZ", budget, "page-x", "198.51.100.10").outcome is Joined.UNKNOWN
    clock.now += WRONG_CODES_PER_ADDRESS.window_s + 1
    assert join(channel, "ZZZZZZ", budget, "page-y", "198.51.100.9").outcome is Joined.UNKNOWN
