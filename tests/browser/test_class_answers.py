"""Issue 32: the class's answers reach the presenter, and only the presenter.

Two followers on the app answer the first step's multiple-choice check (tests/stories/checks.yaml):
the presenter's panel counts them, spreads them over the choices, marks the right one, and keeps each
follower's first answer only.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.conftest import TEST_STORIES
from tests.support.browser import open_story, serious_violations

CHECKS = TEST_STORIES / "checks.yaml"


def follower(browser: Browser, url: str, request) -> Page:
    context = browser.new_context(viewport={"width": 1000, "height": 800}, reduced_motion="reduce")
    request.addfinalizer(context.close)
    page = context.new_page()
    open_story(page, url)
    expect(page.locator(".sp-follow")).to_contain_text("Following the presenter.")
    return page


def find(page: Page, place: str) -> None:
    """The find-on-the-map check answered with one of the step's places (the keyboard's way)."""
    check = page.locator(".sp-player .sp-step .sm-check").nth(1)
    check.locator("select").select_option(label=place)
    check.get_by_role("button", name="Check my answer").click()
    expect(check.locator(".sm-check-feedback")).not_to_be_empty()


def answer(page: Page, choice: str) -> None:
    check = page.locator(".sp-player .sp-step .sm-check").first
    check.get_by_label(choice).check()
    check.get_by_role("button", name="Check my answer").click()
    expect(check.locator(".sm-check-feedback")).not_to_be_empty()


def test_the_presenter_sees_how_many_answered_and_the_spread(page: Page, browser: Browser, start_server, request):
    server = start_server("--story", str(CHECKS), "--tiles", "none")
    page.emulate_media(reduced_motion="reduce")
    open_story(page, server.url)
    page.get_by_role("button", name="Present to a class").click()
    expect(page.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))
    code = page.locator(".sp-present-code").inner_text().split()[-1]
    students = [follower(browser, f"{server.url}/?follow={code}", request) for _ in range(2)]
    expect(page.locator(".sp-present-count")).to_have_text("Following now: 2", timeout=10_000)

    answer(students[0], "Mangystau")
    answer(students[1], "Almaty")
    answers = page.locator(".sp-present-answers")
    first = answers.locator(".sp-present-answer").first
    expect(first.locator(".sp-present-answer-line")).to_have_text("2 of 2 answered, 1 right", timeout=10_000)
    expect(first.locator("li")).to_have_text(["1 · Almaty", "1 · Mangystau (the right answer)", "0 · Atyrau"])

    # A second answer is the student's practice: the first one counts.
    answer(students[1], "Mangystau")
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("button", name="Previous", exact=True).click()
    expect(first.locator(".sp-present-answer-line")).to_have_text("2 of 2 answered, 1 right")

    # The answers as a file for a spreadsheet: one row per student's first answer.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the class's answers (CSV)").click()
    rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0] == "step,step title,check,student,answer,right,time (UTC)"
    assert sorted(row.split(",")[3:6] for row in rows[1:]) == [["Student 1", "1", "yes"], ["Student 2", "0", "no"]]

    # The summary to print: a page per check of the story (three), the first with its spread.
    with page.expect_download() as download:
        page.get_by_role("button", name="Summary to print: a page per check (HTML)").click()
    summary = Path(download.value.path()).read_text(encoding="utf-8")
    assert summary.count('<section class="sheet">') == 3
    assert "2 of 2 answered" in summary and "Mangystau ✓" in summary

    # The followers see the class's answers only when the presenter shows them, then no more.
    for student in students:
        expect(student.locator(".sp-present-answers")).to_have_count(0)
        expect(student.locator(".sp-class-answers")).to_have_count(0)
    page.get_by_role("button", name="Show the answers to the room").click()
    for student in students:
        shown = student.get_by_role("region", name="The class's answers")
        expect(shown.locator("li")).to_have_text(
            ["1 · Almaty", "1 · Mangystau (the right answer)", "0 · Atyrau"], timeout=10_000
        )
        expect(shown.locator(".sp-right")).to_have_text("1 · Mangystau (the right answer)")
    page.get_by_role("button", name="Hide the answers from the room").click()
    for student in students:
        expect(student.locator(".sp-class-answers")).to_have_count(0, timeout=10_000)


def test_the_clicks_of_a_find_check_are_points_on_the_presenters_map(
    page: Page, browser: Browser, start_server, request
):
    server = start_server("--story", str(CHECKS), "--tiles", "none")
    page.emulate_media(reduced_motion="reduce")
    open_story(page, server.url)
    page.get_by_role("button", name="Present to a class").click()
    expect(page.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))
    code = page.locator(".sp-present-code").inner_text().split()[-1]
    students = [follower(browser, f"{server.url}/?follow={code}", request) for _ in range(3)]
    expect(page.locator(".sp-present-count")).to_have_text("Following now: 3", timeout=10_000)

    find(students[0], "Zhanaozen")
    find(students[1], "Aktau")  # about 140 km away
    line = page.locator(".sp-present-answer").nth(1).locator(".sp-present-answer-line")
    expect(line).to_have_text("2 of 3 answered, 1 within 50 km", timeout=10_000)
    # Two dots where the class looked, and the right place ringed, on the presenter's own map only.
    expect(page.locator(".sp-map .sp-class-point")).to_have_count(2)
    expect(page.locator(".sp-map .sp-class-target")).to_have_count(1)
    for student in students:
        expect(student.locator(".sp-class-point")).to_have_count(0)
    assert serious_violations(page) == []

    # A third arrives live.
    find(students[2], "Zhanaozen")
    expect(line).to_have_text("3 of 3 answered, 2 within 50 km", timeout=10_000)
    expect(page.locator(".sp-map .sp-class-point")).to_have_count(3)

    # Shown to the room: the dots and the right place on every follower's map, gone when hidden.
    page.get_by_role("button", name="Show the answers to the room").click()
    for student in students:
        expect(student.locator(".sp-map .sp-class-point")).to_have_count(3, timeout=10_000)
        expect(student.locator(".sp-map .sp-class-target")).to_have_count(1)
        expect(student.get_by_role("region", name="The class's answers")).to_contain_text(
            "3 of 3 answered, 2 within 50 km"
        )
    assert serious_violations(students[0]) == []
    page.get_by_role("button", name="Hide the answers from the room").click()
    for student in students:
        expect(student.locator(".sp-class-point")).to_have_count(0, timeout=10_000)
    # The presenter moves on: the dots belong to the step they were given on.
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.locator(".sp-class-point")).to_have_count(0)
