"""Streamlit's bundle sent compressed by the app (story/server/compress.py), each file compressed once."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import pytest
from starlette.responses import PlainTextResponse

from story.server.asgi import Guard
from story.server.compress import StaticBundle, chosen_encoding
from tests.unit.test_server import call

SCRIPT = b"function storyMap(){return 'a step beside a map';}\n" * 200


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("br, gzip", "br"),
        ("gzip, deflate, br, zstd", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("identity", None),
        ("", None),
        (None, None),
        ("*", "br"),
        ("gzip;q=0, br;q=0", None),
    ],
)
def test_the_encoding_is_the_one_the_browser_accepts_brotli_first(header, chosen):
    assert chosen_encoding(header) == chosen


def _bundle(tmp_path: Path) -> StaticBundle:
    root = tmp_path / "streamlit-static"
    (root / "static" / "js").mkdir(parents=True)
    (root / "static" / "js" / "index.Ab12Cd34.js").write_bytes(SCRIPT)
    (root / "static" / "js" / "tiny.js").write_bytes(b"x=1")
    (root / "static" / "media").mkdir()
    (root / "static" / "media" / "font.Ab12Cd34.woff2").write_bytes(b"\0" * 5000)
    (tmp_path / "secret.js").write_bytes(SCRIPT)
    return StaticBundle(root, tmp_path / "data" / "compressed")


def test_a_bundle_file_is_compressed_once_and_read_from_disk_after(tmp_path: Path):
    bundle = _bundle(tmp_path)
    source = bundle.source("/static/js/index.Ab12Cd34.js")
    assert source is not None
    first = bundle.compressed(source, "br")
    assert brotli.decompress(first.path.read_bytes()) == SCRIPT
    assert len(first.path.read_bytes()) < len(SCRIPT) / 10
    assert first.cache_control.startswith("public, immutable")
    written = first.path.stat().st_mtime_ns
    os.utime(first.path, ns=(written - 10**9, written - 10**9))
    again = bundle.compressed(source, "br")
    assert again.path == first.path and again.path.stat().st_mtime_ns == written - 10**9, "not compressed again"
    assert gzip.decompress(bundle.compressed(source, "gzip").path.read_bytes()) == SCRIPT


def test_only_the_bundles_compressible_files_are_taken(tmp_path: Path):
    bundle = _bundle(tmp_path)
    assert bundle.source("/static/js/tiny.js") is None, "too small to gain"
    assert bundle.source("/static/media/font.Ab12Cd34.woff2") is None, "compressed already"
    for outside in ("/static/../../secret.js", "/static/%2e%2e/secret.js", "/secret.js", "/static/js/none.js"):
        assert bundle.source(outside) is None


async def _streamlit(scope, receive, send):
    await PlainTextResponse("plain from Streamlit")(scope, receive, send)


def test_the_app_sends_the_compressed_copy_to_a_browser_that_accepts_it_and_streamlits_otherwise(tmp_path: Path):
    guard = Guard(_streamlit, tmp_path / "data", bundle=_bundle(tmp_path))
    reply, _ = call(guard, "/static/js/index.Ab12Cd34.js", headers=[("accept-encoding", "gzip, deflate, br")])
    assert reply.status == 200
    assert reply.header("content-encoding") == "br"
    assert "Accept-Encoding" in reply.header("vary")
    assert reply.header("content-type").startswith("text/javascript")
    assert reply.header("x-content-type-options") == "nosniff"
    assert brotli.decompress(reply.body) == SCRIPT

    etag = reply.header("etag")
    unchanged, _ = call(
        guard, "/static/js/index.Ab12Cd34.js", headers=[("accept-encoding", "br"), ("if-none-match", etag)]
    )
    assert unchanged.status == 304 and unchanged.body == b""

    plain, _ = call(guard, "/static/js/index.Ab12Cd34.js")
    assert plain.body == b"plain from Streamlit" and plain.header("content-encoding") == ""
