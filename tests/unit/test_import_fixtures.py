"""The StoryMapJS fixtures, imported with the command teachers run, pass the checker; a picture story is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from story.cli import check_command, main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "storymapjs"


def imported(source: Path, directory: Path) -> Path:
    output = directory / f"{source.stem}.yaml"
    assert main(["import-storymapjs", str(source), "-o", str(output)]) == 0
    return output


@pytest.mark.parametrize("name", ["nightwatch.json", "instagram_couch.json", "hostile.json"])
def test_each_storymapjs_fixture_imports_into_a_story_the_checker_accepts(name, tmp_path, capsys):
    story_file = imported(FIXTURES / name, tmp_path)
    capsys.readouterr()
    assert check_command([story_file]) == 0
    assert capsys.readouterr().out.startswith(f"{story_file}: ok (")


def test_a_storymapjs_story_on_a_picture_is_refused_with_a_reason(tmp_path, capsys):
    output = tmp_path / "gameofthrones.yaml"
    assert main(["import-storymapjs", str(FIXTURES / "gameofthrones.json"), "-o", str(output)]) == 1
    assert "on an image (zoomify), not on a map" in capsys.readouterr().err
    assert not output.exists()
