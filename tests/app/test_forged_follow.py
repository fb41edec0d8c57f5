"""Issue 32: a follower's forged message through the app's follow component is refused and changes nothing.

What a follower's own script can send is the follow component's trigger: any events, any values
(`setTriggerValue`). Here the follower's page runs with such a trigger, as Streamlit hands it to the
script, and the store and the channel are read after (tests/stories/checks.yaml; the app's default
store, the data folder's SQLite file, where every AppTest of this process meets).
"""

from __future__ import annotations

import json
import sys

import pytest
from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from components import present
from story.present.limits import ANSWERS_PER_FOLLOWER, answer_budget
from story.present.shared import shared_answers
from tests.support.app import component_data, rerun, run_app
from tests.support.server import ROOT

CHECKS = str(ROOT / "tests" / "stories" / "checks.yaml")


@pytest.fixture(autouse=True)
def budget_of_its_own(monkeypatch):
    """Every AppTest page has the same session id and no address: each test counts from nothing."""
    budget = answer_budget()
    monkeypatch.setattr(present, "shared_answer_budget", lambda: budget)


def presenting() -> tuple[AppTest, str, str]:
    at = run_app(CHECKS)
    [button] = [button for button in at.button if button.key == "present-start"]
    button.click()
    rerun(at)
    panel = component_data(at, "qantar_presenter")
    return at, panel["code"], panel["token"]


def sends(follower: AppTest, *events: tuple[str, object]) -> None:
    """One message of the follower's page: the follow component's events, as its script sent them."""
    [bar] = [e for e in follower.get("bidi_component") if e.proto.component_name == "qantar_follow"]
    states = WidgetStates()
    trigger = states.widgets.add()
    trigger.id = _make_trigger_id(bar.proto.id, "events")
    trigger.json_trigger_value = json.dumps([{"event": name, "value": value} for name, value in events])
    saved = sys.argv
    sys.argv = ["app.py", "--story", CHECKS]
    try:
        follower._run(widget_state=states)
    finally:
        sys.argv = saved
    assert not follower.exception, follower.exception


def kept(code: str) -> list[tuple[str, str, int, str]]:
    return [(a.follower, a.step, a.check, a.answer) for a in shared_answers().answers(code)]


def test_an_answer_is_kept_under_the_pages_own_session_and_presentation_whatever_it_names():
    _, code, _ = presenting()
    _, other, _ = presenting()
    follower = run_app(CHECKS, follow=code)
    named = {"follower": "page-of-another-student", "session": "page-of-another-student", "code": other}
    sends(follower, ("answer", {"key": "west:0", "answer": "1", "right": False, **named}))
    [(who, step, check, answer)] = kept(code)
    assert who != "page-of-another-student" and (step, check, answer) == ("west", 0, "1")
    assert shared_answers().answers(code)[0].correct is True, "judged from the story, not the page"
    assert kept(other) == [], "nothing reaches another presentation"


def test_a_presenters_actions_from_a_follower_change_nothing():
    _, code, token = presenting()
    channel = present.channel()
    before = channel.current(code)
    follower = run_app(CHECKS, follow=code)
    sends(follower, ("reveal", "west"), ("step", "east"), ("end", True), ("token", token))
    sends(follower, ("answer", {"key": "west:0", "answer": "0", "reveal": "west", "step": "east"}))
    assert channel.current(code) == before, "the class stays on the presenter's step"
    assert shared_answers().revealed(code) is None
    assert not channel.ended(code)
    assert [(step, check, answer) for _, step, check, answer in kept(code)] == [("west", 0, "0")]


def test_a_megabyte_answer_changes_nothing():
    _, code, _ = presenting()
    follower = run_app(CHECKS, follow=code)
    sends(follower, ("answer", {"key": "west:0", "answer": "1" * 1_000_000}))
    sends(follower, ("answer", {"key": "west:1" + "0" * 1_000_000, "answer": "43.34,52.86"}))
    assert kept(code) == []


def test_a_flood_of_answers_spends_the_pages_budget_and_then_even_a_right_one_is_refused():
    _, code, _ = presenting()
    follower = run_app(CHECKS, follow=code)
    for number in range(ANSWERS_PER_FOLLOWER.limit):
        sends(follower, ("answer", {"key": f"west:{number + 3}", "answer": "0"}))  # no such checks
    sends(follower, ("answer", {"key": "west:0", "answer": "1"}))
    assert kept(code) == [], "past the budget of a minute, refused before it is judged"
