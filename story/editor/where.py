"""Where a problem is, in the editor's words: "Step 4 «Kok-Tobe», self-check 1, the place to find".

The checker names a field as the file does (`steps[3].check[0].find`), counting from 0; a teacher
sees steps numbered from 1 and fields by their labels. This turns one into the other, with the
draft's own titles. The fields' labels are the forms' (passed in, as the page names them); the
names of steps, blocks and the fields no block form asks are here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from story.editor.forms import check_block
from story.reader.i18n import Translator

Labels = Mapping[str, Mapping[str, str]]
_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def field_parts(field: str) -> list[str | int]:
    """'steps[3].check[0].find' -> ['steps', 3, 'check', 0, 'find']."""
    return [int(index) if index else str(name) for index, name in _PART.findall(field)]


def short_label(label: str) -> str:
    """A form's label without its hint: "Date (required): 2022-01-05, ..." -> "Date"."""
    for mark in (" (", ": ", " («"):
        label = label.split(mark, 1)[0]
    return label.strip()


def where(field: str, tree: Mapping[str, Any], tr: Translator, labels: Labels) -> str:
    """The field a problem names, as the editor shows it; "" for the whole file."""
    parts = field_parts(field)
    words: list[str] = []
    node: Any = tree
    block = "Story"
    position = 0
    while position < len(parts):
        name = parts[position]
        index = parts[position + 1] if position + 1 < len(parts) else None
        child = node.get(name) if isinstance(node, Mapping) and isinstance(name, str) else None
        if isinstance(name, str) and isinstance(index, int):
            item = child[index] if isinstance(child, list) and 0 <= index < len(child) else None
            words.append(_item(tr, block, name, index, item))
            block = _block_of(block, name, item)
            node = item
            position += 2
            continue
        if isinstance(name, str):
            inner = _BLOCKS.get((block, name))
            if inner is not None and (position + 1 < len(parts) or _block_word(tr, inner)):
                # A block named on its own ("the slider") or before a field of its own.
                words.append(_block_word(tr, inner))
                block, node = inner, child
            else:
                words.append(_field_word(tr, labels, block, name))
                node = child
        position += 1
    shown = [word for word in words if word]
    # Labels start with a capital on the form; inside a sentence, after a comma, they do not.
    shown = [
        word if number == 0 or word[1:2].isupper() else word[:1].lower() + word[1:] for number, word in enumerate(shown)
    ]
    text = ", ".join(shown)
    return text[:1].upper() + text[1:]


# The blocks inside a block, by the field that holds one (lists and single blocks alike).
_BLOCKS: dict[tuple[str, str], str] = {
    ("Story", "steps"): "Step",
    ("Story", "source"): "Article",
    ("Story", "credits"): "Credit",
    ("Story", "glossary"): "GlossaryTerm",
    ("Story", "lessons"): "Lesson",
    ("Story", "media"): "Media",
    ("Step", "view"): "View",
    ("Step", "places"): "Place",
    ("Step", "layers"): "Layer",
    ("Step", "sources"): "Source",
    ("Step", "other_sources"): "Note",
    ("Step", "quote"): "Quote",
    ("Step", "media"): "Media",
    ("Step", "figure"): "Figure",
    ("Step", "check"): "Check",
    ("Step", "time"): "TimeControl",
    ("Step", "swipe"): "Swipe",
    ("Note", "sources"): "Source",
    ("Figure", "data"): "FigureRow",
    ("FigureRow", "source"): "Source",
}


def _block_of(block: str, name: str, item: object) -> str:
    inner = _BLOCKS.get((block, name), "")
    return check_block(item) if inner == "Check" else inner


def _block_word(tr: Translator, block: str) -> str:
    words: dict[str, Callable[[], str]] = {
        "Article": lambda: tr.gettext("the article the story retells"),
        "View": lambda: tr.gettext("the map"),
        "Quote": lambda: tr.gettext("the quotation"),
        "Figure": lambda: tr.gettext("the figure"),
        "TimeControl": lambda: tr.gettext("the slider over days"),
        "Swipe": lambda: tr.gettext("the swipe"),
        "Source": lambda: tr.gettext("the source"),
        "Media": lambda: tr.gettext("the picture, video or sound"),
    }
    return words[block]() if block in words else ""


