"""What the page loads, sent compressed and cached by the app (story/server/compress.py), each file compressed once."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import pytest
from starlette.responses import PlainTextResponse

from story.server.asgi import Guard
from story.server.compress import Folder, StaticBundle, chosen_encoding
from tests.unit.test_server import call

SCRIPT = b"function storyMap(){return 'a step beside a map';}\n" * 200
LAYER = b'{"type": "FeatureCollection", "features": [' + b'{"type": "Feature", "properties": {}},' * 300 + b"{}]}"
PAGE = b"<!doctype html><html><head><script src='./static/js/index.Ab12Cd34.js'></script></head></html>" * 20
PICTURE = bytes(range(256)) * 40


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
    (root / "index.html").write_bytes(PAGE)
    (tmp_path / "secret.js").write_bytes(SCRIPT)
    app_static = tmp_path / "app" / "static"
    (app_static / "geodata").mkdir(parents=True)
    (app_static / "geodata" / "world.json").write_bytes(LAYER)
    (app_static / "geodata" / "tiny.json").write_bytes(b"{}")
    (app_static / "vendor").mkdir()
    (app_static / "vendor" / "layers.png").write_bytes(PICTURE)
    return StaticBundle(
        [
            Folder("/static/", root / "static", hashed_names=True),
            Folder("/app/static/", app_static, every_file=True, headers=(("Access-Control-Allow-Origin", "*"),)),
        ],
        tmp_path / "data" / "compressed",
        pages={"/": root / "index.html", "/edit": root / "index.html"},
    )


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
    outside = ("/static/../../secret.js", "/static/%2e%2e/secret.js", "/secret.js", "/static/js/none.js")
    outside += ("/app/static/../../secret.js", "/app/static//secret.js", "/app/static/a\0.js", "/app/static/geodata")
    for path in outside:
        assert bundle.source(path) is None, path


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
    assert plain.body == SCRIPT and plain.header("content-encoding") == ""
    assert plain.header("etag") != etag, "each encoding is its own copy to revalidate"
    tiny, _ = call(guard, "/static/js/tiny.js", headers=[("accept-encoding", "br")])
    assert tiny.body == b"plain from Streamlit", "left to Streamlit, which caches it already"


def test_the_apps_static_files_go_out_compressed_and_are_revalidated_with_a_304(tmp_path: Path):
    guard = Guard(_streamlit, tmp_path / "data", bundle=_bundle(tmp_path))
    reply, _ = call(guard, "/app/static/geodata/world.json", headers=[("accept-encoding", "gzip")])
    assert reply.status == 200
    assert reply.header("content-encoding") == "gzip"
    assert gzip.decompress(reply.body) == LAYER
    assert reply.header("cache-control") == "no-cache", "not named by content: the browser asks again"
    assert "Accept-Encoding" in reply.header("vary")
    assert reply.header("access-control-allow-origin") == "*", "as Streamlit's own answer"

    weak = f'W/{reply.header("etag")}, "other"'
    unchanged, _ = call(
        guard, "/app/static/geodata/world.json", headers=[("accept-encoding", "gzip"), ("if-none-match", weak)]
    )
    assert unchanged.status == 304 and unchanged.body == b""
    assert unchanged.header("etag") == reply.header("etag")


def test_the_apps_pictures_and_small_files_are_sent_as_they_are_with_revalidation(tmp_path: Path):
    guard = Guard(_streamlit, tmp_path / "data", bundle=_bundle(tmp_path))
    for path, body, kind in (
        ("/app/static/vendor/layers.png", PICTURE, "image/png"),
        ("/app/static/geodata/tiny.json", b"{}", "application/json"),
    ):
        reply, _ = call(guard, path, headers=[("accept-encoding", "br, gzip")])
        assert reply.status == 200 and reply.body == body, path
        assert reply.header("content-encoding") == "" and reply.header("content-type").startswith(kind)
        assert reply.header("cache-control") == "no-cache" and reply.header("etag")
        again, _ = call(guard, path, headers=[("if-none-match", reply.header("etag"))])
        assert again.status == 304


def test_the_page_itself_goes_out_compressed_with_its_policy_and_the_editors_cookie(tmp_path: Path):
    guard = Guard(_streamlit, tmp_path / "data", bundle=_bundle(tmp_path))
    for path in ("/", "/edit"):
        reply, _ = call(guard, path, headers=[("accept-encoding", "br")])
        assert reply.status == 200
        assert reply.header("content-encoding") == "br" and brotli.decompress(reply.body) == PAGE
        assert reply.header("content-type").startswith("text/html")
        assert reply.header("cache-control") == "no-cache"
        assert "object-src 'none'" in reply.header("content-security-policy")
        assert reply.header("set-cookie"), "the page still gives the editor's token"
    other, _ = call(guard, "/unknown", headers=[("accept-encoding", "br")])
    assert other.body == b"plain from Streamlit"


def test_a_revalidated_page_is_sent_whole_to_a_browser_that_has_no_editors_cookie(tmp_path: Path):
    guard = Guard(_streamlit, tmp_path / "data", bundle=_bundle(tmp_path))
    first, _ = call(guard, "/", headers=[("accept-encoding", "br")])
    token = first.header("set-cookie").split(";")[0]
    asked = [("accept-encoding", "br"), ("if-none-match", first.header("etag"))]

    kept, _ = call(guard, "/", headers=[*asked, ("cookie", token)])
    assert kept.status == 304 and kept.header("set-cookie") == ""
    lost, _ = call(guard, "/", headers=asked)
    assert lost.status == 200 and brotli.decompress(lost.body) == PAGE
    assert lost.header("set-cookie"), "a 304 would have left the browser without the editor's token"
