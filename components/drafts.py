"""The server's two stores of drafts, shared by the editor and the story page.

`drafts()`: each browser's draft, under the token the browser keeps (story/editor/store.py).
`previews()`: what *Play the story* opens on the story page, under a random id that is put in the
link (never the browser's token, which would let whoever sees the link edit the draft).
"""

from __future__ import annotations

import streamlit as st

from story.editor.store import DraftStore


@st.cache_resource(show_spinner=False)
def drafts() -> DraftStore:
    return DraftStore()


@st.cache_resource(show_spinner=False)
def previews() -> DraftStore:
    return DraftStore(capacity=100)
