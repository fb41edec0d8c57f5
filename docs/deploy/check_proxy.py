"""Open the story through the nginx proxy of docs/deploy/nginx.conf in a few fresh browsers.

Each viewer must see step 7's title, get a websocket through the proxy, move to step 8 with Next, and keep
one replica for all its requests (read from the proxy's log). Run from the repository root, with the
replicas and nginx started as docs/deploy.md says:

    .venv/bin/python docs/deploy/check_proxy.py --log /tmp/qantar-nginx/proxy.log
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from story.format.files import FLAGSHIP
from story.format.loader import load_story
from tests.browser import CHROMIUM, CHROMIUM_ARGS, heading, open_story, step_param, wait_map_settled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8600")
    parser.add_argument("--viewers", type=int, default=4)
    parser.add_argument("--log", type=Path, default=Path("/tmp/qantar-nginx/proxy.log"))
    args = parser.parse_args()
    steps = load_story(FLAGSHIP).steps
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for viewer in range(args.viewers):
            context = browser.new_context()
            page = context.new_page()
            sockets: list[str] = []
            page.on("websocket", lambda socket, sockets=sockets: sockets.append(socket.url))
            started = time.monotonic()
            frame = open_story(page, f"{args.url}/?step={steps[6].id}")
            loaded = time.monotonic() - started
            assert heading(page) == steps[6].title, heading(page)
            page.get_by_role("button", name="Next").click()
            page.locator("#step-title").filter(has_text=steps[7].title).wait_for()
            wait_map_settled(frame, steps[7].id)
            assert step_param(page) == steps[7].id
            assert sockets and all("/_stcore/stream" in url for url in sockets), sockets
            cookie = next(c["value"] for c in context.cookies() if c["name"] == "qantar_replica")
            print(f"viewer {viewer}: step 7 in {loaded:.2f} s, Next -> {heading(page)!r}, cookie {cookie[:8]}")
            context.close()
        browser.close()
    replicas: dict[str, set[str]] = collections.defaultdict(set)
    upgrades = 0
    for line in args.log.read_text(encoding="utf-8").splitlines():
        match = re.search(r'" (\d{3}) key=(\S+) upstream=(\S+) upgrade="(\S*)"', line)
        if match:
            replicas[match[2]].add(match[3])
            upgrades += match[1] == "101" and match[4] == "websocket"
    print("replica per viewer:", {key[:8]: sorted(found) for key, found in replicas.items()})
    print("websocket upgrades (101):", upgrades)
    split = [key for key, found in replicas.items() if len(found) > 1]
    assert not split, f"viewers whose requests went to two replicas: {split}"
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
