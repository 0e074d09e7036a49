// Shared end-to-end harness: serves a built dist/ on 127.0.0.1 and drives Debian's Chromium
// through playwright-core. Every page created here records its requests, so tests can assert
// that nothing leaves the machine.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const DIST = process.env.JORNADA_DIST || path.join(ROOT, 'dist');
export const OUT = path.join(ROOT, 'tests/e2e/out');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.json': 'application/json', '.csv': 'text/csv', '.webmanifest': 'application/manifest+json',
  '.ico': 'image/x-icon', '.txt': 'text/plain',
};

const COMPRESSIBLE = /^(text\/|application\/(wasm|json|manifest\+json)|image\/svg)/;

/**
 * Serves `dir` on 127.0.0.1 (random port) under `prefix` (default `/app/`, a sub-path, because
 * dist/ must work from one). Unknown paths under the prefix fall back to index.html (SPA routes).
 * `port` 0 picks a free one. `onRequest(req, res)` may answer extra routes (e.g. a test endpoint): return true if it handled it.
 * `gzip` compresses text and wasm for clients that accept it, as static hosts do (the tests
 * leave it off; the Lighthouse benchmark and scripts/serve.mjs turn it on).
 */
export async function startServer({ dir = DIST, prefix = '/app/', onRequest, port = 0, gzip = false } = {}) {
  const gzipped = new Map();
  const server = http.createServer((req, res) => {
    if (onRequest && onRequest(req, res)) return;
    const url = new URL(req.url, 'http://127.0.0.1');
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404); res.end('not found'); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    let file = path.join(dir, rel);
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      const inDir = path.join(file, 'index.html');
      file = fs.existsSync(inDir) ? inDir : path.join(dir, 'index.html');
    }
    const type = TYPES[path.extname(file)] || 'application/octet-stream';
    if (gzip && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      const key = `${file}:${fs.statSync(file).mtimeMs}`;
      if (!gzipped.has(key)) gzipped.set(key, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
      const body = gzipped.get(key);
      res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', 'content-length': body.length, vary: 'accept-encoding' });
      res.end(body);
      return;
    }
    res.writeHead(200, { 'content-type': type });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(port, '127.0.0.1', ok); });
  const bound = server.address().port;
  return { server, port: bound, origin: `http://127.0.0.1:${bound}`, url: `http://127.0.0.1:${bound}${prefix}`,
    close: () => new Promise((ok) => server.close(ok)) };
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(extraArgs = []) {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * The file's server (`startServer(serverOptions)`) and Chromium, started before its tests and
 * closed after them (node:test's `before`/`after`). Returns getters, as both exist only once
 * the tests run: `env.srv.url`, `newPage(env.browser)`.
 */
export function useServerAndBrowser(serverOptions) {
  let srv;
  let browser;
  before(async () => {
    srv = await startServer(serverOptions);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await srv?.close();
  });
  return { get srv() { return srv; }, get browser() { return browser; } };
}

/**
 * A new page that records every request URL in `page.requests` and every console error and
 * uncaught exception in `page.errors`.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.requests = [];
  page.errors = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  return page;
}

/** Requests that went anywhere but `origin` (data: and blob: URLs are local). */
export function foreignRequests(page, origin) {
  return page.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

export async function screenshot(page, name) {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The `jornada` CLI release binary (built on first use). */
export function cliBinary() {
  const bin = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'release/jornada');
  execFileSync('cargo', ['build', '--release', '--bin', 'jornada', '--quiet'], { cwd: ROOT, stdio: 'ignore' });
  return bin;
}

/** `jornada analyze --json` on `files`, or `{ error }` when the CLI cannot run. */
export function cliReport(files) {
  try {
    return JSON.parse(execFileSync(cliBinary(), ['analyze', '--json', ...files], { cwd: ROOT, maxBuffer: 1 << 28 }).toString());
  } catch (e) {
    return { error: String(e) };
  }
}

/** The e2e fixtures, and the four files most tests load: orders, tickets, NPS answers, leads. */
export const FIXTURES = path.join(ROOT, 'tests/e2e/fixtures');
export const FOUR_FILES = ['pedidos-planilha.csv', 'chamados.csv', 'nps.csv', 'leads.csv'].map((f) => path.join(FIXTURES, f));

/** Writes a generated orders file of `rows` rows (`order_id,customer_id,order_date,amount,
 * status,channel`, about 60 bytes a row, every status and channel) as `name` in a folder of its
 * own under the temporary directory, 100k rows at a time; returns its path (remove its folder
 * after the test). */
export function writeOrders(name, rows) {
  const file = path.join(os.tmpdir(), `jornada-e2e-${process.pid}-${path.parse(name).name}`, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const statuses = ['completed', 'completed', 'completed', 'cancelled', 'abandoned'];
  const channels = ['site', 'app', 'store', 'whatsapp'];
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'order_id,customer_id,order_date,amount,status,channel\n');
  for (let start = 0; start < rows; start += 100_000) {
    const lines = [];
    for (let i = start; i < Math.min(rows, start + 100_000); i++) {
      const day = new Date(Date.UTC(2023, 0, 1) + (i % 700) * 86_400_000 + (i % 86_400) * 1000);
      const at = day.toISOString().slice(0, 19).replace('T', ' ');
      lines.push(`${1_000_000 + i},c${(i * 7919) % 250_000},${at},${(10 + (i % 997) * 1.37).toFixed(2)},${statuses[i % 5]},${channels[i % 4]}\n`);
    }
    fs.writeSync(fd, lines.join(''));
  }
  fs.closeSync(fd);
  return file;
}

/** Waits for the start page: the file input, and the privacy panel (placed once the start-up
 * check for kept files has made its IndexedDB round trip). */
export async function startPageReady(page) {
  await page.waitForSelector('#file-input', { state: 'attached' });
  await page.waitForSelector('.privacy .button-row');
}

/** `{ database: { store: records } }` for every IndexedDB database of the page's origin. */
export async function indexedDbCounts(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((ok, fail) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      out[name] = {};
      for (const store of db.objectStoreNames) {
        out[name][store] = await new Promise((ok, fail) => {
          const req = db.transaction(store).objectStore(store).count();
          req.onsuccess = () => ok(req.result);
          req.onerror = () => fail(req.error);
        });
      }
      db.close();
    }
    return out;
  });
}

/** Waits until the dashboard page on screen has placed every piece of its progressive render. */
export async function dashboardRendered(page, stage, timeout = 60_000) {
  const sel = stage ? `.dashboard[data-stage="${stage}"][data-rendered]` : '.dashboard[data-rendered]';
  await page.waitForSelector(sel, { timeout });
}

/**
 * Visits each dashboard view and checks every metric card's raw value against the CLI's
 * `report` (same id; `null` shows as an empty value; relative difference ≤ 1e-9). Returns
 * how many numbers were compared and the ids of every card shown.
 */
export async function compareCardsWithCli(page, report, views = ['journey', 'attraction', 'sales', 'service', 'loyalty']) {
  let compared = 0;
  const ids = new Set();
  for (const view of views) {
    await page.click(`nav a[href$="/${view}"]`);
    await dashboardRendered(page, view);
    const shown = await page.$$eval('.card', (cards) => cards.map((c) => ({
      id: c.dataset.metric, raw: c.querySelector('.value').dataset.raw })));
    for (const { id, raw } of shown) {
      ids.add(id);
      const m = report.metrics.find((x) => x.id === id);
      assert.ok(m, `${id} is shown on /${view} but the CLI did not compute it`);
      if (m.value === null) { assert.equal(raw, '', `${id} on /${view}`); continue; }
      const v = Number(raw);
      assert.ok(raw !== '' && Math.abs(v - m.value) <= 1e-9 * Math.max(1, Math.abs(m.value)), `${id} on /${view}: app ${raw}, CLI ${m.value}`);
      compared++;
    }
  }
  return { compared, ids };
}

/** The ids of the CLI report's metrics that the dashboard shows as cards (not tables). */
export function cardMetricIds(report) {
  return report.metrics.filter((m) => m.unit !== 'table' && (m.table === undefined || m.table === null)).map((m) => m.id);
}
