"""A story written to attack its viewers (tests/stories/hostile.yaml) plays as plain text: nothing it holds runs.

Every payload in the story calls `alert(...)` or logs XSS-MARKER if it ever runs. In Chromium, every step is
walked with the credits open and every map tooltip open; no dialog, no marker, no `javascript:`/`data:` link,
no injected element, and the hostile titles are shown as the literal text the author typed.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import ConsoleMessage, Dialog, Frame, Page, expect
from streamlit_folium import _get_feature_group_string

from story.format.loader import load_story
from story.map.folium_map import build_base_map, build_step_layer
from story.map.state import MapTexts, map_config, step_state
from tests.browser import heading, map_frame, open_story, step_param, wait_for_app, wait_map_settled
from tests.conftest import TEST_STORIES

HOSTILE = TEST_STORIES / "hostile.yaml"
MARKER = "XSS-MARKER"
STATIC = "../../app/static/"
# What would show that a payload became markup or a link rather than text.
INJECTED = (
    "a[href^='javascript:' i], a[href^='data:' i], a[href^='vbscript:' i], [href*='javascript:' i], "
    "img[src='x'], svg animate, iframe[src^='javascript:' i], [onerror], [onload], [onclick], [onmouseover], "
    "[onbegin]"
)


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(HOSTILE, catalog)


def folium_html(story, catalog) -> tuple[str, list[str]]:
    texts = MapTexts(back="Back", offline="Offline", data_attribution="Natural Earth")
    config = map_config(story, catalog, texts, "en", STATIC + "geodata/", True)
    base = build_base_map(config, STATIC, None)
    page = base.get_root().render()
    groups = [
        _get_feature_group_string(build_step_layer(step_state(story, i, catalog, "system")), base)
        for i in range(len(story.steps))
    ]
    return page, groups


def test_the_folium_map_carries_the_story_as_data_not_markup(story, catalog):
    page, groups = folium_html(story, catalog)
    for html in [page, *groups]:
        lowered = html.lower()
        assert "<script>alert" not in lowered
        assert "</script><script>" not in lowered
        assert "<img src=x" not in lowered
        assert "<svg onload" not in lowered
    # The only <script> elements are the ones folium and our controller write.
    assert page.count("<script") == page.count("</script>")
    assert "\\u003cimg src=x onerror=alert('XSS')\\u003eEvil town" in page


def test_every_step_plays_as_text_in_the_browser(page: Page, start_server, story):
    server = start_server("--story", str(HOSTILE))
    ran: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        ran.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        if MARKER in message.text:
            ran.append(f"console: {message.text}")

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    frame = open_story(page, server.url)
    page.get_by_text("Credits and sources of data").click()
    expect(page.get_by_text("[credit markdown](javascript:alert('XSS'))")).to_be_visible()

    for number, step in enumerate(story.steps):
        if number:
            page.get_by_role("button", name="Next").click()
            wait_for_app(page)
            wait_map_settled(frame, step.id)
        assert step_param(page) == step.id
        # The author's markup is shown, literally, as the title they typed.
        assert heading(page) == step.title
        open_every_tooltip(frame)
        assert_nothing_injected(page, frame)
        assert ran == [], ran

    expect(page.locator(".sm-story-title")).to_have_text(story.title)
    tooltips = frame.locator(".leaflet-tooltip")
    expect(tooltips.filter(has_text="<img src=x onerror=alert('XSS')>Evil town").first).to_be_attached()
    assert ran == [], ran


def open_every_tooltip(frame: Frame) -> None:
    opened = frame.evaluate(
        """() => {
            let count = 0;
            window.map.eachLayer((layer) => {
                if (layer.getTooltip && layer.getTooltip()) { layer.openTooltip(); count += 1; }
                if (layer.getPopup && layer.getPopup()) { layer.openPopup(); count += 1; }
            });
            return count;
        }"""
    )
    assert opened >= 1, "the step's places have tooltips"


def assert_nothing_injected(page: Page, frame: Frame) -> None:
    main = page.locator("[data-testid='stMain']")
    assert main.locator(INJECTED).count() == 0, main.locator(INJECTED).first.evaluate("e => e.outerHTML")
    map_injected = frame.locator(INJECTED)
    assert map_injected.count() == 0, map_injected.first.evaluate("e => e.outerHTML")
    # Links that remain go to the web, and open in a new tab with no access to this page.
    for href in main.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert href.startswith(("https://", "http://", "mailto:", "#", "?", "/")), href
    # No author text became a script element anywhere in the app's own document.
    assert page.evaluate("() => [...document.scripts].filter(s => s.textContent.includes('XSS')).length") == 0
    assert map_frame(page).evaluate("() => [...document.scripts].filter(s => s.text.includes('<script>')).length") == 0
