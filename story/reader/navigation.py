"""Moving through a story: which step an address names, and the keys that move through it."""

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
