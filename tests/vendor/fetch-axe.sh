#!/usr/bin/env bash
# axe-core (MPL-2.0) for the accessibility tests, from the npm registry, checked by sha256.
set -euo pipefail
cd "$(dirname "$0")"
VERSION=4.14.1
SHA256=e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@$VERSION" >/dev/null)
echo "$SHA256  $work/axe-core-$VERSION.tgz" | sha256sum --check --quiet
tar -xzf "$work/axe-core-$VERSION.tgz" -C "$work" package/axe.min.js
mv "$work/package/axe.min.js" axe.min.js
echo "tests/vendor/axe.min.js: axe-core $VERSION"
