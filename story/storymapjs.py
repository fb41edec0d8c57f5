"""Import a StoryMapJS story (Knight Lab's JSON) into our story format.

StoryMapJS is no longer developed; this turns one of its stories into a story
file that `python -m story check` accepts, and says what could not come along.

    python -m story import-storymapjs IN.json -o OUT.yaml

What becomes what:

- The title slide (`type: overview`) gives the story's `title` (its headline) and
  `subtitle` (the first sentence of its text, when that is short). It is also the
  first step, with a map fitted to every place of the story, as StoryMapJS showed it.
  Its own `location` is ignored, as StoryMapJS ignores it.
- Every slide becomes one step, in order: `id` from the headline (made unique,
  `slide-N` when there is none), `title` the headline as plain text ("Slide N"
  when there is none), `body` the slide's HTML as Markdown.
- The body keeps paragraphs, line breaks, bold, italics, lists and links to
  http(s) or mailto addresses. Every piece of text is escaped so that it stays
  text: nothing in a StoryMapJS story becomes HTML or Markdown markup of ours.
  Pictures, scripts, frames and other embedded content are dropped (with a
  warning); attributes (styles, classes, event handlers) never come along.
- A slide's `location` becomes one place (named by `location.name`, else the
  headline) and the view: centred on it at the slide's zoom (StoryMapJS and our
  maps both use Leaflet's zoom levels; clamped to 1..18). Without a zoom, the view
  frames the place with the places of the slides before and after it, which is
  what StoryMapJS's default "calculate zoom" did. A slide without a usable
  location shows every place of the story (StoryMapJS showed its overview map for
  such slides), or the whole world when the story has no places.
- `media` becomes our media block: caption and credit as plain text, the address
  as a link (we never embed media). Videos, tweets, audio and other embeds are
  links too; the warning says so.
- Dates: the slide's `date` when it reads as a date of ours (`1835`, `1835-11`,
  `1835-11-30`, `November 30, 1835`, `1861-1865`, an Instagram `created_time`);
  a date we can only partly read (`Summer 1851`) gives its year, with a warning.
  A slide without a readable date takes the date of the step before it (or, for
  the first slides, the first date that follows), with a warning and a comment in
  the file. The title slide without a date spans all the story's dates. A story
  with no readable date at all gets the placeholder year PLACEHOLDER_DATE on every
  step, with one warning: our `date` is required, and the day of the import would
  be a false date that looks real.
- Styling (background colours, custom marker icons, the line between markers,
  the map style) is not carried over; one warning per kind names the slides.

Warnings name the slide by its number in the StoryMapJS file (the title slide is
slide 1, like the step numbers of the imported story) and its headline. They are
also written at the top of the YAML file as comments.

Stories on a picture instead of a map (`map_type: zoomify`) cannot be imported:
their coordinates are pixels. They, and files that are not StoryMapJS stories,
raise StoryMapJSError with a message naming the file.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from story.checks import SAME_PLACE_DEGREES
from story.dates import parse_story_date
from story.loader import parse_story
from story.mapstate import WORLD_VIEW
from story.model import LANGUAGE_PATTERN, MAX_ZOOM, MIN_ZOOM, slugify
from story.problems import StoryError
from story.yamlsource import MAX_FILE_BYTES

MAX_INPUT_BYTES = 10_000_000
MAX_SLIDES = 500
PLACEHOLDER_DATE = "2000"
DEFAULT_LANGUAGE = "en"
# A view fitted to a slide and its neighbours stops at town level when they are close together.
NEIGHBOUR_FIT_MAX_ZOOM = 12
SUBTITLE_MAX = 160

# Limits of our format (story/model.py): Text fields hold 300 characters, LongText 20,000, ids 80.
_TEXT_MAX = 300
_LONG_TEXT_MAX = 20_000
_SLUG_MAX = 80
_HTTP_URL_MAX = 2_000


Warn = Callable[[str], None]


class StoryMapJSError(Exception):
    """A file that cannot be imported, with a message for the person who gave it."""


# ---------------------------------------------------------------------------
# Public API


def convert_storymapjs(data: dict, source_name: str) -> tuple[str, list[str]]:
    """The story as YAML text, and the warnings about what could not be carried over.

    `data` is the parsed StoryMapJS JSON; `source_name` names it in messages and
    in the file's header (normally the file name). Raises StoryMapJSError.
    """
    source_name = _one_line(str(source_name)) or "the StoryMapJS file"
    storymap = _storymap_of(data, source_name)
    converter = _Converter(storymap, source_name)
    root = converter.build()
    warnings = converter.all_warnings()
    text = _dump_yaml(root, _header_lines(source_name, warnings))
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise StoryMapJSError(
            f"{source_name}: the imported story would be {size / 1_000_000:.1f} MB; a story file may be at most "
            f"{MAX_FILE_BYTES // 1_000_000} MB: split the StoryMapJS story into several"
        )
    try:
        parse_story(text.encode("utf-8"), f"{source_name} (imported)")
    except StoryError as error:
        # The importer should never write a story our checker refuses; say so instead of writing it.
        raise StoryMapJSError(
            f"{source_name}: the imported story does not pass our checks (an importer bug):\n{error}"
        ) from None
    return text, warnings


def import_storymapjs(in_path: Path, out_path: Path) -> list[str]:
    """Convert the StoryMapJS file at `in_path`, write the story to `out_path`, return the warnings."""
    in_path, out_path = Path(in_path), Path(out_path)
    data = read_storymapjs(in_path)
    text, warnings = convert_storymapjs(data, in_path.name)
    try:
        out_path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise StoryMapJSError(f"{out_path}: cannot write the story: {error.strerror or error}") from None
    return warnings


def read_storymapjs(path: Path) -> dict:
    """The JSON of a StoryMapJS file; StoryMapJSError naming the file when it cannot be read."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise StoryMapJSError(
                f"{name}: the file is {size / 1_000_000:.1f} MB; a StoryMapJS story is at most "
                f"{MAX_INPUT_BYTES // 1_000_000} MB"
            )
        raw = path.read_bytes()
    except OSError as error:
        raise StoryMapJSError(f"{name}: cannot read the file: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StoryMapJSError(f"{name}: not a StoryMapJS story: the file is not UTF-8 text") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise StoryMapJSError(
            f"{name}: not a StoryMapJS story: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise StoryMapJSError(f"{name}: not a StoryMapJS story: the JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise StoryMapJSError(f"{name}: not a StoryMapJS story: expected a JSON object with a 'storymap' field")
    return data


def run_import(argv: list[str]) -> int:
    """`python -m story import-storymapjs IN.json -o OUT.yaml`: `argv` is what follows the command name.

    Prints the warnings; returns 0 when the story was written, 1 (with the reason
    on stderr, and no file written) when it could not be imported.
    """
    parser = argparse.ArgumentParser(
        prog="python -m story import-storymapjs",
        description="Convert a StoryMapJS story (JSON) into a story file, and list what could not come along.",
    )
    parser.add_argument("input", type=Path, metavar="IN", help="the StoryMapJS story, a .json file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the story file to write (.yaml)")
    args = parser.parse_args(argv)
    try:
        warnings = import_storymapjs(args.input, args.output)
    except StoryMapJSError as error:
        print(error, file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"warning: {warning}")
    print(f"{args.output}: written, {len(warnings)} warning(s); check it with: python -m story check {args.output}")
    return 0


# ---------------------------------------------------------------------------
# The story as a whole


def _storymap_of(data: object, source_name: str) -> dict:
    if not isinstance(data, dict):
        raise StoryMapJSError(f"{source_name}: not a StoryMapJS story: expected a JSON object with a 'storymap' field")
    storymap = data.get("storymap", data if "slides" in data else None)
    if not isinstance(storymap, dict):
        raise StoryMapJSError(f"{source_name}: not a StoryMapJS story: it has no 'storymap' object")
    map_type = storymap.get("map_type")
    if isinstance(map_type, str) and map_type.strip().lower().startswith("zoomify"):
        raise StoryMapJSError(
            f"{source_name} is a StoryMapJS story on an image (zoomify), not on a map: its coordinates are "
            "pixels of a picture and cannot be placed on a map of the world."
        )
    slides = storymap.get("slides")
    if not isinstance(slides, list):
        raise StoryMapJSError(f"{source_name}: not a StoryMapJS story: 'storymap' has no list of 'slides'")
    if not any(isinstance(slide, dict) for slide in slides):
        raise StoryMapJSError(f"{source_name}: the StoryMapJS story has no slides")
    if len(slides) > MAX_SLIDES:
        raise StoryMapJSError(
            f"{source_name}: the StoryMapJS story has {len(slides)} slides; a story has at most {MAX_SLIDES} steps"
        )
    return storymap


# StoryMapJS options that change nothing we could carry over, or that we handle ourselves.
_HANDLED_OPTIONS = {"slides", "language", "map_type", "map_as_image", "zoomify", "calculate_zoom", "uniqueid"}


@dataclass
class _Location:
    lat: float
    lon: float
    name: str  # from location.name, or ""
    zoom: float | None


@dataclass
class _Slide:
    number: int  # 1-based position in the StoryMapJS file
    overview: bool
    headline: str  # plain text, may be ""
    title: str
    body: str = ""
    date: str | None = None
    date_comment: str | None = None
    location: _Location | None = None
    place_id: str | None = None
    place_name: str = ""
    media: CommentedMap | None = None
    caption: str = ""  # the media caption as written, "" when there is none
    unreadable_date: str | None = None  # the StoryMapJS date when it could not be read
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.headline:
            return f"slide {self.number} “{_shorten(self.headline, 60)}”"
        return f"slide {self.number} (no headline)"

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.label}: {message}")


