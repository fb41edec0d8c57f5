"""`python -m story check --translations`: what a translator still has to do, language by language."""

from __future__ import annotations

import shutil

from geodata.catalog import LayerCatalog, LayerFeature
from story.cli import main
from story.format.loader import load_story
from story.format.translation import localize
from story.outputs.coverage import interface_strings, language_report
from story.reader.i18n import translator
from tests.conftest import TEST_STORIES


def test_the_report_lists_untranslated_fields_and_latin_words_but_not_the_names_the_story_cites(tmp_path, capsys):
    for name in ("three-steps.yaml", "three-steps.ru.yaml"):
        shutil.copy(TEST_STORIES / name, tmp_path / name)
    translation = tmp_path / "three-steps.ru.yaml"
    text = translation.read_text(encoding="utf-8")
    text = text.replace("Второй шаг — об одном городе.", "Второй шаг — об одном city, как пишет Example.")
    text = text.replace("    title: Далеко\n", "")
    translation.write_text(text, encoding="utf-8")
    assert main(["check", "--translations", str(tmp_path / "three-steps.yaml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{tmp_path / 'three-steps.yaml'} in Русский (ru), three-steps.ru.yaml: 2 to look at"
    assert "  ru: steps[2].title: not yet translated" in out
    # "Example" is the publisher of a source the step cites: a name, kept as it is written.
    assert "  ru: steps[1].body: in Latin letters: city" in out
    original = tmp_path / "three-steps.yaml"
    assert f"{original} in Қазақша (kk): no translation yet (three-steps.kk.yaml), shown in the original" in out


def test_map_names_and_interface_strings_missing_in_a_language_are_listed(catalog: LayerCatalog):
    story = load_story(TEST_STORIES / "three-steps.yaml", catalog)
    shown = localize(story, TEST_STORIES / "three-steps.yaml", "ru")
    complete = language_report(shown.story, shown.untranslated, catalog)
    assert complete.map_names == [] and complete.interface == []
    regions = catalog.layers["kazakhstan-regions"]
    unnamed = dict(regions.features)
    first = next(iter(unnamed))
    unnamed[first] = LayerFeature(first, unnamed[first].name, unnamed[first].bounds, {})
    layers = dict(catalog.layers)
    layers["kazakhstan-regions"] = type(regions)(regions.id, regions.geometry_type, unnamed, regions.bounds)
    report = language_report(shown.story, shown.untranslated, LayerCatalog(layers, catalog.problems))
    assert report.map_names == [f"kazakhstan-regions:{first} ({unnamed[first].name})"]
    assert translator("ru").gettext("Next") != "Next" and "Next" in interface_strings()
