"""The editor in Chromium, as a teacher with no YAML: a new story from the template, three steps, a place
set by clicking the map, the map's view taken, a layer with a highlight, a source and a question; the
downloaded file passes the checker and plays in the app and in the export."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect

from story.cli import main as story_command
from tests.support.browser import open_story, run_after, serious_violations, wait_for_app


def visible(locator):
    return locator.filter(visible=True)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Streamlit multiselect by typing it, as a keyboard user would."""
    box = visible(page.get_by_label(label))
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option).first.click()
    page.keyboard.press("Escape")
    wait_for_app(page)


def test_a_teacher_makes_a_story_without_yaml_and_it_plays(
    page: Page, start_server, three_steps_server, tmp_path: Path, capsys
):
    page.goto(f"{three_steps_server.url}/edit")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Edit the story")).to_be_visible()
    page.get_by_text("Open another story").click()
    # Each press's own run ended before the next (run_after): an idle page seen before a run begins
    # would let the next press, or a field filled, land on the page as it was.
    run_after(page, page.get_by_role("button", name="A new story from the template").click)
    for _ in range(3):
        run_after(page, page.get_by_role("button", name="Add a step").click)
    # Each step is added after the one being edited, and becomes the one being edited.
    expect(visible(page.get_by_label("Step being edited"))).to_have_value("4. New step")

    title = visible(page.get_by_label("Title (required)"))
    title.fill("Almaty in January")
    run_after(page, lambda: title.press("Tab"))

    # A place, by a click on the map (its name typed), then the map's view for the step.
    board = page.locator(".se-map[data-ready='true']")
    expect(board).to_be_visible()
    board.scroll_into_view_if_needed()  # beside the form, under the place search
    box = board.bounding_box()
    # The click's run draws the name field (run_after: under load a run outlasts an expectation's 5 s).
    run_after(page, lambda: page.mouse.click(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.55))
    name = visible(page.get_by_label("Name of the new place"))
    expect(name).to_be_visible()
    name.fill("Almaty")
    name.press("Tab")
    run_after(page, page.get_by_role("button", name="Add this place").click)
    expect(page.get_by_text("Almaty (", exact=False).first).to_be_visible()
    page.locator(".se-map .leaflet-control-zoom-in").click()
    run_after(page, page.get_by_role("button", name="Use this view").click)

    choose(page, "Map layers", "Kazakhstan regions")
    choose(page, "Highlighted in “Kazakhstan regions”", "Almaty")

    visible(page.get_by_label("Title of the source")).fill("A report on Almaty")
    visible(page.get_by_label("Address (https://...)")).fill("https://example.org/almaty")
    run_after(page, page.get_by_role("button", name="Add a source").click)
    questions = visible(page.get_by_label("Questions for discussion (one per line)"))
    questions.fill("What happened in Almaty?")
    # The run the change causes has ended before axe judges the page: during a run Streamlit fades what
    # it may redraw.
    run_after(page, lambda: questions.press("Tab"))
    expect(page.get_by_text("The checker finds no problem: the story plays.")).to_be_visible()
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)

    # The template has pictures beside it: the story comes as a .zip of its folder, which plays as it is.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download story file").click()
    assert download.value.suggested_filename == "my-story.zip"
    folder = tmp_path / "downloaded"
    download.value.save_as(tmp_path / "my-story.zip")
    with zipfile.ZipFile(tmp_path / "my-story.zip") as archive:
        archive.extractall(folder)
    story = folder / "my-story.yaml"
    assert (folder / "pictures" / "kazakhstan-locator.png").exists()
    assert story_command(["check", str(story)]) == 0
    text = story.read_text(encoding="utf-8")
    assert "title: Almaty in January" in text and "KZ-ALA" in text and "https://example.org/almaty" in text
    assert "What happened in Almaty?" in text and "zoom: 5" in text
    assert "# TEMPLATE STORY" in text, "the template's comments are kept"

    # It plays: in the app, on its new step, and in the export.
    from story.format.loader import load_story

    step_id = next(step.id for step in load_story(story).steps if step.title == "Almaty in January")
    played = start_server("--story", str(story))
    open_story(page, f"{played.url}/?step={step_id}")
    expect(page.locator(".sp-player .sp-step h2")).to_have_text("Almaty in January")
    exported = tmp_path / "my-story.html"
    assert story_command(["export", str(story), "--tiles", "none", "-o", str(exported)]) == 0
    page.goto(exported.as_uri() + f"#step={step_id}")
    expect(page.locator(".sp-player .sp-step h2")).to_have_text("Almaty in January")
