"""The story format: what a story file may contain, as pydantic models.

Every model forbids unknown keys, so a misspelled field is an error with a
line number rather than a silently ignored value. Cross-references (layer ids,
step ids, fit targets) are checked later by `story.format.checks`, which knows the
geodata catalog; these models only know the shape of one file.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from story.format.dates import StoryDate, parse_story_date
from story.format.fields import LONG_TEXT_MAX as LONG_TEXT_MAX
from story.format.fields import TEXT_MAX as TEXT_MAX
from story.format.fields import LongText, StrictModel, Text
from story.format.messages import MessageError, Ref, say
from story.format.questions import FIND_PLACE_KM as FIND_PLACE_KM
from story.format.questions import Check as Check
from story.format.questions import ChoiceCheck as ChoiceCheck
from story.format.questions import DayCheck as DayCheck
from story.format.questions import FindCheck as FindCheck
from story.format.questions import OrderCheck as OrderCheck

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
MIN_ZOOM = 1
MAX_ZOOM = 18
# The sizes of the format's fields, here once: importers and editors cut text to them.
SLUG_MAX = 80
URL_MAX = 2_000
# The view of a step that has nothing of its own to show.
WORLD_CENTER = (30.0, 40.0)
WORLD_ZOOM = 2

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Zoom = Annotated[float, Field(ge=MIN_ZOOM, le=MAX_ZOOM)]

# A web address of a story: http(s) with a host. Only these become links (never `javascript:` or `data:`).
WEB_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _web_url(value: str) -> str:
    if not WEB_URL.match(value):
        raise MessageError(say("must be a web address starting with http:// or https://"))
    return value


WebUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=URL_MAX), AfterValidator(_web_url)]


def _story_date(value: str) -> str:
    parse_story_date(value)
    return value


DateText = Annotated[str, AfterValidator(_story_date)]


# What a source is, so that a reader can weigh it: news media, a human-rights or research
# organisation, a government or intergovernmental body, state-run media, a party's or
# movement's own outlet, an encyclopedia, a scholarly work.
SourceKind = Literal["independent", "ngo", "official", "state-media", "partisan", "encyclopedia", "scholarly"]
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]


class Article(StrictModel):
    """The source the story retells (shown on the title step and in the credits)."""

    title: Text
    """The article's title, as published."""
    author: Text | None = None
    """Who wrote it (a translation writes the name in its own script: `source.author`)."""
    outlet: Text
    """The newspaper, magazine or site that published it."""
    date: DateText
    """When it was published: 2022-01-24, 2022-01 or 2022."""
    url: WebUrl | None = None
    """Its web address (http:// or https://)."""
    kind: SourceKind | None = None
    """What kind of source it is (independent, ngo, official, state-media, partisan, encyclopedia, scholarly)."""


class Credit(StrictModel):
    """A person or work the story thanks; the map data is credited by the app itself."""

    text: Text
    """The credit as the reader sees it."""
    url: WebUrl | None = None
    """A web address it links to."""


class Source(StrictModel):
    """Where a fact of the step comes from; a print article without an address is a source too."""

    title: Text
    """The title of the page, article or book (a published headline stays in its language)."""
    url: WebUrl | None = None
    """Its web address (http:// or https://); the reader gets a link that opens in a new tab."""
    publisher: Text | None = None
    """Who published it; a wire story on a partner's site: "Reuters, via ...". A translation gives each publisher in
    its language once, in its `publishers` table, with the linking words ("via") and institutions' names translated."""
    date: DateText | None = None
    """When it was published."""
    kind: SourceKind | None = None
    """What kind of source it is: independent (news media), ngo (human-rights and research organisations), official
    (a government, its agency, an intergovernmental body), state-media, partisan (a party's or movement's own
    outlet), encyclopedia, scholarly. The reader sees it beside the source."""


class Note(StrictModel):
    """A short remark on where other sources differ from the story's main source."""

    text: LongText
    """What the other sources say, in Markdown."""
    sources: list[Source] = Field(default_factory=list)
    """The sources that say it."""


