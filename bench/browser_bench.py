"""Headless Chromium against the app and the floor: page load, click to update, bytes and reloads per step.

Times are taken inside the page: `performance.timeOrigin` is the navigation
start; a MutationObserver (installed before any page script, in every frame)
stamps the moment each condition first holds. Clicks are timed from just
before `button.click()` to the DOM change, in the page's own clock.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.flagship import Step
from tests.browser import CHROMIUM, CHROMIUM_ARGS, EXTERNAL, MAP_IFRAME, map_frame, wait_for_app, wait_map_settled

NETWORK = re.compile(r"^(https?|wss?)://", re.IGNORECASE)

# Conditions stamped by the observer, by where they are checked (the page, or the map's frame).
_CHECKS = {
    "title": 'const h = document.getElementById("step-title"); return !!h && h.textContent.trim().length > 0;',
    "floorText": 'return [...document.querySelectorAll("[data-testid=stMarkdownContainer] p")]'
    '.some((p) => p.textContent.startsWith("Clicks: "));',
    "mapIframe": f"return !!document.querySelector('{MAP_IFRAME}');",
    "leaflet": 'return !!document.querySelector(".leaflet-container");',
    "mapStep": 'return !!document.querySelector(".leaflet-container[data-step]");',
    "basemapPaths": 'return !!document.querySelector(".leaflet-basemap-pane path");',
    "mapDrawn": 'return !!document.querySelector(".leaflet-container[data-step]") '
    '&& !!document.querySelector(".leaflet-basemap-pane path");',
}


# Stamps the page's websocket (created, open, first message) and keeps it for the click timings.
_SOCKET_WRAPPER = """
  if (window === window.top && window.WebSocket) {
    const Native = window.WebSocket;
    const Wrapped = function (url, protocols) {
      const ws = new Native(url, protocols);
      if (String(url).includes("_stcore/stream")) {
        window.__benchSocket = ws;
        if (rec.wsCreated === undefined) rec.wsCreated = now();
        ws.addEventListener("open", () => { if (rec.wsOpen === undefined) rec.wsOpen = now(); });
        ws.addEventListener("message", () => { if (rec.wsFirstMessage === undefined) rec.wsFirstMessage = now(); });
      }
      return ws;
    };
    Wrapped.prototype = Native.prototype;
    for (const name of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) Wrapped[name] = Native[name];
    window.WebSocket = Wrapped;
  }
