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
import { useServerAndBrowser, newPage, foreignRequests, cliBinary, cliReport, dashboardRendered, ROOT } from './harness.mjs';

const env = useServerAndBrowser();
let tmp;
let files;
let report;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jornada-journey-'));
  execFileSync(cliBinary(), ['sample', '--size', '10k', '--lang', 'en', '--out', tmp], { stdio: 'ignore' });
  files = fs.readdirSync(tmp).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(tmp, f));
  report = cliReport(files);
  assert.ok(!report.error, report.error);
});

after(async () => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const metric = (id) => report.metrics.find((m) => m.id === id);

/** A page with the sample loaded, on /journey with its journey views placed. */
async function loaded(viewport = { width: 1280, height: 900 }, locale = 'en-US') {
  const page = await newPage(env.browser, { locale, viewport });
  await page.goto(env.srv.url);
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
  const shown = await page.$$eval('.timeline-events li', (lis) => lis.map((li) =>
    [li.dataset.file, Number(li.dataset.line), li.dataset.stage, li.dataset.kind, Number(li.dataset.row)]));
  assert.deepEqual(shown, timeline.rows.map((r) => [r.file, r.line, r.step.stage, r.step.kind, r.step.row]));
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
  assert.deepEqual(foreignRequests(page, env.srv.origin), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** A CSV's rows as arrays of cells (quoted cells with doubled quotes, CRLF lines). */
function parseCsv(text, sep) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

// The file kinds' names (i18n::kind_name) and the stage/band words the app writes, per language.
const KIND = {
  pt: { orders: 'Pedidos', subscriptions: 'Assinaturas', tickets: 'Tickets de atendimento', survey_responses: 'Respostas de pesquisa',
    leads: 'Leads', sessions: 'Sessões / tráfego', events: 'Eventos de uso', reviews: 'Avaliações', article_views: 'Visualizações de artigos',
    chats: 'Chats', social_interactions: 'Interações sociais' },
  en: { orders: 'Orders', subscriptions: 'Subscriptions', tickets: 'Support tickets', survey_responses: 'Survey responses',
    leads: 'Leads', sessions: 'Sessions / traffic', events: 'Usage events', reviews: 'Reviews', article_views: 'Article views',
    chats: 'Chats', social_interactions: 'Social interactions' },
};
const STEP = {
  pt: { attraction: 'Atração (lead ou visita)', sales: 'Primeira compra', repeat: 'Recompra', loyalty: 'Fidelização (promotor ou indicação)' },
  en: { attraction: 'Attraction (lead or visit)', sales: 'First order', repeat: 'Repeat purchase', loyalty: 'Loyalty (promoter or referral)' },
};
const BAND = { pt: { red: 'vermelho', yellow: 'amarelo', green: 'verde' }, en: { red: 'red', yellow: 'yellow', green: 'green' } };

test('health bands, the profiles CSV and a timeline in pt-BR and English equal the CLI', { timeout: 1_800_000 }, async () => {
  // The CLI's health bands and profiles on the same files.
  const bands = metric('loyalty.health_score').breakdowns.find((b) => b.by === 'band').rows.map((r) => [r.key, r.value]);
  assert.equal(bands.length, 3);
  assert.ok(bands.every(([, n]) => n > 0), `every band has customers: ${JSON.stringify(bands)}`);
  const cli = parseCsv(execFileSync(cliBinary(), ['profiles', ...files], { cwd: ROOT, maxBuffer: 1 << 28 }).toString(), ',');
  const cliHeader = cli.shift();
  const col = (name) => cliHeader.indexOf(name);
  const byCustomer = new Map(cli.filter((r) => r.length > 1).map((r) => [r[0], r]));
  const who = metric('loyalty.clv_predicted').table.customers[0].customer;
  const timeline = JSON.parse(execFileSync(cliBinary(), ['explain', 'journey.customers', '--customer', who, '--json', ...files],
    { cwd: ROOT, maxBuffer: 1 << 26 }).toString());
  for (const [locale, lang] of [['pt-BR', 'pt'], ['en-US', 'en']]) {
    const page = await loaded({ width: 1280, height: 900 }, locale);
    // Health bands: red, yellow, green counts as the CLI's breakdown.
    const shownBands = await page.$$eval('.health-bands li', (lis) => lis.map((li) => [li.dataset.band, Number(li.dataset.customers)]));
    assert.deepEqual(shownBands, bands, `${lang}: health bands`);

    // The profiles CSV: the dialect of the language, and the CLI's figures per customer.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-profiles')]);
    assert.equal(download.suggestedFilename(), lang === 'pt' ? 'jornada-perfis.csv' : 'jornada-profiles.csv');
    const text = fs.readFileSync(await download.path(), 'utf8');
    assert.equal(text.startsWith('\ufeff'), lang === 'pt', `${lang}: byte-order mark`);
    const sep = lang === 'pt' ? ';' : ',';
    const rows = parseCsv(text.replace(/^\ufeff/, ''), sep);
    const header = rows.shift();
    assert.equal(header.length, 20);
    assert.equal(header[0], lang === 'pt' ? 'cliente' : 'customer');
    const data = rows.filter((r) => r.length > 1);
    assert.equal(data.length, byCustomer.size, `${lang}: one row per customer`);
    const num = (cell) => (cell === '' ? null : Number(lang === 'pt' ? cell.replace(',', '.') : cell));
    if (lang === 'pt') assert.ok(data.some((r) => /^-?\d+,\d\d$/.test(r[9])), 'pt revenue has a decimal comma');
    let checked = 0;
    for (const r of data) {
      const c = byCustomer.get(r[0]);
      assert.ok(c, `${lang}: customer ${r[0]} is in the CLI's profiles`);
      assert.equal(r[1], c[col('email')]);
      assert.equal(r[2], c[col('first_seen')]);
      assert.equal(r[4], c[col('stage_reached')] === '' ? '' : STEP[lang][c[col('stage_reached')]]);
      assert.equal(r[17], c[col('health_band')] === '' ? '' : BAND[lang][c[col('health_band')]]);
      // The model's figures (P(alive), CLV) come from a fit the browser's wasm runs with its
      // own floating-point library: equal to 0.1%, the rest to the rounding.
      for (const [i, name, decimals, rel] of [[8, 'orders', 0, 0], [9, 'revenue', 2, 0], [10, 'tickets', 0, 0], [16, 'health', 1, 0],
        [18, 'p_alive', 4, 1e-3], [19, 'clv_predicted', 2, 1e-3]]) {
        const want = c[col(name)] === '' ? null : Number(c[col(name)]);
        const got = num(r[i]);
        if (want === null) assert.equal(got, null, `${lang}: ${r[0]} ${name}`);
        else assert.ok(Math.abs(got - want) <= 0.5 * 10 ** -decimals + rel * Math.abs(want) + 1e-9, `${lang}: ${r[0]} ${name}: app ${r[i]}, CLI ${want}`);
      }
      checked++;
    }
    assert.ok(checked > 1000, `${lang}: ${checked} profiles checked`);

    // A timeline: each row's words in the language (the file kind's name, then its own word).
    await page.fill('#customer-search', who);
    await page.press('#customer-search', 'Enter');
    await page.waitForSelector('.timeline p[data-rows]', { timeout: 120_000 });
    const whats = await page.$$eval('.timeline-events li .what', (ws) => ws.map((w) => w.textContent));
    assert.deepEqual(whats, timeline.rows.map((r) => KIND[lang][r.step.kind] + (r.step.what ? `: ${r.step.what}` : '')));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
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
