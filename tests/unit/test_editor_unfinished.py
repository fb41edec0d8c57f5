"""Self-checks begun and not finished (story/editor/unfinished.py): what each still needs, the story
previewed without them, and what a find check and a multiple choice offer to choose from."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap

from story.editor.draft import add_item, load_draft, problems
from story.editor.unfinished import checks_with_problems, find_targets, missing, without_checks
from tests.conftest import TEST_STORIES


def three_steps():
    return load_draft((TEST_STORIES / "three-steps.yaml").read_bytes(), "three-steps.yaml")


def test_what_a_check_still_needs_is_named_in_the_order_it_is_filled():
    assert missing({"question": "", "find": "", "explain": ""}) == ["question", "find", "explain"]
    assert missing({"question": "Где Жанаозен?", "find": "", "explain": "На западе."}) == ["find"]
    assert missing({"question": "Q", "find": "zhanaozen", "explain": "E"}) == []
    assert missing({"question": "Q", "choices": ["Алматы"], "explain": "E"}) == ["choices", "answer"]
    assert missing({"question": "Q", "choices": ["Алматы", "Астана"], "answer": "Астана", "explain": "E"}) == []


def test_a_new_find_check_stops_the_story_and_the_preview_plays_it_without_that_check(catalog):
    draft = three_steps()
    add_item(draft, ("steps", 0, "check"), CommentedMap([("question", ""), ("find", ""), ("explain", "")]))
    story, found = problems(draft, catalog)
    assert story is None and found
    checks = checks_with_problems(found)
    assert checks == {(0, len(draft.step(0)["check"]) - 1)}
    shown = without_checks(draft, checks)
    played, left = problems(shown, catalog)
    assert played is not None and left == []
    assert played.steps[0].title == "Zhanaozen and Almaty"
    assert draft.step(0)["check"][-1]["find"] == ""  # the teacher's draft keeps the check she is writing


def test_a_problem_outside_the_checks_still_stops_the_preview(catalog):
    draft = three_steps()
    add_item(draft, ("steps", 0, "check"), CommentedMap([("question", ""), ("find", ""), ("explain", "")]))
    draft.set(("steps", 1, "date"), "2022-13-45")
    assert checks_with_problems(problems(draft, catalog)[1]) is None


def test_a_find_check_offers_the_steps_places_by_name_and_its_layers_features_by_their_names(catalog):
    step = three_steps().step(0)
    offered = find_targets(step, catalog, "ru")
    assert list(offered)[:2] == ["zhanaozen", "almaty"]  # the step's places first, as listed
    assert offered["zhanaozen"] == "Zhanaozen"
    region = offered["kazakhstan-regions:KZ-MAN"]
    assert "Мангистау" in region or "Мангыстау" in region, region  # the feature's name in Russian
    assert all(":" in key for key in list(offered)[2:])
    # Every value offered is one the checker accepts for this step.
    draft = three_steps()
    for key in list(offered)[:3]:
        draft.set(("steps", 0, "check"), [{"question": "Q", "find": key, "explain": "E"}])
        assert problems(draft, catalog)[1] == [], key
