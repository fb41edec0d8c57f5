"""The page's first styles go out in its HTML (story/server/first_paint.py), and only in the page's.

Driven as an ASGI application, as uvicorn calls it (tests/unit/test_server.py's `call`): the app's
`Guard` sends the pages itself (compressed once, story/server/compress.py), from a copy of
Streamlit's page with the styles in its head.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import brotli

from components.page import FIRST_PAINT_STYLES
from story.server.asgi import Guard
from story.server.compress import streamlit_static_root
from story.server.first_paint import styled_page, with_styles
from tests.unit.test_server import call

STYLES = FIRST_PAINT_STYLES.read_text(encoding="utf-8")


async def streamlit(scope: Any, receive: Any, send: Any) -> None:
    """Stands for what Streamlit answers itself: anything the Guard does not send."""
    body = b"from streamlit"
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": body})


def styles_of(html: bytes) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", html.decode(), flags=re.S)


def test_the_page_carries_the_first_paint_styles_in_its_head(tmp_path: Path):
    reply, _ = call(Guard(streamlit, tmp_path, page_styles=FIRST_PAINT_STYLES), "/")
    assert reply.status == 200
    assert styles_of(reply.body) == [STYLES]
    assert reply.body.index(b"<style>") < reply.body.index(b"</head>")
    # Streamlit's page otherwise as it is: its scripts are what draw the app.
    assert with_styles((streamlit_static_root() / "index.html").read_bytes(), STYLES) == reply.body


def test_the_editors_page_carries_them_too_and_compressed_the_same(tmp_path: Path):
    guard = Guard(streamlit, tmp_path, page_styles=FIRST_PAINT_STYLES)
    plain, _ = call(guard, "/edit")
    packed, _ = call(guard, "/edit", headers=[("accept-encoding", "br, gzip")])
    assert packed.header("content-encoding") == "br"
    assert brotli.decompress(packed.body) == plain.body
    assert styles_of(plain.body) == [STYLES]


def test_the_page_keeps_its_security_headers(tmp_path: Path):
    reply, _ = call(Guard(streamlit, tmp_path, page_styles=FIRST_PAINT_STYLES), "/")
    assert "object-src 'none'" in reply.header("content-security-policy")


def test_streamlits_bundle_and_answers_get_no_styles(tmp_path: Path):
    bundle_file = max((streamlit_static_root() / "static" / "js").glob("*.js"), key=lambda path: path.stat().st_size)
    guard = Guard(streamlit, tmp_path, page_styles=FIRST_PAINT_STYLES)
    script, _ = call(guard, f"/static/js/{bundle_file.name}")
    assert script.body == bundle_file.read_bytes()
    health, _ = call(guard, "/_stcore/health")
    assert health.body == b"from streamlit"


def test_new_styles_make_a_new_page_with_a_new_etag(tmp_path: Path):
    page = tmp_path / "index.html"
    page.write_bytes(b"<html><head></head><body></body></html>")
    css = tmp_path / "first.css"
    css.write_text("body { margin: 0 }", encoding="utf-8")
    first = styled_page(page, css, tmp_path / "cache")
    assert styled_page(page, css, tmp_path / "cache") == first  # made once
    css.write_text("body { margin: 1px }", encoding="utf-8")
    second = styled_page(page, css, tmp_path / "cache")
    assert second != first
    assert b"margin: 1px" in second.read_bytes()


def test_a_data_folder_that_cannot_be_written_still_gives_the_styled_page(tmp_path: Path):
    page = tmp_path / "index.html"
    page.write_bytes(b"<html><head></head><body></body></html>")
    css = tmp_path / "first.css"
    css.write_text("body { margin: 0 }", encoding="utf-8")
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("a file where the data folder should be")
    made = styled_page(page, css, not_a_folder / "compressed")
    assert made.read_bytes() == b"<html><head><style>body { margin: 0 }</style></head><body></body></html>"


def test_a_page_without_a_head_is_sent_unchanged():
    assert with_styles(b"<p>no head</p>", "p { color: red }") == b"<p>no head</p>"


def test_the_first_paint_styles_cannot_end_their_style_element():
    # Put into the HTML as they are: a "<" could close the <style> and the rest would be markup.
    assert "<" not in STYLES
