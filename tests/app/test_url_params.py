"""Hostile and odd addresses: whatever `?step=` and `?story=` hold, the viewer gets a real step and a plain notice.

AppTest checks what the player is given (the step it opens on, the notice it shows as text, what it takes out
of the address); tests/browser/test_addresses.py checks that nothing of it runs in a real page.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from story.format.files import FLAGSHIP
from story.format.loader import load_story
from story.reader.text import escape
from tests.support.app import THREE_STEPS, notices, opening, player
from tests.support.app import run_app as run

FIRST = "Zhanaozen and Almaty"
LONG = "x" * 10_000
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def run_app(**query: str | list[str]) -> AppTest:
    """The three-step story with this query string (`story` here is the `?story=` parameter)."""
    return run(THREE_STEPS, **query)


def notice_of(at: AppTest) -> str | None:
    """The notice the player shows (as text) about the address, until the viewer moves on."""
    return player(at)["notice"]


def assert_first_step(at: AppTest) -> None:
    assert opening(at)["title"] == FIRST, "the player opens on the first step (and writes it into the address)"


def test_an_empty_step_shows_the_first_step_without_a_notice():
    at = run_app(step="")
    assert_first_step(at)
    assert notice_of(at) is None and notices(at) == []


@pytest.mark.parametrize("value", ["nowhere", "1", "2", "-1", "0x1", "WEST", "west/../new-york", "west;new-york"])
def test_an_unknown_step_shows_the_first_step_and_names_the_value(value):
    at = run_app(step=value)
    assert_first_step(at)
    assert notice_of(at) == f"There is no step “{value}” in this story; showing the first step."


def test_a_step_with_spaces_around_it_is_still_found():
    at = run_app(step="  almaty-peak ")
    assert opening(at)["title"] == "Almaty alone"
    assert notice_of(at) is None


def test_a_ten_thousand_character_step_is_shortened_in_the_notice():
    at = run_app(step=LONG)
    assert_first_step(at)
    notice = notice_of(at)
    assert "x" * 39 + "…" in notice and "x" * 41 not in notice
    assert LONG not in str(player(at)) and all(LONG not in h.proto.body for h in at.html)


@pytest.mark.parametrize("value", [SCRIPT, IMG, "javascript:alert(1)", "almaty-peak<svg onload=alert(1)>"])
def test_html_in_the_step_reaches_the_notice_as_the_text_it_is(value):
    # The player writes the notice as text (textContent): the browser test shows no element comes of it.
    at = run_app(step=value)
    assert_first_step(at)
    assert value in notice_of(at)
    # The opening step the page draws first shows the notice too, escaped: text in a paragraph, never
    # markup nor an attribute's value.
    for element in at.html:
        assert value not in element.proto.body or value == escape(value), "no page element carries it as markup"
        assert f'="{value}' not in element.proto.body


def test_a_repeated_step_uses_the_first_real_step_and_leaves_one_value_in_the_address():
    # `?step=nowhere&step=almaty-peak`: st.query_params.get_all("step") gives both, `get` the last.
    at = run_app(step=["nowhere", "almaty-peak"])
    assert opening(at)["title"] == "Almaty alone"
    assert notice_of(at) is None


def test_a_repeated_unknown_step_names_the_first_value():
    at = run_app(step=["a", "b"])
    assert_first_step(at)
    assert "“a”" in notice_of(at)


@pytest.mark.parametrize(
    "value", ["../../etc/passwd", "/etc/passwd", "..%2f..", "../story/qantar-2022", "qantar-2022.ru"]
)
def test_a_story_outside_the_story_folder_is_refused(value):
    at = run_app(story=value)
    assert_first_step(at)
    page = "\n".join(h.proto.body for h in at.html)
    assert "root:" not in page and "root:" not in str(player(at))
    notice = notice_of(at)
    assert "There is no story called" in notice and "showing the default story" in notice
    assert player(at)["removeFromAddress"] == ["story"], "a reload or a shared link does not repeat the refusal"


def test_a_story_in_the_story_folder_is_played():
    at = run_app(story="qantar-2022", step="nowhere")
    flagship = load_story(FLAGSHIP)
    assert opening(at)["title"] == flagship.steps[0].title
    assert "There is no step “nowhere”" in notice_of(at)
    assert player(at)["removeFromAddress"] == []
