"""Issue 32 in the flagship: a "Which day?" on the day-by-day slider and a "Put in order" on the chain of
January's events, in English, Russian and Kazakh, each answerable and judged on the server."""

from __future__ import annotations

import pytest

from story.format.files import FLAGSHIP
from story.format.loader import load_story
from story.format.model import DayCheck, OrderCheck
from story.format.translation import localize
from story.reader.answers import judge_answer


@pytest.fixture(scope="module")
def original(catalog):
    return load_story(FLAGSHIP, catalog)


def _of_kind(story, kind):
    return [
        (step, index, check)
        for step in story.steps
        for index, check in enumerate(step.check)
        if isinstance(check, kind)
    ]


def test_the_first_report_from_almaty_is_asked_on_the_day_by_day_slider(original):
    [(step, index, check)] = _of_kind(original, DayCheck)
    assert step.id == "day-by-day" and step.time is not None
    # The layer the slider draws says so: its first report from Almaty is of that day.
    assert check.day.isoformat() == "2022-01-04" and "4 January" in check.explain
    assert judge_answer(original, f"{step.id}:{index}", "2022-01-04").correct is True
    assert judge_answer(original, f"{step.id}:{index}", "2022-01-02").correct is False


def test_the_order_question_lists_the_events_of_the_steps_in_their_days_order(original):
    [(step, index, check)] = _of_kind(original, OrderCheck)
    assert step.id == "withdrawal" and len(check.order) == 5
    # Each event is one the story tells on its own step, and the steps' dates run in the same order.
    told = ["gas-price", "csto", "fire-without-warning", "massimov", "withdrawal"]
    dates = [next(s.date for s in original.steps if s.id == step_id) for step_id in told]
    assert dates == sorted(dates)
    assert judge_answer(original, f"{step.id}:{index}", "0,1,2,3,4").correct is True


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_both_are_asked_in_the_readers_language(original, language):
    story = localize(original, FLAGSHIP, language).story
    [(_, _, day)] = _of_kind(story, DayCheck)
    [(_, _, order)] = _of_kind(story, OrderCheck)
    [(_, _, english_day)] = _of_kind(original, DayCheck)
    [(_, _, english_order)] = _of_kind(original, OrderCheck)
    assert day.question != english_day.question and day.explain != english_day.explain
    assert day.day == english_day.day
    assert len(order.order) == 5 and not set(order.order) & set(english_order.order)
    assert day.explain.startswith("4 ")  # the answer first, as in English
