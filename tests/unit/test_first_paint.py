"""The page's first styles go out in its HTML (story/server/first_paint.py), and only in the page's.

Driven as an ASGI application, as uvicorn calls it (tests/unit/test_server.py's `call`), with a stand-in
for Streamlit's static handler that answers as it does: the page with its length and validators.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from components.page import FIRST_PAINT_STYLES
from story.server.asgi import Guard
from story.server.first_paint import FirstPaint, with_styles
from tests.unit.test_server import call

PAGE = b"<!doctype html><html><head><title>Story</title></head><body><div id=root></div></body></html>"
SCRIPT = b"console.log('bundle')"


async def streamlit(scope: Any, receive: Any, send: Any) -> None:
    """Stands for Streamlit's static handler: its bundle by path, the page for anything else."""
    body, kind = (SCRIPT, b"text/javascript") if scope["path"].startswith("/static/") else (PAGE, b"text/html")
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"etag", b'"streamlit"')]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    # In two pieces, as a file is sent in chunks.
    await send({"type": "http.response.body", "body": body[:20], "more_body": True})
    await send({"type": "http.response.body", "body": body[20:]})


def styles_of(html: bytes) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", html.decode(), flags=re.S)


def test_the_page_carries_the_first_paint_styles_in_its_head():
    reply, _ = call(FirstPaint(streamlit, FIRST_PAINT_STYLES), "/")
    assert reply.status == 200
    assert styles_of(reply.body) == [FIRST_PAINT_STYLES.read_text(encoding="utf-8")]
    assert reply.body.index(b"<style>") < reply.body.index(b"</head>")
    assert reply.header("content-length") == str(len(reply.body))
    # Streamlit's validators named its own file: a browser must not keep this page as that file.
    assert reply.header("etag") == ""


def test_a_page_of_the_app_at_another_address_carries_them_too():
    reply, _ = call(FirstPaint(streamlit, FIRST_PAINT_STYLES), "/edit")
    assert len(styles_of(reply.body)) == 1


def test_streamlits_bundle_and_the_apps_files_go_out_as_they_are():
    for path in ("/static/js/index.js", "/files/pages/preview.html", "/_stcore/health"):
        reply, _ = call(FirstPaint(streamlit, FIRST_PAINT_STYLES), path)
        assert b"<style>" not in reply.body, path
        assert reply.header("etag") == '"streamlit"', path


def test_a_compressed_page_is_left_alone():
    async def compressed(scope: Any, receive: Any, send: Any) -> None:
        headers = [(b"content-type", b"text/html"), (b"content-encoding", b"gzip")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"\x1f\x8b..."})

    reply, _ = call(FirstPaint(compressed, FIRST_PAINT_STYLES), "/")
    assert reply.body == b"\x1f\x8b..."


def test_behind_the_guard_the_page_keeps_its_security_headers(tmp_path: Path):
    reply, _ = call(Guard(FirstPaint(streamlit, FIRST_PAINT_STYLES), tmp_path), "/")
    assert "object-src 'none'" in reply.header("content-security-policy")
    assert len(styles_of(reply.body)) == 1


def test_a_page_without_a_head_is_sent_unchanged():
    assert with_styles(b"<p>no head</p>", "p { color: red }") == b"<p>no head</p>"


def test_the_first_paint_styles_cannot_end_their_style_element():
    # Put into the HTML as they are: a "<" could close the <style> and the rest would be markup.
    assert "<" not in FIRST_PAINT_STYLES.read_text(encoding="utf-8")
