"""The story in another language in a real browser: the address, the switch, the map's words and names.

On the engine's test story and its Russian translation (tests/stories/three-steps.ru.yaml); the flagship's
own languages are checked in tests/browser/test_flagship.py.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.support.browser import open_story, shown, step_param, wait_map_settled


def test_a_language_in_the_address_gives_the_step_the_buttons_the_map_the_page_and_the_offline_copy(
    page: Page, three_steps_server
):
    open_story(page, f"{three_steps_server.url}/?lang=ru&step=almaty-peak")
    expect(page.locator("#step-title")).to_have_text("Только Алматы")
    expect(page.get_by_role("button", name="Далее")).to_be_visible()
    expect(page.get_by_role("button", name="Next")).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", "Приблизить")
    names = page.evaluate(
        "() => Object.values(window.storymap.instance.markers).filter((m) => m.isCurrent).map((m) => m.placeName)"
    )
    assert names == ["Алматы"]
    # The offline copy is downloaded in the viewer's language.
    page.get_by_role("button", name="Офлайн-копия и раздаточный материал").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Скачать офлайн-копию").click()
    document = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert 'lang="ru"' in document
    assert "Только Алматы" in document and "Almaty alone" not in document


def test_switching_language_keeps_the_step_and_draws_the_map_again_once(page: Page, three_steps_server):
    open_story(page, f"{three_steps_server.url}/?step=west")
    page.get_by_role("button", name="Next").click()  # in the browser: the server does not know
    expect(page.locator("#step-title")).to_have_text("Almaty alone")
    page.get_by_role("radio", name="Русский").click()
    expect(page.locator("#step-title")).to_have_text("Только Алматы")
    page.wait_for_function("() => window.storymap.instance.config.language === 'ru'")
    wait_map_settled(page, "almaty-peak")
    assert step_param(page) == "almaty-peak" and "lang=ru" in page.url
    assert page.evaluate("window.storymapBuilds") == 2, "drawn again once, in Russian"
    page.get_by_role("button", name="Далее").click()
    expect(page.locator("#step-title")).to_have_text("Далеко")
    wait_map_settled(page, "new-york")
    page.reload()
    wait_map_settled(page, "new-york")
    assert shown(page)["title"] == "Далеко"
