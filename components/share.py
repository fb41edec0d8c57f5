"""Sharing: copy a link to this step, and an <iframe> snippet for teachers' pages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from story.format.model import Story
from story.reader.i18n import Translator
from story.reader.sharing import DEFAULT_EMBED_HEIGHT, embed_snippet, step_link
from story.reader.text import escape_markdown

_HERE = Path(__file__).parent
_copy_button = st.components.v2.component(
    "story_copy_link",
    js=(_HERE / "share.js").read_text(encoding="utf-8"),
    css=(_HERE / "share.css").read_text(encoding="utf-8"),
)
LOCAL_URL = "http://localhost:8501/"


def base_url() -> str:
    return st.context.url or LOCAL_URL


def render_share(story: Story, index: int, tr: Translator) -> None:
    step = story.steps[index]
    link = step_link(base_url(), step.id, tr.language)
    with st.popover(tr.gettext("Share and embed"), width="stretch"):
        _copy_button(
            key="copy-link",
            data={
                "label": tr.gettext("Copy link to this step"),
                "copied": tr.gettext("Link copied."),
                "failed": tr.gettext("Copying is not allowed here: copy the link below."),
            },
            height=44,
        )
        st.code(link, language=None, wrap_lines=True)
        heading = tr.gettext("Embed in a web page or learning platform")
        st.markdown(f"**{escape_markdown(heading)}**")
        start = st.selectbox(
            tr.gettext("Start at step"),
            options=list(range(len(story.steps))),
            index=index,
            format_func=lambda i: f"{i + 1}. {story.steps[i].title}",
            key="embed-start",
        )
        height = st.number_input(
            tr.gettext("Height in pixels"), min_value=400, max_value=2000, value=DEFAULT_EMBED_HEIGHT, step=20
        )
        st.code(
            embed_snippet(base_url(), story.steps[start].id, story.title, tr.language, int(height)),
            language="html",
            wrap_lines=True,
        )
        st.caption(
            tr.gettext(
                "Moodle: add a Page or Label, switch the editor to HTML and paste the code. "
                "Canvas: in the Rich Content Editor choose Insert → Embed. Google Sites: Insert → Embed → "
                "Embed code. Platforms that refuse iframes (e.g. Google Classroom): share the link instead, "
                "or upload the offline copy."
            )
        )
