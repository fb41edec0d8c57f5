"""What every part of the editor's page shares in one run, passed as one argument."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from components.editor import session
from components.editor.keys import DRAFT_KEY
from geodata.catalog import LayerCatalog
from story.editor.draft import Draft
from story.format.problems import Problem
from story.reader.i18n import Translator


@dataclass
class EditorContext:
    """The draft being edited, this browser's token (None without its cookie), the reader's language,
    the checker's problems by field (as the checker names it: `steps[2].title`) and the map's layers."""

    draft: Draft
    token: str | None
    tr: Translator
    by_field: dict[str, list[Problem]]
    catalog: LayerCatalog

    def keep(self) -> None:
        """The draft to the store at once, so a reload finds the change."""
        session.keep(self.draft, self.token)

    def button(
        self,
        place: Any,
        label: str,
        *,
        key: str,
        act: Callable[[EditorContext], object],
        keep: bool = True,
        **options: Any,
    ) -> None:
        """`place.button(label, key=key, ...)` whose press `act` carries out in the button's callback:
        before the page's next run, on the draft as it is then (kept in the store unless `keep` is
        False), so that one run draws the result. Acted on in the script instead, a press needed a
        second run to redraw what was drawn above the button, and a press or a list opened between the
        two was lost; and a run cut short by the next press never reached the button at all."""
        place.button(label, key=key, on_click=_act, args=(self, act, keep), **options)


def _act(ctx: EditorContext, act: Callable[[EditorContext], object], keep: bool) -> None:
    # The draft of the session now, not of the run that drew the button: "A new story from the
    # template" and then at once "Add a step" adds the step to the new story.
    draft = st.session_state.get(DRAFT_KEY)
    live = replace(ctx, draft=draft) if isinstance(draft, Draft) else ctx
    act(live)
    if keep:
        live.keep()
