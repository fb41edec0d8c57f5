"""The drafts' store at its real bound on disk, in Chromium against a real server: filled past
`DRAFTS.total_drafts`, the draft left alone longest goes first, the teacher still editing keeps theirs,
and the teacher whose draft went is told so on the editor rather than shown the app's story in silence.

The thousands of other drafts are written straight into the server's `state.sqlite3` in one
transaction, as another replica's teachers would have over a term (10,000 writes through the store
take minutes on this machine); the bound is enforced by the server's own write that follows.
The bounds in bytes are tested on disk in tests/unit/test_store.py (10 MB through a 1 MB bound).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from playwright.sync_api import Browser, expect

from story.store.drafts import DRAFTS, Missing
from story.store.sqlite import SqliteDraftStore
from tests.browser.test_editor_teachers import open_editor, retitle, step_title
from tests.conftest import TEST_STORIES
from tests.support.browser import wait_for_app
from tests.support.server import StreamlitServer


def test_m3_a_store_filled_past_its_bound_on_disk_lets_the_oldest_draft_go_and_says_so(
    browser: Browser, tmp_path: Path
):
    path = tmp_path / "state.sqlite3"
    env = {"QANTAR_DATA_DIR": str(tmp_path), "QANTAR_REDIS_URL": ""}
    server = StreamlitServer("app.py", ["--story", str(TEST_STORIES / "three-steps.yaml")], env=env).start()
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    idle, busy = (context.new_page() for context in contexts)
    try:
        open_editor(idle, server.url)
        retitle(idle, "Left alone longest")
        # Other teachers' drafts, all saved after it: the store now holds one short of its bound.
        later = time.time() + 1
        with sqlite3.connect(path) as db:
            db.executemany(
                "INSERT INTO drafts VALUES ('draft', ?, ?, x'', CAST(? AS BLOB), 'story.yaml', 1, NULL, ?, ?)",
                [
                    (f"other-{n}", f"10.{n // 65536}.{n // 256 % 256}.{n % 256}", f"id: other-{n}", later + n / 1e4, 12)
                    for n in range(DRAFTS.total_drafts - 1)
                ],
            )
        assert len(SqliteDraftStore(path)) == DRAFTS.total_drafts

        open_editor(busy, server.url)
        retitle(busy, "Still being edited")
        store = SqliteDraftStore(path)
        assert len(store) == DRAFTS.total_drafts, "the bound holds on disk"
        assert store.why_missing("other-0") is None, "only the oldest went"

        # The teacher whose draft went is told why, in plain words, on the editor.
        idle.reload()
        wait_for_app(idle)
        expect(idle.get_by_text("could not be found: it was removed to make room for newer drafts")).to_be_visible()
        expect(step_title(idle)).not_to_have_value("Left alone longest")
        # The teacher still editing keeps theirs, through a reload.
        busy.reload()
        wait_for_app(busy)
        expect(step_title(busy)).to_have_value("Still being edited")
        evicted = [
            key for (key,) in sqlite3.connect(path).execute("SELECT key FROM tombstones WHERE reason = 'evicted'")
        ]
        assert len(evicted) == 1 and store.why_missing(evicted[0]).reason is Missing.EVICTED
    finally:
        for context in contexts:
            context.close()
        server.stop()
