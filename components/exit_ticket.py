"""The exit ticket while presenting: one written question the presenter asks the class at any step.

The presenter types it on the panel ("Ask the class") and closes it when the class is done; the
answers come back to the presenter's panel only. A follower's page gets the question and its own
answer, never another student's (components/follow.js draws the box over the story). The question is
read again only when the presentation changes: asking and closing move the presentation, as showing
the answers to the room does, so 30 followers do not read the store with each of their runs.
"""

from __future__ import annotations

import contextlib
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from story.present.answers import QUESTION_MAX, WRITTEN_MAX, Answer, Recorded, Ticket, written_answers
from story.present.channel import Channel, ChannelDownError
from story.present.shared import shared_answers
from story.reader.i18n import Translator

TICKET_KEY = "present-ticket"  # (the presentation's seq, the ticket then) on a follower's page
WRITTEN_KEY = "present-written"  # on a follower's page: {ticket number: the answer the server kept}


def render_presenter_ticket(code: str, token: str, step: str, language: str, channel: Channel, tr: Translator) -> None:
    """The panel's part: the question open and its answers, or a box to ask one."""
    try:
        ticket = shared_answers().ticket(code)
        # All the answers: each student named as in the CSV file (Student n in the order of their first).
        given = shared_answers().answers(code) if ticket else []
    except ChannelDownError:
        return
    if ticket is not None:
        st.markdown("**" + tr.gettext("Question to the class:") + "**")
        st.text(ticket.question)
        rows = written_answers(given, ticket)
        st.caption(tr.gettext("Written answers: {count}").format(count=len(rows)))
        # As plain text: a student's answer is never read as Markdown (a link, an image that calls out).
        for who, text in rows:
            st.text(f"{who}: {text}")
    if ticket is not None and ticket.open:
        if st.button(tr.gettext("Close the question"), key="present-ticket-close"):
            _change(code, token, step, language, channel, lambda: shared_answers().close(code))
        return
    with st.form("present-ticket-ask", clear_on_submit=True, border=False):
        question = st.text_area(
            tr.gettext("A written question for the class (only you see the answers)"),
            max_chars=QUESTION_MAX,
            key="present-ticket-question",
        )
        asked = st.form_submit_button(tr.gettext("Ask the class"))
    if asked and question.strip():
        _change(code, token, step, language, channel, lambda: shared_answers().ask(code, question))


def _change(code: str, token: str, step: str, language: str, channel: Channel, change) -> None:
    with contextlib.suppress(ChannelDownError):
        change()
        # The same step again: every follower's next read sees a change, and only then reads the ticket.
        channel.move(code, token, step, language)
    st.rerun(scope="fragment")


def follower_ticket(code: str, seq: int | None, room: bool, tr: Translator) -> dict | None:
    """What a follower's page shows of the exit ticket: the question, whether it is open, and this
    follower's own answer. The room's screen shows the open question alone, for the class to read (no
    one types there, and no answer is shown). None when none was asked."""
    if seq is None:
        return None
    read = st.session_state.get(TICKET_KEY)
    if read is None or read[0] != seq:
        try:
            read = (seq, shared_answers().ticket(code))
        except ChannelDownError:
            read = (None, None)
        st.session_state[TICKET_KEY] = read
    ticket: Ticket | None = read[1]
    if ticket is None or (room and not ticket.open):
        return None
    if room:
        texts = {"heading": tr.gettext("A question from the presenter")}
        return {"number": ticket.number, "question": ticket.question, "open": True, "room": True, "texts": texts}
    mine = st.session_state.get(WRITTEN_KEY, {}).get(ticket.number, "")
    return {
        "number": ticket.number,
        "question": ticket.question,
        "open": ticket.open,
        "mine": mine,
        "max": WRITTEN_MAX,
        "texts": {
            "heading": tr.gettext("A question from the presenter"),
            "label": tr.gettext("Your answer (the presenter sees it, the class does not)"),
            "send": tr.gettext("Send"),
            "sent": tr.gettext("Sent. You can change it until the presenter closes the question."),
            "closed": tr.gettext("The presenter has closed the question."),
        },
    }


def record_written(code: str, sent: object) -> None:
    """A follower's written answer (the follow component's trigger), kept in place of their last if it
    answers the open question; anything else is dropped."""
    if not isinstance(sent, dict):
        return
    number, text = sent.get("number"), sent.get("text")
    context = get_script_run_ctx()
    if not isinstance(number, int) or not isinstance(text, str) or not text.strip() or context is None:
        return
    # The follower is this page's session, as the server knows it: never an id the page names.
    answer = Answer(context.session_id, "", 0, text[: WRITTEN_MAX * 4], None, time.time())
    try:
        kept = shared_answers().write(code, number, answer)
    except ChannelDownError:
        return
    if kept is Recorded.KEPT:
        written = st.session_state.setdefault(WRITTEN_KEY, {})
        written[number] = text.replace("\r\n", "\n").strip()[:WRITTEN_MAX]
    elif kept is Recorded.CLOSED:
        # Closed since the page last heard: read the ticket again at the next run.
        st.session_state.pop(TICKET_KEY, None)
