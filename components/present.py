"""Presenting to a class: the presenter's panel, and a follower kept on the presenter's step.

Presenter and followers meet in a channel (story/present/channel.py: the data folder's SQLite file,
or Redis with QANTAR_REDIS_URL). The presenter's step changes in their browser as always; the panel
sends it to the channel from a fragment of its own. A follower's page has a fragment that runs
every FOLLOW_POLL_S seconds, reads the presenter's step (one small read of the file, or one Redis
call) and hands it to a small component that moves the player in the browser; the cost per
follower is in docs/architecture.md. Speaker notes go only to the presenter's panel.

The join address and QR code lead to the light page (`/view?follow=`, story/server/light.py), which
follows through a stream of server-sent events from the same channel (`shared_channel()`); this
module's follower is the one of `/?follow=<code>`.
"""

from __future__ import annotations

import contextlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import client
from components.language import CHOSEN_KEY, LANGUAGE_KEY
from components.page import render_notice
from components.player import payload
from story.format.lessons import find_lesson, lesson_indexes
from story.format.model import Story
from story.present.channel import LIFETIME_S, Channel, ChannelDownError
from story.present.codes import quoted, read_code
from story.present.limits import Joined, SessionAndAddress, join, shared_wrong_code_budget, start_budget
from story.present.shared import shared_channel
from story.reader.i18n import Translator
from story.reader.qr import qr_svg
from story.reader.sharing import join_link, light_join_link, with_lesson
from story.reader.text import render_markdown

_HERE = Path(__file__).parent
# Drawn into the page (not a shadow root), with the page's styles (components/styles.css).
_presenter_panel = st.components.v2.component(
    "qantar_presenter", js=(_HERE / "present.js").read_text("utf-8"), isolate_styles=False
)
_follow_bar = st.components.v2.component(
    "qantar_follow", js=(_HERE / "follow.js").read_text("utf-8"), isolate_styles=False
)

# A follower's fragment runs every FOLLOW_POLL_S and, in each run, waits up to FOLLOW_WAIT_S for the
# presenter's next step: a change reaches the follower as it happens (a wait is a sleeping thread).
FOLLOW_POLL_S = 0.4
FOLLOW_WAIT_S = 0.25
# The presenter's panel: the count of followers, and a step Redis missed sent again.
PANEL_POLL_S = 2.0
PRESENTING_KEY = "present-presenting"
FOLLOWING_KEY = "present-following"
FOLLOW_READ_KEY = "present-follow-read"
FOLLOW_NOTICE_KEY = "present-follow-notice"
LANGUAGE_CHOSEN_KEY = CHOSEN_KEY
DOWN_AT_KEY = "present-down-at"
SEQ_KEY = "present-seq"
# After the channel was down, how long a follower waits for the presenter to come back before
# it takes an unknown code as an ended presentation.
RETURN_GRACE_S = 4 * PANEL_POLL_S


@dataclass
class Presenting:
    code: str
    token: str
    story: str
    step: str
    language: str
    sent: bool
    changed: float


def channel() -> Channel:
    return shared_channel()


def _join_attempts() -> SessionAndAddress:
    return shared_wrong_code_budget()


@st.cache_resource(show_spinner=False)
def _start_attempts() -> SessionAndAddress:
    return start_budget()


@st.cache_resource(show_spinner=False)
def _session() -> str:
    context = get_script_run_ctx()
    return context.session_id if context else "unknown"


def _client() -> str:
    return client.address()


def _texts(tr: Translator, followers: int = 0) -> dict:
    return {
        "panel": tr.gettext("Presenting to a class"),
        "how": tr.gettext("Students join at this address, or with the QR code:"),
        "code": tr.gettext("Code:"),
        "count": tr.gettext("Following now: {count}").format(count=followers),
        "notes": tr.gettext("Speaker notes"),
        "large": tr.gettext("Large text for the room"),
    }


# --- the presenter --------------------------------------------------------------------------


def resume(saved: str | None, story: Story) -> None:
    """The presenter's browser sent back its saved code and token (a reload): take the presentation again."""
    if not saved or PRESENTING_KEY in st.session_state:
        return
    try:
        stored = json.loads(saved)
        code, token = read_code(str(stored.get("code"))), str(stored.get("token"))[:100]
    except (ValueError, AttributeError):
        return
    if code is None:
        return
    try:
        presented = channel().resume(code, token)
    except ChannelDownError:
        presented = None
    if presented is not None and presented.story == story.id:
        st.session_state[PRESENTING_KEY] = Presenting(
            code, token, story.id, presented.step, presented.language, True, time.time()
        )


def address_lesson(story: Story) -> str | None:
    """The lesson the page's address plays (`?lesson=`), if the story has it: the presentation's too."""
    lesson = find_lesson(story, st.query_params.get("lesson"))
    return lesson.id if lesson else None


