#!/usr/bin/env bash
# Builds the survey widget (its own Trunk target, survey.html) into dist/widget/ and prints the
# raw, gzip and brotli sizes of its wasm + js against the 60 KB gzip budget.
# Run it after the app's `trunk build` (which empties dist/).
#   scripts/build-widget.sh            -> dist/widget/
#   WIDGET_DIST=/tmp/w scripts/build-widget.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
out=${WIDGET_DIST:-dist/widget}

# Stable file names (no hash): hosts reference jornada-survey.js, which imports
# jornada_widget.js, which loads jornada_widget_bg.wasm.
trunk build --release --offline=true survey.html --dist "$out" --public-url ./ --filehash false

node --input-type=module - "$out" <<'JS'
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';

const dir = process.argv[2];
// Trunk names its output index.html; the iframe mode's URL is survey.html.
const page = path.join(dir, 'survey.html');
fs.renameSync(path.join(dir, 'index.html'), page);
let html = fs.readFileSync(page, 'utf8');
// Trunk injects a loader to start the wasm: an inline module script by default, or the app's
// Trunk.toml `pattern_script` (a boot.js tag). survey.html already loads jornada-survey.js,
// which starts the wasm itself (and a strict CSP forbids the inline form): drop the loader.
const loaders = [/<script type="?module"?>[^<]*import init[\s\S]*?<\/script>/g, /<script type="?module"? src="?\.\/boot\.js"?[^>]*><\/script>/g];
const before = html.length;
for (const loader of loaders) html = html.replace(loader, '');
if (html.length === before) throw new Error('survey.html: Trunk\'s wasm loader was not found; check the build output');
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) throw new Error('survey.html still holds an inline <script>');
if (/<style[\s>]|\sstyle="/.test(html)) throw new Error('survey.html holds inline style');
fs.writeFileSync(page, html);

// Shorter import names. wasm-bindgen names every import `__wbg_<method>_<16 hex digits>` and
// repeats the name in the wasm import section and in the JS glue; hex hashes barely compress.
// Rename each import to a short name on both sides (a bundler's usual minification), then
// check that the wasm still validates.
{
  const wasmPath = path.join(dir, 'jornada-widget_bg.wasm');
  const jsPath = path.join(dir, 'jornada-widget.js');
  const wasm = fs.readFileSync(wasmPath);
  let js = fs.readFileSync(jsPath, 'utf8');
  const readLeb = (buf, at) => { let n = 0, shift = 0, b; do { b = buf[at++]; n |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80); return [n >>> 0, at]; };
  const leb = (n) => { const out = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return Buffer.from(out); };
  const str = (s) => { const b = Buffer.from(s, 'utf8'); return Buffer.concat([leb(b.length), b]); };
  const skipLimits = (buf, at) => { const flag = buf[at++]; let x; [x, at] = readLeb(buf, at); if (flag & 1) [x, at] = readLeb(buf, at); return at; };
  const parts = [wasm.subarray(0, 8)];
  let at = 8, renamed = 0, moduleName = null;
  const names = new Map();
  const shortName = (i) => `_${i.toString(36)}`; // a valid JS identifier
  while (at < wasm.length) {
    const id = wasm[at];
    let size, body;
    [size, body] = readLeb(wasm, at + 1);
    const end = body + size;
    if (id !== 2) { parts.push(wasm.subarray(at, end)); at = end; continue; }
    let p = body, count;
    [count, p] = readLeb(wasm, p);
    const entries = [leb(count)];
    for (let i = 0; i < count; i++) {
      let len; [len, p] = readLeb(wasm, p); const mod = wasm.toString('utf8', p, p + len); p += len;
      [len, p] = readLeb(wasm, p); const field = wasm.toString('utf8', p, p + len); p += len;
      const kindAt = p; const kind = wasm[p++];
      if (kind === 0) [, p] = readLeb(wasm, p);
      else if (kind === 1) { p++; p = skipLimits(wasm, p); }
      else if (kind === 2) p = skipLimits(wasm, p);
      else if (kind === 3) p += 2;
      else if (kind === 4) { p++; [, p] = readLeb(wasm, p); }
      else throw new Error(`unknown import kind ${kind}`);
      const desc = wasm.subarray(kindAt, p);
      if (mod.startsWith('./') && js.includes(`${field}:`)) {
        moduleName = mod;
        if (!names.has(field)) names.set(field, shortName(names.size));
        entries.push(str('w'), str(names.get(field)), desc);
        renamed++;
      } else {
        entries.push(str(mod), str(field), desc);
      }
    }
    const content = Buffer.concat(entries);
    parts.push(Buffer.from([2]), leb(content.length), content);
    at = end;
  }
  const out = Buffer.concat(parts);
  if (!WebAssembly.validate(out)) throw new Error('renamed wasm does not validate');
  for (const [from, to] of names) {
    const key = new RegExp(`\\b${from}:`, 'g');
    const hits = js.match(key)?.length ?? 0;
    if (hits !== 1) throw new Error(`import ${from} appears ${hits} times in the glue`);
    js = js.replace(key, `${to}:`);
  }
  if (moduleName) {
    const quoted = `"${moduleName}": import0`;
    if (!js.includes(quoted)) throw new Error('the glue does not list its import module as expected');
    js = js.replace(quoted, '"w": import0');
  }
  // The glue minified by terser (npm, pinned in package.json): ~0.9 KB gzip less than with
  // its comments and indentation dropped, which kept the iframe mode inside its budget.
  fs.writeFileSync(wasmPath, out);
  fs.writeFileSync(jsPath, js);
  const min = spawnSync('terser', [jsPath, '--module', '--compress', '--mangle', '-o', jsPath], { encoding: 'utf8' });
  if (min.status !== 0) throw new Error(`terser failed: ${min.stderr || min.error}`);
  js = fs.readFileSync(jsPath, 'utf8');
  const check = spawnSync(process.execPath, ['--input-type=module', '--check'], { input: js });
  if (check.status !== 0) throw new Error(`the rewritten glue does not parse: ${check.stderr}`);
  console.log(`renamed ${renamed} imports (${names.size} names), minified the glue`);
}

// A second -Oz pass after the renaming finds a little more (~0.2 KB gzip), with the features
// the first pass enables (read from survey.html's data-wasm-opt-params, so the two agree).
{
  const wasmPath = path.join(dir, 'jornada-widget_bg.wasm');
  const params = fs.readFileSync('survey.html', 'utf8').match(/data-wasm-opt-params="([^"]*)"/);
  if (!params) throw new Error('survey.html has no data-wasm-opt-params');
  const features = params[1].split(/\s+/).filter((p) => p.startsWith('--enable-'));
  const opt = spawnSync('wasm-opt', ['-Oz', ...features, wasmPath, '-o', wasmPath], { encoding: 'utf8' });
  if (opt.status !== 0) throw new Error(`wasm-opt failed: ${opt.stderr || opt.error}`);
}
// survey.html without its source comments and indentation.
html = html.replace(/<!--[\s\S]*?-->\s*/g, '').replace(/^\s+/gm, '');

