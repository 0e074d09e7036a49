// End-to-end tests of the survey widget in headless Chromium: both embed modes, every kind by
// mouse and keyboard, delivery (offline queue, exactly once), isolation from hostile host CSS,
// strict CSP, accessibility (axe) and screenshots.
// Run after scripts/build-widget.sh:  node --test tests/e2e/widget.test.mjs
// (JORNADA_DIST points at the dist/ holding widget/; JORNADA_WIDGET_DIST at the widget build.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer, launchBrowser, newPage, screenshot, foreignRequests, DIST, ROOT } from './harness.mjs';

const WIDGET_DIR = process.env.JORNADA_WIDGET_DIST || path.join(DIST, 'widget');
const DEMO_DIR = path.join(ROOT, 'public/demo');
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'";
// The iframe mode must work without 'wasm-unsafe-eval' on the host.
const NO_WASM_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'";
const HOSTILE_CSS = '* { all: revert; color: red } body { font: 13px/2 serif; margin: 40px } p { letter-spacing: 3px } #spacer { height: 3000px }';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

let server, browser;
const pages = new Map(); // path -> html of host pages made by the tests
const posts = []; // JSON bodies POSTed to /collect
let collectFails = false;

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A host page with a strict CSP and hostile global CSS, holding `body` (raw HTML). */
function hostPage(name, body, { csp = STRICT_CSP, lang = 'en', element = true, hostile = true } = {}) {
  const p = `/app/t/${name}.html`;
  pages.set(p, `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Host ${name}</title>
${hostile ? '<link rel="stylesheet" href="/app/t/hostile.css">' : ''}
${element ? '<script type="module" src="/app/widget/jornada-survey.js"></script>' : ''}
</head><body><h1>Host page</h1><p id="para">Host paragraph <a id="before" href="#top">a link</a></p>
<main>${body}</main><p id="after">After</p></body></html>`);
  return server.origin + p;
}

/** `<jornada-survey>` markup from an attribute object. */
const survey = (attrs) => `<jornada-survey ${Object.entries(attrs).map(([k, v]) => `${k}="${esc(v)}"`).join(' ')}></jornada-survey>`;

before(async () => {
  assert.ok(fs.existsSync(path.join(WIDGET_DIR, 'jornada-survey.js')), `no widget build in ${WIDGET_DIR}: run scripts/build-widget.sh`);
  server = await startServer({
    dir: WIDGET_DIR,
    prefix: '/app/widget/',
    onRequest(req, res) {
      const url = new URL(req.url, 'http://127.0.0.1');
      if (url.pathname === '/collect' && req.method === 'POST') {
        let body = '';
        req.on('data', (c) => { body += c; });
        req.on('end', () => {
          if (collectFails) { res.writeHead(503); res.end(); return; }
          posts.push({ body: JSON.parse(body), key: req.headers['idempotency-key'], type: req.headers['content-type'], cookie: req.headers.cookie });
          res.writeHead(201); res.end();
        });
        return true;
      }
      if (url.pathname === '/favicon.ico') { res.writeHead(204); res.end(); return true; }
      if (url.pathname === '/app/t/hostile.css') { res.writeHead(200, { 'content-type': 'text/css' }); res.end(HOSTILE_CSS); return true; }
      if (pages.has(url.pathname)) { res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }); res.end(pages.get(url.pathname)); return true; }
      if (url.pathname.startsWith('/app/demo/')) {
        const file = path.join(DEMO_DIR, url.pathname.slice('/app/demo/'.length) || 'index.html');
        if (fs.existsSync(file) && fs.statSync(file).isFile()) {
          res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8' });
          res.end(fs.readFileSync(file));
          return true;
        }
      }
      return false;
    },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `url`, records `jornada:response` events in window.__answers. */
async function open(url, options = {}) {
  const page = await newPage(browser, options);
  page.setDefaultTimeout(8000);
  await page.addInitScript(() => {
    window.__answers = [];
    document.addEventListener('jornada:response', (e) => window.__answers.push(e.detail));
  });
  await page.goto(url);
  return page;
}

const answers = (page) => page.evaluate(() => window.__answers);
const checked = (page) => page.locator('[role=radio][aria-checked=true]').getAttribute('data-score');
const noErrors = (page) => assert.deepEqual(page.errors, [], 'console errors / exceptions');

const KINDS = {
  nps: { min: 0, max: 10, en: 'How likely are you to recommend the company to a friend or colleague?', pt: 'Em uma escala de 0 a 10, quanto você recomendaria a empresa a um amigo ou colega?' },
  csat: { min: 1, max: 5, en: 'How satisfied are you with the company?', pt: 'Qual o seu nível de satisfação com a empresa?' },
  ces: { min: 1, max: 7, en: 'The company made it easy for me to handle my issue.', pt: 'A empresa facilitou resolver meu problema.' },
  enps: { min: 0, max: 10, en: 'How likely are you to recommend the company as a place to work?', pt: 'Em uma escala de 0 a 10, quanto você recomendaria a empresa como um lugar para trabalhar?' },
};

for (const [kind, k] of Object.entries(KINDS)) {
  test(`${kind}: answered by mouse, with a comment; the event carries the answer`, async () => {
    const url = hostPage(`mouse-${kind}`, survey({ kind, 'frequency-days': 0 }));
    const page = await open(url);
    await assert.doesNotReject(page.getByText(k.en).waitFor());
    const score = k.max - 1;
    await page.locator(`[role=radio][data-score="${score}"]`).click();
    assert.equal(await checked(page), String(score));
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('textbox', { name: 'What is the main reason for your score?' }).fill('Rápido, "ótimo", sem filas');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Thank you for your answer!').waitFor();
    const [a] = await answers(page);
    assert.equal((await answers(page)).length, 1);
    assert.match(a.response_id, UUID);
    assert.match(a.submitted_at, ISO);
    assert.ok(Math.abs(Date.parse(a.submitted_at) - Date.now()) < 60_000);
    assert.deepEqual({ ...a, response_id: 0, submitted_at: 0 }, {
      response_id: 0, submitted_at: 0, survey_kind: kind, question: k.en, score, scale_min: k.min, scale_max: k.max,
      comment: 'Rápido, "ótimo", sem filas', language: 'en', page: url,
    });
    noErrors(page);
    await page.context().close();
  });

  test(`${kind}: answered by keyboard only (one tab stop, arrows, Enter)`, async () => {
    const page = await open(hostPage(`keys-${kind}`, survey({ kind, lang: 'pt-BR', 'follow-up': 'never', 'frequency-days': 0 })));
    await page.getByText(k.pt).waitFor();
    await page.locator('#before').focus();
    await page.keyboard.press('Tab');
    const focused = () => page.evaluate(() => {
      const inner = document.querySelector('jornada-survey')?.shadowRoot?.activeElement;
      return inner ? (inner.getAttribute('data-score') ?? inner.textContent) : document.activeElement?.id;
    });
    assert.equal(await focused(), String(k.min), 'the group has one tab stop, on the first point');
    assert.equal(await page.locator('[role=radio][tabindex="0"]').count(), 1);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    assert.equal(await checked(page), String(k.min + 3));
    await page.keyboard.press('ArrowLeft');
    assert.equal(await checked(page), String(k.min + 2));
    await page.keyboard.press('End');
    assert.equal(await checked(page), String(k.max));
    await page.keyboard.press('ArrowRight'); // wraps around
    assert.equal(await checked(page), String(k.min));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await checked(page), String(k.max - 1));
    assert.equal(await focused(), String(k.max - 1), 'focus follows the selection');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'Enviar', 'Tab leaves the group for the submit button');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), String(k.max - 1), 'Shift+Tab comes back to the checked point');
    await page.keyboard.press('Enter');
    await page.getByText('Obrigado pela sua resposta!').waitFor();
    const [a] = await answers(page);
    assert.equal(a.score, k.max - 1);
    assert.equal(a.comment, '');
    assert.equal(a.language, 'pt-BR');
    assert.equal(a.question, k.pt);
    noErrors(page);
    await page.context().close();
  });
}

