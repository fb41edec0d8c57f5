"""The JSON Schema of the story format and the field tables of docs/story-format.md: made from the models, current."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from story.cli import main
from story.format.files import FLAGSHIP, STORY_DIR
from story.format.schema import SCHEMA_FILE, all_models, documented_fields, fields_markdown, schema_text, story_schema
from story.format.yamlsource import read_yaml

DOCS = Path(__file__).resolve().parents[2] / "docs" / "story-format.md"
TEMPLATE = STORY_DIR / "template.yaml"


def test_the_committed_schema_is_the_one_the_models_make():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "run `python -m story schema`"


def test_the_documentation_lists_the_fields_the_models_have():
    assert documented_fields(DOCS) == fields_markdown(), "run `python -m story schema --docs docs/story-format.md`"


def test_every_field_of_every_model_says_what_it_is():
    missing = [
        f"{model.__name__}.{name}"
        for model in all_models()
        for name, info in model.model_fields.items()
        if not (info.description or "").strip()
    ]
    assert not missing, f"give these fields a docstring: {missing}"


def test_the_template_names_the_schema_for_editors():
    assert TEMPLATE.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=story.schema.json"
    assert (TEMPLATE.parent / "story.schema.json") == SCHEMA_FILE


@pytest.mark.parametrize("path", [TEMPLATE, FLAGSHIP], ids=lambda p: p.name)
def test_good_stories_are_valid_against_the_schema(path):
    data, _ = read_yaml(path.read_bytes(), str(path))
    jsonschema.validate(data, story_schema())


def test_the_schema_says_what_a_misspelled_field_is():
    data, _ = read_yaml(TEMPLATE.read_bytes(), str(TEMPLATE))
    data["titel"] = data.pop("title")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, story_schema())


def test_the_command_writes_the_schema(tmp_path, capsys):
    target = tmp_path / "schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()
    assert main(["schema", "--markdown"]) == 0
    assert "### Step" in capsys.readouterr().out
