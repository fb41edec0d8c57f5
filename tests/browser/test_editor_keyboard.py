"""The editor by keyboard alone, in Chromium: Tab reaches every control of the page (the forms, the step's
list and buttons, the map, the preview, the translation beside the original, the downloads), and axe finds
no serious or critical problem with all of it open."""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.support.browser import run_after, serious_violations, wait_for_app

# Every control a keyboard user must reach, as the page draws it (Streamlit's own, ours, Leaflet's).
CONTROLS = (
    "input:not([type='hidden']):not([type='file']), textarea, button, a[href], select, [role='combobox'],"
    " [role='slider'], [tabindex='0']"
)
MARK_CONTROLS = f"""() => {{
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
    && !el.closest('[aria-hidden="true"], [inert]');
  const controls = [...document.querySelectorAll("{CONTROLS}")]
    .filter((el) => shown(el) && !el.disabled && el.tabIndex >= 0);
  controls.forEach((el, n) => el.setAttribute('data-keyboard-check', String(n)));
  window.__reached = new Set();
  document.addEventListener('focusin', (event) => {{
    const mark = event.target.getAttribute && event.target.getAttribute('data-keyboard-check');
    if (mark !== null) window.__reached.add(mark);
  }});
  return controls.length;
}}"""
UNREACHED = """() => [...document.querySelectorAll('[data-keyboard-check]')]
  .filter((el) => !window.__reached.has(el.getAttribute('data-keyboard-check')))
  .map((el) => (el.getAttribute('aria-label') || el.textContent || el.outerHTML).trim().slice(0, 80))"""


def test_every_control_of_the_editor_is_reached_by_tab_and_axe_finds_nothing_serious(page: Page, three_steps_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{three_steps_server.url}/edit")
    wait_for_app(page)
    expect(page.get_by_text("The checker finds no problem: the story plays.")).to_be_visible()
    box = page.get_by_label("Translation beside the original").filter(visible=True)
    box.click()
    page.keyboard.type("Русский")
    run_after(page, lambda: page.keyboard.press("Enter"))
    expect(page.get_by_role("heading", name="Translation: Русский")).to_be_visible()
    preview = page.frame_locator("iframe[title='Preview of the step being edited']")
    expect(preview.locator(".sp-player .sp-step h2")).to_be_visible()

    violations = serious_violations(page)
    assert violations == [], json.dumps(violations, indent=1)

    count = page.evaluate(MARK_CONTROLS)
    assert count > 40, "the page's forms are drawn"
    page.locator("body").focus()
    for _ in range(count * 3):  # the preview's own controls are passed through on the way
        page.keyboard.press("Tab")
        if not page.evaluate(UNREACHED):
            break
    assert page.evaluate(UNREACHED) == []
