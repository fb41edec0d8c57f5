"""The story page: the header, the notices, the player, the tools and the credits, in that order.

Wiring only, as app.py was before the editor came: the step changes in the browser
(components/player.py); the server renders the page, the language switch, the tools and the notices.
"""

from __future__ import annotations

import streamlit as st

from components import downloads, language, page, player, present, share
from story.format.problems import StoryError
from story.reader.i18n import translator


def render(settings: page.Options) -> None:
    tr = translator(language.viewer_language())

    story_path, refused_story = page.chosen_story(settings.story)
    original = page.load(story_path)
    if isinstance(original, StoryError):
        page.render_story_error(original, tr)
        st.stop()
    shown = language.localized(original, story_path, tr.language)
    story = shown.story
    st.set_page_config(page_title=story.title)
    catalog = page.catalog()
    present.read_follow_address(story, tr)
    start = page.opening_step(story, present.following_step())

    with st.container(key="story-header"):
        header_col, language_col = st.columns([4, 1], vertical_alignment="bottom")
        header_col.html(page.story_header_html(story))
        with language_col:
            language.render_switch(tr)
    page.render_notices(story, story_path.parent, catalog, tr, shown.problem)
    present.render_follow_notice()
    present.render_follower(tr)
    resumed = player.render_player(
        story,
        catalog,
        tr,
        settings.tiles,
        page.tiles(settings.tiles),
        shown.untranslated,
        story_path.parent,
        start.step_id,
        page.address_notice(start, refused_story, tr),
        ["story"] if refused_story else [],
    )
    present.resume(resumed, story)
    present.render_presenter(story, tr)
    with st.container(key="story-tools"):
        tools = st.columns(3, vertical_alignment="center")
        with tools[0]:
            share.render_share(story, tr)
        with tools[1]:
            downloads.render_downloads(story, story_path, tr, settings.tiles, present.is_presenting(story))
        with tools[2]:
            present.render_start(story, start.step_id, tr)
    # The editor, in the reader's language (relative: the app may be served under a path).
    edit = tr.gettext("Edit this story")
    st.markdown(f"[{edit}](edit?lang={tr.language})")
    page.render_credits(story, tr, page.tiles(settings.tiles), shown.note)
