"""The narrative pane: the step's date, title, text, quote, notes, sources, questions."""

from __future__ import annotations

import streamlit as st

from story.format.model import Story
from story.reader import narrative as presentation
from story.reader.i18n import Translator
from story.reader.text import escape, escape_markdown

TITLE_ANCHOR = "step-title"


def render_step(story: Story, index: int, tr: Translator, untranslated: frozenset[str] = frozenset()) -> None:
    step = story.steps[index]
    language = tr.language
    st.html(f'<p class="sm-date">{escape(presentation.step_date(step, language))}</p>')
    st.header(escape_markdown(step.title), anchor=TITLE_ANCHOR)
    fallen_back = presentation.untranslated_parts(untranslated, index)
    if fallen_back:
        st.html(presentation.untranslated_marker_html(fallen_back, tr))
    if index == 0 and story.source:
        st.html(presentation.article_credit_html(story.source, tr, language))
    st.html(presentation.body_html(step))
    if step.quote:
        st.html(presentation.quote_html(step.quote, tr))
    if step.media:
        st.html(presentation.media_html(step.media, tr))
    if step.other_sources:
        st.html(presentation.other_sources_html(step.other_sources, tr, language))
    if step.sources:
        st.html(presentation.sources_html(step.sources, tr, language))
    if step.discussion:
        with st.expander(tr.gettext("For discussion"), expanded=False):
            st.html(presentation.discussion_html(step.discussion))
