"""One narrative for every output: a step's sections, and the data the player gets in the app and the export."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

from story.format.loader import load_story, parse_story
from story.format.translation import localize
from story.map.tiles import tile_config
from story.outputs.export import export_html
from story.player import encoded, opening_html, player_data, player_script, with_page_fields, without_comment_lines
from story.reader.i18n import translator
from story.reader.narrative import sections_html, step_sections
from story.reader.text import escape
from tests.conftest import TEST_STORIES

EN = translator("en")
THREE_STEPS = TEST_STORIES / "three-steps.yaml"


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(THREE_STEPS, catalog)


def kinds(story, index, catalog, tr=EN, untranslated=frozenset()):
    return [section.kind for section in step_sections(story, index, catalog, tr, untranslated)]


def test_every_step_has_its_sections_in_one_order(story, catalog):
    assert kinds(story, 0, catalog) == ["date", "title", "article", "body", "sources", "legend", "discussion"]
    assert kinds(story, 1, catalog) == ["date", "title", "content-note", "body", "quote", "other-sources", "legend"]
    assert kinds(story, 2, catalog) == ["date", "title", "body", "media", "legend"]


def test_content_notes_come_before_the_text(catalog):
    text = b"""\
id: noted
title: T
language: en
content_note: Tells of killings.
steps:
  - {id: a, title: A, date: 2022, body: B, view: {center: [43, 76], zoom: 5, alt: M}, content_note: Torture.}
  - {id: b, title: C, date: 2022, body: D, view: {center: [43, 76], zoom: 5, alt: M}}
