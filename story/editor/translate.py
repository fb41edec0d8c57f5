"""A translation opened beside the original: which texts a step has to translate, what the translation
file says for each, and which are still shown in the original language.

The translation file is a Draft too (its comments and order kept, saved unchanged as the same bytes).
Its texts are found as the reader finds them (story/format/translation/fields.py): a step by its id, a place
by its id, a source by its address, the rest by position. What counts as untranslated is what the
reader would show in the original language (`apply_translation`'s own list), so the editor and the
reader never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import StringIO

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from story.editor.draft import Draft, _yaml, load_draft
from story.format.model import Story
from story.format.problems import Problem, StoryError
from story.format.translation import apply_translation, parse_translation, structure_problems, translation_template
from story.format.translation.fields import Kind, TextOf, Where, step_texts, texts


@dataclass(frozen=True)
class Pair:
    """One text of the original and where its translation goes."""

    field: str  # the original's field, as the checker and the reader name it (steps[2].title)
    name: str  # which text it is (title, body, view.alt, places.name ...), for the page's label
    original: str
    where: Where
    kind: Kind = "text"


def new_translation(original: Story, original_name: str, language: str) -> Draft:
    """An empty translation of `original`: the structure the checker asks of one (steps, places and
    glossary terms by id, sources by address, layers), with every text still to translate."""
    template = translation_template(original, original_name, language)
    template.pop("note", None)
    out = StringIO()
    _yaml().dump(_structure(template), out)
    stem = original_name.rsplit(".", 1)[0]
    return load_draft(out.getvalue().encode("utf-8"), f"{stem}.{language}.yaml")


_IDENTITY = ("translation_of", "language", "id", "url", "layers")


def _structure(node: object) -> object:
    # The template with its texts taken out: what says which item is which stays.
    if isinstance(node, dict):
        kept = {key: value if key in _IDENTITY else _structure(value) for key, value in node.items()}
        return {key: value for key, value in kept.items() if value not in (None, "", {}, []) or key == "layers"}
    if isinstance(node, list):
        items = [_structure(item) for item in node if isinstance(item, dict)]
        return items if len(items) == len(node) else None
    return None


def story_pairs(story: Story) -> list[Pair]:
    """The story's own texts the editor offers (its title, subtitle and content note)."""
    return [_pair(text) for text in texts(story) if text.row.editor and not text.row.path.startswith("steps[")]


def step_pairs(story: Story, index: int) -> list[Pair]:
    """Every text of step `index` the editor offers, in the order the step shows them: the rows of
    story/format/translation/fields.py that are marked for the editor."""
    return [_pair(text) for text in step_texts(story, index) if text.row.editor]


def _pair(text: TextOf) -> Pair:
    return Pair(text.field, text.name, text.original, text.where, text.row.kind)


def translated(translation: Draft, where: Where) -> str:
    """What the translation file says at `where` ("" when it says nothing); a list as one line each."""
    node: object = translation.tree
    for part in where:
        node = _child(node, part, create=False)
        if node is None:
            return ""
    if isinstance(node, list):
        return "\n".join(str(line) for line in node)
    return "" if node is None else str(node)


def set_translated(translation: Draft, where: Where, value: str, kind: Kind = "text") -> None:
    """Write a translation at `where`, making the step, place or source entry it belongs to if needed;
    an empty value removes it (the reader then shows the original)."""
    text: object = [line.strip() for line in value.splitlines() if line.strip()] if kind == "lines" else value.strip()
    node: object = translation.tree
    for part in where[:-1]:
        node = _child(node, part, create=True)
    last = where[-1]
    assert isinstance(last, str) and isinstance(node, dict)
    if text in ("", []):
        if last in node:
            del node[last]
            translation.changed = True
        return
    if node.get(last) != text:
        node[last] = CommentedSeq(text) if isinstance(text, list) else text
        translation.changed = True


def _child(node: object, part: str | int | tuple[str, str], create: bool) -> object:
    if isinstance(part, str):
        if not isinstance(node, dict):
            return None
        if part not in node and create:
            node[part] = (
                CommentedSeq()
                if part in ("steps", "places", "sources", "media", "other_sources", "check")
                else CommentedMap()
            )
        return node.get(part)
    if not isinstance(node, list):
        return None
    if isinstance(part, int):
        while create and len(node) <= part:
            node.append(CommentedMap())
        return node[part] if part < len(node) else None
    key, value = part
    for item in node:
        if isinstance(item, dict) and str(item.get(key)) == value:
            return item
    if not create:
        return None
    item = CommentedMap([(key, value)])
    node.append(item)
    return item


def check_translation(original: Story, translation: Draft) -> tuple[frozenset[str] | None, list[Problem]]:
    """The original's fields the reader would show untranslated, and the translation file's problems, in
    the checker's words (None for the first when the file has problems that keep it from being read)."""
    raw = translation.dump()
    try:
        text, source_map = parse_translation(raw, translation.name)
    except StoryError as error:
        return None, list(error.problems)
    problems = structure_problems(original, text, source_map, translation.name)
    if problems:
        return None, problems
    return apply_translation(original, text).untranslated, []
