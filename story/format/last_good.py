"""The last version of a file that loaded, kept while the file on disk is broken.

A story file being saved, or truncated by a full disk, must not take a lesson down for everyone:
the host keeps playing the version it last read whole, and only a file that never loaded shows
its problems.
"""

from __future__ import annotations

import threading
from typing import Generic, TypeVar

from story.format.problems import StoryError

Loaded = TypeVar("Loaded")


class LastGood(Generic[Loaded]):
    """Per key (a file's path), the last result that was not a StoryError; thread-safe."""

    def __init__(self) -> None:
        self._kept: dict[str, Loaded] = {}
        self._lock = threading.Lock()

    def after(self, key: str, result: Loaded | StoryError) -> Loaded | StoryError:
        """`result` if it loaded (and keep it), else the last version of `key` that did, if any."""
        with self._lock:
            if not isinstance(result, StoryError):
                self._kept[key] = result
                return result
            return self._kept.get(key, result)
