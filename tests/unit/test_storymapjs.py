"""The StoryMapJS importer: real stories convert into valid stories, hostile ones into harmless text."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from story.cli import main
from story.format.loader import load_story, parse_story
from story.format.model import Story
from story.importers.storymapjs import (
    NO_TEXT,
    PLACEHOLDER_DATE,
    StoryMapJSError,
    convert_storymapjs,
    import_storymapjs,
)
from story.reader.text import escape, link, render_markdown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "storymapjs"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def convert(data: dict, catalog, name: str = "x.json") -> tuple[Story, str, list[str]]:
    text, warnings = convert_storymapjs(data, name)
    story = parse_story(text.encode("utf-8"), "x.yaml", catalog)
    return story, text, warnings


def storymap(*slides: dict, **options: object) -> dict:
    return {"storymap": {**options, "slides": list(slides)}}


def slide(headline: str = "", text: str = "Some text.", **fields: object) -> dict:
    return {"text": {"headline": headline, "text": text}, **fields}


def overview(headline: str = "A story", text: str = "About the story.") -> dict:
    return {"type": "overview", "text": {"headline": headline, "text": text}}


def warnings_about(warnings: list[str], *needles: str) -> list[str]:
    return [w for w in warnings if all(needle in w for needle in needles)]


# ---------------------------------------------------------------------------
# Real StoryMapJS stories


def test_nightwatch_converts_into_a_valid_story(catalog):
    data = fixture("nightwatch.json")
    story, text, warnings = convert(data, catalog, "nightwatch.json")
    slides = data["storymap"]["slides"]
    assert len(story.steps) == len(slides) == 15
    assert story.title == "Mark Twain JSON"
    assert story.id == "mark-twain-json"
    assert story.language == "en"
    assert story.subtitle and story.subtitle.startswith("Samuel Langhorne Clemens")
    assert "nightwatch.json" in story.credits[0].text
    expected_titles = [s["text"]["headline"] or f"Slide {n}" for n, s in enumerate(slides, start=1)]
    assert [step.title for step in story.steps] == expected_titles
    assert len({step.id for step in story.steps}) == 15
    # One place per slide with a location, at its coordinates; the title slide frames them all.
    assert story.steps[0].places == [] and story.steps[0].view.fit
    for step, raw in zip(story.steps[1:], slides[1:], strict=True):
        (place,) = step.places
        assert (place.lat, place.lon) == pytest.approx((raw["location"]["lat"], raw["location"]["lon"]), abs=1e-6)
        assert step.view.center == pytest.approx((raw["location"]["lat"], raw["location"]["lon"]), abs=1e-6)
        assert step.view.zoom == max(1, raw["location"]["zoom"])
    assert story.steps[7].places[0].name == "Hawaii"
    assert story.steps[1].places[0].name == "Florida, Missouri"  # from location.name
    assert story.steps[2].places[0].name == "Hannibal, Missouri"  # from the headline
    assert {place.key for place in story.steps[0].places} == set()
    assert set(story.steps[0].view.fit or []) == {step.places[0].key for step in story.steps[1:]}
    # Dates: years as written; the slide without a date takes the one before.
    assert [step.date for step in story.steps[:6]] == ["1835", "1835", "1839", "1851", "1851", "1862"]
    # A picture stays a picture on the web, with its credit; a YouTube video a video, over https.
    picture = story.steps[0].media[0]
    assert (picture.type, picture.credit, picture.alt) == ("image", "Vanity Fair", picture.caption)
    assert picture.src is not None and picture.src.startswith("https://upload.wikimedia.org/")
    video = story.steps[3].media[0]
    assert (video.type, video.src, video.url) == ("video", "https://www.youtube.com/watch?v=C-nTpGMMVjY", None)
    # Another embed (a Vine video) is a caption with a link.
    vine = story.steps[4].media[0]
    assert (vine.type, vine.src, vine.url) == ("image", None, "https://vine.co/v/bjHh0zHdgZT")

    assert not warnings_about(warnings, "slide 4 (no headline)", "YouTube video", "link")
    assert warnings_about(warnings, "slide 4", "videos have no transcript")
    assert warnings_about(warnings, "slide 4 (no headline)", "no text", "caption")
    assert warnings_about(warnings, "slide 5 “Itinerant Printer”", "Vine video")
    assert warnings_about(warnings, "slide 5 “Itinerant Printer”", "background picture", "blogspot.com")
    assert warnings_about(warnings, "slide 5 “Itinerant Printer”", "no date", "1851")
    assert warnings_about(warnings, "slides 1–3, 6–15", "pictures without alt text", "caption")
    assert warnings_about(warnings, "background colours")
    # Every warning is also a comment at the top of the file.
    for warning in warnings:
        assert f"# - {warning}\n" in text


def test_instagram_story_converts_into_a_valid_story(catalog):
    data = fixture("instagram_couch.json")
    story, _, warnings = convert(data, catalog, "instagram_couch.json")
    slides = data["storymap"]["slides"]
    assert len(story.steps) == len(slides) == 21
    # The title slide's headline is HTML with a link: it becomes plain text.
    assert story.title == story.steps[0].title == "Bill Couch couch"
    expected = [s["text"]["headline"] or f"Slide {n}" for n, s in enumerate(slides, start=1)][1:]
    assert [step.title for step in story.steps[1:]] == expected
    assert [step.id for step in story.steps[1:5]] == [
        "mount-tamalpais-state-park",
        "alpine-lake",
        "mount-tamalpais-state-park-2",
        "grandview-park",
    ]
    for step, raw in zip(story.steps[1:], slides[1:], strict=True):
        (place,) = step.places
        assert (place.lat, place.lon) == pytest.approx((raw["location"]["lat"], raw["location"]["lon"]), abs=1e-6)
        # No zoom in this story: the view frames the place with its neighbours, as StoryMapJS did.
        assert place.key in (step.view.fit or [])
    # The same place on several slides is one place of ours.
    tamalpais = {step.places[0].key for step in story.steps if step.title == "Mount Tamalpais State Park"}
    assert tamalpais == {"mount-tamalpais-state-park"}
    # Instagram's created_time (a Unix time) is the date.
    assert story.steps[1].date == "2011-02-03"
    # The likes counters StoryMapJS added are not text.
    assert story.steps[1].body.strip() == "I am not allowed to complain about anything ever."
    assert story.steps[13].body.strip() == NO_TEXT

    assert warnings_about(warnings, "slide 1 “Bill Couch couch”", "instagram.com/couch", "headline")
    assert warnings_about(warnings, "slide 14 “The Cathedral of Christ the Light”", "no text")
    assert warnings_about(warnings, "slides 1–21", "Instagram counts")


def test_an_image_story_is_refused_with_a_clear_message():
    with pytest.raises(StoryMapJSError) as raised:
        convert_storymapjs(fixture("gameofthrones.json"), "gameofthrones.json")
    message = str(raised.value)
    assert message.startswith("gameofthrones.json is a StoryMapJS story on an image (zoomify), not on a map")
    assert "pixels of a picture" in message


def test_run_import_writes_the_story_and_prints_the_warnings(tmp_path, catalog, capsys):
    out = tmp_path / "nightwatch.yaml"
    assert main(["import-storymapjs", str(FIXTURES / "nightwatch.json"), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "warning: slide 5 “Itinerant Printer”" in printed
    story = load_story(out, catalog)
    assert len(story.steps) == 15
    assert out.read_text(encoding="utf-8").startswith("# Imported from the StoryMapJS story nightwatch.json")


def test_run_import_fails_without_writing_for_an_image_story(tmp_path, capsys):
    out = tmp_path / "got.yaml"
    assert main(["import-storymapjs", str(FIXTURES / "gameofthrones.json"), "--output", str(out)]) == 1
    assert "image (zoomify)" in capsys.readouterr().err
    assert not out.exists()


def test_run_import_fails_for_a_missing_file(tmp_path, capsys):
    out = tmp_path / "out.yaml"
    assert main(["import-storymapjs", str(tmp_path / "nothing.json"), "-o", str(out)]) == 1
    assert "nothing.json: cannot read the file" in capsys.readouterr().err
    assert not out.exists()


def test_import_storymapjs_returns_the_warnings(tmp_path, catalog):
    out = tmp_path / "couch.yaml"
    warnings = import_storymapjs(FIXTURES / "instagram_couch.json", out)
    assert warnings and all(isinstance(w, str) and "\n" not in w for w in warnings)
    assert len(load_story(out, catalog).steps) == 21


def test_output_is_deterministic_and_follows_the_documented_layout():
    data = fixture("nightwatch.json")
    first, _ = convert_storymapjs(data, "nightwatch.json")
    second, _ = convert_storymapjs(json.loads(json.dumps(data)), "nightwatch.json")
    assert first == second
    root = YAML(typ="rt").load(first)
    assert list(root) == ["id", "title", "subtitle", "language", "credits", "steps"]
    step = root["steps"][1]
    assert list(step) == ["id", "title", "date", "body", "view", "places", "media"]
    assert list(step["view"]) == ["center", "zoom", "alt"]
    assert list(step["places"][0]) == ["id", "name", "lat", "lon"]
    assert [list(item) for item in step["media"]] == [["src", "caption", "alt"]]
    assert "body: |\n" in first  # bodies are literal blocks


# ---------------------------------------------------------------------------
# Hostile input


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements_in(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


_SAFE_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote"}


def assert_harmless(html: str) -> None:
    for tag, attributes in elements_in(html):
        assert tag in _SAFE_TAGS, (tag, html)
        for name, value in attributes.items():
            assert not name.startswith("on"), (tag, name, html)
            assert name in {"href", "target", "rel"}, (tag, name, html)
            if name == "href":
                target = "".join(value.split()).lower()
                assert target.startswith(("http://", "https://", "mailto:")), (value, html)


def test_hostile_story_is_imported_as_harmless_text(catalog):
    story, text, warnings = convert(fixture("hostile.json"), catalog, "hostile.json")
    pieces: list[str] = []
    for credit in story.credits:
        pieces.append(link(credit.text, credit.url))
    pieces += [escape(story.title), escape(story.subtitle)]
    for step in story.steps:
        pieces += [render_markdown(step.body), escape(step.title), escape(step.view.alt)]
        pieces += [escape(place.name) for place in step.places]
        for item in step.media:
            pieces += [link(item.caption, item.url), escape(item.credit), escape(item.alt)]
    for html in pieces:
        assert_harmless(html)

    links = [attrs["href"] for html in pieces for tag, attrs in elements_in(html) if tag == "a"]
    assert "https://example.org/ok" in links and "mailto:teacher@example.org" in links
    assert all(not href.lower().startswith(("javascript", "data", "vbscript")) for href in links)
    # Escaped text stays text: what the author wrote as "&lt;script&gt;" is shown, never run.
    assert story.steps[1].title == "<script>alert(14)</script>"
    assert "&lt;script&gt;" in escape(story.steps[1].title)
    # Media addresses that are not on the web are dropped; embed code keeps only its address.
    assert [(item.src, item.url) for item in story.steps[0].media] == [(None, None)]
    assert [(item.src, item.url) for item in story.steps[1].media] == [(None, None)]
    assert [(item.type, item.src) for item in story.steps[3].media] == [("video", "https://player.vimeo.com/video/1")]
    # Formatting that is really formatting survives.
    assert "<strong>bold</strong>" in render_markdown(story.steps[2].body)
    assert "<em><strong>Nested</strong></em> <strong>spaced</strong>" in render_markdown(story.steps[5].body)

    # The YAML is valid, and the warnings in its header cannot end the comment they are in.
    assert YAML(typ="safe", pure=True).load(text)["id"] == "hostile-story"
    for warning in warnings:
        assert "\n" not in warning and f"# - {warning}\n" in text
    for needle in ("a script is removed", "javascript:alert(3)", "a picture is left out", "iframe", "object"):
        assert warnings_about(warnings, needle), needle
    assert warnings_about(warnings, "slide 2 “<script>alert(14)</script>”", "data: address")
    assert warnings_about(warnings, "slide 4", "latitude 91", "all the story's places")


def test_hostile_story_places_and_dates(catalog):
    story, _, warnings = convert(fixture("hostile.json"), catalog, "hostile.json")
    london = [place for step in story.steps for place in step.places if place.name == "London"]
    assert [(p.key, p.lat, p.lon) for p in london] == [("london", 51.5, -0.12), ("london-2", 48.85, 2.35)]
    assert story.steps[2].date == "1851"  # "Summer 1851"
    assert warnings_about(warnings, "Summer 1851", "1851")
    assert story.steps[4].date == "1851"  # "not a date": the date of the step before
    assert warnings_about(warnings, "slide 5", "'not a date' cannot be read", "step before")
    assert story.steps[5].date == "1999"
    assert story.steps[5].view.zoom == 18  # 25 clamped
    assert story.steps[0].date == "1851/2022-01-05"


# ---------------------------------------------------------------------------
# Conversion details


def test_body_formatting_becomes_markdown(catalog):
    html = (
        "<h2>Heading</h2><p>One <b>bold</b>, <em>italic</em>, <a href='https://example.org/a b'>link</a>.</p>"
        "<ol><li>first</li><li>second<ul><li>inner</li></ul></li></ol>"
        "<blockquote>Quoted</blockquote>Tail<br>line<br><br>Next &amp; last 1.5 * 2 # _x_ [y]"
    )
    story, _, _ = convert(storymap(overview(), slide("S", html, location={"lat": 1, "lon": 2, "zoom": 5})), catalog)
    body = story.steps[1].body
    assert body.splitlines()[:2] == ["**Heading**", ""]
    rendered = render_markdown(body)
    assert "<p><strong>Heading</strong></p>" in rendered
    assert 'One <strong>bold</strong>, <em>italic</em>, <a href="https://example.org/a%20b"' in rendered
    assert "<ol>\n<li>first</li>\n<li>second\n<ul>\n<li>inner</li>" in rendered
    assert "<blockquote>\n<p>Quoted</p>\n</blockquote>" in rendered
    assert "<p>Tail<br>\nline</p>" in rendered
    assert "<p>Next &amp; last 1.5 * 2 # _x_ [y]</p>" in rendered


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def shown_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("- not a list", "- not a list"),
        ("+ not a list", "+ not a list"),
        ("1. not a list", "1. not a list"),
        ("2) not a list", "2) not a list"),
        ("# not a heading", "# not a heading"),
        ("&gt; not a quote", "> not a quote"),
        ("    not code", "not code"),
        ("***", "***"),
        ("~~~", "~~~"),
        ("`code` and \\*star*", "`code` and \\*star*"),
        ("&lt;b&gt;x&lt;/b&gt; &amp;copy; &amp;#60;", "<b>x</b> &copy; &#60;"),
        (
            "[a](https://example.org) and [b]: https://example.org",
            "[a](https://example.org) and [b]: https://example.org",
        ),
        ("&lt;https://example.org&gt;", "<https://example.org>"),
    ],
)
def test_text_that_looks_like_markdown_stays_text(source, shown, catalog):
    story, _, _ = convert(storymap(overview(), slide("S", source, location={"lat": 1, "lon": 2})), catalog)
    rendered = render_markdown(story.steps[1].body)
    assert [tag for tag, _ in elements_in(rendered)] == ["p"], rendered
    assert shown_text(rendered) == shown


def test_dates_are_read_in_our_forms(catalog):
    dates = ["November 30, 1835", "30 Nov 1835", "1861-1865", "1861 – 1865", "1870-03", "1901/02/03", 1905, "c. 1910"]
    slides = [slide(f"S{n}", date=value, location={"lat": 1, "lon": n}) for n, value in enumerate(dates)]
    story, _, warnings = convert(storymap(overview(), *slides), catalog)
    assert [step.date for step in story.steps[1:]] == [
        "1835-11-30",
        "1835-11-30",
        "1861/1865",
        "1861/1865",
        "1870-03",
        "1901-02-03",
        "1905",
        "1910",
    ]
    assert story.steps[0].date == "1835-11-30/1910"  # the title slide spans the story
    assert [w for w in warnings if "date" in w] == ["slide 9 “S7”: the date 'c. 1910' is read as the year 1910"]


def test_a_story_without_dates_gets_a_placeholder_with_one_warning(catalog):
    data = storymap(overview(), slide("A", location={"lat": 1, "lon": 2}), slide("B", location={"lat": 3, "lon": 4}))
    story, text, warnings = convert(data, catalog)
    assert {step.date for step in story.steps} == {PLACEHOLDER_DATE}
    assert len(warnings_about(warnings, "placeholder date")) == 1
    assert "# placeholder: no date in the StoryMapJS story" in text


def test_first_slides_without_a_date_take_the_next_date(catalog):
    data = storymap(slide("A"), slide("B", date="2001"), slide("C"))
    story, _, warnings = convert(data, catalog)
    assert [step.date for step in story.steps] == ["2001", "2001", "2001"]
    assert warnings_about(warnings, "slide 1 “A”", "first date that follows")
    assert warnings_about(warnings, "slide 3 “C”", "step before")
    assert warnings_about(warnings, "no title slide")


def test_views_without_zoom_or_location(catalog):
    data = storymap(
        overview(),
        slide("A", location={"lat": 10, "lon": 20}),
        slide("B", location={"lat": 11, "lon": 21, "zoom": 0}),
        slide("No place"),
        slide("C", location={"lat": "12.5", "lon": "382"}),  # numbers as text, longitude past 180
    )
    story, _, warnings = convert(data, catalog)
    steps = story.steps
    assert steps[0].view.fit == ["a", "b", "c"]
    assert steps[1].view.fit == ["a", "b"] and steps[1].view.max_zoom == 12
    assert steps[2].view.zoom == 1 and steps[2].view.center == (11, 21)
    assert steps[3].view.fit == ["a", "b", "c"] and steps[3].places == []
    assert warnings_about(warnings, "slide 4 “No place”", "no location")
    assert (steps[4].places[0].lat, steps[4].places[0].lon) == (12.5, 22)
    assert all(step.view.alt for step in steps)


def test_a_story_without_places_shows_the_world(catalog):
    story, _, _ = convert(storymap(overview(), slide("A")), catalog)
    assert story.steps[0].view.center == (30.0, 40.0) and story.steps[0].view.zoom == 2
    assert story.steps[1].view.alt == "Map of the whole world."


def test_ids_are_unique_slugs(catalog):
    data = storymap(
        overview("Ça va? King's Landing"),
        slide("Same", location={"lat": 1, "lon": 1}),
        slide("Same", location={"lat": 1, "lon": 1}),
        slide("Алматы", location={"lat": 43.25, "lon": 76.95}),
        slide("<b></b>", location={"lat": 2, "lon": 2}),
    )
    story, _, _ = convert(data, catalog)
    assert story.id == "ca-va-kings-landing"
    assert [step.id for step in story.steps] == ["ca-va-kings-landing", "same", "same-2", "slide-4", "slide-5"]
    assert [step.title for step in story.steps[3:]] == ["Алматы", "Slide 5"]
    assert story.steps[3].places[0].key.startswith("place-")  # names in other scripts keep a stable key
    assert story.steps[1].places[0].key == story.steps[2].places[0].key == "same"


def test_language_and_options(catalog):
    story, _, warnings = convert(storymap(overview(), language="en-24hr", map_type="stamen:toner-lite"), catalog)
    assert story.language == "en"
    assert warnings_about(warnings, "map style 'stamen:toner-lite'")
    story, _, _ = convert(storymap(overview(), language="pt_BR"), catalog)
    assert story.language == "pt-BR"
    story, _, warnings = convert(storymap(overview(), language="English!"), catalog)
    assert story.language == "en" and warnings_about(warnings, "'English!' is not a language code")


def test_odd_fields_do_not_crash(catalog):
    data = storymap(
        {"type": "overview", "text": "just a string"},
        {"text": None, "location": "here", "media": "a string", "background": [1]},
        {"text": {"headline": 42, "text": ["a list"]}, "location": {"lat": None, "lon": True}, "date": {"x": 1}},
        "not a slide",
        {"text": {"headline": "Big", "text": "x" * 30_000}, "location": {"lat": 0, "lon": 0}},
    )
    story, _, warnings = convert(data, catalog, "odd.json")
    assert story.title == "odd"  # no headline on the title slide: the file's name
    assert [step.title for step in story.steps] == ["Slide 1", "Slide 2", "42", "Big"]
    assert warnings_about(warnings, "slide 3 “42”", "not a pair of numbers")
    assert len(story.steps[3].body) < 20_100
    assert warnings_about(warnings, "slide 4 is not a block of fields")
    assert warnings_about(warnings, "slide 5 “Big”", "0, 0", "placeholder")
    assert warnings_about(warnings, "slide 5 “Big”", "cut short")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"storymap": []}', "no 'storymap' object"),
        ('{"storymap": {"slides": {}}}', "no list of 'slides'"),
        ('{"storymap": {"slides": []}}', "has no slides"),
        ('{"storymap": {"slides": [1, "x"]}}', "has no slides"),
        ('{"storymap": {"map_type": "zoomify:x", "slides": [{}]}}', "image (zoomify)"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_invalid_files_raise_a_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(StoryMapJSError) as raised:
        import_storymapjs(path, tmp_path / "out.yaml")
    assert message in str(raised.value)
    assert "bad.json" in str(raised.value)
    assert not (tmp_path / "out.yaml").exists()


def test_stories_too_large_for_our_format_are_refused():
    with pytest.raises(StoryMapJSError, match=r"many\.json: .* 501 slides; a story has at most 500 steps"):
        convert_storymapjs(storymap(*[slide(str(n)) for n in range(501)]), "many.json")
    long_slides = [slide(f"S{n}", "y" * 19_000, date="2020") for n in range(100)]
    with pytest.raises(StoryMapJSError, match=r"big\.json: the imported story would be 1\.9 MB"):
        convert_storymapjs(storymap(*long_slides), "big.json")


def test_non_utf8_file_is_refused(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"storymap": {"slides": [{"text": {"headline": "é"}}]}}'.encode("latin-1"))
    with pytest.raises(StoryMapJSError, match=r"latin1\.json: .*not UTF-8"):
        import_storymapjs(path, tmp_path / "out.yaml")
