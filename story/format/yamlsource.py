"""Read a YAML file into plain Python data, remembering where every value came from.

Story files are written by people, often for the first time, so the reader is
strict and precise: it refuses what a story never needs (anchors and aliases,
custom tags, several documents, absurd sizes or nesting) and every refusal names
the line and column.
"""

from __future__ import annotations

import codecs
import math
import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    NodeEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from story.format.messages import Message, say, verbatim
from story.format.problems import FieldPath, Location, Problem, StoryError, format_field

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32

_TAG = "tag:yaml.org,2002:"
_BOOLS = {"true": True, "false": False}
_NULLS = {"", "~", "null", "Null", "NULL"}
_PLAIN_KINDS = {"str", "int", "float", "bool", "null", "timestamp", "map", "seq"}
# YAML's line breaks, as ruamel counts lines for its marks (a lone '\r' is an old Mac line end).
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# A `"\ud800"` escape gives half of a UTF-16 pair: not a character, and not valid UTF-8 text.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass
class SourceMap:
    """Where each value (and each mapping key) sits in the file, by field path."""

    values: dict[FieldPath, Location] = field(default_factory=dict)
    keys: dict[FieldPath, Location] = field(default_factory=dict)

    def locate(self, path: FieldPath, prefer_key: bool = False) -> Location:
        """The closest known location for `path`, walking up to its parents."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefer_key and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
            if prefix in self.keys:
                return self.keys[prefix]
        return (1, 1)


@lru_cache(maxsize=8)
def read_yaml(raw: bytes, filename: str) -> tuple[object, SourceMap]:
    """Parse one YAML document; raise StoryError naming the line of the first fault.

    Kept for the last few files: checking a story reads it for the model and again for the
    positions of its warnings (sources, numbers), and parsing is most of a check's time.
    Callers must not change what it returns.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise StoryError(
            [
                _problem(
                    filename,
                    (1, 1),
                    say(
                        "the file is {size} MB; a story file may be at most {limit} MB",
                        size=f"{len(raw) / 1_000_000:.1f}",
                        limit=MAX_FILE_BYTES // 1_000_000,
                    ),
                )
            ]
        )
    text = _decode(raw, filename)
    yaml = YAML(typ="safe", pure=True)
    try:
        events = _scan_events(yaml, text, filename)
        node = Composer(loader=_EventReplay(events, yaml.resolver)).get_single_node()
    except MarkedYAMLError as error:
        raise StoryError([_syntax_problem(error, filename)]) from None
    except ReaderError as error:
        raise StoryError([_unreadable_character(error, text, filename)]) from None
    except (YAMLError, AssertionError, ValueError, TypeError) as error:
        # ruamel raises bare assertions for some malformed directives (`%YAML 1.3`).
        raise StoryError([_problem(filename, _directive_line(text), _not_yaml(str(error)))]) from None
    if node is None:
        raise StoryError([_problem(filename, (1, 1), say("the file is empty (or only comments)"))])
    source_map = SourceMap()
    problems: list[Problem] = []
    data = _to_python(node, (), source_map, problems, filename, yaml)
    if problems:
        raise StoryError(problems)
    return data, source_map


def _decode(raw: bytes, filename: str) -> str:
    try:
        # utf-8-sig drops a byte-order mark, which some Windows editors add.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # The codec counts from after a byte-order mark it dropped; the bad byte's place in the file is after it.
        bad = error.start + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)
        # Everything before the first bad byte is UTF-8; count lines in it as YAML does.
        line, column = _line_and_column(raw[:bad].decode("utf-8-sig"))
        raise StoryError(
            [
                _problem(
                    filename,
                    (line, column),
                    say(
                        "the file is not UTF-8 text (byte {byte}); save it as UTF-8 in your editor",
                        byte=f"0x{raw[bad]:02x}",
                    ),
                )
            ]
        ) from None


class _EventReplay:
    """The parser ruamel's composer reads from, handing it the events already scanned: a file is
    parsed once, not once for its checks and again for its nodes (parsing is most of a load)."""

    max_depth = None  # checked on the events before composing

    def __init__(self, events: list[Event], resolver: object) -> None:
        self._events = deque(events)
        self._parser = self
        self._resolver = resolver

    def check_event(self, *choices: type[Event]) -> bool:
        return bool(self._events) and (not choices or isinstance(self._events[0], choices))

    def peek_event(self) -> Event:
        return self._events[0]

    def get_event(self) -> Event:
        return self._events.popleft()


