"""Moving through a story: which step an address names, and where a click leads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from story.format.model import SLUG_PATTERN, Story

_SLUG = re.compile(SLUG_PATTERN)
MAX_SHOWN_CHARS = 40


@dataclass(frozen=True)
class StepChoice:
    index: int
    # When the address named no step: the value asked for, shortened for display.
    unknown_request: str | None = None


def resolve_step(story: Story, requested: list[str] | str | None) -> StepChoice:
    """The step an address (`?step=...`, possibly repeated) asks for; the first when none fits."""
    values = [requested] if isinstance(requested, str) else list(requested or [])
    values = [value for value in values if value is not None]
    for value in values:
        candidate = value.strip()
        if _SLUG.match(candidate) and len(candidate) <= 80:
            index = story.index_of(candidate)
            if index is not None:
                return StepChoice(index)
    if all(not value.strip() for value in values):
        return StepChoice(0)
    shown = values[0]
    if len(shown) > MAX_SHOWN_CHARS:
        shown = shown[: MAX_SHOWN_CHARS - 1] + "…"
    return StepChoice(0, unknown_request=shown)


def clamp(story: Story, index: int) -> int:
    return max(0, min(index, len(story.steps) - 1))


def next_step_with_place(story: Story, current: int, place_key: str) -> int | None:
    """Where clicking a place leads: its first step after `current`, else its first step."""
    indexes = [i for i, step in enumerate(story.steps) if any(p.key == place_key for p in step.places)]
    if not indexes:
        return None
    later = [i for i in indexes if i > current]
    return later[0] if later else indexes[0]


def place_key_named(story: Story, name: str | None) -> str | None:
    """The place whose marker shows `name` (the map reports clicks by tooltip text)."""
    if not name:
        return None
    wanted = name.strip()
    for step in story.steps:
        for place in step.places:
            if place.name == wanted:
                return place.key
    return None


# The keys that move through a story, in every host of the player (the app and the export).
KEYS: dict[str, str] = {
    "ArrowRight": "next",
    "PageDown": "next",
    "ArrowLeft": "previous",
    "PageUp": "previous",
    "Home": "first",
    "End": "last",
}


def place_steps(story: Story) -> dict[str, list[int]]:
    """For each place, the steps it appears on (a click on its marker goes to one of them)."""
    found: dict[str, list[int]] = {}
    for index, step in enumerate(story.steps):
        for place in step.places:
            found.setdefault(place.key, []).append(index)
    return found
