"""A phone's first view over a phone network: bytes on the wire, requests, time to the title and the map.

Part of `make bench` (`--skip phone` leaves it out); `python -m bench.phone` runs it alone. Chromium at
375x667 (a phone: touch, mobile viewport), the network emulated by Chromium itself
(`Network.emulateNetworkConditions`: slow 4G and 4G), a first visit each time (a fresh context: cache
empty), tiles blocked. For each page of `pages()` (the app on a step, the offline copy the app serves,
the floor: a bare Streamlit page from bench/servers.py, all in the same run, interleaved) it records:

- bytes on the wire: each HTTP response's headers and body as encoded (DevTools' `encodedDataLength`),
  and the websocket's, counted twice: its messages as the page reads them (DevTools' frames, after
  permessage-deflate) and the bytes its connection really carried (a counting relay in front of the
  server, `Tap`: all the page's connections go through it, so the HTTP figure is checked too);
- requests (HTTP, with the page itself; the websocket's messages apart);
- navigation start -> the step's title on screen (the floor: its text) and -> the map drawn;
- where the bytes and seconds go: the page, Streamlit's bundle, fonts, Leaflet, the geodata, the
  websocket (the player's script and the story's data), each group's bytes and when its last file arrived.

Medians of `runs` loads per page and network, after one load of each that is not counted (the first
request for a file compresses it once, compress.py). The page list is a parameter: a follower's join
page is one more `PhonePage`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from bench import browser_bench as bb
from bench.servers import app_server, floor_server
from bench.stats import median, ratio
from tests.support.browser import EXTERNAL
from tests.support.wire import FAST_4G, SLOW_4G, Wire, record

PHONE: ViewportSize = {"width": 375, "height": 667}
NETWORKS = {"slow_4g": SLOW_4G, "4g": FAST_4G}
STEP = "csto"
LANGUAGE = "en"
# Issue 27's goals, on slow 4G.
APP_TO_FLOOR_GOAL = 0.35
OFFLINE_WIRE_GOAL_KB = 300
OFFLINE_TITLE_GOAL_MS = 2500
LOAD_TIMEOUT_MS = 180_000
# Text worth compressing: such a response of 1 KB or more sent plain is listed.
TEXT = ("javascript", "css", "json", "html")


@dataclass(frozen=True)
class PhonePage:
    """One page a phone opens: on which server (`app` or `floor`), at which address, and what marks its
    view as there: `title` (the step's title, or the floor's text) and, when it has a map, `map`."""

    name: str
    server: str
    path: str
    title: str = "title"
    map: str | None = "mapDrawn"

    def observer(self) -> str:
        return bb.FLOOR_OBSERVER if self.title == "floorText" else bb.APP_OBSERVER


def pages(step: str = STEP, language: str = LANGUAGE) -> list[PhonePage]:
    """The app on a step of the flagship, the light page (the one player with following, story/server/light.py),
    its offline copy served by the app, and the floor."""
    return [
        PhonePage("app", "app", f"/?step={step}"),
        PhonePage("light", "app", f"/view?step={step}&lang={language}"),
        PhonePage("offline", "app", f"/files/offline/{language}.html#step={step}"),
        PhonePage("floor", "floor", "/", title="floorText", map=None),
    ]


class Tap:
    """A relay on a port of its own in front of a server, counting the bytes sent to the browser.

    Counted per kind of connection: one that opens with Streamlit's websocket (`/_stcore/stream`) is
    the websocket (its upgrade and every frame as sent, compressed), any other is HTTP.
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self.counts = {"http": 0, "websocket": 0}
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"tap-{target_port}", daemon=True)

    def __enter__(self) -> Tap:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *_: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def url(self) -> str:
        return f"http://localhost:{self.port}"

    def take(self) -> dict[str, int]:
        """The counts since the last call."""
        with self._lock:
            counts, self.counts = self.counts, {"http": 0, "websocket": 0}
        return counts

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._relay, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _relay(self, browser_in: asyncio.StreamReader, browser_out: asyncio.StreamWriter) -> None:
        try:
            server_in, server_out = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            browser_out.close()
            return
        try:
            first = await browser_in.read(65536)
        except (ConnectionError, OSError):
            browser_out.close()
            server_out.close()
            return
        kind = "websocket" if b"/_stcore/stream" in first.split(b"\r\n", 1)[0] else "http"
        server_out.write(first)

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter, counted: bool) -> None:
            try:
                while chunk := await source.read(65536):
                    if counted:
                        with self._lock:
                            self.counts[kind] += len(chunk)
                    sink.write(chunk)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.close()

        await asyncio.gather(pipe(browser_in, server_out, False), pipe(server_in, browser_out, True))


