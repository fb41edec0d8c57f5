"""Every response of a phone's first view, one line each: `python -m bench.page_weight [--network slow_4g]`.

What `make bench`'s phone part (bench/phone.py) sums, listed: for each page of `phone.pages()` (the app on
a step, its offline copy, the floor), a first visit at 375x667 with tiles blocked, and for each response
its status, bytes on the wire, decoded size, encoding and Cache-Control. A text file of 1 KB or more
sent plain, or a response that neither lives in the cache nor is revalidated, is marked `!`.
"""

from __future__ import annotations

import argparse
import sys

from playwright.sync_api import sync_playwright

from bench import browser_bench as bb
from bench.phone import NETWORKS, PHONE, TEXT, Tap, pages, settle
from bench.servers import app_server, floor_server
from tests.support.browser import EXTERNAL
from tests.support.wire import Fetched, record


def flagged(fetched: Fetched) -> bool:
    text = any(kind in fetched.content_type for kind in TEXT)
    plain = text and fetched.body_bytes >= 1024 and not fetched.encoding
    cached = "immutable" in fetched.cache_control or "no-cache" in fetched.cache_control
    return plain or not cached


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.page_weight", description=__doc__.splitlines()[0])
    parser.add_argument("--network", choices=sorted(NETWORKS), help="emulate a phone network (default: none)")
    args = parser.parse_args(argv)
    network = NETWORKS.get(args.network) if args.network else None
    with (
        app_server("weigh-app", ["--tiles", "none"]) as app,
        floor_server("weigh-floor") as floor,
        Tap(app.port) as app_tap,
        Tap(floor.port) as floor_tap,
        sync_playwright() as playwright,
    ):
        taps = {"app": app_tap, "floor": floor_tap}
        browser = bb.launch(playwright)
        for page in pages():
            tap = taps[page.server]
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            tab = context.new_page()
            tab.add_init_script(page.observer())
            tab.route(EXTERNAL, lambda route: route.abort())
            wire = record(tab, network)
            tap.take()
            tab.goto(tap.url() + page.path)
            tab.wait_for_function(f"() => window.__bench && window.__bench.{page.map or page.title} !== undefined")
            settle(tab, wire)
            context.close()
            tapped = tap.take()
            print(f"\n{page.name}: {tap.url()}{page.path}")
            for fetched in wire.fetched.values():
                if not fetched.url.startswith("http"):
                    continue
                mark = "!" if flagged(fetched) else " "
                path = fetched.url[len(tap.url()) :][:70]
                print(
                    f"{mark} {fetched.status:3} {fetched.wire_bytes:>8} {fetched.body_bytes:>8}"
                    f" {fetched.encoding or '-':5} {fetched.cache_control or '-':36} {path}"
                )
            print(
                f"  {wire.requests} requests, HTTP {wire.http_wire_bytes / 1024:.1f} KB on the wire,"
                f" websocket {tapped['websocket'] / 1024:.1f} KB on the wire"
                f" ({wire.frame_bytes_received / 1024:.1f} KB of messages as read)"
            )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
