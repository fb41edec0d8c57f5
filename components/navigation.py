"""Moving through the story: Previous/Next, the step list, and the step's address."""

from __future__ import annotations

import streamlit as st

from story.format.model import Story
from story.reader.i18n import Translator
from story.reader.narrative import step_counter
from story.reader.navigation import resolve_step

STEP_KEY = "step_id"
STORY_KEY = "story_id"
NOTICE_KEY = "step_notice"
STEP_LIST_KEY = "step-list"
MOVED_KEY = "step_moved"
REFUSED_STORY_KEY = "refused_story"


def go_to_step(step_id: str) -> None:
    """Widget callback: show `step_id` on this rerun."""
    st.session_state[STEP_KEY] = step_id
    st.session_state[MOVED_KEY] = True
    # Notices about the address are answered once the viewer moves on.
    st.session_state.pop(NOTICE_KEY, None)
    st.session_state.pop(REFUSED_STORY_KEY, None)


def shown_index(story: Story, fallback: int) -> int:
    """The step on screen now, for callbacks.

    A callback registered by a run that a later click cut short belongs to an older step:
    keys and map clicks move from the step the viewer sees, not from that one.
    """
    index = story.index_of(st.session_state.get(STEP_KEY, ""))
    return fallback if index is None else index


def step_by(story: Story, offset: int, fallback: int) -> None:
    """Button callback: move `offset` steps from the step on screen (fast double clicks count twice)."""
    target = max(0, min(shown_index(story, fallback) + offset, len(story.steps) - 1))
    go_to_step(story.steps[target].id)


def catch_up(step_id: str | None) -> None:
    """Act on a click whose callback did not run, and show its step.

    After the server restarts, the page reconnects to a new session that has never run
    the script, so it knows none of the callbacks: without this, the viewer's first
    click would only rerun the script on the same step.
    """
    if step_id is None or st.session_state.get(MOVED_KEY):
        return
    go_to_step(step_id)
    st.rerun()


def end_of_run() -> None:
    """Forget that a callback moved the story, before the next run's callbacks."""
    st.session_state.pop(MOVED_KEY, None)


def current_step(story: Story) -> int:
    """The step to show: the address's on a new page, then wherever the viewer went."""
    state = st.session_state
    if state.get(STORY_KEY) != story.id or story.index_of(state.get(STEP_KEY, "")) is None:
        choice = resolve_step(story, st.query_params.get_all("step"))
        state[STORY_KEY] = story.id
        state[STEP_KEY] = story.steps[choice.index].id
        if choice.unknown_request is not None:
            state[NOTICE_KEY] = choice.unknown_request
    index = story.index_of(state[STEP_KEY]) or 0
    # Replacing the value updates the address bar without a history entry per step.
    if st.query_params.get("step") != story.steps[index].id or len(st.query_params.get_all("step")) > 1:
        st.query_params["step"] = story.steps[index].id
    return index


def unknown_step_notice() -> str | None:
    return st.session_state.get(NOTICE_KEY)


def render_navigation(story: Story, index: int, tr: Translator) -> None:
    total = len(story.steps)
    with st.container(key="story-nav"):
        previous_col, counter_col, next_col = st.columns([1, 1.2, 1], vertical_alignment="center")
        previous_id, next_id = story.steps[max(index - 1, 0)].id, story.steps[min(index + 1, total - 1)].id
        previous_clicked = previous_col.button(
            tr.gettext("Previous"),
            key="nav-previous",
            disabled=index == 0,
            on_click=step_by,
            args=(story, -1, index),
            width="stretch",
        )
        counter_col.html(f'<p class="sm-counter" aria-live="off">{step_counter(index, total, tr)}</p>')
        next_clicked = next_col.button(
            tr.gettext("Next"),
            key="nav-next",
            disabled=index == total - 1,
            on_click=step_by,
            args=(story, 1, index),
            type="primary",
            width="stretch",
        )
    catch_up(previous_id if previous_clicked else next_id if next_clicked else None)
    # One list per step and language (the key names both), showing that step: a list
    # whose value the script set would, in a run cut short by the next click, send its
    # old value back as a "change" and pull the story back to where it was. Streamlit
    # reports a list's choice by its label, so the labels' language is part of the key.
    ids = [step.id for step in story.steps]
    titles = {step.id: f"{number}. {step.title}" for number, step in enumerate(story.steps, start=1)}
    list_key = f"{STEP_LIST_KEY}-{tr.language}-{ids[index]}"

    def on_pick() -> None:
        picked = st.session_state.get(list_key)
        if picked in titles:
            go_to_step(picked)

    picked = st.selectbox(
        tr.gettext("Jump to step"),
        options=ids,
        index=index,
        format_func=titles.__getitem__,
        key=list_key,
        on_change=on_pick,
    )
    catch_up(picked if picked in titles and picked != ids[index] else None)
