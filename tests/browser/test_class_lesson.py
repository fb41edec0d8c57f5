"""Issue 32's acceptance walk, in Chromium: a presenter and three followers, two of them on another app
process, the processes sharing one Redis (tests/stories/lesson-walk.yaml: four steps, a question on
the first).

The followers answer; the presenter sees 3 of 3 and the spread, and shows it on the followers' screens.
Student-paced, a student moves two steps ahead and the roster shows it; "Bring everyone to this step"
returns them. The CSV holds the three answers. The presenter's process is killed and started again:
the presenter's panel still shows the answers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from story.format.loader import load_story
from tests.conftest import TEST_STORIES
from tests.support.browser import open_story, wait_map_settled
from tests.support.redis import RedisServer
from tests.support.server import StreamlitServer, start_together

LESSON = TEST_STORIES / "lesson-walk.yaml"
SPREAD = ["1 · Almaty", "2 · Mangystau (the right answer)", "0 · Atyrau"]


@pytest.fixture(scope="module")
def lesson(catalog):
    return load_story(LESSON, catalog)


def follower(browser: Browser, url: str, request: pytest.FixtureRequest) -> Page:
    context = browser.new_context(viewport={"width": 1000, "height": 800}, reduced_motion="reduce")
    request.addfinalizer(context.close)
    page = context.new_page()
    open_story(page, url)
    expect(page.locator(".sp-follow")).to_contain_text("Following the presenter.")
    return page


def answer(page: Page, choice: str) -> None:
    check = page.locator(".sp-player .sp-step .sm-check").first
    check.get_by_label(choice).check()
    check.get_by_role("button", name="Check my answer").click()
    expect(check.locator(".sm-check-feedback")).not_to_be_empty()


def roster_cells(page: Page, name: str):
    row = page.locator(".sp-present-roster tbody tr").filter(has=page.get_by_role("cell", name=name, exact=True))
    return row.get_by_role("cell")


def test_a_class_answers_goes_at_its_own_pace_and_the_answers_outlive_a_restart(
    page: Page, browser: Browser, lesson, request
):
    with RedisServer() as redis:
        env = {"QANTAR_REDIS_URL": redis.url}
        args = ["--story", str(LESSON), "--tiles", "none"]
        processes = [StreamlitServer("app.py", args, env=env, label="lesson") for _ in range(2)]
        for process in processes:
            request.addfinalizer(process.stop)
        first, second = start_together(*processes)
        total = len(lesson.steps)
        where = [f"{number + 1} of {total} · {step.title}" for number, step in enumerate(lesson.steps)]

        page.emulate_media(reduced_motion="reduce")
        open_story(page, first.url)
        page.get_by_role("button", name="Present to a class").click()
        expect(page.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))
        code = page.locator(".sp-present-code").inner_text().split()[-1]
        students = {
            "Aigerim": follower(browser, f"{first.url}/?follow={code}&name=Aigerim", request),
            "Dana": follower(browser, f"{second.url}/?follow={code}&name=Dana", request),
            "Timur": follower(browser, f"{second.url}/?follow={code}&name=Timur", request),
        }
        expect(page.locator(".sp-present-count")).to_have_text("Following now: 3", timeout=10_000)

        # The three answer; the presenter alone sees the count and the spread.
        for name, choice in (("Aigerim", "Mangystau"), ("Dana", "Almaty"), ("Timur", "Mangystau")):
            answer(students[name], choice)
        counted = page.locator(".sp-present-answers .sp-present-answer").first
        expect(counted.locator(".sp-present-answer-line")).to_have_text("3 of 3 answered, 2 right", timeout=10_000)
        expect(counted.locator("li")).to_have_text(SPREAD)
        for student in students.values():
            expect(student.locator(".sp-class-answers")).to_have_count(0)

        # Shown to the room: on every follower's screen, the right answer marked.
        page.get_by_role("button", name="Show the answers to the room").click()
        for student in students.values():
            shown = student.get_by_role("region", name="The class's answers")
            expect(shown.locator("li")).to_have_text(SPREAD, timeout=10_000)
            expect(shown.locator(".sp-right")).to_have_text(SPREAD[1])
        page.get_by_role("button", name="Hide the answers from the room").click()

        # Their own pace: Dana goes two steps ahead, and the roster shows where each is.
        page.get_by_role("button", name="Students go at their own pace").click()
        for student in students.values():
            expect(student.locator(".sp-follow")).to_contain_text("Your own pace", timeout=10_000)
        dana = students["Dana"]
        for number in (1, 2):
            dana.get_by_role("button", name="Next", exact=True).click()
            wait_map_settled(dana, lesson.steps[number].id)
        expect(roster_cells(page, "Dana")).to_have_text(["Dana", where[2], f"3 of {total}", "1"], timeout=10_000)
        expect(roster_cells(page, "Aigerim")).to_have_text(["Aigerim", where[0], f"1 of {total}", "1"])

        # Brought back: every student on the presenter's step, following again.
        page.get_by_role("button", name="Bring everyone to this step").click()
        for student in students.values():
            expect(student.locator(".sp-player .sp-step h2")).to_have_text(lesson.steps[0].title, timeout=10_000)
            expect(student.locator(".sp-follow")).to_contain_text("Following the presenter.")
        expect(roster_cells(page, "Dana")).to_have_text(["Dana", where[0], f"3 of {total}", "1"], timeout=10_000)

        # The answers as a file: one row per student, named as on the roster.
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the class's answers (CSV)").click()
        rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
        assert sorted(row.split(",")[3:6] for row in rows[1:]) == [
            ["Aigerim", "1", "yes"],
            ["Dana", "0", "no"],
            ["Timur", "1", "yes"],
        ]

        # The presenter's process killed and started again: the panel shows the class's answers.
        first.process.kill()  # SIGKILL: nothing flushed on the way out
        first.process.wait(timeout=30)
        again = StreamlitServer("app.py", args, port=first.port, env=env, label="lesson").start()
        request.addfinalizer(again.stop)
        page.reload()
        expect(page.locator(".sp-present-code")).to_have_text(f"Code: {code}", timeout=30_000)
        counted = page.locator(".sp-present-answers .sp-present-answer").first
        expect(counted.locator(".sp-present-answer-line")).to_have_text("3 of 3 answered, 2 right", timeout=10_000)
        expect(counted.locator("li")).to_have_text(SPREAD)
