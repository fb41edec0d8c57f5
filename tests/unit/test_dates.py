"""Story dates: parsed from ISO forms, shown the way each language writes them."""

from __future__ import annotations

import pytest

from story.format.dates import parse_story_date
from story.reader.dates import format_story_date


@pytest.mark.parametrize(
    ("text", "language", "shown"),
    [
        ("2022-01-05", "en", "5 January 2022"),
        ("2022-01-05", "ru", "5 января 2022\u202fг."),
        ("2022-01-05", "kk", "2022 жылғы 5 қаңтар"),
        ("2022-01", "en", "January 2022"),
        ("1922", "en", "1922"),
        ("1930/1933", "en", "1930–1933"),
        ("2022-01-02/2022-01-05", "en", "2–5 January 2022"),
        ("2022-01-01/2022-01-02", "ru", "1–2 января 2022\u202fг."),
        ("2022-01-01/2022-01-02", "kk", "2022 жылғы 1–2 қаңтар"),
        ("2022-01-31/2022-02-02", "en", "31 January – 2 February 2022"),
        # R15 of translation-review-3.md: a Russian range of words takes an em dash.
        ("2022-01-31/2022-02-02", "ru", "31 января\u00a0— 2 февраля 2022\u202fг."),
        ("2011-05/2011-12-16", "en", "May – 16 December 2011"),
        ("2011-05/2011-12-16", "kk", "2011 жылғы мамыр – 16 желтоқсан"),
        ("2011-05/2011-12-16", "ru", "май\u00a0— 16 декабря 2011\u202fг."),
        ("2022-01-17/2023-04-24", "ru", "17 января 2022\u202fг.\u00a0— 24 апреля 2023\u202fг."),
        ("2011-05/2011-12", "ru", "май–декабрь 2011\u202fг."),
        ("2022-01-17/2023-04-24", "en", "17 January 2022 – 24 April 2023"),
        ("1916/1917", "kk", "1916–1917"),
        ("2022-01", "ru", "январь 2022\u202fг."),
        ("2022-01", "kk", "2022 жылғы қаңтар"),
    ],
)
def test_dates_read_naturally_in_each_language(text, language, shown):
    assert format_story_date(parse_story_date(text), language) == shown


@pytest.mark.parametrize("text", ["2022-13-01", "5 Jan 2022", "2022/2021", "2022-02-30", "1/2/3", ""])
def test_malformed_dates_are_refused_with_the_accepted_forms(text):
    with pytest.raises(ValueError, match=r"date|range"):
        parse_story_date(text)


def test_timeline_position_is_a_decimal_year():
    assert parse_story_date("2022-07-02").fraction_of_year() == pytest.approx(2022.5, abs=0.01)
    assert parse_story_date("1930/1933").fraction_of_year() == 1930.0
