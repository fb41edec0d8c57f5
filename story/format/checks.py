"""Checks across a whole story: things one field alone cannot know is wrong."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Hashable, Iterable

from geodata.catalog import LayerCatalog
from story.format.lessons import report_lesson_problems
from story.format.messages import Message, Ref, say
from story.format.model import DayCheck, FindCheck, Place, Step, Story
from story.format.problems import FieldPath, Problem, format_field
from story.format.yamlsource import SourceMap

# Two mentions of one place further apart than this are two different places.
SAME_PLACE_DEGREES = 0.05
# Characters that change the order text is shown in (the review's L4: a credit
# `[c](javascript:...)` + U+202E + `gpj.exe` reads as a picture's name). Never in a story.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters nobody sees: two ids or words that look the same would differ.
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff")
# Joiners some languages need inside words (ZWNJ in Persian, ZWJ in Indic scripts and emoji): allowed in
# prose, never in ids, addresses, dates or names of files and layers.
JOINERS = frozenset("\u200c\u200d")
# The fields whose values are names a program reads, not prose; a list item is named by its list's field.
NAME_FIELDS = frozenset({"id", "src", "poster", "captions", "url", "find", "highlight", "fit", "layers", "language",
                         "date", "from", "to", "start", "end", "role", "type", "media", "kind"})  # fmt: skip


def check_story(story: Story, source_map: SourceMap, name: str, catalog: LayerCatalog | None) -> list[Problem]:
    problems: list[Problem] = []

    def report(path: FieldPath, message: Message) -> None:
        problems.append(Problem.of(name, source_map.locate(path), format_field(path), message))

    _report_glossary_repeats(report, story)
    report_lesson_problems(report, story)
    first_index_of: dict[str, int] = {}
    places_seen: dict[str, tuple[int, Place]] = {}
    for index, step in enumerate(story.steps):
        step_path: FieldPath = ("steps", index)
        if step.id in first_index_of:
            report(
                (*step_path, "id"),
                say(
                    "step id '{id}' is already used by {other}; every step needs its own id (it is the step's address)",
                    id=step.id,
                    other=Ref("steps", first_index_of[step.id]),
                ),
            )
        else:
            first_index_of[step.id] = index

        _report_repeats(report, step_path, step)
        for place_index, place in enumerate(step.places):
            place_path = (*step_path, "places", place_index)
            earlier = places_seen.get(place.key)
            if earlier is None:
                places_seen[place.key] = (index, place)
            elif far_apart((earlier[1].lat, earlier[1].lon), (place.lat, place.lon)):
                report(
                    place_path,
                    say(
                        "place '{id}' is at {here} here but at {there} in {other}; give different places different ids",
                        id=place.key,
                        here=f"{place.lat:g}, {place.lon:g}",
                        there=f"{earlier[1].lat:g}, {earlier[1].lon:g}",
                        other=Ref("steps", earlier[0]),
                    ),
                )

        if catalog is not None:
            for layer_index, layer_ref in enumerate(step.layers):
                layer_path = (*step_path, "layers", layer_index)
                if layer_ref.id not in catalog.known_ids:
                    report(
                        (*layer_path, "id"),
                        say(
                            "unknown layer '{id}'; known layers: {known}",
                            id=layer_ref.id,
                            known=", ".join(sorted(catalog.known_ids)) or say("none"),
                        ),
                    )
                    continue
                layer = catalog.layers.get(layer_ref.id)
                for feature_index, feature_id in enumerate(layer_ref.highlight):
                    if layer is not None and feature_id not in layer.features:
                        report(
                            (*layer_path, "highlight", feature_index),
                            _no_feature(layer_ref.id, feature_id, sorted(layer.features)),
                        )

        for control, what in (("time", say("the slider")), ("swipe", say("the swipe"))):
            if getattr(step, control) is None or catalog is None:
                continue
            dated = [ref.id for ref in step.layers if getattr(catalog.layers.get(ref.id), "days", None)]
            if not dated:
                known = sorted(layer.id for layer in catalog.layers.values() if layer.days)
                report(
                    (*step_path, control),
                    say(
                        "none of the step's layers has features with dates (start, end), so {what} would change "
                        "nothing; layers with dates: {known}",
                        what=what,
                        known=", ".join(known) or say("none"),
                    ),
                )

        for fit_index, target in enumerate(step.view.fit or []):
            message = _fit_target_problem(target, story, catalog)
            if message:
                report((*step_path, "view", "fit", fit_index), message)

        for check_index, check in enumerate(step.check):
            if isinstance(check, FindCheck):
                message = find_target_problem(check.find, step, catalog)
                if message:
                    report((*step_path, "check", check_index, "find"), message)
            elif isinstance(check, DayCheck):
                message = day_check_problem(check, step)
                if message:
                    report((*step_path, "check", check_index, "day"), message)
    return problems


def day_check_problem(check: DayCheck, step: Step) -> Message | None:
    """Why a "Which day?" cannot be answered on its step's slider, or None."""
    if step.time is None:
        return say("a 'Which day?' check is answered on the step's day slider; give the step 'time'")
    if not step.time.from_ <= check.day <= step.time.to:
        return say(
            "{day} is not on the step's slider ({first} to {last})",
            day=check.day.isoformat(),
            first=step.time.from_.isoformat(),
            last=step.time.to.isoformat(),
        )
    return None


