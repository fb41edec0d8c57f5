"""The page helper: keyboard shortcuts, focus on the new step, motion preference, addresses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from components.navigation import shown_index
from story.format.model import Story

_JS = Path(__file__).with_name("browser.js").read_text(encoding="utf-8")
_helper = st.components.v2.component("story_helper", js=_JS, html="<span hidden></span>")

HELPER_KEY = "story-helper"


def key_target(story: Story, index: int, action: str | None) -> int | None:
    """The step a keyboard action leads to, or None when it leads nowhere."""
    last = len(story.steps) - 1
    targets = {"next": min(index + 1, last), "previous": max(index - 1, 0), "first": 0, "last": last}
    return targets.get(action or "")


def render_helper(
    story: Story,
    index: int,
    language: str,
    title_id: str,
    go_to_step: Callable[[str], None],
    catch_up: Callable[[str | None], None],
) -> bool | None:
    """Mount the helper; return the viewer's system reduced-motion preference once known."""

    def on_key() -> None:
        result = st.session_state.get(HELPER_KEY) or {}
        now = shown_index(story, index)
        target = key_target(story, now, result.get("key"))
        if target is not None and target != now:
            go_to_step(story.steps[target].id)

    step = story.steps[index]
    result = _helper(
        key=HELPER_KEY,
        data={"step": step.id, "title": step.title, "title_id": title_id, "lang": language},
        on_key_change=on_key,
        on_reduced_motion_change=lambda: None,
        height=0,
    )
    target = key_target(story, index, getattr(result, "key", None))
    catch_up(story.steps[target].id if target is not None and target != index else None)
    return getattr(result, "reduced_motion", None)
