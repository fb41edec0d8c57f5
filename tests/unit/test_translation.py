"""Story translations: checked against the original step by step, merged with a visible fallback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from story.cli import main
from story.format.files import FLAGSHIP
from story.format.loader import load_story
from story.format.problems import StoryError
from story.format.translation import load_translation, translation_template

TEST_STORY = Path(__file__).resolve().parents[1] / "stories" / "three-steps.yaml"

# A complete Russian translation of tests/stories/three-steps.yaml.
TRANSLATION = """\
translation_of: three-steps.yaml
language: ru
title: Тестовая история в три шага
subtitle: Только для тестов
source: {author: А. Писатель, outlet: Тестовая газета}
credits:
  - text: Написано для тестов
publishers:
  Example: Пример (на сайте Example Mirror)
glossary:
  - {id: city, term: город, definition: Большой город., forms: [города, городе]}
  - {id: link, term: ссылка, definition: Не отмечается.}
steps:
  - id: west
    title: Жанаозен и Алматы
    body: Первый шаг показывает **два города**.
    view: {alt: Казахстан от Жанаозена до Алматы.}
    places:
      - {id: zhanaozen, name: Жанаозен}
      - {id: almaty, name: Алматы}
    layers: [kazakhstan, kazakhstan-regions]
    sources:
      - {url: "https://example.org/source", title: Тестовый источник}
    discussion:
      - Почему важны эти два города?
  - id: almaty-peak
    title: Только Алматы
    content_note: Предупреждение.
    body: Второй шаг — об одном городе.
    view: {alt: Город Алматы.}
    places:
      - {id: almaty, name: Алматы}
    layers: [kazakhstan-regions]
    quote: {translation: Короткая цитата.}
    other_sources:
      - text: Другой источник приводит другое число.
  - id: new-york
    title: Далеко
    body: Третий шаг пересекает весь мир.
    view: {alt: Мир от Нью-Йорка до Алматы.}
    places:
      - {id: times-square, name: "Таймс-сквер, Нью-Йорк"}
    layers: [world]
    media: {caption: "Фото, которое мы не можем показать."}
