// The browser side of the harness: each contender reads the File(s) chosen in #files (a
// disk-backed File, as a user's drop gives) and returns { ms, ..., result }, `result` in the
// shape of workload.mjs so run.mjs can check every contender against the others.
import { FIRST_RESULT, fromJornadaReport } from '/bench/workload.mjs';

const files = () => [...document.getElementById('files').files];

/** Jornada's engine as the app runs it: its worker (dist/jornada-worker_loader.js) reading the
 * File in 1 MiB slices, then `analyze` with the app's default settings and query. The worker
 * is started and ready before the clock starts (the app starts it in idle time after its first
 * paint: the `app-warm` contender drops after that, `app` right after the app mounted). */
async function jornadaWorker(base) {
  const worker = new Worker(`${base}jornada-worker_loader.js`);
  const inbox = [];
  let wake = null;
  // Answers are JSON text; progress and `ready` are plain objects (src/protocol.rs).
  worker.onmessage = (e) => { inbox.push(typeof e.data === 'string' ? JSON.parse(e.data) : e.data); wake?.(); };
  worker.onerror = (e) => { inbox.push({ type: 'error', message: String(e.message || e) }); wake?.(); };
  const next = async () => {
    while (!inbox.length) await new Promise((ok) => { wake = ok; });
    return inbox.shift();
  };
  const until = async (type) => {
    for (;;) {
      const m = await next();
      if (m.type === type) return m;
      if (m.type === 'error' || m.type === 'file_failed') throw new Error(`worker: ${m.message}`);
    }
  };
  const tStart = performance.now();
  await until('ready');
  // The app's worker warms its engine up on a small sample when idle (src/worker.rs,
  // `warm_up`), as it does after the app's first paint: the clock starts once it is warm.
  const warm = await Promise.race([until('warm').then(() => true), new Promise((ok) => setTimeout(() => ok(false), 30_000))]);
  if (!warm) throw new Error('worker: no `warm` within 30 s of its start');
  const warmMs = performance.now() - tStart;
  const chosen = files();
  const t0 = performance.now();
  worker.postMessage({ msg: { type: 'load', names: chosen.map((f) => f.name), overrides: {} }, files: chosen });
  const loaded = await until('loaded');
  const t1 = performance.now();
  worker.postMessage({ msg: { type: 'analyze', settings: {}, query: { from: null, to: null, granularity: 'month' }, segment: { value: null } } });
  const metrics = [];
  let report;
  // The first result: every metric of the workload but the cohorts has arrived (the worker
  // posts each part as it is computed, cheap metrics first).
  const first = new Set(FIRST_RESULT);
  let tFirst = null;
  // The whole workload (what DuckDB and Papa Parse compute): the first result and the cohorts.
  const workload = new Set([...FIRST_RESULT, 'loyalty.retention_cohorts']);
  let tWorkload = null;
  // The CLV fit's time: from the part before `loyalty.clv_predicted`'s to its own (a send
  // point is set before and after each costly metric, src/worker.rs).
  let tPart = null;
  let fitMs = null;
  for (;;) {
    const m = await next();
    if (m.type === 'report_part') {
      const now = performance.now();
      if (m.metrics.some((x) => x.id === 'loyalty.clv_predicted') && tPart != null) fitMs = now - tPart;
      tPart = now;
      metrics.push(...m.metrics);
      for (const x of m.metrics) { first.delete(x.id); workload.delete(x.id); }
      if (!first.size && tFirst == null) tFirst = performance.now();
      if (!workload.size && tWorkload == null) tWorkload = performance.now();
    } else if (m.type === 'report') { report = m; break; } else if (m.type === 'error') throw new Error(`worker: ${m.message}`);
  }
  const t2 = performance.now();
  const rows = loaded.tables.reduce((n, t) => n + t.rows, 0);
  const rejected = loaded.tables.reduce((n, t) => n + t.rejected, 0);
  globalThis.__jornadaWorker = worker; // kept alive until run.mjs has read its wasm memory
  return {
    ms: t2 - t0, warm_up_ms: warmMs, read_ms: t1 - t0, analyze_ms: report.ms, first_ms: (tFirst ?? t2) - t0, workload_ms: (tWorkload ?? t2) - t0, clv_fit_ms: fitMs, rows, rejected,
    result: fromJornadaReport({ metrics: [...metrics, ...report.report.metrics] }),
  };
}