// The rewritten files need fresh Subresource Integrity hashes in survey.html.
for (const name of ['jornada-widget.js', 'jornada-widget_bg.wasm']) {
  const digest = crypto.createHash('sha384').update(fs.readFileSync(path.join(dir, name))).digest('base64');
  const link = new RegExp(`(href="?\\./${name.replace('.', '\\.')}"?[^>]*integrity="?)sha384-[A-Za-z0-9+/=]+`);
  if (!link.test(html)) throw new Error(`survey.html has no integrity for ${name}`);
  html = html.replace(link, `$1sha384-${digest}`);
}
fs.writeFileSync(page, html);

// The hand-written loaders ship without their whole-line comments and indentation (the
// sources in crates/widget/js keep them); each must still parse.
for (const name of ['jornada-survey.js', 'jornada-frame.js']) {
  const file = path.join(dir, name);
  const text = fs.readFileSync(file, 'utf8').split('\n').filter((l) => !/^\s*\/\//.test(l)).map((l) => l.trimStart()).join('\n');
  if (text.split('\n').some((line) => (line.split('`').length - 1) % 2)) throw new Error(`${name}: a template literal spans lines`);
  const check = spawnSync(process.execPath, ['--input-type=module', '--check'], { input: text });
  if (check.status !== 0) throw new Error(`${name} does not parse once stripped: ${check.stderr}`);
  fs.writeFileSync(file, text);
}

// What a visitor's browser downloads, per embedding mode: the custom element (the host page
// loads jornada-survey.js) or the iframe (the host page loads jornada-frame.js, the iframe
// survey.html). Both must stay within the budget; bench/perf/run.mjs counts the same.
const modes = {
  'custom element': ['jornada-survey.js', 'jornada-widget.js', 'jornada-widget_bg.wasm'],
  iframe: ['jornada-frame.js', 'survey.html', 'jornada-survey.js', 'jornada-widget.js', 'jornada-widget_bg.wasm'],
};
const kb = (n) => (n / 1024).toFixed(1).padStart(6) + ' KB';
const sizes = {};
console.log('widget asset                 raw        gzip      brotli');
for (const name of modes.iframe) {
  const bytes = fs.readFileSync(path.join(dir, name));
  const g = zlib.gzipSync(bytes, { level: 9 }).length;
  const b = zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  sizes[name] = [bytes.length, g, b];
  console.log(`${name.padEnd(26)}${kb(bytes.length)}  ${kb(g)}  ${kb(b)}`);
}
const budget = 60 * 1024;
let over = false;
for (const [mode, names] of Object.entries(modes)) {
  const [raw, gz, br] = [0, 1, 2].map((i) => names.reduce((sum, n) => sum + sizes[n][i], 0));
  console.log(`${('total, ' + mode).padEnd(26)}${kb(raw)}  ${kb(gz)}  ${kb(br)}   budget ${gz <= budget ? 'within' : 'OVER'} 60 KB gzip`);
  over ||= gz > budget;
}
console.log('(Typeform embed ~47 KB js, PostHog surveys ~10 KB on top of its SDK)');
if (over) process.exit(1);
JS

# The hostile-CSS demo page sits next to the widget: dist/demo/ loads ../widget/.
if [ "$out" = dist/widget ] && [ -d public/demo ]; then
  rm -rf dist/demo
  cp -r public/demo dist/demo
fi
