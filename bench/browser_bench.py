"""Headless Chromium against the app, the offline export and the floor: page load, click to title and map, bursts.

Times are taken inside the page: `performance.timeOrigin` is the navigation start; an
observer installed before any page script stamps the moment each condition first
holds. Clicks are timed from just before `button.click()` to the change, in the page's
own clock: the title is read in the same task as the click (the player writes it
synchronously), the map when its controller reports the new step and stands still.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Literal

from playwright.sync_api import Browser, BrowserContext, Page, Playwright

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, EXTERNAL, wait_map_settled

# Conditions stamped by the observer.
_CHECKS = {
    # The step's title on screen: the server's opening step, or the player's.
    "title": 'const h = document.querySelector("#step-title, .sp-opening .sm-title");'
    " return !!h && h.textContent.trim().length > 0 && h.getBoundingClientRect().height > 0;",
    "floorText": 'return [...document.querySelectorAll("[data-testid=stMarkdownContainer] p")]'
    '.some((p) => p.textContent.startsWith("Clicks: "));',
    "leaflet": 'return !!document.querySelector(".leaflet-container");',
    "mapStep": 'return !!document.querySelector(".leaflet-container[data-step]");',
    "mapDrawn": 'return !!document.querySelector(".leaflet-container[data-step][data-basemap=drawn]");',
}

# Stamps the page's websocket (created, first message) and keeps it for counting bytes.
_SOCKET_WRAPPER = """
  if (window.WebSocket) {
    const Native = window.WebSocket;
    const Wrapped = function (url, protocols) {
      const ws = new Native(url, protocols);
      if (String(url).includes("_stcore/stream")) {
        window.__benchSocket = ws;
        if (rec.wsCreated === undefined) rec.wsCreated = now();
        ws.addEventListener("message", (event) => {
          if (rec.wsFirstMessage === undefined) rec.wsFirstMessage = now();
          const data = event.data;
          const size = data.byteLength !== undefined ? data.byteLength : data.size || 0;
          window.__benchBytes = (window.__benchBytes || 0) + size;
        });
        const send = ws.send.bind(ws);
        ws.send = (data) => { window.__benchSent = (window.__benchSent || 0) + 1; return send(data); };
      }
      return ws;
    };
    Wrapped.prototype = Native.prototype;
    for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Wrapped[name] = Native[name];
    window.WebSocket = Wrapped;
  }
"""


def _observer_script(names: list[str], socket: bool = False) -> str:
    checks = "[" + ",".join(f'["{name}", () => {{ {_CHECKS[name]} }}]' for name in names) + "]"
    return f"""(() => {{
  if (window.__bench || window !== window.top) return;
  const rec = (window.__bench = {{}});
  const now = () => performance.timeOrigin + performance.now();
  {_SOCKET_WRAPPER if socket else ""}
  const checks = {checks};
  let timer = null;
  const observer = new MutationObserver(() => check());
  const check = () => {{
    let pending = false;
    for (const [name, test] of checks) {{
      if (rec[name] !== undefined) continue;
      let ok = false;
      try {{ ok = test(); }} catch (e) {{ ok = false; }}
      if (ok) rec[name] = now(); else pending = true;
    }}
    if (!pending) {{ observer.disconnect(); clearInterval(timer); }}
  }};
  document.addEventListener("readystatechange", () => {{
    observer.observe(document, {{ subtree: true, childList: true, attributes: true, characterData: true }});
  }});
  timer = setInterval(check, 10);
}})();"""


APP_OBSERVER = _observer_script(["title", "leaflet", "mapStep", "mapDrawn"], socket=True)
FLOOR_OBSERVER = _observer_script(["floorText"], socket=True)
EXPORT_OBSERVER = _observer_script(["title", "leaflet", "mapStep", "mapDrawn"])

# One click on the player's Next: the title is in the page when click() returns (the
# player writes it in the click's own task); the map when its controller reports the
# step and stands still, checked on every frame.
CLICK_PLAYER_JS = """async ({ nextId, nextTitle }) => {
  const button = document.querySelector(".sp-next");
  const bytesBefore = window.__benchBytes || 0, sentBefore = window.__benchSent || 0;
  const t0 = performance.now();
  button.click();
  const title = document.getElementById("step-title");
  const titleOk = !!title && title.textContent.trim() === nextTitle.trim();
  const titleAt = performance.now();
  const mapAt = await new Promise((resolve) => {
    const deadline = t0 + 15000;
    const look = () => {
      const map = window.storymap && window.storymap.instance;
      const player = window.storymap && window.storymap.player;
      if (map && player && !player.mapPending && map.state && map.state.step === nextId && !map.storyMoving) {
        resolve(performance.now());
      } else if (performance.now() > deadline) {
        resolve(null);
      } else {
        requestAnimationFrame(look);
      }
    };
    look();
  });
  const url = window.location.href;
  return {
    title_ms: titleAt - t0, title_ok: titleOk, map_ms: mapAt === null ? null : mapAt - t0,
    timeout: mapAt === null, bytes_before: bytesBefore, sent_before: sentBefore, url,
  };
}"""

CLICK_FLOOR_JS = """async () => {
  const button = document.querySelector(".st-key-floor-button button");
  const text = () => [...document.querySelectorAll("[data-testid=stMarkdownContainer] p")]
    .map((p) => p.textContent).find((t) => t.startsWith("Clicks: "));
  const before = text();
  const bytesBefore = window.__benchBytes || 0;
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (text() === before) return;
      observer.disconnect();
      resolve({ text_ms: performance.now() - t0, bytes_before: bytesBefore });
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
    button.click();
    setTimeout(() => { observer.disconnect(); resolve({ text_ms: null, bytes_before: bytesBefore }); }, 15000);
  });
}"""

BURST_JS = """async ({ presses, targetId, targetTitle }) => {
  for (let i = 0; i < presses; i++) {
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true, cancelable: true }));
  }
  const t0 = performance.now();
  return await new Promise((resolve) => {
    const look = () => {
      const map = window.storymap.instance, player = window.storymap.player;
      const title = document.getElementById("step-title").textContent.trim();
      const address = new URL(window.location.href).searchParams.get("step")
        || decodeURIComponent((/#step=(.+)$/.exec(window.location.hash) || [])[1] || "");
      if (!player.mapPending && map.state.step === targetId && !map.storyMoving) {
        resolve({ ok: title === targetTitle.trim() && address === targetId, title, address, map: map.state.step });
      } else if (performance.now() - t0 > 20000) {
        resolve({ ok: false, title, address, map: map.state.step, timeout: true });
      } else {
        requestAnimationFrame(look);
      }
    };
    look();
  });
}"""


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _marks(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const rec = window.__bench || {};
          const out = {};
          for (const [k, v] of Object.entries(rec)) out[k] = v - performance.timeOrigin;
          const entries = performance.getEntriesByType("resource");
          out.page_files = entries.length;
          return out;
        }"""
    )


