"""A story's lessons (`lessons:`): which steps a lesson plays, and the story cut to them."""

from __future__ import annotations

from story.format.lessons import find_lesson, lesson_indexes, lesson_story, lesson_untranslated
from story.format.loader import load_story
from story.format.translation import apply_translation
from story.format.translation.model import LessonText, StepText, StoryText
from tests.conftest import TEST_STORIES

LESSONS = TEST_STORIES / "lessons.yaml"


def test_a_lesson_plays_its_steps_and_ranges_in_the_storys_order_each_once(catalog):
    story = load_story(LESSONS, catalog)
    west = find_lesson(story, "west")
    assert west is not None
    # [aktau..aktobe, zhanaozen, kyzylorda]: zhanaozen comes first, as in the story.
    assert [story.steps[i].id for i in lesson_indexes(story, west)] == [
        "zhanaozen", "aktau", "atyrau", "aktobe", "kyzylorda",
    ]  # fmt: skip
    assert lesson_indexes(story, find_lesson(story, "one")) == [story.index_of("almaty")]  # type: ignore[arg-type]


def test_an_unknown_lesson_is_no_lesson_and_leaves_the_whole_story(catalog):
    story = load_story(LESSONS, catalog)
    assert find_lesson(story, "nope") is None and find_lesson(story, None) is None
    assert lesson_story(story, "nope") is story


def test_the_story_cut_to_a_lesson_holds_only_its_steps_and_that_lesson(catalog):
    story = load_story(LESSONS, catalog)
    east = lesson_story(story, "east")
    assert [step.id for step in east.steps] == ["taraz", "almaty", "karaganda", "nur-sultan"]
    assert [lesson.id for lesson in east.lessons] == ["east"]


def test_a_translation_gives_a_lessons_title_by_its_id_and_the_rest_stay_in_the_original(catalog):
    story = load_story(LESSONS, catalog)
    text = StoryText(
        translation_of="lessons.yaml",
        language="ru",
        lessons=[LessonText(id="east", title="Восток")],
        steps=[StepText(id=step.id) for step in story.steps],
    )
    shown = apply_translation(story, text)
    assert [lesson.title for lesson in shown.story.lessons] == ["The west in one lesson", "Восток", "Almaty alone"]
    assert "lessons[0].title" in shown.untranslated and "lessons[1].title" not in shown.untranslated


def test_untranslated_fields_follow_their_steps_into_the_lesson(catalog):
    story = load_story(LESSONS, catalog)
    untranslated = {"title", "steps[0].body", "steps[1].title", "steps[8].body"}
    # east is taraz..nur-sultan: steps 7 to 10 of the story, 0 to 3 of the lesson.
    assert lesson_untranslated(story, "east", untranslated) == {"title", "steps[1].body"}
    assert lesson_untranslated(story, None, untranslated) == untranslated


def test_the_first_paint_of_a_lesson_counts_its_steps_and_opens_with_the_story_note(catalog):
    from story.player import opening_html, player_data
    from story.reader.i18n import translator

    data = player_data(load_story(LESSONS, catalog), catalog, translator("en"), None)
    html = opening_html(data, "almaty", None, "east")
    assert "Step 2 of 4" in html and "Step 9 of the walk is in Almaty" in html
    first = opening_html(data, "zhanaozen", None, "east")  # the story's first step, the address naming none
    assert "Step 1 of 4" in first and "LESSON-NOTE" in first and "sp-notice" not in first
    outside = opening_html(data, "aktau", None, "east")
    assert "The step “aktau” is not in the lesson “The east”; showing its first step." in outside
    unknown = opening_html(data, "aktau", None, "nope")
    assert "Step 2 of 12" in unknown and "There is no lesson “nope” in this story" in unknown


def test_the_editors_translation_panel_offers_each_lessons_title_and_writes_it_by_the_lessons_id(catalog):
    from story.editor.translate import check_translation, new_translation, set_translated, story_pairs

    story = load_story(LESSONS, catalog)
    pairs = {pair.field: pair for pair in story_pairs(story)}
    assert [pairs[f"lessons[{i}].title"].original for i in range(3)] == [lesson.title for lesson in story.lessons]
    translation = new_translation(story, "lessons.yaml", "ru")
    set_translated(translation, pairs["lessons[1].title"].where, "Восток")
    untranslated, problems = check_translation(story, translation)
    assert problems == [] and untranslated is not None
    assert "lessons[1].title" not in untranslated and "lessons[0].title" in untranslated
