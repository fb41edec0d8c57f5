"""Checks on the flagship story's content: sources, places, quotes and every figure it prints.

The article, the old fact sheet, the vetted sources, the review of December 2026 and the
search notes the story is checked against are copied into `tests/data/` (their first line
says where from), so these tests need nothing outside the repository.
`tests/data/flagship_figures.yaml` lists, for each step, every number the step shows and
where that number comes from.
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
from story.format.model import Source, Step, Story
from story.format.sources import HOSTS_FILE, avoided, is_state_media, kind_problem
from story.format.translation import localize
from story.reader.i18n import translator
from story.reader.narrative import step_sections

DATA = Path(__file__).resolve().parents[1] / "data"
FIGURES_FILE = DATA / "flagship_figures.yaml"

ARTICLE_TITLE = "Moscow leads military intervention to put down protests in Kazakhstan"
CSTO_COUNTRIES = {"RUS", "ARM", "BLR", "KGZ", "TJK"}
REQUIRED_PLACES = {"zhanaozen", "tengiz", "almaty"}
# Claims found in no source but the article: these steps must say so in their body. Each is
# paired with its row of sources-vetted.md, which must grade it N (no source found).
ARTICLE_ONLY_STEPS = {"tengiz": "J34", "times-square": "J33"}
ARTICLE_ONLY_LABEL = "Only *The Militant* reports"
# Claims the article makes that sources-vetted.md found elsewhere: these steps must not carry
# the label, and must cite a source of that row.
FOUND_ELSEWHERE_STEPS = {"red-caravan": "H5"}
# Steps on matters the article leaves out: they do not cite it, and they say so.
NOT_IN_ARTICLE_STEPS = {"blackout", "aftermath", "custody", "toll", "alash", "day-by-day"}
NOT_IN_ARTICLE_LABEL = "*The Militant* does not"
# Hosts the review (tests/data/fact-check.md, its section on sources) keeps out of a teaching resource:
# content farms, Wikipedia mirrors, document dumps and partisan wikis.
BAD_HOSTS = (
    "pledgetimes.com",
    "pefafa.com",
    "tellerreport",
    "oodaloop",
    "theglobaleye.it",
    "geopolitic.org",
    "republicworld",
    "swiki.se",
    "piglix",
    "wiki.x.io",
    "perceptiopt",
    "paperzz",
    "dereksiz",
    "zendy",
    "encycloreader",
)
SOURCE_KINDS = {"independent", "ngo", "official", "state-media", "partisan", "encyclopedia", "scholarly"}
# The glossary the review asks for, and a step where each term must appear.
GLOSSARY_STEPS = {
    "lpg": "gas-price",
    "tenge": "gas-price",
    "csto": "csto",
    "contingent": "csto",
    "mazhilis": "withdrawal",
    "knb": "massimov",
    "treason": "massimov",
    "bai": "collectivization",
    "collectivization": "collectivization",
    "self-determination": "autonomy-1920",
    "counterrevolution": "collectivization",
}
# Steps that describe killings or torture in detail carry a content note of their own.
CONTENT_NOTE_STEPS = {"fire-without-warning", "official-account", "custody", "toll"}
# The final official death toll (16 August 2022) and the official CSTO total (10 January 2022).
FINAL_TOLL = "238"
TOLL_STEPS = {"qandy-qantar", "fire-without-warning", "toll", "what-we-know"}
CSTO_TOTAL = "2,030"
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
    for item in step.media:
        yield item.caption
        yield item.alt or ""
    for check in step.check:
        yield check.question
        yield check.explain
        yield from getattr(check, "choices", [])
        yield from getattr(check, "order", [])
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
def vetted() -> str:
    return source_text("sources-vetted.md")


@cache
def review() -> str:
    return source_text("fact-check.md")


@cache
def search_notes() -> str:
    return source_text("search-notes.md")


@cache
def third_review() -> str:
    return source_text("fact-check-3.md")


@cache
def third_search_notes() -> str:
    return source_text("search-notes-3.md")


@cache
def protests_table() -> str:
    # The protests layer's own table: each report's sources, read in stored copies (geodata/SOURCES.md).
    return (GEODATA_DIR / "data" / "protests-2022-01.yaml").read_text(encoding="utf-8")


@cache
def city_notes() -> str:
    # The city step's places and their sources, as read for the offline city map (issue 30).
    return (GEODATA_DIR.parent / "docs" / "city-basemap.md").read_text(encoding="utf-8")


def notes() -> str:
    """Every note a URL or a figure of the story may come from."""
    return "\n".join([facts(), vetted(), search_notes(), third_search_notes(), protests_table(), city_notes()])


@cache
def vetted_rows() -> dict[str, str]:
    """The claim rows of sources-vetted.md by their number: H1 ... J34."""
    rows = {}
    for line in vetted().splitlines():
        match = re.match(r"\| ([HJ]\d+) \|", line)
        if match:
            rows[match.group(1)] = line
    return rows


def grade(row: str) -> str:
    """The strength grade a vetted row ends with: S, A, W or N."""
    last = [cell.strip() for cell in row.strip().strip("|").split("|")][-1]
    return last[:1]


def all_sources(step: Step) -> list[Source]:
    figure_sources = [row.source for row in step.figure.data] if step.figure else []
    return [*step.sources, *(source for note in step.other_sources for source in note.sources), *figure_sources]


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().rstrip(".")


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


def test_the_flagship_has_14_to_30_steps(story: Story):
    assert 14 <= len(story.steps) <= 30


def test_the_copied_sources_are_the_article_the_fact_sheet_the_vetted_sources_the_review_and_the_notes():
    assert plain(article()).startswith(ARTICLE_TITLE)  # the copy has a no-break space in the title
    assert "By Roy Landersen" in article()
    assert facts().startswith("# Fact sheet")
    assert vetted().startswith("# Vetted sources")
    assert review().startswith("# Fact check of the flagship story")
    assert search_notes().startswith("# Search notes")
    assert third_review().startswith("# Fact check of the flagship, third review")
    assert third_search_notes().startswith("# Search notes")
    names = ("article.txt", "facts.md", "sources-vetted.md", "fact-check.md", "search-notes.md", "fact-check-3.md")
    for name in (*names, "search-notes-3.md"):
        first_line = (DATA / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert "opied" in first_line, f"{name}: the first line must say where the copy comes from"


def test_the_article_is_labelled_partisan_and_its_publisher_named_on_the_first_step(story: Story):
    assert story.source is not None and story.source.kind == "partisan"
    first = story.steps[0]
    assert "Socialist Workers Party" in first.body and "**partisan**" in first.body
    for step in story.steps:
        for source in all_sources(step):
            if source.title == ARTICLE_TITLE:
                assert source.kind == "partisan", f"{step.id}: the article is a partisan source"


def test_the_story_has_a_content_note_and_so_do_the_steps_that_describe_killings_or_torture(story: Story):
    assert story.content_note and "torture" in story.content_note
    notes_by_step = {step.id: step.content_note for step in story.steps}
    for step_id in CONTENT_NOTE_STEPS:
        assert notes_by_step[step_id], f"{step_id}: this step needs a content note"


def test_the_glossary_defines_the_terms_the_review_asks_for_where_they_are_used(story: Story):
    terms = {term.id: term for term in story.glossary}
    assert set(GLOSSARY_STEPS) <= set(terms)
    texts = {step.id: "\n".join(step_texts(step)) for step in story.steps}
    for term in story.glossary:
        assert term.definition.strip(), f"{term.id}: no definition"
        forms = [term.term, *term.forms]
        used = [step_id for step_id, text in texts.items() if any(form in text for form in forms)]
        assert used, f"{term.id}: '{term.term}' appears in no step"
    for term_id, step_id in GLOSSARY_STEPS.items():
        term = terms[term_id]
        assert any(form in texts[step_id] for form in [term.term, *term.forms]), (
            f"{term_id}: '{term.term}' should appear in {step_id}"
        )


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
    for step in story.steps:
        cited = [source for source in step.sources if source.title == ARTICLE_TITLE]
        for source in cited:
            assert source.url is None, f"{step.id}: the article has no URL in our copy"
            assert source.publisher == "The Militant" and source.date == "2022-01-24"
        if step.id in NOT_IN_ARTICLE_STEPS:
            assert not cited, f"{step.id}: the article does not cover this step"
            assert NOT_IN_ARTICLE_LABEL in step.body, f"{step.id}: say that the article leaves this out"
        else:
            assert cited, f"{step.id}: cite the article this step retells"


def test_every_url_comes_from_the_notes_of_the_search(story: Story):
    known = {url.rstrip(".,;:)") for url in _URL.findall(notes())}
    for step in story.steps:
        for source in all_sources(step):
            if source.url is not None:
                assert source.url in known, f"{step.id}: {source.url} is in none of the copied notes"


def test_every_source_has_a_kind(story: Story):
    for step in story.steps:
        for source in all_sources(step):
            assert source.kind in SOURCE_KINDS, f"{step.id}: {source.title!r} needs a kind"


def test_no_source_is_on_a_host_the_review_keeps_out_of_a_teaching_resource(story: Story):
    for step in story.steps:
        for source in all_sources(step):
            if source.url is not None:
                host = host_of(source.url)
                bad = [name for name in BAD_HOSTS if name in host]
                assert not bad, f"{step.id}: {source.url} is on {bad[0]}"


def test_the_bad_hosts_are_the_ones_the_review_lists():
    sections = {part.split("\n", 1)[0]: part for part in review().split("\n## ")}
    listed = sections["Sources that do not belong in a teaching resource"]
    for name in BAD_HOSTS:
        assert name in listed, f"{name} is not in the review's list"


def test_state_media_are_labelled_as_state_media_or_official(story: Story):
    for step in story.steps:
        for source in all_sources(step):
            if source.url is None:
                continue
            # The state media hosts are the rule's table (story/format/data/source-hosts.yaml).
            if is_state_media(source.url) or "sputnik" in host_of(source.url).split("."):
                assert source.kind in {"state-media", "official"}, f"{step.id}: {source.url} is state media"


@cache
def weak_hosts_of_the_third_review() -> list[str]:
    """The hosts story/format/data/source-hosts.yaml lists under the third review's heading."""
    data = YAML(typ="safe").load(HOSTS_FILE.read_text(encoding="utf-8"))
    return next(hosts for reason, hosts in data["avoid"].items() if reason.startswith("weak host"))


