// Issue 17, charts an analyst can hand on: no text of a chart overlaps another or leaves the
// chart (NPS legend, waterfall and week/day axis labels, breakdown labels), the Journey
// funnel's step labels never run past their bars, axis text legible at 390 px, one number
// format per value axis, rates as percentages, session duration in minutes as on its card,
// day granularity over years thinned to at most 60 tab stops, and exported SVG/PNG carrying
// the chart's title, unit and the app's font. On the "try sample data" company (10k) and the
// session fixture, in pt-BR and English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useServerAndBrowser, newPage, dashboardRendered, ROOT } from './harness.mjs';

const STAGES = ['journey', 'attraction', 'sales', 'service', 'loyalty'];
const LOCALE = { pt: 'pt-BR', en: 'en-US' };
// Sessions without a visitor id: session duration is the loyalty page's first metric, so its
// trend is drawn.
const SESSIONS = path.join(ROOT, 'tests/e2e/fixtures/sessoes-sem-visitante.csv');

const env = useServerAndBrowser();

async function trySample(lang, width = 1280, options = {}) {
  const page = await newPage(env.browser, { locale: LOCALE[lang], viewport: { width, height: 900 }, ...options });
  await page.goto(env.srv.url);
  await page.waitForSelector('#sample-button:not([disabled])');
  await page.selectOption('#sample-size', '10000');
  await page.click('#sample-button');
  await dashboardRendered(page, 'journey', 300_000);
  return page;
}

async function goTo(page, view) {
  await page.click(`nav a[href$="/${view}"]`);
  await dashboardRendered(page, view);
}

/** Chooses a granularity: the worker re-analyses and the page is drawn again. */
async function granularity(page, value) {
  await page.selectOption('#filter-granularity', value);
}

/**
 * Every problem with the text of the charts on screen: two texts whose boxes overlap, a text
 * outside its SVG's viewBox, a funnel label running past its bar's end, and (with
 * `minPx`) a text drawn smaller than `minPx` CSS pixels.
 */
function chartProblems(page, minPx = 0) {
  return page.$$eval('figure.chart svg.chart-svg', (svgs, minPx) => svgs.flatMap((svg) => {
    const vb = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / vb.width;
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '')
      .map((t) => ({ s: t.textContent, b: t.getBBox(), el: t }));
    const out = [];
    const tol = 0.5;
    const meet = (a, b) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > tol
      && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > tol;
    for (const t of texts) {
      const b = t.b;
      if (b.x < vb.x - tol || b.y < vb.y - tol || b.x + b.width > vb.x + vb.width + tol || b.y + b.height > vb.y + vb.height + tol) {
        out.push(`${svg.id}: "${t.s}" leaves the chart (${[b.x, b.y, b.width, b.height].map(Math.round)} in ${vb.width}×${vb.height})`);
      }
      const px = parseFloat(t.el.getAttribute('font-size') || getComputedStyle(t.el).fontSize) * scale;
      if (minPx && px < minPx) out.push(`${svg.id}: "${t.s}" drawn at ${px.toFixed(1)} px`);
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        if (meet(texts[i].b, texts[j].b)) out.push(`${svg.id}: "${texts[i].s}" overlaps "${texts[j].s}"`);
      }
    }
    // A funnel label either sits inside a bar or clear of every bar, never across a bar's end.
    const bars = [...svg.querySelectorAll('rect.bar')].map((r) => r.getBBox());
    for (const t of svg.querySelectorAll('.funnel-label')) {
      const b = t.getBBox();
      for (const r of bars) {
        const inside = b.x >= r.x - tol && b.x + b.width <= r.x + r.width + tol && b.y >= r.y - tol && b.y + b.height <= r.y + r.height + tol;
        if (meet(b, r) && !inside) out.push(`${svg.id}: "${t.textContent}" runs past its bar`);
      }
    }
    return out;
  }), minPx);
}

