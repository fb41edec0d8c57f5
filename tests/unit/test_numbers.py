"""The checker on numbers in a translation: "2,000" in a Russian or Kazakh text is a warning at its line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from story.format.numbers import ENGLISH_NUMBER, no_break, number_warnings
from story.format.yamlsource import read_yaml
from tests.conftest import TEST_STORIES

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("2,000 troops", ["2,000"]),
        ("almost 10.000 detained", ["10.000"]),
        ("12,345,678", ["12,345,678"]),
        ("2\u00a0030 troops", []),
        ("1,5 million", []),  # a decimal comma, the Russian way
        ("in 2022, 300 people", []),
        ("version 1.2.3", []),
    ],
)
def test_an_english_number_is_a_group_of_three_digits_after_a_comma_or_a_point(text, found):
    assert [match.group(0) for match in ENGLISH_NUMBER.finditer(text)] == found


def test_a_translation_is_warned_where_it_writes_a_number_the_english_way_but_not_in_the_titles_it_cites():
    raw = (
        b"translation_of: x.yaml\nlanguage: kk\nsteps:\n  - id: a\n    body: |\n      Shortly: 2,030 soldiers.\n"
        b"    sources:\n      - {url: 'https://example.org/10,000', title: Almost 10,000 detained}\n"
    )
    data, source_map = read_yaml(raw, "x.kk.yaml")
    (warning,) = number_warnings(data, source_map, "x.kk.yaml", "kk")
    assert str(warning) == (
        "x.kk.yaml:5:11: warning: steps[0].body: '2,030' is written the English way; write '2 030', "
        "the groups of thousands parted by a no-break space"
    )
    assert number_warnings(data, source_map, "x.de.yaml", "de") == [], "only the languages whose convention we know"


def test_check_prints_the_warning_and_strict_fails_on_it(tmp_path):
    for name in ("three-steps.yaml", "three-steps.ru.yaml"):
        shutil.copy(TEST_STORIES / name, tmp_path / name)
    translation = tmp_path / "three-steps.ru.yaml"
    text = translation.read_text(encoding="utf-8")
    translation.write_text(text.replace("об одном городе.", "об одном городе с 2,000 жителей."), encoding="utf-8")

    def check(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "story", "check", *args, str(translation)]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)

    lenient = check()
    assert lenient.returncode == 0
    assert "1 warning)" in lenient.stdout and "'2,000' is written the English way" in lenient.stdout
    assert check("--strict").returncode == 1


# translation-review-3.md R14: «7 000», «2 000» were written with ordinary spaces and could break over two lines.
@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("из примерно 7 000 задержанных остаются 2 000.", "из примерно 7\u00a0000 задержанных остаются 2\u00a0000."),
        ("7 000-ға жуық адамның 2 000-ы", "7\u00a0000-ға жуық адамның 2\u00a0000-ы"),
        ("от 1,3 до 2,3 миллиона погибших, около 1,3 млн", "от 1,3 до 2,3\u00a0миллиона погибших, около 1,3\u00a0млн"),
        ("1 500 000 человек", "1\u00a0500\u00a0000 человек"),
        ("в 1920 году, 5 января, 38–42 %", "в 1920 году, 5 января, 38–42\u00a0%"),
        ("в 2022 2 030 военных", "в 2022 2\u00a0030 военных"),
    ],
)
def test_r14_no_break_keeps_numbers_and_their_units_on_one_line(text, kept):
    assert no_break(text) == kept


def test_r14_a_number_parted_by_an_ordinary_space_is_a_warning_and_the_command_fixes_it(tmp_path):
    for name in ("three-steps.yaml", "three-steps.ru.yaml"):
        shutil.copy(TEST_STORIES / name, tmp_path / name)
    translation = tmp_path / "three-steps.ru.yaml"
    text = translation.read_text(encoding="utf-8")
    translation.write_text(text.replace("об одном городе.", "об одном городе с 2 000 жителей."), encoding="utf-8")

    def story(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "story", *args, str(translation)]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)

    warned = story("check", "--strict")
    assert warned.returncode == 1 and "'2 000' can break over two lines" in warned.stdout
    assert story("no-break").stdout.strip() == f"{translation}: 1 space made no-break"
    assert "с 2\u00a0000 жителей" in translation.read_text(encoding="utf-8")
    assert story("check", "--strict").returncode == 0
