"""What pictures and figures cost a page load: the media test story with and without them.

Two app processes side by side, loaded in turn (a first visit each, tiles and the web blocked):
tests/stories/media.yaml opened on its first step (a picture of 1,200 x 720 beside the story and
a figure), and the same story with every `media` and `figure` taken out. The figure of merit is
the ratio of their medians to the title (issue: at most 1.2).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ruamel.yaml import YAML

from bench.servers import app_server
from tests.conftest import TEST_STORIES

STORY = TEST_STORIES / "media.yaml"


def without_media(folder: Path) -> Path:
    """The media story with no pictures, videos, sounds or figures, in `folder`."""
    yaml = YAML()
    data = yaml.load(STORY.read_text(encoding="utf-8"))
    for step in data["steps"]:
        step.pop("media", None)
        step.pop("figure", None)
    plain = folder / "plain" / "media.yaml"
    plain.parent.mkdir(parents=True)
    with plain.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    return plain


def media_loads(browser, runs: int, folder: Path, load_app) -> dict:
    """Title and map marks of `runs` loads of each page, interleaved (the first round warms up)."""
    with_media = folder / "media" / "media.yaml"
    with_media.parent.mkdir(parents=True)
    shutil.copy(STORY, with_media)
    shutil.copytree(STORY.parent / "pictures", with_media.parent / "pictures")
    plain = without_media(folder)
    marks: dict = {"media": [], "plain": []}
    with (
        app_server("media", ["--story", str(with_media)]) as media,
        app_server("plain", ["--story", str(plain)]) as bare,
    ):
        for n in range(runs + 1):
            pair = load_app(browser, f"{media.url}/?step=picture"), load_app(browser, f"{bare.url}/?step=picture")
            if n:
                marks["media"].append(pair[0])
                marks["plain"].append(pair[1])
    return marks
