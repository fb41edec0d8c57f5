"""Stage 2: every country polygon from one shared topology, simplified arc by arc by tier.

Neighbours keep identical borders and never overlap; the detail kept depends on where a
border lies (the story's own region keeps the most).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import geopandas
import numpy as np
import shapely
import topojson
from shapely.geometry import LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geodata.build import DECIMALS, GRID, BuildError


@dataclass(frozen=True)
class Tier:
    """How much detail the countries keep in one part of the world."""

    name: str
    tolerance: float  # degrees, Douglas-Peucker on the shared arcs
    min_area: float  # deg²: smaller islands and holes are dropped (a country always keeps its largest part)
    boxes: tuple[tuple[float, float, float, float], ...]  # west, south, east, north; () = everywhere else


TIERS: tuple[Tier, ...] = (
    # Kazakhstan, its neighbours, the Caucasus and Belarus: the story's own map, zooms 4-7.
    Tier("near", 0.03, 0.01, ((40.0, 36.0, 92.0, 58.0), (23.0, 51.0, 33.0, 57.0))),
    # Europe, the rest of Central Asia and the contiguous USA (New York, Houston): zooms 3-5.
    Tier("middle", 0.15, 0.4, ((-12.0, 25.0, 110.0, 65.0), (-125.0, 24.0, -66.0, 50.0))),
    Tier("far", 0.6, 3.0, ()),
)
REGION_TOLERANCE = 0.03  # the regions' inner borders, as the "near" tier


def tier_index(bounds: Sequence[float]) -> int:
    west, south, east, north = bounds
    for index, tier in enumerate(TIERS):
        if not tier.boxes or any(
            west <= b_east and east >= b_west and south <= b_north and north >= b_south
            for b_west, b_south, b_east, b_north in tier.boxes
        ):
            return index
    return len(TIERS) - 1


def tier_of_points(points: np.ndarray) -> np.ndarray:
    """The tier index of each (lon, lat) point."""
    result = np.full(len(points), len(TIERS) - 1)
    for index in reversed(range(len(TIERS) - 1)):
        for west, south, east, north in TIERS[index].boxes:
            inside = (points[:, 0] >= west) & (points[:, 0] <= east) & (points[:, 1] >= south) & (points[:, 1] <= north)
            result[inside] = index
    return result


def _parts(geometry: BaseGeometry) -> list[Polygon]:
    """The polygons of a region's (multi)polygon."""
    if geometry.is_empty:
        return []
    return list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [cast(Polygon, geometry)]


def _multi(parts: list[Polygon]) -> Polygon | MultiPolygon:
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def drop_small_parts(geometries: list[BaseGeometry]) -> list[BaseGeometry]:
    """Leave out islands and holes too small for their tier; keep enclaves and each largest part."""
    tree = shapely.STRtree(geometries)
    result: list[BaseGeometry] = []
    for index, geometry in enumerate(geometries):
        parts = _parts(geometry)
        largest = max(parts, key=lambda part: part.area)
        kept = []
        for part in parts:
            minimum = TIERS[tier_index(part.bounds)].min_area
            if part is not largest and part.area < minimum:
                continue
            holes = []
            for ring in part.interiors:
                hole = Polygon(ring)
                others = [other for other in tree.query(hole, predicate="intersects") if other != index]
                enclave = any(shapely.intersection(hole, geometries[other]).area > 0 for other in others)
                if enclave or hole.area >= minimum:
                    holes.append(ring)
            kept.append(Polygon(part.exterior, holes))
        result.append(_multi(kept))
    return result


def _round_arc(coordinates: Any) -> np.ndarray:
    array = np.round(np.asarray(coordinates, dtype=float), DECIMALS)
    keep = np.ones(len(array), dtype=bool)
    keep[1:] = np.any(array[1:] != array[:-1], axis=1)
    return array[keep]


