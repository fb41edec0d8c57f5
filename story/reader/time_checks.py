"""The page's parts of the two checks of a map that tells time: "Which day?" and "Put these events in order".

Each gives the check element's attributes (typed in `story.contract`) and its body; the player judges the
answer (static/storymap/checks.js), and the server again for a class (story/reader/answers.py).
"""

from __future__ import annotations

import hashlib

from story.contract import DayCheckAttributes, OrderCheckAttributes
from story.format.dates import parse_story_date
from story.format.model import DayCheck, OrderCheck, Step
from story.reader.dates import format_story_date
from story.reader.i18n import Translator
from story.reader.text import escape


def day_words(day: str, language: str) -> str:
    """A day (ISO) as the slider names it in the reader's language."""
    return format_story_date(parse_story_date(day), language)


def day_check(check: DayCheck, index: int, tr: Translator, language: str) -> tuple[DayCheckAttributes, str]:
    """A "Which day?": its attributes and its body (the question, how to answer, the button)."""
    answer = day_words(check.day.isoformat(), language)
    attributes: DayCheckAttributes = {
        "data-kind": "day",
        "data-index": str(index),
        "data-answer": check.day.isoformat(),
        "data-within": str(check.within),
        "data-right": tr.gettext("Right: {day}."),
        "data-wrong": tr.gettext("Not quite: you chose {day}. The answer is {answer}.").replace("{answer}", answer),
    }
    how = escape(tr.gettext("Move the map's day slider to that day, then answer."))
    label = escape(tr.gettext("Answer with the slider's day"))
    body = (
        f'<p class="sm-check-question">{escape(check.question)}</p><p class="sm-check-how">{how}</p>'
        f'<button type="button" class="sm-check-button" data-sm-day>{label}</button>'
    )
    return attributes, body


def shown_order(step: Step, index: int, count: int) -> list[int]:
    """The events' order as shown: the same in every language (from ids, not words), never the right one."""
    seed = f"{step.id}:{index}"
    order = sorted(range(count), key=lambda item: hashlib.sha256(f"{seed}:{item}".encode()).hexdigest())
    return order[::-1] if order == sorted(order) else order


def order_check(step: Step, check: OrderCheck, index: int, tr: Translator) -> tuple[OrderCheckAttributes, str]:
    """An order question: its attributes and its body (the events in a list, each with Move up and Move
    down; dragging moves them too)."""
    attributes: OrderCheckAttributes = {
        "data-kind": "order",
        "data-index": str(index),
        "data-right": tr.gettext("Right: that is the order."),
        "data-wrong": tr.gettext("Not quite. The order is: {order}.").format(order="; ".join(check.order)),
        "data-moved": tr.gettext("{item}: {position} of {count}"),
    }
    up, down = escape(tr.gettext("Move up")), escape(tr.gettext("Move down"))
    items = []
    for item in shown_order(step, index, len(check.order)):
        event = escape(check.order[item])
        # The button's name begins with its visible word and says which event it moves.
        items.append(
            f'<li class="sm-order-item" draggable="true" data-item="{item}"><span class="sm-order-text">{event}</span>'
            f'<button type="button" class="sm-order-move" data-sm-move="-1" aria-label="{up}: {event}">{up}</button>'
            f'<button type="button" class="sm-order-move" data-sm-move="1" aria-label="{down}: {event}">{down}</button>'
            "</li>"
        )
    how = escape(tr.gettext("First at the top. Move the events with the buttons, or drag them."))
    label = escape(tr.gettext("Check my answer"))
    question_id = f"sm-order-{escape(step.id)}-{index}"
    body = (
        f'<p class="sm-check-question" id="{question_id}">{escape(check.question)}</p>'
        f'<p class="sm-check-how">{how}</p>'
        f'<ol class="sm-order" aria-labelledby="{question_id}">{"".join(items)}</ol>'
        '<p class="sm-order-said" aria-live="polite"></p>'
        f'<button type="button" class="sm-check-button" data-sm-order>{label}</button>'
    )
    return attributes, body
