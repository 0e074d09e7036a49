// Issue 17, "the segment filter applies to some cards and not others, with no sign": a segment
// is a value of a declared dimension (acquisition channel, ticket channel) whose files and
// columns the control names; case variants are one value; choosing "Google Ads" on the sample
// company filters new leads (leads have a source), and tickets say the segment does not apply
// rather than drop to 0. Every card equals `jornada analyze --json --segment` on the same files,
// in pt-BR and English, and the "why?" page names the segment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { useServerAndBrowser, newPage, foreignRequests, cliBinary, compareCardsWithCli, dashboardRendered,
  screenshot } from './harness.mjs';

const env = useServerAndBrowser();
let tmp;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jornada-segment-'));
});

after(async () => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const cli = (files, extra = []) =>
  JSON.parse(execFileSync(cliBinary(), ['analyze', '--json', ...extra, ...files], { maxBuffer: 1 << 28 }).toString());

const WORDS = {
  pt: {
    locale: 'pt-BR', acquisition: 'Canal de aquisição', ticket: 'Canal de atendimento',
    orders: 'pedidos.csv › canal', leads: 'leads.csv › origem', tickets: 'chamados.csv › canal',
    na: 'O segmento não se aplica a esta métrica', applied: 'Segmento aplicado',
  },
  en: {
    locale: 'en-US', acquisition: 'Acquisition channel', ticket: 'Ticket channel',
    orders: 'orders.csv › channel', leads: 'leads.csv › source', tickets: 'tickets.csv › channel',
    na: 'Segment does not apply to this metric', applied: 'Segment applied',
  },
};

const card = (page, id) => page.locator(`.card[data-metric="${id}"]`);

for (const lang of ['pt', 'en']) {
  test(`segment (${lang}): dimensions named with their columns, no case duplicates, Google Ads filters leads, tickets not applicable, CLI equal`, { timeout: 900_000 }, async () => {
    const w = WORDS[lang];
    const dir = path.join(tmp, lang);
    execFileSync(cliBinary(), ['sample', '--size', '10k', '--lang', lang, '--out', dir], { stdio: 'ignore' });
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(dir, f));
    const whole = cli(files);
    const google = cli(files, ['--segment', 'acquisition=Google Ads']);
    const value = (r, id) => r.metrics.find((m) => m.id === id)?.value;
    // The CLI: leads filtered by their source, tickets whole and said not to be the segment's.
    assert.ok(value(google, 'attraction.leads_new') < value(whole, 'attraction.leads_new'));
    assert.equal(google.metrics.find((m) => m.id === 'service.tickets').segment.applies, 'not_applicable');
    assert.equal(value(google, 'service.tickets'), value(whole, 'service.tickets'));

    const page = await newPage(env.browser, { locale: w.locale });
    await page.goto(env.srv.url);
    await page.waitForSelector('#file-input', { state: 'attached' });
    await page.setInputFiles('#file-input', files);
    await dashboardRendered(page, 'journey', 120_000);

    // The list: one group per dimension, in the UI language; no two values of a group differ
    // only by case or spacing; no employee department.
    const groups = await page.$$eval('#filter-segment optgroup', (gs) => gs.map((g) => ({
      id: g.dataset.dimension, label: g.label, values: [...g.querySelectorAll('option')].map((o) => o.textContent) })));
    assert.deepEqual(groups.map((g) => [g.id, g.label]), [['acquisition', w.acquisition], ['ticket_channel', w.ticket]]);
    for (const g of groups) {
      const keys = g.values.map((v) => v.trim().replace(/\s+/g, ' ').toLowerCase());
      assert.equal(new Set(keys).size, keys.length, `${g.id}: ${g.values.join(', ')}`);
    }
    assert.ok(groups[0].values.includes('Google Ads'), groups[0].values.join(', '));
    const all = groups.flatMap((g) => g.values);
    for (const department of lang === 'pt' ? ['Financeiro', 'Vendas'] : ['Finance', 'Sales']) {
      assert.ok(!all.includes(department), `${department} is an employee department, not a segment`);
    }
    // The control names the files and columns each dimension reads.
    const help = await page.textContent('#filter-segment-help');
    for (const part of [w.acquisition, w.orders, w.leads, w.ticket, w.tickets]) assert.ok(help.includes(part), `${part} in "${help}"`);

    await page.selectOption('#filter-segment', 'acquisition=Google Ads');
    await page.waitForSelector('.card[data-metric="attraction.leads_new"][data-segment], .card[data-segment]');
    await page.click('nav a[href$="/attraction"]');
    await dashboardRendered(page, 'attraction');
    const leads = card(page, 'attraction.leads_new');
    await leads.locator('[data-segment="applied"]').waitFor();
    assert.equal(Number(await leads.locator('.value').getAttribute('data-raw')), value(google, 'attraction.leads_new'));
    assert.equal(await leads.getAttribute('data-segment'), 'applied');
    assert.equal((await leads.locator('.segment-mark').textContent()).trim(), w.applied);

    await page.click('nav a[href$="/service"]');
    await dashboardRendered(page, 'service');
    const tickets = card(page, 'service.tickets');
    assert.equal(await tickets.getAttribute('data-segment'), 'not_applicable');
    assert.ok((await tickets.locator('.segment-mark').textContent()).startsWith(w.na));
    const raw = Number(await tickets.locator('.value').getAttribute('data-raw'));
    assert.notEqual(raw, 0, 'tickets do not drop to 0');
    assert.equal(raw, value(whole, 'service.tickets'));
    await screenshot(page, `segment-service-${lang}`);

    // Every card, on every view, either says how the segment met it or is a table; and equals
    // the CLI's segmented value.
    const { compared } = await compareCardsWithCli(page, google);
    assert.ok(compared >= 30, `compared ${compared}`);
    const unmarked = await page.$$eval('.card:not([data-segment])', (cs) => cs.map((c) => c.dataset.metric));
    assert.deepEqual(unmarked, []);

    // The "why?" page names the segment.
    await page.click('nav a[href$="/attraction"]');
    await dashboardRendered(page, 'attraction');
    await card(page, 'attraction.leads_new').locator('.card-why a').click();
    await page.waitForSelector('.why-segment');
    const why = await page.textContent('.why-segment');
    assert.ok(why.includes(`${w.acquisition} = Google Ads`), why);
    assert.ok(why.includes(w.applied), why);
    assert.deepEqual(foreignRequests(page, env.srv.origin), []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