"""


@pytest.fixture
def story_dir(tmp_path: Path) -> Path:
    shutil.copy(TEST_STORY, tmp_path / TEST_STORY.name)
    return tmp_path


def write_translation(directory: Path, text: str) -> Path:
    path = directory / "three-steps.ru.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def check(capsys, *paths: Path) -> tuple[int, str]:
    code = main(["check", *map(str, paths)])
    return code, capsys.readouterr().out


def test_the_flagship_translations_pass_the_checker(capsys):
    paths = [FLAGSHIP, *(FLAGSHIP.with_name(f"qantar-2022.{language}.yaml") for language in ("ru", "kk"))]
    code, out = check(capsys, *paths)
    assert code == 0, out
    assert f"{paths[1]}: ok (translation of qantar-2022.yaml; 0 fields not yet translated)" in out
    assert f"{paths[2]}: ok (translation of qantar-2022.yaml; 0 fields not yet translated)" in out


def test_a_complete_translation_replaces_every_text(story_dir, catalog):
    original = load_story(story_dir / TEST_STORY.name, catalog)
    translated = load_translation(original, write_translation(story_dir, TRANSLATION))
    story = translated.story
    assert translated.untranslated == frozenset()
    assert (story.language, story.title, story.subtitle) == ("ru", "Тестовая история в три шага", "Только для тестов")
    assert story.credits[0].text == "Написано для тестов"
    west, peak, far = story.steps
    assert [p.name for p in west.places] == ["Жанаозен", "Алматы"]
    assert west.sources[0].title == "Тестовый источник"
    assert west.sources[0].url == "https://example.org/source"  # what is not text stays the original's
    assert west.sources[0].publisher == "Пример (на сайте Example Mirror)"
    assert story.source is not None and (story.source.author, story.source.outlet) == ("А. Писатель", "Тестовая газета")
    assert peak.quote is not None and peak.quote.text == "A short quotation."
    assert peak.quote.translation == "Короткая цитата."
    assert peak.other_sources[0].text == "Другой источник приводит другое число."
    assert [item.caption for item in far.media] == ["Фото, которое мы не можем показать."]
    assert (west.date, west.view.fit) == ("2022-01-02", ["zhanaozen", "almaty"])


def test_a_missing_step_is_reported_at_the_steps_line(story_dir, capsys):
    text = TRANSLATION[: TRANSLATION.index("  - id: new-york")]
    path = write_translation(story_dir, text)
    code, out = check(capsys, path)
    assert code == 1
    # Pointed at the start of the list of steps.
    assert f"{path}:{line_of(text, '- id: west')}:3: steps: step 'new-york' of the original is missing" in out


def test_an_extra_step_is_reported_at_its_id(story_dir, capsys):
    text = TRANSLATION + "  - id: tokyo\n    title: Токио\n"
    path = write_translation(story_dir, text)
    code, out = check(capsys, path)
    assert code == 1
    assert f"{path}:{line_of(text, 'id: tokyo')}:9: steps[3].id: step 'tokyo' is not in the original" in out


def test_an_extra_place_is_reported_at_the_steps_places(story_dir, capsys):
    text = TRANSLATION.replace(
        "      - {id: zhanaozen, name: Жанаозен}\n",
        "      - {id: zhanaozen, name: Жанаозен}\n      - {id: paris, name: Париж}\n",
    )
    path = write_translation(story_dir, text)
    code, out = check(capsys, path)
    assert code == 1
    places_line = line_of(text, "{id: zhanaozen")
    assert f"{path}:{places_line}:7: steps[0].places: place 'paris' is not in the original step" in out


def test_steps_out_of_order_are_reported(story_dir, capsys):
    first, second = TRANSLATION.index("  - id: west"), TRANSLATION.index("  - id: almaty-peak")
    third = TRANSLATION.index("  - id: new-york")
    text = TRANSLATION[:first] + TRANSLATION[second:third] + TRANSLATION[first:second] + TRANSLATION[third:]
    code, out = check(capsys, write_translation(story_dir, text))
    assert code == 1
    assert "steps: the steps are not in the original's order" in out


def test_untranslated_fields_show_the_original_and_are_listed(story_dir, catalog, capsys):
    text = (
        TRANSLATION.replace("subtitle: Только для тестов\n", "")
        .replace("    body: Второй шаг — об одном городе.\n", "")
        # Only the second step's Almaty goes without a name; the first step's keeps its own.
        .replace(
            "{id: almaty, name: Алматы}\n    layers: [kazakhstan-regions]",
            "{id: almaty}\n    layers: [kazakhstan-regions]",
        )
        .replace(", title: Тестовый источник}", "}")
        .replace("    quote: {translation: Короткая цитата.}\n", "")
        .replace("publishers:\n  Example: Пример (на сайте Example Mirror)\n", "")
        .replace("source: {author: А. Писатель, outlet: Тестовая газета}\n", "source: {outlet: Тестовая газета}\n")
    )
    path = write_translation(story_dir, text)
    original = load_story(story_dir / TEST_STORY.name, catalog)
    translated = load_translation(original, path)
    assert translated.untranslated == {
        "subtitle",
        "steps[0].sources[0].title",
        "steps[1].body",
        "steps[1].places[0].name",
        "steps[1].quote.translation",
        # A publisher is listed once, however many sources name it.
        'publishers["Example"]',
        "source.author",
    }
    story = translated.story
    assert story.subtitle == "For the tests only"
    assert story.steps[1].body == "The second step is about one city."
    assert story.steps[1].places[0].name == "Almaty"
    assert story.steps[0].places[1].name == "Алматы"  # the same place elsewhere keeps its translation
    assert story.steps[0].sources[0].title == "A test source"
    assert story.steps[1].quote is not None and story.steps[1].quote.translation is None
    assert story.steps[0].sources[0].publisher == "Example"
    assert story.source is not None and story.source.author == "A. Writer"

    code, out = check(capsys, path)
    assert code == 0
    assert f"{path}: ok (translation of three-steps.yaml; 7 fields not yet translated)" in out
    assert f"{path}: steps[1].body: not yet translated, shown in the original language" in out
    assert f"{path}: subtitle: not yet translated, shown in the original language" in out


def test_untranslated_credits_are_listed(story_dir, catalog):
    text = TRANSLATION.replace("credits:\n  - text: Написано для тестов\n", "")
    translated = load_translation(load_story(story_dir / TEST_STORY.name, catalog), write_translation(story_dir, text))
    assert translated.untranslated == {"credits[0].text"}
    assert translated.story.credits[0].text == "Written for the tests"


def test_place_notes_are_translated(catalog):
    # Regression: place notes stayed in English in the translated story.
    original = load_story(FLAGSHIP, catalog)
    for language, note in [("ru", "Столица автономной республики"), ("kk", "автономиялық республиканың астанасы")]:
        translated = load_translation(original, FLAGSHIP.with_name(f"qantar-2022.{language}.yaml"))
        step = translated.story.steps[original.index_of("autonomy-1920")]
        assert note in (step.places[0].note or "")


def test_source_titles_follow_their_address_not_their_position(story_dir, catalog):
    original_path = story_dir / TEST_STORY.name
    first = '      - {title: A test source, url: "https://example.org/source", publisher: Example, date: 2022-01-03, '
    first += "kind: independent}\n"
    second = '      - {title: A second source, url: "https://example.org/second"}\n'
    original_path.write_text(original_path.read_text(encoding="utf-8").replace(first, first + second), encoding="utf-8")
    text = TRANSLATION.replace(
        '      - {url: "https://example.org/source", title: Тестовый источник}\n',
        '      - {url: "https://example.org/second", title: Второй источник}\n'
        '      - {url: "https://example.org/source", title: Тестовый источник}\n',
    )
    translated = load_translation(load_story(original_path, catalog), write_translation(story_dir, text))
    assert [s.title for s in translated.story.steps[0].sources] == ["Тестовый источник", "Второй источник"]


def test_a_translation_in_the_originals_language_is_refused(story_dir, catalog):
    path = write_translation(story_dir, TRANSLATION.replace("language: ru", "language: en"))
    with pytest.raises(StoryError, match=r"three-steps\.ru\.yaml:2:\d+: language: is the original's language"):
        load_translation(load_story(story_dir / TEST_STORY.name, catalog), path)


def test_r2_a_publisher_the_original_no_longer_names_is_a_warning_at_its_line(story_dir, capsys):
    # The original replaced a source: the translation's entry for the old publisher translates nothing.
    text = TRANSLATION.replace(
        "  Example: Пример (на сайте Example Mirror)\n",
        "  Example: Пример (на сайте Example Mirror)\n  Old Mirror: Старое зеркало\n",
    )
    path = write_translation(story_dir, text)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert (
        f'{path}:{line_of(text, "Old Mirror")}:3: warning: publishers["Old Mirror"]: no source of the original '
        "names this publisher; remove it, or write it as the source does"
    ) in out
    assert main(["check", "--strict", str(path)]) == 1


def test_r2_k7_the_translation_template_lists_every_publisher_and_the_author(catalog):
    template = translation_template(load_story(TEST_STORY, catalog), TEST_STORY.name, "kk")
    assert template["publishers"] == {"Example": "Example"}
    assert template["source"] == {"author": "A. Writer", "outlet": "The Test Gazette"}
