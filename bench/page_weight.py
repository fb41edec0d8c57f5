"""What a phone's first view weighs: HTTP bytes on the wire and uncompressed, for the app and the floor.

`python -m bench.page_weight` (not yet part of `make bench`): Chromium at 375x667 opens the flagship's
step and a bare Streamlit page (the floor) once each, in fresh contexts, tiles off, and sums the
responses' bodies as sent (`request.sizes()`) and as read. The websocket's messages are not counted.
"""

from __future__ import annotations

import json
import shutil

from playwright.sync_api import Page, sync_playwright

from bench.servers import app_server, floor_server
from tests.support.browser import open_story, wait_for_app

PHONE = {"width": 375, "height": 667}


def weigh(page: Page, url: str, story: bool) -> dict[str, int]:
    responses = []
    page.on("response", lambda response: responses.append(response))
    if story:
        open_story(page, url)
    else:
        page.goto(url)
        wait_for_app(page)
    wire = plain = 0
    for response in responses:
        try:
            plain += len(response.body())
            wire += response.request.sizes()["responseBodySize"]
        except Exception:  # a redirect or a response with no body to read
            continue
    return {"responses": len(responses), "wire_kb": round(wire / 1024), "uncompressed_kb": round(plain / 1024)}


def main() -> None:
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        for label, server, path, story in (
            ("app", app_server("weigh-app", ["--tiles", "none"]), "/?step=csto", True),
            ("floor", floor_server("weigh-floor"), "/", False),
        ):
            with server:
                context = browser.new_context(viewport=PHONE)
                results[label] = weigh(context.new_page(), server.url + path, story)
                context.close()
        browser.close()
    results["wire_ratio"] = round(results["app"]["wire_kb"] / results["floor"]["wire_kb"], 2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
