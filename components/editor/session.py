"""The editor's draft across runs: this browser's token, the draft it had (from the store) or the app's
story, each change kept in the store at once, another story opened in its place, and what the store
did with the changes (told at the top of the page).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import page
from components.editor.drafts import client_address, drafts, remember_kept, store_problem
from components.editor.keys import (
    DRAFT_FOR_KEY,
    DRAFT_KEY,
    GENERATION_KEY,
    MISSING_KEY,
    NOT_KEPT_KEY,
    OPENED_KEY,
    STEP_KEY,
    TOKEN_KEY,
    TRANSLATION_OPEN_KEY,
    UNREADABLE_KEY,
)
from components.editor.press import pressed
from story.editor.draft import Draft, EmptyStory, OpenError, empty_draft, load_draft, load_kept, new_draft
from story.editor.draft import empty_story_words as draft_words
from story.editor.kept import draft_missing, not_kept
from story.editor.opening import open_upload
from story.format.problems import StoryError
from story.reader.i18n import Translator
from story.reader.text import escape
from story.server import identity
from story.store.drafts import StoreUnavailableError
from story.store.paths import data_dir


def browser_token() -> str | None:
    """This browser's draft token: the one the server signed into its cookie (story/server/identity.py);
    a client-chosen value is never taken. Without the cookie (cookies refused), the draft lives as
    long as the page."""
    known = st.session_state.get(TOKEN_KEY)
    if isinstance(known, str) and known:
        return known
    token = identity.token_of(st.context.cookies.get(identity.COOKIE), _cookie_key())
    if token:
        st.session_state[TOKEN_KEY] = token
    return token


@st.cache_resource(show_spinner=False)
def _cookie_key() -> bytes:
    return identity.load_key(data_dir())


def current_draft(settings: page.Options, token: str | None, tr: Translator) -> Draft:
    """The draft this browser edits: the one of this session, else the store's under its token, else the app's story."""
    draft = st.session_state.get(DRAFT_KEY)
    # The browser's token can arrive a run after the page's first: until then the draft shown is
    # the app's story, and the teacher's own (if the store has one) replaces it when it comes.
    if isinstance(draft, Draft) and (st.session_state.get(DRAFT_FOR_KEY) == token or token is None):
        return draft
    st.session_state[DRAFT_FOR_KEY] = token
    # A story she opened or changed before it came is hers, and goes to the store under it: the
    # token once put the app's story back in place of a new story that nothing had changed yet.
    if isinstance(draft, Draft) and (draft.changed or st.session_state.get(OPENED_KEY)):
        keep(draft, token)
        return draft
    stored = None
    try:
        stored = drafts().get(token) if token else None
        # A draft this browser had and the store has lost is named, never silently replaced by the app's story.
        st.session_state[MISSING_KEY] = drafts().why_missing(token) if token and stored is None else None
    except StoreUnavailableError:
        st.session_state[UNREADABLE_KEY] = True
    try:
        if stored is not None:
            found = load_kept(stored.current, stored.original, stored.name, stored.changed)
            found.base_dir, found.files = stored.base_dir, dict(stored.files)
        else:
            found = app_story(settings)
    except (OSError, StoryError) as error:
        st.error(tr.gettext("The story cannot be opened: {reason}").format(reason=error))
        found = new_draft(tr.language)
    if isinstance(draft, Draft):
        _fresh_widgets()  # what the widgets held was the other draft's
    st.session_state[DRAFT_KEY] = found
    return found


def app_story(settings: page.Options) -> Draft:
    """The story the app plays, as a draft."""
    path, _ = page.chosen_story(settings.story)
    draft = load_draft(path.read_bytes(), path.name)
    draft.base_dir = path.parent
    return draft


def keep(draft: Draft, token: str | None) -> None:
    """The draft to the store under this browser's token (once the token is the draft's)."""
    if token and st.session_state.get(DRAFT_FOR_KEY) == token:
        result = drafts().put(
            token,
            draft.original,
            draft.dump(),
            draft.name,
            draft.changed,
            draft.base_dir,
            draft.files,
            client=client_address(),
        )
        remember_kept(token, result)


def story_key(name: str) -> str:
    """A story-level widget's key, new with each draft opened: the browser keeps a widget's last value
    under its key and sends it again, which would write the previous story's title into the new one."""
    return f"{name}-{st.session_state.get(GENERATION_KEY, 0)}"


