"""Sharing: a link to the step on screen, and an <iframe> snippet for teachers' pages.

The step changes in the browser, so the panel follows it there: its component reads
the step the player shows (`story:step`) and picks that step's link and snippet from
data the server made once (`story.reader.sharing`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.player import payload
from story.format.lessons import find_lesson, lesson_indexes
from story.format.model import Story
from story.reader.i18n import Translator
from story.reader.sharing import DEFAULT_EMBED_HEIGHT, embed_snippet, light_step_link, step_link

_HERE = Path(__file__).parent
_share_panel = st.components.v2.component(
    "story_share",
    js=(_HERE / "share.js").read_text(encoding="utf-8"),
    css=(_HERE / "share.css").read_text(encoding="utf-8"),
)
LOCAL_URL = "http://localhost:8501/"
HEIGHT_KEY = "embed-height"


SCROLL_KEY = "share-scroll"
LARGE_KEY = "share-large"
LESSON_KEY = "share-lesson"


def base_url() -> str:
    return st.context.url or LOCAL_URL


def share_data(
    story: Story,
    tr: Translator,
    base: str,
    height: int,
    scroll: bool = False,
    light: bool = True,
    large: bool = False,
    lesson: str | None = None,
) -> dict:
    """Every step's link and embed snippet, and the panel's words. With `light` (the story is the one the
    server plays, which the light page shows), every step's link on the light page too. With `lesson`,
    the lesson's steps only, numbered as the lesson plays them, each link playing the lesson."""
    chosen = find_lesson(story, lesson)
    steps = [story.steps[i] for i in lesson_indexes(story, chosen)] if chosen else story.steps
    lesson = chosen.id if chosen else None
    return {
        "steps": [
            {
                "id": step.id,
                "label": f"{number}. {step.title}",
                "link": step_link(base, step.id, tr.language, scroll=scroll, large=large, lesson=lesson),
                "snippet": embed_snippet(
                    base, step.id, story.title, tr.language, height, scroll=scroll, large=large, lesson=lesson
                ),
                **({"light": light_step_link(base, step.id, tr.language, lesson=lesson)} if light else {}),
            }
            for number, step in enumerate(steps, start=1)
        ],
        "texts": {
            "copy": tr.gettext("Copy link to this step"),
            "copied": tr.gettext("Link copied."),
            "failed": tr.gettext("Copying is not allowed here: copy the link below."),
            "link": tr.gettext("Link to this step"),
            "embed": tr.gettext("Embed in a web page or learning platform"),
            "start": tr.gettext("Start at step"),
            "snippet": tr.gettext("Code to paste"),
            "light": tr.gettext("Light link for phones and slow networks (the story alone)"),
        },
    }


@st.cache_resource(show_spinner=False, max_entries=32)
def _encoded_share_data(
    _story: Story,
    story_key: tuple[str, str, int],
    _tr: Translator,
    language: str,
    base: str,
    height: int,
    scroll: bool,
    light: bool,
    large: bool = False,
    lesson: str | None = None,
) -> bytes:
    # Once per story, language, address and panel settings, not per page: a class opens the same link.
    # Keyed as the player's data is (components/player.py): a new load of the file is a new object.
    return payload(share_data(_story, _tr, base, height, scroll=scroll, light=light, large=large, lesson=lesson))


def render_share(story: Story, tr: Translator) -> None:
    with st.popover(tr.gettext("Share and embed"), width="stretch"):
        lesson = _lesson_choice(story, tr)
        height = st.number_input(
            tr.gettext("Height in pixels"),
            min_value=400,
            max_value=2000,
            value=DEFAULT_EMBED_HEIGHT,
            step=20,
            key=HEIGHT_KEY,
        )
        scroll = st.checkbox(
            tr.gettext("As one scrolling page (the map follows the text)"),
            key=SCROLL_KEY,
            help=tr.gettext("The link and the code open the story with every step in one column: ?mode=scroll."),
        )
        large = st.checkbox(
            tr.gettext("Large text for a projector"),
            key=LARGE_KEY,
            help=tr.gettext(
                "The link and the code open the story with text and map names for the back of a room: ?size=large."
            ),
        )
        story_key = (story.id, story.language, id(story))
        # The light page plays the server's own story: not a story or a draft chosen by the address.
        light = st.query_params.get("story") is None and st.query_params.get("preview") is None
        data = _encoded_share_data(
            _story=story, story_key=story_key, _tr=tr, language=tr.language, base=base_url(), height=int(height),
            scroll=scroll, light=light, large=large, lesson=lesson,
        )  # fmt: skip
        _share_panel(key="share-panel", data=data)
        st.caption(
            tr.gettext(
                "Moodle: add a Page or Label, switch the editor to HTML and paste the code. "
                "Canvas: in the Rich Content Editor choose Insert → Embed. Google Sites: Insert → Embed → "
                "Embed code. Platforms that refuse iframes (e.g. Google Classroom): share the link instead, "
                "or upload the offline copy."
            )
        )


def _lesson_choice(story: Story, tr: Translator) -> str | None:
    """What the link and the code play: the whole story or one of its lessons (at first, the address's)."""
    if not story.lessons:
        return None
    choices: list[str | None] = [None, *(lesson.id for lesson in story.lessons)]
    titles = {lesson.id: lesson.title for lesson in story.lessons}
    minutes = {lesson.id: lesson.minutes for lesson in story.lessons}

    def label(choice: str | None) -> str:
        if choice is None:
            return tr.gettext("The whole story")
        if minutes[choice]:
            return tr.gettext("{lesson} (about {minutes} min)").format(lesson=titles[choice], minutes=minutes[choice])
        return titles[choice]

    asked = st.query_params.get("lesson")
    default = choices.index(asked) if asked in choices else 0
    return st.selectbox(tr.gettext("What to share"), choices, index=default, format_func=label, key=LESSON_KEY)
