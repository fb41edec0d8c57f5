"""The viewer's experience in a real browser: keys, focus, motion, embedding, small screens, accessibility."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from story.format.files import FLAGSHIP
from story.format.loader import load_story
from story.reader.sharing import embed_snippet
from tests.browser import (
    EXTERNAL,
    MAP_IFRAME,
    heading,
    map_frame,
    map_view,
    open_story,
    step_param,
    wait_for_app,
    wait_map_settled,
)

pytestmark = pytest.mark.browser
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture(scope="module")
def flagship(catalog):
    return load_story(FLAGSHIP, catalog)


def test_arrow_page_home_and_end_keys_move_the_story(page: Page, flagship_server, flagship):
    titles = [step.title for step in flagship.steps]
    open_story(page, f"{flagship_server.url}/?step={flagship.steps[0].id}")
    title = page.locator("#step-title")
    for key, index in [("ArrowRight", 1), ("PageDown", 2), ("ArrowLeft", 1), ("PageUp", 0), ("End", -1), ("Home", 0)]:
        page.keyboard.press(key)
        expect(title).to_have_text(titles[index])
        # A reader looks at the step before the next key (fast presses: the stepping test below).
        wait_for_app(page)
    assert step_param(page) == flagship.steps[0].id


def test_keys_typed_into_the_step_list_do_not_move_the_story(page: Page, flagship_server, flagship):
    open_story(page, f"{flagship_server.url}/?step={flagship.steps[2].id}")
    page.get_by_role("combobox", name="Jump to step").focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Escape")
    expect(page.locator("#step-title")).to_have_text(flagship.steps[2].title)


def test_after_a_step_change_focus_and_announcement_go_to_the_new_title(page: Page, flagship_server, flagship):
    open_story(page, f"{flagship_server.url}/?step={flagship.steps[0].id}")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(flagship.steps[1].title)
    expect(page.locator("#step-title")).to_be_focused()
    expect(page.locator("#story-live")).to_have_text(flagship.steps[1].title)
    assert page.locator("#story-live").get_attribute("aria-live") == "polite"


def centers_while_stepping(page: Page) -> list[tuple[float, float]]:
    """Click Next, then record the map's center on every animation frame until it settles."""
    frame = map_frame(page)
    frame.evaluate(
        """() => {
            window.__centers = [];
            const record = () => {
                const c = window.map.getCenter();
                window.__centers.push([c.lat, c.lng]);
                if (window.__centers.length < 400) requestAnimationFrame(record);
            };
            requestAnimationFrame(record);
        }"""
    )
    page.get_by_role("button", name="Next").click()
    return frame.evaluate("window.__centers")


def test_the_map_flies_between_steps(page: Page, flagship_server, flagship):
    page.emulate_media(reduced_motion="no-preference")
    frame = open_story(page, f"{flagship_server.url}/?step={flagship.steps[3].id}")
    start = map_view(frame)
    centers = centers_while_stepping(page)
    wait_map_settled(frame, flagship.steps[4].id)
    end = map_view(frame)
    between = {
        (round(lat, 3), round(lng, 3))
        for lat, lng in frame.evaluate("window.__centers")
        if (lat, lng) != (start["lat"], start["lng"]) and (abs(lat - end["lat"]) + abs(lng - end["lng"]) > 0.01)
    }
    assert len(between) >= 5, f"expected an animated flight through several views, got {len(between)} ({centers[:3]})"


def test_reduced_motion_moves_the_map_at_once(page: Page, flagship_server, flagship):
    page.emulate_media(reduced_motion="reduce")
    frame = open_story(page, f"{flagship_server.url}/?step={flagship.steps[3].id}")
    start = map_view(frame)
    centers_while_stepping(page)
    wait_map_settled(frame, flagship.steps[4].id)
    end = map_view(frame)
    between = {
        (round(lat, 3), round(lng, 3))
        for lat, lng in frame.evaluate("window.__centers")
        if abs(lat - start["lat"]) + abs(lng - start["lng"]) > 0.01
        and abs(lat - end["lat"]) + abs(lng - end["lng"]) > 0.01
    }
    assert not between, f"the map passed through {len(between)} views on its way"


