"""Which story files exist, and which one an address may name."""

from __future__ import annotations

import re
from pathlib import Path

STORY_DIR = Path(__file__).resolve().parent.parent
FLAGSHIP = STORY_DIR / "qantar-2022.yaml"
# `qantar-2022.ru.yaml` is the Russian translation of `qantar-2022.yaml`.
_TRANSLATION = re.compile(r"^(?P<original>.+)\.(?P<language>[a-z]{2,3})$")
_STORY_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def story_files(story_dir: Path = STORY_DIR) -> dict[str, Path]:
    """Playable stories by name (file stem), translations left out."""
    return {path.stem: path for path in sorted(story_dir.glob("*.yaml")) if not _TRANSLATION.match(path.stem)}


def translation_path(original: Path, language: str) -> Path:
    return original.with_name(f"{original.stem}.{language}{original.suffix}")


def resolve_story_request(requested: str | None, story_dir: Path = STORY_DIR) -> Path | None:
    """The story file `?story=<name>` names, or None: only names of files in the story folder."""
    if not requested or not _STORY_NAME.match(requested):
        return None
    return story_files(story_dir).get(requested)


def original_of(translation: Path) -> Path | None:
    """`x.ru.yaml` -> `x.yaml`; None when `translation` is not named like a translation."""
    match = _TRANSLATION.match(translation.stem)
    if not match:
        return None
    return translation.with_name(f"{match['original']}{translation.suffix}")


def translations_of(original: Path) -> dict[str, Path]:
    """The translations that sit beside a story file, by language."""
    found = {}
    for path in sorted(original.parent.glob(f"{original.stem}.*{original.suffix}")):
        match = _TRANSLATION.match(path.stem)
        if match and match["original"] == original.stem:
            found[match["language"]] = path
    return found
