"""A story file being edited: its YAML as a tree that keeps comments and key order, and edits by field.

Loading a file and writing it without a change gives the same bytes (the original is kept, and the
tree dumps back to it for files laid out as ours are). Every edit names its field the way the
checker does (`steps[2].title`), so a problem the checker reports lands on the field that has it.
"""

from __future__ import annotations

import datetime
import functools
import io
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from geodata.catalog import LayerCatalog
from story.editor.ids import PLACE_FALLBACK, follows_title, id_from_title, ids_in_file, ids_in_tree
from story.format.loader import validate_story
from story.format.messages import say
from story.format.model import SLUG_MAX, TEXT_MAX, Story, slugify
from story.format.problems import Problem, StoryError
from story.format.yamlsource import MAX_FILE_BYTES, SourceMap, line_breaks, read_yaml
from story.reader.i18n import LANGUAGES, translator

TEMPLATE = Path(__file__).resolve().parents[1] / "template.yaml"
# The id of a story just begun in the editor, until the teacher gives it her own.
NEW_ID = "my-story"


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


# The texts last cut into parts, by their text (at most CUTS_KEPT, the oldest forgotten first).
_CUTS: dict[str, tuple[str, tuple[str, ...]]] = {}
CUTS_KEPT = 8
_CUTS_LOCK = threading.Lock()
_PARTS_READ: dict[str, dict[str, tuple[object, SourceMap]]] = {}
# The ids of the steps and places of the files opened last, by the file's bytes (Draft.published_ids).
_PUBLISHED: dict[bytes, frozenset[str]] = {}


