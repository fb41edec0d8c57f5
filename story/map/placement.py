"""Where a map's labels go: the browser's rule (`static/storymap/placement.js`) for the printed maps.

Each label, in order of importance, takes the first spot around its anchor that covers no label
placed before it and no marker; a label with no such spot is dropped, never drawn on top. Boxes are
in pixels with y growing downwards, as on a screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Side = Literal["right", "left", "above", "below", "upper-right", "lower-right", "upper-left", "lower-left"]
# Right and left first, the way a map reads; then above, below, the corners.
MARKER_SIDES: tuple[Side, ...] = (
    "right",
    "left",
    "above",
    "below",
    "upper-right",
    "lower-right",
    "upper-left",
    "lower-left",
)


@dataclass(frozen=True)
class Box:
    """A box: its top-left corner, width and height."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Obstacle:
    """A marker's box; labels ranked below `rank` (less important) never cover it."""

    box: Box
    rank: int = 0


@dataclass(frozen=True)
class Label:
    """A label to place: its anchor, its size, the room to leave around the anchor (a marker's
    radius), its rank (0 the most important) and whether it must be shown even farther out."""

    key: str
    x: float
    y: float
    w: float
    h: float
    gap: float
    rank: int = 0
    required: bool = True


@dataclass(frozen=True)
class Placed:
    key: str
    side: Side
    box: Box
    reach: int


def overlaps(a: Box, b: Box, margin: float = 0.0) -> bool:
    """Whether two boxes share more than a line, with `margin` kept between them."""
    apart_x = a.x >= b.x + b.w + margin or b.x >= a.x + a.w + margin
    return not apart_x and a.y < b.y + b.h + margin and b.y < a.y + a.h + margin


def within(box: Box, view: Box) -> bool:
    return box.x >= view.x and box.y >= view.y and box.x + box.w <= view.x + view.w and box.y + box.h <= view.y + view.h


def marker_box(x: float, y: float, radius: float) -> Box:
    return Box(x - radius, y - radius, 2 * radius, 2 * radius)


def box_at(side: Side, x: float, y: float, w: float, h: float, gap: float, reach: int = 1) -> Box:
    """The box of a label of size w x h on `side` of an anchor, `gap` away (`reach` times further out)."""
    g = gap * reach + (reach - 1) * h / 2
    offsets: dict[Side, tuple[float, float]] = {
        "right": (g, -h / 2),
        "left": (-g - w, -h / 2),
        "above": (-w / 2, -g - h),
        "below": (-w / 2, g),
        "upper-right": (g, -g - h),
        "lower-right": (g, g),
        "upper-left": (-g - w, -g - h),
        "lower-left": (-g - w, g),
    }
    dx, dy = offsets[side]
    return Box(x + dx, y + dy, w, h)


def place_labels(
    labels: Sequence[Label], obstacles: Sequence[Obstacle], view: Box, margin: float = 1.0
) -> list[Placed]:
    """Labels without overlap, by rank (in the given order within a rank), as the browser places them:
    a free spot inside the view; else one covering only less important markers; else, for a required
    label, farther out; what is left is dropped."""
    placed: list[Placed] = []

    def free(box: Box, worst_rank: int | None) -> bool:
        return not any(overlaps(box, label.box, margin) for label in placed) and not any(
            (worst_rank is None or obstacle.rank <= worst_rank) and overlaps(box, obstacle.box, margin)
            for obstacle in obstacles
        )

    for label in sorted(labels, key=lambda label: label.rank):
        tries: list[tuple[int, int | None]] = [(1, None), (1, label.rank)]
        if label.required:
            tries += [(2, None), (2, label.rank), (3, label.rank)]
        found = next(
            (
                Placed(label.key, side, box, reach)
                for reach, worst_rank in tries
                for side in MARKER_SIDES
                if within(box := box_at(side, label.x, label.y, label.w, label.h, label.gap, reach), view)
                and free(box, worst_rank)
            ),
            None,
        )
        if found is not None:
            placed.append(found)
    return placed
