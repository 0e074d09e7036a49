// The performance harness of issue 16: Jornada against DuckDB-WASM and Papa Parse on the same
// orders workload, in one headless-Chromium session, plus the same workload natively.
// A benchmark, not a test: it prints figures and met / not met, and never fails on a time.
//
//   node bench/perf/run.mjs [--sizes 10k,100k,1m,10m,1gb,sample-1m] [--runs 3]
//                           [--contenders native,worker,app,app-warm,duckdb,papa] [--big-runs N]
//   node bench/perf/run.mjs --table      # the table of the last report.json (even a partial one)
//
// Data is generated into target/bench/data (kept between runs); the report goes to
// target/bench/report.json. Needs the release build in dist/ (scripts/build.sh) and the
// release CLI and the generator (built here; cargo skips them when fresh).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { compare, fromJornadaReport } from './workload.mjs';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.resolve(HERE, '../..');
// JORNADA_DIST: another build's dist/ (an A/B of two builds in the same session).
const DIST = process.env.JORNADA_DIST ? path.resolve(process.env.JORNADA_DIST) : path.join(ROOT, 'dist');
const TARGET = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
const OUT = path.join(ROOT, 'target/bench');
const DATA = path.join(OUT, 'data');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SIZES = arg('sizes', '10k,100k,1m,10m,1gb,sample-1m').split(',');
const RUNS = Number(arg('runs', '3'));
// The 10M, 1 GB and multi-table cases take minutes a run: `--big-runs` lowers their count.
const BIG_RUNS = Number(arg('big-runs', String(RUNS)));
const BIG = new Set(['10m', '1gb', 'sample-1m']);
// `app` drops the files as soon as the app is mounted (a cold drop: the engine worker is still
// starting); `app-warm` first waits for `<html data-engine-warm>` (the app starts the engine in
// idle time after the first paint, and the engine then warms up on a small sample), as a user
// who drops a file a moment after opening it. `worker` starts its clock once the worker is warm
// too (`warm_up`: from its start to its `warm`, in the notes).
const CONTENDERS = arg('contenders', 'native,worker,app,app-warm,duckdb,papa').split(',');
const TIMEOUT = 30 * 60_000;

// ---------------------------------------------------------------- setup: tools, build, data
function sh(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30, ...opts });
}

function ensureDeps() {
  // Only DuckDB-WASM and Papa Parse come from bench/perf/node_modules.
  if (!CONTENDERS.some((c) => ['duckdb', 'papa'].includes(c))) return;
  if (!fs.existsSync(path.join(HERE, 'node_modules/@duckdb/duckdb-wasm'))) {
    console.log('installing the bench dependencies (bench/perf/package-lock.json)...');
    sh('npm', ['ci', '--no-audit', '--no-fund'], { cwd: HERE, stdio: 'inherit' });
  }
}

function ensureTools() {
  // Chromium and the build's tools, installed when missing (idempotent: about a second when all
  // is there), so that the harness runs on a fresh clone.
  const browser = CONTENDERS.some((c) => c !== 'native');
  sh('bash', ['scripts/setup.sh', browser ? 'test' : 'app'], { stdio: 'inherit' });
}

function ensureBuilds() {
  // The CLI and the generator are always built: cargo does nothing when they are fresh, and a
  // stale CLI would compare this engine's worker with an older native engine.
  sh('cargo', ['build', '--release', '--locked', '-p', 'jornada-cli', '--bin', 'jornada'], { stdio: 'inherit' });
  sh('cargo', ['build', '--release', '--locked', '-p', 'jornada-engine', '--example', 'bench_orders'], { stdio: 'inherit' });
  const needsApp = CONTENDERS.some((c) => ['worker', 'app', 'app-warm'].includes(c));
  if (needsApp && !fs.existsSync(path.join(DIST, 'jornada-worker_loader.js'))) {
    console.log('dist/ has no release build: running scripts/build.sh...');
    sh('bash', ['scripts/build.sh'], { stdio: 'inherit' });
  }
}

const CASES = {
  '10k': { rows: '10k' }, '100k': { rows: '100k' }, '1m': { rows: '1m' }, '10m': { rows: '10m' },
  '1gb': { rows: '1GB' }, 'sample-1m': { sample: '1m' },
};