@dataclass
class _Text:
    """A draft's file as last dumped: whole, and, where the story's steps come last, in the parts it
    is made of (everything before the steps, then each step's lines by the step they were dumped from)."""

    whole: str | None
    head: str | None = None
    steps: dict[int, tuple[object, str]] = field(default_factory=dict)


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

    # The file's text, kept until the tree changes: dumping a whole story (27 steps) took most of the
    # time of a change in the editor, and a run asks for it several times (the checker, the store,
    # the preview, the download). Whatever sets `changed` (or replaces the tree) has edited the tree
    # and drops it; an edit of one step's field through `set` drops that step's lines alone.
    _text: _Text | None = field(default=None, init=False, repr=False, compare=False)
    # What the checker's reader made of each part of the text (`problems`), by the part's text.
    _parts_read: dict[str, tuple[object, SourceMap]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __setattr__(self, name: str, value: object) -> None:
        if name in ("changed", "tree"):
            self.__dict__["_text"] = None
        super().__setattr__(name, value)

    def dump(self) -> bytes:
        """The file as it is now: the original bytes when nothing changed."""
        if not self.changed:
            return self.original
        return self._dumped().encode("utf-8")

    def _dumped(self) -> str:
        text = self._text
        if text is not None and text.whole is not None:
            return text.whole
        if text is not None and text.head is not None:
            parts = [text.head]
            for step in self.steps:
                kept = text.steps.get(id(step))
                if kept is None or kept[0] is not step:
                    kept = text.steps[id(step)] = (step, _dump_node(CommentedSeq([step])))
                parts.append(kept[1])
            text.whole = "".join(parts)
            return text.whole
        whole = _dump_node(self.tree)
        self.__dict__["_text"] = _split(self.tree, whole, text.steps if text is not None else {})
        return whole

    def prepare(self) -> None:
        """Cut the file's text into its parts now, while nobody waits, so that the first edit dumps and
        reads one step, not the whole story twice (the cut is checked by a whole dump otherwise). The
        text is the one known: the original while nothing changed (a file laid out as ours dumps back
        to it), or the one the store kept."""
        if not self.changed:  # the opened file's ids, from its tree while it is the file's (no second read)
            self.published_ids()
        text = self._text
        if text is not None and text.head is not None:
            return
        known = text.whole if text is not None else None
        if known is None and not self.changed:
            try:
                known = self.original.decode("utf-8")
            except UnicodeDecodeError:
                return
        if known is None:
            return
        text = self.__dict__["_text"] = _split(self.tree, known, {})
        if text.head is None:
            return
        parts = (text.head, *(text.steps[id(step)][1] for step in self.steps))
        with _CUTS_LOCK:
            read = _PARTS_READ.get(known)
        if read is None:
            read = {part: _read_yaml(part.encode("utf-8"), self.name) for part in parts}
        self._parts_read = read
        _remember_cut(text, self.steps, read)

    @property
    def steps(self) -> CommentedSeq:
        steps = self.tree.get("steps")
        if not isinstance(steps, CommentedSeq):
            steps = self.tree["steps"] = CommentedSeq()
            self.__dict__["_text"] = None
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
                self._changed_at(path)
            return
        if current != value:
            node[last] = value  # type: ignore[index]
            self._changed_at(path)

    def _changed_at(self, path: tuple[str | int, ...]) -> None:
        """`changed`, keeping what of the text still holds: after an edit inside one step, the head and
        the other steps' lines; after any other edit by this class, the steps' lines (the next dump
        is whole, and checks them against it)."""
        text = self._text
        self.changed = True
        if text is None:
            return
        text.whole = None
        if len(path) > 2 and path[0] == "steps" and text.head is not None:
            text.steps.pop(id(self.steps[path[1]]), None)
        else:
            text.head = None
        self.__dict__["_text"] = text

    def step_ids(self) -> list[str]:
        return [str(step.get("id", "")) for step in self.steps]

    def free_id(self, title: str, ignore: int | None = None) -> str:
        """An id made from the title, in any script, that no other step has (`katok-medeu`, `katok-medeu-2`)."""
        taken = {step_id for index, step_id in enumerate(self.step_ids()) if index != ignore}
        return id_from_title(title, taken)

    def published_ids(self) -> tuple[frozenset[str], frozenset[str]]:
        """The ids that never follow a title (those of the file as it was opened), and those that always
        may (a template's, which are no one's yet): docs/authoring.md, *Addresses*."""
        found = _PUBLISHED.get(self.original)
        if found is None:
            # While nothing changed, the tree is the file as opened: no need to read it again.
            found = ids_in_file(self.original) if self.changed else ids_in_tree(self.tree)
            with _CUTS_LOCK:
                _PUBLISHED[self.original] = found
                while len(_PUBLISHED) > CUTS_KEPT:
                    del _PUBLISHED[next(iter(_PUBLISHED))]
        return (frozenset(), found) if _is_template(self.original) else (found, frozenset())

    def set_title(self, index: int, title: str) -> None:
        """A step's new title; its id follows while the step is new in this draft and its id is the one
        made from the old title (story/editor/ids.py)."""
        step = self.steps[index]
        old = str(step.get("title", ""))
        follows = follows_title(str(step.get("id", "")), old, *self.published_ids())
        self.set(("steps", index, "title"), title)
        if follows and title.strip():
            old_id, new_id = str(step.get("id", "")), self.free_id(title, ignore=index)
            self.set(("steps", index, "id"), new_id)
            self._step_renamed(old_id, new_id)

    def _step_renamed(self, old: str, new: str) -> None:
        """The lessons that listed a step by its old id (alone or as a range's end) list its new one."""
        for number, lesson in enumerate(self.tree.get("lessons") or []):
            listed = lesson.get("steps") if isinstance(lesson, dict) else None
            if not isinstance(listed, list):
                continue
            renamed = ["..".join(new if end == old else end for end in str(item).split("..")) for item in listed]
            if renamed != [str(item) for item in listed]:
                for position, item in enumerate(renamed):
                    self.set(("lessons", number, "steps", position), item)

    def add_step(
        self,
        after: int | None = None,
        title: str = "New step",
        body: str = "Write what happened here.",
        alt: str = "Say in one sentence what the map shows.",
    ) -> int:
        """A new step after `after` (or at the end), with what the format requires; returns its index.
        Its title, text and map description are the editor's (in the editor's language)."""
        previous = self.steps[after] if after is not None and self.steps else (self.steps[-1] if self.steps else None)
        step = CommentedMap()
        step["id"] = self.free_id(title)
        step["title"] = title
        step["date"] = str(previous["date"]) if previous is not None and "date" in previous else "2022"
        step["body"] = body
        view = CommentedMap()
        view["center"] = CommentedSeq([45.0, 65.0])
        view["center"].fa.set_flow_style()
        view["zoom"] = 4
        view["alt"] = alt
        step["view"] = view
        index = len(self.steps) if after is None else after + 1
        self.steps.insert(index, step)
        self._changed_at(("steps",))
        return index

    def duplicate_step(self, index: int) -> int:
        copy = _copy(self.steps[index])
        copy["id"] = self.free_id(str(copy.get("title", "step")))
        self.steps.insert(index + 1, copy)
        self._changed_at(("steps",))
        return index + 1

    def delete_step(self, index: int) -> None:
        self.undo.append((index, self.steps[index]))
        del self.steps[index]
        self._changed_at(("steps",))

    def undo_delete(self) -> int | None:
        if not self.undo:
            return None
        index, step = self.undo.pop()
        self.steps.insert(min(index, len(self.steps)), step)
        self._changed_at(("steps",))
        return index

    def move_step(self, index: int, offset: int) -> int:
        target = max(0, min(len(self.steps) - 1, index + offset))
        if target != index:
            step = self.steps.pop(index)
            self.steps.insert(target, step)
            self._changed_at(("steps",))
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
        self._changed_at(("steps", index, key))

    def set_view(self, index: int, center: tuple[float, float], zoom: float) -> None:
        """The map's current center and zoom as the step's view (its text alternative kept)."""
        view = self.steps[index].setdefault("view", CommentedMap())
        for key in ("fit", "max_zoom"):
            view.pop(key, None)
        new_center = CommentedSeq([round(center[0], 4), round(center[1], 4)])
        new_center.fa.set_flow_style()
        view.insert(0, "center", new_center) if "center" not in view else view.__setitem__("center", new_center)
        view["zoom"] = round(zoom, 1) if zoom % 1 else int(zoom)
        self._changed_at(("steps", index, "view"))

    def place_ids(self) -> frozenset[str]:
        return frozenset(str(place.get("id", "")) for step in self.steps for place in step.get("places", []))

    def add_place(self, index: int, name: str, lat: float, lon: float) -> str:
        """A place of the step where the map was clicked; returns its id (made from its name)."""
        step = self.steps[index]
        places = step.setdefault("places", CommentedSeq())
        key = id_from_title(name, self.place_ids(), PLACE_FALLBACK)
        place = CommentedMap([("id", key), ("name", name[:TEXT_MAX]), ("lat", round(lat, 4)), ("lon", round(lon, 4))])
        place.fa.set_flow_style()
        places.append(place)
        self._changed_at(("steps", index, "places"))
        return key

    def set_place_name(self, index: int, number: int, name: str) -> str:
        """A place's new name; its id follows as a step's follows its title, and the step's find checks
        that named the old id name the new one. Returns the place's id."""
        place = self.steps[index]["places"][number]
        current = str(place.get("id", ""))
        follows = bool(current) and follows_title(
            current, str(place.get("name", "")), *self.published_ids(), fallback=PLACE_FALLBACK
        )
        self.set(("steps", index, "places", number, "name"), name[:TEXT_MAX])
        if not (follows and name.strip()):
            return current
        key = id_from_title(name, self.place_ids() - {current}, PLACE_FALLBACK)
        if key != current:
            self.set(("steps", index, "places", number, "id"), key)
            for check_number, check in enumerate(self.steps[index].get("check", [])):
                if isinstance(check, dict) and check.get("find") == current:
                    self.set(("steps", index, "check", check_number, "find"), key)
        return key


@functools.lru_cache(maxsize=1)
def _templates() -> frozenset[bytes]:
    empty = (empty_draft(language, empty_story_words(language)).original for language in LANGUAGES)
    return frozenset((*(path.read_bytes() for path in TEMPLATE.parent.glob("template*.yaml")), *empty))


def _is_template(raw: bytes) -> bool:
    """Whether a draft was opened from a template or is an empty story: a new story, whose ids are examples."""
    return raw in _templates()


def _dump_node(node: object) -> str:
    out = io.StringIO()
    _yaml().dump(node, out)
    return out.getvalue()


def _split(tree: CommentedMap, whole: str, known: dict[int, tuple[object, str]]) -> _Text:
    """The dumped file and its parts, when the steps come last and each step dumped alone (or as it was
    last dumped, if `known`) gives its own lines of the file; otherwise the file whole only (dumped
    again whole after any change)."""
    steps = tree.get("steps")
    if not isinstance(steps, CommentedSeq) or not steps or list(tree)[-1] != "steps":
        return _Text(whole)
    with _CUTS_LOCK:
        cut = _CUTS.get(whole)
    if cut is not None and len(cut[1]) == len(steps):
        return _Text(whole, cut[0], {id(step): (step, part) for step, part in zip(steps, cut[1], strict=True)})
    lines = {}
    for step in steps:
        kept = known.get(id(step))
        lines[id(step)] = kept if kept is not None and kept[0] is step else (step, _dump_node(CommentedSeq([step])))
    body = "".join(lines[id(step)][1] for step in steps)
    if not whole.endswith(body):
        return _Text(whole)
    return _Text(whole, whole[: len(whole) - len(body)], lines)


def _remember_cut(text: _Text, steps: CommentedSeq, read: dict[str, tuple[object, SourceMap]]) -> None:
    # The same text makes the same tree, the same parts and the same reads of them: every session
    # opening the app's story finds them done (what the reader gives is never changed by its users).
    if text.whole is None or text.head is None:
        return
    with _CUTS_LOCK:  # sessions run in threads of their own
        _CUTS[text.whole] = (text.head, tuple(text.steps[id(step)][1] for step in steps))
        _PARTS_READ[text.whole] = read
        while len(_CUTS) > CUTS_KEPT:
            oldest = next(iter(_CUTS))
            del _CUTS[oldest], _PARTS_READ[oldest]


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
        said = say("the file is larger than {limit} MB", limit=MAX_FILE_BYTES // 1_000_000)
        raise StoryError([Problem.of(name, (1, 1), "", said)])
    data, source_map = read_yaml(raw, name)  # the strict reader first: bombs, tags, several documents, bad UTF-8
    try:
        tree = _yaml().load(raw.decode("utf-8-sig"))
    except ValueError:
        # The round-trip reader builds the dates a file writes unquoted and fails on one no calendar has
        # (2022-13-05), where the strict reader keeps text: the checker names it at its line.
        validate_story(data, source_map, name)
        raise StoryError([Problem.of(name, (1, 1), "", say("the file holds a date no calendar has"))]) from None
    if not isinstance(tree, CommentedMap):
        raise StoryError([Problem.of(name, (1, 1), "", say("a story file is a block of 'key: value' fields"))])
    return Draft(raw, tree, name)


def load_kept(current: bytes, original: bytes, name: str, changed: bool) -> Draft:
    """A draft as a store kept it: its file now (`current`, what `dump` gave) and the file it was
    opened from. Its text is known: a reload neither dumps nor reads it again before the next edit."""
    draft = load_draft(current, name)
    draft.original, draft.changed = original, changed
    if changed:
        draft.__dict__["_text"] = _Text(current.decode("utf-8"))
    return draft


def template_of(language: str) -> Path:
    """The template written in `language` (story/template-ru.yaml), else the English one. Each is a
    story of its own, not a translation: `template.ru.yaml` would be read as one (story/format/files.py)."""
    written = TEMPLATE.with_name(f"template-{language}.yaml")
    return written if language != "en" and written.is_file() else TEMPLATE


def new_draft(language: str = "en") -> Draft:
    """A new story from the template in `language`, its comments kept as the guide they are (and its
    pictures beside it)."""
    template = template_of(language)
    draft = load_draft(template.read_bytes(), f"{NEW_ID}.yaml")
    draft.base_dir = template.parent
    # The template's own id names the template (`?story=template`); the teacher's story is another.
    draft.set(("id",), NEW_ID)
    return draft


def file_stem(draft: Draft) -> str:
    """The name a download of the draft goes by: its id, made safe for a file name (the name it was
    opened under while the id gives nothing usable)."""
    return slugify(str(draft.tree.get("id") or ""), SLUG_MAX) or slugify(Path(draft.name).stem, SLUG_MAX) or NEW_ID


@dataclass(frozen=True)
class EmptyStory:
    """What an empty story says until the teacher writes her own, in the editor's language."""

    title: str
    step_title: str
    body: str
    alt: str
    id: str = NEW_ID


def empty_story_words(language: str) -> EmptyStory:
    """An empty story's texts, in the editor's language."""
    tr = translator(language)
    return EmptyStory(
        title=tr.gettext("My story"),
        step_title=tr.gettext("New step"),
        body=tr.gettext("Write what happened here."),
        alt=tr.gettext("Say in one sentence what the map shows."),
    )


def empty_draft(language: str, words: EmptyStory) -> Draft:
    """A story with only what the format requires: its id, title and language, and one step."""
    tree = CommentedMap()
    tree["id"], tree["title"], tree["language"] = words.id, words.title, language
    tree["steps"] = CommentedSeq()
    made = Draft(b"", tree, f"{words.id}.yaml")
    made.add_step(title=words.step_title, body=words.body, alt=words.alt)
    # Read back from its text, as any opened file: unchanged, its original what a download gives.
    return load_draft(made.dump(), made.name)


def problems(
    draft: Draft, catalog: LayerCatalog | None, folder: Path | None = None, files: bool | None = None
) -> tuple[Story | None, list[Problem]]:
    """The draft as the checker sees it: the story it makes, or every problem with its field. With `files`
    (the default when a folder is given: story/editor/folder.py), its pictures are judged too, as
    `story check` judges them: a story that would play without one of them still plays, and the problem
    is listed. A draft without a folder (a file uploaded alone) has no file beside it."""
    try:
        # Read once: the source map that places the format's problems places the files' too.
        data, source_map = _read(draft)
        story = validate_story(data, source_map, draft.name, catalog)
    except StoryError as error:
        return None, list(error.problems)
    if not (folder is not None if files is None else files):
        return story, []
    from story.format.media import media_problems

    return story, media_problems(story, folder, source_map, draft.name)


def _read(draft: Draft) -> tuple[object, SourceMap]:
    """The draft's file as the checker's reader reads it (story/format/yamlsource.py). A changed draft
    whose text is kept in parts is read part by part, each part once, so that a change in one step
    reads that step's lines again and no more (reading the whole file took most of what was left of a
    change's time); the parts' positions are moved to where they stand in the file. A part the reader
    refuses sends the whole file to it, for the message and position `story check` would give."""
    raw = draft.dump()
    text = draft._text
    if not draft.changed or text is None or text.head is None or len(raw) > MAX_FILE_BYTES:
        return read_yaml(raw, draft.name)
    try:
        return _read_parts(draft, text.head, [text.steps[id(step)][1] for step in draft.steps])
    except (StoryError, KeyError):
        return read_yaml(raw, draft.name)


def _read_yaml(raw: bytes, name: str) -> tuple[object, SourceMap]:
    # Past the reader's cache of whole files: the parts would push out the files it keeps.
    return read_yaml.__wrapped__(raw, name)


def _read_parts(draft: Draft, head: str, steps: list[str]) -> tuple[object, SourceMap]:
    known = draft._parts_read
    read = {part: known.get(part) or _read_yaml(part.encode("utf-8"), draft.name) for part in (head, *steps)}
    draft._parts_read = read  # the parts of this text only: an edited step's older lines go
    data, head_map = read[head]
    if not isinstance(data, dict) or list(data)[-1] != "steps" or data["steps"] is not None:
        raise KeyError("steps")
    source_map = SourceMap(dict(head_map.values), dict(head_map.keys))
    items = []
    lines = line_breaks(head)
    for index, part in enumerate(steps):
        step_list, part_map = read[part]
        # Each step's part is a list of that one step, as _split dumped it.
        if not isinstance(step_list, list) or len(step_list) != 1:
            raise KeyError("steps")
        items.append(step_list[0])
        for kept, found in ((source_map.values, part_map.values), (source_map.keys, part_map.keys)):
            for path, (line, column) in found.items():
                if path:
                    kept[("steps", index, *path[1:])] = (line + lines, column)
                elif index == 0:  # the steps' list starts where its first step does
                    kept[("steps",)] = (line + lines, column)
        lines += line_breaks(part)
    return {**data, "steps": items}, source_map


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
    draft._changed_at(path)


def put_block(draft: Draft, path: tuple[str | int, ...]) -> None:
    """An empty block at `path` (a quote, a figure): the checker then names the fields it still needs."""
    parent_of(draft.tree, path)[path[-1]] = CommentedMap()  # type: ignore[index]
    draft._changed_at(path)


def remove(draft: Draft, path: tuple[str | int, ...]) -> None:
    """Remove the field or list item at `path`; a list left empty goes with it (an empty list is a problem)."""
    parent = parent_of(draft.tree, path)
    del parent[path[-1]]  # type: ignore[attr-defined]
    if isinstance(parent, list) and not parent and len(path) >= 2:
        remove(draft, path[:-1])
    draft._changed_at(path)


class OpenError(ValueError):
    """A file the editor cannot open, with a message for the teacher who gave it."""
