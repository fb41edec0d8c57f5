"""Issue 31 (trial 4, problem 3), in Chromium in Russian at 1366x768: a new story opened over the
flagship, from the template or empty, keeps none of the flagship's fields, on the page (its story
section open) or in the file downloaded, which is named after the new story's id."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from ruamel.yaml import YAML

from story.format.files import FLAGSHIP
from tests.support.browser import run_after, wait_for_app

FLAGSHIP_STORY = YAML(typ="safe").load(FLAGSHIP.read_text(encoding="utf-8"))
# The flagship's story-level texts a teacher could publish by mistake under her own story.
FLAGSHIP_TEXTS = [
    FLAGSHIP_STORY["title"],
    FLAGSHIP_STORY["subtitle"],
    FLAGSHIP_STORY["id"],
    FLAGSHIP_STORY["content_note"],
    FLAGSHIP_STORY["source"]["title"],
    *(credit["text"] for credit in FLAGSHIP_STORY["credits"]),
    *(term["definition"] for term in FLAGSHIP_STORY["glossary"]),
    *(lesson["title"] for lesson in FLAGSHIP_STORY["lessons"]),
]


@pytest.fixture
def page(page: Page) -> Page:
    page.set_viewport_size({"width": 1366, "height": 768})
    return page


def field_values(page: Page) -> str:
    """What the page's text fields hold, and its text."""
    values = page.locator("input, textarea").evaluate_all("(boxes) => boxes.map((box) => box.value)")
    return "\n".join([*values, page.locator("body").inner_text()])


@pytest.mark.parametrize(("button", "kind"), [("open-new", "template"), ("open-empty", "empty")])
def test_a_new_story_over_the_flagship_shows_and_downloads_none_of_its_fields(
    page: Page, flagship_server, button: str, kind: str
):
    page.goto(f"{flagship_server.url}/edit?lang=ru")
    wait_for_app(page)
    section = page.get_by_text("История: название, язык, предупреждение о содержании")
    # The flagship's story section open first, as a teacher looks at it before starting her own.
    run_after(page, section.click)
    expect(page.locator("[class*='st-key-ed-id-'] input")).to_have_value("qantar-2022")
    page.get_by_text("Открыть другую историю").click()
    # Clicked once no run is drawing the panel again: a press on a button being replaced is lost.
    wait_for_app(page)
    run_after(page, page.locator(f".st-key-{button} button").click)
    expect(page.locator("[class*='st-key-ed-id-'] input")).to_have_value("my-story")
    if kind == "empty":
        expect(page.locator("[class*='st-key-ed-title-'] input")).to_have_value("Моя история")
    shown = field_values(page)
    assert [text for text in FLAGSHIP_TEXTS if text in shown] == []

    # The YAML alone (the template's story comes with its pictures in a .zip too).
    download_key = "ed-download-yaml" if kind == "template" else "ed-download"
    with page.expect_download() as download:
        page.locator(f".st-key-{download_key} button").click()
    assert download.value.suggested_filename == "my-story.yaml"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert [line for line in FLAGSHIP_TEXTS if line in text] == []
    story = YAML(typ="safe").load(text)
    assert story["id"] == "my-story" and story["language"] == "ru"
    assert "content_note" not in story or story["content_note"] != FLAGSHIP_STORY["content_note"]


def test_a_press_made_while_the_last_one_is_still_being_acted_on_counts_too(page: Page, three_steps_server):
    # A teacher presses "A new story from the template" and at once "Add a step": the second press
    # reaches the server while the first one's run is still on its way to its button. Both count,
    # in order: the step is added to the new story, not to the one she left.
    page.goto(f"{three_steps_server.url}/edit")
    wait_for_app(page)
    page.get_by_text("Open another story").click()
    wait_for_app(page)
    template = page.get_by_role("button", name="A new story from the template")
    add = page.get_by_role("button", name="Add a step")
    page.evaluate(
        """([first, second]) => {
          const [a, b] = [first, second].map((name) =>
            [...document.querySelectorAll("button")].find((button) => button.innerText.trim() === name));
          a.click();
          b.click();
        }""",
        [template.inner_text().strip(), add.inner_text().strip()],
    )
    steps = page.get_by_label("Step being edited").filter(visible=True)
    expect(steps).to_have_value("2. New step")
    wait_for_app(page)
    steps.click()
    # The template's four steps and the new one after its first; none of the story she left.
    expect(page.get_by_role("option")).to_have_count(5)
    expect(page.get_by_role("option").first).to_have_text(re.compile(r"^1\. .+"))
    expect(page.get_by_role("option").nth(1)).to_have_text("2. New step")
    expect(page.get_by_role("option", name=re.compile("Zhanaozen and Almaty"))).to_have_count(0)
