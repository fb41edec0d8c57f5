"""A lesson in the player (`#lesson=` in the offline copy, `?lesson=` in the app): only its steps play.

On tests/stories/lessons.yaml, the walk's twelve steps with lessons: `east` is taraz..nur-sultan (four steps).
The player is one for both hosts, so what it does with a lesson is tested on the copy opened from disk; the
app's own address is tested in tests/browser/test_lessons_app.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import TEST_STORIES
from tests.support.browser import export_story, open_story, wait_map_settled

STORY = TEST_STORIES / "lessons.yaml"
EAST = ["Step 8: Taraz", "Step 9: Almaty", "Step 10: Karaganda", "Step 11: Nur-Sultan (Astana)"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    return export_story(STORY, tmp_path_factory.mktemp("lessons") / "lessons.html")


def test_a_lesson_counts_lists_and_keys_only_its_own_steps(page: Page, exported: Path):
    open_story(page, exported.as_uri() + "#lesson=east&step=almaty")
    title, counter = page.locator("#step-title"), page.locator(".sp-player .sp-counter")
    expect(title).to_have_text(EAST[1])
    expect(counter).to_have_text("Step 2 of 4")
    expect(page.locator(".sp-player .sp-lesson")).to_have_text("Lesson: The east")
    options = page.locator(".sp-player .sp-step-list option")
    expect(options).to_have_text([f"{n}. {t}" for n, t in enumerate(EAST, start=1)])
    # The timeline marks the lesson's steps only.
    marks = page.evaluate("() => window.storymap.player.data.timeline.points.map((p) => p.stepId)")
    assert marks == ["taraz", "almaty", "karaganda", "nur-sultan"]
    page.keyboard.press("End")
    expect(title).to_have_text(EAST[-1])
    expect(counter).to_have_text("Step 4 of 4")
    expect(page.get_by_role("button", name="Next")).to_be_disabled()
    page.keyboard.press("Home")
    expect(title).to_have_text(EAST[0])
    expect(page.get_by_role("button", name="Previous")).to_be_disabled()
    # The lesson stays in the address with the step: a reload or a shared link keeps it.
    expect(page).to_have_url(re.compile(r"#lesson=east&step=taraz$"))
    page.reload()
    wait_map_settled(page, "taraz")
    expect(counter).to_have_text("Step 1 of 4")


def test_a_step_outside_the_lesson_opens_its_first_step_and_says_so(page: Page, exported: Path):
    open_story(page, exported.as_uri() + "#lesson=east&step=zhanaozen")
    expect(page.locator("#step-title")).to_have_text(EAST[0])
    # The lesson's first step opens with the story's content note, as the story's first step does.
    expect(page.locator(".sp-player .sp-step")).to_contain_text("LESSON-NOTE")
    expect(page.locator(".sp-player .sp-notice")).to_have_text(
        "The step “zhanaozen” is not in the lesson “The east”; showing its first step."
    )


def test_an_unknown_lesson_is_said_in_plain_words_and_the_whole_story_plays(page: Page, exported: Path):
    open_story(page, exported.as_uri() + "#lesson=nope")
    expect(page.locator(".sp-player .sp-notice")).to_have_text(
        "There is no lesson “nope” in this story; showing the whole story."
    )
    expect(page.locator(".sp-player .sp-counter")).to_have_text("Step 1 of 12")
    expect(page.locator(".sp-player .sp-lesson")).to_be_hidden()


def test_scroll_mode_lays_out_the_lessons_steps_only(page: Page, exported: Path):
    open_story(page, exported.as_uri() + "?mode=scroll#lesson=east")
    expect(page.locator(".sp-player .sp-step h2")).to_have_text(EAST)


def test_autoplay_goes_through_the_lessons_steps_and_stops_at_its_last(page: Page, exported: Path):
    page.clock.install()
    page.add_init_script(
        "window.__steps = []; document.addEventListener('story:step', (e) => window.__steps.push(e.detail.step));"
    )
    page.goto(exported.as_uri() + "?autoplay=5#lesson=east")
    player = page.locator(".sp-player")
    expect(player).to_have_attribute("data-autoplay", "playing")
    page.clock.run_for(20_000)  # four steps' time: three moves, then it stops at the lesson's last
    expect(page.locator("#step-title")).to_have_text(EAST[-1])
    expect(player).to_have_attribute("data-autoplay", "paused")
    assert page.evaluate("() => window.__steps") == ["taraz", "almaty", "karaganda", "nur-sultan"]
