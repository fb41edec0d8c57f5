"""Teacher-paced or student-paced, and the roster of who is where: in this process, in the data folder's
SQLite file and in Redis (the `channel_and_clock` fixture), and the roster's lines as the panel shows them."""

from __future__ import annotations

from story.present.answers import Answer
from story.present.channel import MAX_FOLLOWERS, MemoryChannel
from story.present.roster import NAME_MAX, QUIET_S, clean_name, furthest_of, named, roster_lines
from tests.support.clock import Clock


def test_the_presenter_alone_sets_the_class_to_its_own_pace_and_followers_see_the_change(channel_and_clock):
    channel, _ = channel_and_clock
    code, token = channel.start("walk", "first", "en")
    before = channel.current(code)
    assert not before.paced
    assert not channel.pace(code, "guess", True)
    assert not channel.current(code).paced
    assert channel.pace(code, token, True)
    now = channel.current(code)
    # A follower waiting on the last seq wakes to the change of pace.
    assert now.paced and now.seq > before.seq and now.step == "first" and now.gathered == 0
    assert channel.wait(code, before.seq, 0.1).paced


def test_bringing_everyone_sets_the_presenters_step_and_marks_the_gathering(channel_and_clock):
    channel, _ = channel_and_clock
    code, token = channel.start("walk", "first", "en")
    channel.pace(code, token, True)
    assert channel.pace(code, token, False, gather="third")
    now = channel.current(code)
    assert (now.paced, now.step, now.gathered) == (False, "third", now.seq)
    channel.move(code, token, "fourth", "en")
    assert channel.current(code).gathered == now.seq  # a later step is no new gathering
    assert channel.resume(code, token).step == "fourth"


def test_the_roster_keeps_each_followers_last_report_numbered_in_order_of_arrival(channel_and_clock):
    channel, clock = channel_and_clock
    code, token = channel.start("walk", "first", "en")
    channel.report(code, "session-a", "", "first", "first")
    clock.now += 1
    channel.report(code, "session-b", "Aigerim", "second", "second")
    clock.now += 1
    channel.report(code, "session-a", 'Әлия "Q" \\', "third", "third")
    roster = channel.roster(code)
    assert [(p.follower, p.number, p.name, p.step, p.furthest) for p in roster] == [
        ("session-a", 1, 'Әлия "Q" \\', "third", "third"),
        ("session-b", 2, "Aigerim", "second", "second"),
    ]
    assert roster[0].at == clock.now
    assert channel.roster("NOSUCH") == []
    channel.report("NOSUCH", "session-c", "", "first", "first")
    assert channel.roster("NOSUCH") == []
    assert channel.end(code, token)
    assert channel.roster(code) == []  # kept for the presentation's lifetime only


def test_the_roster_is_bounded_and_gives_up_the_longest_quiet_first(channel_and_clock):
    channel, clock = channel_and_clock
    code, _ = channel.start("walk", "first", "en")
    for number in range(MAX_FOLLOWERS + 5):
        clock.now += 0.01
        channel.report(code, f"s{number}", "", "first", "first")
    roster = channel.roster(code)
    assert len(roster) == MAX_FOLLOWERS
    assert "s0" not in {p.follower for p in roster} and f"s{MAX_FOLLOWERS + 4}" in {p.follower for p in roster}


def test_a_name_is_one_bounded_line_of_text():
    assert clean_name("  Aigerim \n Bek\t") == "Aigerim Bek"
    assert clean_name("Әлия\u202eevil\x00") == "Әлия evil"
    assert len(clean_name("Ж" * 10_000)) == NAME_MAX
    assert clean_name(None) == "" and clean_name(["a"]) == "" and clean_name(" \n ") == ""
    assert clean_name("<b>Dana</b>") == "<b>Dana</b>"  # kept as typed; the panel sets it as text


def test_how_far_a_follower_came_is_the_furthest_step_in_the_steps_presented():
    order = ["a", "b", "c", "d"]
    assert furthest_of(order, "c", "b") == "c"
    assert furthest_of(order, "a", "c") == "c"
    assert furthest_of(order, "b", None) == "b"
    assert furthest_of(order, "outside", "b") == "b"


def test_roster_lines_name_the_unnamed_and_count_each_followers_answers():
    clock = Clock()
    channel = MemoryChannel(clock)
    code, _ = channel.start("walk", "a", "en")
    channel.report(code, "s1", "", "c", "c")
    channel.report(code, "s2", "Dana", "a", "b")
    answers = [Answer("s1", "a", 0, "1", True, 0.0), Answer("s1", "b", 0, "0", False, 1.0)]
    lines = roster_lines(channel.roster(code), ["a", "b", "c"], answers, "a", "Student {number}", clock.now)
    assert [(line.name, line.place, line.furthest, line.answered, line.with_presenter) for line in lines] == [
        ("Student 1", 3, 3, 2, False),
        ("Dana", 1, 2, 0, True),
    ]
    assert all(line.connected for line in lines)
    # A page that stopped reporting (closed, or off the network) stays on the roster, marked.
    clock.now += QUIET_S + 1
    channel.report(code, "s2", "Dana", "a", "b")
    lines = roster_lines(channel.roster(code), ["a", "b", "c"], answers, "a", "Student {number}", clock.now)
    assert [line.connected for line in lines] == [False, True]


def test_the_answers_file_names_students_as_the_roster_does_unless_an_answer_has_a_name():
    answers = [Answer("s1", "a", 0, "1", True, 0.0), Answer("s2", "a", 0, "0", False, 1.0, "Dana")]
    assert [a.name for a in named(answers, {"s1": "Student 3", "s2": "Student 4"})] == ["Student 3", "Dana"]
    assert [a.name for a in named(answers, {})] == ["", "Dana"]
