"""Printed maps name their places as the browser does: no name over another name or a marker, every
place of the step named (story/map/placement.py, the handout's maps)."""

from __future__ import annotations

import pytest
from matplotlib.text import Annotation

from story.format.loader import load_story
from story.map.placement import MARKER_SIDES, Box, Label, Obstacle, box_at, marker_box, overlaps, place_labels
from story.outputs.handout import step_map_figure
from tests.conftest import TEST_STORIES

CROWDED = TEST_STORIES / "crowded-places.yaml"
VIEW = Box(0, 0, 800, 600)


def place(key: str, x: float, y: float, **extra) -> Label:
    return Label(key, x, y, w=extra.pop("w", 60), h=20, gap=12, **extra)


def test_a_lone_place_is_named_to_the_right_of_its_marker():
    [placed] = place_labels([place("almaty", 400, 300)], [Obstacle(marker_box(400, 300, 9))], VIEW)
    assert (placed.side, placed.reach) == ("right", 1)
    assert placed.box == Box(412, 290, 60, 20)


def test_beside_a_marker_each_side_leaves_the_marker_uncovered():
    for side in MARKER_SIDES:
        assert not overlaps(box_at(side, 100, 100, 60, 20, 12), marker_box(100, 100, 9)), side


def test_near_the_edge_a_name_turns_inward():
    [placed] = place_labels([place("edge", 780, 300)], [Obstacle(marker_box(780, 300, 9))], VIEW)
    assert placed.side == "left"


def test_a_name_boxed_in_goes_farther_out_and_one_not_required_is_dropped():
    blockers = [Obstacle(box_at(side, 400, 300, 60, 20, 12)) for side in MARKER_SIDES]
    [placed] = place_labels([place("town", 400, 300)], blockers, VIEW)
    assert placed.reach > 1
    assert not any(overlaps(placed.box, blocker.box) for blocker in blockers)
    assert place_labels([place("town", 400, 300, required=False)], blockers, VIEW) == []


def test_the_more_important_name_is_placed_first_whatever_the_order():
    placed = place_labels([place("region", 400, 300, rank=1), place("town", 400, 300)], [], VIEW)
    assert [label.key for label in placed] == ["town", "region"]
    assert not overlaps(placed[0].box, placed[1].box)


def test_forty_places_on_a_small_map_none_over_another_or_a_marker():
    import random

    rng = random.Random(7)
    points = [(20 + rng.random() * 335, 20 + rng.random() * 240) for _ in range(40)]
    labels = [place(f"p{i}", x, y, w=40 + rng.random() * 60) for i, (x, y) in enumerate(points)]
    markers = [Obstacle(marker_box(x, y, 9)) for x, y in points]
    placed = place_labels(labels, markers, Box(0, 0, 375, 280))
    for i, first in enumerate(placed):
        assert not any(overlaps(first.box, second.box) for second in placed[i + 1 :])
        assert not any(overlaps(first.box, marker.box) for marker in markers)


@pytest.mark.parametrize("dpi", [40, 150])
def test_the_handouts_map_names_every_crowded_place_with_no_name_over_another_or_a_marker(catalog, dpi):
    story = load_story(CROWDED, catalog)
    step = story.steps[0]
    figure = step_map_figure(story, step, catalog, dpi=dpi)
    [axes] = figure.axes
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    names = [text for text in axes.texts if isinstance(text, Annotation)]
    assert sorted(text.get_text() for text in names) == sorted(place.name for place in step.places)
    boxes = {text.get_text(): text.get_bbox_patch().get_window_extent(renderer) for text in names}
    radius = 7 / 2 * dpi / 72
    markers = {place.name: axes.transData.transform((place.lon, place.lat)) for place in step.places}
    for name, box in boxes.items():
        for other, other_box in boxes.items():
            assert name == other or not box.overlaps(other_box), f"{name} overlaps {other}"
        for other, (x, y) in markers.items():
            inside_x = box.x0 < x + radius and x - radius < box.x1
            inside_y = box.y0 < y + radius and y - radius < box.y1
            assert not (inside_x and inside_y), f"{name} covers the marker of {other}"
