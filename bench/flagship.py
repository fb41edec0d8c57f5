"""The flagship story's steps (ids and titles), read with the app's own loader."""

from __future__ import annotations

from dataclasses import dataclass

from geodata.catalog import load_catalog
from story.format.files import FLAGSHIP
from story.format.loader import load_story


@dataclass(frozen=True)
class Step:
    id: str
    title: str


def flagship_steps() -> list[Step]:
    story = load_story(FLAGSHIP, load_catalog())
    return [Step(step.id, step.title) for step in story.steps]