class Quote(StrictModel):
    """A short, exact quotation, with who said it and where."""

    text: LongText
    """The words as said or written, in their own language."""
    speaker: Text
    """Who said or wrote them."""
    source: Text
    """Where they were said or published."""
    translation: LongText | None = None
    """Their translation into the story's language, when they are in another."""


MediaType = Literal["image", "video", "audio"]
# An address's scheme (https, and the refused javascript or data), and a Windows path's drive.
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def is_remote(src: str) -> bool:
    """Whether a media `src` is an address (it has a scheme: https:, and the refused javascript: or data:)
    rather than a path beside the story."""
    return bool(SCHEME.match(src)) and not WINDOWS_DRIVE.match(src)


MediaSrc = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=URL_MAX)]


class Media(StrictModel):
    """A picture, a video or a sound of a step, with what it shows, who made it and under what licence."""

    type: MediaType = "image"
    """image (PNG, JPEG, WebP or SVG), video (MP4 or WebM beside the story, or YouTube or Vimeo) or audio (MP3 or
    OGG beside the story)."""
    src: MediaSrc | None = None
    """The file, as a path from the story's folder (pictures/town.jpg), or an https:// address; none for a picture
    the story cannot show (its caption alone)."""
    alt: Text | None = None
    """What the picture shows, for those who cannot see it (required for a picture)."""
    caption: LongText
    """What the reader sees under it."""
    credit: Text | None = None
    """Who made it (required for a file beside the story)."""
    licence: Text | None = None
    """Under what licence it may be shown: CC BY 4.0, public domain, made by the story's authors (required for a
    file beside the story)."""
    transcript: LongText | None = None
    """What is said and heard, as text (a video or a sound needs a transcript or a captions file)."""
    captions: MediaSrc | None = None
    """A WebVTT captions file beside the story, shown with a local video."""
    poster: MediaSrc | None = None
    """A picture beside the story shown before a local video plays."""
    url: WebUrl | None = None
    """Where the original can be seen (the caption links there)."""

    @model_validator(mode="after")
    def _what_each_kind_needs(self) -> Media:
        local = self.src is not None and not is_remote(self.src)
        if self.type == "image" and self.src is not None and self.alt is None:
            raise MessageError(say("a picture needs `alt`: what it shows, for those who cannot see it"))
        if local and (self.credit is None or self.licence is None):
            raise MessageError(say("a file beside the story needs `credit` and `licence`: who made it, and under "
                                   "what terms"))  # fmt: skip
        if self.type != "image":
            if self.src is None:
                raise MessageError(say("a video needs `src`") if self.type == "video" else say("an audio needs `src`"))
            # A YouTube or Vimeo video may lean on the platform's own captions (a warning asks for a
            # transcript); a file of ours has no other way to be read.
            if local and self.transcript is None and self.captions is None:
                raise MessageError(
                    say("a video needs a `transcript` (or, for a video, a `captions` file): not everyone can hear it")
                    if self.type == "video"
                    else say(
                        "an audio needs a `transcript` (or, for a video, a `captions` file): not everyone can hear it"
                    )
                )
            if self.type == "audio" and self.captions is not None:
                raise MessageError(say("`captions` go with a video; give a sound a `transcript`"))
        elif self.captions is not None or self.poster is not None:
            raise MessageError(say("`captions` and `poster` go with a video"))
        return self


# How a figure's value stands: as reported; an estimate; reported and then withdrawn; never
# disclosed (no value). A chart draws each so that none can be taken for a reported one.
FigureStatus = Literal["reported", "estimate", "withdrawn", "undisclosed"]
FIGURE_STATUSES: tuple[str, ...] = FigureStatus.__args__  # type: ignore[attr-defined]
FIGURE_ROWS_MAX = 40


