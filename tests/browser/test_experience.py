"""The viewer's experience in a real browser: keys, focus, motion, bursts, embedding, small screens, accessibility.

All on the player's test story (tests/stories/walk.yaml: twelve steps, each moving the map). The player is one
set of scripts in the app and in the export, so what it does on its own (keys, focus, flight, bursts, panning,
swiping, the timeline) is tested on the export opened from disk, which needs no server; the app keeps one test
for each thing only its host does (its address, language switch, share panel, embedding, download, layout).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from story.format.loader import load_story
from story.reader.sharing import embed_snippet
from tests.conftest import TEST_STORIES
from tests.support.browser import (
    EXTERNAL,
    address_step,
    export_story,
    heading,
    map_view,
    open_export,
    open_story,
    serious_violations,
    shown,
    step_param,
    wait_for_app,
    wait_map_settled,
)

WALK = TEST_STORIES / "walk.yaml"


@pytest.fixture(scope="module")
def walk(catalog):
    return load_story(WALK, catalog)


@pytest.fixture(scope="module")
def server(start_server):
    return start_server("--story", str(WALK))


@pytest.fixture(scope="module")
def exported_walk(tmp_path_factory) -> Path:
    return export_story(WALK, tmp_path_factory.mktemp("export") / "walk.html")


def test_arrow_page_home_and_end_keys_move_the_story(page: Page, exported_walk: Path, walk):
    titles = [step.title for step in walk.steps]
    open_export(page, exported_walk, walk.steps[0].id)
    title = page.locator("#step-title")
    for key, index in [("ArrowRight", 1), ("PageDown", 2), ("ArrowLeft", 1), ("PageUp", 0), ("End", -1), ("Home", 0)]:
        page.keyboard.press(key)
        expect(title).to_have_text(titles[index])
    expect(page).to_have_url(re.compile(rf"#step={re.escape(walk.steps[0].id)}$"))  # in the next frame


def test_the_step_list_jumps_to_any_step_and_keys_in_it_or_the_language_switch_do_not(page: Page, server, walk):
    # The app's own widgets: the step list writes the app's address, the language switch is the app's.
    open_story(page, f"{server.url}/?step={walk.steps[0].id}")
    page.get_by_label("Jump to step").select_option(walk.steps[7].id)
    expect(page.locator("#step-title")).to_have_text(walk.steps[7].title)
    wait_map_settled(page, walk.steps[7].id)
    assert step_param(page) == walk.steps[7].id
    page.get_by_label("Jump to step").focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("End")
    expect(page.locator("#step-title")).to_have_text(walk.steps[7].title)
    page.get_by_role("radio", name="English").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#step-title")).to_have_text(walk.steps[7].title)


def test_after_a_step_change_focus_and_one_announcement_go_to_the_new_title(page: Page, exported_walk: Path, walk):
    open_export(page, exported_walk, walk.steps[0].id)
    live = page.locator(".sp-live")
    assert live.get_attribute("aria-live") == "polite"
    page.evaluate(
        """() => {
            window.__announced = [];
            new MutationObserver(() => window.__announced.push(document.querySelector('.sp-live').textContent))
                .observe(document.querySelector('.sp-live'), {childList: true, characterData: true, subtree: true});
        }"""
    )
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(walk.steps[1].title)
    expect(page.locator("#step-title")).to_be_focused()
    expect(live).to_have_text(walk.steps[1].title)
    wait_map_settled(page, walk.steps[1].id)
    assert page.evaluate("window.__announced") == [walk.steps[1].title], "announced once"


def centers_while_stepping(page: Page) -> list[tuple[float, float]]:
    """Click Next, then record the map's center on every animation frame until it settles."""
    page.evaluate(
        """() => {
            window.__centers = [];
            const map = window.storymap.instance.map;
            const record = () => {
                const c = map.getCenter();
                window.__centers.push([c.lat, c.lng]);
                if (window.__centers.length < 400) requestAnimationFrame(record);
            };
            requestAnimationFrame(record);
        }"""
    )
    page.get_by_role("button", name="Next").click()
    return page.evaluate("window.__centers")


def views_between(page: Page, start: dict, end: dict) -> set[tuple[float, float]]:
    return {
        (round(lat, 3), round(lng, 3))
        for lat, lng in page.evaluate("window.__centers")
        if abs(lat - start["lat"]) + abs(lng - start["lng"]) > 0.01
        and abs(lat - end["lat"]) + abs(lng - end["lng"]) > 0.01
    }


