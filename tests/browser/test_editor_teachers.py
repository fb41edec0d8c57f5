"""Two teachers editing at once on one server, in Chromium: each has their own draft, and a reload (a new
session of the same browser) finds its own again, never the other's and never the app's story."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.support.browser import wait_for_app

STEP_TITLE = "Title (required)"
# A page of the editor, loaded or reloaded, is drawn in two script runs (this browser's draft token
# arrives a run after the first): waits on a whole page get a page's time, not an assertion's 5 s.
# wait_for_app alone can see the page idle before its first run has begun.
PAGE_LOAD_MS = 30_000


def step_title(page: Page):
    # The step's title: the story's own, in its closed section, is not visible.
    return page.get_by_label(STEP_TITLE).filter(visible=True)


def open_editor(page: Page, url: str) -> None:
    page.goto(f"{url}/edit")
    wait_for_app(page)
    expect(step_title(page)).to_be_visible(timeout=PAGE_LOAD_MS)


def retitle(page: Page, title: str) -> None:
    box = step_title(page)
    box.fill(title)
    box.press("Tab")
    # Written when the page shows it in the step list (a run may not have begun when the page last looked idle).
    expect(page.get_by_label("Step being edited").filter(visible=True)).to_have_value(f"1. {title}")
    wait_for_app(page)


def test_two_teachers_each_have_their_own_draft_and_a_reload_finds_it(browser: Browser, three_steps_server):
    first = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    second = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    open_editor(first, three_steps_server.url)
    open_editor(second, three_steps_server.url)
    retitle(first, "Teacher one's first step")
    retitle(second, "Teacher two's first step")
    for _ in range(3):  # more than once: a reload must find the draft every time, not now and then
        for page, title in ((first, "Teacher one's first step"), (second, "Teacher two's first step")):
            page.reload()
            wait_for_app(page)
            expect(step_title(page)).to_have_value(title, timeout=PAGE_LOAD_MS)
    first.context.close()
    second.context.close()
