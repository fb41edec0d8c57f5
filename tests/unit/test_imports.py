"""Dependencies point one way: one table of which package imports which, no cycle of modules, the format core
loads nothing heavy, and the app loads the outputs only on demand."""

from __future__ import annotations

import ast
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("folium", "jinja2", "geopandas", "matplotlib", "fpdf", "shapely", "pandas", "PIL")


def loaded_after(code: str, whole_names: bool = False) -> set[str]:
    """The top-level packages (or, with `whole_names`, every module) a fresh interpreter has loaded after
    running `code`."""
    names = "name" if whole_names else "name.split('.')[0]"
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{{names} for name in sys.modules}})))"
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    return set(result.stdout.splitlines()[-1].split())


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


# Which package may import which: one row per package, imports inside functions included. The real graph
# must be exactly this (a new edge or a package without its row fails; so does a row that no longer holds),
# and docs/architecture.md quotes it line for line.
ALLOWED: dict[str, frozenset[str]] = {
    "story": frozenset(),  # story/__init__.py: a docstring
    "story.contract": frozenset(),
    "story.typescript": frozenset({"story.contract"}),
    "story.format": frozenset({"geodata"}),
    "story.reader": frozenset({"story.contract", "story.format", "geodata"}),
    "story.map": frozenset({"story.contract", "story.reader", "story.format", "geodata"}),
    "story.player": frozenset({"story.contract", "story.map", "story.reader", "story.format", "geodata"}),
    "story.outputs": frozenset(
        {"story.contract", "story.player", "story.map", "story.reader", "story.format", "story.store", "geodata"}
    ),
    "story.importers": frozenset({"story.format"}),
    "story.editor": frozenset({"story.importers", "story.reader", "story.format", "story.store", "geodata"}),
    "story.present": frozenset({"story.contract", "story.store"}),
    "story.store": frozenset(),
    "story.server": frozenset(
        {
            *("story.editor", "story.present", "story.outputs", "story.map", "story.reader", "story.format"),
            *("story.store", "geodata"),
        }
    ),
    "story.cli": frozenset(
        {"story.typescript", "story.outputs", "story.importers", "story.map", "story.reader", "story.format", "geodata"}
    ),
    "components": frozenset(
        {
            *("story.editor", "story.present", "story.server", "story.outputs", "story.player", "story.map"),
            *("story.contract", "story.reader", "story.format", "story.store", "geodata"),
        }
    ),
    "geodata": frozenset(),
    "bench": frozenset({"story.present", "story.format", "geodata"}),
    "app": frozenset({"components", "story.server", "story.store"}),
}
SOURCES = ("story", "components", "geodata", "bench")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_of(module: str) -> str:
    """The table's row a module belongs to: `story.x` for anything under story/x, else its top-level name."""
    parts = module.split(".")
    if parts[0] == "story" and len(parts) > 1:
        return "story.cli" if parts[1] == "__main__" else f"story.{parts[1]}"
    return parts[0]


@cache
def module_graph() -> dict[str, set[str]]:
    """Every module of ours and the modules of ours it imports, at the top or inside a function."""
    paths = [path for folder in SOURCES for path in sorted((ROOT / folder).rglob("*.py"))] + [ROOT / "app.py"]
    modules = {module_name(path): path for path in paths}

    def ours(name: str) -> str | None:
        # `from story.editor import draft` imports the module story.editor.draft, not only the package.
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        found: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found |= {ours(f"{node.module}.{alias.name}") for alias in node.names}
            elif isinstance(node, ast.Import):
                found |= {ours(alias.name) for alias in node.names}
        graph[module] = {name for name in found if name is not None and name != module}
    return graph


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    packages: dict[str, set[str]] = {}
    for module, imported in graph.items():
        package = package_of(module)
        packages.setdefault(package, set()).update(package_of(name) for name in imported)
        packages[package].discard(package)
    return packages


def test_every_package_has_a_row_in_the_table():
    missing = sorted(set(package_graph(module_graph())) - set(ALLOWED))
    assert not missing, f"add a row to ALLOWED (and docs/architecture.md) for {missing}"


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_what_its_row_says(package):
    graph = module_graph()
    real = package_graph(graph).get(package, set())
    wrong = {
        f"{module} -> {name}"
        for module, imported in graph.items()
        if package_of(module) == package
        for name in imported
        if package_of(name) not in ALLOWED[package] | {package}
    }
    assert not wrong, f"not allowed by the row of {package}: {sorted(wrong)}"
    assert real == ALLOWED[package], f"the row of {package} allows {sorted(ALLOWED[package] - real)}, unused"


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle_and_nothing_else():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back():
    # Imports inside functions count: a cycle there is a dependency hidden, not avoided.
    assert cycles(module_graph()) == []


MAX_MODULE_LINES = 600


def test_no_module_of_the_code_is_over_600_lines():
    # A module that long holds several jobs (docs/architecture.md says which file holds which).
    paths = [path for folder in SOURCES for path in (ROOT / folder).rglob("*.py")] + [ROOT / "app.py"]
    long = {
        str(path.relative_to(ROOT)): count
        for path in paths
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long


MAX_SCRIPT_LINES = 400


def test_no_browser_script_is_over_400_lines():
    # The player and the map controller are split by job (docs/architecture.md, "The scripts' parts").
    scripts = [
        *(ROOT / "static" / "storymap").glob("*.js"),
        *(ROOT / "components").rglob("*.js"),
        *(ROOT / "story" / "outputs" / "templates").glob("*.js"),
    ]
    assert len(scripts) > 20, "the scripts were not found"
    long = {
        str(path.relative_to(ROOT)): count
        for path in scripts
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_SCRIPT_LINES
    }
    assert not long, long


def test_the_architecture_page_quotes_the_table():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = page.split("```text imports\n", 1)[1].split("```", 1)[0]
    quoted = {}
    for line in block.splitlines():
        package, _, imported = line.partition("->")
        quoted[package.strip()] = frozenset(name.strip() for name in imported.split(",") if name.strip())
    assert quoted == ALLOWED


def test_an_app_process_loads_no_handout_library_until_asked():
    code = (
        "import sys\nsys.argv = ['app.py']\n"
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_file('app.py', default_timeout=60)\nat.run()\nassert not at.exception, at.exception\n"
    )
    loaded = loaded_after(code, whole_names=True)
    # The export and the handout load when a download or the editor's preview asks for them, not before.
    # (jinja2 is not in the list: folium, which the player's map script needs, loads it in every process.)
    heavy = {"geopandas", "matplotlib", "fpdf", "pandas", "story.outputs.export", "story.outputs.handout"}
    assert not loaded & heavy, sorted(loaded & heavy)
