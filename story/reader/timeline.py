"""Where each step sits in time: its place along the strip under the narrative.

The strip is ordered, not proportional to time, and broken between eras: every date of the story
gets a place of its own, in order, and a gap of many years (more than a twentieth of the story's
span, and at least a year) leaves a break; each year of the story is written under its first date. A story that spends
most of its steps on three weeks of one January and a few on a century before (the flagship) then
spreads its January over most of the strip and keeps its history in order, each step a mark of its
own wherever the strip is wide enough.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from story.format.model import Story
from story.reader.dates import format_story_date


@dataclass(frozen=True)
class TimelinePoint:
    step_id: str
    title: str
    date: str  # as the viewer reads it
    position: float  # 0 (the story's first date) to 1 (its last)


@dataclass(frozen=True)
class TimelineYear:
    """A year of the story under the strip, at its first date, with how many steps start in it (a
    strip too narrow for every year shows the years with most steps)."""

    position: float
    year: int
    steps: int


@dataclass(frozen=True)
class Timeline:
    first_year: int
    last_year: int
    points: list[TimelinePoint]
    years: list[TimelineYear]
    breaks: list[float]  # where the strip is broken, in the empty place left between two eras


def break_years(starts: list[float]) -> float:
    """The gap between two dates (in years) that breaks the strip: a twentieth of the span, at least a year."""
    return max(1.0, (max(starts) - min(starts)) / 20) if starts else 1.0


def timeline(story: Story, language: str) -> Timeline:
    """One point per step, in date order along a strip broken between eras."""
    starts = [step.story_date.fraction_of_year() for step in story.steps]
    gap = break_years(starts)
    slots: dict[float, int] = {}
    breaks: list[int] = []
    slot = 0
    previous: float | None = None
    for start in sorted(set(starts)):
        if previous is not None:
            slot += 1
            if start - previous > gap:
                breaks.append(slot)  # the break takes the place of one date
                slot += 1
        slots[start] = slot
        previous = start
    last_slot = max(slot, 1)
    points = [
        TimelinePoint(
            step_id=step.id,
            title=step.title,
            date=format_story_date(step.story_date, language),
            position=slots[start] / last_slot,
        )
        for step, start in zip(story.steps, starts, strict=True)
    ]
    steps_in_year = Counter(int(start) for start in starts)
    years = [
        TimelineYear(position=slots[min(s for s in slots if int(s) == year)] / last_slot, year=year, steps=count)
        for year, count in sorted(steps_in_year.items())
    ]
    first_year = int(min(starts)) if starts else 0
    last_year = int(max(starts)) if starts else 0
    return Timeline(
        first_year=first_year,
        last_year=last_year,
        points=points,
        years=years,
        breaks=[slot / last_slot for slot in breaks],
    )
