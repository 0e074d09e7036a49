#!/usr/bin/env bash
# Release build of the static site: the app into dist/, then the survey widget into
# dist/widget/ (the app's build empties dist/ first), then the size of every wasm/js asset.
set -euo pipefail
cd "$(dirname "$0")/.."
# Installs what the build needs when missing (trunk, wasm-bindgen, wasm-opt from node_modules):
# a fresh clone builds with this script alone.
bash scripts/setup.sh app
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
# The service worker minds its own files: the build's id and the list of the app's build
# files (the top of dist/: index.html as "./", hashed js/wasm/css, the engine worker, boot.js,
# shell.js, icons; and dist/widget/, which the survey builder's preview loads) are written
# into dist/sw.js, so it caches nothing else and names its cache per build.
node -e '
const fs = require("fs");
const crypto = require("crypto");
const skip = new Set(["sw.js", "robots.txt", "index.html"]);
const files = fs.readdirSync("dist", { withFileTypes: true })
  .filter((e) => e.isFile() && !skip.has(e.name)).map((e) => e.name)
  .concat(fs.existsSync("dist/widget") ? fs.readdirSync("dist/widget").map((f) => "widget/" + f) : [])
  .sort();
const hash = crypto.createHash("sha256");
for (const f of ["index.html", ...files]) hash.update(f + "\0").update(fs.readFileSync("dist/" + f));
const build = hash.digest("hex").slice(0, 16);
const list = JSON.stringify(["./", ...files.map((f) => "./" + f)]);
const sw = fs.readFileSync("dist/sw.js", "utf8");
const out = sw.replace(/^const BUILD = .*$/m, `const BUILD = ${JSON.stringify(build)};`)
  .replace(/^const FILES = .*$/m, `const FILES = ${list};`);
if (out === sw || !out.includes(build)) throw new Error("dist/sw.js: BUILD/FILES not found");
fs.writeFileSync("dist/sw.js", out);
console.log(`sw.js: build ${build}, ${files.length + 1} files`);
'
node scripts/sizes.mjs dist
