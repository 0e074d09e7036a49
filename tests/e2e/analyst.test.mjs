// Issue 17 as an analyst meets it: settings people can use (labels and help in pt-BR/en, typed
// inputs, validation at the field, nothing saved while invalid, Restore defaults re-analyses,
// the data's SLA due dates said to win, a currency for files with none, the saved message where
// the user is and gone after a while), the metrics CSV (precision, the pt-BR dialect, currency,
// empty "previous", translated headers and formulas, "all metrics" said), the "why?" page
// (pages through every row and exports them, Back returns to the card, formulas and rules in the
// UI language, the file kind by name), the survey builder's buttons and copy confirmation, change
// colours by the metric's direction, a reversed range refused at the control, and visitors per
// lead by source only where both files name the source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useServerAndBrowser, newPage, foreignRequests, screenshot, dashboardRendered, ROOT, OUT } from './harness.mjs';

const FIX = path.join(ROOT, 'tests/e2e/fixtures');
const ORDERS = path.join(FIX, 'pedidos-planilha.csv');
const TICKETS_WITH_DUE = path.join(FIX, 'chamados-prazo.csv');
const NBSP = '\u00a0';
const LOCALE = { pt: 'pt-BR', en: 'en-US' };

const env = useServerAndBrowser();

async function open(lang, options = {}) {
  const page = await newPage(env.browser, { locale: LOCALE[lang], ...options });
  await page.goto(env.srv.url);
  await page.waitForSelector('#file-input', { state: 'attached' });
  return page;
}

async function load(page, files) {
  await page.setInputFiles('#file-input', files);
  await dashboardRendered(page);
}

async function goTo(page, view) {
  await page.click(`nav a[href$="/${view}"]`);
  if (['journey', 'attraction', 'sales', 'service', 'loyalty'].includes(view)) await dashboardRendered(page, view);
}

async function openSettings(page) {
  await goTo(page, 'settings');
  await page.waitForSelector('.settings form #settings-save');
}

const field = (path) => `.setting[data-setting="${path}"]`;