def _render_lesson_choice(story: Story, tr: Translator) -> None:
    """The lessons a presenter can present: each opens the page in that lesson (the player reads its lesson
    from the address once), and the class joins inside it."""
    if not story.lessons:
        return
    current = address_lesson(story)
    links = [(None, tr.gettext("The whole story")), *((lesson.id, lesson.title) for lesson in story.lessons)]
    # Relative addresses, as the editor's link: the app may be served under a path.
    shown = []
    for lesson, title in links:
        # Authored text in Markdown: its brackets and stars are the title's, not links or emphasis.
        text = re.sub(r"([\\\[\]*_`])", r"\\\1", title)
        query = f"lesson={lesson}&" if lesson else ""
        shown.append(f"**{text}**" if lesson == current else f"[{text}](?{query}lang={tr.language})")
    st.markdown(tr.gettext("Present: {choices}").format(choices=" · ".join(shown)))


def render_start(story: Story, start_step: str, tr: Translator) -> None:
    """The button that starts a presentation (not shown to a follower or to a presenter)."""
    if PRESENTING_KEY in st.session_state or st.session_state.get(FOLLOWING_KEY):
        return
    _render_lesson_choice(story, tr)
    lesson = find_lesson(story, address_lesson(story))
    if lesson is not None:
        # The presenter's player opens a step outside the lesson on the lesson's first: so does the class.
        steps = [story.steps[i].id for i in lesson_indexes(story, lesson)]
        start_step = start_step if start_step in steps else steps[0]
    if st.button(tr.gettext("Present to a class"), key="present-start", width="stretch"):
        client = _client()
        if not _start_attempts().allow(_session(), client):
            render_notice(tr.gettext("Too many presentations started from here; try again in a few minutes."))
            return
        try:
            code, token = channel().start(story.id, start_step, tr.language, client)
        except ChannelDownError:
            render_notice(tr.gettext("Presenting is not available now: the classroom link cannot be reached."))
            return
        st.session_state[PRESENTING_KEY] = Presenting(code, token, story.id, start_step, tr.language, True, time.time())
        st.rerun()


def is_presenting(story: Story) -> bool:
    presenting = st.session_state.get(PRESENTING_KEY)
    return isinstance(presenting, Presenting) and presenting.story == story.id


def render_presenter(story: Story, tr: Translator) -> None:
    presenting = st.session_state.get(PRESENTING_KEY)
    if not isinstance(presenting, Presenting) or presenting.story != story.id:
        return
    notes = {step.id: render_markdown(step.speaker_notes) for step in story.steps if step.speaker_notes}
    _presenter_fragment(notes, tr, address_lesson(story))


@st.fragment(run_every=PANEL_POLL_S)
def _presenter_fragment(notes: dict[str, str], tr: Translator, lesson: str | None = None) -> None:
    presenting: Presenting | None = st.session_state.get(PRESENTING_KEY)
    if presenting is None:
        return
    base, story_asked = st.context.url or "http://localhost:8501/", st.query_params.get("story")
    # The light page plays the server's own story; a story chosen by the address is followed on this page.
    if story_asked is None:
        address = light_join_link(base, presenting.code, tr.language)
    else:
        address = join_link(base, presenting.code, story_asked)
    # Presenting a lesson: the class plays it too (its counter, its list).
    address = with_lesson(address, lesson)
    problem = None
    try:
        if not presenting.sent or presenting.language != tr.language:
            presenting.language = tr.language
            # A step Redis missed (or Redis came back empty): sent again, the presentation made again.
            revive = presenting.story if time.time() - presenting.changed < LIFETIME_S else None
            presenting.sent = channel().move(presenting.code, presenting.token, presenting.step, tr.language, revive)
        followers = channel().followers(presenting.code)
    except ChannelDownError:
        presenting.sent = False
        followers = 0
        problem = tr.gettext("The classroom link is down: your students stay where they are until it is back.")
    texts = _texts(tr, followers)
    data = {
        "code": presenting.code,
        "token": presenting.token,
        "step": presenting.step,
        "language": tr.language,
        "address": address,
        "qr": qr_svg(address, tr.gettext("QR code of the address to join")),
        "notes": notes,
        "problem": problem,
        "texts": texts,
    }
    result = _presenter_panel(key="present-panel", data=payload(data), on_step_change=lambda: None)
    moved = getattr(result, "step", None)
    if isinstance(moved, str) and moved != presenting.step:
        presenting.step, presenting.changed = moved[:100], time.time()
        try:
            presenting.sent = channel().move(presenting.code, presenting.token, presenting.step, tr.language)
        except ChannelDownError:
            presenting.sent = False
    if st.button(tr.gettext("End the presentation"), key="present-end"):
        with contextlib.suppress(ChannelDownError):  # if not now, it ends 3 hours after its last change
            channel().end(presenting.code, presenting.token)
        del st.session_state[PRESENTING_KEY]
        _presenter_panel(key="present-panel-ended", data=payload({"ended": True}))
        st.rerun(scope="app")


