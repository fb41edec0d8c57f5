"""A step's figure: a small bar or line chart drawn as SVG, with its data as a table.

The same SVG is shown by the player (in the app and the export) and printed in the handout,
so a figure looks the same everywhere. Everything in it is written here from the story's
data and escaped: no authored markup reaches the page. A value that is not a plain report
(an estimate, a withdrawn figure, one never disclosed) is drawn unlike a reported one and
says so in words beside it, so that neither colour nor shape alone carries the meaning.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from html import escape
from itertools import pairwise

from babel.numbers import format_decimal

from story.format.dates import parse_story_date
from story.format.model import Figure, FigureRow, Source
from story.reader.dates import babel_locale, short_day
from story.reader.i18n import Translator

# The player's colours (static/storymap/player.css): its red for reported values, a light
# red for estimates, greys for what was withdrawn or never disclosed.
RED = "#a3201a"
LIGHT_RED = "#f1c9c4"
GREY = "#6b6b6b"
INK = "#1f1f1f"
RULE = "#d9d9d9"

WIDTH = 560
BAR_ROW = 30
# The labels' column: as wide as the longest label needs (about 8 px a character at 13 px, Cyrillic
# included), within limits.
LABEL_CHAR_PX = 8.0
BAR_LABEL_MIN, BAR_LABEL_MAX = 90, 250
LINE_HEIGHT = 270
LINE_PLOT = (56, 24, WIDTH - 24, LINE_HEIGHT - 52)  # left, top, right, bottom


def format_value(value: float, language: str) -> str:
    """A number as a reader of `language` writes it: 2,030 / 2 030."""
    return format_decimal(value, locale=babel_locale(language))


def status_names(tr: Translator) -> dict[str, str]:
    return {
        "reported": tr.gettext("reported"),
        "estimate": tr.gettext("estimate"),
        "withdrawn": tr.gettext("withdrawn"),
        "undisclosed": tr.gettext("not disclosed"),
    }


def _day(row: FigureRow) -> date:
    assert row.date is not None  # a line's rows have dates (the model checks it)
    return parse_story_date(row.date).start.value


def value_text(row: FigureRow, tr: Translator) -> str:
    """What stands beside a value: the number, and the status when it is not a plain report."""
    names = status_names(tr)
    if row.value is None:
        return names["undisclosed"]
    number = format_value(row.value, tr.language)
    return number if row.status == "reported" else f"{number} ({names[row.status]})"


def _text(
    x: float, y: float, content: str, *, anchor: str = "start", size: int = 13, fill: str = INK, italic: bool = False
) -> str:
    style = ' font-style="italic"' if italic else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{style}>'
        f"{escape(content)}</text>"
    )


def _label_lines(label: str, room: float) -> list[str]:
    """A bar's label on one line, or on two split at a space when it is too long for its column."""
    if len(label) * LABEL_CHAR_PX <= room or " " not in label:
        return [label]
    middle = len(label) // 2
    spaces = [i for i, c in enumerate(label) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [label[:cut], label[cut + 1 :]]


def _bar_svg(figure: Figure, tr: Translator) -> str:
    values = [row.value for row in figure.data if row.value is not None]
    top = max(values, default=1.0) or 1.0
    height = len(figure.data) * BAR_ROW + 8
    longest = max(len(row.label or "") for row in figure.data)
    label_width = min(BAR_LABEL_MAX, max(BAR_LABEL_MIN, longest * LABEL_CHAR_PX + 12))
    span = WIDTH - label_width - 150  # room on the right for the value and its status
    parts = []
    for index, row in enumerate(figure.data):
        y = 4 + index * BAR_ROW
        middle = y + BAR_ROW / 2 + 4
        lines = _label_lines(row.label or "", label_width - 12)
        size = 13 if len(lines) == 1 else 12
        for number, line in enumerate(lines):
            offset = (number - (len(lines) - 1) / 2) * 13
            parts.append(_text(label_width - 8, middle + offset, line, anchor="end", size=size))
        if row.value is None:
            # Never disclosed: an empty dotted box where a bar would start, and the words.
            parts.append(
                f'<rect x="{label_width}" y="{y + 6}" width="18" height="{BAR_ROW - 12}" fill="none"'
                f' stroke="{GREY}" stroke-dasharray="2 2"/>'
            )
            parts.append(_text(label_width + 26, middle, value_text(row, tr), fill=GREY, italic=True))
            continue
        length = max(2.0, span * row.value / top)
        style = {
            "reported": f'fill="{RED}"',
            "estimate": f'fill="{LIGHT_RED}" stroke="{RED}" stroke-dasharray="5 3"',
            "withdrawn": f'fill="none" stroke="{GREY}" stroke-dasharray="5 3"',
        }[row.status]
        parts.append(f'<rect x="{label_width}" y="{y + 5}" width="{length:.1f}" height="{BAR_ROW - 10}" {style}/>')
        colour = INK if row.status == "reported" else GREY
        parts.append(_text(label_width + length + 6, middle, value_text(row, tr), fill=colour))
    return _svg(figure, height, "".join(parts))


def nice_ticks(highest: float) -> list[float]:
    """Round values for a value axis from 0 to at least `highest`: 0, 100, 200 or 0, 5,000, 10,000."""
    if highest <= 0:
        return [0.0, 1.0]
    raw = highest / 3
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * i for i in range(math.ceil(highest / step) + 1)]


