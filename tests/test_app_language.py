"""The app in the viewer's language (AppTest): `?lang`, the switch, translations and their fallbacks."""

from __future__ import annotations

import shutil

from ruamel.yaml import YAML

from story.format.files import FLAGSHIP, translations_of
from tests.test_app import THREE_STEPS, button, rerun, run_app, title


def translated_titles(language: str) -> dict[str, str]:
    data = YAML(typ="safe").load(translations_of(FLAGSHIP)[language].read_text(encoding="utf-8"))
    return {step["id"]: step["title"] for step in data["steps"]}


def test_lang_in_the_address_shows_the_step_and_the_interface_in_kazakh():
    kazakh = translated_titles("kk")
    step_id = list(kazakh)[4]
    at = run_app(str(FLAGSHIP), lang="kk", step=step_id)
    assert title(at) == kazakh[step_id]
    assert at.query_params["step"] == step_id and at.query_params["lang"] == "kk"
    labels = {b.label for b in at.button}
    assert "Next" not in labels and "Келесі" in labels
    assert at.selectbox(key="language-switch").value == "kk"


def test_switching_language_keeps_the_step_and_puts_the_language_in_the_address():
    russian = translated_titles("ru")
    at = run_app(str(FLAGSHIP))
    button(at, "Next").click()
    rerun(at)
    button(at, "Next").click()
    rerun(at)
    step_id = at.query_params["step"]
    english_title = title(at)
    at.selectbox(key="language-switch").set_value("ru")
    rerun(at)
    assert at.query_params["lang"] == "ru" and at.query_params["step"] == step_id
    assert title(at) == russian[step_id] != english_title
    assert "Далее" in {b.label for b in at.button}
    at.selectbox(key="language-switch").set_value("en")
    rerun(at)
    assert title(at) == english_title and at.query_params["step"] == step_id


def test_dates_follow_the_language():
    peak = "almaty-peak"  # dated 5 January 2022
    dates = {}
    for language in ("en", "ru", "kk"):
        at = run_app(str(FLAGSHIP), lang=language, step=peak)
        dates[language] = next(h.proto.body for h in at.html if 'class="sm-date"' in h.proto.body)
    assert "5 January 2022" in dates["en"]
    assert "5 января 2022" in dates["ru"]
    assert "2022 жылғы 5 қаңтар" in dates["kk"]


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
    at = run_app(str(story), lang="ru")
    assert title(at) == "Жанаозен и Алматы"
    bodies = " ".join(h.proto.body for h in at.html)
    assert "two cities" in bodies, "the untranslated body is shown in English, not left blank"
    markers = [h.proto.body for h in at.html if h.proto.body.startswith('<p class="sm-untranslated"')]
    assert len(markers) == 1 and "Жанаозен" not in markers[0]


def test_a_language_without_a_translation_keeps_the_story_and_translates_the_interface():
    at = run_app(THREE_STEPS, lang="kk")
    assert title(at) == "Zhanaozen and Almaty"
    assert "Келесі" in {b.label for b in at.button}
    assert not [h for h in at.html if h.proto.body.startswith('<p class="sm-untranslated"')]


def test_a_language_we_do_not_have_gives_english():
    at = run_app(str(FLAGSHIP), lang="de")
    assert "Next" in {b.label for b in at.button}