"""
    noted = parse_story(text, "noted.yaml", catalog)
    first = step_sections(noted, 0, catalog, EN)
    assert [s.kind for s in first][:4] == ["date", "title", "content-note", "body"]
    note = next(s.html for s in first if s.kind == "content-note")
    assert "Tells of killings." in note and "Torture." in note
    assert "content-note" not in kinds(noted, 1, catalog)


def test_a_step_shown_partly_in_the_original_says_so_after_its_title(story, catalog):
    sections = kinds(story, 0, catalog, translator("ru"), frozenset({"steps[0].body"}))
    assert sections[:3] == ["date", "title", "untranslated"]


def test_the_player_gets_every_step_once(story, catalog):
    data = player_data(story, catalog, EN, None)
    assert [step["id"] for step in data["steps"]] == [step.id for step in story.steps]
    for index, step in enumerate(data["steps"]):
        assert step["html"] == sections_html(step_sections(story, index, catalog, EN))
        assert step["state"]["step"] == step["id"]
    assert data["placeSteps"] == {"zhanaozen": [0], "almaty": [0, 1], "times-square": [2]}
    assert data["map"]["id"] == "map_story" and "L.map(" in data["map"]["script"]
    assert data["timeline"]["firstYear"] == 2022 and len(data["timeline"]["points"]) == 3


def test_the_same_data_every_time(story, catalog):
    # The app sends it on every run: Streamlit sends it once only if it is the same text.
    tiles = tile_config("OpenStreetMap.Mapnik")
    first = json.dumps(player_data(story, catalog, EN, tiles), sort_keys=True)
    assert first == json.dumps(player_data(story, catalog, EN, tiles), sort_keys=True)


def test_a_page_gets_its_own_fields_in_the_same_bytes_as_encoding_all_of_it(story, catalog):
    # The story's part is encoded once per process; a page adds its opening step and notice.
    data = player_data(story, catalog, translator("ru"), None)
    fields = {"start": "алматы", "notice": None, "removeFromAddress": ["story"]}
    spliced = with_page_fields(encoded(data), fields)
    assert spliced == encoded({**data, **fields})
    assert json.loads(spliced) == {**data, **fields}
    assert with_page_fields(encoded(data), {}) == encoded(data)


def test_page_fields_are_added_to_an_object_only():
    with pytest.raises(ValueError, match="JSON object"):
        with_page_fields(encoded([1, 2]), {"start": "a"})
    with pytest.raises(ValueError, match="JSON object"):
        with_page_fields(encoded({}), {"start": "a"})


def test_the_export_plays_the_same_narrative_as_the_app(story, catalog):
    html = export_html(story, catalog, EN, None)
    match = re.search(r'<script type="application/json" id="story-data">(.*?)</script>', html, re.S)
    exported = json.loads(match.group(1))
    app = player_data(story, catalog, EN, None)
    assert [s["html"] for s in exported["steps"]] == [s["html"] for s in app["steps"]]
    assert [s["state"] for s in exported["steps"]] == [s["state"] for s in app["steps"]]
    assert exported["map"] == app["map"], "folium builds the export's map too"
    assert set(exported["mapConfig"]["inlineLayers"]) >= {"world", "kazakhstan", "kazakhstan-regions"}
    # One player: the export carries the app's scripts, in their order (their code; the comments stay in
    # the files), not a controller of its own.
    assert without_comment_lines(player_script()) in html


def test_a_translated_story_gives_the_player_its_language(story, catalog):
    russian = localize(story, THREE_STEPS, "ru")
    data = player_data(russian.story, catalog, translator("ru"), None, russian.untranslated)
    assert data["language"] == "ru" and data["steps"][1]["title"] == "Только Алматы"
    assert data["texts"]["next"] == "Далее"
    assert data["mapConfig"]["places"][1]["name"] == "Алматы"


class _Markup(HTMLParser):
    """The elements and attributes of an HTML fragment (what a browser would make of it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def test_a_hostile_story_reaches_the_player_only_as_text(catalog):
    hostile = load_story(TEST_STORIES / "hostile.yaml", catalog)
    data = player_data(hostile, catalog, EN, None)
    for step in data["steps"]:
        markup = _Markup()
        markup.feed(step["html"])
        assert not markup.tags & {"script", "img", "svg", "iframe", "object", "embed", "style", "animate"}, step["id"]
        assert not [name for name, _ in markup.attributes if name.startswith("on")], step["id"]
        hrefs = [value for name, value in markup.attributes if name == "href"]
        assert all(href.startswith(("https://", "http://", "mailto:")) for href in hrefs), hrefs
    # Titles, names and alt texts are plain text in the data; the player writes them as text.
    assert data["steps"][0]["title"].startswith("<")
    assert any("<img" in place["name"] for place in data["mapConfig"]["places"])
    script = data["map"]["script"]
    assert "alert" not in script, "no authored text is in the map's script"


def test_the_opening_step_has_what_the_player_shows_around_it_at_first(story, catalog):
    # The page draws the opening step before the player loads, in the box the player then takes:
    # the address's notice above the step and the map's description under the map are in both.
    data = player_data(story, catalog, EN, None)
    step = data["steps"][1]
    html = opening_html(data, step["id"], "There is no step “x” in this story; showing the first step.")
    assert '<p class="sp-notice">There is no step “x” in this story; showing the first step.</p>' in html
    assert f'<p class="sp-map-alt"><span class="sm-label">Map:</span> {escape(step["state"]["alt"])}</p>' in html
    assert "sp-notice" not in opening_html(data, step["id"])
    assert "sp-has-time" not in html


def test_the_opening_of_a_step_with_days_keeps_the_row_of_their_control(catalog):
    days = load_story(TEST_STORIES / "days.yaml", catalog)
    data = player_data(days, catalog, EN, None)
    with_days = next(step for step in data["steps"] if "time" in step["state"])
    html = opening_html(data, with_days["id"])
    assert '<div class="sp-map-pane sp-has-time">' in html
    assert '<div class="sp-time" aria-hidden="true"><div class="sp-time-row"></div></div>' in html


def test_the_copys_player_script_without_its_comment_lines_is_the_same_program(tmp_path):
    sample = "a = 1; // kept\n  // gone\n/** gone\n * gone */\n/** @type {X} */ (b).c = 2;\n/* gone */\nd = '//x';\n"
    assert without_comment_lines(sample) == "a = 1; // kept\n(b).c = 2;\nd = '//x';"
    full = player_script()
    stripped = without_comment_lines(full)
    assert len(stripped) < 0.75 * len(full)
    # Still a script Node can parse: nothing but comments went.
    script = tmp_path / "player.js"
    script.write_text(stripped, encoding="utf-8")
    node = shutil.which("node")
    assert node is not None
    assert subprocess.run([node, "--check", str(script)], capture_output=True).returncode == 0
