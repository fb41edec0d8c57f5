"""The editor in Chromium, in Russian at 1366x768, where a teacher chooses rather than types: a step is
deleted only once she says so, and a self-check's place is chosen by its name from the step's own."""

from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from story.format.loader import load_story
from story.format.model import ChoiceCheck, FindCheck
from tests.conftest import TEST_STORIES
from tests.support.browser import count_runs, run_after, serious_violations, wait_for_app

# A page of the editor is drawn in two script runs (the draft's token arrives a run after the first).
PAGE_LOAD_MS = 30_000
PREVIEW = "iframe[title='Предварительный просмотр редактируемого шага']"
WHY = "Почему (показывается после ответа) (обязательно)"


def open_editor_in_russian(browser: Browser, url: str) -> Page:
    page = count_runs(browser.new_context(viewport={"width": 1366, "height": 768}, locale="ru-RU")).new_page()
    page.goto(f"{url}/edit?lang=ru")
    wait_for_app(page)
    expect(steps(page)).to_have_value("1. Zhanaozen and Almaty", timeout=PAGE_LOAD_MS)
    wait_for_app(page)
    return page


def steps(page: Page):
    return page.get_by_label("Редактируемый шаг").filter(visible=True)


def go_to_step(page: Page, name: str) -> None:
    steps(page).click()
    run_after(page, lambda: page.get_by_role("option", name=name).click())
    expect(steps(page)).to_have_value(name)


def listed_steps(page: Page) -> list[str]:
    steps(page).click()
    names = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return names


def fill_and_leave(page: Page, box, text: str) -> None:
    box.fill(text)
    run_after(page, lambda: box.press("Tab"))


def preview_title(page: Page):
    return page.frame_locator(PREVIEW).locator(".sp-player .sp-step h2")


def test_delete_asks_first_cancel_keeps_the_step_and_only_the_confirmation_deletes(
    browser: Browser, three_steps_server
):
    page = open_editor_in_russian(browser, three_steps_server.url)
    go_to_step(page, "2. Almaty alone")
    expect(preview_title(page)).to_have_text("Almaty alone")
    delete = page.get_by_role("button", name="Удалить", exact=True)
    # An alert: a screen reader says the question as it appears, where focus stays on Delete.
    question = page.get_by_role("alert").filter(has_text="Удалить шаг 2 «Almaty alone»?")

    run_after(page, delete.click)
    expect(question).to_be_visible()
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
    run_after(page, delete.click)  # pressed again, as the teacher did: still only asked
    expect(question).to_be_visible()
    run_after(page, lambda: page.get_by_role("button", name="Отмена").click())
    expect(question).to_be_hidden()
    expect(steps(page)).to_have_value("2. Almaty alone")
    assert listed_steps(page) == ["1. Zhanaozen and Almaty", "2. Almaty alone", "3. Far away"]

    run_after(page, delete.click)
    confirm = page.get_by_role("button", name="Удалить шаг 2")
    confirm.focus()  # by keyboard: the confirmation is a button Tab reaches
    run_after(page, lambda: page.keyboard.press("Enter"))
    expect(question).to_be_hidden()
    expect(steps(page)).to_have_value("1. Zhanaozen and Almaty")
    assert listed_steps(page) == ["1. Zhanaozen and Almaty", "2. Far away"]
    expect(preview_title(page)).to_have_text("Zhanaozen and Almaty")

    # Undo stays: the deleted step comes back where it was.
    run_after(page, lambda: page.get_by_role("button", name="Отменить удаление").click())
    assert listed_steps(page) == ["1. Zhanaozen and Almaty", "2. Almaty alone", "3. Far away"]
    page.context.close()


