"""Issue 27: `make run`'s own server sends Streamlit's main script compressed to a browser that asks."""

from __future__ import annotations

import re
import urllib.request

import brotli


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
