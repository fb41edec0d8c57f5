"""The flagship in Russian and Kazakh: what a reader in Kazakhstan sees on the map and in the text.

The legend and every label the map can draw are in Cyrillic, but for names that have no
Cyrillic form; numbers are written the reader's way; the Kazakh word for "story" is «баян»
(«оқиға» is an event: it names the January events only); the Russian writes the neighbours'
names as they are written in Kazakhstan.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from geodata.catalog import LayerCatalog
from story.format.files import FLAGSHIP, translation_path
from story.format.loader import load_story
from story.format.translation import localize
from story.map.state import BASEMAP_LAYER, map_labels
from story.outputs.coverage import reader_texts
from story.reader.i18n import translator
from story.reader.narrative import legend_html
from tests.conftest import ROOT

LATIN = re.compile(r"[A-Za-z]+(?:[-'’][A-Za-z]+)*")
# Names a Russian or Kazakh reader meets in Latin letters because they have no Cyrillic form:
# abbreviations of organisations known by their Latin letters, and nothing else.
ALLOWED_LATIN: set[str] = set()
BROWSER_GEODATA = ROOT / "static" / "geodata"


class Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of(html: str) -> str:
    parser = Text()
    parser.feed(html)
    return " ".join(parser.parts)


def latin_words(text: str) -> set[str]:
    return {word for word in LATIN.findall(text) if word not in ALLOWED_LATIN}


@pytest.fixture(scope="module")
def original(catalog: LayerCatalog):
    return load_story(FLAGSHIP, catalog)


def layers_shown(story) -> set[str]:
    return {ref.id for step in story.steps for ref in step.layers} | {BASEMAP_LAYER}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_legend_of_every_step_is_in_cyrillic(original, catalog: LayerCatalog, language: str):
    story = localize(original, FLAGSHIP, language).story
    tr = translator(language)
    found = {
        step.id: sorted(latin_words(text_of(legend_html(step, catalog, tr, language))))
        for step in story.steps
        if latin_words(text_of(legend_html(step, catalog, tr, language)))
    }
    assert found == {}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_label_the_map_can_draw_is_in_cyrillic(original, language: str):
    """The browser's copy of each layer a step shows: a feature with a label has a name in the language."""
    found = []
    for layer_id in sorted(layers_shown(original)):
        data = json.loads((BROWSER_GEODATA / f"{layer_id}.json").read_text(encoding="utf-8"))
        for feature in data["features"]:
            properties = feature["properties"]
            if "label_lat" not in properties:
                continue
            name = properties.get(f"name_{language}")
            if not name:
                found.append(f"{layer_id}:{properties['id']}: no name_{language} (shown as {properties['name']!r})")
            elif latin_words(name):
                found.append(f"{layer_id}:{properties['id']}: {name!r}")
    assert found == []


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_place_names_and_the_maps_own_words_are_in_cyrillic(original, language: str):
    story = localize(original, FLAGSHIP, language).story
    names = {place.name for step in story.steps for place in step.places}
    assert sorted(name for name in names if latin_words(name)) == []
    words = map_labels(translator(language))
    # A placeholder ({left}) is filled in by the page, in the reader's language: not a word of the text.
    assert {key: text for key, text in words.items() if latin_words(re.sub(r"\{\w+\}", "", text))} == {}


# Where «оқиға» ("event") may stand in the Kazakh story and interface: never for "story" (that
# is «баян»), only for the events themselves.
OQIGA = re.compile(r"оқиға\w*", re.IGNORECASE)
OQIGA_ALLOWED = re.compile(
    "|".join(
        [
            r"«Қаңтар оқиғасы»",  # the name the January events go by
            r"оқиғалар\w*",  # "the events" (the plural is never "story")
            r"Осы екі сөз оқиғаның мағынасын",  # "how do these two words change the meaning of the event?"
            r"Оқиға орнында болған тілші",  # "a reporter who was at the scene"
        ]
    )
)


def kazakh_texts() -> dict[str, str]:
    catalog_text = (ROOT / "story" / "reader" / "locales" / "kk" / "LC_MESSAGES" / "messages.po").read_text(
        encoding="utf-8"
    )
    msgstrs = "\n".join(re.findall(r'^msgstr "(.*)"$', catalog_text, re.MULTILINE))
    return {
        "qantar-2022.kk.yaml": translation_path(FLAGSHIP, "kk").read_text(encoding="utf-8"),
        "messages.po (kk)": msgstrs,
    }


def test_kazakh_never_uses_oqiga_for_story():
    found = []
    for name, text in kazakh_texts().items():
        allowed = {match.span() for match in OQIGA_ALLOWED.finditer(text)}
        allowed_starts = {start for span in allowed for start in range(*span)}
        for match in OQIGA.finditer(text):
            if match.start() not in allowed_starts:
                line = text[: match.start()].count("\n") + 1
                found.append(f"{name}:{line}: {text.splitlines()[line - 1].strip()[:100]}")
    assert found == []


ENGLISH_NUMBER = re.compile(r"\d,\d{3}|\d\.\d{3}(?!\d)")


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_numbers_are_written_the_readers_way(original, language: str):
    """No "2,000" (nor "2.000"): thousands are grouped with a (no-break) space, decimals take a comma."""
    story = localize(original, FLAGSHIP, language).story
    texts = reader_texts(story)
    catalog_text = (ROOT / "story" / "reader" / "locales" / language / "LC_MESSAGES" / "messages.po").read_text(
        encoding="utf-8"
    )
    texts += [("messages.po", text) for text in re.findall(r'^msgstr "(.*)"$', catalog_text, re.MULTILINE)]
    found = [f"{where}: {match.group(0)}" for where, text in texts for match in ENGLISH_NUMBER.finditer(text)]
    assert found == []


def test_russian_writes_belarus_and_kyrgyzstan_as_kazakhstan_does():
    text = translation_path(FLAGSHIP, "ru").read_text(encoding="utf-8")
    assert "Беларусь" in text and "Кыргызстан" in text
    assert not re.search(r"Белорусси|Киргизи", text)
    world = json.loads((BROWSER_GEODATA / "world.json").read_text(encoding="utf-8"))
    names = {f["properties"]["id"]: f["properties"].get("name_ru") for f in world["features"]}
    assert names.get("BLR") == "Беларусь" and names.get("KGZ") == "Кыргызстан"


@pytest.mark.parametrize(
    ("language", "wrong"),
    [
        ("en", re.compile(r"acting president", re.IGNORECASE)),
        ("ru", re.compile(r"\bи\.\s?о\.|исполняющ\w* обязанност\w* президент", re.IGNORECASE)),
        ("kk", re.compile(r"міндетін атқарушы|уақытша президент", re.IGNORECASE)),
    ],
)
def test_tokayev_is_president_not_acting_president_in_every_language(original, language: str, wrong: re.Pattern):
    """He was sworn in as President in 2019; the one note that says how foreign outlets put it is the exception."""
    story = localize(original, FLAGSHIP, language).story
    found = [where for where, text in reader_texts(story) if wrong.search(text) and ".other_sources[" not in where]
    assert found == []
