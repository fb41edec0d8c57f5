"""Map labels never overlap: over every step of the flagship, in each language and at a phone's, a laptop's
and a projector's size, no visible label covers another label, a marker of the step or a place of another
step, every place of the step and every report of the slider's day is named, and on the CSTO step Almaty,
where the five lines end, is named.
The other steps' places are named on hover and on focus, and reached by the keyboard.

Walked in the flagship exported with no tiles (our basemap draws its own country and region names, the
most labels a map can have), opened from disk; each step is measured once its map has settled and its
labels have been placed for the view on screen (the map's `data-labels` names the view they were placed
for).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from story.format.files import FLAGSHIP
from story.format.loader import load_story
from tests.support.browser import EXTERNAL, MAP_SETTLED_JS, export_story, wait_map_settled

LANGUAGES = ["en", "ru", "kk"]
SIZES = [(1280, 800), (375, 667), (1920, 1080)]
# Boxes are measured in fractions of a pixel; two that share less than this are not overlapping.
TOLERANCE = 1

# What a viewer sees of the map's labels on the step on screen: each visible label's text and box, the
# step's place markers' boxes, and which of the step's places have no visible name.
LABELS = """() => {
    const storymap = window.storymap.instance, map = storymap.map, container = map.getContainer();
    const view = container.getBoundingClientRect();
    const box = (el) => {
        const r = el.getBoundingClientRect();
        return {x: r.left, y: r.top, w: r.width, h: r.height};
    };
    const visible = (b) => b.w > 0 && b.h > 0 && b.x < view.right && b.x + b.w > view.left
        && b.y < view.bottom && b.y + b.h > view.top;
    const labels = [...container.querySelectorAll(".sm-label, .sm-place-label")]
        .map((el) => ({text: el.textContent, box: box(el)})).filter((label) => visible(label.box));
    const current = (storymap.state.places || []).map((key) => storymap.markers[key]);
    const markers = current.map((marker) => ({text: marker.placeName, box: box(marker.getElement())}));
    // The other steps' places still drawn (a covered one is not).
    const dots = Object.values(storymap.markers).filter((marker) => !marker.isCurrent)
        .map((marker) => marker.getElement()).filter((el) => getComputedStyle(el).display !== "none")
        .map((el) => ({text: el.getAttribute("aria-label"), box: box(el)})).filter((dot) => visible(dot.box));
    const named = new Set(labels.map((label) => label.text));
    const unnamed = current.map((marker) => marker.placeName).filter((name) => !named.has(name));
    // A dated layer's reports of the slider's day, named on the map.
    const today = [];
    for (const ref of storymap.state.layers || []) {
        const layer = storymap.stepLayers[ref.id];
        if (!layer || !map.hasLayer(layer)) continue;
        layer.eachLayer((item) => {
            if (item.storyRole !== "timeToday") return;
            const p = item.feature.properties;
            today.push(p["name_" + storymap.config.language] || p.name);
        });
    }
    const unnamedToday = today.filter((name) => !named.has(name));
    return {step: storymap.state.step, labels, markers, dots, unnamed, today, unnamedToday};
}"""

# Every step in turn by the player's own step function, each measured once its map has settled and its
# labels are placed for the view on screen.
WALK = """async () => {
    const measure = LABELS, isSettled = MAP_SETTLED_JS;
    const player = window.storymap.player;
    const placed = () => {
        const storymap = window.storymap.instance;
        return storymap.labelsTimer === null
            && storymap.map.getContainer().dataset.labels === StoryMapLabels.viewKey(storymap);
    };
    const ready = (id) => new Promise((resolve) => {
        const check = () => isSettled(id) && placed() ? resolve() : requestAnimationFrame(check);
        check();
    });
    const seen = [];
    for (let index = 0; index < player.data.steps.length; index++) {
        if (index > 0) player.go(index, true);
        await ready(player.data.steps[index].id);
        seen.push(measure());
    }
    return seen;
}""".replace("LABELS", LABELS).replace("MAP_SETTLED_JS", MAP_SETTLED_JS)


def overlap(a: dict, b: dict) -> bool:
    """Whether two boxes share more than TOLERANCE pixels each way."""
    return (
        min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"]) > TOLERANCE
        and min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"]) > TOLERANCE
    )


def problems_of(seen: dict) -> list[str]:
    step, labels, markers = seen["step"], seen["labels"], seen["markers"]
    found = [f"{step}: {name} is not named" for name in seen["unnamed"]]
    found += [f"{step}: the day's report {name} is not named" for name in seen["unnamedToday"]]
    for i, first in enumerate(labels):
        found += [
            f"{step}: {first['text']!r} overlaps {second['text']!r}"
            for second in labels[i + 1 :]
            if overlap(first["box"], second["box"])
        ]
        found += [
            f"{step}: {first['text']!r} covers the marker of {marker['text']!r}"
            for marker in markers
            if overlap(first["box"], marker["box"])
        ]
        found += [
            f"{step}: {first['text']!r} hides the place {dot['text']!r} of another step"
            for dot in seen["dots"]
            if overlap(first["box"], dot["box"])
        ]
    return found


@pytest.fixture(scope="module")
def step_ids(catalog) -> list[str]:
    return [step.id for step in load_story(FLAGSHIP, catalog).steps]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    """The flagship in each language as one file, with no tiles: our basemap and its labels."""
    folder = tmp_path_factory.mktemp("export")
    return {language: export_story(FLAGSHIP, folder / f"{language}.html", "--lang", language) for language in LANGUAGES}


@pytest.fixture
def sized(browser: Browser, request) -> Iterator[Page]:
    width, height = request.param
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=width < 700,
        has_touch=width < 700,
        reduced_motion="reduce",
    )
    context.route(EXTERNAL, lambda route: route.abort())
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("sized", SIZES, ids=["laptop", "phone", "projector"], indirect=True)
def test_no_label_covers_another_or_a_marker_and_every_place_is_named(sized: Page, exported, step_ids, language):
    sized.goto(f"{exported[language].as_uri()}#step={step_ids[0]}")
    wait_map_settled(sized, step_ids[0])
    walked = sized.evaluate(WALK)
    assert [seen["step"] for seen in walked] == step_ids
    found = [problem for seen in walked for problem in problems_of(seen)]
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)
    # The CSTO step: Almaty, where the five lines end, is named, and its name covers nothing.
    csto = walked[step_ids.index("csto")]
    almaty = sized.evaluate("() => window.storymap.instance.markers['almaty'].placeName")
    assert almaty in [label["text"] for label in csto["labels"]]
    # The day-by-day step names its first day's reports.
    assert walked[step_ids.index("day-by-day")]["today"], "the slider's first day has reports"


def test_a_place_of_another_step_is_named_on_hover_and_focus_and_taken_by_the_keyboard(
    browser: Browser, exported, catalog
):
    story = load_story(FLAGSHIP, catalog)
    step = next(step for step in story.steps if step.id == "csto")
    # Zhanaozen is not a place of the CSTO step: a small grey dot, unnamed until pointed at or focused.
    assert "zhanaozen" not in [place.key for place in step.places]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    context.route(EXTERNAL, lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{exported['ru'].as_uri()}#step=csto")
    wait_map_settled(page, "csto")
    expect(page.locator(".sm-legend")).to_contain_text("Места из других шагов: наведите на точку")
    dot = page.get_by_role("button", name="Жанаозен", exact=True)
    tooltip = page.locator(".leaflet-tooltip.sm-place")
    expect(tooltip).to_have_count(0)
    dot.hover()
    expect(tooltip).to_have_text("Жанаозен")
    page.mouse.move(0, 0)
    expect(tooltip).to_have_count(0)
    # By the keyboard: from the map, Tab reaches the other steps' places; each names itself on focus.
    page.locator(".leaflet-container").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Жанаозен":
            break
    expect(dot).to_be_focused()
    expect(tooltip).to_have_text("Жанаозен")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.storymap.instance.state.places.includes('zhanaozen')")
    context.close()
