"""The timeline strip: where the current step sits in time; click to jump along it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import streamlit as st

from story.format.model import Story
from story.reader.i18n import Translator
from story.reader.timeline import timeline

_HERE = Path(__file__).parent
_timeline = st.components.v2.component(
    "story_timeline",
    js=(_HERE / "timeline.js").read_text(encoding="utf-8"),
    css=(_HERE / "timeline.css").read_text(encoding="utf-8"),
)
TIMELINE_KEY = "story-timeline"


def render_timeline(
    story: Story,
    tr: Translator,
    go_to_step: Callable[[str], None],
    catch_up: Callable[[str | None], None],
) -> None:
    first_year, last_year, points = timeline(story, tr.language)

    def on_jump() -> None:
        result = st.session_state.get(TIMELINE_KEY) or {}
        step_id = result.get("jump")
        if step_id and story.index_of(step_id) is not None:
            go_to_step(step_id)

    result = _timeline(
        key=TIMELINE_KEY,
        data={
            "label": tr.gettext("Timeline"),
            "first_year": first_year,
            "last_year": last_year,
            "points": [asdict(point) for point in points],
        },
        on_jump_change=on_jump,
        height=44,
    )
    jump = getattr(result, "jump", None)
    catch_up(jump if isinstance(jump, str) and story.index_of(jump) is not None else None)
