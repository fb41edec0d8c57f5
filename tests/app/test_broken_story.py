"""L3 of the security review: a story file broken while the app runs does not take the lesson down."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.app import THREE_STEPS, player, run_app


def _titles(at) -> list[str]:
    return [step["title"] for step in player(at)["steps"]]


def _shown_text(at) -> str:
    return " ".join(str(element.value) for element in at.get("html"))


def test_l3_a_story_broken_while_the_app_runs_keeps_playing_its_last_good_version(tmp_path: Path):
    story = tmp_path / "lesson.yaml"
    shutil.copy(THREE_STEPS, story)
    before = _titles(run_app(str(story)))
    assert before

    # Half-written, as by a save in progress or a full disk: a new viewer still gets the lesson.
    whole = story.read_bytes()
    story.write_bytes(whole[: len(whole) // 2])
    half = run_app(str(story))
    assert _titles(half) == before
    assert "This story cannot be shown yet" not in _shown_text(half)

    story.unlink()
    assert _titles(run_app(str(story))) == before


def test_l3_a_story_that_never_loaded_shows_its_problems_but_not_where_the_server_keeps_it(tmp_path: Path):
    story = tmp_path / "private" / "never-whole.yaml"
    story.parent.mkdir()
    story.write_text("title: [unclosed\n", encoding="utf-8")
    at = run_app(str(story))
    shown = _shown_text(at)
    assert "This story cannot be shown yet" in shown
    assert "never-whole.yaml:1:" in shown
    assert str(tmp_path) not in shown and "/private/" not in shown