GROUPS: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("fonts", lambda path: path.startswith("/static/media/")),
    ("streamlit_bundle", lambda path: path.startswith("/static/")),
    ("leaflet", lambda path: path.startswith("/app/static/vendor/")),
    ("geodata", lambda path: path.startswith("/app/static/geodata/")),
    ("streamlit_other", lambda path: path.startswith(("/_stcore/", "/favicon"))),
)

_RESOURCES_JS = """() => [
  ...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")
].map((e) => ({ name: e.name, end: e.responseEnd }))"""


def _group(path: str, page_path: str) -> str:
    if path == page_path.split("#")[0].split("?")[0]:
        return "page"
    return next((name for name, test in GROUPS if test(path)), "other")


def _breakdown(wire: Wire, base: str, page: PhonePage, ends: list[dict]) -> dict[str, dict]:
    """Bytes on the wire and the arrival of the last file, per group of files."""
    groups: dict[str, dict] = {}
    last = {entry["name"].split("#")[0]: entry["end"] for entry in ends}
    for fetched in wire.fetched.values():
        if not fetched.url.startswith(base):
            continue
        path = fetched.url[len(base) :].split("#")[0]
        group = groups.setdefault(_group(path.split("?")[0], page.path), {"kb": 0.0, "files": 0, "last_ms": 0.0})
        group["kb"] += fetched.wire_bytes / 1024
        group["files"] += 1
        group["last_ms"] = max(group["last_ms"], last.get(fetched.url.split("#")[0], 0.0))
    for group in groups.values():
        group["kb"], group["last_ms"] = round(group["kb"], 1), round(group["last_ms"])
    return groups


def settle(tab: Page, wire: Wire) -> None:
    """Wait for what is still on its way when the view is complete: it belongs to it (a font, a layer)."""
    tab.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
    deadline = time.monotonic() + 60
    while wire.pending() and time.monotonic() < deadline:
        tab.wait_for_timeout(50)  # DevTools' events for the last responses are still on their way


def _bytes_before(wire: Wire, ends: list[dict], moment_ms: float) -> int:
    """HTTP bytes on the wire of the responses complete before `moment_ms` (navigation start = 0)."""
    early = {entry["name"].split("#")[0] for entry in ends if 0 < entry["end"] <= moment_ms}
    return sum(f.wire_bytes for f in wire.fetched.values() if f.url.split("#")[0] in early)


