"""How much the page jumps while it loads: the layout shift of a first view, laptop and phone.

`python -m bench.layout_shift` (not yet part of `make bench`): Chromium opens the flagship's step on
a server with `--tiles none` at 1280x800 and at 375x667 and sums the `layout-shift` entries without
recent input (PerformanceObserver, buffered) until the script has run and the map has settled,
printing the largest shifts with the elements that moved.
"""

from __future__ import annotations

import json
import shutil

from playwright.sync_api import ViewportSize, sync_playwright

from bench.servers import app_server
from tests.support.browser import open_story, wait_for_app, wait_map_settled

SIZES: tuple[ViewportSize, ...] = ({"width": 1280, "height": 800}, {"width": 375, "height": 667})
OBSERVE = """
window.__shift = {total: 0, entries: []};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__shift.total += entry.value;
    window.__shift.entries.push({
      value: entry.value,
      at_ms: Math.round(entry.startTime),
      moved: (entry.sources || []).map(
        (source) => String(source.node && (source.node.className || source.node.nodeName))
      ),
    });
  }
}).observe({type: "layout-shift", buffered: true});
"""


def main() -> None:
    results = {}
    with app_server("shift-app", ["--tiles", "none"]) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        for size in SIZES:
            page = browser.new_page(viewport=size)
            page.add_init_script(OBSERVE)
            open_story(page, server.url + "/?step=csto")
            wait_for_app(page)
            wait_map_settled(page)
            shift = page.evaluate("window.__shift")
            largest = sorted(shift["entries"], key=lambda entry: -entry["value"])[:3]
            name = f"{size['width']}x{size['height']}"
            results[name] = {"layout_shift": round(shift["total"], 3), "largest": largest}
            page.close()
        browser.close()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