test('offline: the answer is queued in IndexedDB and delivered exactly once when back online', async () => {
  const before = posts.length;
  const url = hostPage('offline', survey({ kind: 'nps', 'follow-up': 'never', 'frequency-days': 0, endpoint: `${server.origin}/collect` }));
  const page = await open(url);
  await page.getByText(KINDS.nps.en).waitFor();
  await page.context().setOffline(true);
  await page.locator('[role=radio][data-score="10"]').click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Offline: your answer is saved and will be sent when the connection is back.').waitFor();
  const [a] = await answers(page);
  const queued = await page.evaluate(() => new Promise((ok, fail) => {
    const open = indexedDB.open('jornada-widget');
    open.onsuccess = () => {
      const get = open.result.transaction('outbox').objectStore('outbox').getAll();
      get.onsuccess = () => ok(get.result.map((r) => r.response_id));
      get.onerror = fail;
    };
  }));
  assert.deepEqual(queued, [a.response_id]);
  assert.equal(posts.length, before, 'nothing reached the endpoint while offline');
  await page.context().setOffline(false);
  const deadline = Date.now() + 15_000;
  while (!posts.some((p) => p.body.response_id === a.response_id) && Date.now() < deadline) await page.waitForTimeout(100);
  // Give any duplicate a chance to arrive: retries, the online event and a reload all run.
  await page.waitForTimeout(2500);
  await page.reload();
  await page.waitForTimeout(1500);
  const delivered = posts.filter((p) => p.body.response_id === a.response_id);
  assert.equal(delivered.length, 1, 'delivered exactly once');
  assert.deepEqual(delivered[0].body, a, 'the POST body is the event payload');
  assert.equal(delivered[0].key, a.response_id, 'Idempotency-Key header');
  assert.equal(delivered[0].type, 'application/json');
  assert.equal(delivered[0].cookie, undefined, 'no cookies are sent');
  noErrors({ errors: page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e)) });
  await page.context().close();
});

test('a failing endpoint is retried until it accepts, still exactly once', async () => {
  collectFails = true;
  const page = await open(hostPage('failing', survey({ kind: 'ces', 'follow-up': 'never', 'frequency-days': 0, endpoint: `${server.origin}/collect` })));
  await page.getByText(KINDS.ces.en).waitFor();
  await page.locator('[role=radio][data-score="6"]').click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Offline: your answer is saved').waitFor();
  const [a] = await answers(page);
  collectFails = false;
  const deadline = Date.now() + 20_000; // first retry after 2 s, then 4 s
  while (!posts.some((p) => p.body.response_id === a.response_id) && Date.now() < deadline) await page.waitForTimeout(200);
  await page.waitForTimeout(5000);
  assert.equal(posts.filter((p) => p.body.response_id === a.response_id).length, 1);
  await page.context().close();
});

