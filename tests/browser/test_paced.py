"""Issue 32, teacher-paced or student-paced, in Chromium: a presenter and two followers on two app
processes sharing one Redis (tests/stories/walk.yaml, twelve steps).

The presenter lets the class go at its own pace: a student moves two steps ahead and the roster shows
it, while the presenter's own steps move nobody; "Bring everyone to this step" returns every student to
the presenter's step, following again.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from story.format.loader import load_story
from tests.conftest import TEST_STORIES
from tests.support.browser import heading, open_story, serious_violations, wait_map_settled
from tests.support.redis import RedisServer
from tests.support.server import StreamlitServer, start_together

WALK = TEST_STORIES / "walk.yaml"


@pytest.fixture(scope="module")
def walk(catalog):
    return load_story(WALK, catalog)


def follower(browser: Browser, url: str, request: pytest.FixtureRequest) -> Page:
    context = browser.new_context(viewport={"width": 1000, "height": 800}, reduced_motion="reduce")
    request.addfinalizer(context.close)
    page = context.new_page()
    open_story(page, url)
    expect(page.locator(".sp-follow")).to_contain_text("Following the presenter.")
    return page


def roster_line(page: Page, name: str | re.Pattern):
    return page.locator(".sp-present-roster tbody tr").filter(has=page.get_by_role("cell", name=name, exact=True))


def test_a_student_ahead_at_their_own_pace_is_on_the_roster_and_brought_back(
    page: Page, browser: Browser, walk, request
):
    with RedisServer() as redis:
        env = {"QANTAR_REDIS_URL": redis.url}
        processes = [StreamlitServer("app.py", ["--story", str(WALK)], env=env, label="paced") for _ in range(2)]
        for process in processes:
            request.addfinalizer(process.stop)
        first, second = start_together(*processes)
        step = [f"{number + 1} of {len(walk.steps)} · {s.title}" for number, s in enumerate(walk.steps)]

        page.emulate_media(reduced_motion="reduce")
        open_story(page, first.url)
        page.get_by_role("button", name="Present to a class").click()
        expect(page.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))
        code = page.locator(".sp-present-code").inner_text().split()[-1]
        roster = page.get_by_role("region", name="Presenting to a class").locator(".sp-present-roster")
        expect(roster).to_contain_text("No student has joined yet.")

        # One student gave a name on joining; the other, on the other process, gave none.
        aigerim = follower(browser, f"{first.url}/?follow={code}&name=Aigerim", request)
        other = follower(browser, f"{second.url}/?follow={code}", request)
        expect(roster_line(page, "Aigerim").get_by_role("cell")).to_have_text(
            ["Aigerim", step[0], f"1 of {len(walk.steps)}", "0"], timeout=10_000
        )
        expect(roster_line(page, "Aigerim")).to_have_class("sp-present-with-me")
        unnamed = roster_line(page, re.compile(r"^Student \d+$"))
        expect(unnamed.get_by_role("cell").nth(1)).to_have_text(step[0], timeout=10_000)

        # Their own pace: the bar says so, and the presenter's step no longer moves them.
        pace = page.get_by_role("button", name="Students go at their own pace")
        expect(pace).to_have_attribute("aria-pressed", "false")
        # By keyboard: the switch, then Tab to "Bring everyone to this step".
        pace.focus()
        page.keyboard.press("Tab")
        expect(page.get_by_role("button", name="Bring everyone to this step")).to_be_focused()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Space")
        expect(pace).to_have_attribute("aria-pressed", "true", timeout=10_000)
        for student in (aigerim, other):
            expect(student.locator(".sp-follow")).to_contain_text("Your own pace", timeout=10_000)
            expect(student.get_by_role("button", name="Follow again")).to_be_hidden()

        # The unnamed student goes two steps ahead and types a name: the roster shows both.
        for number in (1, 2):
            other.get_by_role("button", name="Next", exact=True).click()
            wait_map_settled(other, walk.steps[number].id)
        name = other.get_by_label("Your name (optional)")
        name.fill("Dana")
        name.press("Enter")
        expect(roster_line(page, "Dana").get_by_role("cell")).to_have_text(
            ["Dana", step[2], f"3 of {len(walk.steps)}", "0"], timeout=10_000
        )
        expect(roster_line(page, re.compile(r"^Student \d+$"))).to_have_count(0)

        page.get_by_role("button", name="Next", exact=True).click()
        wait_map_settled(page, walk.steps[1].id)
        # The panel marks who is on the presenter's step: Aigerim, left behind, no longer is.
        expect(roster_line(page, "Aigerim")).not_to_have_class("sp-present-with-me", timeout=10_000)
        expect(roster_line(page, "Aigerim").get_by_role("cell").nth(1)).to_have_text(step[0])
        assert heading(aigerim) == walk.steps[0].title, "at their own pace, the presenter's step moves nobody"
        assert heading(other) == walk.steps[2].title

        assert serious_violations(page) == []
        assert serious_violations(other) == []

        # "Bring everyone to this step": both on the presenter's step, following again.
        page.get_by_role("button", name="Bring everyone to this step").click()
        for student in (aigerim, other):
            expect(student.locator(".sp-player .sp-step h2")).to_have_text(walk.steps[1].title, timeout=10_000)
            expect(student.locator(".sp-follow")).to_contain_text("Following the presenter.")
        expect(pace).to_have_attribute("aria-pressed", "false")
        for name in ("Aigerim", "Dana"):
            expect(roster_line(page, name).get_by_role("cell")).to_have_text(
                [name, step[1], f"{2 if name == 'Aigerim' else 3} of {len(walk.steps)}", "0"], timeout=10_000
            )
        # Following again: the presenter's next step moves them.
        page.get_by_role("button", name="Next", exact=True).click()
        for student in (aigerim, other):
            expect(student.locator(".sp-player .sp-step h2")).to_have_text(walk.steps[2].title, timeout=10_000)