def _line_svg(figure: Figure, tr: Translator) -> str:
    left, top, right, bottom = LINE_PLOT
    rows = sorted(figure.data, key=_day)
    days = sorted({_day(row) for row in rows})
    with_year = len({day.year for day in days}) > 1
    # One column per day, in date order, each labelled with its day: announcements crowd
    # into a few days and then come months apart, and a true time axis would stack them.
    step = (right - left) / max(1, len(days) - 1) if len(days) > 1 else 0
    column = {day: left + (i * step if len(days) > 1 else (right - left) / 2) for i, day in enumerate(days)}
    values = [row.value for row in rows if row.value is not None]
    ticks = nice_ticks(max(values, default=1.0))
    # Room above the top tick for the highest value's label.
    high = max(ticks[-1], max(values, default=1.0) * 1.12)

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / high

    parts = []
    for level in ticks:
        y = y_of(level)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{RULE}"/>')
        parts.append(_text(left - 6, y + 4, format_value(level, tr.language), anchor="end", size=11, fill=GREY))
    for day, x in column.items():
        parts.append(_text(x, bottom + 18, short_day(day, tr.language, with_year), anchor="middle", size=11))
    # The line joins the plain series (rows without a label of their own); a segment into an
    # estimate is dashed; a withdrawn or undisclosed value is never on the line.
    series = [row for row in rows if row.label is None and row.status in ("reported", "estimate")]
    for a, b in pairwise(series):
        dashed = ' stroke-dasharray="5 3"' if "estimate" in (a.status, b.status) else ""
        assert a.value is not None and b.value is not None
        parts.append(
            f'<line x1="{column[_day(a)]:.1f}" y1="{y_of(a.value):.1f}" x2="{column[_day(b)]:.1f}"'
            f' y2="{y_of(b.value):.1f}" stroke="{RED}" stroke-width="2"{dashed}/>'
        )
    for row in rows:
        x = column[_day(row)]
        if row.value is None:
            parts.append(_text(x, bottom - 6, "?", anchor="middle", fill=GREY))
            parts.append(_text(x, bottom - 22, value_text(row, tr), anchor="middle", size=11, fill=GREY))
            continue
        y = y_of(row.value)
        if row.label is not None:
            # Another body's figure for the day: a diamond beside the line, with its label.
            parts.append(
                f'<path d="M{x + 10:.1f} {y - 6:.1f} l6 6 l-6 6 l-6 -6 z" fill="#ffffff" stroke="{INK}"'
                f' stroke-width="1.5"/>'
            )
            parts.append(_text(x + 20, y + 18, f"{value_text(row, tr)}: {row.label}", size=11))
            continue
        if row.status == "reported":
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{RED}"/>')
            colour = INK
        elif row.status == "estimate":
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#ffffff" stroke="{RED}" stroke-width="1.5"/>'
            )
            colour = GREY
        else:  # withdrawn: a hollow grey point struck through
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" stroke="{GREY}" stroke-width="1.5"/>'
                f'<line x1="{x - 6:.1f}" y1="{y + 6:.1f}" x2="{x + 6:.1f}" y2="{y - 6:.1f}" stroke="{GREY}"'
                f' stroke-width="1.5"/>'
            )
            colour = GREY
        parts.append(_text(x, y - 10, value_text(row, tr), anchor="middle", size=11, fill=colour))
    return _svg(figure, LINE_HEIGHT, "".join(parts))


