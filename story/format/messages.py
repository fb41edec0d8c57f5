"""The checker's messages as English templates with their values, so a page can say them in its language.

Each message is written once, in English, with `say("... {name} ...", name=value)`; `pybabel extract`
finds the templates (see `make messages`) and the catalogs in story/reader/locales give their Russian
and Kazakh. The command line prints the English text; the editor asks for the text in its language.
A value that points at another item of a list (`steps[2]`) is a `Ref`: English names it as the file
does, a translation by its number from 1 ("step 3"), as the editor counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Gettext = Callable[[str], str]


@dataclass(frozen=True)
class Ref:
    """An item of one of the story's lists: `steps[2]` in English, its number from 1 in a translation."""

    field: str
    index: int

    def text(self, gettext: Gettext | None) -> str:
        return f"{self.field}[{self.index}]" if gettext is None else str(self.index + 1)


@dataclass(frozen=True)
class Message:
    """An English template and the values put into it."""

    template: str
    values: tuple[tuple[str, str | Message | Ref], ...] = ()

    def text(self, gettext: Gettext | None = None) -> str:
        """The message in English (no `gettext`), or in the language `gettext` translates into."""
        template = self.template if gettext is None else gettext(self.template)
        values = {name: value if isinstance(value, str) else value.text(gettext) for name, value in self.values}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that names a value wrongly: English then
            return self.template.format(**values)

    def __str__(self) -> str:
        return self.text()


class MessageError(ValueError):
    """A validator's refusal with its message, for the loader to turn into a problem."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class RepeatedItemError(MessageError):
    """An item of a list that repeats an earlier one; `index` is the repeat's, so its problem points at it."""

    def __init__(self, message: Message, index: int) -> None:
        super().__init__(message)
        self.index = index


def say(template: str, **values: str | Message | Ref | int | float) -> Message:
    """A message of the checker: `template` (English, marked for translation) with its values."""
    return Message(
        template,
        tuple(
            (name, value if isinstance(value, (str, Message, Ref)) else str(value)) for name, value in values.items()
        ),
    )


def verbatim(text: str) -> Message:
    """Text that is not ours to translate (a YAML parser's or the system's words), shown as it is."""
    return Message("{text}", (("text", text),))
