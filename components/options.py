"""The viewer's options: motion."""

from __future__ import annotations

import streamlit as st

from story.map.state import Motion
from story.reader.i18n import Translator

REDUCE_MOTION_KEY = "reduce_motion"
_TOUCHED_KEY = "reduce_motion_touched"


def _touched() -> None:
    st.session_state[_TOUCHED_KEY] = True


def motion(system_reduced: bool | None) -> Motion:
    """How the map moves: the viewer's toggle if set, else the system's preference."""
    if not st.session_state.get(_TOUCHED_KEY) and system_reduced is not None:
        st.session_state[REDUCE_MOTION_KEY] = system_reduced
    if REDUCE_MOTION_KEY not in st.session_state:
        return "system"
    return "reduce" if st.session_state[REDUCE_MOTION_KEY] else "full"


def render_motion_toggle(tr: Translator) -> None:
    st.toggle(
        tr.gettext("Reduce motion"),
        key=REDUCE_MOTION_KEY,
        on_change=_touched,
        help=tr.gettext("Move the map instantly between steps instead of flying."),
    )