def _svg(figure: Figure, height: int, body: str) -> str:
    label = escape(figure.title)
    return (
        f'<svg class="sm-figure-chart" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"'
        f' xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{label}"'
        f' font-family="DejaVu, DejaVu Sans, Verdana, sans-serif">{body}</svg>'
    )


def figure_svg(figure: Figure, tr: Translator) -> str:
    """The chart alone, as SVG (the player shows it; the handout prints it)."""
    return _bar_svg(figure, tr) if figure.chart == "bar" else _line_svg(figure, tr)


def table_header(figure: Figure, tr: Translator) -> list[str]:
    """The table's column names: what (or date), value with its unit, status, source."""
    what = tr.gettext("Date") if figure.chart == "line" else tr.gettext("What")
    value = tr.gettext("Value") + (f" ({figure.unit})" if figure.unit else "")
    return [what, value, tr.gettext("Status"), tr.gettext("Source")]


def table_rows(figure: Figure, tr: Translator) -> list[tuple[str, str, str, FigureRow]]:
    """Each row as plain text (what, value, status) with its row, a line's rows in date order."""
    names = status_names(tr)
    rows = []
    for row in sorted(figure.data, key=_day) if figure.chart == "line" else figure.data:
        if figure.chart == "line":
            first = short_day(_day(row), tr.language, True) + (f" · {row.label}" if row.label else "")
        else:
            first = row.label or ""
        number = "–" if row.value is None else format_value(row.value, tr.language)
        rows.append((first, number, names[row.status], row))
    return rows


def figure_table_html(figure: Figure, tr: Translator, source_html: Callable[[Source], str]) -> str:
    """The figure's data as a table: its text alternative, for keyboard and screen reader."""
    head = "".join(f"<th scope='col'>{escape(name)}</th>" for name in table_header(figure, tr))
    body = "".join(
        f"<tr><th scope='row'>{escape(first)}</th><td>{escape(number)}</td><td>{escape(status)}</td>"
        f"<td>{source_html(row.source)}</td></tr>"
        for first, number, status, row in table_rows(figure, tr)
    )
    return f"<table class='sm-figure-table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def figure_html(figure: Figure, tr: Translator, source_html: Callable[[Source], str]) -> str:
    """The figure section: title, chart, caption, and the data as a table a reader can open."""
    caption = f"<p class='sm-figure-caption'>{escape(figure.caption)}</p>" if figure.caption else ""
    summary = escape(tr.gettext("The figure's data as a table"))
    return (
        f"<figure class='sm-figure'><figcaption class='sm-figure-title'>{escape(figure.title)}</figcaption>"
        f"{figure_svg(figure, tr)}{caption}"
        f"<details class='sm-figure-data'><summary>{summary}</summary>{figure_table_html(figure, tr, source_html)}"
        f"</details></figure>"
    )
