"""The app without a browser (AppTest): stepping, the step list and addresses change what is shown."""

from __future__ import annotations

import json
import re
import sys

import pytest
from streamlit.testing.v1 import AppTest

from story.format.files import FLAGSHIP
from tests.conftest import ROOT, TEST_STORIES

APP = str(ROOT / "app.py")
THREE_STEPS = str(TEST_STORIES / "three-steps.yaml")


def run_app(story: str = THREE_STEPS, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.story_path = story
    return rerun(at)


def rerun(at: AppTest) -> AppTest:
    # app.py reads `--story` from its command line (`streamlit run app.py -- --story X`).
    saved = sys.argv
    sys.argv = ["app.py", "--story", at.story_path]
    try:
        at.run()
    finally:
        sys.argv = saved
    assert not at.exception, at.exception
    return at


def title(at: AppTest) -> str:
    return at.header[0].value.replace("\\", "")


def map_args(at: AppTest) -> dict:
    """What the app asked the map to show: streamlit-folium's arguments."""
    [element] = [e for e in at.get("component_instance") if "st_folium" in e.proto.component_name]
    return json.loads(element.proto.json_args)


def shown_step(at: AppTest) -> str:
    match = re.search(r"showStep\((.*)\);", map_args(at)["feature_group"])
    return json.loads(match.group(1))["step"]


def step_list(at: AppTest):
    return next(box for box in at.selectbox if box.label == "Jump to step")


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_first_step_is_shown_with_previous_disabled():
    at = run_app()
    assert title(at) == "Zhanaozen and Almaty"
    assert button(at, "Previous").disabled and not button(at, "Next").disabled
    assert any("Step 1 of 3" in h.proto.body for h in at.html)
    assert at.query_params["step"] == "west"
    assert shown_step(at) == "west"


def test_next_and_previous_move_the_narrative_the_address_and_the_map():
    at = run_app()
    base_script = map_args(at)["script"]
    button(at, "Next").click()
    rerun(at)
    assert title(at) == "Almaty alone"
    assert at.query_params["step"] == "almaty-peak"
    assert shown_step(at) == "almaty-peak"
    assert map_args(at)["script"] == base_script, "the base map must not change between steps"
    button(at, "Next").click()
    rerun(at)
    assert title(at) == "Far away" and button(at, "Next").disabled
    button(at, "Previous").click()
    rerun(at)
    assert title(at) == "Almaty alone"


def test_the_step_list_jumps_to_any_step():
    at = run_app()
    step_list(at).select("new-york")
    rerun(at)
    assert title(at) == "Far away"
    assert at.query_params["step"] == "new-york"
    assert step_list(at).value == "new-york"


def test_an_address_opens_its_step():
    at = run_app(step="almaty-peak")
    assert title(at) == "Almaty alone"
    assert step_list(at).value == "almaty-peak"
    assert shown_step(at) == "almaty-peak"


@pytest.mark.parametrize("bad", ["nowhere", "<b>x</b>", "9"])
def test_a_bad_address_shows_the_first_step_and_a_notice(bad):
    at = run_app(step=bad)
    assert title(at) == "Zhanaozen and Almaty"
    notices = [h.proto.body for h in at.html if h.proto.body.startswith('<p class="sm-notice"')]
    assert len(notices) == 1 and "showing the first step" in notices[0]
    assert "<b>" not in notices[0]
    assert at.query_params["step"] == "west"


def test_the_narrative_shows_date_body_quote_sources_and_notes():
    at = run_app(step="almaty-peak")
    html = "\n".join(h.proto.body for h in at.html)
    assert "5 January 2022" in html
    assert "A short quotation." in html and "Someone" in html
    assert "Other sources" in html and "https://example.org/other" in html


def test_the_flagship_plays_every_step_without_an_error():
    at = run_app(str(FLAGSHIP))
    total = len(step_list(at).options)
    assert total >= 14
    for number in range(1, total):
        button(at, "Next").click()
        rerun(at)
        assert any(f"Step {number + 1} of {total}" in h.proto.body for h in at.html)
    assert button(at, "Next").disabled
