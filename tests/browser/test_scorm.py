"""The SCORM package in Chromium: its player inside a page that offers a SCORM 1.2 API, as a learning
platform's does, served over HTTP; steps to the end, answers the checks, and reads what the API was told.
Outside a platform (no API), the same player plays as the plain offline copy."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import zipfile

import pytest
from playwright.sync_api import Page, expect

from story.cli import main as story_command
from tests.conftest import TEST_STORIES
from tests.support.server import free_port

STORY = TEST_STORIES / "checks.yaml"
# A platform's frame: window.API records every call (SCORM 1.2 RTE: LMSInitialize, LMSGetValue, ...).
HARNESS = """<!doctype html><html><head><meta charset="utf-8"><title>Platform</title><script>
window.scormLog = [];
window.scormData = {"cmi.core.lesson_status": "not attempted"};
window.API = {
  LMSInitialize: function (x) { scormLog.push(["LMSInitialize"]); return "true"; },
  LMSFinish: function (x) { scormLog.push(["LMSFinish"]); return "true"; },
  LMSGetValue: function (k) { scormLog.push(["LMSGetValue", k]); return scormData[k] || ""; },
  LMSSetValue: function (k, v) { scormLog.push(["LMSSetValue", k, v]); scormData[k] = v; return "true"; },
  LMSCommit: function (x) { scormLog.push(["LMSCommit"]); return "true"; },
  LMSGetLastError: function () { return "0"; },
  LMSGetErrorString: function () { return ""; },
  LMSGetDiagnostic: function () { return ""; },
};
</script></head><body>
<iframe name="sco" src="package/index.html" style="width:1200px;height:800px"></iframe></body></html>"""


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    yield from _platform(tmp_path_factory, STORY)


@pytest.fixture(scope="module")
def time_platform(tmp_path_factory):
    yield from _platform(tmp_path_factory, TEST_STORIES / "time-checks.yaml")


def _platform(tmp_path_factory, story):
    folder = tmp_path_factory.mktemp("platform")
    package = folder / "lesson.zip"
    assert story_command(["export", str(story), "--scorm", "--tiles", "none", "-o", str(package)]) == 0
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder / "package")
    (folder / "index.html").write_text(HARNESS, encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def test_the_package_reports_completion_and_the_checks_score_to_the_platform(page: Page, platform):
    page.goto(f"{platform}/index.html")
    frame = page.frame(name="sco")
    frame.wait_for_function("() => document.documentElement.getAttribute('data-story-step') === 'west'")
    log = lambda: page.evaluate("window.scormLog")  # noqa: E731
    page.wait_for_function("window.scormData['cmi.core.lesson_status'] === 'incomplete'")
    assert log()[0] == ["LMSInitialize"]
    sco = page.frame_locator("iframe[name=sco]")
    checks = sco.locator(".sp-player .sp-step .sm-check")
    # Right, wrong (a place of the step from the list, 150 km off), right (inside the region): 2 of 3.
    checks.nth(0).get_by_label("Mangystau").check()
    checks.nth(0).get_by_role("button", name="Check my answer").click()
    checks.nth(1).locator("select").select_option(label="Aktau")
    checks.nth(1).get_by_role("button", name="Check my answer").click()
    checks.nth(2).locator("select").select_option(label="Zhanaozen")
    checks.nth(2).get_by_role("button", name="Check my answer").click()
    expect(checks.nth(2).locator(".sm-check-feedback")).to_have_text("Right: your answer is in Mangystau.")
    # A second try does not change the score: the first answer counts.
    checks.nth(1).locator("select").select_option(label="Zhanaozen")
    checks.nth(1).get_by_role("button", name="Check my answer").click()
    page.wait_for_function("window.scormData['cmi.core.score.raw'] !== undefined")
    assert page.evaluate("window.scormData['cmi.core.score.raw']") == "67"
    assert page.evaluate("window.scormData['cmi.core.lesson_status']") == "incomplete"
    sco.get_by_role("button", name="Next").click()
    page.wait_for_function("window.scormData['cmi.core.lesson_status'] === 'completed'")
    statuses = [entry[2] for entry in log() if entry[:2] == ["LMSSetValue", "cmi.core.lesson_status"]]
    assert statuses == ["incomplete", "completed"]
    assert ["LMSSetValue", "cmi.core.score.max", "100"] in log() and ["LMSCommit"] in log()
    # Leaving the lesson (the platform's frame moves on) ends the session with the platform.
    page.evaluate("document.querySelector('iframe').src = 'about:blank'")
    page.wait_for_function("window.scormLog.some((entry) => entry[0] === 'LMSFinish')")


def test_a_day_and_an_order_count_in_the_score_as_the_other_checks_do(page: Page, time_platform):
    # Issue 32: "Which day?" answered on the slider's first day (wrong: the day is two days on), the events
    # put in order (right): 1 of 2.
    page.goto(f"{time_platform}/index.html")
    page.frame(name="sco").wait_for_function("() => document.documentElement.getAttribute('data-story-step')")
    sco = page.frame_locator("iframe[name=sco]")
    day, order = (
        sco.locator(".sp-player .sp-step .sm-check").nth(0),
        sco.locator(".sp-player .sp-step .sm-check").nth(1),
    )
    day.get_by_role("button", name="Answer with the slider's day").click()
    expect(day.locator(".sm-check-feedback")).to_have_text(re.compile("^Not quite"))
    events = ["Protests in Zhanaozen", "Protests in Almaty", "Troops arrive"]
    for place, event in enumerate(events):
        while order.locator(".sm-order-text").all_inner_texts().index(event) > place:
            order.get_by_role("button", name=f"Move up: {event}").click()
    order.get_by_role("button", name="Check my answer").click()
    expect(order.locator(".sm-check-feedback")).to_have_text("Right: that is the order.")
    page.wait_for_function("window.scormData['cmi.core.score.raw'] === '50'")


def test_outside_a_platform_it_plays_as_the_plain_offline_copy(page: Page, platform):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{platform}/package/index.html")
    page.wait_for_function("() => document.documentElement.getAttribute('data-story-step') === 'west'")
    assert page.evaluate("window.__storyScorm === undefined")
    page.get_by_role("button", name="Next").click()
    expect(page.locator(".sp-player .sp-step h2")).to_have_text("The east")
    assert errors == []
