"""Story dates as a reader of each language reads them, through Babel.

A single date is Babel's long form ("5 January 2022", "5 января 2022 г."), except in Kazakh,
where running text spells the year out ("2022 жылғы 5 қаңтар"). A range says what the two ends
share once, in one form per language: "1–2 January 2022", "1–2 января 2022 г.",
"2022 жылғы 1–2 қаңтар"; "May – 16 December 2011", "2011 жылғы мамыр – 16 желтоқсан".
"""

from __future__ import annotations

from datetime import date
from functools import cache

from babel.dates import format_date

from story.format.dates import DatePart, StoryDate

EN_DASH = "–"
# Russian parts the words of a range with an em dash, kept on the line of the word before it.
RU_WORD_DASH = "\u00a0— "
# Babel writes the Russian year as "2022 г." with a narrow no-break space.
_RU_YEAR = "\u202fг."


def babel_locale(language: str) -> str:
    # "en" alone gives the US order ("January 5, 2022"); the story is British English.
    return "en_GB" if language == "en" else language.replace("-", "_")


def _month(value: date, language: str, alone: bool) -> str:
    """The month's full name: in Russian the genitive after a day ("5 января"), the nominative alone ("январь").

    (Babel's stand-alone Kazakh month is capitalised; Kazakh has one form, lower case in running text.)
    """
    return _month_name(value.month, language, alone)


@cache  # a dozen names per language: Babel parses its locale again at every call
def _month_name(month: int, language: str, alone: bool) -> str:
    first = date(2000, month, 1)
    return format_date(first, "LLLL" if alone and language == "ru" else "MMMM", locale=babel_locale(language))


def _year(value: date, language: str) -> str:
    if language == "ru":
        return f"{value.year}{_RU_YEAR}"
    return str(value.year)


def _day_month(value: date, language: str) -> str:
    return f"{value.day} {_month(value, language, alone=False)}"


def _with_year(text: str, value: date, language: str) -> str:
    """`text` (days and months) with the year where the language puts it."""
    if language == "kk":
        return f"{value.year} жылғы {text}"
    return f"{text} {_year(value, language)}"


def _part(part: DatePart, language: str) -> str:
    if part.precision == "year":
        return str(part.value.year)
    if part.precision == "month":
        return _with_year(_month(part.value, language, alone=True), part.value, language)
    if language in ("kk", "ru", "en"):
        return _with_year(_day_month(part.value, language), part.value, language)
    return format_date(part.value, "long", locale=babel_locale(language))


def _word_dash(language: str) -> str:
    # Between digits the dash stays short and unspaced everywhere ("1–2 января").
    return RU_WORD_DASH if language == "ru" else f" {EN_DASH} "


def _range(start: DatePart, end: DatePart, language: str) -> str:
    first, last = start.value, end.value
    if start.precision == end.precision == "year":
        return f"{first.year}{EN_DASH}{last.year}"
    if first.year != last.year or language not in ("en", "ru", "kk"):
        return f"{_part(start, language)}{_word_dash(language)}{_part(end, language)}"
    # The same year: it is said once.
    if start.precision == end.precision == "day" and first.month == last.month:
        shown = f"{first.day}{EN_DASH}{last.day} {_month(first, language, alone=False)}"
    elif start.precision == end.precision == "month":
        shown = f"{_month(first, language, alone=True)}{EN_DASH}{_month(last, language, alone=True)}"
    else:

        def piece(part: DatePart) -> str:
            if part.precision == "day":
                return _day_month(part.value, language)
            if part.precision == "month":
                return _month(part.value, language, alone=True)
            return str(part.value.year)

        shown = f"{piece(start)}{_word_dash(language)}{piece(end)}"
    return _with_year(shown, first, language)


def format_story_date(story_date: StoryDate, language: str) -> str:
    """The date as a reader of `language` expects it: "5 January 2022", "5 января 2022 г."."""
    if story_date.end is None:
        return _part(story_date.start, language)
    return _range(story_date.start, story_date.end, language)


def short_day(value: date, language: str, with_year: bool = False) -> str:
    """A day in few letters, for a chart's axis: "9 Jan", "9 янв.", with the year when asked."""
    return format_date(value, "d MMM y" if with_year else "d MMM", locale=babel_locale(language))
