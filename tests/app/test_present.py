"""Presenting, as the server sees it: starting, joining by code, what each page is given, and bad codes.

The channel here is the app's default (no QANTAR_REDIS_URL): the SQLite file of the test run's data
folder, which every AppTest in this process meets in, as the presenter and followers of one app do.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from html import unescape

import pytest
from streamlit.testing.v1 import AppTest

from components import present
from story.present.address import network_address
from story.present.limits import Budget, SessionAndAddress
from tests.support.app import component_data, notices, opening, player, rerun, run_app
from tests.support.server import ROOT

WALK = str(ROOT / "tests" / "stories" / "walk.yaml")


def texts(at: AppTest) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", notice)) for notice in notices(at)]


def start_presenting() -> tuple[AppTest, dict]:
    at = run_app(WALK)
    [button] = [button for button in at.button if button.key == "present-start"]
    button.click()
    rerun(at)
    return at, component_data(at, "qantar_presenter")


def test_a_presentation_shows_its_join_address_code_qr_and_the_steps_speaker_notes():
    at, panel = start_presenting()
    code = panel["code"]
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{6}", code)
    # The light page (story/server/light.py): a phone follows without Streamlit's bundle.
    # Opened at localhost, it is joined at the machine's own network address (story/present/address.py).
    assert panel["address"] == f"http://{network_address() or 'localhost'}:8501/view?follow={code}&lang=en"
    assert panel["qr"].startswith('<svg role="img" aria-label="QR code of the address to join" width="')
    assert int(re.search(r'width="(\d+)"', panel["qr"]).group(1)) >= 240
    assert "SPEAKER-NOTE-1" in panel["notes"]["zhanaozen"] and len(panel["notes"]) == 3
    keys = [button.key for button in at.button]
    assert "present-end" in keys and "present-start" not in keys, "no second Present button while presenting"
    # The player's data, which every viewer gets, has no speaker notes.
    assert "SPEAKER-NOTE" not in json.dumps(player(at))


def test_a_follower_opens_on_the_presenters_step_and_is_given_nothing_of_the_presenters():
    presenter, panel = start_presenting()
    assert present.channel().move(panel["code"], panel["token"], "almaty", "en")
    follower = run_app(WALK, follow=panel["code"].lower())
    assert opening(follower)["id"] == "almaty"
    follow = component_data(follower, "qantar_follow")
    assert (follow["step"], follow["down"]) == ("almaty", False)
    assert set(follow) == {
        *("step", "seq", "changed", "down", "room", "shown", "ticket", "texts", "paced", "gathered", "name")
    }, "the step, not the token"
    assert follow["shown"] == [] and follow["room"] is False and follow["ticket"] is None
    everything = json.dumps([player(follower), follow]) + "".join(h.proto.body for h in follower.html)
    assert "SPEAKER-NOTE" not in everything and panel["token"] not in everything
    assert not [button for button in follower.button if button.key == "present-start"], "a follower does not present"
    # The presenter ends it: the follower's next poll says so, and the story plays on.
    [end] = [button for button in presenter.button if button.key == "present-end"]
    end.click()
    rerun(presenter)
    rerun(follower)
    assert "The presentation has ended; the story is yours to explore." in texts(follower)
    assert not [e for e in follower.get("bidi_component") if e.proto.component_name == "qantar_follow"]


def test_a_follower_is_on_the_roster_by_its_session_and_told_the_classs_pace():
    presenter, panel = start_presenting()
    follower = run_app(WALK, follow=panel["code"], name=" Aigerim\n" + "x" * 100)
    follow = component_data(follower, "qantar_follow")
    assert (follow["paced"], follow["gathered"], follow["name"]) == (False, 0, "Aigerim " + "x" * 32)
    # The follower's page named no step yet: the roster has it on the presenter's, under its session.
    [position] = present.channel().roster(panel["code"])
    assert (position.name, position.step, position.furthest) == ("Aigerim " + "x" * 32, "zhanaozen", "zhanaozen")
    rerun(presenter)
    roster = component_data(presenter, "qantar_presenter")["roster"]
    assert [row["name"] for row in roster] == ["Aigerim " + "x" * 32] and roster[0]["here"]
    assert present.channel().pace(panel["code"], panel["token"], True)
    rerun(follower)
    assert component_data(follower, "qantar_follow")["paced"] is True


def test_a_follower_who_lost_touch_a_moment_ago_hears_at_once_that_the_presentation_ended():
    # Redis came back a moment ago (or a read timed out on a busy server): the follower waits for the
    # presenter's page to make the presentation again. But one the channel knows has ended is over.
    presenter, panel = start_presenting()
    follower = run_app(WALK, follow=panel["code"])
    follower.session_state[present.DOWN_AT_KEY] = time.time()
    rerun(follower)
    assert component_data(follower, "qantar_follow")["down"] is False, "the presentation is there"
    [end] = [button for button in presenter.button if button.key == "present-end"]
    end.click()
    rerun(presenter)
    follower.session_state[present.DOWN_AT_KEY] = time.time()
    rerun(follower)
    assert "The presentation has ended; the story is yours to explore." in texts(follower)


def test_a_follower_asks_what_the_room_is_shown_only_when_the_presentation_changes(monkeypatch):
    from story.present.shared import shared_answers

    checks = str(ROOT / "tests" / "stories" / "checks.yaml")
    at = run_app(checks)
    [button] = [button for button in at.button if button.key == "present-start"]
    button.click()
    rerun(at)
    panel = component_data(at, "qantar_presenter")
    code, token = panel["code"], panel["token"]
    book = shared_answers()
    asked = []
    revealed = type(book).revealed
    monkeypatch.setattr(type(book), "revealed", lambda self, c: asked.append(c) or revealed(self, c))
    follower = run_app(checks, follow=code)
    for _ in range(3):
        rerun(follower)
    assert component_data(follower, "qantar_follow")["shown"] == []
    assert len(asked) == 1, "read once, not with each of the follower's polls"

    # The presenter shows the first step's answers: the presentation moves on the same step, and the
    # follower's next run shows them.
    book.reveal(code, "west")
    assert present.channel().move(code, token, "west", "en")
    rerun(follower)
    shown = component_data(follower, "qantar_follow")["shown"]
    assert len(asked) == 2 and shown[0]["question"] == "In which region is Zhanaozen?", shown


def test_a_follower_follows_the_presenters_language_unless_they_chose_one():
    _, panel = start_presenting()
    assert present.channel().move(panel["code"], panel["token"], "aktau", "ru")
    follower = run_app(WALK, follow=panel["code"])
    assert player(follower)["language"] == "ru"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("ZZZZZZ", "No presentation with the code ZZZZZZ is running: it has ended, or the code is mistyped."),
        ("x" * 10_000, "“xxxxxxxxxxxx…” is not a classroom code; the story plays as usual."),
        ("<script>alert(1)</script>", "“<script>aler…” is not a classroom code; the story plays as usual."),
        ("O0O0O0", "“O0O0O0” is not a classroom code; the story plays as usual."),
    ],
)
def test_a_bad_code_says_so_in_plain_words_and_the_story_plays(typed, said):
    at = run_app(WALK, follow=typed)
    assert any(said in text for text in texts(at)), texts(at)
    assert not [e for e in at.get("bidi_component") if e.proto.component_name == "qantar_follow"]
    assert opening(at)["id"] == "zhanaozen"
    assert "<script>" not in "".join(notices(at)), "the code is shown as text"


def follows(at: AppTest) -> bool:
    return any(e.proto.component_name == "qantar_follow" for e in at.get("bidi_component"))


@pytest.fixture
def pages_of_their_own(monkeypatch):
    """Each page its own session, as in a browser (AppTest gives every page the same session id)."""
    numbers = itertools.count()
    monkeypatch.setattr(present, "_session", lambda: f"page-{next(numbers)}")


@pytest.mark.usefixtures("pages_of_their_own")
def test_m2_a_live_code_joins_from_an_address_that_guessed_too_much(monkeypatch):
    budget = SessionAndAddress(Budget(10, 60), Budget(10, 60))
    monkeypatch.setattr(present, "_join_attempts", lambda: budget)
    _, panel = start_presenting()
    monkeypatch.setattr(present, "_client", lambda: "198.51.100.7")
    said = [texts(run_app(WALK, follow=f"ZZZZZ{letter}")) for letter in "ABCDEFGHJKM"]
    assert all(any("No presentation with the code" in text for text in one) for one in said[:10])
    assert any("Too many codes tried from here" in text for text in said[10])
    assert follows(run_app(WALK, follow=panel["code"])), "the teacher's code is never refused"
    monkeypatch.setattr(present, "_client", lambda: "198.51.100.8")
    assert any("No presentation with the code" in text for text in texts(run_app(WALK, follow="ZZZZZN")))


@pytest.mark.usefixtures("pages_of_their_own")
def test_m2_a_class_behind_one_address_coming_back_with_an_ended_code_then_joins_the_new_one(monkeypatch):
    monkeypatch.setattr(present, "_client", lambda: "203.0.113.5")
    presenter, panel = start_presenting()
    [end] = [button for button in presenter.button if button.key == "present-end"]
    end.click()
    rerun(presenter)
    for _ in range(30):
        page = run_app(WALK, follow=panel["code"])
        assert "The presentation has ended; the story is yours to explore." in texts(page), texts(page)
        assert not follows(page)
    _, new_panel = start_presenting()
    assert follows(run_app(WALK, follow=new_panel["code"]))


@pytest.mark.usefixtures("pages_of_their_own")
def test_m2_twenty_five_teachers_behind_one_address_each_start_a_presentation(monkeypatch):
    monkeypatch.setattr(present, "_client", lambda: "203.0.113.6")
    codes = {start_presenting()[1]["code"] for _ in range(25)}
    assert len(codes) == 25
    assert all(present.channel().current(code) is not None for code in codes)