def find_target_problem(target: str, step: Step, catalog: LayerCatalog | None) -> Message | None:
    """Why a find-on-the-map check cannot be answered on its step's map, or None.

    The reader must be able to see what they are asked to find: one of the step's own places,
    or a feature of one of the step's layers.
    """
    if target in {place.key for place in step.places}:
        return None
    layer_id, _, feature_id = target.partition(":")
    if not feature_id:
        return say(
            "'{target}' is not a place of this step; find a place of the step, or 'layer:feature'", target=target
        )
    if layer_id not in {ref.id for ref in step.layers}:
        return say("layer '{id}' is not on this step's map; add it to the step's layers", id=layer_id)
    layer = catalog.layers.get(layer_id) if catalog is not None else None
    if layer is not None and feature_id not in layer.features:
        return _no_feature(layer_id, feature_id, sorted(layer.features))
    return None


def story_place_keys(story: Story) -> set[str]:
    return {place.key for step in story.steps for place in step.places}


def _fit_target_problem(target: str, story: Story, catalog: LayerCatalog | None) -> Message | None:
    """Why `target` cannot be fitted, or None when it can (a place, a layer, or layer:feature)."""
    if target in story_place_keys(story):
        return None
    if catalog is None:
        return None
    layer_id, _, feature_id = target.partition(":")
    if layer_id not in catalog.known_ids:
        return say(
            "'{target}' is neither a place of this story nor a layer; use a place id, a layer id, or 'layer:feature'",
            target=target,
        )
    layer = catalog.layers.get(layer_id)
    if feature_id and layer is not None and feature_id not in layer.features:
        return _no_feature(layer_id, feature_id, sorted(layer.features))
    return None


def far_apart(first: tuple[float, float], second: tuple[float, float]) -> bool:
    """Whether two (lat, lon) positions are too far apart to be one place."""
    return abs(first[0] - second[0]) > SAME_PLACE_DEGREES or abs(first[1] - second[1]) > SAME_PLACE_DEGREES


def _no_feature(layer_id: str, feature_id: str, features: list[str]) -> Message:
    return say(
        "layer '{id}' has no feature '{feature}'; it has {features}",
        id=layer_id,
        feature=feature_id,
        features=some(features),
    )


def some(items: list[str], limit: int = 12) -> str | Message:
    """The first `limit` items, and how many more."""
    shown = ", ".join(items[:limit])
    if len(items) <= limit:
        return shown
    return say("{shown} and {count} more", shown=shown, count=len(items) - limit)


Report = Callable[[FieldPath, Message], None]


def _first_repeat(keys: Iterable[Hashable]) -> Iterable[tuple[int, int]]:
    """(index of a repeat, index of the item it repeats), for each item that repeats an earlier one."""
    first: dict[Hashable, int] = {}
    for index, key in enumerate(keys):
        if key in first:
            yield index, first[key]
        else:
            first.setdefault(key, index)


