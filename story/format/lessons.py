"""A story's lessons: which steps each one plays, and what is wrong with one a story names.

A lesson lists steps by id and ranges `first..last`; it plays them in the story's order, each once,
whatever order the list gives. Every host (the player, the export, the handout, SCORM, presenting)
asks `lesson_indexes` and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from story.format.messages import Message, Ref, say
from story.format.model import STEP_RANGE_PATTERN, Lesson, Story
from story.format.problems import FieldPath


class UnknownLessonError(LookupError):
    """An output asked for a lesson the story does not name."""


def find_lesson(story: Story, lesson_id: str | None) -> Lesson | None:
    """The story's lesson of that id, or None (no id, or an id the story does not name)."""
    return next((lesson for lesson in story.lessons if lesson.id == lesson_id), None) if lesson_id else None


def lesson_indexes(story: Story, lesson: Lesson) -> list[int]:
    """The positions of the lesson's steps in the story, in the story's order; unknown ids are left out."""
    position = {step.id: index for index, step in enumerate(story.steps)}
    chosen: set[int] = set()
    for item in lesson.steps:
        match = STEP_RANGE_PATTERN.match(item)
        if match is None:
            continue
        first, last = position.get(match.group(1)), position.get(match.group(2) or match.group(1))
        if first is not None and last is not None:
            chosen.update(range(first, last + 1))
    return sorted(chosen)


def lesson_story(story: Story, lesson_id: str | None) -> Story:
    """The story cut to one lesson's steps (the whole story when there is no such lesson): what the
    outputs made for a lesson hold."""
    lesson = find_lesson(story, lesson_id)
    if lesson is None:
        return story
    steps = [story.steps[index] for index in lesson_indexes(story, lesson)]
    return story.model_copy(update={"steps": steps, "lessons": [lesson]})


def lesson_untranslated(story: Story, lesson_id: str | None, untranslated: Iterable[str]) -> frozenset[str]:
    """A translation's untranslated fields (`steps[5].body`) as the story cut to the lesson numbers its steps;
    the other steps' are left out."""
    lesson = find_lesson(story, lesson_id)
    if lesson is None:
        return frozenset(untranslated)
    moved = {old: new for new, old in enumerate(lesson_indexes(story, lesson))}
    kept = set()
    for path in untranslated:
        match = _STEP_FIELD.match(path)
        if match is None:
            kept.add(path)
        elif int(match.group(1)) in moved:
            kept.add(f"steps[{moved[int(match.group(1))]}]{match.group(2)}")
    return frozenset(kept)


_STEP_FIELD = re.compile(r"^steps\[(\d+)\](.*)$")


def lesson_ids(story: Story) -> str:
    """The story's lessons for a message: "january, history" (or "none")."""
    return ", ".join(lesson.id for lesson in story.lessons) or "none"


def report_lesson_problems(report: Callable[[FieldPath, Message], None], story: Story) -> None:
    """A lesson id given twice, a step a lesson names that the story has not, a range backwards."""
    position = {step.id: index for index, step in enumerate(story.steps)}
    first_of: dict[str, int] = {}
    for index, lesson in enumerate(story.lessons):
        path: FieldPath = ("lessons", index)
        earlier = first_of.setdefault(lesson.id, index)
        if earlier != index:
            report((*path, "id"), say("lesson id '{id}' is already used by {earlier}; every lesson needs its own "
                   "id (it is the lesson's address)", id=lesson.id, earlier=Ref("lessons", earlier)))  # fmt: skip
        named: dict[int, str] = {}  # each step of the lesson: the item that named it first
        for item_index, item in enumerate(lesson.steps):
            match = STEP_RANGE_PATTERN.match(item)
            if match is None:
                continue
            ends = [end for end in match.groups() if end is not None]
            unknown = [end for end in ends if end not in position]
            if unknown:
                report((*path, "steps", item_index), say("the story has no step '{id}'; steps: {steps}",
                       id=unknown[0], steps=_some(list(position))))  # fmt: skip
            elif len(ends) == 2 and position[ends[0]] > position[ends[1]]:
                report((*path, "steps", item_index), say("'{first}' comes after '{last}' in the story; write the "
                       "range in the story's order: '{last}..{first}'", first=ends[0], last=ends[1]))  # fmt: skip
            else:
                covered = range(position[ends[0]], position[ends[-1]] + 1)
                again = [index for index in covered if index in named]
                if again:
                    step_id = story.steps[again[0]].id
                    report((*path, "steps", item_index), say("step '{id}' is already in this lesson (by '{item}'); "
                           "name each step once", id=step_id, item=named[again[0]]))  # fmt: skip
                for index in covered:
                    named.setdefault(index, item)


def _some(items: list[str], limit: int = 12) -> str | Message:
    shown = ", ".join(items[:limit])
    if len(items) <= limit:
        return shown
    return say("{shown} and {count} more", shown=shown, count=len(items) - limit)