def _scan_events(yaml: YAML, text: str, filename: str) -> list[Event]:
    # The event stream is flat, so depth and aliases are checked before the
    # recursive composer could hit Python's recursion limit or expand an alias bomb.
    depth = 0
    documents = 0
    events: list[Event] = []
    for event in yaml.parse(text):
        events.append(event)
        if isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise StoryError(
                    [_problem(filename, _mark(event), say("a story file holds one document; remove the second '---'"))]
                )
        if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
            raise StoryError(
                [
                    _problem(
                        filename,
                        _mark(event),
                        say("anchors and aliases (&name, *name) are not allowed in story files; write the value out"),
                    )
                ]
            )
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise StoryError(
                    [_problem(filename, _mark(event), say("nested more than {depth} levels deep", depth=MAX_DEPTH))]
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return events


def _to_python(
    node: Node,
    path: FieldPath,
    source_map: SourceMap,
    problems: list[Problem],
    filename: str,
    yaml: YAML,
) -> object:
    source_map.values[path] = _mark(node)
    tag = node.tag or ""  # the composer has resolved every node's tag
    if not _plain_tag(tag):
        problems.append(
            _problem(filename, _mark(node), say("custom tags like '{tag}' are not allowed", tag=_short_tag(tag)), path)
        )
        return None
    if isinstance(node, MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                problems.append(_problem(filename, _mark(key_node), say("a key must be a plain word"), path))
                continue
            key = str(key_node.value)
            if _has_surrogate(key_node, problems, filename, (*path, key)):
                continue
            if key in result:
                problems.append(
                    _problem(filename, _mark(key_node), say("'{key}' appears twice in the same block", key=key), path)
                )
                continue
            source_map.keys[(*path, key)] = _mark(key_node)
            result[key] = _to_python(value_node, (*path, key), source_map, problems, filename, yaml)
        return result
    if isinstance(node, SequenceNode):
        return [
            _to_python(item, (*path, index), source_map, problems, filename, yaml)
            for index, item in enumerate(node.value)
        ]
    assert isinstance(node, ScalarNode)
    if _has_surrogate(node, problems, filename, path):
        return None
    return _scalar(node, path, problems, filename)


def _has_surrogate(node: ScalarNode, problems: list[Problem], filename: str, path: FieldPath) -> bool:
    match = _SURROGATE.search(str(node.value))
    if match is None:
        return False
    code = f"\\u{ord(match.group()):04x}"
    problems.append(
        _problem(
            filename,
            _mark(node),
            say("'{code}' is half of a UTF-16 surrogate pair, not a character; write the character itself", code=code),
            path,
        )
    )
    return True


def _scalar(node: ScalarNode, path: FieldPath, problems: list[Problem], filename: str) -> object:
    tag, value = node.tag or "", node.value
    kind = tag.removeprefix(_TAG)
    if kind == "null" and value in _NULLS:
        return None
    if kind == "bool" and value.lower() in _BOOLS:
        return _BOOLS[value.lower()]
    try:
        if kind == "int":
            digits = value.replace("_", "")
            return int(digits) if re.fullmatch(r"[-+]?\d+", digits) else int(digits, 0)
        if kind == "float":
            lowered = value.lower().replace("_", "")
            if lowered.endswith(".inf"):
                return -math.inf if lowered.startswith("-") else math.inf
            if lowered.endswith(".nan"):
                return math.nan
            return float(lowered)
    except ValueError:
        return value
    # Dates stay text: the story format parses them itself, with its own messages.
    return value


def _directive_line(text: str) -> Location:
    """Where the first `%` directive is (the usual culprit of an unmarked error), else the start."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("%"):
            return (number, 1)
    return (1, 1)


def _plain_tag(tag: str) -> bool:
    # Only YAML's own data types; `!!python/object` shares the `tag:yaml.org,2002:` prefix.
    return tag == "!" or (tag.startswith(_TAG) and tag.removeprefix(_TAG) in _PLAIN_KINDS)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _unreadable_character(error: ReaderError, text: str, filename: str) -> Problem:
    position = max(int(error.position or 0), 0)
    line, column = _line_and_column(text[:position])
    character = error.character
    code = f"U+{ord(character) if isinstance(character, str) else int(character):04X}"
    return _problem(
        filename,
        (line, column),
        say("the file contains a control character ({code}) that YAML does not allow", code=code),
    )


def line_breaks(text: str) -> int:
    """How many lines `text` moves the next one down, counting line breaks as YAML does."""
    return len(_LINE_BREAK.findall(text))


def _line_and_column(before: str) -> Location:
    """Where the character after `before` is, counting every YAML line break (so `\\r` too)."""
    breaks = list(_LINE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return (len(breaks) + 1, len(before) - start + 1)


def _mark(item: Node | Event) -> Location:
    mark = item.start_mark
    return (mark.line + 1, mark.column + 1)


def _problem(filename: str, where: Location, message: Message, path: FieldPath = ()) -> Problem:
    return Problem.of(filename, where, format_field(path), message)


def _not_yaml(what: str) -> Message:
    # The parser's own words (in English) follow; only the start is ours to translate.
    return say("not valid YAML: {details}", details=verbatim(what)) if what.strip() else say("not valid YAML:")


def _syntax_problem(error: MarkedYAMLError, filename: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    context = error.context or ""
    # For an unclosed quote or bracket, or a key without its colon, the parser notices
    # only lines later; where the construct began is where the author must look.
    if error.context_mark is not None and context.startswith(("while scanning", "while parsing a flow")):
        mark = error.context_mark
    where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = " ".join(part for part in (error.context, error.problem) if part)
    if "\t" in what or "'\\t'" in what:
        tabs = say("{details} (tabs cannot indent YAML; use spaces)", details=verbatim(what))
        return _problem(filename, where, say("not valid YAML: {details}", details=tabs))
    return _problem(filename, where, _not_yaml(what))