class _Converter:
    def __init__(self, storymap: dict, source_name: str) -> None:
        self.storymap = storymap
        self.source_name = source_name
        self.story_warnings: list[str] = []
        self.closing_warnings: list[str] = []
        # Slide numbers per kind of loss reported once for all slides (styling, pictures, counters).
        self.grouped: dict[str, list[int]] = {}
        self.slides: list[_Slide] = []

    def all_warnings(self) -> list[str]:
        per_slide = [warning for slide in self.slides for warning in slide.warnings]
        return [_one_line(w) for w in [*self.story_warnings, *per_slide, *self.closing_warnings]]

    def note_grouped(self, kind: str, slide: _Slide) -> None:
        numbers = self.grouped.setdefault(kind, [])
        if slide.number not in numbers:
            numbers.append(slide.number)

    # -- building

    def build(self) -> CommentedMap:
        language = self._language()
        self._options()
        for index, raw in enumerate(self.storymap["slides"]):
            if not isinstance(raw, dict):
                self.story_warnings.append(f"slide {index + 1} is not a block of fields; it is left out")
                continue
            self.slides.append(self._slide(index + 1, raw))
        self._assign_places()
        self._assign_dates()
        overview = next((slide for slide in self.slides if slide.overview), None)
        if overview is None:
            self.story_warnings.append(
                "the story has no title slide (type 'overview'); the title comes from the first slide"
            )
        title_slide = overview or self.slides[0]
        title = title_slide.headline or Path(self.source_name).stem or "Imported StoryMapJS story"
        title = _fit_text(title, _TEXT_MAX)

        root = CommentedMap()
        root["id"] = _slug(title) or _slug(Path(self.source_name).stem) or "storymapjs-story"
        root["title"] = title
        subtitle = _subtitle(title_slide, title) if overview is not None else None
        if subtitle:
            root["subtitle"] = subtitle
        root["language"] = language
        credit = CommentedMap()
        credit["text"] = _fit_text(
            f"Originally a StoryMapJS story (Knight Lab): “{_shorten(title, 150)}”, {self.source_name}", _TEXT_MAX
        )
        root["credits"] = CommentedSeq([credit])
        steps = CommentedSeq()
        used_ids: set[str] = set()
        for position, slide in enumerate(self.slides):
            steps.append(self._step(slide, position, used_ids))
        root["steps"] = steps
        self._grouped_warnings()
        return root

    def _language(self) -> str:
        raw = self.storymap.get("language")
        if raw is None or raw == "":
            return DEFAULT_LANGUAGE
        code = str(raw).strip().replace("_", "-")
        code = re.sub(r"-24hr$", "", code, flags=re.IGNORECASE)  # StoryMapJS's "en-24hr" is English
        parts = code.split("-")
        code = "-".join([parts[0].lower(), *parts[1:]])
        if re.match(LANGUAGE_PATTERN, code):
            return code
        self.story_warnings.append(
            f"the language {_quote(raw)} is not a language code; the story says '{DEFAULT_LANGUAGE}'"
        )
        return DEFAULT_LANGUAGE

    def _options(self) -> None:
        map_type = self.storymap.get("map_type")
        if isinstance(map_type, str) and map_type.strip():
            self.story_warnings.append(
                f"the map style {_quote(map_type)} is not carried over: the story uses our base map"
            )
        if self.storymap.get("map_as_image") is True:
            self.story_warnings.append(
                "'map_as_image' (treat the map as an image) is not carried over: the story is shown on our map"
            )
        others = sorted(str(key) for key in self.storymap if key not in _HANDLED_OPTIONS)
        if others:
            self.story_warnings.append(
                "StoryMapJS options not carried over: " + ", ".join(_shorten(key, 40) for key in others[:20])
            )

    def _slide(self, number: int, raw: dict) -> _Slide:
        text = raw.get("text")
        if not isinstance(text, dict):
            text = {"text": text} if isinstance(text, str) else {}
        # The headline names the slide in every warning, so it is read first and its own warnings wait.
        headline_notes: list[str] = []
        headline = _plain(_as_text(text.get("headline")), headline_notes.append, "headline")
        slide = _Slide(number=number, overview=raw.get("type") == "overview", headline=headline, title="")
        for note in headline_notes:
            slide.warn(note)
        slide.title = _fit_text(headline, _TEXT_MAX, slide, "the headline") if headline else f"Slide {number}"

        slide.body = self._body(slide, _as_text(text.get("text")))
        slide.media = self._media(slide, raw.get("media"))
        if not slide.body:
            if slide.caption:
                slide.body = _escape_markdown_line(slide.caption)
                slide.warn("the slide has no text; the media caption is used as its text")
            else:
                slide.body = NO_TEXT
                slide.warn("the slide has no text; the step says so: write one")
        slide.location = self._location(slide, raw.get("location"))
        self._date(slide, raw, text)
        self._background(slide, raw.get("background"))
        return slide

    def _body(self, slide: _Slide, html: str) -> str:
        if not html.strip():
            return ""
        body = _HtmlToMarkdown(slide.warn, "text", lambda: self.note_grouped("counters", slide)).convert(html)
        if len(body) > _LONG_TEXT_MAX:
            cut = body.rfind("\n\n", 0, _LONG_TEXT_MAX - 10)
            body = body[: cut if cut > 0 else _LONG_TEXT_MAX - 10].rstrip() + "\n\n…"
            slide.warn(f"the text is longer than {_LONG_TEXT_MAX} characters; it is cut short")
        return body

    def _media(self, slide: _Slide, raw: object) -> CommentedMap | None:
        if not isinstance(raw, dict):
            return None
        caption = _plain(_as_text(raw.get("caption")), slide.warn, "media caption")
        credit = _plain(_as_text(raw.get("credit")), slide.warn, "media credit")
        alt = _plain(_as_text(raw.get("alt")), slide.warn, "media alt text")
        slide.caption = caption
        url = self._media_url(slide, _as_text(raw.get("url")))
        if not (caption or url):
            if credit:
                slide.warn("the media has a credit but no caption or address; it is left out")
            return None
        media = CommentedMap()
        if not caption:
            assert url is not None
            caption = f"{_media_kind(url)[0]} from {urlsplit(url).hostname or 'the web'}"
        media["caption"] = _fit_text(caption, _LONG_TEXT_MAX, slide, "the media caption")
        if credit:
            media["credit"] = _fit_text(credit, _TEXT_MAX, slide, "the media credit")
        if alt:
            media["alt"] = _fit_text(alt, _TEXT_MAX, slide, "the media alt text")
        # The media address stays on the media block, where it is shown as a link; it is not added to
        # `sources`: it is what StoryMapJS showed next to the text, not evidence for the text's facts.
        if url:
            media["url"] = url
        return media

    def _media_url(self, slide: _Slide, raw: str) -> str | None:
        raw = _clean(raw).strip()
        if not raw:
            return None
        if raw.startswith("<"):
            embedded = _first_embedded_address(raw)
            if embedded is None:
                slide.warn("the media is embed code without a web address; it is left out")
                return None
            slide.warn(f"the media is embed code; only its address is kept, as a link: {_shorten(embedded, 80)}")
            raw = embedded
        url = _web_url(raw)
        if url is None:
            if raw.lower().startswith("data:"):
                slide.warn("the media is stored inside the file (a data: address), not on the web; it is left out")
            else:
                slide.warn(f"the media address {_quote(raw, 60)} is not a web address; it is left out")
            return None
        kind, is_picture = _media_kind(url)
        if is_picture:
            self.note_grouped("pictures", slide)
        else:
            slide.warn(f"the media is {kind[0].lower()}{kind[1:]}, which we do not embed; it becomes a link")
        return url

    def _location(self, slide: _Slide, raw: object) -> _Location | None:
        if slide.overview:
            # StoryMapJS frames all the markers on the title slide; its location is not shown.
            return None
        if not isinstance(raw, dict):
            slide.warn(_NO_LOCATION)
            return None
        if raw.get("icon") or raw.get("image"):
            self.note_grouped("markers", slide)
        if raw.get("line") is False:
            self.note_grouped("line-false", slide)
        lat, lon = _number(raw.get("lat")), _number(raw.get("lon"))
        if lat is None or lon is None:
            if raw.get("lat") not in (None, "") or raw.get("lon") not in (None, ""):
                slide.warn(
                    f"the location {_quote(raw.get('lat'))}, {_quote(raw.get('lon'))} is not a pair of numbers; "
                    + _NO_LOCATION_TAIL
                )
            else:
                slide.warn(_NO_LOCATION)
            return None
        if not -90 <= lat <= 90:
            slide.warn(f"the latitude {lat:g} is not between -90 and 90; " + _NO_LOCATION_TAIL)
            return None
        if lat == 0 and lon == 0:
            slide.warn("the location 0, 0 is a placeholder (StoryMapJS showed no marker for it); " + _NO_LOCATION_TAIL)
            return None
        # A map dragged around the world gives longitudes beyond ±180; they name the same meridian.
        lon = ((lon + 180) % 360) - 180 if not -180 <= lon <= 180 else lon
        name = _plain(_as_text(raw.get("name")), slide.warn, "location name")
        zoom = _number(raw.get("zoom"))
        return _Location(round(lat, 6), round(lon, 6), name, zoom)

    def _date(self, slide: _Slide, raw: dict, text: dict) -> None:
        candidates = [raw.get("date"), text.get("date")]
        for value in candidates:
            if value in (None, "") or (isinstance(value, dict) and not value):
                continue
            iso, note = _parse_date(value)
            if iso is not None:
                slide.date = iso
                if note:
                    slide.warn(note)
                    slide.date_comment = f"read from {_quote(_date_source(value), 40)}"
                return
            slide.unreadable_date = _date_source(value)
            return

    def _background(self, slide: _Slide, raw: object) -> None:
        if not isinstance(raw, dict):
            return
        url = _clean(_as_text(raw.get("url"))).strip()
        if url:
            slide.warn(f"the background picture is not carried over ({_shorten(_one_line(url), 80)})")
        color = raw.get("color")
        if isinstance(color, str) and color.strip():
            self.note_grouped("background", slide)

    # -- second pass: places, dates, views

    def _assign_places(self) -> None:
        positions: dict[str, tuple[float, float]] = {}
        for slide in self.slides:
            location = slide.location
            if location is None:
                continue
            name = location.name or slide.headline or slide.title
            name = _fit_text(name, _TEXT_MAX, slide, "the place name")
            base = _slug(name) or slugify(name)
            key, n = base, 1
            while key in positions and _far_apart(positions[key], (location.lat, location.lon)):
                n += 1
                key = _with_suffix(base, n)
            positions.setdefault(key, (location.lat, location.lon))
            slide.place_id, slide.place_name = key, name

    def _assign_dates(self) -> None:
        known = [slide.date for slide in self.slides if slide.date]
        if not known:
            for slide in self.slides:
                slide.date = PLACEHOLDER_DATE
                slide.date_comment = "placeholder: no date in the StoryMapJS story"
                if slide.unreadable_date:
                    slide.warn(f"the date {_quote(slide.unreadable_date)} cannot be read")
                    slide.date_comment = f"placeholder: {_quote(slide.unreadable_date, 40)} could not be read"
            self.story_warnings.append(
                f"no slide has a date we can read; every step has the placeholder date {PLACEHOLDER_DATE}: "
                "replace it with the real dates"
            )
            return
        span = _date_span(known)
        previous: str | None = None
        for position, slide in enumerate(self.slides):
            if slide.date is not None:
                if not slide.overview:
                    previous = slide.date
                continue
            why = f"the date {_quote(slide.unreadable_date)} cannot be read" if slide.unreadable_date else "no date"
            if slide.overview:
                slide.date = span
                slide.date_comment = "the span of the slides' dates"
                if slide.unreadable_date:
                    slide.warn(f"{why}; the title step spans the story's dates ({span})")
            elif previous is not None:
                slide.date = previous
                slide.warn(f"{why}; it takes the date of the step before ({previous})")
                slide.date_comment = "taken from the step before"
            else:
                later = (s.date for s in self.slides[position + 1 :] if s.date and not s.overview)
                slide.date = next(later, None) or span
                slide.warn(f"{why}; it takes the first date that follows ({slide.date})")
                slide.date_comment = "taken from the first dated step after it"
            if slide.unreadable_date:
                slide.date_comment = f"{_quote(slide.unreadable_date, 40)} could not be read; {slide.date_comment}"

    def _step(self, slide: _Slide, position: int, used_ids: set[str]) -> CommentedMap:
        step = CommentedMap()
        step_id = _slug(slide.headline) or f"slide-{slide.number}"
        step["id"] = _unique(step_id, used_ids)
        step["title"] = slide.title
        step["date"] = slide.date
        if slide.date_comment:
            step.yaml_add_eol_comment(_one_line(slide.date_comment), "date")
        step["body"] = LiteralScalarString(slide.body.strip() + "\n")
        step["view"] = self._view(slide, position)
        if slide.location is not None and slide.place_id:
            place = CommentedMap()
            place["id"] = slide.place_id
            place["name"] = slide.place_name
            place["lat"] = slide.location.lat
            place["lon"] = slide.location.lon
            step["places"] = CommentedSeq([place])
        if slide.media is not None:
            step["media"] = slide.media
        return step

    def _view(self, slide: _Slide, position: int) -> CommentedMap:
        view = CommentedMap()
        location = slide.location
        if location is not None and location.zoom is not None:
            view["center"] = _flow([location.lat, location.lon])
            view["zoom"] = _zoom(location.zoom)
            view["alt"] = _fit_text(f"Map centred on {_where(slide)}.", _TEXT_MAX)
            return view
        if location is not None:
            neighbours = [
                s
                for s in (self._neighbour(position, -1), slide, self._neighbour(position, +1))
                if s is not None and s.place_id
            ]
            ids = _distinct(s.place_id for s in neighbours if s.place_id)
            view["fit"] = _flow(ids)
            view["max_zoom"] = NEIGHBOUR_FIT_MAX_ZOOM
            others = _distinct(s.place_name for s in neighbours if s is not slide and s.place_id != slide.place_id)
            alt = f"Map of {_where(slide)}"
            alt += f", with {_and_list(others)}." if others else "."
            view["alt"] = _fit_text(alt, _TEXT_MAX)
            return view
        # The title slide, and slides without a location: every place of the story (StoryMapJS's overview).
        names: dict[str, str] = {}
        for other in self.slides:
            if other.place_id and other.place_id not in names:
                names[other.place_id] = other.place_name
        if not names:
            view["center"] = _flow(list(WORLD_VIEW["center"]))
            view["zoom"] = WORLD_VIEW["zoom"]
            view["alt"] = "Map of the whole world."
            return view
        view["fit"] = _flow(list(names))
        listed = list(names.values())
        if len(listed) == 1:
            view["alt"] = _fit_text(f"Map of {listed[0]}, the one place of the story.", _TEXT_MAX)
        else:
            shown = _and_list(listed[:8], more=len(listed) - 8)
            view["alt"] = _fit_text(f"Map of all {len(listed)} places of the story: {shown}.", _TEXT_MAX)
        return view

    def _neighbour(self, position: int, step: int) -> _Slide | None:
        other = position + step
        if 0 <= other < len(self.slides) and self.slides[other].location is not None:
            return self.slides[other]
        return None

    def _grouped_warnings(self) -> None:
        texts = {
            "pictures": "pictures are not shown in our stories: each becomes a caption with its credit and a link",
            "background": "background colours are not carried over",
            "markers": "custom marker icons are not carried over: our maps use their own markers",
            "counters": "Instagram counts (likes, posts, followers) are left out: StoryMapJS added them, "
            "not the author",
        }
        for kind, text in texts.items():
            numbers = self.grouped.get(kind)
            if numbers:
                self.closing_warnings.append(f"{_slide_list(numbers)}: {text}")
        has_places = any(slide.location is not None for slide in self.slides)
        if has_places and self.storymap.get("show_lines") is not False:
            message = "the dashed line StoryMapJS drew from place to place is not carried over: our maps draw no lines"
            hidden = self.grouped.get("line-false")
            if hidden:
                message += f" ({_slide_list(hidden)} had 'line: false', so nothing changes for them)"
            self.closing_warnings.append(message)