test('endpoints other than https or localhost are refused, with the reason shown', async () => {
  const page = await open(hostPage('refused', survey({ kind: 'nps', endpoint: 'http://example.com/collect' })));
  await page.getByText('Invalid survey configuration').waitFor();
  await page.getByText('answers may only be sent to https:// URLs or to http://localhost / http://127.0.0.1').waitFor();
  assert.equal(await page.locator('[role=radio]').count(), 0);
  assert.deepEqual(foreignRequests(page, server.origin), []);
  await page.context().close();
});

test('configured texts are rendered as text: <img onerror> shows literally', async () => {
  const evil = '<img src=x onerror="window.__pwned=1">Quanto?';
  const page = await open(hostPage('xss', survey({ kind: 'csat', question: evil, 'low-label': '<b>baixo</b>', 'frequency-days': 0 })));
  await page.getByText(evil).waitFor();
  assert.equal(await page.locator('#jw-q').textContent(), evil);
  assert.equal(await page.getByText('<b>baixo</b>').count(), 1);
  assert.equal(await page.evaluate(() => document.querySelector('jornada-survey').shadowRoot.querySelectorAll('img,b').length), 0);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.context().close();
});

/** Computed styles of the host page's own elements. */
const hostStyles = (page) => page.evaluate(() => ['h1', '#para', '#after', 'body', 'main', '#before'].map((sel) => {
  const s = getComputedStyle(document.querySelector(sel));
  return [sel, s.color, s.fontFamily, s.fontSize, s.lineHeight, s.margin, s.letterSpacing, s.display, s.backgroundColor].join('|');
}));

test('the host page\'s styles are unchanged and hostile host CSS does not reach the widget', async () => {
  const attrs = { kind: 'nps', 'frequency-days': 0 };
  const bare = await open(hostPage('styles-bare', '<div></div>', { element: false }));
  const expected = await hostStyles(bare);
  await bare.context().close();
  const page = await open(hostPage('styles', survey(attrs)));
  await page.getByText(KINDS.nps.en).waitFor();
  assert.deepEqual(await hostStyles(page), expected, 'host elements compute the same styles with the widget');
  assert.equal(await page.evaluate(() => document.querySelectorAll('style').length), 0, 'no <style> added to the host');
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0, 'no stylesheet adopted by the host document');
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('[style]')].length), 0, 'no style attribute written');
  // Inside, the hostile `* { color: red }` on the custom element does not leak into the widget.
  const inner = await page.evaluate(() => {
    const q = document.querySelector('jornada-survey').shadowRoot.querySelector('#jw-q');
    const s = getComputedStyle(q);
    return { color: s.color, letterSpacing: s.letterSpacing, fontFamily: s.fontFamily };
  });
  assert.notEqual(inner.color, 'rgb(255, 0, 0)');
  assert.equal(inner.letterSpacing, 'normal');
  assert.ok(!/serif$/.test(inner.fontFamily) || /sans-serif/.test(inner.fontFamily), inner.fontFamily);
  noErrors(page);
  await page.context().close();
});

test('iframe mode: strict host CSP without wasm-unsafe-eval, postMessage with origin check, auto-resize', async () => {
  const src = `/app/widget/survey.html#kind=csat&csat-style=faces&lang=pt-BR&follow-up=never&frequency-days=0&origin=${encodeURIComponent(server.origin)}&page=%2Floja`;
  const url = hostPage('frame', `<iframe data-jornada-survey src="${src}" title="Pesquisa de satisfação" width="100%" height="50"></iframe><script src="/app/widget/jornada-frame.js"></script>`, { csp: NO_WASM_CSP, element: false, lang: 'pt-BR' });
  const page = await open(url);
  await page.evaluate(() => {
    window.__frameAnswers = [];
    document.querySelector('iframe').addEventListener('jornada:response', (e) => window.__frameAnswers.push(e.detail));
  });
  const frame = page.frameLocator('iframe');
  await frame.getByText('Qual o seu nível de satisfação com a empresa?').waitFor();
  await page.waitForFunction(() => document.querySelector('iframe').getBoundingClientRect().height > 150);
  const height = await page.evaluate(() => document.querySelector('iframe').clientHeight); // inside the host's border
  const inner = await frame.locator('#jornada').evaluate((e) => e.offsetHeight);
  assert.ok(Math.abs(height - inner) <= 2, `iframe ${height}px fits content ${inner}px`);
  await frame.getByRole('radio', { name: '4 – Satisfeito' }).click();
  await frame.getByRole('button', { name: 'Enviar' }).click();
  await frame.getByText('Obrigado pela sua resposta!').waitFor();
  await page.waitForFunction(() => window.__frameAnswers.length === 1);
  const [a] = await page.evaluate(() => window.__frameAnswers);
  assert.equal(a.survey_kind, 'csat');
  assert.equal(a.score, 4);
  assert.equal(a.page, '/loja');
  assert.equal(a.language, 'pt-BR');
  // A message from another window (not the iframe's parent) is ignored by the survey.
  noErrors(page);
  await page.context().close();
});

test('iframe mode: messages to a wrong origin are not delivered', async () => {
  const src = `/app/widget/survey.html#kind=nps&lang=en&follow-up=never&frequency-days=0&origin=${encodeURIComponent('https://other.example')}`;
  const page = await open(hostPage('frame-wrong-origin', `<iframe data-jornada-survey src="${src}" title="Survey" width="100%" height="300"></iframe><script src="/app/widget/jornada-frame.js"></script>`, { csp: NO_WASM_CSP, element: false }));
  await page.evaluate(() => {
    window.__frameAnswers = [];
    window.addEventListener('message', (e) => window.__frameAnswers.push(e.data));
  });
  const frame = page.frameLocator('iframe');
  await frame.getByRole('radio', { name: '8' }).click();
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByText('Thank you for your answer!').waitFor();
  await page.waitForTimeout(500);
  assert.deepEqual(await page.evaluate(() => window.__frameAnswers), [], 'the parent is not https://other.example: nothing is posted to it');
  await page.context().close();
});

