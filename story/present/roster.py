"""Who is where: the presenter's roster of a class going at its own pace.

A follower's page reports its step (story/present/channel.py, `Channel.report`), keyed by its session as
the server knows it; this module turns those reports and the class's answers into the lines the
presenter's panel shows: a name (the one the student typed, or "Student 7"), the step they are on and
the furthest they came, each as "n of N" in the steps presented, and how many checks they answered.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from story.present.answers import Answer
from story.present.channel import FOLLOWER_SEEN_S, Position

NAME_MAX = 40
# A follower's page reports at least every FOLLOWER_SEEN_S (components/pace.py); one quiet for this long
# has closed its page or lost the network, and stays on the roster marked so.
QUIET_S = 3 * FOLLOWER_SEEN_S


def clean_name(typed: object) -> str:
    """A name as a student typed it, as it is kept: one line, no control or format characters, spaces
    squeezed, at most NAME_MAX characters; anything but text is no name."""
    if not isinstance(typed, str):
        return ""
    # Bounded before it is read character by character: a megabyte of name costs nothing.
    kept = "".join(" " if unicodedata.category(char)[0] in "CZ" else char for char in typed[: NAME_MAX * 4])
    return " ".join(kept.split())[:NAME_MAX].strip()


def furthest_of(order: list[str], step: str, before: str | None) -> str:
    """The furthest of `step` and `before` in the steps presented (`order`): how far a follower came."""
    if before is None or before not in order:
        return step
    if step not in order:
        return before
    return step if order.index(step) > order.index(before) else before


@dataclass(frozen=True)
class RosterLine:
    name: str
    step: str
    place: int  # 1-based in the steps presented; 0 for a step outside them
    furthest: int
    answered: int
    with_presenter: bool
    connected: bool


def roster_lines(
    positions: Iterable[Position],
    order: list[str],
    answers: Iterable[Answer],
    presenter_step: str,
    unnamed: str,
    now: float,
) -> list[RosterLine]:
    """The roster's lines, in the order the followers came. `unnamed` is the name of one who typed
    none, with `{number}` in it ("Student {number}")."""
    answered = Counter(answer.follower for answer in answers)
    places = {step: index + 1 for index, step in enumerate(order)}
    return [
        RosterLine(
            name=position.name or unnamed.format(number=position.number),
            step=position.step,
            place=places.get(position.step, 0),
            furthest=places.get(position.furthest, 0),
            answered=answered[position.follower],
            with_presenter=position.step == presenter_step,
            connected=now - position.at <= QUIET_S,
        )
        for position in positions
    ]


def named(answers: list[Answer], names: dict[str, str]) -> list[Answer]:
    """The answers with each student named as the roster names them (`names`, by follower), unless the
    answer came with a name of its own."""
    return [answer if answer.name else replace(answer, name=names.get(answer.follower, "")) for answer in answers]
