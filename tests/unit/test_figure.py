"""A step's figure: its format, its drawing, its table, its translation and its page in the handout."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from story.cli import main as story_command
from story.format.loader import load_story, parse_story
from story.format.problems import StoryError
from story.format.translation import apply_translation, parse_translation
from story.reader import narrative
from story.reader.figure import figure_html, figure_svg
from story.reader.i18n import translator
from tests.conftest import TEST_STORIES

STORY = TEST_STORIES / "figures.yaml"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(STORY, catalog)


def texts_of(svg: str) -> list[str]:
    """The words drawn in an SVG, in order."""
    return [re.sub(r"[ \t\n]+", " ", text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def bar_of(svg: str, label: str) -> str | None:
    """The rectangle drawn on the row of `label` (None: no bar)."""
    rows = re.findall(r'<text[^>]*text-anchor="end"[^>]*>([^<]*)</text>(<rect[^>]*/>)?', svg)
    return dict(rows).get(label) or None


def test_every_value_that_is_not_a_plain_report_says_what_it_is(story):
    svg = figure_svg(story.steps[0].figure, translator("en"))
    drawn = texts_of(svg)
    assert "not disclosed" in drawn, "Northland's value was never disclosed: said in words, with no bar"
    assert bar_of(svg, "Northland") is not None and 'fill="none"' in bar_of(svg, "Northland")
    assert "200 (estimate)" in drawn and "100" in drawn and "2,030" in drawn
    line = figure_svg(story.steps[1].figure, translator("en"))
    assert "164 (withdrawn)" in texts_of(line)


def test_a_reported_bar_an_estimate_and_a_withdrawn_value_are_drawn_unlike_each_other(story):
    svg = figure_svg(story.steps[0].figure, translator("en"))
    reported, estimate = bar_of(svg, "Eastland"), bar_of(svg, "Southland")
    assert "stroke-dasharray" not in reported and "stroke-dasharray" in estimate
    assert re.search(r'fill="([^"]+)"', reported).group(1) != re.search(r'fill="([^"]+)"', estimate).group(1)
    line = figure_svg(story.steps[1].figure, translator("en"))
    # The withdrawn 164 is a struck-through hollow point off the line; the line joins 44, 230 and 1,238.
    assert len(re.findall(r'<line [^>]*stroke="#a3201a" stroke-width="2"', line)) == 2
    assert len(re.findall(r'<circle [^>]*fill="#a3201a"', line)) == 3


def test_bars_are_as_long_as_their_values(story):
    svg = figure_svg(story.steps[0].figure, translator("en"))
    width = {
        label: float(re.search(r'width="([\d.]+)"', bar_of(svg, label)).group(1)) for label in ("Eastland", "Westland")
    }
    assert width["Westland"] / width["Eastland"] == pytest.approx(20.3, rel=0.01)


def test_numbers_and_dates_are_written_the_readers_way(story):
    svg = figure_svg(story.steps[1].figure, translator("ru"))
    drawn = texts_of(svg)
    assert f"1{NBSP}238" in drawn, drawn
    assert "7 янв." in drawn and "16 авг." in drawn
    assert "164 (отозвано)" in drawn


class _Table(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.inside = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.rows[-1][-1] += data


def table_rows(html: str) -> list[list[str]]:
    parser = _Table()
    parser.feed(html)
    return [[" ".join(cell.split()) for cell in row] for row in parser.rows]


def test_the_table_gives_every_value_with_its_status_and_its_source_and_kind(story):
    tr = translator("en")
    html = figure_html(story.steps[0].figure, tr, lambda source: narrative.source_html(source, "en", tr))
    rows = table_rows(html[html.index("<table") :])
    assert rows[0] == ["What", "Value (people)", "Status", "Source"]
    assert rows[1][:3] == ["Northland", "–", "not disclosed"]
    assert rows[3][:3] == ["Southland", "200", "estimate"]
    assert rows[3][3].startswith("An estimate") and "NGO" in rows[3][3]
    assert rows[4][:3] == ["Westland", "2,030", "reported"]
    assert "<details class='sm-figure-data'><summary>" in html, "the table opens by keyboard"


def test_a_line_table_is_in_date_order_and_names_another_bodys_figure(story):
    tr = translator("en")
    html = figure_html(story.steps[1].figure, tr, lambda source: narrative.source_html(source, "en", tr))
    rows = table_rows(html[html.index("<table") :])
    assert [row[0] for row in rows[1:]] == [
        "7 Jan 2022",
        "9 Jan 2022",
        "14 Mar 2022",
        "14 Mar 2022 · The ombudswoman",
        "16 Aug 2022",
    ]


def test_authored_text_in_a_figure_is_escaped(catalog):
    text = (
        STORY.read_text(encoding="utf-8")
        .replace("label: Eastland", 'label: "<img src=x onerror=alert(1)>"')
        .replace("title: People sent, by country", 'title: "<script>alert(1)</script>"')
    )
    story = parse_story(text.encode("utf-8"), "figures.yaml", catalog)
    tr = translator("en")
    html = figure_html(story.steps[0].figure, tr, lambda source: narrative.source_html(source, "en", tr))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("{label: Eastland, value: 100,", "{label: Eastland,", "needs a `value`"),
        ("status: undisclosed,", "status: undisclosed, value: 5,", "an undisclosed value has no number"),
        ("{date: 2022-01-07, value: 44,", "{date: 2022-01, value: 44,", "a figure's date is one day"),
        ("{date: 2022-01-07, value: 44,", "{value: 44,", "a point of a line needs a `date`"),
        ("value: 100,", "value: a hundred,", "steps[0].figure.data[1].value"),
    ],
)
def test_a_mistake_in_a_figure_names_its_line_and_says_what_is_wrong(old, new, expected, catalog):
    text = STORY.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(StoryError) as caught:
        parse_story(text.replace(old, new, 1).encode("utf-8"), "figures.yaml", catalog)
    problems = [str(problem) for problem in caught.value.problems]
    assert any(expected in problem for problem in problems), problems
    assert all(re.match(r"figures\.yaml:\d+:\d+: ", problem) for problem in problems), problems


def test_a_translation_gives_the_figures_words_and_keeps_its_numbers(story):
    raw = """
