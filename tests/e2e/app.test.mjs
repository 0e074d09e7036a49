// End-to-end tests of the analyzer app: the release build (dist/) served from the sub-path
// /app/, driven in Debian's headless Chromium. Run `trunk build --release --offline` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { useServerAndBrowser, newPage, foreignRequests, screenshot, cliReport, compareCardsWithCli,
  dashboardRendered, ROOT, OUT } from './harness.mjs';

const FIX = path.join(ROOT, 'tests/e2e/fixtures');
const ORDERS = path.join(FIX, 'pedidos-planilha.csv'); // Latin-1, `;`, 1.234,56, dd/mm/aaaa
const ALL = ['pedidos-planilha.csv', 'chamados.csv', 'nps.csv', 'leads.csv'].map((f) => path.join(FIX, f));
const NBSP = '\u00a0';

const env = useServerAndBrowser();

async function open(options = {}) {
  const page = await newPage(env.browser, { locale: 'pt-BR', ...options });
  await page.goto(env.srv.url);
  await page.waitForSelector('#file-input', { state: 'attached' });
  return page;
}

async function load(page, files) {
  await page.setInputFiles('#file-input', files);
  await dashboardRendered(page);
}

/** On a dashboard view, waits for its progressive render to finish; other views are whole. */
async function viewRendered(page) {
  await page.waitForFunction(() => !document.querySelector('.dashboard') || document.querySelector('.dashboard[data-rendered]'));
}

/** The mapping review's reason cell of a column. */
function reasonOf(page, column) {
  return page.locator(`tr:has(select.role-select[data-column="${column}"]) td.reason`);
}

function card(page, id) {
  return page.locator(`.card[data-metric="${id}"] .value`);
}

test('smoke: a Brazilian spreadsheet export gives the revenue worked out by hand, nothing leaves the page', async () => {
  const page = await open();
  await load(page, [ORDERS]);
  assert.match(page.url(), /\/app\/journey$/);
  // Completed orders: 1.234,56 + 200,44 (Pago) + 50,00; 100,00 is cancelled; the row with
  // amount "abc" has no amount.
  assert.equal(await card(page, 'sales.revenue').textContent(), `R$${NBSP}1.485,00`);
  await screenshot(page, 'smoke-journey-1280');
  assert.deepEqual(foreignRequests(page, env.srv.origin), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('dropping files onto the drop zone reads them (DataTransfer drop)', async () => {
  const page = await open();
  const files = ALL.map((f) => ({ name: path.basename(f), b64: fs.readFileSync(f).toString('base64') }));
  const dt = await page.evaluateHandle((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name, { type: 'text/csv' }));
    }
    return dt;
  }, files);
  await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: dt });
  await dashboardRendered(page);
  assert.equal(await card(page, 'sales.revenue').textContent(), `R$${NBSP}1.485,00`);
  // 5 answers: promoters 10, 9, 10; passive 7; detractor 3 → (3 - 1) / 5 = 40.
  await page.click('nav a[href$="/loyalty"]');
  assert.equal(await card(page, 'loyalty.nps').textContent(), '40,0');
  assert.deepEqual(foreignRequests(page, env.srv.origin), []);
  await page.context().close();
});

test('every number on the dashboard equals `jornada analyze --json` on the same files', async () => {
  const report = cliReport(ALL);
  assert.ok(!report.error, `the CLI must run: ${report.error}`);
  const page = await open();
  await load(page, ALL);
  const { compared } = await compareCardsWithCli(page, report);
  assert.ok(compared >= 5, `compared ${compared} numbers`);
  await page.context().close();
});

