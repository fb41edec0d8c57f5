"""Qantar story map: plays a story file step by step, narrative and map in step, and edits one.

Thin wiring only: the options, the page's settings, and the two pages: the story
(components/story_page.py, at the app's own address) and the editor (components/editor.py, /edit).
Run with `make run` or `streamlit run app.py -- --story PATH`; `make edit` lets the editor save.
"""

from __future__ import annotations

import sys

import streamlit as st

from components import editor, page, story_page

settings = page.command_line_options(sys.argv[1:])
st.set_page_config(page_title="Story map", page_icon="🗺️", layout="wide")
page.apply_styles()


def story() -> None:
    story_page.render(settings)


def edit() -> None:
    editor.render(settings)


# The pages link to each other themselves (Streamlit's own menu would take the map's width on a phone).
st.navigation(
    [st.Page(story, title="Story", default=True), st.Page(edit, title="Edit", url_path="edit")],
    position="hidden",
).run()
