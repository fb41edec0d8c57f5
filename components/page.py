"""Page-level wiring: options, loading the story, styles, notices, credits."""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass, replace
from pathlib import Path

import streamlit as st

from geodata.catalog import LayerCatalog, cached_catalog
from story.contract import TileConfig
from story.format.files import FLAGSHIP, resolve_story_request
from story.format.last_good import LastGood
from story.format.loader import load_story
from story.format.model import Story
from story.format.problems import Problem, StoryError
from story.map.state import missing_layers
from story.map.tiles import DEFAULT_TILES
from story.outputs.media import refused_media
from story.present.address import public_url, public_url_from_environment
from story.reader import narrative
from story.reader.i18n import Translator
from story.reader.navigation import StepChoice, resolve_step
from story.reader.text import escape
from story.store.paths import saved_stories_dir

STYLES = Path(__file__).with_name("styles.css")
# In the page's HTML itself, before the script has sent anything (story/server/first_paint.py).
FIRST_PAINT_STYLES = Path(__file__).with_name("first_paint.css")
OPENING_KEY = "opening_step"


@dataclass(frozen=True)
class Options:
    story: Path
    tiles: str
    # Whether the editor may write story files on this server (`make edit`); never by default.
    allow_save: bool = False
    # The address the app is served under, for the class's join link (story/present/address.py).
    public_url: str | None = None


def command_line_options(argv: list[str]) -> Options:
    """`streamlit run app.py -- --story PATH --tiles NAME [--allow-save] [--public-url URL]` (all optional).

    Without `--public-url`, the environment's QANTAR_PUBLIC_URL; an address that cannot be one stops
    the start (`story.server.asgi.start_checks`)."""
    parser = argparse.ArgumentParser(prog="app.py", add_help=False)
    parser.add_argument("--story", type=Path, default=FLAGSHIP)
    parser.add_argument("--tiles", default=DEFAULT_TILES)
    parser.add_argument("--allow-save", action="store_true")
    parser.add_argument("--public-url", default=None)
    known, _ = parser.parse_known_args(argv)
    public = public_url(known.public_url) if known.public_url else public_url_from_environment()
    return Options(story=known.story, tiles=known.tiles, allow_save=known.allow_save, public_url=public)


def chosen_story(default: Path) -> tuple[Path, str | None]:
    """The story to play and, when `?story=` was refused, the refused value (shortened). A story the
    editor saved (in the data folder) replaces the one of the same file name."""
    saved = saved_stories_dir()
    requested = st.query_params.get("story")
    if requested is None:
        return _saved_or(default, saved), None
    path = resolve_story_request(requested, saved) or resolve_story_request(requested)
    if path is None:
        return _saved_or(default, saved), requested[:40]
    return _saved_or(path, saved), None


def _saved_or(path: Path, saved: Path) -> Path:
    copy = saved / path.name
    return copy if copy.is_file() else path


@dataclass(frozen=True)
class OpeningStep:
    step_id: str
    unknown_request: str | None = None


def opening_step(story: Story, presenter_step: str | None = None) -> OpeningStep:
    """The step a new page opens on, from its address (a follower's: the presenter's step); the same on
    every later rerun.

    After the first run the player in the browser knows the step, and the address the
    server is sent may be an old one (docs/architecture.md): it is read once per story.
    """
    remembered = st.session_state.get(OPENING_KEY)
    if isinstance(remembered, tuple) and remembered[0] == story.id:
        return remembered[1]
    requested = [presenter_step] if presenter_step else st.query_params.get_all("step")
    choice: StepChoice = resolve_step(story, requested)
    opening = OpeningStep(story.steps[choice.index].id, choice.unknown_request)
    st.session_state[OPENING_KEY] = (story.id, opening)
    return opening


def address_notice(opening: OpeningStep, refused_story: str | None, tr: Translator) -> str | None:
    """What the page says about its address, until the viewer moves on."""
    notices = []
    if refused_story is not None:
        notices.append(
            tr.gettext("There is no story called “{name}” here; showing the default story.").format(name=refused_story)
        )
    if opening.unknown_request is not None:
        notices.append(
            tr.gettext("There is no step “{step}” in this story; showing the first step.").format(
                step=opening.unknown_request
            )
        )
    return " ".join(notices) or None


