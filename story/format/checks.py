"""Checks across a whole story: things one field alone cannot know is wrong."""

from __future__ import annotations

from geodata.catalog import LayerCatalog
from story.format.model import FindCheck, Place, Step, Story
from story.format.problems import FieldPath, Problem, format_field
from story.format.yamlsource import SourceMap

# Two mentions of one place further apart than this are two different places.
SAME_PLACE_DEGREES = 0.05


def check_story(story: Story, source_map: SourceMap, name: str, catalog: LayerCatalog | None) -> list[Problem]:
    problems: list[Problem] = []

    def report(path: FieldPath, message: str) -> None:
        line, column = source_map.locate(path)
        problems.append(Problem(name, line, column, format_field(path), message))

    first_index_of: dict[str, int] = {}
    places_seen: dict[str, tuple[int, Place]] = {}
    for index, step in enumerate(story.steps):
        step_path: FieldPath = ("steps", index)
        if step.id in first_index_of:
            report(
                (*step_path, "id"),
                f"step id '{step.id}' is already used by steps[{first_index_of[step.id]}]; "
                "every step needs its own id (it is the step's address)",
            )
        else:
            first_index_of[step.id] = index

        keys_in_step: set[str] = set()
        for place_index, place in enumerate(step.places):
            place_path = (*step_path, "places", place_index)
            if place.key in keys_in_step:
                report(place_path, f"place '{place.key}' is listed twice in this step")
            keys_in_step.add(place.key)
            earlier = places_seen.get(place.key)
            if earlier is None:
                places_seen[place.key] = (index, place)
            elif far_apart((earlier[1].lat, earlier[1].lon), (place.lat, place.lon)):
                report(
                    place_path,
                    f"place '{place.key}' is at {place.lat:g}, {place.lon:g} here but at "
                    f"{earlier[1].lat:g}, {earlier[1].lon:g} in steps[{earlier[0]}]; "
                    "give different places different ids",
                )

        if catalog is not None:
            for layer_index, layer_ref in enumerate(step.layers):
                layer_path = (*step_path, "layers", layer_index)
                if layer_ref.id not in catalog.known_ids:
                    report(
                        (*layer_path, "id"),
                        f"unknown layer '{layer_ref.id}'; known layers: "
                        f"{', '.join(sorted(catalog.known_ids)) or 'none'}",
                    )
                    continue
                layer = catalog.layers.get(layer_ref.id)
                for feature_index, feature_id in enumerate(layer_ref.highlight):
                    if layer is not None and feature_id not in layer.features:
                        report(
                            (*layer_path, "highlight", feature_index),
                            f"layer '{layer_ref.id}' has no feature '{feature_id}'; it has "
                            f"{_some(sorted(layer.features))}",
                        )

        for control, what in (("time", "the slider"), ("swipe", "the swipe")):
            if getattr(step, control) is None or catalog is None:
                continue
            dated = [ref.id for ref in step.layers if getattr(catalog.layers.get(ref.id), "days", None)]
            if not dated:
                known = sorted(layer.id for layer in catalog.layers.values() if layer.days)
                report(
                    (*step_path, control),
                    f"none of the step's layers has features with dates (start, end), so {what} would change "
                    f"nothing; layers with dates: {', '.join(known) or 'none'}",
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
    return problems


def find_target_problem(target: str, step: Step, catalog: LayerCatalog | None) -> str | None:
    """Why a find-on-the-map check cannot be answered on its step's map, or None.

    The reader must be able to see what they are asked to find: one of the step's own places,
    or a feature of one of the step's layers.
    """
    if target in {place.key for place in step.places}:
        return None
    layer_id, _, feature_id = target.partition(":")
    if not feature_id:
        return f"'{target}' is not a place of this step; find a place of the step, or 'layer:feature'"
    if layer_id not in {ref.id for ref in step.layers}:
        return f"layer '{layer_id}' is not on this step's map; add it to the step's layers"
    layer = catalog.layers.get(layer_id) if catalog is not None else None
    if layer is not None and feature_id not in layer.features:
        return f"layer '{layer_id}' has no feature '{feature_id}'; it has {_some(sorted(layer.features))}"
    return None


def story_place_keys(story: Story) -> set[str]:
    return {place.key for step in story.steps for place in step.places}


def _fit_target_problem(target: str, story: Story, catalog: LayerCatalog | None) -> str | None:
    """Why `target` cannot be fitted, or None when it can (a place, a layer, or layer:feature)."""
    if target in story_place_keys(story):
        return None
    if catalog is None:
        return None
    layer_id, _, feature_id = target.partition(":")
    if layer_id not in catalog.known_ids:
        return (
            f"'{target}' is neither a place of this story nor a layer; use a place id, a layer id, or 'layer:feature'"
        )
    layer = catalog.layers.get(layer_id)
    if feature_id and layer is not None and feature_id not in layer.features:
        return f"layer '{layer_id}' has no feature '{feature_id}'; it has {_some(sorted(layer.features))}"
    return None


def far_apart(first: tuple[float, float], second: tuple[float, float]) -> bool:
    """Whether two (lat, lon) positions are too far apart to be one place."""
    return abs(first[0] - second[0]) > SAME_PLACE_DEGREES or abs(first[1] - second[1]) > SAME_PLACE_DEGREES


def _some(items: list[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
