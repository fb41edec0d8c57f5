"""`?lesson=` in the app, on the flagship: the issue's acceptance, "Step 1 of N" with N the lesson's count,
and the lesson kept in the address the app's host writes (tests/browser/test_lessons.py tests the player)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from story.format.files import FLAGSHIP
from story.format.lessons import find_lesson, lesson_indexes
from story.format.loader import load_story
from tests.conftest import TEST_STORIES
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


@pytest.fixture(scope="module")
def server(start_server):
    """The app playing tests/stories/lessons.yaml (`east` is taraz..nur-sultan)."""
    return start_server("--story", str(TEST_STORIES / "lessons.yaml"))


def test_the_share_panel_offers_the_lesson_in_its_link_and_embed(page: Page, server):
    open_story(page, f"{server.url}/?lesson=east&step=almaty")
    expect(page.locator(".sp-player .sp-counter")).to_have_text("Step 2 of 4")
    page.get_by_role("button", name="Share and embed").click()
    # The lesson in the address is the panel's first choice.
    expect(page.get_by_label("What to share")).to_have_value("The east")
    link = page.get_by_label("Link to this step")
    expect(link).to_have_value(re.compile(r"\?lesson=east&step=almaty$"))
    src = re.search(r'src="([^"]+)"', page.get_by_label("Code to paste").input_value())
    assert src and "lesson=east&amp;step=almaty" in src.group(1)
    # The embedded lesson plays the lesson too.
    open_story(page, src.group(1).replace("&amp;", "&"))
    expect(page.locator(".sp-player .sp-counter")).to_have_text("Step 2 of 4")


def test_the_offline_copy_downloaded_in_a_lesson_holds_the_lesson(page: Page, server):
    open_story(page, f"{server.url}/?lesson=east")
    page.get_by_role("button", name="Offline copy and handout").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download offline copy").click()
    assert download.value.suggested_filename == "lessons.east.en.html"
    html = Path(download.value.path()).read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="story-data">(.*?)</script>', html, re.S).group(1))
    assert [step["id"] for step in data["steps"]] == ["taraz", "almaty", "karaganda", "nur-sultan"]


def test_a_class_follows_a_presented_lesson_inside_it(page: Page, browser, server):
    open_story(page, f"{server.url}/?lesson=east")
    page.get_by_role("button", name="Present to a class").click()
    address = page.locator(".sp-present-address")
    expect(address).to_have_text(re.compile(r"/view\?follow=[A-Z2-9]{6}&lang=en&lesson=east$"))
    follower = browser.new_context(viewport={"width": 375, "height": 667}, reduced_motion="reduce").new_page()
    open_story(follower, address.inner_text())
    expect(follower.locator("#step-title")).to_have_text("Step 8: Taraz")
    expect(follower.locator(".sp-player .sp-counter")).to_have_text("Step 1 of 4")
    page.get_by_role("button", name="Next").click()
    expect(follower.locator("#step-title")).to_have_text("Step 9: Almaty")
    expect(follower.locator(".sp-player .sp-counter")).to_have_text("Step 2 of 4")
    expect(follower.get_by_role("link", name="Open the full app")).to_have_attribute(
        "href", "/?lesson=east&step=almaty&lang=en"
    )
    page.get_by_role("button", name="End the presentation").click()
    follower.context.close()
