"""How much the page jumps while it loads: the layout shift of a first view, on a phone and a laptop.

Part of `make bench` (`run`; leave it out with `--skip layout`), and on its own,
`python -m bench.layout_shift [--runs N]`, which prints what moved. Chromium opens the flagship's step on
a server with `--tiles none`, a first visit each time (a fresh context, every request to another host
refused), at 375x667 and 1280x800, and sums the `layout-shift` entries without recent input
(PerformanceObserver, buffered) until the script has run and the map has settled. Each entry keeps
its sources (the element, where it was, where it went) and its time, so a figure over the goal says
what moved.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from playwright.sync_api import Browser, sync_playwright

from bench.servers import app_server
from bench.stats import median
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, EXTERNAL, wait_for_app, wait_map_settled

GOAL = 0.05
SIZES = ((375, 667), (1280, 800))
ADDRESS = "/?step=csto"
OBSERVE = """
window.__shift = {total: 0, entries: []};
const named = (node) => {
  // The element and two of its ancestors, by Streamlit's test id, our keys and classes.
  const names = [];
  for (let el = node && node.nodeType === 1 ? node : node && node.parentElement; el && names.length < 3;
       el = el.parentElement) {
    const id = el.getAttribute("data-testid");
    const classes = typeof el.className === "string"
      ? el.className.split(" ").filter((c) => /^(st-key-|sp-|sm-|leaflet-container)/.test(c)) : [];
    names.push(el.tagName.toLowerCase() + (id ? `[${id}]` : "") + classes.map((c) => "." + c).join(""));
  }
  return names.join(" < ");
};
const rect = (r) => r && [r.x, r.y, r.width, r.height].map(Math.round);
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shift.total += entry.value;
    window.__shift.entries.push({
      value: Math.round(entry.value * 10000) / 10000,
      at_ms: Math.round(entry.startTime),
      sources: (entry.sources || []).map(
        (s) => ({node: named(s.node), from: rect(s.previousRect), to: rect(s.currentRect)})
      ),
    });
  }
}).observe({type: "layout-shift", buffered: true});
"""


def first_view(browser: Browser, url: str, width: int, height: int) -> dict:
    """One first visit: the summed layout shift and its entries, largest first."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route(EXTERNAL, lambda route: route.abort())
    page = context.new_page()
    page.add_init_script(OBSERVE)
    try:
        page.goto(url)
        wait_for_app(page)
        wait_map_settled(page)
        shift = page.evaluate("window.__shift")
    finally:
        context.close()
    largest = sorted(shift["entries"], key=lambda entry: -entry["value"])
    return {"layout_shift": round(shift["total"], 4), "entries": largest}


def run(log: Callable[[str], None], runs: int = 5) -> dict:
    """The median layout shift of `runs` first visits at each size, against the goal (<= 0.05 at both)."""
    sizes: dict = {}
    with app_server("layout", ["--tiles", "none"]) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # Interleaved, so drift on the machine hits both sizes alike.
        views: dict[str, list[dict]] = {f"{w}x{h}": [] for w, h in SIZES}
        for n in range(runs):
            for width, height in SIZES:
                view = first_view(browser, server.url + ADDRESS, width, height)
                views[f"{width}x{height}"].append(view)
                log(f"layout shift {n + 1}/{runs} at {width}x{height}: {view['layout_shift']}")
        browser.close()
    for name, seen in views.items():
        totals = [view["layout_shift"] for view in seen]
        worst = max(seen, key=lambda view: view["layout_shift"])
        typical = median(totals)
        sizes[name] = {
            "median": typical,
            "runs": totals,
            "met": typical is not None and typical <= GOAL,
            # What moved in the worst first visit: the three largest shifts, with their elements.
            "worst_entries": worst["entries"][:3],
        }
    return {"address": ADDRESS, "goal": GOAL, "sizes": sizes}


def figure(result: dict) -> dict:
    """The summary's figure: the larger of the two medians, with each size's."""
    medians = {name: size["median"] for name, size in result["sizes"].items()}
    return {
        "app": max(medians.values()),
        "floor": None,
        "ratio": None,
        "goal": f"<= {result['goal']} at 375x667 and at 1280x800",
        "met": all(size["met"] for size in result["sizes"].values()),
        "unit": "layout shift score (summed, without recent input)",
        "median_by_size": medians,
        "sizes": result["sizes"],
        "what": f"first visit of {result['address']} (fresh context, tiles blocked) until the map has settled:"
        " PerformanceObserver 'layout-shift' entries without hadRecentInput, summed; median of the runs",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.layout_shift", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="first visits at each size (default %(default)s)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    result = run(lambda message: print(message, file=sys.stderr, flush=True), args.runs)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
