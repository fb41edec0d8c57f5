"""Helpers for driving the story player in Chromium (the browser tests and the bench).

The player runs in the page itself, in the app and in the offline export alike: the
title is `#step-title`, the map is the page's `.leaflet-container`, and the map's
controller is `window.storymap.instance`.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import BrowserContext, Frame, FrameLocator, Locator, Page, expect

from story.cli import main as story_command
from story.present.address import network_address

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium on this kind of machine keeps trying to reach Google's
# services through a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
# Everything that is not our own server or a file opened from disk (an export): tile servers, CDNs. Our
# server is also at this machine's network address: the address a presenter's class joins at.
_OWN_HOSTS = "|".join(re.escape(host) for host in ("localhost", "127.0.0.1", network_address()) if host)
EXTERNAL = re.compile(rf"^(?!https?://({_OWN_HOSTS})[:/]|file:).*", re.IGNORECASE)
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"

Target = Page | Frame


def open_story(page: Page, url: str, block_external: bool = True) -> Page:
    """Load the app (or an export) with no internet (tiles and CDNs blocked); return once its map has settled."""
    if block_external:
        page.route(EXTERNAL, lambda route: route.abort())
    page.goto(url)
    wait_map_settled(page)
    return page


def upload(uploader: Locator, name: str, mime_type: str, content: bytes) -> None:
    """Choose a file in a Streamlit uploader and wait until it has arrived, as a teacher waits for
    its size to show: a button pressed while the file is still going up runs without it."""
    uploader.locator("input[type='file']").set_input_files({"name": name, "mimeType": mime_type, "buffer": content})
    # While a file goes up its row shows a progress bar; once it is in, its size (e.g. "35.4KB").
    expect(uploader).to_contain_text(re.compile(re.escape(name) + r"\s*[0-9.]+\s*[KMG]?B"))


def wait_for_app(page: Page | FrameLocator) -> None:
    """Wait until Streamlit's script has finished running (never sleep)."""
    selector = "[data-testid='stApp'][data-test-script-state='notRunning']"
    if isinstance(page, Page):
        page.wait_for_selector(selector)
    else:
        page.locator(selector).wait_for()


# Counts the whole runs of Streamlit's script that have ended, in `window.__storyRunsEnded`, from the
# messages the page receives: a ForwardMsg whose top-level field 6 (`script_finished`, an enum) is 0
# (finished) or 1 (a compile error). A run stopped early for another (2) is followed by that one; a
# fragment's run (3) is not a run of the page. The page's `data-test-script-state` is no count of runs:
# React draws the state once for the messages it has in hand, and a run whose messages all came while
# the page was busy (a map drawing, a loaded machine) ended without the attribute ever saying "running".
RUN_COUNTER_JS = """(() => {
  const Native = window.WebSocket;
  window.__storyRunsEnded = 0;
  const endsRun = (bytes) => {
    let at = 0;
    const varint = () => {
      let value = 0, shift = 0, byte = 0;
      do {
        byte = bytes[at++];
        value += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80 && at < bytes.length);
      return value;
    };
    while (at < bytes.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key % 8;
      if (field === 6 && wire === 0) { const status = varint(); return status === 0 || status === 1; }
      if (wire === 0) varint();
      else if (wire === 2) { const length = varint(); at += length; }
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else return false;
    }
    return false;
  };
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer && endsRun(new Uint8Array(event.data))) window.__storyRunsEnded += 1;
      });
    }
  };
})();"""


def count_runs(context: BrowserContext) -> BrowserContext:
    """Have every page of `context` count the script's runs, for `run_after` (the `context` and `page`
    fixtures do this; a test that makes its own context calls it)."""
    context.add_init_script(RUN_COUNTER_JS)
    return context


def run_after(page: Page, action: Callable[[], None]) -> None:
    """Do `action`, which makes Streamlit run the script again, and wait until that run has ended.

    `wait_for_app` alone can see the page idle before the run the action causes has begun; during the
    run Streamlit fades what it may redraw, which axe then judges for contrast (the editor's walk failed
    so once under load). The page counts the runs that end (RUN_COUNTER_JS): one more than before the
    action is the action's."""
    ended = page.evaluate("() => window.__storyRunsEnded")
    assert isinstance(ended, int), "the page counts no runs: make its context with count_runs()"
    action()
    page.wait_for_function("(before) => window.__storyRunsEnded > before", arg=ended)
    wait_for_app(page)


# The map shows `step` (if given) and has stopped moving, with no step still to draw and the tiles
# known to have loaded or failed. A JavaScript function, for wait_map_settled and for walks that
# step inside the page.
MAP_SETTLED_JS = """(step) => {
    const map = window.storymap && window.storymap.instance;
    const player = window.storymap && window.storymap.player;
    if (!map || !map.state || !player || player.mapPending) return false;
    // Until the tiles have loaded or failed, the offline notice may still come and reframe the step.
    if (map.tileStatus === "unknown") return false;
    if (step && map.state.step !== step) return false;
    return !map.storyMoving;
}"""


def wait_map_settled(target: Target, step_id: str | None = None) -> None:
    """Wait until the map shows `step_id` (if given) and has settled (MAP_SETTLED_JS)."""
    target.wait_for_function(MAP_SETTLED_JS, arg=step_id)


def map_view(target: Target) -> dict:
    return target.evaluate(
        """() => {
            const map = window.storymap.instance.map;
            const center = map.getCenter();
            return {lat: center.lat, lng: center.lng, zoom: map.getZoom()};
        }"""
    )


def shown(target: Target) -> dict:
    """What the page shows at one moment: title, address step, map step, counter."""
    return target.evaluate(
        """() => {
            const title = document.getElementById("step-title");
            const map = window.storymap && window.storymap.instance;
            const hash = /^#step=(.+)$/.exec(window.location.hash);
            return {
                title: title ? title.textContent.trim() : null,
                address: hash ? decodeURIComponent(hash[1]) : new URL(window.location.href).searchParams.get("step"),
                map: map && map.state ? map.state.step : null,
                moving: map ? map.storyMoving : null,
                counter: (document.querySelector(".sp-player .sp-counter") || {}).textContent || null,
            };
        }"""
    )


def heading(page: Target) -> str:
    return page.locator("#step-title").inner_text().strip()


def step_param(page: Page) -> str | None:
    match = re.search(r"[?&]step=([^&#]*)", page.url)
    return match.group(1) if match else None


def serious_violations(target: Target) -> list[dict]:
    """axe-core's serious and critical violations on the page."""
    target.add_script_tag(path=str(AXE))
    results = target.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def export_story(story: Path, html: Path, *options: str, tiles: str = "none") -> Path:
    """`story` exported to `html` by the command teachers run (by default with no tiles): a page with no server.

    The player in it is the app's (one list of scripts, story/player.py), so the tests of what the player
    does on its own run here at a fraction of a Streamlit page's cost; the app keeps the tests of its host.
    """
    assert story_command(["export", str(story), "-o", str(html), "--tiles", tiles, *options]) == 0
    return html


def open_export(page: Page, html: Path, step_id: str | None = None) -> Page:
    """Open an exported story from disk (at `step_id`, through its address) and wait until its map has settled."""
    return open_story(page, html.as_uri() + (f"#step={step_id}" if step_id else ""))


def address_step(page: Page) -> str | None:
    """The step in the address: `?step=` in the app, `#step=` in an export."""
    match = re.search(r"[?&#]step=([^&#]*)", page.url)
    return match.group(1) if match else None
