"""Places by name and by map for the editor: the gazetteer (geodata/gazetteer.tsv, GeoNames' towns of the
story's region with names in en, ru and kk) searched by name, the nearest place to a click, and the
names the editor's map shows at each zoom.

A name matches whatever its case and diacritics, and Kazakh letters match their Russian look-alikes
(ң = н, ө = о, қ = к...), so "Жанаозен" finds Жаңаөзен. Matches rank by how well they match (the
whole name in en, ru or kk, then the start of one or an alternate name, then a word's start), then by
population.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geodata.catalog import GAZETTEER_COLUMNS, GAZETTEER_NAME, GEODATA_DIR, LayerCatalog

LANGUAGES = ("en", "ru", "kk")
# Layers of the project's own places, named in each language: offered before the gazetteer's towns.
OWN_LAYERS = ("places", "cities-detail")
# Kazakh letters read as the Russian letters they look like, and ё, й as е, и: a teacher types either.
_FOLDED = str.maketrans("әғқңөұүһіёй", "агкноуухиеи")
_NOT_A_LETTER = re.compile(r"[^\w]+")
# How well a spelling matches, best first.
WHOLE, START, WORD = 0, 1, 2


def fold(text: str) -> str:
    """A name as it is compared: lowercase, without diacritics, Kazakh letters as Russian, words apart."""
    lowered = text.casefold().translate(_FOLDED)
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    # NFKD splits й and ё too: fold again once the marks are gone.
    return " ".join(_NOT_A_LETTER.sub(" ", plain.translate(_FOLDED)).split())


@dataclass(frozen=True)
class Place:
    """One town of the gazetteer."""

    geonames_id: int
    lat: float
    lon: float
    population: int
    country: str
    names: dict[str, str]  # language -> name
    spellings: tuple[str, ...]  # its names in en, ru, kk, folded
    others: tuple[str, ...]  # its alternate names, folded

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names["en"]


@dataclass(frozen=True)
class Match:
    """A place found: its name in the editor's language, and the spelling that matched if another."""

    geonames_id: int
    name: str
    lat: float
    lon: float
    population: int
    country: str
    matched: str = ""


@lru_cache(maxsize=4)
def load_gazetteer(path: Path = GEODATA_DIR / GAZETTEER_NAME) -> tuple[Place, ...]:
    """The gazetteer's places, read once; none if the file is missing (the editor then finds nothing)."""
    if not path.exists():
        return ()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(rows.fieldnames or ()) != GAZETTEER_COLUMNS:
            return ()
        places = []
        for row in rows:
            names = {"en": row["name"], "ru": row["name_ru"], "kk": row["name_kk"]}
            spellings = tuple(dict.fromkeys(fold(name) for name in names.values()))
            others = tuple(dict.fromkeys(fold(name) for name in row["alternate_names"].split("|") if name))
            places.append(
                Place(
                    int(row["geonames_id"]),
                    float(row["lat"]),
                    float(row["lon"]),
                    int(row["population"]),
                    row["country"],
                    names,
                    spellings,
                    others,
                )
            )
    return tuple(places)


def _quality(query: str, spelling: str, alternate: bool) -> int | None:
    # An alternate name typed whole counts as a start: "Almat", an old name of Almetyevsk, must not
    # come before Almaty.
    if spelling == query:
        return START if alternate else WHOLE
    if spelling.startswith(query):
        return START
    if f" {query}" in f" {spelling}":
        return WORD
    return None


def search(query: str, language: str, limit: int = 8, places: tuple[Place, ...] | None = None) -> list[Match]:
    """Places whose name (in any language, or an alternate name) matches `query`, best first."""
    wanted = fold(query)
    if not wanted:
        return []
    found: list[tuple[int, int, Place, str]] = []
    for place in load_gazetteer() if places is None else places:
        best = None
        for spelling, alternate in [*((s, False) for s in place.spellings), *((s, True) for s in place.others)]:
            quality = _quality(wanted, spelling, alternate)
            if quality is not None and (best is None or quality < best[0]):
                best = (quality, spelling)
        if best is not None:
            found.append((best[0], -place.population, place, best[1]))
    found.sort(key=lambda item: (item[0], item[1], item[2].geonames_id))
    return [_match(place, language, spelling) for _, _, place, spelling in found[:limit]]


