"""Issue 32: the printable summary of a class's answers, one page per self-check
(story/outputs/class_summary.py), from tests/stories/checks.yaml and answers as the server keeps them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from story.format.loader import load_story
from story.outputs.class_summary import class_summary_html
from story.reader.i18n import translator
from tests.conftest import TEST_STORIES


@dataclass(frozen=True)
class Given:
    step: str
    check: int
    answer: str
    correct: bool | None


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(TEST_STORIES / "checks.yaml", catalog)


GIVEN = [
    Given("west", 0, "1", True),
    Given("west", 0, "0", False),
    Given("west", 0, "1", True),
    Given("west", 1, "43.340,52.860", True),  # on Zhanaozen
    Given("west", 1, "43.650,51.170", False),  # Aktau, about 140 km away
]


def sheets(page: str) -> list[str]:
    return re.findall(r'<section class="sheet">(.*?)</section>', page, re.S)


def test_one_printed_page_per_check_with_its_question_count_and_right_answer(story):
    page = class_summary_html(story, GIVEN, 4, translator("en"))
    assert "@page" in page and "break-after: page" in page
    choice, find, region = sheets(page)  # the story's three checks; its other steps have none
    assert "<h1>In which region is Zhanaozen?</h1>" in choice
    assert "3 of 4 answered" in choice
    # The spread: how many chose each, the right one marked.
    rows = re.findall(r"<tr( class=\"right\")?><td>(.*?)</td><td class=\"number\">(\d+)</td>", choice)
    assert rows == [("", "Almaty", "1"), (' class="right"', "Mangystau ✓", "2"), ("", "Atyrau", "0")]
    assert "The right answer:</strong> Mangystau" in choice

    assert "2 of 4 answered" in find and "1 of 2 within 50 km of Zhanaozen" in find
    assert find.count('r="4"') == 2, "a dot per click"
    assert 'aria-label="Where the class clicked: 2 points' in find
    assert "The right answer:</strong> Zhanaozen" in find

    # A feature of a layer: counted, no share (no place to measure from).
    assert "0 of 4 answered" in region and "within" not in region and "<svg" not in region


def test_authored_text_is_escaped(story):
    west = story.steps[0]
    check = west.check[0].model_copy(update={"question": "<script>alert(1)</script>"})
    forged = story.model_copy(update={"steps": [west.model_copy(update={"check": [check]}), *story.steps[1:]]})
    page = class_summary_html(forged, [], 0, translator("en"))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "0 of 0 answered" in page


def test_the_page_speaks_the_presenters_language(story):
    page = class_summary_html(story, GIVEN, 4, translator("ru"))
    assert "answered" not in page and "The right answer" not in page and "within" not in page
    assert "Ответили: 3 из 4" in page


def test_which_day_and_put_in_order_each_have_a_page_with_what_the_class_answered(catalog):
    timed = load_story(TEST_STORIES / "time-checks.yaml", catalog)
    given = [
        Given("the-days", 0, "2022-01-04", True),
        Given("the-days", 0, "2022-01-08", False),
        Given("the-days", 1, "1,0,2,3", False),
        Given("the-days", 1, "0,1,2,3", True),
        Given("the-days", 1, "1,0,2,3", False),
    ]
    day, order = sheets(class_summary_html(timed, given, 3, translator("en")))
    assert "On which day did the reports reach Almaty?" in day and "2 of 3 answered" in day
    assert re.search(r'<tr class="right"><td>4 January 2022 ✓</td><td class="number">1</td>', day)
    assert re.search(r"<tr><td>8 January 2022</td><td class=\"number\">1</td>", day)
    assert "<strong>The right answer:</strong> 4 January 2022" in day
    assert "3 of 3 answered" in order
    most_given = "Protests in Almaty → Protests in Zhanaozen → Troops arrive → Protests end"
    assert re.search(rf'<tr><td>{most_given}</td><td class="number">2</td>', order)
    assert order.index(most_given) < order.index("Protests in Zhanaozen → Protests in Almaty → Troops")
    assert "<strong>The right answer:</strong> Protests in Zhanaozen → Protests in Almaty → Troops" in order
