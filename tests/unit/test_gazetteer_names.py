"""The gazetteer's Russian and Kazakh names, chosen by the rule of geodata/SOURCES.md from GeoNames'
alternate names, which carry no language; the project's own names win."""

from __future__ import annotations

from geodata.build.gazetteer import gazetteer_rows, kazakh_name, russian_name


def city(name: str, country: str, *alternates: str, geonames_id: int = 1) -> dict:
    return {
        "geonameid": geonames_id,
        "name": name,
        "countrycode": country,
        "latitude": 43.0,
        "longitude": 77.0,
        "population": 1000,
        "alternatenames": list(alternates),
    }


def test_a_kazakh_name_has_a_kazakh_letter_and_the_russian_one_none():
    zhanaozen = city("Zhanaozen", "KZ", "Zhaңaөzen", "Жанаозен", "Жаңаөзен", "Новый Узень")
    assert (russian_name(zhanaozen), kazakh_name(zhanaozen)) == ("Жанаозен", "Жаңаөзен")


def test_of_several_russian_names_the_one_spelled_like_geonames_own_wins():
    almaty = city("Almaty", "KZ", "Алма-Ата", "Алмаато", "Алмати", "Алматы", "Верный", geonames_id=1526384)
    assert russian_name(almaty) == "Алматы"
    assert kazakh_name(almaty) is None
    (row,) = gazetteer_rows({"1526384": almaty}, {})
    assert row[6:8] == ["Алматы", "Алматы"]  # no Kazakh name: the Russian one serves in Kazakh


def test_abroad_tatar_belarusian_uzbek_and_tajik_spellings_are_not_taken_for_kazakh():
    assert kazakh_name(city("Al'met'yevsk", "RU", "Альметьевск", "Әлмәт")) is None
    assert kazakh_name(city("Zainsk", "RU", "Заинск", "Заінск")) is None
    assert kazakh_name(city("Murghob", "TJ", "Мурғоб")) is None
    assert kazakh_name(city("Orenburg", "RU", "Оренбург", "Орынбор", "Орынбор")) is None  # no Kazakh letter
    assert kazakh_name(city("Kazan", "RU", "Казань", "Қазан")) == "Қазан"
    assert kazakh_name(city("Bukhara", "UZ", "Бухара", "Бұхара", "Buxoro")) == "Бұхара"


def test_the_projects_names_win_and_only_latin_or_cyrillic_alternates_are_kept():
    talgar = city("Talgar", "KZ", "Talgar", "Талгар", "Талғар", "塔尔加尔", geonames_id=1518518)
    (row,) = gazetteer_rows({"1518518": talgar}, {1518518: ("Talgar", "Талгар", "Талғар")})
    assert row[5:8] == ["Talgar", "Талгар", "Талғар"]
    assert row[8] == ""  # every Latin or Cyrillic spelling is one of the three names; the Chinese one is left out
    assert gazetteer_rows({"9": city("Paris", "FR", "Париж", geonames_id=9)}, {}) == []
