"""M2 of the security review in Chromium: a class behind one address joins again after a restart.

The review: after a restart the class's open pages come back with the old code, each counted as a
wrong code from the school's one address, and the teacher's new code was then refused from there.
Here every page of the class reaches the app through a proxy the app trusts, which forwards the
school's one address (as the documented nginx does), and the old code comes back 15 times.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.conftest import TEST_STORIES
from tests.support.browser import open_story
from tests.support.server import StreamlitServer

WALK = TEST_STORIES / "walk.yaml"
SCHOOL = {"X-Forwarded-For": "198.51.100.20"}
RECONNECTS = 15


def test_m2_a_class_behind_one_address_joins_the_teachers_new_code_after_a_restart(browser: Browser):
    env = {"QANTAR_TRUSTED_PROXIES": "127.0.0.1,::1"}
    school = browser.new_context(extra_http_headers=SCHOOL, reduced_motion="reduce")
    teacher = school.new_page()
    server = StreamlitServer("app.py", ["--story", str(WALK)], env=env, label="present-restart").start()
    try:
        open_story(teacher, server.url)
        teacher.get_by_role("button", name="Present to a class").click()
        expect(teacher.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))
        old_code = teacher.locator(".sp-present-code").inner_text().split()[-1]

        server.stop()
        server = StreamlitServer("app.py", ["--story", str(WALK)], port=server.port, env=env, label="present-restart")
        server.start()

        # The class's pages come back with the code that no longer exists.
        student = school.new_page()
        for _ in range(RECONNECTS):
            open_story(student, f"{server.url}/?follow={old_code}")
            expect(student.locator(".sm-notice").first).to_be_visible()
            expect(student.locator(".sp-follow")).to_have_count(0)

        # The teacher presents again from the same address, and the class follows the new code.
        open_story(teacher, server.url)
        teacher.get_by_role("button", name="Present to a class").click()
        expect(teacher.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))
        new_code = teacher.locator(".sp-present-code").inner_text().split()[-1]
        open_story(student, f"{server.url}/?follow={new_code}")
        expect(student.locator(".sp-follow")).to_contain_text("Following the presenter.")
    finally:
        server.stop()
        school.close()
