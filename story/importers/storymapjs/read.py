"""Reading a StoryMapJS file: its bytes, its JSON, and the checks that it is a story on a map."""

from __future__ import annotations

import json
from pathlib import Path

MAX_INPUT_BYTES = 10_000_000
MAX_SLIDES = 500


class StoryMapJSError(Exception):
    """A file that cannot be imported, with a message for the person who gave it."""


def _refuse_if_too_big(name: str, size: int) -> None:
    if size > MAX_INPUT_BYTES:
        raise StoryMapJSError(
            f"{name}: the file is {size / 1_000_000:.1f} MB; a StoryMapJS story is at most "
            f"{MAX_INPUT_BYTES // 1_000_000} MB"
        )


def read_storymapjs(path: Path) -> dict:
    """The JSON of a StoryMapJS file; StoryMapJSError naming the file when it cannot be read."""
    name = path.name
    try:
        _refuse_if_too_big(name, path.stat().st_size)
        raw = path.read_bytes()
    except OSError as error:
        raise StoryMapJSError(f"{name}: cannot read the file: {error.strerror or error}") from None
    return read_storymapjs_bytes(raw, name)


def read_storymapjs_bytes(raw: bytes, name: str) -> dict:
    """The JSON of a StoryMapJS file given as bytes (an upload); StoryMapJSError naming it when it cannot be read."""
    _refuse_if_too_big(name, len(raw))
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


def storymap_of(data: object, source_name: str) -> dict:
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
