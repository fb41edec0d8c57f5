"""Pictures, videos and sounds in Chromium, in the app and in the export opened from file://.

tests/stories/media.yaml: a picture beside the story with a figure, a picture on the web (its
host unreachable, as in an offline classroom: its alt text must stand in), a YouTube video
(nothing may be asked of YouTube before the reader presses play), a local video with captions,
a sound and an SVG drawing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from story.cli import main as story_command
from tests.conftest import TEST_STORIES
from tests.support.browser import open_story, serious_violations, wait_map_settled
from tests.support.server import StreamlitServer

STORY = TEST_STORIES / "media.yaml"
STEP = ".sp-player .sp-step"
VIDEO_HOSTS = re.compile(r"youtube|ytimg|googlevideo|vimeo", re.IGNORECASE)


@pytest.fixture(scope="module")
def server(start_server) -> StreamlitServer:
    return start_server("--story", str(STORY))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """Exported with tiles: the author chose the web, so the picture and the video on it are shown."""
    path = tmp_path_factory.mktemp("export") / "media.html"
    assert story_command(["export", str(STORY), "--tiles", "OpenStreetMap.Mapnik", "-o", str(path)]) == 0
    return path


def requests_of(page: Page) -> list[str]:
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    return asked


def loaded(page: Page, selector: str) -> None:
    """Wait until the picture at `selector` has loaded and has pixels."""
    page.wait_for_function(
        "(selector) => { const img = document.querySelector(selector); "
        "return img && img.complete && img.naturalWidth > 0; }",
        arg=selector,
    )


def walk_the_media(page: Page, asked: list[str]) -> None:
    # A picture beside the story, at the pane's width or less, with its caption and credit.
    picture = page.locator(f"{STEP} .sm-image img")
    expect(picture).to_have_attribute("alt", "A map of Central Asia with Kazakhstan shaded in red.")
    loaded(page, f"{STEP} .sm-image img")
    pane = page.locator(STEP).bounding_box()
    assert picture.bounding_box()["width"] <= pane["width"] + 1
    expect(page.locator(f"{STEP} .sm-image figcaption")).to_contain_text("(Picture: The Qantar project, CC0 1.0)")
    expect(page.locator(f"{STEP} .sm-figure").get_by_role("img", name="Two numbers")).to_be_visible()

    # A picture on the web that cannot be reached: its alt text in its place.
    page.get_by_role("button", name="Next").click()
    fallback = page.locator(f"{STEP} .sm-media-fallback")
    expect(fallback).to_be_visible()
    expect(fallback).to_have_text("Grass to the horizon under a pale sky.")
    expect(page.locator(f"{STEP} .sm-remote img")).to_have_count(0)
    expect(page.locator(f"{STEP} .sm-remote figcaption")).to_contain_text("The steppe in winter.")

    # Videos: a button and a caption each; nothing from YouTube until play is pressed.
    page.get_by_role("button", name="Next").click()
    expect(page.locator(f"{STEP} [data-sm-play]")).to_have_count(2)
    expect(page.locator(f"{STEP} iframe, {STEP} video")).to_have_count(0)
    assert not [url for url in asked if VIDEO_HOSTS.search(url)], asked
    play = page.get_by_role("button", name="Play the video (from YouTube)")
    play.focus()
    with page.expect_request(lambda request: VIDEO_HOSTS.search(request.url) is not None) as first:
        page.keyboard.press("Enter")
    assert first.value.url.startswith("https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?")
    frame = page.locator(f"{STEP} iframe")
    expect(frame).to_have_attribute("src", first.value.url)
    expect(frame).to_be_focused()
    assert all("youtube-nocookie.com" in url for url in asked if VIDEO_HOSTS.search(url)), asked
    page.get_by_role("button", name="Play the video", exact=True).click()
    video = page.locator(f"{STEP} video")
    expect(video.locator("track[kind='captions']")).to_have_attribute("label", "Captions")
    page.wait_for_function(
        "(selector) => { const v = document.querySelector(selector); "
        "return v && v.readyState >= 1 && v.duration > 3; }",
        arg=f"{STEP} video",
    )
    expect(page.locator(f"{STEP} .sm-transcript summary")).to_have_count(2)

    # A sound and a drawing.
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Play the sound").click()
    page.wait_for_function(
        "(selector) => { const a = document.querySelector(selector); return a && a.readyState >= 1; }",
        arg=f"{STEP} audio",
    )
    loaded(page, f"{STEP} .sm-image img")
    expect(page.locator(f"{STEP} .sm-image img")).to_have_attribute("alt", "A drawing of low hills under a pink sun.")


def test_the_app_shows_pictures_videos_and_sounds_and_asks_third_parties_nothing_unasked(page: Page, server):
    asked = requests_of(page)
    open_story(page, f"{server.url}/?step=picture")
    # axe with a picture and a figure on screen.
    loaded(page, f"{STEP} .sm-image img")
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    walk_the_media(page, asked)
    served = [url for url in asked if "/files/media/" in url]
    assert any(url.endswith(".webm") for url in served) and any(url.endswith(".vtt") for url in served)
    # Beside the tiles, the one picture on the web and the video the reader asked for.
    chosen = ("pictures.example.org", "youtube-nocookie.com", "tile.openstreetmap.org")
    third_party = [url for url in asked if not url.startswith((server.url, "data:"))]
    assert all(any(host in url for host in chosen) for url in third_party), third_party


def test_the_export_from_disk_shows_the_same_media_from_inside_itself(page: Page, exported: Path):
    asked = requests_of(page)
    page.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    page.goto(exported.as_uri())
    wait_map_settled(page, "picture")
    walk_the_media(page, asked)
    files = [url for url in asked if url.startswith("file:") and url != exported.as_uri()]
    assert files == [], "the export is one file: its pictures are inside it"
