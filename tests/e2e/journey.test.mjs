// Issue 15, "The Journey page becomes the journey": on the 10k sample company, the page's
// stage funnel (all sources and one source), a retention cohort cell and its customers, and a
// customer's timeline equal `jornada analyze --json` / `jornada explain journey.customers
// --customer ID --json` on the same files; axe finds nothing at 1280 and 360 px; and the NPS
// distribution legend's labels do not overlap at 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, launchBrowser, newPage, foreignRequests, cliBinary, cliReport, dashboardRendered,
  ROOT } from './harness.mjs';

let srv;
let browser;
let tmp;
let files;
let report;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jornada-journey-'));
  execFileSync(cliBinary(), ['sample', '--size', '10k', '--lang', 'en', '--out', tmp], { stdio: 'ignore' });
  files = fs.readdirSync(tmp).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(tmp, f));
  report = cliReport(files);
  assert.ok(!report.error, report.error);
  srv = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await srv?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const metric = (id) => report.metrics.find((m) => m.id === id);

/** A page with the sample loaded, on /journey with its journey views placed. */
async function loaded(viewport = { width: 1280, height: 900 }, locale = 'en-US') {
  const page = await newPage(browser, { locale, viewport });
  await page.goto(srv.url);
  await page.waitForSelector('#file-input', { state: 'attached' });
  await page.setInputFiles('#file-input', files);
  await dashboardRendered(page, 'journey', 600_000);
  await page.waitForSelector('.journey[data-complete]', { timeout: 120_000 });
  return page;
}

async function shownFunnel(page) {
  return page.$$eval('.funnel-steps li', (lis) => lis.map((li) => [li.dataset.step, Number(li.dataset.customers)]));
}

test('the funnel, a cohort cell and a timeline equal the CLI; axe 0 at 1280 and 360', { timeout: 1_800_000 }, async () => {
  const page = await loaded();
  // Funnel: all sources, then the largest source.
  const rows = metric('journey.stage_funnel').table;
  const cli = (source) => rows.filter((r) => r.source === source).map((r) => [r.step, r.customers]);
  assert.deepEqual(await shownFunnel(page), cli('all'));
  const source = rows.find((r) => r.source !== 'all').source;
  await page.selectOption('#funnel-source', source);
  await page.waitForFunction((n) => document.querySelector('.funnel-steps li')?.dataset.customers === String(n),
    rows.find((r) => r.source === source).customers);
  assert.deepEqual(await shownFunnel(page), cli(source));

  // A cohort cell: its share and active customers, then (Enter) the list of its customers.
  const cells = metric('loyalty.retention_cohorts').table;
  const cell = cells.find((c) => c.k === 1 && c.active > 0 && !c.partial);
  const sel = `.heat-cell[data-cohort="${cell.cohort}"][data-k="1"]`;
  assert.equal(Number(await page.getAttribute(sel, 'data-active')), cell.active);
  assert.equal(Number(await page.getAttribute(sel, 'data-share')), cell.share);
  assert.equal(await page.locator('.heat-cell').count(), cells.length);
  await page.focus(sel);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.cohort-customers p[data-count]');
  assert.equal(Number(await page.getAttribute('.cohort-customers p[data-count]', 'data-count')), cell.active);

  // A customer's timeline, from the search box: every row in the CLI's order, with its stage.
  const who = metric('loyalty.clv_predicted').table.customers[0].customer;
  assert.ok(await page.locator(`#journey-clv a[href$="customer=${who}"]`).count() === 1, 'top CLV customer links to the timeline');
  const timeline = JSON.parse(execFileSync(cliBinary(), ['explain', 'journey.customers', '--customer', who, '--json', ...files],
    { cwd: ROOT, maxBuffer: 1 << 26 }).toString());
  await page.fill('#customer-search', who);
  await page.press('#customer-search', 'Enter');
  await page.waitForSelector('.timeline p[data-rows]', { timeout: 120_000 });
  const shown = await page.$$eval('.timeline-events li', (lis) => lis.map((li) => [li.dataset.file, Number(li.dataset.line), li.dataset.stage]));
  assert.deepEqual(shown, timeline.rows.map((r) => [r.file, r.line, r.rule.split(' ')[2]]));
  assert.ok(shown.length > 0);

  // axe at 1280, then at 360 px wide (and nothing wider than the screen).
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    const result = await new AxeBuilder({ page }).analyze();
    const summary = result.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    assert.deepEqual(summary, [], `axe at ${width} px`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= width, `page is ${wide} px wide at ${width} px`);
  }
  assert.deepEqual(foreignRequests(page, srv.origin), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the NPS distribution legend labels do not overlap at 1280 px', { timeout: 1_800_000 }, async () => {
  const page = await loaded();
  await page.click('nav a[href$="/loyalty"]');
  await dashboardRendered(page, 'loyalty', 120_000);
  const boxes = await page.$$eval('#chart-nps text', (ts) => ts.map((t) => {
    const b = t.getBoundingClientRect();
    return { text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height };
  }));
  assert.equal(boxes.length, 3, JSON.stringify(boxes));
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      assert.ok(apart, `"${a.text}" overlaps "${b.text}"`);
    }
  }
  await page.context().close();
});

test('the flow diagram keeps its counts and arrowheads inside the drawing at 1280 px', { timeout: 1_800_000 }, async () => {
  const page = await loaded();
  const svg = await page.$eval('#chart-journey-flow', (s) => {
    const b = s.getBoundingClientRect();
    return { top: b.top, bottom: b.bottom, left: b.left, right: b.right };
  });
  const labels = await page.$$eval('#chart-journey-flow .flow-link text', (ts) => ts.map((t) => {
    const b = t.getBoundingClientRect();
    return { text: t.textContent, top: b.top, bottom: b.bottom, left: b.left, right: b.right };
  }));
  assert.ok(labels.length > 0, 'no flow labels');
  for (const l of labels) {
    assert.ok(l.top >= svg.top && l.bottom <= svg.bottom && l.left >= svg.left && l.right <= svg.right,
      `the count "${l.text}" lies outside the diagram: ${JSON.stringify({ l, svg })}`);
  }
  // An arrowhead is drawn in the diagram's units, not scaled by its link's width (a thick
  // link's head covered the stage boxes).
  const arrow = await page.$eval('#flow-arrow', (m) => ({ units: m.getAttribute('markerUnits'), w: Number(m.getAttribute('markerWidth')) }));
  assert.deepEqual(arrow, { units: 'userSpaceOnUse', w: 10 });
  await page.context().close();
});

test('the Journey page opened on a 390 px phone is no wider than the screen, in pt-BR and English', { timeout: 1_800_000 }, async () => {
  for (const locale of ['pt-BR', 'en-US']) {
    const page = await loaded({ width: 390, height: 800 }, locale);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `${locale}: page is ${wide} px wide at 390 px`);
    await page.context().close();
  }
});
