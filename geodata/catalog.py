"""The geodata layers the app can show, read from the committed GeoJSON files.

A layer is `geodata/<layer id>.geojson`; `geodata/manifest.json` (written by
`geodata/build/`) lists the layers the build produced, so that a built layer
whose file went missing is reported as missing rather than unknown. The browser
reads the copies published under `static/geodata/`.

A broken layer never stops the story: it is left out and named in `problems`.
The app reads `geodata/` unless the environment variable QANTAR_GEODATA_DIR names
another folder (a deployment's own copy, or a test's damaged one).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

GEODATA_DIR = Path(__file__).resolve().parent
PUBLISHED_DIR = GEODATA_DIR.parent / "static" / "geodata"
MANIFEST_NAME = "manifest.json"
# Named points the offline map labels at city zoom on any story (static/storymap/layers.js BASEMAP_DETAIL).
BASEMAP_DETAIL_LAYER = "cities-detail"
GEODATA_DIR_ENV = "QANTAR_GEODATA_DIR"
# GeoNames' towns of the story's region with names in en, ru and kk, for the editor's search
# (geodata/build/gazetteer.py); read by story/editor/places.py.
GAZETTEER_NAME = "gazetteer.tsv"
GAZETTEER_COLUMNS = (
    "geonames_id",
    "lat",
    "lon",
    "population",
    "country",
    "name",
    "name_ru",
    "name_kk",
    "alternate_names",
)

Bounds = tuple[float, float, float, float]  # south, west, north, east


def N_(message: str) -> str:  # noqa: N802 -- the name `pybabel extract` looks for
    """Marks an interface string for `pybabel extract`; the credits translate it where they are shown."""
    return message


# Shown in the app's credits and on the map; required by the data licences (SOURCES.md). The
# words are interface strings (the catalogs translate them); the names stay as the projects write them.
ATTRIBUTIONS: list[tuple[str, str]] = [
    (N_("Borders and regions: Natural Earth (public domain)"), "https://www.naturalearthdata.com/"),
    (N_("Places: GeoNames, licensed under CC BY 4.0"), "https://www.geonames.org/"),
]
MAP_ATTRIBUTION = "Natural Earth | GeoNames (CC BY 4.0)"


@dataclass(frozen=True)
class LayerFeature:
    id: str
    name: str
    bounds: Bounds
    names: dict[str, str] = field(default_factory=dict)  # language -> name


@dataclass(frozen=True)
class Layer:
    id: str
    geometry_type: str  # "polygon", "line" or "point"
    features: dict[str, LayerFeature]
    bounds: Bounds
    # The first and last day its features carry (`start`, `end`, ISO), for a layer that changes with dates.
    days: tuple[str, str] | None = None

    def bounds_of(self, feature_ids: list[str] | None = None) -> Bounds:
        """Bounds of the whole layer, or of some of its features."""
        if not feature_ids:
            return self.bounds
        return union_bounds([self.features[fid].bounds for fid in feature_ids if fid in self.features])


@dataclass(frozen=True)
class LayerCatalog:
    layers: dict[str, Layer]
    problems: dict[str, str]  # layer id -> why it cannot be shown

    @property
    def known_ids(self) -> set[str]:
        """Layers a story may name: those that loaded and those that are broken."""
        return set(self.layers) | set(self.problems)


def union_bounds(all_bounds: list[Bounds]) -> Bounds:
    if not all_bounds:
        raise ValueError("no bounds to combine")
    return (
        min(b[0] for b in all_bounds),
        min(b[1] for b in all_bounds),
        max(b[2] for b in all_bounds),
        max(b[3] for b in all_bounds),
    )


def load_catalog(directory: Path = GEODATA_DIR) -> LayerCatalog:
    """Read every layer in `directory`; a broken one lands in `problems`, not in an exception."""
    expected = _manifest_layer_ids(directory)
    present = {path.stem: path for path in sorted(directory.glob("*.geojson"))}
    layers: dict[str, Layer] = {}
    problems: dict[str, str] = {}
    for layer_id in sorted(expected | set(present)):
        path = present.get(layer_id)
        if path is None:
            problems[layer_id] = f"the file {directory.name}/{layer_id}.geojson is missing"
            continue
        try:
            layers[layer_id] = read_layer(layer_id, path)
        except json.JSONDecodeError as error:
            problems[layer_id] = (
                f"{directory.name}/{path.name} cannot be read: not valid JSON (cut short or damaged?): "
                f"{error.msg} at line {error.lineno}, column {error.colno}"
            )
        except UnicodeDecodeError as error:
            problems[layer_id] = f"{directory.name}/{path.name} cannot be read: not UTF-8 text (byte {error.start})"
        except (OSError, ValueError, TypeError, KeyError) as error:
            problems[layer_id] = f"{directory.name}/{path.name} cannot be read: {error}"
    return LayerCatalog(layers, problems)


def geodata_dir() -> Path:
    """The folder the app reads layers from: $QANTAR_GEODATA_DIR, else `geodata/`."""
    configured = os.environ.get(GEODATA_DIR_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else GEODATA_DIR


def cached_catalog(directory: Path | None = None) -> LayerCatalog:
    """The catalog of `directory` (default: `geodata_dir()`), read once per folder."""
    return _cached_catalog(directory or geodata_dir())


@lru_cache(maxsize=4)
def _cached_catalog(directory: Path) -> LayerCatalog:
    return load_catalog(directory)


def _manifest_layer_ids(directory: Path) -> set[str]:
    try:
        manifest = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
        return {entry["id"] for entry in manifest["layers"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def read_layer(layer_id: str, path: Path) -> Layer:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError("not a GeoJSON FeatureCollection")
    features: dict[str, LayerFeature] = {}
    geometry_types: set[str] = set()
    days: list[str] = []
    for number, feature in enumerate(data.get("features") or []):
        properties = feature.get("properties") or {}
        feature_id = str(properties.get("id") or "")
        if not feature_id:
            raise ValueError(f"feature {number} has no 'id' property")
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in _GEOMETRY_TYPES:
            raise ValueError(f"feature '{feature_id}' has no geometry of a known type")
        positions = list(_positions(geometry.get("coordinates")))
        if not positions:
            raise ValueError(f"feature '{feature_id}' has an empty geometry")
        geometry_types.add(_geometry_family(geometry["type"]))
        days.extend(str(properties[key]) for key in ("start", "end", "date") if properties.get(key))
        west, south = min(p[0] for p in positions), min(p[1] for p in positions)
        east, north = max(p[0] for p in positions), max(p[1] for p in positions)
        names = {
            key.removeprefix("name_"): value
            for key, value in properties.items()
            if key.startswith("name_") and isinstance(value, str) and value
        }
        features[feature_id] = LayerFeature(
            id=feature_id,
            name=str(properties.get("name") or feature_id),
            bounds=(south, west, north, east),
            names=names,
        )
    if not features:
        raise ValueError("the layer has no features")
    family = geometry_types.pop() if len(geometry_types) == 1 else "mixed"
    return Layer(
        id=layer_id,
        geometry_type=family,
        features=features,
        bounds=union_bounds([f.bounds for f in features.values()]),
        days=(min(days), max(days)) if days else None,
    )


# Bounds are all the app needs of a shape: read from the coordinates, with no geometry
# library, so that checking a story stays quick to start.
_GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


def _positions(coordinates: object) -> Iterator[tuple[float, float]]:
    """Every (lon, lat) of a GeoJSON geometry's nested coordinate lists; ValueError on anything else."""
    if not isinstance(coordinates, list):
        raise ValueError("coordinates must be lists of numbers")
    if coordinates and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in coordinates):
        if len(coordinates) < 2:
            raise ValueError("a position needs a longitude and a latitude")
        yield float(coordinates[0]), float(coordinates[1])
        return
    for part in coordinates:
        yield from _positions(part)


def _geometry_family(geom_type: str) -> str:
    if "Polygon" in geom_type:
        return "polygon"
    if "LineString" in geom_type:
        return "line"
    return "point"


def report_publishers(layer_ids: list[str], published_dir: Path = PUBLISHED_DIR) -> set[str]:
    """The publishers the reports of these layers name (the protests of January 2022), as the browser reads them."""
    names: set[str] = set()
    for layer_id in layer_ids:
        path = published_dir / f"{layer_id}.json"
        if not path.exists():
            continue
        for feature in json.loads(path.read_text(encoding="utf-8")).get("features", []):
            sources = feature.get("properties", {}).get("sources")
            if isinstance(sources, list):
                names |= {s["publisher"] for s in sources if isinstance(s, dict) and s.get("publisher")}
    return names
