// What the engine reports beside a value, in the user's language (issue 5 follow-ups of the
// metric engine): the pooled basis of churn/NRR/expansion and the core actions' shares on the
// loyalty page and its drill-down, table headers and cells in words on every stage page,
// unavailable metrics' needs in pt-BR, and chart axis labels inside the chart at 1280 and
// 390 px. The sample company is the one "try sample data" generates (10k, seed 42), the same
// the CLI writes with `sample --size 10k`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { AxeBuilder } from '@axe-core/playwright';
import { useServerAndBrowser, newPage, foreignRequests, screenshot, cliBinary, cliReport, dashboardRendered,
  ROOT } from './harness.mjs';

const STAGES = ['journey', 'attraction', 'sales', 'service', 'loyalty'];

const env = useServerAndBrowser();
let tmp;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jornada-details-'));
});

after(async () => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The CLI's report on the 10k sample in `lang` (what "try sample data" generates). */
function sampleReport(lang) {
  const dir = path.join(tmp, lang);
  if (!fs.existsSync(dir)) execFileSync(cliBinary(), ['sample', '--size', '10k', '--lang', lang, '--out', dir], { stdio: 'ignore' });
  const report = cliReport(fs.readdirSync(dir).map((f) => path.join(dir, f)));
  assert.ok(!report.error, report.error);
  return report;
}

async function trySample(options = {}) {
  const page = await newPage(env.browser, { locale: 'pt-BR', ...options });
  await page.goto(env.srv.url);
  await page.waitForSelector('#sample-button:not([disabled])');
  await page.selectOption('#sample-size', '10000');
  await page.click('#sample-button');
  await dashboardRendered(page, 'journey', 300_000);
  return page;
}

async function goTo(page, view) {
  await page.click(`nav a[href$="/${view}"]`);
  if (STAGES.includes(view)) await dashboardRendered(page, view);
}

/** Numbers as the app writes them: pt-BR `1.909` / `95,0%`, English `1,909` / `95.0%`. */
function count(v, lang) {
  return Math.round(v).toLocaleString(lang === 'pt' ? 'pt-BR' : 'en-US');
}
function percent(v, lang) {
  const s = (v * 100).toFixed(1);
  return `${lang === 'pt' ? s.replace('.', ',') : s}%`;
}

/** Every word a raw details key or JSON would leave on the page. */
const RAW = /\b(basis_pooled_periods|pooled_[a-z_]+|core_actions_default|action:[a-z_]+)\b/;

test('loyalty with the sample: the pooled basis in a sentence, core action shares in the locale, no raw key', { timeout: 900_000 }, async () => {
  const report = sampleReport('pt');
  const churn = report.metrics.find((m) => m.id === 'loyalty.customer_churn_rate');
  assert.equal(churn.details.basis_pooled_periods, 1, 'the sample\'s default range starts with the data: pooled basis');
  const page = await trySample();
  await goTo(page, 'loyalty');
  const d = churn.details;
  const start = d.pooled_customers_start ?? d.pooled_customers_previous;
  const denominator = d.pooled_customers_start !== undefined ? 'no início' : 'com compra no período anterior';
  assert.equal(await page.textContent('.card[data-metric="loyalty.customer_churn_rate"] .card-basis'),
    `Agregado em ${count(d.pooled_periods, 'pt')} períodos mensais: ${count(d.pooled_customers_churned, 'pt')} perdidos / ${count(start, 'pt')} ${denominator}`);
  // Every pooled metric says so on its card or table; the others do not.
  for (const m of report.metrics.filter((x) => x.stage === 'loyalty')) {
    const basis = await page.$$eval(`[data-metric="${m.id}"] .card-basis, [data-metric="${m.id}"] .table-note`, (ps) => ps.map((p) => p.textContent));
    const pooled = m.details?.basis_pooled_periods === 1;
    assert.equal(basis.some((t) => t.startsWith('Agregado em ')), pooled, `${m.id}: ${JSON.stringify(basis)}`);
  }
  assert.doesNotMatch(await page.textContent('main'), RAW);
  await screenshot(page, 'details-loyalty-1280');

  // The drill-down of the core actions: the default set, and each action's share in pt-BR.
  const core = report.metrics.find((m) => m.id === 'loyalty.core_actions');
  await page.click('[data-metric="loyalty.core_actions"] h3 a');
  await page.waitForSelector('.why-details .action-shares li');
  const shares = await page.$$eval('.action-shares li', (lis) => lis.map((li) => [li.dataset.action, li.querySelector('.num').textContent]));
  const expected = Object.entries(core.details).filter(([k]) => k.startsWith('action:'))
    .map(([k, v]) => [k.slice('action:'.length), v]).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([a, v]) => [a, percent(v, 'pt')]);
  assert.ok(expected.length >= 2, JSON.stringify(core.details));
  assert.deepEqual(shares, expected);
  assert.match(await page.textContent('.why-core'), /^Ações principais: padrão: todos os eventos exceto/);
  assert.doesNotMatch(await page.textContent('main'), RAW);
  const axe = await new AxeBuilder({ page }).analyze();
  assert.deepEqual(axe.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`), [], 'axe on the drill-down with details');

  // The churn drill-down in English: the sentence, then every detail labelled.
  await page.selectOption('#lang-select', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.evaluate((to) => { history.pushState(null, '', to); dispatchEvent(new PopStateEvent('popstate')); }, `${new URL(env.srv.url).pathname}why?id=loyalty.customer_churn_rate`);
  await page.waitForSelector('.why-details .why-basis', { timeout: 300_000 });
  assert.equal(await page.textContent('.why-basis'),
    `Pooled over ${count(d.pooled_periods, 'en')} monthly periods: ${count(d.pooled_customers_churned, 'en')} churned / ${count(start, 'en')} ${d.pooled_customers_start !== undefined ? 'at start' : 'who bought in the previous period'}`);
  const labels = await page.$$eval('.detail-list dt', (dts) => dts.map((dt) => dt.textContent));
  assert.equal(labels.length, Object.keys(d).length);
  for (const l of labels) assert.doesNotMatch(l, /_|:/, l);
  assert.doesNotMatch(await page.textContent('main'), RAW);
  assert.deepEqual(foreignRequests(page, env.srv.origin), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('every stage page: table headers are words, cells are not JSON; chart x labels stay inside the chart', { timeout: 900_000 }, async () => {
  for (const [lang, width] of [['pt', 1280], ['en', 390]]) {
    const page = await trySample({ locale: lang === 'pt' ? 'pt-BR' : 'en-US', viewport: { width, height: 900 } });
    let tables = 0;
    let charts = 0;
    for (const stage of STAGES) {
      await goTo(page, stage);
      const found = await page.$$eval('.metric-table', (sections) => sections.map((s) => ({
        id: s.dataset.metric,
        headers: [...s.querySelectorAll('thead th')].map((th) => ({ key: th.dataset.col, text: th.textContent.trim() })),
        cells: [...s.querySelectorAll('tbody td')].map((td) => td.textContent.trim()),
      })));
      for (const t of found) {
        tables++;
        for (const h of t.headers) {
          assert.doesNotMatch(h.text, /^[a-z0-9]+(_[a-z0-9]+)*$/, `${lang} /${stage} ${t.id}: header ${h.text}`);
          assert.notEqual(h.text, h.key, `${lang} /${stage} ${t.id}: header ${h.key} untranslated`);
        }
        for (const c of t.cells) assert.ok(!c.startsWith('[') && !c.startsWith('{'), `${lang} /${stage} ${t.id}: cell ${c.slice(0, 60)}`);
      }
      // Each line chart's x labels end inside its viewBox (560 wide), the last one included.
      const overflow = await page.$$eval('svg.chart-svg', (svgs) => svgs.flatMap((svg) => {
        if (!svg.querySelector('.series-line')) return [];
        return [...svg.querySelectorAll('.axis-label')].map((t) => {
          const b = t.getBBox();
          return { id: svg.id, text: t.textContent, left: b.x, right: b.x + b.width };
        }).filter((b) => b.right > 560 + 0.5 || b.left < -0.5);
      }));
      charts += await page.$$eval('svg.chart-svg .series-line', (l) => l.length);
      assert.deepEqual(overflow, [], `${lang} ${width}px /${stage}`);
      await screenshot(page, `details-${stage}-${width}`);
    }
    // The sample has every tabular metric (rankings, agents, themes...) and a few series.
    assert.ok(tables >= 10, `${lang}: ${tables} tables`);
    assert.ok(charts >= 3, `${lang}: ${charts} line charts`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('feedback themes: phrases and words as readable lists, headers translated', { timeout: 900_000 }, async () => {
  const report = sampleReport('pt');
  const themes = report.metrics.find((m) => m.id === 'loyalty.feedback_themes').table;
  const page = await trySample();
  await goTo(page, 'loyalty');
  const headers = await page.$$eval('[data-metric="loyalty.feedback_themes"] thead th', (ths) => ths.map((th) => [th.dataset.col, th.textContent]));
  const want = { comments: 'Comentários', examples: 'Exemplos', group: 'Grupo', phrases: 'Expressões frequentes', survey: 'Pesquisa', words: 'Palavras frequentes' };
  assert.deepEqual(headers, Object.entries(want).sort(([a], [b]) => ['survey', 'group', 'comments', 'words', 'phrases', 'examples'].indexOf(a) - ['survey', 'group', 'comments', 'words', 'phrases', 'examples'].indexOf(b)));
  const first = await page.$$eval('[data-metric="loyalty.feedback_themes"] tbody tr:first-child td', (tds) => Object.fromEntries(tds.map((td) => [td.dataset.col, td.textContent])));
  const row = themes[0];
  assert.equal(first.words, row.words.map((w) => `${w.term} (${count(w.count, 'pt')})`).join(', '));
  assert.equal(first.phrases, row.phrases.map((w) => `${w.term} (${count(w.count, 'pt')})`).join(', '));
  assert.equal(first.survey, { nps: 'NPS', enps: 'eNPS', csat: 'CSAT', ces: 'CES' }[row.survey]);
  assert.equal(first.group, { detractors: 'Detratores', passives: 'Neutros', promoters: 'Promotores', satisfied: 'Satisfeitos', unsatisfied: 'Insatisfeitos' }[row.group]);
  assert.equal(first.examples, row.examples.join(' · '));
  await page.context().close();
});

test('unavailable metrics say what they need in Portuguese, and in the CLI\'s English in English', { timeout: 600_000 }, async () => {
  const orders = path.join(ROOT, 'tests/e2e/fixtures/pedidos-planilha.csv');
  const report = cliReport([orders]);
  assert.ok(!report.error, report.error);
  assert.ok(report.unavailable.length >= 20, `${report.unavailable.length} unavailable`);
  for (const lang of ['pt', 'en']) {
    const page = await newPage(env.browser, { locale: lang === 'pt' ? 'pt-BR' : 'en-US' });
    await page.goto(env.srv.url);
    await page.waitForSelector('#file-input', { state: 'attached' });
    await page.setInputFiles('#file-input', [orders]);
    await dashboardRendered(page, 'journey');
    let seen = 0;
    for (const stage of ['attraction', 'sales', 'service', 'loyalty']) {
      await goTo(page, stage);
      const items = await page.$$eval('.unavailable li', (lis) => lis.map((li) => ({ id: li.dataset.metric, need: li.dataset.need, text: li.querySelector('.needs').textContent })));
      for (const it of items) {
        const u = report.unavailable.find((x) => x.id === it.id);
        assert.ok(u, it.id);
        assert.equal(it.need, u.need?.key, `${it.id}: the structured need`);
        if (lang === 'en') {
          // The CLI's words (those naming a settings key aside, which the app words plainly).
          // The two wordings of a sessions file with a date are one need; survey kinds read as NPS, CSAT.
          const same = (t) => t.replace('sessions/traffic file', 'sessions file').toLowerCase();
          if (!/settings/.test(u.needs)) assert.equal(same(it.text), same(u.needs), it.id);
        } else {
          assert.notEqual(it.text, u.needs, `${it.id} is in English: ${it.text}`);
          assert.doesNotMatch(it.text, /\b(file|with|column|or)\b/, `${it.id}: ${it.text}`);
        }
        seen++;
      }
    }
    assert.equal(seen, report.unavailable.filter((u) => u.id.split('.')[0] !== 'journey').length);
    if (lang === 'pt') await screenshot(page, 'details-unavailable-pt');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
