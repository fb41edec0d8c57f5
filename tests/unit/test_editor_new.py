"""A new story in the editor (issue 31): the template in the editor's language, an empty story with only
what a story needs, and a download named after the story's id, made safe for a file name."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from story.editor.draft import NEW_ID, TEMPLATE, EmptyStory, empty_draft, file_stem, load_draft, new_draft, problems

WORDS = EmptyStory(title="Менің баяным", step_title="Жаңа қадам", body="Мұнда жазыңыз.", alt="Карта.")


@pytest.mark.parametrize(
    ("language", "file"),
    [("en", "template.yaml"), ("ru", "template-ru.yaml"), ("kk", "template-kk.yaml"), ("de", "template.yaml")],
)
def test_the_template_opened_is_the_one_in_the_editors_language_with_an_id_of_its_own(language, file):
    draft = new_draft(language)
    expected = YAML(typ="safe").load(TEMPLATE.with_name(file).read_text(encoding="utf-8"))
    assert draft.tree["title"] == expected["title"] and draft.tree["id"] == NEW_ID
    assert "# " in draft.dump().decode("utf-8"), "its comments are kept as the guide they are"


def test_an_empty_story_has_only_what_a_story_needs_and_plays(catalog):
    draft = empty_draft("kk", WORDS)
    story, found = problems(draft, catalog)
    assert found == [] and story is not None
    assert (story.id, story.title, story.language) == (NEW_ID, "Менің баяным", "kk")
    assert set(YAML(typ="safe").load(draft.dump())) == {"id", "title", "language", "steps"}
    [step] = story.steps
    assert (step.title, step.body, step.view.alt) == ("Жаңа қадам", "Мұнда жазыңыз.", "Карта.")


@pytest.mark.parametrize(
    ("story_id", "name", "stem"),
    [
        ("almaty-gorod", "my-story.yaml", "almaty-gorod"),
        ("../../etc/passwd", "x.yaml", "etc-passwd"),
        ("Алматы", "almaty.yaml", "almaty"),  # nothing usable in the id: the name it was opened under
        ("", "", NEW_ID),
    ],
)
def test_a_download_is_named_after_the_storys_id_made_safe(story_id, name, stem):
    draft = load_draft(f"id: '{story_id}'\ntitle: T\n".encode(), name or "story.yaml")
    draft.name = name
    assert file_stem(draft) == stem
