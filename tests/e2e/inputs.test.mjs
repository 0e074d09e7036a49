// Issue 17, "data is never lost by a mistake", and the inputs around it: a paste that cannot be
// read leaves the loaded data and says why (no full progress bar); new files are added to what
// is loaded, replacing asks first (in the page, in the UI language) and "keep" changes nothing;
// the progress panel says it is done; with "keep data" ticked every page offers the stored data
// after a reload; the mapping review fits a phone and each file's columns table folds away from
// the keyboard; the survey builder's preview says why it is blank offline before its files were saved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useServerAndBrowser, newPage, dashboardRendered, startPageReady, writeOrders, FOUR_FILES, FIXTURES } from './harness.mjs';

const ORDERS = path.join(FIXTURES, 'pedidos-planilha.csv');
const TICKETS = path.join(FIXTURES, 'chamados.csv');
const NPS = fs.readFileSync(path.join(FIXTURES, 'nps.csv'), 'utf8');
const LOCALE = { pt: 'pt-BR', en: 'en-US' };
const W = (lang, pt, en) => (lang === 'pt' ? pt : en);

const env = useServerAndBrowser();

async function open(lang, options = {}) {
  const page = await newPage(env.browser, { locale: LOCALE[lang], ...options });
  await page.goto(env.srv.url);
  await page.waitForSelector('#file-input', { state: 'attached' });
  return page;
}

async function home(page) {
  await page.click('nav li:first-child a');
  await startPageReady(page);
}

async function paste(page, lang, text) {
  await page.fill('#paste-input', text);
  await page.getByRole('button', { name: W(lang, 'Analisar texto colado', 'Analyse pasted text') }).click();
}

/** The files the mapping review lists. */
async function mappedFiles(page) {
  await page.click('nav a[href$="/mapping"]');
  await page.waitForSelector('.mapping[data-rendered]');
  return page.$$eval('.table-mapping h2', (hs) => hs.map((h) => h.textContent.trim()));
}

const revenue = (page) => page.$eval('.card[data-metric="sales.revenue"] .value', (v) => v.dataset.raw);

/** Loads the orders fixture and returns the sales page's revenue (its raw value). */
async function loadOrders(page) {
  await page.setInputFiles('#file-input', [ORDERS]);
  await dashboardRendered(page, 'journey');
  await page.click('nav a[href$="/sales"]');
  await dashboardRendered(page, 'sales');
  return revenue(page);
}

