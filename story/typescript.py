"""The contract (`story.contract`) as TypeScript declarations, for the checker of the browser scripts.

`python -m story contract` writes `static/storymap/contract.d.ts`, and a test checks that the committed
file is the one this makes (as `story.schema.json` is the models'). The scripts stay JavaScript and
name these types in JSDoc: `@param {import('./contract').PlayerData} data`.

Each TypedDict becomes an interface (NotRequired: an optional key; a TypedDict it extends: `extends`),
each alias a type; Literal becomes a union of strings, list an array, dict[str, X] a Record, a
Callable a function type (the parameters' names are the `Annotated` string's). The comments beside a
field become its doc comment. `StoryEvents` also types `document.addEventListener` for its events.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import types
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Literal, NotRequired, Required, Union, get_args, get_origin, get_type_hints, is_typeddict

from story import contract

DECLARATIONS_FILE = Path(__file__).resolve().parents[1] / "static" / "storymap" / "contract.d.ts"
EVENTS = contract.StoryEvents
HEADER = (
    "// The contract between Python and the browser scripts, made from story/contract.py by\n"
    "// `python -m story contract` (story/typescript.py): edit the Python, not this file.\n"
)
PRIMITIVES: dict[object, str] = {str: "string", int: "number", float: "number", bool: "boolean", object: "unknown"}
# Leaflet's own types (tests/vendor/typescript has its declarations), named in the contract.
LEAFLET: dict[object, str] = {
    contract.Leaflet: 'typeof import("leaflet")',
    contract.LeafletMap: 'import("leaflet").Map',
}
IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def contract_types() -> dict[str, object]:
    """The contract's TypedDicts and type aliases by name, in the module's order."""
    found: dict[str, object] = {}
    for name, value in vars(contract).items():
        if name.startswith("_"):
            continue
        typed = is_typeddict(value) and getattr(value, "__module__", None) == contract.__name__
        if typed or get_origin(value) in (Union, types.UnionType, Literal):
            found[name] = value
    return found


def declarations_text() -> str:
    """`static/storymap/contract.d.ts` as the contract makes it."""
    found = contract_types()
    aliases = {value: name for name, value in found.items() if not is_typeddict(value)}
    notes = _source_notes()
    blocks = []
    for name, value in found.items():
        if is_typeddict(value):
            blocks.append(_interface(name, value, aliases, notes))
        else:
            doc = f"/** {notes[(name, '#')]} */\n" if (name, "#") in notes else ""
            blocks.append(f"{doc}export type {name} = {_ts(value, aliases, top=name)};\n")
    events = "".join(
        f"    {_key(event)}: CustomEvent<{_ts(detail, aliases)}>;\n" for event, detail in _fields(EVENTS).items()
    )
    blocks.append(
        "declare global {\n  /** The player's events on `document` (`StoryEvents`), for `addEventListener`. */\n"
        f"  interface DocumentEventMap {{\n{events}  }}\n}}\n"
    )
    return HEADER + "\n" + "\n".join(blocks)


def _fields(typed: object) -> dict[str, object]:
    return get_type_hints(typed, include_extras=True)


def _interface(name: str, typed: object, aliases: dict[object, str], notes: dict[tuple[str, str], str]) -> str:
    bases = [base for base in notes.get((name, ""), "").split() if base]
    inherited = {key for base in bases for key in _fields(vars(contract)[base])}
    head = f"export interface {name}" + (f" extends {', '.join(bases)}" if bases else "") + " {\n"
    doc = f"/** {' '.join(inspect.cleandoc(typed.__doc__).split())} */\n" if typed.__doc__ else ""
    optional = optional_keys(typed)
    lines = []
    for key, hint in _fields(typed).items():
        if key in inherited:
            continue
        note = notes.get((name, key))
        if note:
            lines.append(f"  /** {note} */\n")
        mark = "?" if key in optional else ""
        lines.append(f"  {_key(key)}{mark}: {_ts(hint, aliases)};\n")
    return doc + head + "".join(lines) + "}\n"


def optional_keys(typed: object) -> frozenset[str]:
    """The keys of a TypedDict of the contract that may be left out.

    Python 3.11 reads `NotRequired` in a class form's annotations only when they are not strings, and the
    contract's are (`from __future__ import annotations`): so the annotations say, not `__optional_keys__`."""
    declared: frozenset[str] = getattr(typed, "__optional_keys__", frozenset())
    hints = _fields(typed)
    return frozenset(key for key, hint in hints.items() if key in declared or get_origin(hint) is NotRequired)


