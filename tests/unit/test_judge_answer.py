"""Issue 32: a follower's answer is judged again on the server; what no check can have is dropped."""

from __future__ import annotations

import pytest

from story.format.loader import load_story
from story.reader.answers import JudgedAnswer, judge_answer, km_between
from tests.conftest import TEST_STORIES


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(TEST_STORIES / "checks.yaml", catalog)


def test_a_choice_is_right_when_it_is_the_storys_answer_whatever_the_page_says(story):
    assert judge_answer(story, "west:0", "1") == JudgedAnswer("west", 0, "1", True)
    assert judge_answer(story, "west:0", "0") == JudgedAnswer("west", 0, "0", False)


def test_a_place_is_right_within_its_distance(story):
    assert judge_answer(story, "west:1", "43.3400,52.8600").correct is True
    assert judge_answer(story, "west:1", "43.2500,76.9500").correct is False  # Almaty, 1,950 km away


def test_a_click_for_a_layers_feature_is_kept_unjudged(story):
    assert judge_answer(story, "west:2", "44.0,53.0") == JudgedAnswer("west", 2, "44.000,53.000", None)


def test_a_click_is_kept_to_about_100_m_and_judged_from_the_click(story):
    # 43.3404 is kept as 43.340: three decimals of a degree, about 111 m.
    assert judge_answer(story, "west:1", "43.3404,52.8596") == JudgedAnswer("west", 1, "43.340,52.860", True)
    # 49 km north of Zhanaozen is within 50 km; 52 km is not, whatever the page said.
    assert judge_answer(story, "west:1", "43.7807,52.8600").correct is True
    assert judge_answer(story, "west:1", "43.8077,52.8600").correct is False


@pytest.mark.parametrize(
    ("key", "given"),
    [
        ("nowhere:0", "1"),  # a step the story does not have
        ("west:9", "1"),  # a check the step does not have
        ("west:0", "7"),  # a choice the check does not have
        ("west:0", "x" * 1_000_000),  # a megabyte
        ("west:1", "91,0"),  # not a place on Earth
        ("west:1", "1"),  # a choice for a find check
        ("west:0", None),
        (None, "1"),
        ("west:0:1", "1"),
    ],
)
def test_what_no_check_can_have_is_dropped(story, key, given):
    assert judge_answer(story, key, given) is None


def test_distances_are_great_circle_kilometres():
    assert km_between(43.25, 76.95, 51.17, 71.45) == pytest.approx(970, rel=0.02)  # Almaty to Astana
