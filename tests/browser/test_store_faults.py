"""A data folder the app cannot use, in Chromium against a real server: the story still plays, presenting
still works (in the process), and the editor edits and says plainly that drafts are not kept.

Two ways a folder goes bad: `state.sqlite3` overwritten with garbage (a disk that lost blocks, a
wrong file copied over it), and a folder that cannot be written (a volume mounted read-only, the
wrong owner). Tests may run as root, whom `chmod 0o555` does not stop: then the folder is made
immutable (`chattr +i`), which stops root too, and the test checks that a file really cannot be made
in it before it starts the server.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from story.format.loader import load_story
from tests.conftest import TEST_STORIES
from tests.support.browser import heading, open_story, wait_for_app, wait_map_settled
from tests.support.server import StreamlitServer

# With its pictures: the app publishes them into the data folder, or puts them in the page when it cannot.
STORY = TEST_STORIES / "media.yaml"
NOT_KEPT = "This server cannot keep drafts just now"
PICTURE_SHOWN = """() => {
    const img = document.querySelector(".sp-player .sp-step .sm-image img");
    return img && img.complete && img.naturalWidth > 0;
}"""


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o555)
    immutable = False
    if os.geteuid() == 0:
        immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    try:
        probe = folder / "probe"
        try:
            probe.write_bytes(b"")
        except OSError:
            pass
        else:
            probe.unlink()
            pytest.skip("no way here to make a folder this user cannot write (root without chattr +i)")
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o700)


def the_story_plays_and_the_editor_says_drafts_are_not_kept(
    browser: Browser, data: Path, catalog, writable: bool
) -> None:
    story = load_story(STORY, catalog)
    server = StreamlitServer("app.py", ["--story", str(STORY)], env={"QANTAR_DATA_DIR": str(data)}).start()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    try:
        reader: Page = context.new_page()
        open_story(reader, server.url)
        assert heading(reader) == story.steps[0].title
        reader.wait_for_function(PICTURE_SHOWN)
        reader.get_by_role("button", name="Next").click()
        wait_map_settled(reader, story.steps[1].id)
        assert heading(reader) == story.steps[1].title
        # Presenting carries on in the process.
        reader.get_by_role("button", name="Present to a class").click()
        expect(reader.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))

        editor = context.new_page()
        editor.goto(f"{server.url}/edit")
        wait_for_app(editor)
        expect(editor.get_by_text(NOT_KEPT)).to_be_visible()
        title = editor.get_by_label("Title (required)").filter(visible=True)
        title.fill("Edited all the same")
        title.press("Tab")
        expect(editor.get_by_label("Step being edited").filter(visible=True)).to_have_value("1. Edited all the same")
        # The offline copy is made into the data folder: where it cannot be, the answer says so plainly.
        offline = context.request.get(f"{server.url}/files/offline/en.html")
        if writable:
            assert offline.ok
        else:
            assert offline.status == 503 and "cannot write to its data folder" in offline.text()
        for page in (reader, editor):
            expect(page.locator("[data-testid='stException']")).to_have_count(0)
            expect(page.get_by_text("Traceback")).to_have_count(0)
    finally:
        context.close()
        server.stop()


def test_a_corrupt_state_file_gives_a_plain_message_and_the_story_plays(browser: Browser, tmp_path: Path, catalog):
    (tmp_path / "state.sqlite3").write_bytes(b"this is not a database\n" * 4096)
    the_story_plays_and_the_editor_says_drafts_are_not_kept(browser, tmp_path, catalog, writable=True)


def test_a_data_folder_that_cannot_be_written_gives_a_plain_message_and_the_story_plays(
    browser: Browser, read_only_folder: Path, catalog
):
    the_story_plays_and_the_editor_says_drafts_are_not_kept(browser, read_only_folder, catalog, writable=False)
