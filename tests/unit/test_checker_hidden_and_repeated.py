"""L4 of the security review (and issue 29's checker rule): what the checker let through.

A repeated id in any list that has ids (the glossary's `lpg` twice, a layer listed twice with two roles)
and characters nobody sees (a right-to-left override that makes `exe.jpg` read `gpj.exe`, a zero width
space that makes two ids that look the same differ) are refused, each at the file, line and column of
the second item or of the field, with the field's path.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from story.cli import main as story_command
from story.format.loader import parse_story
from story.format.problems import StoryError
from story.format.translation import parse_translation
from tests.conftest import ROOT

BAD = "tests/bad_stories"


def checked(name: str, capsys, monkeypatch) -> str:
    """What `python -m story check` prints for one of the bad stories (it must fail)."""
    monkeypatch.chdir(ROOT)
    assert story_command(["check", f"{BAD}/{name}"]) != 0
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_l4_a_glossary_id_given_twice_is_refused_at_the_second(capsys, monkeypatch):
    output = checked("repeated-glossary-id.yaml", capsys, monkeypatch)
    assert f"{BAD}/repeated-glossary-id.yaml:9:9: glossary[1].id: glossary id 'lpg' is already used by glossary[0]" in (
        output
    )


def test_l4_a_word_two_glossary_terms_claim_is_refused_at_the_second(capsys, monkeypatch):
    output = checked("repeated-glossary-word.yaml", capsys, monkeypatch)
    assert f"{BAD}/repeated-glossary-word.yaml:12:13: glossary[1].forms[0]: 'LPG' is already a word of" in output


def test_l4_a_layer_listed_twice_in_a_step_is_refused_at_the_second(capsys, monkeypatch):
    output = checked("repeated-layer.yaml", capsys, monkeypatch)
    assert f"{BAD}/repeated-layer.yaml:17:14: steps[0].layers[2].id: layer 'kazakhstan' is listed twice" in output


def test_l4_a_place_listed_twice_in_a_step_is_refused_at_the_second(capsys, monkeypatch):
    output = checked("repeated-place.yaml", capsys, monkeypatch)
    assert f"{BAD}/repeated-place.yaml:16:14: steps[0].places[1].id: place 'almaty' is listed twice" in output


def test_l4_a_question_asked_twice_in_a_step_is_refused_at_the_second(capsys, monkeypatch):
    output = checked("repeated-check-question.yaml", capsys, monkeypatch)
    assert f"{BAD}/repeated-check-question.yaml:21:19: steps[0].check[1].question: this question is asked twice" in (
        output
    )


def test_l4_a_choice_given_twice_is_refused_at_the_second(capsys, monkeypatch):
    output = checked("repeated-choice.yaml", capsys, monkeypatch)
    assert f"{BAD}/repeated-choice.yaml:19:13: steps[0].check[0].choices[2]: this choice repeats choices[1]" in output


def test_l4_a_picture_shown_twice_in_a_step_is_refused_at_the_second(capsys, monkeypatch):
    output = checked("repeated-media.yaml", capsys, monkeypatch)
    assert f"{BAD}/repeated-media.yaml:20:14: steps[0].media[1].src: " in output and "shown twice" in output


def test_l4_a_discussion_question_given_twice_is_refused_at_the_second(capsys, monkeypatch):
    output = checked("repeated-discussion.yaml", capsys, monkeypatch)
    assert f"{BAD}/repeated-discussion.yaml:17:9: steps[0].discussion[2]: " in output


def test_l4_a_right_to_left_override_in_a_credit_is_refused(capsys, monkeypatch):
    output = checked("bidi-override.yaml", capsys, monkeypatch)
    assert f"{BAD}/bidi-override.yaml:18:17: steps[0].media[0].credit: holds the invisible character U+202E" in output


def test_l4_a_bidi_isolate_in_a_title_is_refused(capsys, monkeypatch):
    output = checked("bidi-isolate.yaml", capsys, monkeypatch)
    assert f"{BAD}/bidi-isolate.yaml:7:12: steps[0].title: holds the invisible character U+2068" in output


def test_l4_a_zero_width_space_is_refused_even_in_prose(capsys, monkeypatch):
    output = checked("zero-width-space.yaml", capsys, monkeypatch)
    assert f"{BAD}/zero-width-space.yaml:3:8: title: holds the invisible character U+200B (zero width space)" in output


def test_l4_a_word_joiner_in_the_text_is_refused(capsys, monkeypatch):
    output = checked("word-joiner-in-body.yaml", capsys, monkeypatch)
    assert f"{BAD}/word-joiner-in-body.yaml:9:11: steps[0].body: holds the invisible character U+2060" in output


def test_l4_a_joiner_in_an_address_is_refused(capsys, monkeypatch):
    output = checked("zero-width-joiner-in-address.yaml", capsys, monkeypatch)
    assert f"{BAD}/zero-width-joiner-in-address.yaml:16:14: steps[0].sources[0].url: " in output
    assert "U+200D (zero width joiner)" in output


def story_text(title: str = "T", body: str = "B", extra: str = "") -> bytes:
    return (
        f"id: t\ntitle: {title}\nlanguage: en\n{extra}steps:\n  - id: a\n    title: A\n    date: 2022-01-02\n"
        f"    body: {body}\n    view: {{center: [45, 60], zoom: 3, alt: A map.}}\n"
    ).encode()


def test_l4_prose_keeps_the_joiners_a_language_needs():
    # Persian writes ZWNJ inside words (می‌خواهم), emoji sequences join with ZWJ: prose keeps both.
    story = parse_story(story_text(title="می\u200cخواهم", body="A family \U0001f468\u200d\U0001f469\u200d\U0001f467."),
                        "t.yaml")  # fmt: skip
    assert "\u200c" in story.title and "\u200d" in story.steps[0].body


def test_l4_a_hidden_character_in_a_key_is_refused_at_the_key():
    with pytest.raises(StoryError) as caught:
        parse_story(story_text(extra="sub\u200btitle: S\n"), "t.yaml")
    assert "t.yaml:4:1: sub\\u200btitle: the key holds the invisible character U+200B" in str(caught.value)


def test_l4_a_translation_with_a_right_to_left_override_is_refused():
    raw = "language: ru\ntitle: Т\u202eест\nsteps: []\n".encode()
    with pytest.raises(StoryError, match=r"t\.ru\.yaml:2:8: title: holds the invisible character U\+202E"):
        parse_translation(raw, "t.ru.yaml")


def test_l4_the_three_flagship_files_still_pass_the_strict_check():
    files = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "story").glob("qantar-2022*.yaml"))
    assert len(files) == 3, files
    done = subprocess.run(
        [sys.executable, "-m", "story", "check", "--strict", *files], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
