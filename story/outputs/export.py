"""A whole story as one self-contained HTML file: opens from disk, with no network.

The page is the same player as the app's (`static/storymap/`), with the same data
(`story.player.player_data`): Leaflet, the player and the geodata layers the story
uses are inlined, and the step lives in the address's fragment (`#step=<id>`). Online
tiles are drawn only when the author chose them, and then when reachable; otherwise the map
is our own basemap. Its Content-Security-Policy (`policy.py`) lets it ask no other site for
anything but those tiles and what the story names, and its referrer policy tells them nothing.
"""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from geodata.catalog import BASEMAP_DETAIL_LAYER, PUBLISHED_DIR, LayerCatalog
from story.contract import LightPageData, LightTexts, MapScript, PlayerData, TileConfig
from story.format.model import Story
from story.map.state import BASEMAP_LAYER
from story.outputs.media import inline
from story.outputs.policy import content_security_policy, third_parties
from story.player import player_data, player_script, without_comment_lines
from story.reader import narrative
from story.reader.i18n import Translator
from story.reader.text import js_json

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
PLAYER_DIR = STATIC_DIR / "storymap"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _inline_script(text: str) -> Markup:
    # A script element ends at the first "</script", wherever it appears.
    return Markup(text.replace("</script", "<\\/script"))


def _inline_style(text: str) -> Markup:
    return Markup(text.replace("</style", "<\\/style"))


@dataclass(frozen=True)
class LightPage:
    """What the app's light page (`/view`, story/server/light.py) adds to the copy: the step in the
    address's query (`?step=`, as on the app's page), a link to the full app that keeps the step, and a
    presenter followed through the server's event stream (`?follow=<code>`)."""

    languages: tuple[str, ...]


def light_texts(tr: Translator) -> LightTexts:
    """The light page's own words; `{code}` is filled in by its script."""
    return {
        "open": tr.gettext("Open the full app"),
        "following": tr.gettext("Following the presentation {code}."),
        "exploring": tr.gettext("Exploring on my own."),
        "again": tr.gettext("Follow again"),
        "down": tr.gettext("Lost touch with the presenter; following again as soon as the link is back."),
        "ended": tr.gettext("The presentation has ended; the story is yours to explore."),
        "unknown": tr.gettext(
            "No presentation with the code {code} is running: it has ended, or the code is mistyped. "
            "The story plays as usual."
        ),
        "limited": tr.gettext("Too many codes tried from here; wait a minute, then open the address again."),
    }


def light_data(light: LightPage, tr: Translator) -> LightPageData:
    return {"languages": list(light.languages), "texts": light_texts(tr)}


def used_layers(story: Story, catalog: LayerCatalog) -> list[str]:
    used = {ref.id for step in story.steps for ref in step.layers}
    for step in story.steps:
        for target in step.view.fit or []:
            used.add(target.partition(":")[0])
    used |= {BASEMAP_LAYER, BASEMAP_DETAIL_LAYER}
    return sorted(layer for layer in used if layer in catalog.layers)


def export_html(
    story: Story,
    catalog: LayerCatalog,
    tr: Translator,
    tiles: TileConfig | None,
    untranslated: frozenset[str] = frozenset(),
    published_dir: Path = PUBLISHED_DIR,
    story_dir: Path | None = None,
    offline: bool = False,
    scorm: bool = False,
    start: str | None = None,
    mode: str = "click",
    publishers: Mapping[str, str] | None = None,
    light: LightPage | None = None,
) -> str:
    """The story as one HTML document, with the pictures beside it in `story_dir` inlined. Offline (and
    without tiles) it asks the web for nothing: no tiles, no pictures or videos on the web. It opens on
    the step its address names (#step=, or ?step= on the light page), else on `start`, else on the first."""
    online = tiles is not None and not offline
    media = inline(story, story_dir, online)
    data: PlayerData = player_data(story, catalog, tr, tiles if online else None, untranslated, media=media)
    if start is not None:
        data["start"] = start
    if mode == "scroll":  # the copy opens as one scrolling page unless its address says ?mode=click
        data["mode"] = "scroll"
    # The layers' data is put into the page as encoded once per file and publishers' names (the
    # editor's preview exports the draft at every change): a placeholder in the data, then the text.
    layers = {
        layer_id: _inline_layer(published_dir / f"{layer_id}.json", publishers or {})
        for layer_id in used_layers(story, catalog)
    }
    data["mapConfig"] = {
        **data["mapConfig"],
        "inlineLayers": {layer_id: _PLACEHOLDER + layer_id for layer_id in layers},
    }
    template = _templates().get_template("export.html")
    attributions = narrative.attributions(tiles["attributionText"] if tiles and online else None)
    # Every script and style of the page, each in its own element, exactly as its policy hashes it.
    styles = [
        _inline_style(_read(STATIC_DIR / "vendor" / "leaflet" / "leaflet.css")),
        _inline_style(_read(PLAYER_DIR / "storymap.css") + _read(PLAYER_DIR / "player.css")),
        _inline_style(_read(TEMPLATES / "export.css")),
    ]
    scripts = [
        _inline_script(_read(STATIC_DIR / "vendor" / "leaflet" / "leaflet.js")),
        # The comments stay in the files; the copy carries the code alone (the one-megabyte budget).
        _inline_script(without_comment_lines(player_script())),
        _map_builder(data["map"]),
        *([_inline_script(_read(PLAYER_DIR / "scorm.js"))] if scorm else []),
        _inline_script(_read(TEMPLATES / ("light-host.js" if light else "export-host.js"))),
    ]
    head_scripts = [_inline_script(_read(TEMPLATES / "light-early.js"))] if light else []
    parties = third_parties(story, tiles if online else None, media.remote)
    return template.render(
        language=tr.language,
        story=story,
        texts={"credits": tr.gettext("Credits and sources of data"), "privacy": privacy_note(parties.hosts(), tr)},
        credits_html=Markup(narrative.credits_html(story, tr, tr.language, attributions)),
        data_json=Markup(_with_layers(js_json(data), layers)),
        styles=styles,
        scripts=scripts,
        head_scripts=head_scripts,
        light=light,
        light_json=Markup(js_json(light_data(light, tr))) if light else None,
        light_texts=light_texts(tr) if light else None,
        # The light page's script asks its own server for the presenter's steps, and nothing else.
        policy=content_security_policy([*head_scripts, *scripts], styles, parties, ["'self'"] if light else ()),
    )