/** The case's files, generated if missing. */
function ensureData(size) {
  fs.mkdirSync(DATA, { recursive: true });
  const c = CASES[size];
  if (!c) throw new Error(`unknown size ${size} (one of ${Object.keys(CASES).join(', ')})`);
  if (c.rows) {
    const file = path.join(DATA, `orders-${size}.csv`);
    if (!fs.existsSync(file)) {
      console.log(`generating ${path.relative(ROOT, file)}...`);
      sh(path.join(TARGET, 'release/examples/bench_orders'), [c.rows, `${file}.part`], { stdio: 'inherit' });
      fs.renameSync(`${file}.part`, file);
    }
    return [file];
  }
  const dir = path.join(DATA, `sample-${c.sample}`);
  if (!fs.existsSync(path.join(dir, '.done'))) {
    console.log(`generating ${path.relative(ROOT, dir)}/ (jornada sample)...`);
    sh(path.join(TARGET, 'release/jornada'), ['sample', '--size', c.sample, '--lang', 'en', '--out', dir], { stdio: 'inherit' });
    fs.writeFileSync(path.join(dir, '.done'), '');
  }
  return fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => path.join(dir, f));
}

// ---------------------------------------------------------------- native
/** `jornada analyze --json --timings` under /usr/bin/time: the CLI's own total (read + parse +
 * metrics, what the worker's figure covers), its process wall time and peak RSS. */
function runNative(files) {
  const timeOut = path.join(OUT, 'time.txt');
  const jsonOut = path.join(OUT, 'native-report.json');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timeOut, path.join(TARGET, 'release/jornada'), 'analyze', '--json', '--timings', ...files],
    { cwd: ROOT, maxBuffer: 1 << 30, stdio: ['ignore', fs.openSync(jsonOut, 'w'), 'pipe'] });
  const stderr = r.stderr.toString();
  if (r.status !== 0 && !fs.statSync(jsonOut).size) throw new Error(`jornada analyze failed: ${stderr}`);
  const [wall, rssKb] = fs.readFileSync(timeOut, 'utf8').trim().split(/\s+/).map(Number);
  const total = /total ([\d.]+) ms/.exec(stderr);
  const metrics = /computed in ([\d.]+) ms/.exec(stderr);
  const report = JSON.parse(fs.readFileSync(jsonOut, 'utf8'));
  return {
    ms: total ? Number(total[1]) : wall * 1000,
    analyze_ms: metrics ? Number(metrics[1]) : null,
    process_ms: wall * 1000,
    rows: report.tables.reduce((n, t) => n + t.rows, 0),
    rejected: report.tables.reduce((n, t) => n + t.rejected_rows, 0),
    mem: { rss: rssKb * 1024 },
    result: fromJornadaReport(report),
  };
}

// ---------------------------------------------------------------- server
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.webmanifest': 'application/manifest+json' };

// Keeps each worker's wasm memory where the harness can read its size (memory only grows, so
// its size at the end is its peak). Prepended to the worker scripts served; no other change.
const MEMORY_HOOK = `(() => { const all = (self.__benchMemories ||= []);
  const add = (o) => { for (const v of Object.values(o || {})) if (v instanceof WebAssembly.Memory && !all.includes(v)) all.push(v); };
  const keep = (imports) => (r) => { try { const i = r && (r.instance || r); add(i && i.exports);
    for (const m of Object.values(imports || {})) add(m); } catch { /* measuring never breaks a run */ } return r; };
  const a = WebAssembly.instantiate, s = WebAssembly.instantiateStreaming;
  WebAssembly.instantiate = (x, imports, ...rest) => a(x, imports, ...rest).then(keep(imports));
  if (s) WebAssembly.instantiateStreaming = (x, imports, ...rest) => s(x, imports, ...rest).then(keep(imports)); })();\n`;

function startServer() {
  const roots = [['/app/', DIST], ['/bench/', HERE], ['/nm/', path.join(HERE, 'node_modules')]];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const root = roots.find(([p]) => url.pathname.startsWith(p));
    if (!root) { res.writeHead(404); res.end(); return; }
    let file = path.join(root[1], decodeURIComponent(url.pathname.slice(root[0].length)) || 'index.html');
    if (!file.startsWith(root[1])) { res.writeHead(403); res.end(); return; }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      if (root[0] !== '/app/') { res.writeHead(404); res.end(); return; }
      file = path.join(DIST, 'index.html'); // the app's routes
    }
    const type = TYPES[path.extname(file)] || 'application/octet-stream';
    // Jornada's worker only: DuckDB's worker stalled with it (its wasm memory is not reported).
    const isWorker = /jornada-worker_loader\.js$/.test(file);
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    if (isWorker) res.end(MEMORY_HOOK + fs.readFileSync(file, 'utf8'));
    else fs.createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}

