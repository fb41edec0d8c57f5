"""The single-file export: a teacher's copy of the story that opens from disk with no network."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from story.cli import main as story_command
from story.format.files import FLAGSHIP, translation_path
from story.format.loader import load_story
from story.format.translation import load_translation
from story.map.state import story_places
from tests.conftest import TEST_STORIES
from tests.support.browser import shown, wait_map_settled

MAX_EXPORT_BYTES = 1_000_000
# Cyrillic takes two bytes a letter in UTF-8: the same story is about 8 % larger in Russian or Kazakh
# (930 KB in English, 1.005 MB in Russian and 1.015 MB in Kazakh after the third fact check; all
# about 275 KB gzipped).
MAX_TRANSLATED_EXPORT_BYTES = 1_080_000
WALK = TEST_STORIES / "walk.yaml"


@pytest.fixture(scope="module")
def flagship(catalog):
    return load_story(FLAGSHIP, catalog)


@pytest.fixture(scope="module")
def walk(catalog):
    return load_story(WALK, catalog)


@pytest.fixture(scope="module")
def exported_walk(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "walk.html"
    assert story_command(["export", str(WALK), "-o", str(path), "--tiles", "none"]) == 0
    return path


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    """The flagship exported by the command teachers run, with no options: no online tiles (L8)."""
    path = tmp_path_factory.mktemp("export") / "qantar-2022.html"
    assert story_command(["export", str(FLAGSHIP), "-o", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def exported_without_tiles(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "qantar-2022-offline.html"
    assert story_command(["export", str(FLAGSHIP), "-o", str(path), "--tiles", "none"]) == 0
    return path


class Offline:
    """Let the page load its own file and nothing else; remember every request it tried."""

    def __init__(self, page: Page, file_url: str) -> None:
        self.file_url = file_url
        self.attempted: list[tuple[str, str]] = []
        self.navigations: list[str] = []
        page.route("**/*", self._handle)
        page.on("framenavigated", lambda frame: self.navigations.append(frame.url))

    def _handle(self, route: Route) -> None:
        request = route.request
        url = request.url.split("#")[0]
        if url == self.file_url:
            route.continue_()
            return
        self.attempted.append((request.resource_type, request.url))
        route.abort()

    @property
    def left_the_file(self) -> list[str]:
        return [url for url in self.navigations if url.split("#")[0] != self.file_url]


def open_export(page: Page, path: Path, fragment: str = "") -> Offline:
    file_url = path.as_uri()
    offline = Offline(page, file_url)
    # Steps jump instead of flying: the walk through twenty steps stays quick.
    page.emulate_media(reduced_motion="reduce")
    page.goto(file_url + fragment)
    wait_map_settled(page)
    return offline


def shows_step(page: Page, step_id: str, title: str) -> None:
    """The narrative, the address and the map all show `step_id`."""
    expect(page.locator("#step-title")).to_have_text(title)
    expect(page).to_have_url(re.compile(f"#step={re.escape(step_id)}$"))
    wait_map_settled(page, step_id)


def test_the_export_is_one_file_under_a_megabyte(exported: Path, flagship):
    html = exported.read_text(encoding="utf-8")
    assert exported.stat().st_size < MAX_EXPORT_BYTES
    # Nothing is fetched from elsewhere: no script, style or picture addresses.
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|<img[^>]+src=", html)
    for step in flagship.steps:
        assert f'"id":"{step.id}"' in html


def test_next_walks_through_every_step_with_the_network_off(page: Page, exported: Path, flagship):
    offline = open_export(page, exported)
    first = flagship.steps[0]
    shows_step(page, first.id, first.title)
    expect(page.get_by_role("button", name="Previous")).to_be_disabled()
    for number, step in enumerate(flagship.steps[1:], start=2):
        page.get_by_role("button", name="Next").click()
        shows_step(page, step.id, step.title)
        expect(page.locator(".sp-player .sp-counter")).to_have_text(f"Step {number} of {len(flagship.steps)}")
    expect(page.get_by_role("button", name="Next")).to_be_disabled()

    assert offline.left_the_file == []
    # Our own basemap, drawn from the file: the default copy asks no one for tiles (L8).
    assert offline.attempted == []
    expect(page.locator(".leaflet-container")).to_have_attribute("data-basemap", "drawn")


def test_an_export_without_tiles_makes_no_request_at_all(page: Page, exported_without_tiles: Path, flagship):
    offline = open_export(page, exported_without_tiles)
    for step in flagship.steps[1:4]:
        page.get_by_role("button", name="Next").click()
        shows_step(page, step.id, step.title)
    assert offline.attempted == []
    assert offline.left_the_file == []


def test_the_flagships_timeline_gives_each_january_day_its_own_mark_and_writes_its_years_apart(
    page: Page, exported_without_tiles: Path, flagship
):
    open_export(page, exported_without_tiles)
    marks = page.locator(".tl-point")
    # The trial found 18 of 27 steps in one dot; the January now spreads over the strip, one mark a day.
    january_days = {step.date for step in flagship.steps if str(step.date).startswith("2022-01")}
    assert marks.count() >= len(january_days) + 5
    breaks = page.locator(".tl-break")
    assert breaks.count() >= 2, "a century of history is broken between its eras, not drawn to scale"
    years = page.locator(".tl-year")
    boxes = [years.nth(i).bounding_box() for i in range(years.count())]
    written = [years.nth(i).inner_text() for i in range(years.count())]
    assert "2022" in written and "1916" in written, written
    assert all(box is not None for box in boxes)
    ordered = sorted((box["x"], box["x"] + box["width"]) for box in boxes if box)
    assert all(end <= start + 1 for (_, end), (start, _) in itertools.pairwise(ordered)), "years overlap"


def test_the_map_draws_our_own_basemap_and_layers_offline(page: Page, exported_walk: Path, walk):
    open_export(page, exported_walk)
    expect(page.locator(".leaflet-container")).to_have_attribute("data-basemap", "drawn")
    assert page.evaluate("window.storymap.instance.basemap.getLayers().length") > 100, "the world, from our geodata"
    # The first step shows Kazakhstan and its 16 regions, with Mangystau highlighted.
    drawn = page.evaluate(
        "() => { const sm = window.storymap.instance; return Object.values(sm.stepLayers)"
        ".filter((l) => sm.map.hasLayer(l)).reduce((n, l) => n + l.getLayers().length, 0); }"
    )
    assert drawn >= 17
    assert page.locator(".leaflet-tile").count() == 0
    # Every place of the story has its marker.
    expect(page.locator(".leaflet-places-pane path")).to_have_count(len(story_places(walk)))


def test_arrow_keys_move_between_steps(page: Page, exported_walk: Path, walk):
    first, second, third = walk.steps[:3]
    open_export(page, exported_walk)
    page.keyboard.press("ArrowRight")
    shows_step(page, second.id, second.title)
    page.keyboard.press("ArrowRight")
    shows_step(page, third.id, third.title)
    page.keyboard.press("ArrowLeft")
    shows_step(page, second.id, second.title)
    page.keyboard.press("End")
    shows_step(page, walk.steps[-1].id, walk.steps[-1].title)
    page.keyboard.press("Home")
    shows_step(page, first.id, first.title)


def test_ten_arrow_presses_in_a_row_land_ten_steps_further_with_flying(page: Page, exported_walk: Path, walk):
    offline = Offline(page, exported_walk.as_uri())
    page.emulate_media(reduced_motion="no-preference")
    page.goto(exported_walk.as_uri())
    wait_map_settled(page)
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    wait_map_settled(page, walk.steps[10].id)
    now = shown(page)
    assert (now["title"], now["address"], now["map"]) == (walk.steps[10].title, walk.steps[10].id, walk.steps[10].id)
    assert offline.attempted == []


def test_an_address_with_a_step_opens_that_step(page: Page, exported_walk: Path, walk):
    step = walk.steps[8]
    open_export(page, exported_walk, f"#step={step.id}")
    shows_step(page, step.id, step.title)
    expect(page.locator(".sp-player .sp-counter")).to_have_text(f"Step 9 of {len(walk.steps)}")
    expect(page.get_by_label("Jump to step")).to_have_value(step.id)
    # A link to another step, followed inside the page, moves the story there.
    page.evaluate(f"window.location.hash = '#step={walk.steps[2].id}'")
    shows_step(page, walk.steps[2].id, walk.steps[2].title)


def test_an_unknown_step_in_the_address_opens_the_first_step(page: Page, exported_walk: Path, walk):
    open_export(page, exported_walk, "#step=%3Cimg%20src%3Dx%3E")
    shows_step(page, walk.steps[0].id, walk.steps[0].title)


def test_the_russian_translation_exports_and_plays_offline(page: Page, tmp_path: Path, flagship):
    russian = load_translation(flagship, translation_path(FLAGSHIP, "ru")).story
    path = tmp_path / "ru" / "index.html"  # the command makes the folder
    assert story_command(["export", str(FLAGSHIP), "--lang", "ru", "--tiles", "none", "-o", str(path)]) == 0
    assert path.stat().st_size < MAX_TRANSLATED_EXPORT_BYTES

    offline = open_export(page, path)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    shows_step(page, russian.steps[0].id, russian.steps[0].title)
    page.get_by_role("button", name="Далее").click()
    second = russian.steps[1]
    assert second.title != flagship.steps[1].title, "the step title is the Russian one"
    shows_step(page, second.id, second.title)
    expect(page.locator(".sm-date")).to_contain_text("янв")
    assert offline.attempted == []
