"""The editor's page follows every change though it remembers what it made for the text before it: the
preview shows the text as just written, and the problems stay listed through a run that changes nothing."""

from __future__ import annotations

from tests.app.test_editor import editor, run, served_page


def _box(at, label: str):
    [box] = [box for box in [*at.text_input, *at.text_area] if box.label.startswith(label)]
    return box


def _preview(at) -> str:
    [frame] = list(at.get("iframe"))
    return served_page(frame.proto.src)


def _date_problems(at) -> list[str]:
    return [
        label
        for label in (button.label for button in at.button)
        if label.startswith("Step 1 «") and ", date: " in label
    ]


def test_a_changed_text_shows_in_the_preview_and_its_problem_stays_until_fixed():
    at = editor()
    _box(at, "Text (Markdown, required)").set_value("The **crowd** grew in the square.")
    run(at)
    # The preview's page is the player's: the step's HTML sits in its data, escaped for a script.
    assert "The \\u003cstrong\\u003ecrowd\\u003c/strong\\u003e grew in the square." in _preview(at)
    _box(at, "Date (required)").set_value("2022-13-40")
    run(at)
    assert _date_problems(at)
    run(at)  # nothing changed: the checker's verdict is the same, and so is the list
    assert _date_problems(at)
    _box(at, "Date (required)").set_value("2022-01-02")
    run(at)
    assert not _date_problems(at)
    _box(at, "Text (Markdown, required)").set_value("The crowd *left* the square.")
    run(at)
    page = _preview(at)
    assert "The crowd \\u003cem\\u003eleft\\u003c/em\\u003e the square." in page
    assert "grew in the square" not in page