NO_TEXT = "(No text in the StoryMapJS slide.)"
_NO_LOCATION_TAIL = "the step shows all the story's places, as StoryMapJS showed its overview map"
_NO_LOCATION = "no location; " + _NO_LOCATION_TAIL


def _subtitle(slide: _Slide, title: str) -> str | None:
    """The first sentence of the title slide's text, when it is short and reads like a sentence."""
    text = _markdown_to_plain(slide.body)
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“'(])", text, maxsplit=1)[0].strip()
    if len(first.split()) < 3 or len(first) > SUBTITLE_MAX or "://" in first or first == title:
        return None
    if first == NO_TEXT:
        return None
    return first


def _markdown_to_plain(markdown: str) -> str:
    """Our own generated Markdown back to plain text, for the subtitle."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(\*\*|\*)", "", text.replace("\\\n", " "))
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


# ---------------------------------------------------------------------------
# HTML to Markdown, and to plain text

# Elements whose content is not text: scripts, styles, embedded players and documents.
_DROP = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "video", "audio", "canvas", "svg", "math", "head", "title", "textarea", "select", "button", "map", "meta",
    "link", "base", "form", "input",
}  # fmt: skip
_IMAGES = {"img", "picture", "source", "image"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "figure", "figcaption",
    "address", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "center", "fieldset", "details",
    "summary",
}  # fmt: skip
_BOLD = {"b", "strong"}
_ITALIC = {"i", "em", "cite", "dfn", "var"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Numbers StoryMapJS's Instagram import put into the text; shown with icons, meaningless as text.
_INSTAGRAM_COUNTERS = {
    "vco-media-instagram-likes",
    "vco-snapmap-instagram-posts",
    "vco-snapmap-instagram-followed_by",
    "vco-snapmap-instagram-follows",
}
_MAX_DEPTH = 64
_BR = "\ue000"  # a line break inside a paragraph, until paragraphs are assembled
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\ufeff]+")


class _Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def has_block(self) -> bool:
        return any(isinstance(c, _Node) and (c.tag in _BLOCK or c.has_block()) for c in self.children)


class _TreeBuilder(HTMLParser):
    """A forgiving element tree: unmatched end tags are ignored, open ones closed at the end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name.lower(), value or "")
        node = _Node(tag.lower(), values)
        if node.tag in _BLOCK and self.stack[-1].tag == "p":
            self.stack.pop()  # a block closes an open paragraph, as browsers do
        if node.tag == "li" and self.stack[-1].tag == "li":
            self.stack.pop()
        self.stack[-1].children.append(node)
        if node.tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID and self.stack[-1].tag == tag.lower() and len(self.stack) > 1:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def _parse_html(html: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(_clean(html))
    builder.close()
    return builder.root


class _Reporter:
    """Warnings about what an HTML fragment loses, once per kind and field."""

    def __init__(self, warn: Warn | None, field_name: str, on_counter: Callable[[], None] | None = None) -> None:
        self.sink = warn
        self.field_name = field_name
        self.on_counter = on_counter
        self.seen: set[str] = set()

    def warn(self, message: str) -> None:
        if self.sink is None or message in self.seen:
            return
        self.seen.add(message)
        self.sink(f"{message} (in the {self.field_name})")

    def dropped(self, node: _Node) -> None:
        tag = node.tag
        if tag in _IMAGES:
            src = node.attrs.get("src") or node.attrs.get("srcset") or ""
            where = f": {_shorten(_one_line(src), 80)}" if _web_url(src) else ""
            self.warn(f"a picture is left out{where}")
        elif tag == "script":
            self.warn("a script is removed")
        elif tag in {"style", "meta", "link", "base", "head", "title"}:
            pass  # styling and page metadata: nothing a reader saw as content
        elif tag in {"iframe", "frame", "object", "embed", "applet", "video", "audio", "canvas", "svg", "math"}:
            src = node.attrs.get("src") or node.attrs.get("data") or ""
            where = f": {_shorten(_one_line(src), 80)}" if _web_url(src) else ""
            self.warn(f"embedded content ({tag}) is left out{where}")
        else:
            self.warn(f"a form or interactive element ({tag}) is left out")

    def event_handlers(self, node: _Node) -> None:
        if any(name.startswith("on") for name in node.attrs):
            self.warn("script code in an attribute is removed")

    def counter(self) -> None:
        if self.on_counter is not None:
            self.on_counter()


class _HtmlToMarkdown:
    """A slide's HTML as our Markdown: text stays text, only known formatting becomes markup."""

    def __init__(self, warn: Warn | None, field_name: str = "text", on_counter: Callable[[], None] | None = None):
        self.report = _Reporter(warn, field_name, on_counter)
        self.bold = 0
        self.italic = 0
        self.in_link = 0

    def convert(self, html: str) -> str:
        return "\n\n".join(self.blocks(_parse_html(html))).strip()

    def blocks(self, node: _Node) -> list[str]:
        out: list[str] = []
        run: list[str] = []
        for child in node.children:
            if isinstance(child, str):
                run.append(_escape_inline(child))
                continue
            self.report.event_handlers(child)
            if child.tag in _BLOCK or (child.tag != "a" and child.has_block() and not self._skipped(child)):
                out.extend(_paragraphs("".join(run)))
                run = []
                out.extend(self.block(child))
            else:
                run.append(self.inline(child))
        out.extend(_paragraphs("".join(run)))
        return out

    def _skipped(self, node: _Node) -> bool:
        return node.tag in _DROP or node.tag in _IMAGES or bool(node.classes() & _INSTAGRAM_COUNTERS)

    def block(self, node: _Node) -> list[str]:
        if self._skipped(node):
            self.inline(node)  # reports it
            return []
        tag = node.tag
        if tag in {"ul", "ol"}:
            return self.list_block(node, ordered=tag == "ol")
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(node))
            if not inner:
                return []
            return ["\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))]
        if tag in _HEADINGS:
            # Our renderer has no headings inside a step: a heading becomes a bold line.
            self.bold += 1
            content = self.inline_children(node)
            self.bold -= 1
            return _paragraphs(_wrap(content, "**") if not self.bold else content)
        if tag == "hr":
            return []
        return self.blocks(node)

    def list_block(self, node: _Node, ordered: bool) -> list[str]:
        items: list[list[str]] = []
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    items.append(_paragraphs(_escape_inline(child)))
                continue
            if child.tag in {"ul", "ol"} and items:
                items[-1].extend(self.block(child))  # a list right inside a list belongs to the item before it
                continue
            wrapper = _Node("li", {})
            wrapper.children = child.children if child.tag == "li" else [child]
            self.report.event_handlers(child)
            if self._skipped(child):
                self.inline(child)
                continue
            items.append(self.blocks(wrapper))
        lines: list[str] = []
        number = 0
        for blocks in items:
            if not blocks:
                continue
            number += 1
            marker = f"{number}. " if ordered else "- "
            text = blocks[0]
            for block in blocks[1:]:
                separator = "\n" if block.startswith(("- ", "1. ")) else "\n\n"
                text += separator + block
            indent = " " * len(marker)
            body = "\n".join((indent + line if line else "") if i else line for i, line in enumerate(text.split("\n")))
            lines.append(marker + body)
        return ["\n".join(lines)] if lines else []

    def inline_children(self, node: _Node) -> str:
        parts = []
        for child in node.children:
            parts.append(_escape_inline(child) if isinstance(child, str) else self.inline(child))
        return "".join(parts)

    def inline(self, node: _Node) -> str:
        tag = node.tag
        self.report.event_handlers(node)
        if tag in _DROP or tag in _IMAGES:
            self.report.dropped(node)
            return ""
        if node.classes() & _INSTAGRAM_COUNTERS:
            self.report.counter()
            return ""
        if tag == "br":
            return _BR
        if tag == "a":
            return self.link(node)
        if tag in _BOLD or tag in _HEADINGS:
            self.bold += 1
            content = self.inline_children(node)
            self.bold -= 1
            return content if self.bold else _wrap(content, "**")
        if tag in _ITALIC:
            self.italic += 1
            content = self.inline_children(node)
            self.italic -= 1
            return content if self.italic else _wrap(content, "*")
        content = self.inline_children(node)
        if tag in _BLOCK:
            return f" {content} "
        return content

    def link(self, node: _Node) -> str:
        self.in_link += 1
        content = self.inline_children(node)
        self.in_link -= 1
        href = node.attrs.get("href")
        if self.in_link or href is None:
            return content
        url = _link_url(href)
        if url is None:
            if _clean(href).strip():
                self.report.warn(f"a link to {_quote(href, 60)} is removed, its text kept")
            return content
        lead, core, trail = _split_edges(content)
        if not core:
            core = _escape_inline(url)
        return f"{lead}[{core}]({_markdown_destination(url)}){trail}"


def _plain(html: str, warn: Warn | None, field_name: str) -> str:
    """An HTML fragment (headline, caption, credit, place name) as one line of plain text."""
    if not html:
        return ""
    report = _Reporter(warn, field_name)
    parts: list[str] = []

    def walk(node: _Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
                continue
            report.event_handlers(child)
            if child.tag in _DROP or child.tag in _IMAGES:
                report.dropped(child)
                continue
            if child.classes() & _INSTAGRAM_COUNTERS:
                continue
            if child.tag == "a" and _clean(child.attrs.get("href", "")).strip():
                report.warn(f"the link to {_quote(child.attrs['href'], 60)} is removed: this field is plain text")
            if child.tag in _BLOCK or child.tag == "br":
                parts.append(" ")
            walk(child)
            if child.tag in _BLOCK:
                parts.append(" ")

    walk(_parse_html(html))
    return _one_line("".join(parts))


# ---------------------------------------------------------------------------
# Markdown escaping

_ENTITY_LIKE = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<])")
_LINE_START = re.compile(r"^([#>+\-=~|])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")