for (const lang of ['pt', 'en']) {
  test(`settings (${lang}): a label and help line per field, no field ids, no JSON boxes, typed calendar`, async () => {
    const page = await open(lang);
    await openSettings(page);
    const labels = await page.$$eval('.settings label, .settings legend, .settings .label', (els) => els.map((e) => e.textContent.trim()));
    assert.ok(labels.length >= 25, `${labels.length} labels`);
    for (const l of labels) {
      assert.ok(!/^(Sla|Ces|Csat|Clv horizon months|Business calendar|Health weights)$/.test(l), `field id as label: ${l}`);
      assert.ok(!/\(JSON\)|_/.test(l), `raw label: ${l}`);
    }
    assert.ok(labels.includes(lang === 'pt' ? 'Horizonte do CLV (meses)' : 'CLV horizon (months)'), labels.join(' | '));
    const values = await page.$$eval('.settings input', (els) => els.map((e) => e.value));
    assert.ok(!values.includes('null') && !values.some((v) => v.startsWith('{') || v.startsWith('[')), values.join(' | '));
    const helps = await page.$$eval('.settings .setting', (els) => els.map((e) => [e.dataset.setting, e.querySelector('.help')?.textContent.trim() ?? '']));
    for (const [setting, help] of helps) {
      if (setting === 'business_calendar.weekdays') continue; // its group says what it is
      assert.ok(help.length > 10, `${setting} has no help line`);
    }
    // The business calendar: days and hours, not JSON.
    await page.check('#setting-business_calendar');
    assert.equal(await page.locator('.days input[type=checkbox]').count(), 7);
    assert.deepEqual(await page.$$eval('.days input', (els) => els.map((e) => e.checked)), [true, true, true, true, true, false, false]);
    assert.equal(await page.inputValue('#setting-business_calendar-open_hour'), '9');
    assert.equal(await page.inputValue('#setting-business_calendar-close_hour'), '18');
    await page.fill('#setting-business_calendar-holidays', '25/12/2025');
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `settings-${lang}-${width}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the settings page scrolls sideways by ${overflow}px at ${width}`);
    }
    assert.deepEqual(foreignRequests(page, env.srv.origin), []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`settings (${lang}): checked at the field, nothing saved while wrong, the saved message in view and gone after a while`, async () => {
    const page = await open(lang);
    await openSettings(page);
    await page.fill('#setting-sla-first_response_hours', 'abc');
    assert.equal(await page.getAttribute('#setting-sla-first_response_hours', 'aria-invalid'), 'true');
    assert.match(await page.textContent(`${field('sla.first_response_hours')} .field-error`), lang === 'pt' ? /número/ : /number/);
    await page.click('#settings-save');
    assert.match(await page.textContent('.form-status'), lang === 'pt' ? /Nada foi salvo/ : /Nothing was saved/);
    assert.equal(await page.evaluate(() => localStorage.getItem('jornada.settings')), null, 'nothing saved while a field is wrong');
    // The focus goes to the wrong field.
    assert.equal(await page.evaluate(() => document.activeElement.id), 'setting-sla-first_response_hours');
    await page.fill('#setting-sla-first_response_hours', '4');
    assert.equal(await page.textContent(`${field('sla.first_response_hours')} .field-error`), '');
    // A value out of range, said by the engine's own check.
    await page.fill('#setting-csat-satisfied_from', '9');
    assert.match(await page.textContent(`${field('csat.satisfied_from')} .field-error`), lang === 'pt' ? /entre o mínimo e o máximo/ : /between the minimum and the maximum/);
    await page.click('#settings-save');
    assert.equal(await page.evaluate(() => localStorage.getItem('jornada.settings')), null);
    await page.fill('#setting-csat-satisfied_from', '4,5');
    await page.click('#settings-save');
    const status = page.locator('.form-status');
    assert.equal(await status.textContent(), lang === 'pt' ? 'Configurações salvas.' : 'Settings saved.');
    // Beside the button the user pressed, on screen.
    const inView = await status.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; });
    assert.ok(inView, 'the saved message is on screen');
    const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('jornada.settings')));
    assert.equal(saved.sla.first_response_hours, 4);
    assert.equal(saved.csat.satisfied_from, 4.5);
    // And it goes away.
    await page.waitForFunction(() => document.querySelector('.form-status').textContent === '', null, { timeout: 10_000 });
    assert.equal(await page.locator('.banner.notice').count(), 0, 'no banner left at the top of the page');
    await page.context().close();
  });

  test(`settings (${lang}): a currency for files with none; the data's SLA due dates said to win over the target`, async () => {
    const page = await open(lang);
    await load(page, [ORDERS, TICKETS_WITH_DUE]);
    await goTo(page, 'sales');
    assert.equal(await page.textContent('.card[data-metric="sales.revenue"] .value'), lang === 'pt' ? `R$${NBSP}1.485,00` : 'R$1,485.00');
    await openSettings(page);
    assert.equal(await page.inputValue('#setting-currency'), 'BRL');
    const note = await page.textContent(`${field('sla.first_response_hours')} .setting-override`);
    assert.match(note, lang === 'pt' ? /Seus dados trazem o próprio prazo/ : /Your data carry their own SLA due dates/);
    assert.match(note, /chamados-prazo\.csv \(Prazo SLA\)/);
    // No currency: the plain number.
    await page.selectOption('#setting-currency', '');
    await page.click('#settings-save');
    await goTo(page, 'sales');
    await page.waitForFunction(() => !/R\$/.test(document.querySelector('.card[data-metric="sales.revenue"] .value')?.textContent ?? 'R$'));
    assert.equal(await page.textContent('.card[data-metric="sales.revenue"] .value'), lang === 'pt' ? '1.485,00' : '1,485.00');
    await page.context().close();
  });
}

