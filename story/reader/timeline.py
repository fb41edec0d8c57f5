"""Where each step sits in time, as positions along a strip from the story's first year to its last."""

from __future__ import annotations

from dataclasses import dataclass

from story.format.model import Story
from story.reader.dates import format_story_date


@dataclass(frozen=True)
class TimelinePoint:
    step_id: str
    title: str
    date: str  # as the viewer reads it
    position: float  # 0 (the first year's start) to 1 (the last year's end)


def timeline(story: Story, language: str) -> tuple[int, int, list[TimelinePoint]]:
    """The strip's first and last year, and one point per step."""
    starts = [step.story_date.fraction_of_year() for step in story.steps]
    first_year = int(min(starts))
    last_year = int(max(starts)) + 1
    span = max(last_year - first_year, 1)
    points = [
        TimelinePoint(
            step_id=step.id,
            title=step.title,
            date=format_story_date(step.story_date, language),
            position=(start - first_year) / span,
        )
        for step, start in zip(story.steps, starts, strict=True)
    ]
    return first_year, last_year, points
