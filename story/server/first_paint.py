"""The page's first paint: styles in the HTML of the page itself, before Streamlit's scripts draw anything.

Streamlit has no way to add to its page's <head>, and every style the script sends arrives after the
page has been drawn once (docs/performance.md, "Layout shift"). The app sends its pages itself
(compress.py, from `Guard`), so the rules (components/first_paint.css) are put into a copy of
Streamlit's page once, before it is compressed, and that copy is what every page request gets.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from story.store.paths import write_atomically


def with_styles(page: bytes, css: str) -> bytes:
    """`page` with `css` in a <style> at the end of its <head>; unchanged if it has no </head>."""
    at = page.find(b"</head>")
    if at < 0:
        return page
    return page[:at] + b"<style>" + css.encode("utf-8") + b"</style>" + page[at:]


def styled_page(page: Path, styles: Path, folder: Path) -> Path:
    """A copy of `page` with `styles` in its head, in `folder`, named by its content: made once, and a
    new Streamlit or new styles make a new file (and so a new ETag for the browsers)."""
    sent = with_styles(page.read_bytes(), styles.read_text(encoding="utf-8"))
    name = f"page-{hashlib.sha256(sent).hexdigest()[:20]}.html"
    target = folder / name
    try:
        if not target.exists():
            write_atomically(target, sent)
    except OSError:
        # A data folder that cannot be written must not keep the story from playing (docs/deploy.md).
        target = Path(tempfile.mkdtemp(prefix="qantar-page-")) / name
        target.write_bytes(sent)
    return target
