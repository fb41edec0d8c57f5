"""Issue 27: `make run`'s own server sends Streamlit's main script compressed to a browser that asks."""

from __future__ import annotations

import re
import urllib.request

import brotli
import pytest

from tests.support.browser import wait_map_settled


def _get(url: str, headers: dict[str, str]) -> tuple[dict[str, str], bytes]:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as response:
        return {name.lower(): value for name, value in response.headers.items()}, response.read()


def test_streamlits_main_script_is_compressed_for_a_browser_that_accepts_it_and_plain_otherwise(flagship_server):
    _, page = _get(flagship_server.url + "/", {})
    main = re.search(rb'src="\.?/?(static/js/index\.[^"]+\.js)"', page)
    assert main, page[:500]
    address = f"{flagship_server.url}/{main.group(1).decode()}"

    headers, body = _get(address, {"Accept-Encoding": "br, gzip"})
    assert headers.get("content-encoding") == "br"
    assert "accept-encoding" in headers.get("vary", "").lower()
    plain_headers, plain = _get(address, {})
    assert "content-encoding" not in plain_headers
    assert brotli.decompress(body) == plain
    assert len(body) < len(plain) / 3


# Text worth compressing: what the page loads of it must arrive compressed (pictures and fonts as they are).
TEXT = ("javascript", "css", "json", "html")


@pytest.fixture(scope="module")
def offline_server(start_server):
    """The flagship with no tiles: the page asks no other site, so nothing is routed (Playwright's routing
    turns the browser's cache off, and the cache is what a return visit is about)."""
    return start_server("--tiles", "none")


def test_a_phones_first_view_gets_every_text_file_compressed_and_a_return_visit_downloads_almost_nothing(
    browser, offline_server
):
    """Issue 27: the page, Streamlit's bundle, Leaflet and the geodata, from `make run` without a proxy."""
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    with page.expect_response(lambda response: response.url.endswith("/geodata/world.json")):
        page.goto(offline_server.url + "/?step=csto")
        wait_map_settled(page)
    ours = [r for r in responses if r.url.startswith(offline_server.url) and r.status == 200]
    loaded = {r.url.removeprefix(offline_server.url).split("?")[0] for r in ours}
    assert {"/", "/app/static/vendor/leaflet/leaflet.js", "/app/static/geodata/world.json"} <= loaded

    uncompressed, uncached = [], []
    for response in ours:
        headers = response.all_headers()
        path = response.url.removeprefix(offline_server.url)
        if path.startswith("/_stcore/"):
            continue  # the server's own small answers (health, host-config): never cached, a few bytes
        text = any(kind in headers.get("content-type", "") for kind in TEXT)
        if text and len(response.body()) >= 1024 and headers.get("content-encoding") not in ("br", "gzip"):
            uncompressed.append(path)
        cache = headers.get("cache-control", "")
        if not ("immutable" in cache or ("no-cache" in cache and headers.get("etag"))):
            uncached.append(f"{path}: {cache!r}")
    assert not uncompressed, uncompressed
    assert not uncached, uncached

    # The same phone opening the lesson again (a new tab): what is named by content comes from its cache,
    # the rest (the page, Leaflet, the geodata) is asked again and answered with a 304, headers only.
    again = context.new_page()
    again.goto(offline_server.url + "/?step=csto")
    wait_map_settled(again)
    again.wait_for_function(LOADED_JS, arg="/app/static/geodata/world.json")
    entries = again.evaluate(ENTRIES_JS)
    mine = [e for e in entries if e["name"].startswith(offline_server.url)]
    downloaded = sum(e["transfer"] for e in mine)
    revalidated = {e["name"].removeprefix(offline_server.url) for e in mine if 0 < e["transfer"] < e["body"]}
    assert {"/app/static/geodata/world.json", "/app/static/vendor/leaflet/leaflet.js"} <= revalidated, revalidated
    assert downloaded < 40 * 1024, f"{downloaded} bytes downloaded again"
    context.close()


# Resource Timing: transferSize is 0 for a file from the cache, the headers' size for a 304, all for a download.
ENTRIES_JS = """() => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
  .map((e) => ({ name: e.name.split("#")[0], transfer: e.transferSize, body: e.encodedBodySize }))"""
LOADED_JS = """(path) => performance.getEntriesByType("resource")
  .some((e) => new URL(e.name).pathname === path && e.responseEnd > 0)"""
