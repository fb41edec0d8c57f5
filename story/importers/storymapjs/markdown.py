"""StoryMapJS's HTML as our Markdown (text stays text, only known formatting becomes markup), and as plain text."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from story.importers.storymapjs.text import SPACES, Warn, clean, link_address, one_line, quoted, shorten, web_address

# Elements whose content is not text: scripts, styles, embedded players and documents.
_DROP = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "applet",
    "video", "audio", "canvas", "svg", "math", "head", "title", "textarea", "select", "button", "map", "meta",
    "link", "base", "form", "input",
}  # fmt: skip
_IMAGES = {"img", "picture", "source", "image"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "figure", "figcaption",
    "address", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "center", "fieldset", "details",
    "summary",
}  # fmt: skip
_BOLD = {"b", "strong"}
_ITALIC = {"i", "em", "cite", "dfn", "var"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Numbers StoryMapJS's Instagram import put into the text; shown with icons, meaningless as text.
_INSTAGRAM_COUNTERS = {
    "vco-media-instagram-likes",
    "vco-snapmap-instagram-posts",
    "vco-snapmap-instagram-followed_by",
    "vco-snapmap-instagram-follows",
}
_MAX_DEPTH = 64
_BR = "\ue000"  # a line break inside a paragraph, until paragraphs are assembled


class Node:
    __slots__ = ("attrs", "children", "tag")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def has_block(self) -> bool:
        return any(isinstance(c, Node) and (c.tag in _BLOCK or c.has_block()) for c in self.children)


class _TreeBuilder(HTMLParser):
    """A forgiving element tree: unmatched end tags are ignored, open ones closed at the end."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name.lower(), value or "")
        node = Node(tag.lower(), values)
        if node.tag in _BLOCK and self.stack[-1].tag == "p":
            self.stack.pop()  # a block closes an open paragraph, as browsers do
        if node.tag == "li" and self.stack[-1].tag == "li":
            self.stack.pop()
        self.stack[-1].children.append(node)
        if node.tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID and self.stack[-1].tag == tag.lower() and len(self.stack) > 1:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(clean(html))
    builder.close()
    return builder.root


class _Reporter:
    """Warnings about what an HTML fragment loses, once per kind and field."""

    def __init__(self, warn: Warn | None, field_name: str, on_counter: Callable[[], None] | None = None) -> None:
        self.sink = warn
        self.field_name = field_name
        self.on_counter = on_counter
        self.seen: set[str] = set()

    def warn(self, message: str) -> None:
        if self.sink is None or message in self.seen:
            return
        self.seen.add(message)
        self.sink(f"{message} (in the {self.field_name})")

    def dropped(self, node: Node) -> None:
        tag = node.tag
        if tag in _IMAGES:
            src = node.attrs.get("src") or node.attrs.get("srcset") or ""
            where = f": {shorten(one_line(src), 80)}" if web_address(src) else ""
            self.warn(f"a picture is left out{where}")
        elif tag == "script":
            self.warn("a script is removed")
        elif tag in {"style", "meta", "link", "base", "head", "title"}:
            pass  # styling and page metadata: nothing a reader saw as content
        elif tag in {"iframe", "frame", "object", "embed", "applet", "video", "audio", "canvas", "svg", "math"}:
            src = node.attrs.get("src") or node.attrs.get("data") or ""
            where = f": {shorten(one_line(src), 80)}" if web_address(src) else ""
            self.warn(f"embedded content ({tag}) is left out{where}")
        else:
            self.warn(f"a form or interactive element ({tag}) is left out")

    def event_handlers(self, node: Node) -> None:
        if any(name.startswith("on") for name in node.attrs):
            self.warn("script code in an attribute is removed")

    def counter(self) -> None:
        if self.on_counter is not None:
            self.on_counter()


