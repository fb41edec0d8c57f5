"""The strip under the narrative: the story's dates in order, broken between eras, each step findable."""

from __future__ import annotations

import itertools
import re

import pytest

from story.format.files import FLAGSHIP
from story.format.loader import load_story, parse_story
from story.reader.timeline import timeline
from tests.conftest import TEST_STORIES

WALK = TEST_STORIES / "walk.yaml"


def walk_dated(catalog, dates: list[str]):
    """The twelve-step walk with its steps' dates replaced, in step order."""
    text = WALK.read_text(encoding="utf-8")
    steps_at = text.index("steps:")
    dated = iter(dates)
    steps = re.sub(r"(?m)^    date: .*$", lambda _: f"    date: {next(dated)}", text[steps_at:])
    return parse_story((text[:steps_at] + steps).encode(), "walk.yaml", catalog)


# A century of history in a few steps, then one January told day by day, then the year after.
HISTORY_AND_A_JANUARY = [
    "2022-01-02", "2022-01-04", "2022-01-05", "2022-01-05", "2022-01-07", "2022-01-11",
    "2023-03", "1916", "1920", "1931/1933", "1991-12-16", "2011-12-16",
]  # fmt: skip


def test_one_january_told_day_by_day_spreads_over_the_strip_and_history_stays_in_order(catalog):
    strip = timeline(walk_dated(catalog, HISTORY_AND_A_JANUARY), "en")
    position = [point.position for point in strip.points]
    january = position[:6]
    # Each day of the January its own place, in order; the two steps of 5 January share one.
    assert january == sorted(january) and len(set(january)) == 5
    # A day of the January is as far from the next as a decade of the history from the next: on a
    # strip 600 px wide, more than the 18 px of a mark (a linear scale gave the whole January 0.2 %).
    days = sorted(set(january))
    assert min(b - a for a, b in itertools.pairwise(days)) * 600 > 18
    # The history steps in date order, before the January; the year after, after it.
    assert position[7] < position[8] < position[9] < position[10] < position[11] < january[0]
    assert january[-1] < position[6] == 1.0 and position[7] == 0.0


def test_a_gap_of_many_years_breaks_the_strip_and_each_year_is_written_under_its_first_date(catalog):
    strip = timeline(walk_dated(catalog, HISTORY_AND_A_JANUARY), "en")
    position = [point.position for point in strip.points]
    # The span is 107 years: a break is a gap of more than 5.35 years (1920 -> 1931, 1933 -> 1991 ...;
    # 1916 -> 1920 and 2022 -> 2023 are not).
    assert len(strip.breaks) == 4
    between = [
        (position[8], position[9]),
        (position[9], position[10]),
        (position[10], position[11]),
        (position[11], position[0]),
    ]
    for (before, after), at in zip(between, strip.breaks, strict=True):
        assert before < at < after
    assert not set(strip.breaks) & set(position)
    years = {year.year: (year.position, year.steps) for year in strip.years}
    assert years[2022] == (position[0], 6) and years[1931] == (position[9], 1) and years[2023] == (1.0, 1)
    assert sorted(years) == [1916, 1920, 1931, 1991, 2011, 2022, 2023]
    assert (strip.first_year, strip.last_year) == (1916, 2023)


def test_a_story_of_one_year_has_no_break(catalog):
    strip = timeline(load_story(WALK, catalog), "en")
    assert strip.breaks == [] and [(year.year, year.steps) for year in strip.years] == [(2021, 12)]
    assert [point.position for point in strip.points] == pytest.approx([i / 11 for i in range(12)])


def test_the_flagships_january_steps_do_not_share_one_mark(catalog):
    strip = timeline(load_story(FLAGSHIP, catalog), "en")
    january = [point.position for point in strip.points if point.date.endswith("January 2022")]
    assert len(january) >= 9
    # On a strip 600 px wide a mark is 18 px: the trial found 18 of 27 steps in one dot.
    assert max(january) - min(january) > 0.3
