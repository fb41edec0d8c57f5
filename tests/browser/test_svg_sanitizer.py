"""H1 of the security review in Chromium: the review's hostile drawings run or fetch when opened as they were
uploaded, and do neither once written again by `sanitize_svg`, the only bytes a host now puts out.

Each drawing is served as `image/svg+xml` from one address of its own origin (as the app served
`static/media/<hash>.svg`), so an XSLT stylesheet may load itself; every other request is refused and noted.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from story.format.svg import sanitize_svg
from tests.unit.test_svg_sanitizer import CSS_ESCAPE, PI_STYLESHEET, SVG

ADDRESS = "http://drawings.test/media/drawing.svg"
MARKER = "H1-RAN"
FIELD = '<rect width="200" height="200" fill="#c9b458"/>'
# A simplified XSLT stylesheet that is its own stylesheet and writes a script (the review's first file).
XSLT = (
    f'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="{ADDRESS}"?>'
    f'<svg {SVG} xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xsl:version="1.0" width="200" height="200">'
    f'{FIELD}<xsl:element name="script" '
    f'namespace="http://www.w3.org/2000/svg">console.log("{MARKER}")</xsl:element></svg>'
)
SET_HREF = (
    f'<svg {SVG} width="200" height="200"><a>'
    f'<set attributeName="xlink:href" to="javascript:console.log(\'{MARKER}\')"/>{FIELD}</a></svg>'
)
# What each raw drawing does in Chromium: writes the marker (a script ran) or asks another host for something.
CASES = {"xslt": (XSLT, "script"), "set-href": (SET_HREF, "script"), "css-escape": (CSS_ESCAPE, "fetch"),
         "pi-stylesheet": (PI_STYLESHEET, "fetch")}  # fmt: skip


class Served:
    """One drawing at ADDRESS; every other request refused and remembered, every console line kept."""

    def __init__(self, page: Page, body: bytes) -> None:
        self.outside: list[str] = []
        self.console: list[str] = []
        self.body = body
        page.route("**/*", self._handle)
        page.on("console", lambda message: self.console.append(message.text))
        page.on("dialog", lambda dialog: (self.console.append(MARKER + " dialog"), dialog.dismiss()))

    def _handle(self, route: Route) -> None:
        if route.request.url == ADDRESS:
            route.fulfill(body=self.body, content_type="image/svg+xml")
        else:
            self.outside.append(route.request.url)
            route.abort()


@pytest.mark.parametrize("case", sorted(CASES))
def test_h1_a_hostile_drawing_runs_as_uploaded_and_nothing_once_sanitized(page: Page, case: str):
    raw, attack = CASES[case]
    served = Served(page, raw.encode())
    # As uploaded: the attack works in this browser (else this test would prove nothing).
    if attack == "script":
        with page.expect_console_message(lambda message: MARKER in message.text):
            page.goto(ADDRESS)
            page.mouse.click(100, 100)
    else:
        with page.expect_request(lambda request: request.url != ADDRESS):
            page.goto(ADDRESS)
        assert served.outside

    safe_page = page.context.new_page()
    safe = Served(safe_page, sanitize_svg(raw.encode()))
    safe_page.goto(ADDRESS)  # returns on "load": every stylesheet and transform has been tried
    safe_page.mouse.click(100, 100)
    left = safe_page.evaluate(
        """() => ({
            instructions: [...document.childNodes].filter((node) => node.nodeType === 7).length,
            active: document.querySelectorAll("script, a, set, animate, foreignObject, image, style").length,
            drawn: document.querySelectorAll("rect").length,
        })"""
    )
    assert left == {"instructions": 0, "active": 0, "drawn": 1}, left
    assert safe.outside == []
    assert not [line for line in safe.console if MARKER in line]
