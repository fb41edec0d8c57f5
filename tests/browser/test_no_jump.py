"""No jump on load (issue 27): the step's title and the map appear where they stay.

The page draws the opening step first (components/player.py) and the player takes its place once its
code has loaded. A reader who starts reading the title at its first paint must not see it move, on a
phone or a laptop: its box and the map's, the first time they are visible, are their boxes on the
settled page. A first visit each (a fresh browser context, nothing cached), the tiles blocked.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from tests.support.browser import EXTERNAL, open_story, wait_for_app, wait_map_settled

# Watches every frame from the page's start, until the step's title is visible for the first time
# (the opening's or the player's): then its box and the map's beside it, in page coordinates.
FIRST_SEEN = """
window.firstSeen = null;
(function watch() {
  const seenIn = (root) => {
    const title = root && root.querySelector(".sm-title"), map = root && root.querySelector(".sp-map");
    if (!title || !map || !title.checkVisibility({visibilityProperty: true, opacityProperty: true})) return null;
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return [r.left + scrollX, r.top + scrollY, r.width, r.height].map(Math.round);
    };
    return {title: title.textContent.trim(), titleBox: box(title), mapBox: box(map)};
  };
  window.firstSeen = seenIn(document.querySelector(".sp-player")) || seenIn(document.querySelector(".sp-opening"));
  if (!window.firstSeen) requestAnimationFrame(watch);
})();
"""
SETTLED = """() => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return [r.left + scrollX, r.top + scrollY, r.width, r.height].map(Math.round);
  };
  const title = document.getElementById("step-title"), map = document.querySelector(".sp-player .sp-map");
  return {title: title.textContent.trim(), titleBox: box(title), mapBox: box(map)};
}"""
PHONE, LAPTOP = (375, 667), (1280, 800)


def new_page(browser: Browser, size: tuple[int, int]) -> tuple[BrowserContext, Page]:
    """A first visit's page: a fresh context (nothing cached), other hosts refused, the watch installed."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route(EXTERNAL, lambda route: route.abort())
    page = context.new_page()
    page.add_init_script(FIRST_SEEN)
    return context, page


def assert_nothing_moved(page: Page) -> None:
    first, settled = page.evaluate("window.firstSeen"), page.evaluate(SETTLED)
    assert first is not None, "the step's title was never seen"
    assert first["title"] == settled["title"]
    assert first["titleBox"] == settled["titleBox"], "the step's title moved after it was first drawn"
    assert first["mapBox"] == settled["mapBox"], "the map's box moved after it was first drawn"


@pytest.mark.parametrize(
    ("size", "address"),
    [
        (PHONE, "/"),
        (LAPTOP, "/"),
        # A step with days: a shorter map on a phone and the days' control under it.
        (PHONE, "/?step=day-by-day"),
        (LAPTOP, "/?step=day-by-day"),
        # An address naming no step: the notice above the story.
        (PHONE, "/?step=no-such-step"),
    ],
    ids=["phone", "laptop", "phone-days", "laptop-days", "phone-notice"],
)
def test_the_title_and_the_map_stay_where_they_first_appear(browser: Browser, flagship_server, size, address):
    context, page = new_page(browser, size)
    try:
        open_story(page, flagship_server.url + address, block_external=False)
        wait_for_app(page)
        assert_nothing_moved(page)
    finally:
        context.close()


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_the_title_stays_put_when_the_language_switch_comes_after_it(browser: Browser, flagship_server, size):
    # The switch above the story is drawn as a smaller placeholder until its code has loaded: held
    # back here until the step's title shows, it must find its box kept.
    context, page = new_page(browser, size)
    held: list[Route] = []
    page.route("**/static/js/ButtonGroup*.js", lambda route: held.append(route))
    try:
        page.goto(flagship_server.url + "/")
        page.wait_for_function("() => window.firstSeen !== null")
        assert held, "the language switch's code was not asked for: the test holds nothing back"
        for route in held:
            route.continue_()
        expect(page.locator(".st-key-language-switch [data-testid='stButtonGroup']")).to_be_visible()
        wait_map_settled(page)
        wait_for_app(page)
        assert_nothing_moved(page)
    finally:
        context.close()
