// How long a report takes to reach the page, on the release build (dist/): runs "try sample
// data" at a size (default 1M orders), then re-analyses it a few times (the granularity select)
// and prints, for each run, the time from the change to the dashboard fully rendered and the
// UI-thread time spent in the worker's message handlers (decoding the report's messages).
// Prints figures; asserts nothing.  node scripts/measure-report.mjs [orders] [runs]
import { startServer, launchBrowser, newPage, dashboardRendered } from '../tests/e2e/harness.mjs';

const size = Number(process.argv[2] || 1_000_000);
const runs = Number(process.argv[3] || 3);

// Wraps the app's worker so that every 'message' handler the page installs (an `onmessage`
// property or an `addEventListener`) is timed on the UI thread.
function instrument() {
  window.__handlerMs = 0;
  window.__messages = 0;
  const timed = (f) => function (ev) {
    const t0 = performance.now();
    try { return f.call(this, ev); } finally { window.__handlerMs += performance.now() - t0; window.__messages++; }
  };
  const Native = window.Worker;
  window.Worker = function (...args) {
    const w = new Native(...args);
    const add = w.addEventListener.bind(w);
    w.addEventListener = (type, f, o) => add(type, type === 'message' ? timed(f) : f, o);
    let handler = null;
    Object.defineProperty(w, 'onmessage', {
      get: () => handler,
      set: (f) => { if (handler) w.removeEventListener('message', handler); handler = f && timed(f); if (handler) add('message', handler); },
    });
    return w;
  };
  window.Worker.prototype = Native.prototype;
}

const srv = await startServer();
const browser = await launchBrowser();
try {
  const page = await newPage(browser, { locale: 'pt-BR' });
  page.setDefaultTimeout(1_500_000);
  await page.addInitScript(instrument);
  await page.goto(srv.url);
  await page.waitForSelector('#sample-button');
  await page.selectOption('#sample-size', String(size));
  let t0 = Date.now();
  await page.click('#sample-button');
  await dashboardRendered(page, 'journey', 1_500_000);
  console.log(`sample ${size}: click → dashboard rendered ${Date.now() - t0} ms (generate, read, analyse, send, render)`);
  const grans = ['week', 'month'];
  const figures = [];
  for (let i = 0; i < runs; i++) {
    const gran = grans[i % 2];
    await page.evaluate(() => { window.__handlerMs = 0; window.__messages = 0; });
    // The page's render generation changes with each report: wait for it to restart, then end.
    await page.evaluate(() => {
      window.__restarted = false;
      const el = document.querySelector('.dashboard');
      new MutationObserver((_, o) => { if (!el.hasAttribute('data-rendered')) { window.__restarted = true; o.disconnect(); } })
        .observe(el, { attributes: true, attributeFilter: ['data-rendered'] });
    });
    t0 = Date.now();
    await page.selectOption('#filter-granularity', gran);
    await page.waitForFunction(() => window.__restarted && document.querySelector('.dashboard[data-rendered]'), null, { polling: 5 });
    const ms = Date.now() - t0;
    const { handlerMs, messages } = await page.evaluate(() => ({ handlerMs: window.__handlerMs, messages: window.__messages }));
    figures.push(ms);
    console.log(`re-analysis ${i + 1} (${gran}): change → dashboard rendered ${ms} ms; ${messages} worker messages, ${handlerMs.toFixed(1)} ms in their handlers on the UI thread`);
  }
  figures.sort((a, b) => a - b);
  console.log(`median change → rendered ${figures[Math.floor(figures.length / 2)]} ms over ${runs} runs`);
  await page.context().close();
} finally {
  await browser.close();
  await srv.close();
}
