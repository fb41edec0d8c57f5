"""The editor finds a place by its name in any of the story's languages, and names a click on its map
after the nearest place, in the editor's language (issue 31: a Russian story was offered "Almaty")."""

from __future__ import annotations

import pytest

from geodata.catalog import GAZETTEER_NAME, GEODATA_DIR, Layer, LayerCatalog, LayerFeature
from story.editor.places import (
    fold,
    load_gazetteer,
    map_labels,
    nearest,
    own_labels,
    reach_km,
    search,
    view_moved_to,
)

ALMATY = 1526384
ZHANAOZEN = 607610


def test_the_gazetteer_ships_with_the_geodata_and_stays_small():
    size = (GEODATA_DIR / GAZETTEER_NAME).stat().st_size
    assert size < 1_500_000
    countries = {place.country for place in load_gazetteer()}
    assert {"KZ", "KG", "UZ", "TM", "TJ", "RU", "CN"} <= countries
    assert sum(place.country == "KZ" for place in load_gazetteer()) > 300


@pytest.mark.parametrize(
    ("query", "language", "name"),
    [("Алм", "ru", "Алматы"), ("Алмат", "kk", "Алматы"), ("almaty", "en", "Almaty"), ("ALMA", "en", "Almaty")],
)
def test_a_start_of_almaty_finds_it_first(query: str, language: str, name: str):
    first = search(query, language)[0]
    assert (first.geonames_id, first.name) == (ALMATY, name)


@pytest.mark.parametrize("query", ["Жанаозен", "Жаңаөзен", "Zhanaozen", "zhanaozen", "Новый Узень"])
def test_zhanaozen_is_found_by_any_of_its_spellings(query: str):
    first = search(query, "kk")[0]
    assert (first.geonames_id, first.name) == (ZHANAOZEN, "Жаңаөзен")


def test_a_match_by_an_old_name_says_which_spelling_matched():
    first = search("Верный", "ru")[0]
    assert (first.name, first.matched) == ("Алматы", fold("Верный"))


def test_a_whole_name_ranks_before_a_larger_town_whose_name_starts_so():
    names = [match.name for match in search("Талгар", "ru")]
    assert names[0] == "Талгар"


def test_a_word_inside_a_name_matches_but_not_the_middle_of_a_word():
    assert any(match.name == "Жаңаөзен" for match in search("узень", "kk"))  # "Новый Узень"
    assert not any(match.geonames_id == ALMATY for match in search("маты", "ru"))


def test_nothing_typed_finds_nothing_and_the_limit_holds():
    assert search("  ", "ru") == []
    assert len(search("а", "ru", limit=5)) == 5


def test_a_click_near_almaty_is_named_in_the_editors_language():
    assert nearest(43.25, 76.92, "ru").name == "Алматы"
    assert nearest(43.25, 76.92, "kk").name == "Алматы"
    assert nearest(43.34, 52.86, "kk").name == "Жаңаөзен"
    assert nearest(43.34, 52.86, "en").name == "Zhanaozen"


def test_the_reach_of_a_click_shrinks_as_the_map_zooms_in():
    # 30 km from Zhanaozen and from any other town of the gazetteer: named at the country's zoom only.
    assert nearest(43.60, 52.86, "ru", zoom=5) is not None
    assert nearest(43.60, 52.86, "ru", zoom=12) is None
    assert reach_km(12) < reach_km(10) < reach_km(5)


def test_the_projects_own_places_are_offered_before_a_town_farther_off():
    square = LayerFeature("republic-square", "Republic Square", (43.23833, 76.94528, 43.23833, 76.94528))
    square = LayerFeature(square.id, square.name, square.bounds, {"ru": "Площадь Республики"})
    catalog = LayerCatalog({"places": Layer("places", "point", {square.id: square}, square.bounds)}, {})
    assert nearest(43.2385, 76.9450, "ru", zoom=14, catalog=catalog).name == "Площадь Республики"
    assert nearest(43.2385, 76.9450, "ru", zoom=14) is None  # no town of the gazetteer within 300 m


def test_the_map_names_the_largest_towns_first_and_the_small_ones_at_city_zoom_only():
    labels = map_labels("ru")
    assert "Алматы" in [name for _, _, name, _ in labels[:3]]
    by_name = {name: zoom for _, _, name, zoom in labels}
    assert by_name["Алматы"] == 4
    assert by_name["Талгар"] > 4


def test_without_a_gazetteer_or_layers_a_click_has_no_name():
    assert nearest(43.3, 52.8, "ru", places=()) is None
    assert search("Алматы", "ru", places=()) == []


def test_the_projects_own_points_are_labelled_at_city_zoom_in_the_editors_language(catalog):
    labels = {name: zoom for _, _, name, zoom in own_labels(catalog, "ru")}
    assert labels["Международный аэропорт Алматы"] == 10
    assert "Площадь Республики" in labels


def test_the_view_taken_is_the_one_the_teacher_moved_this_steps_map_to():
    moved = {"lat": 43.25, "lon": 76.9, "zoom": 10, "step": "ed-3"}
    assert view_moved_to(moved, "ed-3") == {"lat": 43.25, "lon": 76.9, "zoom": 10.0}
    # Moved on another step, or not moved at all: nothing to take, the button stays disabled.
    assert view_moved_to(moved, "ed-4") is None
    assert view_moved_to(None, "ed-3") is None
    assert view_moved_to({"lat": "x", "lon": 1, "zoom": 2, "step": "ed-3"}, "ed-3") is None
