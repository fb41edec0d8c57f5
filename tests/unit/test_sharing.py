"""The addresses the share panel gives: a step's link and the code to embed it, in click or in scroll mode."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from story.reader.sharing import embed_snippet, join_link, light_join_link, light_step_link, step_link


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


def test_a_link_and_an_embed_for_a_projector_ask_for_large_text():
    link = step_link("https://school.example/", "csto", "kk", large=True)
    assert parse_qs(urlsplit(link).query) == {"step": ["csto"], "lang": ["kk"], "size": ["large"]}
    assert "size" not in parse_qs(urlsplit(step_link("https://school.example/", "csto")).query)
    snippet = embed_snippet("https://school.example/", "csto", "A story", "en", 720, large=True)
    assert 'src="https://school.example/?step=csto&amp;size=large&amp;embed=true"' in snippet


def test_a_class_joins_on_the_light_page_under_the_apps_own_path():
    link = light_join_link("https://school.example/qantar/", "K7M2PQ", "kk")
    assert link == "https://school.example/qantar/view?follow=K7M2PQ&lang=kk"
    assert (
        light_join_link("http://localhost:8501", "K7M2PQ", "en") == "http://localhost:8501/view?follow=K7M2PQ&lang=en"
    )
    # A story chosen by the address is followed on the app's page, which plays it.
    assert join_link("https://school.example/", "K7M2PQ", "walk") == "https://school.example/?follow=K7M2PQ&story=walk"


def test_a_step_on_the_light_page_keeps_the_apps_path_and_names_its_language():
    assert light_step_link("https://school.example/qantar/", "csto", "ru") == (
        "https://school.example/qantar/view?step=csto&lang=ru"
    )
    assert light_step_link("http://localhost:8501", "csto", "en") == "http://localhost:8501/view?step=csto&lang=en"