// ---------------------------------------------------------------- the browser
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info',
  // JORNADA_CHROMIUM_ARGS: extra flags, space-separated (e.g. V8's `--js-flags=--no-liftoff`).
  ...(process.env.JORNADA_CHROMIUM_ARGS || '').split(' ').filter(Boolean)];

/** Chromium renderer processes under this one. */
function renderers() {
  const out = [];
  const walk = (pid) => {
    let kids = [];
    try { kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number); } catch { /* gone */ }
    for (const c of kids) {
      try { if (fs.readFileSync(`/proc/${c}/cmdline`, 'utf8').includes('--type=renderer')) out.push(c); } catch { /* gone */ }
      walk(c);
    }
  };
  walk(process.pid);
  return out;
}

const peakRss = (pid) => {
  try { return Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024; } catch { return 0; }
};

/** A fresh context (so a fresh renderer: its peak RSS is this run's) on `url`; every request
 * to another origin is refused and recorded. */
async function freshPage(browser, origin, url) {
  const before = new Set(renderers());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', serviceWorkers: 'block' });
  const page = await context.newPage();
  page.foreign = [];
  page.errors = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    page.foreign.push(u);
    return route.abort();
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(url);
  page.renderers = renderers().filter((p) => !before.has(p));
  return page;
}

async function wasmMemory(page) {
  let total = 0;
  for (const w of page.workers()) {
    try { total += await w.evaluate(() => (self.__benchMemories || []).reduce((n, m) => n + m.buffer.byteLength, 0)); } catch { /* closed */ }
  }
  return total;
}

async function memoryOf(page) {
  return {
    wasm: await wasmMemory(page),
    js_heap: await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : null)),
    rss: Math.max(0, ...page.renderers.map(peakRss)),
  };
}

/** One run of a page contender (`worker`, `duckdb`, `papa`) on `files`. */
async function runInPage(browser, origin, contender, files) {
  const page = await freshPage(browser, origin, `${origin}/bench/page.html`);
  try {
    await page.waitForFunction(() => globalThis.benchReady);
    await page.setInputFiles('#files', files);
    const out = await page.evaluate(([c, base]) => {
      if (c === 'worker') return globalThis.bench.jornadaWorker(base);
      if (c === 'duckdb') return globalThis.bench.duckdb();
      return globalThis.bench.papa();
    }, [contender, `${origin}/app/`]);
    out.mem = await memoryOf(page);
    if (page.foreign.length) throw new Error(`requests to other origins: ${page.foreign.join(', ')}`);
    return out;
  } finally {
    await page.context().close();
  }
}

/** The app end to end: files set on its file input (as a drop) → dashboard rendered; and the
 * longest task the UI thread ran meanwhile. `warm`: the drop waits for the engine to be warm. */