def _escape_inline(text: str) -> str:
    """Text that Markdown shows as it is: no emphasis, links, code, HTML or entities."""
    text = _INLINE_SPECIAL.sub(r"\\\1", _clean(text))
    return _ENTITY_LIKE.sub(r"\\&", text)


def _escape_line_start(line: str) -> str:
    """Escape what would start a heading, quote, list, rule or fence at the start of a line."""
    line = _LINE_START.sub(r"\\\1", line)
    return _ORDERED_START.sub(r"\1\\\2", line)


def _escape_markdown_line(text: str) -> str:
    return _escape_line_start(_escape_inline(_one_line(text)))


def _paragraphs(run: str) -> list[str]:
    """Inline Markdown with _BR marks -> paragraphs; two breaks in a row start a new paragraph."""
    text = _SPACES.sub(" ", run)
    paragraphs = []
    for chunk in re.split(f"{_BR}(?: ?{_BR})+", text):
        lines = [line.strip() for line in chunk.split(_BR)]
        lines = [_escape_line_start(line) for line in lines if line]
        if lines:
            paragraphs.append("\\\n".join(lines))
    return paragraphs


def _split_edges(content: str) -> tuple[str, str, str]:
    """Leading whitespace, the content, trailing whitespace (breaks count as whitespace)."""
    match = re.match(rf"^([\s\u00a0{_BR}]*)(.*?)([\s\u00a0{_BR}]*)$", content, flags=re.DOTALL)
    assert match is not None
    return match[1], match[2], match[3]


