// Papa Parse with the workload as plain JavaScript, streaming the File in chunks: what a
// developer would write without Jornada or DuckDB. Classic worker (Papa Parse is a UMD script).
importScripts('/nm/papaparse/papaparse.min.js');

onmessage = (e) => {
  const file = e.data;
  let header = null;
  let rows = 0;
  let rejected = 0;
  let orders = 0;
  let revenue = 0;
  let abandoned = 0;
  const byMonth = new Map();
  const byChannel = new Map();
  const perCustomer = new Map(); // customer -> [completed orders, months ordered (y*12+m)]
  let col;
  Papa.parse(file, {
    chunkSize: 1 << 22,
    skipEmptyLines: true,
    chunk(results) {
      for (const row of results.data) {
        if (!header) {
          header = row;
          col = Object.fromEntries(row.map((h, i) => [h, i]));
          continue;
        }
        rows++;
        if (row.length !== header.length) { rejected++; continue; }
        const status = row[col.status];
        if (status === 'abandoned') { abandoned++; continue; }
        if (status !== 'completed') continue;
        const amount = parseFloat(row[col.amount]);
        const month = row[col.order_date].slice(0, 7);
        orders++;
        revenue += amount;
        byMonth.set(month, (byMonth.get(month) || 0) + amount);
        const ch = row[col.channel];
        byChannel.set(ch, (byChannel.get(ch) || 0) + 1);
        const mi = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
        const c = perCustomer.get(row[col.customer_id]);
        if (c) {
          c[0]++;
          if (!c[1].includes(mi)) c[1].push(mi);
        } else perCustomer.set(row[col.customer_id], [1, [mi]]);
      }
    },
    complete() {
      let repeaters = 0;
      const cohorts = {};
      const label = (mi) => `${Math.floor(mi / 12)}-${String((mi % 12) + 1).padStart(2, '0')}`;
      for (const [n, months] of perCustomer.values()) {
        if (n >= 2) repeaters++;
        const first = Math.min(...months);
        const cell = (cohorts[label(first)] ??= {});
        for (const m of months) cell[m - first] = (cell[m - first] || 0) + 1;
      }
      postMessage({
        rows, rejected,
        result: {
          orders, revenue, average_ticket: revenue / orders,
          cart_abandonment: abandoned / (orders + abandoned),
          repurchase_rate: repeaters / perCustomer.size,
          revenue_by_month: Object.fromEntries(byMonth),
          orders_by_channel: Object.fromEntries(byChannel),
          cohorts,
        },
      });
    },
    error(err) { postMessage({ error: String(err) }); },
  });
};