def protests_layer_sources() -> Iterator[tuple[str, dict]]:
    for entry in YAML(typ="safe").load(protests_table()):
        for source in entry["sources"]:
            yield f"{entry['place']} {entry.get('date') or entry['start']}", source


def test_the_weak_hosts_are_the_ones_the_third_review_names():
    weak = weak_hosts_of_the_third_review()
    assert len(weak) >= 15, "section 3b names 15 hosts (and two pages that could not be opened)"
    for host in weak:
        assert host in third_review(), f"{host} is not named in fact-check-3.md"


def test_no_source_of_the_story_or_the_protests_layer_is_on_a_weak_host(story: Story):
    weak = weak_hosts_of_the_third_review()
    for step in story.steps:
        for source in all_sources(step):
            assert avoided(source.url) is None, f"{step.id}: {source.url} is on a host to avoid"
    for report, source in protests_layer_sources():
        assert avoided(source["url"]) is None, f"protests layer, {report}: {source['url']} is on a host to avoid"
    assert all(avoided(f"https://{host}/x") for host in weak), "the checker reads the same list"


def test_every_source_of_the_story_and_the_protests_layer_has_the_kind_the_rule_gives(story: Story):
    for step in story.steps:
        for source in all_sources(step):
            problem = kind_problem(source.url, source.publisher, source.kind)
            assert problem is None, f"{step.id}: {source.publisher}: {problem}"
    for report, source in protests_layer_sources():
        problem = kind_problem(source["url"], source["publisher"], source["kind"])
        assert problem is None, f"protests layer, {report}: {source['publisher']}: {problem}"


