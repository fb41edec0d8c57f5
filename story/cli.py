"""The `python -m story` commands: check, export, handout, import-storymapjs, no-break."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Literal

from geodata.catalog import LayerCatalog, load_catalog, report_publishers
from story.format.files import STORY_DIR, original_of, story_files, translation_path, translations_of
from story.format.loader import load_story
from story.format.model import Story
from story.format.problems import StoryError
from story.format.translation import LocalizedStory, load_translation, localize, translation_template
from story.map.tiles import NO_TILES
from story.reader.i18n import LANGUAGES, translator


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m story", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="check story files; exit 1 on any problem")
    check.add_argument("paths", nargs="*", type=Path, help="story files (default: every story in story/)")
    check.add_argument(
        "--translations",
        action="store_true",
        help="list, for each language, what a reader still meets untranslated or in Latin letters",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="count warnings (sources to avoid, sources without a kind, numbers written the English way) as errors",
    )

    export = commands.add_parser("export", help="write the story as one self-contained HTML file")
    export.add_argument("story", type=Path)
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument("--lang", choices=sorted(LANGUAGES), default="en")
    export.add_argument(
        "--tiles",
        default=NO_TILES,
        help="online map tiles, by xyzservices name (OpenStreetMap.Mapnik): the copy will ask that provider for "
        "them, and show the story's pictures and videos on the web. Without it, the copy draws our own basemap "
        "and asks no other site for anything (default: %(default)s)",
    )
    export.add_argument(
        "--scorm",
        action="store_true",
        help="write a SCORM 1.2 package (a .zip) for a learning platform: Moodle, Canvas, Blackboard",
    )
    export.add_argument(
        "--offline",
        action="store_true",
        help="ask the web for nothing even with --tiles: no tiles, no pictures or videos on the web (a classroom "
        "without internet)",
    )
    export.add_argument(
        "--mode",
        choices=["click", "scroll"],
        default="click",
        help="scroll: every step in one column beside the map, which follows the text (?mode= in its address "
        "still chooses)",
    )
    export.add_argument("--lesson", metavar="ID", help="only this lesson's steps (the story's `lessons:`, by id)")

    handout = commands.add_parser("handout", help="write a printable PDF handout, one section per step")
    handout.add_argument("story", type=Path)
    handout.add_argument("-o", "--output", type=Path, required=True)
    handout.add_argument("--lang", choices=sorted(LANGUAGES), default="en")
    handout.add_argument("--paper", choices=["a4", "letter"], default="a4")
    handout.add_argument(
        "--speaker-notes", action="store_true", help="a presenter's handout: each step's speaker notes after it"
    )
    handout.add_argument(
        "--url", help="the address the story is served at: each step's page gets a QR code of its address"
    )
    handout.add_argument("--lesson", metavar="ID", help="only this lesson's steps (the story's `lessons:`, by id)")

    schema = commands.add_parser(
        "schema", help="write the JSON Schema of the story format (story/story.schema.json) and its field tables"
    )
    schema.add_argument(
        "-o", "--output", type=Path, help="where to write the schema (default: story/story.schema.json)"
    )
    schema.add_argument(
        "--markdown", action="store_true", help="print the field tables of docs/story-format.md instead"
    )
    schema.add_argument("--docs", type=Path, help="update the field tables in this page (docs/story-format.md)")

    declarations = commands.add_parser(
        "contract", help="write the browser's side of story/contract.py (static/storymap/contract.d.ts)"
    )
    declarations.add_argument(
        "-o", "--output", type=Path, help="where to write it (default: static/storymap/contract.d.ts)"
    )

    importer = commands.add_parser(
        "import-storymapjs",
        help="convert a StoryMapJS story (JSON) into a story file",
        description="Convert a StoryMapJS story (JSON) into a story file, and list what could not come along.",
    )
    importer.add_argument("input", type=Path, metavar="IN", help="the StoryMapJS story, a .json file")
    importer.add_argument("-o", "--output", type=Path, required=True, help="the story file to write (.yaml)")

    template = commands.add_parser(
        "translation-template", help="start a translation: the story's structure with its text to replace"
    )
    template.add_argument("story", type=Path)
    template.add_argument("--lang", required=True)
    template.add_argument("-o", "--output", type=Path, required=True)

    keep = commands.add_parser(
        "no-break",
        help="rewrite translation files so that no number breaks over two lines: a no-break space in '7 000' "
        "and in '1,3 млн'",
    )
    keep.add_argument("paths", nargs="+", type=Path)

    args = parser.parse_args(argv)
    if args.command == "check":
        if args.translations:
            return translations_command(args.paths or list(story_files(STORY_DIR).values()))
        return check_command(args.paths or all_story_files(), strict=args.strict)
    if args.command == "export":
        return export_command(
            args.story, args.output, args.lang, args.tiles, args.offline, args.scorm, args.mode, args.lesson
        )
    if args.command == "schema":
        return schema_command(args.output, args.markdown, args.docs)
    if args.command == "contract":
        return contract_command(args.output)
    if args.command == "import-storymapjs":
        return import_command(args.input, args.output)
    if args.command == "translation-template":
        return template_command(args.story, args.lang, args.output)
    if args.command == "no-break":
        return no_break_command(args.paths)
    if args.command == "handout":
        return handout_command(
            args.story, args.output, args.lang, args.paper, args.speaker_notes, args.url, args.lesson
        )
    return 2


def import_command(source: Path, output: Path) -> int:
    """`import-storymapjs IN.json -o OUT.yaml`: print the warnings; 0 when the story was written, 1 (with the
    reason on stderr, and no file written) when it could not be imported."""
    from story.importers.storymapjs import StoryMapJSError, import_storymapjs

    try:
        warnings = import_storymapjs(source, output)
    except StoryMapJSError as error:
        print(error, file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"warning: {warning}")
    print(f"{output}: written, {len(warnings)} warning(s); check it with: python -m story check {output}")
    return 0


def no_break_command(paths: list[Path]) -> int:
    """Put no-break spaces into the numbers of each file, line by line, leaving the rest of the file as it is.

    A number that the file itself wraps over two lines is left for the check's warning.
    """
    from story.format.numbers import no_break

    for path in paths:
        text = path.read_text(encoding="utf-8")
        kept = "".join(no_break(line) for line in text.splitlines(keepends=True))
        changed = sum(a != b for a, b in zip(text, kept, strict=True))
        path.write_text(kept, encoding="utf-8")
        print(f"{path}: {changed} space{'' if changed == 1 else 's'} made no-break")
    return 0


def all_story_files() -> list[Path]:
    paths = []
    for original in story_files(STORY_DIR).values():
        paths += [original, *translations_of(original).values()]
    return paths


def check_command(paths: list[Path], strict: bool = False) -> int:
    """Check stories and translations (`x.ru.yaml` is checked against `x.yaml`).

    Exit 1 on any error, and on any warning with `strict`. A translation cites its original's
    sources (the checker holds it to them), so their warnings are the original's.
    """
    from story.format.media import story_media_problems
    from story.format.numbers import translation_number_warnings
    from story.format.sources import story_source_warnings
    from story.format.translation import stale_publisher_warnings

    catalog = load_catalog()
    failed = False
    for path in paths:
        try:
            original = original_of(path)
            if original is None:
                story = load_story(path, catalog)
                media = story_media_problems(path, story)
                refused = [problem for problem in media if not problem.warning]
                if refused:
                    # A file the hosts would leave out: the story plays without it, the check fails.
                    raise StoryError(refused)
                warnings = story_source_warnings(path, story) + media
                counted = f"; {len(warnings)} warning{'' if len(warnings) == 1 else 's'}" if warnings else ""
                steps = f"{len(story.steps)} step{'' if len(story.steps) == 1 else 's'}"
                print(f"{path}: ok ({steps}{counted})")
                for warning in warnings:
                    print(warning)
                failed |= strict and bool(warnings)
            else:
                original_story = load_story(original, catalog)
                translated = load_translation(original_story, path)
                missing = sorted(translated.untranslated, key=_field_order)
                fields = f"{len(missing)} field{'' if len(missing) == 1 else 's'}"
                warnings = translation_number_warnings(path, translated.story.language) + stale_publisher_warnings(
                    original_story,
                    path,
                    report_publishers(sorted({ref.id for step in original_story.steps for ref in step.layers})),
                )
                counted = f"; {len(warnings)} warning{'' if len(warnings) == 1 else 's'}" if warnings else ""
                print(f"{path}: ok (translation of {original.name}; {fields} not yet translated{counted})")
                for field in missing:
                    print(f"{path}: {field}: not yet translated, shown in the original language")
                for warning in warnings:
                    print(warning)
                failed |= strict and bool(warnings)
        except StoryError as error:
            failed = True
            for problem in error.problems:
                print(problem)
    return 1 if failed else 0


def translations_command(paths: list[Path]) -> int:
    """For each story and each language it can be read in: what is left to translate."""
    from story.outputs.coverage import language_report

    catalog = load_catalog()
    failed = False
    for path in paths:
        original_path = original_of(path) or path
        try:
            original = load_story(original_path, catalog)
        except StoryError as error:
            failed = True
            print(error)
            continue
        for language, name in LANGUAGES.items():
            if language == original.language:
                continue
            shown = localize(original, original_path, language)
            if shown.problem is not None:
                failed = True
                print(shown.problem)
                continue
            report = language_report(shown.story, shown.untranslated, catalog)
            if shown.translation is None:
                expected = translation_path(original_path, language).name
                print(f"{original_path} in {name} ({language}): no translation yet ({expected}), shown in the original")
            else:
                print(f"{original_path} in {name} ({language}), {shown.translation.name}: {report.count} to look at")
            for field in sorted(report.untranslated, key=_field_order):
                print(f"  {language}: {field}: not yet translated")
            for field, words in report.latin:
                print(f"  {language}: {field}: in Latin letters: {', '.join(words)}")
            for feature in report.map_names:
                print(f"  {language}: map: {feature}: no name in this language")
            for message in report.interface:
                print(f"  {language}: interface: {message!r}: not yet translated")
    return 1 if failed else 0


def _field_order(path: str) -> list[str | int]:
    # "steps[10].body" after "steps[9].title": compare indexes as numbers.
    return [int(part) if part.isdigit() else part for part in re.split(r"\[(\d+)\]", path)]


def story_in_language(story_path: Path, language: str, catalog: LayerCatalog) -> tuple[LocalizedStory, str]:
    """The story in `language` (story.format.translation.localize), and a note for the summary line.

    Raise StoryError for problems in the story or in its translation.
    """
    shown = localize(load_story(story_path, catalog), story_path, language)
    if shown.problem is not None:
        raise shown.problem
    if shown.translation is None:
        if language != shown.story.language:
            print(
                f"{story_path}: no {LANGUAGES[language]} translation beside it ({story_path.stem}.{language}.yaml); "
                f"the narrative stays in the original language",
                file=sys.stderr,
            )
        return shown, ""
    count = len(shown.untranslated)
    return shown, f", text from {shown.translation.name}" + (
        f" ({count} fields not yet translated, shown in the original language)" if count else ""
    )


def in_lesson(shown: LocalizedStory, lesson: str | None) -> tuple[Story, frozenset[str]]:
    """The story an output holds, cut to `lesson` when one is named, with its untranslated fields renumbered.

    Raise UnknownLessonError when the story has no such lesson."""
    from story.format.lessons import UnknownLessonError, find_lesson, lesson_ids, lesson_story, lesson_untranslated

    if lesson is None:
        return shown.story, shown.untranslated
    if find_lesson(shown.story, lesson) is None:
        raise UnknownLessonError(
            f"--lesson: the story has no lesson '{lesson}'; its lessons: {lesson_ids(shown.story)}"
        )
    return lesson_story(shown.story, lesson), lesson_untranslated(shown.story, lesson, shown.untranslated)


def schema_command(output: Path | None, markdown: bool, docs: Path | None) -> int:
    from story.format.schema import SCHEMA_FILE, fields_markdown, replace_documented_fields, schema_text

    if markdown:
        print(fields_markdown())
        return 0
    target = output or SCHEMA_FILE
    target.write_text(schema_text(), encoding="utf-8")
    print(f"{target}: written")
    if docs is not None:
        replace_documented_fields(docs)
        print(f"{docs}: field tables written")
    return 0


def contract_command(output: Path | None) -> int:
    from story.typescript import DECLARATIONS_FILE, declarations_text

    target = output or DECLARATIONS_FILE
    target.write_text(declarations_text(), encoding="utf-8")
    print(f"{target}: written")
    return 0


def export_command(
    story_path: Path,
    output: Path,
    language: str,
    tiles: str,
    offline: bool = False,
    scorm: bool = False,
    mode: str = "click",
    lesson: str | None = None,
) -> int:
    from story.map.tiles import UnknownTilesError, tile_config
    from story.outputs.export import export_html, scorm_package

    catalog = load_catalog()
    try:
        shown, notice = story_in_language(story_path, language, catalog)
        story, untranslated = in_lesson(shown, lesson)
        tile_options = tile_config(tiles)
    except (StoryError, UnknownTilesError, LookupError) as error:
        print(error, file=sys.stderr)
        return 1
    html = export_html(
        story,
        catalog,
        translator(language),
        tile_options,
        untranslated,
        story_dir=story_path.parent,
        offline=offline,
        scorm=scorm,
        mode=mode,
        publishers=shown.publishers,
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    if scorm:
        package = scorm_package(story, html)
        output.write_bytes(package)
        checks = sum(len(step.check) for step in story.steps)
        size = f"{len(package) / 1024:.0f} KB"
        print(f"{output}: SCORM 1.2 package, {size}, {len(story.steps)} steps, {checks} checks{notice}")
        return 0
    output.write_text(html, encoding="utf-8")
    print(f"{output}: {len(html.encode('utf-8')) / 1024:.0f} KB, {len(story.steps)} steps{notice}")
    return 0


def handout_command(
    story_path: Path,
    output: Path,
    language: str,
    paper: Literal["a4", "letter"],
    speaker_notes: bool = False,
    base_url: str | None = None,
    lesson: str | None = None,
) -> int:
    from story.outputs.handout import handout_pdf
    from story.reader.sharing import address_problem, with_lesson

    if base_url is not None and (problem := address_problem(base_url)):
        print(problem, file=sys.stderr)
        return 2
    catalog = load_catalog()
    try:
        shown, notice = story_in_language(story_path, language, catalog)
        story, untranslated = in_lesson(shown, lesson)
    except (StoryError, LookupError) as error:
        print(error, file=sys.stderr)
        return 1
    if base_url is None:
        print("No QR codes: give the story's address (--url https://...) to print one on each step's page.")
    pdf = handout_pdf(
        story,
        catalog,
        translator(language),
        paper,
        untranslated=untranslated,
        story_dir=story_path.parent,
        speaker_notes=speaker_notes,
        # A step's QR code plays it inside the lesson.
        base_url=with_lesson(base_url, lesson) if base_url and lesson else base_url,
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(pdf)
    print(f"{output}: {len(pdf) / 1024:.0f} KB, {len(story.steps)} steps, {paper.upper()}{notice}")
    return 0


def template_command(story_path: Path, language: str, output: Path) -> int:
    from ruamel.yaml import YAML
    from ruamel.yaml.scalarstring import LiteralScalarString

    try:
        story = load_story(story_path, load_catalog())
    except StoryError as error:
        print(error, file=sys.stderr)
        return 1
    data = translation_template(story, story_path.name, language)
    for step in data["steps"]:
        step["body"] = LiteralScalarString(step["body"])
    yaml = YAML()
    yaml.width = 100
    with output.open("w", encoding="utf-8") as handle:
        handle.write(f"# {language} translation of {story_path.name}: replace the text, keep ids, urls and order.\n")
        yaml.dump(data, handle)
    print(f"{output}: written; translate it, then run: python -m story check {output}")
    return 0
