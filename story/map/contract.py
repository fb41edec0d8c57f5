"""The contract between Python and the player in the browser (`static/storymap/`), as types.

Every value the browser reads is built by one function in `story.map` or `story.player`
and has one type here, so that the app and the export hand the player the same shapes.
Keys are camelCase where JavaScript reads them directly.
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict, final

Role = Literal["context", "highlight"]


@final  # final, so that `"bounds" in view` tells the two views apart for a type checker
class CenterView(TypedDict):
    """A camera at a point: `center` is [lat, lon]."""

    center: list[float]
    zoom: float


@final
class BoundsView(TypedDict):
    """A camera fitted in the browser to [[south, west], [north, east]], never closer than `maxZoom`."""

    bounds: list[list[float]]
    maxZoom: float


View = CenterView | BoundsView


class LayerState(TypedDict):
    id: str
    role: Role
    highlight: list[str]


class TimeState(TypedDict):
    """A step's slider over days: the days (ISO), each in the reader's words, and the one it opens on."""

    days: list[str]
    labels: list[str]
    start: int


class SwipeState(TypedDict):
    """A step's two days side by side: the days (ISO) left and right of the handle, in the reader's words."""

    days: list[str]
    labels: list[str]


class StepState(TypedDict):
    """What the map shows on one step."""

    step: str
    index: int
    alt: str
    view: View
    layers: list[LayerState]
    places: list[str]  # keys of the places that are current on this step
    time: NotRequired[TimeState]  # the step's layers show what was so on the day the slider shows
    swipe: NotRequired[SwipeState]  # or on two days, side by side


class PlaceMarker(TypedDict):
    key: str
    name: str
    lat: float
    lon: float


class MapLabels(TypedDict):
    """The map's own words, in the reader's language."""

    back: str
    offline: str
    offline_short: str  # the notice on a small map
    dismiss: str
    zoom_in: str
    zoom_out: str
    attribution: str
    swipe: str  # a swipe's handle
    swipe_value: str  # "{left} on the left, {right} on the right"


class TileConfig(TypedDict):
    """An online basemap chosen by the story's host (`--tiles NAME`); None everywhere means no tiles."""

    name: str
    url: str
    attribution: str  # HTML, from the xyzservices catalogue (not authored)
    attributionText: str  # the same as plain text, for the credits
    maxZoom: int
    subdomains: str


class MapConfig(TypedDict):
    """Everything the map needs once per page and language."""

    basemap: str | None
    geodataUrl: str
    language: str
    tiles: TileConfig | None
    dataAttribution: str
    labels: MapLabels
    places: list[PlaceMarker]
    # The export carries its layers inside the page; the app's player fetches them.
    inlineLayers: NotRequired[dict[str, object]]
    # The publishers of the fetched layers' reports as the translation writes them (the export's own
    # layers are translated already).
    publishers: NotRequired[dict[str, str]]


class MapScript(TypedDict):
    """The folium-built base map: the element id it draws into and the script that builds it."""

    id: str
    script: str
