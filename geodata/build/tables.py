"""The tables written by hand, read from the data files in geodata/data/.

- `regions.csv`: Kazakhstan's 16 regions as QGIS's Natural Earth 4.1.0 names them (`ne_name`),
  with the FIPS code as a guard, the ISO 3166-2:KZ code current in January 2022 (the story's
  time; ISO has revised the Kazakh codes since), and the English, Russian and Kazakh names.
  "South Kazakhstan" is NE's pre-2018 region: in 2018 it became Turkistan Region and the city
  of Shymkent; NE 4.1.0 has them as one polygon, named for both.
- `places.csv`: every point the story names. Cities are resolved by GeoNames id (the build
  checks each chosen Russian and Kazakh spelling against GeoNames' alternate names); points
  without a GeoNames record carry their own coordinates (geodata-sources.md).
- `country-names.csv`: every country's short name in English, Russian (as used in
  Kazakhstan: Беларусь, Кыргызстан) and Kazakh.
- `feature-names.csv`: the names of the features of the deployments and tengiz-field layers.
- `csto-contingents.yaml`: the CSTO's contingents, as the flagship story gives them.
- `protests-2022-01.yaml`: the protests, clashes and strikes reported at each place on each day
  of 2-11 January 2022, each with its sources (publisher, address, kind and a short quotation);
  a place not in `places.csv` carries its GeoNames id and names.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from geodata.build import DATA_DIR, BuildError

DEPLOYMENT_TARGET = "almaty"
LAYER_IDS = (
    "world",
    "kazakhstan",
    "kazakhstan-regions",
    "csto-members",
    "places",
    "deployments",
    "tengiz-field",
    "protests-2022-01",
    "cities-detail",
)
PROTEST_KINDS = ("protest", "clash", "strike")
# A source's kind, named as the story format names it (story/format/model.py, SourceKind).
SOURCE_KINDS = ("independent", "ngo", "official", "state-media", "partisan", "encyclopedia", "scholarly")
DEPLOYMENT_POINTS = 50  # per line, both ends included


@dataclass(frozen=True)
class Region:
    ne_name: str
    id: str
    fips: str
    name: str
    name_ru: str
    name_kk: str


@dataclass(frozen=True)
class PlaceEntry:
    id: str
    geonames_id: int | None
    name: str
    name_ru: str
    name_kk: str
    site: tuple[float, float, str] | None = None  # lat, lon, country: only for places without a GeoNames id


def _rows(name: str, data_dir: Path) -> list[dict[str, str]]:
    path = data_dir / name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for number, row in enumerate(rows, start=2):
        if any(value is None for value in row.values()) or None in row:
            raise BuildError(f"{path}:{number}: the row has not the columns of the header")
    return rows


def regions(data_dir: Path = DATA_DIR) -> dict[str, Region]:
    """The regions by their Natural Earth name."""
    return {row["ne_name"]: Region(**row) for row in _rows("regions.csv", data_dir)}


def places(data_dir: Path = DATA_DIR) -> tuple[PlaceEntry, ...]:
    entries = []
    for row in _rows("places.csv", data_dir):
        site = (float(row["lat"]), float(row["lon"]), row["country"]) if not row["geonames_id"] else None
        geonames_id = int(row["geonames_id"]) if row["geonames_id"] else None
        entries.append(PlaceEntry(row["id"], geonames_id, row["name"], row["name_ru"], row["name_kk"], site))
    return tuple(entries)


def country_names(data_dir: Path = DATA_DIR) -> dict[str, dict[str, str]]:
    """{ISO3 id: {name, name_ru, name_kk}}."""
    names = {}
    for row in _rows("country-names.csv", data_dir):
        if not all(row[key].strip() for key in ("name", "name_ru", "name_kk")):
            raise BuildError(f"country-names.csv: {row['id']} has an empty name")
        names[row["id"]] = {"name": row["name"], "name_ru": row["name_ru"], "name_kk": row["name_kk"]}
    return names


def feature_names(data_dir: Path = DATA_DIR) -> dict[tuple[str, str], dict[str, str]]:
    """{(layer id, feature id): {name, name_ru, name_kk}}."""
    return {
        (row["layer"], row["id"]): {"name": row["name"], "name_ru": row["name_ru"], "name_kk": row["name_kk"]}
        for row in _rows("feature-names.csv", data_dir)
    }


def csto_contingents(data_dir: Path = DATA_DIR) -> list[dict[str, Any]]:
    return YAML(typ="safe", pure=True).load((data_dir / "csto-contingents.yaml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ProtestEntry:
    place: str
    name: str
    start: str  # ISO dates; a report of one day has start == end
    end: str
    kind: str
    disputed: bool
    note: str
    sources: tuple[dict[str, Any], ...]
    geonames_id: int | None = None  # only for a place not in places.csv
    name_ru: str | None = None
    name_kk: str | None = None


def protests(data_dir: Path = DATA_DIR) -> tuple[ProtestEntry, ...]:
    """The protests table, checked: every entry a kind, dates in order, and at least one source with an
    address and a kind; dates as ISO text (YAML reads an unquoted date as a date)."""
    path = data_dir / "protests-2022-01.yaml"
    rows = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    entries = []
    for number, row in enumerate(rows, start=1):
        where = f"{path.name}: entry {number} ({row.get('place')})"
        start, end = (row["date"], row["date"]) if "date" in row else (row.get("start"), row.get("end"))
        if start is None or end is None or str(start) > str(end):
            raise BuildError(f"{where}: give a date, or a start and an end in order")
        if row.get("kind") not in PROTEST_KINDS:
            raise BuildError(f"{where}: kind must be one of {', '.join(PROTEST_KINDS)}")
        sources = row.get("sources") or []
        if not sources:
            raise BuildError(f"{where}: every report needs a source")
        for source in sources:
            if (
                not str(source.get("url", "")).startswith(("https://", "http://"))
                or source.get("kind") not in SOURCE_KINDS
            ):
                raise BuildError(f"{where}: each source needs a web address and a kind ({', '.join(SOURCE_KINDS)})")
        entries.append(
            ProtestEntry(
                place=row["place"],
                name=row["name"],
                start=str(start),
                end=str(end),
                kind=row["kind"],
                disputed=bool(row.get("disputed")),
                note=str(row.get("note") or ""),
                sources=tuple(
                    {key: None if source.get(key) is None else str(source[key]) for key in SOURCE_FIELDS}
                    for source in sources
                ),
                geonames_id=row.get("geonames_id"),
                name_ru=row.get("name_ru"),
                name_kk=row.get("name_kk"),
            )
        )
    return tuple(entries)


SOURCE_FIELDS = ("title", "publisher", "date", "url", "kind", "quote")
