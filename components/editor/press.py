"""The editor's buttons whose run shows what the press did (a file saved, opened or refused, a picture
added or refused), each press kept until the page has acted on it.

Most of the editor's buttons act in their callbacks instead (`EditorContext.button`,
components/editor/context.py): one run then draws the result. These cannot, as what they say is drawn
in the run. A Streamlit button is True only in the run its press starts; when another press comes
while that run is still on its way to the button, Streamlit stops the run and starts the next with
the new press only. Here a press is also noted in the session by the button's callback, which
Streamlit calls before the page's script starts, so a run cut short leaves it for the next run.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

PENDING_KEY = "editor-pressed"  # the keys of buttons pressed whose press the page has not yet acted on


def _note(key: str) -> None:
    pending = st.session_state.get(PENDING_KEY)
    st.session_state[PENDING_KEY] = {*(pending or ()), key}


def pressed(place: Any, label: str, *, key: str, **options: Any) -> bool:
    """`place.button(label, key=key, ...)`: True in the first run that reaches the button after it was
    pressed, however many runs were cut short before. `place` is `st` or a container."""
    clicked = bool(place.button(label, key=key, on_click=_note, args=(key,), **options))
    pending: set[str] = st.session_state.get(PENDING_KEY) or set()
    if key in pending:
        st.session_state[PENDING_KEY] = pending - {key}
        return True
    return clicked


def forget_presses() -> None:
    """At the end of a run that drew the whole page: a press still noted was made on a button this
    page no longer has (a Delete step's Yes after the step went), and never acts later."""
    st.session_state.pop(PENDING_KEY, None)