def _report_repeats(report: Report, step_path: FieldPath, step: Step) -> None:
    """A place, a layer, a question, a picture or a discussion question given twice in one step: at the second."""
    for index, earlier in _first_repeat(place.key for place in step.places):
        report((*step_path, "places", index, "id"), say("place '{id}' is listed twice in this step (first at "
               "{earlier}); list each place once", id=step.places[index].key,
               earlier=Ref("places", earlier)))  # fmt: skip
    for index, earlier in _first_repeat(layer.id for layer in step.layers):
        report((*step_path, "layers", index, "id"), say("layer '{id}' is listed twice in this step (first at "
               "{earlier}); list each layer once, with one role", id=step.layers[index].id,
               earlier=Ref("layers", earlier)))  # fmt: skip
    for index, earlier in _first_repeat(check.question.casefold() for check in step.check):
        report((*step_path, "check", index, "question"),
               say("this question is asked twice in this step (first at {earlier})",
                   earlier=Ref("check", earlier)))  # fmt: skip
    sources = [(item.src, item.type) if item.src else index for index, item in enumerate(step.media)]
    for index, earlier in _first_repeat(sources):
        report((*step_path, "media", index, "src"),
               say("'{src}' is shown twice in this step (first at {earlier})", src=str(step.media[index].src),
                   earlier=Ref("media", earlier)))  # fmt: skip
    for index, earlier in _first_repeat(text.casefold() for text in step.discussion):
        report((*step_path, "discussion", index),
               say("this question is in the discussion twice (first at {earlier})",
                   earlier=Ref("discussion", earlier)))  # fmt: skip


def _report_glossary_repeats(report: Report, story: Story) -> None:
    """A glossary id given twice, or a word two terms claim: only one of them could be marked in the text."""
    for index, earlier in _first_repeat(term.id for term in story.glossary):
        report(("glossary", index, "id"), say("glossary id '{id}' is already used by {earlier}; every term "
               "needs its own id (translations name it by its id)", id=story.glossary[index].id,
               earlier=Ref("glossary", earlier)))  # fmt: skip
    claimed: dict[str, int] = {}
    for index, term in enumerate(story.glossary):
        words = [("term", term.term), *((("forms", number), form) for number, form in enumerate(term.forms))]
        for field, word in words:
            owner = claimed.setdefault(word.casefold(), index)
            if owner != index:
                path = ("glossary", index, *(field if isinstance(field, tuple) else (field,)))
                report(path, say("'{word}' is already a word of {owner} ('{id}'); a word in the text can be "
                       "explained by one term only", word=word, owner=Ref("glossary", owner),
                       id=story.glossary[owner].id))  # fmt: skip


def hidden_character_problems(data: object, source_map: SourceMap, name: str) -> list[Problem]:
    """Every text of the file (values and keys) that holds a bidi control or a zero-width character."""
    problems: list[Problem] = []

    def check(text: str, path: FieldPath, prose: bool, where: bool = False) -> None:
        for char in text:
            allowed = prose and char in JOINERS
            if char in BIDI_CONTROLS:
                why = say(
                    "which shows text in another order than it is written (a link or a file name can look "
                    "like something else)"
                )
            elif char in JOINERS and not allowed:
                why = say(
                    "which nobody sees (two words or ids that look the same would differ); "
                    "only prose may hold it, where a language joins letters with it"
                )
            elif char in ZERO_WIDTH:
                why = say("which nobody sees (two words or ids that look the same would differ)")
            else:
                continue
            label = unicodedata.name(char, "").lower()
            code = f"U+{ord(char):04X}"
            if where:
                message = say(
                    "the key holds the invisible character {code} ({label}), {why}: remove it",
                    code=code,
                    label=label,
                    why=why,
                )
            else:
                message = say(
                    "holds the invisible character {code} ({label}), {why}: remove it", code=code, label=label, why=why
                )
            problems.append(
                Problem.of(name, source_map.locate(path, prefer_key=bool(where)), format_field(path), message)
            )
            return

    def walk(value: object, path: FieldPath, field: str) -> None:
        if isinstance(value, str):
            check(value, path, field not in NAME_FIELDS)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    check(key, (*path, key), False, True)
                    walk(item, (*path, key), key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index), field)

    walk(data, (), "")
    return problems
