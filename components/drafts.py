"""The server's two stores of drafts, shared by the editor and the story page, in one SQLite file of
the data folder (`state.sqlite3`, story/store/sqlite.py): a restart, a killed process and another
replica on the same folder find them again.

`drafts()`: each browser's draft, under the token of its signed cookie (story/server/identity.py).
`previews()`: what *Play the story* opens on the story page, under a random id that is put in the
link (never the browser's token, which would let whoever sees the link edit the draft).
"""

from __future__ import annotations

import streamlit as st

from story.store.drafts import DRAFTS, PREVIEWS, PutResult
from story.store.paths import data_dir
from story.store.sqlite import SqliteDraftStore

STATE_FILE = "state.sqlite3"
NOT_KEPT_KEY = "editor-not-kept"
MISSING_KEY = "editor-draft-missing"


@st.cache_resource(show_spinner=False)
def drafts() -> SqliteDraftStore:
    return SqliteDraftStore(data_dir() / STATE_FILE, "draft", DRAFTS)


@st.cache_resource(show_spinner=False)
def previews() -> SqliteDraftStore:
    return SqliteDraftStore(data_dir() / STATE_FILE, "preview", PREVIEWS)


def client_address() -> str | None:
    """The address the drafts' bounds per client count by: the one Streamlit sees (None where it sees
    none: a test's AppTest, a page served without a socket)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None


def remember_kept(key: str, result: PutResult) -> None:
    """Remember what the store did with the draft under `key` (the draft or one of its translations):
    the editor says so until a later change of the same draft is kept."""
    refused = st.session_state.setdefault(NOT_KEPT_KEY, {})
    if result.kept:
        refused.pop(key, None)
        st.session_state.pop(MISSING_KEY, None)
    else:
        refused[key] = result
