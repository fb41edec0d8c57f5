"""A teacher's draft through a restart, a refusal and a loss (security review M3), as the editor shows it.

A restart is a new store object on the same data folder: the test empties Streamlit's resource cache,
which holds the process's stores, as a new process would start without them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from components.editor.drafts import STATE_FILE, stores
from story.store.drafts import DRAFTS, PREVIEWS, Bounds
from story.store.sqlite import SqliteDraftStore
from tests.app.test_editor import editor, run
from tests.conftest import TEST_STORIES
from tests.support.app import player, run_app

# The engine's small test story: what these tests prove holds for any story, and its editor's page
# is a fraction of the flagship's.
THREE_STEPS = TEST_STORIES / "three-steps.yaml"
SMALL = ("--story", str(THREE_STEPS))


@pytest.fixture
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("QANTAR_DATA_DIR", str(tmp_path))
    restart()
    yield tmp_path
    restart()


def restart() -> None:
    stores.clear()


def _title(at) -> str:
    [box] = [box for box in at.text_input if box.key.startswith("ed-title-")]
    return box.value


def _warnings(at) -> list[str]:
    return [str(warning.value) for warning in at.warning]


def test_m3_a_draft_survives_a_restart_of_the_server_on_the_same_data_folder(data_folder: Path):
    at = editor(*SMALL, token="teacher-restart")
    [box] = [box for box in at.text_input if box.key.startswith("ed-title-")]
    box.set_value("Written before the restart")
    run(at)
    assert (data_folder / STATE_FILE).exists()
    restart()
    again = editor(*SMALL, token="teacher-restart")
    assert _title(again) == "Written before the restart"
    assert not _warnings(again)


def test_m3_a_change_too_big_to_keep_is_refused_with_a_warning_and_the_last_kept_draft_stays(data_folder: Path):
    at = editor(*SMALL, token="teacher-big")
    [box] = [box for box in at.text_input if box.key.startswith("ed-title-")]
    box.set_value("Kept title")
    run(at)
    [box] = [box for box in at.text_input if box.key.startswith("ed-title-")]
    box.set_value("x" * (DRAFTS.story_bytes + 1))
    run(at)
    [warning] = [text for text in _warnings(at) if "not kept on the server" in text]
    assert "larger than 4 MB" in warning
    restart()
    assert _title(editor(*SMALL, token="teacher-big")) == "Kept title"


def test_m3_a_disk_that_fills_up_while_a_teacher_edits_is_said_plainly_and_the_last_kept_draft_stays(
    data_folder: Path,
):
    at = editor(*SMALL, token="teacher-full")
    [box] = [box for box in at.text_input if box.key.startswith("ed-title-")]
    box.set_value("Kept before the disk filled up")
    run(at)
    # The disk is full: the file may not grow by a page (SQLite's own "database or disk is full").
    database = stores().drafts._db
    database.execute(f"PRAGMA max_page_count = {database.execute('PRAGMA page_count').fetchone()[0]}")
    [box] = [box for box in at.text_input if box.key.startswith("ed-title-")]
    box.set_value("y" * 200_000)
    run(at)
    assert not at.exception
    [warning] = [text for text in _warnings(at) if "not kept on the server" in text]
    assert "the server's storage is full or busy" in warning and str(data_folder) not in warning
    restart()
    assert _title(editor(*SMALL, token="teacher-full")) == "Kept before the disk filled up"


def test_m3_a_draft_removed_to_make_room_is_named_with_its_date_not_silently_replaced(data_folder: Path):
    store = SqliteDraftStore(data_folder / STATE_FILE, "draft", Bounds(client_drafts=1))
    raw = THREE_STEPS.read_bytes().replace(b"Three steps test story", b"Lost draft", 1)
    assert store.put("teacher-lost", raw, raw, THREE_STEPS.name, True, client="school").kept
    assert store.put("someone-else", raw, raw, THREE_STEPS.name, True, client="school").kept
    at = editor(*SMALL, token="teacher-lost")
    today = time.strftime("%-d %B %Y", time.gmtime())
    [warning] = [text for text in _warnings(at) if "could not be found" in text]
    assert f"Your draft from {today}" in warning and "removed to make room" in warning
    assert "Lost draft" not in _title(at)
    # A browser that never had a draft is told nothing.
    assert not [text for text in _warnings(editor(*SMALL, token="teacher-new")) if "could not be found" in text]


def test_m3_a_preview_that_expired_says_so_on_the_story_page(data_folder: Path):
    long_ago = time.time() - PREVIEWS.lifetime_s - 60
    store = SqliteDraftStore(data_folder / STATE_FILE, "preview", PREVIEWS, clock=lambda: long_ago)
    raw = THREE_STEPS.read_bytes().replace(b"Zhanaozen and Almaty", b"Old preview", 1)
    assert store.put("old-preview", b"", raw, THREE_STEPS.name, True).kept
    at = run_app(str(THREE_STEPS), preview="old-preview")
    assert any("has expired" in str(element.value) for element in at.get("html"))
    assert "Old preview" not in player(at)["steps"][0]["title"]


def test_m3_a_corrupt_store_is_a_plain_error_in_the_editor_and_the_story_still_plays(data_folder: Path):
    (data_folder / STATE_FILE).write_bytes(b"not a database, half a disk's worth of noise " * 100)
    restart()
    at = editor(*SMALL, token="teacher-corrupt")
    assert not at.exception
    [error] = [str(error.value) for error in at.error if "cannot keep drafts" in str(error.value)]
    assert str(data_folder) not in error, "no server path in what a teacher sees"
    [box] = [box for box in at.text_input if box.key.startswith("ed-title-")]
    box.set_value("Kept while the server runs")
    run(at)
    assert _title(editor(*SMALL, token="teacher-corrupt")) == "Kept while the server runs"
    story = run_app(str(THREE_STEPS), preview="any-preview")
    assert not story.exception and player(story)["steps"]
    assert any("no longer kept" in str(element.value) for element in story.get("html"))
