"""The offline basemap's labels follow a step change: placed after the frame that shows the new view,
for the layers and the view of the step shown, none left from the step before."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from story.cli import main as story_command
from tests.conftest import TEST_STORIES
from tests.support.browser import wait_map_settled

WALK = TEST_STORIES / "walk.yaml"
AREA_LABELS = ".leaflet-labels-pane .sm-label-area"


@pytest.fixture(scope="module")
def exported_walk(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "walk.html"
    assert story_command(["export", str(WALK), "-o", str(path), "--tiles", "none"]) == 0
    return path


def test_region_labels_follow_the_steps_layers_and_view(page: Page, exported_walk: Path):
    page.route("http*://**", lambda route: route.abort())
    page.goto(exported_walk.as_uri() + "#step=zhanaozen")
    wait_map_settled(page, "zhanaozen")
    # Step 1 shows the regions, framed on Mangystau: its name is on the map.
    expect(page.locator(AREA_LABELS, has_text="Mangystau")).to_be_visible()

    page.locator(".sp-next").click()
    wait_map_settled(page, "aktau")
    # Step 2 shows the country alone: no region is named any more.
    expect(page.locator(AREA_LABELS)).to_have_count(0)

    page.locator(".sp-next").click()
    wait_map_settled(page, "atyrau")
    # Step 3 brings the regions back, framed on Atyrau: named again, for the new view.
    expect(page.locator(AREA_LABELS, has_text="Atyrau")).to_be_visible()
