"""A lesson's links: the share panel's link, light link and embed code, and the handout's QR codes, play the lesson."""

from __future__ import annotations

from components.share import share_data
from story.format.loader import load_story
from story.reader.i18n import translator
from story.reader.sharing import embed_snippet, light_step_link, step_link, with_lesson
from tests.conftest import TEST_STORIES

BASE = "https://school.example/qantar/"


def test_a_lessons_links_name_the_lesson_before_the_step():
    assert step_link(BASE, "almaty", "ru", lesson="east") == f"{BASE}?lesson=east&step=almaty&lang=ru"
    assert light_step_link(BASE, "almaty", "kk", lesson="east") == f"{BASE}view?lesson=east&step=almaty&lang=kk"
    assert 'src="https://school.example/qantar/?lesson=east&amp;step=almaty&amp;embed=true"' in embed_snippet(
        BASE, "almaty", "A walk", "en", 600, lesson="east"
    )
    assert with_lesson(f"{BASE}?story=walk", "east") == f"{BASE}?story=walk&lesson=east"
    assert step_link(BASE, "almaty") == f"{BASE}?step=almaty"


def test_the_share_panel_of_a_lesson_offers_its_steps_only_numbered_as_it_plays_them(catalog):
    story = load_story(TEST_STORIES / "lessons.yaml", catalog)
    data = share_data(story, translator("en"), BASE, 600, lesson="east")
    assert [step["label"] for step in data["steps"]] == [
        "1. Step 8: Taraz", "2. Step 9: Almaty", "3. Step 10: Karaganda", "4. Step 11: Nur-Sultan (Astana)",
    ]  # fmt: skip
    assert all("lesson=east&step=" in step["link"] and "lesson=east" in step["snippet"] for step in data["steps"])
    # The whole story, and an id the story does not have, share every step.
    assert len(share_data(story, translator("en"), BASE, 600)["steps"]) == 12
    assert len(share_data(story, translator("en"), BASE, 600, lesson="nope")["steps"]) == 12
