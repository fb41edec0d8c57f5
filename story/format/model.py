"""The story format: what a story file may contain, as pydantic models.

Every model forbids unknown keys, so a misspelled field is an error with a
line number rather than a silently ignored value. Cross-references (layer ids,
step ids, fit targets) are checked later by `story.format.checks`, which knows the
geodata catalog; these models only know the shape of one file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from story.format.dates import StoryDate, parse_story_date

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
MIN_ZOOM = 1
MAX_ZOOM = 18
# The sizes of the format's fields, here once: importers and editors cut text to them.
SLUG_MAX = 80
TEXT_MAX = 300
LONG_TEXT_MAX = 20_000
URL_MAX = 2_000
# The view of a step that has nothing of its own to show.
WORLD_CENTER = (30.0, 40.0)
WORLD_ZOOM = 2

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LONG_TEXT_MAX)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]
Zoom = Annotated[float, Field(ge=MIN_ZOOM, le=MAX_ZOOM)]

# A web address of a story: http(s) with a host. Only these become links (never `javascript:` or `data:`).
WEB_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _web_url(value: str) -> str:
    if not WEB_URL.match(value):
        raise ValueError("must be a web address starting with http:// or https://")
    return value


WebUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=URL_MAX), AfterValidator(_web_url)]


def _story_date(value: str) -> str:
    parse_story_date(value)
    return value


DateText = Annotated[str, AfterValidator(_story_date)]


class StrictModel(BaseModel):
    # Numbers become text where text is expected: `title: 1991` means "1991".
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, coerce_numbers_to_str=True)


# What a source is, so that a reader can weigh it: news media, a human-rights or research
# organisation, a government or intergovernmental body, state-run media, a party's or
# movement's own outlet, an encyclopedia, a scholarly work.
SourceKind = Literal["independent", "ngo", "official", "state-media", "partisan", "encyclopedia", "scholarly"]
SOURCE_KINDS: tuple[str, ...] = SourceKind.__args__  # type: ignore[attr-defined]


class Article(StrictModel):
    """The source the story retells (shown on the title step and in the credits)."""

    title: Text
    author: Text | None = None
    outlet: Text
    date: DateText
    url: WebUrl | None = None
    kind: SourceKind | None = None


class Credit(StrictModel):
    text: Text
    url: WebUrl | None = None


class Source(StrictModel):
    # A print article may have no address; it is still a source.
    title: Text
    url: WebUrl | None = None
    publisher: Text | None = None
    date: DateText | None = None
    kind: SourceKind | None = None


class Note(StrictModel):
    """A short remark on where other sources differ from the story's main source."""

    text: LongText
    sources: list[Source] = Field(default_factory=list)


class Quote(StrictModel):
    text: LongText
    speaker: Text
    source: Text
    translation: LongText | None = None


class Media(StrictModel):
    """A picture the story cannot show (no rights, or offline): its caption and credit as text."""

    caption: LongText
    credit: Text | None = None
    alt: Text | None = None
    url: WebUrl | None = None


class GlossaryTerm(StrictModel):
    """A word the reader may not know, explained wherever it appears in the text."""

    id: Slug
    term: Text
    definition: LongText
    # The forms the term takes in the text (Russian and Kazakh inflect); the term itself counts.
    forms: list[Text] = Field(default_factory=list)


class Place(StrictModel):
    """A point shown as a marker on the step's map."""

    id: Slug | None = None
    name: Text
    lat: Latitude
    lon: Longitude
    geonames_id: Annotated[int, Field(gt=0)] | None = None
    note: Text | None = None

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
    role: Literal["context", "highlight"] = "context"
    highlight: list[Annotated[str, StringConstraints(min_length=1, max_length=80)]] = Field(default_factory=list)


class View(StrictModel):
    """Where the map looks: a center and zoom, or a fit to places and layers."""

    center: tuple[Latitude, Longitude] | None = None
    zoom: Zoom | None = None
    fit: list[Annotated[str, StringConstraints(min_length=1, max_length=120)]] | None = None
    max_zoom: Zoom | None = None
    alt: Text

    @model_validator(mode="after")
    def _center_and_zoom_or_fit(self) -> View:
        if self.fit is not None:
            if not self.fit:
                raise ValueError("fit needs at least one place or layer")
            if self.center is not None or self.zoom is not None:
                raise ValueError("give either center and zoom, or fit, not both")
        elif self.center is None or self.zoom is None:
            raise ValueError("give center and zoom, or fit")
        return self


class Step(StrictModel):
    id: Slug
    title: Text
    date: DateText
    body: LongText
    view: View
    places: list[Place] = Field(default_factory=list)
    layers: list[LayerRef] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    other_sources: list[Note] = Field(default_factory=list)
    quote: Quote | None = None
    media: Media | None = None
    discussion: list[LongText] = Field(default_factory=list)
    content_note: LongText | None = None

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


class Story(StrictModel):
    id: Slug
    title: Text
    subtitle: Text | None = None
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
    source: Article | None = None
    credits: list[Credit] = Field(default_factory=list)
    content_note: LongText | None = None
    glossary: list[GlossaryTerm] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1, max_length=500)

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