def _wrap(content: str, marker: str) -> str:
    # `**text **` is not bold in Markdown: the spaces go outside the markers.
    lead, core, trail = _split_edges(content)
    if not core:
        return content
    return f"{lead}{marker}{core}{marker}{trail}"


def _markdown_destination(url: str) -> str:
    # Characters that would end or break a Markdown link destination are percent-encoded.
    return "".join({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C"}.get(c, c) for c in url)


# ---------------------------------------------------------------------------
# Addresses, media kinds

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _link_url(href: str) -> str | None:
    """A link target we keep in a body: http(s) or mailto, else None."""
    url = re.sub(r"[\t\n\r]", "", _clean(href)).strip()
    if re.match(r"^(https?://[^\s/$.?#]|mailto:[^\s])", url, flags=re.IGNORECASE) and len(url) <= _HTTP_URL_MAX:
        return url.replace(" ", "%20")
    return None


def _web_url(raw: str) -> str | None:
    """An http(s) address valid in our format, else None."""
    url = re.sub(r"[\t\n\r]", "", _clean(raw)).strip().replace(" ", "%20")
    if url.startswith("//"):
        url = "https:" + url  # protocol-relative addresses, common in embed code
    if re.match(r"^https?://[^\s/$.?#][^\s]*$", url, flags=re.IGNORECASE) and len(url) <= _HTTP_URL_MAX:
        return url
    return None


def _first_embedded_address(html: str) -> str | None:
    """The first web address (src, href, cite) in a piece of embed code."""
    found: list[str] = []

    def walk(node: _Node) -> None:
        for child in node.children:
            if isinstance(child, _Node):
                for attribute in ("src", "href", "cite", "data"):
                    value = child.attrs.get(attribute)
                    if value and _web_url(value):
                        found.append(_web_url(value) or "")
                walk(child)

    walk(_parse_html(html))
    return found[0] if found else None


_PICTURE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".avif")
_MEDIA_HOSTS = [
    (("youtube.com", "youtu.be", "youtube-nocookie.com"), "A YouTube video"),
    (("vimeo.com",), "A Vimeo video"),
    (("vine.co",), "A Vine video"),
    (("dailymotion.com", "dai.ly"), "A Dailymotion video"),
    (("soundcloud.com",), "A SoundCloud recording"),
    (("spotify.com",), "A Spotify recording"),
    (("twitter.com", "x.com"), "A tweet"),
    (("instagram.com", "instagr.am"), "An Instagram post"),
    (("flickr.com", "flic.kr"), "A Flickr picture page"),
    (("docs.google.com", "drive.google.com"), "A Google document"),
    (("maps.google.", "google.com/maps"), "A Google map"),
    (("wikipedia.org",), "A Wikipedia article"),
    (("documentcloud.org",), "A DocumentCloud document"),
    (("storify.com",), "A Storify story"),
    (("facebook.com",), "A Facebook post"),
]


def _media_kind(url: str) -> tuple[str, bool]:
    """What the media address shows ("A YouTube video"), and whether it is a picture."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    if path.endswith(_PICTURE_EXTENSIONS) or host.startswith("upload.wikimedia.org"):
        return "A picture", True
    if path.endswith((".mp3", ".wav", ".ogg", ".m4a", ".aac")):
        return "A sound recording", False
    if path.endswith((".mp4", ".webm", ".mov", ".m4v")):
        return "A video", False
    if path.endswith(".pdf"):
        return "A PDF document", False
    where = host + parts.path.lower()
    for needles, kind in _MEDIA_HOSTS:
        if any(host == n or host.endswith("." + n) or n in where for n in needles):
            return kind, False
    return "A web page", False


# ---------------------------------------------------------------------------
# Dates

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_ISO = re.compile(r"^(\d{3,4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?$")
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{3,4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{3,4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{3,4})$")
_RANGE = re.compile(r"^(.+?)\s*(?:–|—|/|\s-\s|\bto\b|\buntil\b)\s*(.+)$")
_YEAR_RANGE = re.compile(r"^(\d{3,4})\s*-\s*(\d{3,4})$")


def _parse_date(value: object) -> tuple[str | None, str | None]:
    """(our date, a note when it was only partly read) or (None, None) when it cannot be read."""
    if isinstance(value, bool):
        return None, None
    if isinstance(value, dict):
        created = value.get("created_time")
        return (_timestamp_date(created), None) if created is not None else (None, None)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return None, None
        return _valid(f"{int(value):04d}") if 100 <= value <= 9999 else None, None
    if not isinstance(value, str):
        return None, None
    text = _one_line(value).strip().lower()
    if not text or re.search(r"\b(bc|bce|b\.c\.)\b", text):
        return None, None
    exact = _exact_date(text)
    if exact is not None:
        return exact, None
    for pattern in (_YEAR_RANGE, _RANGE):
        match = pattern.match(text)
        if match:
            start, end = _exact_date(match[1].strip()), _exact_date(match[2].strip())
            if start and end:
                joined = _valid(f"{start}/{end}")
                if joined:
                    return joined, None
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", text)
    if len(years) == 1 and _valid(years[0]):
        return years[0], f"the date {_quote(value, 60)} is read as the year {years[0]}"
    if len(years) == 2 and _valid(f"{years[0]}/{years[1]}"):
        return f"{years[0]}/{years[1]}", f"the date {_quote(value, 60)} is read as {years[0]} to {years[1]}"
    return None, None


def _exact_date(text: str) -> str | None:
    match = _ISO.match(text)
    if match:
        year, _, month, day = match.groups()
        parts = [year.zfill(4)] + [part.zfill(2) for part in (month, day) if part]
        return _valid("-".join(parts))
    match = _ISO_TIME.match(text)
    if match:
        return _valid(match[1])
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy"), (_MONTH_YEAR, "my")):
        match = pattern.match(text)
        if not match:
            continue
        groups = dict(zip(order, match.groups(), strict=True))
        month = _MONTHS.get(groups["m"])
        if month is None:
            return None
        parts = [groups["y"].zfill(4), f"{month:02d}"] + ([f"{int(groups['d']):02d}"] if "d" in groups else [])
        return _valid("-".join(parts))
    return None


def _valid(text: str) -> str | None:
    try:
        parse_story_date(text)
    except ValueError:
        return None
    return text


def _timestamp_date(value: object) -> str | None:
    seconds = _number(value)
    if seconds is None or not 0 < seconds < 1e11:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()


def _date_source(value: object) -> str:
    if isinstance(value, dict) and "created_time" in value:
        return f"created_time {value['created_time']}"
    return str(value)


def _date_span(dates: list[str]) -> str:
    """One date covering all `dates`: from the earliest start to the latest end."""
    parsed = [(parse_story_date(text), text) for text in dates]
    first = min(parsed, key=lambda item: item[0].start.value)
    last = max(parsed, key=lambda item: (item[0].end or item[0].start).last_day)
    start, end = first[1].split("/")[0], last[1].split("/")[-1]
    if start == end:
        return start
    return _valid(f"{start}/{end}") or start


# ---------------------------------------------------------------------------
# Small helpers


def _clean(text: str) -> str:
    """Text without control characters, lone surrogates or YAML line separators."""
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def _one_line(text: str) -> str:
    return " ".join(_SPACES.sub(" ", _clean(text)).split())


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value) if isinstance(value, (int, float, str)) else None
    except ValueError:
        return None
    if number is None or not math.isfinite(number):
        return None
    return number


def _zoom(value: float) -> int | float:
    zoom = min(max(value, MIN_ZOOM), MAX_ZOOM)
    return int(zoom) if float(zoom).is_integer() else round(zoom, 2)


def _shorten(text: str, limit: int) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _quote(value: object, limit: int = 60) -> str:
    return f"'{_shorten(str(value), limit)}'"


def _fit_text(text: str, limit: int, slide: _Slide | None = None, what: str = "") -> str:
    if len(text) <= limit:
        return text
    if slide is not None:
        slide.warn(f"{what} is longer than {limit} characters; it is cut short")
    return text[: limit - 1].rstrip() + "…"


def _slug(text: str) -> str:
    """Lowercase ASCII letters, digits and dashes; "" when nothing of the text is left."""
    text = re.sub(r"['’‘`]", "", text)  # "King's Landing" -> kings-landing, not king-s-landing
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:_SLUG_MAX].rstrip("-")


def _with_suffix(base: str, number: int) -> str:
    suffix = f"-{number}"
    return base[: _SLUG_MAX - len(suffix)].rstrip("-") + suffix


def _unique(base: str, used: set[str]) -> str:
    key, number = base, 1
    while key in used:
        number += 1
        key = _with_suffix(base, number)
    used.add(key)
    return key


def _far_apart(first: tuple[float, float], second: tuple[float, float]) -> bool:
    return abs(first[0] - second[0]) > SAME_PLACE_DEGREES or abs(first[1] - second[1]) > SAME_PLACE_DEGREES


def _distinct(items: Iterator[str] | list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _and_list(items: list[str], more: int = 0) -> str:
    # Names like "Florida, Missouri" hold commas: then the list is separated by semicolons.
    separator = "; " if any("," in item for item in items) else ", "
    if more > 0:
        return separator.join(items) + f" and {more} more"
    if len(items) <= 1:
        return "".join(items)
    return separator.join(items[:-1]) + " and " + items[-1]


def _where(slide: _Slide) -> str:
    location = slide.location
    assert location is not None
    if location.name:
        return location.name
    if slide.headline:
        return slide.place_name
    lat, lon = location.lat, location.lon
    return f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"


def _slide_list(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> "slides 1–3, 5"."""
    numbers = sorted(set(numbers))
    if len(numbers) == 1:
        return f"slide {numbers[0]}"
    ranges: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        ranges.append(str(start) if start == previous else f"{start}–{previous}")
        if number is not None:
            start = previous = number
    return "slides " + ", ".join(ranges)


def _flow(items: list) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _header_lines(source_name: str, warnings: list[str]) -> list[str]:
    lines = [
        f"Imported from the StoryMapJS story {source_name} by story/storymapjs.py.",
        "Check it with: python -m story check <this file>",
    ]
    if warnings:
        lines.append(f"{len(warnings)} warning(s): what could not be carried over:")
        lines.extend(f"- {warning}" for warning in warnings)
    else:
        lines.append("Everything was carried over.")
    return [_one_line(line) for line in lines]


def _dump_yaml(root: CommentedMap, header: list[str]) -> str:
    root.yaml_set_start_comment("\n".join(header))
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096  # long titles stay on one line
    yaml.allow_unicode = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(root, stream)
    return stream.getvalue()
