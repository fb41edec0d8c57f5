"""Issue 32: a class's answers from the light page and the app reach the presenter, outlive a restart of
the server, and a follower's forged message through the app's follow component changes nothing.

tests/stories/checks.yaml: its first step has a multiple-choice check (Mangystau is right), a place to
find and a region to find. The store is the data folder's SQLite file, read by the test after each
forged message (story/present/answers.py).
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from story.present.answers import SqliteAnswers
from story.present.sqlite_channel import SqliteChannel
from story.store.paths import state_file
from tests.conftest import TEST_STORIES
from tests.support.browser import EXTERNAL, open_story, wait_for_app
from tests.support.server import StreamlitServer

CHECKS = TEST_STORIES / "checks.yaml"
PHONE = {"width": 375, "height": 667}


def present(teacher: Page, url: str) -> str:
    open_story(teacher, url)
    teacher.get_by_role("button", name="Present to a class").click()
    expect(teacher.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))
    return teacher.locator(".sp-present-code").inner_text().split()[-1]


def answer(page: Page, choice: str, player: str) -> None:
    check = page.locator(f"{player} .sm-check").first
    check.get_by_label(choice).check()
    check.get_by_role("button", name="Check my answer").click()
    expect(check.locator(".sm-check-feedback")).not_to_be_empty()


def test_light_and_app_followers_answers_are_counted_and_shown_again_after_a_restart(browser: Browser, tmp_path: Path):
    env = {"QANTAR_DATA_DIR": str(tmp_path), "QANTAR_REDIS_URL": ""}
    args = ["--story", str(CHECKS), "--tiles", "none"]
    server = StreamlitServer("app.py", args, env=env, label="light-answers").start()
    again = StreamlitServer("app.py", args, port=server.port, env=env, label="light-answers")
    contexts = [browser.new_context(reduced_motion="reduce") for _ in range(2)]
    contexts.append(browser.new_context(viewport=PHONE, reduced_motion="reduce"))
    teacher, student, phone = (context.new_page() for context in contexts)
    try:
        code = present(teacher, server.url)
        open_story(student, f"{server.url}/?follow={code}")
        expect(student.locator(".sp-follow")).to_contain_text("Following the presenter.")
        phone.route(EXTERNAL, lambda route: route.abort())
        phone.goto(f"{server.url}/view?follow={code}")
        expect(phone.locator(".sx-follow")).to_have_text(f"Following the presentation {code}.")
        expect(teacher.locator(".sp-present-count")).to_have_text("Following now: 2", timeout=10_000)

        answer(phone, "Mangystau", "#story")
        answer(student, "Almaty", ".sp-player .sp-step")
        first = teacher.locator(".sp-present-answers .sp-present-answer").first
        counted = "2 of 2 answered, 1 right"
        expect(first.locator(".sp-present-answer-line")).to_have_text(counted, timeout=10_000)
        spread = ["1 · Almaty", "1 · Mangystau (the right answer)", "0 · Atyrau"]
        expect(first.locator("li")).to_have_text(spread)

        server.process.kill()  # SIGKILL: no shutdown, nothing flushed on the way out
        server.process.wait(timeout=30)
        again.start()
        # The teacher's page takes the presentation up again, and its panel shows the class's answers.
        teacher.reload()
        expect(teacher.locator(".sp-present-code")).to_have_text(f"Code: {code}", timeout=30_000)
        first = teacher.locator(".sp-present-answers .sp-present-answer").first
        expect(first.locator(".sp-present-answer-line")).to_have_text(counted, timeout=10_000)
        expect(first.locator("li")).to_have_text(spread)
    finally:
        for context in contexts:
            context.close()
        server.stop()
        again.stop()


def send(page: Page, name: str, value: object) -> None:
    """What a follower's own script can send: the follow component's trigger, any name, any value."""
    page.evaluate("([name, value]) => window.__storyFollow.send(name, value)", [name, value])


def test_forged_messages_through_the_apps_follow_component_change_nothing(
    page: Page, browser: Browser, start_server, request
):
    server = start_server("--story", str(CHECKS), "--tiles", "none")
    code = present(page, server.url)
    book, channel = SqliteAnswers(state_file()), SqliteChannel(state_file())
    other, _ = channel.start("checks", "west", "en")  # another class's presentation on the same server
    students, sockets = [], []
    for _ in range(2):
        context = browser.new_context(viewport={"width": 1000, "height": 800}, reduced_motion="reduce")
        request.addfinalizer(context.close)
        student = context.new_page()
        student.on("websocket", lambda socket: sockets.append(socket))
        students.append(open_story(student, f"{server.url}/?follow={code}"))
        expect(students[-1].locator(".sp-follow")).to_contain_text("Following the presenter.")
    forger, honest = students
    lines = page.locator(".sp-present-answers .sp-present-answer .sp-present-answer-line")
    answer(honest, "Almaty", ".sp-player .sp-step")
    expect(lines.first).to_have_text("1 of 2 answered, 0 right", timeout=10_000)
    [honest_answer] = book.answers(code)
    presented = channel.current(code)

    # A megabyte for an answer: sent whole (Streamlit takes up to 200 MB), then the page's script has run.
    with sockets[0].expect_event("framesent", predicate=lambda payload: len(payload) > 1_000_000):
        send(forger, "answer", {"key": "west:2", "answer": "4" * 1_000_000})
    wait_for_app(forger)
    # A presenter's actions (show the answers to the room, move the class, end the presentation) with an
    # answer that names another student's id and another presentation's code, all in one message: the
    # answer counts as the forger's own, to this presentation, and the rest is not read.
    forger.evaluate(
        """([follower, other]) => {
          const send = window.__storyFollow.send;
          send("reveal", "west");
          send("step", "east");
          send("end", true);
          send("answer", {key: "west:1", answer: "43.34,52.86", follower, session: follower, code: other});
        }""",
        [honest_answer.follower, other],
    )
    expect(lines.nth(1)).to_have_text("1 of 2 answered, 1 within 50 km", timeout=10_000)
    answer(forger, "Mangystau", ".sp-player .sp-step")
    expect(lines.first).to_have_text("2 of 2 answered, 1 right", timeout=10_000)

    kept = {(a.follower == honest_answer.follower, a.step, a.check, a.answer) for a in book.answers(code)}
    assert kept == {(True, "west", 0, "0"), (False, "west", 1, "43.340,52.860"), (False, "west", 0, "1")}
    assert book.answers(other) == [], "nothing reaches another presentation"
    assert book.revealed(code) is None and channel.current(code) == presented
    assert channel.current(other) is not None
    expect(page.get_by_role("button", name="Show the answers to the room")).to_have_count(1)
    expect(honest.locator(".sp-class-answers")).to_have_count(0)

    # A thousand answers at once: the first answer stays.
    before = book.answers(code)
    forger.evaluate(
        """() => {
          for (let i = 0; i < 1000; i++) window.__storyFollow.send("answer", {key: "west:0", answer: "0"});
        }"""
    )
    wait_for_app(forger)
    assert book.answers(code) == before
    expect(lines.first).to_have_text("2 of 2 answered, 1 right")


def test_the_light_pages_answer_route_over_http_refuses_forged_messages_and_keeps_a_good_one(start_server):
    server = start_server("--story", str(CHECKS), "--tiles", "none")
    book, channel = SqliteAnswers(state_file()), SqliteChannel(state_file())
    code, _ = channel.start("checks", "west", "en")
    other, _ = channel.start("checks", "west", "en")
    with urllib.request.urlopen(f"{server.url}/view?follow={code}") as page:
        cookie = page.headers["Set-Cookie"].split(";")[0]
    assert cookie.startswith("qantar_follower=") and "HttpOnly" in page.headers["Set-Cookie"]

    def post(body: bytes, to: str = code, **headers: str) -> int | str:
        sent = urllib.request.Request(f"{server.url}/files/follow/{to}/answers", body, method="POST")
        for name, value in {"Content-Type": "application/json", "Cookie": cookie, **headers}.items():
            sent.add_header(name, value)
        try:
            with urllib.request.urlopen(sent) as reply:
                return reply.status
        except urllib.error.HTTPError as refused:
            return refused.code
        except urllib.error.URLError as cut:
            # The server answered and closed after the first kilobyte, while the client still sent.
            if isinstance(cut.reason, (BrokenPipeError, ConnectionResetError)):
                return "closed"
            raise

    good = json.dumps({"key": "west:0", "answer": "1"}).encode()
    assert post(json.dumps({"key": "west:0", "answer": "1" * 1_000_000}).encode()) in (413, "closed")
    assert post(good, Cookie="") == 403, "no follower the server gave"
    assert post(good, to=other) == 403, "another presentation's code"
    assert post(json.dumps({"reveal": "west"}).encode()) == 400, "a presenter's action"
    assert post(good, **{"Content-Type": "text/plain"}) == 415, "another site's form"
    assert book.answers(code) == [] and book.answers(other) == [] and book.revealed(code) is None
    assert post(good) == 201
    assert [(a.step, a.check, a.answer, a.correct) for a in book.answers(code)] == [("west", 0, "1", True)]
