"""The folium objects behind the story map.

The base map is a pure function of its configuration, so every rerun of a page
builds the same map and streamlit-folium never remounts it; a step change only
sends a small feature group whose script hands the step's state to the map
controller. Leaflet and the controller load from our own static files, so the
map draws without internet.
"""

from __future__ import annotations

from functools import cache

import folium
import xyzservices
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from story.reader.text import js_json

# Tile providers by xyzservices name; "none" draws only our own vector basemap.
DEFAULT_TILES = "OpenStreetMap.Mapnik"
NO_TILES = "none"


def static_assets(static_url: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Leaflet and the controller, served by the app (or inlined by the export)."""
    js = [
        ("leaflet", f"{static_url}vendor/leaflet/leaflet.js"),
        ("storymap", f"{static_url}storymap/storymap.js"),
    ]
    css = [
        ("leaflet_css", f"{static_url}vendor/leaflet/leaflet.css"),
        ("storymap_css", f"{static_url}storymap/storymap.css"),
    ]
    return js, css


class StoryController(JSCSSMixin, MacroElement):
    """Starts the map controller on the base map with the story's configuration."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.storymap.init({{ this._parent.get_name() }}, {{ this.config_json }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict, static_url: str) -> None:
        super().__init__()
        self._name = "StoryController"
        self.config_json = js_json(config)
        self.default_js, self.default_css = static_assets(static_url)


class StepScript(MacroElement):
    """Hands one step's state to the controller (sent as `feature_group_to_add`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.storymap.showStep({{ this.state_json }});
        {% endmacro %}
        """
    )

    def __init__(self, state: dict) -> None:
        super().__init__()
        self._name = "StepScript"
        self.state_json = js_json(state)


@cache
def tile_provider(name: str) -> xyzservices.TileProvider | None:
    """The xyzservices provider called `name` ("CartoDB.Positron"), or None for "none".

    Cached: xyzservices searches its whole catalogue by name (~3 ms), and the map asks
    on every rerun.
    """
    if not name or name.lower() == NO_TILES:
        return None
    return xyzservices.providers.query_name(name)


def build_base_map(config: dict, static_url: str, tiles: xyzservices.TileProvider | None) -> folium.Map:
    """The map every step shares; identical for identical arguments."""
    base = folium.Map(
        location=[30, 40],
        zoom_start=2,
        tiles=None,
        min_zoom=2,
        max_zoom=18,
        zoom_snap=0.25,
        # Leaflet drops setView calls made during its CSS zoom animation, which
        # left the map a step behind when Next was pressed quickly.
        zoom_animation=False,
        world_copy_jump=True,
        control_scale=True,
        prefer_canvas=False,
    )
    js, css = static_assets(static_url)
    # folium would load Leaflet, jQuery and Bootstrap from CDNs: a blank map offline.
    base.default_js = js
    base.default_css = css
    if tiles is not None:
        folium.TileLayer(
            tiles=tiles.build_url(scale_factor="{r}") if "{r}" in tiles.url else tiles.build_url(),
            attr=tiles.html_attribution,
            name=tiles.name,
            max_zoom=min(int(tiles.get("max_zoom", 18)), 18),
            subdomains=tiles.get("subdomains", "abc"),
        ).add_to(base)
    StoryController(config, static_url).add_to(base)
    return base


def build_step_layer(state: dict) -> folium.FeatureGroup:
    """The per-step feature group: only a script that shows the step."""
    group = folium.FeatureGroup(name="step", control=False)
    StepScript(state).add_to(group)
    return group