def load_app(browser: Browser, url: str) -> dict:
    """One first visit (a fresh context), tiles blocked: navigation start -> title, -> map drawn."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.add_init_script(APP_OBSERVER)
    page.route(EXTERNAL, lambda route: route.abort())
    page.goto(url)
    page.wait_for_function("() => window.__bench && window.__bench.mapDrawn !== undefined", timeout=60_000)
    marks = _marks(page)
    context.close()
    return marks


def load_floor(browser: Browser, url: str) -> dict:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.add_init_script(FLOOR_OBSERVER)
    page.goto(url)
    page.wait_for_function("() => window.__bench && window.__bench.floorText !== undefined", timeout=60_000)
    marks = _marks(page)
    context.close()
    return marks


def load_export(browser: Browser, path: Path) -> dict:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.add_init_script(EXPORT_OBSERVER)
    page.route(NETWORK, lambda route: route.abort())
    page.goto(path.as_uri())
    page.wait_for_function("() => window.__bench && window.__bench.mapDrawn !== undefined", timeout=60_000)
    marks = _marks(page)
    context.close()
    return marks


def walk(page: Page, steps: list[tuple[str, str]], pause_s: float = 0.3) -> list[dict]:
    """Next through every step: click -> title, click -> map settled, websocket bytes and messages per click."""
    clicks = []
    for step_id, title in steps[1:]:
        result = page.evaluate(CLICK_PLAYER_JS, {"nextId": step_id, "nextTitle": title})
        # What reached the page and what it sent during the click and the pause after it.
        time.sleep(pause_s)
        result["bytes_received"] = page.evaluate("window.__benchBytes || 0") - result.pop("bytes_before")
        result["messages_sent"] = page.evaluate("window.__benchSent || 0") - result.pop("sent_before")
        result["step"] = step_id
        result["address_ok"] = step_id in result.pop("url")
        clicks.append(result)
    return clicks


NETWORK = re.compile(r"^(https?|wss?)://", re.IGNORECASE)


def open_player(
    browser: Browser, url: str, motion: Literal["reduce", "no-preference"] = "reduce"
) -> tuple[Page, BrowserContext]:
    """The app (tiles and CDNs blocked) or an export from file:// (every network request blocked), settled."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, reduced_motion=motion)
    page = context.new_page()
    page.add_init_script(APP_OBSERVER)
    page.route(NETWORK if url.startswith("file:") else EXTERNAL, lambda route: route.abort())
    page.goto(url)
    wait_map_settled(page)
    return page, context


def click_floor(browser: Browser, url: str, clicks: int) -> list[dict]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.add_init_script(FLOOR_OBSERVER)
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.wait_for_function("() => window.__bench && window.__bench.floorText !== undefined")
    results = []
    for _ in range(clicks):
        # The button is drawn again by each run: wait for the new one before pressing it.
        page.wait_for_selector(".st-key-floor-button button")
        result = page.evaluate(CLICK_FLOOR_JS)
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
        time.sleep(0.3)
        result["bytes_received"] = page.evaluate("window.__benchBytes || 0") - result.pop("bytes_before")
        results.append(result)
    context.close()
    return results


def bursts(page: Page, steps: list[tuple[str, str]], count: int, presses: int = 10) -> list[dict]:
    """`count` bursts of `presses` ArrowRight in one task each, from the first step, flying on."""
    results = []
    target_id, target_title = steps[presses]
    for _ in range(count):
        page.evaluate("() => window.storymap.player.go(0, false)")
        wait_map_settled(page, steps[0][0])
        results.append(
            page.evaluate(BURST_JS, {"presses": presses, "targetId": target_id, "targetTitle": target_title})
        )
    return results