@dataclass
class SharedPolygons:
    """Polygons drawn from one set of shared border pieces (see `simplify_shared`)."""

    pieces: list[np.ndarray]  # coordinates of each border piece
    ring_specs: list[list[list[list[int]]]]  # per polygon: parts -> rings -> pieces (~i reversed)
    polygons: list[BaseGeometry]

    def insert_vertices(self, index: int, points: np.ndarray) -> None:
        """Put `points` (each within a grid step of polygon `index`'s border) into that border.

        The pieces are shared, so the neighbours get the same vertices and stay flush.
        """
        own = sorted({ref if ref >= 0 else ~ref for rings in self.ring_specs[index] for refs in rings for ref in refs})
        segments = [(piece, k) for piece in own for k in range(len(self.pieces[piece]) - 1)]
        starts = np.array([self.pieces[piece][k] for piece, k in segments])
        ends = np.array([self.pieces[piece][k + 1] for piece, k in segments])
        additions: dict[tuple[int, int], list[tuple[float, tuple[float, float]]]] = {}
        for x, y in np.asarray(points).tolist():
            along, offset = _segment_position(starts, ends, np.array([x, y]))
            best = int(np.argmin(offset))
            if offset[best] > GRID or not 0 < along[best] < 1:
                raise BuildError(f"({x}, {y}) is not on the border of polygon {index}")
            additions.setdefault(segments[best], []).append((float(along[best]), (x, y)))
        for piece in own:
            inserts = {k: sorted(found) for (p, k), found in additions.items() if p == piece}
            if inserts:
                coordinates = []
                for k, vertex in enumerate(self.pieces[piece].tolist()):
                    coordinates.append(vertex)
                    coordinates += [list(point) for _, point in inserts.get(k, [])]
                self.pieces[piece] = np.array(coordinates)
        self.polygons = [_assemble(specs, self.pieces)[0] for specs in self.ring_specs]
        lines = [LineString(piece) for piece in self.pieces]
        if any(not polygon.is_valid for polygon in self.polygons) or _overlap_pieces(
            self.polygons, self.ring_specs, lines
        ):
            raise BuildError(f"inserting vertices into polygon {index} broke the topology")


