"""The class's answers as the presenter's panel shows them, and the room when the presenter shows them:
for each self-check, how many answered and how many are right, the spread of a choice's answers, of the
days answered to "Which day?" and of the orders given to "Put in order", and a find check's clicks with
the share within the distance it allows (drawn by class_answers.js). Pure: no `st.*`.
"""

from __future__ import annotations

from story.format.model import FIND_PLACE_KM, Check, ChoiceCheck, DayCheck, FindCheck, OrderCheck, Step
from story.present.answers import Answer, points, tally
from story.reader.answers import choice_spread, day_spread, find_target, order_spread
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
                row["spread"] = choice_spread(check, counted.spread)
            if isinstance(check, DayCheck):
                row["spread"] = day_spread(check, counted.spread, tr.language)
            if isinstance(check, OrderCheck):
                row["spread"] = order_spread(check, counted.spread, tr)
            rows.append(row)
        shown[step_id] = rows
    return shown
