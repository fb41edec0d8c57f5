"""The app in the viewer's language (AppTest): `?lang`, the switch, translations and their fallbacks."""

from __future__ import annotations

import shutil

from tests.support.app import THREE_STEPS, opening, player, rerun, run_app, section, text_of


def test_lang_in_the_address_gives_the_story_and_the_interface_in_that_language():
    at = run_app(lang="ru", step="almaty-peak")
    data = player(at)
    assert data["language"] == "ru"
    assert opening(at)["title"] == "Только Алматы"
    assert data["texts"]["next"] == "Далее"
    assert at.segmented_control(key="language-switch").value == "ru"


def test_switching_language_keeps_the_opening_step_and_gives_the_player_the_other_language():
    at = run_app(step="almaty-peak")
    assert opening(at)["title"] == "Almaty alone"
    at.segmented_control(key="language-switch").set_value("ru")
    rerun(at)
    data = player(at)
    assert data["language"] == "ru" and data["start"] == "almaty-peak"
    assert opening(at)["title"] == "Только Алматы"
    # Later runs read the switch, not the address the page was opened with.
    rerun(at)
    assert player(at)["language"] == "ru"
    at.segmented_control(key="language-switch").set_value("en")
    rerun(at)
    assert opening(at)["title"] == "Almaty alone"


def test_dates_follow_the_language():
    dates = {language: text_of(section(opening(run_app(lang=language, step="almaty-peak")), "date"))
             for language in ("en", "ru", "kk")}  # fmt: skip
    assert dates == {"en": "5 January 2022", "ru": "5 января 2022 г.", "kk": "2022 жылғы 5 қаңтар"}


def test_an_untranslated_field_falls_back_to_the_original_with_a_marker(tmp_path):
    story = tmp_path / "three-steps.yaml"
    shutil.copy(THREE_STEPS, story)
    # Only the first step's title is translated; its body and the rest stay English.
    (tmp_path / "three-steps.ru.yaml").write_text(
        "translation_of: three-steps.yaml\nlanguage: ru\ntitle: Три шага\n"
        "steps:\n"
        "  - {id: west, title: Жанаозен и Алматы, places: [{id: zhanaozen}, {id: almaty}],"
        " layers: [kazakhstan, kazakhstan-regions], sources: [{url: 'https://example.org/source'}]}\n"
        "  - {id: almaty-peak, places: [{id: almaty}], layers: [kazakhstan-regions]}\n"
        "  - {id: new-york, places: [{id: times-square}], layers: [world]}\n",
        encoding="utf-8",
    )
    step = opening(run_app(str(story), lang="ru"))
    assert text_of(section(step, "title")) == "Жанаозен и Алматы"
    assert "two cities" in text_of(section(step, "body")), "the untranslated body is shown in English, not left blank"
    marker = text_of(section(step, "untranslated"))
    assert "the text" in marker or "текст" in marker
    assert "Жанаозен" not in marker


def test_a_language_without_a_translation_keeps_the_story_and_translates_the_interface():
    at = run_app(THREE_STEPS, lang="kk")
    step = opening(at)
    assert step["title"] == "Zhanaozen and Almaty"
    assert player(at)["texts"]["next"] == "Келесі"
    assert section(step, "untranslated") is None


def test_a_language_we_do_not_have_gives_english():
    assert player(run_app(lang="de"))["texts"]["next"] == "Next"
