"""Issue 32: "Which day?" on the step's slider and "Put these events in order", from the file to the page,
the server's judging and the handout."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from story.format.loader import load_story
from story.format.model import DayCheck, OrderCheck
from story.outputs.handout import handout_pdf
from story.player import player_data
from story.reader.answers import JudgedAnswer, judge_answer
from story.reader.i18n import translator
from story.reader.narrative import sections_html, step_sections
from tests.conftest import TEST_STORIES


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(TEST_STORIES / "time-checks.yaml", catalog)


def _checks(story, catalog, language="en") -> list[str]:
    html = sections_html(step_sections(story, 0, catalog, translator(language)))
    return re.findall(r'<div class="sm-check" .*?</div>', html)


def test_each_kind_is_read_by_its_own_key(story):
    day, order = story.steps[0].check
    assert isinstance(day, DayCheck) and day.day.isoformat() == "2022-01-04" and day.within == 1
    assert isinstance(order, OrderCheck) and order.order[0] == "Protests in Zhanaozen"


def test_the_page_holds_the_day_and_the_words_to_say(story, catalog):
    day, _order = _checks(story, catalog)
    assert 'data-kind="day"' in day and 'data-answer="2022-01-04"' in day and 'data-within="1"' in day
    assert 'data-wrong="Not quite: you chose {day}. The answer is 4 January 2022."' in day
    assert "data-sm-day" in day and "Move the map&#x27;s day slider" in day


def test_the_events_are_shown_out_of_order_the_same_in_every_language(story, catalog):
    shown = {
        language: re.findall(r'data-item="(\d)"', _checks(story, catalog, language)[1])
        for language in ("en", "ru", "kk")
    }
    assert sorted(shown["en"]) == ["0", "1", "2", "3"]
    assert shown["en"] != ["0", "1", "2", "3"], "shown in the right order, the question answers itself"
    assert shown["ru"] == shown["en"] == shown["kk"]


def test_every_event_can_be_moved_by_keyboard_with_its_name_said(story, catalog):
    order = _checks(story, catalog)[1]
    # Two buttons an event, each naming it for a screen reader.
    assert order.count("data-sm-move") == 8
    assert 'data-sm-move="-1" aria-label="Move up: Troops arrive">Move up</button>' in order
    assert order.count('draggable="true"') == 4
    assert 'aria-labelledby="sm-order-the-days-1"' in order and 'id="sm-order-the-days-1"' in order
    assert 'data-wrong="Not quite. The order is: Protests in Zhanaozen; Protests in Almaty; Troops arrive;' in order


def test_both_count_in_the_score_out_of_the_storys_checks(story, catalog):
    assert player_data(story, catalog, translator("en"), None)["checkCount"] == 2


def test_the_server_judges_a_day_within_the_checks_days(story):
    assert judge_answer(story, "the-days:0", "2022-01-04") == JudgedAnswer("the-days", 0, "2022-01-04", True)
    assert judge_answer(story, "the-days:0", "2022-01-05").correct is True  # a day after: within 1
    assert judge_answer(story, "the-days:0", "2022-01-06").correct is False


def test_the_server_judges_an_order_right_only_in_the_right_order(story):
    assert judge_answer(story, "the-days:1", "0,1,2,3") == JudgedAnswer("the-days", 1, "0,1,2,3", True)
    assert judge_answer(story, "the-days:1", "1,0,2,3").correct is False


@pytest.mark.parametrize(
    ("key", "given"),
    [
        ("the-days:0", "2022-02-01"),  # a day the slider does not have
        ("the-days:0", "2022-13-45"),  # no day at all
        ("the-days:0", "2"),  # a choice for a day
        ("the-days:1", "0,1,2"),  # an event left out
        ("the-days:1", "0,1,2,2"),  # an event twice
        ("the-days:1", "0,1,2,9"),  # an event the check does not have
        ("the-days:1", "2022-01-04"),  # a day for an order
    ],
)
def test_what_neither_check_can_have_is_dropped(story, key, given):
    assert judge_answer(story, key, given) is None


def test_the_handout_asks_both_on_paper_and_answers_them_for_the_teacher(story, catalog):
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(handout_pdf(story, catalog, translator("en")))).pages]
    asked = next(text for text in pages if "Check yourself" in text)
    assert "1. On which day did the reports reach Almaty?" in asked
    assert "Write the day (from 2 January 2022 to 11 January 2022)" in asked
    assert "Number the events from 1, the first." in asked and "[    ]  Troops arrive" in asked
    answers = next(text for text in pages if "Answers to the checks (for the teacher)" in text)
    assert "1. 4 January 2022 (any day from 3 January 2022 to 5 January 2022)." in answers
    assert "2. 1) Protests in Zhanaozen; 2) Protests in Almaty; 3) Troops arrive; 4) Protests end." in answers


def test_the_editor_tells_each_kind_by_its_key_and_what_it_still_needs():
    from story.editor.forms import check_block
    from story.editor.unfinished import missing

    assert check_block({"question": "", "day": ""}) == "DayCheck"
    assert check_block({"question": "", "order": []}) == "OrderCheck"
    assert missing({"question": "Which day?", "day": "", "explain": "Why."}) == ["day"]
    assert missing({"question": "In order?", "order": ["A", "B", " "], "explain": "Why."}) == ["order"]
    assert missing({"question": "In order?", "order": ["A", "B", "C"], "explain": "Why."}) == []
