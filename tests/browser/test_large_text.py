"""Large text for a projector, in Chromium at 1920x1080: ?size=large (a shared link, the offline copy) and
the presenter's switch make the body 28 px or more and the map's names larger, keep the step framed and
readable by axe, and the address keeps the choice from step to step and through a reload.

What the player does on its own runs on the small walk story's export opened from disk; the app keeps the
share panel's option and the presenter's switch, on the session's small-story server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from story.format.loader import load_story
from tests.conftest import TEST_STORIES
from tests.support.browser import export_story, open_story, serious_violations, wait_map_settled

WALK = TEST_STORIES / "walk.yaml"
THREE_STEPS = TEST_STORIES / "three-steps.yaml"
PROJECTOR = {"width": 1920, "height": 1080}
BODY_PX = 28


@pytest.fixture(scope="module")
def walk(catalog):
    return load_story(WALK, catalog)


@pytest.fixture(scope="module")
def exported_walk(tmp_path_factory) -> Path:
    return export_story(WALK, tmp_path_factory.mktemp("export") / "walk.html")


def font_px(page: Page, selector: str) -> float:
    return page.locator(selector).first.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)")


def test_size_large_makes_the_text_and_the_maps_names_big_enough_for_the_back_of_a_room(
    browser: Browser, exported_walk: Path, walk
):
    context = browser.new_context(viewport=PROJECTOR, reduced_motion="reduce", bypass_csp=True)
    page = context.new_page()
    page.route("http*://**", lambda route: route.abort())
    first, second = walk.steps[0], walk.steps[1]
    open_story(page, exported_walk.as_uri() + f"#step={first.id}")
    normal_body, normal_place = font_px(page, ".sm-body p"), font_px(page, ".sm-place-label")
    assert normal_body < BODY_PX, "the default stays the reading size of a screen"

    open_story(page, exported_walk.as_uri() + f"?size=large#step={first.id}")
    expect(page.locator("html")).to_have_class("sp-large")
    assert font_px(page, ".sm-body p") >= BODY_PX
    assert font_px(page, ".sp-counter") >= 0.75 * BODY_PX
    assert font_px(page, ".sm-place-label") >= 1.5 * normal_place
    # The step is still framed: its place's name is inside the map.
    map_box = page.locator(".sp-map").bounding_box()
    label_box = page.locator(".sm-place-label").first.bounding_box()
    assert map_box and label_box
    assert map_box["x"] <= label_box["x"] and label_box["x"] + label_box["width"] <= map_box["x"] + map_box["width"]
    assert serious_violations(page) == []

    page.get_by_role("button", name="Next").click()
    wait_map_settled(page, second.id)
    assert "?size=large" in page.url and page.url.endswith(f"#step={second.id}")
    page.reload()
    wait_map_settled(page, second.id)
    assert font_px(page, ".sm-body p") >= BODY_PX
    context.close()


def test_the_share_panel_and_the_presenter_give_the_room_large_text(browser: Browser, three_steps_server, catalog):
    story = load_story(THREE_STEPS, catalog)
    context = browser.new_context(viewport=PROJECTOR, reduced_motion="reduce")
    page = context.new_page()
    open_story(page, f"{three_steps_server.url}/?step={story.steps[1].id}")

    page.get_by_role("button", name="Share and embed").click()
    page.get_by_text("Large text for a projector").click()
    snippet = page.get_by_label("Code to paste")
    expect(snippet).to_have_value(re.compile(rf"step={story.steps[1].id}&amp;size=large&amp;embed=true"))
    page.keyboard.press("Escape")

    page.get_by_role("button", name="Present to a class").click()
    switch = page.get_by_role("button", name="Large text for the room")
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_class("sp-large")
    assert font_px(page, ".sm-body p") >= BODY_PX
    assert "size=large" in page.url and f"step={story.steps[1].id}" in page.url
    assert serious_violations(page) == []
    switch.click()
    expect(page.locator("html")).not_to_have_class("sp-large")
    assert "size=large" not in page.url
    context.close()
