"""A teacher's draft outlives its server, in Chromium (security review M3): a second replica on the same
data folder finds it, and so does the server killed (SIGKILL) and started again."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.test_editor_teachers import open_editor, retitle, step_title
from tests.support.browser import wait_for_app
from tests.support.server import StreamlitServer, free_port, start_together


def test_m3_a_title_changed_in_the_editor_survives_another_replica_and_a_killed_server(
    browser: Browser, tmp_path: Path
):
    env = {"QANTAR_DATA_DIR": str(tmp_path)}
    port = free_port()
    first, replica = start_together(StreamlitServer("app.py", port=port, env=env), StreamlitServer("app.py", env=env))
    again = StreamlitServer("app.py", port=port, env=env)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        open_editor(page, first.url)
        retitle(page, "Written before the kill")
        # The same browser (its cookie is per host, whatever the port) on the other replica.
        other = context.new_page()
        open_editor(other, replica.url)
        expect(step_title(other)).to_have_value("Written before the kill")
        first.process.kill()  # SIGKILL: no shutdown, nothing flushed on the way out
        first.process.wait(timeout=30)
        again.start()
        page.reload()
        wait_for_app(page)
        expect(step_title(page)).to_have_value("Written before the kill")
        expect(page.get_by_text("could not be found")).to_have_count(0)
    finally:
        context.close()
        for server in (first, replica, again):
            server.stop()
