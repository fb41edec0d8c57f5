"""Issue 27: a class follows its presenter on the light page (/view), a phone's lightest way in.

A presenter in the Streamlit app and a follower on a phone-sized screen on the address the
presenter's panel gives: the follower's page moves with the presenter (through the server's event
stream), says when the presentation has ended, asks no other site for anything, and its link to the
full app opens the app on the step it shows.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from story.format.loader import load_story
from tests.conftest import TEST_STORIES
from tests.support.browser import EXTERNAL, open_story, serious_violations, wait_for_app, wait_map_settled

WALK = TEST_STORIES / "walk.yaml"
PHONE = {"width": 375, "height": 667}


@pytest.fixture(scope="module")
def walk(catalog):
    return load_story(WALK, catalog)


def start_presenting(page: Page, url: str) -> tuple[str, str]:
    """The presenter's code and the address its panel gives the class."""
    page.emulate_media(reduced_motion="reduce")
    open_story(page, url)
    page.get_by_role("button", name="Present to a class").click()
    expect(page.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))
    code = page.locator(".sp-present-code").inner_text().split()[-1]
    return code, page.locator(".sp-present-address").inner_text()


def phone(browser: Browser, asked: list[str]) -> Page:
    follower = browser.new_context(viewport=PHONE, reduced_motion="reduce").new_page()
    follower.on("request", lambda request: asked.append(request.url))
    follower.route(EXTERNAL, lambda route: route.abort())
    return follower


def test_a_follower_on_the_light_page_moves_with_the_presenter_and_hears_the_end(
    page: Page, browser: Browser, start_server, walk
):
    server = start_server("--story", str(WALK), "--tiles", "none")
    code, address = start_presenting(page, server.url)
    assert address == f"{server.room_url}/view?follow={code}&lang=en"

    asked: list[str] = []
    follower = phone(browser, asked)
    follower.goto(address)
    status = follower.locator(".sx-follow")
    expect(status).to_have_text(f"Following the presentation {code}.")
    expect(follower.locator("#step-title")).to_have_text(walk.steps[0].title)
    expect(page.locator(".sp-present-count")).to_have_text("Following now: 1", timeout=10_000)

    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    expect(follower.locator("#step-title")).to_have_text(walk.steps[2].title)
    wait_map_settled(follower, walk.steps[2].id)
    link = follower.get_by_role("link", name="Open the full app")
    expect(link).to_have_attribute("href", f"/?step={walk.steps[2].id}&lang=en")
    assert f"step={walk.steps[2].id}" in follower.url, "a reload opens on the step shown"

    # The follower's own step leaves follow mode on that screen only; "Follow again" comes back.
    follower.get_by_role("button", name="Next").click()
    follower.get_by_role("button", name="Next").click()
    expect(follower.locator("#step-title")).to_have_text(walk.steps[4].title)
    expect(status).to_have_text("Exploring on my own.")
    page.get_by_role("button", name="Next").click()
    follower.get_by_role("button", name="Follow again").click()
    expect(follower.locator("#step-title")).to_have_text(walk.steps[3].title)
    expect(status).to_have_text(f"Following the presentation {code}.")

    # The accessibility check is injected: a second follower lets it past the page's policy.
    checked = browser.new_context(viewport=PHONE, reduced_motion="reduce", bypass_csp=True).new_page()
    checked.route(EXTERNAL, lambda route: route.abort())
    checked.goto(address)
    expect(checked.locator(".sx-follow")).to_have_text(f"Following the presentation {code}.")
    assert serious_violations(checked) == []

    page.get_by_role("button", name="End the presentation").click()
    expect(status).to_have_text("The presentation has ended; the story is yours to explore.", timeout=10_000)
    assert [url for url in asked if not url.startswith(server.room_url + "/")] == [], "no other site asked"
    assert any("/files/follow/" in url for url in asked)
    follower.context.close()
    checked.context.close()


def test_the_link_to_the_full_app_keeps_the_step_and_the_language(page: Page, three_steps_server):
    page.set_viewport_size(PHONE)
    page.route(EXTERNAL, lambda route: route.abort())
    page.goto(f"{three_steps_server.url}/view?step=almaty-peak&lang=ru")
    expect(page.locator("#step-title")).to_have_text("Только Алматы")
    page.get_by_role("button", name="Далее").click()
    expect(page.locator("#step-title")).to_have_text("Далеко")
    page.get_by_role("link", name="Открыть полное приложение").click()
    page.wait_for_url(re.compile(r"/\?step=new-york&lang=ru$"))
    wait_for_app(page)
    wait_map_settled(page, "new-york")
    expect(page.locator("#step-title")).to_have_text("Далеко")


def test_a_follower_joins_in_the_presenters_language_and_changes_with_it(
    page: Page, browser: Browser, three_steps_server
):
    # The session's server of the small story: a presentation is the presenter's own, nothing of it
    # reaches another test's pages.
    code, address = start_presenting(page, f"{three_steps_server.url}/?step=west")
    follower = phone(browser, [])
    follower.goto(address)
    expect(follower.locator("#step-title")).to_have_text("Zhanaozen and Almaty")

    page.get_by_role("radio", name="Русский").click()
    expect(page.locator("#step-title")).to_have_text("Жанаозен и Алматы")
    # The presenter's panel sends the new language within its poll; the follower's page loads in it.
    follower.wait_for_url(re.compile(r"/view\?lang=ru&follow=" + code + "&step=west$"), timeout=10_000)
    expect(follower.locator("html")).to_have_attribute("lang", "ru")
    expect(follower.locator(".sx-follow")).to_have_text(f"Следую за показом {code}.")
    expect(follower.locator("#step-title")).to_have_text("Жанаозен и Алматы")
    follower.context.close()


def test_a_code_no_presentation_has_is_said_plainly_and_the_story_plays(page: Page, three_steps_server):
    page.set_viewport_size(PHONE)
    page.route(EXTERNAL, lambda route: route.abort())
    page.goto(f"{three_steps_server.url}/view?follow=abcdef&step=almaty-peak")
    expect(page.locator(".sx-follow")).to_have_text(
        "No presentation with the code ABCDEF is running: it has ended, or the code is mistyped. "
        "The story plays as usual."
    )
    expect(page.locator("#step-title")).to_have_text("Almaty alone")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("#step-title")).to_have_text("Far away")