translation_of: figures.yaml
language: ru
steps:
  - id: bars
    figure:
      title: Люди по странам
      data: [{label: Nord}, {label: Ost}, {label: Sud}, {label: West}]
  - id: line
""".encode()
    text, _ = parse_translation(raw, "figures.ru.yaml")
    translated = apply_translation(story, text)
    figure = translated.story.steps[0].figure
    assert figure.title == "Люди по странам"
    assert [row.label for row in figure.data] == ["Nord", "Ost", "Sud", "West"]
    assert [row.value for row in figure.data] == [row.value for row in story.steps[0].figure.data]
    assert "steps[0].figure.unit" in translated.untranslated and "steps[1].figure.title" in translated.untranslated


def test_the_handout_draws_the_figure_and_prints_its_table_on_the_steps_page(tmp_path):
    output = tmp_path / "figures.pdf"
    assert story_command(["handout", str(STORY), "-o", str(output)]) == 0
    reader = PdfReader(output)
    pages = [reader.get_destination_page_number(entry) for entry in reader.outline]
    text = " ".join(reader.pages[pages[0]].extract_text().split())
    # The chart's own words (drawn as vector text) and the table's.
    assert "People sent, by country" in text
    assert "200 (estimate)" in text and "not disclosed" in text
    assert "Value (people)" in text and "An estimate" in text
    line = " ".join(reader.pages[pages[1]].extract_text().split())
    assert "164 (withdrawn)" in line and "The ombudswoman" in line
