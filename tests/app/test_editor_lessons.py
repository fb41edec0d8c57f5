"""The editor's form for the story's lessons: a lesson added by a teacher is written where the format wants
it, and a step it names that the story has not is the checker's problem at its field."""

from __future__ import annotations

from tests.app.test_editor import _box, _button, download, editor, load_story_bytes, run
from tests.support.server import ROOT

WALK = ROOT / "tests" / "stories" / "walk.yaml"


def test_a_lesson_added_in_the_editor_plays_its_steps_and_a_wrong_step_is_named_at_its_field():
    at = editor("--story", str(WALK))
    fill = [
        ("Add a lesson", None),
        ("Title of the lesson (required)", "The west"),
        ("Short name (id): the lesson's address, ?lesson=… (required)", "west"),
        ("Its steps: step ids, or ranges first..last (one per line) (required)", "zhanaozen..atyrau\nkazan"),
        ("About how many minutes", "20"),
    ]
    for label, value in fill:
        _button(at, label).click() if value is None else _box(at, label).set_value(value)
        run(at)
    # The problem, listed as a button that leads to the field.
    assert any(b.label.startswith("Lesson 1, line 2: the story has no step 'kazan'") for b in at.button)
    _box(at, "Its steps: step ids, or ranges first..last (one per line) (required)").set_value("zhanaozen..atyrau")
    run(at)
    assert not [b.label for b in at.button if b.label.startswith("Lesson 1")]
    [lesson] = load_story_bytes(download(at)).lessons
    assert (lesson.id, lesson.title, lesson.steps, lesson.minutes) == ("west", "The west", ["zhanaozen..atyrau"], 20)
