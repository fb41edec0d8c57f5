"""The story loader and checker: valid stories load, every kind of mistake names its line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from story.format.files import FLAGSHIP
from story.format.loader import load_story, parse_story
from story.format.problems import StoryError
from tests.conftest import ROOT, TEST_STORIES

VALID = """\
id: two-cities
title: Two cities
language: en
steps:
  - id: first
    title: First
    date: 2022-01-05
    body: Hello **world**.
    view: {center: [43.25, 76.95], zoom: 6, alt: Almaty in south-east Kazakhstan}
    places:
      - {id: almaty, name: Almaty, lat: 43.25, lon: 76.95}
    layers:
      - kazakhstan
      - {id: kazakhstan-regions, highlight: [KZ-MAN]}
  - id: second
    title: Second
    date: 1930/1933
    body: Bye.
    view:
      fit: [almaty, zhanaozen, kazakhstan-regions:KZ-MAN]
      alt: Two cities
    places:
      - {id: zhanaozen, name: Zhanaozen, lat: 43.34, lon: 52.86}
"""


def problems_of(text: str, catalog) -> list[str]:
    with pytest.raises(StoryError) as caught:
        parse_story(text.encode("utf-8"), "story.yaml", catalog)
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_story_loads_with_its_steps_places_and_layers(catalog):
    story = parse_story(VALID.encode(), "story.yaml", catalog)
    assert [step.id for step in story.steps] == ["first", "second"]
    assert story.steps[0].layers[0].id == "kazakhstan"
    assert story.steps[0].layers[1].highlight == ["KZ-MAN"]
    assert story.steps[1].view.fit == ["almaty", "zhanaozen", "kazakhstan-regions:KZ-MAN"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("zoom: 6,", "zoom: 40,", "story.yaml:9:42: steps[0].view.zoom: must be between 1 and 18 (got 40)"),
        (
            "center: [43.25, 76.95]",
            "center: [43.25, 196.95]",
            "story.yaml:9:28: steps[0].view.center[1]: must be between -180 and 180 (got 196.95)",
        ),
        (
            "lat: 43.34",
            "lat: 143.34",
            "story.yaml:23:47: steps[1].places[0].lat: must be between -90 and 90 (got 143.34)",
        ),
        ("    date: 2022-01-05\n", "", "story.yaml:5:5: steps[0].date: required field is missing"),
        (
            "    body: Bye.",
            "    bodyy: Bye.",
            "story.yaml:18:5: steps[1].bodyy: unknown field 'bodyy'; did you mean 'body'?",
        ),
        ("date: 2022-01-05", "date: 2022-13-05", "story.yaml:7:11: steps[0].date: is not a real date"),
        ("date: 1930/1933", "date: 1933/1930", "story.yaml:17:11: steps[1].date: range ends before it starts"),
        ("id: second", "id: Second Step", "story.yaml:15:9: steps[1].id: must be lowercase letters"),
        ("title: First", "title: [First]", "story.yaml:6:12: steps[0].title: must be text (got a list)"),
        ("language: en", "language: English", "story.yaml:3:11: language: must be a language code"),
        ("alt: Two cities", "alt: ''", "story.yaml:21:12: steps[1].view.alt: must not be empty"),
        (
            "      fit: [almaty, zhanaozen, kazakhstan-regions:KZ-MAN]\n",
            "",
            "story.yaml:20:7: steps[1].view: give center and zoom, or fit",
        ),
    ],
)
def test_each_mistake_names_its_line_column_and_field(old, new, expected, catalog):
    assert old in VALID
    problems = problems_of(VALID.replace(old, new, 1), catalog)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_a_duplicate_step_id_points_at_the_second_one(catalog):
    problems = problems_of(VALID.replace("id: second", "id: first"), catalog)
    assert problems == [
        "story.yaml:15:9: steps[1].id: step id 'first' is already used by steps[0]; "
        "every step needs its own id (it is the step's address)"
    ]


def test_an_unknown_layer_is_an_error_with_its_line(catalog):
    problems = problems_of(VALID.replace("      - kazakhstan\n", "      - kazakhstann\n"), catalog)
    assert len(problems) == 1
    assert problems[0].startswith("story.yaml:13:9: steps[0].layers[0].id: unknown layer 'kazakhstann'")


def test_an_unknown_highlighted_feature_or_fit_target_is_an_error(catalog):
    problems = problems_of(VALID.replace("highlight: [KZ-MAN]", "highlight: [KZ-XXX]"), catalog)
    assert problems[0].startswith(
        "story.yaml:14:46: steps[0].layers[1].highlight[0]: layer 'kazakhstan-regions' has no feature 'KZ-XXX'"
    )
    problems = problems_of(VALID.replace("fit: [almaty,", "fit: [atlantis,"), catalog)
    assert problems[0].startswith("story.yaml:20:13: steps[1].view.fit[0]: 'atlantis' is neither a place")


def test_one_place_id_at_two_positions_is_an_error(catalog):
    text = VALID.replace("{id: zhanaozen, name: Zhanaozen", "{id: almaty, name: Zhanaozen")
    problems = problems_of(text, catalog)
    expected = "story.yaml:23:9: steps[1].places[0]: place 'almaty' is at 43.34, 52.86 here"
    assert any(problem.startswith(expected) for problem in problems), problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id: x\n\ttitle: y\n", "story.yaml:2:1: not valid YAML"),
        ("id: x\ntitle: 'unclosed\n", "story.yaml:2:8: not valid YAML"),
        ("a: &anchor 1\nb: *anchor\n", "story.yaml:1:4: anchors and aliases"),
        ("id: !python/object x\n", "story.yaml:1:5: id: custom tags like '!python/object' are not allowed"),
        ("id: x\nid: y\n", "story.yaml:2:1: 'id' appears twice in the same block"),
        ("id: x\n---\nid: y\n", "story.yaml:2:1: a story file holds one document"),
        ("", "story.yaml:1:1: the file is empty"),
        ("- just\n- a list\n", "story.yaml:1:1: a story file is a block of 'key: value' fields"),
        ("[" * 40 + "]" * 40, "story.yaml:1:33: nested more than 32 levels deep"),
    ],
)
def test_yaml_that_cannot_be_read_names_its_line(text, expected, catalog):
    problems = problems_of(text, catalog)
    assert problems[0].startswith(expected), problems


def test_non_utf8_bytes_name_their_line_and_column(catalog):
    raw = b"id: x\ntitle: caf" + b"\xe9\n"
    with pytest.raises(StoryError) as caught:
        parse_story(raw, "story.yaml", catalog)
    assert str(caught.value).startswith("story.yaml:2:11: the file is not UTF-8 text (byte 0xe9)")


def test_a_byte_order_mark_does_not_shift_line_numbers(catalog):
    raw = b"\xef\xbb\xbf" + VALID.replace("zoom: 6,", "zoom: 40,").encode()
    with pytest.raises(StoryError) as caught:
        parse_story(raw, "story.yaml", catalog)
    assert str(caught.value.problems[0]).startswith("story.yaml:9:42: steps[0].view.zoom")


def test_a_huge_file_is_refused_before_parsing(catalog):
    raw = b"id: x\n" + b"# padding\n" * 200_000
    with pytest.raises(StoryError, match=r"story.yaml:1:1: the file is 2.0 MB; a story file may be at most 1 MB"):
        parse_story(raw, "story.yaml", catalog)


def test_a_missing_file_is_a_problem_not_a_traceback(tmp_path: Path, catalog):
    with pytest.raises(StoryError, match="cannot read the file"):
        load_story(tmp_path / "nope.yaml", catalog)


def run_check(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "story", "check", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_command_exits_0_on_the_flagship_and_the_test_stories():
    # hostile.yaml plays, but its hostile media fail the check (tests/unit/test_media.py).
    stories = sorted(path for path in TEST_STORIES.glob("*.yaml") if path.name != "hostile.yaml")
    result = run_check(FLAGSHIP, *stories)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{FLAGSHIP}: ok" in result.stdout


def test_check_command_prints_file_line_col_and_exits_1_on_a_broken_copy(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    text = FLAGSHIP.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    zoom_line = next(i for i, line in enumerate(lines) if "zoom:" in line and "max_zoom" not in line)
    lines[zoom_line] = lines[zoom_line].split("zoom:")[0] + "zoom: 99\n"
    broken.write_text("".join(lines), encoding="utf-8")
    result = run_check(broken)
    assert result.returncode == 1
    column = lines[zoom_line].index("zoom:") + len("zoom: ") + 1
    assert f"{broken}:{zoom_line + 1}:{column}: steps[" in result.stdout
    assert "must be between 1 and 18 (got 99)" in result.stdout