def load(browser: Browser, base: str, page: PhonePage, network: dict[str, int], tap: Tap) -> dict:
    """One first visit of `page` on a phone over `network`: its marks, bytes and requests."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, reduced_motion="reduce")
    tab = context.new_page()
    tab.add_init_script(page.observer())
    tab.route(EXTERNAL, lambda route: route.abort())
    wire = record(tab, network)
    tap.take()
    tab.goto(base + page.path, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
    done = page.map or page.title
    tab.wait_for_function(f"() => window.__bench && window.__bench.{done} !== undefined", timeout=LOAD_TIMEOUT_MS)
    settle(tab, wire)
    marks = bb._marks(tab)
    ends = tab.evaluate(_RESOURCES_JS)
    frames = {
        "received": wire.frames_received,
        "payload_kb": round(wire.frame_bytes_received / 1024, 1),
        "sent_payload_kb": round(wire.frame_bytes_sent / 1024, 1),
    }
    context.close()
    tapped = tap.take()
    http = [f for f in wire.fetched.values() if f.url.startswith(("http:", "https:"))]
    http_kb = sum(f.wire_bytes for f in http) / 1024
    websocket_kb = tapped["websocket"] / 1024
    return {
        "title_ms": round(marks[page.title]),
        "map_ms": round(marks[page.map]) if page.map else None,
        "websocket_first_message_ms": round(marks["wsFirstMessage"]) if "wsFirstMessage" in marks else None,
        "requests": len(http),
        "http_kb": round(http_kb, 1),
        "websocket_kb": round(websocket_kb, 1),
        "total_kb": round(http_kb + websocket_kb, 1),
        "relay_http_kb": round(tapped["http"] / 1024, 1),
        "http_kb_before_title": round(_bytes_before(wire, ends, marks[page.title]) / 1024, 1),
        "websocket_messages": frames,
        "uncompressed_text": sorted(
            f.url[len(base) :]
            for f in http
            if f.body_bytes >= 1024
            and not f.encoding
            and any(t in f.content_type for t in ("javascript", "css", "json", "html"))
        ),
        "groups": _breakdown(wire, base, page, ends),
    }


def _medians(loads: list[dict]) -> dict:
    keys: tuple[str, ...] = (
        "title_ms",
        "map_ms",
        "websocket_first_message_ms",
        "requests",
        "http_kb",
        "http_kb_before_title",
    )
    keys += ("websocket_kb", "total_kb", "relay_http_kb")
    out: dict[str, Any] = {
        key: median([m[key] for m in loads if m[key] is not None]) for key in keys if loads[0][key] is not None
    }
    out["websocket_payload_kb"] = median([m["websocket_messages"]["payload_kb"] for m in loads])
    out["groups"] = {
        name: {
            field: median([m["groups"].get(name, {}).get(field, 0) for m in loads])
            for field in ("kb", "files", "last_ms")
        }
        for name in loads[0]["groups"]
    }
    out["uncompressed_text"] = sorted({path for m in loads for path in m["uncompressed_text"]})
    out["runs"] = len(loads)
    return out


def _goals(by_page: dict[str, dict]) -> dict:
    app, floor, offline = by_page.get("app"), by_page.get("floor"), by_page.get("offline")
    goals: dict = {}
    if app and floor:
        for key, label in (("title_ms", "title"), ("total_kb", "bytes")):
            value = ratio(app[key], floor[key])
            goals[f"app_to_floor_{label}"] = {
                "ratio": value,
                "goal": f"<= {APP_TO_FLOOR_GOAL}",
                "met": value is not None and value <= APP_TO_FLOOR_GOAL,
            }
    if offline:
        goals["offline_wire_kb"] = {
            "value": offline["total_kb"],
            "goal": f"<= {OFFLINE_WIRE_GOAL_KB}",
            "met": offline["total_kb"] <= OFFLINE_WIRE_GOAL_KB,
        }
        goals["offline_title_ms"] = {
            "value": offline["title_ms"],
            "goal": f"<= {OFFLINE_TITLE_GOAL_MS}",
            "met": offline["title_ms"] <= OFFLINE_TITLE_GOAL_MS,
        }
    return goals


def run(log: Callable[[str], None], runs: int = 3, phone_pages: list[PhonePage] | None = None) -> dict:
    """Every page of `phone_pages` (default `pages()`), `runs` first visits each on each network."""
    chosen = phone_pages or pages()
    results: dict = {"step": STEP, "viewport": PHONE, "networks": NETWORKS, "runs": runs}
    # Other work on the machine shows here: the times are only as quiet as the machine.
    results["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    with (
        app_server("phone-app", ["--tiles", "none"]) as app,
        floor_server("phone-floor") as floor,
        Tap(app.port) as app_tap,
        Tap(floor.port) as floor_tap,
        sync_playwright() as playwright,
    ):
        taps = {"app": app_tap, "floor": floor_tap}
        browser = bb.launch(playwright)
        results["chromium"] = browser.version
        # Not counted: the first request for each file makes its compressed copies.
        results["first_after_start"] = {
            page.name: load(browser, taps[page.server].url(), page, FAST_4G, taps[page.server]) for page in chosen
        }
        for name, network in NETWORKS.items():
            loads: dict[str, list[dict]] = {page.name: [] for page in chosen}
            for n in range(runs):
                for page in chosen:  # interleaved: drift on the machine hits every page alike
                    marks = load(browser, taps[page.server].url(), page, network, taps[page.server])
                    loads[page.name].append(marks)
                    log(
                        f"phone {name} {n + 1}/{runs} {page.name}: title {marks['title_ms']} ms,"
                        f" map {marks['map_ms']} ms, {marks['total_kb']} KB ({marks['websocket_kb']} KB websocket),"
                        f" {marks['requests']} requests"
                    )
            by_page = {page: _medians(marks) for page, marks in loads.items()}
            results[name] = {"pages": by_page, "goals": _goals(by_page), "loads": loads}
        browser.close()
    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return results


def figures(results: dict) -> dict[str, dict]:
    """The summary's figures (as `make bench` writes them, with their goals) from `run`'s results."""
    slow = results["slow_4g"]["pages"]
    out: dict[str, dict] = {}
    what = "a phone's first visit on slow 4G (1.6 Mbit/s, 150 ms), 375x667, tiles blocked, medians"
    if "app" in slow and "floor" in slow:
        for key, name, unit, label in (
            ("title_ms", "phone_slow_4g_to_title_ms", "ms", "navigation start -> the step's title (floor: its text)"),
            ("total_kb", "phone_slow_4g_kb", "KB", "bytes on the wire: HTTP as encoded and the websocket's"),
        ):
            value = ratio(slow["app"][key], slow["floor"][key])
            out[name] = {
                "app": slow["app"][key],
                "floor": slow["floor"][key],
                "ratio": value,
                "goal": f"ratio <= {APP_TO_FLOOR_GOAL}",
                "met": value is not None and value <= APP_TO_FLOOR_GOAL,
                "unit": unit,
                "fast_4g": {page: marks[key] for page, marks in results["4g"]["pages"].items()},
                "what": f"{label}; {what}",
            }
    if "light" in slow and "floor" in slow:
        light = slow["light"]
        title_ratio = ratio(light["title_ms"], slow["floor"]["title_ms"])
        bytes_ratio = ratio(light["total_kb"], slow["floor"]["total_kb"])
        out["phone_slow_4g_light_page"] = {
            "app": light["title_ms"],
            "floor": slow["floor"]["title_ms"],
            "ratio": title_ratio,
            "kb": light["total_kb"],
            "bytes_ratio": bytes_ratio,
            "goal": f"ratio <= {APP_TO_FLOOR_GOAL} for the title and for the bytes",
            "met": title_ratio is not None
            and bytes_ratio is not None
            and title_ratio <= APP_TO_FLOOR_GOAL
            and bytes_ratio <= APP_TO_FLOOR_GOAL,
            "unit": "ms",
            "what": f"a phone's first view as the light page (/view?step=), the app's lightest page; {what}",
        }
    if "offline" in slow:
        offline = slow["offline"]
        out["phone_offline_copy"] = {
            "app": offline["title_ms"],
            "floor": None,
            "ratio": None,
            "goal": f"<= {OFFLINE_TITLE_GOAL_MS} ms to the title and <= {OFFLINE_WIRE_GOAL_KB} KB",
            "met": offline["title_ms"] <= OFFLINE_TITLE_GOAL_MS and offline["total_kb"] <= OFFLINE_WIRE_GOAL_KB,
            "unit": "ms",
            "kb": offline["total_kb"],
            "what": f"the offline copy the app serves (/files/offline/{LANGUAGE}.html); {what}",
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phone", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="first visits of each page on each network")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(f"[phone {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    results = run(log, args.runs)
    for name in NETWORKS:
        results[name].pop("loads")
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
