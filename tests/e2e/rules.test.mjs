// Issue 13's corrected rules the user sees (METRICS.md "Duplicates" and "Range"), in pt-BR and
// English, on one orders file (pedidos-repetidos.csv: order 1002 twice, dates 2025-01-05 to
// 2025-03-10):
// - an id that repeats is one order: the mapping review's file warning says how many rows were
//   merged and how, the rules note says the rule, and the numbers count the order once
//   (5 orders, R$ 300,00; 6 and R$ 350,00 without the merge); the rules note also says that a
//   file no metric reads never widens the default range;
// - the last period the data cuts short (March, ending on the 10th) is flagged: the chart's last
//   point is hollow, its accessible name says "partial", the chart's legend explains the mark,
//   and the mapping review's rules note names the period.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useServerAndBrowser, newPage, foreignRequests, dashboardRendered, FIXTURES } from './harness.mjs';

const FILE = path.join(FIXTURES, 'pedidos-repetidos.csv');
const LOCALE = { pt: 'pt-BR', en: 'en-US' };

const env = useServerAndBrowser();

async function openWithFile(lang) {
  const page = await newPage(env.browser, { locale: LOCALE[lang] });
  await page.goto(env.srv.url);
  await page.waitForSelector('#file-input', { state: 'attached' });
  await page.setInputFiles('#file-input', [FILE]);
  await dashboardRendered(page);
  return page;
}

const raw = (page, id) => page.getAttribute(`.card[data-metric="${id}"] .value`, 'data-raw');

const WORDS = {
  pt: {
    warning: 'coluna "Pedido": 1 linha repetia um id e foi juntada à primeira linha desse id (valem os valores da primeira linha)',
    rule: /^IDs que deveriam ser únicos .* nunca contados duas vezes/,
    range: /^O intervalo padrão cobre só as datas dos arquivos que as métricas leem: .* nunca o amplia\.$/,
    partialRule: /parcial.* mar\/2025\.$/,
    lastPoint: /^mar\/2025 \(parcial\): R\$\s?30,00$/,
    earlier: [/^jan\/2025: /, /^fev\/2025: /],
    legend: /^○ .*parcial/,
  },
  en: {
    warning: 'column "Pedido": 1 row repeated an id and was merged into that id\'s first row (the first row\'s values kept)',
    rule: /^Ids that should be unique .* never counted twice/,
    range: /^The default range covers only the dates of the files metrics read: .* never widens it\.$/,
    partialRule: /partial.* Mar 2025\.$/,
    lastPoint: /^Mar 2025 \(partial\): R\$\s?30\.00$/,
    earlier: [/^Jan 2025: /, /^Feb 2025: /],
    legend: /^○ last period partial/,
  },
};

for (const lang of ['pt', 'en']) {
  const w = WORDS[lang];

  test(`duplicate ids (${lang}): merged once, said in the file's warnings and in the rules note`, async () => {
    const page = await openWithFile(lang);
    // Counted once: 5 orders, 300 of revenue (6 and 350 if the repeated row counted).
    assert.equal(await raw(page, 'sales.orders'), '5');
    assert.equal(await raw(page, 'sales.revenue'), '300');
    await page.click('nav a[href$="/mapping"]');
    await page.waitForSelector('.mapping[data-rendered]');
    const warnings = await page.$$eval('.table-mapping .warnings li', (els) => els.map((e) => e.textContent.trim()));
    assert.ok(warnings.includes(w.warning), warnings.join(' | '));
    const rules = await page.$$eval('.rules-notice[role="note"] .rule-duplicates', (els) => els.map((e) => e.textContent.trim()));
    assert.equal(rules.length, 1, 'the rules note has the duplicates rule');
    assert.match(rules[0] ?? '', w.rule);
    // The range rule: a file no metric reads never widens the default range.
    const range = await page.$$eval('.rules-notice[role="note"] .rule-range', (els) => els.map((e) => e.textContent.trim()));
    assert.equal(range.length, 1, 'the rules note has the range rule');
    assert.match(range[0] ?? '', w.range);
    assert.deepEqual(foreignRequests(page, env.srv.origin), []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`partial last period (${lang}): a hollow point named "partial", a legend, and the rules note`, async () => {
    const page = await openWithFile(lang);
    const chart = page.locator('svg#chart-series-sales-revenue');
    await chart.waitFor();
    const marks = await chart.locator('g.mark').evaluateAll((gs) => gs.map((g) => ({
      name: g.getAttribute('aria-label'),
      title: g.querySelector('title')?.textContent ?? '',
      partial: g.querySelectorAll('circle.dot-partial').length,
      fill: g.querySelector('circle.dot')?.getAttribute('fill') ?? '',
    })));
    assert.equal(marks.length, 3, JSON.stringify(marks));
    const last = marks[2] ?? {};
    // The accessible name (and the tooltip) say the period is partial.
    assert.match(last.name, w.lastPoint);
    assert.match(last.title, w.lastPoint);
    // Drawn hollow: a white dot with a coloured ring.
    assert.equal(last.partial, 1);
    assert.equal(last.fill, 'white');
    // The complete periods are filled dots, and their names do not say partial.
    for (const [i, re] of w.earlier.entries()) {
      assert.match(marks[i].name, re);
      assert.doesNotMatch(marks[i].name, /parcial|partial/);
      assert.equal(marks[i].partial, 0);
      assert.notEqual(marks[i].fill, 'white');
    }
    const legend = await chart.locator('.chart-partial-legend').allTextContents();
    assert.equal(legend.length, 1, 'the chart has a legend line for the partial point');
    assert.match((legend[0] ?? '').trim(), w.legend);
    // The mapping review's rules note names the partial period.
    await page.click('nav a[href$="/mapping"]');
    await page.waitForSelector('.mapping[data-rendered]');
    const partialRule = await page.$$eval('.rules-notice .rule-partial', (els) => els.map((e) => e.textContent.trim()));
    assert.equal(partialRule.length, 1, 'the rules note names the partial period');
    assert.match(partialRule[0] ?? '', w.partialRule);
    assert.deepEqual(foreignRequests(page, env.srv.origin), []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