class HtmlToMarkdown:
    """A slide's HTML as our Markdown: text stays text, only known formatting becomes markup."""

    def __init__(self, warn: Warn | None, field_name: str = "text", on_counter: Callable[[], None] | None = None):
        self.report = _Reporter(warn, field_name, on_counter)
        self.bold = 0
        self.italic = 0
        self.in_link = 0

    def convert(self, html: str) -> str:
        return "\n\n".join(self.blocks(parse_html(html))).strip()

    def blocks(self, node: Node) -> list[str]:
        out: list[str] = []
        run: list[str] = []
        for child in node.children:
            if isinstance(child, str):
                run.append(escape_inline(child))
                continue
            self.report.event_handlers(child)
            if child.tag in _BLOCK or (child.tag != "a" and child.has_block() and not self._skipped(child)):
                out.extend(_paragraphs("".join(run)))
                run = []
                out.extend(self.block(child))
            else:
                run.append(self.inline(child))
        out.extend(_paragraphs("".join(run)))
        return out

    def _skipped(self, node: Node) -> bool:
        return node.tag in _DROP or node.tag in _IMAGES or bool(node.classes() & _INSTAGRAM_COUNTERS)

    def block(self, node: Node) -> list[str]:
        if self._skipped(node):
            self.inline(node)  # reports it
            return []
        tag = node.tag
        if tag in {"ul", "ol"}:
            return self.list_block(node, ordered=tag == "ol")
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(node))
            if not inner:
                return []
            return ["\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))]
        if tag in _HEADINGS:
            # Our renderer has no headings inside a step: a heading becomes a bold line.
            self.bold += 1
            content = self.inline_children(node)
            self.bold -= 1
            return _paragraphs(_wrap(content, "**") if not self.bold else content)
        if tag == "hr":
            return []
        return self.blocks(node)

    def list_block(self, node: Node, ordered: bool) -> list[str]:
        items: list[list[str]] = []
        for child in node.children:
            if isinstance(child, str):
                if child.strip():
                    items.append(_paragraphs(escape_inline(child)))
                continue
            if child.tag in {"ul", "ol"} and items:
                items[-1].extend(self.block(child))  # a list right inside a list belongs to the item before it
                continue
            wrapper = Node("li", {})
            wrapper.children = child.children if child.tag == "li" else [child]
            self.report.event_handlers(child)
            if self._skipped(child):
                self.inline(child)
                continue
            items.append(self.blocks(wrapper))
        lines: list[str] = []
        number = 0
        for blocks in items:
            if not blocks:
                continue
            number += 1
            marker = f"{number}. " if ordered else "- "
            text = blocks[0]
            for block in blocks[1:]:
                separator = "\n" if block.startswith(("- ", "1. ")) else "\n\n"
                text += separator + block
            indent = " " * len(marker)
            body = "\n".join((indent + line if line else "") if i else line for i, line in enumerate(text.split("\n")))
            lines.append(marker + body)
        return ["\n".join(lines)] if lines else []

    def inline_children(self, node: Node) -> str:
        parts = []
        for child in node.children:
            parts.append(escape_inline(child) if isinstance(child, str) else self.inline(child))
        return "".join(parts)

    def inline(self, node: Node) -> str:
        tag = node.tag
        self.report.event_handlers(node)
        if tag in _DROP or tag in _IMAGES:
            self.report.dropped(node)
            return ""
        if node.classes() & _INSTAGRAM_COUNTERS:
            self.report.counter()
            return ""
        if tag == "br":
            return _BR
        if tag == "a":
            return self.link(node)
        if tag in _BOLD or tag in _HEADINGS:
            self.bold += 1
            content = self.inline_children(node)
            self.bold -= 1
            return content if self.bold else _wrap(content, "**")
        if tag in _ITALIC:
            self.italic += 1
            content = self.inline_children(node)
            self.italic -= 1
            return content if self.italic else _wrap(content, "*")
        content = self.inline_children(node)
        if tag in _BLOCK:
            return f" {content} "
        return content

    def link(self, node: Node) -> str:
        self.in_link += 1
        content = self.inline_children(node)
        self.in_link -= 1
        href = node.attrs.get("href")
        if self.in_link or href is None:
            return content
        url = link_address(href)
        if url is None:
            if clean(href).strip():
                self.report.warn(f"a link to {quoted(href, 60)} is removed, its text kept")
            return content
        lead, core, trail = _split_edges(content)
        if not core:
            core = escape_inline(url)
        return f"{lead}[{core}]({_markdown_destination(url)}){trail}"


def plain_text(html: str, warn: Warn | None, field_name: str) -> str:
    """An HTML fragment (headline, caption, credit, place name) as one line of plain text."""
    if not html:
        return ""
    report = _Reporter(warn, field_name)
    parts: list[str] = []

    def walk(node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
                continue
            report.event_handlers(child)
            if child.tag in _DROP or child.tag in _IMAGES:
                report.dropped(child)
                continue
            if child.classes() & _INSTAGRAM_COUNTERS:
                continue
            if child.tag == "a" and clean(child.attrs.get("href", "")).strip():
                report.warn(f"the link to {quoted(child.attrs['href'], 60)} is removed: this field is plain text")
            if child.tag in _BLOCK or child.tag == "br":
                parts.append(" ")
            walk(child)
            if child.tag in _BLOCK:
                parts.append(" ")

    walk(parse_html(html))
    return one_line("".join(parts))


# ---------------------------------------------------------------------------
# Markdown escaping

_ENTITY_LIKE = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<])")
_LINE_START = re.compile(r"^([#>+\-=~|])")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")


def escape_inline(text: str) -> str:
    """Text that Markdown shows as it is: no emphasis, links, code, HTML or entities."""
    text = _INLINE_SPECIAL.sub(r"\\\1", clean(text))
    return _ENTITY_LIKE.sub(r"\\&", text)


def _escape_line_start(line: str) -> str:
    """Escape what would start a heading, quote, list, rule or fence at the start of a line."""
    line = _LINE_START.sub(r"\\\1", line)
    return _ORDERED_START.sub(r"\1\\\2", line)


def escape_markdown_line(text: str) -> str:
    return _escape_line_start(escape_inline(one_line(text)))


def _paragraphs(run: str) -> list[str]:
    """Inline Markdown with _BR marks -> paragraphs; two breaks in a row start a new paragraph."""
    text = SPACES.sub(" ", run)
    paragraphs = []
    for chunk in re.split(f"{_BR}(?: ?{_BR})+", text):
        lines = [line.strip() for line in chunk.split(_BR)]
        lines = [_escape_line_start(line) for line in lines if line]
        if lines:
            paragraphs.append("\\\n".join(lines))
    return paragraphs


def _split_edges(content: str) -> tuple[str, str, str]:
    """Leading whitespace, the content, trailing whitespace (breaks count as whitespace)."""
    match = re.match(rf"^([\s\u00a0{_BR}]*)(.*?)([\s\u00a0{_BR}]*)$", content, flags=re.DOTALL)
    assert match is not None
    return match[1], match[2], match[3]


def _wrap(content: str, marker: str) -> str:
    # `**text **` is not bold in Markdown: the spaces go outside the markers.
    lead, core, trail = _split_edges(content)
    if not core:
        return content
    return f"{lead}{marker}{core}{marker}{trail}"


def _markdown_destination(url: str) -> str:
    # Characters that would end or break a Markdown link destination are percent-encoded.
    return "".join({" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C"}.get(c, c) for c in url)
