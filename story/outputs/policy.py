"""What an exported copy may ask other sites for, as its Content-Security-Policy.

An export is private unless its author chose otherwise: without tiles it requests nothing
from anyone (our own basemap, its pictures inlined as data URIs), and its policy says so to
the browser, so a script or an address slipped into a story could not make it call out
either. With tiles, the policy names the tile host, the hosts of the pictures the story shows
from the web, and the video players it embeds after the reader presses play: nothing else.

The policy goes in a `<meta>` (an exported file has no server to send headers): a meta policy
cannot say `frame-ancestors` (a learning platform frames the copy anyway), and it governs
everything after it, so it comes first in the `<head>`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from story.contract import TileConfig
from story.format.media import RemoteImage, RemoteVideo, resolve_src
from story.format.model import Story, is_remote
from story.map.tiles import origin, tile_origins

# An address's host as the policy may name it: an authored address whose host holds a ";" would add a
# directive of its own; its picture is then not named, and the browser does not ask for it.
PLAIN_ORIGIN = re.compile(r"^https://[a-z0-9.-]+(:[0-9]+)?$")


@dataclass(frozen=True)
class ThirdParties:
    """The origins (https://host) a copy may ask for something, by what it asks them for."""

    tiles: tuple[str, ...] = ()
    pictures: tuple[str, ...] = ()
    players: tuple[str, ...] = ()  # embedded video players, loaded only when the reader presses play

    def hosts(self) -> list[str]:
        """Every host named, once, in the order: tiles, pictures, players."""
        seen: dict[str, None] = {}
        for named in (*self.tiles, *self.pictures, *self.players):
            seen.setdefault(urlsplit(named).hostname or named, None)
        return list(seen)


def story_origins(story: Story) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The origins of the pictures a story shows from the web and of the video players it embeds."""
    pictures: dict[str, None] = {}
    players: dict[str, None] = {}
    for step in story.steps:
        for item in step.media:
            if item.src is None or not is_remote(item.src):
                continue
            found = resolve_src(item.src, item.type, None)
            if isinstance(found, RemoteImage) and PLAIN_ORIGIN.match(origin(found.url)):
                pictures.setdefault(origin(found.url), None)
            elif isinstance(found, RemoteVideo):
                players.setdefault(origin(found.embed_url), None)
    return tuple(pictures), tuple(players)


def third_parties(story: Story, tiles: TileConfig | None, remote_media: bool) -> ThirdParties:
    """Whom a copy with these tiles asks for anything; its pictures and players only when it shows them."""
    pictures, players = story_origins(story) if remote_media else ((), ())
    return ThirdParties(tile_origins(tiles), pictures, players)


def inline_hash(text: str) -> str:
    """The CSP source that allows one inline script or style whose text is exactly `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(
    scripts: Iterable[str], styles: Iterable[str], parties: ThirdParties, connect: Iterable[str] = ()
) -> str:
    """The copy's policy: its own inline scripts and styles, data: URIs, and the third parties named;
    `connect` names what its scripts may open a connection to (the app's light page: its own server)."""
    directives = {
        "default-src": ["'none'"],
        # Hashes, not 'unsafe-inline': an element or a handler slipped into the page would not run, and
        # no 'unsafe-eval': the export hands the player folium's map script as a function of the page.
        "script-src": [inline_hash(text) for text in scripts] or ["'none'"],
        "style-src": [inline_hash(text) for text in styles] or ["'none'"],
        "img-src": ["'self'", "data:", *parties.tiles, *parties.pictures],
        "media-src": ["'self'", "data:"],
        "frame-src": list(parties.players) or ["'none'"],
        "connect-src": list(connect) or ["'none'"],
        "font-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())