def test_rfe_rl_is_independent_and_says_the_us_congress_funds_it_and_reposts_of_sputnik_are_state_media(story: Story):
    publishers = [(s.publisher or "", s.kind) for step in story.steps for s in all_sources(step)]
    publishers += [(s["publisher"], s["kind"]) for _, s in protests_layer_sources()]
    rfe = [(p, k) for p, k in publishers if "RFE/RL" in p]
    assert len(rfe) >= 20 and all(k == "independent" and "funded by the US Congress" in p for p, k in rfe)
    relays = [(p, k) for p, k in publishers if "Sputnik" in p]
    assert relays and all(k == "state-media" for p, k in relays)


def test_a_protests_report_resting_on_state_media_alone_is_marked_as_disputed():
    for entry in YAML(typ="safe").load(protests_table()):
        if all(source["kind"] == "state-media" for source in entry["sources"]):
            assert entry["disputed"], (
                f"{entry['place']} {entry.get('date') or entry['start']} rests on state media alone"
            )
            assert "state media" in entry["note"] or "state-media" in entry["note"]


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
        for item in step.media:
            # The article's words, in quotation marks, then who wrote them (review 3, section 4a).
            quoted = re.fullmatch(r"“(.+)” \(The Militant's caption\)", item.caption)
            assert quoted, f"{step.id}: the caption is the article's words and must be quoted as such"
            assert plain(quoted.group(1)) in source, f"{step.id}: the caption is not the article's"
            assert item.url is None and item.src is None, f"{step.id}: the photos are not available; no address"
            credited[step.id] = item.credit
    assert set(credited.values()) == {"Qazak Times", "Militant/Roy Landersen"}


