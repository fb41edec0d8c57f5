"""Helpers for the app's fast tests (AppTest): run the script, read what it sent the player.

AppTest cannot click inside a component, but it can read what the app gave it: the
player's data (every step's sections and map state, the step it opens on, the notice)
is the contract between the server and the browser, and these tests check it.
"""

from __future__ import annotations

import json
import re
import sys
from html import unescape

from streamlit.testing.v1 import AppTest

from tests.support.server import ROOT

APP = str(ROOT / "app.py")
STORIES = ROOT / "tests" / "stories"
THREE_STEPS = str(STORIES / "three-steps.yaml")


def run_app(story_file: str = THREE_STEPS, /, **query: str | list[str]) -> AppTest:
    """The app playing `story_file` (its `--story`), opened with this query string."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.story_path = story_file
    return rerun(at)


def rerun(at: AppTest) -> AppTest:
    # app.py reads `--story` from its command line (`streamlit run app.py -- --story X`).
    return run_with_args(at, ["--story", at.story_path])


def run_with_args(at: AppTest, args: list[str]) -> AppTest:
    """Run the script with these command-line options (`streamlit run app.py -- ARGS`)."""
    saved = sys.argv
    sys.argv = ["app.py", *args]
    try:
        at.run()
    finally:
        sys.argv = saved
    assert not at.exception, at.exception
    return at


def component_data(at: AppTest, name: str) -> dict:
    [element] = [e for e in at.get("bidi_component") if e.proto.component_name == name]
    return json.loads(element.proto.bytes.decode("utf-8") if element.proto.bytes else element.proto.json)


def player(at: AppTest) -> dict:
    """The data the app gave the story player."""
    return component_data(at, "qantar_player")


def opening(at: AppTest) -> dict:
    """The step the player opens on: its id, title and sections."""
    data = player(at)
    [step] = [step for step in data["steps"] if step["id"] == data["start"]]
    return step


def text_of(html: str) -> str:
    """What a reader sees of an HTML fragment: its text, tags dropped, spaces folded."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(step: dict, kind: str) -> str | None:
    """The HTML of one section of a step, or None when the step has none of that kind."""
    match = re.search(rf'<div class="sm-section[^"]*" data-section="{kind}">(.*?)</div>(?=<div class="sm-section|$)',
                      step["html"], re.S)  # fmt: skip
    return match.group(1) if match else None


def notices(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.html if h.proto.body.startswith('<p class="sm-notice"')]
