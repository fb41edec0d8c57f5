"""Faults around the app: a damaged geodata folder, and a server restarted under a viewer.

Tiles that cannot be reached are covered by test_browser_story.py
(test_the_map_draws_our_own_basemap_with_no_internet): the map falls back to our own basemap with a notice.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from streamlit.testing.v1 import AppTest

from geodata.catalog import GEODATA_DIR, GEODATA_DIR_ENV, MANIFEST_NAME, cached_catalog, load_catalog
from story.format.files import FLAGSHIP
from story.format.loader import load_story
from story.format.model import Step
from tests.browser import MAP_IFRAME, heading, map_frame, open_story, step_param, wait_for_app, wait_map_settled
from tests.conftest import StreamlitServer, free_port
from tests.test_app import APP, THREE_STEPS, button, title

BROKEN = "kazakhstan-regions"  # a layer the three-step story shows on its first two steps


def delete(path: Path) -> None:
    path.unlink()


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:500])


def not_json(path: Path) -> None:
    path.write_text("<html>404 Not Found</html>", encoding="utf-8")


def not_geojson(path: Path) -> None:
    path.write_text(json.dumps({"type": "Topology", "objects": {}}), encoding="utf-8")


def no_features(path: Path) -> None:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": []}), encoding="utf-8")


def not_utf8(path: Path) -> None:
    path.write_bytes(b"\xff\xfe" + path.read_bytes()[:100])


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "missing": (delete, f"the file geodata/{BROKEN}.geojson is missing"),
    "truncated": (
        truncate,
        f"geodata/{BROKEN}.geojson cannot be read: not valid JSON (cut short or damaged?): Expecting",
    ),
    "not JSON": (
        not_json,
        f"geodata/{BROKEN}.geojson cannot be read: not valid JSON (cut short or damaged?): Expecting value",
    ),
    "not GeoJSON": (not_geojson, "not a GeoJSON FeatureCollection"),
    "no features": (no_features, "the layer has no features"),
    "not UTF-8": (not_utf8, f"geodata/{BROKEN}.geojson cannot be read: not UTF-8 text (byte 0)"),
}


def damaged_geodata(tmp_path: Path, damage: Callable[[Path], None]) -> Path:
    folder = tmp_path / "geodata"
    folder.mkdir()
    for path in [*GEODATA_DIR.glob("*.geojson"), GEODATA_DIR / MANIFEST_NAME]:
        shutil.copy(path, folder / path.name)
    damage(folder / f"{BROKEN}.geojson")
    return folder


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_layer_is_named_with_the_reason_and_the_others_load(tmp_path, kind):
    damage, reason = DAMAGE[kind]
    catalog = load_catalog(damaged_geodata(tmp_path, damage))
    assert list(catalog.problems) == [BROKEN]
    assert reason in catalog.problems[BROKEN]
    intact = load_catalog()
    assert set(catalog.layers) == set(intact.layers) - {BROKEN}
    assert catalog.layers["kazakhstan"] == intact.layers["kazakhstan"]
    assert BROKEN in catalog.known_ids, "a story naming the broken layer is still a valid story"


def test_the_app_reads_the_geodata_folder_named_in_the_environment(tmp_path, monkeypatch):
    folder = damaged_geodata(tmp_path, delete)
    monkeypatch.setenv(GEODATA_DIR_ENV, str(folder))
    assert BROKEN in cached_catalog().problems
    monkeypatch.delenv(GEODATA_DIR_ENV)
    assert cached_catalog().problems == {}


def run_two_steps() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    saved = sys.argv
    sys.argv = ["app.py", "--story", THREE_STEPS]
    try:
        at.run()
        assert not at.exception, at.exception
        button(at, "Next").click()
        at.run()
    finally:
        sys.argv = saved
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("kind", ["missing", "truncated"])
def test_the_story_plays_with_a_broken_layer_and_says_which(tmp_path, monkeypatch, kind):
    damage, reason = DAMAGE[kind]
    monkeypatch.setenv(GEODATA_DIR_ENV, str(damaged_geodata(tmp_path, damage)))
    at = run_two_steps()
    assert title(at) == "Almaty alone", "Next still moves the story"
    notices = [h.proto.body for h in at.html if h.proto.body.startswith('<p class="sm-notice"')]
    [notice] = notices
    assert f"Map layer “{BROKEN}” is not shown:" in notice and reason in notice
    [element] = [e for e in at.get("component_instance") if "st_folium" in e.proto.component_name]
    shown = json.loads(re.search(r"showStep\((.*)\);", json.loads(element.proto.json_args)["feature_group"])[1])
    assert shown["step"] == "almaty-peak"
    assert BROKEN not in [layer["id"] for layer in shown["layers"]], "the map is not asked to draw it"


@pytest.fixture
def restarted(page: Page) -> Iterator[tuple[Page, list[Step]]]:
    """A viewer on the flagship's step 7 whose server was stopped and started again on the same port."""
    steps = load_story(FLAGSHIP).steps
    port = free_port()
    first = StreamlitServer([], port=port).start()
    second = StreamlitServer([], port=port)
    status = page.get_by_test_id("stStatusWidget")
    try:
        open_story(page, f"{first.url}/?step={steps[6].id}")
        assert heading(page) == steps[6].title
        first.stop()
        expect(status).to_contain_text("connecting", ignore_case=True)  # the page noticed the server left
        second.start()
        # Streamlit's page reconnects by itself to the new server.
        expect(status).to_be_hidden(timeout=30_000)
        yield page, steps
    finally:
        first.stop()
        second.stop()


@pytest.mark.browser
def test_a_viewer_on_step_seven_is_still_on_step_seven_after_the_server_restarts(restarted):
    page, steps = restarted
    assert heading(page) == steps[6].title
    assert step_param(page) == steps[6].id
    # Reloading asks the new server for the page: the address alone brings the viewer back to step 7.
    page.reload()
    open_story_frame = wait_for_map(page)
    assert heading(page) == steps[6].title
    assert step_param(page) == steps[6].id
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(steps[7].title)
    wait_map_settled(open_story_frame, steps[7].id)
    assert step_param(page) == steps[7].id


@pytest.mark.browser
@pytest.mark.parametrize("how", ["Next button", "arrow key"])
def test_the_first_move_after_an_automatic_reconnect_moves_the_story(restarted, how):
    # The new server's session has never run the script, so it knows no callbacks:
    # the app acts on what the click or key sent instead (navigation.catch_up).
    page, steps = restarted
    if how == "Next button":
        page.get_by_role("button", name="Next").click()
    else:
        page.locator("#step-title").press("ArrowRight")
    expect(page.locator("#step-title")).to_have_text(steps[7].title)
    wait_for_app(page)
    assert step_param(page) == steps[7].id


def wait_for_map(page: Page):
    wait_for_app(page)
    page.frame_locator(MAP_IFRAME).locator(".leaflet-container[data-step]").wait_for()
    frame = map_frame(page)
    wait_map_settled(frame)
    return frame
