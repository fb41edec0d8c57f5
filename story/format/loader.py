"""Load a story file: YAML -> validated `Story`, or every problem with its line."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from geodata.catalog import LayerCatalog
from story.format.checks import check_story, hidden_character_problems
from story.format.messages import Message, MessageError, RepeatedItemError, say, verbatim
from story.format.model import MAX_ZOOM, MIN_ZOOM, Story
from story.format.problems import FieldPath, Problem, StoryError, format_field
from story.format.yamlsource import SourceMap, read_yaml

ModelT = TypeVar("ModelT", bound=BaseModel)

# Bounds of the numeric fields, to say "between A and B" rather than half of it.
_RANGES: dict[str, tuple[float, float]] = {
    "lat": (-90, 90),
    "lon": (-180, 180),
    "zoom": (MIN_ZOOM, MAX_ZOOM),
    "max_zoom": (MIN_ZOOM, MAX_ZOOM),
}


def load_story(path: Path, catalog: LayerCatalog | None = None, display_name: str | None = None) -> Story:
    """Read, validate and cross-check a story file.

    `display_name` is how the file is named in messages (defaults to the path
    as given). Raises StoryError listing every problem found.
    """
    name = display_name or str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        said = say("cannot read the file: {reason}", reason=verbatim(str(error.strerror)))
        raise StoryError([Problem.of(name, (1, 1), "", said)]) from None
    return parse_story(raw, name, catalog)


def parse_story(raw: bytes, name: str, catalog: LayerCatalog | None = None) -> Story:
    data, source_map = read_yaml(raw, name)
    return validate_story(data, source_map, name, catalog)


def validate_story(data: object, source_map: SourceMap, name: str, catalog: LayerCatalog | None = None) -> Story:
    story, hidden = validate_fields(Story, data, source_map, name, say("a story file"))
    problems = hidden + check_story(story, source_map, name, catalog)
    if problems:
        raise StoryError(problems)
    return story


def validate_fields(
    model: type[ModelT], data: object, source_map: SourceMap, name: str, file_kind: Message
) -> tuple[ModelT, list[Problem]]:
    """`data` as `model`, with the hidden characters found on the way (the caller decides whether
    they stop it: a story reports them with its own checks, a translation at once). A document that
    is not a mapping, or fails the model, raises at its file, line and column."""
    if not isinstance(data, dict):
        said = say("{kind} is a block of 'key: value' fields", kind=file_kind)
        raise StoryError([Problem.of(name, source_map.locate(()), "", said)])
    hidden = hidden_character_problems(data, source_map, name)
    try:
        value = model.model_validate(data)
    except ValidationError as error:
        raise StoryError(hidden + problems_from_validation(error, source_map, name, data)) from None
    return value, hidden


def problems_from_validation(error: ValidationError, source_map: SourceMap, name: str, data: object) -> list[Problem]:
    problems = []
    seen: set[tuple[int, int, str]] = set()
    for item in error.errors(include_url=False):
        path = _data_path(item["loc"], data)
        repeated = (item.get("ctx") or {}).get("error")
        if isinstance(repeated, RepeatedItemError):
            path = (*path, repeated.index)  # at the repeat, not at its list
        line, column = source_map.locate(path, prefer_key=item["type"] == "extra_forbidden")
        message = _describe(item, path)
        field = format_field(path)
        if (line, column, field) in seen:
            # A field failing several union branches reports once.
            continue
        seen.add((line, column, field))
        problems.append(Problem.of(name, (line, column), field, message))
    return problems


def _data_path(loc: tuple[int | str, ...], data: object) -> FieldPath:
    """The part of pydantic's `loc` that names keys and indexes of the file.

    pydantic also puts validator names and union branches ("function-after[...]",
    "tuple[float, float]") into `loc`; walking the data tells them apart from real keys,
    whatever characters those keys contain.
    """
    path: list[str | int] = []
    current: Any = data  # the parsed YAML, walked by the keys and indexes it has
    for position, part in enumerate(loc):
        is_key = isinstance(current, dict) and isinstance(part, str) and part in current
        is_index = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if is_key or is_index:
            path.append(part)
            current = current[part]
        elif position == len(loc) - 1 and isinstance(part, str) and not part.endswith("]"):
            # A missing field: named in the message, located at its block.
            path.append(part)
    return tuple(path)


def _describe(item: ErrorDetails, path: FieldPath) -> Message:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    got = item.get("input")
    if kind == "missing":
        return say("required field is missing")
    if kind == "extra_forbidden":
        return _unknown_field_message(path)
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        low, high = _range_of(path)
        if low is not None and high is not None:
            return say("must be between {low} and {high} (got {got})", low=f"{low:g}", high=f"{high:g}", got=repr(got))
        bound = str(next(iter(ctx.values()), ""))
        if kind == "greater_than_equal":
            return say("must be at least {bound} (got {got})", bound=bound, got=repr(got))
        if kind == "less_than_equal":
            return say("must be at most {bound} (got {got})", bound=bound, got=repr(got))
        if kind == "greater_than":
            return say("must be greater than {bound} (got {got})", bound=bound, got=repr(got))
        return say("must be less than {bound} (got {got})", bound=bound, got=repr(got))
    if kind in {"string_type", "string_sub_type"}:
        return say("must be text (got {got})", got=_kind_of(got))
    if kind in {"float_type", "float_parsing", "int_type", "int_parsing", "int_from_float"}:
        return say("must be a number (got {got})", got=_short(got))
    if kind in {"list_type", "tuple_type"}:
        return say("must be a list (got {got})", got=_kind_of(got))
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return say("must be a block of 'key: value' fields (got {got})", got=_kind_of(got))
    if kind == "too_short":
        if ctx.get("field_type") == "Value" or isinstance(got, str):
            return say("must not be empty")
        if path[:1] == ("lessons",) and path[-1] == "steps":
            return say("a lesson needs at least one step: list step ids or ranges 'first..last'")
        return say("needs at least {count} item(s)", count=str(ctx.get("min_length")))
    if kind in {"too_long", "string_too_long"}:
        if isinstance(got, str):
            return say(
                "is too long ({length} characters; at most {limit})", length=len(got), limit=str(ctx.get("max_length"))
            )
        return say("has too many items (at most {limit})", limit=str(ctx.get("max_length")))
    if kind == "string_too_short":
        return say("must not be empty")
    if kind == "string_pattern_mismatch":
        if path and path[-1] in {"id"}:
            return say("must be lowercase letters, digits and dashes, like 'almaty-peak' (got {got})", got=_short(got))
        if path and path[-1] == "language":
            return say("must be a language code like 'en', 'ru' or 'kk' (got {got})", got=_short(got))
        return say("has the wrong form (got {got})", got=_short(got))
    if kind == "literal_error":
        expected = str(ctx.get("expected"))
        first, _, last = expected.rpartition(" or ")  # pydantic's English "'a', 'b' or 'c'"
        choices = say("{first} or {last}", first=first, last=last) if first else expected
        return say("must be one of {expected} (got {got})", expected=choices, got=_short(got))
    if kind == "value_error":
        error = ctx.get("error")
        if isinstance(error, MessageError):
            return error.message
        return verbatim(str(error or item["msg"]).removeprefix("Value error, "))
    if kind == "bool_type" or kind == "bool_parsing":
        return say("must be true or false (got {got})", got=_short(got))
    return verbatim(item["msg"])


def _unknown_field_message(path: FieldPath) -> Message:
    field = str(path[-1]) if path else ""
    allowed = _allowed_fields(path[:-1])
    if allowed:
        close = difflib.get_close_matches(field, allowed, n=1)
        if close:
            return say("unknown field '{field}'; did you mean '{close}'?", field=field, close=close[0])
        return say("unknown field '{field}'; allowed here: {allowed}", field=field, allowed=", ".join(sorted(allowed)))
    return say("unknown field '{field}'", field=field)


def _model_at(path: FieldPath) -> type[BaseModel] | None:
    """The model class that describes the block at `path`, if any."""
    model: type[BaseModel] | None = Story
    for part in path:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        model = _inner_model(info.annotation)
    return model


def _inner_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _allowed_fields(path: FieldPath) -> list[str]:
    model = _model_at(path)
    return list(model.model_fields) if model else []


def _range_of(path: FieldPath) -> tuple[float | None, float | None]:
    for part in reversed(path):
        if isinstance(part, str):
            if part == "center":
                # center is [lat, lon]: the index says which.
                index = path[-1] if isinstance(path[-1], int) else 0
                return _RANGES["lat" if index == 0 else "lon"]
            return _RANGES.get(part, (None, None))
    return None, None


def _kind_of(value: object) -> str | Message:
    if value is None:
        return say("nothing")
    if isinstance(value, bool):
        return say("true/false")
    if isinstance(value, (int, float)):
        return say("the number {number}", number=repr(value))
    if isinstance(value, list):
        return say("a list")
    if isinstance(value, dict):
        return say("a block of fields")
    return _short(value)


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
