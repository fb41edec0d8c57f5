"""Glossary terms, content notes and the kinds of sources, as the narrative renders them for every output."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from pypdf import PdfReader

from story.cli import main
from story.format.loader import load_story
from story.format.model import GlossaryTerm
from story.format.translation import localize
from story.player import opening_html, player_data
from story.reader.glossary import for_print, mark_terms
from story.reader.i18n import translator
from story.reader.narrative import credits_html, glossary_html, print_html, step_sections
from tests.conftest import TEST_STORIES

THREE_STEPS = TEST_STORIES / "three-steps.yaml"
EN, RU = translator("en"), translator("ru")
CITY = GlossaryTerm(id="city", term="city", definition="A large town.", forms=["cities"])


def section(story, index, kind, catalog, tr=EN):
    return next(s.html for s in step_sections(story, index, catalog, tr) if s.kind == kind)


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.described_by: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if "id" in values:
            self.ids.append(values["id"])
        if "aria-describedby" in values:
            self.described_by.append(values["aria-describedby"])


def ids_of(html: str) -> Ids:
    parser = Ids()
    parser.feed(html)
    return parser


def test_a_term_is_marked_once_where_it_first_appears_with_its_definition_described():
    html = mark_terms("<p>Two cities and a city.</p>", [CITY])
    assert html.count('class="sm-term"') == 1
    assert (
        '<span class="sm-term" role="button" tabindex="0" aria-describedby="sm-gl-city" aria-expanded="false">cities'
        in html
    )
    assert '<span class="sm-tip" role="tooltip" id="sm-gl-city"><strong>city</strong>: A large town.</span>' in html
    assert html.endswith(" and a city.</p>")


def test_a_term_is_a_whole_word_and_never_marked_inside_a_link_or_code():
    assert mark_terms("<p>Ethnicity and velocity.</p>", [CITY]) == "<p>Ethnicity and velocity.</p>"
    linked = '<p><a href="https://example.org/">a city</a> and <code>city</code></p>'
    assert mark_terms(linked, [CITY]) == linked
    # After the link, the next plain occurrence is the one marked.
    assert 'aria-describedby="sm-gl-city" aria-expanded="false">city</span>' in mark_terms(
        linked.replace("</p>", " in a city</p>"), [CITY]
    )


def test_russian_forms_are_found_and_a_form_inside_a_longer_word_is_not():
    bai = GlossaryTerm(id="bai", term="бай", definition="Богатый скотовод.", forms=["баев", "баи"])
    assert mark_terms("<p>Назарбаев.</p>", [bai]) == "<p>Назарбаев.</p>"
    assert 'aria-expanded="false">баев</span>' in mark_terms("<p>Раскулачивание баев.</p>", [bai])


def test_a_definition_is_text_not_markup():
    hostile = GlossaryTerm(id="x", term="city", definition='<img src=x onerror="alert(1)">')
    html = mark_terms("<p>city</p>", [hostile])
    assert "<img" not in html and "&lt;img" in html


def test_the_step_marks_its_terms_and_each_step_marks_them_again(catalog):
    story = load_story(THREE_STEPS, catalog)
    first, second = section(story, 0, "body", catalog), section(story, 1, "body", catalog)
    assert '<strong>two <span class="sm-gloss"><span class="sm-term"' in first and ">cities</span>" in first
    assert "sm-gl-link" not in first, "the word 'link' stands only in a link's text"
    assert 'aria-expanded="false">city</span>' in second


def test_the_russian_text_marks_the_russian_forms(catalog):
    shown = localize(load_story(THREE_STEPS, catalog), THREE_STEPS, "ru")
    body = section(shown.story, 0, "body", catalog, RU)
    assert 'aria-expanded="false">города</span>' in body and "Большой населённый пункт" in body


def test_the_content_note_comes_before_the_text_in_the_readers_language(catalog):
    shown = localize(load_story(THREE_STEPS, catalog), THREE_STEPS, "ru")
    kinds = [s.kind for s in step_sections(shown.story, 1, catalog, RU)]
    assert kinds.index("content-note") < kinds.index("body")
    note = section(shown.story, 1, "content-note", catalog, RU)
    assert "Предупреждение о содержании:" in note and "Тестовое предупреждение" in note


def test_a_source_says_its_kind_with_its_meaning_in_the_readers_language(catalog):
    story = load_story(THREE_STEPS, catalog)
    sources = section(story, 0, "sources", catalog)
    assert '<span class="sm-kind sm-kind-independent" tabindex="0">independent' in sources
    assert "News media, not run by a government or a party." in sources
    russian = section(story, 0, "sources", catalog, RU)
    assert ">независимое СМИ<" in russian


def test_the_credits_explain_each_kind_the_story_uses_once(catalog):
    story = load_story(THREE_STEPS, catalog)
    html = credits_html(story, EN, "en", [])
    legend = html[html.index('class="sm-kinds"') :]
    assert re.findall(r"<dt>([^<]+)</dt>", legend) == ["independent", "NGO"]


def test_the_opening_preview_and_the_player_do_not_share_an_id(catalog):
    story = load_story(THREE_STEPS, catalog)
    data = player_data(story, catalog, EN, None)
    player_ids = ids_of(data["steps"][0]["html"])
    preview = ids_of(opening_html(data, "west"))
    assert "sm-gl-city" in player_ids.ids
    assert not set(preview.ids) & set(player_ids.ids)
    assert set(preview.described_by) <= set(preview.ids), "the preview's terms point at its own tips"


def test_on_paper_a_term_is_in_italics_and_a_kind_in_brackets():
    assert (
        for_print(mark_terms("<p>Two cities.</p>", [CITY])) == '<p>Two <span class="sm-gloss"><i>cities</i></span>.</p>'
    )
    meaning = '<span class="sm-kind-meaning">: A human-rights or research organisation.</span>'
    source = f'<li>x <span class="sm-kind sm-kind-ngo" tabindex="0">NGO{meaning}</span></li>'
    assert print_html(source) == "<li>x (NGO)</li>"


def test_the_glossary_lists_terms_in_the_order_of_the_readers_alphabet():
    terms = [
        GlossaryTerm(id=i, term=t, definition="d")
        for i, t in (("u", "Уақыт"), ("ae", "Әкімдік"), ("a", "Ауыл"), ("ul", "Ұлт"))
    ]
    assert re.findall(r"<dt>([^<]+)</dt>", glossary_html(terms, translator("kk"))) == [
        "Ауыл",
        "Әкімдік",
        "Уақыт",
        "Ұлт",
    ]


def test_the_handout_prints_terms_without_tips_and_the_glossary_at_its_end(tmp_path):
    output = tmp_path / "three-steps.pdf"
    assert main(["handout", str(THREE_STEPS), "-o", str(output)]) == 0
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(output).pages]
    text = " ".join(pages)
    assert "The first step shows two cities, far apart." in text
    assert text.count("A large town, for the tests.") == 1, "the definition is printed once, in the glossary"
    glossary = next(page for page in pages if page.startswith("Glossary"))
    assert "city A large town, for the tests. link Never marked" in glossary
    assert pages.index(glossary) == len(pages) - 2, "the glossary comes after the steps, before the credits"
    assert "A test source, Example, 3 January 2022 (independent)" in text
    assert "Kinds of sources" in pages[-1]
    second = next(page for page in pages if "Almaty alone" in page)
    assert second.index("Content note: A test note") < second.index("The second step is about one city.")
