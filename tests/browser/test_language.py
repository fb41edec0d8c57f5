"""The story in Kazakh and Russian in a real browser: the address, the switch, the map's labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from story.format.files import FLAGSHIP, translations_of
from story.format.loader import load_story
from story.format.translation import load_translation
from story.reader.text import escape
from tests.browser import MAP_IFRAME, map_frame, open_story, step_param, wait_for_app, wait_map_settled

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def stories(catalog):
    original = load_story(FLAGSHIP, catalog)
    translated = {lang: load_translation(original, path).story for lang, path in translations_of(FLAGSHIP).items()}
    return {"en": original, **translated}


def test_kazakh_address_shows_the_kazakh_step_labels_and_page_language(page: Page, flagship_server, stories):
    step = stories["kk"].steps[5]
    frame = open_story(page, f"{flagship_server.url}/?lang=kk&step={step.id}")
    expect(page.locator("#step-title")).to_have_text(step.title)
    expect(page.get_by_role("button", name="Келесі")).to_be_visible()
    expect(page.get_by_role("button", name="Next")).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    zoom = page.frame_locator(MAP_IFRAME)
    expect(zoom.get_by_role("button", name="Жақындату")).to_be_visible()
    expect(zoom.get_by_role("button", name="Алыстату")).to_be_visible()
    # The map's place markers carry the Kazakh names of this step's places.
    expected = sorted(place.name for place in step.places)
    assert expected and expected != sorted(place.name for place in stories["en"].steps[5].places)
    names = frame.evaluate(
        "() => Object.values(window.storymap.instance.markers).filter((m) => m.isCurrent).map((m) => m.placeName)"
    )
    assert sorted(names) == expected


def test_switching_language_keeps_the_step(page: Page, flagship_server, stories):
    step_index = 3
    open_story(page, f"{flagship_server.url}/?step={stories['en'].steps[step_index].id}")
    expect(page.locator("#step-title")).to_have_text(stories["en"].steps[step_index].title)
    page.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name="Русский").click()
    expect(page.locator("#step-title")).to_have_text(stories["ru"].steps[step_index].title)
    wait_for_app(page)
    assert step_param(page) == stories["en"].steps[step_index].id
    assert "lang=ru" in page.url
    # The map is drawn again in Russian (its labels and buttons), still on the same step.
    frame = map_frame(page)
    frame.wait_for_function("() => window.storymap && window.storymap.instance.config.language === 'ru'")
    wait_map_settled(frame, stories["en"].steps[step_index].id)
    wait_for_app(page)
    page.get_by_role("button", name="Далее").click()
    expect(page.locator("#step-title")).to_have_text(stories["ru"].steps[step_index + 1].title)
    wait_map_settled(map_frame(page), stories["en"].steps[step_index + 1].id)
    page.reload()
    expect(page.locator("#step-title")).to_have_text(stories["ru"].steps[step_index + 1].title)


def test_the_offline_copy_downloaded_in_kazakh_is_in_kazakh(page: Page, flagship_server, stories):
    open_story(page, f"{flagship_server.url}/?lang=kk&step={stories['kk'].steps[2].id}")
    page.get_by_role("button", name="Офлайн нұсқа және үлестірме материал").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Офлайн нұсқасын жүктеп алу").click()
    document = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert 'lang="kk"' in document
    assert all(escape(step.title) in document for step in stories["kk"].steps[:3])
    assert escape(stories["en"].steps[2].title) not in document
