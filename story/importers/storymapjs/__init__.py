"""Import a StoryMapJS story (Knight Lab's JSON): see `convert` for what becomes what."""

from story.importers.storymapjs.convert import (
    NO_TEXT,
    PLACEHOLDER_DATE,
    StoryMapJSError,
    convert_storymapjs,
    import_storymapjs,
    read_storymapjs,
    run_import,
)

__all__ = [
    "NO_TEXT",
    "PLACEHOLDER_DATE",
    "StoryMapJSError",
    "convert_storymapjs",
    "import_storymapjs",
    "read_storymapjs",
    "run_import",
]
