"""The story's offline copy, served by the app at an address of its own, compressed.

`/files/offline/<language>.html` is the export (story/outputs/export.py) of the story the server
plays, in that language, with our own basemap (it asks no other site for anything). It is made once
per story file, translation, language and player, written into the data folder with its brotli and
gzip copies, and sent as the browser accepts it: a phone on a slow link gets the whole lesson in
one small file that keeps working when the connection goes.
"""

from __future__ import annotations

import hashlib
import threading
from functools import cache
from pathlib import Path

from story.server.compress import SUFFIXES, compress
from story.store.paths import write_atomically

FOLDER = "offline"
LIGHT_FOLDER = "light"
URL = "files/offline/"
ROOT = Path(__file__).resolve().parents[2]
# What the copy is made of besides the story: a new player or template makes new copies.
PLAYER_PARTS = ("static/storymap", "story/outputs/templates")
HEADERS = {"Vary": "Accept-Encoding", "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}

_lock = threading.Lock()


@cache
def player_version() -> str:
    digest = hashlib.sha256()
    for part in PLAYER_PARTS:
        for path in sorted((ROOT / part).rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def languages(story_path: Path, original_language: str) -> set[str]:
    from story.format.files import translations_of

    return {original_language, *translations_of(story_path)}


def _key(story_path: Path, language: str, variant: str = "") -> str:
    from story.format.files import translations_of

    digest = hashlib.sha256(f"{language}|{player_version()}{variant}".encode())
    for path in (story_path, translations_of(story_path).get(language)):
        if path is not None:
            digest.update(b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


def offline_copy(story_path: Path, language: str, data_dir: Path) -> Path | None:
    """The copy's file in `language` (its `.br` and `.gz` beside it), made on the first call; None when
    the story has no such language or does not play."""
    return _made(story_path, language, data_dir, None)


def light_page(story_path: Path, language: str | None, data_dir: Path, tiles: str = "none") -> Path | None:
    """The light page (`/view`, story/server/light.py) in `language`, or in the story's own language when it
    has not that one; its `.br` and `.gz` beside it, made on the first call. None when the story does not
    play. Remembered for the process while the story's files are unchanged: a class joining at once costs
    a lookup each, not a load of the story."""
    from story.format.files import translations_of

    try:
        files = (story_path, *sorted(translations_of(story_path).values()))
        stamp = tuple((str(path), path.stat().st_mtime_ns) for path in files)
    except OSError:
        return None
    key = (stamp, language, tiles, str(data_dir))
    found = _light_made.get(key)
    if found is not None and found.exists():
        return found
    made = _made(story_path, language, data_dir, tiles, light=True)
    if made is not None:
        if len(_light_made) > 64:
            _light_made.clear()
        _light_made[key] = made
    return made


_light_made: dict[tuple, Path] = {}


def _made(
    story_path: Path, language: str | None, data_dir: Path, tiles: str | None, light: bool = False
) -> Path | None:
    from geodata.catalog import cached_catalog
    from story.format.loader import load_story
    from story.format.problems import StoryError
    from story.format.translation import localize
    from story.map.tiles import tile_config
    from story.outputs.export import LightPage, export_html
    from story.reader.i18n import translator

    catalog = cached_catalog()
    try:
        original = load_story(story_path, catalog)
    except (StoryError, OSError):
        return None
    known = languages(story_path, original.language)
    if language not in known:
        if not light:
            return None
        language = original.language
    folder, variant = (LIGHT_FOLDER, f"|light|{tiles}") if light else (FOLDER, "")
    target = data_dir / folder / f"{_key(story_path, language, variant)}.html"
    with _lock:  # one build at a time: a class opening the address at once waits for the one copy
        if not target.exists():
            shown = localize(original, story_path, language)
            if shown.problem is not None:
                return None
            html = export_html(
                shown.story,
                catalog,
                translator(language),
                tile_config(tiles) if tiles else None,
                shown.untranslated,
                story_dir=story_path.parent,
                publishers=shown.publishers,
                light=LightPage(tuple(sorted(known))) if light else None,
            ).encode("utf-8")
            for encoding, suffix in SUFFIXES.items():
                write_atomically(target.with_name(target.name + suffix), compress(html, encoding))
            write_atomically(target, html)
    return target
