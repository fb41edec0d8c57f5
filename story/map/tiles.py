"""The online basemap: an xyzservices provider named by the host, as one `TileConfig` for every output."""

from __future__ import annotations

from contextlib import suppress
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

from story.contract import TileConfig

# Tile providers by xyzservices name; "none" draws only our own vector basemap.
DEFAULT_TILES = "OpenStreetMap.Mapnik"
NO_TILES = "none"
MAX_ZOOM = 18


class UnknownTilesError(ValueError):
    """A tile provider name that xyzservices does not know."""


@cache
def tile_config(name: str) -> TileConfig | None:
    """The tiles called `name` ("CartoDB.Positron"), or None for "none".

    Cached: xyzservices searches its whole catalogue by name (~3 ms).
    """
    if not name or name.strip().lower() == NO_TILES:
        return None
    import xyzservices  # loads its catalogue: only hosts that draw tiles need it

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError as error:
        raise UnknownTilesError(f"unknown tiles '{name}': give an xyzservices name or '{NO_TILES}'") from error
    url = provider.build_url(scale_factor="{r}") if "{r}" in provider.url else provider.build_url()
    return {
        "name": provider.name,
        "url": url,
        "attribution": provider.html_attribution,
        "attributionText": _plain(provider.html_attribution) or provider.attribution,
        "maxZoom": min(int(provider.get("max_zoom", MAX_ZOOM)), MAX_ZOOM),
        "subdomains": provider.get("subdomains", "abc"),
    }


def tile_origins(tiles: TileConfig | None) -> tuple[str, ...]:
    """The origins (https://host) a browser asks for these tiles: one per subdomain when the address has `{s}`."""
    if tiles is None:
        return ()
    url = tiles["url"]
    if "{s}" not in url:
        return (origin(url),)
    return tuple(dict.fromkeys(origin(url.replace("{s}", subdomain)) for subdomain in tiles["subdomains"]))


def origin(url: str) -> str:
    """An address's scheme, host and port: what a Content-Security-Policy names."""
    parts = urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    host = (parts.hostname or "").lower()
    # A policy names hosts as the browser asks them: an international name in its ASCII form (one that
    # has none is left as written, and the policy then names nothing the browser would ask).
    with suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    return f"{parts.scheme.lower()}://{host}{port}"


def tile_hosts(tiles: TileConfig | None) -> list[str]:
    """The hosts a browser asks for these tiles, as a reader would be told them."""
    return [urlsplit(found).hostname or found for found in tile_origins(tiles)]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())
