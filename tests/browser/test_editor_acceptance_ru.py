"""Issue 31's acceptance in one walk, in Chromium, in the Russian editor at 1366x768.

A teacher opens the editor over the flagship and starts a new story (none of the flagship's fields),
titles its step in Russian, finds a place by typing its Russian name, adds another by clicking the map
(a marker where she clicked, the name field in view, a Russian name offered), makes a find check by
choosing the place, adds a step and deletes it (asked first), and downloads a file named after the
story's id whose ids are Latin transliterations of her Russian titles; `check --strict` passes on it.
The parts are tested one by one in test_editor_new_story.py, test_editor_places.py and
test_editor_choosing.py; this is the teacher's whole errand.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from ruamel.yaml import YAML

from story.cli import main as story_command
from story.reader.i18n import translator
from tests.browser.test_editor_new_story import FLAGSHIP_TEXTS, field_values
from tests.support.browser import run_after, wait_for_app

RU = translator("ru").gettext
PAGE_LOAD_MS = 30_000


def visible(locator):
    return locator.filter(visible=True)


def fill_and_leave(page: Page, box, text: str) -> None:
    box.fill(text)
    run_after(page, lambda: box.press("Tab"))


def test_a_teacher_makes_a_story_of_her_own_in_the_russian_editor(page: Page, flagship_server, tmp_path: Path):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{flagship_server.url}/edit?lang=ru")
    wait_for_app(page)
    expect(page.locator(".se-map[data-ready='true']")).to_be_visible(timeout=PAGE_LOAD_MS)

    # A new story: none of the flagship's fields, on the page or later in the file.
    # The story's own section open first: a teacher looks at the title she will publish under.
    run_after(page, page.get_by_text("История: название, язык, предупреждение о содержании").click)
    page.get_by_text("Открыть другую историю").click()
    # Clicked once no run is drawing the panel again: a press on a button being replaced is lost.
    wait_for_app(page)
    run_after(page, lambda: page.locator(".st-key-open-empty button").click())
    expect(page.locator("[class*='st-key-ed-id-'] input")).to_have_value("my-story")
    assert [text for text in FLAGSHIP_TEXTS if text in field_values(page)] == []

    title = visible(page.get_by_label("Название (обязательно)")).last
    fill_and_leave(page, title, "Каток «Медеу»")
    expect(page.get_by_role("textbox", name="Адрес шага (id)")).to_have_value("katok-medeu")

    # A place by its Russian name.
    search = visible(page.get_by_label(RU("Find a place by name")))
    search.fill("Талг")
    run_after(page, lambda: search.press("Enter"))
    run_after(page, lambda: page.get_by_role("button", name="Талгар (KZ)").click())
    board = page.locator(".se-map")
    expect(board.locator(".leaflet-tooltip", has_text="Талгар")).to_be_visible()

    # Another by a click on the map: marked at once, its name field in view, a Russian name offered.
    board.scroll_into_view_if_needed()
    box = board.bounding_box()
    assert box is not None
    # The click's run draws the name field (run_after: under load a run outlasts an expectation's 5 s).
    run_after(page, lambda: page.mouse.click(box["x"] + box["width"] / 2 + 12, box["y"] + box["height"] / 2 + 10))
    expect(board).to_have_attribute("data-pending", re.compile(r"^-?\d"))
    name = visible(page.get_by_label(RU("Name of the new place")))
    expect(name).to_be_in_viewport()
    expect(name).to_have_value(re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]"))  # a Cyrillic name, never "Almaty"
    # She names it herself, as the offered name is the town's own.
    fill_and_leave(page, name, "Центр Талгара")
    run_after(page, lambda: page.get_by_role("button", name=RU("Add this place")).click())
    expect(board.locator(".leaflet-tooltip", has_text="Центр Талгара")).to_be_visible()

    # A find check, its place chosen by name.
    run_after(page, lambda: page.get_by_role("button", name="Добавить место, которое нужно найти на карте").click())
    fill_and_leave(page, visible(page.get_by_label("Вопрос (обязательно)")).last, "Найдите Талгар на карте.")
    place = visible(page.get_by_label("Место, которое нужно найти", exact=False)).last
    # Clicked, then found by typing, as in a long list: Streamlit's list may close as it opens deep in
    # a page scrolled far down (it scrolls the page), and typing opens it again, filtered.
    place.click()
    page.keyboard.type("Талгар")
    run_after(page, lambda: page.get_by_role("option", name="Талгар", exact=True).click())
    why = visible(page.get_by_label("Почему (показывается после ответа) (обязательно)")).last
    fill_and_leave(page, why, "Талгар — город к востоку от Алматы.")

    # A second step, deleted: asked first.
    run_after(page, lambda: page.get_by_role("button", name="Добавить шаг").click())
    run_after(page, lambda: page.get_by_role("button", name="Удалить", exact=True).click())
    question = page.get_by_role("alert").filter(has_text="Удалить шаг 2")
    expect(question).to_be_visible()
    run_after(page, lambda: page.get_by_role("button", name="Удалить шаг 2").click())
    expect(question).to_be_hidden()

    with page.expect_download() as download:
        page.get_by_role("button", name=RU("Download story file"), exact=True).click()
    assert download.value.suggested_filename == "my-story.yaml"
    saved = tmp_path / "my-story.yaml"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert [line for line in FLAGSHIP_TEXTS if line in text] == []
    story = YAML(typ="safe").load(text)
    [step] = story["steps"]
    assert step["id"] == "katok-medeu"
    ids = [place["id"] for place in step["places"]]
    assert ids == ["talgar", "tsentr-talgara"], ids
    assert step["check"][-1]["find"] == "talgar"
    assert story_command(["check", "--strict", str(saved)]) == 0
