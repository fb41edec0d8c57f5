"""A whole story as one self-contained HTML file: opens from disk, with no network.

Leaflet, the map controller and the geodata layers the story uses are inlined;
every step's narrative is rendered here, by the same functions as the app, and
the page's script only shows and hides steps and moves the map. Online tiles
are drawn when reachable; otherwise the map falls back to our own basemap.
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from geodata.catalog import MAP_ATTRIBUTION, PUBLISHED_DIR, LayerCatalog
from story.format.model import Story
from story.map.folium_map import DEFAULT_TILES, tile_provider
from story.map.state import BASEMAP_LAYER, map_config, map_texts, step_state
from story.reader import narrative as presentation
from story.reader.i18n import Translator
from story.reader.text import escape, js_json

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _inline_script(text: str) -> Markup:
    # A script element ends at the first "</script", wherever it appears.
    return Markup(text.replace("</script", "<\\/script"))


def _inline_style(text: str) -> Markup:
    return Markup(text.replace("</style", "<\\/style"))


def step_fragment(story: Story, index: int, tr: Translator, catalog: LayerCatalog) -> str:
    step = story.steps[index]
    language = tr.language
    parts = []
    if index == 0 and story.source:
        parts.append(presentation.article_credit_html(story.source, tr, language))
    parts.append(presentation.body_html(step))
    if step.quote:
        parts.append(presentation.quote_html(step.quote, tr))
    if step.media:
        parts.append(presentation.media_html(step.media, tr))
    if step.other_sources:
        parts.append(presentation.other_sources_html(step.other_sources, tr, language))
    if step.sources:
        parts.append(presentation.sources_html(step.sources, tr, language))
    if step.discussion:
        summary = escape(tr.gettext("For discussion"))
        parts.append(
            f'<details class="sx-discussion"><summary>{summary}</summary>'
            f"{presentation.discussion_html(step.discussion)}</details>"
        )
    parts.append(presentation.legend_html(step, catalog, tr, language))
    return "".join(parts)


def used_layers(story: Story, catalog: LayerCatalog) -> list[str]:
    used = {ref.id for step in story.steps for ref in step.layers}
    for step in story.steps:
        for target in step.view.fit or []:
            used.add(target.partition(":")[0])
    used.add(BASEMAP_LAYER)
    return sorted(layer for layer in used if layer in catalog.layers)


def export_html(
    story: Story,
    catalog: LayerCatalog,
    tr: Translator,
    tiles: str = DEFAULT_TILES,
    published_dir: Path = PUBLISHED_DIR,
) -> str:
    """The story as one HTML document."""
    language = tr.language
    texts = map_texts(tr, MAP_ATTRIBUTION)
    provider = tile_provider(tiles)
    config = map_config(story, catalog, texts, language, "", provider is not None)
    config["inlineLayers"] = {
        layer_id: json.loads(_read(published_dir / f"{layer_id}.json")) for layer_id in used_layers(story, catalog)
    }
    place_steps: dict[str, list[int]] = {}
    for index, step in enumerate(story.steps):
        for place in step.places:
            place_steps.setdefault(place.key, []).append(index)
    data = {
        "config": config,
        "states": [step_state(story, i, catalog, "system") for i in range(len(story.steps))],
        "placeSteps": place_steps,
        "counter": tr.gettext("Step {number} of {total}"),
        "tiles": (
            {
                "url": provider.build_url(),
                "attribution": provider.html_attribution,
                "maxZoom": min(int(provider.get("max_zoom", 18)), 18),
                "subdomains": provider.get("subdomains", "abc"),
            }
            if provider is not None
            else None
        ),
    }
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    template = environment.get_template("export.html")
    return template.render(
        language=language,
        story=story,
        texts={
            "map": tr.gettext("Map"),
            "story": tr.gettext("Story"),
            "navigation": tr.gettext("Step navigation"),
            "previous": tr.gettext("Previous"),
            "next": tr.gettext("Next"),
            "jump": tr.gettext("Jump to step"),
            "reduce_motion": tr.gettext("Reduce motion"),
            "credits": tr.gettext("Credits and sources of data"),
        },
        steps=[
            {
                "id": step.id,
                "title": step.title,
                "date": presentation.step_date(step, language),
                "html": Markup(step_fragment(story, index, tr, catalog)),
            }
            for index, step in enumerate(story.steps)
        ],
        credits_html=Markup(
            presentation.credits_html(
                story, tr, language, presentation.attributions(provider.attribution if provider else None)
            )
        ),
        data_json=Markup(js_json(data)),
        leaflet_css=_inline_style(_read(STATIC_DIR / "vendor" / "leaflet" / "leaflet.css")),
        storymap_css=_inline_style(
            _read(STATIC_DIR / "storymap" / "storymap.css") + _read(STATIC_DIR / "storymap" / "narrative.css")
        ),
        export_css=_inline_style(_read(TEMPLATES / "export.css")),
        leaflet_js=_inline_script(_read(STATIC_DIR / "vendor" / "leaflet" / "leaflet.js")),
        storymap_js=_inline_script(_read(STATIC_DIR / "storymap" / "storymap.js")),
        export_js=_inline_script(_read(TEMPLATES / "export.js")),
    )
