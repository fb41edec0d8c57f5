"""The Russian editor in Chromium at 1366x768 (issue 31's acceptance): a problem of the checker is told in
Russian, the step by its number from 1 and its title and the field by its label, nowhere a `steps[` path;
its button opens the step and puts the caret in the field, where the same words show again."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from components.editor.forms import labels
from story.reader.i18n import translator
from tests.support.browser import serious_violations, wait_for_app
from tests.support.server import ROOT

QUOTE = "    quote: {text: A short quotation., speaker: Someone, source: The Test Gazette}\n"
# The second step asks to find a place it does not have, as the teacher's did.
STORY = (
    (ROOT / "tests" / "stories" / "three-steps.yaml")
    .read_text("utf-8")
    .replace(QUOTE, QUOTE + "    check:\n      - {question: Где это?, find: Кок-Тобе, explain: На горе.}\n")
)
WHERE = "Шаг 2 «Almaty alone», самопроверка 1, место, которое нужно найти"
WHAT = "«Кок-Тобе» — не место этого шага: выберите одно из мест этого шага"


def test_a_problem_on_the_russian_editor_names_the_step_and_field_in_words_and_opens_it(
    page: Page, start_server, tmp_path: Path
):
    assert STORY.count("Кок-Тобе") == 1
    story = tmp_path / "kok-tobe.yaml"
    story.write_text(STORY, "utf-8")
    server = start_server("--story", str(story))
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{server.url}/edit?lang=ru")
    wait_for_app(page)

    problem = page.get_by_role("button", name=f"{WHERE}: {WHAT}")
    expect(problem).to_be_visible()
    assert "steps[" not in page.locator("body").inner_text()

    problem.click()
    wait_for_app(page)
    # The second step is open, the caret in the field the problem names, and the words under it.
    find_label = labels(translator("ru"))["FindCheck"]["find"]
    expect(page.locator(":focus")).to_have_attribute("aria-label", f"{find_label} (обязательно)")
    expect(page.get_by_role("alert").filter(has_text=f"{WHERE}: {WHAT}")).to_be_visible()
    assert "steps[" not in page.locator("body").inner_text()

    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)