async function runApp(browser, origin, files, warm = false) {
  const page = await freshPage(browser, origin, `${origin}/app/`);
  try {
    await page.waitForSelector('#file-input:not([disabled])', { state: 'attached', timeout: 60_000 });
    await page.waitForFunction(() => !document.getElementById('boot-shell'));
    if (warm) await page.waitForSelector('html[data-engine-warm]', { state: 'attached', timeout: 60_000 });
    await page.evaluate(() => {
      const t = (globalThis.__bench = { longest: 0 });
      document.addEventListener('change', (e) => { if (e.target.id === 'file-input') t.drop ??= performance.now(); }, true);
      // The first result: the overview's cards of the workload (orders, revenue) on the page,
      // from the report's first parts; done: the whole report rendered.
      const first = ['sales.orders', 'sales.revenue'].map((id) => `.dashboard .card[data-metric="${id}"]`);
      new MutationObserver(() => {
        if (t.drop && !t.first && first.every((q) => document.querySelector(q))) t.first = performance.now();
        if (t.drop && !t.done && document.querySelector('.dashboard[data-rendered]')) t.done = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true });
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) if (t.drop && e.startTime + e.duration >= t.drop) t.longest = Math.max(t.longest, e.duration);
      }).observe({ type: 'longtask' });
    });
    await page.setInputFiles('#file-input', files);
    await page.waitForSelector('.dashboard[data-rendered]', { timeout: TIMEOUT });
    const t = await page.evaluate(() => globalThis.__bench);
    const orders = await page.getAttribute('.card[data-metric="sales.orders"] .value', 'data-raw').catch(() => null);
    const revenue = await page.getAttribute('.card[data-metric="sales.revenue"] .value', 'data-raw').catch(() => null);
    const out = {
      ms: t.done - t.drop, first_ms: (t.first ?? t.done) - t.drop, longest_task_ms: t.longest,
      result: { orders: orders == null ? null : Number(orders), revenue: revenue == null ? null : Number(revenue) },
    };
    out.mem = await memoryOf(page);
    if (page.foreign.length) throw new Error(`requests to other origins: ${page.foreign.join(', ')}`);
    if (page.errors.length) throw new Error(`page errors: ${page.errors.join('; ')}`);
    return out;
  } finally {
    await page.context().close();
  }
}