def test_claims_only_the_article_makes_are_labelled(story: Story):
    bodies = {step.id: step.body for step in story.steps}
    for step_id, row in ARTICLE_ONLY_STEPS.items():
        assert ARTICLE_ONLY_LABEL in bodies[step_id], f"{step_id}: say that only The Militant reports this"
        assert grade(vetted_rows()[row]) == "N", f"{step_id}: sources-vetted.md {row} found a source"
    # the title step explains the label; every other step that carries it is listed above
    labelled = {step.id for step in story.steps[1:] if ARTICLE_ONLY_LABEL in step.body}
    assert labelled == set(ARTICLE_ONLY_STEPS), "only claims with no other source carry the label"


def test_no_only_the_militant_label_where_the_vetted_sources_find_the_claim(story: Story):
    steps = {step.id: step for step in story.steps}
    for step_id, row_id in FOUND_ELSEWHERE_STEPS.items():
        row = vetted_rows()[row_id]
        assert grade(row) in {"S", "A"}, f"{row_id} is no longer a found source"
        step = steps[step_id]
        assert ARTICLE_ONLY_LABEL not in "\n".join(step_texts(step)), f"{step_id}: sources-vetted.md {row_id} finds it"
        row_urls = {url.rstrip(".,;:)") for url in _URL.findall(row)}
        assert row_urls & {source.url for source in all_sources(step)}, f"{step_id}: cite a source of {row_id}"


def test_the_steps_that_give_the_toll_give_the_final_official_238(story: Story):
    steps = {step.id: step for step in story.steps}
    for step_id in TOLL_STEPS:
        assert FINAL_TOLL in figures_in("\n".join(step_texts(steps[step_id]))), f"{step_id}: give the final toll"
    toll = steps["toll"].body
    for interim in ("225", "227", "230", "232"):
        assert interim in toll, f"toll: the interim figure {interim} is missing"
    # The month, as the sources that replace RFE/RL's staging host give it (The Diplomat: "in August 2022").
    assert "final" in toll and "August 2022" in toll
    assert "4,500" in toll, "toll: the official count of the injured is missing"