for (const lang of ['pt', 'en']) {
  for (const width of [1280, 390]) {
    test(`chart text (${lang}, ${width} px): no label overlaps another or leaves its chart${width < 600 ? '; axis text at 10 px or more' : ''}`, { timeout: 900_000 }, async () => {
      const page = await trySample(lang, width);
      let charts = 0;
      const problems = [];
      for (const view of STAGES) {
        await goTo(page, view);
        charts += await page.$$eval('figure.chart svg.chart-svg', (s) => s.length);
        // The flow diagram too: on a phone it scrolls sideways at its own size.
        problems.push(...await chartProblems(page, width < 600 ? 10 : 0));
      }
      assert.ok(charts >= 60, `${charts} charts`);
      assert.deepEqual(problems, []);
      // The MRR waterfall's labels ("Reativação", "Cancelamento") and the NPS legend are among them.
      await goTo(page, 'sales');
      assert.equal(await page.$$eval('#chart-mrr .x-tick', (t) => t.length), 7);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });
  }

  test(`value axes (${lang}): one number format per axis, rates as percentages`, { timeout: 900_000 }, async () => {
    const page = await trySample(lang);
    const dec = lang === 'pt' ? ',' : '.';
    const axes = [];
    for (const view of STAGES) {
      await goTo(page, view);
      axes.push(...await page.$$eval('figure.chart svg.chart-svg', (svgs) => svgs.map((svg) => ({
        id: svg.id, ticks: [...svg.querySelectorAll('line.grid + text')].map((t) => t.textContent),
      })).filter((a) => a.ticks.length > 0)));
    }
    assert.ok(axes.length >= 10, `${axes.length} value axes`);
    // Breakdown bars read largest first (visitors per landing page listed 2,652 above 2,660:
    // the engine's order is by how many rows name a key, not by the value).
    await goTo(page, 'attraction');
    const bars = await page.$$eval('svg.chart-svg[id^="chart-bars-"]', (svgs) => svgs.map((svg) => ({
      id: svg.id, widths: [...svg.querySelectorAll('rect.bar')].map((r) => r.getBBox().width),
    })));
    assert.ok(bars.length >= 2, `${bars.length} breakdown charts`);
    for (const { id, widths } of bars) {
      for (let i = 1; i < widths.length; i++) assert.ok(widths[i] <= widths[i - 1] + 0.01, `${id}: ${widths.map(Math.round).join(' ')}`);
    }
    for (const { id, ticks } of axes) {
      const parts = ticks.map((t) => {
        const m = t.match(/^-?([\d.,]*\d)(.*)$/);
        assert.ok(m, `${id}: tick ${t}`);
        const frac = m[1].includes(dec) ? m[1].split(dec)[1].length : 0;
        return `${frac} decimals, "${m[2]}"`;
      });
      assert.equal(new Set(parts).size, 1, `${id}: ${ticks.join(' | ')}`);
    }
    // Rates read as percentages on their axis, as on their card.
    const rate = axes.find((a) => a.id === 'chart-series-attraction-lead_conversion_rate');
    assert.ok(rate, 'the lead conversion trend');
    for (const t of rate.ticks) assert.match(t, /^\d+(?:[.,]\d+)?%$/, rate.ticks.join(' | '));
    // Revenue in thousands reads `50 mil` / `50k` on every tick past 0, not `50,0 mil` beside `5.000`.
    const revenue = axes.find((a) => a.id === 'chart-series-sales-revenue');
    assert.match(revenue.ticks.at(-1), lang === 'pt' ? /^\d+\u00a0mil$/ : /^\d+k$/, revenue.ticks.join(' | '));
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test(`day granularity over years (${lang}): the line has every day, at most 60 points are tab stops; week labels clear`, { timeout: 900_000 }, async () => {
    const page = await trySample(lang);
    await goTo(page, 'sales');
    await granularity(page, 'day');
    const chart = '#chart-series-sales-revenue';
    await page.waitForFunction((c) => (document.querySelector(`${c} .series-line`)?.getAttribute('d').match(/L/g) || []).length >= 500,
      chart, { timeout: 300_000 });
    await dashboardRendered(page, 'sales', 300_000);
    const drawn = await page.$eval(chart, (svg) => ({
      points: (svg.querySelector('.series-line').getAttribute('d').match(/[ML]/g) || []).length,
      marks: svg.querySelectorAll('.mark').length,
      tabStops: svg.querySelectorAll('[tabindex="0"]').length,
      xLabels: svg.querySelectorAll('.x-tick').length,
    }));
    assert.ok(drawn.points >= 500, `the line has ${drawn.points} points`);
    assert.ok(drawn.marks >= 20 && drawn.marks <= 60, `${drawn.marks} marks`);
    assert.ok(drawn.tabStops <= 60, `${drawn.tabStops} tab stops`);
    assert.ok(drawn.xLabels >= 2, `${drawn.xLabels} x labels`);
    // A thinned mark still opens its own day.
    const name = await page.$eval(`${chart} .mark`, (m) => m.getAttribute('aria-label'));
    assert.match(name, lang === 'pt' ? /^\d\d\/\d\d\/\d{4}: / : /^[A-Z][a-z]{2} \d+, \d{4}: /);
    assert.deepEqual(await chartProblems(page), []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
    // Weeks ("sem. 09/2025"), the colliding axis, on a phone: every chart clear.
    const phone = await trySample(lang, 390);
    await goTo(phone, 'sales');
    await granularity(phone, 'week');
    await phone.waitForFunction((c) => /sem\.|W\d/.test(document.querySelector(`${c} .x-tick`)?.textContent ?? ''),
      chart, { timeout: 300_000 });
    await dashboardRendered(phone, 'sales', 300_000);
    assert.ok(await phone.$$eval(`${chart} .x-tick`, (t) => t.length) >= 2);
    assert.deepEqual(await chartProblems(phone, 10), []);
    assert.deepEqual(phone.errors, []);
    await phone.context().close();
  });

  test(`session duration trend and exports (${lang}): the axis in minutes as on the card; SVG and PNG carry title, unit and the app's font`, { timeout: 300_000 }, async () => {
    const page = await newPage(env.browser, { locale: LOCALE[lang], acceptDownloads: true });
    await page.goto(env.srv.url);
    await page.waitForSelector('#file-input', { state: 'attached' });
    await page.setInputFiles('#file-input', [SESSIONS]);
    await dashboardRendered(page);
    await goTo(page, 'loyalty');
    await granularity(page, 'day');
    const chart = '#chart-series-loyalty-session_duration';
    await page.waitForSelector(chart);
    await dashboardRendered(page, 'loyalty');
    // Daily medians 30 s to 240 s: 0.5 to 4 minutes; the card reads minutes too.
    assert.match(await page.textContent('.card[data-metric="loyalty.session_duration"] .value'), /\u00a0min$/);
    const ticks = await page.$$eval(`${chart} line.grid + text`, (els) => els.map((e) => e.textContent));
    const top = Number(ticks.at(-1).replace(',', '.'));
    assert.ok(top >= 4 && top <= 5, `top tick ${ticks.join(' | ')}`);
    assert.equal(await page.textContent(`${chart} .axis-unit`), 'min');

    const caption = (await page.textContent(`figure.chart:has(${chart}) figcaption`)).trim();
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    const fig = page.locator(`figure.chart:has(${chart})`);
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), fig.locator('.chart-actions button').nth(0).click()]);
    const svg = fs.readFileSync(await svgDownload.path(), 'utf8');
    assert.match(svg, /^<svg /);
    const title = svg.match(/<text[^>]*class="export-title"[^>]*>([^<]*)<\/text>/);
    assert.ok(title, 'the exported SVG has a title line');
    assert.equal(title[1], `${caption} (min)`);
    const family = svg.match(/^<svg [^>]*font-family="([^"]*)"/);
    assert.ok(family, 'the exported SVG names a font');
    assert.equal(family[1].replaceAll('&quot;', '"'), font);
    // Reads back as an image: the title line above the chart.
    const size = await page.evaluate(async (text) => {
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
      await img.decode();
      return { w: img.naturalWidth, h: img.naturalHeight };
    }, svg);
    const vb = await page.$eval(chart, (s) => ({ w: s.viewBox.baseVal.width, h: s.viewBox.baseVal.height }));
    assert.equal(size.w, vb.w);
    assert.equal(size.h, vb.h + 28);

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), fig.locator('.chart-actions button').nth(1).click()]);
    const png = fs.readFileSync(await pngDownload.path());
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    const [pw, ph] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    // The PNG is the exported SVG (title line included), not the bare chart.
    assert.ok(Math.abs(ph / pw - (vb.h + 28) / vb.w) < 0.01, `png ${pw}×${ph}, chart ${vb.w}×${vb.h}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}
