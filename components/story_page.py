"""The story page: the header, the teacher's tools, the notices, the player and the credits, in that order.

Wiring only, as app.py was before the editor came: the step changes in the browser
(components/player.py); the server renders the page, the language switch, the tools and the notices.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from components import downloads, language, page, player, present, share
from components.editor.drafts import previews
from story.editor.kept import preview_missing
from story.format.loader import parse_story
from story.format.model import Story
from story.format.problems import StoryError
from story.format.translation import LocalizedStory
from story.map.tiles import tile_config
from story.reader.i18n import Translator, translator
from story.store.drafts import StoreUnavailableError


def render(settings: page.Options) -> None:
    tr = translator(language.viewer_language())

    story_path, refused_story = page.chosen_story(settings.story)
    draft = _draft_played(tr)
    if draft is not None:  # *Play the story* in the editor: its draft, as it was then
        original, story_dir = draft
    else:
        original, story_dir = page.load(story_path), story_path.parent
    if isinstance(original, StoryError):
        page.render_story_error(original, tr)
        st.stop()
    shown = LocalizedStory(original) if draft is not None else language.localized(original, story_path, tr.language)
    story = shown.story
    st.set_page_config(page_title=story.title)
    catalog = page.catalog()
    present.read_follow_address(story, tr)
    start = page.opening_step(story, present.following_step())

    # The screen the room sees (a projector): the story only, in the presenter's language and step.
    room = present.is_room_screen()
    with st.container(key="story-header"):
        header_col, language_col = st.columns([4, 1], vertical_alignment="bottom")
        header_col.html(page.story_header_html(story))
        if not room:
            with language_col:
                language.render_switch(tr)
    # Embedded in a lesson page, the story comes first and the teacher's tools last, as before.
    embedded = st.query_params.get("embed") == "true"
    if draft is None and not embedded and not room:
        # A presenter's tab that came back (a reload) is known before the tools are drawn: its
        # presentation is taken again first, so the bar never offers to start another one.
        present.resume(player.resume_sent(), story)
        with st.container(key="story-tools"):
            _render_tools(story, story_path, tr, settings, start.step_id)
    page.render_notices(story, story_dir, catalog, tr, shown.problem)
    present.render_follow_notice()
    present.render_follower(story, tr)
    resumed = player.render_player(
        story,
        catalog,
        tr,
        settings.tiles,
        tile_config(settings.tiles),
        shown.untranslated,
        story_dir,
        start.step_id,
        page.address_notice(start, refused_story, tr),
        ["story"] if refused_story else [],
        draft=draft is not None,
        publishers=shown.publishers,
    )
    if draft is not None:
        back = tr.gettext("Back to the editor")
        st.markdown(f"[{back}](edit?lang={tr.language})")
        return
    present.resume(resumed, story)
    present.render_presenter(story, tr, settings.public_url)
    if embedded:
        with st.container(key="story-tools-end"):
            _render_tools(story, story_path, tr, settings, start.step_id)
    page.render_credits(story, tr, tile_config(settings.tiles), shown.note)


def _render_tools(story: Story, story_path: Path, tr: Translator, settings: page.Options, start_step: str) -> None:
    """The teacher's tools in one row at the top: share, the offline copy and handout, presenting, the editor."""
    tools = st.columns(4, vertical_alignment="center")
    with tools[0]:
        share.render_share(story, tr)
    with tools[1]:
        downloads.render_downloads(story, story_path, tr, settings.tiles, present.is_presenting(story))
    with tools[2]:
        present.render_start(story, start_step, tr)
    with tools[3]:
        # The editor, in the reader's language (relative: the app may be served under a path).
        edit = tr.gettext("Edit this story")
        st.markdown(f"[{edit}](edit?lang={tr.language})")


def _draft_played(tr: Translator) -> tuple[Story | StoryError, Path | None] | None:
    """The draft `?preview=` names (the story it makes, or its problems, and its folder), if the store has it."""
    preview_id = st.query_params.get("preview")
    if not preview_id:
        return None
    try:
        stored = previews().get(preview_id)
        absence = previews().why_missing(preview_id) if stored is None else None
    except StoreUnavailableError:  # the story still plays
        stored, absence = None, None
    if stored is None:
        page.render_notice(preview_missing(absence, tr))
        return None
    page.render_notice(
        tr.gettext("You are playing a draft from the editor: reload this page to see your latest changes.")
    )
    digest = hashlib.sha256(stored.current).hexdigest()
    return _parsed(stored.current, digest, stored.name), stored.base_dir


@st.cache_resource(show_spinner=False, max_entries=16)
def _parsed(_raw: bytes, digest: str, name: str) -> Story | StoryError:
    # One Story object per draft's bytes: the player's data is keyed on the object (components/player.py).
    try:
        return parse_story(_raw, name, page.catalog())
    except StoryError as error:
        return error
