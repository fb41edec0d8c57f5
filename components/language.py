"""The viewer's language: the switch, and the story in that language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from story.format.files import translations_of
from story.format.model import Story
from story.format.problems import StoryError
from story.format.translation import TranslatedStory, load_translation
from story.reader.i18n import LANGUAGES, Translator, pick_language

LANGUAGE_KEY = "language-switch"


@dataclass(frozen=True)
class LocalizedStory:
    """The story as shown: translated where a translation exists, with what fell back."""

    story: Story
    untranslated: frozenset[str] = frozenset()
    note: str | None = None
    problem: StoryError | None = None


def viewer_language() -> str:
    """`?lang=` if it names one of ours, else the browser's language, else English."""
    requested = st.query_params.get("lang")
    browser = [st.context.locale] if st.context.locale else []
    return pick_language(requested, browser)


def _switch() -> None:
    # The step lives in session state, so only the language changes on the rerun.
    st.query_params["lang"] = st.session_state[LANGUAGE_KEY]


def render_switch(tr: Translator) -> None:
    st.session_state[LANGUAGE_KEY] = tr.language
    st.selectbox(
        tr.gettext("Language"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key=LANGUAGE_KEY,
        on_change=_switch,
    )


@st.cache_resource(show_spinner=False, max_entries=32)
def _translation(
    _original: Story, original_key: tuple[str, int, int], path: str, modified_ns: int, size: int
) -> TranslatedStory | StoryError:
    # Keyed on both files' paths, mtimes and sizes (the Story itself is not hashed):
    # an edited original or translation is read again on the next rerun.
    try:
        return load_translation(_original, Path(path))
    except StoryError as error:
        return error


def localize(story: Story, story_path: Path, language: str) -> LocalizedStory:
    """`story` in `language` when a sibling translation exists; otherwise as written."""
    if language == story.language:
        return LocalizedStory(story)
    path = translations_of(story_path).get(language)
    if path is None:
        return LocalizedStory(story)
    original, translation = story_path.stat(), path.stat()
    original_key = (str(story_path), original.st_mtime_ns, original.st_size)
    result = _translation(story, original_key, str(path), translation.st_mtime_ns, translation.st_size)
    if isinstance(result, StoryError):
        return LocalizedStory(story, problem=result)
    return LocalizedStory(result.story, result.untranslated, result.note)
