"""The story format as a JSON Schema, and as the field tables of docs/story-format.md: both made from the models.

`python -m story schema` writes `story/story.schema.json`; `story/template.yaml` names it, so an
editor with a YAML language server completes and checks the fields while a teacher types.
A test checks that the committed schema and the documentation's tables are the ones made here.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from story.format.files import STORY_DIR
from story.format.model import SLUG_PATTERN, Story

SCHEMA_FILE = STORY_DIR / "story.schema.json"
SCHEMA_ID = "https://qantar.example/story.schema.json"
DOCS_START = "<!-- The tables below are made by `python -m story schema --markdown`: edit the models, not them. -->"
DOCS_END = "<!-- End of the generated tables. -->"


def story_schema() -> dict:
    """The JSON Schema of a story file (draft 2020-12), with every field's description."""
    schema = Story.model_json_schema()
    # The loader accepts a plain layer id for a layer shown quietly: `layers: [kazakhstan]`.
    layers = schema["$defs"]["Step"]["properties"]["layers"]
    layers["items"] = {"anyOf": [{"type": "string", "pattern": SLUG_PATTERN}, layers["items"]]}
    # And a single media block (the older form) for a list of one.
    step_media = schema["$defs"]["Step"]["properties"]["media"]
    single = step_media["items"]
    step_media["anyOf"] = [{key: step_media.pop(key) for key in ("type", "items", "maxItems")}, single]
    _numbers_as_text(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "Story",
    }


def _numbers_as_text(node: object) -> None:
    # The loader reads a number where text is expected as that text (`title: 1991`, `date: 2022`).
    if isinstance(node, dict):
        if node.get("type") == "string":
            node["type"] = ["string", "number"]
        for value in node.values():
            _numbers_as_text(value)
    elif isinstance(node, list):
        for value in node:
            _numbers_as_text(value)


def schema_text() -> str:
    return json.dumps(story_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _type_of(info: dict, defs: dict) -> str:
    if "$ref" in info:
        return f"[{info['$ref'].rsplit('/', 1)[-1]}](#{info['$ref'].rsplit('/', 1)[-1].lower()})"
    if "anyOf" in info:
        kinds = [_type_of(option, defs) for option in info["anyOf"] if option.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds))
    if "enum" in info:
        return " / ".join(f"`{value}`" for value in info["enum"])
    if info.get("type") == "array":
        if "prefixItems" in info:
            return "[" + ", ".join(_type_of(item, defs) for item in info["prefixItems"]) + "]"
        return f"list of {_type_of(info.get('items', {}), defs)}"
    kind = info.get("type", "any")
    return "text" if kind == ["string", "number"] else str(kind)


def _table(name: str, model: dict, defs: dict) -> list[str]:
    required = set(model.get("required", []))
    lines = [f"### {name}", "", model.get("description", ""), "", "| Field | Required | Type | What it is |"]
    lines.append("|---|---|---|---|")
    for field, info in model["properties"].items():
        description = " ".join(info.get("description", "").split()).replace("|", "\\|")
        kind = _type_of(info, defs).replace("|", "\\|")
        lines.append(f"| `{field}` | {'yes' if field in required else 'no'} | {kind} | {description} |")
    return [*lines, ""]


def fields_markdown() -> str:
    """The field tables of docs/story-format.md, one per model, the story first."""
    schema = story_schema()
    defs = schema["$defs"]
    lines = [DOCS_START, "", *_table("Story", schema, defs)]
    for name in ("Step", "View", "Place", "LayerRef", "Source", "Note", "Quote", "Media", "Figure", "FigureRow",
                 "Article", "Credit", "GlossaryTerm", "Lesson"):  # fmt: skip
        lines += _table(name, defs[name], defs)
    return "\n".join([*lines, DOCS_END])


def documented_fields(docs: Path) -> str:
    """The generated part of a documentation page (between the markers), or "" when it has none."""
    text = docs.read_text(encoding="utf-8")
    start, end = text.find(DOCS_START), text.find(DOCS_END)
    if start < 0 or end < 0:
        return ""
    return text[start : end + len(DOCS_END)]


def replace_documented_fields(docs: Path) -> None:
    text = docs.read_text(encoding="utf-8")
    current = documented_fields(docs)
    docs.write_text(text.replace(current, fields_markdown()) if current else text + "\n" + fields_markdown() + "\n",
                    encoding="utf-8")  # fmt: skip


def all_models() -> list[type[BaseModel]]:
    """Every model of the format (for tests that walk them)."""
    found: list[type[BaseModel]] = []

    def walk(model: type[BaseModel]) -> None:
        if model in found:
            return
        found.append(model)
        for info in model.model_fields.values():
            for inner in _inner_models(info.annotation):
                walk(inner)

    walk(Story)
    return found


def _inner_models(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    inner: list[type[BaseModel]] = []
    for argument in getattr(annotation, "__args__", ()) or ():
        inner += _inner_models(argument)
    return inner