for (const lang of ['pt', 'en']) {
  test(`unreadable paste after the sample (${lang}): nothing changes, it says why, no full bar`, { timeout: 180_000 }, async () => {
    const page = await open(lang);
    await page.waitForSelector('#sample-button:not([disabled])');
    await page.click('#sample-button');
    await dashboardRendered(page, 'journey');
    const cards = await page.$$eval('.card', (c) => c.length);
    assert.ok(cards > 5, `${cards} cards`);
    await home(page);
    await paste(page, lang, 'hello world');
    const failed = page.locator('.progress-item.failed .progress-status');
    await failed.waitFor();
    assert.match(await failed.textContent(), new RegExp(`^${W(lang, 'colado\\.csv: nenhuma linha de cabeçalho', 'pasted\\.csv: no header line was found')}`));
    await page.waitForFunction((t) => document.querySelector('#progress-title')?.textContent === t, W(lang, 'Nenhum arquivo lido', 'No file read'));
    const fullBars = await page.$$eval('.progress-item.failed progress', (ps) => ps.filter((p) => p.value >= p.max).length);
    assert.equal(fullBars, 0, 'a failed paste shows no full progress bar');
    assert.equal(await page.textContent('.progress-unchanged'), W(lang,
      'Nada foi alterado: os dados carregados continuam como estavam.', 'Nothing was changed: the loaded data are as they were.'));
    // The dashboard is as it was, not "No data loaded".
    await page.click('nav a[href$="/journey"]');
    await dashboardRendered(page, 'journey');
    assert.equal(await page.locator('section.empty').count(), 0);
    assert.equal(await page.$$eval('.card', (c) => c.length), cards);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`adding keeps the loaded files; replacing asks first and "keep" changes nothing (${lang})`, { timeout: 240_000 }, async () => {
    const page = await open(lang);
    const before = await loadOrders(page);
    assert.ok(Number(before) > 0, before);

    // A valid survey pasted after the orders is added to them.
    await home(page);
    await paste(page, lang, NPS);
    await dashboardRendered(page, 'journey');
    const pasted = W(lang, 'colado.csv', 'pasted.csv');
    assert.deepEqual(await mappedFiles(page), ['pedidos-planilha.csv', pasted]);
    await page.click('nav a[href$="/sales"]');
    await dashboardRendered(page, 'sales');
    assert.equal(await revenue(page), before, 'the orders are still analysed');

    // The progress panel says it is done.
    await home(page);
    assert.equal(await page.textContent('#progress-title'), W(lang, 'Concluído', 'Done'));
    assert.equal(await page.isChecked('#load-add'), true, 'adding is the default');

    // Replacing asks first, in the page; keeping the loaded data changes nothing.
    await page.check('#load-replace');
    await page.setInputFiles('#file-input', [TICKETS]);
    const dialog = page.locator('[role=alertdialog]');
    await dialog.waitFor();
    assert.equal(await page.textContent('#confirm-title'), W(lang, 'Substituir os dados carregados?', 'Replace the loaded data?'));
    assert.equal(await page.textContent('#confirm-body'), W(lang,
      `Os 2 arquivos carregados (pedidos-planilha.csv, ${pasted}) sairão da análise, substituídos por chamados.csv. Nada muda nos arquivos do seu computador.`,
      `The 2 loaded files (pedidos-planilha.csv, ${pasted}) will leave the analysis, replaced by chamados.csv. Nothing changes in the files on your computer.`));
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'confirm-keep', 'the safe answer has the focus');
    await page.click('#confirm-keep');
    assert.equal(await dialog.count(), 0);
    assert.deepEqual(await mappedFiles(page), ['pedidos-planilha.csv', pasted], 'keeping changed nothing');

    // Escape keeps too; "Replace" replaces.
    await home(page);
    await page.check('#load-replace');
    await page.setInputFiles('#file-input', [TICKETS]);
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await dialog.count(), 0);
    await page.setInputFiles('#file-input', [TICKETS]);
    await dialog.waitFor();
    await page.click('#confirm-replace');
    await dashboardRendered(page, 'journey');
    assert.deepEqual(await mappedFiles(page), ['chamados.csv']);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`adding a file that is already loaded does not count its rows twice, and says so (${lang})`, { timeout: 180_000 }, async () => {
    const page = await open(lang);
    const before = await loadOrders(page);
    await home(page);
    await page.setInputFiles('#file-input', [ORDERS, TICKETS]);
    await page.waitForFunction((t) => document.querySelector('.banner.notice[role=status]')?.textContent.startsWith(t),
      W(lang, 'Já carregado, não lido de novo', 'Already loaded, not read again'));
    assert.match(await page.textContent('.banner.notice[role=status]'), /pedidos-planilha\.csv/);
    await dashboardRendered(page, 'journey');
    assert.deepEqual(await mappedFiles(page), ['pedidos-planilha.csv', 'chamados.csv'], 'the new file is added, the loaded one not again');
    await page.click('nav a[href$="/sales"]');
    await dashboardRendered(page, 'sales');
    assert.equal(await revenue(page), before, 'revenue is not doubled');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`cancelling a read keeps the loaded data, stops the read, and the next file reads (${lang})`, { timeout: 240_000 }, async () => {
    const ROWS = 3_000_000;
    const big = writeOrders('orders-big.csv', ROWS);
    const page = await open(lang);
    try {
      const before = await loadOrders(page);
      await home(page);
      // The most rows the big file's progress showed (its last tick, or all of them when whole).
      await page.evaluate(() => {
        window.__bigRows = -1;
        new MutationObserver(() => {
          for (const li of document.querySelectorAll('.progress-item')) {
            const rows = Number(li.querySelector('.progress-status')?.dataset.rows);
            if (li.textContent.includes('orders-big.csv') && rows >= 0) window.__bigRows = Math.max(window.__bigRows, rows);
          }
        }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      // About 200 MB: still being read when Cancel is clicked (the button shows while reading).
      await page.setInputFiles('#file-input', [big]);
      await page.click('#cancel-button');
      await page.waitForFunction((t) => document.querySelector('.banner.notice[role=status]')?.textContent === t,
        W(lang, 'Leitura cancelada.', 'Reading cancelled.'));
      await page.waitForSelector('#file-input:not([disabled])', { state: 'attached' });
      assert.equal(await page.$('#cancel-button'), null, 'still reading after the cancel');
      // The read stopped soon after the click, not at the file's end: the worker takes its
      // messages while it reads (18k rows shown read with 1 MiB slices; 2.99M when the
      // stream's reads never left the task).
      const read = await page.evaluate(() => window.__bigRows);
      console.log(`# ${lang}: ${read} of ${ROWS} rows shown read before the cancel (-1: none yet)`);
      assert.ok(read < ROWS / 2, `the cancel was taken after ${read} of ${ROWS} rows`);
      assert.deepEqual(await mappedFiles(page), ['pedidos-planilha.csv'], 'the loaded data are as they were');
      await page.click('nav a[href$="/sales"]');
      await dashboardRendered(page, 'sales');
      assert.equal(await revenue(page), before);
      // The engine reads the next file: it is added to what is loaded.
      await home(page);
      await page.setInputFiles('#file-input', [TICKETS]);
      await dashboardRendered(page, 'journey');
      assert.deepEqual(await mappedFiles(page), ['pedidos-planilha.csv', 'chamados.csv']);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
      fs.rmSync(path.dirname(big), { recursive: true, force: true });
    }
  });

  test(`with "keep data" ticked, a reload on any page offers the stored data (${lang})`, { timeout: 180_000 }, async () => {
    const page = await open(lang);
    await startPageReady(page);
    await page.check('#remember');
    await page.setInputFiles('#file-input', FOUR_FILES);
    await dashboardRendered(page, 'journey');
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
    const offer = page.getByRole('button', { name: W(lang, 'Abrir os dados guardados', 'Open the stored data') });
    for (const route of ['settings', 'mapping']) {
      await page.goto(`${env.srv.url}${route}`);
      await offer.waitFor({ timeout: 15_000 });
    }
    await page.goto(`${env.srv.url}sales`);
    await offer.waitFor({ timeout: 15_000 });
    await offer.click();
    await dashboardRendered(page, 'sales');
    assert.match(page.url(), /\/app\/sales$/, 'the page the user is on shows the data');
    assert.ok(await page.$$eval('.card', (c) => c.length) > 0);
    assert.equal(await offer.count(), 0, 'the offer goes once the data is open');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`mapping review on a phone fits the screen; each file's columns fold away from the keyboard (${lang})`, { timeout: 180_000 }, async () => {
    const page = await open(lang, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.setInputFiles('#file-input', FOUR_FILES);
    await dashboardRendered(page, 'journey');
    await page.click('nav a[href$="/mapping"]');
    await page.waitForSelector('.mapping[data-rendered]');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width} px wide on a 390 px screen`);
    const files = await page.locator('.table-mapping').count();
    assert.equal(files, 4);
    assert.equal(await page.locator('.table-mapping details.columns-details[open] > summary').count(), files, 'each file has an open disclosure');
    const summary = page.locator('.table-mapping summary').first();
    assert.match(await summary.textContent(), new RegExp(`^${W(lang, 'Colunas', 'Columns')} \\(\\d+\\)$`));
    const table = page.locator('.table-mapping').first().locator('table.columns');
    assert.equal(await table.isVisible(), true);
    await summary.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('.table-mapping details').open);
    assert.equal(await table.isVisible(), false, 'folded');
    assert.equal(await page.locator('.table-mapping').nth(1).locator('table.columns').isVisible(), true, 'the other files stay open');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.table-mapping details').open);
    assert.equal(await table.isVisible(), true);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`survey builder offline before the service worker saved the widget (${lang}): the preview says why it is blank`, { timeout: 60_000 }, async () => {
    const page = await open(lang, { serviceWorkers: 'block' });
    await page.context().setOffline(true);
    await page.click('nav a[href$="/survey"]');
    await page.waitForSelector('#copy-code');
    const note = page.locator('.preview-offline');
    await note.waitFor({ timeout: 15_000 });
    assert.equal(await note.textContent(), W(lang,
      'A pré-visualização está em branco porque os arquivos do widget não puderam ser carregados: sem conexão, e eles ainda não foram guardados para uso off-line (são guardados quando o app abre com conexão). O código abaixo continua valendo.',
      'The preview is blank because the widget\'s files could not be loaded: the page is offline and they have not been saved for offline use yet (they are once the app opens online). The code below still works.'));
    // Back online, a later visit of the page loads the widget: the preview shows, the note goes.
    await page.context().setOffline(false);
    await page.click('nav a[href$="/settings"]');
    await page.click('nav a[href$="/survey"]');
    await page.waitForFunction(() => customElements.get('jornada-survey') !== undefined, null, { timeout: 30_000 });
    assert.equal(await note.count(), 0);
    await page.context().close();
  });
}
