"""Interface text in the viewer's language, from gettext catalogs managed with Babel.

The catalogs are `story/reader/locales/<lang>/LC_MESSAGES/messages.po`; they are read
directly (no compiled .mo files to keep in step). Code marks each interface string
with `tr.gettext("...")`, which `pybabel extract` finds (see `make messages`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}


@cache
def _messages(language: str) -> dict[str, str]:
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


@dataclass(frozen=True)
class Translator:
    language: str = DEFAULT_LANGUAGE
    _table: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def gettext(self, message: str) -> str:
        """`message` in this language, or the English text when untranslated."""
        return self._table.get(message, message)


@cache
def translator(language: str) -> Translator:
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return Translator(language, _messages(language))


def pick_language(requested: str | None, accept_languages: list[str] | None = None) -> str:
    """The language to show: the URL's `lang` if we have it, else the browser's, else English."""
    if requested and requested.lower() in LANGUAGES:
        return requested.lower()
    for candidate in accept_languages or []:
        base = candidate.split(";")[0].strip().lower().split("-")[0]
        if base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE
