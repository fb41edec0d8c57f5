"""Issue 27: with two app processes, each with a data folder of its own, and one Redis, a teacher's
draft written on one is found on the other (replicas on several machines)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.test_editor_teachers import open_editor, retitle, step_title
from tests.support.redis import RedisServer
from tests.support.server import StreamlitServer, start_together


def test_a_draft_written_on_one_replica_is_found_on_another_through_redis(browser: Browser, tmp_path: Path):
    with RedisServer() as redis:
        shared = {"QANTAR_REDIS_URL": redis.url, "QANTAR_COOKIE_SECRET": "one secret for every replica"}
        first, second = start_together(
            StreamlitServer("app.py", env={**shared, "QANTAR_DATA_DIR": str(tmp_path / "one")}),
            StreamlitServer("app.py", env={**shared, "QANTAR_DATA_DIR": str(tmp_path / "two")}),
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            open_editor(page, first.url)
            retitle(page, "Written on the first machine")
            other = context.new_page()
            open_editor(other, second.url)
            expect(step_title(other)).to_have_value("Written on the first machine")
            assert not (tmp_path / "two" / "state.sqlite3").exists(), "kept in Redis, not in a file"
        finally:
            context.close()
            first.stop()
            second.stop()
