"""A printable summary of a class's answers: one page per self-check, for the teacher's file.

Made from the story and the answers the presenter's panel holds (components/answer_files.py passes them in
the shape of `GivenAnswer`: any object with these fields, such as story/present/answers.py's `Answer`).
Each page has the question, how many answered of how many followed, the spread of the choices or, for
a find-on-the-map check, the share within the distance the check allows and a small plot of where
the class clicked, for "Which day?" the days answered and for "Put in order" the orders given (as the
presenter's panel lists them, story/reader/answers.py), and the right answer. One HTML file with
print CSS (a page per check); every authored or typed text is escaped.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from story.contract import answered_point
from story.format.dates import parse_story_date
from story.format.model import FIND_PLACE_KM, ChoiceCheck, DayCheck, FindCheck, OrderCheck, Step, Story
from story.reader.answers import choice_spread, day_spread, order_spread
from story.reader.dates import format_story_date
from story.reader.i18n import Translator

PLOT_SIZE = 320  # the plot of a find check's clicks, in CSS pixels (a square)

_STYLE = """
@page { size: A4; margin: 18mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0; }
.sheet { padding: 1rem 0; break-after: page; page-break-after: always; }
.sheet:last-child { break-after: auto; page-break-after: auto; }
.sheet header { font-size: 0.9rem; color: #333; border-bottom: 1px solid #777; margin-bottom: 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 0.75rem 0; }
.count { font-size: 1.2rem; margin: 0.25rem 0; }
table { border-collapse: collapse; margin: 0.75rem 0; min-width: 60%; }
th, td { border: 1px solid #777; padding: 0.3rem 0.6rem; text-align: left; }
td.number { text-align: right; }
.right { font-weight: 700; }
.bar { display: inline-block; height: 0.8rem; background: #555; }
.answer { margin-top: 1rem; }
svg { border: 1px solid #777; margin: 0.75rem 0; }
@media screen { body { max-width: 48rem; margin: 0 auto; padding: 0 1rem; } .sheet { border-bottom: 2px dashed #999; } }
"""


class GivenAnswer(Protocol):
    @property
    def step(self) -> str: ...
    @property
    def check(self) -> int: ...
    @property
    def answer(self) -> str:
        """A choice's number, or "lat,lon" for a find check."""
        ...

    @property
    def correct(self) -> bool | None: ...


def class_summary_html(story: Story, given: Iterable[GivenAnswer], followers: int, tr: Translator) -> str:
    """The summary page of every self-check of the story's steps, in the story's order."""
    answers = list(given)
    sheets = []
    for step in story.steps:
        for index, check in enumerate(step.check):
            if isinstance(check, ChoiceCheck | FindCheck | DayCheck | OrderCheck):
                mine = [a for a in answers if a.step == step.id and a.check == index]
                sheets.append(_sheet(story, step, index, check, mine, followers, tr))
    if not sheets:
        none = tr.gettext("This story has no self-checks.")
        sheets.append(f'<section class="sheet"><p>{_e(none)}</p></section>')
    title = tr.gettext("The class's answers: {title}").format(title=story.title)
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(story.language)}"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>\n" + "\n".join(sheets) + "\n</body></html>\n"
    )


def _sheet(
    story: Story,
    step: Step,
    index: int,
    check: ChoiceCheck | FindCheck | DayCheck | OrderCheck,
    given: list[GivenAnswer],
    followers: int,
    tr: Translator,
) -> str:
    answered = len(given)
    count = tr.gettext("{answered} of {count} answered").format(answered=answered, count=max(followers, answered))
    where = tr.gettext("Step “{step}”, question {number}").format(step=step.title, number=index + 1)
    parts = [
        f"<header>{_e(story.title)} · {_e(where)}</header>",
        f"<h1>{_e(check.question)}</h1>",
        f'<p class="count">{_e(count)}</p>',
    ]
    spread = Counter(a.answer for a in given)
    if isinstance(check, ChoiceCheck):
        parts.append(_table(choice_spread(check, spread), tr))
        right = check.answer
    elif isinstance(check, DayCheck):
        parts.append(_table(day_spread(check, spread, tr.language), tr))
        right = format_story_date(parse_story_date(check.day.isoformat()), tr.language)
    elif isinstance(check, OrderCheck):
        parts.append(_table(order_spread(check, spread, tr), tr))
        right = " \u2192 ".join(check.order)
    else:
        place = next((p for p in step.places if p.key == check.find), None)
        points = [point for point in (answered_point(a.answer) for a in given) if point is not None]
        if place is not None:
            within = sum(1 for a in given if a.correct)
            share = tr.gettext("{right} of {answered} within {km} km of {place}").format(
                right=within, answered=answered, km=FIND_PLACE_KM, place=place.name
            )
            parts.append(f'<p class="count">{_e(share)}</p>')
            parts.append(_plot(points, (place.lat, place.lon), tr))
        right = place.name if place is not None else ""
    if right:
        said = tr.gettext("The right answer:")
        parts.append(f'<p class="answer"><strong>{_e(said)}</strong> {_e(right)}</p>')
    parts.append(f"<p>{_e(check.explain)}</p>")
    return '<section class="sheet">' + "".join(parts) + "</section>"


def _table(spread: list[dict], tr: Translator) -> str:
    """The answers given and how many gave each (the panel's rows: label, count, right), with a bar."""
    most = max((row["count"] for row in spread), default=0) or 1
    rows = []
    for row in spread:
        mark = " ✓" if row["right"] else ""
        css = ' class="right"' if row["right"] else ""
        bar = f'<span class="bar" style="width:{round(120 * row["count"] / most)}px"></span>'
        label = f"<td>{_e(row['label'])}{mark}</td>"
        rows.append(f'<tr{css}>{label}<td class="number">{row["count"]}</td><td>{bar}</td></tr>')
    answer, students = tr.gettext("Answer"), tr.gettext("Students")
    head = f"<tr><th>{_e(answer)}</th><th>{_e(students)}</th><th></th></tr>"
    return "<table>" + head + "".join(rows) + "</table>"


def _plot(points: list[tuple[float, float]], target: tuple[float, float], tr: Translator) -> str:
    """Where the class clicked around the right place (a ring of the distance allowed), in kilometres
    east and north of it: a plain projection is true enough at the scale of a region."""
    lat0, lon0 = target
    east = math.cos(math.radians(lat0)) * 111.32
    spots = [((lon - lon0) * east, (lat - lat0) * 110.57) for lat, lon in points]
    reach = max([FIND_PLACE_KM * 2.0, *(max(abs(x), abs(y)) * 1.1 for x, y in spots)])
    scale = (PLOT_SIZE / 2) / reach
    middle = PLOT_SIZE / 2
    ring = FIND_PLACE_KM * scale
    label = tr.gettext("Where the class clicked: {count} points, the ring is {km} km around the right place").format(
        count=len(points), km=FIND_PLACE_KM
    )
    dots = "".join(
        f'<circle cx="{middle + x * scale:.1f}" cy="{middle - y * scale:.1f}" r="4" fill="#c0392b" fill-opacity="0.6"/>'
        for x, y in spots
    )
    return (
        f'<svg role="img" aria-label="{_e(label)}" width="{PLOT_SIZE}" height="{PLOT_SIZE}" '
        f'viewBox="0 0 {PLOT_SIZE} {PLOT_SIZE}"><title>{_e(label)}</title>'
        f'<circle cx="{middle}" cy="{middle}" r="{ring:.1f}" fill="none" stroke="#1d4f91" stroke-width="2"/>'
        f'<path d="M{middle - 6} {middle}h12M{middle} {middle - 6}v12" stroke="#1d4f91" stroke-width="2"/>'
        f"{dots}</svg>"
    )


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)