def test_the_map_flies_between_steps(page: Page, exported_walk: Path, walk):
    page.emulate_media(reduced_motion="no-preference")
    open_export(page, exported_walk, walk.steps[3].id)
    start = map_view(page)
    centers_while_stepping(page)
    wait_map_settled(page, walk.steps[4].id)
    assert len(views_between(page, start, map_view(page))) >= 5, "an animated flight through several views"


def test_reduced_motion_moves_the_map_at_once(page: Page, exported_walk: Path, walk):
    page.emulate_media(reduced_motion="reduce")
    open_export(page, exported_walk, walk.steps[3].id)
    start = map_view(page)
    centers_while_stepping(page)
    wait_map_settled(page, walk.steps[4].id)
    assert not views_between(page, start, map_view(page))


def test_the_reduce_motion_choice_overrides_the_system_and_is_kept(page: Page, exported_walk: Path, walk):
    page.emulate_media(reduced_motion="no-preference")
    open_export(page, exported_walk, walk.steps[3].id)
    toggle = page.get_by_role("checkbox", name="Reduce motion")
    expect(toggle).not_to_be_checked()
    toggle.check()
    start = map_view(page)
    centers_while_stepping(page)
    wait_map_settled(page, walk.steps[4].id)
    assert not views_between(page, start, map_view(page))
    page.reload()
    wait_map_settled(page)
    expect(page.get_by_role("checkbox", name="Reduce motion")).to_be_checked()


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_ten_arrow_presses_in_a_row_land_ten_steps_further(page: Page, exported_walk: Path, walk, catalog, motion):
    page.emulate_media(reduced_motion=motion)
    open_export(page, exported_walk, walk.steps[0].id)
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    target = walk.steps[10]
    wait_map_settled(page, target.id)
    now = shown(page)
    assert (now["title"], now["address"], now["map"]) == (target.title, target.id, target.id)
    layers = page.evaluate(
        "() => { const sm = window.storymap.instance; return Object.keys(sm.stepLayers)"
        ".filter((id) => sm.map.hasLayer(sm.stepLayers[id])).sort(); }"
    )
    places = page.evaluate(
        "() => Object.values(window.storymap.instance.markers).filter((m) => m.isCurrent).map((m) => m.placeKey).sort()"
    )
    assert layers == sorted({ref.id for ref in target.layers if ref.id in catalog.layers})
    assert places == sorted(place.key for place in target.places)
    assert page.evaluate("window.storymapBuilds") == 1, "the map was never built again"


def test_panning_by_hand_offers_the_way_back_to_the_story_view(page: Page, exported_walk: Path, walk):
    open_export(page, exported_walk, walk.steps[4].id)
    before = map_view(page)
    back = page.get_by_role("button", name="Back to the story view")
    expect(back).to_be_hidden()
    box = page.locator(".leaflet-container").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 200, box["y"] + box["height"] / 2 - 120, steps=8)
    page.mouse.up()
    expect(back).to_be_visible()
    assert map_view(page) != before
    back.click()
    wait_map_settled(page, walk.steps[4].id)
    # Back at the story's view of the step: the centre the story framed it on, within a pixel (at zoom 6.5 a
    # pixel is about 0.015 degrees; a page that changed size since `before` was read frames the step again).
    page.wait_for_function(
        "() => { const map = window.storymap.instance.map, target = map.getContainer().dataset;"
        " const at = map.latLngToContainerPoint([Number(target.targetLat), Number(target.targetLng)]);"
        " const size = map.getSize();"
        " return Math.abs(at.x - size.x / 2) <= 1.5 && Math.abs(at.y - size.y / 2) <= 1.5; }"
    )
    expect(back).to_be_hidden()