def _item(tr: Translator, block: str, name: str, index: int, item: object) -> str:
    """One item of a list: "Step 4 «Kok-Tobe»", "self-check 1", "place 2"."""
    number = index + 1
    if (block, name) == ("Story", "steps"):
        title = item.get("title") if isinstance(item, Mapping) else None
        if isinstance(title, str) and title.strip():
            return tr.gettext("Step {number} «{title}»").format(number=number, title=" ".join(title.split()))
        return tr.gettext("Step {number}").format(number=number)
    kind = _BLOCKS.get((block, name))
    named: dict[str, Callable[[], str]] = {
        "Place": lambda: tr.gettext("place {number}"),
        "Layer": lambda: tr.gettext("map layer {number}"),
        "Source": lambda: tr.gettext("source {number}"),
        "Note": lambda: tr.gettext("what other sources say {number}"),
        "Media": lambda: tr.gettext("picture, video or sound {number}"),
        "Check": lambda: tr.gettext("self-check {number}"),
        "FigureRow": lambda: tr.gettext("value {number}"),
        "Credit": lambda: tr.gettext("credit {number}"),
        "GlossaryTerm": lambda: tr.gettext("glossary word {number}"),
        "Lesson": lambda: tr.gettext("lesson {number}"),
    }
    if kind in named:
        return named[kind]().format(number=number)
    lists: dict[str, Callable[[], str]] = {
        "discussion": lambda: tr.gettext("question for discussion {number}"),
        "choices": lambda: tr.gettext("choice {number}"),
        "center": lambda: tr.gettext("Latitude") if index == 0 else tr.gettext("Longitude"),
        "fit": lambda: tr.gettext("what it fits {number}"),
        "highlight": lambda: tr.gettext("highlighted feature {number}"),
        "steps": lambda: tr.gettext("line {number}"),
        "forms": lambda: tr.gettext("other form {number}"),
    }
    if name in lists:
        return lists[name]().format(number=number)
    return f"{_field_word(tr, {}, block, name)} {number}"


def _field_word(tr: Translator, labels: Labels, block: str, name: str) -> str:
    """A field by its form's label (without the hint), or by the words below for those no block form names."""
    label = labels.get(block, {}).get(name)
    if label:
        return short_label(label)
    own: dict[tuple[str, str], Callable[[], str]] = {
        ("Story", "title"): lambda: tr.gettext("Title (required)"),
        ("Story", "subtitle"): lambda: tr.gettext("Subtitle"),
        ("Story", "id"): lambda: tr.gettext("Short name (id, required)"),
        ("Story", "language"): lambda: tr.gettext("Language of the text (required)"),
        ("Story", "content_note"): lambda: tr.gettext("Content note"),
        ("Step", "title"): lambda: tr.gettext("Title (required)"),
        ("Step", "id"): lambda: tr.gettext("Address of the step (id)"),
        ("Step", "date"): lambda: tr.gettext("Date (required): 2022-01-05, 2022-01, 2022 or 2022-01-02/2022-01-05"),
        ("Step", "body"): lambda: tr.gettext("Text (Markdown, required)"),
        ("Step", "discussion"): lambda: tr.gettext("Questions for discussion (one per line)"),
        ("Step", "speaker_notes"): lambda: tr.gettext("Speaker notes (only on the presenter's page)"),
        ("Step", "content_note"): lambda: tr.gettext("Content note (before a text that tells of violence or death)"),
        ("Step", "places"): lambda: tr.gettext("Places"),
        ("Step", "sources"): lambda: tr.gettext("Sources"),
        ("Step", "layers"): lambda: tr.gettext("Map layers"),
        ("Step", "check"): lambda: tr.gettext("Self-checks"),
        ("Step", "media"): lambda: tr.gettext("Pictures, videos and sounds"),
        ("View", "alt"): lambda: tr.gettext("What the map shows, in one sentence (required)"),
        ("View", "center"): lambda: tr.gettext("center"),
        ("View", "zoom"): lambda: tr.gettext("zoom"),
        ("View", "max_zoom"): lambda: tr.gettext("closest zoom"),
        ("View", "fit"): lambda: tr.gettext("what it fits"),
        ("Place", "id"): lambda: tr.gettext("Short name (id)"),
        ("Place", "name"): lambda: tr.gettext("Name of the place"),
        ("Place", "lat"): lambda: tr.gettext("Latitude"),
        ("Place", "lon"): lambda: tr.gettext("Longitude"),
        ("Layer", "id"): lambda: tr.gettext("Short name (id)"),
        ("FigureRow", "label"): lambda: tr.gettext("Label (bar chart)"),
        ("FigureRow", "date"): lambda: tr.gettext("Date (line chart)"),
        ("FigureRow", "value"): lambda: tr.gettext("Value"),
        ("FigureRow", "status"): lambda: tr.gettext("Status"),
    }
    word = own.get((block, name))
    return short_label(word()) if word else name
