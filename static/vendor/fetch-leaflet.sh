#!/usr/bin/env bash
# Leaflet (BSD-2-Clause) from the npm registry, checked by sha256, compared with the committed copy.
set -euo pipefail
cd "$(dirname "$0")"
VERSION=1.9.4
SHA256=84c65a256e50657896f54c33bd857b6849ebe94c817803be818bf32a3dde0b77
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$VERSION" >/dev/null)
echo "$SHA256  $work/leaflet-$VERSION.tgz" | sha256sum --check --quiet
tar -xzf "$work/leaflet-$VERSION.tgz" -C "$work"
for file in leaflet.js leaflet.css images/layers.png images/layers-2x.png images/marker-icon.png \
            images/marker-icon-2x.png images/marker-shadow.png; do
  cmp "$work/package/dist/$file" "leaflet/$file"
done
cmp "$work/package/LICENSE" leaflet/LICENSE
echo "static/vendor/leaflet matches leaflet@$VERSION from the npm registry"
