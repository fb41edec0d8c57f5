"""The flagship's lessons: "January 2022 in one lesson" fits a 45-minute class, "The history behind it" is there,
and both are named in English, Russian and Kazakh."""

from __future__ import annotations

import html
import re

import pytest

from story.format.files import FLAGSHIP
from story.format.lessons import find_lesson, lesson_indexes
from story.format.loader import load_story
from story.format.model import Story
from story.format.translation import localize
from story.reader.i18n import translator
from story.reader.narrative import step_sections

# What a class reads (the charts' tables, the map's legend and the discussion questions are the teacher's).
READ = {"content-note", "article", "body", "quote", "other-sources", "media", "check"}
WORDS_A_MINUTE = 140  # a 15-year-old, reading with care: 130 to 150
MAP_MINUTES = 1  # looking at each step's map
CONTROL_MINUTES = 1  # moving a day slider or a swipe
CHECK_MINUTES = 0.5  # answering a self-check, beyond reading it


@pytest.fixture(scope="module")
def flagship(catalog) -> Story:
    return load_story(FLAGSHIP, catalog)


def lesson_minutes(story: Story, lesson_id: str, catalog) -> float:
    lesson = find_lesson(story, lesson_id)
    assert lesson is not None, f"the flagship has no lesson '{lesson_id}'"
    tr, words, minutes = translator("en"), 0, 0.0
    for index in lesson_indexes(story, lesson):
        step = story.steps[index]
        for section in step_sections(story, index, catalog, tr, frozenset()):
            if section.kind in READ:
                words += len(re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", section.html))))
        minutes += MAP_MINUTES + CHECK_MINUTES * len(step.check) + CONTROL_MINUTES * bool(step.time or step.swipe)
    return words / WORDS_A_MINUTE + minutes


def test_january_2022_in_one_lesson_fits_a_45_minute_class_with_time_to_talk(flagship, catalog):
    january = find_lesson(flagship, "january")
    assert january is not None and january.minutes == 45
    ids = [flagship.steps[i].id for i in lesson_indexes(flagship, january)]
    assert all(flagship.steps[flagship.index_of(i) or 0].date.startswith("2022-01") for i in ids), ids
    assert 30 <= lesson_minutes(flagship, "january", catalog) <= 42


def test_the_history_behind_it_is_a_lesson_of_the_steps_before_2022(flagship, catalog):
    history = find_lesson(flagship, "history")
    assert history is not None
    steps = [flagship.steps[i] for i in lesson_indexes(flagship, history)]
    assert all(int(step.date[:4]) < 2022 for step in steps)
    assert lesson_minutes(flagship, "history", catalog) <= (history.minutes or 0)


@pytest.mark.parametrize(
    ("language", "titles"),
    [
        ("en", ["January 2022 in one lesson", "The history behind it"]),
        ("ru", ["Январь 2022 года за один урок", "История за этими событиями"]),
        ("kk", ["2022 жылғы қаңтар бір сабақта", "Осы оқиғалардың тарихи тамыры"]),
    ],
)
def test_the_lessons_are_named_in_each_language(flagship, language, titles):
    shown = localize(flagship, FLAGSHIP, language)
    assert [lesson.title for lesson in shown.story.lessons] == titles
    assert not {path for path in shown.untranslated if path.startswith("lessons")}
