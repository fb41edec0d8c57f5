"""Glossary terms, source kinds and content notes in Chromium: in the app and the export, by keyboard and by tap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from story.cli import main as story_command
from tests.conftest import TEST_STORIES
from tests.support.browser import open_story, serious_violations, wait_map_settled

THREE_STEPS = TEST_STORIES / "three-steps.yaml"
PHONE = {"width": 375, "height": 667}
DEFINITION = "city: A large town, for the tests."


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "three-steps.html"
    assert story_command(["export", str(THREE_STEPS), "-o", str(path), "--tiles", "none"]) == 0
    return path


@pytest.fixture
def story_url(exported: Path) -> str:
    """The first step's address in the offline export: the player there is the app's (same scripts)."""
    return exported.as_uri()


@pytest.fixture(params=["app", "export"])
def story_url_in_each_host(request, exported: Path) -> str:
    """The first step's address, in the app and in the offline export: the app once for the glossary."""
    if request.param == "app":
        return f"{request.getfixturevalue('three_steps_server').url}/?step=west"
    return exported.as_uri()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def tab_to(page: Page, selector: str, presses: int = 12) -> None:
    """Press Tab from the step's title until the focus is on `selector`, as a keyboard user would."""
    page.locator("#step-title").focus()
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with {presses} presses of Tab")


def test_a_term_opens_its_definition_by_keyboard_and_escape_closes_it(page: Page, story_url_in_each_host: str):
    open_story(page, story_url_in_each_host)
    term = page.locator(".sp-player .sm-term", has_text="cities")
    tip = page.locator(".sp-player .sm-tip")
    expect(tip).to_be_hidden()
    tab_to(page, ".sp-player .sm-term")
    expect(term).to_be_focused()
    expect(term).to_have_accessible_description(DEFINITION)
    expect(tip).to_be_visible()
    expect(tip).to_have_text(DEFINITION)
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(term).to_be_focused()
    page.keyboard.press("Enter")
    expect(tip).to_be_visible()
    expect(term).to_have_attribute("aria-expanded", "true")


def test_a_sources_kind_says_what_it_means_on_focus(page: Page, story_url: str):
    open_story(page, story_url)
    kind = page.locator(".sp-player .sm-sources .sm-kind")
    meaning = kind.locator(".sm-kind-meaning")
    expect(kind).to_contain_text("independent")
    assert meaning.bounding_box()["width"] <= 1, "the meaning waits for hover, focus or tap"
    tab_to(page, ".sp-player .sm-sources .sm-kind")
    expect(meaning).to_have_text(": News media, not run by a government or a party.")
    assert meaning.bounding_box()["width"] > 100


def test_on_a_phone_a_tap_opens_the_definition_inside_the_screen_and_a_tap_elsewhere_closes_it(
    phone: Page, story_url: str
):
    open_story(phone, story_url)
    term = phone.locator(".sp-player .sm-term", has_text="cities")
    tip = phone.locator(".sp-player .sm-tip")
    term.scroll_into_view_if_needed()
    term.tap()
    expect(tip).to_be_visible()
    box = tip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["y"] >= term.bounding_box()["y"] + term.bounding_box()["height"] - 1, "the tip opens under its line"
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "nothing scrolls sideways"
    phone.locator(".sp-player .sm-date").tap()
    expect(tip).to_be_hidden()


def test_the_content_note_stands_before_the_steps_text(page: Page, story_url: str):
    open_story(page, story_url)
    page.get_by_role("button", name="Next").click()
    wait_map_settled(page, "almaty-peak")
    note = page.locator(".sp-player .sm-content-note")
    expect(note).to_have_text("Content note: A test note before the second step's text.")
    expect(note).to_have_attribute("role", "note")
    body = page.locator(".sp-player .sm-body")
    assert note.bounding_box()["y"] < body.bounding_box()["y"]


@pytest.mark.parametrize(
    ("host", "size"), [("export", PHONE), ("app", {"width": 1280, "height": 800})], ids=["phone", "wide"]
)
def test_axe_finds_nothing_serious_with_a_definition_open(request, browser: Browser, exported: Path, host, size):
    # The export's policy lets only its own scripts run: axe is let in past it.
    context = browser.new_context(viewport=size, bypass_csp=host == "export")
    page = context.new_page()
    if host == "app":
        open_story(page, f"{request.getfixturevalue('three_steps_server').url}/?step=west")
    else:
        open_story(page, exported.as_uri())
    tab_to(page, ".sp-player .sm-term")
    expect(page.locator(".sp-player .sm-tip")).to_be_visible()
    assert serious_violations(page) == []
    context.close()
