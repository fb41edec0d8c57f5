"""story/template.yaml, the file teachers copy: it passes the checker and shows every field of the format."""

from __future__ import annotations

import typing

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


def test_the_template_passes_the_checker(capsys):
    assert check_command([TEMPLATE]) == 0
    assert capsys.readouterr().out == f"{TEMPLATE}: ok (3 steps)\n"


def test_the_template_uses_every_field_of_the_format():
    data = YAML(typ="safe").load(TEMPLATE.read_text(encoding="utf-8"))
    missing = model_fields(Story) - keys_used(data)
    assert not missing, f"add these fields to story/template.yaml, with a comment: {sorted(missing)}"


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
