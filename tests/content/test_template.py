"""story/template.yaml (and template-ru.yaml, template-kk.yaml), the file teachers copy: small examples that pass
the checker, example sources that `check --strict` refuses, the rest of the format in its reference."""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML

from story.cli import check_command
from story.format.files import FLAGSHIP, STORY_DIR, original_of, resolve_story_request, translations_of
from story.format.loader import load_story
from story.format.model import Story
from tests.support.app import opening, run_app

TEMPLATE = STORY_DIR / "template.yaml"


def nested_models(annotation: object) -> list[type[BaseModel]]:
    """The models inside a field's type: `list[Source]`, `Quote | None`, `Annotated[...]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for argument in typing.get_args(annotation):
        found += nested_models(argument)
    return found


def model_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field of `model` and of the models inside it, as paths: `steps.view.max_zoom`."""
    paths = set()
    for name, info in model.model_fields.items():
        path = f"{prefix}{info.alias or name}"
        paths.add(path)
        for inner in nested_models(info.annotation):
            paths |= model_fields(inner, f"{path}.")
    return paths


def keys_used(data: object, prefix: str = "") -> set[str]:
    """Every key written in the file, as the same kind of paths (list items share their list's path)."""
    paths: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{prefix}{key}"
            paths.add(path)
            paths |= keys_used(value, f"{path}.")
    elif isinstance(data, list):
        for item in data:
            paths |= keys_used(item, prefix)
    return paths


# The template a teacher copies, in each language the editor speaks: each a story of its own.
TEMPLATES = {"en": TEMPLATE, "ru": STORY_DIR / "template-ru.yaml", "kk": STORY_DIR / "template-kk.yaml"}
# What a step may show; a small example shows one of them (issue 31: one step held them all).
EXAMPLE_BLOCKS = ("media", "figure", "time", "swipe", "quote", "other_sources")


def load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", TEMPLATES)
def test_the_template_passes_the_checker_but_not_strict_until_its_example_sources_are_replaced(
    language: str, tmp_path: Path, capsys
):
    template = TEMPLATES[language]
    assert check_command([template]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{template}: ok (4 steps; 3 warnings)\n")
    assert out.count("replace the template's example source") == 3
    assert check_command([template], strict=True) == 1
    capsys.readouterr()

    # The teacher's own sources in place of the examples: strict passes.
    story = load(template)
    story["source"].update(
        title="Kazakhstan", outlet="Encyclopaedia Britannica", url="https://www.britannica.com/place/Kazakhstan"
    )
    story["steps"][0]["sources"] = [
        {"title": "Kazakhstan", "url": "https://www.britannica.com/place/Kazakhstan", "kind": "encyclopedia"}
    ]
    mine = tmp_path / "my-story.yaml"
    with mine.open("w", encoding="utf-8") as out_file:
        YAML().dump(story, out_file)
    (tmp_path / "pictures").mkdir()
    shutil.copy(STORY_DIR / "pictures" / "kazakhstan-locator.png", tmp_path / "pictures")
    assert check_command([mine], strict=True) == 0, capsys.readouterr().out


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_russian_and_kazakh_templates_are_the_same_examples_written_in_their_language(language: str):
    english, written = load(TEMPLATE), load(TEMPLATES[language])
    assert written["language"] == language
    assert [step["id"] for step in written["steps"]] == [step["id"] for step in english["steps"]]
    assert keys_used(written) == keys_used(english)
    raw = TEMPLATES[language].read_text(encoding="utf-8")
    # Its text and its comments in its language (Cyrillic), not the English ones left in place.
    for step, original in zip(written["steps"], english["steps"], strict=True):
        assert step["title"] != original["title"] and step["body"] != original["body"]
    comments = [line for line in raw.splitlines() if line.lstrip().startswith("# ") and "$schema" not in line]
    assert sum(any("\u0400" <= char <= "\u04ff" for char in line) for line in comments) > len(comments) * 0.8


@pytest.mark.parametrize("language", TEMPLATES)
def test_the_template_is_small_examples_a_first_step_a_picture_a_figure_a_time_slider(language: str):
    steps = load(TEMPLATES[language])["steps"]
    shown = [[block for block in EXAMPLE_BLOCKS if block in step] for step in steps]
    assert shown == [[], ["media"], ["figure"], ["time"]]
    assert len(steps[1]["media"]) == 1


def test_what_the_template_leaves_out_is_in_the_format_reference():
    data = load(TEMPLATE)
    reference = (STORY_DIR.parent / "docs" / "story-format.md").read_text(encoding="utf-8")
    assert "docs/story-format.md" in TEMPLATE.read_text(encoding="utf-8")
    for path in sorted(model_fields(Story) - keys_used(data)):
        assert re.search(rf"\b{path.rsplit('.', 1)[-1]}\b", reference), path


def test_the_field_list_follows_the_model():
    # If the model gains a field, the template test above must ask for it.
    fields = model_fields(Story)
    assert {"subtitle", "source.url", "credits.url", "steps.view.max_zoom", "steps.places.geonames_id"} <= fields
    assert {"steps.layers.highlight", "steps.other_sources.sources.date", "steps.quote.translation"} <= fields
    assert "steps.view.alt" in fields and "steps.media.alt" in fields


def test_the_template_shows_both_kinds_of_view_and_of_layer(catalog):
    story = load_story(TEMPLATE, catalog)
    views = [step.view for step in story.steps]
    assert any(view.fit for view in views) and any(view.center for view in views)
    raw = TEMPLATE.read_text(encoding="utf-8")
    assert "      - kazakhstan\n" in raw, "the short way to name a layer"
    places = catalog.layers["places"].features
    for step in story.steps:
        for place in step.places:
            # The example places are places of our geodata, at the same position.
            assert place.key in places
            south, west, north, east = places[place.key].bounds
            assert (place.lat, place.lon) == (south, west) == (north, east)


def test_the_template_is_a_story_of_its_own_not_a_translation():
    assert resolve_story_request("template") == TEMPLATE
    assert original_of(TEMPLATE) is None
    assert translations_of(TEMPLATE) == {}


def test_the_app_plays_the_template_by_its_name():
    at = run_app(str(FLAGSHIP), story="template")
    assert opening(at)["title"] == "Kazakhstan on the map"


def test_the_model_helpers_see_through_optional_and_list_types():
    class Inner(BaseModel):
        a: int

    class Outer(BaseModel):
        one: Inner | None = None
        many: list[Inner] = []
        plain: typing.Annotated[str, "x"] = ""

    assert model_fields(Outer) == {"one", "one.a", "many", "many.a", "plain"}
    assert keys_used({"one": {"a": 1}, "many": [{"a": 1}, "shorthand"]}) == {"one", "one.a", "many", "many.a"}
