"""Hostile and odd addresses: whatever `?step=` and `?story=` hold, the viewer gets a real step and a plain notice.

AppTest runs most cases (fast); one browser test checks that the HTML-in-the-address and traversal cases run
no script in a real page.
"""

from __future__ import annotations

import html

import pytest
from playwright.sync_api import Dialog, Page, expect
from streamlit.testing.v1 import AppTest

from story.format.files import FLAGSHIP
from story.format.loader import load_story
from tests.browser import heading, open_story, step_param
from tests.test_app import APP, THREE_STEPS, rerun, shown_step, title

FIRST = "Zhanaozen and Almaty"
LONG = "x" * 10_000
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def run_app(**query: str | list[str]) -> AppTest:
    """The three-step story with this query string (`story` here is the `?story=` parameter)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.story_path = THREE_STEPS
    return rerun(at)


def notices(at) -> list[str]:
    return [h.proto.body for h in at.html if h.proto.body.startswith('<p class="sm-notice"')]


def assert_first_step(at) -> None:
    assert title(at) == FIRST
    assert at.query_params["step"] == "west", "the address is corrected to the step shown"
    assert shown_step(at) == "west", "the map shows the same step"


def test_an_empty_step_shows_the_first_step_without_a_notice():
    at = run_app(step="")
    assert_first_step(at)
    assert notices(at) == []


@pytest.mark.parametrize("value", ["nowhere", "1", "2", "-1", "0x1", "WEST", "west/../new-york", "west;new-york"])
def test_an_unknown_step_shows_the_first_step_and_names_the_value(value):
    at = run_app(step=value)
    assert_first_step(at)
    [notice] = notices(at)
    assert f"There is no step “{value}” in this story; showing the first step." in notice


def test_a_step_with_spaces_around_it_is_still_found():
    at = run_app(step="  almaty-peak ")
    assert title(at) == "Almaty alone"
    assert at.query_params["step"] == "almaty-peak"
    assert notices(at) == []


def test_a_ten_thousand_character_step_is_shortened_in_the_notice():
    at = run_app(step=LONG)
    assert_first_step(at)
    [notice] = notices(at)
    assert "x" * 39 + "…" in notice and "x" * 41 not in notice
    assert all(LONG not in h.proto.body for h in at.html)


@pytest.mark.parametrize("value", [SCRIPT, IMG, "javascript:alert(1)", "almaty-peak<svg onload=alert(1)>"])
def test_html_in_the_step_is_shown_as_text_in_the_notice(value):
    at = run_app(step=value)
    assert_first_step(at)
    [notice] = notices(at)
    assert html.escape(value) in notice
    body = notice.removeprefix('<p class="sm-notice" role="status">').removesuffix("</p>")
    assert "<" not in body and ">" not in body and '"' not in body, body


def test_a_repeated_step_uses_the_first_real_step_and_leaves_one_value_in_the_address():
    # `?step=nowhere&step=almaty-peak`: st.query_params.get_all("step") gives both, `get` the last.
    at = run_app(step=["nowhere", "almaty-peak"])
    assert title(at) == "Almaty alone"
    assert at.query_params["step"] == "almaty-peak"
    assert notices(at) == []


def test_a_repeated_unknown_step_names_the_first_value():
    at = run_app(step=["a", "b"])
    assert_first_step(at)
    assert at.query_params["step"] == "west"
    [notice] = notices(at)
    assert "“a”" in notice


@pytest.mark.parametrize(
    "value", ["../../etc/passwd", "/etc/passwd", "..%2f..", "../story/qantar-2022", "qantar-2022.ru"]
)
def test_a_story_outside_the_story_folder_is_refused(value):
    at = run_app(story=value)
    assert_first_step(at)
    page = "\n".join(h.proto.body for h in at.html)
    assert "root:" not in page
    [notice] = notices(at)
    assert "There is no story called" in notice and "showing the default story" in notice
    assert "story" not in at.query_params, "a reload or a shared link does not repeat the refusal"


def test_a_story_in_the_story_folder_is_played():
    at = run_app(story="qantar-2022", step="nowhere")
    flagship = load_story(FLAGSHIP)
    assert title(at) == flagship.steps[0].title
    assert at.query_params["step"] == flagship.steps[0].id
    [notice] = notices(at)
    assert "There is no step “nowhere”" in notice


@pytest.mark.browser
@pytest.mark.parametrize(
    "query",
    [
        "step=%3Cscript%3Ealert(1)%3C/script%3E",
        "step=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "story=..%2F..%2Fetc%2Fpasswd&step=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    ],
)
def test_a_hostile_address_runs_no_script_in_the_browser(page: Page, flagship_server, query):
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    open_story(page, f"{flagship_server.url}/?{query}")
    flagship = load_story(FLAGSHIP)
    assert heading(page) == flagship.steps[0].title
    assert step_param(page) == flagship.steps[0].id
    notice = page.locator(".sm-notice").first
    expect(notice).to_be_visible()
    if query.startswith("story="):
        expect(notice).to_contain_text("There is no story called “../../etc/passwd”")
    else:
        expect(notice).to_contain_text("showing the first step")
        expect(notice).to_contain_text("alert(1)")
    assert page.locator(".sm-notice img, .sm-notice script").count() == 0
    assert dialogs == []
