"""Issue 32: a find-on-the-map check's answers on the presenter's panel: the clicks as points, the share
within the distance the check allows, and the right place (tests/stories/checks.yaml)."""

from __future__ import annotations

import pytest

from components.class_answers import class_answers, find_targets
from story.format.loader import load_story
from story.present.answers import Answer, points
from story.reader.answers import judge_answer
from story.reader.i18n import translator
from tests.conftest import TEST_STORIES


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(TEST_STORIES / "checks.yaml", catalog)


def given(story, clicks: dict[str, tuple[str, str]]) -> list[Answer]:
    """Each follower's click, judged by the server as a follower's would be."""
    kept = []
    for at, (follower, (key, point)) in enumerate(clicks.items()):
        judged = judge_answer(story, key, point)
        assert judged is not None
        kept.append(Answer(follower, judged.step, judged.check, judged.answer, judged.correct, float(at)))
    return kept


def test_the_clicks_come_back_as_points_and_the_share_within_the_distance(story):
    west = story.steps[0]
    answers = given(
        story,
        {
            "a": ("west:1", "43.3404,52.8596"),  # on Zhanaozen
            "b": ("west:1", "43.6500,51.1700"),  # Aktau, 140 km away
            "c": ("west:1", "43.5000,52.9000"),  # 18 km away
            "d": ("west:0", "1"),  # a choice, not a point
        },
    )
    rows = class_answers({"west": list(west.check)}, answers, 4, translator("en"), find_targets([west]))["west"]
    find = rows[1]
    assert find["line"] == "3 of 4 answered, 2 within 50 km"
    assert find["points"] == [[43.34, 52.86], [43.65, 51.17], [43.5, 52.9]]
    assert find["target"] == [43.34, 52.86]
    assert "points" not in rows[0]  # a choice has its spread, no points
    # A feature of a layer: its points, but no place to measure from.
    assert rows[2]["points"] == [] and rows[2]["target"] is None
    assert rows[2]["line"] == "0 of 4 answered, 0 right"


def test_the_line_is_in_the_presenters_language(story):
    west = story.steps[0]
    answers = given(story, {"a": ("west:1", "43.34,52.86")})
    rows = class_answers({"west": list(west.check)}, answers, 1, translator("ru"), find_targets([west]))["west"]
    assert "50" in rows[1]["line"] and "within" not in rows[1]["line"]


def test_only_the_checks_points_are_read():
    answers = [
        Answer("a", "west", 1, "43.340,52.860", True, 1.0),
        Answer("b", "west", 2, "44.000,53.000", None, 2.0),
        Answer("c", "west", 0, "1", False, 3.0),
    ]
    assert points(answers, "west", 1) == [(43.34, 52.86)]
    assert points(answers, "west", 0) == []