def test_the_csto_step_gives_the_official_total_of_2030_troops(story: Story):
    csto = next(step for step in story.steps if step.id == "csto")
    assert CSTO_TOTAL in csto.body and "250" in csto.body
    assert "10 January" in csto.body


def test_the_attempted_coup_quote_sits_on_10_january(story: Story):
    quoted = [step for step in story.steps if step.quote and "coup" in step.quote.text]
    assert [step.date for step in quoted] == ["2022-01-10"]


def test_tokayev_is_never_called_acting_president(story: Story):
    for step in story.steps:
        for text in (step.title, step.body, step.view.alt, *step.discussion):
            assert "acting president" not in text.lower(), f"{step.id}: he was sworn in as President"


def test_the_january_steps_are_in_date_order(story: Story):
    january = [step for step in story.steps if step.date.startswith("2022-01-") and step.id != "what-we-know"]
    starts = [step.date.split("/")[0] for step in january]
    assert starts == sorted(starts)


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


def test_every_listed_figure_is_in_the_article_or_in_the_notes_row_it_names(story: Story):
    article_figures = figures_in(article())
    note_lines = notes().splitlines()
    cited = {step.id: all_sources(step) for step in story.steps}
    for step_id, entries in figure_table().items():
        for entry in entries or []:
            figure, source = normalise_figure(entry["figure"]), entry["source"]
            if source == "article":
                assert figure in article_figures, f"{step_id}: {figure} is not in the article"
                continue
            if source.startswith("layer:"):  # a day the step's map shows of a layer that changes with dates
                step = story.steps[[s.id for s in story.steps].index(step_id)]
                assert source[6:] in [ref.id for ref in step.layers], f"{step_id}: {source} is not on its map"
                shown = step.time.days() if step.time else [step.swipe.left, step.swipe.right] if step.swipe else []
                days = {str(day.day) for day in shown} | {str(day.year) for day in shown}
                assert figure in days, f"{step_id}: {figure} is not a day the map shows"
                continue
            if _URL.match(source):
                assert source in {s.url for s in cited[step_id]}, f"{step_id}: {source} is not a source of the step"
                host = host_of(source).removeprefix("www.").removeprefix("en.m.").removeprefix("en.")
                lines = [line for line in note_lines if source in line or (host and host in line.lower())]
            else:  # a print source cited by title, without a URL
                assert any(source in s.title for s in cited[step_id]), f"{step_id}: {source!r} is not cited"
                lines = [line for line in note_lines if source in line]
            assert lines, f"{step_id}: {source} is neither 'article' nor in the copied notes"
            assert figure in figures_in("\n".join(lines)), f"{step_id}: {figure} is not in the notes next to {source}"


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_every_glossary_term_is_marked_in_the_text_in_every_language(language: str, catalog: LayerCatalog):
    """The forms a translation gives find the term in its own text: a reader meets each term marked somewhere."""
    shown = localize(load_story(FLAGSHIP, catalog), FLAGSHIP, language).story
    tr = translator(language)
    marked: set[str] = set()
    for index in range(len(shown.steps)):
        body = next(s.html for s in step_sections(shown, index, catalog, tr) if s.kind == "body")
        marked |= set(re.findall(r'aria-describedby="sm-gl-([^"]+)"', body))
    assert [term.id for term in shown.glossary if term.id not in marked] == []


def step_by_id(story: Story, step_id: str) -> Step:
    return next(step for step in story.steps if step.id == step_id)


FIGURES = {"gas-price": "bar", "csto": "bar", "withdrawal": "line", "toll": "line"}


def test_four_steps_show_a_figure_of_their_numbers(story: Story):
    shown = {step.id: step.figure.chart for step in story.steps if step.figure}
    assert shown == FIGURES


def test_the_toll_figure_ends_on_the_final_238_and_marks_the_withdrawn_164(story: Story):
    figure = step_by_id(story, "toll").figure
    rows = sorted(figure.data, key=lambda row: row.date)
    assert (rows[-1].date, rows[-1].value, rows[-1].status) == ("2022-08-16", 238, "reported")
    withdrawn = [row for row in figure.data if row.status == "withdrawn"]
    assert [(row.date, row.value) for row in withdrawn] == [("2022-01-09", 164)]
    assert [row.value for row in figure.data if row.label is None and row.status == "reported"] == [
        44, 225, 230, 232, 238,
    ]  # fmt: skip


