"""What a host really hands the browser, checked against the contract's TypedDicts at run time.

mypy guards the producers that build a TypedDict literal; this guards the JSON itself, as the page gets
it: every key the contract names and none it does not, at every depth.
"""

from __future__ import annotations

import types
from typing import Literal, NotRequired, Union, get_args, get_origin, get_type_hints, is_typeddict

from story.typescript import optional_keys


def contract_problems(value: object, hint: object, where: str = "data") -> list[str]:
    """Where `value` (decoded JSON) differs from `hint` (a type of `story.contract`): unlisted and missing keys,
    wrong kinds of value. Empty when it fits."""
    origin, args = get_origin(hint), get_args(hint)
    if origin is NotRequired:
        return contract_problems(value, args[0], where)
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{where}: an object, not {type(value).__name__}"]
        fields = get_type_hints(hint, include_extras=True)
        required = set(fields) - optional_keys(hint)
        problems = [f"{where}.{key}: not in the contract" for key in sorted(set(value) - set(fields))]
        problems += [f"{where}.{key}: missing" for key in sorted(required - set(value))]
        for key in sorted(set(value) & set(fields)):
            problems += contract_problems(value[key], fields[key], f"{where}.{key}")
        return problems
    if origin in (Union, types.UnionType):
        tried = [contract_problems(value, arg, where) for arg in args]
        return [] if any(not problems for problems in tried) else min(tried, key=len)
    if origin is Literal:
        return [] if value in args else [f"{where}: {value!r} is none of {args}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: a list, not {type(value).__name__}"]
        return [p for i, item in enumerate(value) for p in contract_problems(item, args[0], f"{where}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: an object, not {type(value).__name__}"]
        return [p for key, item in value.items() for p in contract_problems(item, args[1], f"{where}[{key!r}]")]
    if hint is None or hint is type(None):
        return [] if value is None else [f"{where}: null, not {value!r}"]
    if hint is float:
        return [] if isinstance(value, int | float) and not isinstance(value, bool) else [f"{where}: a number"]
    if hint is int:
        return [] if isinstance(value, int) and not isinstance(value, bool) else [f"{where}: an integer"]
    if hint in (str, bool):
        return [] if isinstance(value, hint) else [f"{where}: a {hint.__name__}, not {value!r}"]
    if hint is object:
        return []
    raise TypeError(f"no check for {hint!r}")
