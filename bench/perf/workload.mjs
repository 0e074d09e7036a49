// The workload's results in one shape for every contender, and the check that two agree.
//
// { orders, revenue, average_ticket, cart_abandonment, repurchase_rate,
//   revenue_by_month: { 'YYYY-MM': revenue }, orders_by_channel: { channel: orders },
//   cohorts: { 'YYYY-MM': { k: customers of the cohort who ordered k months after their first } } }
//
// Orders and revenue are of completed orders; cart abandonment = abandoned / (completed +
// abandoned); repurchase = customers with >= 2 completed orders / customers with >= 1; a
// customer's cohort is the month of their first completed order. A field a contender does not
// compute is null and is left out of the comparison (and said so).

/** The Jornada metrics behind the workload's first result, every figure but the cohorts:
 * orders (and orders per channel, its breakdown), revenue (and per month, its series),
 * average ticket, cart abandonment and repurchase. */
export const FIRST_RESULT = ['sales.orders', 'sales.revenue', 'sales.average_ticket', 'sales.cart_abandonment_rate', 'sales.repurchase_rate'];

/** The workload's figures in a Jornada report (the CLI's `--json`, or the worker's parts). */
export function fromJornadaReport(report) {
  const by = Object.fromEntries((report.metrics || []).map((m) => [m.id, m]));
  const value = (id) => (by[id] ? by[id].value : null);
  const channel = (id) => {
    const b = (by[id]?.breakdowns || []).find((x) => x.by === 'channel');
    return b ? Object.fromEntries(b.rows.map((r) => [r.key, r.value])) : null;
  };
  const series = (id) => (by[id]?.series ? Object.fromEntries(by[id].series.map((s) => [s.period, s.value])) : null);
  const cohorts = by['loyalty.retention_cohorts'];
  return {
    orders: value('sales.orders'),
    revenue: value('sales.revenue'),
    average_ticket: value('sales.average_ticket'),
    cart_abandonment: value('sales.cart_abandonment_rate'),
    repurchase_rate: value('sales.repurchase_rate'),
    revenue_by_month: series('sales.revenue'),
    orders_by_channel: channel('sales.orders'),
    // `loyalty.retention_cohorts`' cells ({cohort, k, active, ...}) by cohort and k.
    cohorts: Array.isArray(cohorts?.table) ? cellsByCohort(cohorts.table) : null,
  };
}

/** `loyalty.retention_cohorts`' table as `{ 'YYYY-MM': { k: active customers } }`. */
function cellsByCohort(cells) {
  const out = {};
  for (const c of cells) (out[c.cohort] ??= {})[c.k] = c.active;
  return out;
}

const close = (a, b) => a === b || (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));

/** Differences between two results (fields null on either side are skipped): a list of
 * strings, empty when they agree; and the fields compared. */
export function compare(a, b) {
  const diffs = [];
  const compared = [];
  for (const key of Object.keys(a)) {
    const x = a[key];
    const y = b[key];
    if (x == null || y == null) continue;
    compared.push(key);
    if (typeof x === 'number') {
      if (!close(x, y)) diffs.push(`${key}: ${x} vs ${y}`);
      continue;
    }
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) {
      const u = x[k];
      const v = y[k];
      if (u != null && typeof u === 'object') {
        const inner = new Set([...Object.keys(u), ...Object.keys(v || {})]);
        for (const j of inner) if (!close(u[j] ?? 0, v?.[j] ?? 0)) diffs.push(`${key}[${k}][${j}]: ${u[j]} vs ${v?.[j]}`);
      } else if (!close(u ?? 0, v ?? 0)) diffs.push(`${key}[${k}]: ${u} vs ${v}`);
    }
  }
  return { diffs, compared };
}
