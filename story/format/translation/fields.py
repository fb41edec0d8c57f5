"""Every text a translation gives, in one table: where it sits in a translation file, how the items
of its lists are found, and what kind of text it is.

A path reads as the translation file is written: `steps[id].places[id].name` is the `name` of the
place whose `id` is the original place's, in the step whose `id` is the original step's;
`sources[url]` finds a source by its address (by its position when it has none); `media[]` an item by
its position. The editor's translation panel (story/editor/translate.py) lists its texts from this
table; tests/unit/test_translation_fields.py checks that the file's models, the reader's
`apply_translation` and the template agree with it, so a new translatable field is a row here and
then whatever those tests name. The publishers are a table of their own (`publishers`: each
publisher as the original writes it, as this language writes it), not a field of one item.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from story.format.model import Story

# How the editor shows it: one line, a paragraph, or a list written one item per line.
Kind = Literal["text", "area", "lines"]
# Where a text lives in a translation file: keys, list positions, and (key, value) for the item of a
# list that has that value (a step by its id, a place by its id, a source by its address).
Where = tuple[str | int | tuple[str, str], ...]


@dataclass(frozen=True)
class Translatable:
    path: str
    kind: Kind = "text"
    # The original's attribute for the last part, when it is named otherwise (the quotation's
    # translation translates the quotation's text).
    original: str | None = None
    # Shown in the original language and listed as untranslated when the translation lacks it
    # (False: a name that keeps its spelling, forms that would mark words of another language).
    marked: bool = True
    # Offered in the editor's translation panel.
    editor: bool = True
    # Its name on the editor's page, when not its path without the keys ("places.name").
    name: str | None = None


# In the order a reader meets them (the editor lists a step's texts in this order).
FIELDS: tuple[Translatable, ...] = (
    Translatable("title"),
    Translatable("subtitle"),
    Translatable("content_note", "area"),
    Translatable("source.author", editor=False),
    Translatable("source.outlet", editor=False),
    Translatable("credits[].text", editor=False),
    Translatable("glossary[id].term", editor=False),
    Translatable("glossary[id].definition", "area", editor=False),
    Translatable("glossary[id].forms", "lines", marked=False, editor=False),
    Translatable("lessons[id].title"),
    Translatable("steps[id].title"),
    Translatable("steps[id].body", "area"),
    Translatable("steps[id].view.alt"),
    Translatable("steps[id].content_note", "area"),
    Translatable("steps[id].places[id].name"),
    Translatable("steps[id].places[id].note"),
    Translatable("steps[id].quote.translation", "area", original="text", name="quote"),
    Translatable("steps[id].media[].caption", "area"),
    Translatable("steps[id].media[].alt"),
    Translatable("steps[id].media[].transcript", "area"),
    Translatable("steps[id].media[].credit", marked=False, editor=False),
    Translatable("steps[id].figure.title"),
    Translatable("steps[id].figure.unit"),
    Translatable("steps[id].figure.caption"),
    Translatable("steps[id].figure.data[].label", editor=False),
    # The titles of the rows' sources, by address (the original keeps each source on its row; a title
    # the figure does not give is the step's source's of the same address, else the original's).
    Translatable("steps[id].figure.sources[url].title", marked=False, editor=False),
    Translatable("steps[id].sources[url].title"),
    Translatable("steps[id].other_sources[].text", "area"),
    Translatable("steps[id].discussion", "lines"),
    Translatable("steps[id].check[].question"),
    Translatable("steps[id].check[].choices", "lines"),
    Translatable("steps[id].check[].order", "lines"),
    Translatable("steps[id].check[].explain", "area"),
    Translatable("steps[id].speaker_notes", "area"),
)

# The original's attribute that holds the key a translation finds an item by, where it is not the
# key's own name (a place's id is its `key`: its id, or one made from its name).
_ORIGINAL_KEY = {"places": "key"}


@dataclass(frozen=True)
class TextOf:
    """One text of an original story and where its translation goes."""

    field: str  # as the checker and the reader name the original's field: steps[2].places[0].name
    where: Where
    original: str  # a list as one item per line
    row: Translatable

    @property
    def name(self) -> str:
        """The row's name on the editor's page: its path without the keys and the step ("places.name")."""
        if self.row.name:
            return self.row.name
        parts = [part.partition("[")[0] for part in self.row.path.split(".")]
        return ".".join(parts[1:] if self.row.path.startswith("steps[") else parts)


def _parts(path: str) -> list[tuple[str, str | None]]:
    # "places[id]" -> ("places", "id"); "media[]" -> ("media", ""); "name" -> ("name", None)
    parts = []
    for part in path.split("."):
        name, bracket, key = part.partition("[")
        parts.append((name, key.rstrip("]") if bracket else None))
    return parts


def texts(story: Story, rows: tuple[Translatable, ...] = FIELDS) -> list[TextOf]:
    """Every text of `story` that `rows` name and the story has, in the rows' order, the fields of one
    list item together (a place's name, then its note, then the next place)."""
    found: list[TextOf] = []
    _walk(story, [(row, _parts(row.path)) for row in rows], "", (), found)
    return found


def step_texts(story: Story, index: int, rows: tuple[Translatable, ...] = FIELDS) -> list[TextOf]:
    """The texts of step `index` (`steps[id]...` rows)."""
    step_rows = [(row, _parts(row.path)[1:]) for row in rows if row.path.startswith("steps[")]
    step = story.steps[index]
    found: list[TextOf] = []
    _walk(step, step_rows, f"steps[{index}]", ("steps", ("id", str(step.id))), found)
    return found


def _walk(
    node: object,
    rows: list[tuple[Translatable, list[tuple[str, str | None]]]],
    field: str,
    where: Where,
    found: list[TextOf],
) -> None:
    # Rows grouped by their first part, in the order the first of each group comes.
    groups: dict[str, list[tuple[Translatable, list[tuple[str, str | None]]]]] = {}
    for row, parts in rows:
        groups.setdefault(parts[0][0], []).append((row, parts))
    for name, group in groups.items():
        prefix = f"{field}.{name}" if field else name
        for row, parts in group:
            if len(parts) == 1:
                _leaf(node, name, row, prefix, (*where, name), found)
        nested = [(row, parts) for row, parts in group if len(parts) > 1]
        if not nested:
            continue
        key = nested[0][1][0][1]
        value = getattr(node, name, None)
        rest = [(row, parts[1:]) for row, parts in nested]
        if key is None:
            if value is not None:
                _walk(value, rest, prefix, (*where, name), found)
            continue
        for i, item in enumerate(value or []):
            _walk(item, rest, f"{prefix}[{i}]", (*where, name, _item_key(name, key, i, item)), found)


def _item_key(name: str, key: str, index: int, item: object) -> int | tuple[str, str]:
    if not key:
        return index
    value = getattr(item, _ORIGINAL_KEY.get(name, key), None)
    return (key, str(value)) if value else index


def _leaf(node: object, name: str, row: Translatable, field: str, where: Where, found: list[TextOf]) -> None:
    value = getattr(node, row.original or name, None)
    if not value:
        return
    text = "\n".join(value) if isinstance(value, list) else str(value)
    found.append(TextOf(field, where, text, row))
