"""`python -m story export|handout --lang`: the document in the reader's language, narrative and interface."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from pypdf import PdfReader

from story.cli import main
from story.format.files import FLAGSHIP

TEST_STORY = Path(__file__).resolve().parents[1] / "stories" / "three-steps.yaml"


def test_export_in_kazakh_tells_the_story_in_kazakh(tmp_path, capsys):
    output = tmp_path / "qantar-kk.html"
    assert main(["export", str(FLAGSHIP), "--lang", "kk", "--tiles", "none", "-o", str(output)]) == 0
    assert "text from qantar-2022.kk.yaml" in capsys.readouterr().out
    html = output.read_text(encoding="utf-8")
    assert '<html lang="kk">' in html
    assert "<title>Қанды қаңтар: Қазақстандағы 2022 жылғы қаңтар</title>" in html
    # Step 1's title, a later step's title, the interface and the dates, all in Kazakh.
    data = json.loads(re.search(r'<script type="application/json" id="story-data">(.*?)</script>', html, re.S)[1])
    steps = {step["id"]: step for step in data["steps"]}
    assert (steps["qandy-qantar"]["date"], steps["qandy-qantar"]["title"]) == (
        "2022 жылғы қаңтар",
        "Қанды қаңтар: Қазақстандағы 2022 жылғы қаңтар",
    )
    assert (steps["almaty-peak"]["date"], steps["almaty-peak"]["title"]) == ("2022 жылғы 5 қаңтар", "Алматы, 5 қаңтар")
    assert data["texts"]["next"] == "Келесі" and "Басқа дереккөздер" in html
    assert "The gas price doubles" not in html


def test_handout_in_russian_tells_the_story_in_russian(tmp_path, capsys):
    output = tmp_path / "three-steps-ru.pdf"
    assert main(["handout", str(TEST_STORY), "--lang", "ru", "-o", str(output)]) == 0
    assert "text from three-steps.ru.yaml" in capsys.readouterr().out
    pages = [page.extract_text() for page in PdfReader(output).pages]
    first = " ".join(pages[0].split())
    assert "Три шага" in first
    assert "24 января 2022 г." in first
    steps = " ".join(" ".join(page.split()) for page in pages[1:])
    assert "Шаг 2 из 3" in steps
    assert "Только Алматы" in steps and "Далеко" in steps
    assert "Almaty alone" not in steps


def test_a_language_without_a_translation_keeps_the_text_and_says_so(tmp_path, capsys):
    story = tmp_path / TEST_STORY.name
    shutil.copy(TEST_STORY, story)
    output = tmp_path / "three-steps.html"
    assert main(["export", str(story), "--lang", "ru", "--tiles", "none", "-o", str(output)]) == 0
    assert "no Русский translation beside it (three-steps.ru.yaml)" in capsys.readouterr().err
    html = output.read_text(encoding="utf-8")
    assert "Zhanaozen and Almaty" in html  # the narrative as written
    assert "Далее" in html  # the interface in the language asked for


def test_a_broken_translation_stops_the_export_with_its_line(tmp_path, capsys):
    story = tmp_path / TEST_STORY.name
    shutil.copy(TEST_STORY, story)
    (tmp_path / "three-steps.kk.yaml").write_text(
        "translation_of: three-steps.yaml\nlanguage: kk\nsteps:\n  - id: west\n", encoding="utf-8"
    )
    output = tmp_path / "three-steps.html"
    assert main(["export", str(story), "--lang", "kk", "--tiles", "none", "-o", str(output)]) == 1
    assert "three-steps.kk.yaml:4:3: steps: step 'almaty-peak' of the original is missing" in capsys.readouterr().err
    assert not output.exists()
