"""The printable handout: one section per step, each with its map, on A4 or US Letter, with the credits."""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

import pytest
from PIL import Image
from pypdf import PdfReader

from geodata.catalog import ATTRIBUTIONS
from story.cli import main as story_command
from story.format.loader import load_story
from story.outputs.handout import HIGHLIGHT_FILL, MAP_ASPECT, step_map_png
from tests.conftest import TEST_STORIES

# The engine's twelve-step story: a handout is drawn the same way for any story (the flagship's own
# handout in Russian is checked in tests/unit/test_cli_languages.py).
STORY = TEST_STORIES / "walk.yaml"
# PDF points: A4 is 210 x 297 mm, US Letter 8.5 x 11 inches.
PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}


@dataclass
class Handout:
    pdf: bytes
    reader: PdfReader
    warnings: list[warnings.WarningMessage]

    def text(self, page: int) -> str:
        return " ".join(self.reader.pages[page].extract_text().split())


@pytest.fixture(scope="module")
def story(catalog):
    return load_story(STORY, catalog)


@pytest.fixture(scope="module", params=["a4", "letter"])
def handout(request, tmp_path_factory) -> tuple[str, Handout]:
    """The story's handout, made by the command teachers run."""
    paper = request.param
    output = tmp_path_factory.mktemp("handout") / f"qantar-2022-{paper}.pdf"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert story_command(["handout", str(STORY), "--paper", paper, "-o", str(output)]) == 0
    return paper, Handout(output.read_bytes(), PdfReader(output), caught)


def step_pages(handout: Handout) -> list[int]:
    return [handout.reader.get_destination_page_number(entry) for entry in handout.reader.outline]


def test_every_page_has_the_paper_size(handout):
    paper, built = handout
    width, height = PAPER_POINTS[paper]
    for page in built.reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (width, height)


def test_one_section_per_step_in_order(handout, story):
    _, built = handout
    assert [entry.title for entry in built.reader.outline] == [step.title for step in story.steps]
    pages = step_pages(built)
    assert pages == sorted(set(pages)), "each step starts on a page of its own, in order"
    total = len(story.steps)
    for number, (step, page) in enumerate(zip(story.steps, pages, strict=True), start=1):
        text = built.text(page)
        assert text.startswith(f"Step {number} of {total} · ")
        assert " ".join(step.title.split()) in text


def test_every_step_title_is_in_the_text_in_order(handout, story):
    _, built = handout
    text = " ".join(built.text(page) for page in range(len(built.reader.pages)))
    position = 0
    for step in story.steps:
        found = text.find(" ".join(step.title.split()), position)
        assert found >= 0, f"{step.title!r} missing or out of order"
        position = found + 1


def test_every_step_page_has_its_map_and_no_other_page_has_a_picture(handout, story):
    _, built = handout
    starts = dict(zip(step_pages(built), story.steps, strict=True))
    for number, page in enumerate(built.reader.pages):
        if number not in starts:
            assert len(page.images) == 0
            continue
        (image,) = page.images
        width, height = image.image.size
        assert width >= 1000, "printed at 150 dpi"
        assert height / width == pytest.approx(MAP_ASPECT, abs=0.02)
        # The map's one-sentence description is printed under it.
        assert "Map: " + " ".join(starts[number].view.alt.split())[:60] in built.text(number)


def test_the_last_page_credits_the_article_and_the_data(handout, story):
    _, built = handout
    credits = built.text(len(built.reader.pages) - 1)
    assert credits.startswith("Credits and sources of data")
    assert story.source is not None and story.source.author in credits
    for credit in story.credits:
        assert " ".join(credit.text.split()) in credits
    for text, _ in ATTRIBUTIONS:
        assert text in credits
    assert "Leaflet" not in credits, "the printed maps are not drawn with Leaflet"


def test_the_title_page_names_the_story_and_the_date_made(handout, story):
    _, built = handout
    title_page = built.text(0)
    assert title_page.startswith(" ".join(story.title.split()))
    assert re.search(rf"{len(story.steps)} steps\. Handout made on \d{{1,2}} [A-Z][a-z]+ \d{{4}}\.", title_page)
    assert built.reader.metadata is not None and built.reader.metadata.title == story.title


def test_building_the_handout_prints_no_warnings(handout):
    _, built = handout
    assert [str(caught.message) for caught in built.warnings] == []


def test_a_layer_highlighted_as_a_whole_is_drawn_highlighted_without_a_warning(story, catalog):
    """Regression: geopandas warned "The GeoSeries you are attempting to plot is empty" for such steps."""
    step = next(step for step in story.steps if any(ref.role == "highlight" for ref in step.layers))
    assert [(ref.id, ref.role) for ref in step.layers] == [("kazakhstan", "highlight")]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = step_map_png(story, step, catalog, dpi=40)
    colours = {colour: count for count, colour in Image.open(io.BytesIO(png)).convert("RGB").getcolors(1 << 24)}
    fill = tuple(int(HIGHLIGHT_FILL[i : i + 2], 16) for i in (1, 3, 5))
    assert colours.get(fill, 0) > 100, "Kazakhstan is filled in the highlight colour"


def test_speaker_notes_are_only_in_the_presenters_handout(handout, tmp_path):
    _, built = handout
    assert not any("SPEAKER-NOTE" in page.extract_text() for page in built.reader.pages)
    output = tmp_path / "presenter.pdf"
    assert story_command(["handout", str(STORY), "--speaker-notes", "-o", str(output)]) == 0
    reader = PdfReader(output)
    pages = [reader.get_destination_page_number(entry) for entry in reader.outline]
    for number in (1, 2, 3):
        # On the step's own pages (before the next step begins), under "Speaker notes".
        text = "".join(reader.pages[page].extract_text() for page in range(pages[number - 1], pages[number]))
        assert "Speaker notes" in text and f"SPEAKER-NOTE-{number}" in text
