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
import itertools
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit import config
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import answer_files, client
from components.class_answers import class_answers, find_targets
from components.exit_ticket import follower_ticket, record_written, render_presenter_ticket
from components.language import CHOSEN_KEY, LANGUAGE_KEY
from components.pace import NAME_KEY, change_pace, class_roster, follower_name, report_position
from components.page import render_notice
from components.player import payload
from story.format.lessons import find_lesson, lesson_indexes
from story.format.model import Check, Story
from story.present.address import JoinBase, Unreachable, join_base, network_address
from story.present.answers import Answer
from story.present.channel import LIFETIME_S, Channel, ChannelDownError, Presented
from story.present.codes import quoted, read_code
from story.present.limits import (
    Joined,
    SessionAndAddress,
    join,
    shared_answer_budget,
    shared_wrong_code_budget,
    start_budget,
)
from story.present.roster import clean_name
from story.present.shared import shared_answers, shared_channel
from story.reader.answers import judge_answer
from story.reader.i18n import Translator
from story.reader.qr import qr_svg
from story.reader.sharing import join_link, join_page_link, light_join_link, room_link, with_lesson
from story.reader.text import render_markdown

_HERE = Path(__file__).parent
# Drawn into the page (not a shadow root), with the page's styles (components/styles.css).
# Both draw the class's answers with the same script (class_answers.js), put before their own.
_ANSWERS_JS = (_HERE / "class_answers.js").read_text("utf-8")
_presenter_panel = st.components.v2.component(
    "qantar_presenter", js=_ANSWERS_JS + "\n" + (_HERE / "present.js").read_text("utf-8"), isolate_styles=False
)
_follow_bar = st.components.v2.component(
    "qantar_follow", js=_ANSWERS_JS + "\n" + (_HERE / "follow.js").read_text("utf-8"), isolate_styles=False
)

# A follower's fragment runs every FOLLOW_POLL_S and, in each run, waits up to FOLLOW_WAIT_S for the
# presenter's next step: a change reaches the follower as it happens (a wait is a sleeping thread).
FOLLOW_POLL_S = 0.4
FOLLOW_WAIT_S = 0.25
# The presenter's panel: the count of followers, the class's answers and the roster, each within a
# second of a change (issue 32's goal); a step Redis missed sent again.
PANEL_POLL_S = 0.5
PRESENTING_KEY = "present-presenting"
FOLLOWING_KEY = "present-following"
FOLLOW_READ_KEY = "present-follow-read"
FOLLOW_NOTICE_KEY = "present-follow-notice"
LANGUAGE_CHOSEN_KEY = CHOSEN_KEY
DOWN_AT_KEY = "present-down-at"
SEQ_KEY = "present-seq"
SHOWN_KEY = "present-shown"  # (the presentation's seq, the step whose answers the room was shown then)
# `?screen=room` beside `?follow=`: the screen the room sees (a projector), opened from the presenter's panel.
ROOM_KEY = "present-room"
ROOM_SCREEN = "room"
# After the channel was down, how long a follower waits for the presenter to come back before
# it takes an unknown code as an ended presentation.
RETURN_GRACE_S = 8.0


@dataclass
class Presenting:
    code: str
    token: str
    story: str
    step: str
    language: str
    sent: bool
    changed: float
    paced: bool = False  # student-paced: the class moves on its own, the panel shows who is where


def channel() -> Channel:
    return shared_channel()


def _join_attempts() -> SessionAndAddress:
    return shared_wrong_code_budget()


@st.cache_resource(show_spinner=False)
def _start_attempts() -> SessionAndAddress:
    return start_budget()


