// Issue 18, the adversarial review: each finding reproduced as an attacker (or an unlucky
// user) would meet it, against the release build served under /app/.
//   node --test tests/e2e/hardening.test.mjs   (after scripts/build.sh)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  useServerAndBrowser, newPage, dashboardRendered, startPageReady, indexedDbCounts, FOUR_FILES as ALL,
} from './harness.mjs';
const CUSTOMERS = 'ana.souza@example.com,Ana Souza,ORD-1001,2025-03-01,149.90,pago,CPF 123.456.789-09\n'
  + 'bruno.lima@example.com,Bruno Lima,ORD-1002,2025-03-02,89.00,pago,CPF 987.654.321-00\n'
  + 'carla.dias@example.com,Carla Dias,ORD-1003,2025-03-03,310.50,cancelado,CPF 111.222.333-44\n';
const SECRETS = ['ana.souza', 'Ana Souza', 'ORD-1001', '123.456.789', '149.90'];

const env = useServerAndBrowser();

const csvFile = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

async function open(options = {}) {
  const page = await newPage(env.browser, { locale: 'en', ...options });
  page.setDefaultTimeout(30_000);
  await page.goto(env.srv.url);
  await startPageReady(page);
  return page;
}

/** The mapping review of `file`, fully placed (after the load's own move to the dashboard). */
async function toMapping(page, file) {
  await dashboardRendered(page);
  await page.click('nav a[href$="/mapping"]');
  await page.waitForFunction((f) => [...document.querySelectorAll('.table-mapping h2')].some((h) => h.textContent === f)
    && document.querySelector('.mapping[data-rendered]') && document.querySelector('.columns th[scope=row]'), file);
}

/** Everything the origin keeps: local and session storage, IndexedDB (with counts), caches. */
async function inventory(page) {
  const dbs = await indexedDbCounts(page);
  const rest = await page.evaluate(async () => {
    const caches_ = {};
    for (const key of await caches.keys()) {
      caches_[key] = (await (await caches.open(key)).keys()).map((r) => r.url);
    }
    return {
      local: Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])),
      session: Object.keys(sessionStorage),
      caches: caches_,
    };
  });
  return { ...rest, dbs };
}