def test_the_reduce_motion_toggle_overrides_the_system(page: Page, flagship_server, flagship):
    page.emulate_media(reduced_motion="no-preference")
    frame = open_story(page, f"{flagship_server.url}/?step={flagship.steps[3].id}")
    toggle = page.get_by_role("switch", name="Reduce motion")
    expect(toggle).not_to_be_checked()
    # Streamlit's label covers the hidden input: click the words, as a viewer would.
    page.get_by_text("Reduce motion", exact=True).click()
    expect(toggle).to_be_checked()
    wait_for_app(page)
    frame.wait_for_function("window.storymap.instance.state.motion === 'reduce'")
    start = map_view(frame)
    centers_while_stepping(page)
    wait_map_settled(frame, flagship.steps[4].id)
    end = map_view(frame)
    moving = [
        c
        for c in frame.evaluate("window.__centers")
        if abs(c[0] - start["lat"]) + abs(c[1] - start["lng"]) > 0.01
        and abs(c[0] - end["lat"]) + abs(c[1] - end["lng"]) > 0.01
    ]
    assert not moving


def test_fast_stepping_ends_on_one_step_with_only_its_layers(page: Page, flagship_server, flagship, catalog):
    # Jumps, not flights: this is about which step the burst ends on (flying is tested
    # above; a burst of interrupted flights once never settled in CI, see docs/performance.md).
    page.emulate_media(reduced_motion="reduce")
    frame = open_story(page, f"{flagship_server.url}/?step={flagship.steps[0].id}")
    next_button = page.get_by_role("button", name="Next")
    for _ in range(5):
        next_button.click()
    # Streamlit folds presses that arrive during one run into one, so a burst may count
    # fewer steps than presses. What must hold once the page is idle: title, address and
    # map on one step, the map with only that step's layers and markers. The map's frame
    # reads its page (same origin), so one check sees both at the same moment.
    expected = {
        step.id: {
            "title": step.title,
            "layers": sorted({ref.id for ref in step.layers if ref.id in catalog.layers}),
            "places": sorted(place.key for place in step.places),
        }
        for step in flagship.steps
    }
    frame.wait_for_function(
        """(expected) => {
            const page = window.parent;
            const app = page.document.querySelector("[data-testid='stApp']");
            const title = page.document.getElementById("step-title");
            const step = new URL(page.location.href).searchParams.get("step");
            const sm = window.storymap && window.storymap.instance;
            const want = expected[step];
            if (!app || app.dataset.testScriptState !== "notRunning" || !title || !sm || !want) return false;
            const layers = Object.keys(sm.stepLayers).filter((id) => sm.map.hasLayer(sm.stepLayers[id])).sort();
            const places = Object.values(sm.markers).filter((m) => m.isCurrent).map((m) => m.placeKey).sort();
            return title.textContent.trim().startsWith(want.title) && sm.state.step === step && !sm.storyMoving
                && JSON.stringify(layers) === JSON.stringify(want.layers)
                && JSON.stringify(places) === JSON.stringify(want.places);
        }""",
        arg=expected,
    )
    assert 1 <= flagship.index_of(step_param(page)) <= 5, "the presses moved the story forward, never past five steps"


def test_panning_by_hand_offers_the_way_back_to_the_story_view(page: Page, flagship_server, flagship):
    frame = open_story(page, f"{flagship_server.url}/?step={flagship.steps[4].id}")
    before = map_view(frame)
    back = page.frame_locator(MAP_IFRAME).get_by_role("button", name="Back to the story view")
    expect(back).to_be_hidden()
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 200, box["y"] + box["height"] / 2 - 120, steps=8)
    page.mouse.up()
    expect(back).to_be_visible()
    assert map_view(frame) != before
    back.click()
    wait_map_settled(frame, flagship.steps[4].id)
    frame.wait_for_function(
        "([lat, lng]) => { const c = window.map.getCenter(); "
        "return Math.abs(c.lat - lat) + Math.abs(c.lng - lng) < 0.01; }",
        arg=[before["lat"], before["lng"]],
    )
    expect(back).to_be_hidden()


def test_copy_link_copies_the_address_of_this_step(browser: Browser, flagship_server, flagship):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    open_story(page, f"{flagship_server.url}/?step={flagship.steps[2].id}")
    page.get_by_role("button", name="Share and embed").click()
    page.get_by_role("button", name="Copy link to this step").click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"?step={flagship.steps[2].id}")
    context.close()