test('mapping override recomputes the metrics and is remembered for the same header', async () => {
  const page = await open();
  await load(page, [ORDERS]);
  await page.click('nav a[href$="/mapping"]');
  const amount = page.locator('select.role-select[data-column="Valor total"]');
  assert.equal(await amount.inputValue(), 'amount');
  // A person reads the role by its name in their language, not by its id.
  assert.equal(await amount.evaluate((s) => s.selectedOptions[0].textContent), 'Valor');
  // And why, in Portuguese: roles by their names, the share in the locale (4 of the 5 amounts
  // read; "abc" does not).
  assert.equal(await reasonOf(page, 'Valor total').textContent(),
    'o cabeçalho "Valor total" indica «Valor»; 80% de 5 valores são números (decimais com vírgula)');
  // order id 3 + amount 2 + status 1 + "pedido" in the file name 2; leads (e-mail, channel) 2.
  assert.equal(await page.textContent('.kind-row .reason'),
    'ID do pedido + valor + status + nome do arquivo (pontuação 8,0; a seguinte, 2,0)');
  await amount.selectOption('');
  // The amount is gone, so revenue cannot be computed and says what would enable it.
  await page.waitForFunction(() => !document.querySelector('select.role-select[data-column="Valor total"]')?.value);
  await page.click('nav a[href$="/sales"]');
  await page.waitForSelector('.unavailable li[data-metric="sales.revenue"]');
  const stored = await page.evaluate(() => localStorage.getItem('jornada.mappings'));
  // Remembered by a hash of the header (FNV-1a of its folded form, `mapping::column_key`),
  // never by its text: a file without a header would otherwise keep a customer's data here.
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from('valor total')) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  const key = `c${h.toString(16).padStart(16, '0')}`;
  assert.ok(stored && stored.includes(`"${key}":""`) && !stored.includes('Valor total'), stored);
  // A new session with the same file gets the remembered mapping.
  await page.goto(env.srv.url);
  await load(page, [ORDERS]);
  await page.click('nav a[href$="/mapping"]');
  assert.equal(await page.locator('select.role-select[data-column="Valor total"]').inputValue(), '');
  // Back to automatic.
  await page.click('.table-mapping button.link-button');
  await page.waitForFunction(() => document.querySelector('select.role-select[data-column="Valor total"]')?.value === 'amount');
  await page.click('nav a[href$="/journey"]');
  assert.equal(await card(page, 'sales.revenue').textContent(), `R$${NBSP}1.485,00`);
  await page.context().close();
});

test('a mapping correction says it is remembered for that header', async () => {
  const page = await open();
  await load(page, [ORDERS]);
  await page.click('nav a[href$="/mapping"]');
  await page.locator('select.role-select[data-column="Canal"]').selectOption('');
  assert.equal(await page.textContent('.banner.notice'), 'Mapeamento guardado para este cabeçalho.');
  await page.selectOption('#lang-select', 'en');
  assert.equal(await page.textContent('.banner.notice'), 'Mapping saved for this header.');
  await page.context().close();
});

test('a file that cannot be read says why in the page\'s language, file name first', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jornada-empty-'));
  const empty = path.join(dir, 'vazio.csv');
  fs.writeFileSync(empty, '');
  try {
    const page = await open();
    await page.setInputFiles('#file-input', [empty]);
    const status = page.locator('.progress-item.failed .progress-status');
    await status.waitFor();
    assert.equal(await status.textContent(), 'vazio.csv: o arquivo está vazio');
    await page.selectOption('#lang-select', 'en');
    assert.equal(await status.textContent(), 'vazio.csv: the file is empty');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('with site data blocked (localStorage throws), the app still starts, analyses and switches language', async () => {
  const page = await newPage(env.browser, { locale: 'pt-BR' });
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
  });
  await page.goto(env.srv.url);
  await page.waitForSelector('#file-input', { state: 'attached' });
  await load(page, [ORDERS]);
  assert.equal(await card(page, 'sales.revenue').textContent(), `R$${NBSP}1.485,00`);
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.deepEqual(page.errors.filter((e) => !/blocked/.test(e)), []);
  await page.context().close();
});

