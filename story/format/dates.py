"""Story dates: a day, a month, a year, or a range of those, shown per language.

Authors write ISO forms (`2022-01-05`, `2022-01`, `2022`, `1930/1933`,
`2011-05/2011-12-16`); viewers read them in their language through Babel.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from babel.dates import format_date, format_interval, format_skeleton

Precision = Literal["day", "month", "year"]

_PART = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
_FORMS = "a date like 2022-01-05, 2022-01 or 2022, or a range like 1930/1933"

# Babel's long Kazakh date is "2022 ж. 5 қаңтар"; running text in Kazakh spells the
# year out ("2022 жылғы 5 қаңтар"), which is what teachers asked us to show, and
# the story's own text does the same for a month ("2022 жылғы қаңтар").
_PATTERNS: dict[str, dict[Precision, str]] = {"kk": {"day": "y 'жылғы' d MMMM", "month": "y 'жылғы' MMMM"}}
_SKELETONS: dict[Precision, str] = {"day": "yMMMMd", "month": "yMMMM", "year": "y"}


@dataclass(frozen=True)
class DatePart:
    value: date
    precision: Precision

    @property
    def last_day(self) -> date:
        """The last day this part covers (a year ends on 31 December)."""
        if self.precision == "day":
            return self.value
        if self.precision == "month":
            days = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=days)
        return self.value.replace(month=12, day=31)


@dataclass(frozen=True)
class StoryDate:
    start: DatePart
    end: DatePart | None = None

    @property
    def sort_key(self) -> date:
        return self.start.value

    def fraction_of_year(self) -> float:
        """The start as a decimal year (2022-07-02 is about 2022.5), for timelines."""
        first = date(self.start.value.year, 1, 1)
        days_in_year = 366 if calendar.isleap(first.year) else 365
        return first.year + (self.start.value - first).days / days_in_year


def parse_story_date(text: str) -> StoryDate:
    """Parse an authored date; raise ValueError with the accepted forms on failure."""
    if not isinstance(text, str):
        raise ValueError(f"must be {_FORMS}")
    parts = text.strip().split("/")
    if len(parts) > 2:
        raise ValueError(f"must be {_FORMS} (got {text!r})")
    parsed = [_parse_part(part, text) for part in parts]
    if len(parsed) == 1:
        return StoryDate(parsed[0])
    start, end = parsed
    if end.last_day < start.value:
        raise ValueError(f"range ends before it starts (got {text!r})")
    return StoryDate(start, end)


def _parse_part(part: str, whole: str) -> DatePart:
    match = _PART.match(part.strip())
    if not match:
        raise ValueError(f"must be {_FORMS} (got {whole!r})")
    year = int(match["year"])
    month = int(match["month"] or 1)
    day = int(match["day"] or 1)
    try:
        value = date(year, month, day)
    except ValueError as error:
        raise ValueError(f"is not a real date ({error}; got {whole!r})") from None
    precision: Precision = "day" if match["day"] else "month" if match["month"] else "year"
    return DatePart(value, precision)


def _babel_locale(language: str) -> str:
    # "en" alone gives the US order ("January 5, 2022"); the story is British English.
    return "en_GB" if language == "en" else language.replace("-", "_")


def _format_part(part: DatePart, language: str) -> str:
    locale = _babel_locale(language)
    pattern = _PATTERNS.get(language, {}).get(part.precision)
    if pattern:
        return format_date(part.value, pattern, locale=locale)
    if part.precision == "day":
        return format_date(part.value, "long", locale=locale)
    return format_skeleton(_SKELETONS[part.precision], part.value, locale=locale)


def format_story_date(story_date: StoryDate, language: str) -> str:
    """The date as a reader of `language` expects it: "5 January 2022", "5 января 2022 г."."""
    start, end = story_date.start, story_date.end
    if end is None:
        return _format_part(start, language)
    if start.precision == end.precision and start.precision not in _PATTERNS.get(language, {}):
        return format_interval(
            start.value,
            end.value,
            _SKELETONS[start.precision],
            locale=_babel_locale(language),
        )
    return f"{_format_part(start, language)} – {_format_part(end, language)}"
