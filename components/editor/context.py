"""What every part of the editor's page shares in one run, passed as one argument."""

from __future__ import annotations

from dataclasses import dataclass

from components.editor import session
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
