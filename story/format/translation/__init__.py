"""Story translations: sibling files that give a story's text in another language.

`qantar-2022.ru.yaml` translates `qantar-2022.yaml`. It repeats the story's
structure (every step by id, each step's places, layers and sources) so that a
translator sees what they translate and the checker can prove nothing is
missing or extra; the text fields are optional. What is not translated yet is
shown in the original language, marked as such, never blank.

A package by job: the file's shape (`model.py`), the translatable texts in one table (`fields.py`),
reading and checking (`check.py`), the story in the other language (`apply.py`), the file to start
from (`template.py`) and "the story in language X" (`localize.py`).
"""

from story.format.translation.apply import apply_translation, load_translation
from story.format.translation.check import (
    parse_translation,
    stale_publisher_warnings,
    story_publishers,
    structure_problems,
)
from story.format.translation.localize import LocalizedStory, localize
from story.format.translation.model import StoryText, TranslatedStory
from story.format.translation.template import translation_template

__all__ = [
    "LocalizedStory",
    "StoryText",
    "TranslatedStory",
    "apply_translation",
    "load_translation",
    "localize",
    "parse_translation",
    "stale_publisher_warnings",
    "story_publishers",
    "structure_problems",
    "translation_template",
]
