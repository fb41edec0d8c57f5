"""The map as data: one base map for every step, and a small per-step state."""

from __future__ import annotations

import json
import re

import pytest
from streamlit_folium import _get_feature_group_string, _get_header, _get_map_string, generate_js_hash

from geodata.catalog import LayerCatalog
from story.format.loader import load_story, parse_story
from story.map.folium_map import build_base_map, build_step_layer, static_assets, tile_provider
from story.map.state import MapTexts, map_config, step_state
from tests.conftest import TEST_STORIES

STATIC = "../../app/static/"
TEXTS = MapTexts(back="Back", offline="Offline", data_attribution="Natural Earth")


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(TEST_STORIES / "three-steps.yaml", catalog)


def base_map_js(story, catalog, tiles="OpenStreetMap.Mapnik") -> str:
    config = map_config(story, catalog, TEXTS, "en", STATIC + "geodata/", True)
    base = build_base_map(config, STATIC, tile_provider(tiles))
    base.render()
    return _get_map_string(base)


def test_the_base_map_is_the_same_for_every_rerun(story, catalog):
    # streamlit-folium remounts the iframe when this hash changes: it must not.
    first, second = base_map_js(story, catalog), base_map_js(story, catalog)
    assert generate_js_hash(first, "story-map") == generate_js_hash(second, "story-map")


def test_a_step_changes_only_the_feature_group(story, catalog):
    config = map_config(story, catalog, TEXTS, "en", STATIC + "geodata/", True)
    base = build_base_map(config, STATIC, None)
    base.render()
    groups = [
        _get_feature_group_string(build_step_layer(step_state(story, i, catalog, "system")), base)
        for i in range(len(story.steps))
    ]
    assert len(set(groups)) == len(story.steps)
    shown = [json.loads(re.search(r"showStep\((.*)\);", g).group(1)) for g in groups]
    assert [s["step"] for s in shown] == ["west", "almaty-peak", "new-york"]
    # Small enough to send on every step (the base map is not re-sent as a change).
    assert max(len(g) for g in groups) < 2_000


def test_leaflet_and_the_controller_load_from_our_server_not_a_cdn(story, catalog):
    config = map_config(story, catalog, TEXTS, "en", STATIC + "geodata/", False)
    base = build_base_map(config, STATIC, None)
    base.render()
    header = _get_header(base)
    js, css = static_assets(STATIC)
    assert all(url.startswith(STATIC) for _, url in js + css)
    assert base.default_js == js and base.default_css == css
    assert "cdn" not in header.lower() and "jquery" not in header.lower()


def test_place_names_reach_the_map_as_data_not_markup(catalog):
    hostile = """\
id: hostile
title: T
language: en
steps:
  - id: a
    title: A
    date: 2022
    body: B
    view: {center: [43, 76], zoom: 5, alt: A map}
    places:
      - {name: "<img src=x onerror=alert(1)></script>", lat: 43, lon: 76}
"""
    story = parse_story(hostile.encode(), "hostile.yaml", catalog)
    js = base_map_js(story, catalog)
    assert "<img" not in js and "</script>" not in js
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in js


def test_fixed_fitted_and_world_views(story, catalog):
    west = step_state(story, 0, catalog, "system")["view"]
    (south, west_lon), (north, east_lon) = west["bounds"]
    assert west["maxZoom"] == 7
    assert south <= 43.25 <= north and west_lon <= 52.86192 and east_lon >= 76.91667
    assert step_state(story, 1, catalog, "reduce")["view"] == {"center": [43.25, 76.91667], "zoom": 9}
    far = step_state(story, 2, catalog, "full")["view"]["bounds"]
    assert far[0][1] <= -73.98571 and far[1][1] >= 76.91667


def test_a_step_state_lists_its_layers_by_role_and_its_places(story, catalog):
    state = step_state(story, 0, catalog, "system")
    assert state["layers"] == [
        {"id": "kazakhstan", "role": "context", "highlight": []},
        {"id": "kazakhstan-regions", "role": "context", "highlight": ["KZ-MAN"]},
    ]
    assert state["places"] == ["zhanaozen", "almaty"]
    assert state["alt"].startswith("Kazakhstan from Zhanaozen")


def test_a_broken_layer_is_left_out_of_the_map_and_of_fits(story, catalog):
    broken = LayerCatalog(
        layers={k: v for k, v in catalog.layers.items() if k != "kazakhstan-regions"},
        problems={"kazakhstan-regions": "the file geodata/kazakhstan-regions.geojson is missing"},
    )
    state = step_state(story, 0, broken, "system")
    assert [layer["id"] for layer in state["layers"]] == ["kazakhstan"]
    assert state["view"]["bounds"]


def test_every_place_of_the_story_is_a_marker_once(story, catalog):
    config = map_config(story, catalog, TEXTS, "en", STATIC + "geodata/", True)
    assert [p["key"] for p in config["places"]] == ["zhanaozen", "almaty", "times-square"]
