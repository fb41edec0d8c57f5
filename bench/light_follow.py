"""How fast a follower on a phone sees the presenter's step: the light page against the Streamlit page.

Part `follow` of `make bench` (`--skip follow` leaves it out), or alone: `python -m bench.light_follow
[--runs N]`. The flagship is served with `--tiles none`; a presenter in Chromium (no
emulation) starts presenting and moves a few steps on. Then, for each page, N first visits in fresh
contexts at 375x667 with the network emulated to slow 4G (CDP: 1.6 Mbit/s down, 750 kbit/s up, 150 ms):
the time from navigation to the presenter's step title on the screen (the page's own clock), the bytes
on the wire (every response's encoded length with its headers, and the event stream's messages) and
the requests; and the same for a phone's first view of one step (`/view?step=` and `/?step=`). Then the
presenter presses Next a few times and a light follower's page notes when each step arrives (one clock:
the same machine), on the emulated link and without it, and the server's CPU with 30 light followers'
streams open against the presenter alone. Prints JSON; medians.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from bench.servers import app_server
from geodata.catalog import load_catalog
from story.format.files import FLAGSHIP
from story.format.loader import load_story
from tests.support.browser import EXTERNAL, open_story, wait_for_app
from tests.support.server import StreamlitServer

PHONE: ViewportSize = {"width": 375, "height": 667}
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
PRESENTER_STEPS = 3
FOLLOWERS = 30
WINDOW_S = 20.0
PRESS_EVERY_S = 2.0
FIRST_VIEW_STEP = "csto"
PRESSES = 5
ARRIVALS = """
window.__arrivals = {};
document.addEventListener("story:step", (event) => { window.__arrivals[event.detail.step] = Date.now(); });
"""
# Next, or Previous on the last step: every press is a change, however many the bench makes.
PRESS_NEXT = """() => {
  const t = Date.now();
  const next = document.querySelector('.sp-player .sp-nav .sp-next');
  (next.disabled ? document.querySelector('.sp-player .sp-nav .sp-previous') : next).click();
  return t;
}"""
# The page's clock when the presenter's step title is first on the screen (checked on every change).
TITLE_WATCH = """(title) => {
  const check = () => {
    const shown = document.getElementById("step-title");
    if (window.__titleAt === undefined && shown && shown.textContent.trim() === title) {
      window.__titleAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}"""


def visit(browser: Browser, url: str, title: str, streamlit: bool) -> dict[str, float]:
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    page = context.new_page()
    page.route(EXTERNAL, lambda route: route.abort())
    page.add_init_script(f"({TITLE_WATCH})({json.dumps(title)})")
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    sizes: dict[str, float] = {"wire": 0, "requests": 0, "stream": 0, "websocket": 0}
    cdp.on("Network.requestWillBeSent", lambda _: sizes.__setitem__("requests", sizes["requests"] + 1))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__("wire", sizes["wire"] + e["encodedDataLength"]))
    cdp.on(
        "Network.eventSourceMessageReceived",
        lambda e: sizes.__setitem__("stream", sizes["stream"] + len(e["data"].encode()) + len(e["eventName"]) + 16),
    )
    cdp.on(
        "Network.webSocketFrameReceived",
        lambda e: sizes.__setitem__("websocket", sizes["websocket"] + len(e["response"]["payloadData"])),
    )
    page.goto(url, wait_until="commit")
    page.wait_for_function("() => window.__titleAt !== undefined", timeout=120_000)
    title_s = page.evaluate("window.__titleAt") / 1000
    if streamlit:
        wait_for_app(page)
    context.close()
    total = sizes["wire"] + sizes["stream"] + sizes["websocket"]
    return {"title_s": round(title_s, 2), "wire_kb": round(total / 1024, 1), "requests": sizes["requests"]}


def push_delays(browser: Browser, presenter: Page, url: str, emulate: bool) -> list[int]:
    """Milliseconds from the presenter's press to the step on a light follower's page, for PRESSES presses."""
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    follower = context.new_page()
    follower.route(EXTERNAL, lambda route: route.abort())
    follower.add_init_script(ARRIVALS)
    if emulate:
        cdp = context.new_cdp_session(follower)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    follower.goto(url)
    follower.wait_for_function("() => window.__storyFollow && window.__storyFollow.state === 'following'")
    delays = []
    for _ in range(PRESSES):
        follower.evaluate("() => { window.__arrivals = {}; }")  # a step shown before is not this press's
        before = presenter.evaluate("() => document.documentElement.dataset.storyStep")
        pressed = presenter.evaluate(PRESS_NEXT)
        step = presenter.evaluate("() => document.documentElement.dataset.storyStep")
        assert step != before
        follower.wait_for_function("(step) => window.__arrivals[step] !== undefined", arg=step, timeout=30_000)
        delays.append(follower.evaluate("(step) => window.__arrivals[step]", step) - pressed)
    context.close()
    return delays


def stream_cost(server: StreamlitServer, presenter: Page, code: str) -> dict[str, float]:
    """The server's CPU over WINDOW_S while the presenter presses Next every PRESS_EVERY_S, alone and then
    with FOLLOWERS light followers' event streams open (plain HTTP readers, no browser)."""
    url = f"{server.url}/files/follow/{code}/events"

    def cpu_while_pressing() -> float:
        before = server.cpu_seconds()
        deadline = time.monotonic() + WINDOW_S
        while time.monotonic() < deadline:
            presenter.evaluate(PRESS_NEXT)
            presenter.wait_for_timeout(PRESS_EVERY_S * 1000)  # the presenter's pace, not a wait for state
        return server.cpu_seconds() - before

    alone = cpu_while_pressing()
    stop = threading.Event()
    received = [0]

    def read() -> None:
        while not stop.is_set():
            with urllib.request.urlopen(url, timeout=WINDOW_S + 30) as stream:
                for line in stream:
                    if line.startswith(b"event: step"):
                        received[0] += 1
                    if stop.is_set():
                        return

    readers = [threading.Thread(target=read, daemon=True) for _ in range(FOLLOWERS)]
    for reader in readers:
        reader.start()
    followed = cpu_while_pressing()
    stop.set()
    return {
        "followers": FOLLOWERS,
        "cpu_s_presenter_alone": round(alone, 2),
        "cpu_s_with_followers": round(followed, 2),
        "ms_cpu_per_follower_per_s": round((followed - alone) / FOLLOWERS / WINDOW_S * 1000, 2),
        "steps_received": received[0],
    }


def present(page: Page, url: str) -> tuple[str, str]:
    open_story(page, url)
    page.get_by_role("button", name="Present to a class").click()
    page.locator(".sp-present-code").wait_for()
    code = page.locator(".sp-present-code").inner_text().split()[-1]
    for _ in range(PRESENTER_STEPS):
        page.get_by_role("button", name="Next").click()
    title = page.locator("#step-title").inner_text().strip()
    return code, title


FOLLOWER_GOAL_S = 3.0


def run(log: Callable[[str], None], runs: int = 5) -> dict:
    """The light page's figures (see the module's docstring); `runs` first visits of each page."""
    results: dict[str, object] = {}
    flagship = load_story(FLAGSHIP, load_catalog())
    first_view_title = next(step.title for step in flagship.steps if step.id == FIRST_VIEW_STEP)
    with tempfile.TemporaryDirectory() as data, sync_playwright() as playwright:
        server = app_server("light-follow", ["--tiles", "none"])
        server.env = {"QANTAR_DATA_DIR": data}
        with server:
            request = urllib.request.Request(server.url + "/view?lang=en", headers={"Accept-Encoding": "br"})
            with urllib.request.urlopen(request, timeout=120) as response:  # made once, before the visits
                results["light_page_br_kb"] = round(len(response.read()) / 1024, 1)
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
            presenter = browser.new_page()
            code, title = present(presenter, server.url)
            results["presenter_step"] = title
            pages = {
                "light": (f"/view?follow={code}&lang=en", False, title),
                "streamlit": (f"/?follow={code}", True, title),
                # A phone's first view of one step, without following: the light page and the app's.
                "light_step": (f"/view?step={FIRST_VIEW_STEP}&lang=en", False, first_view_title),
                "streamlit_step": (f"/?step={FIRST_VIEW_STEP}", True, first_view_title),
            }
            for label, (path, streamlit, shown) in pages.items():
                log(f"  {label}: {runs} first visits of {path.replace(code, 'CODE')} on slow 4G")
                visits = [visit(browser, server.url + path, shown, streamlit) for _ in range(runs)]
                results[label] = {
                    "url": path.replace(code, "CODE"),
                    "runs": visits,
                    "median_title_s": statistics.median(v["title_s"] for v in visits),
                    "median_wire_kb": statistics.median(v["wire_kb"] for v in visits),
                }
            results["stream_cost"] = stream_cost(server, presenter, code)
            for label, emulate in (("push_ms_slow_4g", True), ("push_ms_local", False)):
                delays = push_delays(browser, presenter, server.url + pages["light"][0], emulate)
                results[label] = {"presses": delays, "median": statistics.median(delays)}
            browser.close()
    return results


def figure(results: dict) -> dict:
    """The summary's figure: a follower joining on slow 4G sees the presenter's step within 3 s."""
    light = results["light"]["median_title_s"]
    return {
        "app": light,
        "streamlit_follower": results["streamlit"]["median_title_s"],
        "wire_kb": results["light"]["median_wire_kb"],
        "goal": f"<= {FOLLOWER_GOAL_S} s",
        "met": light <= FOLLOWER_GOAL_S,
        "unit": "s from navigation to the presenter's step title, slow 4G, 375x667, light page /view?follow=",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    results = run(lambda message: print(message, file=sys.stderr), parser.parse_args().runs)
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
