"""Scroll mode in Chromium (?mode=scroll), in the app and in the export from file://, on a wide screen and on a
phone: every step in one column beside a map that stays in view; the step whose text crosses the middle of the
screen becomes the current step, the map and the address follow; the keys still work; axe finds nothing
serious in either mode. The app keeps what its address does; the phone's column runs on the export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import export_story, open_story, serious_violations, wait_map_settled

STEPS = Path(__file__).resolve().parents[1] / "stories" / "three-steps.yaml"
IDS = ["west", "almaty-peak", "new-york"]


@pytest.fixture(scope="module")
def exported_scroll(tmp_path_factory) -> Path:
    return export_story(STEPS, tmp_path_factory.mktemp("export") / "three-steps.html", "--mode", "scroll")


def middle_of_the_screen(page: Page, step_id: str) -> None:
    """Scroll the step's text to the middle of the screen, as a reader's scrolling would bring it."""
    page.locator(f".sp-scroll-step[data-step='{step_id}'] .sm-body").scroll_into_view_if_needed()
    page.locator(f".sp-scroll-step[data-step='{step_id}'] .sm-body").evaluate(
        "(body) => body.scrollIntoView({block: 'center'})"
    )


def scroll_to_the_third_step(page: Page) -> None:
    column = page.locator(".sp-scroll-step")
    expect(column).to_have_count(3)
    expect(page.locator(".sp-scroll-step.sp-current")).to_have_attribute("data-step", IDS[0])
    middle_of_the_screen(page, IDS[2])
    expect(page.locator(".sp-scroll-step.sp-current")).to_have_attribute("data-step", IDS[2])
    wait_map_settled(page, IDS[2])
    # The map stayed in view while the text moved.
    box = page.locator(".sp-map.leaflet-container").bounding_box()
    viewport = page.viewport_size
    assert box["y"] < viewport["height"] and box["y"] + box["height"] > 0, box


def test_scrolling_the_third_steps_text_to_the_middle_moves_the_map_and_the_address(page: Page, three_steps_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_story(page, f"{three_steps_server.url}/?mode=scroll")
    scroll_to_the_third_step(page)
    expect(page).to_have_url(f"{three_steps_server.url}/?mode=scroll&lang=en&step={IDS[2]}")
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    # The keys still work: Home goes to the first step, scrolled to, with the map.
    page.locator("body").focus()
    page.keyboard.press("Home")
    wait_map_settled(page, IDS[0])
    expect(page.locator(".sp-scroll-step.sp-current")).to_have_attribute("data-step", IDS[0])
    expect(page.locator(f".sp-scroll-step[data-step='{IDS[0]}'] h2")).to_be_in_viewport()


def test_on_a_phone_the_map_sits_on_top_and_the_text_scrolls_under_it(browser: Browser, exported_scroll: Path):
    # The export's policy lets only its own scripts run: axe is let in past it.
    context = browser.new_context(
        viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True, bypass_csp=True
    )
    page = context.new_page()
    open_story(page, exported_scroll.as_uri())
    scroll_to_the_third_step(page)
    assert page.url.endswith(f"#step={IDS[2]}")
    box = page.locator(".sp-map.leaflet-container").bounding_box()
    assert box["y"] >= -1 and box["y"] < 60, f"the map is at the top of the screen: {box}"
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    context.close()


def test_a_scroll_address_opens_on_its_step_and_click_mode_stays_the_default(page: Page, three_steps_server):
    open_story(page, f"{three_steps_server.url}/?mode=scroll&step={IDS[1]}")
    wait_map_settled(page, IDS[1])
    expect(page.locator(".sp-scroll-step.sp-current")).to_have_attribute("data-step", IDS[1])
    expect(page.locator(f".sp-scroll-step[data-step='{IDS[1]}'] h2")).to_be_in_viewport()
    open_story(page, f"{three_steps_server.url}/?step={IDS[1]}")
    expect(page.locator(".sp-scroll-step")).to_have_count(0)
    expect(page.locator("#step-title")).to_have_text("Almaty alone")
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


def test_the_export_made_for_scrolling_follows_the_text_from_disk(page: Page, exported_scroll: Path):
    open_story(page, exported_scroll.as_uri())
    scroll_to_the_third_step(page)
    assert page.url.endswith(f"#step={IDS[2]}")
