"""Ids made from titles in any script (story/editor/ids.py): Latin, short, unique, and stable once published."""

from __future__ import annotations

import re

import pytest

from story.editor.draft import load_draft, load_kept, new_draft, problems
from story.editor.ids import ID_MAX, base_id, id_from_title, ids_in_file, ids_in_tree
from story.format.model import SLUG_PATTERN
from tests.conftest import TEST_STORIES


@pytest.mark.parametrize(
    ("title", "made"),
    [
        ("Каток «Медеу»", "katok-medeu"),
        ("Гора Кок-Тобе", "gora-kok-tobe"),
        ("Алматы, 5 января", "almaty-5-ianvaria"),
        ("Шымкент: ёлка на площади", "shymkent-elka-na-ploshchadi"),
        # Kazakh's own letters, none dropped: ә ғ қ ң ө ұ ү һ і.
        ("Қаңтар оқиғалары", "qantar-oqigalary"),
        ("Әлемдік ғылым", "alemdik-gylym"),
        ("Өскемен, Ұлытау, Үшарал, Һ, Іле", "oskemen-ulytau-usharal-h-ile"),
        ("King's Landing", "kings-landing"),
        ("2022", "2022"),
    ],
)
def test_a_title_in_russian_or_kazakh_makes_a_latin_id(title: str, made: str):
    assert base_id(title) == made
    assert re.fullmatch(SLUG_PATTERN, made)


def test_a_title_without_a_letter_or_digit_makes_the_fallback_and_a_long_one_is_cut_at_a_word():
    assert base_id("«» — !") == "step" and base_id("", "place") == "place"
    long = base_id("Очень длинное название шага о событиях января в Алматы и других городах")
    assert len(long) <= ID_MAX and re.fullmatch(SLUG_PATTERN, long)
    assert long == "ochen-dlinnoe-nazvanie-shaga-o"


def test_an_id_is_unique_against_those_taken():
    assert id_from_title("Каток «Медеу»", set()) == "katok-medeu"
    assert id_from_title("Каток «Медеу»", {"katok-medeu"}) == "katok-medeu-2"
    assert id_from_title("Каток «Медеу»", {"katok-medeu", "katok-medeu-2"}) == "katok-medeu-3"
    assert id_from_title("—", {"step"}) == "step-2"


def test_a_new_step_follows_its_title_while_a_published_one_never_changes():
    draft = load_draft((TEST_STORIES / "three-steps.yaml").read_bytes(), "three-steps.yaml")
    published = draft.step_ids()
    draft.set_title(0, "Каток «Медеу»")
    assert draft.step_ids() == published  # the opened file's address stays: links to it still work
    index = draft.add_step(title="Новый шаг")
    assert draft.step_ids()[index] == "novyi-shag"
    draft.set_title(index, "Гора Кок-Тобе")
    assert draft.step_ids()[index] == "gora-kok-tobe"
    draft.set_title(index, "Гора Кок-Тобе зимой")
    assert draft.step_ids()[index] == "gora-kok-tobe-zimoi"
    # An id the teacher typed herself is hers: the title no longer moves it.
    draft.set(("steps", index, "id"), "kok-tobe")
    draft.set_title(index, "Кок-Тобе")
    assert draft.step_ids()[index] == "kok-tobe"


def test_a_second_step_of_the_same_title_is_numbered_and_each_follows_its_own():
    draft = load_draft((TEST_STORIES / "three-steps.yaml").read_bytes(), "three-steps.yaml")
    first = draft.add_step(title="Қаңтар")
    second = draft.add_step(title="Қаңтар")
    assert [draft.step_ids()[first], draft.step_ids()[second]] == ["qantar", "qantar-2"]
    draft.set_title(second, "Ақорда")
    assert draft.step_ids()[second] == "aqorda" and draft.step_ids()[first] == "qantar"


def test_a_reopened_download_keeps_its_ids_whatever_its_titles_become():
    draft = load_draft((TEST_STORIES / "three-steps.yaml").read_bytes(), "three-steps.yaml")
    index = draft.add_step(title="Каток «Медеу»")
    reopened = load_draft(draft.dump(), "three-steps.yaml")
    reopened.set_title(index, "Медеу зимой")
    assert reopened.step_ids()[index] == "katok-medeu"


def test_a_new_story_from_the_template_follows_the_teachers_titles(catalog):
    draft = new_draft()
    for index in range(len(draft.steps)):
        draft.set_title(index, f"Шаг {index + 1}: Алматы")
    assert draft.step_ids() == [f"shag-{index + 1}-almaty" for index in range(len(draft.steps))]
    story, found = problems(draft, catalog)
    assert story is not None, found


def test_a_place_id_is_made_from_its_name_and_follows_it_while_new_with_its_find_checks():
    draft = load_draft((TEST_STORIES / "three-steps.yaml").read_bytes(), "three-steps.yaml")
    place = draft.add_place(0, "Каток «Медеу»", 43.157, 77.059)
    assert place == "katok-medeu"
    assert draft.add_place(1, "Каток «Медеу»", 43.157, 77.059) == "katok-medeu-2"
    number = len(draft.step(0)["places"]) - 1
    draft.set(("steps", 0, "check"), [{"question": "Где каток?", "find": place}])
    assert draft.set_place_name(0, number, "Медеу") == "medeu"
    assert draft.step(0)["places"][number]["id"] == "medeu"
    assert draft.step(0)["check"][0]["find"] == "medeu"  # the check still names its place
    assert draft.add_place(0, "?!", 43.0, 77.0) == "place"


def test_a_place_of_the_opened_file_keeps_its_id_when_renamed():
    draft = load_draft((TEST_STORIES / "three-steps.yaml").read_bytes(), "three-steps.yaml")
    step = next(index for index, step in enumerate(draft.steps) if any("id" in p for p in step.get("places", [])))
    before = str(draft.step(step)["places"][0]["id"])
    assert draft.set_place_name(step, 0, "Алматы") == before
    assert draft.step(step)["places"][0]["name"] == "Алматы"


def test_a_draft_the_store_kept_changed_knows_the_ids_of_the_file_it_was_opened_from():
    raw = (TEST_STORIES / "three-steps.yaml").read_bytes()
    draft = load_draft(raw, "three-steps.yaml")
    index = draft.add_step(title="Каток")
    # As after a restart: the file now and the file opened, the tree no longer the opened one.
    kept = load_kept(draft.dump(), raw, "three-steps.yaml", True)
    assert kept.published_ids()[0] == ids_in_tree(load_draft(raw).tree) == ids_in_file(raw)
    kept.set_title(index, "Медеу")
    kept.set_title(0, "Жанаозен")
    assert kept.step_ids()[index] == "medeu" and kept.step_ids()[0] == "west"


def test_an_empty_storys_step_follows_its_first_title_in_any_language():
    from story.editor.draft import empty_draft, empty_story_words

    for language in ("en", "ru", "kk"):
        draft = empty_draft(language, empty_story_words(language))
        draft.set_title(0, "Каток «Медеу»")
        assert draft.step_ids() == ["katok-medeu"], language