@st.cache_resource(show_spinner=False, max_entries=16)
def _load(path: str, modified_ns: int, size: int) -> Story | StoryError:
    # Keyed on the file's mtime and size: an edited story is read again on the next rerun.
    try:
        return load_story(Path(path), catalog())
    except StoryError as error:
        return error


_LAST_GOOD: LastGood[Story] = LastGood()


def load(path: Path) -> Story | StoryError:
    """The story at `path`, or the last version of it that loaded in this process, or the problems
    that keep it from playing (a file broken while the app runs does not take the lesson down)."""
    try:
        stat = path.stat()
    except OSError as error:
        unreadable = Problem(str(path), 1, 1, "", f"cannot read the file: {error.strerror}")
        loaded: Story | StoryError = StoryError([unreadable])
    else:
        loaded = _load(str(path), stat.st_mtime_ns, stat.st_size)
    if isinstance(loaded, StoryError):
        logging.getLogger(__name__).warning("%s", loaded)
    return _LAST_GOOD.after(str(path), loaded)


def catalog() -> LayerCatalog:
    return cached_catalog()


def apply_styles() -> None:
    st.html(f"<style>{_styles()}</style>")


@st.cache_resource(show_spinner=False)
def _styles() -> str:
    from components.player import player_styles

    return STYLES.read_text(encoding="utf-8") + player_styles()


def render_story_error(error: StoryError, tr: Translator) -> None:
    # A viewer sees the file's name, never where the server keeps it.
    shown = [replace(problem, file=Path(problem.file).name) for problem in error.problems[:50]]
    items = "".join(f"<li><code>{escape(str(problem))}</code></li>" for problem in shown)
    more = len(error.problems) - 50
    extra = escape(tr.gettext("and {count} more").format(count=more)) if more > 0 else ""
    heading = escape(tr.gettext("This story cannot be shown yet"))
    intro = escape(tr.gettext("The story file has these problems (file:line:column: field: problem):"))
    advice = escape(tr.gettext("Fix them and reload this page, or list them in a terminal with:"))
    st.html(
        f'<div class="sm-error" role="alert"><h2>{heading}</h2><p>{intro}</p><ul>{items}</ul><p>{extra}</p>'
        f"<p>{advice}</p><pre>python -m story check &lt;file&gt;</pre></div>"
    )


def render_notice(text: str) -> None:
    st.html(f'<p class="sm-notice" role="status">{escape(text)}</p>')


def render_credits(story: Story, tr: Translator, tiles: TileConfig | None, translation_note: str | None) -> None:
    with st.expander(tr.gettext("Credits and sources of data"), expanded=False):
        attributions = narrative.attributions(tiles["attributionText"] if tiles else None)
        st.html(narrative.credits_html(story, tr, tr.language, attributions))
        if translation_note:
            label = escape(tr.gettext("Translation"))
            st.html(f'<p class="sm-translation-note"><strong>{label}:</strong> {escape(translation_note)}</p>')
            st.caption(tr.gettext("Translations were made for this project and may be corrected."))


def story_header_html(story: Story) -> str:
    subtitle = f'<p class="sm-subtitle">{escape(story.subtitle)}</p>' if story.subtitle else ""
    title = f'<p class="sm-story-title">{escape(story.title)}</p>'
    return f'<header class="sm-story-header">{title}{subtitle}</header>'


def render_notices(
    story: Story,
    story_dir: Path | None,
    catalog: LayerCatalog,
    tr: Translator,
    broken_translation: StoryError | None = None,
) -> None:
    """Short notices about what the map cannot show, media left out and a translation that cannot be used."""
    if broken_translation is not None:
        render_notice(
            tr.gettext("The translation of this story has problems ({count}); showing the original text.").format(
                count=len(broken_translation.problems)
            )
        )
    for layer_id, reason in missing_layers(story, catalog).items():
        render_notice(tr.gettext("Map layer “{layer}” is not shown: {reason}").format(layer=layer_id, reason=reason))
    for index, name, reason in _refused_media(story, (story.id, story.language, id(story)), story_dir):
        notice = tr.gettext("Step {number}: {file} is not shown ({reason}).")
        render_notice(notice.format(number=index + 1, file=name, reason=reason))


@st.cache_resource(show_spinner=False, max_entries=16)
def _refused_media(
    _story: Story, story_key: tuple[str, str, int], story_dir: Path | None
) -> list[tuple[int, str, str]]:
    # Keyed as the player's data is (components/player.py): a new load of the file is a new object.
    return refused_media(_story, story_dir)
