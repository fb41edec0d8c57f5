"""Import a StoryMapJS story (Knight Lab's JSON): see `convert` for what becomes what; the command is
`python -m story import-storymapjs` (story/cli.py)."""

from story.importers.storymapjs.convert import NO_TEXT, PLACEHOLDER_DATE, convert_storymapjs, import_storymapjs
from story.importers.storymapjs.read import StoryMapJSError, read_storymapjs, read_storymapjs_bytes

__all__ = [
    "NO_TEXT",
    "PLACEHOLDER_DATE",
    "StoryMapJSError",
    "convert_storymapjs",
    "import_storymapjs",
    "read_storymapjs",
    "read_storymapjs_bytes",
]
