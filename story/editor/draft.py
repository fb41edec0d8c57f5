"""A story file being edited: its YAML as a tree that keeps comments and key order, and edits by field.

Loading a file and writing it without a change gives the same bytes (the original is kept, and the
tree dumps back to it for files laid out as ours are). Every edit names its field the way the
checker does (`steps[2].title`), so a problem the checker reports lands on the field that has it.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from geodata.catalog import LayerCatalog
from story.format.loader import validate_story
from story.format.model import SLUG_MAX, TEXT_MAX, Story, slugify
from story.format.problems import Problem, StoryError
from story.format.yamlsource import MAX_FILE_BYTES

TEMPLATE = Path(__file__).resolve().parents[1] / "template.yaml"
# The order a new step's fields are written in: the template's.
STEP_ORDER = ("id", "title", "date", "body", "view", "places", "layers", "sources", "discussion", "check")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


@dataclass
class Draft:
    """A story file being edited: what it was, and its tree now."""

    original: bytes
    tree: CommentedMap
    name: str = "story.yaml"
    changed: bool = False
    undo: list[tuple[int, CommentedMap]] = field(default_factory=list)
    # The folder the story's local pictures are named from (the story file's), if it came from one,
    # and the pictures uploaded in the editor by their path from it (story/editor/folder.py).
    base_dir: Path | None = None
    files: dict[str, bytes] = field(default_factory=dict)

    def dump(self) -> bytes:
        """The file as it is now: the original bytes when nothing changed."""
        if not self.changed:
            return self.original
        out = io.StringIO()
        _yaml().dump(self.tree, out)
        return out.getvalue().encode("utf-8")

    @property
    def steps(self) -> CommentedSeq:
        steps = self.tree.get("steps")
        if not isinstance(steps, CommentedSeq):
            steps = self.tree["steps"] = CommentedSeq()
        return steps

    def set(self, path: tuple[str | int, ...], value: object) -> None:
        """Set a field (`("steps", 0, "title")`); an empty value removes an optional one."""
        node: object = self.tree
        for part in path[:-1]:
            node = node[part]  # type: ignore[index]
        last = path[-1]
        current = node.get(last) if isinstance(node, dict) else node[last]  # type: ignore[index]
        if value in (None, "", []) and isinstance(node, dict):
            if last in node:
                del node[last]
                self.changed = True
            return
        if current != value:
            node[last] = value  # type: ignore[index]
            self.changed = True

    def step_ids(self) -> list[str]:
        return [str(step.get("id", "")) for step in self.steps]

    def free_id(self, title: str, ignore: int | None = None) -> str:
        """An id made from the title that no other step has (`almaty`, `almaty-2`)."""
        base = slugify(title, SLUG_MAX - 4) or "step"
        taken = {step_id for index, step_id in enumerate(self.step_ids()) if index != ignore}
        candidate, number = base, 2
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def set_title(self, index: int, title: str) -> None:
        """A step's new title; its id follows while it is still the one made from the old title."""
        step = self.steps[index]
        old = str(step.get("title", ""))
        made = slugify(old, SLUG_MAX - 4) or "step"
        current = str(step.get("id", ""))
        follows = current == made or (current.startswith(made + "-") and current[len(made) + 1 :].isdigit())
        self.set(("steps", index, "title"), title)
        if follows and title.strip():
            self.set(("steps", index, "id"), self.free_id(title, ignore=index))

    def add_step(self, after: int | None = None, title: str = "New step") -> int:
        """A new step after `after` (or at the end), with what the format requires; returns its index."""
        previous = self.steps[after] if after is not None and self.steps else (self.steps[-1] if self.steps else None)
        step = CommentedMap()
        step["id"] = self.free_id(title)
        step["title"] = title
        step["date"] = str(previous["date"]) if previous is not None and "date" in previous else "2022"
        step["body"] = "Write what happened here."
        view = CommentedMap()
        view["center"] = CommentedSeq([45.0, 65.0])
        view["center"].fa.set_flow_style()
        view["zoom"] = 4
        view["alt"] = "Say in one sentence what the map shows."
        step["view"] = view
        index = len(self.steps) if after is None else after + 1
        self.steps.insert(index, step)
        self.changed = True
        return index

    def duplicate_step(self, index: int) -> int:
        copy = _copy(self.steps[index])
        copy["id"] = self.free_id(str(copy.get("title", "step")))
        self.steps.insert(index + 1, copy)
        self.changed = True
        return index + 1

    def delete_step(self, index: int) -> None:
        self.undo.append((index, self.steps[index]))
        del self.steps[index]
        self.changed = True

    def undo_delete(self) -> int | None:
        if not self.undo:
            return None
        index, step = self.undo.pop()
        self.steps.insert(min(index, len(self.steps)), step)
        self.changed = True
        return index

    def move_step(self, index: int, offset: int) -> int:
        target = max(0, min(len(self.steps) - 1, index + offset))
        if target != index:
            step = self.steps.pop(index)
            self.steps.insert(target, step)
            self.changed = True
        return target

    def step(self, index: int) -> CommentedMap:
        return self.steps[index]

    def append_block(self, index: int, key: str, row: dict, order: tuple[str, ...]) -> None:
        """One more block (a source) at the end of a step's list, the others left as they are written."""
        item = CommentedMap((name, row[name]) for name in order if row.get(name) not in (None, ""))
        if not item:
            return
        item.fa.set_flow_style()
        self.steps[index].setdefault(key, CommentedSeq()).append(item)
        self.changed = True

    def set_view(self, index: int, center: tuple[float, float], zoom: float) -> None:
        """The map's current center and zoom as the step's view (its text alternative kept)."""
        view = self.steps[index].setdefault("view", CommentedMap())
        for key in ("fit", "max_zoom"):
            view.pop(key, None)
        new_center = CommentedSeq([round(center[0], 4), round(center[1], 4)])
        new_center.fa.set_flow_style()
        view.insert(0, "center", new_center) if "center" not in view else view.__setitem__("center", new_center)
        view["zoom"] = round(zoom, 1) if zoom % 1 else int(zoom)
        self.changed = True

    def add_place(self, index: int, name: str, lat: float, lon: float) -> str:
        """A place of the step where the map was clicked; returns its id."""
        step = self.steps[index]
        places = step.setdefault("places", CommentedSeq())
        taken = {str(place.get("id", "")) for step in self.steps for place in step.get("places", [])}
        base = slugify(name) or "place"
        key, number = base, 2
        while key in taken:
            key, number = f"{base}-{number}", number + 1
        place = CommentedMap([("id", key), ("name", name[:TEXT_MAX]), ("lat", round(lat, 4)), ("lon", round(lon, 4))])
        place.fa.set_flow_style()
        places.append(place)
        self.changed = True
        return key


