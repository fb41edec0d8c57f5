"""Phones, tablets, small iframes and the other two languages: every flagship step framed, its title first, axe clean.

A step's places must be inside the part of the map a viewer sees: inside the map's rectangle,
on the screen, and not under the offline notice or the attribution. The step's title must be
on the first screen (the page scrolled to its top).

The player and its map are the same scripts in the app and in the export, so most sizes and languages are
walked in the flagship exported with online tiles (blocked here, as in the app, so the offline notice shows)
and opened from disk; the app keeps its own phone and wide layouts, its embedding and one axe run.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Frame, Page, expect

from story.format.files import FLAGSHIP
from story.format.loader import load_story
from story.format.translation import localize
from tests.support.browser import (
    EXTERNAL,
    MAP_SETTLED_JS,
    export_story,
    serious_violations,
    shown,
    wait_map_settled,
)
from tests.support.server import StreamlitServer

LANGUAGES = ["en", "ru", "kk"]
# The marker's radius: a place whose centre is this close to an edge is cut in half.
MARGIN = 6

FRAMING = """() => {
    const storymap = window.storymap.instance, map = storymap.map;
    const box = map.getContainer().getBoundingClientRect();
    const shown = (el) => el && el.offsetParent !== null && getComputedStyle(el).display !== "none";
    const covers = [...map.getContainer().querySelectorAll(".leaflet-control-attribution, .sm-map-notice")]
        .filter(shown).map((el) => [el.className.split(" ")[0], el.getBoundingClientRect()]);
    const places = (storymap.state.places || []).map((key) => {
        const point = map.latLngToContainerPoint(storymap.markers[key].getLatLng());
        const x = box.left + point.x, y = box.top + point.y;
        const inMap = point.x >= MARGIN && point.x <= box.width - MARGIN
            && point.y >= MARGIN && point.y <= box.height - MARGIN;
        const onScreen = x >= 0 && x <= window.innerWidth && y + window.scrollY >= 0
            && y + window.scrollY <= window.innerHeight;
        const under = covers.filter(([name, r]) => x >= r.left - MARGIN && x <= r.right + MARGIN
            && y >= r.top - MARGIN && y <= r.bottom + MARGIN).map(([name]) => name);
        return {key, inMap, onScreen, under};
    });
    const title = document.getElementById("step-title").getBoundingClientRect();
    return {step: storymap.state.step, places, titleBottom: title.bottom + window.scrollY, screen: window.innerHeight};
}""".replace("MARGIN", str(MARGIN))


def problems_of(framing: dict) -> list[str]:
    found = []
    for place in framing["places"]:
        if not place["inMap"]:
            found.append(f"{framing['step']}: {place['key']} is outside the map")
        elif not place["onScreen"]:
            found.append(f"{framing['step']}: {place['key']} is off the first screen")
        elif place["under"]:
            found.append(f"{framing['step']}: {place['key']} is under {', '.join(place['under'])}")
    if framing["titleBottom"] > framing["screen"]:
        found.append(f"{framing['step']}: the title ends at {framing['titleBottom']:.0f} px, below the first screen")
    return found


# Every step in turn by the player's own step function (the one the keys and Next call), each
# measured once the map has framed it: the same condition as wait_map_settled, checked in the page.
WALK = """async () => {
    const framing = FRAMING, isSettled = MAP_SETTLED_JS;
    const player = window.storymap.player;
    const settled = (id) => new Promise((resolve) => {
        const check = () => isSettled(id) ? resolve() : requestAnimationFrame(check);
        check();
    });
    const seen = [framing()];
    for (let index = 1; index < player.data.steps.length; index++) {
        player.go(index, true);
        await settled(player.data.steps[index].id);
        seen.push(framing());
    }
    return seen;
}""".replace("FRAMING", FRAMING).replace("MAP_SETTLED_JS", MAP_SETTLED_JS)


def walk_the_story(target: Page | Frame, step_ids: list[str]) -> list[str]:
    """Every step from the first; what is wrong with each step's framing."""
    wait_map_settled(target, step_ids[0])
    # The tiles are blocked: wait for the offline notice, which the framing must leave room for.
    target.wait_for_selector(".leaflet-container[data-tiles='failed']", state="attached")
    wait_map_settled(target, step_ids[0])
    framings = target.evaluate(WALK)
    assert [framing["step"] for framing in framings] == step_ids
    return [problem for framing in framings for problem in problems_of(framing)]


@pytest.fixture(scope="module")
def step_ids(catalog) -> list[str]:
    return [step.id for step in load_story(FLAGSHIP, catalog).steps]


@pytest.fixture(scope="module")
def titles(catalog) -> dict[str, list[str]]:
    story = load_story(FLAGSHIP, catalog)
    return {language: [s.title for s in localize(story, FLAGSHIP, language).story.steps] for language in LANGUAGES}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """The flagship in each language as one file, with online tiles as the app has them."""
    folder = tmp_path_factory.mktemp("export")
    return {
        language: export_story(FLAGSHIP, folder / f"{language}.html", "--lang", language, tiles="OpenStreetMap.Mapnik")
        for language in LANGUAGES
    }


def context_for(browser: Browser, width: int, height: int, bypass_csp: bool = False) -> BrowserContext:
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=width < 700,
        has_touch=width < 700,
        reduced_motion="reduce",
        # The export's policy lets only its own scripts run: axe is let in past it.
        bypass_csp=bypass_csp,
    )
    context.route(EXTERNAL, lambda route: route.abort())
    return context


