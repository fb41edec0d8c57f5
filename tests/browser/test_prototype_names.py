"""L1 of the security review: `?step=__proto__`, `constructor` or `toString` broke the player.

The player looked steps up in a plain object, so those names found Object's own properties instead of
no step: "Cannot read properties of undefined (reading 'html')", no map, a dead Next. Now a name that is
no step of the story opens the first step, in the app and in the export.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from story.cli import main as story_command
from story.format.loader import load_story
from tests.browser.test_export import open_export
from tests.conftest import TEST_STORIES
from tests.support.browser import heading, open_story, step_param, wait_map_settled

PROTOTYPE_NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"]
THREE_STEPS = TEST_STORIES / "three-steps.yaml"


def page_errors(page: Page) -> list[str]:
    """The page's uncaught errors and dialogs, as they happen (blocked tiles only log, they throw nothing)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    return errors


@pytest.fixture(scope="module")
def exported_three_steps(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "three-steps.html"
    assert story_command(["export", str(THREE_STEPS), "-o", str(path), "--tiles", "none"]) == 0
    return path


@pytest.mark.parametrize("name", PROTOTYPE_NAMES)
def test_l1_prototype_step_names_do_not_break_the_player(page: Page, exported_three_steps: Path, catalog, name):
    story = load_story(THREE_STEPS, catalog)
    errors = page_errors(page)
    open_export(page, exported_three_steps, f"#step={name}")
    expect(page.locator("#step-title")).to_have_text(story.steps[0].title)
    wait_map_settled(page, story.steps[0].id)
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(story.steps[1].title)
    wait_map_settled(page, story.steps[1].id)
    assert errors == []


# Every name in the player on the export (above); in the app, the host's own part (its address rewritten
# to the first step, its notice) once: the app's player is the same scripts.
def test_l1_prototype_step_names_do_not_break_the_player_in_the_app(page: Page, three_steps_server, catalog):
    name = "__proto__"
    story = load_story(THREE_STEPS, catalog)
    errors = page_errors(page)
    open_story(page, f"{three_steps_server.url}/?step={name}")  # returns once the map has settled
    assert heading(page) == story.steps[0].title
    assert step_param(page) == story.steps[0].id
    notice = page.locator(".sp-player .sp-notice")
    expect(notice).to_contain_text("showing the first step")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text(story.steps[1].title)
    wait_map_settled(page, story.steps[1].id)
    expect(notice).to_be_hidden()
    assert errors == []
