"""An SVG drawing made safe by construction: parsed, then written again from an allow-list.

A checker that looks for dangerous things misses the ones nobody thought of: an XSLT stylesheet in
a processing instruction that writes a `<script>`, a SMIL `<set>` that turns a link into
`javascript:`, a CSS escape that spells `url(` (the security review, H1). So every host puts out
the drawing `sanitize_svg` writes, never the file's own bytes: only the SVG elements and
attributes listed here, in the SVG namespace, with no processing instruction, DOCTYPE, entity,
script, animation, foreign namespace or reference outside the drawing. What is not listed is
left out, whatever it is.

Only the standard library's expat: the format core stays light (docs/architecture.md).
"""

from __future__ import annotations

import re
from typing import NoReturn
from xml.parsers import expat

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Deeper than any drawing a person makes; bounds the work of writing it again.
MAX_DEPTH = 100


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FILTER_PRIMITIVES = _names(
    "feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap "
    "feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode "
    "feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence"
)
# No script, foreignObject, image, feImage, animation (set, animate*, mpath, discard) or a: each can run
# code, load something or change an attribute after the check. A link (`a`) keeps its drawing as a group.
ELEMENTS = _FILTER_PRIMITIVES | _names(
    "svg g defs desc title symbol use switch path rect circle ellipse line polyline polygon text tspan textPath "
    "linearGradient radialGradient stop pattern clipPath mask marker style filter"
)
_UNWRAPPED = {"a": "g"}
_WITH_TEXT = frozenset({"text", "tspan", "textPath", "title", "desc", "style"})
_DRAWN = frozenset({"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "use"})
ATTRIBUTES = _names(
    """id class style transform x y x1 y1 x2 y2 cx cy r rx ry d points width height viewBox preserveAspectRatio
    version baseProfile fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linecap
    stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color display visibility
    clip-path clip-rule mask filter font-family font-size font-weight font-style font-variant font-stretch
    text-anchor dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing text-decoration
    writing-mode direction unicode-bidi dx dy rotate textLength lengthAdjust startOffset method spacing side
    offset stop-color stop-opacity gradientUnits gradientTransform spreadMethod fx fy fr patternUnits
    patternContentUnits patternTransform clipPathUnits maskUnits maskContentUnits markerWidth markerHeight
    markerUnits refX refY orient marker-start marker-mid marker-end filterUnits primitiveUnits in in2 result
    stdDeviation mode operator k1 k2 k3 k4 type values tableValues slope intercept amplitude exponent
    kernelMatrix order divisor bias targetX targetY edgeMode preserveAlpha scale xChannelSelector
    yChannelSelector radius flood-color flood-opacity lighting-color surfaceScale diffuseConstant
    specularConstant specularExponent kernelUnitLength azimuth elevation pointsAtX pointsAtY pointsAtZ
    limitingConeAngle baseFrequency numOctaves seed stitchTiles color-interpolation color-interpolation-filters
    shape-rendering text-rendering image-rendering vector-effect paint-order overflow pathLength media role
    aria-label aria-hidden aria-labelledby aria-describedby lang systemLanguage"""
)
_INTERNAL_REFERENCE = re.compile(r"#[A-Za-z_][\w.\-]*")
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(\r\n|[\n\r\f])|(.))", re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*(.?)", re.IGNORECASE)
# CSS that can fetch, run or bind something, whatever it points at.
_CSS_FORBIDDEN = re.compile(
    r"@import|@font-face|image-set\(|image\(|cross-fade\(|element\(|src\(|expression\(|-moz-binding|behavior\s*:"
    r"|javascript:",
    re.IGNORECASE,
)


class SvgError(ValueError):
    """An SVG that cannot be read, or holds nothing that can be drawn safely, in words for the author."""


def unescape_css(text: str) -> str:
    """CSS text with its escapes read (`\\75rl(` is `url(`), as a browser reads them."""

    def read(match: re.Match[str]) -> str:
        code, newline, char = match.groups()
        if code is not None:
            number = int(code, 16)
            return chr(number) if 0 < number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF else "\ufffd"
        return "" if newline is not None else char

    return _CSS_ESCAPE.sub(read, text.replace("\x00", "\ufffd"))


