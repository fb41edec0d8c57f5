"""A server restarted under a viewer: the page reconnects by itself and the viewer stays where they were.

The step lives in the page (and its address), so nothing of it is lost with the server: the first press after
the reconnect moves the story like any other, and a reload asks the new server for the step in the address.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from story.format.loader import load_story
from story.format.model import Step
from tests.conftest import TEST_STORIES
from tests.support.browser import heading, open_story, shown, step_param, wait_map_settled
from tests.support.server import StreamlitServer, free_port

WALK = TEST_STORIES / "walk.yaml"


@pytest.fixture(scope="module")
def restarted(browser: Browser) -> Iterator[tuple[dict[str, Page], list[Step]]]:
    """Two viewers on step 7 of the walk whose server was stopped and started again on the same port.

    One restart for both: each test makes the first press after the reconnect on a page of its own,
    one with the Next button, one with the keyboard.
    """
    steps = load_story(WALK).steps
    port = free_port()
    first = StreamlitServer("app.py", ["--story", str(WALK)], port=port).start()
    second = StreamlitServer("app.py", ["--story", str(WALK)], port=port)
    contexts = [browser.new_context() for _ in ("button", "keyboard")]
    viewers = {press: context.new_page() for press, context in zip(("button", "keyboard"), contexts, strict=True)}
    try:
        for page in viewers.values():
            open_story(page, f"{first.url}/?step={steps[0].id}")
            for _ in range(6):
                page.keyboard.press("ArrowRight")  # to step 7, in the browser only
            wait_map_settled(page, steps[6].id)
        first.stop()
        for page in viewers.values():
            # The page noticed the server left.
            expect(page.get_by_test_id("stStatusWidget")).to_contain_text("connecting", ignore_case=True)
        second.start()
        for page in viewers.values():
            # Streamlit's page reconnects by itself to the new server.
            expect(page.get_by_test_id("stStatusWidget")).to_be_hidden(timeout=30_000)
        yield viewers, steps
    finally:
        for context in contexts:
            context.close()
        first.stop()
        second.stop()


def test_a_viewer_on_step_seven_is_still_there_after_the_restart_and_next_moves_on(restarted):
    viewers, steps = restarted
    page = viewers["button"]
    now = shown(page)
    assert (now["title"], now["address"], now["map"]) == (steps[6].title, steps[6].id, steps[6].id)
    # The first press after the automatic reconnect, with the Next button.
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(steps[7].title)
    wait_map_settled(page, steps[7].id)
    assert step_param(page) == steps[7].id
    # A reload asks the new server for the step in the address.
    page.reload()
    wait_map_settled(page, steps[7].id)
    assert heading(page) == steps[7].title
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(steps[8].title)
    wait_map_settled(page, steps[8].id)
    assert step_param(page) == steps[8].id


def test_the_first_press_after_an_automatic_reconnect_moves_the_story_by_the_keyboard_too(restarted):
    viewers, steps = restarted
    page = viewers["keyboard"]
    now = shown(page)
    assert (now["title"], now["address"], now["map"]) == (steps[6].title, steps[6].id, steps[6].id)
    page.keyboard.press("ArrowRight")
    expect(page.locator("#step-title")).to_have_text(steps[7].title)
    wait_map_settled(page, steps[7].id)
    assert step_param(page) == steps[7].id
