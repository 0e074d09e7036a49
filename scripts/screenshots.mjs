// Screenshots of every view: serves dist/ (or JORNADA_DIST), presses "try sample data" (10k)
// and visits each route at 1280 and 390 px in pt-BR and English, writing full-page PNGs and
// one PNG per chart to target/screens/ (or SCREENS_OUT). Usage:
//   node scripts/screenshots.mjs [lang ...]       (default: pt en)
// Each chart is also shot alone (an element screenshot), so labels can be read at full size.
import fs from 'node:fs';
import path from 'node:path';
import { startServer, launchBrowser, newPage, dashboardRendered, ROOT } from '../tests/e2e/harness.mjs';

const OUT = process.env.SCREENS_OUT || path.join(ROOT, 'target/screens');
const LANGS = process.argv.slice(2).length ? process.argv.slice(2) : ['pt', 'en'];
const LOCALE = { pt: 'pt-BR', en: 'en-US' };
const WIDTHS = [1280, 390];
const STAGES = ['journey', 'attraction', 'sales', 'service', 'loyalty'];
const OTHERS = ['mapping', 'settings', 'survey'];

fs.mkdirSync(OUT, { recursive: true });
const srv = await startServer();
const browser = await launchBrowser();
try {
  for (const lang of LANGS) {
    for (const width of WIDTHS) {
      const page = await newPage(browser, { locale: LOCALE[lang], viewport: { width, height: 900 } });
      await page.goto(srv.url);
      await page.waitForSelector('#file-input', { state: 'attached' });
      await page.screenshot({ path: path.join(OUT, `${lang}-${width}-start.png`), fullPage: true });
      await page.waitForSelector('#sample-button:not([disabled])');
      await page.selectOption('#sample-size', '10000');
      await page.click('#sample-button');
      await dashboardRendered(page, 'journey', 300_000);
      for (const view of [...STAGES, ...OTHERS]) {
        await page.click(`nav a[href$="/${view}"]`);
        if (STAGES.includes(view)) await dashboardRendered(page, view);
        else await page.waitForTimeout(800);
        const base = `${lang}-${width}-${view}`;
        await page.screenshot({ path: path.join(OUT, `${base}.png`), fullPage: true });
        const charts = await page.$$('figure.chart');
        for (const [i, fig] of charts.entries()) {
          const id = await fig.$eval('svg', (s) => s.id).catch(() => `chart${i}`);
          await fig.scrollIntoViewIfNeeded();
          await fig.screenshot({ path: path.join(OUT, `${base}--${id || i}.png`) });
        }
        console.log(`${base}: ${charts.length} charts`);
      }
      // The "why?" page of the first card on sales.
      await page.click('nav a[href$="/sales"]');
      await dashboardRendered(page, 'sales');
      await page.click('.card .card-why a');
      await page.waitForSelector('table.provenance, .why-count');
      await page.screenshot({ path: path.join(OUT, `${lang}-${width}-why.png`), fullPage: true });
      if (page.errors.length) console.log(`errors: ${page.errors.join('\n')}`);
      await page.context().close();
    }
  }
} finally {
  await browser.close();
  await srv.close();
}
