"""The map pane: the story's folium map, moved step by step without remounting."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit_folium import st_folium

from components.navigation import shown_index
from geodata.catalog import MAP_ATTRIBUTION, LayerCatalog
from story.format.model import Story
from story.map.folium_map import build_base_map, build_step_layer, tile_provider
from story.map.state import Motion, map_config, map_texts, step_state
from story.reader.i18n import Translator
from story.reader.navigation import next_step_with_place, place_key_named
from story.reader.text import escape

MAP_KEY = "story-map"
MAP_HEIGHT = 560
# Relative to the map's iframe (/component/streamlit_folium.st_folium/index.html), so
# it also works when the app is served under a path prefix.
STATIC_URL = "../../app/static/"
GEODATA_URL = STATIC_URL + "geodata/"


def render_map(
    story: Story,
    index: int,
    catalog: LayerCatalog,
    tr: Translator,
    tiles: str,
    motion: Motion,
    go_to_step: Callable[[str], None],
) -> None:
    """Draw the map for step `index`; a click on a place calls `go_to_step`."""
    provider = tile_provider(tiles)
    config = map_config(story, catalog, map_texts(tr, MAP_ATTRIBUTION), tr.language, GEODATA_URL, provider is not None)
    base = build_base_map(config, STATIC_URL, provider)
    step_layer = build_step_layer(step_state(story, index, catalog, motion))

    def on_click() -> None:
        value = st.session_state.get(MAP_KEY) or {}
        place_key = place_key_named(story, value.get("last_object_clicked_tooltip"))
        if place_key is None:
            return
        target = next_step_with_place(story, shown_index(story, index), place_key)
        if target is not None:
            go_to_step(story.steps[target].id)

    with st.container(key="story-map-pane"):
        st_folium(
            base,
            key=MAP_KEY,
            height=MAP_HEIGHT,
            use_container_width=True,
            # Only clicks come back: a pan or zoom must not rerun the script.
            returned_objects=["last_object_clicked_tooltip", "last_object_clicked_count"],
            feature_group_to_add=step_layer,
            on_change=on_click,
        )
        label, alt = escape(tr.gettext("Map")), escape(story.steps[index].view.alt)
        st.html(f'<p class="sm-map-alt"><span class="sm-label">{label}:</span> {alt}</p>')


def tiles_attribution(tiles: str) -> str | None:
    """Plain-text credit for the online basemap, for the credits list."""
    provider = tile_provider(tiles)
    return provider.attribution if provider is not None else None