def _segment_position(starts: np.ndarray, ends: np.ndarray, point: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where `point` projects onto each segment (0..1 from start to end) and how far it is from it."""
    direction = ends - starts
    length2 = np.maximum((direction**2).sum(axis=1), 1e-30)
    along = ((point - starts) * direction).sum(axis=1) / length2
    nearest = starts + np.clip(along, 0, 1)[:, None] * direction
    return along, np.sqrt(((point - nearest) ** 2).sum(axis=1))


def simplify_shared(
    geometries: list[BaseGeometry], tolerances: Sequence[float], level_of: Callable[[np.ndarray], np.ndarray]
) -> SharedPolygons:
    """Simplify polygons that share borders so that the borders stay shared.

    topojson cuts the polygons into arcs between junctions; each arc is rounded to the
    output grid and cut again where its detail level changes (`level_of` gives each vertex
    an index into `tolerances`; tolerance 0 is the unsimplified line). Every piece is then
    simplified once per tolerance by GEOS's topology-preserving simplifier, run over all
    pieces at once, so pieces of one tolerance never cross and their ends stay put. Where
    pieces of different levels cross, or a rebuilt polygon is invalid or overlaps another,
    the pieces involved fall back one level, until nothing is wrong.
    """
    frame = geopandas.GeoDataFrame({"n": range(len(geometries))}, geometry=geometries, crs="EPSG:4326")
    topology = topojson.Topology(frame, prequantize=False, topology=True).output
    pieces: list[np.ndarray] = []
    levels: list[int] = []
    arc_pieces: list[list[int]] = []
    for arc in topology["arcs"]:
        coordinates = _round_arc(arc)
        if len(coordinates) < 2:  # an arc shorter than a grid step
            coordinates = np.repeat(coordinates, 2, axis=0)
        vertex_levels = np.asarray(level_of(coordinates), dtype=int)
        cuts = (np.flatnonzero(vertex_levels[1:] != vertex_levels[:-1]) + 1).tolist()
        indices = []
        for start, end in zip([0, *cuts], [*cuts, len(coordinates) - 1], strict=True):
            if end > start:
                indices.append(len(pieces))
                pieces.append(coordinates[start : end + 1])
                levels.append(int(vertex_levels[start]))
        arc_pieces.append(indices)
    versions = [pieces]
    originals = MultiLineString([LineString(piece) for piece in pieces])
    for tolerance in tolerances[1:]:
        simplified = shapely.simplify(originals, tolerance, preserve_topology=True)
        versions.append([_round_arc(shapely.get_coordinates(line)) for line in simplified.geoms])
    level = np.array(levels, dtype=int)
    ring_specs = [_ring_specs(item, arc_pieces) for item in topology["objects"]["data"]["geometries"]]

    for _ in range(100):
        current = [versions[level[i]][i] for i in range(len(pieces))]
        lines = [LineString(piece) for piece in current]
        demote = _crossing_pieces(lines, level)
        polygons: list[BaseGeometry] = []
        for specs in ring_specs:
            polygon, bad_pieces = _assemble(specs, current)
            polygons.append(polygon)
            demote |= bad_pieces
        demote |= _overlap_pieces(polygons, ring_specs, lines)
        if not demote:
            break
        if all(level[i] == 0 for i in demote):
            raise BuildError(f"border pieces {sorted(demote)[:10]} cross or overlap even unsimplified")
        for i in demote:
            level[i] = max(level[i] - 1, 0)
    else:
        raise BuildError("the shared simplification did not settle after 100 rounds")
    if any(polygon.is_empty for polygon in polygons):
        raise BuildError("a polygon vanished in the simplification")
    return SharedPolygons(current, ring_specs, polygons)


def _ring_specs(item: dict[str, Any], arc_pieces: list[list[int]]) -> list[list[list[int]]]:
    """A topojson (Multi)Polygon as polygons -> rings -> pieces (~i: piece i reversed)."""
    if item["type"] == "Polygon":
        polygons = [item["arcs"]]
    elif item["type"] == "MultiPolygon":
        polygons = item["arcs"]
    else:
        raise BuildError(f"unexpected geometry {item['type']} in the topology")
    return [[_ring_pieces(refs, arc_pieces) for refs in rings] for rings in polygons]


def _ring_pieces(references: list[int], arc_pieces: list[list[int]]) -> list[int]:
    result: list[int] = []
    for ref in references:
        result += arc_pieces[ref] if ref >= 0 else [~piece for piece in reversed(arc_pieces[~ref])]
    return result


def _ring(references: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    pieces = [arcs[ref] if ref >= 0 else arcs[~ref][::-1] for ref in references]
    ring = np.concatenate([pieces[0], *[piece[1:] for piece in pieces[1:]]])
    return _round_arc(ring)


def _piece_ids(references: list[int]) -> set[int]:
    return {ref if ref >= 0 else ~ref for ref in references}


def _assemble(specs: list[list[list[int]]], arcs: list[np.ndarray]) -> tuple[BaseGeometry, set[int]]:
    """The polygon from its border pieces, and the pieces to simplify less where it is broken."""
    parts: list[Polygon] = []
    bad: set[int] = set()
    for rings in specs:
        coordinates = [_ring(refs, arcs) for refs in rings]
        if any(len(ring) < 4 for ring in coordinates):
            bad |= {arc for refs in rings for arc in _piece_ids(refs)}
            continue
        part = Polygon(coordinates[0], coordinates[1:])
        if not part.is_valid:
            where = _invalid_location(part)
            for refs in rings:
                for arc in _piece_ids(refs):
                    if where is None or shapely.distance(LineString(arcs[arc]), where) < 1e-9:
                        bad.add(arc)
        parts.append(part)
    if not parts:
        return Polygon(), bad
    polygon = _multi(parts)
    if not bad and not polygon.is_valid:  # parts that overlap one another
        bad |= {arc for rings in specs for refs in rings for arc in _piece_ids(refs)}
    return polygon, bad


def _invalid_location(geometry: BaseGeometry) -> Point | None:
    match = re.search(r"\[(\S+) (\S+)\]", shapely.is_valid_reason(geometry))
    return Point(float(match[1]), float(match[2])) if match else None


def _crossing_pieces(lines: list[LineString], level: np.ndarray) -> set[int]:
    """Pieces that meet another piece anywhere but at a shared end (a junction)."""
    tree = shapely.STRtree(lines)
    first, second = tree.query(lines, predicate="intersects")
    bad: set[int] = set()
    for a, b in zip(first.tolist(), second.tolist(), strict=True):
        if a >= b:
            continue
        ends = {lines[a].coords[0], lines[a].coords[-1]} & {lines[b].coords[0], lines[b].coords[-1]}
        meeting = shapely.intersection(lines[a], lines[b])
        if not shapely.difference(meeting, MultiPoint(sorted(ends))).is_empty:
            bad |= {a, b} if level[a] == level[b] else {a if level[a] > level[b] else b}
    return bad


def _overlap_pieces(
    polygons: list[BaseGeometry], specs: list[list[list[list[int]]]], lines: list[LineString]
) -> set[int]:
    valid = [polygon if polygon.is_valid else Polygon() for polygon in polygons]
    tree = shapely.STRtree(valid)
    first, second = tree.query(valid, predicate="intersects")
    bad: set[int] = set()
    for a, b in zip(first.tolist(), second.tolist(), strict=True):
        if a >= b:
            continue
        overlap = shapely.intersection(valid[a], valid[b])
        if overlap.area > 0:
            for index in (a, b):
                for rings in specs[index]:
                    for refs in rings:
                        bad |= {arc for arc in _piece_ids(refs) if shapely.intersects(lines[arc], overlap)}
    return bad
