"""A step's figure in Chromium: drawn in the app and in the export from file://, its table opened by keyboard."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from story.cli import main as story_command
from tests.conftest import TEST_STORIES
from tests.support.browser import open_story, serious_violations, wait_map_settled
from tests.support.server import StreamlitServer

STORY = TEST_STORIES / "figures.yaml"


@pytest.fixture(scope="module")
def server(start_server) -> StreamlitServer:
    return start_server("--story", str(STORY))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "figures.html"
    assert story_command(["export", str(STORY), "--tiles", "none", "-o", str(path)]) == 0
    return path


def check_the_figures(page: Page) -> None:
    figure = page.locator(".sp-player .sp-step .sm-figure")
    chart = figure.get_by_role("img", name="People sent, by country")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] <= page.locator(".sp-player .sp-step").bounding_box()["width"] + 1, (
        "fits the pane"
    )
    expect(figure.locator("text", has_text="not disclosed")).to_have_count(1)
    table = figure.locator("table")
    expect(table).to_be_hidden()
    # The data as a table, by keyboard: the summary is a control, Enter opens it.
    summary = figure.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("Southland"))).to_contain_text("estimate")
    # Next: the line chart of the second step.
    page.get_by_role("button", name="Next").click()
    expect(
        page.locator(".sp-player .sp-step .sm-figure").get_by_role("img", name="The count over time")
    ).to_be_visible()
    expect(page.locator(".sp-player .sp-step .sm-figure text", has_text="164 (withdrawn)")).to_have_count(1)


def test_the_app_draws_a_steps_figure_and_opens_its_data_by_keyboard(page: Page, server):
    open_story(page, f"{server.url}/?step=bars")
    check_the_figures(page)
    # axe, with a figure on screen and its table open (the line chart's, after Next).
    page.locator(".sp-player .sp-step .sm-figure summary").click()
    expect(page.locator(".sp-player .sp-step .sm-figure table")).to_be_visible()
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)


def test_the_export_from_disk_draws_the_same_figure(page: Page, exported: Path):
    page.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    page.goto(exported.as_uri())
    wait_map_settled(page, "bars")
    check_the_figures(page)
