"""Problems found in a story file, each pointing at a line and column."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from story.format.messages import Message

Location = tuple[int, int]
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str
    # A warning leaves the story playable; `python -m story check --strict` counts it as an error.
    warning: bool = False
    # The message as a template and its values, for a page in another language (None: not translatable).
    said: Message | None = None

    @classmethod
    def of(cls, file: str, where: Location, field: str, said: Message, warning: bool = False) -> Problem:
        """The problem `said` at `where` (line, column), its English text as its message."""
        return cls(file, where[0], where[1], field, str(said), warning, said)

    def text(self, gettext: Callable[[str], str] | None = None) -> str:
        """The message in the language `gettext` translates into (English without one), on one line."""
        return printable(self.said.text(gettext)) if self.said is not None else self.message

    def __post_init__(self) -> None:
        # Keys and values quoted into a message may hold line breaks or terminal escapes:
        # one problem stays one printable line, in a terminal and on the page.
        for name in ("file", "field", "message"):
            object.__setattr__(self, name, printable(getattr(self, name)))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" + (": warning" if self.warning else "")
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class StoryError(Exception):
    """A story file that cannot be played, with every problem found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("\n".join(str(problem) for problem in self.problems))


def printable(text: str) -> str:
    """`text` with every unprintable character (line break, tab, ESC, lone surrogate) written as its escape."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape_char(char) for char in text)


def _escape_char(char: str) -> str:
    code = ord(char)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def format_field(path: FieldPath) -> str:
    """('steps', 3, 'view', 'zoom') -> 'steps[3].view.zoom'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text
