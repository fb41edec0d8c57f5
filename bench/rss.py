"""The app server's memory after one page load: `python -m bench.rss [CHECKOUT ...]`.

Starts `streamlit run app.py` from each checkout (this one by default), opens the page once in
Chromium (tiles blocked) until its map is drawn, waits for the server to be idle, and prints the
RSS of the server process and its children. Used to compare a change against an older commit:
`git worktree add /tmp/before <commit>` and `python -m bench.rss . /tmp/before`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, EXTERNAL
from tests.support.server import ROOT, StreamlitServer

DRAWN = ".leaflet-container[data-step]"


def rss_after_one_page(checkout: Path) -> dict:
    server = StreamlitServer("app.py", label=f"rss-{checkout.name}", log_dir=ROOT / "bench" / "results")
    server_root = checkout.resolve()
    # The launcher starts from the repository it lives in; point it at the checkout instead.
    server.command = lambda: [  # type: ignore[method-assign]
        sys.executable, "-m", "streamlit", "run", str(server_root / "app.py"),
        "--server.port", str(server.port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    import tests.support.server as launcher

    saved = launcher.ROOT
    launcher.ROOT = server_root
    try:
        server.start()
    finally:
        launcher.ROOT = saved
    try:
        started = server.rss()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.route(EXTERNAL, lambda route: route.abort())
            page.goto(server.url)
            deadline = time.monotonic() + 120
            # The map of an older version is in an iframe: look in every frame.
            while not any(frame.query_selector(DRAWN) for frame in page.frames):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{checkout}: the map was not drawn within 120 s")
                page.wait_for_timeout(100)
            time.sleep(3)  # the page's last runs (an older version ran several per load) are over
            loaded = server.rss()
            browser.close()
        return {"checkout": str(checkout), "rss_started_mb": round(started / 2**20, 1),
                "rss_after_one_page_mb": round(loaded / 2**20, 1)}  # fmt: skip
    finally:
        server.stop()


def main(argv: list[str]) -> int:
    checkouts = [Path(arg) for arg in argv] or [ROOT]
    results = [rss_after_one_page(checkout) for checkout in checkouts]
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
