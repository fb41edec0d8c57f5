"""Issue 31 (trial 4, problem 3): a new story opened over the app's story is new, also when this
browser's token arrives a run late (the token once put the app's story back in place of the new one,
under the new one's widgets: the download mixed the flagship's title and id with the template)."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from story.format.files import FLAGSHIP
from tests.app.test_editor import editor, run

FLAGSHIP_FIELDS = YAML(typ="safe").load(FLAGSHIP.read_text(encoding="utf-8"))


def story_fields_shown(at) -> list[str]:
    return [box.value for box in [*at.text_input, *at.text_area] if str(box.key).startswith("ed-")]


def downloaded(at) -> dict:
    return YAML(typ="safe").load(at.session_state["editor-draft"].dump())


@pytest.mark.parametrize("button", ["open-new", "open-empty"])
def test_a_new_story_keeps_none_of_the_flagships_fields_when_the_token_arrives_a_run_late(button):
    at = editor()  # the flagship; no token yet
    at.button(key=button).click()
    run(at)
    at.session_state["editor-token"] = f"late-{button}"
    run(at)
    story = downloaded(at)
    assert story["id"] == "my-story"
    for field in ("title", "subtitle", "content_note", "source", "credits", "glossary", "lessons"):
        assert story.get(field) != FLAGSHIP_FIELDS[field], field
    shown = "\n".join(story_fields_shown(at))
    for field in ("title", "subtitle", "id", "content_note"):
        assert FLAGSHIP_FIELDS[field] not in shown, field
    # And it was kept under the token that came: a reload finds it.
    again = editor(token=f"late-{button}")
    assert downloaded(again)["id"] == "my-story"


def test_an_empty_story_in_russian_has_only_what_a_story_needs_in_russian():
    at = editor()
    at.query_params["lang"] = "ru"
    run(at)
    at.button(key="open-empty").click()
    run(at)
    story = downloaded(at)
    assert set(story) == {"id", "title", "language", "steps"}
    assert (story["title"], story["language"]) == ("Моя история", "ru")
    [step] = story["steps"]
    assert step["title"] == "Новый шаг" and "Напишите" in step["body"]
    assert not at.error and "Проверка не нашла ошибок" in "".join(s.value for s in at.success)


def test_in_russian_the_template_its_source_kinds_and_a_new_step_are_in_russian():
    at = editor()
    at.query_params["lang"] = "ru"
    run(at)
    at.button(key="open-new").click()
    run(at)
    story = downloaded(at)
    assert (story["language"], story["title"]) == ("ru", "Шаблон истории: четыре места в Казахстане")
    [kind] = [box for box in at.selectbox if str(box.key).startswith("ed-source-") and box.key.endswith("-kind")]
    assert kind.value == "independent"
    assert "независимое СМИ" in kind.options and "НПО" in kind.options and "ngo" not in kind.options
    at.button(key="ed-step-Добавить шаг").click()
    run(at)
    assert downloaded(at)["steps"][1]["title"] == "Новый шаг"