test('settings: Restore defaults restores the saved settings and the metrics, not only the form', async () => {
  const page = await open('pt');
  await load(page, [ORDERS]);
  await openSettings(page);
  // "Cancelado" counted as a sale: the cancelled 100,00 joins the revenue.
  await page.click('[data-add="status_words"]');
  await page.fill(`${field('status_words')} .row-name`, 'Cancelado');
  await page.selectOption(`${field('status_words')} select.row-value`, 'completed');
  await page.click('#settings-save');
  await goTo(page, 'sales');
  await page.waitForFunction(() => document.querySelector('.card[data-metric="sales.revenue"] .value')?.textContent.includes('1.585,00'));
  assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem('jornada.settings'))).status_words, { cancelado: 'completed' });
  await openSettings(page);
  await page.click('#settings-reset');
  assert.match(await page.textContent('.form-status'), /Padrões restaurados e salvos/);
  assert.equal(await page.locator(`${field('status_words')} .setting-row`).count(), 0);
  assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem('jornada.settings'))).status_words, {});
  await goTo(page, 'sales');
  await page.waitForFunction(() => document.querySelector('.card[data-metric="sales.revenue"] .value')?.textContent.includes('1.485,00'));
  await page.context().close();
});

/** The cells of one CSV line: `sep` between cells, `"` quoting (doubled inside). */
function cells(line, sep) {
  const out = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { out.push(cell); cell = ''; } else cell += c;
  }
  out.push(cell);
  return out;
}

