"""Dependencies point one way: the format core loads nothing heavy, and the app loads the outputs only on demand."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("folium", "jinja2", "geopandas", "matplotlib", "fpdf", "shapely", "pandas", "PIL")


def loaded_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has loaded after running `code`."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{name.split('.')[0] for name in sys.modules}})))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return set(result.stdout.split()[-1000:])


def test_the_format_core_loads_nothing_heavy():
    loaded = loaded_after("import story.format.loader, story.format.translation, story.format.schema")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_checking_a_story_loads_nothing_heavy():
    code = (
        "import runpy, sys\nsys.argv = ['story', 'check', 'story/qantar-2022.yaml']\n"
        "try:\n    runpy.run_module('story', run_name='__main__')\n"
        "except SystemExit as end:\n    assert end.code == 0\n"
    )
    loaded = loaded_after(code)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_the_player_loads_folium_without_pandas_or_the_outputs():
    loaded = loaded_after("import story.reader.narrative, story.map.state, story.player")
    # story.player builds folium's script for the map: folium, but neither pandas nor an output library.
    assert "folium" in loaded
    assert not loaded & {"geopandas", "matplotlib", "fpdf", "pandas"}, sorted(loaded & {"pandas", "geopandas"})


def test_pandas_still_imports_after_folium():
    assert "pandas" in loaded_after("import story.map.folium_map\nimport pandas")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "components").glob("*.py")), ids=lambda p: p.name)
def test_no_component_imports_the_command_line(path):
    assert not {name for name in imports_of(path) if name == "story.cli" or name.startswith("story.cli.")}


@pytest.mark.parametrize("package", ["format", "reader", "map", "importers", "present", "store"])
def test_imports_point_one_way(package):
    # format <- reader <- map <- player <- outputs; importers -> format only; present -> store, never back.
    forbidden = {
        "format": ("story.reader", "story.map", "story.player", "story.outputs", "story.importers", "story.cli"),
        "reader": ("story.map", "story.player", "story.outputs", "story.importers", "story.cli"),
        "map": ("story.player", "story.outputs", "story.importers", "story.cli"),
        "importers": ("story.reader", "story.map", "story.player", "story.outputs", "story.cli"),
        "present": ("story.format", "story.reader", "story.map", "story.player", "story.outputs", "story.cli"),
        "store": (
            *("story.format", "story.reader", "story.map", "story.player", "story.outputs", "story.cli"),
            *("story.present", "story.editor", "story.server", "story.importers"),
        ),
    }[package]
    for path in sorted((ROOT / "story" / package).rglob("*.py")):
        wrong = {name for name in imports_of(path) if name.startswith(forbidden)}
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_an_app_process_loads_no_handout_library_until_asked():
    code = (
        "import sys\nsys.argv = ['app.py']\n"
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_file('app.py', default_timeout=60)\nat.run()\nassert not at.exception, at.exception\n"
    )
    loaded = loaded_after(code)
    assert not loaded & {"geopandas", "matplotlib", "fpdf", "pandas"}, sorted(loaded & set(HEAVY))