test('triggers: after N seconds, at N% scroll, on exit intent, and show() from the host; popover and slide-in', async () => {
  const tall = '<div id="spacer"></div>';
  const page = await open(hostPage('triggers', `${tall}
    ${survey({ id: 'later', kind: 'nps', trigger: 'after:1', placement: 'slide-in', 'frequency-days': 0, 'survey-id': 'later' })}
    ${survey({ id: 'scroll', kind: 'csat', trigger: 'scroll:60', 'frequency-days': 0, 'survey-id': 'scroll' })}
    ${survey({ id: 'exit', kind: 'ces', trigger: 'exit', placement: 'popover', 'frequency-days': 0, 'survey-id': 'exit' })}
    ${survey({ id: 'manual', kind: 'enps', trigger: 'manual', 'frequency-days': 0, 'survey-id': 'manual' })}`), { viewport: { width: 800, height: 600 } });
  const shown = (id) => page.evaluate((id) => document.getElementById(id).shadowRoot?.querySelector('[role=radiogroup]') != null, id);
  await page.waitForTimeout(200);
  assert.deepEqual([await shown('later'), await shown('scroll'), await shown('exit'), await shown('manual')], [false, false, false, false]);
  await page.waitForFunction(() => document.getElementById('later').shadowRoot?.querySelector('[role=radiogroup]'), null, { timeout: 3000 });
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('later').shadowRoot.querySelector('.panel')).position), 'fixed');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.7));
  await page.waitForFunction(() => document.getElementById('scroll').shadowRoot?.querySelector('[role=radiogroup]'));
  await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseout', { clientY: -2, bubbles: true })));
  await page.waitForFunction(() => document.getElementById('exit').shadowRoot?.querySelector('[role=dialog]'));
  assert.equal(await page.evaluate(() => document.getElementById('exit').shadowRoot.activeElement?.getAttribute('role')), 'radio', 'the popover takes focus');
  await page.keyboard.press('Escape');
  assert.equal(await shown('exit'), false, 'Escape closes the popover');
  assert.equal(await shown('manual'), false);
  await page.evaluate(() => document.getElementById('manual').show());
  await page.waitForFunction(() => document.getElementById('manual').shadowRoot?.querySelector('[role=radiogroup]'));
  noErrors(page);
  await page.context().close();
});

test('frequency cap: once answered, the survey stays hidden for N days (localStorage, no cookies)', async () => {
  const page = await open(hostPage('cap', survey({ kind: 'nps', 'follow-up': 'never', 'frequency-days': 30, 'survey-id': 'checkout' })));
  await page.locator('[role=radio][data-score="7"]').click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Thank you for your answer!').waitFor();
  const stamp = Number(await page.evaluate(() => localStorage.getItem('jornada:last:checkout')));
  assert.ok(Math.abs(stamp - Date.now()) < 60_000);
  assert.equal(await page.evaluate(() => document.cookie), '');
  await page.reload();
  await page.waitForTimeout(800);
  assert.equal(await page.locator('[role=radiogroup]').count(), 0, 'hidden within the cap');
  await page.evaluate(() => localStorage.setItem('jornada:last:checkout', String(Date.now() - 31 * 86400000)));
  await page.reload();
  await page.locator('[role=radiogroup]').waitFor();
  assert.deepEqual((await page.context().cookies()), []);
  await page.context().close();
});

test('kiosk mode keeps answers locally and downloads them as the answer CSV', async () => {
  const page = await open(hostPage('kiosk', survey({ kind: 'nps', collect: 'local', 'follow-up': 'always' })), { acceptDownloads: true });
  for (const [score, comment] of [[9, 'Ótimo, rápido'], [3, '=HYPERLINK("x")']]) {
    await page.locator(`[role=radio][data-score="${score}"]`).click();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('textbox').fill(comment);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Thank you for your answer!').waitFor();
    await page.getByRole('button', { name: 'New answer' }).click();
  }
  await page.getByText('2 answers stored in this browser').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download answers (CSV)' }).click()]);
  assert.match(download.suggestedFilename(), /^jornada-respostas-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  const [a1, a2] = await answers(page);
  const lines = csv.split('\r\n');
  assert.equal(lines[0], '\ufeffresponse_id,submitted_at,survey_kind,question,score,scale_min,scale_max,comment,language,page');
  const rows = lines.slice(1, 3).sort((x, y) => (x.includes(',9,0,10,') ? -1 : 1));
  assert.equal(rows[0], `${a1.response_id},${a1.submitted_at},nps,How likely are you to recommend the company to a friend or colleague?,9,0,10,"Ótimo, rápido",en,${a1.page}`);
  assert.equal(rows[1], `${a2.response_id},${a2.submitted_at},nps,How likely are you to recommend the company to a friend or colleague?,3,0,10,"'=HYPERLINK(""x"")",en,${a2.page}`);
  assert.equal(lines[3], '');
  assert.equal(lines.length, 4);
  fs.mkdirSync(path.join(ROOT, 'tests/e2e/out'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'tests/e2e/out/widget-kiosk.csv'), csv);
  await page.context().close();
});

test('works at 320 px, honours reduced motion, comment length is bounded', async () => {
  const page = await open(hostPage('narrow', survey({ kind: 'nps', placement: 'slide-in', 'frequency-days': 0, 'comment-max': 20 }), { hostile: false }), { viewport: { width: 320, height: 640 } });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.locator('[role=radiogroup]').waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), 'no horizontal scroll');
  const box = await page.locator('[role=radio][data-score="10"]').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 320 && box.width >= 24 && box.height >= 44, JSON.stringify(box));
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('jornada-survey').shadowRoot.querySelector('.panel')).animationName), 'none');
  await screenshot(page, 'widget-nps-320px');
  await page.locator('[role=radio][data-score="5"]').click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('textbox').fill('x'.repeat(50));
  assert.equal((await page.getByRole('textbox').inputValue()).length, 20);
  await page.getByText('20 of 20 characters').waitFor();
  await page.getByRole('button', { name: 'Submit' }).click();
  const [a] = await answers(page);
  assert.equal(a.comment, 'x'.repeat(20));
  await page.context().close();
});

