"""One narrative for every output: the app's narrative pane and the offline export's step show the same text.

For every step of the flagship, in English, Russian and Kazakh, the page is read section by section (date,
title, content note, untranslated marker, article, body, quote, media, other sources, sources, legend,
discussion) in the app and in the export opened from disk; the two must be the same. The handout prints the
same sections (tests/unit/test_handout.py and tests/unit/test_player.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from story.cli import main as story_command
from story.format.files import FLAGSHIP
from story.format.loader import load_story
from tests.support.browser import open_story, wait_map_settled

LANGUAGES = ["en", "ru", "kk"]

# Every step in turn, by the player's own step function (the one Next, the keys and the list call),
# read in the same task: the narrative is written as the step changes, before the map follows.
READ_EVERY_STEP = """() => {
    const player = window.storymap.player;
    return player.data.steps.map((step, index) => {
        player.go(index, true);
        const sections = [...document.querySelectorAll('.sp-player .sp-step [data-section]')]
            .map((section) => [section.dataset.section, section.textContent.replace(/\\s+/g, ' ').trim()]);
        return [document.documentElement.dataset.storyStep, sections];
    });
}"""


@pytest.fixture(scope="module")
def steps(catalog) -> list[str]:
    return [step.id for step in load_story(FLAGSHIP, catalog).steps]


def walk(page: Page) -> dict[str, list]:
    """Every step's sections as the page shows them."""
    return dict(page.evaluate(READ_EVERY_STEP))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_app_and_the_export_show_the_same_sections_of_every_step(
    page: Page, flagship_server, steps, language, tmp_path: Path
):
    page.emulate_media(reduced_motion="reduce")
    open_story(page, f"{flagship_server.url}/?lang={language}&step={steps[0]}")
    in_app = walk(page)

    exported = tmp_path / f"flagship.{language}.html"
    assert story_command(["export", str(FLAGSHIP), "--lang", language, "--tiles", "none", "-o", str(exported)]) == 0
    offline = page.context.new_page()
    offline.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    offline.goto(exported.as_uri())
    wait_map_settled(offline)
    in_export = walk(offline)

    assert list(in_app) == list(in_export) == steps
    for step_id in steps:
        assert in_app[step_id] == in_export[step_id], step_id
        kinds = [kind for kind, _ in in_app[step_id]]
        assert kinds[:2] == ["date", "title"] and "body" in kinds and "legend" in kinds, (step_id, kinds)