def test_the_csto_figure_keeps_the_undisclosed_contingents_undisclosed_and_the_total_official(story: Story):
    figure = step_by_id(story, "csto").figure
    by_label = {row.label: row for row in figure.data}
    assert by_label["Russia"].status == by_label["Belarus"].status == "undisclosed"
    assert by_label["All five (official total)"].value == 2030
    known = sum(row.value for label, row in by_label.items() if row.value is not None and "total" not in label)
    assert known < 2030, "the total is the official figure, never a sum of the contingents"


def test_every_figure_value_is_in_its_source_notes(story: Story):
    """Each value of a figure appears, as written in English, in the copied notes beside its source's address."""
    text = notes()
    for step in story.steps:
        for row in step.figure.data if step.figure else []:
            if row.value is None:
                continue
            number = f"{row.value:,.0f}"
            lines = [line for line in text.splitlines() if row.source.url in line]
            assert any(number in line for line in lines), f"{step.id}: {number} not beside {row.source.url}"


def test_the_flagship_has_self_checks_two_of_them_on_the_map_in_every_language(story: Story, catalog):
    from story.format.files import translation_path
    from story.format.model import ChoiceCheck, FindCheck
    from story.format.translation import load_translation

    checks = [(step, check) for step in story.steps for check in step.check]
    assert len(checks) >= 8
    assert len([check for _, check in checks if isinstance(check, FindCheck)]) >= 2
    for step, check in checks:
        if isinstance(check, ChoiceCheck):
            # Answerable from its step: the right answer's words (or its number) are in the step's text.
            assert any(word in step.body for word in check.answer.replace("The ", "").split()), (step.id, check.answer)
    for language in ("ru", "kk"):
        translated = load_translation(story, translation_path(FLAGSHIP, language)).story
        for original, step in zip(story.steps, translated.steps, strict=True):
            for source, check in zip(original.check, step.check, strict=True):
                assert check.question != source.question and check.explain != source.explain, (language, step.id)
                if isinstance(check, ChoiceCheck):
                    # The answer is the translated choice at the original answer's place.
                    assert check.choices.index(check.answer) == source.choices.index(source.answer)


def test_the_day_by_day_step_says_what_its_layer_shows(story: Story):
    """The step's sentences about the days agree with the reports on its map."""
    layer = json.loads((GEODATA_DIR / "protests-2022-01.geojson").read_text(encoding="utf-8"))
    reports = [feature["properties"] for feature in layer["features"]]

    def places_on(day: str, kind: str | None = None) -> set[str]:
        return {r["place"] for r in reports if r["start"] <= day <= r["end"] and kind in (None, r["kind"])}

    step = next(step for step in story.steps if step.id == "day-by-day")
    assert step.time and (step.time.from_.isoformat(), step.time.to.isoformat()) == ("2022-01-02", "2022-01-11")
    assert places_on("2022-01-02") == {"zhanaozen", "aktau"}
    assert len(places_on("2022-01-04")) == 15 and "fifteen places" in step.body
    assert {"uralsk", "almaty", "nur-sultan", "tengiz"} <= places_on("2022-01-04")
    assert places_on("2022-01-05", "clash") == {"almaty", "aktobe", "kyzylorda", "shymkent", "taraz"}
    assert places_on("2022-01-07") == {"almaty", "aktau", "zhanaozen", "tengiz"}
    assert not places_on("2022-01-10") and not places_on("2022-01-11")
    resting_on_state_media = {"karaganda", "kyzylorda", "taraz", "tengiz", "almaty"}
    assert {r["place"] for r in reports if r["disputed"]} == {"atyrau"} | resting_on_state_media
    assert "Atyrau the sources disagree" in step.body and "rest on state media alone" in step.body
