"""Story dates as a reader of each language reads them, through Babel."""

from __future__ import annotations

from babel.dates import format_date, format_interval, format_skeleton

from story.format.dates import DatePart, Precision, StoryDate

# Babel's long Kazakh date is "2022 ж. 5 қаңтар"; running text in Kazakh spells the
# year out ("2022 жылғы 5 қаңтар"), which is what teachers asked us to show, and
# the story's own text does the same for a month ("2022 жылғы қаңтар").
_PATTERNS: dict[str, dict[Precision, str]] = {"kk": {"day": "y 'жылғы' d MMMM", "month": "y 'жылғы' MMMM"}}
_SKELETONS: dict[Precision, str] = {"day": "yMMMMd", "month": "yMMMM", "year": "y"}


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
