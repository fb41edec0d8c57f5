"""Reading a translation file and checking it against the original: what it has that the original
lacks, or misses (steps, places, layers, sources by their identity; lists by their length)."""

from __future__ import annotations

from pathlib import Path

from story.format.loader import validate_fields
from story.format.messages import Message, say
from story.format.model import ChoiceCheck, OrderCheck, Story
from story.format.problems import FieldPath, Problem, StoryError, format_field
from story.format.translation.model import StoryText
from story.format.yamlsource import SourceMap, read_yaml


def parse_translation(raw: bytes, name: str) -> tuple[StoryText, SourceMap]:
    data, source_map = read_yaml(raw, name)
    text, hidden = validate_fields(StoryText, data, source_map, name, say("a translation file"))
    if hidden:
        raise StoryError(hidden)
    return text, source_map


def structure_problems(original: Story, text: StoryText, source_map: SourceMap, name: str) -> list[Problem]:
    """Steps, places, layers and sources the translation has that the original lacks, or misses."""
    problems: list[Problem] = []

    def report(path: FieldPath, message: Message) -> None:
        problems.append(Problem.of(name, source_map.locate(path), format_field(path), message))

    if text.language == original.language:
        report(
            ("language",),
            say("is the original's language ('{language}'); a translation needs another", language=original.language),
        )
    original_ids = [step.id for step in original.steps]
    text_ids = [step.id for step in text.steps]
    for missing in [i for i in original_ids if i not in text_ids]:
        report(("steps",), say("step '{id}' of the original is missing", id=missing))
    for index, step_id in enumerate(text_ids):
        if step_id not in original_ids:
            report(("steps", index, "id"), say("step '{id}' is not in the original", id=step_id))
    if [i for i in text_ids if i in original_ids] != [i for i in original_ids if i in text_ids]:
        report(("steps",), say("the steps are not in the original's order"))

    by_id = {step.id: step for step in original.steps}
    for index, step_text in enumerate(text.steps):
        step = by_id.get(step_text.id)
        if step is None:
            continue
        path: FieldPath = ("steps", index)
        _compare(
            report,
            (*path, "places"),
            [p.key for p in step.places],
            [p.id for p in step_text.places],
            "place",
        )
        _compare(report, (*path, "layers"), [ref.id for ref in step.layers], step_text.layers, "layer")
        _compare(
            report,
            (*path, "sources"),
            [source_identity(i, source.url) for i, source in enumerate(step.sources)],
            [source_identity(i, source.url) for i, source in enumerate(step_text.sources)],
            "source",
        )
        if len(step_text.other_sources) not in (0, len(step.other_sources)):
            report(
                (*path, "other_sources"),
                say(
                    "has {count} notes; the original has {original}",
                    count=len(step_text.other_sources),
                    original=len(step.other_sources),
                ),
            )
        if step_text.quote is not None and step.quote is None:
            report((*path, "quote"), say("the original step has no quote"))
        if step_text.media and not step.media:
            report((*path, "media"), say("the original step has no media"))
        elif len(step_text.media) not in (0, len(step.media)):
            report(
                (*path, "media"),
                say(
                    "has {count} media items; the original has {original}",
                    count=len(step_text.media),
                    original=len(step.media),
                ),
            )
        if step_text.content_note is not None and step.content_note is None:
            report((*path, "content_note"), say("the original step has no content note"))
        if step_text.speaker_notes is not None and step.speaker_notes is None:
            report((*path, "speaker_notes"), say("the original step has no speaker notes"))
        if step_text.figure is not None and step.figure is None:
            report((*path, "figure"), say("the original step has no figure"))
        elif (
            step_text.figure is not None
            and step.figure is not None
            and len(step_text.figure.data) not in (0, len(step.figure.data))
        ):
            report(
                (*path, "figure", "data"),
                say(
                    "has {count} rows; the original has {original}",
                    count=len(step_text.figure.data),
                    original=len(step.figure.data),
                ),
            )
        if step_text.discussion is not None and len(step_text.discussion) != len(step.discussion):
            report(
                (*path, "discussion"),
                say(
                    "has {count} questions; the original has {original}",
                    count=len(step_text.discussion),
                    original=len(step.discussion),
                ),
            )
        if len(step_text.check) not in (0, len(step.check)):
            report(
                (*path, "check"),
                say(
                    "has {count} checks; the original has {original}",
                    count=len(step_text.check),
                    original=len(step.check),
                ),
            )
        for i, (check, check_text) in enumerate(zip(step.check, step_text.check, strict=False)):
            if check_text.choices is not None and (
                not isinstance(check, ChoiceCheck) or len(check_text.choices) != len(check.choices)
            ):
                count = len(check.choices) if isinstance(check, ChoiceCheck) else 0
                report(
                    (*path, "check", i, "choices"),
                    say(
                        "has {count} choices; the original has {original}",
                        count=len(check_text.choices),
                        original=count,
                    ),
                )
            if check_text.order is not None and (
                not isinstance(check, OrderCheck) or len(check_text.order) != len(check.order)
            ):
                count = len(check.order) if isinstance(check, OrderCheck) else 0
                report(
                    (*path, "check", i, "order"),
                    say("has {count} events; the original has {original}", count=len(check_text.order), original=count),
                )
    if text.content_note is not None and original.content_note is None:
        report(("content_note",), say("the original story has no content note"))
    # A term the translation leaves out is shown as the original's (an untranslated field).
    original_terms = {term.id for term in original.glossary}
    for index, term in enumerate(text.glossary):
        if term.id not in original_terms:
            report(("glossary", index, "id"), say("glossary term '{id}' is not in the original", id=term.id))
    original_lessons = {lesson.id for lesson in original.lessons}
    for index, lesson in enumerate(text.lessons):
        if lesson.id not in original_lessons:
            report(("lessons", index, "id"), say("lesson '{id}' is not in the original", id=lesson.id))
    if text.source is not None and original.source is None:
        report(("source",), say("the original story has no source"))
    if text.credits and len(text.credits) != len(original.credits):
        report(
            ("credits",),
            say(
                "has {count} credits; the original has {original}",
                count=len(text.credits),
                original=len(original.credits),
            ),
        )
    return problems