const VARIANTS = [
  ['nps', {}], ['enps', {}], ['ces', {}],
  ['csat', { 'csat-style': 'numbers' }], ['csat', { 'csat-style': 'stars' }], ['csat', { 'csat-style': 'faces' }],
];

test('axe: 0 violations on every kind and step, light and dark', async () => {
  for (const scheme of ['light', 'dark']) {
    for (const [kind, extra] of VARIANTS) {
      const page = await open(hostPage(`axe-${kind}-${extra['csat-style'] ?? ''}`, survey({ kind, 'frequency-days': 0, ...extra }), { hostile: false }));
      await page.emulateMedia({ colorScheme: scheme });
      await page.locator('[role=radiogroup]').waitFor();
      const check = async (step) => {
        const result = await new AxeBuilder({ page }).include('jornada-survey').analyze();
        assert.deepEqual(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `${kind} ${scheme} ${step}`);
      };
      await check('question');
      await page.locator('[role=radio]').nth(2).click();
      await check('question, checked');
      await page.getByRole('button', { name: 'Submit' }).click();
      await check('follow-up');
      await page.getByRole('button', { name: 'Submit' }).click();
      await check('thanks');
      await page.context().close();
    }
  }
});

/** The relative luminance (WCAG) of a computed `rgb(...)` colour. */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test('each kind in pt-BR and en, light and dark: its question in the language, its scale, the pick shown, the scheme followed (screenshots kept)', async () => {
  const panelLuminance = new Map(); // variant + lang -> { light, dark }
  for (const scheme of ['light', 'dark']) {
    for (const lang of ['pt-BR', 'en']) {
      for (const [kind, extra] of VARIANTS) {
        const name = `widget-${kind}${extra['csat-style'] ? `-${extra['csat-style']}` : ''}-${lang}-${scheme}`;
        const page = await open(hostPage(name, survey({ kind, lang, 'frequency-days': 0, ...extra }), { hostile: false }), { viewport: { width: 720, height: 330 }, colorScheme: scheme });
        await page.locator('[role=radiogroup]').waitFor();
        const k = KINDS[kind];
        await page.getByText(lang === 'en' ? k.en : k.pt).waitFor();
        assert.equal(await page.locator('[role=radio]').count(), k.max - k.min + 1, name);
        await page.locator('[role=radio]').nth(3).click();
        await page.locator('[role=radio]').nth(3).blur();
        assert.equal(await checked(page), String(k.min + 3), name);
        const seen = await page.evaluate(() => {
          const panel = document.querySelector('jornada-survey').shadowRoot.querySelector('.panel');
          const box = panel.getBoundingClientRect();
          return { bg: getComputedStyle(panel).backgroundColor, left: box.left, right: box.right, scroll: document.documentElement.scrollWidth };
        });
        assert.ok(seen.left >= 0 && seen.right <= 720 && seen.scroll <= 720, `${name} fits 720 px: ${JSON.stringify(seen)}`);
        const key = `${name.replace(/-(light|dark)$/, '')}`;
        panelLuminance.set(key, { ...panelLuminance.get(key), [scheme]: luminance(seen.bg) });
        await screenshot(page, name);
        noErrors(page);
        await page.context().close();
      }
    }
  }
  for (const [variant, { light, dark }] of panelLuminance) {
    assert.ok(light > dark + 0.3, `${variant}: the panel follows the colour scheme (luminance light ${light.toFixed(2)}, dark ${dark.toFixed(2)})`);
  }
});

test('demo page: both modes work on a hostile page with a strict CSP', async () => {
  const page = await open(`${server.origin}/app/demo/index.html`, { viewport: { width: 1000, height: 1400 } });
  await page.locator('#nps').getByText('Em uma escala de 0 a 10, quanto você recomendaria a Loja Azul a um amigo ou colega?').waitFor();
  await page.locator('#csat').getByText('How satisfied are you with the company?').waitFor();
  const frame = page.frameLocator('#frame');
  await frame.getByText('A empresa facilitou resolver meu problema.').waitFor();
  await page.locator('#csat [role=radio][data-score="5"]').click();
  await page.locator('#csat').getByRole('button', { name: 'Submit' }).click();
  await page.locator('#csat').getByRole('textbox').fill('Great');
  await page.locator('#csat').getByRole('button', { name: 'Submit' }).click();
  await frame.getByRole('radio', { name: '6 – Concordo' }).click();
  await frame.getByRole('button', { name: 'Enviar' }).click();
  await page.waitForFunction(() => document.getElementById('log').textContent.includes('"survey_kind": "ces"'));
  const log = JSON.parse(await page.locator('#log').textContent());
  assert.deepEqual(log.map((a) => [a.survey_kind, a.score]).sort(), [['ces', 6], ['csat', 5]]);
  await page.locator('#show').click();
  await page.locator('#manual [role=radiogroup]').waitFor();
  // The accent set by attribute reaches the widget; the hostile `color: red` does not.
  const colours = await page.evaluate(() => {
    const q = document.getElementById('csat').shadowRoot.querySelector('.q');
    return getComputedStyle(q).color;
  });
  assert.notEqual(colours, 'rgb(255, 0, 0)');
  await screenshot(page, 'widget-demo-hostile-page');
  noErrors(page);
  await page.context().close();
});