# --- a follower -----------------------------------------------------------------------------


def read_follow_address(story: Story, tr: Translator) -> None:
    """`?follow=<code>`, read on a session's first run only (like `step`): follow, or say why not."""
    if st.session_state.get(FOLLOW_READ_KEY):
        return
    st.session_state[FOLLOW_READ_KEY] = True
    typed = st.query_params.get("follow")
    if typed is None:
        return
    code = read_code(typed)
    notice = None
    if code is None:
        notice = tr.gettext("“{code}” is not a classroom code; the story plays as usual.").format(code=quoted(typed))
    else:
        # A live code is followed whatever the budgets say; an ended one is no wrong guess (limits.py).
        try:
            answer = join(channel(), code, _join_attempts(), _session(), _client())
        except ChannelDownError:
            answer = None
            notice = tr.gettext("The classroom link cannot be reached now; the story plays as usual.")
        presented = answer.presented if answer else None
        if answer is not None and answer.outcome is Joined.ENDED:
            notice = tr.gettext("The presentation has ended; the story is yours to explore.")
        elif answer is not None and answer.outcome is Joined.LIMITED:
            notice = tr.gettext("Too many codes tried from here; wait a minute, then open the address again.")
        elif answer is not None and answer.outcome is Joined.UNKNOWN:
            notice = tr.gettext(
                "No presentation with the code {code} is running: it has ended, or the code is mistyped. "
                "The story plays as usual."
            ).format(code=code)
        elif presented is not None and presented.story != story.id:
            notice = tr.gettext("The code {code} is for another story; this one plays as usual.").format(code=code)
        elif presented is not None:
            st.session_state[FOLLOWING_KEY] = code
            if presented.language != tr.language and not st.session_state.get(LANGUAGE_CHOSEN_KEY):
                # In the presenter's language (the viewer has chosen none yet on this page).
                st.session_state[LANGUAGE_KEY] = presented.language
                st.rerun()
    if notice:
        st.session_state[FOLLOW_NOTICE_KEY] = notice


def render_follow_notice() -> None:
    notice = st.session_state.get(FOLLOW_NOTICE_KEY)
    if notice:
        render_notice(notice)


def following_step() -> str | None:
    """The presenter's step, for the step a follower's page opens on."""
    code = st.session_state.get(FOLLOWING_KEY)
    if not code:
        return None
    try:
        presented = channel().current(code)
    except ChannelDownError:
        return None
    return presented.step if presented else None


def render_follower(tr: Translator) -> None:
    if st.session_state.get(FOLLOWING_KEY):
        _follow_fragment(tr)


@st.fragment(run_every=FOLLOW_POLL_S)
def _follow_fragment(tr: Translator) -> None:
    code = st.session_state.get(FOLLOWING_KEY)
    if not code:
        return
    context = get_script_run_ctx()
    down = False
    try:
        # Waits (a little less than the time to the next run) for the presenter's next step: a change
        # is passed on as it happens, not at the next run.
        presented = channel().wait(code, st.session_state.get(SEQ_KEY), FOLLOW_WAIT_S)
        channel().seen(code, context.session_id if context else _client())
    except ChannelDownError:
        presented, down = None, True
        st.session_state[DOWN_AT_KEY] = time.time()
    if presented is None and not down and time.time() - st.session_state.get(DOWN_AT_KEY, 0) < RETURN_GRACE_S:
        # Redis came back empty: the presenter's page makes the presentation again within
        # PANEL_POLL_S; until then it is not "ended".
        down = True
    if presented is None and not down:
        del st.session_state[FOLLOWING_KEY]
        st.session_state[FOLLOW_NOTICE_KEY] = tr.gettext("The presentation has ended; the story is yours to explore.")
        st.rerun(scope="app")
    if presented is not None and presented.language != tr.language and not st.session_state.get(LANGUAGE_CHOSEN_KEY):
        # In the presenter's language, unless this viewer chose one.
        st.session_state[LANGUAGE_KEY] = presented.language
        st.rerun(scope="app")
    if presented is not None:
        st.session_state[SEQ_KEY] = presented.seq
    data = {
        "step": presented.step if presented else None,
        "seq": presented.seq if presented else None,
        "changed": presented.changed if presented else None,
        "down": down,
        "texts": {
            "following": tr.gettext("Following the presenter."),
            "exploring": tr.gettext("Exploring on my own."),
            "again": tr.gettext("Follow again"),
            "down": tr.gettext("Lost touch with the presenter; following again as soon as the link is back."),
        },
    }
    _follow_bar(key="present-follow", data=payload(data))
