// Lighthouse scores of the release build, served statically on 127.0.0.1 by the e2e harness's
// server with gzip, as static hosts serve it (a benchmark, not a test: it prints figures and
// never fails on them). Run after `bash scripts/build.sh`:
//
//   node bench/lighthouse/run.mjs [--runs N] [--routes /,/journey] [--dist DIR] [--json FILE]
//                                 [--no-gzip] [--verbose] [--save DIR]
//
// --verbose also lists each run's requests, main-thread long tasks and LCP element; --save
// writes each run's full Lighthouse report (JSON) into DIR.
// Lighthouse is pinned in this folder's own package-lock.json and installed on first use
// (`npm ci --prefix bench/lighthouse`), so the test setup does not carry it. Each run uses a
// fresh Chromium profile and Lighthouse's default mobile preset (simulated slow 4G, 4x CPU
// slowdown). Nothing is requested beyond 127.0.0.1: the run lists every request the page made
// and flags any to another origin.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = [
  ['FCP', 'first-contentful-paint', 'ms'],
  ['LCP', 'largest-contentful-paint', 'ms'],
  ['TBT', 'total-blocking-time', 'ms'],
  ['CLS', 'cumulative-layout-shift', ''],
  ['SI', 'speed-index', 'ms'],
];

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const runs = Number(option('runs', '3'));
const routes = option('routes', '/,/journey').split(',');
const dist = path.resolve(option('dist', path.join(ROOT, 'dist')));
const jsonOut = option('json', '');
const gzip = !process.argv.includes('--no-gzip');
const saveDir = option('save', '');
const verbose = process.argv.includes('--verbose');

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`no ${dist}/index.html: run \`bash scripts/build.sh\` first`);
  process.exit(2);
}
// Chromium, installed when missing (scripts/setup.sh is idempotent: about a second when all is there).
execFileSync('bash', [path.join(ROOT, 'scripts/setup.sh'), 'test'], { stdio: 'inherit' });
if (!fs.existsSync(path.join(HERE, 'node_modules/lighthouse'))) {
  console.error('installing the pinned lighthouse (npm ci --prefix bench/lighthouse)...');
  execFileSync('npm', ['ci', '--prefix', HERE, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}
const { default: lighthouse } = await import(path.join(HERE, 'node_modules/lighthouse/core/index.js'));
const chromeLauncher = await import(path.join(HERE, 'node_modules/chrome-launcher/dist/index.js'));
const { startServer } = await import(path.join(ROOT, 'tests/e2e/harness.mjs'));

const server = await startServer({ dir: dist, prefix: '/', gzip });
const results = [];
try {
  for (const route of routes) {
    for (let run = 1; run <= runs; run++) {
      const chrome = await chromeLauncher.launch({
        chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
        chromeFlags: CHROME_FLAGS,
      });
      try {
        const url = server.origin + route;
        const out = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
        const lhr = out.lhr;
        if (saveDir) {
          fs.mkdirSync(saveDir, { recursive: true });
          fs.writeFileSync(path.join(saveDir, `${route === '/' ? 'start' : route.replace(/\W+/g, '')}-${run}.json`), out.report);
        }
        const requests = (lhr.audits['network-requests']?.details?.items || []);
        const row = {
          route, run,
          scores: Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])),
          metrics: Object.fromEntries(METRICS.map(([k, id]) => [k, lhr.audits[id]?.numericValue ?? NaN])),
          requests: requests.map((r) => ({ url: r.url, bytes: r.transferSize, type: r.resourceType })),
          foreign: requests.filter((r) => !r.url.startsWith(server.origin) && !/^(data|blob):/.test(r.url)).map((r) => r.url),
          failed: CATEGORIES.flatMap((c) => (lhr.categories[c]?.auditRefs || [])
            .filter((a) => a.weight > 0 && lhr.audits[a.id].score !== null && lhr.audits[a.id].score < 1)
            .map((a) => `${c}/${a.id}`)),
          // What a failing accessibility, best-practices or SEO audit points at.
          details: CATEGORIES.filter((c) => c !== 'performance').flatMap((c) => (lhr.categories[c]?.auditRefs || [])
            .filter((a) => a.weight > 0 && lhr.audits[a.id].score !== null && lhr.audits[a.id].score < 1)
            .map((a) => `${a.id}: ${(lhr.audits[a.id].details?.items || []).slice(0, 3)
              .map((i) => i.node?.snippet || i.href || i.url || i.text || JSON.stringify(i).slice(0, 120)).join(' | ')}`)),
          longTasks: (lhr.audits['long-tasks']?.details?.items || []).map((t) => ({ url: t.url, ms: Math.round(t.duration), at: Math.round(t.startTime) })),
          bootup: (lhr.audits['bootup-time']?.details?.items || []).map((i) => `${i.url.replace(/^https?:\/\/[^/]+/, '')} ${Math.round(i.scripting)} ms scripting, ${Math.round(i.scriptParseCompile)} ms parse/compile`),
          mainThread: (lhr.audits['mainthread-work-breakdown']?.details?.items || []).map((i) => `${i.groupLabel || i.group} ${Math.round(i.duration)} ms`),
          lcpElement: (() => {
            const items = lhr.audits['largest-contentful-paint-element']?.details?.items || [];
            const node = items[0]?.items?.[0]?.node || items[0]?.node;
            return node ? `${node.selector} "${(node.nodeLabel || '').slice(0, 60)}"` : '';
          })(),
          runtimeError: lhr.runtimeError?.message,
        };
        results.push(row);
        print(row);
      } finally {
        await chrome.kill();
      }
    }
  }
} finally {
  await server.close();
}

