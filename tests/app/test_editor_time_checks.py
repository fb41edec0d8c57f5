"""Issue 32 in the editor: a "Which day?" is offered on a step with a day slider (and only there), opens on
the slider's first day, and with an order question is written where the format wants them."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from story.format.loader import parse_story
from story.format.model import DayCheck, OrderCheck
from tests.app.test_editor import editor, run
from tests.support.server import ROOT

DAYS = ROOT / "tests" / "stories" / "days.yaml"
ADD_DAY = "Add a “Which day?” question"
ADD_ORDER = "Add a “Put in order” question"


def _button(at: AppTest, label: str):
    [button] = [button for button in at.button if button.label == label]
    return button


def _last_box(at: AppTest, label: str):
    boxes = [box for box in [*at.text_input, *at.text_area] if box.label == label]
    assert boxes, f"no field {label!r}"
    return boxes[-1]


def _on_step(at: AppTest, step_id: str) -> AppTest:
    at.session_state["editor-step"] = at.session_state["editor-draft"].step_ids().index(step_id)
    return run(at)


def test_which_day_is_offered_only_on_a_step_with_a_slider():
    at = _on_step(editor("--story", str(DAYS)), "before")
    assert ADD_ORDER in [button.label for button in at.button]
    assert ADD_DAY not in [button.label for button in at.button]


def test_a_day_and_an_order_question_written_in_the_forms_play():
    at = _on_step(editor("--story", str(DAYS)), "the-days")
    _button(at, ADD_DAY).click()
    run(at)
    day = _last_box(at, "The right day (YYYY-MM-DD), on the step's day slider (required)")
    assert day.value == "2022-01-02", "opens on the slider's first day"
    fill = [
        ("The right day (YYYY-MM-DD), on the step's day slider (required)", "2022-01-04"),
        ("Days before or after that also count", "1"),
        ("Question (required)", "On which day did the reports reach Almaty?"),
        ("Why (shown after an answer) (required)", "The first reports from Almaty are of 4 January."),
    ]
    for label, value in fill:
        _last_box(at, label).set_value(value)
        run(at)
    _button(at, ADD_ORDER).click()
    run(at)
    fill = [
        ("Question (required)", "Put these in order."),
        ("The events in their right order, first to last (one per line) (required)", "Zhanaozen\nAlmaty\nThe end"),
        ("Why (shown after an answer) (required)", "Zhanaozen first."),
    ]
    for label, value in fill:
        _last_box(at, label).set_value(value)
        run(at)
    assert not [error.value for error in at.error], [error.value for error in at.error]
    story = parse_story(at.session_state["editor-draft"].dump(), "days.yaml", None)
    [day_check, order_check] = story.steps[1].check
    assert isinstance(day_check, DayCheck) and day_check.day.isoformat() == "2022-01-04" and day_check.within == 1
    assert isinstance(order_check, OrderCheck) and order_check.order == ["Zhanaozen", "Almaty", "The end"]