def _key(key: str) -> str:
    return key if IDENTIFIER.match(key) else json.dumps(key)


def _ts(hint: object, aliases: dict[object, str], top: str = "") -> str:
    """`hint` in TypeScript; an alias of the contract by its name (except in its own definition)."""
    try:
        alias = aliases.get(hint)
    except TypeError:  # an unhashable hint is no alias
        alias = None
    if alias and alias != top:
        return alias
    if hint is None or hint is type(None):
        return "null"
    if hint in PRIMITIVES:
        return PRIMITIVES[hint]
    if hint in LEAFLET:
        return LEAFLET[hint]
    if is_typeddict(hint):
        return hint.__name__  # type: ignore[attr-defined]
    origin, args = get_origin(hint), get_args(hint)
    if origin in (NotRequired, Required):
        return _ts(args[0], aliases)
    if origin is Literal:
        return " | ".join(json.dumps(arg) for arg in args)
    if origin in (Union, types.UnionType):
        return " | ".join(_ts(arg, aliases) for arg in args)
    if origin is list:
        item = _ts(args[0], aliases)
        return f"({item})[]" if " " in item else f"{item}[]"
    if origin is dict:
        return f"Record<{_ts(args[0], aliases)}, {_ts(args[1], aliases)}>"
    if origin is Awaitable:
        return "Promise<void>" if args[0] in (None, type(None)) else f"Promise<{_ts(args[0], aliases)}>"
    if origin is Annotated:
        return _function(args[0], aliases, [name.strip() for name in args[1].split(",")])
    if origin is Callable:
        return _function(hint, aliases, [])
    raise TypeError(f"no TypeScript for {hint!r}: give story/typescript.py a rule for it")


def _function(hint: object, aliases: dict[object, str], names: list[str]) -> str:
    parameters, result = get_args(hint)
    names = names or [f"arg{number}" for number in range(len(parameters))]
    if len(names) != len(parameters):
        raise TypeError(f"{hint!r}: name each of its {len(parameters)} parameters")
    listed = ", ".join(f"{name}: {_ts(parameter, aliases)}" for name, parameter in zip(names, parameters, strict=True))
    returned = "void" if result is None or result is type(None) else _ts(result, aliases)
    return f"({listed}) => {returned}"


def _source_notes() -> dict[tuple[str, str], str]:
    """The comments beside and above each field of the contract's source, by (type, key); (type, "") holds
    the TypedDicts a class form extends, (alias, "#") the comment above an alias."""
    source = inspect.getsource(contract)
    lines = source.splitlines()
    notes: dict[tuple[str, str], str] = {}

    def note(line_number: int) -> str:
        above: list[str] = []
        number = line_number - 2
        while number >= 0 and lines[number].strip().startswith("#"):
            above.insert(0, lines[number].strip().lstrip("#").strip())
            number -= 1
        _, _, beside = lines[line_number - 1].partition("  # ")
        return " ".join([*above, beside.strip()]).strip()

    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            bases = [base.id for base in node.bases if isinstance(base, ast.Name) and base.id != "TypedDict"]
            notes[(node.name, "")] = " ".join(bases)
            for field in node.body:
                if isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name):
                    notes[(node.name, field.target.id)] = note(field.lineno)
        elif isinstance(node, ast.Assign) and not isinstance(node.value, ast.Call):
            if isinstance(node.targets[0], ast.Name):
                notes[(node.targets[0].id, "#")] = note(node.lineno)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            keys = [arg for arg in node.value.args if isinstance(arg, ast.Dict)]
            name = node.targets[0].id if isinstance(node.targets[0], ast.Name) else ""
            for key in keys[0].keys if keys else []:
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    notes[(name, key.value)] = note(key.lineno)
    return {where: text for where, text in notes.items() if text or where[1] == ""}
