"""The table of translatable fields (story/format/translation/fields.py) is the one list: the translation
file's models have exactly its fields, the reader takes each from where it says and lists each it lacks,
and the template offers each."""

from __future__ import annotations

import itertools
import re
import types
import typing

import pytest
from pydantic import BaseModel

from story.format.files import FLAGSHIP
from story.format.loader import load_story
from story.format.model import Story
from story.format.translation import apply_translation, translation_template
from story.format.translation.fields import FIELDS, TextOf, Where, texts
from story.format.translation.model import StepText, StoryText
from tests.conftest import TEST_STORIES

STORIES = [*sorted(p for p in TEST_STORIES.glob("*.yaml") if p.name.count(".") == 1), FLAGSHIP]
# What says which item is which, or belongs to the translation itself: not a text of the original.
IDENTITY = {"id", "url", "layers"}
OWN = {"translation_of", "language", "note", "publishers"}


def _model_of(annotation: object) -> type[BaseModel] | None:
    # The model a field holds, itself, in a list or beside None.
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType):
        return next((m for arg in typing.get_args(annotation) if (m := _model_of(arg))), None)
    return None


def model_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    """The text fields of a translation model, keys left out ("steps.places.name")."""
    found = set()
    for name, info in model.model_fields.items():
        if name in IDENTITY or (not prefix and name in OWN):
            continue
        inner = _model_of(info.annotation)
        found |= model_fields(inner, f"{prefix}{name}.") if inner else {f"{prefix}{name}"}
    return found


def test_the_translation_files_models_have_exactly_the_tables_fields():
    table = {re.sub(r"\[[a-z]*\]", "", row.path) for row in FIELDS}
    assert model_fields(StoryText) == table


@pytest.fixture(scope="module", params=STORIES, ids=lambda p: p.name)
def story(request, catalog) -> Story:
    return load_story(request.param, catalog)


def test_the_table_finds_texts_in_every_kind_of_place():
    # The stories the tests below run on hold a text of every row (else a row would go unchecked).
    found = {text.row.path for path in STORIES for text in texts(load_story(path))}
    assert found == {row.path for row in FIELDS} - {"steps[id].figure.sources[url].title"}


def _set(tree: dict, where: Where, value: object) -> None:
    # As the editor writes a translation file (story/editor/translate.py: set_translated), on plain data.
    node: object = tree
    for part, following in itertools.pairwise(where):
        if isinstance(part, str):
            assert isinstance(node, dict)
            node = node.setdefault(part, [] if not isinstance(following, str) else {})
        elif isinstance(part, int):
            assert isinstance(node, list)
            while len(node) <= part:
                node.append({})
            node = node[part]
        else:
            assert isinstance(node, list)
            key, wanted = part
            item = next((i for i in node if i.get(key) == wanted), None)
            if item is None:
                item = {key: wanted}
                node.append(item)
            node = item
    assert isinstance(node, dict) and isinstance(where[-1], str)
    node[where[-1]] = value


def _value_at(story: Story, field: str) -> object:
    node: object = story
    for name, index in re.findall(r"(\w+)(?:\[(\d+)\])?", field):
        node = getattr(node, name)
        if index:
            assert isinstance(node, list)
            node = node[int(index)]
    return node


def _translated(text: TextOf) -> object:
    lines = text.original.split("\n")
    return [f"T {line}" for line in lines] if text.row.kind == "lines" else f"T {text.original}"


def test_the_reader_takes_every_text_from_where_the_table_says(story):
    tree: dict = {"translation_of": "x.yaml", "language": "xx", "steps": [{"id": step.id} for step in story.steps]}
    for text in texts(story):
        _set(tree, text.where, _translated(text))
    shown = apply_translation(story, StoryText.model_validate(tree))
    assert {field for field in shown.untranslated if not field.startswith("publishers[")} == set()
    for text in texts(story):
        assert _value_at(shown.story, text.field) == _translated(text), text.field


def test_the_reader_lists_every_marked_text_a_translation_lacks(story):
    empty = StoryText(translation_of="x.yaml", language="xx", steps=[StepText(id=step.id) for step in story.steps])
    shown = apply_translation(story, empty)
    expected = set()
    for text in texts(story):
        if text.row.marked:
            items = text.original.split("\n") if text.row.kind == "lines" else [None]
            expected |= {text.field if i is None else f"{text.field}[{n}]" for n, i in enumerate(items)}
    assert {field for field in shown.untranslated if not field.startswith("publishers[")} == expected


def test_the_template_offers_every_text_of_the_table_in_the_original_words(story):
    template = translation_template(story, "x.yaml", "xx")
    for text in texts(story):
        node: object = template
        for part in text.where:
            if isinstance(part, tuple):
                assert isinstance(node, list)
                node = next(item for item in node if item.get(part[0]) == part[1])
            else:
                node = node[part]  # type: ignore[index]
        original = text.original.split("\n") if text.row.kind == "lines" else text.original
        assert node == original, text.field
