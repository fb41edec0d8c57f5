"""Qantar story map: plays a story file step by step, narrative and map in step.

Thin wiring only: read the address and options, load the story, lay out the
components. Run with `make run` or `streamlit run app.py -- --story PATH`.
"""

from __future__ import annotations

import sys

import streamlit as st

from components import browser, downloads, language, map_view, narrative, navigation, options, page, share, timeline
from story.format.problems import StoryError
from story.reader.i18n import translator

settings = page.command_line_options(sys.argv[1:])
st.set_page_config(page_title="Story map", page_icon="🗺️", layout="wide")
page.apply_styles()
tr = translator(language.viewer_language())

story_path, refused_story = page.chosen_story(settings.story)
original = page.load(story_path)
if isinstance(original, StoryError):
    page.render_story_error(original, tr)
    st.stop()
shown = language.localize(original, story_path, tr.language)
story = shown.story
st.set_page_config(page_title=story.title)

index = navigation.current_step(story)
catalog = page.catalog()

with st.container(key="story-header"):
    header_col, language_col = st.columns([4, 1], vertical_alignment="bottom")
    header_col.html(page.story_header_html(story))
    with language_col:
        language.render_switch(tr)
page.render_notices(story, catalog, tr, refused_story, navigation.unknown_step_notice(), shown.problem)

with st.container(key="story-layout"):
    narrative_col, map_col = st.columns([2, 3], gap="medium")
    with narrative_col:
        navigation.render_navigation(story, index, tr)
        timeline.render_timeline(story, tr, navigation.go_to_step, navigation.catch_up)
        narrative.render_step(story, index, tr, shown.untranslated)
        system_reduced_motion = browser.render_helper(
            story, index, tr.language, narrative.TITLE_ANCHOR, navigation.go_to_step, navigation.catch_up
        )
    with map_col:
        map_view.render_map(
            story,
            index,
            catalog,
            tr,
            settings.tiles,
            options.motion(system_reduced_motion),
            navigation.go_to_step,
        )
        with st.container(key="story-tools"):
            tools = st.columns(3, vertical_alignment="center")
            with tools[0]:
                options.render_motion_toggle(tr)
            with tools[1]:
                share.render_share(story, index, tr)
            with tools[2]:
                downloads.render_downloads(story, story_path, tr, settings.tiles)
page.render_credits(story, tr, map_view.tiles_attribution(settings.tiles), shown.note)
navigation.end_of_run()