"""


def _observer_script(top: list[str], child: list[str], socket: bool = False) -> str:
    def checks(names: list[str]) -> str:
        return "[" + ",".join(f'["{name}", () => {{ {_CHECKS[name]} }}]' for name in names) + "]"

    return f"""(() => {{
  if (window.__bench) return;
  const rec = (window.__bench = {{}});
  const now = () => performance.timeOrigin + performance.now();
  {_SOCKET_WRAPPER if socket else ""}
  const checks = window === window.top ? {checks(top)} : {checks(child)};
  if (!checks.length) return;
  // A frame's document can be replaced (document.open) under a live window: a 10 ms poll
  // re-attaches the observer to the current document and catches anything it missed.
  let observed = null, timer = null;
  const observer = new MutationObserver(() => check());
  const check = () => {{
    if (observed !== document) {{
      observer.disconnect();
      observer.observe(document, {{ subtree: true, childList: true, attributes: true, characterData: true }});
      observed = document;
    }}
    let pending = false;
    for (const [name, test] of checks) {{
      if (rec[name] !== undefined) continue;
      let ok = false;
      try {{ ok = test(); }} catch (e) {{ ok = false; }}
      if (ok) rec[name] = now(); else pending = true;
    }}
    if (!pending) {{ observer.disconnect(); clearInterval(timer); }}
  }};
  timer = setInterval(check, 10);
  check();
}})();"""


APP_OBSERVER = _observer_script(["title", "mapIframe"], ["leaflet", "mapStep", "basemapPaths", "mapDrawn"], socket=True)
FLOOR_OBSERVER = _observer_script(["floorText"], [], socket=True)
EXPORT_OBSERVER = _observer_script(["leaflet", "mapStep", "basemapPaths", "mapDrawn"], [])

CLICK_APP_JS = """async ({ nextId, nextTitle, label }) => {
  const button = document.querySelector(`.st-key-${label} button`);
  const iframe = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = iframe.contentWindow;
  let titleAt = null, mapAt = null, replyAt = null, argsAt = null;
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const since = (t) => (t === null ? null : t - t0);
    // The first message from the server after the click (the run has started), and the first
    // message into the map's frame (st_folium's new arguments).
    const onReply = () => { if (replyAt === null) replyAt = performance.now(); };
    // st_folium's own listener runs first and draws the step inside it: take the event's own
    // time stamp (in the frame's clock), not the time this listener is reached.
    const onArgs = (event) => {
      if (argsAt === null) argsAt = w.performance.timeOrigin + event.timeStamp - performance.timeOrigin;
    };
    if (window.__benchSocket) window.__benchSocket.addEventListener("message", onReply);
    w.addEventListener("message", onArgs);
    let finished = false;
    const finish = (timeout) => {
      if (finished) return;
      finished = true;
      titleObserver.disconnect(); mapObserver.disconnect();
      // A task later, so that the message that drew the map has reached every listener.
      setTimeout(() => {
        if (window.__benchSocket) window.__benchSocket.removeEventListener("message", onReply);
        w.removeEventListener("message", onArgs);
        resolve({ title: since(titleAt), map: since(mapAt), reply: since(replyAt), args: since(argsAt), timeout });
      }, 0);
    };
    const checkTitle = () => {
      const h = document.getElementById("step-title");
      if (titleAt === null && h && h.textContent.trim().startsWith(nextTitle)) titleAt = performance.now();
      if (titleAt !== null && mapAt !== null) finish(false);
    };
    const checkMap = () => {
      const m = w.storymap && w.storymap.instance;
      if (mapAt === null && m && m.state && m.state.step === nextId && !m.storyMoving) mapAt = performance.now();
      if (titleAt !== null && mapAt !== null) finish(false);
    };
    const titleObserver = new MutationObserver(checkTitle);
    titleObserver.observe(document.body, { subtree: true, childList: true, characterData: true });
    const mapObserver = new MutationObserver(checkMap);
    mapObserver.observe(w.document.body, { subtree: true, childList: true, attributes: true });
    button.click();
    setTimeout(() => finish(true), 20000);
  });
}"""

CLICK_FLOOR_JS = """async ({ expected }) => {
  const button = document.querySelector(".st-key-floor-button button");
  const text = () => [...document.querySelectorAll("[data-testid=stMarkdownContainer] p")]
    .map((p) => p.textContent).find((t) => t.startsWith("Clicks: "));
  return await new Promise((resolve) => {
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (text() === expected) { observer.disconnect(); resolve({ text: performance.now() - t0, timeout: false }); }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    button.click();
    setTimeout(() => { observer.disconnect(); resolve({ text: null, timeout: true }); }, 20000);
  });
}"""


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _context(browser: Browser, observer: str, reduced_motion: bool = False, offline: bool = False) -> BrowserContext:
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, reduced_motion="reduce" if reduced_motion else "no-preference"
    )
    context.add_init_script(observer)
    # Tiles and CDNs: blocked (offline: everything that is not a file).
    context.route(NETWORK if offline else EXTERNAL, lambda route: route.abort())
    return context


def _stamps(frame_or_page) -> dict:
    return frame_or_page.evaluate("() => ({ origin: performance.timeOrigin, ...(window.__bench || {}) })")


def _wait_stamp(frame_or_page, name: str, timeout_s: float = 60) -> None:
    frame_or_page.wait_for_function(
        f"() => window.__bench && window.__bench.{name} !== undefined", timeout=timeout_s * 1000
    )


_RESOURCES_JS = """() => {
  const wanted = { "main.": "folium component js", "leaflet.js": "leaflet.js", "storymap.js": "storymap.js",
                   "world.json": "world.json (basemap)", "bootstrap": "bootstrap.css" };
  const out = {};
  for (const entry of performance.getEntriesByType("resource")) {
    const file = entry.name.split("?")[0].split("/").pop();
    for (const [prefix, label] of Object.entries(wanted)) {
      if (file.startsWith(prefix) && out[label] === undefined) out[label] = entry.responseEnd;
    }
  }
  return out;
}"""


# What the page itself fetched: all files, and the script files among them (decoded sizes).
_PAGE_FILES_JS = """() => {
  const entries = performance.getEntriesByType("resource");
  const scripts = entries.filter((e) => e.name.split("?")[0].endsWith(".js"));
  const chunk = (prefix) => {
    const e = scripts.find((s) => s.name.split("/").pop().startsWith(prefix));
    return e ? e.responseEnd : undefined;
  };
  return {
    files: entries.length,
    js_files: scripts.length,
    js_kb: Math.round(scripts.reduce((n, e) => n + e.decodedBodySize, 0) / 1024),
    componentInstanceChunk: chunk("ComponentInstance."),
  };
}"""


def load_app(browser: Browser, url: str) -> dict:
    """Navigation start to the map drawn (a step on the container, basemap paths), with the marks in between."""
    context = _context(browser, APP_OBSERVER)
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit")
        page.frame_locator(MAP_IFRAME).locator(".leaflet-container[data-step]").wait_for(timeout=60000)
        frame = map_frame(page)
        _wait_stamp(frame, "mapDrawn")
        _wait_stamp(page, "title")
        top, inner = _stamps(page), _stamps(frame)
        origin = top["origin"]
        marks = {
            name: round(top[name] - origin, 1)
            for name in ("wsCreated", "wsOpen", "wsFirstMessage", "title", "mapIframe")
            if name in top
        }
        marks["mapFrameStart"] = round(inner["origin"] - origin, 1)
        # When the map frame's own files arrived (response end, from navigation start of the page).
        for name, end in frame.evaluate(_RESOURCES_JS).items():
            marks[f"loaded:{name}"] = round(inner["origin"] + end - origin, 1)
        for name in ("leaflet", "mapStep", "basemapPaths", "mapDrawn"):
            if name in inner:
                marks[name] = round(inner[name] - origin, 1)
        files = page.evaluate(_PAGE_FILES_JS)
        if files.get("componentInstanceChunk") is not None:
            marks["loaded:ComponentInstance chunk"] = round(files["componentInstanceChunk"], 1)
        marks = dict(sorted(marks.items(), key=lambda kv: kv[1]))
        marks.update({"page_files": files["files"], "page_js_files": files["js_files"], "page_js_kb": files["js_kb"]})
        return marks
    finally:
        context.close()


def load_floor(browser: Browser, url: str) -> dict:
    context = _context(browser, FLOOR_OBSERVER)
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit")
        _wait_stamp(page, "floorText")
        top = _stamps(page)
        names = ("wsCreated", "wsOpen", "wsFirstMessage", "floorText")
        marks = {name: round(top[name] - top["origin"], 1) for name in names if name in top}
        files = page.evaluate(_PAGE_FILES_JS)
        marks.update({"page_files": files["files"], "page_js_files": files["js_files"], "page_js_kb": files["js_kb"]})
        return marks
    finally:
        context.close()


def load_export(browser: Browser, path: Path) -> dict:
    context = _context(browser, EXPORT_OBSERVER, offline=True)
    try:
        page = context.new_page()
        page.goto(path.resolve().as_uri(), wait_until="commit")
        _wait_stamp(page, "mapDrawn")
        top = _stamps(page)
        return {
            name: round(top[name] - top["origin"], 1)
            for name in ("leaflet", "mapStep", "basemapPaths", "mapDrawn")
            if name in top
        }
    finally:
        context.close()


@dataclass
class WireLog:
    """Websocket frames and map-frame navigations seen by one page, in arrival order."""

    received: list[tuple[float, int, str]] = field(default_factory=list)  # (t, bytes, kind)
    sent: list[tuple[float, int, str]] = field(default_factory=list)  # (t, bytes, kind)
    map_navigations: list[float] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        def on_socket(ws) -> None:
            if "_stcore/stream" not in ws.url:
                return
            ws.on("framereceived", self._received)
            ws.on("framesent", self._sent)

        page.on("websocket", on_socket)
        page.on(
            "framenavigated",
            lambda frame: self.map_navigations.append(time.perf_counter()) if "st_folium" in frame.url else None,
        )

    def _received(self, payload: bytes | str) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        kind = "?"
        try:
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type") or "?"
        except Exception:
            pass
        self.received.append((time.perf_counter(), len(data), kind))

    def _sent(self, payload: bytes | str) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        kind = "?"
        try:
            msg = BackMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type") or "?"
        except Exception:
            pass
        self.sent.append((time.perf_counter(), len(data), kind))

    def window(self, start: float, end: float) -> dict:
        received = [r for r in self.received if start <= r[0] < end]
        sent = [s for s in self.sent if start <= s[0] < end]
        return {
            "bytes_received": sum(r[1] for r in received),
            "bytes_sent": sum(s[1] for s in sent),
            "reruns": sum(1 for s in sent if s[2] == "rerun_script"),
            "scripts_finished": sum(1 for r in received if r[2] == "script_finished"),
            "map_reloads": sum(1 for t in self.map_navigations if start <= t < end),
        }


def _settle(page: Page, quiet_s: float) -> None:
    """Let trailing reruns (component values sent after an update) finish, then wait for idle."""
    wait_for_app(page)
    page.wait_for_timeout(quiet_s * 1000)
    wait_for_app(page)


def click_app(browser: Browser, url: str, steps: list[Step], quiet_s: float = 0.5) -> dict:
    """Next through the whole story with reduced motion: click to title, click to map at the new view, wire per step."""
    context = _context(browser, APP_OBSERVER, reduced_motion=True)
    log = WireLog()
    try:
        page = context.new_page()
        log.attach(page)
        page.goto(url)
        wait_for_app(page)
        page.frame_locator(MAP_IFRAME).locator(".leaflet-container[data-step]").wait_for(timeout=60000)
        frame = map_frame(page)
        wait_map_settled(frame, steps[0].id)
        _settle(page, quiet_s)
        load_window = log.window(0, time.perf_counter())
        frame.evaluate("() => { window.__benchMarker = 'kept'; }")
        clicks = []
        for index in range(1, len(steps)):
            start = time.perf_counter()
            result = page.evaluate(
                CLICK_APP_JS, {"nextId": steps[index].id, "nextTitle": steps[index].title, "label": "nav-next"}
            )
            frame = map_frame(page)
            wait_map_settled(frame, steps[index].id)
            _settle(page, quiet_s)
            marker = frame.evaluate("() => window.__benchMarker || null")
            if marker != "kept":
                frame.evaluate("() => { window.__benchMarker = 'kept'; }")
            wire = log.window(start, time.perf_counter())
            wire["marker_lost"] = marker != "kept"
            step_param = re.search(r"[?&]step=([^&#]*)", page.url)
            clicks.append(
                {
                    "step": steps[index].id,
                    "reply_ms": _round(result["reply"]),
                    "title_ms": _round(result["title"]),
                    "map_args_ms": _round(result["args"]),
                    "map_ms": _round(result["map"]),
                    "timeout": result["timeout"],
                    "url_step_ok": bool(step_param and step_param.group(1) == steps[index].id),
                    **wire,
                }
            )
        return {"load_wire": load_window, "clicks": clicks}
    finally:
        context.close()


def click_floor(browser: Browser, url: str, clicks: int, quiet_s: float = 0.5) -> dict:
    context = _context(browser, FLOOR_OBSERVER)
    log = WireLog()
    try:
        page = context.new_page()
        log.attach(page)
        page.goto(url)
        wait_for_app(page)
        _wait_stamp(page, "floorText")
        _settle(page, quiet_s)
        results = []
        for n in range(1, clicks + 1):
            start = time.perf_counter()
            result = page.evaluate(CLICK_FLOOR_JS, {"expected": f"Clicks: {n}"})
            _settle(page, quiet_s)
            results.append(
                {
                    "text_ms": None if result["text"] is None else round(result["text"], 1),
                    "timeout": result["timeout"],
                    **log.window(start, time.perf_counter()),
                }
            )
        return {"clicks": results}
    finally:
        context.close()
