"""The `python -m story` commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from geodata.catalog import load_catalog
from story.loader import load_story
from story.problems import StoryError

STORY_DIR = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m story", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check story files; exit 1 on any problem")
    check.add_argument("paths", nargs="*", type=Path, help="story files (default: story/*.yaml)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check_command(args.paths or sorted(STORY_DIR.glob("*.yaml")))
    return 2


def check_command(paths: list[Path]) -> int:
    catalog = load_catalog()
    failed = False
    for path in paths:
        try:
            story = load_story(path, catalog)
        except StoryError as error:
            failed = True
            for problem in error.problems:
                print(problem)
            continue
        print(f"{path}: ok ({len(story.steps)} steps)")
    return 1 if failed else 0