test('builder page: live preview is the real widget, snippets follow the choices', async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), `no app build in ${DIST}: run scripts/build.sh`);
  const app = await startServer({ dir: DIST, prefix: '/app/' });
  try {
    const page = await newPage(browser, { viewport: { width: 1280, height: 1100 } });
    page.setDefaultTimeout(15000);
    await page.goto(`${app.url}survey`);
    const preview = page.locator('.preview jornada-survey');
    await preview.locator('[role=radiogroup]').waitFor();
    await page.locator('.builder-form').getByLabel(/^(Tipo|Kind)/).selectOption('csat');
    await page.locator('.builder-form').getByLabel(/^(Estilo da CSAT|CSAT style)/).selectOption('stars');
    await page.locator('.builder-form').getByLabel(/^(Idioma|Language)/).selectOption('en');
    await page.locator('.builder-form').getByLabel(/^(Pergunta \(vazio|Question \(empty)/).fill('<b>How was your order?</b>');
    await page.locator('.preview jornada-survey').getByText('<b>How was your order?</b>').waitFor();
    assert.equal(await page.locator('.preview jornada-survey [role=radio]').count(), 5);
    await page.locator('.builder-form').getByLabel(/^(Posição|Placement)/).selectOption('slide-in');
    const snippet = await page.locator('.builder-preview pre').textContent();
    assert.match(snippet, /<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/app\/widget\/jornada-survey\.js"><\/script>/);
    assert.ok(snippet.includes('<jornada-survey kind="csat" lang="en" csat-style="stars" question="&lt;b&gt;How was your order?&lt;/b&gt;" placement="slide-in"></jornada-survey>'), snippet);
    await page.getByRole('button', { name: 'iframe' }).click();
    const frame = page.frameLocator('.preview iframe');
    await frame.getByText('<b>How was your order?</b>').waitFor();
    const frameSnippet = await page.locator('.builder-preview pre').textContent();
    assert.ok(frameSnippet.includes('survey.html#kind=csat&amp;lang=en&amp;csat-style=stars&amp;question=%3Cb%3EHow%20was%20your%20order%3F%3C%2Fb%3E'), frameSnippet);
    await page.getByRole('button', { name: /^(Elemento|Element)$/ }).click();
    await page.locator('.builder-form').getByLabel(/^(Posição|Placement)/).selectOption('inline');
    await page.locator('.preview jornada-survey [role=radio]').first().waitFor();
    await screenshot(page, 'widget-builder');
    assert.deepEqual(foreignRequests(page, app.origin), []);
    noErrors(page);
    await page.context().close();
  } finally {
    await app.close();
  }
});

/** Storage as an iframe with third-party storage denied sees it: IndexedDB and localStorage throw. */
function denyStorage() {
  const denied = () => { throw new DOMException('Access to storage is not allowed from this context.', 'SecurityError'); };
  IDBFactory.prototype.open = denied;
  IDBFactory.prototype.deleteDatabase = denied;
  Object.defineProperty(window, 'localStorage', { get: denied });
}

test('storage denied (element): the answer is sent directly, exactly once, and no error is raised', async () => {
  const before = posts.length;
  const page = await newPage(browser);
  page.setDefaultTimeout(8000);
  await page.addInitScript(denyStorage);
  await page.addInitScript(() => {
    window.__answers = [];
    window.__errors = [];
    document.addEventListener('jornada:response', (e) => window.__answers.push(e.detail));
    document.addEventListener('jornada:error', (e) => window.__errors.push(e.detail));
  });
  await page.goto(hostPage('denied', survey({ kind: 'nps', 'follow-up': 'never', 'frequency-days': 0, endpoint: `${server.origin}/collect` })));
  await page.locator('[role=radio][data-score="8"]').click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Thank you for your answer!').waitFor();
  const [a] = await answers(page);
  const deadline = Date.now() + 10_000;
  while (!posts.some((p) => p.body.response_id === a.response_id) && Date.now() < deadline) await page.waitForTimeout(100);
  await page.waitForTimeout(3000);
  assert.equal(posts.filter((p) => p.body.response_id === a.response_id).length, 1, 'delivered exactly once');
  assert.equal(posts.length, before + 1);
  assert.deepEqual(await page.evaluate(() => window.__errors), []);
  await page.context().close();
});

/**
 * In the host `page` holding one survey iframe, with the endpoint down (`collectFails`): answers
 * `score`, expects the host to hear `jornada:error` ('not-kept', with the answer as CSV), brings
 * the endpoint up and expects the answer delivered exactly once, unchanged, within `waitMs`.
 */
async function answerInFrameWhileEndpointDown(page, score, waitMs) {
  await page.evaluate(() => {
    window.__frameAnswers = [];
    window.__frameErrors = [];
    const frame = document.querySelector('iframe');
    frame.addEventListener('jornada:response', (e) => window.__frameAnswers.push(e.detail));
    frame.addEventListener('jornada:error', (e) => window.__frameErrors.push(e.detail));
  });
  const frame = page.frameLocator('iframe');
  await frame.locator(`[role=radio][data-score="${score}"]`).click();
  await frame.getByRole('button', { name: 'Submit' }).click();
  await frame.getByText('Thank you for your answer!').waitFor();
  await page.waitForFunction(() => window.__frameAnswers.length === 1 && window.__frameErrors.length === 1);
  const [a] = await page.evaluate(() => window.__frameAnswers);
  const [err] = await page.evaluate(() => window.__frameErrors);
  assert.equal(err.reason, 'not-kept');
  assert.equal(err.answer.response_id, a.response_id);
  assert.ok(err.csv.startsWith('response_id,submitted_at,') && err.csv.includes(a.response_id), err.csv);
  collectFails = false;
  const deadline = Date.now() + waitMs;
  while (!posts.some((p) => p.body.response_id === a.response_id) && Date.now() < deadline) await page.waitForTimeout(200);
  await page.waitForTimeout(5000);
  const delivered = posts.filter((p) => p.body.response_id === a.response_id);
  assert.equal(delivered.length, 1, 'delivered exactly once');
  assert.deepEqual(delivered[0].body, a);
}

test('storage denied in iframe mode, endpoint down: the host hears jornada:error, then the answer arrives exactly once', { timeout: 60_000 }, async () => {
  collectFails = true;
  try {
    const src = `/app/widget/survey.html#kind=nps&lang=en&follow-up=never&frequency-days=0&origin=${encodeURIComponent(server.origin)}&endpoint=${encodeURIComponent(`${server.origin}/collect`)}`;
    const url = hostPage('frame-denied', `<iframe data-jornada-survey src="${src}" title="Survey" width="100%" height="300"></iframe><script src="/app/widget/jornada-frame.js"></script>`, { csp: NO_WASM_CSP, element: false });
    const page = await newPage(browser);
    page.setDefaultTimeout(10_000);
    await page.addInitScript(denyStorage);
    await page.goto(url);
    await answerInFrameWhileEndpointDown(page, 3, 20_000); // retried from memory: 2 s, then 4 s
    await page.context().close();
  } finally {
    collectFails = false;
  }
});

test('a cross-site iframe in a browser denying third-party storage (partitioning off): jornada:error while the endpoint is down, then the answer arrives exactly once', { timeout: 90_000 }, async () => {
  // Not simulated: the host page is on localhost, the survey frame on 127.0.0.1 (another site),
  // and Chromium, with storage partitioning off, refuses the frame its localStorage and IndexedDB.
  const denying = await launchBrowser(['--disable-features=ThirdPartyStoragePartitioning']);
  collectFails = true;
  try {
    const hostOrigin = server.origin.replace('127.0.0.1', 'localhost');
    const src = `${server.origin}/app/widget/survey.html#kind=nps&lang=en&follow-up=never&frequency-days=0&origin=${encodeURIComponent(hostOrigin)}&endpoint=${encodeURIComponent(`${server.origin}/collect`)}`;
    const csp = NO_WASM_CSP.replace("frame-src 'self'", `frame-src ${server.origin}`);
    const url = hostPage('cross-site', `<iframe data-jornada-survey src="${src}" title="Survey" width="100%" height="300"></iframe><script src="/app/widget/jornada-frame.js"></script>`, { csp, element: false })
      .replace(server.origin, hostOrigin);
    const page = await newPage(denying);
    page.setDefaultTimeout(15_000);
    await page.goto(url);
    await page.frameLocator('iframe').locator('[role=radio]').first().waitFor();
    const inFrame = page.frames().find((f) => f.url().startsWith(server.origin));
    const storage = await inFrame.evaluate(async () => {
      let local;
      try { localStorage.length; local = 'ok'; } catch (e) { local = e.name; }
      const idb = await new Promise((resolve) => {
        try {
          const r = indexedDB.open('probe');
          r.onsuccess = () => { r.result.close(); resolve('ok'); };
          r.onerror = () => resolve('denied');
        } catch (e) { resolve(e.name); }
      });
      return { local, idb };
    });
    assert.notEqual(storage.local, 'ok', 'the frame was given localStorage: the browser does not deny it');
    assert.notEqual(storage.idb, 'ok', 'the frame was given IndexedDB: the browser does not deny it');
    await answerInFrameWhileEndpointDown(page, 7, 30_000);
    assert.deepEqual(page.errors.filter((e) => !/storage|IndexedDB|denied|SecurityError|503/i.test(e)), []);
    await page.context().close();
  } finally {
    collectFails = false;
    await denying.close();
  }
});

test('a queued answer older than 30 days is not retried: kept for the CSV download, and the host hears jornada:error', { timeout: 60_000 }, async () => {
  collectFails = true;
  try {
    const url = hostPage('expiry', survey({ kind: 'nps', 'follow-up': 'never', 'frequency-days': 0, endpoint: `${server.origin}/collect` }));
    const first = await newPage(browser);
    first.setDefaultTimeout(10_000);
    const ctx = first.context();
    await first.addInitScript(() => {
      window.__answers = [];
      document.addEventListener('jornada:response', (e) => window.__answers.push(e.detail));
    });
    await first.goto(url);
    await first.locator('[role=radio][data-score="6"]').click();
    await first.getByRole('button', { name: 'Submit' }).click();
    await first.getByText('Thank you for your answer!').waitFor();
    const [a] = await answers(first);
    // The endpoint is down: the answer waits in the outbox.
    const outbox = () => new Promise((resolve, reject) => {
      const open = indexedDB.open('jornada-widget');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const names = [...db.objectStoreNames];
        const out = {};
        if (names.length === 0) { db.close(); resolve(out); return; }
        const tx = db.transaction(names, 'readonly');
        for (const n of names) tx.objectStore(n).getAll().onsuccess = (e) => { out[n] = e.target.result; };
        tx.oncomplete = () => { db.close(); resolve(out); };
      };
    });
    await first.waitForFunction(async (id) => {
      const all = await new Promise((resolve) => {
        const open = indexedDB.open('jornada-widget');
        open.onsuccess = () => {
          const tx = open.result.transaction(['outbox'], 'readonly');
          tx.objectStore('outbox').getAll().onsuccess = (e) => resolve(e.target.result);
        };
      });
      return all.some((r) => r.response_id === id);
    }, a.response_id);
    await first.close();
    // A visit 31 days later, with the endpoint back: the answer has expired.
    collectFails = false;
    const later = await ctx.newPage();
    later.setDefaultTimeout(10_000);
    await later.addInitScript(() => {
      const shift = 31 * 86_400_000;
      const now = Date.now.bind(Date);
      Date.now = () => now() + shift;
      window.__errors = [];
      document.addEventListener('jornada:error', (e) => window.__errors.push(e.detail));
    });
    await later.goto(url);
    await later.waitForFunction(() => window.__errors.length === 1);
    const [err] = await later.evaluate(() => window.__errors);
    assert.equal(err.reason, 'expired');
    assert.equal(err.answer.response_id, a.response_id);
    await later.waitForTimeout(3000);
    assert.equal(posts.filter((p) => p.body.response_id === a.response_id).length, 0, 'an expired answer is not sent');
    const stores = await later.evaluate(outbox);
    assert.ok(!stores.outbox.some((r) => r.response_id === a.response_id), 'no longer queued');
    assert.ok(stores.local.some((r) => r.response_id === a.response_id), 'kept for the CSV download');
    await ctx.close();
  } finally {
    collectFails = false;
  }
});

