"""Faults around the app: a damaged geodata folder.

Tiles that cannot be reached are covered by tests/browser/test_story.py (the map falls back to our own
basemap with a notice); a server restarted under a viewer by tests/browser/test_restart.py.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest

from geodata.catalog import GEODATA_DIR, GEODATA_DIR_ENV, MANIFEST_NAME, cached_catalog, load_catalog
from tests.support.app import notices, opening, run_app
from tests.support.server import ROOT

BROKEN = "kazakhstan-regions"  # a layer the three-step story shows on its first two steps


def delete(path: Path) -> None:
    path.unlink()


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:500])


def not_json(path: Path) -> None:
    path.write_text("<html>404 Not Found</html>", encoding="utf-8")


def not_geojson(path: Path) -> None:
    path.write_text(json.dumps({"type": "Topology", "objects": {}}), encoding="utf-8")


def no_features(path: Path) -> None:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": []}), encoding="utf-8")


def not_utf8(path: Path) -> None:
    path.write_bytes(b"\xff\xfe" + path.read_bytes()[:100])


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "missing": (delete, f"the file geodata/{BROKEN}.geojson is missing"),
    "truncated": (
        truncate,
        f"geodata/{BROKEN}.geojson cannot be read: not valid JSON (cut short or damaged?): Expecting",
    ),
    "not JSON": (
        not_json,
        f"geodata/{BROKEN}.geojson cannot be read: not valid JSON (cut short or damaged?): Expecting value",
    ),
    "not GeoJSON": (not_geojson, "not a GeoJSON FeatureCollection"),
    "no features": (no_features, "the layer has no features"),
    "not UTF-8": (not_utf8, f"geodata/{BROKEN}.geojson cannot be read: not UTF-8 text (byte 0)"),
}


def damaged_geodata(tmp_path: Path, damage: Callable[[Path], None]) -> Path:
    folder = tmp_path / "geodata"
    folder.mkdir()
    for path in [*GEODATA_DIR.glob("*.geojson"), GEODATA_DIR / MANIFEST_NAME]:
        shutil.copy(path, folder / path.name)
    damage(folder / f"{BROKEN}.geojson")
    return folder


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_layer_is_named_with_the_reason_and_the_others_load(tmp_path, kind):
    damage, reason = DAMAGE[kind]
    catalog = load_catalog(damaged_geodata(tmp_path, damage))
    assert list(catalog.problems) == [BROKEN]
    assert reason in catalog.problems[BROKEN]
    intact = load_catalog()
    assert set(catalog.layers) == set(intact.layers) - {BROKEN}
    assert catalog.layers["kazakhstan"] == intact.layers["kazakhstan"]
    assert BROKEN in catalog.known_ids, "a story naming the broken layer is still a valid story"


def test_the_app_reads_the_geodata_folder_named_in_the_environment(tmp_path, monkeypatch):
    folder = damaged_geodata(tmp_path, delete)
    monkeypatch.setenv(GEODATA_DIR_ENV, str(folder))
    assert BROKEN in cached_catalog().problems
    monkeypatch.delenv(GEODATA_DIR_ENV)
    assert cached_catalog().problems == {}


@pytest.mark.parametrize("kind", ["missing", "truncated"])
def test_the_story_plays_with_a_broken_layer_and_says_which(tmp_path, monkeypatch, kind):
    damage, reason = DAMAGE[kind]
    monkeypatch.setenv(GEODATA_DIR_ENV, str(damaged_geodata(tmp_path, damage)))
    at = run_app(step="almaty-peak")
    assert opening(at)["title"] == "Almaty alone", "the story plays"
    [notice] = notices(at)
    assert f"Map layer “{BROKEN}” is not shown:" in notice and reason in notice
    state = opening(at)["state"]
    assert BROKEN not in [layer["id"] for layer in state["layers"]], "the map is not asked to draw it"


def test_media_the_checker_refuses_are_left_out_and_the_page_says_which():
    at = run_app(str(ROOT / "tests" / "stories" / "hostile.yaml"), step="hostile-media")
    said = [unescape(re.sub(r"<[^>]+>", "", notice)) for notice in notices(at)]
    assert len([notice for notice in said if notice.startswith("Step 3:")]) == 9, said
    assert any("bomb.png is not shown (bomb.png is 30,000 x 30,000 pixels" in notice for notice in said), said
    assert any("Step 4: javascript:alert('XSS') is not shown" in notice for notice in said), said
    html = opening(at)["html"]
    assert "<img" not in html and html.count("Picture not shown:") == 9
