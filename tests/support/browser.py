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

from playwright.sync_api import Frame, FrameLocator, Locator, Page, expect

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


def run_after(page: Page, action: Callable[[], None]) -> None:
    """Do `action`, which makes Streamlit run the script again, and wait until that run has ended.

    `wait_for_app` alone can see the page idle before the run the action causes has begun; during the
    run Streamlit fades what it may redraw, which axe then judges for contrast (the editor's walk failed
    so once under load). A watcher counts the runs that begin after the action."""
    page.evaluate(
        """() => {
          const app = document.querySelector("[data-testid='stApp']");
          window.__storyRuns = 0;
          // The script's state changes only because a run is asked for, begins or ends.
          new MutationObserver((records) => {
            window.__storyRuns += records.length;
          }).observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
        }"""
    )
    action()
    page.wait_for_function("() => window.__storyRuns > 0")
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