test('kiosk: each survey downloads its own answers; `;` is quoted and hidden formula signs neutralised', async () => {
  const urlA = hostPage('kiosk-a', survey({ kind: 'nps', collect: 'local', 'follow-up': 'always', 'survey-id': 'loja-a' }));
  const urlB = hostPage('kiosk-b', survey({ kind: 'nps', collect: 'local', 'follow-up': 'always', 'survey-id': 'loja-b' }));
  const page = await open(urlB, { acceptDownloads: true });
  await page.locator('[role=radio][data-score="2"]').click();
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByRole('textbox').fill('da outra loja');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.getByText('Thank you for your answer!').waitFor();
  await page.goto(urlA);
  for (const comment of ['bom; ruim', '\u200b=1+1', '＝1+1']) {
    await page.locator('[role=radio][data-score="9"]').click();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('textbox').fill(comment);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Thank you for your answer!').waitFor();
    await page.getByRole('button', { name: 'New answer' }).click();
  }
  await page.getByText('3 answers stored in this browser').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download answers (CSV)' }).click()]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  assert.ok(!csv.includes('da outra loja'), csv);
  assert.ok(csv.includes(',"bom; ruim",'), csv);
  assert.ok(csv.includes(",'\u200b=1+1,"), csv);
  assert.ok(csv.includes(",'＝1+1,"), csv);
  await page.context().close();
});

