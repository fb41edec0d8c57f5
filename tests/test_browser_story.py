"""The story map in a real browser: narrative, address and map move together, the map never reloads."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser import MAP_IFRAME, heading, map_view, open_story, step_param, wait_map_settled
from tests.conftest import TEST_STORIES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(start_server):
    return start_server("--story", str(TEST_STORIES / "three-steps.yaml"))


def test_next_moves_heading_address_and_map_without_reloading_the_map(page: Page, server):
    frame = open_story(page, f"{server.url}/?step=west")
    assert heading(page) == "Zhanaozen and Almaty"
    frame.evaluate("window.__sameMap = 'still here'")
    history_before = page.evaluate("history.length")

    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text("Almaty alone")
    wait_map_settled(frame, "almaty-peak")

    assert step_param(page) == "almaty-peak"
    view = map_view(frame)
    assert view["lat"] == pytest.approx(43.25, abs=0.01)
    assert view["lng"] == pytest.approx(76.91667, abs=0.01)
    assert view["zoom"] == 9
    assert frame.evaluate("window.__sameMap") == "still here", "the map's iframe was reloaded"
    assert page.evaluate("history.length") == history_before, "a step must not add a history entry"


def test_clicking_a_place_on_the_map_moves_the_story(page: Page, server):
    frame = open_story(page, f"{server.url}/?step=west")
    point = frame.evaluate(
        "() => { const p = window.map.latLngToContainerPoint([43.25, 76.91667]); return {x: p.x, y: p.y}; }"
    )
    page.frame_locator(MAP_IFRAME).locator(".leaflet-container").click(position=point)
    expect(page.locator("#step-title")).to_have_text("Almaty alone")
    wait_map_settled(frame, "almaty-peak")
    assert step_param(page) == "almaty-peak"


def test_an_address_opens_its_step(page: Page, server):
    frame = open_story(page, f"{server.url}/?step=new-york")
    assert heading(page) == "Far away"
    assert frame.evaluate("window.storymap.instance.state.step") == "new-york"
    view = map_view(frame)
    assert view["zoom"] < 4, "New York and Almaty both in view"


def test_a_bad_address_shows_the_first_step_and_a_notice(page: Page, server):
    open_story(page, f"{server.url}/?step=%3Cscript%3Ealert(1)%3C/script%3E")
    assert heading(page) == "Zhanaozen and Almaty"
    expect(page.locator(".sm-notice")).to_contain_text("showing the first step")
    expect(page.locator(".sm-notice")).to_contain_text("<script>alert(1)</script>")
    assert step_param(page) == "west"


def test_the_map_draws_our_own_basemap_with_no_internet(page: Page, server):
    frame = open_story(page, f"{server.url}/?step=west")
    basemap_paths = frame.locator(".leaflet-basemap-pane path")
    expect(basemap_paths.first).to_be_attached()
    assert basemap_paths.count() > 100, "the world's countries are drawn from our geodata"
    notice = frame.locator(".sm-map-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Online basemap unavailable")
    assert frame.locator(".leaflet-overlay-pane path").count() >= 16, "Kazakhstan and its regions are drawn"