test('drill-down lists the contributing rows, the rule and the formula', async () => {
  const page = await open();
  await load(page, [ORDERS]);
  await card(page, 'sales.revenue').click();
  await page.waitForSelector('table.provenance tbody tr');
  assert.match(page.url(), /\/app\/why\?id=sales\.revenue$/);
  const rows = await page.$$eval('table.provenance tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const counted = rows.filter((r) => r[2] === 'sim').map((r) => Number(r[1])).sort();
  assert.deepEqual(counted, [2, 4, 5]); // lines of 1001, 1003, 1004
  const cancelled = rows.find((r) => r[1] === '3');
  assert.ok(cancelled && cancelled[2] === 'não', JSON.stringify(rows));
  assert.ok((await page.textContent('code.formula')).length > 5);
  assert.equal(await page.textContent('.why-value'), `R$${NBSP}1.485,00`);
  await page.context().close();
});

test('language switch: English labels and number formats, remembered', async () => {
  const page = await open();
  await load(page, [ORDERS]);
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  // The dashboard re-renders progressively in the new language.
  await dashboardRendered(page);
  assert.equal(await card(page, 'sales.revenue').textContent(), 'R$1,485.00');
  assert.equal(await page.textContent('nav a[href$="/sales"]'), 'Sales');
  assert.equal(await page.evaluate(() => localStorage.getItem('jornada.lang')), '"En"');
  // The mapping review says why in English too, and again in Portuguese once switched back.
  await page.click('nav a[href$="/mapping"]');
  assert.equal(await reasonOf(page, 'Valor total').textContent(),
    'header "Valor total" names “Amount”; 80% of 5 values read as numbers (comma decimals)');
  await page.selectOption('#lang-select', 'pt-BR');
  assert.equal(await page.textContent('nav a[href$="/sales"]'), 'Vendas');
  await page.waitForFunction(() => document.querySelector('.mapping[data-rendered] tr:has([data-column="Valor total"]) td.reason')?.textContent.startsWith('o cabeçalho'));
  assert.equal(await reasonOf(page, 'Valor total').textContent(),
    'o cabeçalho "Valor total" indica «Valor»; 80% de 5 valores são números (decimais com vírgula)');
  await page.context().close();
});

test('mapping review: a file\'s warnings and rejected rows in Portuguese, in English, and back', async () => {
  const page = await open();
  // A title line above the header, a blank row, an amount that is not a number (line 7) and
  // a row with one field too many (line 8).
  await load(page, [path.join(FIX, 'pedidos-avisos.csv')]);
  await page.click('nav a[href$="/mapping"]');
  const texts = (sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent));
  const warnings = '.mapping[data-rendered] .table-mapping .warnings li';
  const rejects = '.mapping[data-rendered] .table-mapping ul.rejects li';
  const pt = async () => {
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.startsWith('linha 1'), warnings);
    assert.deepEqual(await texts(warnings), [
      'linha 1 ignorada: fica acima do cabeçalho (um título ou nota)',
      '1 linha em branco ignorada',
    ]);
    assert.deepEqual(await texts(rejects), [
      'Linha 7: a coluna "Valor total" tem "abc", que não é um número',
      'Linha 8: tem 6 campos, mas o cabeçalho tem 5',
    ]);
  };
  await pt();
  assert.equal(await page.textContent('.table-mapping .warnings h3'), 'Avisos');
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.startsWith('line 1'), warnings);
  assert.deepEqual(await texts(warnings), [
    'line 1 skipped: it is above the header (a title or note)',
    '1 blank row skipped',
  ]);
  assert.deepEqual(await texts(rejects), [
    'Line 7: column "Valor total" has "abc", which is not a number',
    'Line 8: has 6 fields, but the header has 5',
  ]);
  assert.equal(await page.textContent('.table-mapping .warnings h3'), 'Warnings');
  await page.selectOption('#lang-select', 'pt-BR');
  await pt();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('an English browser gets English', async () => {
  const page = await open({ locale: 'en-US' });
  assert.equal(await page.textContent('h1'), 'Analyse your customer data');
  await page.context().close();
});

