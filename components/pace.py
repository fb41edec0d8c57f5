"""Teacher-paced or student-paced: the presenter's switch and "Bring everyone to this step", and each
follower's step reported for the presenter's roster (components/present.py draws both; the rules and the
roster's lines are story/present/channel.py's and story/present/roster.py's).

A follower's bar (components/follow.js) keeps the step its player shows in the component's state (`at`),
and the name the student typed (`name`); the follower's fragment hands them here on each run, and they are
written to the channel only when one of them changed, under the session id the server knows (never an id
the page names). The presenter's panel reads the roster with each of its runs.
"""

from __future__ import annotations

import contextlib
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from story.format.lessons import find_lesson, lesson_indexes
from story.format.model import Story
from story.present.answers import Answer
from story.present.channel import FOLLOWER_SEEN_S, ChannelDownError, Presented
from story.present.roster import clean_name, furthest_of, roster_lines
from story.present.shared import shared_channel
from story.reader.i18n import Translator

REPORTED_KEY = "present-reported"  # (step, furthest, name) as this follower last told the roster
REPORTED_AT_KEY = "present-reported-at"
NAME_KEY = "present-name"  # the name a follower gave in the join address (`&name=`)


def follower_name() -> str:
    """The name this follower goes by in the roster: the last one typed on the bar, else the join
    address's, else none (the panel then says "Student 7")."""
    reported = st.session_state.get(REPORTED_KEY)
    return reported[2] if reported else st.session_state.get(NAME_KEY, "")


def report_position(story: Story, code: str, presented: Presented | None, bar: object) -> None:
    """Where this follower is (the step its player shows, the furthest it came in the steps played) and
    its name, written to the roster when one of them changes, and at least every FOLLOWER_SEEN_S (the
    roster marks a page quiet for longer as gone)."""
    context = get_script_run_ctx()
    if presented is None or context is None:
        return
    found = find_lesson(story, st.query_params.get("lesson"))
    indexes = lesson_indexes(story, found) if found is not None else range(len(story.steps))
    order = [story.steps[index].id for index in indexes]
    at, typed = getattr(bar, "at", None), getattr(bar, "name", None)
    step = at if isinstance(at, str) and at in order else presented.step
    before = st.session_state.get(REPORTED_KEY)
    name = clean_name(typed) if isinstance(typed, str) else follower_name()
    reported = (step, furthest_of(order, step, before[1] if before else None), name)
    now = time.time()
    if reported == before and now - st.session_state.get(REPORTED_AT_KEY, 0) < FOLLOWER_SEEN_S:
        return
    with contextlib.suppress(ChannelDownError):  # told again at the next run
        shared_channel().report(code, context.session_id, name, reported[0], reported[1])
        st.session_state[REPORTED_KEY], st.session_state[REPORTED_AT_KEY] = reported, now


def class_roster(
    code: str, titles: dict[str, str], given: list[Answer], step: str, tr: Translator
) -> tuple[list[dict], dict[str, str]]:
    """The presenter's roster as the panel draws it: each follower's name, step and furthest as "n of N"
    in the steps presented (`titles`, in order), and how many checks they answered; and each follower's
    name by their id, for the answers' file to name them as the roster does."""
    try:
        positions = shared_channel().roster(code)
    except ChannelDownError:
        return [], {}
    order = list(titles)

    def place(at: int) -> str:
        return tr.gettext("{place} of {count}").format(place=at, count=len(order)) if at else ""

    lines = roster_lines(positions, order, given, step, tr.gettext("Student {number}"), time.time())
    rows = [
        {
            "name": line.name,
            "step": place(line.place),
            "title": titles.get(line.step, ""),
            "furthest": place(line.furthest),
            "answered": line.answered,
            "here": line.with_presenter,
            "gone": "" if line.connected else tr.gettext("(not connected)"),
        }
        for line in lines
    ]
    return rows, {position.follower: line.name for position, line in zip(positions, lines, strict=True)}


def change_pace(code: str, token: str, paced: bool, panel: object, order: list[str]) -> tuple[bool, str | None] | None:
    """The presenter's switch (the panel's `pace`: the class at its own pace, or following) or "Bring
    everyone to this step" (`gather`: the presenter's step, where every follower is moved, following
    again). The new pace and the step gathered at, once the channel has them; None if nothing changed."""
    wanted, gather = getattr(panel, "pace", None), getattr(panel, "gather", None)
    change: tuple[bool, str | None] | None = None
    if isinstance(gather, str) and gather in order:
        change = (False, gather)
    elif isinstance(wanted, bool) and wanted != paced:
        change = (wanted, None)
    if change is None:
        return None
    try:
        return change if shared_channel().pace(code, token, *change) else None
    except ChannelDownError:
        return None
