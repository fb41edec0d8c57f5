"""A file a teacher opens in the editor, whatever its kind: a story file (YAML), a story's folder as
downloaded (.zip) or a StoryMapJS file (JSON), as a draft.

Apart from the draft (story/editor/draft.py) and its folder (story/editor/folder.py): the document
model knows nothing of zip folders or StoryMapJS, and the folder imports the draft, never the reverse.
"""

from __future__ import annotations

from pathlib import Path

from story.editor.draft import Draft, OpenError, load_draft
from story.editor.folder import open_folder_zip
from story.format.problems import StoryError
from story.importers.storymapjs.convert import StoryMapJSError, convert_storymapjs, read_storymapjs_bytes


def open_upload(name: str, raw: bytes) -> Draft:
    """An uploaded story file (YAML), story folder (.zip) or StoryMapJS file (JSON) as a draft; raises
    OpenError in plain words."""
    name = Path(str(name)).name[:200] or "story.yaml"
    if name.lower().endswith(".zip"):
        return open_folder_zip(name, raw)
    if name.lower().endswith(".json"):
        try:
            text, _ = convert_storymapjs(read_storymapjs_bytes(raw, name), name)
        except StoryMapJSError as error:
            raise OpenError(str(error)) from None
        return load_draft(text.encode("utf-8"), Path(name).stem + ".yaml")
    try:
        return load_draft(raw, name)
    except StoryError as error:
        raise OpenError("\n".join(str(problem) for problem in error.problems[:5])) from None
