"""The editor page as the server sees it: a story saved unchanged is the same file, a problem shows at its
field within one run and goes when fixed, and nothing is written on the server unless editing is allowed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from story.format.files import FLAGSHIP
from tests.support.server import ROOT

PAGE = (
    "import sys\nfrom components import page, editor\nimport streamlit as st\n"
    "st.set_page_config(layout='wide')\neditor.render(page.command_line_options(sys.argv[1:]))\n"
)


def editor(*args: str) -> AppTest:
    at = AppTest.from_string(PAGE, default_timeout=60)
    at.story_args = list(args)
    return run(at)


def run(at: AppTest) -> AppTest:
    saved = sys.argv
    sys.argv = ["app.py", *at.story_args]
    try:
        at.run()
    finally:
        sys.argv = saved
    assert not at.exception, at.exception
    return at


def download(at: AppTest) -> bytes:
    return at.session_state["editor-draft"].dump()


def test_the_flagship_walked_through_every_step_and_downloaded_unchanged_is_the_same_file():
    at = editor()
    for index in range(26):
        at.session_state["editor-step"] = index
        run(at)
    assert download(at) == FLAGSHIP.read_bytes()


def test_an_invalid_value_shows_the_checkers_message_at_its_field_and_fixing_it_clears_it():
    at = editor()
    [title] = [box for box in at.text_input if box.key == "ed-0-qandy-qantar-date"]
    title.set_value("2022-13-40")
    run(at)
    errors = [error.value for error in at.error]
    assert any(error.startswith("steps[0].date:") for error in errors), errors
    assert any("problems" in warning.value for warning in at.warning)
    [title] = [box for box in at.text_input if box.key == "ed-0-qandy-qantar-date"]
    title.set_value("2022-01-02/2022-01-11")
    run(at)
    assert not [error.value for error in at.error if error.value.startswith("steps[0].date")]


def test_nothing_is_written_on_the_server_unless_editing_is_allowed(tmp_path: Path):
    before = {path: path.stat().st_mtime_ns for path in (ROOT / "story").glob("*.yaml")}
    at = editor()
    assert "ed-save" not in [button.key for button in at.button]
    [title] = [box for box in at.text_input if box.key == "ed-title"]
    title.set_value("A changed title")
    run(at)
    assert {path: path.stat().st_mtime_ns for path in (ROOT / "story").glob("*.yaml")} == before
    assert "ed-save" not in [button.key for button in at.button]


@pytest.mark.parametrize("exists", [False, True])
def test_with_editing_allowed_save_keeps_the_previous_file_as_a_backup(tmp_path: Path, monkeypatch, exists):
    from components import editor as page_module

    monkeypatch.setattr(page_module, "STORY_DIR", tmp_path)
    target = tmp_path / "qantar-2022.yaml"
    if exists:
        target.write_text("old\n", encoding="utf-8")
    at = editor("--allow-save")
    if exists:
        [confirm] = [box for box in at.checkbox if box.key == "ed-confirm"]
        confirm.check()
        run(at)
    [save] = [button for button in at.button if button.key == "ed-save"]
    save.click()
    run(at)
    assert target.read_bytes() == FLAGSHIP.read_bytes()
    assert (tmp_path / "qantar-2022.yaml.bak").exists() == exists
