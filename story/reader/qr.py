"""QR codes of addresses, as SVG: on a projected join screen now, on printed handouts later.

segno (pure Python, no dependencies) makes the code; the SVG is drawn on white with a quiet zone
of four modules, as scanners expect, and is at least `min_px` wide so a phone at the back of a
room can read it from a projector.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

import segno

from story.reader.text import escape


@lru_cache(maxsize=64)
def qr_svg(address: str, label: str, min_px: int = 240) -> str:
    """The address as a QR code in SVG, named `label` for screen readers."""
    code = segno.make(address, error="m")
    width, _ = code.symbol_size(scale=1, border=4)
    scale = max(1, math.ceil(min_px / width))
    svg = code.svg_inline(scale=scale, border=4, dark="#000", light="#fff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)


def qr_png(address: str, scale: int = 10) -> bytes:
    """The address as a QR code in PNG, for paper (fpdf2 prints it at the size it is given)."""
    buffer = io.BytesIO()
    segno.make(address, error="m").save(buffer, kind="png", scale=scale, border=4, dark="#000", light="#fff")
    return buffer.getvalue()
