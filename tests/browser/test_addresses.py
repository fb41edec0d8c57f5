"""Hostile addresses in a real page: what `?step=` and `?story=` hold is shown as text, and nothing of it runs."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page, expect

from tests.support.browser import heading, open_story, step_param


@pytest.mark.parametrize(
    "query",
    [
        "step=%3Cscript%3Ealert(1)%3C/script%3E",
        "step=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "story=..%2F..%2Fetc%2Fpasswd&step=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    ],
)
def test_a_hostile_address_runs_no_script_in_the_browser(page: Page, three_steps_server, query):
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    open_story(page, f"{three_steps_server.url}/?{query}")
    assert heading(page) == "Zhanaozen and Almaty"
    assert step_param(page) == "west"
    notice = page.locator(".sp-player .sp-notice")
    expect(notice).to_be_visible()
    if query.startswith("story="):
        expect(notice).to_contain_text("There is no story called “../../etc/passwd”")
        assert "story=" not in page.url, "the refused story is taken out of the address"
    else:
        expect(notice).to_contain_text("showing the first step")
        expect(notice).to_contain_text("alert(1)")
    assert page.locator(".sp-notice img, .sp-notice script, .sp-notice *").count() == 0
    assert dialogs == []
    page.get_by_role("button", name="Next").click()
    expect(notice).to_be_hidden()
