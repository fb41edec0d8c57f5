"""A step whose map tells time, in Chromium, in the app and in the export from file://: the arrow keys move
the slider a day (not the story), the number of reports shown grows with the day, the day is read as words,
Play moves the days by itself and Pause stops it, and the day's reports are listed with their sources; a
swipe between two days moved by keyboard reveals the other day's map, and on a phone it is a button.

What the player does on its own runs on the export opened from disk (no server); the app keeps the slider and
the swipe in its page (its address, axe) and the publishers it shows in Kazakh. Play runs on Playwright's
clock, moved by hand: no real 1.2 s days to wait through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from ruamel.yaml import YAML

from geodata.catalog import PUBLISHED_DIR
from story.format.files import FLAGSHIP
from tests.support.browser import export_story, open_export, open_story, serious_violations, wait_map_settled

DAYS = Path(__file__).resolve().parents[1] / "stories" / "days.yaml"
ISO_DAYS = [f"2022-01-{day:02d}" for day in range(2, 12)]


@pytest.fixture(scope="module")
def days_server(start_server):
    return start_server("--story", str(DAYS))


@pytest.fixture(scope="module")
def exported_days(tmp_path_factory) -> Path:
    return export_story(DAYS, tmp_path_factory.mktemp("export") / "days.html")


@pytest.fixture(scope="module")
def exported_flagship(tmp_path_factory) -> Path:
    return export_story(FLAGSHIP, tmp_path_factory.mktemp("export") / "qantar-2022.html")


# What the map shows on the slider's day, read in the page: the reports drawn on top (their ids, on the
# day's pane), the names beside them, whether that pane is above every other pane of markers, and the
# counts the legend and the list give.
DAY_SHOWN = """() => {
  const sm = window.storymap.instance, map = sm.map;
  const z = (name) => Number(getComputedStyle(map.getPane(name)).zIndex);
  const colours = [];
  const colour = (marker) => colours.push(marker.options.fillColor);
  if (sm.todayLayer) sm.todayLayer.eachLayer((group) => group.eachLayer && group.eachLayer(colour));
  return {
    shown: Number(map.getContainer().getAttribute("data-time-shown")),
    ids: (map.getPane("timeToday").getAttribute("data-features") || "").split(" ").filter(Boolean),
    names: [...map.getPane("labels").querySelectorAll(".sm-label-feature")].map((label) => label.textContent),
    onTop: ["overlayPane", "markerPane", "places"].every((name) => z("timeToday") > z(name)),
    colours: [...new Set(colours)],
    legend: document.querySelector(".sp-time-legend").textContent,
    summary: document.querySelector(".sp-time-today").textContent,
    listed: document.querySelectorAll(".sp-time-list li").length,
  };
}"""


LABELS_PLACED = "() => window.storymap.instance.labelsTimer === null"


def walk_the_days(page: Page) -> list[dict]:
    """Press the right arrow on the slider from the first day to the last; what the map shows on each day."""
    board = page.locator(".sp-map.leaflet-container")
    slider = page.get_by_role("slider", name="Day shown on the map")
    expect(board).to_have_attribute("data-time-day", ISO_DAYS[0])
    expect(slider).to_have_attribute("aria-valuetext", "2 January 2022")
    # The day is drawn at once and its names placed by the labels' pass after the frame (labels.js),
    # scheduled in the same task: read the map once that pass has run.
    page.wait_for_function(LABELS_PLACED)
    days = [page.evaluate(DAY_SHOWN)]
    slider.focus()
    for day in ISO_DAYS[1:]:
        page.keyboard.press("ArrowRight")
        expect(board).to_have_attribute("data-time-day", day)
        page.wait_for_function(LABELS_PLACED)
        days.append(page.evaluate(DAY_SHOWN))
    expect(slider).to_have_attribute("aria-valuetext", "11 January 2022")
    return days


def assert_grows(days: list[dict]) -> list[int]:
    """The places with reports so far grow from the first day, which has its own, to the last: the counts."""
    counts = [day["shown"] for day in days]
    assert counts == sorted(counts) and counts[0] < counts[-1], counts
    assert counts[0] >= 1, "the first day already has its reports"
    return counts


def test_the_slider_moves_a_day_by_key_and_the_reports_shown_grow_with_the_day_in_the_app(page: Page, days_server):
    open_story(page, f"{days_server.url}/?step=the-days")
    wait_map_settled(page, "the-days")
    counts = assert_grows(walk_the_days(page))
    # The arrows moved the day, not the story, and the address kept the step.
    expect(page.locator("#step-title")).to_have_text("The days one by one")
    assert "step=the-days" in page.url
    # The day's reports are listed, each with a link to a source.
    page.keyboard.press("Home")
    expect(page.locator(".sp-map.leaflet-container")).to_have_attribute("data-time-day", ISO_DAYS[0])
    page.locator(".sp-time-reports summary").click()  # folded until the reader opens it
    reports = page.locator(".sp-time-list li")
    expect(reports.first).to_be_visible()
    assert reports.count() == counts[0], "on the first day every report shown is of that day"
    for link in reports.locator("a").all():
        assert link.get_attribute("href").startswith(("https://", "http://"))
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


def test_play_moves_the_days_by_itself_and_pause_stops_it(page: Page, exported_days: Path):
    page.clock.install()  # time flows as usual until the test moves it by hand
    open_export(page, exported_days, "the-days")
    board = page.locator(".sp-map.leaflet-container")
    play = page.get_by_role("button", name="Play the days")
    play.click()
    expect(page.get_by_role("button", name="Pause")).to_have_attribute("aria-pressed", "true")
    page.clock.run_for(2 * 1_200)  # two days of the player's
    expect(board).to_have_attribute("data-time-day", ISO_DAYS[2])
    page.get_by_role("button", name="Pause").click()
    paused = board.get_attribute("data-time-day")
    expect(page.get_by_role("button", name="Play the days")).to_have_attribute("aria-pressed", "false")
    # Stopped: no timer is left to bring a later day, however long the reader waits.
    assert page.evaluate("() => window.storymap.player.playTimer") is None
    page.clock.run_for(10 * 1_200)
    assert board.get_attribute("data-time-day") == paused
    # Another step and back: the slider is where the reader left it.
    page.keyboard.press("ArrowRight")
    wait_map_settled(page, "after")
    assert board.get_attribute("data-time-day") is None, "a step without a slider shows every report"
    page.keyboard.press("ArrowLeft")
    wait_map_settled(page, "the-days")
    expect(board).to_have_attribute("data-time-day", paused)


def test_the_slider_works_in_the_export_opened_from_disk(page: Page, exported_days: Path):
    open_story(page, exported_days.as_uri() + "#step=the-days")
    wait_map_settled(page, "the-days")
    assert_grows(walk_the_days(page))


# Where each day's pane is cut, in the map's pixels from its left edge: [left pane's right edge, right pane's left].
PANE_EDGES = """() => {
  const map = window.storymap.instance.map;
  const edge = (name, side) => {
    const clip = /rect\\(([-\\d.]+)px, ([-\\d.]+)px, ([-\\d.]+)px, ([-\\d.]+)px\\)/.exec(map.getPane(name).style.clip);
    const x = Number(clip[side === 'right' ? 2 : 4]);
    return Math.round(map.layerPointToContainerPoint([x, 0]).x);
  };
  return { left: edge('swipeLeft', 'right'), right: edge('swipeRight', 'left'), width: map.getSize().x };
}"""


def swipe_by_keyboard(page: Page) -> None:
    board = page.locator(".sp-map.leaflet-container")
    handle = page.get_by_role("slider", name="Compare the two days: move the handle")
    expect(board).to_have_attribute("data-swipe-at", "50")
    assert int(board.get_attribute("data-swipe-left-shown")) < int(board.get_attribute("data-swipe-right-shown"))
    edges = page.evaluate(PANE_EDGES)
    assert edges["left"] == edges["right"] and abs(edges["left"] - edges["width"] / 2) <= 1, edges
    handle.focus()
    page.keyboard.press("End")
    expect(board).to_have_attribute("data-swipe-at", "100")
    # The handle at the right edge: the first day's map is all there is to see.
    edges = page.evaluate(PANE_EDGES)
    assert edges["left"] == edges["right"] == edges["width"], edges
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    expect(board).to_have_attribute("data-swipe-at", "80")
    expect(handle).to_have_attribute("aria-valuetext", "2 January 2022 on the left, 5 January 2022 on the right (80%)")
    page.keyboard.press("Home")
    edges = page.evaluate(PANE_EDGES)
    assert edges["left"] == edges["right"] == 0, "the second day's map everywhere"
    (
        expect(page.locator("#step-title")).to_have_text("Two days side by side"),
        "the keys moved the handle, not the story",
    )


def test_the_swipe_handle_moved_by_keyboard_reveals_the_other_day_in_the_app(page: Page, days_server):
    open_story(page, f"{days_server.url}/?step=two-days")
    wait_map_settled(page, "two-days")
    swipe_by_keyboard(page)
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


def test_the_swipe_works_in_the_export_opened_from_disk(page: Page, exported_days: Path):
    open_story(page, exported_days.as_uri() + "#step=two-days")
    wait_map_settled(page, "two-days")
    swipe_by_keyboard(page)


def test_on_a_phone_the_swipe_is_a_button_between_the_two_days(browser, exported_days: Path):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_export(page, exported_days, "two-days")
    board = page.locator(".sp-map.leaflet-container")
    expect(page.get_by_role("slider", name="Compare the two days: move the handle")).to_be_hidden()
    expect(board).to_have_attribute("data-swipe-at", "100")
    page.get_by_role("button", name="Show 5 January 2022").click()
    expect(board).to_have_attribute("data-swipe-at", "0")
    page.get_by_role("button", name="Show 2 January 2022").click()
    expect(board).to_have_attribute("data-swipe-at", "100")
    context.close()


# Where the slider and Play end, from the page's top, with nothing scrolled.
CONTROLS_BOTTOM = """() => {
  const bottom = (selector) => document.querySelector(selector).getBoundingClientRect().bottom + window.scrollY;
  return { slider: bottom(".sp-time-range"), play: bottom(".sp-time-play"), scrolled: window.scrollY };
}"""


def assert_controls_on_the_first_screen(page: Page) -> None:
    """At 1280x800 and 1366x768 (a teacher's laptop), the slider and Play are seen without scrolling."""
    for width, height in ((1280, 800), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        expect(page.locator(".sp-time-play")).to_be_in_viewport()
        where = page.evaluate(CONTROLS_BOTTOM)
        assert where["scrolled"] == 0 and max(where["slider"], where["play"]) <= height, (width, height, where)


def reports_on(day: str) -> dict[str, str]:
    """The flagship's reports covering `day`, from the layer the export inlines: id -> the place's name."""
    layer = json.loads((PUBLISHED_DIR / "protests-2022-01.json").read_text(encoding="utf-8"))
    return {
        f["properties"]["id"]: f["properties"]["name"]
        for f in layer["features"]
        if f["properties"]["start"] <= day <= f["properties"]["end"]
    }


def test_the_flagships_protests_step_plays_from_2_to_11_january(page: Page, exported_flagship: Path):
    """Issue 30: the day's reports on top, in full colour and named, counted the same way by the legend and
    the list (places, as the step's text counts them), with the slider and Play on a laptop's first screen."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_export(page, exported_flagship, "day-by-day")
    assert_controls_on_the_first_screen(page)
    days = walk_the_days(page)
    counts = assert_grows(days)
    assert counts[0] == 2 and counts[-1] == 22, counts  # two places on 2 January; 22 by 11 January
    for day, shown in zip(ISO_DAYS, days, strict=True):
        reports = reports_on(day)
        places = sorted(set(reports.values()))
        assert sorted(shown["ids"]) == sorted(reports), (day, shown["ids"])
        assert sorted(shown["names"]) == places, (day, "each place of the day named once")
        assert shown["onTop"], (day, "the day's reports are above every other marker")
        assert shown["colours"] == (["#a3201a"] if reports else []), (day, "the day's reports in full colour")
        # One count: the legend's and the list's number of the day's places, and the list's lines.
        if places:
            said = f"Places with reports on this day: {len(places)}"
            assert shown["legend"].startswith(said + ",") and shown["summary"] == said, (day, shown)
            assert f"So far: {shown['shown']}," in shown["legend"], (day, shown["legend"])
            assert shown["listed"] == len(places), day
        else:
            assert shown["summary"] == "No report on this day.", day
    assert len(set(reports_on("2022-01-04").values())) == 15, "the step's text says fifteen places on 4 January"
    # On 3 January the sources disagree about Atyrau: the legend and the day's list say so.
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".sp-map.leaflet-container")).to_have_attribute("data-time-day", "2022-01-03")
    expect(page.locator(".sp-time-legend")).to_contain_text(
        "A dashed ring marks a report the sources disagree on, or one that only state media give."
    )
    page.locator(".sp-time-reports summary").click()
    expect(page.locator(".sp-time-list li").filter(has_text="Atyrau")).to_contain_text(
        "the sources disagree, or only state media report it"
    )
    # On 4 January Karaganda rests on TASS alone: it carries the same mark, and Aktobe does not.
    page.get_by_role("slider", name="Day shown on the map").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".sp-map.leaflet-container")).to_have_attribute("data-time-day", "2022-01-04")
    expect(page.locator(".sp-time-list li").filter(has_text="Karaganda")).to_contain_text("only state media report it")
    expect(page.locator(".sp-time-list li").filter(has_text="Aktobe").first).not_to_contain_text("state media")


def test_r2_k7_the_reports_of_the_day_name_their_publishers_in_kazakh_in_the_app(page: Page, flagship_server):
    """translation-review-3.md R2/K7: the app fetches the protests layer as published, in English; the
    publishers of the day's reports are shown as the Kazakh translation writes them, never with "via".
    Issue 30: under the app's header too, the slider and Play are on a laptop's first screen."""
    table = YAML(typ="safe").load(FLAGSHIP.with_name("qantar-2022.kk.yaml").read_text(encoding="utf-8"))["publishers"]
    page.set_viewport_size({"width": 1280, "height": 800})
    open_story(page, f"{flagship_server.url}/?lang=kk&step=day-by-day")
    wait_map_settled(page, "day-by-day")
    assert_controls_on_the_first_screen(page)
    board = page.locator(".sp-map.leaflet-container")
    page.get_by_role("slider").focus()
    for day in ISO_DAYS[1:5]:  # to 6 January, the day with the most reports
        page.keyboard.press("ArrowRight")
        expect(board).to_have_attribute("data-time-day", day)
    page.locator(".sp-time-reports summary").click()
    links = page.locator(".sp-time-list li a")
    expect(links.first).to_be_visible()
    names = links.all_inner_texts()
    assert [name for name in names if name not in table.values()] == []
    assert [name for name in names if " via " in f" {name} "] == []
