"""Autoplay in Chromium (?autoplay=<seconds>), in the app and in the export from file://: it goes on by itself
a step at a time, stops at the reader's key, shows its pause button, and under reduced motion never starts
until the reader presses Start."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from story.cli import main as story_command
from tests.support.browser import open_story

STEPS = Path(__file__).resolve().parents[1] / "stories" / "three-steps.yaml"
# When each step came, on the page's own clock (ms), as the player announces it.
RECORD_STEPS = """() => {
  window.__steps = [];
  document.addEventListener('story:step', (event) => window.__steps.push([event.detail.index, performance.now()]));
}"""


@pytest.fixture(scope="module")
def exported_steps(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "three-steps.html"
    assert story_command(["export", str(STEPS), "-o", str(path), "--tiles", "none"]) == 0
    return path


def third_step_by_itself(page: Page) -> None:
    player = page.locator(".sp-player")
    expect(player).to_have_attribute("data-autoplay", "playing")
    expect(page.get_by_role("button", name="Pause autoplay")).to_be_visible()
    page.evaluate(RECORD_STEPS)
    started = page.evaluate("() => performance.now()")
    expect(page.locator("#step-title")).to_have_text("Almaty alone", timeout=20_000)
    expect(page.locator("#step-title")).to_have_text("Far away", timeout=20_000)
    steps = page.evaluate("() => window.__steps")
    assert [index for index, _ in steps] == [1, 2]
    # A step every five seconds, never sooner (a busy machine may make it later).
    assert steps[1][1] - steps[0][1] >= 4_900, steps
    assert steps[0][1] > started
    # Once through: at the last step it stops.
    expect(player).to_have_attribute("data-autoplay", "paused")


def test_autoplay_goes_through_the_story_by_itself_and_stops_at_a_key(page: Page, three_steps_server):
    open_story(page, f"{three_steps_server.url}/?autoplay=5")
    third_step_by_itself(page)
    page.get_by_role("button", name="Start autoplay").click()  # from the last step, once more from the first
    expect(page.locator("#step-title")).to_have_text("Zhanaozen and Almaty")
    expect(page.locator(".sp-player")).to_have_attribute("data-autoplay", "playing")
    page.locator("#step-title").focus()
    page.keyboard.press("End")
    expect(page.locator(".sp-player")).to_have_attribute("data-autoplay", "paused")
    assert page.evaluate("() => window.storymap.player.autoplayTimer") is None
    expect(page.locator("#step-title")).to_have_text("Far away")  # the key did its own work


def test_autoplay_in_the_export_opened_from_disk(page: Page, exported_steps: Path):
    open_story(page, exported_steps.as_uri() + "?autoplay=5")
    third_step_by_itself(page)


def test_under_reduced_motion_autoplay_waits_for_the_readers_press(browser: Browser, three_steps_server):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    open_story(page, f"{three_steps_server.url}/?autoplay=5&loop=1")
    player = page.locator(".sp-player")
    expect(player).to_have_attribute("data-autoplay", "paused")
    assert page.evaluate("() => window.storymap.player.autoplayTimer") is None
    expect(page.locator("#step-title")).to_have_text("Zhanaozen and Almaty")
    page.get_by_role("button", name="Start autoplay").click()
    expect(player).to_have_attribute("data-autoplay", "playing")
    expect(page.locator("#step-title")).to_have_text("Almaty alone", timeout=20_000)
    context.close()


def test_no_autoplay_without_asking(page: Page, three_steps_server):
    open_story(page, f"{three_steps_server.url}/")
    expect(page.locator(".sp-player")).to_have_attribute("data-autoplay", "off")
    expect(page.get_by_role("button", name="Start autoplay")).to_have_count(0)
