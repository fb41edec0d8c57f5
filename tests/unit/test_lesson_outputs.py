"""`--lesson` on the outputs: the offline copy, the SCORM package and the handout hold only the lesson's steps."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from pypdf import PdfReader

from story.cli import main as story_command
from tests.conftest import TEST_STORIES

STORY = TEST_STORIES / "lessons.yaml"
# The lesson `west` of tests/stories/lessons.yaml: [aktau..aktobe, zhanaozen, kyzylorda], in the story's order.
WEST = ["zhanaozen", "aktau", "atyrau", "aktobe", "kyzylorda"]
WEST_TITLES = ["Step 1: Zhanaozen", "Step 2: Aktau", "Step 3: Atyrau", "Step 4: Aktobe", "Step 6: Kyzylorda"]


def player_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="story-data">(.*?)</script>', html, re.S)
    assert found, "the copy holds no player data"
    return json.loads(found.group(1))


def test_the_offline_copy_of_a_lesson_plays_only_its_steps(tmp_path: Path):
    output = tmp_path / "west.html"
    assert story_command(["export", str(STORY), "--lesson", "west", "-o", str(output)]) == 0
    data = player_data(output.read_text(encoding="utf-8"))
    assert [step["id"] for step in data["steps"]] == WEST
    assert [point["stepId"] for point in data["timeline"]["points"]] == WEST
    # Another step's text is nowhere in the file.
    assert "Step 9 of the walk is in Almaty" not in output.read_text(encoding="utf-8")


def test_the_scorm_package_of_a_lesson_holds_only_its_steps(tmp_path: Path):
    output = tmp_path / "west.zip"
    assert story_command(["export", str(STORY), "--scorm", "--lesson", "west", "-o", str(output)]) == 0
    with zipfile.ZipFile(output) as archive:
        data = player_data(archive.read("index.html").decode("utf-8"))
    assert [step["id"] for step in data["steps"]] == WEST


def test_the_handout_of_a_lesson_has_a_section_for_each_of_its_steps_only(tmp_path: Path):
    output = tmp_path / "west.pdf"
    url = "https://school.example/qantar/"
    assert story_command(["handout", str(STORY), "--lesson", "west", "--url", url, "-o", str(output)]) == 0
    reader = PdfReader(output)
    assert [entry.title for entry in reader.outline] == WEST_TITLES
    first = " ".join(reader.pages[reader.get_destination_page_number(reader.outline[0])].extract_text().split())
    assert first.startswith("Step 1 of 5 · ")
    # The QR code's address (printed beside it) plays the step inside the lesson.
    assert "lesson=west" in " ".join(page.extract_text() for page in reader.pages).replace(" ", "")


def test_an_unknown_lesson_is_refused_with_the_lessons_the_story_has(tmp_path: Path, capsys):
    assert story_command(["export", str(STORY), "--lesson", "nope", "-o", str(tmp_path / "x.html")]) == 1
    assert "no lesson 'nope'; its lessons: west, east, one" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()