class FigureRow(StrictModel):
    """One value of a figure, with where it comes from."""

    label: Text | None = None
    """What the bar stands for (a bar chart); on a line chart, a point of its own beside the line (another body's
    figure for the same day)."""
    date: DateText | None = None
    """The day of the value on a line chart: 2022-01-15."""
    value: float | None = None
    """The number; none where it was never disclosed."""
    status: FigureStatus = "reported"
    """reported (the default), estimate, withdrawn (reported, then taken back) or undisclosed (no value)."""
    source: Source
    """Where the value comes from, like any other source (with its kind)."""

    @model_validator(mode="after")
    def _value_and_status(self) -> FigureRow:
        if self.status == "undisclosed" and self.value is not None:
            raise MessageError(say("an undisclosed value has no number: leave out `value` or change `status`"))
        if self.status != "undisclosed" and self.value is None:
            raise MessageError(say("needs a `value` (or `status: undisclosed` where it was never disclosed)"))
        when = parse_story_date(self.date) if self.date is not None else None
        if when is not None and (when.end is not None or when.start.precision != "day"):
            raise MessageError(say("a figure's date is one day: 2022-01-15"))
        return self


class Figure(StrictModel):
    """A small chart drawn from data in the story: bars, or a line over dates."""

    chart: Literal["bar", "line"]
    """bar (one bar per label) or line (values over dates)."""
    title: Text
    """What the figure shows."""
    unit: Text | None = None
    """What the values count: people, tenge per litre."""
    data: list[FigureRow] = Field(min_length=1, max_length=FIGURE_ROWS_MAX)
    """The values, each with its label (bar) or date (line), its status and its source."""
    caption: LongText | None = None
    """A sentence under the figure: what to notice, what is missing."""

    @model_validator(mode="after")
    def _rows_fit_the_chart(self) -> Figure:
        for index, row in enumerate(self.data):
            if self.chart == "bar" and row.label is None:
                raise MessageError(say("{row}: a bar needs a `label`", row=Ref("data", index)))
            if self.chart == "line" and row.date is None:
                raise MessageError(say("{row}: a point of a line needs a `date`", row=Ref("data", index)))
        return self


class GlossaryTerm(StrictModel):
    """A word the reader may not know, explained wherever it appears in the text."""

    id: Slug
    """The term's id (lowercase letters, digits, dashes): translations name it by this."""
    term: Text
    """The word or abbreviation as the reader meets it."""
    definition: LongText
    """What it means, in a sentence or two."""
    forms: list[Text] = Field(default_factory=list)
    """Other forms the term takes in the text (plurals, cases: Russian and Kazakh inflect); the term itself counts."""


class Place(StrictModel):
    """A point shown as a marker on the step's map."""

    id: Slug | None = None
    """The place's id: the same place in several steps has the same id (default: its name in lowercase with
    dashes)."""
    name: Text
    """The name shown beside the marker."""
    lat: Latitude
    """Latitude in degrees, -90 to 90 (north is positive)."""
    lon: Longitude
    """Longitude in degrees, -180 to 180 (east is positive)."""
    geonames_id: Annotated[int, Field(gt=0)] | None = None
    """The place's number in GeoNames (https://www.geonames.org/<number>)."""
    note: Text | None = None
    """A short remark about the place."""

    @property
    def key(self) -> str:
        """Stable identity of the place across steps and translations."""
        return self.id or slugify(self.name) or hashed_key(self.name)


class LayerRef(StrictModel):
    """A geodata layer shown on a step, styled by role.

    `role` applies to every feature of the layer; features listed in
    `highlight` are highlighted whatever the layer's role.
    """

    id: Slug
    """The layer's id: the name of its file in geodata/ (world, kazakhstan, kazakhstan-regions, ...)."""
    role: Literal["context", "highlight"] = "context"
    """context (drawn quietly, the default) or highlight (all of it stands out)."""
    highlight: list[Annotated[str, StringConstraints(min_length=1, max_length=80)]] = Field(default_factory=list)
    """Ids of features of the layer that stand out whatever the role (KZ-MAN, RUS, ...)."""


