"""Self-checks a teacher has begun and not finished, and what the editor offers to fill them.

A new check is written to the draft at once, its fields empty; the checker refuses the story until
they are filled, and the preview, which plays only a story the checker accepts, went blank. The
preview plays the story without the unfinished checks instead (`without_checks`), and says what each
still needs (`missing`). What a check is filled by choosing comes from the step itself: its places
and its layers' features for a place to find (`find_targets`), its choices for the right answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from geodata.catalog import LayerCatalog
from story.editor.draft import Draft, load_draft, remove
from story.format.model import hashed_key, slugify
from story.format.problems import Problem
from story.format.questions import MIN_ORDER_ITEMS

_CHECK_FIELD = re.compile(r"^steps\[(\d+)\]\.check\[(\d+)\]")


def checks_with_problems(found: Iterable[Problem]) -> set[tuple[int, int]] | None:
    """The checks (step index, check index) the problems are in; None when a problem is elsewhere
    (the story does not play without the checks alone)."""
    checks = set()
    for problem in found:
        if problem.warning:
            continue
        match = _CHECK_FIELD.match(problem.field)
        if match is None:
            return None
        checks.add((int(match[1]), int(match[2])))
    return checks


def without_checks(draft: Draft, checks: Iterable[tuple[int, int]]) -> Draft:
    """A copy of the draft without the given checks (the draft itself is left as it is)."""
    copy = load_draft(draft.dump(), draft.name)
    copy.base_dir, copy.files = draft.base_dir, draft.files
    for step, check in sorted(checks, reverse=True):  # the later first: the earlier keep their index
        remove(copy, ("steps", step, "check", check))
    return copy


def missing(check: object) -> list[str]:
    """What a check still needs, in the order a teacher fills it in: `question`, `find` (the place to
    find), `day` (a "Which day?"'s), `order` (an order question's events, three at least), `choices` (two at
    least), `answer` (one of the choices), `explain`; [] when nothing is empty."""
    if not isinstance(check, dict):
        return ["question"]
    needed = [] if str(check.get("question") or "").strip() else ["question"]
    if "find" in check:
        needed += [] if str(check.get("find") or "").strip() else ["find"]
    elif "day" in check:
        needed += [] if str(check.get("day") or "").strip() else ["day"]
    elif "order" in check:
        events = [str(event).strip() for event in check.get("order") or [] if str(event).strip()]
        needed += ["order"] if len(events) < MIN_ORDER_ITEMS else []
    else:
        choices = [str(choice).strip() for choice in check.get("choices") or [] if str(choice).strip()]
        needed += ["choices"] if len(choices) < 2 else []
        needed += [] if str(check.get("answer") or "").strip() in choices else ["answer"]
    return needed + ([] if str(check.get("explain") or "").strip() else ["explain"])


def place_key(place: dict) -> str:
    """A place's id as the format names it (story/format/model.py `Place.key`): its id, or one made from its name."""
    name = str(place.get("name") or "")
    return str(place.get("id") or "") or slugify(name) or hashed_key(name)


def find_targets(step: dict, catalog: LayerCatalog | None, language: str = "en") -> dict[str, str]:
    """What a find check of `step` may ask for, by the value the format stores, each named for a person:
    the step's places by name, then the features of its layers (`layer:feature`) by the feature's name
    in `language` where the layer has it."""
    targets: dict[str, str] = {}
    for place in step.get("places") or []:
        if isinstance(place, dict):
            targets.setdefault(place_key(place), str(place.get("name") or place_key(place)))
    for ref in step.get("layers") or []:
        layer_id = str(ref.get("id", "") if isinstance(ref, dict) else ref)
        layer = catalog.layers.get(layer_id) if catalog is not None else None
        if layer is None:
            continue
        layer_name = layer_id.replace("-", " ").capitalize()
        named = {key: feature.names.get(language, feature.name) for key, feature in layer.features.items()}
        for feature_id, name in sorted(named.items(), key=lambda item: item[1]):
            targets.setdefault(f"{layer_id}:{feature_id}", f"{name} ({layer_name})")
    return targets
