"""Presentations and restarts in Chromium.

A presentation outlives its server: killed (SIGKILL) and started again on the same port and data
folder, without Redis, the class follows the same code and sees the presenter's step.

M2 of the security review: after a restart that lost the presentations (a new container without its
data folder's volume) the class's open pages come back with the old code, each counted as a
wrong code from the school's one address, and the teacher's new code was then refused from there.
Here every page of the class reaches the app through a proxy the app trusts, which forwards the
school's one address (as the documented nginx does), and the old code comes back 15 times: once on
the full app and 14 times on the light page (/view, the join address the presenter's panel gives a
class), whose wrong codes count against the same share of the address (story/present/limits.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from story.format.loader import load_story
from tests.conftest import TEST_STORIES
from tests.support.browser import EXTERNAL, heading, open_story, wait_map_settled
from tests.support.server import StreamlitServer

WALK = TEST_STORIES / "walk.yaml"
SCHOOL = {"X-Forwarded-For": "198.51.100.20"}
RECONNECTS = 15


def present(teacher: Page, url: str) -> str:
    open_story(teacher, url)
    teacher.get_by_role("button", name="Present to a class").click()
    expect(teacher.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))
    return teacher.locator(".sp-present-code").inner_text().split()[-1]


def test_a_presentation_survives_its_server_killed_and_started_again_without_redis(
    browser: Browser, tmp_path: Path, catalog
):
    walk = load_story(WALK, catalog)
    # No Redis: the presentation lives in the data folder's SQLite file only.
    env = {"QANTAR_DATA_DIR": str(tmp_path), "QANTAR_REDIS_URL": ""}
    server = StreamlitServer("app.py", ["--story", str(WALK)], env=env, label="present-kill").start()
    again = StreamlitServer("app.py", ["--story", str(WALK)], port=server.port, env=env, label="present-kill")
    contexts = [browser.new_context(reduced_motion="reduce") for _ in range(3)]
    teacher, stays, reloads = (context.new_page() for context in contexts)
    try:
        code = present(teacher, server.url)
        teacher.get_by_role("button", name="Next").click()
        wait_map_settled(teacher, walk.steps[1].id)
        for student in (stays, reloads):
            open_story(student, f"{server.url}/?follow={code}")
            expect(student.locator(".sp-follow")).to_contain_text("Following the presenter.")
            expect(student.locator("#step-title")).to_have_text(walk.steps[1].title)

        server.process.kill()  # SIGKILL: no shutdown, nothing flushed on the way out
        server.process.wait(timeout=30)
        again.start()

        # One student's page reconnects by itself; another reloads: both follow the same code, on the
        # presenter's step, and nobody is told the presentation ended.
        reloads.reload()
        wait_map_settled(reloads, walk.steps[1].id)
        for student in (stays, reloads):
            expect(student.locator(".sp-follow")).to_contain_text("Following the presenter.", timeout=15_000)
            assert heading(student) == walk.steps[1].title
        # The teacher's page takes the presentation up again (its tab kept the code and the token).
        teacher.reload()
        wait_map_settled(teacher, walk.steps[1].id)
        expect(teacher.locator(".sp-present-code")).to_have_text(f"Code: {code}")
        expect(teacher.locator(".sp-present-count")).to_have_text("Following now: 2", timeout=15_000)
        teacher.get_by_role("button", name="Next").click()
        for student in (stays, reloads):
            expect(student.locator("#step-title")).to_have_text(walk.steps[2].title, timeout=10_000)
            expect(student.get_by_text("The presentation has ended")).to_have_count(0)
            expect(student.locator("[data-testid='stException']")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()
        server.stop()
        again.stop()


def test_m2_a_class_behind_one_address_joins_the_teachers_new_code_after_a_restart(browser: Browser, tmp_path: Path):
    env = {"QANTAR_TRUSTED_PROXIES": "127.0.0.1,::1", "QANTAR_DATA_DIR": str(tmp_path / "before")}
    school = browser.new_context(extra_http_headers=SCHOOL, reduced_motion="reduce")
    teacher = school.new_page()
    server = StreamlitServer("app.py", ["--story", str(WALK)], env=env, label="present-restart").start()
    try:
        old_code = present(teacher, server.url)

        server.stop()
        # Started again without its data folder (a new container whose folder was not a volume).
        env = {**env, "QANTAR_DATA_DIR": str(tmp_path / "after")}
        server = StreamlitServer("app.py", ["--story", str(WALK)], port=server.port, env=env, label="present-restart")
        server.start()

        # The class's pages come back with the code that no longer exists, and are told so.
        student = school.new_page()
        open_story(student, f"{server.url}/?follow={old_code}")
        expect(student.locator(".sm-notice").first).to_be_visible()
        expect(student.locator(".sp-follow")).to_have_count(0)
        phone = school.new_page()
        phone.route(EXTERNAL, lambda route: route.abort())
        for _ in range(RECONNECTS - 1):
            phone.goto(f"{server.url}/view?follow={old_code}")
            expect(phone.locator(".sx-follow")).to_have_text(re.compile(f"^No presentation with the code {old_code}"))

        # The teacher presents again from the same address, and the class follows the new code.
        new_code = present(teacher, server.url)
        open_story(student, f"{server.url}/?follow={new_code}")
        expect(student.locator(".sp-follow")).to_contain_text("Following the presenter.")
    finally:
        server.stop()
        school.close()