def test_the_share_panel_copies_the_link_and_the_light_page_link_of_the_step_on_screen(browser: Browser, server, walk):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    open_story(page, f"{server.url}/?step={walk.steps[2].id}")
    page.keyboard.press("ArrowRight")  # moved in the browser: the panel follows
    expect(page.locator("#step-title")).to_have_text(walk.steps[3].title)
    page.get_by_role("button", name="Share and embed").click()
    page.get_by_role("button", name="Copy link to this step").click()
    expect(page.get_by_text("Link copied.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"?step={walk.steps[3].id}")
    snippet = page.get_by_label("Code to paste").input_value()
    assert f"step={walk.steps[3].id}" in snippet and "embed=true" in snippet
    light = page.get_by_label("Light link for phones and slow networks")
    expect(light).to_have_value(f"{server.url}/view?step={walk.steps[3].id}&lang=en")
    phone = context.new_page()
    phone.goto(light.input_value())
    expect(phone.locator("#step-title")).to_have_text(walk.steps[3].title)
    assert phone.locator("[data-testid='stApp']").count() == 0, "the light page, not the Streamlit app"
    context.close()


def test_the_embed_snippet_works_inside_a_teachers_page(page: Page, server, walk, tmp_path):
    start = walk.steps[4]
    snippet = embed_snippet(server.url + "/", start.id, walk.title, "en", 700)
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
    # A whole page load inside the frame: wait as open_story does (Playwright's 30 s), not an assertion's 5 s.
    story.locator("#step-title").wait_for()
    expect(story.locator("#step-title")).to_have_text(start.title)
    assert story.locator("[data-testid='stToolbar']").count() == 0, "embedded: no Streamlit chrome"
    expect(story.locator(".leaflet-container")).to_be_visible()
    story.get_by_role("button", name="Next").click()
    expect(story.locator("#step-title")).to_have_text(walk.steps[5].title)
    story.locator("#step-title").press("ArrowRight")
    expect(story.locator("#step-title")).to_have_text(walk.steps[6].title)
    credits = story.get_by_text("Credits and sources of data")
    credits.scroll_into_view_if_needed()
    expect(credits).to_be_visible()


def test_on_a_phone_the_app_shows_map_navigation_and_title_on_the_first_screen_and_axe_passes(
    browser: Browser, server, walk
):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_story(page, f"{server.url}/?step={walk.steps[0].id}")
    map_box = page.locator(".leaflet-container").bounding_box()
    next_box = page.get_by_role("button", name="Next").bounding_box()
    title_box = page.locator("#step-title").bounding_box()
    assert map_box["width"] >= 300
    assert map_box["y"] + map_box["height"] <= next_box["y"], "the navigation sits below the map, not on it"
    assert next_box["y"] + next_box["height"] <= title_box["y"]
    assert title_box["y"] + title_box["height"] <= 667, "the step's title is on the first screen"
    # The teacher's tools are out of the way on a phone: after the story, not above its map.
    share_box = page.get_by_role("button", name="Share and embed").bounding_box()
    assert share_box and share_box["y"] > title_box["y"] + title_box["height"]
    # Leaflet knows the size that shows: its fits are centred in what the viewer sees.
    size = page.evaluate("() => { const s = window.storymap.instance.map.getSize(); return [s.x, s.y]; }")
    assert size == [round(map_box["width"]), round(map_box["height"])]
    violations = serious_violations(page)
    assert not violations, json.dumps(violations, indent=1)
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(walk.steps[1].title)
    context.close()


def test_on_a_phone_a_swipe_across_the_map_pans_it_and_leaves_the_step(browser: Browser, exported_walk: Path, walk):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_export(page, exported_walk, walk.steps[3].id)
    before = map_view(page)
    box = page.locator(".leaflet-container").bounding_box()
    x, y = box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2
    touch = context.new_cdp_session(page)
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):  # a swipe from right to left, as to turn a page
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x - 20 * step, "y": y}]})
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    expect(page.get_by_role("button", name="Back to the story view")).to_be_visible()
    assert map_view(page)["lng"] > before["lng"], "the map moved with the finger"
    assert shown(page)["title"] == walk.steps[3].title and address_step(page) == walk.steps[3].id
    context.close()


def test_on_a_wide_screen_the_app_sets_narrative_and_map_side_by_side_and_axe_passes(page: Page, server, walk):
    page.set_viewport_size({"width": 1280, "height": 800})
    open_story(page, f"{server.url}/?step={walk.steps[0].id}")
    map_box = page.locator(".leaflet-container").bounding_box()
    title_box = page.locator("#step-title").bounding_box()
    assert title_box["x"] + title_box["width"] <= map_box["x"]
    assert map_box["y"] < 400 and map_box["y"] + map_box["height"] <= 800, "the whole map in the window"
    # The teacher's tools in one row at the top, above the story, and the first the keyboard reaches.
    tools = [
        page.get_by_role("button", name="Share and embed"),
        page.get_by_role("button", name="Offline copy and handout"),
        page.get_by_role("button", name="Present to a class"),
        page.get_by_role("link", name="Edit this story"),
    ]
    boxes = [tool.bounding_box() for tool in tools]
    assert all(box and box["y"] + box["height"] <= map_box["y"] for box in boxes), boxes
    assert max(box["y"] for box in boxes if box) < min(box["y"] + box["height"] for box in boxes if box), "one row"
    # In the page's order (the keyboard's) before the story's own controls.
    assert page.evaluate(
        "document.querySelector('.st-key-story-tools').compareDocumentPosition(document.querySelector('.sp-next'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    tools[0].focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Copy link to this step")).to_be_visible()
    page.keyboard.press("Escape")
    violations = serious_violations(page)
    assert not violations, json.dumps(violations, indent=1)


