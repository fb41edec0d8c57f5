"""Issue 32 in Chromium, on the export opened from file://: "Which day?" answered with the step's day slider
(moved by keyboard) and "Put these events in order" by Move up / Move down and by dragging; each verdict
said where a screen reader hears it and sent in the `story:check` event.

tests/stories/time-checks.yaml: the day is 4 January (a day either side counts); four events.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from story.cli import main as story_command
from tests.conftest import TEST_STORIES
from tests.support.browser import open_export, open_story, serious_violations, wait_map_settled
from tests.support.server import StreamlitServer

STORY = TEST_STORIES / "time-checks.yaml"
STEP = ".sp-player .sp-step"
EVENTS = ["Protests in Zhanaozen", "Protests in Almaty", "Troops arrive", "Protests end"]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "time-checks.html"
    assert story_command(["export", str(STORY), "--tiles", "none", "-o", str(path)]) == 0
    return path


@pytest.fixture
def page(browser: Browser):
    # The export's policy lets only its own scripts run: axe is let in past it.
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def server(start_server) -> StreamlitServer:
    return start_server("--story", str(STORY))


def heard(page: Page) -> None:
    page.evaluate(
        "window.__checks = []; document.addEventListener('story:check', (e) => window.__checks.push(e.detail))"
    )


def test_which_day_is_answered_with_the_sliders_day_by_keyboard(page: Page, exported):
    open_export(page, exported, "the-days")
    heard(page)
    check = page.locator(f"{STEP} .sm-check").nth(0)
    answer = check.get_by_role("button", name="Answer with the slider's day")
    # The slider opens on its first day, 2 January: two days off.
    answer.click()
    feedback = check.locator(".sm-check-feedback")
    expect(feedback).to_have_text("Not quite: you chose 2 January 2022. The answer is 4 January 2022.")
    expect(feedback).to_have_attribute("aria-live", "polite")
    expect(check.locator(".sm-check-explain")).to_be_visible()
    # The slider by its keys: a day on is within the check's day either side.
    slider = page.get_by_role("slider")
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "3 January 2022")
    answer.focus()
    page.keyboard.press("Enter")
    expect(feedback).to_have_text("Right: 3 January 2022.")
    sent = page.evaluate("window.__checks")
    assert [(d["key"], d["answer"], d["right"]) for d in sent] == [
        ("the-days:0", "2022-01-02", False),
        ("the-days:0", "2022-01-03", True),
    ]
    # The first answer is the one that counts.
    assert (sent[-1]["answered"], sent[-1]["correct"], sent[-1]["total"]) == (1, 0, 2)
    assert serious_violations(page) == []


def shown(check) -> list[str]:
    return check.locator(".sm-order-text").all_inner_texts()


def test_events_are_put_in_order_by_keyboard_and_by_dragging(page: Page, exported):
    open_export(page, exported, "the-days")
    heard(page)
    check = page.locator(f"{STEP} .sm-check").nth(1)
    assert sorted(shown(check)) == sorted(EVENTS) and shown(check) != EVENTS
    # A wrong order first: judged wrong, with the right order said.
    check.get_by_role("button", name="Check my answer").click()
    expect(check.locator(".sm-check-feedback")).to_have_text(
        "Not quite. The order is: Protests in Zhanaozen; Protests in Almaty; Troops arrive; Protests end."
    )
    # Each event to its place from the top, by Move up pressed from the keyboard; the focus stays on
    # the button and the event's new place is said.
    for place, event in enumerate(EVENTS[:-1]):
        while shown(check).index(event) > place:
            up = check.get_by_role("button", name=f"Move up: {event}")
            up.focus()
            page.keyboard.press("Enter")
            expect(up).to_be_focused()
            expect(check.locator(".sm-order-said")).to_have_text(f"{event}: {shown(check).index(event) + 1} of 4")
    assert shown(check) == EVENTS
    # Move down on the last event changes nothing; dragging the first onto the third moves it there.
    check.get_by_role("button", name="Move down: Protests end").click()
    assert shown(check) == EVENTS
    check.locator(".sm-order-item").nth(0).drag_to(check.locator(".sm-order-item").nth(2))
    assert shown(check) == ["Protests in Almaty", "Troops arrive", "Protests in Zhanaozen", "Protests end"]
    check.locator(".sm-order-item").nth(2).drag_to(check.locator(".sm-order-item").nth(0))
    assert shown(check) == EVENTS
    check.get_by_role("button", name="Check my answer").click()
    expect(check.locator(".sm-check-feedback")).to_have_text("Right: that is the order.")
    sent = page.evaluate("window.__checks")
    assert sent[-1]["key"] == "the-days:1" and sent[-1]["answer"] == "0,1,2,3" and sent[-1]["right"] is True
    assert sent[0]["right"] is False and sorted(sent[0]["answer"].split(",")) == ["0", "1", "2", "3"]
    assert serious_violations(page) == []


def test_the_app_plays_both_and_a_step_shown_again_keeps_what_they_said(page: Page, server):
    open_story(page, server.url + "?step=the-days")
    checks = page.locator(f"{STEP} .sm-check")
    checks.nth(0).get_by_role("button", name="Answer with the slider's day").click()
    expect(checks.nth(0).locator(".sm-check-feedback")).to_have_text(re.compile(r"^Not quite: you chose 2 January"))
    order = checks.nth(1)
    for place, event in enumerate(EVENTS[:-1]):
        while shown(order).index(event) > place:
            order.get_by_role("button", name=f"Move up: {event}").click()
    order.get_by_role("button", name="Check my answer").click()
    expect(order.locator(".sm-check-feedback")).to_have_text("Right: that is the order.")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Next").click()
    wait_map_settled(page, "after")
    page.get_by_role("button", name="Previous").click()
    order = page.locator(f"{STEP} .sm-check").nth(1)
    expect(order.locator(".sm-check-feedback")).to_have_text("Right: that is the order.")
    assert shown(order) == EVENTS, "the events as the reader left them"