def _session() -> str:
    # This page's own session, asked each time: a cached one would make every teacher of the process
    # one session, and the eleventh presentation in ten minutes anywhere would be refused.
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
        "joinPage": tr.gettext("Or type the code at:"),
        "showQr": tr.gettext("Show the QR code to the room"),
        "hideQr": tr.gettext("Hide the QR code"),
        "qrDialog": tr.gettext("Join the class"),
        "room": tr.gettext("Open the screen for the room"),
        "roomHelp": tr.gettext(
            "Put that window on the projector: it shows the story on your step, without your notes or controls."
        ),
        "next": tr.gettext("Next:"),
        "last": tr.gettext("This is the last step."),
        "answers": tr.gettext("The class's answers"),
        "rightChoice": tr.gettext("(the right answer)"),
        "reveal": tr.gettext("Show the answers to the room"),
        "conceal": tr.gettext("Hide the answers from the room"),
        "roster": tr.gettext("Where the students are"),
        "ownPace": tr.gettext("Students go at their own pace"),
        "gather": tr.gettext("Bring everyone to this step"),
        "student": tr.gettext("Student"),
        "onStep": tr.gettext("On step"),
        "furthest": tr.gettext("Furthest"),
        "answered": tr.gettext("Checks answered"),
        "nobody": tr.gettext("No student has joined yet."),
    }


# --- the presenter --------------------------------------------------------------------------


def resume(saved: str | None, story: Story) -> None:
    """The presenter's browser sent back its saved code and token (a reload): take the presentation again."""
    if not saved or PRESENTING_KEY in st.session_state or is_room_screen():
        # The room's screen is opened from the presenter's tab, whose stored presentation a browser may
        # copy into it: it stays the room's, never a second presenter.
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
            code, token, story.id, presented.step, presented.language, True, time.time(), presented.paced
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


def render_presenter(story: Story, tr: Translator, public: str | None = None) -> None:
    presenting = st.session_state.get(PRESENTING_KEY)
    if not isinstance(presenting, Presenting) or presenting.story != story.id:
        return
    notes = {step.id: render_markdown(step.speaker_notes) for step in story.steps if step.speaker_notes}
    lesson = address_lesson(story)
    found = find_lesson(story, lesson)
    played = lesson_indexes(story, found) if found is not None else range(len(story.steps))
    order = [story.steps[index] for index in played]
    coming = {step.id: after.title for step, after in itertools.pairwise(order)}
    questions = {step.id: list(step.check) for step in order if step.check}
    titles = {step.id: step.title for step in order}
    played_story = story.model_copy(update={"steps": order})  # the summary's pages: the checks presented
    _presenter_fragment(notes, tr, lesson, public, coming, questions, titles, find_targets(order), played_story)


@st.cache_resource(ttl=60, show_spinner=False)
def _network_address() -> str | None:
    # Looked up once a minute: a laptop that moves to the classroom's network gets the new address.
    return network_address()


def join_base_of_page(public: str | None) -> JoinBase:
    """The base of the class's join links for this page: never a loopback address a phone cannot open,
    unless nothing else is known (then with the reason, for the panel to say)."""
    listen = config.get_option("server.address")
    return join_base(st.context.url or "http://localhost:8501/", public, _network_address(), listen)


def unreachable_text(why: Unreachable | None, tr: Translator) -> str | None:
    if why is Unreachable.LISTENS_ON_LOOPBACK:
        return tr.gettext(
            "The students' phones cannot open this address: the app listens on this computer only. "
            "Start it without --server.address, or with the address of its network."
        )
    if why is Unreachable.NO_NETWORK_ADDRESS:
        return tr.gettext(
            "The students' phones cannot open this address: it names this computer only, and no network "
            "address was found. Connect the computer to the room's network, or start the app with "
            "--public-url and the address it is served under."
        )
    return None


