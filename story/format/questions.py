"""A step's self-checks: what each kind of question asks, and what its right answer is.

Four kinds, told apart by the key each alone has: `choices` (pick one), `find` (a click on the map),
`day` (a day chosen on the step's slider) and `order` (events put in the order they happened).
Whether a find target or a day is on the step's map is checked later, by `story.format.checks`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Annotated

from pydantic import Discriminator, Field, StringConstraints, Tag, ValidationInfo, field_validator

from story.format.fields import LongText, StrictModel, Text
from story.format.messages import Message, MessageError, Ref, RepeatedItemError, say

# How near a click must be to count as right: a place is a point, clicked on a small map.
FIND_PLACE_KM = 50
# How many days either side a "Which day?" may allow: more, and any day is right.
MAX_DAY_MARGIN = 30
# How many events an order question may hold: a short list, ordered by keyboard on a phone.
MIN_ORDER_ITEMS = 3
MAX_ORDER_ITEMS = 8


def _different(items: list[str], field: str, repeats: Callable[[Ref], Message]) -> list[str]:
    for index, item in enumerate(items):
        if item in items[:index]:
            raise RepeatedItemError(repeats(Ref(field, items.index(item))), index)
    return items


class ChoiceCheck(StrictModel):
    """A multiple-choice question a reader answers on the step, with the right answer explained."""

    question: Text
    """The question, as plain text."""
    choices: list[Text] = Field(min_length=2, max_length=8)
    """The choices, in the order shown."""
    answer: Text
    """The right choice, written exactly as in `choices`."""
    explain: LongText
    """Shown after an answer, right or wrong: why the right answer is right."""

    @field_validator("choices")
    @classmethod
    def _different_choices(cls, choices: list[str]) -> list[str]:
        def repeats(first: Ref) -> Message:
            return say("this choice repeats {earlier}; every choice must differ", earlier=first)

        return _different(choices, "choices", repeats)

    @field_validator("answer")
    @classmethod
    def _answer_is_a_choice(cls, answer: str, info: ValidationInfo) -> str:
        choices = info.data.get("choices")
        if choices is not None and answer not in choices:
            raise MessageError(say("must be one of the choices, written the same way (got {got})", got=repr(answer)))
        return answer


class FindCheck(StrictModel):
    """A question answered by a click on the map (or by choosing one of the step's places)."""

    question: Text
    """The question, as plain text: "Find Zhanaozen on the map"."""
    find: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    """A place id of the step, or layer:feature (a feature of one of the step's layers)."""
    explain: LongText
    """Shown after an answer: where it is, and why it matters."""


class DayCheck(StrictModel):
    """ "Which day?": the reader moves the step's day slider (by mouse or keyboard) to the day asked for and
    answers with it. Only on a step with `time`."""

    question: Text
    """The question, as plain text: "On which day did the government resign?"."""
    day: datetime.date
    """The right day (2022-01-05): one of the step's slider's days."""
    within: int = Field(default=0, ge=0, le=MAX_DAY_MARGIN)
    """How many days before or after `day` also count as right (0: that day only)."""
    explain: LongText
    """Shown after an answer: what happened that day, and how we know."""


class OrderCheck(StrictModel):
    """ "Put these events in order": the reader orders a short list (Move up and Move down, or by dragging);
    the list is shown in another order than the right one."""

    question: Text
    """The question, as plain text: "Put these events in the order they happened"."""
    order: list[Text] = Field(min_length=MIN_ORDER_ITEMS, max_length=MAX_ORDER_ITEMS)
    """The events in their right order, first to last (3 to 8, each different)."""
    explain: LongText
    """Shown after an answer: the order, with the days."""

    @field_validator("order")
    @classmethod
    def _different_events(cls, order: list[str]) -> list[str]:
        def repeats(first: Ref) -> Message:
            return say("this event repeats {earlier}; every event must differ", earlier=first)

        return _different(order, "order", repeats)


def _check_kind(value: object) -> str:
    # The tags are no keys of a check, so that a problem's path names only the file's keys.
    if isinstance(value, dict):
        for kind in ("find", "day", "order"):
            if kind in value:
                return f"{kind} check"
    return "choice check"


Check = Annotated[
    Annotated[ChoiceCheck, Tag("choice check")]
    | Annotated[FindCheck, Tag("find check")]
    | Annotated[DayCheck, Tag("day check")]
    | Annotated[OrderCheck, Tag("order check")],
    Discriminator(_check_kind),
]