for (const lang of ['pt', 'en']) {
  test(`metrics CSV (${lang}): the language's dialect, rounded, currency filled, empty previous, translated headers and formulas`, async () => {
    const page = await open(lang, { acceptDownloads: true });
    await load(page, [ORDERS]);
    const button = await page.textContent('#export-csv');
    assert.match(button, lang === 'pt' ? /todas as métricas/ : /all metrics/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    fs.mkdirSync(OUT, { recursive: true });
    const file = path.join(OUT, `metricas-${lang}.csv`);
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    const sep = lang === 'pt' ? ';' : ',';
    if (lang === 'pt') {
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
    } else {
      assert.notEqual(bytes[0], 0xef);
    }
    const lines = bytes.toString('utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
    const header = cells(lines[0], sep);
    assert.deepEqual(header.slice(0, 9), lang === 'pt'
      ? ['métrica', 'nome', 'etapa', 'unidade', 'moeda', 'período', 'chave', 'valor', 'anterior']
      : ['metric', 'name', 'stage', 'unit', 'currency', 'period', 'key', 'value', 'previous']);
    const revenue = cells(lines.find((l) => l.startsWith(`sales.revenue${sep}`)), sep);
    const col = (name) => revenue[header.indexOf(name)];
    assert.equal(col(lang === 'pt' ? 'nome' : 'name'), lang === 'pt' ? 'Receita' : 'Revenue');
    assert.equal(col(lang === 'pt' ? 'moeda' : 'currency'), 'BRL');
    assert.equal(col(lang === 'pt' ? 'valor' : 'value'), lang === 'pt' ? '1485,00' : '1485.00');
    assert.equal(col(lang === 'pt' ? 'anterior' : 'previous'), '', 'no previous range in the data: empty, not 0');
    assert.equal(col(lang === 'pt' ? 'fórmula' : 'formula'), lang === 'pt'
      ? 'soma dos valores dos pedidos concluídos (moeda principal; as outras à parte)'
      : 'sum of completed order amounts (main currency; others reported apart)');
    for (const l of lines) {
      assert.ok(!/\d[.,]\d{5,}/.test(l), `float noise in ${l}`);
      for (const c of cells(l, sep)) assert.ok(!/^[=+@]/.test(c), `unneutralised cell in ${l}`);
    }
    await page.context().close();
  });

  test(`why page (${lang}): pages through every row, exports them all, formulas/rules/kinds in the language, Back returns to the card`, { timeout: 600_000 }, async () => {
    const page = await open(lang, { acceptDownloads: true });
    await page.waitForSelector('#sample-button:not([disabled])');
    await page.selectOption('#sample-size', '10000');
    await page.click('#sample-button');
    await dashboardRendered(page, 'journey', 300_000);
    await goTo(page, 'sales');
    // Back: from a card far down the page, and back to it.
    const cards = await page.$$eval('.card', (els) => els.map((e) => e.dataset.metric));
    const far = cards[cards.length - 1];
    const farLink = page.locator(`.card[data-metric="${far}"] .card-why a`);
    await farLink.scrollIntoViewIfNeeded();
    await farLink.click();
    await page.waitForSelector('table.provenance, .why-count');
    await page.click('#why-back');
    await dashboardRendered(page, 'sales');
    await page.waitForFunction((id) => {
      const card = document.querySelector(`.card[data-metric="${id}"]`);
      if (!card) return false;
      const r = card.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight && card.contains(document.activeElement);
    }, far, { timeout: 15_000 });
    // Orders: 10k rows, far more than a page.
    await page.click('.card[data-metric="sales.orders"] .card-why a');
    await page.waitForSelector('table.provenance');
    const count = await page.textContent('.why-count');
    const m = count.match(lang === 'pt' ? /^Linhas 1–300 de ([\d.]+)/ : /^Rows 1–300 of ([\d,]+)/);
    assert.ok(m, count);
    const total = Number(m[1].replace(/[.,]/g, ''));
    assert.ok(total > 600, `${total} rows`);
    const firstLine = await page.textContent('table.provenance tbody tr:first-child td:nth-child(2)');
    await page.click('#why-next');
    await page.waitForFunction((re) => new RegExp(re).test(document.querySelector('.why-count').textContent), lang === 'pt' ? '^Linhas 301–600 de' : '^Rows 301–600 of');
    assert.notEqual(await page.textContent('table.provenance tbody tr:first-child td:nth-child(2)'), firstLine);
    assert.equal(await page.locator('table.provenance tbody tr').count(), 300);
    // The formula, the rules and the file kind in the UI language.
    assert.equal(await page.textContent('code.formula'), lang === 'pt' ? 'contagem de pedidos concluídos' : 'count of completed orders');
    const rules = await page.$$eval('table.provenance td.rule', (els) => els.map((e) => e.textContent));
    for (const r of rules) {
      if (lang === 'pt') assert.ok(/^(entra|não entra): /.test(r) && !/\b(included|excluded|order|status completed)\b/.test(r), r);
      else assert.ok(/^(included|excluded): /.test(r), r);
    }
    assert.equal(await page.textContent('table.provenance tbody tr:first-child .file-kind'), ` · ${lang === 'pt' ? 'Pedidos' : 'Orders'}`);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `why-${lang}-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    // Every row exported, not only the page on screen.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#why-export')]);
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);
    assert.equal(csv.length, total + 1, 'a header and every row');
    assert.match(csv[0], lang === 'pt' ? /^arquivo;tipo de arquivo;linha;entra;regra/ : /^file,file kind,line,counted,rule/);
    assert.match(download.suggestedFilename(), lang === 'pt' ? /^jornada-sales\.orders-linhas\.csv$/ : /^jornada-sales\.orders-rows\.csv$/);
    assert.deepEqual(foreignRequests(page, env.srv.origin), []);
    await page.context().close();
  });

  test(`survey builder (${lang}): styled buttons, Copy code confirms the copy and the note goes away`, async () => {
    const page = await open(lang, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.click('nav a[href$="/survey"]');
    await page.waitForSelector('#copy-code');
    for (const sel of ['#copy-code', '.builder-modes button']) {
      const style = await page.$eval(sel, (b) => { const s = getComputedStyle(b); return { cls: b.className, radius: s.borderRadius, padding: s.paddingLeft }; });
      assert.match(style.cls, /\bbutton\b/, sel);
      assert.equal(style.radius, '6px', sel);
    }
    await page.click('#copy-code');
    await page.waitForFunction(() => document.querySelector('.copy-status').textContent !== '');
    assert.equal(await page.textContent('.copy-status'), lang === 'pt' ? 'Código copiado.' : 'Code copied.');
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clip, await page.textContent('.builder-preview pre code'));
    await page.waitForFunction(() => document.querySelector('.copy-status').textContent === '', null, { timeout: 8_000 });
    await page.context().close();
  });
}

const TICKETS_JAN_FEB = path.join(FIX, 'chamados-jan-fev.csv');
const ORDERS_JAN_FEB = path.join(FIX, 'pedidos-jan-fev.csv');

/** Sets the range controls and applies them. */
async function setRange(page, from, to) {
  await page.fill('#filter-from', from);
  await page.fill('#filter-to', to);
  await page.click('.filters button[type=submit]');
}

const GREEN_RGB = 'rgb(21, 128, 61)';
const RED_RGB = 'rgb(185, 28, 28)';

for (const lang of ['pt', 'en']) {
  test(`change colours (${lang}): by the metric's direction: first response time up is red, revenue up is green, ticket volume neither`, async () => {
    const page = await open(lang);
    await load(page, [TICKETS_JAN_FEB, ORDERS_JAN_FEB]);
    await goTo(page, 'service');
    // February against the 28 days before it: responses took 3 h instead of 1 h.
    await setRange(page, '2025-02-01', '2025-02-28');
    const change = (id) => `.card[data-metric="${id}"] .change`;
    await page.waitForSelector(`${change('service.first_response_time')}[data-verdict]`);
    const look = (id) => page.$eval(change(id), (p) => ({
      verdict: p.dataset.verdict,
      text: p.textContent,
      colour: getComputedStyle(p.querySelector('.change-value')).color,
    }));
    const frt = await look('service.first_response_time');
    assert.equal(frt.verdict, 'bad', JSON.stringify(frt));
    assert.equal(frt.colour, RED_RGB);
    assert.match(frt.text, /^\+200/);
    assert.match(frt.text, lang === 'pt' ? /\(piora\)/ : /\(worse\)/, 'said in words, not only by colour');
    const tickets = await look('service.tickets');
    assert.equal(tickets.verdict, 'neutral', JSON.stringify(tickets));
    assert.notEqual(tickets.colour, GREEN_RGB);
    assert.notEqual(tickets.colour, RED_RGB);
    await goTo(page, 'sales');
    const revenue = await look('sales.revenue');
    assert.equal(revenue.verdict, 'good', JSON.stringify(revenue));
    assert.equal(revenue.colour, GREEN_RGB);
    assert.match(revenue.text, lang === 'pt' ? /\(melhora\)/ : /\(better\)/);
    await screenshot(page, `change-colours-${lang}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`impossible range (${lang}): From after To is refused at the control, nothing changes, and "why?" names the days used`, async () => {
    const page = await open(lang);
    await load(page, [ORDERS]);
    await goTo(page, 'sales');
    const value = () => page.textContent('.card[data-metric="sales.revenue"] .value');
    const before = await value();
    await setRange(page, '2025-04-10', '2025-03-01');
    const error = page.locator('#filter-range-error');
    await page.waitForFunction(() => document.querySelector('#filter-range-error')?.textContent !== '');
    assert.equal(await error.textContent(), lang === 'pt'
      ? 'A data inicial (10/04/2025) é posterior à final (01/03/2025). Escolha um início igual ou anterior ao fim; nada foi alterado.'
      : 'The start date (Apr 10, 2025) is after the end date (Mar 1, 2025). Choose a start on or before the end; nothing was changed.');
    assert.equal(await page.getAttribute('#filter-from', 'aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'filter-from');
    // Nothing re-analysed: the whole range's value stays.
    await page.waitForTimeout(500);
    assert.equal(await value(), before);
    // "Why?" names the period used by its days.
    await page.click('.card[data-metric="sales.revenue"] .card-why a');
    await page.waitForSelector('.why-facts');
    assert.equal(await page.textContent('.why-facts dd'), lang === 'pt'
      ? 'todo o intervalo (04/03/2025 – 02/04/2025)'
      : 'whole range (Mar 4, 2025 – Apr 2, 2025)');
    await page.goBack();
    await dashboardRendered(page, 'sales');
    // A right range clears the message and is used, and "why?" says its days.
    await setRange(page, '2025-03-01', '2025-03-31');
    await page.waitForFunction(() => document.querySelector('#filter-range-error')?.textContent === '');
    assert.equal(await page.getAttribute('#filter-from', 'aria-invalid'), null);
    await page.waitForFunction((b) => document.querySelector('.card[data-metric="sales.revenue"] .value')?.textContent !== b, before);
    await page.click('.card[data-metric="sales.revenue"] .card-why a');
    await page.waitForSelector('.why-facts');
    assert.equal(await page.textContent('.why-facts dd'), lang === 'pt'
      ? 'todo o intervalo (01/03/2025 – 31/03/2025)'
      : 'whole range (Mar 1, 2025 – Mar 31, 2025)');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

const SESSIONS_BY_SOURCE = path.join(FIX, 'sessoes-fontes.csv');
const LEADS_BY_SOURCE = path.join(FIX, 'leads-fontes.csv');

for (const lang of ['pt', 'en']) {
  test(`visitors per lead by source (${lang}): a source both files name gets visitors / leads, the others no bar (not 0.00)`, async () => {
    const page = await open(lang);
    await load(page, [SESSIONS_BY_SOURCE, LEADS_BY_SOURCE]);
    await goTo(page, 'attraction');
    const chart = '#chart-bars-attraction-traffic_to_lead_ratio-source';
    await page.waitForSelector(chart);
    assert.equal(await page.getAttribute(chart, 'aria-label'), lang === 'pt' ? 'Visitantes por lead por origem' : 'Visitors per lead by source');
    // The sessions name google/facebook/Email, the leads Google Ads/Meta Ads/Email: only Email
    // is in both, with 2 visitors (V5, V6) over 2 leads (L3, L4).
    const labels = await page.$$eval(`${chart} .axis-label`, (els) => els.map((e) => e.textContent));
    const values = await page.$$eval(`${chart} .value-label`, (els) => els.map((e) => e.textContent));
    assert.deepEqual(labels, ['Email']);
    assert.deepEqual(values, [lang === 'pt' ? '1,00' : '1.00']);
    // The headline is unchanged: 6 visitors over 5 leads.
    assert.equal(await page.getAttribute('.card[data-metric="attraction.traffic_to_lead_ratio"] .value', 'data-raw'), '1.2');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

const TICKETS_MAR_JUN = path.join(FIX, 'chamados-mar-jun.csv');
const ORDERS_FEB_SEP = path.join(FIX, 'pedidos-fev-set.csv');

for (const lang of ['pt', 'en']) {
  test(`trends (${lang}): months outside the tickets file are gaps ("no data"), not 0`, async () => {
    const page = await open(lang);
    await load(page, [TICKETS_MAR_JUN, ORDERS_FEB_SEP]);
    await goTo(page, 'service');
    const chart = '#chart-series-service-tickets';
    await page.waitForSelector(chart);
    // Feb and Jul–Sep come from the orders' span: no tickets file covers them.
    const gaps = await page.$$eval(`${chart} .gap`, (els) => els.map((e) => e.querySelector('title').textContent));
    assert.equal(gaps.length, 4, gaps.join(' | '));
    for (const g of gaps) assert.match(g, lang === 'pt' ? /: sem dados$/ : /: no data$/);
    // Four dots, Mar–Jun, each one ticket: none at 0.
    const marks = await page.$$eval(`${chart} .mark`, (els) => els.map((e) => e.getAttribute('aria-label')));
    assert.equal(marks.length, 4, marks.join(' | '));
    for (const m of marks) assert.match(m, /: 1$/);
    // The line is broken at the gaps: it starts at March (a move, "M", first).
    const d = await page.getAttribute(`${chart} .series-line`, 'd');
    assert.equal((d.match(/M/g) ?? []).length, 1, d);
    // The orders' own months without orders are true zeros (inside the file's span).
    await goTo(page, 'sales');
    const orders = await page.$$eval('#chart-series-sales-orders .mark', (els) => els.map((e) => e.getAttribute('aria-label')));
    assert.equal(orders.length, 8, orders.join(' | '));
    assert.equal(await page.locator('#chart-series-sales-orders .gap').count(), 0);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

const SUBSCRIPTIONS = path.join(FIX, 'assinaturas-movimentos.csv');
const raw = (page, id) => page.getAttribute(`.card[data-metric="${id}"] .value`, 'data-raw');

for (const lang of ['pt', 'en']) {
  test(`MRR movements (${lang}): over several months each movement is the sum of its months, and the waterfall starts at the range's start`, async () => {
    const page = await open(lang);
    await load(page, [SUBSCRIPTIONS]);
    await goTo(page, 'sales');
    // Sep 2024 – Jan 2025 (the hand-worked case of crates/engine/src/metrics/sales/mrr.rs):
    // MRR 80 on Sep 1, 570 on Feb 1; Sep: churn D 80; Oct: new E 200; Nov: new B 50; Dec: new
    // A 100; Jan: new C 130, expansion A 100, reactivation D 90, contraction E 50, churn B 50.
    await setRange(page, '2024-09-01', '2025-01-31');
    await page.waitForFunction(() => document.querySelector('.card[data-metric="sales.mrr_churn"] .value')?.dataset.raw === '130', null, { timeout: 20_000 })
      .catch(() => {});
    const got = {};
    for (const id of ['sales.mrr', 'sales.mrr_new', 'sales.mrr_expansion', 'sales.mrr_reactivation', 'sales.mrr_contraction', 'sales.mrr_churn']) got[id] = await raw(page, id);
    assert.deepEqual(got, {
      'sales.mrr': '570', 'sales.mrr_new': '480', 'sales.mrr_expansion': '100', 'sales.mrr_reactivation': '90',
      'sales.mrr_contraction': '50', 'sales.mrr_churn': '130',
    });
    // The waterfall: start 80, the five summed movements, end 570 (not everything "new").
    const bars = await page.$$eval('#chart-mrr .mark', (els) => els.map((e) => e.getAttribute('aria-label')));
    const amount = (s) => Number(s.split(': ').pop().replace(/[^\d,.-]/g, '').replace(lang === 'pt' ? /\./g : /,/g, '').replace(',', '.'));
    assert.deepEqual(bars.map(amount), [80, 480, 100, 90, -50, -130, 570], bars.join(' | '));
    // "why?" of the summed churn: its counted rows add up to the headline (D 80 in Sep + B 50
    // in Jan), each customer once, in the UI language.
    await page.click('.card[data-metric="sales.mrr_churn"] .card-why a');
    await page.waitForSelector('table.provenance');
    const rows = await page.$$eval('table.provenance tbody tr', (trs) => trs.map((tr) => ({
      counted: !tr.classList.contains('excluded'),
      rule: tr.querySelector('td.rule').textContent,
      value: tr.querySelectorAll('td.num')[1].textContent,
    })));
    const counted = rows.filter((r) => r.counted && r.value !== '');
    assert.deepEqual(counted.map((r) => amount(r.value)).sort((a, b) => a - b), [50, 80], JSON.stringify(rows));
    for (const r of counted) {
      assert.equal(r.rule, lang === 'pt'
        ? 'entra: o movimento de MRR do cliente é cancelamento em 1 dos períodos do intervalo'
        : "included: the customer's MRR movement is churn in 1 of the range's periods");
    }
    assert.ok(rows.some((r) => r.rule === (lang === 'pt'
      ? 'não entra: o MRR do cliente não mostra cancelamento no intervalo'
      : "excluded: the customer's MRR shows no churn in the range")), JSON.stringify(rows));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

const SESSIONS_WITH_DURATION = path.join(FIX, 'sessoes-duracao.csv');

for (const lang of ['pt', 'en']) {
  test(`display units (${lang}): session duration in minutes (the data are seconds), visit frequency per week`, async () => {
    const page = await open(lang);
    await load(page, [SESSIONS_WITH_DURATION]);
    await goTo(page, 'loyalty');
    const shown = (id) => page.textContent(`.card[data-metric="${id}"] .value`);
    // Median of 30, 60, 120, 150, 240 s = 120 s: 2 minutes (JSON: hours, 0.0333).
    assert.equal(await shown('loyalty.session_duration'), lang === 'pt' ? `2,0${NBSP}min` : `2.0${NBSP}min`);
    assert.equal(Number(await raw(page, 'loyalty.session_duration')).toFixed(4), '0.0333');
    // 5 sessions / 3 visitors / (5 days / 7) = 2.33 sessions per visitor per week.
    assert.equal(await shown('loyalty.visit_frequency'), lang === 'pt' ? `2,33${NBSP}por semana` : `2.33${NBSP}per week`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

const LEADS = path.join(FIX, 'leads.csv');

for (const lang of ['pt', 'en']) {
  test(`one label, one count (${lang}): the funnel's last step says it counts leads that became customers`, async () => {
    const page = await open(lang);
    await load(page, [ORDERS, LEADS]);
    const labels = await page.$$eval('#chart-funnel .mark', (els) => els.map((e) => e.getAttribute('aria-label').split(': ')[0]));
    assert.equal(labels.at(-1), lang === 'pt' ? 'Leads que viraram clientes' : 'Leads that became customers', labels.join(' | '));
    // The "New customers" card is another count (every first buyer); no funnel step shares its name.
    const card = await page.$$eval('.card[data-metric="sales.new_customers"] h3, .card[data-metric="sales.new_customers"] .name', (els) => els.map((e) => e.textContent.trim()));
    for (const l of labels) assert.ok(!card.includes(l), `${l} is also the card's name`);
    assert.ok(!labels.includes(lang === 'pt' ? 'Novos clientes' : 'New customers'), labels.join(' | '));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

for (const lang of ['pt', 'en']) {
  test(`no duplicate charts (${lang}): new leads per source and their trend are drawn once`, async () => {
    const page = await open(lang);
    await load(page, [LEADS_BY_SOURCE]);
    await goTo(page, 'attraction');
    const titles = await page.$$eval('.chart-svg', (els) => els.map((e) => e.getAttribute('aria-label')));
    assert.equal(new Set(titles).size, titles.length, titles.join(' | '));
    for (const t of titles) assert.ok(!/(por origem por origem|by source by source)/.test(t), t);
    assert.equal(await page.locator('#chart-bars-attraction-leads_by_source-source').count(), 0);
    assert.equal(await page.locator('#chart-series-attraction-leads_by_source').count(), 0);
    assert.equal(await page.locator('#chart-bars-attraction-leads_new-source').count(), 1);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

for (const lang of ['pt', 'en']) {
  test(`drill-down keeps its context (${lang}): Enter on "Revenue by channel › Loja" opens Loja's rows only, a trend point its month only`, async () => {
    const page = await open(lang);
    await load(page, [ORDERS]);
    await goTo(page, 'sales');
    const bar = page.locator('#chart-bars-sales-revenue-channel .mark', { hasText: 'Loja' });
    const shown = (await bar.getAttribute('aria-label')).split(': ').pop();
    await bar.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('table.provenance');
    assert.match(decodeURIComponent(page.url()), /[?&]by=channel&key=Loja(&|$)/);
    assert.equal(await page.textContent('.why-by'), lang === 'pt' ? 'canal › Loja' : 'channel › Loja');
    // Orders 1001 and 1004 are Loja's: 1,234.56 + 50.00; no other channel's row is listed.
    const cells = await page.$$eval('table.provenance td.cells', (els) => els.map((e) => e.textContent));
    assert.equal(cells.length, 2, cells.join(' | '));
    for (const c of cells) assert.match(c, /Canal: Loja/);
    // The bar's value, not the whole range's: 1,234.56 + 50.00.
    assert.equal(await page.textContent('.why-value'), shown);
    assert.match(shown, lang === 'pt' ? /1\.284,56/ : /1,284\.56/);
    await page.goBack();
    await dashboardRendered(page, 'sales');
    // A trend point: its month only, named on the page.
    const point = page.locator('#chart-series-sales-revenue .mark').first();
    await point.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('table.provenance');
    assert.match(page.url(), /[?&]period=2025-03(&|$)/);
    assert.match(await page.textContent('.why-facts dd'), lang === 'pt' ? /mar/i : /Mar/);
    const lines = await page.$$eval('table.provenance tbody tr td:nth-child(2)', (els) => els.map((e) => e.textContent));
    assert.deepEqual(lines, ['2', '3', '4'], 'March: orders 1001–1003 (lines 2–4)');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
