"""The step list: which step is edited, and the buttons that add, copy, move and delete steps."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from functools import partial

import streamlit as st

from components.editor.context import EditorContext
from components.editor.keys import STEP_KEY
from components.editor.session import add_step
from story.reader.text import escape

# The step whose deletion is asked (its index and id): a widget's state, dropped with the draft.
DELETE_ASKED_KEY = "ed-delete-asked"


def render(ctx: EditorContext) -> int | None:
    """The index of the step being edited (None for a story without steps, with a button that adds one)."""
    draft, tr = ctx.draft, ctx.tr
    st.subheader(tr.gettext("Steps"))
    ids = draft.step_ids()
    if not ids:
        ctx.button(st, tr.gettext("Add a step"), key="ed-add-first", act=lambda live: _edit(add_step(live.draft, tr)))
        return None
    index = min(int(st.session_state.get(STEP_KEY, 0)), len(ids) - 1)
    titles = [f"{number}. {step.get('title', '')}" for number, step in enumerate(draft.steps, start=1)]
    choice_key = f"ed-choice-{len(ids)}-{index}-{zlib.crc32(chr(0).join(titles).encode()):08x}"
    st.selectbox(
        tr.gettext("Step being edited"),
        range(len(ids)),
        index=index,
        format_func=titles.__getitem__,
        # A new list when a title changes: Streamlit would otherwise keep showing the old title.
        key=choice_key,
        # Taken before the run, which then draws the step chosen (never a run that draws the old one first).
        on_change=_chosen_step,
        args=(choice_key,),
    )
    buttons = st.columns(6)

    def delete(live: EditorContext) -> None:
        # Asked first: a press deletes nothing, so a second press never deletes the next step.
        edited = _edited(live)
        if len(live.draft.steps) > 1:  # a story keeps at least one step
            st.session_state[DELETE_ASKED_KEY] = (edited, live.draft.step_ids()[edited])

    # Each on the step edited when the press is acted on: three quick presses of Add a step add three
    # steps, each after the one the last press added.
    actions: list[tuple[str, Callable[[EditorContext], int | None]]] = [
        (tr.gettext("Add a step"), lambda live: add_step(live.draft, tr, _edited(live))),
        (tr.gettext("Duplicate"), lambda live: live.draft.duplicate_step(_edited(live))),
        (tr.gettext("Move up"), lambda live: live.draft.move_step(_edited(live), -1)),
        (tr.gettext("Move down"), lambda live: live.draft.move_step(_edited(live), 1)),
        (tr.gettext("Delete"), delete),
        (tr.gettext("Undo delete"), lambda live: live.draft.undo_delete() if live.draft.undo else None),
    ]
    for column, (label, action) in zip(buttons, actions, strict=True):
        ctx.button(column, label, key=f"ed-step-{label}", width="stretch", act=partial(_acted, action))
    asked = st.session_state.get(DELETE_ASKED_KEY)
    if asked == (index, ids[index]):
        _ask_delete(ctx, index)
    elif asked is not None:  # asked of another step, since left: not asked again on coming back
        del st.session_state[DELETE_ASKED_KEY]
    return index


def _ask_delete(ctx: EditorContext, index: int) -> None:
    """The question a press of *Delete* asks, for the step it was pressed on: delete it, or keep it."""
    draft, tr = ctx.draft, ctx.tr
    title = str(draft.step(index).get("title", ""))
    with st.container(border=True):
        question = tr.gettext("Delete step {number} “{title}”?").format(number=index + 1, title=title)
        st.warning(escape(question))  # an alert: a screen reader says it as it appears
        st.caption(tr.gettext("*Undo delete* brings it back."))
        yes, no = st.columns(2)
        asked = (index, draft.step_ids()[index])
        yes_label = tr.gettext("Delete step {number}").format(number=index + 1)
        ctx.button(yes, yes_label, key="ed-delete-yes", type="primary", act=lambda live: _delete(live, asked))
        ctx.button(no, tr.gettext("Cancel"), key="ed-delete-no", keep=False, act=lambda _: _not_asked())


def _chosen_step(choice_key: str) -> None:
    # Only a list still on the page: Streamlit may report a change of a list drawn under an older key
    # (a title changed since), whose value the session no longer holds.
    chosen = st.session_state.get(choice_key)
    if isinstance(chosen, int):
        _edit(chosen)


def _edited(ctx: EditorContext) -> int:
    return max(0, min(int(st.session_state.get(STEP_KEY, 0)), len(ctx.draft.steps) - 1))


def _edit(index: int) -> None:
    st.session_state[STEP_KEY] = index


def _acted(action: Callable[[EditorContext], int | None], ctx: EditorContext) -> None:
    # The step the action leaves to be edited (the one it made, moved, or came back to).
    index = action(ctx)
    if index is not None:
        _edit(index)


def _delete(ctx: EditorContext, asked: tuple[int, str]) -> None:
    # Only the step the question was asked of, and only while it is asked: a second press of Yes,
    # come before the page lost the button, deletes nothing more.
    if st.session_state.get(DELETE_ASKED_KEY) != asked or ctx.draft.step_ids()[asked[0] : asked[0] + 1] != [asked[1]]:
        return
    _not_asked()
    ctx.draft.delete_step(asked[0])
    _edit(max(0, asked[0] - 1))


def _not_asked() -> None:
    st.session_state.pop(DELETE_ASKED_KEY, None)