class View(StrictModel):
    """Where the map looks: a center and zoom, or a fit to places and layers."""

    center: tuple[Latitude, Longitude] | None = None
    """[latitude, longitude] of the middle of the map (with zoom)."""
    zoom: Zoom | None = None
    """1 (the whole world) to 18 (a street) (with center)."""
    fit: list[Annotated[str, StringConstraints(min_length=1, max_length=120)]] | None = None
    """Place ids, layer ids or layer:feature ids the map frames on any screen (instead of center and zoom)."""
    max_zoom: Zoom | None = None
    """With fit: never closer than this zoom (default 9)."""
    alt: Text
    """One sentence saying what the map shows: read by screen readers, printed under the handout's map."""

    @model_validator(mode="after")
    def _center_and_zoom_or_fit(self) -> View:
        if self.fit is not None:
            if not self.fit:
                raise MessageError(say("fit needs at least one place or layer"))
            if self.center is not None or self.zoom is not None:
                raise MessageError(say("give either center and zoom, or fit, not both"))
        elif self.center is None or self.zoom is None:
            raise MessageError(say("give center and zoom, or fit"))
        return self


MAX_TIME_DAYS = 366


class TimeControl(StrictModel):
    """A slider over days: the step's layers whose features carry dates (`start`, `end`) show what was
    so on the day the reader chooses, with play and pause."""

    from_: datetime.date = Field(alias="from")
    """The first day the slider shows (2022-01-02)."""
    to: datetime.date
    """The last day (2022-01-11)."""
    by: Literal["day"] = "day"
    """How far one move of the slider goes: a day."""
    start: datetime.date | None = None
    """The day the slider opens on (the first, unless given)."""

    @model_validator(mode="after")
    def _days_in_order(self) -> TimeControl:
        if self.to < self.from_:
            raise MessageError(say("'to' is before 'from'"))
        if (self.to - self.from_).days >= MAX_TIME_DAYS:
            raise MessageError(say("a slider covers at most {days} days", days=MAX_TIME_DAYS))
        if self.start is not None and not self.from_ <= self.start <= self.to:
            raise MessageError(say("'start' is not between 'from' and 'to'"))
        return self

    def days(self) -> list[datetime.date]:
        return [self.from_ + datetime.timedelta(days=n) for n in range((self.to - self.from_).days + 1)]


class Swipe(StrictModel):
    """Two days of the step's layers that carry dates, side by side: the reader drags a handle (or moves it
    by keyboard) between the map of one day and the map of the other; on a phone, a button switches."""

    left: datetime.date
    """The day the map shows left of the handle (2022-01-02)."""
    right: datetime.date
    """The day the map shows right of it (2022-01-04)."""

    @model_validator(mode="after")
    def _two_days(self) -> Swipe:
        if self.left == self.right:
            raise MessageError(say("a swipe compares two different days"))
        return self


class Step(StrictModel):
    """One step of the story: its narrative and what the map shows."""

    id: Slug
    """The step's address (?step=<id>): lowercase letters, digits and dashes, different for every step."""
    title: Text
    """The step's heading, as plain text."""
    date: DateText
    """When it happened: 2022-01-05, 2022-01, 2022, or a range like 2022-01-02/2022-01-05 or 1930/1933."""
    body: LongText
    """The narrative in Markdown: paragraphs, **bold**, *italics*, lists, [links](https://...). HTML is shown as
    text."""
    view: View
    """Where the map looks."""
    places: list[Place] = Field(default_factory=list)
    """Markers for this step; places of the other steps are shown dimmed and lead to their steps."""
    layers: list[LayerRef] = Field(default_factory=list)
    """Map layers to show: a plain id (quiet, for context) or {id, role, highlight}."""
    sources: list[Source] = Field(default_factory=list)
    """Where the facts of this step come from."""
    other_sources: list[Note] = Field(default_factory=list)
    """Where other sources say something different."""
    quote: Quote | None = None
    """A short, exact quotation."""
    media: list[Media] = Field(default_factory=list, max_length=12)
    """Pictures, videos and sounds, shown after the text (a single block is one item)."""
    figure: Figure | None = None
    """A small chart of numbers the step tells (a death toll over time, troops by country), each value sourced."""
    discussion: list[LongText] = Field(default_factory=list)
    """Questions for a class about this step."""
    check: list[Check] = Field(default_factory=list, max_length=10)
    """Self-checks for the reader: multiple-choice questions ({question, choices, answer, explain}), places
    to find on the map ({question, find, explain}), a day to choose on the step's slider ({question, day,
    within, explain}) and events to put in order ({question, order, explain}). The answers are in the
    page: for practice, not an exam."""
    speaker_notes: LongText | None = None
    """Notes for a teacher presenting the story (Markdown): shown only on the presenter's page and in a
    presenter's handout, never to the class."""
    content_note: LongText | None = None
    """A note shown before the step's text, when it tells of violence or death."""
    time: TimeControl | None = None
    """A slider over days for the step's layers whose features carry dates: {from, to, by: day}."""
    swipe: Swipe | None = None
    """Two days of the step's layers whose features carry dates, side by side with a handle: {left, right}."""

    @model_validator(mode="after")
    def _time_or_swipe(self) -> Step:
        if self.time is not None and self.swipe is not None:
            raise MessageError(say("give a step a time slider or a swipe, not both"))
        return self

    @field_validator("media", mode="before")
    @classmethod
    def _one_media_block(cls, value: object) -> object:
        # The older form, one `media:` block, is a list of one.
        return [value] if isinstance(value, dict) else value

    @field_validator("layers", mode="before")
    @classmethod
    def _layer_shorthand(cls, value: object) -> object:
        # `layers: [kazakhstan, world]` is shorthand for context-styled layers.
        if isinstance(value, list):
            return [{"id": item} if isinstance(item, str) else item for item in value]
        return value

    @property
    def story_date(self) -> StoryDate:
        return parse_story_date(self.date)


