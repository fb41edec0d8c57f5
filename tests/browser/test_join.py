"""Issue 32: the class joins at an address its phones can open, and types the code at /join.

A teacher opens the app at `localhost`, as the README says; the projected join address and QR code
must not name her laptop only. On a machine with a network address the address is that one, and a
page opened there follows the presentation; on a machine with none, the panel says so.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from story.present.address import is_loopback
from tests.support.browser import open_story, serious_violations
from tests.support.server import StreamlitServer

PHONE = {"width": 375, "height": 667}


def present(page: Page, url: str) -> str:
    page.emulate_media(reduced_motion="reduce")
    open_story(page, url)
    page.get_by_role("button", name="Present to a class").click()
    expect(page.locator(".sp-present-code")).to_have_text(re.compile(r"^Code: [A-Z2-9]{6}$"))
    return page.locator(".sp-present-code").inner_text().split()[-1]


def test_a_presenter_at_localhost_gives_the_class_an_address_its_phones_can_open(
    page: Page, browser: Browser, three_steps_server: StreamlitServer
):
    code = present(page, f"{three_steps_server.url}/?lang=en")
    address = page.locator(".sp-present-address").inner_text()
    host = re.match(r"https?://\[?([^\]/:]+)", address).group(1)
    if is_loopback(host):
        # A machine with no network: the panel says why the phones cannot open it, and how to fix it.
        expect(page.locator(".sp-present-unreachable")).to_contain_text("The students' phones cannot open")
        return
    expect(page.locator(".sp-present-unreachable")).to_be_hidden()
    assert address == f"{three_steps_server.room_url}/view?follow={code}&lang=en"
    phone = browser.new_context(viewport=PHONE, reduced_motion="reduce").new_page()
    phone.goto(address)  # over the machine's network address, not the loopback one
    expect(phone.locator(".sx-follow")).to_have_text(f"Following the presentation {code}.")
    phone.context.close()


def test_a_student_types_the_code_at_join_and_follows(page: Page, browser: Browser, three_steps_server):
    code = present(page, f"{three_steps_server.url}/?lang=en")
    join_link = page.locator(".sp-present-join-page a")
    expect(join_link).to_have_text(re.compile(r"/join$"))
    phone = browser.new_context(viewport=PHONE, reduced_motion="reduce", bypass_csp=True).new_page()
    phone.goto(f"{three_steps_server.url}/join?lang=ru")
    field = phone.get_by_label("Код с экрана учителя")
    expect(field).to_be_focused()

    field.fill("O0O0")  # a look-alike code: said on the page, the form again
    field.press("Enter")
    expect(phone.get_by_role("alert")).to_contain_text("не код класса")
    assert serious_violations(phone) == []

    phone.get_by_label("Код с экрана учителя").fill(f"{code[:3].lower()} {code[3:]}")
    phone.get_by_role("button", name="Войти").click()
    phone.wait_for_url(re.compile(rf"/view\?follow={code}&lang=ru"))
    expect(phone.locator(".sx-follow")).to_have_text(re.compile(code))
    phone.context.close()


def test_the_qr_code_fills_the_screen_for_the_room_and_hides_again(page: Page, three_steps_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    present(page, f"{three_steps_server.url}/?lang=en")
    show = page.get_by_role("button", name="Show the QR code to the room")
    show.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Join the class")
    expect(dialog).to_be_visible()
    box = dialog.locator("svg").bounding_box()
    assert box["height"] >= 0.6 * 800, "big enough to scan from the back of the room"
    expect(dialog).to_contain_text("/join")
    expect(page.get_by_role("button", name="Hide the QR code")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(show).to_be_focused()
