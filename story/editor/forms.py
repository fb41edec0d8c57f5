"""What the editor's forms ask for each block of the format: its fields, their kinds and which are required.

Read from the story's JSON Schema (the committed file, so nothing heavy is imported), so a field
added to the format is a field of the editor without a second list to keep in step. What a field is
called on screen is the page's (in the reader's language); this says only what kind of widget it needs.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from story.format.files import STORY_DIR

FieldKind = Literal["text", "area", "lines", "choice", "number", "block", "blocks", "date"]
# Free text this long is a paragraph (a body, a definition), not a line.
PARAGRAPH = 20000


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: FieldKind
    required: bool
    choices: tuple[str, ...] = ()
    block: str | None = None  # the block a "block" or "blocks" field holds


@cache
def _schema() -> dict:
    return json.loads((STORY_DIR / "story.schema.json").read_text("utf-8"))


def _kind(prop: dict) -> tuple[FieldKind, tuple[str, ...], str | None]:
    options = [option for option in prop.get("anyOf", [prop]) if option.get("type") != "null"]
    option = options[0] if len(options) == 1 else prop
    ref = option.get("$ref") or prop.get("$ref")
    if ref:
        return "block", (), ref.rsplit("/", 1)[-1]
    enum = option.get("enum") or prop.get("enum")
    if enum:
        return "choice", tuple(str(value) for value in enum), None
    types = option.get("type")
    if types == "array":
        items = option.get("items", {})
        if "$ref" in items:
            return "blocks", (), items["$ref"].rsplit("/", 1)[-1]
        return "lines", (), None
    if types in ("number", "integer"):  # a lesson's minutes
        return "number", (), None
    if option.get("format") == "date":
        return "date", (), None
    if option.get("maxLength", 0) >= PARAGRAPH:
        return "area", (), None
    return "text", (), None


@cache
def block_fields(block: str) -> tuple[FieldSpec, ...]:
    """The fields of one block of the format (`Quote`, `Source`, `Story`), required ones first."""
    schema = _schema()
    definition = schema if block == "Story" else schema["$defs"][block]
    required = set(definition.get("required", []))
    fields = []
    for name, prop in definition["properties"].items():
        kind, choices, inner = _kind(prop)
        fields.append(FieldSpec(name, kind, name in required, choices, inner))
    return tuple(sorted(fields, key=lambda spec: not spec.required))


# A check's kind by the key it alone has (story/format/questions.py); without one, a multiple choice.
_CHECK_BLOCKS = {"find": "FindCheck", "day": "DayCheck", "order": "OrderCheck"}


def check_block(item: object) -> str:
    """Which kind of self-check a check block is: a place to find, a day, an order, or a multiple choice."""
    if isinstance(item, dict):
        for key, block in _CHECK_BLOCKS.items():
            if key in item:
                return block
    return "ChoiceCheck"


def summary(item: object, block: str) -> str:
    """A line that tells one block of a list from the others (its first text field with a value)."""
    if not isinstance(item, dict):
        return str(item)
    for spec in block_fields(block):
        value = item.get(spec.name)
        if spec.kind in ("text", "area") and value not in (None, ""):
            text = " ".join(str(value).split())
            return text if len(text) <= 60 else text[:59] + "…"
    return ""


def widget_for(field: str, widgets: dict[str, str]) -> str | None:
    """The widget that edits a field, or the nearest above it (`steps[0].quote.text`: the quote's)."""
    while field:
        if field in widgets:
            return widgets[field]
        field = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", field) if re.search(r"[.\[]", field) else ""
    return None


def as_day(text: object) -> object:
    """A form's text as a day when it is one (written unquoted, as a date), else as typed: the checker
    then names what is wrong with it."""
    value = str(text or "").strip()
    try:
        return datetime.date.fromisoformat(value) if len(value) == 10 else value
    except ValueError:
        return value
