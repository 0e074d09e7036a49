// The privacy guarantee, checked as a user would exercise it: load the release build, analyse
// files, visit every view and open a drill-down, while recording every request the page and
// its workers make. Everything must be a GET of our own static files; nothing may go to another
// origin, and nothing may be sent (no POST, no beacon, no upload).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, launchBrowser, CHROMIUM_ARGS, ROOT } from './harness.mjs';

const FIX = path.join(ROOT, 'tests/e2e/fixtures');
const FILES = ['pedidos-planilha.csv', 'chamados.csv', 'nps.csv', 'leads.csv'].map((f) => path.join(FIX, f));
const VIEWS = ['journey', 'attraction', 'sales', 'service', 'loyalty', 'mapping', 'settings'];

let srv;
let browser;
before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

test('chromium is launched with background networking off', () => {
  assert.ok(CHROMIUM_ARGS.includes('--disable-background-networking'));
});

test('loading, analysing and navigating sends nothing anywhere', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'pt-BR' });
  const seen = [];
  // context-level events also see the service worker's and web workers' requests.
  context.on('request', (r) => seen.push({ url: r.url(), method: r.method(), post: r.postData() }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  await page.goto(srv.url);
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
    const local = r.url.startsWith(srv.url) || r.url.startsWith('data:') || r.url.startsWith('blob:');
    return !local || r.method !== 'GET' || r.post;
  });
  assert.ok(seen.length > 3, `recorded ${seen.length} requests: the recorder works`);
  assert.deepEqual(offending, [], 'requests that left the page or carried data');
  assert.deepEqual(errors, []);
  await context.close();
});