# A value no story can hold by chance (new in each process), standing for a layer's data in the page's data.
_PLACEHOLDER = f"inline-layer-{secrets.token_hex(12)}:"


def _inline_layer(path: Path, publishers: Mapping[str, str]) -> str:
    stat = path.stat()
    return _encoded_layer(str(path), stat.st_mtime_ns, stat.st_size, tuple(sorted(publishers.items())))


@lru_cache(maxsize=32)
def _encoded_layer(path: str, mtime_ns: int, size: int, publishers: tuple[tuple[str, str], ...]) -> str:
    # Keyed on the file's time and size too: a layer built again is read again.
    return js_json(with_publishers(json.loads(_read(Path(path))), dict(publishers)))


def _with_layers(encoded: str, layers: Mapping[str, str]) -> str:
    """The page's data (`js_json`) with each layer's placeholder replaced by the layer's own encoding."""
    for layer_id, layer in layers.items():
        encoded = encoded.replace(js_json(_PLACEHOLDER + layer_id), layer, 1)
    return encoded


@cache
def _templates() -> Environment:
    # One per process: jinja2 compiles a template once per environment (the editor's preview exports
    # the draft at every change).
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))


def _map_builder(script: MapScript) -> Markup:
    """folium's map script as a function of the page, for the player to call: the policy forbids eval."""
    return _inline_script(f"window.storyMapBuild = function (L) {{\n{script['script']}\nreturn {script['id']};\n}};")


def privacy_note(hosts: list[str], tr: Translator) -> str:
    """What the copy tells its reader about the sites it asks for anything."""
    if not hosts:
        return tr.gettext("This copy asks no other website for anything: its maps and pictures are inside the file.")
    return tr.gettext("This copy asks only these websites for anything (map tiles, pictures, videos): {hosts}.").format(
        hosts=", ".join(hosts)
    )


def with_publishers(layer: dict, publishers: Mapping[str, str]) -> dict:
    """A layer whose reports name their publishers as the translation writes them ("via" in the reader's words)."""
    for feature in layer.get("features", []):
        for source in feature.get("properties", {}).get("sources", None) or []:
            if isinstance(source, dict) and source.get("publisher") in publishers:
                source["publisher"] = publishers[source["publisher"]]
    return layer


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                        http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="{identifier}-organization">
    <organization identifier="{identifier}-organization">
      <title>{title}</title>
      <item identifier="{identifier}-item" identifierref="{identifier}-player" isvisible="true">
        <title>{title}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{identifier}-player" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""


def scorm_manifest(story: Story, title: str) -> str:
    """The package's imsmanifest.xml: one organization, one item, the offline player as its one SCO.

    No mastery score: the checks are for practice, and a platform must not mark a lesson failed by them.
    """
    return MANIFEST.format(identifier="qantar-" + story.id, title=xml_escape(title))


def scorm_package(story: Story, html: str) -> bytes:
    """A SCORM 1.2 package (a zip): imsmanifest.xml at its root and the offline player as index.html."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("imsmanifest.xml", scorm_manifest(story, story.title))
        package.writestr("index.html", html)
    return buffer.getvalue()
