"""The page's styles reach the page: Streamlit's st.html sanitizes with DOMPurify, which drops a whole
<style> whose text looks like markup (a "<" before a letter or a slash, even in a comment): the app would
then show the story unstyled, its map unframed."""

from __future__ import annotations

import re

from components.page import STYLES
from components.player import PLAYER_DIR as STATIC_PLAYER
from components.player import player_styles


def test_no_style_sheet_of_the_page_has_text_the_sanitizer_takes_for_markup():
    for name, text in (("components/styles.css", STYLES.read_text(encoding="utf-8")), ("player", player_styles())):
        found = re.search(r"<[/\w!]", text)
        assert found is None, f"{name}: {text[max(0, found.start() - 40) : found.end() + 20]!r}"


def test_every_style_sheet_of_the_player_closes_what_it_opens():
    # A brace too many or too few makes the browser drop the rules after it (it did: the dates lost their style).
    for path in sorted(STATIC_PLAYER.glob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        depth = 0
        for character in text:
            depth += {"{": 1, "}": -1}.get(character, 0)
            assert depth >= 0, f"{path.name}: a '}}' closes nothing"
        assert depth == 0, f"{path.name}: {depth} '{{' left open"
