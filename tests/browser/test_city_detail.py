"""Issue 30, "city steps readable offline": at city zoom the offline map names the airport and the towns
at the city's edge (the published `cities-detail` layer); at country zoom it does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import TEST_STORIES
from tests.support.browser import export_story, map_view, wait_map_settled

WALK = TEST_STORIES / "walk.yaml"
DETAIL_LABELS = ".sm-label-detail"


@pytest.fixture(scope="module")
def exported_walk(tmp_path_factory) -> Path:
    return export_story(WALK, tmp_path_factory.mktemp("export") / "walk.html")


def test_the_offline_map_names_the_airport_and_towns_at_city_zoom_only(page: Page, exported_walk: Path):
    page.route("http*://**", lambda route: route.abort())
    page.goto(exported_walk.as_uri() + "#step=almaty")
    wait_map_settled(page, "almaty")
    assert map_view(page)["zoom"] >= 10
    # The walk does not mark the airport as a place of its own: the basemap names it.
    expect(page.locator(DETAIL_LABELS, has_text="Almaty International Airport")).to_be_visible()
    expect(page.locator(DETAIL_LABELS, has_text="Otegen Batyr")).to_be_visible()

    page.goto(exported_walk.as_uri() + "#step=zhanaozen")
    wait_map_settled(page, "zhanaozen")
    # Far from Almaty and at region zoom, none of them is named.
    expect(page.locator(DETAIL_LABELS)).to_have_count(0)