@st.fragment(run_every=PANEL_POLL_S)
def _presenter_fragment(
    notes: dict[str, str],
    tr: Translator,
    lesson: str | None = None,
    public: str | None = None,
    coming: dict[str, str] | None = None,
    questions: dict[str, list[Check]] | None = None,
    titles: dict[str, str] | None = None,
    targets: dict[str, dict[int, tuple[float, float]]] | None = None,
    played: Story | None = None,
) -> None:
    presenting: Presenting | None = st.session_state.get(PRESENTING_KEY)
    if presenting is None:
        return
    reachable = join_base_of_page(public)
    base, story_asked = reachable.url, st.query_params.get("story")
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
    try:
        given = shared_answers().answers(presenting.code) if questions else []
        revealed = shared_answers().revealed(presenting.code) if questions else None
    except ChannelDownError:
        given, revealed = [], None
    texts = _texts(tr, followers)
    order = list(titles or {})
    roster, names = class_roster(presenting.code, titles or {}, given, presenting.step, tr)
    data = {
        "code": presenting.code,
        "token": presenting.token,
        "step": presenting.step,
        "language": tr.language,
        "address": address,
        "qr": qr_svg(address, tr.gettext("QR code of the address to join")),
        "notes": notes,
        "problem": problem,
        "unreachable": unreachable_text(reachable.unreachable, tr),
        "join": join_page_link(base, tr.language),
        # The room's screen is opened on this computer (a second window, a projector): the page's own address.
        "room": with_lesson(room_link(st.context.url or "/", presenting.code, tr.language, story_asked), lesson),
        "coming": coming or {},
        "answers": class_answers(questions or {}, given, followers, tr, targets),
        "revealed": revealed,
        "paced": presenting.paced,
        "roster": roster,
        "texts": texts,
    }
    result = _presenter_panel(
        key="present-panel",
        data=payload(data),
        on_step_change=lambda: None,
        on_reveal_change=lambda: None,
        on_pace_change=lambda: None,
        on_gather_change=lambda: None,
    )
    paced = change_pace(presenting.code, presenting.token, presenting.paced, result, order)
    if paced is not None:
        presenting.paced, step = paced
        if step is not None:
            presenting.step, presenting.changed = step, time.time()
        st.rerun(scope="fragment")
    shown = getattr(result, "reveal", None)
    if isinstance(shown, str) and (shown == "" or shown in (questions or {})) and shown != (revealed or ""):
        # The presenter shows a step's answers on every follower's screen and the room's, or hides them.
        with contextlib.suppress(ChannelDownError):
            shared_answers().reveal(presenting.code, shown or None)
            # The same step again: every follower's next read sees a change, and only then asks what is shown.
            presenting.sent = channel().move(presenting.code, presenting.token, presenting.step, tr.language)
        st.rerun(scope="fragment")
    moved = getattr(result, "step", None)
    if isinstance(moved, str) and moved != presenting.step:
        presenting.step, presenting.changed = moved[:100], time.time()
        try:
            presenting.sent = channel().move(presenting.code, presenting.token, presenting.step, tr.language)
        except ChannelDownError:
            presenting.sent = False
    render_presenter_ticket(presenting.code, presenting.token, presenting.step, tr.language, channel(), tr)
    if given:
        answer_files.render(presenting.code, given, names, titles or {}, played, followers, tr)
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
            st.session_state[NAME_KEY] = clean_name(st.query_params.get("name"))
            st.session_state[ROOM_KEY] = st.query_params.get("screen") == ROOM_SCREEN
            if presented.language != tr.language and not st.session_state.get(LANGUAGE_CHOSEN_KEY):
                # In the presenter's language (the viewer has chosen none yet on this page).
                st.session_state[LANGUAGE_KEY] = presented.language
                st.rerun()
    if notice:
        st.session_state[FOLLOW_NOTICE_KEY] = notice


def is_room_screen() -> bool:
    """Whether this page is the screen the room sees: the story on the presenter's step, and nothing of
    the presenter's (no notes, no tools, no controls)."""
    return bool(st.session_state.get(FOLLOWING_KEY) and st.session_state.get(ROOM_KEY))


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


def render_follower(story: Story, tr: Translator) -> None:
    if st.session_state.get(FOLLOWING_KEY):
        _follow_fragment(story, tr)


