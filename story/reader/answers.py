"""A follower's answer to a self-check, judged again on the server before the presenter counts it.

The page judges a reader's answer itself (static/storymap/checks.js), and what it sends to the server
while a class follows (`story:check`: the check's key and what was answered) is read here as a claim:
the step and check must be the story's, the answer one the check can have; whether it is right is
decided here from the story, never taken from the page. A choice is right when it is the story's
answer; a place is right within FIND_PLACE_KM of the step's place; a day (ISO, one of the step's slider's)
within the check's days of its day; an order (the events' numbers in the right order, "2,0,1") when it is
that order. A click is kept rounded to POINT_DECIMALS (about 100 m: the presenter's map shows where the
class looked, not where a student sits). A click for a feature of a layer is kept as a point, unjudged
(its shape is the map's).
"""

from __future__ import annotations

import datetime
import math
import re
from dataclasses import dataclass

from story.format.dates import parse_story_date
from story.format.model import FIND_PLACE_KM, ChoiceCheck, DayCheck, FindCheck, OrderCheck, Step, Story
from story.reader.dates import format_story_date
from story.reader.i18n import Translator

EARTH_RADIUS_KM = 6371.0088
_KEY = re.compile(r"^(?P<step>[^:]{1,100}):(?P<index>\d{1,3})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ORDER = re.compile(r"^\d(?:,\d){1,9}$")
# Three decimals of a degree: 111 m of latitude, less of longitude.
POINT_DECIMALS = 3
_POINT = re.compile(r"^(?P<lat>-?\d{1,2}(?:\.\d{1,6})?),(?P<lon>-?\d{1,3}(?:\.\d{1,6})?)$")


@dataclass(frozen=True)
class JudgedAnswer:
    step: str
    check: int
    answer: str  # the choice's number, "lat,lon", a day (ISO) or an order ("2,0,1")
    correct: bool | None  # None: a point for a layer's feature, not judged here


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def judge_answer(story: Story, key: object, given: object) -> JudgedAnswer | None:
    """The answer `given` to the check named `key` ("<step id>:<index>"), judged; None when either is not
    something this story's checks can have (a forged or broken message)."""
    if not isinstance(key, str) or not isinstance(given, str) or len(given) > 40:
        return None
    named = _KEY.match(key)
    step = next((s for s in story.steps if named and s.id == named["step"]), None)
    if named is None or step is None or int(named["index"]) >= len(step.check):
        return None
    index = int(named["index"])
    check = step.check[index]
    if isinstance(check, ChoiceCheck):
        if not given.isdigit() or int(given) >= len(check.choices):
            return None
        return JudgedAnswer(step.id, index, given, check.choices[int(given)] == check.answer)
    if isinstance(check, DayCheck):
        return _judge_day(step, index, check, given)
    if isinstance(check, OrderCheck):
        return _judge_order(step, index, check, given)
    point = _POINT.match(given)
    if not isinstance(check, FindCheck) or point is None:
        return None
    lat, lon = float(point["lat"]), float(point["lon"])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    kept = f"{lat:.{POINT_DECIMALS}f},{lon:.{POINT_DECIMALS}f}"
    target = find_target(step, check)
    if target is None:
        return JudgedAnswer(step.id, index, kept, None)
    return JudgedAnswer(step.id, index, kept, km_between(lat, lon, *target) <= FIND_PLACE_KM)


def find_target(step: Step, check: FindCheck) -> tuple[float, float] | None:
    """Where a find check's place is (lat, lon); None for a feature of a layer (its shape is the map's)."""
    place = next((place for place in step.places if place.key == check.find), None)
    return (place.lat, place.lon) if place is not None else None


def _judge_day(step: Step, index: int, check: DayCheck, given: str) -> JudgedAnswer | None:
    """A day the step's slider can show: right within `check.within` days of the check's day."""
    try:
        day = datetime.date.fromisoformat(given) if _DAY.match(given) else None
    except ValueError:
        day = None
    if day is None or step.time is None or not step.time.from_ <= day <= step.time.to:
        return None
    return JudgedAnswer(step.id, index, given, abs((day - check.day).days) <= check.within)


def _judge_order(step: Step, index: int, check: OrderCheck, given: str) -> JudgedAnswer | None:
    """Every event once, by its number in the right order: right when they are in that order."""
    numbers = [int(part) for part in given.split(",")] if _ORDER.match(given) else []
    if sorted(numbers) != list(range(len(check.order))):
        return None
    return JudgedAnswer(step.id, index, given, numbers == sorted(numbers))


def choice_spread(check: ChoiceCheck, spread: dict[str, int]) -> list[dict]:
    """Each choice in the story's order with how many chose it (an answer is the choice's number)."""
    return [
        {"label": choice, "count": spread.get(str(number), 0), "right": choice == check.answer}
        for number, choice in enumerate(check.choices)
    ]


# The orders a class gave, most given first: past these many, the rest are counted on one line.
ORDERS_LISTED = 5


def day_spread(check: DayCheck, spread: dict[str, int], language: str) -> list[dict]:
    """The days answered, in the order of the calendar, each with how many chose it; right within the
    days the check allows."""
    days = sorted(datetime.date.fromisoformat(day) for day in spread)
    return [
        {
            "label": format_story_date(parse_story_date(day.isoformat()), language),
            "count": spread[day.isoformat()],
            "right": abs((day - check.day).days) <= check.within,
        }
        for day in days
    ]


def order_spread(check: OrderCheck, spread: dict[str, int], tr: Translator) -> list[dict]:
    """The orders given, most given first (the right one first among equals), each as its events' first
    words in the order the students put them; past ORDERS_LISTED, one line for the others."""
    right = ",".join(str(number) for number in range(len(check.order)))
    given = sorted(spread.items(), key=lambda item: (-item[1], item[0] != right, item[0]))
    rows = [
        {
            "label": " \u2192 ".join(_first_words(check.order[int(number)]) for number in order.split(",")),
            "count": count,
            "right": order == right,
        }
        for order, count in given[:ORDERS_LISTED]
    ]
    others = sum(count for _, count in given[ORDERS_LISTED:])
    if others:
        rows.append({"label": tr.gettext("other orders"), "count": others, "right": False})
    return rows


def _first_words(event: str, words: int = 4) -> str:
    # An event is a sentence; the first words tell the events apart on a projected list.
    parts = event.split()
    return " ".join(parts[:words]) + ("\u2026" if len(parts) > words else "")
