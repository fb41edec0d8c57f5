"""Story dates: a day, a month, a year, or a range of those.

Authors write ISO forms (`2022-01-05`, `2022-01`, `2022`, `1930/1933`,
`2011-05/2011-12-16`); `story.reader.dates` shows them in the reader's language.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from story.format.messages import Message, MessageError, say, verbatim

Precision = Literal["day", "month", "year"]

_PART = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")

_FORMS = say("must be a date like 2022-01-05, 2022-01 or 2022, or a range like 1930/1933")


def _forms_got(text: str) -> Message:
    return say("must be a date like 2022-01-05, 2022-01 or 2022, or a range like 1930/1933 (got {got})", got=repr(text))


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
        raise MessageError(_FORMS)
    parts = text.strip().split("/")
    if len(parts) > 2:
        raise MessageError(_forms_got(text))
    parsed = [_parse_part(part, text) for part in parts]
    if len(parsed) == 1:
        return StoryDate(parsed[0])
    start, end = parsed
    if end.last_day < start.value:
        raise MessageError(say("range ends before it starts (got {got})", got=repr(text)))
    return StoryDate(start, end)


def _parse_part(part: str, whole: str) -> DatePart:
    match = _PART.match(part.strip())
    if not match:
        raise MessageError(_forms_got(whole))
    year = int(match["year"])
    month = int(match["month"] or 1)
    day = int(match["day"] or 1)
    try:
        value = date(year, month, day)
    except ValueError as error:
        raise MessageError(
            say("is not a real date ({reason}; got {got})", reason=verbatim(str(error)), got=repr(whole))
        ) from None
    precision: Precision = "day" if match["day"] else "month" if match["month"] else "year"
    return DatePart(value, precision)
