"""The flagship's lessons carry speaker notes for the teacher who presents them, in English, Russian and Kazakh:
every step of each lesson has its own short notes, not a copy of what the class reads, and a step whose facts are
disputed sends her to the box that says so."""

from __future__ import annotations

import re

import pytest

from geodata.catalog import LayerCatalog
from story.format.files import FLAGSHIP
from story.format.lessons import find_lesson, lesson_indexes
from story.format.loader import load_story
from story.format.model import Step, Story
from story.format.translation import localize
from story.reader.i18n import translator

LANGUAGES = ["en", "ru", "kk"]
LESSONS = ["january", "history"]
MOST_WORDS = 79  # a glance while presenting: under 80 words, counting "2,030" or "88 000" as two


@pytest.fixture(scope="module")
def stories(catalog: LayerCatalog) -> dict[str, Story]:
    original = load_story(FLAGSHIP, catalog)
    return {"en": original} | {language: localize(original, FLAGSHIP, language).story for language in ["ru", "kk"]}


def lesson_steps(story: Story, lesson_id: str) -> list[Step]:
    lesson = find_lesson(story, lesson_id)
    assert lesson is not None, f"the flagship has no lesson '{lesson_id}'"
    return [story.steps[index] for index in lesson_indexes(story, lesson)]


def words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lesson_id", LESSONS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_step_of_the_lesson_has_short_speaker_notes_of_its_own(stories, language: str, lesson_id: str):
    steps = lesson_steps(stories[language], lesson_id)
    assert len(steps) >= 5
    assert [step.id for step in steps if not step.speaker_notes] == []
    counts = {step.id: words(step.speaker_notes or "") for step in steps}
    assert {step_id: count for step_id, count in counts.items() if count > MOST_WORDS} == {}
    assert [step.id for step in steps if flat(step.speaker_notes or "") in flat(step.body)] == []
    assert len({flat(step.speaker_notes or "") for step in steps}) == len(steps), "two steps share their notes"


@pytest.mark.parametrize("lesson_id", LESSONS)
@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_speaker_notes_are_translated(stories, language: str, lesson_id: str):
    english = {step.id: flat(step.speaker_notes or "") for step in lesson_steps(stories["en"], lesson_id)}
    steps = lesson_steps(stories[language], lesson_id)
    assert [step.id for step in steps if flat(step.speaker_notes or "") == english[step.id]] == []
    assert [step.id for step in steps if not re.search(r"[а-яәғқңөұүһі]", step.speaker_notes or "", re.I)] == []


@pytest.mark.parametrize("lesson_id", LESSONS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_disputed_step_s_notes_send_the_teacher_to_its_other_sources(stories, language: str, lesson_id: str):
    box = translator(language).gettext("Other sources")
    disputed = [step for step in lesson_steps(stories[language], lesson_id) if step.other_sources]
    assert disputed
    assert [step.id for step in disputed if box not in (step.speaker_notes or "")] == []