def _shown_answers(story: Story, code: str, presented: Presented | None, tr: Translator) -> list[dict]:
    """The class's answers to the presenter's step, when the presenter shows them to the room.

    What is shown is asked again only when the presentation changes (the presenter's Show and Hide
    move it too): 30 followers polling it with each run would read the store 75 times a second."""
    step = next((step for step in story.steps if presented and step.id == presented.step), None)
    if presented is None or step is None or not step.check:
        return []
    try:
        read = st.session_state.get(SHOWN_KEY)
        if read is None or read[0] != presented.seq:
            read = (presented.seq, shared_answers().revealed(code))
            st.session_state[SHOWN_KEY] = read
        if read[1] != step.id:
            return []
        given, followers = shared_answers().answers(code, step.id), channel().followers(code)
    except ChannelDownError:
        return []
    return class_answers({step.id: list(step.check)}, given, followers, tr, find_targets([step]))[step.id]


def _record_answer(story: Story, code: str, sent: object) -> None:
    """A follower's answer (the follow component's trigger), judged from the story and kept if it is the
    follower's first to that check; anything else the page may send is dropped."""
    if not isinstance(sent, dict):
        return
    context = get_script_run_ctx()
    # A flood from one page or one address is refused before the story or the store is asked (limits.py).
    if context is None or not shared_answer_budget().allow(context.session_id, _client()):
        return
    judged = judge_answer(story, sent.get("key"), sent.get("answer"))
    if judged is None:
        return
    # The follower is this page's session, as the server knows it: never an id the page names.
    answer = Answer(context.session_id, judged.step, judged.check, judged.answer, judged.correct, time.time())
    with contextlib.suppress(ChannelDownError):  # the student's own feedback is the page's, as always
        shared_answers().record(code, answer)


def _maybe_coming_back(code: str) -> bool:
    """Whether a presentation the channel does not have may yet come back: Redis came back empty a
    moment ago, and the presenter's page makes it again within PANEL_POLL_S. A presentation the
    channel remembers as ended is over at once, however lately the link was lost."""
    try:
        if channel().ended(code):
            return False
    except ChannelDownError:
        st.session_state[DOWN_AT_KEY] = time.time()
        return True
    return time.time() - st.session_state.get(DOWN_AT_KEY, 0) < RETURN_GRACE_S


@st.fragment(run_every=FOLLOW_POLL_S)
def _follow_fragment(story: Story, tr: Translator) -> None:
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
    if presented is None and not down:
        down = _maybe_coming_back(code)
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
        "shown": _shown_answers(story, code, presented, tr),
        "step": presented.step if presented else None,
        "seq": presented.seq if presented else None,
        "changed": presented.changed if presented else None,
        "down": down,
        "room": is_room_screen(),
        "ticket": follower_ticket(code, presented.seq if presented else None, is_room_screen(), tr),
        "paced": presented.paced if presented else False,
        "gathered": presented.gathered if presented else 0,
        "name": follower_name(),
        "texts": {
            "following": tr.gettext("Following the presenter."),
            "own": tr.gettext("Your own pace: move through the story as you like."),
            "name": tr.gettext("Your name (optional)"),
            "exploring": tr.gettext("Exploring on my own."),
            "again": tr.gettext("Follow again"),
            "down": tr.gettext("Lost touch with the presenter; following again as soon as the link is back."),
            "answers": tr.gettext("The class's answers"),
            "rightChoice": tr.gettext("(the right answer)"),
        },
    }
    result = _follow_bar(
        key="present-follow",
        data=payload(data),
        on_answer_change=lambda: None,
        on_written_change=lambda: None,
        on_at_change=lambda: None,
        on_name_change=lambda: None,
    )
    if st.session_state.get(FOLLOWING_KEY) and not is_room_screen():
        _record_answer(story, code, getattr(result, "answer", None))
        record_written(code, getattr(result, "written", None))
        report_position(story, code, presented, result)
