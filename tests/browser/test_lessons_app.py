"""`?lesson=` in the app, on the flagship: the issue's acceptance, "Step 1 of N" with N the lesson's count,
and the lesson kept in the address the app's host writes (tests/browser/test_lessons.py tests the player)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from story.format.files import FLAGSHIP
from story.format.lessons import find_lesson, lesson_indexes
from story.format.loader import load_story
from tests.support.browser import open_story


def test_the_january_lesson_counts_its_own_steps_and_stays_in_the_address(page: Page, flagship_server, catalog):
    story = load_story(FLAGSHIP, catalog)
    january = find_lesson(story, "january")
    assert january is not None
    steps = [story.steps[i] for i in lesson_indexes(story, january)]
    open_story(page, f"{flagship_server.url}/?lesson=january")
    counter = page.locator(".sp-player .sp-counter")
    expect(counter).to_have_text(f"Step 1 of {len(steps)}")
    expect(page.locator(".sp-player .sp-lesson")).to_have_text("Lesson: January 2022 in one lesson")
    page.keyboard.press("End")
    expect(page.locator("#step-title")).to_have_text(steps[-1].title)
    expect(counter).to_have_text(f"Step {len(steps)} of {len(steps)}")
    expect(page).to_have_url(re.compile(rf"[?]lesson=january&.*step={steps[-1].id}$"))
