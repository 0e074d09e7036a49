// Issue 5, privacy: "the loaded data is not persisted unless the user opts in (IndexedDB, with
// a clear "forget" button)". Checked as a user would see it, and in IndexedDB itself: every
// database the origin has, every object store, every record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useServerAndBrowser, newPage, dashboardRendered, startPageReady, indexedDbCounts, FOUR_FILES as ALL,
} from './harness.mjs';

const env = useServerAndBrowser();

const records = (contents) => Object.values(contents).flatMap((db) => Object.values(db)).reduce((a, b) => a + b, 0);

/** Every metric card of the overview: id → raw value. */
async function overviewNumbers(page) {
  return page.$$eval('.dashboard[data-stage="journey"] .card', (cards) => Object.fromEntries(
    cards.map((c) => [c.dataset.metric, c.querySelector('.value').dataset.raw])));
}

const restoreButton = (page) => page.getByRole('button', { name: 'Abrir os dados guardados' });

test('without opt-in nothing is stored; opted in, a reload restores the same numbers; forget empties IndexedDB', { timeout: 300_000 }, async () => {
  const page = await newPage(env.browser, { locale: 'pt-BR' });
  await page.goto(env.srv.url);
  await startPageReady(page);
  assert.equal(await page.isChecked('#remember'), false, 'opt-in is off by default');

  // 1. Loaded without opt-in: nothing in IndexedDB, and a reload has no data.
  await page.setInputFiles('#file-input', ALL);
  await dashboardRendered(page, 'journey');
  const shown = await overviewNumbers(page);
  assert.ok(Object.keys(shown).length >= 5, JSON.stringify(shown));
  assert.equal(records(await indexedDbCounts(page)), 0, JSON.stringify(await indexedDbCounts(page)));
  // Reloading the dashboard finds no data.
  await page.reload();
  await page.waitForSelector('section.empty h1');
  assert.match(page.url(), /\/app\/journey$/);
  assert.equal(await page.$$eval('.card', (c) => c.length), 0);
  assert.equal(records(await indexedDbCounts(page)), 0);
  await page.click('nav li:first-child a');
  await startPageReady(page);
  assert.equal(await restoreButton(page).count(), 0, 'nothing to restore');

  // 2. Opted in: the loaded files are kept on this device; after a reload they reopen into
  // the same dashboard.
  await page.setInputFiles('#file-input', ALL);
  await dashboardRendered(page, 'journey');
  await page.click('nav li:first-child a');
  await startPageReady(page);
  await page.check('#remember');
  await page.waitForFunction(async () => {
    const dbs = await indexedDB.databases();
    return dbs.some((d) => d.name === 'jornada');
  });
  await page.waitForFunction(() => new Promise((ok) => {
    const req = indexedDB.open('jornada');
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('files')) { db.close(); ok(false); return; }
      const c = db.transaction('files').objectStore('files').count();
      c.onsuccess = () => { db.close(); ok(c.result === 4); };
    };
    req.onerror = () => ok(false);
  }));
  assert.deepEqual(await indexedDbCounts(page), { jornada: { files: 4 } });
  await page.reload();
  await startPageReady(page);
  assert.equal(await page.isChecked('#remember'), true, 'the opt-in is remembered');
  await restoreButton(page).click();
  await dashboardRendered(page, 'journey');
  assert.deepEqual(await overviewNumbers(page), shown, 'restored numbers');

  // 3. Forget: IndexedDB holds nothing, the opt-in is off, and a reload starts empty.
  await page.click('nav li:first-child a');
  await startPageReady(page);
  await page.getByRole('button', { name: 'Esquecer dados guardados' }).click();
  await page.waitForSelector('.banner.notice');
  assert.equal(records(await indexedDbCounts(page)), 0, JSON.stringify(await indexedDbCounts(page)));
  assert.equal(await page.isChecked('#remember'), false);
  await page.reload();
  await startPageReady(page);
  assert.equal(records(await indexedDbCounts(page)), 0);
  assert.equal(await restoreButton(page).count(), 0);
  await page.click('nav a[href$="/journey"]');
  await page.waitForSelector('section.empty h1');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
