"""Every message of the checker has its Russian and Kazakh text, and says it with the problem's own values."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from story.format.loader import parse_story
from story.format.messages import Ref, say
from story.format.problems import StoryError
from story.reader.i18n import translator

ROOT = Path(__file__).resolve().parents[2]
# Where the checker's messages are written: the format's modules, the editor's reading of a file and of a picture.
CHECKER_FILES = [
    *sorted((ROOT / "story" / "format").rglob("*.py")),
    ROOT / "story" / "editor" / "draft.py",
    ROOT / "story" / "editor" / "folder.py",
]


def _templates() -> list[str]:
    found = set()
    for path in CHECKER_FILES:
        for _line, message, _comments, _context in extract_from_file("python", path, keywords={"say": None}):
            found.add(message if isinstance(message, str) else message[0])
    return sorted(found)


def _values(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


TEMPLATES = _templates()


def test_the_checker_writes_its_messages_with_say() -> None:
    # The walk below finds the templates; a checker that wrote f-strings again would leave it nothing to walk.
    assert len(TEMPLATES) > 150
    assert "must not be empty" in TEMPLATES
    assert "'{target}' is not a place of this step; find a place of the step, or 'layer:feature'" in TEMPLATES


def test_every_problem_of_the_checker_is_built_from_a_message() -> None:
    # `Problem(..., "text")` would print in English on every page; `Problem.of(..., say(...))` is translatable.
    plain = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in CHECKER_FILES
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Problem"
    ]
    assert plain == []


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_message_of_the_checker_is_translated(language: str) -> None:
    tr = translator(language)
    untranslated = [template for template in TEMPLATES if tr.gettext(template) == template]
    assert untranslated == []


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_translation_names_only_the_values_its_message_has(language: str) -> None:
    tr = translator(language)
    wrong = [template for template in TEMPLATES if not _values(tr.gettext(template)) <= _values(template)]
    assert wrong == []


def test_a_message_in_english_is_the_command_lines_and_a_reference_counts_from_one_in_a_translation() -> None:
    message = say("step id '{id}' is already used by {other}; every step needs its own id (it is the step's address)",
                  id="almaty", other=Ref("steps", 2))  # fmt: skip
    assert str(message) == (
        "step id 'almaty' is already used by steps[2]; every step needs its own id (it is the step's address)"
    )
    assert message.text(translator("ru").gettext) == "адрес «almaty» уже занят шагом 3; каждому шагу нужен свой адрес"
    assert "3-қадам" in message.text(translator("kk").gettext)


def test_a_problem_keeps_its_english_message_and_says_it_in_russian() -> None:
    raw = b"id: s\ntitle: T\nlanguage: en\nsteps:\n  - id: a\n    title: A\n    date: '2022'\n    body: x\n"
    raw += b"    view: {center: [43.2, 76.9], zoom: 40, alt: map}\n"
    with pytest.raises(StoryError) as raised:
        parse_story(raw, "s.yaml")
    zoom = next(problem for problem in raised.value.problems if problem.field.endswith("zoom"))
    assert str(zoom) == "s.yaml:9:40: steps[0].view.zoom: must be between 1 and 18 (got 40)"
    assert zoom.text(translator("ru").gettext) == "должно быть от 1 до 18 (сейчас: 40)"
    assert zoom.text(translator("kk").gettext) == "1 мен 18 аралығында болуы керек (қазір: 40)"