def test_a_find_check_is_made_by_choosing_a_place_by_its_russian_name_and_the_preview_stays(
    browser: Browser, start_server, tmp_path: Path
):
    # The small story, its places named in Russian (a place's id stays what the format stores).
    text = (TEST_STORIES / "three-steps.yaml").read_text(encoding="utf-8")
    story = tmp_path / "three-steps.yaml"
    story.write_text(text.replace("name: Almaty,", "name: Алматы,").replace("name: Zhanaozen,", "name: Жанаозен,"))
    page = open_editor_in_russian(browser, start_server("--story", str(story)).url)
    expect(preview_title(page)).to_have_text("Zhanaozen and Almaty")

    run_after(page, lambda: page.get_by_role("button", name="Добавить место, которое нужно найти на карте").click())
    # While the new check is empty, the preview plays the step and says what the check still needs.
    expect(page.get_by_text("Самопроверка 1: выберите место, которое нужно найти.")).to_be_visible()
    expect(preview_title(page)).to_have_text("Zhanaozen and Almaty")

    fill_and_leave(page, page.get_by_label("Вопрос (обязательно)").filter(visible=True), "Где Алматы?")
    place = page.get_by_label("Место, которое нужно найти", exact=False).filter(visible=True)
    place.click()
    page.keyboard.type("Алматы")
    run_after(page, lambda: page.get_by_role("option", name="Алматы", exact=True).click())
    expect(page.get_by_text("Самопроверка 1: выберите место, которое нужно найти.")).to_be_hidden()
    expect(preview_title(page)).to_have_text("Zhanaozen and Almaty")
    fill_and_leave(page, page.get_by_label(WHY).filter(visible=True), "Алматы — на юго-востоке.")
    expect(page.get_by_text("Проверка не нашла ошибок: история открывается.")).to_be_visible()
    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)

    # A multiple choice: its right answer is one of the choices typed above it, chosen, not typed again.
    run_after(page, lambda: page.get_by_role("button", name="Добавить вопрос с вариантами ответа").click())
    expect(page.get_by_text("Самопроверка 2: напишите хотя бы два варианта ответа.")).to_be_visible()
    expect(preview_title(page)).to_have_text("Zhanaozen and Almaty")
    fill_and_leave(page, page.get_by_label("Вопрос (обязательно)").filter(visible=True).last, "Столица в 2022 году?")
    choices = page.get_by_label("Варианты ответа (по одному в строке) (обязательно)").filter(visible=True)
    fill_and_leave(page, choices, "Алматы\nАстана")
    # Clicked, then found by typing (as the place above): the list may close as it opens this far down.
    page.get_by_label("Правильный ответ (обязательно)").filter(visible=True).click()
    page.keyboard.type("Астана")
    run_after(page, lambda: page.get_by_role("option", name="Астана", exact=True).click())
    fill_and_leave(page, page.get_by_label(WHY).filter(visible=True).last, "Столица — Астана с 1997 года.")
    expect(page.get_by_text("Проверка не нашла ошибок: история открывается.")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="Скачать файл истории").click()
    saved = tmp_path / "saved.yaml"
    download.value.save_as(saved)
    played = load_story(saved)
    find, choice = played.steps[0].check[-2:]
    assert isinstance(find, FindCheck) and find.find == "almaty" and find.question == "Где Алматы?"
    assert isinstance(choice, ChoiceCheck) and choice.choices == ["Алматы", "Астана"] and choice.answer == "Астана"
    page.context.close()


def test_a_new_steps_address_is_its_russian_title_in_latin_and_an_opened_steps_stays(
    browser: Browser, three_steps_server
):
    page = open_editor_in_russian(browser, three_steps_server.url)
    address = page.get_by_role("textbox", name="Адрес шага (id)")
    title = page.get_by_label("Название (обязательно)").filter(visible=True)
    # A step of the opened file keeps its address whatever its title becomes: links to it still work.
    fill_and_leave(page, title, "Жанаозен и Алматы")
    expect(address).to_have_value("west")

    run_after(page, lambda: page.get_by_role("button", name="Добавить шаг").click())
    expect(steps(page)).to_have_value(re.compile(r"^2\. "))  # "New step", in the editor's language
    fill_and_leave(page, title, "Каток «Медеу»")
    expect(address).to_have_value("katok-medeu")
    fill_and_leave(page, title, "Гора Кок-Тобе")  # still new: it follows
    expect(address).to_have_value("gora-kok-tobe")
    expect(preview_title(page)).to_have_text("Гора Кок-Тобе")
    page.context.close()
