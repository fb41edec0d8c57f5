"""The editor names a click on its map after the nearest place of the project's data, within 50 km."""

from __future__ import annotations

from geodata.catalog import Layer, LayerCatalog, LayerFeature, nearest_place


def _places(*points: tuple[str, float, float]) -> LayerCatalog:
    features = {name.lower(): LayerFeature(name.lower(), name, (lat, lon, lat, lon)) for name, lat, lon in points}
    return LayerCatalog({"places": Layer("places", "point", features, (40.0, 50.0, 50.0, 80.0))}, {})


def test_a_click_is_named_after_the_nearest_place_of_two():
    catalog = _places(("Zhanaozen", 43.34, 52.86), ("Aktau", 43.65, 51.17))
    assert nearest_place(catalog, 43.30, 52.80) == "Zhanaozen"
    assert nearest_place(catalog, 43.60, 51.20) == "Aktau"


def test_a_click_farther_than_50_km_from_every_place_has_no_name():
    catalog = _places(("Zhanaozen", 43.34, 52.86))
    # Half a degree of latitude is about 56 km.
    assert nearest_place(catalog, 43.84, 52.86) is None
    assert nearest_place(catalog, 43.70, 52.86) == "Zhanaozen"


def test_a_catalog_without_places_names_nothing():
    assert nearest_place(LayerCatalog({}, {}), 43.3, 52.8) is None
