"""The class's answers as the presenter's panel shows them, and the room when the presenter shows them:
for each self-check, how many answered and how many are right, the spread of a choice's answers, of the
days answered to "Which day?" and of the orders given to "Put in order", and a find check's clicks with
the share within the distance it allows (drawn by class_answers.js). Pure: no `st.*`.
"""

from __future__ import annotations

import datetime

from story.format.dates import parse_story_date
from story.format.model import FIND_PLACE_KM, Check, ChoiceCheck, DayCheck, FindCheck, OrderCheck, Step
from story.present.answers import Answer, points, tally
from story.reader.answers import find_target
from story.reader.dates import format_story_date
from story.reader.i18n import Translator


def find_targets(steps: list[Step]) -> dict[str, dict[int, tuple[float, float]]]:
    """Where each find check's place is, by step and check (a layer's feature has none)."""
    targets: dict[str, dict[int, tuple[float, float]]] = {}
    for step in steps:
        for index, check in enumerate(step.check):
            target = find_target(step, check) if isinstance(check, FindCheck) else None
            if target is not None:
                targets.setdefault(step.id, {})[index] = target
    return targets


def class_answers(
    questions: dict[str, list[Check]],
    given: list[Answer],
    followers: int,
    tr: Translator,
    targets: dict[str, dict[int, tuple[float, float]]] | None = None,
) -> dict[str, list[dict]]:
    """For each step with self-checks, each check's answers as the presenter's panel shows them: how many
    answered of how many follow, how many are right, for a choice how many chose each, and for a find
    check the points clicked, how many lie within the distance the check allows, and the right place."""
    shown: dict[str, list[dict]] = {}
    for step_id, checks in questions.items():
        rows = []
        for index, check in enumerate(checks):
            counted = tally(given, step_id, index)
            line = tr.gettext("{answered} of {count} answered, {right} right").format(
                answered=counted.answered, count=max(followers, counted.answered), right=counted.right
            )
            row: dict = {"question": check.question, "line": line, "spread": []}
            target = (targets or {}).get(step_id, {}).get(index)
            if isinstance(check, FindCheck):
                row["points"] = [[lat, lon] for lat, lon in points(given, step_id, index)]
                row["target"] = list(target) if target else None
            if isinstance(check, FindCheck) and target is not None:
                line = tr.gettext("{answered} of {count} answered, {right} within {km} km").format(
                    answered=counted.answered,
                    count=max(followers, counted.answered),
                    right=counted.right,
                    km=FIND_PLACE_KM,
                )
                row["line"] = line
            if isinstance(check, ChoiceCheck):
                row["spread"] = [
                    {"label": choice, "count": counted.spread.get(str(number), 0), "right": choice == check.answer}
                    for number, choice in enumerate(check.choices)
                ]
            if isinstance(check, DayCheck):
                row["spread"] = day_spread(check, counted.spread, tr.language)
            if isinstance(check, OrderCheck):
                row["spread"] = order_spread(check, counted.spread, tr)
            rows.append(row)
        shown[step_id] = rows
    return shown


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
