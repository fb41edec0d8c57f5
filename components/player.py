"""The story player in the app: one Streamlit component that changes step in the browser.

The component's script is the player itself (`static/storymap/`), the same code the
offline export inlines, followed by the app's host (`components/player.js`). Its data
is every step of the story in the reader's language (`story.player.player_data`):
the same JSON on every rerun, so Streamlit sends it once per page and language and
then only a reference to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import streamlit as st

from geodata.catalog import LayerCatalog
from story.contract import HostFields, PlayerData, TileConfig
from story.format.model import Story
from story.outputs.media import inline, publish
from story.player import encoded, opening_html, player_data, player_script, with_page_fields
from story.reader.i18n import Translator
from story.server import files
from story.store.paths import data_dir

ROOT = Path(__file__).resolve().parent.parent
PLAYER_DIR = ROOT / "static" / "storymap"
HOST_JS = Path(__file__).with_name("player.js")
APP_STATIC_JS = Path(__file__).with_name("app_static.js")
# The story's pictures, published into the data folder and served from there by the app's own route
# (story/server/files.py), inert; a draft's apart, cleaned when old.
PLAYER_KEY = "story-player"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


_player = st.components.v2.component(
    "qantar_player",
    js="\n".join((player_script(), _read(APP_STATIC_JS), _read(HOST_JS))),
    # The player draws into the page itself: Leaflet finds the map's element by id,
    # and the narrative takes the page's fonts.
    isolate_styles=False,
)


class BuiltPlayer(NamedTuple):
    """The player's data for one story, language, tiles and folder, and the same as JSON bytes."""

    data: PlayerData
    encoded: bytes


@st.cache_resource(show_spinner=False, max_entries=16)
def _built(
    _story: Story,
    story_key: tuple[str, str, int],
    _catalog: LayerCatalog,
    catalog_key: int,
    _tr: Translator,
    language: str,
    tiles_name: str,
    _tiles: TileConfig | None,
    untranslated: frozenset[str],
    story_dir: Path | None,
    draft: bool,
    _publishers: Mapping[str, str] | None = None,
) -> BuiltPlayer:
    # Keyed on the story (its id, language and the identity of the loaded object, which
    # the loader's own cache renews when the file changes), the catalog (one object per
    # geodata folder), the language, the tiles and the story's folder (its pictures).
    # Hashed on every run, the key is kept small: the Translator is keyed by its language
    # (`translator()` makes one per language and process; hashing its 357 strings took 8 ms
    # a run), a translation's publishers by the story object they came with (2 ms a run).
    folder, url = (files.DRAFT_MEDIA, files.DRAFT_MEDIA_URL) if draft else (files.MEDIA, files.MEDIA_URL)
    target = data_dir() / folder
    try:
        if draft:
            files.forget_old(target, files.DRAFT_MEDIA_LIFETIME_S, max_bytes=files.DRAFT_MEDIA_MAX_BYTES)
        media = publish(_story, story_dir, target, url, online=_tiles is not None)
    except OSError:
        # A data folder that cannot be written: the pictures go inside the page, as in the export (a
        # heavier page, but the story plays).
        media = inline(_story, story_dir, online=_tiles is not None)
    data = player_data(_story, _catalog, _tr, _tiles, untranslated, media=media, publishers=_publishers)
    # Encoded here, once per process: every page of a class is sent these bytes.
    return BuiltPlayer(data, encoded(data))


def render_player(
    story: Story,
    catalog: LayerCatalog,
    tr: Translator,
    tiles_name: str,
    tiles: TileConfig | None,
    untranslated: frozenset[str],
    story_dir: Path | None,
    start: str,
    notice: str | None,
    remove_from_address: list[str],
    draft: bool = False,
    publishers: Mapping[str, str] | None = None,
) -> str | None:
    """The player, opening on `start` the first time the page shows it. Returns what a presenter's tab
    sent back after a reload (its saved presentation), if it did in this run."""
    story_key = (story.id, story.language, id(story))
    # By keyword: Streamlit looks up a positional argument's name in the signature on every call.
    built = _built(
        _story=story, story_key=story_key, _catalog=catalog, catalog_key=id(catalog), _tr=tr, language=tr.language,
        tiles_name=tiles_name, _tiles=tiles, untranslated=untranslated, story_dir=story_dir, draft=draft,
        _publishers=publishers,
    )  # fmt: skip
    page_fields: HostFields = {"start": start, "notice": notice, "removeFromAddress": remove_from_address}
    # The opening step as plain HTML first: Streamlit draws it with the page's first
    # elements, while the component's code (and Streamlit's own for components) loads.
    with st.container(key="story-opening"):
        st.html(opening_html(built.data, start, notice, st.query_params.get("lesson")))
    data = with_page_fields(built.encoded, page_fields)
    result = _player(key=PLAYER_KEY, data=data, width="stretch", on_resume_change=lambda: None)
    return getattr(result, "resume", None)


def resume_sent() -> str | None:
    """What a presenter's tab sent back in this run (its saved presentation), read before the player is drawn."""
    state = st.session_state.get(PLAYER_KEY)
    saved = state.get("resume") if isinstance(state, Mapping) else None
    return saved if isinstance(saved, str) else None


def payload(data: object) -> bytes:
    """A component's data as JSON bytes: Streamlit passes bytes through as they are, where a dict
    would be searched value by value for data frames (importing pandas, about 65 MiB, to do it)."""
    return encoded(data)


def player_styles() -> str:
    """The player's styles, part of the page's own (the opening step is drawn with them before the player)."""
    return _read(PLAYER_DIR / "storymap.css") + _read(PLAYER_DIR / "player.css")
