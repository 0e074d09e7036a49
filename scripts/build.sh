#!/usr/bin/env bash
# Release build of the static site: the app into dist/, then the survey widget into
# dist/widget/ (the app's build empties dist/ first), then the size of every wasm/js asset.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
trunk build --release --offline
if [ -f scripts/build-widget.sh ]; then
  bash scripts/build-widget.sh
fi
node scripts/sizes.mjs dist