def source_identity(index: int, url: str | None) -> str:
    # A source is known by its address; one without (a print article) by its position.
    return url or f"#{index + 1} (without url)"


def _compare(report, path: FieldPath, original: list[str], translated: list[str], kind: str) -> None:
    for missing in [item for item in original if item not in translated]:
        report(path, _missing(kind, missing))
    for extra in [item for item in translated if item not in original]:
        report(path, _extra(kind, extra))


def _missing(kind: str, item: str) -> Message:
    if kind == "place":
        return say("place '{id}' of the original is missing", id=item)
    if kind == "layer":
        return say("layer '{id}' of the original is missing", id=item)
    return say("source '{id}' of the original is missing", id=item)


def _extra(kind: str, item: str) -> Message:
    if kind == "place":
        return say("place '{id}' is not in the original step", id=item)
    if kind == "layer":
        return say("layer '{id}' is not in the original step", id=item)
    return say("source '{id}' is not in the original step", id=item)


def story_publishers(story: Story) -> list[str]:
    """The publishers the story's sources name, each once, in the order a reader meets them."""
    sources = [
        source
        for step in story.steps
        for source in [
            *step.sources,
            *(source for note in step.other_sources for source in note.sources),
            *(row.source for row in (step.figure.data if step.figure else [])),
        ]
    ]
    return list(dict.fromkeys(source.publisher for source in sources if source.publisher))


def stale_publisher_warnings(original: Story, path: Path, layer_publishers: set[str]) -> list[Problem]:
    """A warning for each entry of a translation's `publishers` that no source of the story or its layers names
    any more (a source replaced in the original: its new publisher needs an entry)."""
    name = str(path)
    data, source_map = read_yaml(path.read_bytes(), name)
    table = data.get("publishers") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        return []
    named = set(story_publishers(original)) | layer_publishers
    problems = []
    for publisher in table:
        if publisher not in named:
            line, column = source_map.locate(("publishers", publisher), prefer_key=True)
            message = say("no source of the original names this publisher; remove it, or write it as the source does")
            problems.append(Problem.of(name, (line, column), f'publishers["{publisher}"]', message, warning=True))
    return problems
