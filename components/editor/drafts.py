"""The server's two stores of drafts, shared by the editor and the story page, in one SQLite file of
the data folder (`state.sqlite3`, story/store/sqlite.py): a restart, a killed process and another
replica on the same folder find them again. With `QANTAR_REDIS_URL` set they are in that Redis
(story/store/redis_store.py), which replicas on several machines share.

`drafts()`: each browser's draft, under the token of its signed cookie (story/server/identity.py).
`previews()`: what *Play the story* opens on the story page, under a random id that is put in the
link (never the browser's token, which would let whoever sees the link edit the draft).

A file that cannot be opened (corrupt, a folder that cannot be written) leaves the story playing
and the editor editing: drafts are then kept in this process only, and the editor says so
(`store_problem`).
"""

from __future__ import annotations

import logging
import os
from typing import NamedTuple

import streamlit as st

from components import client
from components.editor.keys import MISSING_KEY, NOT_KEPT_KEY
from story.present.channel import REDIS_URL_ENV
from story.store.drafts import DRAFTS, PREVIEWS, DraftStore, PutResult, StoreUnavailableError
from story.store.paths import STATE_FILE, state_file
from story.store.redis_store import RedisDraftStore
from story.store.sqlite import SqliteDraftStore

_log = logging.getLogger(__name__)


class Stores(NamedTuple):
    drafts: DraftStore
    previews: DraftStore
    problem: str | None  # why the data folder's file is not used (for the log: it names a path)


@st.cache_resource(show_spinner=False)
def stores() -> Stores:
    # Across machines, Redis (as presentations are); else the data folder's SQLite file.
    url = os.environ.get(REDIS_URL_ENV, "").strip()
    if url:
        return Stores(RedisDraftStore(url, "draft", DRAFTS), RedisDraftStore(url, "preview", PREVIEWS), None)
    try:
        path = state_file()
        return Stores(SqliteDraftStore(path, "draft", DRAFTS), SqliteDraftStore(path, "preview", PREVIEWS), None)
    except (StoreUnavailableError, OSError) as error:
        _log.error("drafts kept in memory only: the data folder's %s cannot be used: %s", STATE_FILE, error)
        memory = SqliteDraftStore(":memory:", "draft", DRAFTS), SqliteDraftStore(":memory:", "preview", PREVIEWS)
        return Stores(*memory, str(error))


def drafts() -> DraftStore:
    return stores().drafts


def previews() -> DraftStore:
    return stores().previews


def store_problem() -> bool:
    """True when drafts are kept in this process only (the data folder's file cannot be used)."""
    return stores().problem is not None


def client_address() -> str | None:
    """The address the drafts' bounds per client count by (None where there is none: an AppTest)."""
    return client.address_or_none()


def remember_kept(key: str, result: PutResult) -> None:
    """Remember what the store did with the draft under `key` (the draft or one of its translations):
    the editor says so until a later change of the same draft is kept."""
    refused = st.session_state.setdefault(NOT_KEPT_KEY, {})
    if result.kept:
        refused.pop(key, None)
        st.session_state.pop(MISSING_KEY, None)
    else:
        refused[key] = result