// ---------------------------------------------------------------- sizes of the build
function assetSizes() {
  const find = (dir, re) => {
    try { return fs.readdirSync(dir).filter((f) => re.test(f)).map((f) => path.join(dir, f)); } catch { return []; }
  };
  const size = (file) => {
    if (!file) return null;
    const b = fs.readFileSync(file);
    return {
      file: path.relative(DIST, file), raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  };
  return {
    app: size(find(DIST, /^jornada-app-.*_bg\.wasm$/)[0]),
    worker: size(find(DIST, /^jornada-worker.*_bg\.wasm$/)[0]),
    // The widget's budget: what a visitor downloads in its larger embedding mode, the iframe
    // (host helper, survey page, loader, glue, wasm), as scripts/build-widget.sh counts it.
    widget: (() => {
      const names = ['jornada-frame.js', 'survey.html', 'jornada-survey.js', 'jornada-widget.js', 'jornada-widget_bg.wasm'];
      const files = names.map((n) => path.join(DIST, 'widget', n));
      if (!files.every((f) => fs.existsSync(f))) return null;
      const parts = files.map(size);
      const sum = (k) => parts.reduce((n, p) => n + p[k], 0);
      return { file: 'widget, iframe mode (frame.js + survey.html + js + wasm)', raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') };
    })(),
  };
}

// ---------------------------------------------------------------- statistics and the table
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const mb = (b) => (b == null ? '' : (b / 2 ** 20).toFixed(0));

function summarize(runs, bytes) {
  const ok = runs.filter((r) => !r.error);
  if (!ok.length) return { error: runs[0]?.error, runs: runs.length };
  const ms = ok.map((r) => r.ms);
  const peak = (k) => { const v = ok.map((r) => r.mem?.[k]).filter((x) => x != null); return v.length ? Math.max(...v) : null; };
  return {
    runs: ok.length, errors: runs.length - ok.length, median_ms: median(ms), min_ms: Math.min(...ms), all_ms: ms,
    mb_per_s: bytes / 2 ** 20 / (median(ms) / 1000),
    extra: Object.fromEntries(['first_ms', 'workload_ms', 'read_ms', 'analyze_ms', 'clv_fit_ms', 'warm_up_ms', 'init_ms', 'process_ms', 'longest_task_ms']
      .filter((k) => ok[0][k] != null).map((k) => [k, median(ok.map((r) => r[k]))])),
    wasm: peak('wasm'), js_heap: peak('js_heap'), rss: peak('rss'),
  };
}

// ---------------------------------------------------------------- main
async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  ensureTools();
  ensureDeps();
  ensureBuilds();
  const cases = SIZES.map((size) => ({ size, files: ensureData(size) }));
  const { chromium } = await import('playwright-core');
  const { server, origin } = await startServer();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const chromiumVersion = browser.version();
  const report = {
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gib: Math.round(os.totalmem() / 2 ** 30), loadavg: os.loadavg() },
    chromium: chromiumVersion, runs: RUNS, big_runs: BIG_RUNS, cases: [], sizes: assetSizes(), checks: [], targets: [],
  };
  try {
    for (const { size, files } of cases) {
      const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
      const isSample = size.startsWith('sample');
      // DuckDB and Papa Parse run the orders workload; the multi-table sample is Jornada's alone.
      const here = CONTENDERS.filter((c) => !isSample || ['native', 'worker', 'app', 'app-warm'].includes(c));
      const runs = Object.fromEntries(here.map((c) => [c, []]));
      const count = BIG.has(size) ? BIG_RUNS : RUNS;
      console.log(`\n== ${size}: ${files.length} file(s), ${(bytes / 1e6).toFixed(0)} MB; contenders interleaved, ${count} runs`);
      for (let r = 0; r < count; r++) {
        for (const c of here) {
          let out;
          try {
            if (c === 'native') out = runNative(files);
            else if (c === 'app' || c === 'app-warm') out = await runApp(browser, origin, files, c === 'app-warm');
            else out = await runInPage(browser, origin, c, files);
          } catch (e) {
            out = { error: String(e.message || e).split('\n')[0] };
          }
          // No time is shown before the results are checked.
          console.log(`  run ${r + 1} ${c.padEnd(7)} ${out.error ? `ERROR ${out.error}` : `done (${out.rows ?? '?'} rows)`}`);
          runs[c].push(out);
        }
      }
      // Every contender's results checked against the others before any time is reported.
      const firstOk = (c) => runs[c]?.find((x) => !x.error);
      const reference = ['duckdb', 'native', 'papa', 'worker'].find((c) => firstOk(c));
      const checks = [];
      for (const c of here) {
        for (const run of runs[c].filter((x) => !x.error)) {
          if (!reference || c === reference) continue;
          const { diffs, compared } = compare(firstOk(reference).result, run.result);
          if (diffs.length) { run.error = `results differ from ${reference}: ${diffs.slice(0, 5).join('; ')}`; }
          checks.push({ size, contender: c, against: reference, compared, diffs: diffs.length });
        }
      }
      const summary = {};
      for (const c of here) summary[c] = summarize(runs[c], bytes);
      // Rows of their own beside each full report: the first result (the workload's metrics
      // but the cohorts, posted as computed) of the worker and the app, and the worker's whole
      // workload (the first result and the cohorts: what DuckDB computes).
      for (const [c, part] of [['worker', 'first'], ['worker', 'workload'], ['app', 'first'], ['app-warm', 'first']]) {
        const ok = (runs[c] || []).filter((x) => !x.error && x[`${part}_ms`] != null);
        if (ok.length) summary[`${c}:${part}`] = summarize(ok.map((x) => ({ ms: x[`${part}_ms`], mem: x.mem })), bytes);
      }
      if (summary.duckdb && !summary.duckdb.error) {
        const ok = runs.duckdb.filter((x) => !x.error);
        summary['duckdb+init'] = summarize(ok.map((x) => ({ ...x, ms: x.ms + x.init_ms })), bytes);
      }
      const uniq = [...new Map(checks.map((k) => [`${k.contender}`, k])).values()];
      for (const k of uniq) {
        const bad = checks.filter((x) => x.contender === k.contender && x.diffs);
        console.log(`  check ${k.contender} against ${k.against}: ${bad.length ? 'DIFFERENT' : 'equal'} on ${k.compared.join(', ')}`);
      }
      report.checks.push(...checks);
      for (const c of here) {
        const times = runs[c].map((x) => (x.error ? 'error' : `${x.ms.toFixed(0)}${x.init_ms != null ? `+${x.init_ms.toFixed(0)} init` : ''}`));
        console.log(`  ${c.padEnd(7)} ms: ${times.join(', ')}; peak RSS ${mb(summary[c].rss)} MB`);
      }
      report.cases.push({ size, files: files.map((f) => path.relative(ROOT, f)), bytes, rows: firstOk(here[0])?.rows, summary });
      // Written after each case, so an interrupted run keeps what it measured.
      fs.writeFileSync(path.join(OUT, 'report.json'), JSON.stringify({ ...report, partial: true }, null, 2));
    }
  } finally {
    await browser.close();
    server.close();
  }
  targets(report);
  fs.writeFileSync(path.join(OUT, 'report.json'), JSON.stringify(report, null, 2));
  console.log(`\n${table(report)}`);
  console.log(`\nwritten: ${path.relative(ROOT, path.join(OUT, 'report.json'))}`);
}

