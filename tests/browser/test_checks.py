"""Self-checks in Chromium: a multiple-choice question and two places to find on the map, answered right
and wrong, by mouse and by keyboard, in the app and in the export opened from file://.

tests/stories/checks.yaml: Zhanaozen to find (a place: right within 50 km) and the Mangystau region
(a feature: right inside it).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from story.cli import main as story_command
from tests.conftest import TEST_STORIES
from tests.support.browser import open_story, serious_violations, wait_map_settled
from tests.support.server import StreamlitServer

STORY = TEST_STORIES / "checks.yaml"
STEP = ".sp-player .sp-step"


@pytest.fixture(scope="module")
def server(start_server) -> StreamlitServer:
    return start_server("--story", str(STORY))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "checks.html"
    assert story_command(["export", str(STORY), "--tiles", "none", "-o", str(path)]) == 0
    return path


def click_map_at(page: Page, lat: float, lon: float) -> None:
    """A click on the map at this latitude and longitude."""
    point = page.evaluate("([lat, lon]) => window.storymap.instance.map.latLngToContainerPoint([lat, lon])", [lat, lon])
    box = page.locator(".sp-map.leaflet-container").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def answer_the_checks(page: Page) -> None:
    checks = page.locator(f"{STEP} .sm-check")
    expect(checks).to_have_count(3)
    choice, place, region = checks.nth(0), checks.nth(1), checks.nth(2)

    # Multiple choice, wrong by mouse, then right by keyboard (arrow keys move the radio choice).
    choice.get_by_label("Almaty").check()
    choice.get_by_role("button", name="Check my answer").click()
    expect(choice.locator(".sm-check-feedback")).to_have_text("Not quite. The answer is: Mangystau.")
    expect(choice.locator(".sm-check-explain")).to_be_visible()
    choice.get_by_label("Almaty").focus()
    page.keyboard.press("ArrowDown")
    expect(choice.get_by_label("Mangystau")).to_be_checked()
    page.keyboard.press("Tab")
    expect(choice.get_by_role("button", name="Check my answer")).to_be_focused()
    page.keyboard.press("Enter")
    expect(choice.locator(".sm-check-feedback")).to_have_text("Right.")
    assert page.evaluate("document.documentElement.getAttribute('data-story-step')") == "west", "no step change"

    # Find a place: a click far off is wrong and says how far; the right place is shown.
    place.get_by_role("button", name="Answer on the map").click()
    expect(place.locator(".sm-check-feedback")).to_have_text("Click the map where you think it is.")
    click_map_at(page, 45.0, 58.0)
    expect(place.locator(".sm-check-feedback")).to_have_text(
        re.compile(r"^Not quite: your answer is [\d,]+ km from Zhanaozen\. It is shown on the map\.$")
    )
    km = int(re.search(r"([\d,]+) km", place.locator(".sm-check-feedback").inner_text()).group(1).replace(",", ""))
    assert 420 < km < 480, km  # 45 N 58 E is about 450 km from Zhanaozen
    expect(page.locator(".sp-map[data-answer-shown='true']")).to_have_count(1)
    # A click on the place's own marker answers (and does not move the story to it).
    place.get_by_role("button", name="Answer on the map").click()
    click_map_at(page, 43.34, 52.86)
    expect(place.locator(".sm-check-feedback")).to_have_text("Right: your answer is 0 km from Zhanaozen.")
    assert page.evaluate("document.documentElement.getAttribute('data-story-step')") == "west"
    # By keyboard: one of the step's places from the list.
    place.locator("select").select_option(label="Aktau")
    place.get_by_role("button", name="Check my answer").focus()
    page.keyboard.press("Enter")
    expect(place.locator(".sm-check-feedback")).to_have_text(
        re.compile(r"^Not quite: your answer is 1[45]\d km from Zhanaozen\.")
    )

    # Find a region: inside it is right, at 0 km.
    region.get_by_role("button", name="Answer on the map").click()
    click_map_at(page, 44.0, 54.0)
    expect(region.locator(".sm-check-feedback")).to_have_text("Right: your answer is in Mangystau.")
    region.locator("select").select_option(label="Zhanaozen")
    region.get_by_role("button", name="Check my answer").click()
    expect(region.locator(".sm-check-feedback")).to_have_text("Right: your answer is in Mangystau.")


def test_the_app_answers_every_kind_of_check_by_mouse_and_keyboard(page: Page, server):
    open_story(page, server.url)
    answer_the_checks(page)
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    # Back to the step later: what the checks said is still there.
    page.get_by_role("button", name="Next").click()
    wait_map_settled(page, "east")
    page.get_by_role("button", name="Previous").click()
    expect(page.locator(f"{STEP} .sm-check").nth(0).locator(".sm-check-feedback")).to_have_text("Right.")


def test_the_export_from_disk_answers_them_offline(page: Page, exported: Path):
    page.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    page.goto(exported.as_uri())
    wait_map_settled(page, "west")
    answer_the_checks(page)
