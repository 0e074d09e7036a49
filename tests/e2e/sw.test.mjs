// Issue 18: the service worker minds its own scope. The app at /app/ shares its origin with
// another app at /other/ and with an API under /app/api/: the worker must leave the other
// app's caches alone, cache only the app's own build files (never an API answer, never a
// `no-store` or `private` response), and match queries exactly (offline, bob never gets
// alice's answer).
//   node --test tests/e2e/sw.test.mjs   (after scripts/build.sh)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, newPage, DIST } from './harness.mjs';

const OTHER = `<!doctype html><html><head><meta charset="utf-8"><title>Other app</title></head>
<body><h1>Other app</h1></body></html>`;

let srv;
let browser;
before(async () => {
  srv = await startServer({
    onRequest(req, res) {
      const url = new URL(req.url, 'http://127.0.0.1');
      if (url.pathname === '/other/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(OTHER);
        return true;
      }
      const api = url.pathname.match(/^\/app\/api\/(plain|nostore|private)$/);
      if (api) {
        const cc = { plain: 'max-age=0', nostore: 'no-store', private: 'private, max-age=600' }[api[1]];
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': cc });
        res.end(JSON.stringify({ user: url.searchParams.get('user') }));
        return true;
      }
      return false;
    },
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

test('the service worker minds its own scope next to another app on the same origin', { timeout: 120_000 }, async () => {
  const page = await newPage(browser);
  page.setDefaultTimeout(30_000);
  // The other app keeps a cache of its own, with a name like an old version of ours.
  await page.goto(`${srv.origin}/other/`);
  await page.evaluate(async () => {
    await (await caches.open('jornada-v1')).put('/other/data.json', new Response('{"mine":true}'));
    await (await caches.open('other-app-v3')).put('/other/app.js', new Response('1'));
  });
  // The app installs and activates its worker, which then controls the page.
  await page.goto(srv.url);
  await page.waitForSelector('#file-input', { state: 'attached' });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // Answers of an API under the app's path: the worker must not keep any of them.
  for (const kind of ['plain', 'nostore', 'private']) {
    const body = await page.evaluate((k) => fetch(`./api/${k}?user=alice`).then((r) => r.json()), kind);
    assert.deepEqual(body, { user: 'alice' });
  }
  const cached = await page.evaluate(async () => {
    const out = {};
    for (const key of await caches.keys()) out[key] = (await (await caches.open(key)).keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search);
    return out;
  });
  assert.deepEqual(cached['jornada-v1'], ['/other/data.json'], 'the other app\'s cache is untouched');
  assert.deepEqual(cached['other-app-v3'], ['/other/app.js']);
  assert.ok(!Object.values(cached).flat().some((p) => p.includes('/api/')), JSON.stringify(cached));
  const sw = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const build = sw.match(/^const BUILD = "([0-9a-f]{16})";$/m)?.[1];
  assert.ok(build, 'scripts/build.sh wrote the build id into sw.js');
  const files = JSON.parse(sw.match(/^const FILES = (\[.*\]);$/m)[1]);
  assert.ok(files.includes('./') && files.some((f) => f.endsWith('.wasm')), JSON.stringify(files));
  const ours = Object.keys(cached).filter((k) => k.startsWith('jornada-app-'));
  assert.deepEqual(ours, [`jornada-app-${build}@/app/`], 'one cache, named for this build and scope');
  const allowed = new Set(files.map((f) => new URL(f, srv.url).pathname));
  for (const p of cached[ours[0]]) assert.ok(allowed.has(p), `${p} is not one of the app's build files`);

  // Offline: the app still opens, bob's question is not answered with alice's data.
  await page.context().setOffline(true);
  const offline = await page.evaluate(async () => {
    const out = {};
    for (const k of ['plain', 'nostore', 'private']) {
      try {
        out[k] = await fetch(`./api/${k}?user=bob`).then((r) => r.json());
      } catch (e) {
        out[k] = 'network error';
      }
    }
    return out;
  });
  assert.deepEqual(offline, { plain: 'network error', nostore: 'network error', private: 'network error' });
  await page.reload();
  await page.waitForSelector('#file-input', { state: 'attached' });
  await page.context().setOffline(false);
  await page.context().close();
});
