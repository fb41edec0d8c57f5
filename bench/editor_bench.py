"""The editor keeping up: in Chromium, on the flagship (27 steps), the time from a changed field to the
updated page.

A change is the first step's title, filled and left with Tab (the field commits on leaving it, as a
teacher's does). It is timed in the page's own clock, from the field losing focus to the first frame
in which the step list shows the new title and the problems list says what the new title makes of it.
The titles alternate between one that is fine and one longer than a title may be, so that the
problems list changes at every change too (a problem appears, then goes). Each change starts from an
idle page (the run before it finished), as a teacher's next change does; the time until the run has
finished (the draft kept, the preview rebuilt) is reported beside it.

Run alone: `python -m bench --skip browser --skip export --skip present --skip classroom` (or
`python -m bench.editor_bench`).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable

from playwright.sync_api import Page, sync_playwright

from bench.servers import RESULTS
from bench.stats import median, percentile, summary
from story.format.model import TEXT_MAX
from tests.support.browser import EXTERNAL
from tests.support.server import StreamlitServer

CHANGES = 20
WARM_UP = 2
MEDIAN_GOAL_MS = 250.0
P95_GOAL_MS = 600.0
STEP_TITLE = "Title (required)"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
FIRST_PAGE_TIMEOUT_MS = 180_000
TOO_LONG = "A title far longer than a step's title may be " * (TEXT_MAX // 40)

# Armed before each change: stamps the field's leaving, then the first frame with the page updated.
_ARM = """([title, problem]) => {
  const rec = (window.__editorBench = {});
  const stepList = () => {
    const box = [...document.querySelectorAll("input")].find(
      (input) => (input.getAttribute("aria-label") || "").startsWith("Step being edited"));
    return box ? box.value : null;
  };
  // The problem's button names the step by number and title and the field by its label (issue 31).
  const listsProblem = () => [...document.querySelectorAll("button")].some(
    (button) => button.textContent.startsWith("Step 1 «") && button.textContent.includes("», title: "));
  const idle = () => !!document.querySelector("[data-testid='stApp'][data-test-script-state='notRunning']");
  document.addEventListener("focusout", () => { rec.change = performance.now(); }, { capture: true, once: true });
  const frame = () => {
    if (rec.change !== undefined) {
      if (rec.updated === undefined && stepList() === "1. " + title && listsProblem() === problem) {
        rec.updated = performance.now();
      }
      if (rec.updated !== undefined && idle()) {
        rec.idle = performance.now();
        return;
      }
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}"""


def _change(page: Page, number: int) -> dict:
    problem = number % 2 == 1
    title = f"{TOO_LONG}{number}" if problem else f"The gas price doubles, take {number}"
    box = page.get_by_label(STEP_TITLE).filter(visible=True)
    page.evaluate(_ARM, [title, problem])
    box.fill(title)
    box.press("Tab")
    page.wait_for_function("() => window.__editorBench.idle !== undefined", timeout=60_000)
    rec = page.evaluate("() => window.__editorBench")
    return {"update_ms": rec["updated"] - rec["change"], "idle_ms": rec["idle"] - rec["change"]}


def run(log: Callable[[str], None], changes: int = CHANGES) -> dict:
    """`changes` changes of a field in the editor on the flagship; the figures for `make bench`."""
    from bench.browser_bench import launch

    with tempfile.TemporaryDirectory(prefix="bench-editor-") as data:
        server = StreamlitServer(
            "app.py", label="editor", log_dir=RESULTS, env={"QANTAR_DATA_DIR": data}, sample_memory=True
        )
        with server, sync_playwright() as playwright:
            browser = launch(playwright)
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.route(EXTERNAL, lambda route: route.abort())
            page.goto(f"{server.url}/edit")
            # A server's first page is its slowest (imports, the catalog, the story cut into parts): not timed.
            page.wait_for_selector(IDLE, timeout=FIRST_PAGE_TIMEOUT_MS)
            page.get_by_label(STEP_TITLE).filter(visible=True).wait_for(timeout=FIRST_PAGE_TIMEOUT_MS)
            samples = []
            cpu_before = server.cpu_seconds()
            for number in range(WARM_UP + changes):
                sample = _change(page, number)
                if number >= WARM_UP:
                    samples.append(sample)
                    log(
                        f"editor change {number - WARM_UP + 1}/{changes}: updated {sample['update_ms']:.0f} ms,"
                        f" run finished {sample['idle_ms']:.0f} ms"
                    )
            cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / (WARM_UP + changes)
            browser.close()
    update = [sample["update_ms"] for sample in samples]
    idle = [sample["idle_ms"] for sample in samples]
    mid, p95 = median(update), percentile(update, 95)
    met = mid is not None and p95 is not None and mid <= MEDIAN_GOAL_MS and p95 <= P95_GOAL_MS
    return {
        "editor_change_to_update_ms": {
            "app": round(mid, 1) if mid is not None else None,
            "p95": round(p95, 1) if p95 is not None else None,
            "goal": f"median <= {MEDIAN_GOAL_MS:.0f}, p95 <= {P95_GOAL_MS:.0f}",
            "met": met,
            "unit": "ms",
            "stats": summary(update),
        },
        "editor_change_to_run_finished_ms": {"app": round(median(idle) or 0, 1), "stats": summary(idle), "unit": "ms"},
        "editor_server_cpu_per_change_ms": {"app": round(cpu_ms, 1), "unit": "ms"},
    }


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    print(json.dumps(run(_log), indent=2))