STEP_RANGE_PATTERN = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.\.([a-z0-9]+(?:-[a-z0-9]+)*))?$")


def _step_range(value: str) -> str:
    if not STEP_RANGE_PATTERN.match(value):
        said = say("must be a step id or a range 'first..last', like 'gas-price..csto' (got {got})", got=repr(value))
        raise MessageError(said)
    return value


StepRange = Annotated[str, StringConstraints(max_length=2 * SLUG_MAX + 2), AfterValidator(_step_range)]


class Lesson(StrictModel):
    """A selection of the story's steps to teach in one sitting: `?lesson=<id>` plays only these."""

    id: Slug
    """The lesson's address: the app plays it as ?lesson=<id> (lowercase letters, digits and dashes)."""
    title: Text
    """Its name, as a teacher picks it from a list."""
    steps: list[StepRange] = Field(min_length=1, max_length=500)
    """Its steps by id, or ranges `first..last` of the story's order; they play in the story's order."""
    minutes: Annotated[int, Field(ge=1, le=600)] | None = None
    """About how long it takes in class, in minutes."""


class Story(StrictModel):
    """A story: its title, its source, and its steps in the order the reader sees them."""

    id: Slug
    """The story's short name: lowercase letters, digits and dashes; use the file's name."""
    title: Text
    """Shown at the top of every step."""
    subtitle: Text | None = None
    """One line under the title."""
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
    """The language of the text: en, ru, kk, ..."""
    source: Article | None = None
    """The article or book the story retells: credited on the first step and in the credits."""
    credits: list[Credit] = Field(default_factory=list)
    """People and works to thank."""
    content_note: LongText | None = None
    """A note shown before the story's text, when it tells of violence or death."""
    media: Literal["any", "local-only"] = "any"
    """local-only: never ask the web for a picture or a video (a classroom offline); any (the default): show
    pictures and videos on the web where the reader is online."""
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    """Words a reader may not know: marked in the text, explained on hover, focus or tap, listed in the handout."""
    lessons: list[Lesson] = Field(default_factory=list)
    """Selections of the steps to teach in one sitting, each with its own address (?lesson=<id>)."""
    steps: list[Step] = Field(min_length=1, max_length=500)
    """The steps, in order (at least one)."""

    def index_of(self, step_id: str) -> int | None:
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        return None


def slugify(text: str, max_length: int = SLUG_MAX) -> str:
    """Lowercase ASCII letters, digits and dashes ("King's Landing" -> "kings-landing"); "" when none are left."""
    text = re.sub(r"['’‘`]", "", text)  # an apostrophe joins, it does not split: not "king-s-landing"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")


def hashed_key(text: str) -> str:
    """A stable ASCII key for a name that has no ASCII letters at all (e.g. in Cyrillic)."""
    return "place-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
