#!/usr/bin/env bash
# Copies the built files of the front-end libraries in vendor/package.json (versions pinned by
# vendor/package-lock.json, installed from npm) into archivist/web/static/vendor/, where the archive
# serves them itself: no page loads anything from a CDN. With --check, only compares the copies with
# the installed packages and fails when one differs (CI runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
(cd vendor && npm ci --no-audit --no-fund --silent)

target=archivist/web/static/vendor
files=(
  mirador/dist/mirador.min.js mirador/LICENSE
  d3/dist/d3.min.js d3/LICENSE
  topojson-client/dist/topojson-client.min.js topojson-client/LICENSE
  world-atlas/countries-110m.json world-atlas/LICENSE
)
status=0
for file in "${files[@]}"; do
  package=${file%%/*}
  copy="$target/$package/$(basename "$file")"
  if [ "${1:-}" = "--check" ]; then
    cmp -s "vendor/node_modules/$file" "$copy" || { echo "differs from npm: $copy (run scripts/vendor.sh)" >&2; status=1; }
  else
    mkdir -p "$target/$package" && cp "vendor/node_modules/$file" "$copy"
  fi
done
exit $status