def replace(draft: Draft, token: str | None) -> None:
    """Another story in place of the draft, the teacher's choice: its widgets start afresh, on its first step."""
    st.session_state[DRAFT_KEY] = draft
    st.session_state[OPENED_KEY] = True
    _fresh_widgets()
    keep(draft, token)


def _fresh_widgets() -> None:
    """No widget of the draft shown before keeps its value: each story-level widget gets a new key, and
    the step's widgets are dropped."""
    st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1
    st.session_state[STEP_KEY] = 0
    for key in [key for key in st.session_state if str(key).startswith("ed-")]:
        del st.session_state[key]
    st.session_state.pop(TRANSLATION_OPEN_KEY, None)


def open_panel(settings: page.Options, token: str | None, tr: Translator) -> None:
    """*Open another story*: the app's, a new one (from the template, or empty), or a file the teacher gives."""
    with st.expander(tr.gettext("Open another story")):
        columns = st.columns(3)
        # Each opened in the button's callback, before the run, which then draws the story opened: drawn
        # in the run instead, a story needed a second run, and a press between the two went to the old one.
        openers = [
            (tr.gettext("This app's story"), "open-current", lambda: app_story(settings)),
            (tr.gettext("A new story from the template"), "open-new", lambda: new_draft(tr.language)),
            (tr.gettext("An empty story"), "open-empty", lambda: empty_draft(tr.language, empty_story_words(tr))),
        ]
        for column, (label, key, made) in zip(columns, openers, strict=True):
            column.button(label, key=key, width="stretch", on_click=_open, args=(made, token))
        upload = st.file_uploader(
            tr.gettext("A story file (YAML), a story's folder as downloaded (.zip) or a StoryMapJS file (JSON)"),
            type=["yaml", "yml", "zip", "json"],
            max_upload_size=40,
            key="open-upload",
        )
        if upload is not None and pressed(st, tr.gettext("Open the file"), key="open-file"):
            opened = _opened(upload.name, upload.getvalue(), tr)
            if opened is not None:
                replace(opened, token)
                st.rerun()


def _open(made: Callable[[], Draft], token: str | None) -> None:
    replace(made(), token)


def empty_story_words(tr: Translator) -> EmptyStory:
    """An empty story's texts, in the editor's language."""
    return draft_words(tr.language)


def add_step(draft: Draft, tr: Translator, after: int | None = None) -> int:
    """A new step after `after` (or at the end), its title and texts in the editor's language."""
    words = empty_story_words(tr)
    return draft.add_step(after, words.step_title, words.body, words.alt)


def _opened(name: str, raw: bytes, tr: Translator) -> Draft | None:
    try:
        return open_upload(name, raw)
    except OpenError as error:
        # What was open stays open: the message is the only change.
        st.error(tr.gettext("This file cannot be opened:") + "\n\n" + escape(str(error)[:2000]))
    return None


def kept_notice(place, tr: Translator) -> None:
    """What the store did with this browser's changes: a store that cannot be used, a change refused, a draft lost."""
    refused = [
        message for result in st.session_state.get(NOT_KEPT_KEY, {}).values() if (message := not_kept(result, tr))
    ]
    missing = st.session_state.get(MISSING_KEY)
    with place.container():
        if store_problem() or st.session_state.get(UNREADABLE_KEY):
            st.error(
                tr.gettext(
                    "This server cannot keep drafts just now: its store cannot be used. Your changes last only "
                    "while the server runs; download your story to keep it."
                ),
                icon=":material/error:",
            )
        for message in dict.fromkeys(refused):
            st.warning(message, icon=":material/cloud_off:")
        if missing is not None and (message := draft_missing(missing, tr)):
            st.warning(message, icon=":material/history:")
