"""The template's example sources left in a story are warnings at their fields (issue 31): addresses on
the hosts reserved for examples, and the template's placeholder titles and outlets, in any of its languages."""

from __future__ import annotations

from story.format.loader import validate_story
from story.format.placeholders import is_example_address, is_placeholder_text, placeholder_warnings
from story.format.yamlsource import read_yaml

STORY = """\
id: mine
title: Mine
language: en
source: {title: My article, outlet: My paper, date: 2024, url: "https://news.example.com/a", kind: independent}
credits:
  - {text: Photos, url: "https://example.net/photos"}
steps:
  - id: one
    title: One
    date: 2022
    body: Text.
    view: {center: [43, 76], zoom: 5, alt: A map.}
    sources:
      - {title: "  title of a book, article or web page you used ", kind: scholarly}
      - {title: "Заголовок статьи, которую пересказывает ваша история", kind: independent}
      - {title: A real report, url: "https://www.hrw.org/report", publisher: Кто это опубликовал, kind: ngo}
      - {title: Not an example, url: "https://example.org.evil.kz/x", kind: ngo}
"""


def test_examples_are_the_reserved_hosts_and_their_subdomains_only():
    assert is_example_address("https://example.org/a") and is_example_address("http://www.EXAMPLE.com")
    assert is_example_address("https://news.example.net/x")
    assert not is_example_address("https://example.org.evil.kz/x") and not is_example_address("https://myexample.org")
    assert not is_example_address(None)
    assert is_placeholder_text("Who published it") and is_placeholder_text("Оны кім жариялады")
    assert not is_placeholder_text("Human Rights Watch") and not is_placeholder_text(None)


def test_each_example_source_is_a_warning_at_its_field():
    data, source_map = read_yaml(STORY.encode(), "mine.yaml")
    story = validate_story(data, source_map, "mine.yaml", None)
    found = placeholder_warnings(story, source_map, "mine.yaml")
    assert all(
        problem.warning and problem.message.startswith("replace the template's example source") for problem in found
    )
    assert [problem.field for problem in found] == [
        "source",
        "credits[0]",
        "steps[0].sources[0]",
        "steps[0].sources[1]",
        "steps[0].sources[2]",
    ]
    assert [problem.line for problem in found][:2] == [4, 6]
