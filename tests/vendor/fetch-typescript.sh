#!/usr/bin/env bash
# TypeScript's checker (Apache-2.0) and Leaflet's type declarations (MIT) for `make lint`: the
# browser scripts are JavaScript checked by `tsc --noEmit` (static/tsconfig.json), never compiled.
# From the npm registry, each package pinned and checked by sha256, as axe is.
set -euo pipefail
cd "$(dirname "$0")"
PACKAGES=(
    "typescript 5.9.3 10e108c9cf7d5f2879053dff18515fb405abf2ccef63eaaf017d9c571687a1d3"
    "@types/leaflet 1.9.20 22a65ed2e0cb843994ebd37c93f050239973719790b5ae24d7e80cec32fd2010"
    "@types/geojson 7946.0.16 5275058028351e9656972a31295f81b61637c641df6cc13766f48a5fdab1b39e"
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/node_modules"
for entry in "${PACKAGES[@]}"; do
    read -r name version sha256 <<<"$entry"
    tarball=$(cd "$work" && npm pack --silent "$name@$version")
    echo "$sha256  $work/$tarball" | sha256sum --check --quiet
    mkdir -p "$work/node_modules/$name"
    tar -xzf "$work/$tarball" -C "$work/node_modules/$name" --strip-components=1
done
rm -rf typescript
mkdir typescript
mv "$work/node_modules" typescript/node_modules
# make compares this file with the script: it must be as new as the fetch, not as the tarball.
touch typescript/node_modules/typescript/bin/tsc
echo "tests/vendor/typescript: typescript 5.9.3, @types/leaflet 1.9.20, @types/geojson 7946.0.16"
