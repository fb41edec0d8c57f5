"""What the map shows, as plain data: the map's configuration and each step's state.

The map controller (`static/storymap/storymap.js`) receives the configuration once
per page and language, and every step's state with it; the player shows a step by
handing its state to the controller. Both are pure functions of the story, the geodata
catalog and the reader's language (types in `story.contract`), tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping

from geodata.catalog import MAP_ATTRIBUTION, Bounds, LayerCatalog, union_bounds
from story.contract import CenterView, LayerState, MapConfig, MapLabels, StepState, TileConfig, View
from story.format.model import WORLD_CENTER, WORLD_ZOOM, Place, Step, Story
from story.reader.i18n import Translator

BASEMAP_LAYER = "world"
# Fitting one point would zoom to street level; a story about regions rarely wants that.
DEFAULT_FIT_MAX_ZOOM = 9


def world_view() -> CenterView:
    return {"center": list(WORLD_CENTER), "zoom": WORLD_ZOOM}


def map_labels(tr: Translator) -> MapLabels:
    """The map's own words (its buttons and notices) in the reader's language."""
    return {
        "back": tr.gettext("Back to the story view"),
        "offline": tr.gettext("Online basemap unavailable: showing the offline map."),
        "offlineShort": tr.gettext("Offline map"),
        "dismiss": tr.gettext("Dismiss"),
        "zoomIn": tr.gettext("Zoom in"),
        "zoomOut": tr.gettext("Zoom out"),
        "attribution": tr.gettext("Map data and credits"),
        "swipe": tr.gettext("Compare the two days: move the handle"),
        "swipeValue": tr.gettext("{left} on the left, {right} on the right"),
    }


def story_places(story: Story) -> list[Place]:
    """Every place of the story once, in order of first appearance."""
    seen: dict[str, Place] = {}
    for step in story.steps:
        for place in step.places:
            seen.setdefault(place.key, place)
    return list(seen.values())


def map_config(
    story: Story,
    catalog: LayerCatalog,
    tr: Translator,
    tiles: TileConfig | None,
    geodata_url: str = "",
    publishers: Mapping[str, str] | None = None,
) -> MapConfig:
    """Everything the map needs once per page and language; the same on every rerun."""
    config: MapConfig = {
        "basemap": BASEMAP_LAYER if BASEMAP_LAYER in catalog.layers else None,
        "geodataUrl": geodata_url,
        "language": tr.language,
        "tiles": tiles,
        "dataAttribution": MAP_ATTRIBUTION,
        "labels": map_labels(tr),
        "places": [
            {"key": place.key, "name": place.name, "lat": place.lat, "lon": place.lon} for place in story_places(story)
        ],
    }
    if publishers:
        config["publishers"] = dict(publishers)
    return config


def step_view(story: Story, step: Step, catalog: LayerCatalog) -> View:
    """The step's camera: `{center, zoom}` or `{bounds, maxZoom}` (fitted in the browser)."""
    view = step.view
    if view.fit is None:
        assert view.center is not None and view.zoom is not None
        return {"center": [view.center[0], view.center[1]], "zoom": view.zoom}
    bounds = fit_bounds(story, view.fit, catalog)
    if bounds is None:
        return world_view()
    south, west, north, east = bounds
    return {
        "bounds": [[south, west], [north, east]],
        "maxZoom": view.max_zoom or DEFAULT_FIT_MAX_ZOOM,
    }


def fit_bounds(story: Story, targets: list[str], catalog: LayerCatalog) -> Bounds | None:
    """Bounds around the named places, layers and layer features; broken layers are skipped."""
    places = {place.key: place for place in story_places(story)}
    found: list[Bounds] = []
    for target in targets:
        place = places.get(target)
        if place is not None:
            found.append((place.lat, place.lon, place.lat, place.lon))
            continue
        layer_id, _, feature_id = target.partition(":")
        layer = catalog.layers.get(layer_id)
        if layer is None:
            continue
        try:
            found.append(layer.bounds_of([feature_id] if feature_id else None))
        except ValueError:
            continue
    return union_bounds(found) if found else None


def step_state(story: Story, index: int, catalog: LayerCatalog) -> StepState:
    """What the map shows on step `index`: layers by role, current places, camera."""
    step = story.steps[index]
    layers: list[LayerState] = [
        {"id": ref.id, "role": ref.role, "highlight": list(ref.highlight)}
        for ref in step.layers
        if ref.id in catalog.layers
    ]
    return {
        "step": step.id,
        "index": index,
        "alt": step.view.alt,
        "view": step_view(story, step, catalog),
        "layers": layers,
        "places": current_places(step),
    }


def current_places(step: Step) -> list[str]:
    """The places the map marks as the step's own: large and named.

    A swipe compares two days' reports, each side naming its own; the step's places, drawn alike
    on both sides, would hide the difference, so there they stay as the story's other places
    (small, unnamed until pointed at)."""
    return [] if step.swipe is not None else [place.key for place in step.places]


def missing_layers(story: Story, catalog: LayerCatalog) -> dict[str, str]:
    """Layers the story uses that cannot be shown, with the reason."""
    used = {ref.id for step in story.steps for ref in step.layers}
    if BASEMAP_LAYER not in catalog.layers and BASEMAP_LAYER in catalog.problems:
        used.add(BASEMAP_LAYER)
    return {layer_id: catalog.problems[layer_id] for layer_id in sorted(used) if layer_id in catalog.problems}
