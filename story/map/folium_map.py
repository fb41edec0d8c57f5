"""The folium map behind every step: built once per page and language, never per step.

folium writes the Leaflet code that makes the map (its options, the online tiles, the
scale); the player in the browser runs that code once, then moves the map step by
step through the map controller. The ids of the map's elements are fixed, so the
script is the same text on every rerun and for every output.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, cast

from story.contract import MapScript, TileConfig


def _folium_without_pandas() -> ModuleType:
    """folium, imported without pandas when pandas is not loaded yet.

    folium imports pandas only to accept DataFrames as coordinates, which the story map
    never passes; pandas costs about 65 MiB in every app process. A later import of pandas
    (the handout's geopandas) works as usual.
    """
    blocked = "pandas" not in sys.modules
    if blocked:
        sys.modules["pandas"] = None  # type: ignore[assignment]  # `import pandas` raises ImportError
    try:
        import folium
    finally:
        if blocked and sys.modules.get("pandas", False) is None:
            del sys.modules["pandas"]
    return folium


if TYPE_CHECKING:
    import folium
    from branca.element import Figure
else:
    folium = _folium_without_pandas()

MAP_ID = "story"
# folium names a map's element and variable `map_<id>`.
MAP_ELEMENT = f"map_{MAP_ID}"


def build_base_map(tiles: TileConfig | None) -> folium.Map:
    """The map every step shares; identical for identical arguments."""
    base = folium.Map(
        location=[30, 40],
        zoom_start=2,
        tiles=None,
        min_zoom=2,
        max_zoom=18,
        zoom_snap=0.25,
        # Leaflet drops setView calls made during its CSS zoom animation: a step
        # taken while the map zooms would leave it on the step before.
        zoom_animation=False,
        world_copy_jump=True,
        control_scale=True,
        prefer_canvas=False,
    )
    base._id = MAP_ID
    if tiles is not None:
        layer = folium.TileLayer(
            tiles=tiles["url"],
            attr=tiles["attribution"],
            name=tiles["name"],
            max_zoom=tiles["maxZoom"],
            subdomains=tiles["subdomains"],
        )
        layer._id = "tiles"
        layer.add_to(base)
    return base


def map_script(tiles: TileConfig | None) -> MapScript:
    """folium's script for the base map, which the player runs once (Leaflet must be loaded)."""
    base = build_base_map(tiles)
    root = cast("Figure", base.get_root())  # a map's root is its page
    root.render()
    # Only the map's own code: folium's page header would load Leaflet, jQuery and
    # Bootstrap from CDNs, and its HTML is the one element the player makes itself.
    script = "\n".join(line.strip() for line in root.script.render().splitlines() if line.strip())
    return {"id": MAP_ELEMENT, "script": script}
