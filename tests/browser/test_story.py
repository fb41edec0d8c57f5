"""The story player in the app, in a real browser: narrative, address and map change together, in the browser.

A step change is the page's own work: no script run on the server, no map built again. What the player does
without its host (a place clicked, our own basemap and its notice) runs on the export opened from disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, WebSocket, expect

from tests.conftest import TEST_STORIES
from tests.support.browser import (
    address_step,
    export_story,
    heading,
    map_view,
    open_export,
    open_story,
    shown,
    step_param,
    wait_map_settled,
)
from tests.support.server import StreamlitServer


@pytest.fixture(scope="module")
def server(three_steps_server: StreamlitServer) -> StreamlitServer:
    return three_steps_server


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The test story with online tiles, as the app has them (blocked here, so the offline notice shows)."""
    story = TEST_STORIES / "three-steps.yaml"
    return export_story(story, tmp_path_factory.mktemp("export") / "three-steps.html", tiles="OpenStreetMap.Mapnik")


def test_next_moves_title_address_and_map_without_asking_the_server(page: Page, server):
    sent: list[object] = []

    def watch(socket: WebSocket) -> None:
        socket.on("framesent", lambda payload: sent.append(payload))

    page.on("websocket", watch)
    open_story(page, f"{server.url}/?step=west")
    assert heading(page) == "Zhanaozen and Almaty"
    history_before = page.evaluate("history.length")
    builds_before = page.evaluate("window.storymapBuilds")
    sent.clear()

    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text("Almaty alone")
    wait_map_settled(page, "almaty-peak")

    assert step_param(page) == "almaty-peak"
    view = map_view(page)
    assert view["lat"] == pytest.approx(43.25, abs=0.01)
    assert view["lng"] == pytest.approx(76.91667, abs=0.01)
    assert view["zoom"] == 9
    assert page.evaluate("window.storymapBuilds") == builds_before, "the map was built again"
    assert page.evaluate("history.length") == history_before, "a step must not add a history entry"
    assert sent == [], "a step change sends nothing to the server"
    expect(page.locator(".sp-player .sp-counter")).to_have_text("Step 2 of 3")
    expect(page.get_by_role("button", name="Previous")).to_be_enabled()


def test_clicking_a_place_on_the_map_moves_the_story(page: Page, exported: Path):
    open_export(page, exported, "west")
    point = page.evaluate(
        "() => { const p = window.storymap.instance.map.latLngToContainerPoint([43.25, 76.91667]);"
        " return {x: p.x, y: p.y}; }"
    )
    page.locator(".leaflet-container").click(position=point)
    expect(page.locator("#step-title")).to_have_text("Almaty alone")
    wait_map_settled(page, "almaty-peak")
    assert address_step(page) == "almaty-peak"


def test_an_address_opens_its_step_and_a_reload_keeps_the_step_taken_in_the_browser(page: Page, server):
    open_story(page, f"{server.url}/?step=new-york")
    assert shown(page)["title"] == "Far away" and shown(page)["map"] == "new-york"
    assert map_view(page)["zoom"] < 4, "New York and Almaty both in view"
    page.keyboard.press("Home")
    expect(page.locator("#step-title")).to_have_text("Zhanaozen and Almaty")
    page.reload()
    wait_map_settled(page, "west")
    assert heading(page) == "Zhanaozen and Almaty"


def test_a_bad_address_opens_the_first_step_with_a_notice_that_goes_when_the_viewer_moves(page: Page, server):
    open_story(page, f"{server.url}/?step=%3Cscript%3Ealert(1)%3C/script%3E")
    assert heading(page) == "Zhanaozen and Almaty"
    notice = page.locator(".sp-player .sp-notice")
    expect(notice).to_contain_text("showing the first step")
    expect(notice).to_contain_text("<script>alert(1)</script>")
    assert step_param(page) == "west", "the address is corrected to the step shown"
    page.get_by_role("button", name="Next").click()
    expect(notice).to_be_hidden()


def test_the_map_draws_our_own_basemap_with_no_internet(page: Page, exported: Path):
    open_export(page, exported, "west")
    container = page.locator(".leaflet-container")
    expect(container).to_have_attribute("data-basemap", "drawn")
    assert page.locator(".leaflet-basemap-pane canvas").count() == 1, "the world's countries, on a canvas"
    assert page.evaluate("window.storymap.instance.basemap.getLayers().length") > 100
    notice = page.locator(".sm-map-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Online basemap unavailable")
    drawn = page.evaluate(
        "() => { const sm = window.storymap.instance; return Object.values(sm.stepLayers)"
        ".filter((l) => sm.map.hasLayer(l)).reduce((n, l) => n + l.getLayers().length, 0); }"
    )
    assert drawn >= 17, "Kazakhstan and its 16 regions are drawn"
    page.get_by_role("button", name="Dismiss").click()
    expect(notice).to_be_hidden()
    # The step is framed again in the room the notice gave back: the story's move, so the map
    # does not offer the way back to a view it never left.
    wait_map_settled(page, "west")
    expect(page.get_by_role("button", name="Back to the story view")).to_be_hidden()
    target = page.evaluate(
        "() => { const c = window.storymap.instance.map.getContainer();"
        " return [c.dataset.targetLat, c.dataset.targetLng].map(Number); }"
    )
    view = map_view(page)
    assert (view["lat"], view["lng"]) == pytest.approx(target, abs=0.01)  # within a pixel or so