/** DuckDB-WASM from node_modules (the eh bundle, or mvp where exceptions are missing): the
 * File registered as a browser file handle (no copy), loaded with `read_csv`, then the
 * workload as SQL. `init_ms` is the worker start and instantiation; `ms` the load + queries. */
async function duckdb() {
  const t0 = performance.now();
  const duck = await import('@duckdb/duckdb-wasm');
  const dist = '/nm/@duckdb/duckdb-wasm/dist/';
  const bundle = await duck.selectBundle({
    mvp: { mainModule: `${dist}duckdb-mvp.wasm`, mainWorker: `${dist}duckdb-browser-mvp.worker.js` },
    eh: { mainModule: `${dist}duckdb-eh.wasm`, mainWorker: `${dist}duckdb-browser-eh.worker.js` },
  });
  const worker = new Worker(bundle.mainWorker);
  const db = new duck.AsyncDuckDB(new duck.VoidLogger(), worker);
  await db.instantiate(bundle.mainModule);
  const conn = await db.connect();
  const t1 = performance.now();
  const [file] = files();
  await db.registerFileHandle('orders.csv', file, duck.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  await conn.query(`CREATE TABLE o AS SELECT * FROM read_csv('orders.csv', header = true)`);
  const all = async (sql) => (await conn.query(sql)).toArray().map((r) => r.toJSON());
  const [head] = await all(`SELECT count(*) FILTER (status = 'completed') AS orders,
      sum(amount) FILTER (status = 'completed') AS revenue,
      count(*) FILTER (status = 'abandoned') AS abandoned, count(*) AS rows FROM o`);
  const months = await all(`SELECT strftime(order_date, '%Y-%m') AS m, sum(amount) AS revenue
      FROM o WHERE status = 'completed' GROUP BY 1`);
  const channels = await all(`SELECT channel, count(*) AS n FROM o WHERE status = 'completed' GROUP BY 1`);
  const [repeat] = await all(`SELECT count(*) FILTER (n >= 2) AS repeaters, count(*) AS buyers
      FROM (SELECT customer_id, count(*) AS n FROM o WHERE status = 'completed' GROUP BY 1)`);
  const cells = await all(`WITH c AS (SELECT DISTINCT customer_id, date_trunc('month', order_date) AS m
        FROM o WHERE status = 'completed'),
      f AS (SELECT customer_id, min(m) AS first FROM c GROUP BY 1)
      SELECT strftime(f.first, '%Y-%m') AS cohort, datediff('month', f.first, c.m) AS k, count(*) AS n
      FROM c JOIN f USING (customer_id) GROUP BY ALL`);
  const t2 = performance.now();
  const num = (x) => (typeof x === 'bigint' ? Number(x) : x);
  const orders = num(head.orders);
  const revenue = num(head.revenue);
  const abandoned = num(head.abandoned);
  const cohorts = {};
  for (const c of cells) (cohorts[c.cohort] ??= {})[num(c.k)] = num(c.n);
  globalThis.__duck = { db, worker };
  return {
    ms: t2 - t1, init_ms: t1 - t0, rows: num(head.rows), rejected: 0,
    result: {
      orders, revenue, average_ticket: revenue / orders,
      cart_abandonment: abandoned / (orders + abandoned),
      repurchase_rate: num(repeat.repeaters) / num(repeat.buyers),
      revenue_by_month: Object.fromEntries(months.map((m) => [m.m, num(m.revenue)])),
      orders_by_channel: Object.fromEntries(channels.map((c) => [c.channel, num(c.n)])),
      cohorts,
    },
  };
}

/** Papa Parse streaming the File in a worker, the workload as plain JavaScript. */
async function papa() {
  const worker = new Worker('/bench/papa-worker.js');
  const [file] = files();
  const t0 = performance.now();
  const out = await new Promise((ok, fail) => {
    worker.onmessage = (e) => (e.data.error ? fail(new Error(e.data.error)) : ok(e.data));
    worker.onerror = (e) => fail(new Error(String(e.message || e)));
    worker.postMessage(file);
  });
  const t1 = performance.now();
  globalThis.__papa = worker;
  return { ms: t1 - t0, rows: out.rows, rejected: out.rejected, result: out.result };
}

/** The UI thread's heap now (Chromium's performance.memory, precise with
 * --enable-precise-memory-info). */
function jsHeap() {
  return performance.memory ? performance.memory.usedJSHeapSize : null;
}

globalThis.bench = { jornadaWorker, duckdb, papa, jsHeap };
globalThis.benchReady = true;