test('a headerless file of customers: no cell becomes a column name, and none is remembered', async () => {
  const page = await open();
  await page.setInputFiles('#file-input', [csvFile('clientes.csv', CUSTOMERS)]);
  await toMapping(page, 'clientes.csv');
  const names = await page.$$eval('.columns th[scope=row]', (th) => th.map((t) => t.textContent));
  assert.deepEqual(names, ['column 1', 'column 2', 'column 3', 'column 4', 'column 5', 'column 6', 'column 7']);
  await page.waitForSelector('.table-mapping .warnings li');
  // A role change is remembered, by a hash of the header signature and of each column.
  await page.locator('.role-select').nth(2).selectOption('product');
  await page.waitForFunction(() => (localStorage.getItem('jornada.mappings') || '').includes('"product"'));
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  for (const s of SECRETS) assert.ok(!stored.includes(s), `${s} is in localStorage: ${stored}`);
  assert.ok(!stored.includes('column 2'), `a column name is in localStorage: ${stored}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a visit creates no IndexedDB database', async () => {
  const page = await open();
  await page.waitForTimeout(500);
  assert.deepEqual(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)), []);
  await page.context().close();
});

test('"Forget stored data" leaves only the language choice and the app\'s code cache', { timeout: 180_000 }, async () => {
  const page = await open();
  // Every kind of trace: the language, the opt-in and stored files, settings, a mapping, the
  // widget preview of the builder (which used to queue answers here), and the service worker.
  await page.selectOption('#lang-select', 'pt-BR');
  await page.check('#remember');
  await page.setInputFiles('#file-input', ALL);
  await dashboardRendered(page, 'journey');
  await page.waitForFunction(async () => (await indexedDB.databases()).some((d) => d.name === 'jornada'));
  await toMapping(page, 'pedidos-planilha.csv');
  await page.locator('.role-select').first().selectOption('');
  await page.waitForFunction(() => localStorage.getItem('jornada.mappings'));
  await page.click('nav a[href$="/settings"]');
  await page.locator('.settings input[inputmode=decimal]').first().fill('12');
  await page.click('#settings-save');
  await page.waitForFunction(() => localStorage.getItem('jornada.settings'));
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.click('nav li:first-child a');
  await page.waitForSelector('.privacy .button-row');
  const before = await inventory(page);
  assert.ok(Object.keys(before.local).length >= 3, JSON.stringify(before));
  await page.getByRole('button', { name: 'Esquecer dados guardados' }).click();
  await page.waitForSelector('.banner.notice');
  await page.waitForFunction(async () => (await indexedDB.databases()).length === 0);
  const after = await inventory(page);
  assert.deepEqual(after.local, { 'jornada.lang': '"Pt"' }, JSON.stringify(after.local));
  assert.deepEqual(after.session, []);
  assert.deepEqual(after.dbs, {});
  // Only the app's code cache: our prefix, and nothing in it but the app's own files.
  for (const [name, urls] of Object.entries(after.caches)) {
    assert.match(name, /^jornada-app-[0-9a-f]{16}@\/app\/$/);
    for (const u of urls) assert.match(u, new RegExp(`^${env.srv.url}((widget/)?[\\w.-]+\\.(js|wasm|css|svg|webmanifest|html))?$`), u);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a file wider than the limit is refused with the limit; a wide one pages its columns; the tab lives', { timeout: 180_000 }, async () => {
  const page = await open();
  const header = (n) => Array.from({ length: n }, (_, i) => `c${i}`).join(',');
  const row = (n) => Array.from({ length: n }, (_, i) => String(i % 7)).join(',');
  await page.setInputFiles('#file-input', [csvFile('largo.csv', `${header(10000)}\n${row(10000)}\n`)]);
  await page.waitForSelector('.progress-item.failed');
  const shown = await page.evaluate(() => document.body.innerText);
  assert.ok(shown.includes('largo.csv, line 1: the line has 10000 fields; the limit is 1000 columns'), shown);
  // A thousand columns load; the review places a hundred selects, then a hundred more.
  await page.setInputFiles('#file-input', [csvFile('mil.csv', `${header(1000)}\n${row(1000)}\n${row(1000)}\n`)]);
  await toMapping(page, 'mil.csv');
  await page.waitForFunction(() => document.querySelectorAll('.role-select').length === 100);
  assert.equal(await page.locator('.more-columns').textContent(), 'Show more columns (900 left)');
  await page.locator('.more-columns').click();
  await page.waitForFunction(() => document.querySelectorAll('.role-select').length === 200);
  await page.locator('.role-select').nth(150).selectOption('amount');
  await page.waitForSelector('.mapping[data-rendered]');
  await page.click('nav a[href$="/settings"]');
  await page.waitForSelector('.settings');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a 200 MB header line is refused with the header limit before any view; the tab lives', { timeout: 240_000 }, async () => {
  // The review's own reproduction: a header line of 200 MB used to crash the tab when the
  // mapping opened. Written to disk and given by path, as a person's file would be.
  const file = path.join(os.tmpdir(), `cabecalho-enorme-${process.pid}.csv`);
  const line = Buffer.alloc(200 * 1024 * 1024, 'abcdefghi,');
  fs.writeFileSync(file, Buffer.concat([line, Buffer.from('\n1,2\n')]));
  try {
    const page = await open();
    await page.setInputFiles('#file-input', file);
    await page.waitForSelector('.progress-item.failed', { timeout: 120_000 });
    const shown = await page.evaluate(() => document.body.innerText);
    assert.match(shown, new RegExp(`${path.basename(file)}, line 1: .*the limit is 256 KB`), shown.slice(0, 600));
    // Still a working page: the sample loads and the dashboard renders.
    await page.setInputFiles('#file-input', ALL);
    await dashboardRendered(page, 'journey');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    fs.rmSync(file, { force: true });
  }
});

test('bidirectional controls in a file name are shown, not obeyed, and isolated', async () => {
  const page = await open();
  await page.setInputFiles('#file-input', [csvFile('tickets\u202evsc.exe', 'id,valor\n1,2\n')]);
  await toMapping(page, 'tickets⟨U+202E⟩vsc.exe');
  assert.equal(await page.locator('.table-mapping h2 bdi').evaluate((e) => getComputedStyle(e).unicodeBidi), 'isolate');
  await page.click('nav li:first-child a');
  assert.equal(await page.locator('.progress-name bdi').textContent(), 'tickets⟨U+202E⟩vsc.exe');
  await page.context().close();
});

test('/why does not echo its query string, and chart tooltips are SVG titles', { timeout: 120_000 }, async () => {
  const page = await open();
  await page.setInputFiles('#file-input', ALL);
  await dashboardRendered(page, 'journey');
  const ns = await page.$$eval('svg.chart-svg title', (ts) => [...new Set(ts.map((t) => t.namespaceURI))]);
  assert.deepEqual(ns, ['http://www.w3.org/2000/svg']);
  const marker = 'ZZ-injected-text-QQ';
  for (const q of [`id=${marker}`, `id=sales.revenue&period=${marker}`]) {
    await page.evaluate((to) => { history.pushState(null, '', to); dispatchEvent(new PopStateEvent('popstate')); }, `/app/why?${q}`);
    await page.waitForSelector('.why-unknown');
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(!text.includes(marker), `the page shows the query text: ${text.slice(0, 400)}`);
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
