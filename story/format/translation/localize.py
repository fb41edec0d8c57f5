"""The one way to get "the story in language X": a sibling translation when one exists, else the
story as written, with what fell back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from story.format.files import translations_of
from story.format.model import Story
from story.format.problems import StoryError
from story.format.translation.apply import load_translation
from story.format.translation.model import TranslatedStory


@dataclass(frozen=True)
class LocalizedStory:
    """A story as shown in one language: translated where a translation exists, with what fell back."""

    story: Story
    untranslated: frozenset[str] = frozenset()
    note: str | None = None
    translation: Path | None = None  # the file the text came from
    problem: StoryError | None = None  # a translation that cannot be used: the original is shown
    publishers: dict[str, str] = field(default_factory=dict)  # for the reports of the story's layers


def localize(
    original: Story,
    original_path: Path,
    language: str,
    load: Callable[[Story, Path], TranslatedStory] = load_translation,
) -> LocalizedStory:
    """`original` in `language` when a sibling translation exists; otherwise as written.

    The one way to get "the story in language X", for the app, its downloads and the
    command line. `load` reads a translation (the app passes a cached one).
    """
    if language == original.language:
        return LocalizedStory(original)
    path = translations_of(original_path).get(language)
    if path is None:
        return LocalizedStory(original)
    try:
        translated = load(original, path)
    except StoryError as error:
        return LocalizedStory(original, translation=path, problem=error)
    return LocalizedStory(
        translated.story, translated.untranslated, translated.note, path, publishers=translated.publishers
    )