@pytest.fixture
def sized(browser: Browser, request) -> Iterator[Page]:
    width, height = request.param
    context = context_for(browser, width, height)
    yield context.new_page()
    context.close()


# Every language at the sizes where long Russian and Kazakh words wrap, in the export; the app's own phone
# and wide layouts in English.
@pytest.mark.parametrize(
    ("sized", "language"),
    [((375, 667), "en"), ((1280, 800), "en")],
    ids=["phone-en", "wide-en"],
    indirect=["sized"],
)
def test_every_step_frames_its_places_and_shows_its_title_first_in_the_app(
    sized: Page, flagship_server: StreamlitServer, step_ids, language
):
    sized.goto(f"{flagship_server.url}/?step={step_ids[0]}&lang={language}")
    found = walk_the_story(sized, step_ids)
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize(
    ("sized", "language"),
    [((375, 667), "ru"), ((375, 667), "kk"), *(((768, 1024), lang) for lang in LANGUAGES)],
    ids=["phone-ru", "phone-kk", "tablet-en", "tablet-ru", "tablet-kk"],
    indirect=["sized"],
)
def test_every_step_frames_its_places_and_shows_its_title_first(sized: Page, exported, step_ids, language):
    sized.goto(f"{exported[language].as_uri()}#step={step_ids[0]}")
    found = walk_the_story(sized, step_ids)
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)


def lesson_with(folder: Path, address: str) -> Path:
    """A teacher's page with the story in a small iframe."""
    lesson = folder / "lesson.html"
    lesson.write_text(
        f"<!doctype html><html lang='en'><head><title>Lesson</title></head><body style='margin:0'>"
        f"<iframe title='Story' src='{address}' width='600' height='450' style='border:0'></iframe></body></html>",
        encoding="utf-8",
    )
    return lesson


def walk_in_the_iframe(browser: Browser, lesson: Path, story_address: str, step_ids: list[str]) -> list[str]:
    context = context_for(browser, 900, 700)
    page = context.new_page()
    page.goto(lesson.as_uri())
    page.locator("iframe").content_frame.locator("#step-title").wait_for()
    frame = next(f for f in page.frames if f.url.startswith(story_address))
    found = walk_the_story(frame, step_ids)
    context.close()
    return found


def test_every_step_frames_its_places_in_a_small_iframe_of_the_app(
    browser: Browser, flagship_server: StreamlitServer, step_ids, tmp_path
):
    address = f"{flagship_server.url}/?step={step_ids[0]}&lang=en&embed=true"
    found = walk_in_the_iframe(browser, lesson_with(tmp_path, address), flagship_server.url, step_ids)
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_step_frames_its_places_in_a_small_iframe(browser: Browser, exported, step_ids, language, tmp_path):
    address = exported[language].as_uri()
    found = walk_in_the_iframe(browser, lesson_with(tmp_path, f"{address}#step={step_ids[0]}"), address, step_ids)
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)


def test_on_a_phone_the_maps_own_messages_take_a_line_each_and_open_on_request(browser: Browser, exported, step_ids):
    context = context_for(browser, 375, 667)
    page = context.new_page()
    page.goto(f"{exported['en'].as_uri()}#step={step_ids[0]}")
    wait_map_settled(page, step_ids[0])
    notice = page.locator(".sm-map-notice")
    attribution = page.locator(".leaflet-control-attribution")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Online basemap unavailable")  # what a screen reader announces
    expect(notice.locator(".sm-map-notice-short")).to_have_text("Offline map")
    assert notice.bounding_box()["height"] <= 28 and attribution.bounding_box()["height"] <= 20
    toggle = page.get_by_role("button", name="Map data and credits")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(page.get_by_role("button", name="Map data and credits")).to_have_attribute("aria-expanded", "true")
    assert attribution.bounding_box()["height"] > 20, "the whole attribution, on as many lines as it needs"
    assert shown(page)["map"] == step_ids[0], "opening the credits leaves the story where it is"
    page.get_by_role("button", name="Dismiss").click()
    expect(notice).to_be_hidden()
    context.close()


SIZES = {"phone": (375, 667), "tablet": (768, 1024), "wide": (1280, 800)}


def axe_on_fire_without_warning(browser: Browser, address: str, size: str, bypass_csp: bool = False) -> list[dict]:
    """A step with a content note, glossary terms, sources of several kinds and the offline notice."""
    context = context_for(browser, *SIZES[size], bypass_csp=bypass_csp)
    page = context.new_page()
    page.goto(address)
    wait_map_settled(page, "fire-without-warning")
    violations = serious_violations(page)
    context.close()
    return violations


def test_axe_finds_nothing_serious_on_the_flagship_in_the_app(browser: Browser, flagship_server: StreamlitServer):
    violations = axe_on_fire_without_warning(browser, f"{flagship_server.url}/?step=fire-without-warning", "wide")
    assert violations == [], json.dumps(violations, indent=1)


@pytest.mark.parametrize("language", ["en", "kk"])
@pytest.mark.parametrize("size", list(SIZES))
def test_axe_finds_nothing_serious_on_the_flagship(browser: Browser, exported, size, language):
    address = f"{exported[language].as_uri()}#step=fire-without-warning"
    violations = axe_on_fire_without_warning(browser, address, size, bypass_csp=True)
    assert violations == [], json.dumps(violations, indent=1)
