"""Authored text on its way to a page: Markdown to safe HTML, and escaping.

Nothing a story author writes is trusted as HTML. Markdown is rendered with raw
HTML disabled (it shows as text), then the result is sanitized against an
allow-list (nh3): only formatting tags survive, links must be http(s) or
mailto, and every link opens in a new tab without access to our page.
The same function serves the app, the single-file export and the handout.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "hr", "del", "s", "sup", "sub",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_URL_SCHEMES = {"http", "https", "mailto"}
_SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)


def _validate_link(url: str) -> bool:
    return bool(_SAFE_LINK.match(url.strip()))


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
# markdown-it documents replacing validateLink on the instance; its types call it a method.
_markdown.validateLink = _validate_link  # type: ignore[method-assign]
# Authors write paragraphs, lists and emphasis; headings inside a step would compete
# with the step title, and images would load from the network (and could track).
_markdown.disable(["image", "heading", "lheading"])


# Texts up to this long are remembered (the last MARKDOWN_KEPT of them): an edit in the editor changes
# one text of a story, and its preview renders the others again as they were.
MARKDOWN_KEPT_CHARS = 16_000
MARKDOWN_KEPT = 1024


def render_markdown(text: str) -> str:
    """Authored Markdown as sanitized HTML, safe to put into any page."""
    text = text or ""
    return _rendered(text) if len(text) <= MARKDOWN_KEPT_CHARS else _render(text)


@lru_cache(maxsize=MARKDOWN_KEPT)
def _rendered(text: str) -> str:
    return _render(text)


def _render(text: str) -> str:
    rendered = _markdown.render(text)
    return nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )


def escape(text: object) -> str:
    """Plain authored text for an HTML page or a folium tooltip."""
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL if it is a web or mail address, else None (no `javascript:` links)."""
    if url and _validate_link(url):
        return url
    return None


def link(text: str, url: str | None) -> str:
    """An escaped link that opens in a new tab, or escaped text when there is no safe URL."""
    target = safe_url(url)
    if target is None:
        return escape(text)
    return f'<a href="{escape(target)}" target="_blank" rel="noopener noreferrer">{escape(text)}</a>'


def js_json(value: object) -> str:
    """JSON that can sit inside a <script> element or a JS string eval'd by a page."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
