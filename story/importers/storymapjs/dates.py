"""StoryMapJS dates (free text, numbers, Instagram timestamps) as dates of our format."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from story.format.dates import parse_story_date
from story.importers.storymapjs.text import as_number, one_line, quoted

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_ISO = re.compile(r"^(\d{3,4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?$")
_ISO_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{3,4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{3,4})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?,?\s+(\d{3,4})$")
_RANGE = re.compile(r"^(.+?)\s*(?:–|—|/|\s-\s|\bto\b|\buntil\b)\s*(.+)$")
_YEAR_RANGE = re.compile(r"^(\d{3,4})\s*-\s*(\d{3,4})$")


def parse_date(value: object) -> tuple[str | None, str | None]:
    """(our date, a note when it was only partly read) or (None, None) when it cannot be read."""
    if isinstance(value, bool):
        return None, None
    if isinstance(value, dict):
        created = value.get("created_time")
        return (_timestamp_date(created), None) if created is not None else (None, None)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            return None, None
        return valid_date(f"{int(value):04d}") if 100 <= value <= 9999 else None, None
    if not isinstance(value, str):
        return None, None
    text = one_line(value).strip().lower()
    if not text or re.search(r"\b(bc|bce|b\.c\.)\b", text):
        return None, None
    exact = _exact_date(text)
    if exact is not None:
        return exact, None
    for pattern in (_YEAR_RANGE, _RANGE):
        match = pattern.match(text)
        if match:
            start, end = _exact_date(match[1].strip()), _exact_date(match[2].strip())
            if start and end:
                joined = valid_date(f"{start}/{end}")
                if joined:
                    return joined, None
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", text)
    if len(years) == 1 and valid_date(years[0]):
        return years[0], f"the date {quoted(value, 60)} is read as the year {years[0]}"
    if len(years) == 2 and valid_date(f"{years[0]}/{years[1]}"):
        return f"{years[0]}/{years[1]}", f"the date {quoted(value, 60)} is read as {years[0]} to {years[1]}"
    return None, None


def _exact_date(text: str) -> str | None:
    match = _ISO.match(text)
    if match:
        year, _, month, day = match.groups()
        parts = [year.zfill(4)] + [part.zfill(2) for part in (month, day) if part]
        return valid_date("-".join(parts))
    match = _ISO_TIME.match(text)
    if match:
        return valid_date(match[1])
    for pattern, order in ((_MONTH_DAY_YEAR, "mdy"), (_DAY_MONTH_YEAR, "dmy"), (_MONTH_YEAR, "my")):
        match = pattern.match(text)
        if not match:
            continue
        groups = dict(zip(order, match.groups(), strict=True))
        month = _MONTHS.get(groups["m"])
        if month is None:
            return None
        parts = [groups["y"].zfill(4), f"{month:02d}"] + ([f"{int(groups['d']):02d}"] if "d" in groups else [])
        return valid_date("-".join(parts))
    return None


def valid_date(text: str) -> str | None:
    try:
        parse_story_date(text)
    except ValueError:
        return None
    return text


def _timestamp_date(value: object) -> str | None:
    seconds = as_number(value)
    if seconds is None or not 0 < seconds < 1e11:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()


def date_source(value: object) -> str:
    if isinstance(value, dict) and "created_time" in value:
        return f"created_time {value['created_time']}"
    return str(value)


def date_span(dates: list[str]) -> str:
    """One date covering all `dates`: from the earliest start to the latest end."""
    parsed = [(parse_story_date(text), text) for text in dates]
    first = min(parsed, key=lambda item: item[0].start.value)
    last = max(parsed, key=lambda item: (item[0].end or item[0].start).last_day)
    start, end = first[1].split("/")[0], last[1].split("/")[-1]
    if start == end:
        return start
    return valid_date(f"{start}/{end}") or start