_Node = TypeVar("_Node")


def _copy(node: _Node) -> _Node:
    out = io.StringIO()
    _yaml().dump([node], out)
    return _yaml().load(out.getvalue())[0]


def plain(node: object) -> object:
    """A tree as plain dicts and lists, to compare what it says, whatever its layout."""
    if isinstance(node, datetime.date):  # an unquoted date, as YAML reads it; a form gives it back as text
        return node.isoformat()
    if isinstance(node, dict):
        return {key: plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(value) for value in node]
    # As text: a form gives back 2023 as "2023" and a number as 43.0; they say the same.
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, (int, float)) and float(node).is_integer():
        return str(int(node))
    return str(node)


def load_draft(raw: bytes, name: str = "story.yaml") -> Draft:
    """A story file as a draft; raises StoryError when it cannot be read as YAML (the checker's message)."""
    if len(raw) > MAX_FILE_BYTES:
        raise StoryError([Problem(name, 1, 1, "", f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")])
    from story.format.yamlsource import read_yaml

    read_yaml(raw, name)  # the strict reader first: bombs, tags, several documents, bad UTF-8
    tree = _yaml().load(raw.decode("utf-8-sig"))
    if not isinstance(tree, CommentedMap):
        raise StoryError([Problem(name, 1, 1, "", "a story file is a block of 'key: value' fields")])
    return Draft(raw, tree, name)


def new_draft() -> Draft:
    """A new story from the template, its comments kept as the guide they are (and its pictures beside it)."""
    draft = load_draft(TEMPLATE.read_bytes(), "my-story.yaml")
    draft.base_dir = TEMPLATE.parent
    return draft


def problems(
    draft: Draft, catalog: LayerCatalog | None, folder: Path | None = None, files: bool | None = None
) -> tuple[Story | None, list[Problem]]:
    """The draft as the checker sees it: the story it makes, or every problem with its field. With `files`
    (the default when a folder is given: story/editor/folder.py), its pictures are judged too, as
    `story check` judges them: a story that would play without one of them still plays, and the problem
    is listed. A draft without a folder (a file uploaded alone) has no file beside it."""
    from story.format.yamlsource import read_yaml

    try:
        # Read once: the source map that places the format's problems places the files' too.
        data, source_map = read_yaml(draft.dump(), draft.name)
        story = validate_story(data, source_map, draft.name, catalog)
    except StoryError as error:
        return None, list(error.problems)
    if not (folder is not None if files is None else files):
        return story, []
    from story.format.media import media_problems

    return story, media_problems(story, folder, source_map, draft.name)


def parent_of(tree: CommentedMap, path: tuple[str | int, ...]) -> object:
    """The map or list that holds the field at `path`."""
    node: object = tree
    for part in path[:-1]:
        node = node[part]  # type: ignore[index]
    return node


def add_item(draft: Draft, path: tuple[str | int, ...], item: CommentedMap | None = None) -> None:
    """One more block at the end of the list at `path` (made when the field is not there yet)."""
    parent = parent_of(draft.tree, path)
    items = parent.get(path[-1]) if isinstance(parent, dict) else parent[path[-1]]  # type: ignore[index]
    if not isinstance(items, list):
        items = CommentedSeq()
        parent[path[-1]] = items  # type: ignore[index]
    items.append(item if item is not None else CommentedMap())
    draft.changed = True


def put_block(draft: Draft, path: tuple[str | int, ...]) -> None:
    """An empty block at `path` (a quote, a figure): the checker then names the fields it still needs."""
    parent_of(draft.tree, path)[path[-1]] = CommentedMap()  # type: ignore[index]
    draft.changed = True


def remove(draft: Draft, path: tuple[str | int, ...]) -> None:
    """Remove the field or list item at `path`; a list left empty goes with it (an empty list is a problem)."""
    parent = parent_of(draft.tree, path)
    del parent[path[-1]]  # type: ignore[attr-defined]
    if isinstance(parent, list) and not parent and len(path) >= 2:
        remove(draft, path[:-1])
    draft.changed = True


class OpenError(ValueError):
    """A file the editor cannot open, with a message for the teacher who gave it."""


def open_upload(name: str, raw: bytes) -> Draft:
    """An uploaded story file (YAML), story folder (.zip) or StoryMapJS file (JSON) as a draft; raises
    OpenError in plain words."""
    name = Path(str(name)).name[:200] or "story.yaml"
    if name.lower().endswith(".zip"):
        from story.editor.folder import open_folder_zip

        return open_folder_zip(name, raw)
    if name.lower().endswith(".json"):
        from story.importers.storymapjs.convert import StoryMapJSError, convert_storymapjs, read_storymapjs_bytes

        try:
            text, _ = convert_storymapjs(read_storymapjs_bytes(raw, name), name)
        except StoryMapJSError as error:
            raise OpenError(str(error)) from None
        return load_draft(text.encode("utf-8"), Path(name).stem + ".yaml")
    try:
        return load_draft(raw, name)
    except StoryError as error:
        raise OpenError("\n".join(str(problem) for problem in error.problems[:5])) from None
