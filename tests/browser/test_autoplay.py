"""Autoplay in Chromium (?autoplay=<seconds>), in the app and in the export from file://: it goes on by itself
a step at a time, stops at the reader's key, shows its pause button, and under reduced motion never starts
until the reader presses Start.

The page's clock is Playwright's (page.clock): time flows as usual while the page loads, and the tests move it
on by hand, so no test waits through real five-second steps and each step's time is exact. The player's
timers (setTimeout, requestAnimationFrame, performance.now) are all on that clock, in both hosts.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import export_story, open_export, open_story

STEPS = Path(__file__).resolve().parents[1] / "stories" / "three-steps.yaml"
# From the first script on, when each step came, on the page's clock (ms), as the player announces it.
RECORD_STEPS = """
  window.__steps = [];
  document.addEventListener('story:step', (event) => window.__steps.push([event.detail.index, performance.now()]));
"""


@pytest.fixture(scope="module")
def exported_steps(tmp_path_factory) -> Path:
    return export_story(STEPS, tmp_path_factory.mktemp("export") / "three-steps.html")


def on_a_clock_moved_by_hand(page: Page) -> Page:
    page.clock.install()
    page.add_init_script(RECORD_STEPS)
    return page


def third_step_by_itself(page: Page) -> None:
    player = page.locator(".sp-player")
    expect(player).to_have_attribute("data-autoplay", "playing")
    expect(page.get_by_role("button", name="Pause autoplay")).to_be_visible()
    page.clock.run_for(10_000)  # two steps' time, every timer on the way run at its own moment
    expect(page.locator("#step-title")).to_have_text("Far away")
    steps = page.evaluate("() => window.__steps")
    assert [index for index, _ in steps] == [0, 1, 2], "the first step as the page opened, then two by themselves"
    # Each step stays five seconds, never less, counted from when it came.
    assert [round(later - earlier) for (_, earlier), (_, later) in pairwise(steps)] == [5_000, 5_000], steps
    # Once through: at the last step it stops.
    expect(player).to_have_attribute("data-autoplay", "paused")


def test_autoplay_goes_through_the_story_by_itself_and_stops_at_a_key(page: Page, three_steps_server):
    open_story(on_a_clock_moved_by_hand(page), f"{three_steps_server.url}/?autoplay=5")
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
    on_a_clock_moved_by_hand(page).goto(exported_steps.as_uri() + "?autoplay=5")
    third_step_by_itself(page)


def test_under_reduced_motion_autoplay_waits_for_the_readers_press(browser: Browser, exported_steps: Path):
    context = browser.new_context(reduced_motion="reduce")
    page = on_a_clock_moved_by_hand(context.new_page())
    open_story(page, exported_steps.as_uri() + "?autoplay=5&loop=1")
    player = page.locator(".sp-player")
    expect(player).to_have_attribute("data-autoplay", "paused")
    assert page.evaluate("() => window.storymap.player.autoplayTimer") is None
    page.clock.run_for(10_000)
    expect(page.locator("#step-title")).to_have_text("Zhanaozen and Almaty")
    page.get_by_role("button", name="Start autoplay").click()
    expect(player).to_have_attribute("data-autoplay", "playing")
    page.clock.run_for(5_000)
    expect(page.locator("#step-title")).to_have_text("Almaty alone")
    context.close()


def test_no_autoplay_without_asking(page: Page, exported_steps: Path):
    open_export(page, exported_steps)
    expect(page.locator(".sp-player")).to_have_attribute("data-autoplay", "off")
    expect(page.get_by_role("button", name="Start autoplay")).to_have_count(0)