def test_a_phones_first_view_does_not_jump_and_keeps_the_tools_after_the_story(browser: Browser, server, walk):
    # The teacher's tools go after the story on a phone. Drawn under the title before the story came,
    # they were then pushed off the screen by it, the whole first screen moving (two visits in five).
    context = browser.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.add_init_script(
        """window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
        }).observe({ type: "layout-shift", buffered: true });"""
    )
    open_story(page, f"{server.url}/?step={walk.steps[2].id}")
    wait_for_app(page)
    assert page.evaluate("window.__shift") <= 0.05
    share = page.get_by_role("button", name="Share and embed").bounding_box()
    assert share and share["y"] > page.locator(".sp-next").bounding_box()["y"], "after the story"
    context.close()


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 667}])
def test_no_serious_accessibility_violations_on_the_last_step(browser: Browser, exported_walk: Path, walk, viewport):
    # The first step is judged in the app (above); the player's last step, the same in both hosts, here.
    # The export's policy lets only its own scripts run: axe is let in past it.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    open_export(page, exported_walk, walk.steps[-1].id)
    violations = serious_violations(page)
    context.close()
    assert not violations, json.dumps(violations, indent=1)


def test_a_step_taken_while_leaflet_is_still_loading_reaches_the_map(page: Page, server, walk):
    # Hold Leaflet back so that Next is pressed before the map exists, as on a slow
    # connection: the narrative moves at once, and the map starts on the step shown.
    held = []
    page.route(EXTERNAL, lambda route: route.abort())
    page.route(re.compile(r"/leaflet\.js$"), lambda route: held.append(route))
    with page.expect_request(re.compile(r"/leaflet\.js$")):
        page.goto(f"{server.url}/?step={walk.steps[0].id}")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(walk.steps[1].title)
    expect(page).to_have_url(re.compile(rf"[?&]step={re.escape(walk.steps[1].id)}(&|$)"))
    for route in held:
        route.continue_()
    wait_map_settled(page, walk.steps[1].id)


def test_the_timeline_marks_the_current_step_and_jumps_along_the_story(page: Page, exported_walk: Path, walk):
    open_export(page, exported_walk, walk.steps[0].id)
    current = page.locator(".tl-point[aria-current=step]")
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("aria-label", re.compile(re.escape(walk.steps[0].title)))
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(walk.steps[1].title)
    expect(current).to_have_attribute("aria-label", re.compile(re.escape(walk.steps[1].title)))
    other = page.locator(".tl-point:not([aria-current])").last
    label = other.get_attribute("aria-label")
    other.click()
    expect(page.locator("#step-title")).not_to_have_text(walk.steps[1].title)
    assert heading(page) in label
    # The address follows in the next frame (the player writes it once per burst of presses).
    chosen = next(step.id for step in walk.steps if step.title == heading(page))
    expect(page).to_have_url(re.compile(rf"#step={re.escape(chosen)}$"))
    expect(current).to_have_attribute("aria-label", re.compile(re.escape(heading(page))))


def test_a_language_switch_and_a_download_keep_the_step_taken_in_the_browser(page: Page, server, walk):
    open_story(page, f"{server.url}/?step={walk.steps[0].id}")
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    wait_map_settled(page, walk.steps[10].id)
    page.get_by_role("button", name="Offline copy and handout").click()
    with page.expect_download():
        page.get_by_role("button", name="Download offline copy").click()
    wait_for_app(page)
    page.keyboard.press("Escape")
    assert shown(page)["title"] == walk.steps[10].title and step_param(page) == walk.steps[10].id
    page.get_by_role("radio", name="Русский").click()
    expect(page.get_by_role("button", name="Далее")).to_be_visible()
    wait_map_settled(page, walk.steps[10].id)
    assert step_param(page) == walk.steps[10].id and "lang=ru" in page.url
    page.reload()
    wait_map_settled(page, walk.steps[10].id)
    assert heading(page) == walk.steps[10].title
