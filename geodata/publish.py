"""Publish the browser copies of the geodata layers (no network).

    python -m geodata.publish

Streamlit serves only `static/`, so every `geodata/<id>.geojson` is copied to
`static/geodata/<id>.json`: the same features and geometry, minified, with only the
properties the map uses. `geodata.build` runs this at its end; run it yourself after
adding a GeoJSON layer by hand. Copies whose GeoJSON is gone are removed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geodata.catalog import GEODATA_DIR, PUBLISHED_DIR

# The properties each built layer keeps in its browser copy; a layer not named here
# (one added by hand) keeps all of its properties.
PUBLISHED_PROPERTIES: dict[str, tuple[str, ...]] = {
    "world": ("id", "name", "name_ru", "name_kk", "label_lat", "label_lon", "min_zoom"),
    "kazakhstan": ("id", "name", "name_ru", "name_kk"),
    "kazakhstan-regions": ("id", "name", "ne_name", "name_ru", "name_kk", "label_lat", "label_lon"),
    "csto-members": ("id", "name", "name_ru", "name_kk", "contingent", "units", "sources", "other_figures"),
    "places": ("id", "name", "name_ru", "name_kk", "geonames_id", "kind", "country", "population"),
    "deployments": ("id", "name", "name_ru", "name_kk", "from", "to"),
    "tengiz-field": ("id", "name", "name_ru", "name_kk"),
    # Each report keeps its sources: a reader opens them from the map.
    "protests-2022-01": ("id", "name", "name_ru", "name_kk", "kind", "start", "end", "disputed", "sources"),
    # Labelled points at city zoom: where the label goes and from which zoom.
    "cities-detail": ("id", "name", "name_ru", "name_kk", "kind", "label_lat", "label_lon", "min_zoom"),
}
# The fields of each source a browser copy keeps, where not all: the quotations, which show that a
# source says what the report says, stay in geodata/ for whoever checks the data (and off the page).
PUBLISHED_SOURCE_FIELDS: dict[str, tuple[str, ...]] = {
    "protests-2022-01": ("title", "publisher", "date", "url", "kind"),
}


class PublishError(ValueError):
    """A layer file that cannot be published; the message names the file and the problem."""


def published_text(layer_id: str, data: Any) -> str:
    """The browser copy of one layer's parsed GeoJSON."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise PublishError("not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise PublishError("the FeatureCollection has no features")
    keep = PUBLISHED_PROPERTIES.get(layer_id)
    copies = []
    for number, feature in enumerate(features):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict) or properties.get("id") in (None, ""):
            raise PublishError(f"feature {number} has no 'id' property")
        if feature.get("geometry") is None:
            raise PublishError(f"feature '{properties['id']}' has no geometry")
        if keep is not None:
            properties = {key: properties[key] for key in keep if key in properties}
        source_fields = PUBLISHED_SOURCE_FIELDS.get(layer_id)
        if source_fields and isinstance(properties.get("sources"), list):
            properties["sources"] = [
                {key: source[key] for key in source_fields if key in source} for source in properties["sources"]
            ]
        copies.append({"type": "Feature", "properties": properties, "geometry": feature["geometry"]})
    collection = {"type": "FeatureCollection", "features": copies}
    return json.dumps(collection, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def publish_layer(path: Path, published_dir: Path = PUBLISHED_DIR) -> Path:
    """Write the browser copy of `path` (a `<layer id>.geojson`) and return where it went."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PublishError(f"cannot be read: {error}") from error
    text = published_text(path.stem, data)
    published_dir.mkdir(parents=True, exist_ok=True)
    target = published_dir / f"{path.stem}.json"
    target.write_text(text, encoding="utf-8")
    return target


def publish_directory(geodata_dir: Path = GEODATA_DIR, published_dir: Path = PUBLISHED_DIR) -> list[Path]:
    """Publish every layer in `geodata_dir`; raise PublishError naming each file that failed."""
    published, errors = [], []
    sources = sorted(geodata_dir.glob("*.geojson"))
    for path in sources:
        try:
            published.append(publish_layer(path, published_dir))
        except PublishError as error:
            errors.append(f"{geodata_dir.name}/{path.name}: {error}")
    stems = {path.stem for path in sources}
    for stale in sorted(published_dir.glob("*.json")):
        if stale.stem not in stems:
            stale.unlink()
            print(f"removed {stale}: its layer {geodata_dir.name}/{stale.stem}.geojson is gone", file=sys.stderr)
    if errors:
        raise PublishError("\n".join(errors))
    return published


def main(argv: Sequence[str] | None = None) -> int:
    if argv:
        print("usage: python -m geodata.publish  (publishes every geodata/*.geojson)", file=sys.stderr)
        return 2
    try:
        published = publish_directory()
    except PublishError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in published:
        print(f"{path.relative_to(PUBLISHED_DIR.parent.parent)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
