// Issue 16, the engine worker's life: it is started in idle time after the first paint (so a
// drop does not wait for its wasm), and a worker that dies (out of wasm memory on a file too big
// for the browser) is said so in words that name the file and memory, leaves nothing of its run
// on screen, and is replaced by a fresh one, so the next file loads in the same tab.
//
// Running out of memory is real, not simulated: the worker's wasm is served with its memory's
// maximum lowered (`capMemory`), and a generated file bigger than that is loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useServerAndBrowser, dashboardRendered, startPageReady, writeOrders, FIXTURES } from './harness.mjs';

const env = useServerAndBrowser();
const ORDERS = path.join(FIXTURES, 'pedidos-planilha.csv');

/** Unsigned LEB128 of `n`. */
function leb(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** `wasm` with its defined memory's maximum set to `pages` (64 KiB each): the memory section
 * (id 5) is rewritten with limits flag 0x01, its minimum kept, and its new length. Throws when
 * the module defines no memory (an imported one would be made by the JS glue instead). */
export function capMemory(wasm, pages) {
  const b = Buffer.from(wasm);
  let p = 8;
  const read = () => {
    let r = 0;
    let s = 0;
    let x;
    do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return r;
  };
  while (p < b.length) {
    const start = p;
    const id = b[p++];
    const size = read();
    const body = p;
    if (id === 5) {
      const count = read();
      assert.equal(count, 1, 'one memory');
      const flags = b[p++];
      const min = read();
      if (flags & 1) read();
      assert.ok(min <= pages, `the memory's minimum (${min} pages) is above the cap`);
      const rest = b.subarray(p, body + size);
      const content = Buffer.from([...leb(1), (flags & ~1) | 1, ...leb(min), ...leb(pages), ...rest]);
      return Buffer.concat([b.subarray(0, start), Buffer.from([5, ...leb(content.length)]), content, b.subarray(body + size)]);
    }
    p = body + size;
  }
  throw new Error('no memory section: the memory is imported');
}

test('capMemory rewrites the memory section\'s limits and nothing else', () => {
  // A module of one memory, min 2, no maximum, then a custom section.
  const mod = Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 3, 1, 0, 2, 0, 3, 1, 0x61, 0x62]);
  const capped = capMemory(mod, 300);
  assert.deepEqual([...capped], [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 5, 1, 1, 2, 0xac, 0x02, 0, 3, 1, 0x61, 0x62]);
  assert.equal(new WebAssembly.Module(capped).constructor, WebAssembly.Module);
});

// The worker's memory is capped at 96 MB. The generated file (300k orders, about 15 MB) is read
// within it, and its analysis runs out of it after the first parts of the report were shown as
// cards (200k orders fit since number and date cells take 8 bytes); the fixture of 7 orders
// needs far less.
const CAP_PAGES = (96 << 20) >> 16;
const BIG_ROWS = 300_000;

/** The error banner's text, with the page's bidi isolation marks removed. */
const bannerText = (page) => page.textContent('.banner.error').then((t) => t.replace(/[\u2066-\u2069]/g, ''));

test('a worker out of memory: the message names the file and memory, nothing of its run stays, and the next file loads in the same tab', { timeout: 600_000 }, async () => {
  const big = writeOrders('pedidos-grandes.csv', BIG_ROWS);
  const context = await env.browser.newContext({ locale: 'en-US', serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
  try {
    let served = 0;
    await context.route(/jornada-worker_bg\.wasm$/, async (route) => {
      const res = await route.fetch();
      served++;
      await route.fulfill({ status: 200, contentType: 'application/wasm', body: capMemory(await res.body(), CAP_PAGES) });
    });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    // Every card placed on the dashboard while the big file is analysed (a partial report).
    await page.addInitScript(() => {
      window.__cards = 0;
      new MutationObserver(() => {
        window.__cards = Math.max(window.__cards, document.querySelectorAll('.dashboard .card[data-metric]').length);
      }).observe(document, { subtree: true, childList: true });
    });
    await page.goto(env.srv.url);
    await startPageReady(page);
    await page.setInputFiles('#file-input', [big]);
    await page.waitForSelector('.banner.error', { timeout: 540_000 });
    const en = await bannerText(page);
    const partial = await page.evaluate(() => window.__cards);
    console.log(`# ${en} (cards shown during the run: ${partial})`);
    // The crash came after the first cards of a partial report (else retune BIG_ROWS/CAP_PAGES).
    assert.ok(partial > 0, 'no partial report was shown before the worker died');
    assert.match(en, /pedidos-grandes\.csv/, en);
    assert.match(en, /out of memory/i, en);
    assert.match(en, /jornada analyze/, en);
    // Nothing of the dead run stays: no card, no "computing" note (the dashboard it opened on
    // says no data is loaded); the start page is idle again.
    assert.equal(await page.$('.dashboard .card'), null, 'cards of the dead run are still shown');
    assert.equal(await page.$('.computing'), null, 'the "computing" note is still shown');
    if (!(await page.$('#file-input'))) await page.click('nav a[href$="/app/"]');
    await page.waitForSelector('#file-input:not([disabled])', { state: 'attached', timeout: 10_000 });
    assert.equal(await page.$('#cancel-button'), null, 'still reading');
    assert.equal(await page.$('.progress'), null, 'the dead run\'s progress is still shown');
    // The same message in Portuguese.
    await page.selectOption('#lang-select', 'pt-BR');
    const pt = await bannerText(page);
    assert.match(pt, /pedidos-grandes\.csv/, pt);
    assert.match(pt, /sem memória/i, pt);
    // A fresh worker (its wasm fetched again, still capped) reads the next file in this tab.
    await page.setInputFiles('#file-input', [ORDERS]);
    await dashboardRendered(page, 'journey', 120_000);
    assert.equal(await page.textContent('.card[data-metric="sales.revenue"] .value'), 'R$\u00a01.485,00');
    assert.equal(await page.$('.banner.error'), null, 'the old error stays after a good load');
    assert.ok(served >= 2, `the worker's wasm was served ${served} time(s): no fresh worker`);
    assert.deepEqual(requests.filter((u) => !u.startsWith(env.srv.origin) && !/^(data|blob):/.test(u)), []);
  } finally {
    await context.close();
    fs.rmSync(path.dirname(big), { recursive: true, force: true });
  }
});