/** The markdown table (printed, and pasted into the README). */
function table(report) {
  const lines = [];
  lines.push(`Runs: ${report.runs} (${report.big_runs} for 10M, 1 GB and the multi-table sample). Machine: ${report.machine.cpus} cores (${report.machine.cpu}), ${report.machine.memory_gib} GiB, load average ${report.machine.loadavg.map((x) => x.toFixed(1)).join(' ')}; Chromium ${report.chromium}; contenders interleaved run by run.`);
  lines.push('');
  lines.push('| data | contender | median ms | min ms | MB/s | × Jornada worker | wasm MB | UI JS heap MB | peak RSS MB | notes |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
  const names = { native: 'native CLI', worker: 'Jornada worker, full report', 'worker:first': 'Jornada worker, first result', 'worker:workload': 'Jornada worker, workload (with cohorts)', app: 'Jornada app, drop → whole dashboard', 'app:first': 'Jornada app, drop → first cards', 'app-warm': 'Jornada app, engine ready, drop → whole dashboard', 'app-warm:first': 'Jornada app, engine ready, drop → first cards', duckdb: 'DuckDB-WASM load + queries', 'duckdb+init': 'DuckDB-WASM incl. instantiation', papa: 'Papa Parse + JS' };
  for (const c of report.cases) {
    const ref = c.summary.worker?.median_ms;
    // Each first result beside its full report.
    const order = ['native', 'worker:first', 'worker:workload', 'worker', 'app:first', 'app', 'app-warm:first', 'app-warm', 'duckdb', 'duckdb+init', 'papa'];
    const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
    for (const [name, s] of Object.entries(c.summary).sort(([a], [b]) => rank(a) - rank(b))) {
      const label = `${c.size} (${(c.bytes / 1e6).toFixed(0)} MB)`;
      if (s.error) { lines.push(`| ${label} | ${names[name] || name} | failed: ${s.error} |||||||| `); continue; }
      const notes = Object.entries(s.extra).map(([k, v]) => `${k.replace(/_ms$/, '')} ${v.toFixed(0)} ms`).join(', ');
      lines.push(`| ${label} | ${names[name] || name} | ${s.median_ms.toFixed(0)} | ${s.min_ms.toFixed(0)} | ${s.mb_per_s.toFixed(0)} | ${ref ? (s.median_ms / ref).toFixed(2) : ''} | ${mb(s.wasm)} | ${mb(s.js_heap)} | ${mb(s.rss)} | ${notes} |`);
    }
  }
  lines.push('');
  const sz = report.sizes;
  const kb = (n) => (n / 1024).toFixed(0);
  lines.push('| asset | raw KB | gzip KB | brotli KB |');
  lines.push('|---|---:|---:|---:|');
  for (const [k, s] of Object.entries(sz)) if (s) lines.push(`| ${k} (${s.file}) | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |`);
  lines.push('');
  lines.push('| target | figure | |');
  lines.push('|---|---|---|');
  for (const t of report.targets) lines.push(`| ${t.target} | ${t.figure} | ${t.met == null ? 'not measured' : t.met ? 'met' : 'NOT MET'} |`);
  return lines.join('\n');
}

/** Each target of the issue, met or not, from the figures of this run. */
function targets(report) {
  const at = (size, c) => report.cases.find((x) => x.size === size)?.summary[c];
  const ms = (s) => (s && !s.error ? s.median_ms : null);
  const t = (target, figure, met) => report.targets.push({ target, figure, met });
  const f = (x, unit = ' ms') => (x == null ? 'n/a' : `${x.toFixed(0)}${unit}`);
  // The targets about what a user waits for are met by the first result (the workload's
  // metrics but the cohorts); the full report's time is shown beside it. The comparison with
  // DuckDB uses the worker's whole workload (the cohorts included, as in DuckDB's queries);
  // the one with native uses the full report (native computes everything).
  const w1 = ms(at('1m', 'worker'));
  const wf1 = ms(at('1m', 'worker:first'));
  const ww1 = ms(at('1m', 'worker:workload'));
  const d1 = ms(at('1m', 'duckdb'));
  const n1 = ms(at('1m', 'native'));
  const full = (x) => (x == null ? '' : ` (full report ${f(x)})`);
  t('1M orders, file to report in the worker ≤ 250 ms (first result)', `${f(wf1)}${full(w1)}`, wf1 == null ? null : wf1 <= 250);
  t('… ≥ 3× faster than DuckDB-WASM load + query (the same workload)', ww1 && d1 ? `${(d1 / ww1).toFixed(2)}×${w1 ? ` (full report ${(d1 / w1).toFixed(2)}×)` : ''}` : 'n/a', ww1 && d1 ? d1 / ww1 >= 3 : null);
  t('… wasm within 1.3× of native (full report)', w1 && n1 ? `${(w1 / n1).toFixed(2)}×` : 'n/a', w1 && n1 ? w1 / n1 <= 1.3 : null);
  // The app starts its engine in idle time after the first paint (issue 16: "the engine
  // worker's wasm can be compiled in idle time after the first paint"): a drop after that
  // (engine ready) is judged, at 1M as at 10k; a drop right after the app mounted (cold) is
  // shown beside it.
  const drop = (size, limit) => {
    const [a, af] = [ms(at(size, 'app')), ms(at(size, 'app:first'))];
    const [aw, awf] = [ms(at(size, 'app-warm')), ms(at(size, 'app-warm:first'))];
    const cold = af == null ? '' : `; cold drop ${f(af)}${full(a)}`;
    return [`${f(awf)}${full(aw)}${cold}`, awf == null ? null : awf <= limit];
  };
  t('drop to dashboard, 1M rows ≤ 600 ms (first cards, engine ready)', ...drop('1m', 600));
  t('drop to dashboard, 10k rows ≤ 300 ms (first cards, engine ready)', ...drop('10k', 300));
  const w10 = ms(at('10m', 'worker'));
  t('linear: 10M ≤ 11× the 1M time (worker)', w10 && w1 ? `${(w10 / w1).toFixed(1)}×` : 'n/a', w10 && w1 ? w10 / w1 <= 11 : null);
  t('10M rows ≤ 4 s in the browser (worker)', f(w10), w10 == null ? null : w10 <= 4000);
  const c10 = report.cases.find((x) => x.size === '10m');
  const r10 = at('10m', 'worker');
  t('10M orders: peak memory under the file size (worker, renderer RSS)', r10?.rss ? `${mb(r10.rss)} MB vs ${mb(c10.bytes)} MB` : 'n/a', r10?.rss ? r10.rss < c10.bytes : null);
  const g = at('1gb', 'worker');
  t('a 1 GB CSV analysed in the browser without running out of memory', g ? (g.error ? `failed: ${g.error}` : `${f(g.median_ms)}, ${mb(g.rss)} MB RSS`) : 'n/a', g ? !g.error : null);
  const s = at('sample-1m', 'app') || at('sample-1m', 'worker');
  t('full 1M sample in the browser under 1 GB renderer memory', s?.rss ? `${mb(s.rss)} MB` : 'n/a', s?.rss ? s.rss < 2 ** 30 : null);
  const sz = report.sizes;
  t('app wasm ≤ 300 KB brotli', sz.app ? f(sz.app.brotli / 1024, ' KB') : 'n/a', sz.app ? sz.app.brotli <= 300 * 1024 : null);
  t('worker wasm ≤ 400 KB brotli', sz.worker ? f(sz.worker.brotli / 1024, ' KB') : 'n/a', sz.worker ? sz.worker.brotli <= 400 * 1024 : null);
  t('widget (iframe mode, all it loads) within 60 KB gzip', sz.widget ? f(sz.widget.gzip / 1024, ' KB') : 'n/a', sz.widget ? sz.widget.gzip <= 60 * 1024 : null);
  const lt = report.cases.map((c) => c.summary.app?.extra?.longest_task_ms).filter((x) => x != null);
  t('longest UI-thread task during drop → dashboard (wall; informative)', lt.length ? f(Math.max(...lt)) : 'n/a', null);
  t('Lighthouse stays at 100', 'see bench/lighthouse', null);
}

if (process.argv.includes('--table')) {
  // The table of the last (or an interrupted) run's report.json, without running anything.
  const report = JSON.parse(fs.readFileSync(path.join(OUT, 'report.json'), 'utf8'));
  report.targets = [];
  targets(report);
  console.log(table(report));
} else {
  main().catch((e) => { console.error(e); process.exit(1); });
}
