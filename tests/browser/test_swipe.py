"""The flagship's swipe between 2 and 4 January (step `spread`), in the export opened from disk: each side
draws only the reports of its own day, over the story's places and named, the step's places are no longer
marked alike on both sides, and each side names its day on the map, beside the handle, in the reader's
language (issue 30; the classroom trial's problem 4: "the swipe shows the same map on both sides")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from geodata.catalog import PUBLISHED_DIR
from story.format.files import FLAGSHIP
from tests.support.browser import export_story, open_export

LEFT, RIGHT = "2022-01-02", "2022-01-04"
# The two days as each language writes them (story/reader/dates.py), and the handle's name.
DAYS = {
    "en": ("2 January 2022", "4 January 2022", "Compare the two days: move the handle"),
    "ru": ("2 января 2022\u202fг.", "4 января 2022\u202fг.", None),  # Babel: a narrow no-break space
}

# What each side of the swipe draws and names, where its day's name is, and where the handle is, read
# in the page (x in pixels from the map's left edge).
SIDES = """() => {
  const map = window.storymap.instance.map;
  const box = map.getContainer().getBoundingClientRect();
  const z = (name) => Number(getComputedStyle(map.getPane(name)).zIndex);
  const side = (pane, which) => {
    const name = map.getContainer().querySelector(".sm-swipe-day-" + which).getBoundingClientRect();
    const holder = map.getContainer().querySelector(".sm-swipe-side-" + which).getBoundingClientRect();
    return {
      ids: (map.getPane(pane).getAttribute("data-features") || "").split(" ").filter(Boolean),
      names: [...map.getPane(pane).querySelectorAll(".sm-day-label")].map((label) => label.textContent),
      day: map.getContainer().querySelector(".sm-swipe-day-" + which).textContent,
      // The day's name as far as its side shows it (its side's box cuts it off).
      shown: {
        left: Math.max(name.left, holder.left) - box.left, right: Math.min(name.right, holder.right) - box.left,
        top: name.top - box.top, bottom: name.bottom - box.top,
      },
      onTop: z(pane) > z("places") && z(pane) > z("overlayPane"),
    };
  };
  const stepsOwn = [...map.getPane("placeLabels").querySelectorAll(".sm-place-label:not(.sm-day-label)")];
  return {
    left: side("swipeLeft", "left"), right: side("swipeRight", "right"),
    handle: Number(map.getContainer().getAttribute("data-swipe-at")) / 100 * box.width, width: box.width,
    stepsOwnNames: stepsOwn.map((label) => label.textContent),
  };
}"""


@pytest.fixture(scope="module", params=sorted(DAYS))
def exported(request, tmp_path_factory) -> tuple[str, Path]:
    language = request.param
    html = tmp_path_factory.mktemp("export") / f"qantar-2022.{language}.html"
    return language, export_story(FLAGSHIP, html, "--lang", language)


def reports_on(day: str, language: str) -> dict[str, str]:
    """The flagship's reports covering `day` (from the layer the export inlines): id -> place's name."""
    layer = json.loads((PUBLISHED_DIR / "protests-2022-01.json").read_text(encoding="utf-8"))
    return {
        f["properties"]["id"]: f["properties"].get(f"name_{language}") or f["properties"]["name"]
        for f in layer["features"]
        if f["properties"]["start"] <= day <= f["properties"]["end"]
    }


def assert_day_names_in_their_sides(sides: dict) -> None:
    """Each day's name is at the top of the map, on its own side of the handle, whole when the side holds it."""
    left, right, handle = sides["left"]["shown"], sides["right"]["shown"], sides["handle"]
    for name in (left, right):
        assert name["top"] >= 0 and name["bottom"] <= 48, ("at the top of the map", sides)
    assert 0 <= left["left"] < left["right"] <= handle, ("the first day's name left of the handle", sides)
    assert handle <= right["left"] < right["right"] <= sides["width"], ("the second's right of it", sides)


def test_each_side_of_the_swipe_shows_and_names_only_its_own_days_reports(page: Page, exported):
    language, html = exported
    left_day, right_day, handle_name = DAYS[language]
    page.set_viewport_size({"width": 1280, "height": 800})
    open_export(page, html, "spread")
    sides = page.evaluate(SIDES)
    for side, day, name in (("left", LEFT, left_day), ("right", RIGHT, right_day)):
        reports = reports_on(day, language)
        drawn = sides[side]
        # No report of another day on a side: its reports are exactly those covering its day.
        assert sorted(drawn["ids"]) == sorted(reports), (side, drawn["ids"])
        # Its day's places named once each, those on its side of the handle (a name across the handle is
        # cut off by it), and placed clear of every other name (tests/browser/test_labels_placement.py).
        assert len(drawn["names"]) == len(set(drawn["names"])), (side, "each place named once", drawn["names"])
        assert set(drawn["names"]) <= set(reports.values()), (side, drawn["names"])
        if side == "left":  # 2 January: Zhanaozen and Aktau, both in the west, left of the handle
            assert sorted(drawn["names"]) == sorted(set(reports.values())), (side, drawn["names"])
        else:
            assert len(drawn["names"]) >= 5, (side, drawn["names"])
        assert drawn["onTop"], (side, "its day's reports are over the story's places")
        assert drawn["day"] == name
    assert len(sides["left"]["ids"]) == 2 and len(sides["right"]["ids"]) > 2 * len(sides["left"]["ids"]), sides
    # The step's places are not named alike on both sides: only the days' reports are named.
    assert sides["stepsOwnNames"] == [], sides["stepsOwnNames"]
    assert_day_names_in_their_sides(sides)
    if handle_name is None:
        return
    # The names move with the handle and stay in their sides; at the end, one day fills the map and
    # only it is named.
    handle = page.get_by_role("slider", name=handle_name)
    handle.focus()
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    board = page.locator(".sp-map.leaflet-container")
    expect(board).to_have_attribute("data-swipe-at", "80")
    moved = page.evaluate(SIDES)
    assert_day_names_in_their_sides(moved)
    assert moved["left"]["shown"]["right"] > sides["left"]["shown"]["right"] + 0.25 * sides["width"], moved
    page.keyboard.press("End")
    expect(board).to_have_attribute("data-swipe-at", "100")
    at_end = page.evaluate(SIDES)
    assert at_end["right"]["shown"]["right"] <= at_end["right"]["shown"]["left"], "the second day is not named"
    assert at_end["left"]["shown"]["right"] - at_end["left"]["shown"]["left"] > 50, "the first day is, whole"
