"""Issue 32: the answers to "Which day?" and "Put in order" on the presenter's panel: the days answered in
the calendar's order and the orders given, most given first, each marked right as the server judged it
(tests/stories/time-checks.yaml)."""

from __future__ import annotations

import pytest

from components.class_answers import class_answers
from story.format.loader import load_story
from story.present.answers import Answer
from story.reader.answers import ORDERS_LISTED, judge_answer
from story.reader.i18n import translator
from tests.conftest import TEST_STORIES


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(TEST_STORIES / "time-checks.yaml", catalog)


def rows(story, answers: list[tuple[str, str]], language: str = "en") -> list[dict]:
    step = next(step for step in story.steps if step.check)
    kept = []
    for at, (key, given) in enumerate(answers):
        judged = judge_answer(story, f"{step.id}:{key}", given)
        assert judged is not None, given
        kept.append(Answer(f"student-{at}", judged.step, judged.check, judged.answer, judged.correct, float(at)))
    return class_answers({step.id: list(step.check)}, kept, len(answers), translator(language))[step.id]


def test_the_days_answered_are_listed_by_date_with_the_days_allowed_marked_right(story):
    day = rows(story, [("0", "2022-01-06"), ("0", "2022-01-04"), ("0", "2022-01-03"), ("0", "2022-01-04")])[0]
    assert day["line"] == "4 of 4 answered, 3 right"
    assert [(row["label"], row["count"], row["right"]) for row in day["spread"]] == [
        ("3 January 2022", 1, True),  # one day before the 4th: the check allows one
        ("4 January 2022", 2, True),
        ("6 January 2022", 1, False),
    ]


def test_the_days_are_written_in_the_presenters_language(story):
    day = rows(story, [("0", "2022-01-04")], "ru")[0]
    assert day["spread"][0]["label"].startswith("4 января 2022")


def test_the_orders_given_are_listed_most_given_first_the_right_one_first_among_equals(story):
    order = rows(story, [("1", "1,0,2,3"), ("1", "0,1,2,3"), ("1", "1,0,2,3"), ("1", "0,1,2,3"), ("1", "3,2,1,0")])[1]
    assert order["line"] == "5 of 5 answered, 2 right"
    assert [(row["label"], row["count"], row["right"]) for row in order["spread"]] == [
        ("Protests in Zhanaozen \u2192 Protests in Almaty \u2192 Troops arrive \u2192 Protests end", 2, True),
        ("Protests in Almaty \u2192 Protests in Zhanaozen \u2192 Troops arrive \u2192 Protests end", 2, False),
        ("Protests end \u2192 Troops arrive \u2192 Protests in Almaty \u2192 Protests in Zhanaozen", 1, False),
    ]


def test_past_a_few_orders_the_others_are_counted_on_one_line(story):
    orders = ["0,1,2,3", "0,1,3,2", "0,2,1,3", "0,2,3,1", "0,3,1,2", "0,3,2,1", "1,0,2,3"]
    order = rows(story, [("1", given) for given in orders], "ru")[1]
    assert len(order["spread"]) == ORDERS_LISTED + 1
    assert order["spread"][-1] == {"label": "другие порядки", "count": len(orders) - ORDERS_LISTED, "right": False}
