"""The addresses the share panel gives: a step's link and the code to embed it, in click or in scroll mode."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from story.reader.sharing import embed_snippet, step_link


def test_a_steps_link_keeps_its_step_language_and_mode():
    link = step_link("https://school.example/qantar/", "csto", "ru", scroll=True)
    parts = urlsplit(link)
    assert parts.path == "/qantar/"
    assert parse_qs(parts.query) == {"step": ["csto"], "lang": ["ru"], "mode": ["scroll"]}
    assert "mode" not in parse_qs(urlsplit(step_link("https://school.example/", "csto")).query), "click by default"


def test_the_embed_code_opens_the_story_as_one_scrolling_page_when_asked():
    snippet = embed_snippet("https://school.example/", "csto", 'A "story" <title>', "en", 720, scroll=True)
    assert 'src="https://school.example/?step=csto&amp;mode=scroll&amp;embed=true"' in snippet
    assert 'title="A &quot;story&quot; &lt;title&gt;"' in snippet
    assert "mode=scroll" not in embed_snippet("https://school.example/", "csto", "A story", "en", 720)