test('export: metrics CSV in the pt-BR dialect, rounded, with neutralised text', async () => {
  const page = await open({ acceptDownloads: true });
  await load(page, [ORDERS]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const file = path.join(OUT, 'jornada-metricas.csv');
  fs.mkdirSync(OUT, { recursive: true });
  await download.saveAs(file);
  const csv = fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  const lines = csv.trim().split(/\r?\n/);
  assert.equal(lines[0], 'métrica;nome;etapa;unidade;moeda;período;chave;valor;anterior;variação (fração);intervalo_inferior;intervalo_superior;n;fórmula;fontes');
  const revenue = lines.find((l) => l.startsWith('sales.revenue;Receita;Vendas;moeda;BRL;;;'));
  assert.ok(revenue && revenue.includes(';1485,00;'), revenue);
  for (const l of lines) for (const cell of l.split(';')) assert.ok(!/^[=+@]/.test(cell), `unneutralised cell in ${l}`);
  // A chart as SVG.
  const chartId = await page.$eval('svg.chart-svg', (s) => s.id);
  const [svgDl] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`figure:has(#${chartId}) .chart-actions button:first-child`),
  ]);
  const svg = fs.readFileSync(await svgDl.path(), 'utf8');
  assert.ok(svg.startsWith('<svg') && svg.includes('xmlns="http://www.w3.org/2000/svg"'), svg.slice(0, 80));
  // The same chart as PNG: the exported SVG (the title line above the chart) drawn on a canvas
  // at twice the chart's width on screen (at least its own width).
  const [pngDl] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`figure:has(#${chartId}) .chart-actions button:nth-child(2)`),
  ]);
  assert.match(pngDl.suggestedFilename(), /\.png$/);
  const png = fs.readFileSync(await pngDl.path());
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  const box = await page.$eval(`#${chartId}`, (el) => {
    const vb = el.viewBox.baseVal;
    const w = Math.max(el.getBoundingClientRect().width, vb.width);
    return [w, w * (vb.height + 28) / vb.width];
  });
  assert.deepEqual([width, height], [Math.floor(box[0] * 2), Math.floor(box[1] * 2)], `PNG ${width}×${height}, chart ${box}`);
  assert.ok(width >= 400 && height >= 150, `PNG ${width}×${height}`);
  fs.copyFileSync(await pngDl.path(), path.join(OUT, pngDl.suggestedFilename()));
  await page.context().close();
});

test('offline: a loaded app reloads and analyses with the network cut', async () => {
  const page = await open();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.context().setOffline(true);
  await page.reload();
  await page.waitForSelector('#file-input', { state: 'attached' });
  await load(page, [ORDERS]);
  assert.equal(await card(page, 'sales.revenue').textContent(), `R$${NBSP}1.485,00`);
  // A deep route reloads offline too.
  await page.reload();
  await page.waitForSelector('h1');
  // The survey builder's preview is the real widget, from the files the service worker saved.
  await page.click('nav a[href$="/survey"]');
  await page.locator('.preview jornada-survey [role=radiogroup]').waitFor();
  assert.equal(await page.locator('.preview-offline').count(), 0);
  await page.context().setOffline(false);
  await page.context().close();
});

const VIEWS = ['', 'mapping', 'journey', 'attraction', 'sales', 'service', 'loyalty', 'why?id=sales.revenue', 'settings'];

test('accessibility: no axe violations on any view, light and dark', async () => {
  for (const scheme of ['light', 'dark']) {
    const page = await open({ colorScheme: scheme });
    await load(page, ALL);
    for (const v of VIEWS) {
      await page.evaluate((to) => { history.pushState(null, '', to); dispatchEvent(new PopStateEvent('popstate')); }, `${new URL(env.srv.url).pathname}${v}`);
      await page.waitForSelector('main h1');
      await viewRendered(page);
      if (v.startsWith('why')) await page.waitForSelector('table.provenance');
      const result = await new AxeBuilder({ page }).analyze();
      const summary = result.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      assert.deepEqual(summary, [], `${scheme} /${v}`);
    }
    await page.context().close();
  }
});

test('screenshots of every view at 1280 and 390 px', async () => {
  for (const width of [1280, 390]) {
    const page = await open({ viewport: { width, height: 900 } });
    await screenshot(page, `start-${width}`);
    await load(page, ALL);
    for (const v of VIEWS.slice(1)) {
      await page.evaluate((to) => { history.pushState(null, '', to); dispatchEvent(new PopStateEvent('popstate')); }, `${new URL(env.srv.url).pathname}${v}`);
      await page.waitForSelector('main h1');
      await viewRendered(page);
      if (v.startsWith('why')) await page.waitForSelector('table.provenance');
      const name = v.split('?')[0];
      await screenshot(page, `${name}-${width}`);
      // Nothing wider than the viewport (responsive down to 360 px).
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `/${v} at ${width}px overflows by ${overflow}px`);
    }
    await page.context().close();
  }
});