def css_problem(text: str) -> str | None:
    """Why CSS (a style element or attribute, or a presentation attribute) may fetch or run something, or None.

    Read after its escapes and without its comments: only `url(#id)`, a reference inside the drawing, passes."""
    readings = (unescape_css(text), _CSS_COMMENT.sub("", unescape_css(text)), unescape_css(_CSS_COMMENT.sub("", text)))
    for reading in readings:
        forbidden = _CSS_FORBIDDEN.search(reading)
        if forbidden:
            return f"its styles use {forbidden.group(0)!r}, which can load something from outside the drawing"
        for match in _CSS_URL.finditer(reading):
            if match.group(2) != "#":
                return "its styles load something from outside the drawing (url() that is not #id)"
    return None


class _Node:
    __slots__ = ("attributes", "children", "name")

    def __init__(self, name: str, attributes: list[tuple[str, str]]) -> None:
        self.name = name
        self.attributes = attributes
        self.children: list[_Node | str] = []


def _parse(data: bytes) -> _Node:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.ordered_attributes = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Node] = []
    found: list[_Node] = []

    def refuse(*_: object) -> NoReturn:
        raise SvgError("an SVG with a DOCTYPE or entities is refused (they can read other files)")

    def start(name: str, flat: list[str]) -> None:
        node = _Node(name, list(zip(flat[::2], flat[1::2], strict=True)))
        (stack[-1].children if stack else found).append(node)
        stack.append(node)

    def end(_: str) -> None:
        stack.pop()

    def text(content: str) -> None:
        if stack:
            stack[-1].children.append(content)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    # Processing instructions (<?xml-stylesheet?>) and comments have no handler: they are not kept.
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise SvgError(f"the SVG cannot be read ({expat.ErrorString(error.code)}: line {error.lineno}, "
                       f"column {error.offset + 1})") from None  # fmt: skip
    return found[0]


def _split(name: str) -> tuple[str, str]:
    namespace, _, local = name.rpartition(" ")
    return namespace, local


def _escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
    return text


def _attribute(name: str, value: str) -> str | None:
    """The attribute as written again (name="value"), or None when it is left out."""
    namespace, local = _split(name)
    if local == "href" and namespace in ("", XLINK_NS):
        if not _INTERNAL_REFERENCE.fullmatch(value.strip()):
            return None
        return f'{"xlink:href" if namespace else "href"}="{_escape(value.strip(), True)}"'
    if namespace == XML_NS and local in ("space", "lang"):
        return f'xml:{local}="{_escape(value, True)}"'
    if namespace or local not in ATTRIBUTES or css_problem(value):
        return None
    return f'{local}="{_escape(value, True)}"'


def _write(node: _Node, svg_namespace: str, out: list[str], depth: int) -> bool:
    """Write the node if it is allowed; whether it or anything in it is drawn."""
    if depth > MAX_DEPTH:
        raise SvgError(f"the SVG is nested deeper than {MAX_DEPTH} elements")
    namespace, local = _split(node.name)
    if namespace != svg_namespace:
        return False
    local = _UNWRAPPED.get(local, local)
    if local not in ELEMENTS:
        return False
    if local == "style":
        css = "".join(child for child in node.children if isinstance(child, str))
        if css_problem(css):
            return False
    attributes = [written for name, value in node.attributes if (written := _attribute(name, value))]
    if depth == 0:
        attributes = [f'xmlns="{SVG_NS}"', f'xmlns:xlink="{XLINK_NS}"', *attributes]
    out.append(f"<{local}{''.join(' ' + attribute for attribute in attributes)}>")
    drawn = local in _DRAWN
    for child in node.children:
        if isinstance(child, str):
            if local in _WITH_TEXT:
                out.append(_escape(child))
        else:
            drawn = _write(child, svg_namespace, out, depth + 1) or drawn
    out.append(f"</{local}>")
    return drawn


def sanitize_svg(data: bytes) -> bytes:
    """The drawing written again with only what is safe to show (UTF-8, starting with `<svg`).

    Raises SvgError when the file cannot be read, is not an SVG, or nothing safe is left to draw."""
    root = _parse(data)
    namespace, local = _split(root.name)
    # A drawing without the SVG namespace is shown by no browser as one; it is written with it.
    if local != "svg" or namespace not in (SVG_NS, ""):
        raise SvgError("the file is XML but not an SVG drawing")
    out: list[str] = []
    if not _write(root, namespace, out, 0):
        raise SvgError("nothing in the SVG can be drawn safely (no shape or text is left once scripts, "
                       "animations and outside references are taken out)")  # fmt: skip
    return "".join(out).encode("utf-8")
