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

The module by job: reading the file (`read.py`), reading each slide (`slides.py`), the passes
across slides and the story as a whole (here), the warnings (`warnings.py`) and the YAML (`write.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from story.format.checks import far_apart
from story.format.loader import parse_story
from story.format.model import (
    LANGUAGE_PATTERN,
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
from story.importers.storymapjs.dates import date_span
from story.importers.storymapjs.read import StoryMapJSError, read_storymapjs, storymap_of
from story.importers.storymapjs.read import read_storymapjs_bytes as read_storymapjs_bytes
from story.importers.storymapjs.slides import NO_TEXT, Slide, SlideReader, fit_text
from story.importers.storymapjs.text import one_line, quoted, shorten
from story.importers.storymapjs.warnings import grouped_warnings, header_lines
from story.importers.storymapjs.write import dump_yaml, flow

PLACEHOLDER_DATE = "2000"
DEFAULT_LANGUAGE = "en"
# A view fitted to a slide and its neighbours stops at town level when they are close together.
NEIGHBOUR_FIT_MAX_ZOOM = 12
SUBTITLE_MAX = 160


def convert_storymapjs(data: dict, source_name: str) -> tuple[str, list[str]]:
    """The story as YAML text, and the warnings about what could not be carried over.

    `data` is the parsed StoryMapJS JSON; `source_name` names it in messages and
    in the file's header (normally the file name). Raises StoryMapJSError.
    """
    source_name = one_line(str(source_name)) or "the StoryMapJS file"
    storymap = storymap_of(data, source_name)
    converter = _Converter(storymap, source_name)
    root = converter.build()
    warnings = converter.all_warnings()
    text = dump_yaml(root, header_lines(source_name, warnings))
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


# StoryMapJS options that change nothing we could carry over, or that we handle ourselves.
_HANDLED_OPTIONS = {"slides", "language", "map_type", "map_as_image", "zoomify", "calculate_zoom", "uniqueid"}


class _Converter:
    def __init__(self, storymap: dict, source_name: str) -> None:
        self.storymap = storymap
        self.source_name = source_name
        self.story_warnings: list[str] = []
        self.closing_warnings: list[str] = []
        self.reader = SlideReader()
        self.slides: list[Slide] = []

    def all_warnings(self) -> list[str]:
        per_slide = [warning for slide in self.slides for warning in slide.warnings]
        return [one_line(w) for w in [*self.story_warnings, *per_slide, *self.closing_warnings]]

    # -- building

    def build(self) -> CommentedMap:
        language = self._language()
        self._options()
        for index, raw in enumerate(self.storymap["slides"]):
            if not isinstance(raw, dict):
                self.story_warnings.append(f"slide {index + 1} is not a block of fields; it is left out")
                continue
            self.slides.append(self.reader.read(index + 1, raw))
        self._assign_places()
        self._assign_dates()
        overview = next((slide for slide in self.slides if slide.overview), None)
        if overview is None:
            self.story_warnings.append(
                "the story has no title slide (type 'overview'); the title comes from the first slide"
            )
        title_slide = overview or self.slides[0]
        title = title_slide.headline or Path(self.source_name).stem or "Imported StoryMapJS story"
        title = fit_text(title, TEXT_MAX)

        root = CommentedMap()
        root["id"] = slugify(title) or slugify(Path(self.source_name).stem) or "storymapjs-story"
        root["title"] = title
        subtitle = _subtitle(title_slide, title) if overview is not None else None
        if subtitle:
            root["subtitle"] = subtitle
        root["language"] = language
        credit = CommentedMap()
        credit["text"] = fit_text(
            f"Originally a StoryMapJS story (Knight Lab): “{shorten(title, 150)}”, {self.source_name}", TEXT_MAX
        )
        root["credits"] = CommentedSeq([credit])
        steps = CommentedSeq()
        used_ids: set[str] = set()
        for position, slide in enumerate(self.slides):
            steps.append(self._step(slide, position, used_ids))
        root["steps"] = steps
        self.closing_warnings.extend(
            grouped_warnings(self.reader.grouped, self.slides, self.storymap.get("show_lines"))
        )
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

    # -- second pass: places, dates, views

    def _assign_places(self) -> None:
        positions: dict[str, tuple[float, float]] = {}
        for slide in self.slides:
            location = slide.location
            if location is None:
                continue
            name = location.name or slide.headline or slide.title
            name = fit_text(name, TEXT_MAX, slide, "the place name")
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

    def _step(self, slide: Slide, position: int, used_ids: set[str]) -> CommentedMap:
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

    def _view(self, slide: Slide, position: int) -> CommentedMap:
        view = CommentedMap()
        location = slide.location
        if location is not None and location.zoom is not None:
            view["center"] = flow([location.lat, location.lon])
            view["zoom"] = _zoom(location.zoom)
            view["alt"] = fit_text(f"Map centred on {_where(slide)}.", TEXT_MAX)
            return view
        if location is not None:
            neighbours = [
                s
                for s in (self._neighbour(position, -1), slide, self._neighbour(position, +1))
                if s is not None and s.place_id
            ]
            ids = _distinct(s.place_id for s in neighbours if s.place_id)
            view["fit"] = flow(ids)
            view["max_zoom"] = NEIGHBOUR_FIT_MAX_ZOOM
            others = _distinct(s.place_name for s in neighbours if s is not slide and s.place_id != slide.place_id)
            alt = f"Map of {_where(slide)}"
            alt += f", with {_and_list(others)}." if others else "."
            view["alt"] = fit_text(alt, TEXT_MAX)
            return view
        # The title slide, and slides without a location: every place of the story (StoryMapJS's overview).
        names: dict[str, str] = {}
        for other in self.slides:
            if other.place_id and other.place_id not in names:
                names[other.place_id] = other.place_name
        if not names:
            view["center"] = flow(list(WORLD_CENTER))
            view["zoom"] = WORLD_ZOOM
            view["alt"] = "Map of the whole world."
            return view
        view["fit"] = flow(list(names))
        listed = list(names.values())
        if len(listed) == 1:
            view["alt"] = fit_text(f"Map of {listed[0]}, the one place of the story.", TEXT_MAX)
        else:
            shown = _and_list(listed[:8], more=len(listed) - 8)
            view["alt"] = fit_text(f"Map of all {len(listed)} places of the story: {shown}.", TEXT_MAX)
        return view

    def _neighbour(self, position: int, step: int) -> Slide | None:
        other = position + step
        if 0 <= other < len(self.slides) and self.slides[other].location is not None:
            return self.slides[other]
        return None


def _subtitle(slide: Slide, title: str) -> str | None:
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


def _where(slide: Slide) -> str:
    location = slide.location
    assert location is not None
    if location.name:
        return location.name
    if slide.headline:
        return slide.place_name
    lat, lon = location.lat, location.lon
    return f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"
