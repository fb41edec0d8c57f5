"""The map as data: folium's script for the base map, the map's configuration, and each step's state."""

from __future__ import annotations

import datetime

import pytest

from geodata.catalog import LayerCatalog
from story.format.loader import load_story
from story.format.model import Swipe
from story.map.folium_map import MAP_ELEMENT, map_script
from story.map.state import map_config, step_state
from story.map.tiles import tile_config
from story.reader.i18n import translator
from tests.conftest import TEST_STORIES

EN = translator("en")


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(TEST_STORIES / "three-steps.yaml", catalog)


def test_folium_writes_the_same_base_map_every_time():
    # The player builds the map once per page and language: the same script gives the same map.
    tiles = tile_config("OpenStreetMap.Mapnik")
    first, second = map_script(tiles), map_script(tiles)
    assert first == second
    assert first["id"] == MAP_ELEMENT == "map_story"
    assert f'var {MAP_ELEMENT} = L.map(\n"{MAP_ELEMENT}"' in first["script"]
    assert "tile.openstreetmap.org" in first["script"]


def test_the_base_map_loads_nothing_from_a_cdn_and_has_no_tiles_when_told_so():
    script = map_script(None)["script"]
    assert "L.tileLayer" not in script
    for outside in ("cdn", "jquery", "bootstrap", "<script", "http"):
        assert outside not in script.lower()
    assert '"zoomAnimation": false' in script, "a step taken during a zoom animation must not be dropped"


def test_tiles_are_one_value_for_every_output():
    tiles = tile_config("OpenStreetMap.Mapnik")
    assert tiles is not None
    assert tiles["url"].startswith("https://") and tiles["maxZoom"] <= 18
    assert "OpenStreetMap" in tiles["attributionText"] and "<" not in tiles["attributionText"]
    assert tile_config("none") is None and tile_config("NONE") is None
    assert tile_config("OpenStreetMap.Mapnik") is tiles, "looked up once"


def test_fixed_fitted_and_world_views(story, catalog):
    west = step_state(story, 0, catalog)["view"]
    (south, west_lon), (north, east_lon) = west["bounds"]
    assert west["maxZoom"] == 7
    assert south <= 43.25 <= north and west_lon <= 52.86192 and east_lon >= 76.91667
    assert step_state(story, 1, catalog)["view"] == {"center": [43.25, 76.91667], "zoom": 9}
    far = step_state(story, 2, catalog)["view"]["bounds"]
    assert far[0][1] <= -73.98571 and far[1][1] >= 76.91667


def test_a_step_state_lists_its_layers_by_role_and_its_places(story, catalog):
    state = step_state(story, 0, catalog)
    assert state["layers"] == [
        {"id": "kazakhstan", "role": "context", "highlight": []},
        {"id": "kazakhstan-regions", "role": "context", "highlight": ["KZ-MAN"]},
    ]
    assert state["places"] == ["zhanaozen", "almaty"]
    assert state["alt"].startswith("Kazakhstan from Zhanaozen")


def test_a_swipe_step_marks_none_of_its_places_as_its_own_so_that_its_two_days_differ(story, catalog):
    # Issue 30: the step's places, labelled alike on both sides, hid the two days' difference.
    swipe = Swipe(left=datetime.date(2022, 1, 2), right=datetime.date(2022, 1, 4))
    swiping = story.model_copy(update={"steps": [story.steps[0].model_copy(update={"swipe": swipe})]})
    assert story.steps[0].places and step_state(swiping, 0, catalog)["places"] == []


def test_a_broken_layer_is_left_out_of_the_map_and_of_fits(story, catalog):
    broken = LayerCatalog(
        layers={k: v for k, v in catalog.layers.items() if k != "kazakhstan-regions"},
        problems={"kazakhstan-regions": "the file geodata/kazakhstan-regions.geojson is missing"},
    )
    state = step_state(story, 0, broken)
    assert [layer["id"] for layer in state["layers"]] == ["kazakhstan"]
    assert state["view"]["bounds"]


def test_every_place_of_the_story_is_a_marker_once_with_the_maps_words_in_the_readers_language(story, catalog):
    config = map_config(story, catalog, translator("ru"), None)
    assert [p["key"] for p in config["places"]] == ["zhanaozen", "almaty", "times-square"]
    assert config["language"] == "ru" and config["tiles"] is None
    assert config["labels"]["zoomIn"] != "Zoom in", "Leaflet's buttons are named in Russian"
    assert map_config(story, catalog, EN, None)["labels"]["back"] == "Back to the story view"
