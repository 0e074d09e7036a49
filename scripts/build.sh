#!/usr/bin/env bash
# Release build of the static site: the app into dist/, then the survey widget into
# dist/widget/ (the app's build empties dist/ first), then the size of every wasm/js asset.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
trunk build --release --offline
# index.html paints the start page as static markup and boot.js fetches the app only after that
# first paint, so the 400 KB of wasm does not compete with the page's HTML and CSS on a slow
# connection: drop the <link rel=preload/modulepreload> Trunk adds for the app's js and wasm.
# (Trunk.toml's `pattern_preload` would apply to the widget's build too, which needs them.)
node -e '
const fs = require("fs");
const html = fs.readFileSync("dist/index.html", "utf8");
const out = html.replace(/<link rel="(?:module)?preload"[^>]*href="\.\/jornada-app-[^>]*>/g, "");
if (html.length - out.length === 0 || /rel="(?:module)?preload"/.test(out)) throw new Error("dist/index.html: the preload links were not found as expected");
fs.writeFileSync("dist/index.html", out);
'
if [ -f scripts/build-widget.sh ]; then
  bash scripts/build-widget.sh
fi
node scripts/sizes.mjs dist
