"""The contract between Python and the scripts in the browser, as types: everything the page hands them.

The player (`static/storymap/`) gets one `PlayerData` per page and language: the story's part is
built by `story.player.player_data` (the map's parts by `story.map.state`), the host's part by its
host (`components/player.py` in the app, `story.outputs.export` in the offline copy). Beside the data
travel the self-checks' answers, as data attributes of the step's HTML (`story.reader.narrative`),
the events the player sends on `document`, and the host object a host hands the player.

One key casing: every key the browser reads is camelCase (`reduceMotion`, `firstYear`, `maxZoom`),
as JavaScript names its own. Keys that are data (a place's key, a layer's id, a key of the keyboard)
and the data attributes (`data-target-lat`, as HTML names them) are as they are.

The scripts' side is generated from this module: `python -m story contract` writes
`static/storymap/contract.d.ts` (`story.typescript`), and a test checks that it is current. This
module imports nothing but `typing`, so that every layer may import it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Literal, NotRequired, TypedDict, final

# --- The map: its configuration once per page and language, and each step's state ----------------

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
    """A layer the step shows, in its role, with the features it highlights."""

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
    """A place of the story, marked on the map on every step."""

    key: str
    name: str
    lat: float
    lon: float


class MapLabels(TypedDict):
    """The map's own words, in the reader's language."""

    back: str
    offline: str
    offlineShort: str  # the notice on a small map
    dismiss: str
    zoomIn: str
    zoomOut: str
    attribution: str
    swipe: str  # a swipe's handle
    swipeValue: str  # "{left} on the left, {right} on the right"


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


# --- The player: the story in the reader's language, and what its host adds ---------------------


class PlayerStep(TypedDict):
    """One step: its narrative as HTML (the sections, sanitized) and what the map shows."""

    id: str
    title: str
    date: str
    html: str
    state: StepState


class PlayerTexts(TypedDict):
    """The player's own words, in the reader's language."""

    story: str
    navigation: str
    previous: str
    next: str
    counter: str  # "Step {number} of {total}"
    jump: str
    timeline: str
    map: str
    reduceMotion: str
    reduceMotionHelp: str
    time: str  # the slider's name
    play: str
    pause: str
    timeShown: str  # "Places with reports on this day: {today} ... So far: {count} ..."
    timeToday: str  # "Places with reports on this day: {count}"
    timeNone: str
    kinds: dict[str, str]  # a dated feature's kind, as the reader reads it
    disputed: str
    timeDisputed: str
    autoplayStart: str
    autoplayPause: str
    autoplayPlaying: str  # "... every {seconds} seconds"
    autoplayPaused: str
    swipeShow: str  # a phone's button: "Show {day}"
    lessonUnknown: str  # "There is no lesson “{lesson}” in this story; ..."
    stepNotInLesson: str  # "Step “{step}” is not in the lesson “{lesson}”; ..."
    lessonShown: str  # "Lesson: {lesson}"


class TimelinePoint(TypedDict):
    """A step on the timeline, at its place between the story's first and last date (0 to 1)."""

    stepId: str
    title: str
    date: str
    position: float


class TimelineYear(TypedDict):
    """A year of the story, written under the strip at its first date."""

    position: float
    year: int
    steps: int  # how many steps start in it: a narrow strip shows the years with most steps


class TimelineData(TypedDict):
    """The strip under the narrative: ordered by date, broken between eras (`story/reader/timeline.py`)."""

    firstYear: int  # the year of the story's first date
    lastYear: int  # the year of its last
    points: list[TimelinePoint]
    years: list[TimelineYear]
    breaks: list[float]  # where the strip is broken between two eras (0 to 1)


class LessonData(TypedDict):
    """A lesson of the story (`lessons:`): the player plays only its steps when the address names it."""

    id: str
    title: str
    steps: list[str]  # its steps' ids, in the story's order
    minutes: int | None
    timeline: TimelineData  # the strip of its steps alone
    checkCount: int  # the self-checks of its steps
    # Its first step as the lesson opens it, with the story's content note, when that step is not the
    # story's first (which holds the note); else None.
    openingHtml: str | None


class HostFields(TypedDict, total=False):
    """What a host adds to the story's data for its page (the story's part is the same on every page)."""

    start: str  # the step to open on when the address names none
    notice: str | None  # said above the story when it opens (an address that named no step of it)
    mode: Literal["click", "scroll"]  # the export's own choice; the address's ?mode= wins
    removeFromAddress: list[str]  # query parameters the page drops from its address once read


class PlayerData(HostFields):
    """Everything the player gets, once per page and language: the story's part and its host's."""

    story: str
    language: str
    texts: PlayerTexts
    steps: list[PlayerStep]
    timeline: TimelineData
    placeSteps: dict[str, list[int]]  # a place's key: the steps it is current on
    checkCount: int  # self-checks in the whole story (a learning platform's score is out of them)
    lessons: list[LessonData]  # ?lesson=<id> (#lesson=<id> in the export) plays one of them
    keys: dict[str, str]  # a key of the keyboard: what it does ("next", "previous", "first", "last")
    map: MapScript
    mapConfig: MapConfig


class LightTexts(TypedDict):
    """The light page's own words (`/view`, the export's page served by the app); `{code}` is the page's."""

    open: str  # the link to the full app
    following: str
    exploring: str
    again: str
    down: str
    ended: str
    unknown: str
    limited: str


class LightPageData(TypedDict):
    """What the light page's host gets beside the player's data."""

    languages: list[str]  # the story's languages: a presenter's other language loads the page in it
    texts: LightTexts