def _match(place: Place, language: str, spelling: str = "") -> Match:
    name = place.name(language)
    matched = "" if spelling in {"", fold(name)} else spelling
    return Match(place.geonames_id, name, place.lat, place.lon, place.population, place.country, matched)


def reach_km(zoom: float) -> float:
    """How far from a click a place may be to name it: about 5 km at city zoom (10), more when zoomed out."""
    return min(200.0, max(1.0, 5.0 * 2 ** (10.0 - zoom)))


def _km(lat: float, lon: float, here_lat: float, here_lon: float) -> float:
    # Flat-earth distance: near enough for naming a click.
    return 111.2 * math.hypot(here_lat - lat, (here_lon - lon) * math.cos(math.radians(lat)))


def nearest(
    lat: float,
    lon: float,
    language: str,
    zoom: float = 10.0,
    catalog: LayerCatalog | None = None,
    places: tuple[Place, ...] | None = None,
) -> Match | None:
    """The place nearest to a click within `reach_km(zoom)`, named in `language`: the project's own
    places (`catalog`'s places and city detail) before the gazetteer's towns at the same distance."""
    best: tuple[float, Match] | None = None
    within = reach_km(zoom)
    for layer_id in OWN_LAYERS:
        layer = catalog.layers.get(layer_id) if catalog is not None else None
        for feature in layer.features.values() if layer is not None else ():
            south, west, north, east = feature.bounds  # a point's bounds are the point
            here_lat, here_lon = (south + north) / 2, (west + east) / 2
            km = _km(lat, lon, here_lat, here_lon)
            if km <= within and (best is None or km < best[0]):
                name = feature.names.get(language) or feature.name
                best = (km, Match(0, name, here_lat, here_lon, 0, ""))
    for place in load_gazetteer() if places is None else places:
        km = _km(lat, lon, place.lat, place.lon)
        # A town named by the project already stands above at the same spot, in the same words.
        if km <= within and (best is None or km < best[0] - 0.01):
            best = (km, _match(place, language))
    return best[1] if best is not None else None


def label_min_zoom(population: int) -> int:
    """From which zoom the editor's map names a town: the larger, the sooner."""
    for floor, zoom in ((500_000, 4), (200_000, 5), (100_000, 6), (50_000, 7), (20_000, 8), (5_000, 9)):
        if population >= floor:
            return zoom
    return 10


def map_labels(language: str, places: tuple[Place, ...] | None = None) -> list[tuple[float, float, str, int]]:
    """Every town as the editor's map labels it: lat, lon, name in `language`, the zoom it shows from;
    the larger first (the map drops a label that would cover one already placed)."""
    ordered = sorted(load_gazetteer() if places is None else places, key=lambda p: (-p.population, p.geonames_id))
    return [(p.lat, p.lon, p.name(language), label_min_zoom(p.population)) for p in ordered]


# The project's own points (a square, an airport) are named from city zoom on, as the reader's map does.
OWN_LABEL_ZOOM = 10


def own_labels(catalog: LayerCatalog, language: str) -> list[tuple[float, float, str, int]]:
    """The project's own places and city detail as the editor's map labels them (before the towns)."""
    labels = []
    for layer_id in OWN_LAYERS:
        layer = catalog.layers.get(layer_id)
        for feature in layer.features.values() if layer is not None else ():
            south, west, north, east = feature.bounds
            name = feature.names.get(language) or feature.name
            labels.append(((south + north) / 2, (west + east) / 2, name, OWN_LABEL_ZOOM))
    return labels


def view_moved_to(seen: object, step_key: str) -> dict[str, float] | None:
    """The view the teacher moved the map of step `step_key` to, as the map reported it; None while she
    has not moved it on this step (a view taken on another step is never this one's)."""
    if not isinstance(seen, dict) or seen.get("step") != step_key:
        return None
    try:
        return {"lat": float(seen["lat"]), "lon": float(seen["lon"]), "zoom": float(seen["zoom"])}
    except (KeyError, TypeError, ValueError):
        return None