function fmt(key, v) {
  if (Number.isNaN(v)) return '-';
  return key === 'CLS' ? v.toFixed(3) : `${(v / 1000).toFixed(2)} s`;
}

function print(r) {
  const s = r.scores;
  const m = METRICS.map(([k]) => `${k} ${k === 'TBT' ? `${Math.round(r.metrics[k])} ms` : fmt(k, r.metrics[k])}`).join('  ');
  const kb = (r.requests.reduce((a, q) => a + (q.bytes || 0), 0) / 1024).toFixed(0);
  console.log(`${r.route.padEnd(10)} run ${r.run}: perf ${s.performance}  a11y ${s.accessibility}  bp ${s['best-practices']}  seo ${s.seo}  |  ${m}  |  ${r.requests.length} requests, ${kb} KB`);
  if (r.runtimeError) console.log(`  lighthouse error: ${r.runtimeError}`);
  if (r.failed.length) console.log(`  audits below 1: ${r.failed.join(', ')}`);
  for (const d of r.details) console.log(`    ${d}`);
  if (verbose) {
    for (const q of r.requests) console.log(`    request ${q.url.replace(/^https?:\/\/[^/]+/, '')} ${((q.bytes || 0) / 1024).toFixed(1)} KB ${q.type || ''}`);
    for (const t of r.longTasks) console.log(`    long task ${t.ms} ms at ${t.at} ms: ${t.url}`);
    for (const b of r.bootup) console.log(`    script ${b}`);
    console.log(`    main thread: ${r.mainThread.join(', ')}`);
    console.log(`    LCP element: ${r.lcpElement}`);
  }
  if (r.foreign.length) console.log(`  REQUESTS TO ANOTHER ORIGIN: ${r.foreign.join(', ')}`);
}

console.log(`\nsummary (median, min-max over ${runs} runs; ${gzip ? 'gzip' : 'uncompressed'}):`);
for (const route of routes) {
  const rs = results.filter((r) => r.route === route);
  const parts = [];
  for (const c of CATEGORIES) parts.push(`${c} ${spread(rs.map((r) => r.scores[c]), (v) => String(v))}`);
  for (const [k] of METRICS) parts.push(`${k} ${spread(rs.map((r) => r.metrics[k]), (v) => (k === 'TBT' ? `${Math.round(v)} ms` : fmt(k, v)))}`);
  console.log(`  ${route}: ${parts.join(', ')}`);
  const first = rs[0]?.requests || [];
  console.log(`    requests of run 1: ${first.map((q) => `${q.url.replace(server.origin, '')} ${((q.bytes || 0) / 1024).toFixed(1)} KB`).join(', ')}`);
}
if (jsonOut) {
  fs.writeFileSync(jsonOut, JSON.stringify(results, null, 2));
  console.log(`results written to ${jsonOut}`);
}

function spread(values, show) {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return '-';
  const median = v[Math.floor((v.length - 1) / 2)];
  return v.length === 1 ? show(median) : `${show(median)} (${show(v[0])}-${show(v[v.length - 1])})`;
}
