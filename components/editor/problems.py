"""The checker's problems at the top of the editor, each a button that opens its step and puts the
caret in its field (the focus is moved by editor_focus.js once the page is drawn)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from components.editor.forms import problem_text
from components.editor.keys import FIELDS_KEY, FOCUS_KEY, STEP_KEY, STORY_OPEN_KEY
from components.player import payload
from story.editor.forms import widget_for
from story.format.problems import Problem
from story.reader.i18n import Translator

SHOWN_PROBLEMS = 60
_focus = st.components.v2.component(
    "qantar_editor_focus",
    js=(Path(__file__).parents[1] / "editor_focus.js").read_text("utf-8"),
    isolate_styles=False,
)


def render(found: list[Problem], plays: bool, tr: Translator, tree: Mapping[str, Any]) -> None:
    """How many problems and whether the story plays with them; the first SHOWN_PROBLEMS as buttons, each
    saying where (the step by its number and title, the field by its label) and what, in the reader's language."""
    if not found:
        st.success(tr.gettext("The checker finds no problem: the story plays."))
        return
    if plays:  # only its pictures, videos and sounds: the story plays without what they name
        st.warning(
            tr.gettext("{count} problems: the story plays, but without the files they name.").format(count=len(found))
        )
    else:
        st.warning(
            tr.gettext(
                "{count} problems: the story can be downloaded as a draft, but it will not play until they are fixed."
            ).format(count=len(found))
        )
    # Each problem a button that opens its step and puts the caret in its field.
    for number, problem in enumerate(found[:SHOWN_PROBLEMS]):
        # Shown as written: a message may quote a name such as __pycache__, which Markdown would embolden.
        label = re.sub(r"([\\`*_~<])", r"\\\1", problem_text(problem, tree, tr))
        # Taken before the run, which then draws the step with the field (one run, not two).
        st.button(
            label,
            key=f"ed-goto-{number}",
            type="tertiary",
            help=tr.gettext("Go to the field"),
            on_click=_go_to,
            args=(problem.field,),
        )
    if len(found) > SHOWN_PROBLEMS:
        st.caption(tr.gettext("and {count} more").format(count=len(found) - SHOWN_PROBLEMS))


def go_to_field() -> None:
    """The caret into the field a problem's button named (after the page has drawn its widget)."""
    target = st.session_state.pop(FOCUS_KEY, None)
    key = widget_for(str(target), st.session_state.get(FIELDS_KEY, {})) if target else None
    _focus(key="ed-focus", data=payload(key or ""))


def _go_to(field: str) -> None:
    step = re.match(r"steps\[(\d+)\]", field)
    if step:
        st.session_state[STEP_KEY] = int(step.group(1))
    else:  # a field of the story's own section, drawn only while it is open
        st.session_state[STORY_OPEN_KEY] = True
    st.session_state[FOCUS_KEY] = field
