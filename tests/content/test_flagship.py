"""Checks on the flagship story's content: sources, places, quotes and every figure it prints.

The article and the fact sheet the story is checked against are copied into
`tests/data/` (their first line says where from), so these tests need nothing
outside the repository. `tests/data/flagship_figures.yaml` lists, for each
step, every number the step shows and where that number comes from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from ruamel.yaml import YAML

from geodata.catalog import GEODATA_DIR, LayerCatalog
from story.format.checks import SAME_PLACE_DEGREES
from story.format.files import FLAGSHIP
from story.format.loader import load_story
from story.format.model import Step, Story

DATA = Path(__file__).resolve().parent / "data"
FIGURES_FILE = DATA / "flagship_figures.yaml"

ARTICLE_TITLE = "Moscow leads military intervention to put down protests in Kazakhstan"
CSTO_COUNTRIES = {"RUS", "ARM", "BLR", "KGZ", "TJK"}
REQUIRED_PLACES = {"zhanaozen", "tengiz", "almaty"}
# Claims found in no source but the article: these steps must say so in their body.
ARTICLE_ONLY_STEPS = {"tengiz", "times-square", "red-caravan"}
ARTICLE_ONLY_LABEL = "Only *The Militant* reports"
# Longest run of words a step may share with the article outside quotes and captions.
MAX_SHARED_WORDS = 7

_URL = re.compile(r"https?://[^\s<>|]+")
# A number as written in running text: 60, 2,000, 1.3, "1.3 million"; digits inside a
# word ("Il-76s" still counts as 76, "45th" as 45) but never inside a longer number.
_NUMBER = re.compile(r"(?<![\d.,])(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s+(million|billion)\b)?", re.IGNORECASE)
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def source_text(name: str) -> str:
    """A copied source file without its first line (the note saying where it was copied from)."""
    return (DATA / name).read_text(encoding="utf-8").split("\n", 1)[1]


def figures_in(text: str) -> set[str]:
    """Every number in `text`, normalised: `2,000` -> `2000`, `07` -> `7`, `1.3 Million` -> `1.3 million`."""
    found = set()
    for match in _NUMBER.finditer(_URL.sub(" ", text)):
        number = match.group(1).replace(",", "")
        if "." not in number:
            number = str(int(number))
        unit = match.group(2)
        found.add(f"{number} {unit.lower()}" if unit else number)
    return found


def normalise_figure(figure: object) -> str:
    (only,) = figures_in(str(figure))
    return only


def step_texts(step: Step) -> Iterator[str]:
    """Everything a reader sees of a step that may hold a number."""
    yield step.title
    yield step.body
    yield step.view.alt
    if step.quote:
        yield step.quote.text
    if step.media:
        yield step.media.caption
        yield step.media.alt or ""
    for note in step.other_sources:
        yield note.text
    yield from step.discussion
    for place in step.places:
        yield place.note or ""


def plain(text: str) -> str:
    return " ".join(text.translate(_QUOTE_MARKS).split())


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", plain(text).lower().replace("'", ""))


@pytest.fixture(scope="module")
def story(catalog: LayerCatalog) -> Story:
    return load_story(FLAGSHIP, catalog)


@cache
def article() -> str:
    return source_text("article.txt")


@cache
def facts() -> str:
    return source_text("facts.md")


@cache
def figure_table() -> dict[str, list[dict]]:
    return YAML(typ="safe").load(FIGURES_FILE.read_text(encoding="utf-8"))


@cache
def geodata_places() -> dict[str, dict]:
    """The `places` layer: id -> {lat, lon, geonames_id}."""
    data = json.loads((GEODATA_DIR / "places.geojson").read_text(encoding="utf-8"))
    places = {}
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"][:2]
        properties = feature["properties"]
        places[properties["id"]] = {"lat": lat, "lon": lon, "geonames_id": properties.get("geonames_id")}
    return places


# --- the file as a whole --------------------------------------------------------------------


def test_the_flagship_passes_the_story_checker(catalog: LayerCatalog):
    story = load_story(FLAGSHIP, catalog)
    assert story.id == "qantar-2022"
    assert story.language == "en"
    assert story.source is not None and story.source.author == "Roy Landersen"
    assert story.source.outlet == "The Militant" and story.source.date == "2022-01-24"


def test_the_flagship_has_14_to_20_steps(story: Story):
    assert 14 <= len(story.steps) <= 20


def test_the_copied_sources_are_the_article_and_the_fact_sheet():
    assert plain(article()).startswith(ARTICLE_TITLE)  # the copy has a no-break space in the title
    assert "By Roy Landersen" in article()
    assert facts().startswith("# Fact sheet")


# --- every step -----------------------------------------------------------------------------


def test_every_step_has_a_source_a_date_and_a_map_description(story: Story):
    for step in story.steps:
        assert step.sources, f"{step.id}: no source"
        assert step.date.strip(), f"{step.id}: no date"
        assert len(step.view.alt.split()) >= 5, f"{step.id}: view.alt is not a description"


def test_no_step_body_is_a_stub(story: Story):
    for step in story.steps:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(step.body.split())) if len(s.split()) >= 3]
        assert len(sentences) >= 2, f"{step.id}: the body has fewer than two sentences"
        assert len(step.body.split()) >= 30, f"{step.id}: the body is too short to teach from"


def test_the_article_is_cited_as_the_article_without_an_invented_url(story: Story):
    cited = 0
    for step in story.steps:
        for source in step.sources:
            if source.title == ARTICLE_TITLE:
                cited += 1
                assert source.url is None, f"{step.id}: the article has no URL in our copy"
                assert source.publisher == "The Militant" and source.date == "2022-01-24"
    assert cited >= len(story.steps) - 1


def test_every_url_comes_from_the_fact_sheet(story: Story):
    known = {url.rstrip(".,;)") for url in _URL.findall(facts())}
    for step in story.steps:
        for source in [*step.sources, *(s for note in step.other_sources for s in note.sources)]:
            if source.url is not None:
                assert source.url in known, f"{step.id}: {source.url} is not in facts.md"


# --- places and layers ----------------------------------------------------------------------


def test_every_place_is_the_geodata_place_with_its_coordinates_and_geonames_id(story: Story):
    layer = geodata_places()
    for step in story.steps:
        for place in step.places:
            assert place.id is not None, f"{step.id}: place {place.name!r} needs the places layer id"
            assert place.id in layer, f"{step.id}: {place.id} is not in geodata/places.geojson"
            known = layer[place.id]
            assert abs(place.lat - known["lat"]) <= SAME_PLACE_DEGREES, f"{step.id}: {place.id} latitude"
            assert abs(place.lon - known["lon"]) <= SAME_PLACE_DEGREES, f"{step.id}: {place.id} longitude"
            if place.geonames_id is not None or known["geonames_id"] is not None:
                assert place.geonames_id == known["geonames_id"], f"{step.id}: {place.id} geonames_id"


def test_the_story_shows_zhanaozen_tengiz_and_almaty(story: Story):
    shown = {place.key for step in story.steps for place in step.places}
    assert shown >= REQUIRED_PLACES


def test_one_step_highlights_the_five_csto_countries_with_their_deployment_lines(story: Story):
    for step in story.steps:
        layers = {ref.id: ref for ref in step.layers}
        members = layers.get("csto-members")
        if members and set(members.highlight) >= CSTO_COUNTRIES and "deployments" in layers:
            return
    pytest.fail("no step highlights RUS, ARM, BLR, KGZ and TJK in csto-members together with deployments")


# --- words taken from the article -----------------------------------------------------------


def test_quotes_are_exact_and_short_and_attributed_to_the_article(story: Story):
    source = plain(article())
    for step in story.steps:
        if step.quote is None:
            continue
        assert plain(step.quote.text) in source, f"{step.id}: the quote is not word for word in the article"
        assert len(step.quote.text.split()) <= 25, f"{step.id}: the quote is long"
        assert step.quote.source == "The Militant, 24 January 2022"


def test_photo_captions_are_the_article_captions_with_their_credits(story: Story):
    source = plain(article())
    credited = {}
    for step in story.steps:
        if step.media is not None:
            assert plain(step.media.caption) in source, f"{step.id}: the caption is not the article's"
            assert step.media.url is None, f"{step.id}: the photos are not available; no image URL"
            credited[step.id] = step.media.credit
    assert set(credited.values()) == {"Qazak Times", "Militant/Roy Landersen"}


def test_claims_only_the_article_makes_are_labelled(story: Story):
    bodies = {step.id: step.body for step in story.steps}
    for step_id in ARTICLE_ONLY_STEPS:
        assert ARTICLE_ONLY_LABEL in bodies[step_id], f"{step_id}: say that only The Militant reports this"


def test_the_narrative_is_in_our_own_words(story: Story):
    article_words = words(article())
    size = MAX_SHARED_WORDS + 1
    article_runs = {tuple(article_words[i : i + size]) for i in range(len(article_words) - size + 1)}
    for step in story.steps:
        texts = [step.body, *(note.text for note in step.other_sources), *step.discussion]
        for text in texts:
            own = words(text)
            shared = [" ".join(own[i : i + size]) for i in range(len(own) - size + 1)]
            copied = [run for run in shared if tuple(run.split()) in article_runs]
            assert not copied, f"{step.id}: copies the article: {copied[0]!r}"


# --- figures ----------------------------------------------------------------------------------


def test_the_figure_extraction_reads_numbers_as_written():
    assert figures_in("More than 2,000 troops; 1.3 million died; Jan. 8, 2022") == {"2000", "1.3 million", "8", "2022"}
    assert figures_in("38–42% and 16-17 Dec 2011") == {"38", "42", "16", "17", "2011"}
    assert figures_in("see https://example.org/2022/01/07/x-10000 only") == set()
    assert figures_in("1920, 1922 and 07") == {"1920", "1922", "7"}


def test_every_figure_a_step_shows_is_listed_with_its_source(story: Story):
    table = figure_table()
    assert set(table) == {step.id for step in story.steps}, "one entry per step in flagship_figures.yaml"
    for step in story.steps:
        shown = set().union(*(figures_in(text) for text in step_texts(step)))
        listed = [normalise_figure(entry["figure"]) for entry in table[step.id] or []]
        assert len(listed) == len(set(listed)), f"{step.id}: a figure is listed twice"
        assert not shown - set(listed), f"{step.id}: figures without a source: {sorted(shown - set(listed))}"
        assert not set(listed) - shown, f"{step.id}: listed but not shown: {sorted(set(listed) - shown)}"


def test_every_listed_figure_is_in_the_article_or_in_the_fact_sheet_row_it_names():
    article_figures = figures_in(article())
    fact_lines = facts().splitlines()
    for step_id, entries in figure_table().items():
        for entry in entries or []:
            figure, source = normalise_figure(entry["figure"]), entry["source"]
            if source == "article":
                assert figure in article_figures, f"{step_id}: {figure} is not in the article"
                continue
            host = urlsplit(source).hostname or ""
            host = host.removeprefix("www.").removeprefix("en.m.").removeprefix("en.")
            lines = [line for line in fact_lines if source in line or (host and host in line)]
            assert lines, f"{step_id}: {source} is neither 'article' nor a URL of facts.md"
            assert figure in figures_in("\n".join(lines)), f"{step_id}: {figure} is not in facts.md next to {source}"
