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
- `media` becomes a media item: a picture on the web as a picture (its address
  made https://, its caption as alt text when it has none), a YouTube or Vimeo
  video as a video (played only when the reader asks, in the privacy-enhanced
  player), with caption and credit as plain text. Tweets, audio and other embeds
  become a caption with a link; the warning says so.
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
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from story.format.checks import far_apart
from story.format.loader import parse_story
from story.format.media import video_embed
from story.format.model import (
    LANGUAGE_PATTERN,
    LONG_TEXT_MAX,
    MAX_ZOOM,
    MIN_ZOOM,
    SLUG_MAX,
    TEXT_MAX,
    WORLD_CENTER,
    WORLD_ZOOM,
    hashed_key,
    slugify,
)
from story.format.problems import StoryError
from story.format.yamlsource import MAX_FILE_BYTES
from story.importers.storymapjs.dates import date_source, date_span, parse_date
from story.importers.storymapjs.markdown import HtmlToMarkdown, escape_markdown_line, plain_text
from story.importers.storymapjs.media import first_embedded_address, https_address, media_kind
from story.importers.storymapjs.text import as_number, as_text, clean, one_line, quoted, shorten, web_address

MAX_INPUT_BYTES = 10_000_000
MAX_SLIDES = 500
PLACEHOLDER_DATE = "2000"
DEFAULT_LANGUAGE = "en"
# A view fitted to a slide and its neighbours stops at town level when they are close together.
NEIGHBOUR_FIT_MAX_ZOOM = 12
SUBTITLE_MAX = 160


class StoryMapJSError(Exception):
    """A file that cannot be imported, with a message for the person who gave it."""


# ---------------------------------------------------------------------------
# Public API


def convert_storymapjs(data: dict, source_name: str) -> tuple[str, list[str]]:
    """The story as YAML text, and the warnings about what could not be carried over.

    `data` is the parsed StoryMapJS JSON; `source_name` names it in messages and
    in the file's header (normally the file name). Raises StoryMapJSError.
    """
    source_name = one_line(str(source_name)) or "the StoryMapJS file"
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
    return read_storymapjs_bytes(raw, name)


def read_storymapjs_bytes(raw: bytes, name: str) -> dict:
    """The JSON of a StoryMapJS file given as bytes (an upload); StoryMapJSError naming it when it cannot be read."""
    if len(raw) > MAX_INPUT_BYTES:
        raise StoryMapJSError(
            f"{name}: the file is {len(raw) / 1_000_000:.1f} MB; a StoryMapJS story is at most "
            f"{MAX_INPUT_BYTES // 1_000_000} MB"
        )
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
            return f"slide {self.number} “{shorten(self.headline, 60)}”"
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
        return [one_line(w) for w in [*self.story_warnings, *per_slide, *self.closing_warnings]]

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
        title = _fit_text(title, TEXT_MAX)

        root = CommentedMap()
        root["id"] = slugify(title) or slugify(Path(self.source_name).stem) or "storymapjs-story"
        root["title"] = title
        subtitle = _subtitle(title_slide, title) if overview is not None else None
        if subtitle:
            root["subtitle"] = subtitle
        root["language"] = language
        credit = CommentedMap()
        credit["text"] = _fit_text(
            f"Originally a StoryMapJS story (Knight Lab): “{shorten(title, 150)}”, {self.source_name}", TEXT_MAX
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
            f"the language {quoted(raw)} is not a language code; the story says '{DEFAULT_LANGUAGE}'"
        )
        return DEFAULT_LANGUAGE

    def _options(self) -> None:
        map_type = self.storymap.get("map_type")
        if isinstance(map_type, str) and map_type.strip():
            self.story_warnings.append(
                f"the map style {quoted(map_type)} is not carried over: the story uses our base map"
            )
        if self.storymap.get("map_as_image") is True:
            self.story_warnings.append(
                "'map_as_image' (treat the map as an image) is not carried over: the story is shown on our map"
            )
        others = sorted(str(key) for key in self.storymap if key not in _HANDLED_OPTIONS)
        if others:
            self.story_warnings.append(
                "StoryMapJS options not carried over: " + ", ".join(shorten(key, 40) for key in others[:20])
            )

    def _slide(self, number: int, raw: dict) -> _Slide:
        text = raw.get("text")
        if not isinstance(text, dict):
            text = {"text": text} if isinstance(text, str) else {}
        # The headline names the slide in every warning, so it is read first and its own warnings wait.
        headline_notes: list[str] = []
        headline = plain_text(as_text(text.get("headline")), headline_notes.append, "headline")
        slide = _Slide(number=number, overview=raw.get("type") == "overview", headline=headline, title="")
        for note in headline_notes:
            slide.warn(note)
        slide.title = _fit_text(headline, TEXT_MAX, slide, "the headline") if headline else f"Slide {number}"

        slide.body = self._body(slide, as_text(text.get("text")))
        slide.media = self._media(slide, raw.get("media"))
        if not slide.body:
            if slide.caption:
                slide.body = escape_markdown_line(slide.caption)
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
        body = HtmlToMarkdown(slide.warn, "text", lambda: self.note_grouped("counters", slide)).convert(html)
        if len(body) > LONG_TEXT_MAX:
            cut = body.rfind("\n\n", 0, LONG_TEXT_MAX - 10)
            body = body[: cut if cut > 0 else LONG_TEXT_MAX - 10].rstrip() + "\n\n…"
            slide.warn(f"the text is longer than {LONG_TEXT_MAX} characters; it is cut short")
        return body

    def _media(self, slide: _Slide, raw: object) -> CommentedMap | None:
        if not isinstance(raw, dict):
            return None
        caption = plain_text(as_text(raw.get("caption")), slide.warn, "media caption")
        credit = plain_text(as_text(raw.get("credit")), slide.warn, "media credit")
        alt = plain_text(as_text(raw.get("alt")), slide.warn, "media alt text")
        slide.caption = caption
        url = self._media_url(slide, as_text(raw.get("url")))
        if not (caption or url):
            if credit:
                slide.warn("the media has a credit but no caption or address; it is left out")
            return None
        media = CommentedMap()
        kind = media_kind(url)[0] if url else ""
        video = video_embed(https_address(url)) if url else None
        if not caption:
            assert url is not None
            caption = f"{kind} from {urlsplit(url).hostname or 'the web'}"
        if url and (kind == "A picture" or video is not None):
            # Shown as StoryMapJS showed it: a picture on the web (https: a page served over https
            # cannot show an http picture), a YouTube or Vimeo video in its privacy-enhanced player.
            if video is not None:
                media["type"] = "video"
            media["src"] = https_address(url)
            if url.lower().startswith("http:"):
                self.note_grouped("https", slide)
        media["caption"] = _fit_text(caption, LONG_TEXT_MAX, slide, "the media caption")
        if credit:
            media["credit"] = _fit_text(credit, TEXT_MAX, slide, "the media credit")
        if alt:
            media["alt"] = _fit_text(alt, TEXT_MAX, slide, "the media alt text")
        elif "src" in media and video is None:
            # A picture needs its description; the caption is the nearest the slide has.
            media["alt"] = _fit_text(caption, TEXT_MAX, slide, "the media alt text")
            self.note_grouped("alt", slide)
        if video is not None:
            self.note_grouped("transcripts", slide)
        # An address shown as a link stays on the media block; it is not added to `sources`: it is
        # what StoryMapJS showed next to the text, not evidence for the text's facts.
        if url and "src" not in media:
            media["url"] = url
        return media

    def _media_url(self, slide: _Slide, raw: str) -> str | None:
        raw = clean(raw).strip()
        if not raw:
            return None
        if raw.startswith("<"):
            embedded = first_embedded_address(raw)
            if embedded is None:
                slide.warn("the media is embed code without a web address; it is left out")
                return None
            slide.warn(f"the media is embed code; only its address is kept, as a link: {shorten(embedded, 80)}")
            raw = embedded
        url = web_address(raw)
        if url is None:
            if raw.lower().startswith("data:"):
                slide.warn("the media is stored inside the file (a data: address), not on the web; it is left out")
            else:
                slide.warn(f"the media address {quoted(raw, 60)} is not a web address; it is left out")
            return None
        kind, is_picture = media_kind(url)
        if not is_picture and video_embed(https_address(url)) is None:
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
        lat, lon = as_number(raw.get("lat")), as_number(raw.get("lon"))
        if lat is None or lon is None:
            if raw.get("lat") not in (None, "") or raw.get("lon") not in (None, ""):
                slide.warn(
                    f"the location {quoted(raw.get('lat'))}, {quoted(raw.get('lon'))} is not a pair of numbers; "
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
        name = plain_text(as_text(raw.get("name")), slide.warn, "location name")
        zoom = as_number(raw.get("zoom"))
        return _Location(round(lat, 6), round(lon, 6), name, zoom)

    def _date(self, slide: _Slide, raw: dict, text: dict) -> None:
        candidates = [raw.get("date"), text.get("date")]
        for value in candidates:
            if value in (None, "") or (isinstance(value, dict) and not value):
                continue
            iso, note = parse_date(value)
            if iso is not None:
                slide.date = iso
                if note:
                    slide.warn(note)
                    slide.date_comment = f"read from {quoted(date_source(value), 40)}"
                return
            slide.unreadable_date = date_source(value)
            return

    def _background(self, slide: _Slide, raw: object) -> None:
        if not isinstance(raw, dict):
            return
        url = clean(as_text(raw.get("url"))).strip()
        if url:
            slide.warn(f"the background picture is not carried over ({shorten(one_line(url), 80)})")
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
            name = _fit_text(name, TEXT_MAX, slide, "the place name")
            base = slugify(name) or hashed_key(name)
            key, n = base, 1
            while key in positions and far_apart(positions[key], (location.lat, location.lon)):
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
                    slide.warn(f"the date {quoted(slide.unreadable_date)} cannot be read")
                    slide.date_comment = f"placeholder: {quoted(slide.unreadable_date, 40)} could not be read"
            self.story_warnings.append(
                f"no slide has a date we can read; every step has the placeholder date {PLACEHOLDER_DATE}: "
                "replace it with the real dates"
            )
            return
        span = date_span(known)
        previous: str | None = None
        for position, slide in enumerate(self.slides):
            if slide.date is not None:
                if not slide.overview:
                    previous = slide.date
                continue
            why = f"the date {quoted(slide.unreadable_date)} cannot be read" if slide.unreadable_date else "no date"
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
                slide.date_comment = f"{quoted(slide.unreadable_date, 40)} could not be read; {slide.date_comment}"

    def _step(self, slide: _Slide, position: int, used_ids: set[str]) -> CommentedMap:
        step = CommentedMap()
        step_id = slugify(slide.headline) or f"slide-{slide.number}"
        step["id"] = _unique(step_id, used_ids)
        step["title"] = slide.title
        step["date"] = slide.date
        if slide.date_comment:
            step.yaml_add_eol_comment(one_line(slide.date_comment), "date")
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
            step["media"] = CommentedSeq([slide.media])
        return step

    def _view(self, slide: _Slide, position: int) -> CommentedMap:
        view = CommentedMap()
        location = slide.location
        if location is not None and location.zoom is not None:
            view["center"] = _flow([location.lat, location.lon])
            view["zoom"] = _zoom(location.zoom)
            view["alt"] = _fit_text(f"Map centred on {_where(slide)}.", TEXT_MAX)
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
            view["alt"] = _fit_text(alt, TEXT_MAX)
            return view
        # The title slide, and slides without a location: every place of the story (StoryMapJS's overview).
        names: dict[str, str] = {}
        for other in self.slides:
            if other.place_id and other.place_id not in names:
                names[other.place_id] = other.place_name
        if not names:
            view["center"] = _flow(list(WORLD_CENTER))
            view["zoom"] = WORLD_ZOOM
            view["alt"] = "Map of the whole world."
            return view
        view["fit"] = _flow(list(names))
        listed = list(names.values())
        if len(listed) == 1:
            view["alt"] = _fit_text(f"Map of {listed[0]}, the one place of the story.", TEXT_MAX)
        else:
            shown = _and_list(listed[:8], more=len(listed) - 8)
            view["alt"] = _fit_text(f"Map of all {len(listed)} places of the story: {shown}.", TEXT_MAX)
        return view

    def _neighbour(self, position: int, step: int) -> _Slide | None:
        other = position + step
        if 0 <= other < len(self.slides) and self.slides[other].location is not None:
            return self.slides[other]
        return None

    def _grouped_warnings(self) -> None:
        texts = {
            "https": "media addresses starting with http:// now start with https:// (a page served over https "
            "shows no http picture); check that each still opens",
            "alt": "pictures without alt text take their caption as alt text: describe what each shows",
            "transcripts": "videos have no transcript: write what is said and shown in `transcript` for those who "
            "cannot hear or see them",
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
# Small helpers


def _zoom(value: float) -> int | float:
    zoom = min(max(value, MIN_ZOOM), MAX_ZOOM)
    return int(zoom) if float(zoom).is_integer() else round(zoom, 2)


def _fit_text(text: str, limit: int, slide: _Slide | None = None, what: str = "") -> str:
    if len(text) <= limit:
        return text
    if slide is not None:
        slide.warn(f"{what} is longer than {limit} characters; it is cut short")
    return text[: limit - 1].rstrip() + "…"


def _with_suffix(base: str, number: int) -> str:
    suffix = f"-{number}"
    return base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix


def _unique(base: str, used: set[str]) -> str:
    key, number = base, 1
    while key in used:
        number += 1
        key = _with_suffix(base, number)
    used.add(key)
    return key


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
        f"Imported from the StoryMapJS story {source_name} by story/importers/storymapjs.",
        "Check it with: python -m story check <this file>",
    ]
    if warnings:
        lines.append(f"{len(warnings)} warning(s): what could not be carried over:")
        lines.extend(f"- {warning}" for warning in warnings)
    else:
        lines.append("Everything was carried over.")
    return [one_line(line) for line in lines]


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
