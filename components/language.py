"""The viewer's language: the switch, and the story in that language."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from story.format.model import Story
from story.format.problems import StoryError
from story.format.translation import LocalizedStory, TranslatedStory, load_translation, localize
from story.reader.i18n import LANGUAGES, Translator, pick_language

LANGUAGE_KEY = "language-switch"


def viewer_language() -> str:
    """The switch's value; on a new page, `?lang=` if it names one of ours, else the browser's, else English.

    The address is read on a page's first run only: after that the page owns it (the
    player writes `?lang=` beside `?step=`), and the server may be sent an old one.
    The switch's value comes back from the browser with every run, even to a server
    that restarted.
    """
    chosen = st.session_state.get(LANGUAGE_KEY)
    if chosen in LANGUAGES:
        return chosen
    return pick_language(st.query_params.get("lang"), [st.context.locale] if st.context.locale else [])


def render_switch(tr: Translator) -> None:
    # Three buttons, each named in its own language: one press, and the reader sees at
    # once which languages there are.
    st.segmented_control(
        tr.gettext("Language"),
        options=list(LANGUAGES),
        # Set by the page's own state once it exists (a follower takes the presenter's language).
        default=None if LANGUAGE_KEY in st.session_state else tr.language,
        format_func=LANGUAGES.__getitem__,
        key=LANGUAGE_KEY,
        required=True,
        on_change=_chosen,
    )


CHOSEN_KEY = "language-chosen"


def _chosen() -> None:
    # The viewer pressed the switch: a follower keeps this language, whatever the presenter's.
    st.session_state[CHOSEN_KEY] = True


@st.cache_resource(show_spinner=False, max_entries=32)
def _translation(_original: Story, original_key: tuple[str, int, int], path: str, modified_ns: int, size: int):
    # Keyed on both files' paths, mtimes and sizes (the Story itself is not hashed):
    # an edited original or translation is read again on the next rerun.
    try:
        return load_translation(_original, Path(path))
    except StoryError as error:
        return error


def localized(story: Story, story_path: Path, language: str) -> LocalizedStory:
    """`story` in `language` (story.format.translation.localize), reading each translation once."""
    try:
        original = story_path.stat()
        original_key = (str(story_path), original.st_mtime_ns, original.st_size)
    except OSError:  # gone while the app runs: the last version read plays on (components/page.load)
        original_key = (str(story_path), 0, 0)

    def load(original_story: Story, path: Path) -> TranslatedStory:
        stat = path.stat()
        result = _translation(original_story, original_key, str(path), stat.st_mtime_ns, stat.st_size)
        if isinstance(result, StoryError):
            raise result
        return result

    return localize(story, story_path, language, load)
