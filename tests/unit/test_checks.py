"""Self-checks: what the reader's page holds for each, the handout's questions and answers, translations."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from story.format.loader import load_story
from story.outputs.handout import handout_pdf
from story.player import player_data
from story.reader.i18n import translator
from story.reader.narrative import sections_html, step_sections
from tests.conftest import TEST_STORIES

STORY = TEST_STORIES / "checks.yaml"


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(STORY, catalog)


def test_each_check_carries_what_the_page_needs_to_judge_it(story, catalog):
    html = sections_html(step_sections(story, 0, catalog, translator("en")))
    checks = re.findall(r'<div class="sm-check" ([^>]*)>', html)
    assert len(checks) == 3
    choice, place, region = checks
    assert 'data-kind="choice"' in choice and 'data-answer="1"' in choice
    assert 'data-wrong="Not quite. The answer is: Mangystau."' in choice
    assert 'data-target-lat="43.34000" data-target-lon="52.86000" data-target-km="50"' in place
    assert 'data-target-layer="kazakhstan-regions" data-target-feature="KZ-MAN"' in region
    assert 'data-target-name="Mangystau"' in region and 'data-target-km="10"' in region
    # A keyboard way to answer a find question: the step's places, with their positions.
    assert html.count('<option value="aktau" data-lat="43.65000" data-lon="51.17000">Aktau</option>') == 2
    assert html.count('type="radio" name="sm-check-west-0"') == 3
    assert player_data(story, catalog, translator("en"), None)["checkCount"] == 3


def test_the_checks_speak_the_readers_language(story, catalog):
    html = sections_html(step_sections(story, 0, catalog, translator("kk")))
    assert "Өзіңізді тексеріңіз" in html and "Жауабымды тексеру" in html and "Картада жауап беру" in html


def test_the_handout_asks_on_the_step_and_answers_on_a_last_page_for_the_teacher(story, catalog):
    reader = PdfReader(io.BytesIO(handout_pdf(story, catalog, translator("en"))))
    pages = [page.extract_text() for page in reader.pages]
    west = next(text for text in pages if "The west" in text and "Check yourself" in text)
    assert "1. In which region is Zhanaozen?" in west and "b) Mangystau" in west
    assert "Mangystau is on the Caspian Sea." not in west, "no answers on the class's pages"
    answers = next(index for index, text in enumerate(pages) if "Answers to the checks (for the teacher)" in text)
    assert answers > max(index for index, text in enumerate(pages) if "The east" in text)
    text = pages[answers]
    assert "1. b) Mangystau. Zhanaozen is in the Mangystau region, in the west." in text
    assert "2. Zhanaozen." in text and "3. Mangystau. Mangystau is on the Caspian Sea." in text
