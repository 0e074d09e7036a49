// The static start page of index.html (#boot-shell): painted before the app's wasm arrives, in
// the user's language, then replaced by the mounted app with the same layout (nothing moves);
// files chosen on it before the app is ready are analysed; and the engine worker starts only
// after the first paint and the app's mount, in idle time, so the first load finds it ready.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useServerAndBrowser, newPage, ROOT } from './harness.mjs';

const ORDERS = path.join(ROOT, 'tests/e2e/fixtures/pedidos-planilha.csv');
// Parts of the start page whose place and size must not change when the app takes over.
const PARTS = ['.brand', '.lang-switch', 'nav', 'main h1', 'main .lead', '.dropzone', '.start-grid', '.privacy'];

const env = useServerAndBrowser();
function layout(page) {
  return page.evaluate((parts) => parts.map((sel) => {
    const el = document.querySelector(sel);
    if (!el) return `${sel}: missing`;
    const r = el.getBoundingClientRect();
    return `${sel}: ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}`;
  }), PARTS);
}

/** Opens `url` with the app's wasm held back until `release()`: the page shows only the shell. */
async function openHeld(url, options) {
  const page = await newPage(env.browser, options);
  let release;
  const held = new Promise((ok) => { release = ok; });
  await page.route(/jornada-app-[0-9a-f]+_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto(url);
  return { page, release };
}

for (const [locale, title, lang] of [['pt-BR', 'Analise seus dados de clientes', 'pt-BR'], ['en-US', 'Analyse your customer data', 'en']]) {
  for (const width of [1280, 390]) {
    test(`${locale} at ${width} px: the shell is the start page before the wasm, and the app takes its place without moving anything`, async () => {
      const { page, release } = await openHeld(env.srv.url, { locale, viewport: { width, height: 900 } });
      assert.equal(await page.locator('#boot-shell').count(), 1);
      assert.equal(await page.textContent('main h1'), title);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      const before = await layout(page);
      assert.ok(before.every((b) => !b.endsWith('missing')), before.join('\n'));
      release();
      await page.waitForSelector('#boot-shell', { state: 'detached' });
      await page.waitForSelector('#file-input', { state: 'attached' });
      assert.equal(await page.textContent('main h1'), title);
      assert.deepEqual(await layout(page), before);
      assert.equal(await page.locator('main h1').count(), 1, 'one start page after the mount');
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }
}

test('a dashboard route opened cold shows "no data loaded" in the shell, as the app does', async () => {
  const { page, release } = await openHeld(`${env.srv.url}journey`, { locale: 'en-US' });
  assert.equal(await page.textContent('main h1'), 'No data loaded');
  assert.equal(await page.getAttribute('nav a[aria-current="page"]', 'href'), './journey');
  release();
  await page.waitForSelector('#boot-shell', { state: 'detached' });
  assert.equal(await page.textContent('main h1'), 'No data loaded');
  assert.match(await page.getAttribute('nav a[aria-current="page"]', 'href'), /\/app\/journey$/);
  await page.context().close();
});

test('files chosen on the shell before the app is ready are analysed once it mounts', async () => {
  const { page, release } = await openHeld(env.srv.url, { locale: 'pt-BR' });
  await page.setInputFiles('#boot-file-input', [ORDERS]);
  release();
  await page.waitForSelector('.dashboard .card', { timeout: 60_000 });
  // The same hand-worked revenue as app.test.mjs's smoke test (1.234,56 + 200,44 + 50,00).
  assert.equal(await page.textContent('.card[data-metric="sales.revenue"] .value'), 'R$\u00a01.485,00');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the engine worker starts in idle time after the first paint and the app\'s mount; the first load uses it', async () => {
  const context = await env.browser.newContext({ locale: 'pt-BR' });
  // Context-level events see the page's, its workers' and the service worker's requests; the
  // service worker may precache the engine after load, which is not the page fetching it.
  const seen = [];
  context.on('request', (r) => seen.push({ url: r.url(), bySw: Boolean(r.serviceWorker()) }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Every worker the page creates: when, against the first contentful paint, and whether the
  // static start page was still on screen (the app not mounted yet).
  await page.addInitScript(() => {
    const Native = window.Worker;
    window.__workers = [];
    window.Worker = class extends Native {
      constructor(...args) {
        super(...args);
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        window.__workers.push({ url: String(args[0]), at: performance.now(), fcp: fcp ? fcp.startTime : null, shell: !!document.getElementById('boot-shell') });
      }
    };
  });
  await page.goto(env.srv.url);
  await page.waitForSelector('html[data-engine="ready"]', { state: 'attached', timeout: 60_000 });
  const engine = () => seen.filter((r) => !r.bySw && r.url.includes('jornada-worker')).map((r) => r.url);
  assert.ok(engine().some((u) => u.endsWith('/jornada-worker_bg.wasm')), JSON.stringify(engine()));
  const workers = await page.evaluate(() => window.__workers);
  assert.equal(workers.length, 1, JSON.stringify(workers));
  const [w] = workers;
  assert.ok(w.url.endsWith('jornada-worker_loader.js'), w.url);
  assert.ok(w.fcp != null && w.fcp < w.at, `the worker started at ${w.at} ms, the first paint at ${w.fcp} ms`);
  assert.equal(w.shell, false, 'the worker started before the app replaced the static start page');
  const fetched = engine().length;
  await page.setInputFiles('#file-input', [ORDERS]);
  await page.waitForSelector('.dashboard .card', { timeout: 60_000 });
  assert.equal(await page.evaluate(() => window.__workers.length), 1, 'the load started another worker');
  assert.equal(engine().length, fetched, 'the load fetched the engine again');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the engine warms up on a small sample in idle time, keeps nothing of it, and a drop during or after it reads the same', async () => {
  const fixtures = ['pedidos-repetidos.csv', 'chamados.csv', 'leads.csv', 'sessoes-fontes.csv', 'nps.csv']
    .map((f) => path.join(ROOT, 'tests/e2e/fixtures', f));
  const dashboard = async (page) => {
    await page.setInputFiles('#file-input', fixtures);
    await page.waitForSelector('.dashboard[data-rendered] .card', { timeout: 60_000 });
    return page.$$eval('.dashboard .card', (cards) => cards.map((c) => `${c.dataset.metric}: ${c.querySelector('.value')?.textContent}`));
  };
  // Dropped the moment the engine is ready: the warm-up waits 200 ms, then stops at the first
  // request, wherever it is.
  const early = await newPage(env.browser, { locale: 'pt-BR' });
  await early.goto(env.srv.url);
  await early.waitForSelector('html[data-engine="ready"]', { state: 'attached', timeout: 60_000 });
  const during = await dashboard(early);
  // Dropped once the warm-up is done: it ran on the sample company (the sample's generator
  // was fetched by the engine worker), showed nothing of it, and left no table behind.
  const late = await newPage(env.browser, { locale: 'pt-BR' });
  await late.goto(env.srv.url);
  await late.waitForSelector('html[data-engine-warm]', { state: 'attached', timeout: 60_000 });
  assert.ok(late.requests.some((u) => u.endsWith('/jornada-sample_bg.wasm')), 'the warm-up did not generate its sample');
  assert.equal(await late.locator('.dashboard, .progress, .table-mapping').count(), 0, 'the warm-up showed something');
  const after = await dashboard(late);
  assert.ok(during.length > 5, during.join('\n'));
  assert.deepEqual(after, during);
  assert.deepEqual(early.errors, []);
  assert.deepEqual(late.errors, []);
  await early.context().close();
  await late.context().close();
});

test('an engine worker started after another died does not warm up, so a crash in a warm-up cannot restart it in a loop', async () => {
  const page = await newPage(env.browser, { locale: 'en-US' });
  await page.goto(env.srv.url);
  await page.waitForSelector('html[data-engine="ready"]', { state: 'attached', timeout: 60_000 });
  // The page's own workers, as bridge::start makes them: the first one, then one named as a
  // restart (src/worker.rs, RESTARTED), each watched from its start for its messages.
  const run = (name, ms) => page.evaluate(async ([name, ms]) => {
    const worker = new Worker('./jornada-worker_loader.js', name ? { name } : {});
    const seen = [];
    const t0 = performance.now();
    let ready = null;
    let warm = null;
    worker.onmessage = (e) => {
      const type = typeof e.data === 'string' ? JSON.parse(e.data).type : e.data.type;
      seen.push(type);
      if (type === 'ready') ready = performance.now() - t0;
      if (type === 'warm') warm = performance.now() - t0;
    };
    while (performance.now() - t0 < ms && warm == null) await new Promise((ok) => setTimeout(ok, 50));
    worker.terminate();
    return { seen, ready, warm };
  }, [name, ms]);
  const first = await run(null, 60_000);
  assert.ok(first.ready != null && first.warm != null, JSON.stringify(first));
  // Twice as long as the first one took to warm up, and never less than 3 s.
  const restarted = await run('jornada-engine-restarted', Math.max(3_000, 2 * first.warm));
  assert.ok(restarted.ready != null, JSON.stringify(restarted));
  assert.equal(restarted.warm, null, JSON.stringify(restarted));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

