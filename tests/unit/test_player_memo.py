"""The player's and the share panel's data are made once per story and language in a process, not once per page.

A class of 300 opens the same story at once: every page's first run used to build, hash
and encode the same data again (docs/performance.md, "300 viewers").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from components import player, share
from story.format.loader import load_story
from story.reader.i18n import Translator, translator
from tests.conftest import TEST_STORIES

THREE_STEPS = TEST_STORIES / "three-steps.yaml"


@pytest.fixture
def story(catalog):
    return load_story(THREE_STEPS, catalog)


def built(story, catalog, tr: Translator, folder: Path = THREE_STEPS.parent) -> player.BuiltPlayer:
    key = (story.id, story.language, id(story))
    return player._built(story, key, catalog, id(catalog), tr, tr.language, "none", None, frozenset(), folder, False)


def test_the_same_story_and_language_is_built_once(story, catalog):
    first = built(story, catalog, translator("ru"))
    # Another Translator of the same language (its catalog is not hashed on every run).
    again = built(story, catalog, Translator("ru", {"Next": "Дальше"}))
    assert again is first
    assert first.encoded == player.payload(first.data)


def test_another_language_or_a_changed_story_is_built_anew(story, catalog):
    russian = built(story, catalog, translator("ru"))
    kazakh = built(story, catalog, translator("kk"))
    assert kazakh is not russian and kazakh.data["language"] == "kk"
    # The loader gives a changed file a new Story object: its data is built again.
    reloaded = built(load_story(THREE_STEPS, catalog), catalog, translator("ru"))
    assert reloaded is not russian and reloaded.encoded == russian.encoded


def test_the_share_panel_data_is_made_once_per_address_and_height(story):
    key = (story.id, story.language, id(story))
    ru = translator("ru")
    first = share._encoded_share_data(story, key, ru, "ru", "http://school.example/", 600, False, True, False)
    assert share._encoded_share_data(story, key, ru, "ru", "http://school.example/", 600, False, True, False) is first
    taller = share._encoded_share_data(story, key, ru, "ru", "http://school.example/", 800, False, True, False)
    assert taller is not first and b"800" in taller
    assert first == player.payload(share.share_data(story, ru, "http://school.example/", 600))
