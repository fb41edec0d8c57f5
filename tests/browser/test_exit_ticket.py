"""Issue 32: the exit ticket. The presenter asks the class one written question at any step; each
follower answers it in a box over the story, and may change the answer until the question is closed;
the answers come back to the presenter's panel only, never to another student (not in a byte of
another follower's websocket)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import TEST_STORIES
from tests.support.browser import open_story, serious_violations

CHECKS = TEST_STORIES / "checks.yaml"
QUESTION = "What surprised you in this story?"


def follower(browser: Browser, url: str, frames: list[bytes], request: pytest.FixtureRequest) -> Page:
    page = opened(browser, url, frames, request)
    expect(page.locator(".sp-follow")).to_contain_text("Following the presenter.")
    return page


def opened(browser: Browser, url: str, frames: list[bytes], request: pytest.FixtureRequest) -> Page:
    """A page at `url`, every websocket frame it receives kept in `frames`."""
    context = browser.new_context(viewport={"width": 1000, "height": 800}, reduced_motion="reduce")
    request.addfinalizer(context.close)
    page = context.new_page()
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived", lambda data: frames.append(data.encode("utf-8") if isinstance(data, str) else data)
        ),
    )
    open_story(page, url)
    return page


def send(page: Page, text: str) -> None:
    """The answer typed and sent by keyboard: the box, then Tab to Send, then Enter."""
    box = page.get_by_role("region", name="A question from the presenter")
    area = box.get_by_role("textbox", name="Your answer (the presenter sees it, the class does not)")
    area.fill(text)
    area.focus()
    page.keyboard.press("Tab")
    expect(box.get_by_role("button", name="Send")).to_be_focused()
    page.keyboard.press("Enter")


def test_the_class_answers_a_written_question_seen_by_the_presenter_only(
    page: Page, browser: Browser, start_server, request
):
    server = start_server("--story", str(CHECKS), "--tiles", "none")
    page.emulate_media(reduced_motion="reduce")
    open_story(page, server.url)
    page.get_by_role("button", name="Present to a class").click()
    expect(page.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))
    code = page.locator(".sp-present-code").inner_text().split()[-1]
    frames: list[list[bytes]] = [[], [], []]
    students = [follower(browser, f"{server.url}/?follow={code}", frames[n], request) for n in range(2)]
    # The room's screen (a projector), as the panel's link opens it: the question to read, no answer.
    room = opened(browser, f"{server.url}/?follow={code}&screen=room", frames[2], request)
    expect(room.locator("html")).to_have_class(re.compile(r"\bsp-room\b"))
    for student in [*students, room]:
        expect(student.locator(".sp-ticket")).to_have_count(0)

    page.get_by_label("A written question for the class (only you see the answers)").fill(QUESTION)
    page.get_by_role("button", name="Ask the class").click()
    for student in [*students, room]:
        box = student.get_by_role("region", name="A question from the presenter")
        expect(box.locator(".sp-ticket-question")).to_have_text(QUESTION, timeout=10_000)
    expect(room.locator(".sp-ticket textarea, .sp-ticket button")).to_have_count(0)

    send(students[0], "FIRST-STUDENT-DRAFT")
    expect(students[0].locator(".sp-ticket-status")).to_have_text(
        "Sent. You can change it until the presenter closes the question.", timeout=10_000
    )
    send(students[1], "SECOND-STUDENT-TEXT")
    expect(page.get_by_text("Written answers: 2")).to_be_visible(timeout=10_000)
    # A changed answer takes the place of the first.
    send(students[0], "FIRST-STUDENT-CHANGED")
    expect(page.get_by_text("Student 1: FIRST-STUDENT-CHANGED")).to_be_visible(timeout=10_000)
    expect(page.get_by_text("Student 2: SECOND-STUDENT-TEXT")).to_be_visible()
    expect(page.get_by_text("FIRST-STUDENT-DRAFT")).to_have_count(0)
    expect(page.get_by_text("Written answers: 2")).to_be_visible()
    assert serious_violations(students[0]) == []
    assert serious_violations(page) == []

    assert serious_violations(room) == []
    page.get_by_role("button", name="Close the question").click()
    # A closed question leaves the room's screen; its answers never reached it.
    expect(room.locator(".sp-ticket")).to_have_count(0, timeout=10_000)
    assert not [frame for frame in frames[2] if b"-STUDENT-" in frame]
    for student in students:
        expect(student.locator(".sp-ticket-status")).to_have_text(
            "The presenter has closed the question.", timeout=10_000
        )
        expect(student.locator(".sp-ticket textarea")).to_be_disabled()
    # The presenter keeps the answers, and may ask again.
    expect(page.get_by_text("Student 1: FIRST-STUDENT-CHANGED")).to_be_visible()
    expect(page.get_by_role("button", name="Ask the class")).to_be_visible()

    # No student's answer reached another student: not in a byte of their websocket, not in their page.
    assert frames[0] and frames[1], "both followers' websocket frames were read"
    assert not [frame for frame in frames[1] if b"FIRST-STUDENT" in frame]
    assert not [frame for frame in frames[0] if b"SECOND-STUDENT" in frame]
    assert "FIRST-STUDENT" not in students[1].content()
    assert "SECOND-STUDENT" not in students[0].content()
