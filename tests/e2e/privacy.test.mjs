// The privacy guarantee, checked as a user would exercise it: load the release build, analyse
// files, visit every view and open a drill-down, while recording every request the page and
// its workers make. Everything must be a GET of our own static files; nothing may go to another
// origin, and nothing may be sent (no POST, no beacon, no upload). Then what the app wrote on
// the device: without the opt-in, only preferences, never a cell of the files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useServerAndBrowser, DIST, ROOT } from './harness.mjs';

const FIX = path.join(ROOT, 'tests/e2e/fixtures');
const FILES = ['pedidos-planilha.csv', 'chamados.csv', 'nps.csv', 'leads.csv'].map((f) => path.join(FIX, f));
const VIEWS = ['journey', 'attraction', 'sales', 'service', 'loyalty', 'mapping', 'settings'];

const env = useServerAndBrowser();
/** Texts from the loaded files that must never be written on the device without the opt-in. */
const CELLS = ['ana@exemplo.com.br', 'bruno@exemplo.com.br', '1.234,56', '1001', 'indicação'];
/** What the app may keep in localStorage: the language, settings, mappings, the opt-in. */
const PREFERENCES = ['jornada.lang', 'jornada.mappings', 'jornada.remember', 'jornada.settings'];

/** Everything the page can see it wrote: web storage, IndexedDB, Cache Storage, cookies. */
async function deviceContents(page) {
  return page.evaluate(async () => {
    const local = Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
    const session = Object.fromEntries(Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)]));
    // Records per IndexedDB store (the start-up check for kept files may open an empty one).
    const databases = {};
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((ok, fail) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      databases[name] = {};
      for (const store of db.objectStoreNames) {
        databases[name][store] = await new Promise((ok, fail) => {
          const req = db.transaction(store).objectStore(store).count();
          req.onsuccess = () => ok(req.result);
          req.onerror = () => fail(req.error);
        });
      }
      db.close();
    }
    const caches_ = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      caches_[name] = (await cache.keys()).map((r) => r.url);
    }
    return { local, session, databases, caches: caches_, cookie: document.cookie };
  });
}

test('loading, analysing and navigating sends nothing anywhere', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'pt-BR' });
  const seen = [];
  // context-level events also see the service worker's and web workers' requests.
  context.on('request', (r) => seen.push({ url: r.url(), method: r.method(), post: r.postData() }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto(env.srv.url);
  await page.waitForSelector('#file-input', { state: 'attached' });
  await page.setInputFiles('#file-input', FILES);
  await page.waitForSelector('.dashboard .card', { timeout: 60_000 });
  // Navigate inside the app (the data is not persisted, so no reloads).
  for (const view of VIEWS) {
    await page.locator(`a[href$="/${view}"]`).first().click();
    await page.waitForURL(new RegExp(`/app/${view}$`));
  }
  // A drill-down: the first "why?" link of the journey view.
  await page.locator('a[href$="/journey"]').first().click();
  await page.locator('a[href*="why"]').first().click();
  await page.waitForURL(/\/app\/why/);

  const offending = seen.filter((r) => {
    const local = r.url.startsWith(env.srv.url) || r.url.startsWith('data:') || r.url.startsWith('blob:');
    return !local || r.method !== 'GET' || r.post;
  });
  assert.deepEqual(offending, [], 'requests that left the page or carried data');
  // Each request fetched one of our own built files (or a route of the app, served as its
  // page), and the recorder saw the engine worker's own fetch of its wasm.
  // (The service worker also saves widget/, the builder's preview, for offline use.)
  const files = new Set([...fs.readdirSync(DIST), ...fs.readdirSync(path.join(DIST, 'widget')).map((f) => `widget/${f}`)]);
  const routes = new Set(['', ...VIEWS, 'why']);
  const unknown = seen.map((r) => new URL(r.url)).filter((u) => u.protocol === 'http:')
    .map((u) => u.pathname.replace(/^\/app\//, '')).filter((name) => !files.has(name) && !routes.has(name));
  assert.deepEqual(unknown, [], 'requests for something that is not a file of dist/');
  assert.ok(seen.some((r) => /jornada-worker_bg\.wasm$/.test(r.url)), 'the worker\'s wasm was fetched and recorded');

  // What was written on the device: preferences only, and no cell of the files anywhere.
  const device = await deviceContents(page);
  assert.deepEqual(Object.keys(device.local).filter((k) => !PREFERENCES.includes(k)), [], JSON.stringify(device.local));
  assert.deepEqual(device.session, {});
  assert.equal(device.cookie, '');
  assert.deepEqual(await context.cookies(), []);
  const records = Object.values(device.databases).flatMap((db) => Object.values(db)).reduce((a, b) => a + b, 0);
  assert.equal(records, 0, `IndexedDB records without the opt-in: ${JSON.stringify(device.databases)}`);
  for (const [name, urls] of Object.entries(device.caches)) {
    const foreign = urls.filter((u) => !u.startsWith(env.srv.url) || !(files.has(u.slice(env.srv.url.length)) || u === env.srv.url));
    assert.deepEqual(foreign, [], `cache ${name} holds only the app's own files`);
  }
  const written = JSON.stringify(device);
  for (const cell of CELLS) assert.ok(!written.includes(cell), `"${cell}" from a loaded file was written on the device`);
  assert.deepEqual(errors, []);
  await context.close();
});
