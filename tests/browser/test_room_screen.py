"""Issue 32: the presenter's view apart from the screen the room sees.

The teacher keeps her laptop's page (the panel, her notes, what comes next) and opens the room's screen
in another window for the projector: the story on her step, in large text if she chose it, with no
speaker notes, no teacher's tools and no controls; both stay on the same step.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from story.format.loader import load_story
from tests.conftest import TEST_STORIES
from tests.support.browser import open_story, serious_violations, wait_map_settled

WALK = TEST_STORIES / "walk.yaml"


def test_the_room_sees_the_story_on_the_presenters_step_and_nothing_of_hers(page: Page, start_server, catalog):
    walk = load_story(WALK, catalog)
    server = start_server("--story", str(WALK), "--tiles", "none")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.emulate_media(reduced_motion="reduce")
    open_story(page, server.url)
    page.get_by_role("button", name="Present to a class").click()
    expect(page.locator(".sp-present-notes")).to_contain_text("SPEAKER-NOTE-1")
    expect(page.locator(".sp-present-next")).to_have_text(f"Next: {walk.steps[1].title}")
    page.get_by_role("button", name="Large text for the room").click()

    with page.expect_popup() as opened:
        page.get_by_role("button", name="Open the screen for the room").click()
    room = opened.value
    room.set_viewport_size({"width": 1280, "height": 720})
    wait_map_settled(room, walk.steps[0].id)
    expect(room.locator("html")).to_have_class(re.compile(r"\bsp-room\b"))
    expect(room.locator("html")).to_have_class(re.compile(r"\bsp-large\b"))
    assert "SPEAKER-NOTE" not in room.content()
    for teachers in ("Present to a class", "End the presentation", "Next", "Previous"):
        expect(room.get_by_role("button", name=teachers, exact=True)).to_have_count(0)
    expect(room.locator(".sp-follow")).to_be_hidden()
    expect(room.locator(".sp-present")).to_have_count(0)

    # Both stay on the same step, the presenter's way.
    for number in (1, 2):
        page.get_by_role("button", name="Next", exact=True).click()
        wait_map_settled(room, walk.steps[number].id)
    expect(page.locator(".sp-present-notes")).to_contain_text("SPEAKER-NOTE-3")
    expect(page.locator(".sp-present-next")).to_have_text(f"Next: {walk.steps[3].title}")
    assert "SPEAKER-NOTE" not in room.content()
    assert serious_violations(room) == []