test('builder preview never stores or sends, whatever endpoint or kiosk mode it is given', { timeout: 60_000 }, async () => {
  assert.ok(fs.existsSync(path.join(DIST, 'index.html')), `no app build in ${DIST}: run scripts/build.sh`);
  let collected = 0;
  const app = await startServer({
    dir: DIST,
    prefix: '/app/',
    onRequest(req, res) {
      if (new URL(req.url, 'http://127.0.0.1').pathname === '/collect') {
        collected++;
        res.writeHead(201, { 'access-control-allow-origin': '*' });
        res.end();
        return true;
      }
      return false;
    },
  });
  try {
    const page = await newPage(browser, { viewport: { width: 1280, height: 1100 }, locale: 'en' });
    page.setDefaultTimeout(15000);
    await page.goto(`${app.url}survey`);
    await page.locator('.preview jornada-survey [role=radiogroup]').waitFor();
    await page.locator('.builder-form').getByLabel(/^(Enviar respostas|Send answers)/).fill(`${app.origin}/collect`);
    // Follow-up "always" (the builder's default): score, then skip the comment, then thanks.
    const answer = async (root) => {
      await root.locator('[role=radio]').nth(3).click();
      await root.getByRole('button', { name: /^(Enviar|Submit)$/ }).click();
      await root.getByRole('button', { name: /^(Pular|Skip)$/ }).click();
      await root.getByText(/^(Obrigado pela sua resposta!|Thank you for your answer!)$/).waitFor();
    };
    await answer(page.locator('.preview jornada-survey'));
    await page.getByRole('button', { name: 'iframe' }).click();
    await answer(page.frameLocator('.preview iframe'));
    await page.waitForTimeout(3000);
    assert.equal(collected, 0, 'the preview POSTed an answer');
    assert.deepEqual(page.requests.filter((u) => u.includes('/collect')), []);
    const kept = await page.evaluate(async () => ({
      dbs: (await indexedDB.databases()).map((d) => d.name),
      local: Object.keys(localStorage).filter((k) => k.startsWith('jornada:')),
    }));
    assert.deepEqual(kept, { dbs: [], local: [] });
    await page.context().close();
  } finally {
    await app.close();
  }
});
