"""Authored text never reaches a page as live HTML or a dangerous link."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from story.reader.text import escape, js_json, link, render_markdown


def test_markdown_formatting_survives():
    html = render_markdown("Some **bold**, *italic* and a [link](https://example.org/a?b=1&c=2).\n\n- one\n- two")
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html and "<li>one</li>" in html
    assert '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<svg onload=alert(1)>",
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_hostile_markdown_is_shown_as_text(hostile):
    tags = tags_in(render_markdown(hostile))
    assert {name for name, _ in tags} <= {"p"}, tags


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def tags_in(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.found


def test_images_do_not_load_and_headings_do_not_compete_with_the_step_title():
    html = render_markdown("![pixel](https://tracker.example/p.png)\n\n# Big")
    assert "<img" not in html and "<h1" not in html


def test_escape_and_link_neutralise_text_and_unsafe_urls():
    assert escape('<b onmouseover="x">') == "&lt;b onmouseover=&quot;x&quot;&gt;"
    assert link("x", "javascript:alert(1)") == "x"
    assert link("<x>", "https://a.example/") == (
        '<a href="https://a.example/" target="_blank" rel="noopener noreferrer">&lt;x&gt;</a>'
    )


def test_js_json_cannot_close_a_script_element():
    text = js_json({"name": "</script><script>alert(1)</script>", "line": "\u2028"})
    assert "</script>" not in text and "<" not in text and "\u2028" not in text
