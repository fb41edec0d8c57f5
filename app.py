"""Qantar story map: plays a story file step by step, narrative and map in step.

Thin wiring only: read the address and options, load the story, lay out the
components. Run with `make run` or `streamlit run app.py -- --story PATH`.
"""

from __future__ import annotations

import sys

import streamlit as st

from components import browser, downloads, map_view, narrative, navigation, options, page, share, timeline
from story.i18n import translator
from story.problems import StoryError

settings = page.command_line_options(sys.argv[1:])
st.set_page_config(page_title="Story map", page_icon="🗺️", layout="wide")
page.apply_styles()
tr = translator(page.viewer_language())

story_path, refused_story = page.chosen_story(settings.story)
story = page.load(story_path)
if isinstance(story, StoryError):
    page.render_story_error(story, tr)
    st.stop()

index = navigation.current_step(story)
catalog = page.catalog()

st.html(page.story_header_html(story))
page.render_notices(story, catalog, tr, refused_story, navigation.unknown_step_notice())

with st.container(key="story-layout"):
    narrative_col, map_col = st.columns([2, 3], gap="medium")
    with narrative_col:
        navigation.render_navigation(story, index, tr)
        timeline.render_timeline(story, index, tr, navigation.go_to_step)
        narrative.render_step(story, index, tr)
        system_reduced_motion = browser.render_helper(story, index, narrative.TITLE_ANCHOR, navigation.go_to_step)
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
        tools = st.columns(3, vertical_alignment="center")
        with tools[0]:
            options.render_motion_toggle(tr)
        with tools[1]:
            share.render_share(story, index, tr)
        with tools[2]:
            downloads.render_downloads(story, story_path, tr, settings.tiles)
page.render_credits(story, tr, map_view.tiles_attribution(settings.tiles))
