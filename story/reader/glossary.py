"""Glossary terms marked in a step's text: the word stays in place, its definition one hover, focus or tap away.

The first occurrence of each term (or one of its forms) in a step's sanitized HTML becomes a
button (role) with the definition as its description (aria-describedby), shown beside it on hover and
focus (a tap focuses it). Only text is matched, never inside a link, code or another mark; a form
matches as a whole word, so a Russian «баев» is not found inside «Назарбаев».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from story.format.model import GlossaryTerm
from story.reader.text import escape

# Tags whose text is left alone: a term inside a link or code stays what it is.
_SKIP = {"a", "code", "pre", "button"}  # (our own marks are added after the split)
_TAG = re.compile(r"(<[^>]+>)")
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z0-9]+)")
TIP_CLASS = "sm-tip"
# A tip's id is this prefix and the term's id; a page that holds a step twice (the app's
# opening preview beside the player) renames one copy with `renamed_tips`.
TIP_ID_PREFIX = "sm-gl-"


@dataclass(frozen=True)
class _Form:
    text: str
    term: GlossaryTerm


def _forms(glossary: list[GlossaryTerm]) -> list[_Form]:
    forms = [_Form(form, term) for term in glossary for form in dict.fromkeys([term.term, *term.forms]) if form]
    # Longest first: "high treason" before "treason".
    return sorted(forms, key=lambda form: -len(form.text))


def _pattern(forms: list[_Form]) -> re.Pattern[str] | None:
    if not forms:
        return None
    alternatives = "|".join(re.escape(escape(form.text)) for form in forms)
    return re.compile(rf"(?<![\w&-])({alternatives})(?![\w-])", re.IGNORECASE)


def mark_terms(html: str, glossary: list[GlossaryTerm], id_prefix: str = TIP_ID_PREFIX) -> str:
    """`html` with the first occurrence of each glossary term made a button that explains it."""
    forms = _forms(glossary)
    pattern = _pattern(forms)
    if pattern is None:
        return html
    by_text = {escape(form.text).lower(): form.term for form in forms}
    marked: set[str] = set()
    skipping = 0
    pieces = _TAG.split(html)
    for index, piece in enumerate(pieces):
        if piece.startswith("<"):
            name = _TAG_NAME.match(piece)
            if name and name.group(1).lower() in _SKIP and not piece.endswith("/>"):
                skipping += -1 if piece.startswith("</") else 1
            continue
        if skipping or not piece:
            continue

        def replace(match: re.Match[str]) -> str:
            term = by_text.get(match.group(1).lower())
            if term is None or term.id in marked:
                return match.group(0)
            marked.add(term.id)
            tip = f"{id_prefix}{term.id}"
            # A span, not a <button>: a term of several words wraps with the line it stands in.
            # The player's shell.js gives it a button's keys (Enter, Space).
            return (
                f'<span class="sm-gloss"><span class="sm-term" role="button" tabindex="0" aria-describedby="{tip}" '
                f'aria-expanded="false">{match.group(1)}</span><span class="{TIP_CLASS}" role="tooltip" id="{tip}">'
                f"<strong>{escape(term.term)}</strong>: {escape(term.definition)}</span></span>"
            )

        pieces[index] = pattern.sub(replace, piece)
    return "".join(pieces)


_TIP = re.compile(rf'<span class="{TIP_CLASS}" role="tooltip" id="[^"]*">.*?</span></span>', re.S)
_TERM = re.compile(
    r'<span class="sm-term" role="button" tabindex="0" aria-describedby="[^"]*" aria-expanded="false">(.*?)</span>',
    re.S,
)


def for_print(html: str) -> str:
    """The marked text for print: each term in italics, without its tip (the handout lists the glossary at its end)."""
    return _TERM.sub(r"<i>\1</i>", _TIP.sub("</span>", html))


def renamed_tips(html: str, prefix: str) -> str:
    """`html` with its tips' ids (and the references to them) under another prefix."""
    return html.replace(f'id="{TIP_ID_PREFIX}', f'id="{prefix}').replace(
        f'aria-describedby="{TIP_ID_PREFIX}', f'aria-describedby="{prefix}'
    )
