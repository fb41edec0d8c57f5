"""The step list: which step is edited, and the buttons that add, copy, move and delete steps."""

from __future__ import annotations

import zlib

import streamlit as st

from components.editor.context import EditorContext
from components.editor.keys import STEP_KEY


def render(ctx: EditorContext) -> int | None:
    """The index of the step being edited (None for a story without steps, with a button that adds one)."""
    draft, tr = ctx.draft, ctx.tr
    st.subheader(tr.gettext("Steps"))
    ids = draft.step_ids()
    if not ids:
        if st.button(tr.gettext("Add a step"), key="ed-add-first"):
            st.session_state[STEP_KEY] = draft.add_step()
            ctx.keep()
            st.rerun()
        return None
    index = min(int(st.session_state.get(STEP_KEY, 0)), len(ids) - 1)
    titles = [f"{number}. {step.get('title', '')}" for number, step in enumerate(draft.steps, start=1)]
    chosen = st.selectbox(
        tr.gettext("Step being edited"),
        range(len(ids)),
        index=index,
        format_func=titles.__getitem__,
        # A new list when a title changes: Streamlit would otherwise keep showing the old title.
        key=f"ed-choice-{len(ids)}-{index}-{zlib.crc32(chr(0).join(titles).encode()):08x}",
    )
    if chosen != index:
        st.session_state[STEP_KEY] = chosen
        st.rerun()
    buttons = st.columns(6)

    def delete() -> int:
        if len(ids) <= 1:  # a story keeps at least one step
            return index
        draft.delete_step(index)
        return max(0, index - 1)

    actions = [
        (tr.gettext("Add a step"), lambda: draft.add_step(index)),
        (tr.gettext("Duplicate"), lambda: draft.duplicate_step(index)),
        (tr.gettext("Move up"), lambda: draft.move_step(index, -1)),
        (tr.gettext("Move down"), lambda: draft.move_step(index, 1)),
        (tr.gettext("Delete"), delete),
        (tr.gettext("Undo delete"), lambda: draft.undo_delete() if draft.undo else index),
    ]
    for column, (label, action) in zip(buttons, actions, strict=True):
        if column.button(label, key=f"ed-step-{label}", width="stretch"):
            st.session_state[STEP_KEY] = action()
            ctx.keep()
            st.rerun()
    return index