def test_the_embed_snippet_works_inside_a_teachers_page(page: Page, flagship_server, flagship, tmp_path):
    start = flagship.steps[4]
    snippet = embed_snippet(flagship_server.url + "/", start.id, flagship.title, "en", 700)
    teacher_page = tmp_path / "lesson.html"
    teacher_page.write_text(
        f"<!doctype html><html lang='en'><head><title>Lesson</title></head><body><h1>Our lesson</h1>{snippet}"
        "</body></html>",
        encoding="utf-8",
    )
    page.route(
        EXTERNAL, lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_()
    )
    page.goto(teacher_page.as_uri())
    story = page.frame_locator("iframe[title]").first
    expect(story.locator("#step-title")).to_have_text(start.title)
    assert story.locator("[data-testid='stToolbar']").count() == 0, "embedded: no Streamlit chrome"
    expect(story.locator(MAP_IFRAME)).to_be_visible()
    story.get_by_role("button", name="Next").click()
    expect(story.locator("#step-title")).to_have_text(flagship.steps[5].title)
    story.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for()
    story.locator("#step-title").press("ArrowRight")
    expect(story.locator("#step-title")).to_have_text(flagship.steps[6].title)
    credits = story.get_by_text("Credits and sources of data")
    credits.scroll_into_view_if_needed()
    expect(credits).to_be_visible()


def test_on_a_phone_the_map_is_on_top_and_the_navigation_below_it(browser: Browser, flagship_server, flagship):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_story(page, f"{flagship_server.url}/?step={flagship.steps[1].id}")
    map_box = page.locator(MAP_IFRAME).bounding_box()
    next_box = page.get_by_role("button", name="Next").bounding_box()
    title_box = page.locator("#step-title").bounding_box()
    assert map_box["height"] <= 340 and map_box["width"] >= 300
    assert map_box["y"] + map_box["height"] <= next_box["y"], "the navigation sits below the map, not on it"
    assert next_box["y"] + next_box["height"] <= 667, "Next is reachable without scrolling"
    assert title_box["y"] >= next_box["y"]
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(flagship.steps[2].title)
    context.close()


def test_on_a_wide_screen_narrative_and_map_sit_side_by_side(page: Page, flagship_server, flagship):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_story(page, f"{flagship_server.url}/?step={flagship.steps[1].id}")
    map_box = page.locator(MAP_IFRAME).bounding_box()
    title_box = page.locator("#step-title").bounding_box()
    assert title_box["x"] + title_box["width"] <= map_box["x"]
    assert map_box["y"] < 400


def serious_violations(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 667}])
@pytest.mark.parametrize("step_number", [0, 5])
def test_no_serious_accessibility_violations(browser: Browser, flagship_server, flagship, viewport, step_number):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    open_story(page, f"{flagship_server.url}/?step={flagship.steps[step_number].id}")
    violations = serious_violations(page)
    map_page = map_frame(page)
    map_page.add_script_tag(path=str(AXE))
    map_results = map_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations += [
        {"id": v["id"], "impact": v["impact"], "in": "map"}
        for v in map_results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    context.close()
    assert not violations, json.dumps(violations, indent=1)


def test_a_step_taken_while_the_map_is_still_loading_reaches_the_map(page: Page, flagship_server, flagship):
    # Hold Leaflet back so that Next is pressed while the map's frame is still loading its
    # scripts, as on a slow connection: the map must still end on the step the page shows.
    held = []
    page.route(EXTERNAL, lambda route: route.abort())
    page.route(re.compile(r"/leaflet\.js$"), lambda route: held.append(route))
    with page.expect_request(re.compile(r"/leaflet\.js$")):
        page.goto(f"{flagship_server.url}/?step={flagship.steps[0].id}")
    wait_for_app(page)
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(flagship.steps[1].title)
    wait_for_app(page)
    for route in held:
        route.continue_()
    frame = map_frame(page)
    wait_map_settled(frame, flagship.steps[1].id)


def test_the_timeline_marks_the_current_step_and_jumps_along_the_story(page: Page, flagship_server, flagship):
    open_story(page, f"{flagship_server.url}/?step={flagship.steps[0].id}")
    current = page.locator(".tl-point[aria-current=step]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("aria-label", re.compile(re.escape(flagship.steps[0].title)))
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(flagship.steps[1].title)
    expect(current).to_have_attribute("aria-label", re.compile(re.escape(flagship.steps[1].title)))

    other = page.locator(".tl-point:not([aria-current])").last
    label = other.get_attribute("aria-label")
    other.click()
    expect(page.locator("#step-title")).not_to_have_text(flagship.steps[1].title)
    wait_for_app(page)
    assert heading(page) in label
    assert step_param(page) == next(step.id for step in flagship.steps if step.title == heading(page))
    expect(current).to_have_attribute("aria-label", re.compile(re.escape(heading(page))))
