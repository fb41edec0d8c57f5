"""Where a step change's time goes: `python -m bench.step_trace [export.html | app URL]`.

Opens the player as `make bench` does (reduced motion, tiles and other sites blocked), walks Next
through the story with the bench's own click (click -> the map shows the step and stands still), and
records, in the same walk:
- the time of each part of the step change, by wrapping the controller's and Leaflet's methods with
  `performance.now()` (inclusive times: the step-state diff and restyle in `applyLayers`, the places,
  the camera's `setView` with what Leaflet does in it, the labels, the canvases' redraw);
- a CPU profile of the walk through Chromium's DevTools protocol (`Profiler`, 100 µs samples), its
  samples summed by function, so that a busy machine's noise is read as counts.
Optionally (`--trace FILE`) a Chromium performance trace of the walk, for chrome://tracing or Perfetto.
Prints one JSON object. Without an argument it exports the flagship into a temporary folder.
"""

from __future__ import annotations

import argparse
import collections
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import browser_bench as bb
from bench.servers import ROOT
from story.format.files import FLAGSHIP

# Each wrapped function adds its inclusive time to window.__stepParts[name] (nested calls of the
# same name are counted once, at the outermost call).
WRAP_JS = """() => {
  const parts = (window.__stepParts = {});
  const depth = {};
  const wrap = (owner, method, name) => {
    const original = owner[method];
    if (typeof original !== "function") return;
    owner[method] = function (...args) {
      depth[name] = (depth[name] || 0) + 1;
      const t0 = performance.now();
      try { return original.apply(this, args); } finally {
        depth[name] -= 1;
        if (!depth[name]) parts[name] = (parts[name] || 0) + performance.now() - t0;
      }
    };
  };
  const sm = window.storymap.instance;
  for (const m of ["showStep", "applyLayers", "applyPlaces", "applyTime", "applySwipe", "moveTo",
                   "refreshLabels", "clearAnswer", "showBackButton"]) wrap(sm, m, "controller." + m);
  const player = window.storymap.player;
  for (const m of ["go", "render", "scheduleMap"]) wrap(player, m, "player." + m);
  wrap(L.Canvas.prototype, "_redraw", "leaflet.canvas.redraw");
  wrap(L.Canvas.prototype, "_update", "leaflet.canvas.update");
  wrap(L.Canvas.prototype, "_updatePaths", "leaflet.canvas.updatePaths");
  wrap(L.Renderer.prototype, "_reset", "leaflet.renderer.reset");
  wrap(L.Map.prototype, "setView", "leaflet.setView");
  wrap(L.Map.prototype, "_resetView", "leaflet.resetView");
  wrap(sm.map, "fire", "leaflet.fire");
}"""

# Functions whose samples are counted with everything they call (names as the profile gives them:
# Leaflet's methods keep their names in its minified file).
INCLUSIVE = {
    "run",
    "show",
    "showStep",
    "applyLayers",
    "applyPlaces",
    "applyTime",
    "applySwipe",
    "moveTo",
    "frame",
    "framePadding",
    "refreshLabels",
    "setView",
    "_resetView",
    "panBy",
    "_redraw",
    "_updatePaths",
    "_reset",
    "_project",
    "_update",
    "focus",
    "replaceState",
    "writeStep",
    "getBoundingClientRect",
    "createIcon",
}

TAKE_PARTS_JS = "() => ({ ...window.__stepParts })"
# Cleared after each click's wrapping is installed, so a click's parts are its own.
CLEAR_PARTS_JS = "() => { for (const k of Object.keys(window.__stepParts)) delete window.__stepParts[k]; }"


def _export(folder: Path) -> Path:
    output = folder / "export.html"
    subprocess.run(
        [sys.executable, "-m", "story", "export", str(FLAGSHIP), "-o", str(output)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return output


def _profile_counts(profile: dict, top: int) -> dict:
    """Samples per function (self), with the script each is in; the idle and program nodes apart."""
    by_id = {node["id"]: node for node in profile["nodes"]}
    counts: collections.Counter = collections.Counter()
    for sample in profile["samples"]:
        frame = by_id[sample]["callFrame"]
        url = frame["url"].rsplit("/", 1)[-1][:40]
        name = frame["functionName"] or "(anonymous)"
        counts[f"{name} {url}:{frame['lineNumber'] + 1}" if url else name] += 1
    # Samples under each function of INCLUSIVE (a function on the stack, counted once per sample).
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    inclusive: collections.Counter = collections.Counter()
    for sample in profile["samples"]:
        seen, node_id = set(), sample
        while node_id is not None:
            name = by_id[node_id]["callFrame"]["functionName"]
            if name in INCLUSIVE and name not in seen:
                seen.add(name)
                inclusive[name] += 1
            node_id = parent.get(node_id)
    total = sum(counts.values())
    idle = counts.get("(idle)", 0)
    return {
        "samples": total,
        "idle": idle,
        "busy": total - idle,
        "inclusive": dict(inclusive.most_common()),
        "top_self": [[name, count] for name, count in counts.most_common(top) if name != "(idle)"],
    }


def trace(url: str, steps: list[tuple[str, str]], trace_file: Path | None, top: int) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = bb.launch(playwright)
        page, context = bb.open_player(browser, url)
        page.evaluate(WRAP_JS)
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 100})
        if trace_file:
            browser.start_tracing(page=page, path=str(trace_file), screenshots=False)
        cdp.send("Profiler.start")
        clicks = []
        for step_id, title in steps[1:]:
            page.evaluate(CLEAR_PARTS_JS)
            result = page.evaluate(bb.CLICK_PLAYER_JS, {"nextId": step_id, "nextTitle": title})
            # The labels and anything else left for after the frame: waited for, then counted apart.
            page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)))")
            result["parts"] = page.evaluate(TAKE_PARTS_JS)
            result["step"] = step_id
            clicks.append(result)
        profile = cdp.send("Profiler.stop")["profile"]
        if trace_file:
            browser.stop_tracing()
        context.close()
        browser.close()
    names = sorted({name for click in clicks for name in click["parts"]})
    return {
        "clicks": len(clicks),
        "map_ms_median": statistics.median(c["map_ms"] for c in clicks if c["map_ms"] is not None),
        "title_ms_median": statistics.median(c["title_ms"] for c in clicks),
        "parts_ms_median": {
            name: round(statistics.median(c["parts"].get(name, 0) for c in clicks), 2) for name in names
        },
        "parts_ms_total": {name: round(sum(c["parts"].get(name, 0) for c in clicks), 1) for name in names},
        "profile": _profile_counts(profile, top),
        "map_ms": [round(c["map_ms"], 1) for c in clicks if c["map_ms"] is not None],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", nargs="?", help="an exported HTML file or the app's URL (default: export now)")
    parser.add_argument("--trace", type=Path, help="also write a Chromium performance trace (JSON) here")
    parser.add_argument("--top", type=int, default=25, help="how many functions of the CPU profile to list")
    args = parser.parse_args(argv)
    from bench.__main__ import story_steps

    steps = story_steps()
    with tempfile.TemporaryDirectory(prefix="step-trace-") as folder:
        target = args.target or str(_export(Path(folder)))
        url = target if "://" in target else Path(target).resolve().as_uri()
        print(json.dumps(trace(url, steps, args.trace, args.top), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
