"""L8 of the security review: an export or a SCORM package asks no other site for anything by default.

The copy a teacher makes with `python -m story export` (or `--scorm`) draws our own basemap and
carries its pictures inside: walked through every step with every request that leaves the file
aborted and counted, it tries none, and its Content-Security-Policy (which forbids eval, inline
handlers and every other site) does not stop the player from drawing its text and its map.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Page, Route, expect

from story.cli import main as story_command
from story.format.files import FLAGSHIP
from story.format.loader import load_story
from tests.support.browser import open_story, wait_map_settled

# Every violation of the page's policy, as the browser reports it, recorded before any script runs.
RECORD_VIOLATIONS = """
window.policyViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.policyViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(scope="module")
def flagship(catalog):
    return load_story(FLAGSHIP, catalog)


@pytest.fixture(scope="module")
def default_export(tmp_path_factory) -> Path:
    """The flagship exported as a teacher runs the command: no options."""
    path = tmp_path_factory.mktemp("private") / "qantar-2022.html"
    assert story_command(["export", str(FLAGSHIP), "-o", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def default_package(tmp_path_factory) -> Path:
    """The flagship's SCORM package as a teacher makes it (no options), unpacked: its launch page."""
    folder = tmp_path_factory.mktemp("private-scorm")
    package = folder / "lesson.zip"
    assert story_command(["export", str(FLAGSHIP), "--scorm", "-o", str(package)]) == 0
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder / "package")
    return folder / "package" / "index.html"


class Requests:
    """Let the page load its own file; abort and count every other request, and every console error."""

    def __init__(self, page: Page, file_url: str) -> None:
        self.file_url = file_url
        self.off_the_file: list[str] = []
        self.console_errors: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.route("**/*", self._handle)
        page.on("console", self._console)

    def _handle(self, route: Route) -> None:
        if route.request.url.split("#")[0] == self.file_url:
            route.continue_()
            return
        self.off_the_file.append(route.request.url)
        route.abort()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)


def walk_every_step(page: Page, path: Path, flagship) -> Requests:
    requests = Requests(page, path.as_uri())
    page.emulate_media(reduced_motion="reduce")  # steps jump instead of flying: the walk stays quick
    page.goto(path.as_uri())
    wait_map_settled(page)
    for step in flagship.steps[1:]:
        page.get_by_role("button", name="Next").click()
        expect(page.locator("#step-title")).to_have_text(step.title)
        wait_map_settled(page, step.id)
    expect(page.get_by_role("button", name="Next")).to_be_disabled()
    return requests


def assert_the_player_works_under_its_policy(page: Page, requests: Requests) -> None:
    assert page.evaluate("window.policyViolations") == []
    assert requests.console_errors == []
    # The map was built (folium's script ran without eval) and drew our own basemap and the step's layers.
    expect(page.locator(".leaflet-container")).to_have_attribute("data-basemap", "drawn")
    assert page.evaluate("window.storymap.instance.basemap.getLayers().length") > 100
    assert page.locator(".leaflet-container path").count() > 0, "shapes on screen"
    expect(page.locator(".sp-player .sp-step")).not_to_be_empty()
    assert page.locator(".leaflet-tile").count() == 0


def test_l8_the_default_export_asks_no_other_site_for_anything_over_a_whole_walk(
    page: Page, default_export: Path, flagship
):
    requests = walk_every_step(page, default_export, flagship)
    assert requests.off_the_file == []
    assert_the_player_works_under_its_policy(page, requests)
    # And it says so to its reader.
    page.locator(".sx-credits summary").click()
    expect(page.locator(".sx-privacy")).to_have_text(
        "This copy asks no other website for anything: its maps and pictures are inside the file."
    )


def test_l8_the_default_scorm_package_asks_no_other_site_for_anything(page: Page, default_package: Path, flagship):
    requests = walk_every_step(page, default_package, flagship)
    assert requests.off_the_file == []
    assert_the_player_works_under_its_policy(page, requests)


def test_l8_a_copy_with_tiles_asks_only_the_tile_host(page: Page, tmp_path: Path, flagship):
    path = tmp_path / "with-tiles.html"
    assert story_command(["export", str(FLAGSHIP), "--tiles", "OpenStreetMap.Mapnik", "-o", str(path)]) == 0
    requests = Requests(page, path.as_uri())
    page.emulate_media(reduced_motion="reduce")
    page.goto(path.as_uri())
    wait_map_settled(page)
    for step in flagship.steps[1:4]:
        page.get_by_role("button", name="Next").click()
        wait_map_settled(page, step.id)
    assert requests.off_the_file, "the author chose tiles: the copy asks for them"
    assert all(url.startswith("https://tile.openstreetmap.org/") for url in requests.off_the_file)
    assert page.evaluate("window.policyViolations") == []
    # The tiles fail here (aborted); the map falls back to our own basemap and says so.
    expect(page.locator(".sm-map-notice")).to_contain_text("Online basemap unavailable")


def test_l8_the_apps_copies_are_private_unless_the_teacher_ticks_the_tiles(page: Page, three_steps_server):
    # The server runs with its default tiles (OpenStreetMap); its copies do not, unless asked.
    open_story(page, three_steps_server.url)
    page.get_by_role("button", name="Offline copy and handout").click()
    expect(page.get_by_text("The copies ask no other website for anything")).to_be_visible()
    with page.expect_download() as private:
        page.get_by_role("button", name="Download offline copy").click()
    private_copy = Path(private.value.path()).read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" not in private_copy
    assert '<meta name="referrer" content="no-referrer">' in private_copy

    tiles = page.get_by_role("checkbox", name=re.compile(r"Use the map tiles of OpenStreetMap\.Mapnik"))
    page.get_by_text("Use the map tiles of OpenStreetMap.Mapnik (the copies will ask tile.openstreetmap.org").click()
    expect(tiles).to_be_checked()
    expect(page.get_by_text("The copies ask tile.openstreetmap.org for map tiles")).to_be_visible()
    with page.expect_download() as with_tiles:
        page.get_by_role("button", name="Download offline copy").click()
    copy_with_tiles = Path(with_tiles.value.path()).read_text(encoding="utf-8")
    assert "img-src &#39;self&#39; data: https://tile.openstreetmap.org;" in copy_with_tiles
