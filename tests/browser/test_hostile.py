"""A story written to attack its viewers (tests/stories/hostile.yaml) plays as plain text: nothing it holds runs.

Its media (paths out of its folder, files that lie about what they are, a decompression bomb, SVGs with
scripts, javascript: and data: addresses, a video on an unknown host) are shown as captions and never
requested.

Every payload in the story calls `alert(...)` or logs XSS-MARKER if it ever runs. In Chromium, every step is
walked with the credits open and every map tooltip open; no dialog, no marker, no `javascript:`/`data:` link,
no injected element, and the hostile titles are shown as the literal text the author typed. (The data the
player gets holds the payloads only as JSON text: tests/unit/test_player.py.)
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import ConsoleMessage, Dialog, Page, expect

from story.format.loader import load_story
from tests.conftest import TEST_STORIES
from tests.support.browser import heading, open_story, step_param, wait_map_settled

HOSTILE = TEST_STORIES / "hostile.yaml"
MARKER = "XSS-MARKER"
# What would show that a payload became markup or a link rather than text.
INJECTED = (
    "a[href^='javascript:' i], a[href^='data:' i], a[href^='vbscript:' i], [href*='javascript:' i], "
    "img[src='x'], svg animate, iframe[src^='javascript:' i], [onerror], [onload], [onclick], [onmouseover], "
    "[onbegin]"
)


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(HOSTILE, catalog)


def test_every_step_plays_as_text_in_the_browser(page: Page, start_server, story):
    server = start_server("--story", str(HOSTILE))
    ran: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        ran.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if MARKER in message.text:
            ran.append(f"console: {message.text}")

    asked: list[str] = []
    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("request", lambda request: asked.append(request.url))
    open_story(page, server.url)
    page.get_by_text("Credits and sources of data").click()
    expect(page.get_by_text("[credit markdown](javascript:alert('XSS'))")).to_be_visible()

    for number, step in enumerate(story.steps):
        if number:
            page.get_by_role("button", name="Next").click()
            wait_map_settled(page, step.id)
        assert step_param(page) == step.id
        # The author's markup is shown, literally, as the title they typed.
        assert heading(page) == step.title
        open_every_tooltip(page)
        assert_nothing_injected(page)
        assert ran == [], ran

    # The hostile media (the last two steps) were shown as captions, never asked for.
    expect(page.locator(".sp-player .sp-step .sm-media-missing")).to_have_count(len(story.steps[-1].media))
    hostile = [url for url in asked if re.search(r"evil\.example|etc/passwd|hostile/|^javascript:|^data:text", url)]
    assert hostile == [], hostile
    expect(page.locator(".sm-story-title")).to_have_text(story.title)
    tooltips = page.locator(".leaflet-tooltip")
    expect(tooltips.filter(has_text="<img src=x onerror=alert('XSS')>Evil town").first).to_be_attached()
    assert ran == [], ran


def open_every_tooltip(page: Page) -> None:
    opened = page.evaluate(
        """() => {
            let count = 0;
            window.storymap.instance.map.eachLayer((layer) => {
                if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); count += 1; }
                if (layer.getPopup && layer.getPopup()) { layer.openPopup(); count += 1; }
            });
            return count;
        }"""
    )
    assert opened >= 1, "the step's places have tooltips"


def assert_nothing_injected(page: Page) -> None:
    main = page.locator("[data-testid='stMain']")
    assert main.locator(INJECTED).count() == 0, main.locator(INJECTED).first.evaluate("e => e.outerHTML")
    # Links that remain go to the web, and open in a new tab with no access to this page (or to the
    # app's own editor, a page of the app beside this one).
    for href in main.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith(("https://", "http://", "mailto:", "#", "?", "/", "edit?lang=")), href
    # No author text became a script element anywhere in the app's own document.
    assert page.evaluate("() => [...document.scripts].filter(s => s.textContent.includes('XSS')).length") == 0
