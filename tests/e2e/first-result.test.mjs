// Issue 16, "a fast first result": the worker posts each part of a report as it is computed
// (the cheap stage metrics first, the BG/NBD fit and the journey layer last), and the dashboard
// shows its first cards as soon as the first parts arrive, before the last one. Checked by the
// order of events, not by time: the page records every message the worker sends and the moment
// the first cards appear, and the first cards must come before the report's closing message.
// `data-rendered` marks the whole report on the page; `data-first` its first cards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, foreignRequests, dashboardRendered } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.close(); });

/** Before the app loads: every message of every worker, and the first cards on the page, in
 * one sequence of events. */
function recordEvents() {
  const events = (window.__events = []);
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      // Registered before the app's own listener, so it sees each message first.
      this.addEventListener('message', (e) => {
        let type = '?';
        let ids = [];
        try {
          const m = JSON.parse(e.data);
          type = m.type;
          ids = (m.metrics || []).map((x) => x.id);
        } catch { /* not JSON */ }
        events.push({ type, ids });
      });
    }
  };
  new MutationObserver(() => {
    const first = document.querySelector('.dashboard[data-first] .card[data-metric]');
    if (first && !events.some((e) => e.type === 'first-cards')) {
      events.push({
        type: 'first-cards',
        cards: [...document.querySelectorAll('.dashboard .card[data-metric]')].map((c) => c.dataset.metric),
        rendered: !!document.querySelector('.dashboard[data-rendered]'),
        computing: !!document.querySelector('.dashboard .computing'),
      });
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

test('the 100k sample: the first cards are on the dashboard before the report\'s last part arrives, then the whole report', { timeout: 900_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const page = await newPage(browser, { locale: 'en-US' });
    await page.addInitScript(recordEvents);
    await page.goto(srv.url);
    await page.waitForSelector('#sample-button');
    await page.selectOption('#sample-size', '100000');
    await page.click('#sample-button');
    await dashboardRendered(page, 'journey', 900_000);
    const events = await page.evaluate(() => window.__events);
    const at = (pred) => events.findIndex(pred);
    const firstCards = at((e) => e.type === 'first-cards');
    const lastPart = events.map((e) => e.type).lastIndexOf('report_part');
    const closing = at((e) => e.type === 'report');
    const parts = events.filter((e) => e.type === 'report_part');
    console.log(`# ${parts.length} parts (${parts.map((p) => p.ids.length).join(', ')} metrics); first cards after part `
      + `${events.slice(0, firstCards).filter((e) => e.type === 'report_part').length}: ${JSON.stringify(events[firstCards]?.cards)}`);
    assert.ok(firstCards >= 0, 'first cards never seen');
    assert.ok(closing > 0, 'no report message');
    // The cards came from the first parts, while the costly metrics were still being computed.
    assert.ok(firstCards < lastPart && firstCards < closing, `first cards at event ${firstCards}, last part ${lastPart}, report ${closing}`);
    assert.equal(events[firstCards].rendered, false, 'data-rendered set on a partial report');
    assert.equal(events[firstCards].computing, true, 'no "computing" note on a partial report');
    // The first cards are metrics of the parts received before them.
    const before = new Set(events.slice(0, firstCards).flatMap((e) => e.ids || []));
    assert.ok(events[firstCards].cards.every((id) => before.has(id)), `first cards: ${events[firstCards].cards}`);
    // Cheap metrics first: the BG/NBD fit and the journey layer come in later parts than revenue.
    const partOf = (id) => parts.findIndex((p) => p.ids.includes(id));
    assert.ok(partOf('sales.revenue') < partOf('loyalty.clv_predicted'));
    assert.ok(partOf('sales.revenue') < partOf('journey.customers'));
    // Nothing computed waits behind a costly metric: the part before the BG/NBD fit is sent
    // before the fit starts, and each costly metric is sent as soon as it is done, alone.
    const costly = (id) => id === 'loyalty.clv_predicted' || id.startsWith('journey.');
    for (const p of parts.filter((p) => p.ids.some(costly))) {
      assert.deepEqual(p.ids.length, 1, `a costly metric shares its part: ${p.ids.join(', ')}`);
    }
    // The whole report: every part's metric on the page, the note gone, the journey views there.
    const all = new Set(parts.flatMap((p) => p.ids));
    assert.ok(all.has('loyalty.retention_cohorts') && all.has('journey.stage_funnel'));
    await page.waitForSelector('.journey[data-complete]', { timeout: 120_000 });
    assert.equal(await page.$('.dashboard .computing'), null);
    const links = await page.$$eval('.stage-links li', (li) => li.map((x) => x.textContent));
    assert.equal(links.length, 4, links.join(' | '));
    assert.deepEqual(foreignRequests(page, srv.origin), []);
    assert.deepEqual(page.errors, []);
  } finally {
    await browser.close();
  }
});