# --- The self-checks: their answers, as data attributes of the step's HTML -----------------------
# The attribute names are HTML's (`data-target-lat`), so these are written in TypedDict's other form.

ChoiceCheckAttributes = TypedDict(
    "ChoiceCheckAttributes",
    {
        "data-kind": Literal["choice"],
        "data-index": str,  # the check's place in its step: the key of its result is "<step id>:<index>"
        "data-answer": str,  # the right choice's number, as the radio buttons' values count
        "data-right": str,
        "data-wrong": str,
        "data-empty": str,  # said when no choice is made
    },
)
ChoiceCheckAttributes.__doc__ = "A choice check's element (`.sm-check`): the right answer and what to say."

FindCheckAttributes = TypedDict(
    "FindCheckAttributes",
    {
        "data-kind": Literal["find"],
        "data-index": str,
        "data-right": str,  # "... {km} km from {name}"
        "data-inside": str,  # an answer inside the feature
        "data-wrong": str,
        "data-waiting": str,  # while the map waits for a click
        "data-empty": str,
    },
)
FindCheckAttributes.__doc__ = "A find check's element (`.sm-check`): what to say; where the answer is, beside."

FindTargetAttributes = TypedDict(
    "FindTargetAttributes",
    {
        "data-target-name": str,
        "data-target-lat": NotRequired[str],  # a place: its position, 5 decimals
        "data-target-lon": NotRequired[str],
        "data-target-layer": NotRequired[str],  # or a layer's feature
        "data-target-feature": NotRequired[str],
        "data-target-km": str,  # an answer this near counts as right
    },
)
FindTargetAttributes.__doc__ = "Where a find check's answer is, on the same element as its `FindCheckAttributes`."

DayCheckAttributes = TypedDict(
    "DayCheckAttributes",
    {
        "data-kind": Literal["day"],
        "data-index": str,
        "data-answer": str,  # the right day, ISO (2022-01-04)
        "data-within": str,  # how many days either side also count, a whole number
        "data-right": str,  # "... {day}": the day the slider shows, in the reader's words
        "data-wrong": str,  # "... {day} ..." and the right day, already in words
    },
)
DayCheckAttributes.__doc__ = "A \"Which day?\" check's element (`.sm-check`): answered with the step's slider's day."

OrderCheckAttributes = TypedDict(
    "OrderCheckAttributes",
    {
        "data-kind": Literal["order"],
        "data-index": str,
        "data-right": str,
        "data-wrong": str,  # with the right order, already in words
        "data-moved": str,  # said after a move: "{item}: {position} of {count}"
    },
)
OrderCheckAttributes.__doc__ = (
    "An order check's element (`.sm-check`): its events are `li[data-item]`, each numbered by its place in "
    "the right order, shown in another."
)

# A check's element carries one of these; a find check's, its target's too.
CheckAttributes = ChoiceCheckAttributes | FindCheckAttributes | DayCheckAttributes | OrderCheckAttributes


PlaceChoiceAttributes = TypedDict("PlaceChoiceAttributes", {"data-lat": str, "data-lon": str})
PlaceChoiceAttributes.__doc__ = "A find check's list of the step's places: each `<option>`'s position, 5 decimals."


# --- The events the player sends on `document` ---------------------------------------------------


class StepEventDetail(TypedDict):
    """`story:step`: the step shown changed."""

    step: str
    index: int
    total: int
    byViewer: bool  # the reader's own press, key or click (a follower's player is also moved for them)


class CheckEventDetail(TypedDict):
    """`story:check`: a self-check was answered; the first answer to each check counts."""

    key: str  # "<step id>:<check index>"
    right: bool
    answered: int
    correct: int
    total: int  # the story's self-checks (`checkCount`)
    answer: str  # what was answered: the choice's number from 0, "lat,lon" of the place found, the day
    # chosen (ISO), or the events' order as their numbers in the right order ("2,0,1")


def answered_point(answer: str) -> tuple[float, float] | None:
    """The place a find check's `answer` names ("lat,lon"), or None for an answer of another kind: the
    presenter's map and the printed summary both plot a class's clicks from it."""
    lat, comma, lon = answer.partition(",")
    try:
        return (float(lat), float(lon)) if comma else None
    except ValueError:
        return None


StoryEvents = TypedDict("StoryEvents", {"story:step": StepEventDetail, "story:check": CheckEventDetail})
StoryEvents.__doc__ = "The player's events by name, each with its `detail`."


# --- The host object: what differs between the app's page and the offline copy -------------------
# Every member is optional: the player asks for each before it calls it. The names in `Annotated`
# are the parameters' names.


class Leaflet:
    """Leaflet's namespace in the page (`L`): named here for the declarations, never made in Python."""


class LeafletMap:
    """A Leaflet map (`L.Map`): named here for the declarations, never made in Python."""


class PlayerHost(TypedDict, total=False):
    """What a host gives the player beside the data (`StoryPlayer.mount(root, data, host)`)."""

    readStep: Callable[[], str | None]  # the step the address names
    writeStep: Annotated[Callable[[str], None], "stepId"]  # keep the shown step in the address
    loadLeaflet: Callable[[], Awaitable[None]]  # Leaflet, when the page does not have it already
    buildMap: Annotated[Callable[[Leaflet], LeafletMap], "L"]  # folium's script, compiled by the page (no eval)
    onLanguage: Annotated[Callable[[str], None], "language"]
    onStep: Annotated[Callable[[str, int, bool], None], "stepId, index, byViewer"]
