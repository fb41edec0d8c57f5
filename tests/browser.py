"""Helpers for driving the story map in Chromium (used by the browser tests)."""

from __future__ import annotations

import re
import shutil

from playwright.sync_api import Frame, Page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, Chromium on this kind of machine keeps trying to reach Google's
# services through a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
# Everything that is not our own server: tile servers, CDNs.
EXTERNAL = re.compile(r"^(?!https?://(localhost|127\.0\.0\.1)[:/]).*", re.IGNORECASE)

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def open_story(page: Page, url: str, block_external: bool = True) -> Frame:
    """Load the app with no internet (tiles and CDNs blocked); return the map's frame once drawn."""
    if block_external:
        page.route(EXTERNAL, lambda route: route.abort())
    page.goto(url)
    wait_for_app(page)
    page.frame_locator(MAP_IFRAME).locator(".leaflet-container[data-step]").wait_for()
    frame = map_frame(page)
    wait_map_settled(frame)
    return frame


def wait_for_app(page: Page) -> None:
    """Wait until the script has finished running (never sleep)."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")


def map_frame(page: Page) -> Frame:
    frame = page.frame(url=re.compile("st_folium"))
    assert frame is not None, "the map's iframe is missing"
    return frame


def wait_map_settled(frame: Frame | Page, step_id: str | None = None) -> None:
    """Wait until the map shows `step_id` (if given) and has stopped moving.

    `frame` is the app's map frame, or the page of a static export (where the map is the page).
    """
    frame.wait_for_function(
        """(step) => {
            const map = window.storymap && window.storymap.instance;
            if (!map || !map.state) return false;
            if (step && map.state.step !== step) return false;
            return !map.storyMoving;
        }""",
        arg=step_id,
    )


def map_view(frame: Frame) -> dict:
    return frame.evaluate(
        """() => {
            const center = window.map.getCenter();
            return {lat: center.lat, lng: center.lng, zoom: window.map.getZoom()};
        }"""
    )


def heading(page: Page) -> str:
    return page.locator("#step-title").inner_text().strip()


def step_param(page: Page) -> str | None:
    match = re.search(r"[?&]step=([^&#]*)", page.url)
    return match.group(1) if match else None
