//! `journey.lifecycle` (new, returning, resurrecting, dormant customers per period) and
//! `journey.milestones` (configured milestones reached, and how fast).

use super::profiles::{labels, profiles};
use crate::metrics::common::{
    RowKeys, date_at, provenance_row, row_status, status_classes, table_date,
};
use crate::metrics::{Computed, Ctx, Customers, Need, Scope};
use crate::period::{DateRange, SECONDS_PER_DAY, date_to_ts};
use crate::report::ProvenanceRow;
use crate::settings::Milestone;
use crate::stats::{self, from_ordered_i64, ordered_i64};
use crate::table::{Role, Status, TableKind, Timestamp};
use std::rc::Rc;

/// Every customer activity (completed orders, events, sessions with a customer), sorted by
/// date: (date, customer, table, row). Built once per `analyze` call.
fn activity(ctx: &Ctx<'_>) -> Rc<Vec<(Timestamp, u32, usize, u32)>> {
    ctx.memo("journey.activity", || {
        let customers = ctx.customers();
        let ids = RowKeys::new(ctx.tables);
        // Each activity as one key, (date, customer, the row's position among all files'
        // rows): sorted, that is (date, customer, file, row) order, by the shared sort.
        // Without room for the position (2^32 rows or more), the tuples.
        let mut keys: Vec<u128> = Vec::new();
        let mut out = Vec::new();
        for (t, table) in ctx.tables.iter().enumerate() {
            if !matches!(
                table.kind,
                TableKind::Orders | TableKind::Events | TableKind::Sessions
            ) {
                continue;
            }
            let Some(role) = table_date(table) else {
                continue;
            };
            let classes = status_classes(ctx, table);
            for (row, &k) in customers.keys[t].iter().enumerate() {
                let r = row as u32;
                if k == Customers::NONE
                    || (table.kind == TableKind::Orders
                        && row_status(table, classes.as_deref(), r) != Status::Completed)
                {
                    continue;
                }
                if let Some(d) = date_at(table, role, r) {
                    match ids.id(t, r) {
                        Some(id) => keys.push(
                            (u128::from(ordered_i64(d)) << 64)
                                | (u128::from(k) << 32)
                                | u128::from(id),
                        ),
                        None => out.push((d, k, t, r)),
                    }
                }
            }
        }
        let unkeyed = !out.is_empty();
        if !unkeyed {
            stats::sort_u128(&mut keys);
        }
        out.reserve_exact(keys.len());
        out.extend(keys.iter().map(|&key| {
            let (t, r) = ids.locate(key as u32);
            (
                from_ordered_i64((key >> 64) as u64),
                (key >> 32) as u32,
                t,
                r,
            )
        }));
        if unkeyed {
            stats::stable_sort_by(&mut out, |a, b| a.cmp(b));
        }
        out
    })
}

fn require_activity(ctx: &Ctx<'_>) -> Result<(), Need> {
    let any = ctx.tables.iter().any(|t| {
        matches!(
            t.kind,
            TableKind::Orders | TableKind::Events | TableKind::Sessions
        ) && crate::metrics::common::has_person(t)
            && table_date(t).is_some()
    });
    if any {
        Ok(())
    } else {
        Err(Need::bare("orders.date_customer"))
    }
}

/// The period of the query's granularity just before the one holding `start`.
fn previous_period(ctx: &Ctx<'_>, start: Timestamp) -> DateRange {
    let g = ctx.query.granularity;
    let this = g.floor(crate::period::ts_to_date(start));
    let before = g.floor(this - chrono::Duration::days(1));
    DateRange {
        start: date_to_ts(before),
        end: date_to_ts(this),
    }
}

/// `[new, returning, resurrecting, dormant]` for `range` with `previous` before it.
fn classify(
    acts: &[(Timestamp, u32, usize, u32)],
    count: usize,
    range: DateRange,
    previous: DateRange,
) -> ([u64; 4], Vec<u8>) {
    // Per customer: bit 0 active in range, 1 in previous, 2 active before range start.
    let mut bits = vec![0u8; count];
    for &(d, k, _, _) in acts.iter().take_while(|a| a.0 < range.end) {
        let b = &mut bits[k as usize];
        if range.contains(d) {
            *b |= 1;
        }
        if previous.contains(d) {
            *b |= 2;
        }
        if d < range.start {
            *b |= 4;
        }
    }
    let mut out = [0u64; 4];
    let mut class = vec![u8::MAX; count];
    for (k, &b) in bits.iter().enumerate() {
        let c = match (b & 1 != 0, b & 2 != 0, b & 4 != 0) {
            (true, _, false) => 0,
            (true, true, _) => 1,
            (true, false, true) => 2,
            (false, true, _) => 3,
            _ => continue,
        };
        out[c] += 1;
        class[k] = c as u8;
    }
    (out, class)
}

const CLASSES: [&str; 4] = ["new", "returning", "resurrecting", "dormant"];

/// `journey.lifecycle`: activity = a completed order, an event or a session of a customer
/// (visitor links included). For a period (the previous one = the period of the query's
/// granularity just before it): new = active in it, never before; returning = active in it
/// and in the previous period; resurrecting = active in it, not in the previous period,
/// but at some time before; dormant = active in the previous period, not in it. Value:
/// customers active in the range (new + returning + resurrecting). Table: one row per
/// period `{period, new, returning, resurrecting, dormant, partial}`.
pub fn lifecycle(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    require_activity(ctx)?;
    for (t, table) in ctx.tables.iter().enumerate() {
        if matches!(
            table.kind,
            TableKind::Orders | TableKind::Events | TableKind::Sessions
        ) {
            ctx.touch(t);
        }
    }
    let acts = activity(ctx);
    let count = ctx.customers().count as usize;
    let (counts, _) = classify(
        &acts,
        count,
        scope.range,
        previous_period(ctx, scope.range.start),
    );
    let mut c = Computed::value(Some((counts[0] + counts[1] + counts[2]) as f64));
    c.n = c.value.map(|v| v as u64);
    for (name, n) in CLASSES.iter().zip(counts) {
        c = c.with_detail(name, n as f64);
    }
    if ctx.wants_table() {
        let rows = ctx
            .periods
            .iter()
            .map(|p| {
                let (n, _) = classify(&acts, count, p.range, previous_period(ctx, p.range.start));
                serde_json::json!({
                    "period": p.label, "new": n[0], "returning": n[1],
                    "resurrecting": n[2], "dormant": n[3], "partial": p.partial,
                })
            })
            .collect();
        c.table = Some(serde_json::Value::Array(rows));
    }
    Ok(c)
}

/// Each customer's latest activity row in the range (or, for the dormant, in the previous
/// period), with their class.
pub fn explain_lifecycle(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    lifecycle(ctx, scope)?;
    let acts = activity(ctx);
    let names = labels(ctx);
    let previous = previous_period(ctx, scope.range.start);
    let (_, class) = classify(&acts, names.len(), scope.range, previous);
    let mut last: Vec<Option<(usize, u32)>> = vec![None; names.len()];
    for &(d, k, t, r) in acts.iter() {
        if scope.range.contains(d) || (class[k as usize] == 3 && previous.contains(d)) {
            last[k as usize] = Some((t, r));
        }
    }
    Ok(last
        .iter()
        .enumerate()
        .filter_map(|(k, at)| {
            let (t, r) = (*at)?;
            let c = *CLASSES.get(class[k] as usize)?;
            Some(provenance_row(
                &ctx.tables[t],
                r,
                c != "dormant",
                format!("{c}: customer {}", &names[k]),
                None,
            ))
        })
        .collect())
}

/// When a customer reached `m` (the first instant), if they did.
fn reached_at(
    m: &Milestone,
    orders: &[(Timestamp, f64)],
    events: &[(Timestamp, u32, String)],
    k: u32,
) -> Option<Timestamp> {
    let mut at = None;
    if let Some(n) = m.orders {
        at = orders.get((n as usize).checked_sub(1)?).map(|o| o.0);
    }
    if let Some(amount) = m.revenue {
        let mut sum = 0.0;
        at = orders.iter().find_map(|o| {
            sum += o.1;
            (sum >= amount).then_some(o.0)
        });
    }
    if let Some(event) = &m.event {
        let want = crate::ingest::values::fold(event);
        at = events.iter().find(|e| e.1 == k && e.2 == want).map(|e| e.0);
    }
    at
}

/// `journey.milestones`: per milestone of the settings (an event name, a count of completed
/// orders, or an amount of completed revenue in the main currency), over the customers
/// first seen in the range: the share that reached it (at any time) and the median days from
/// first seen to reaching it. Value: the share reaching the first milestone (Wilson).
/// Table: `{milestone, customers, reached, share, median_days}`.
pub fn milestones(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let all = profiles(ctx);
    if all.is_empty() {
        return Err(Need::bare("journey.people"));
    }
    let customers = ctx.customers();
    // Completed orders per customer, in date order, from the prepared orders.
    let orders = crate::metrics::sales::prep::Orders::get(ctx);
    let main = orders.currencies.main;
    let mut by_customer: Vec<Vec<(Timestamp, f64)>> = vec![Vec::new(); all.len()];
    for ot in &orders.tables {
        ctx.touch(ot.t);
        for (p, o) in ot.sorted.orders.iter().enumerate() {
            if o.status == Status::Completed && o.customer != Customers::NONE {
                let amount = if usize::from(o.currency) == main && o.amount.is_finite() {
                    o.amount
                } else {
                    0.0
                };
                if let Some(v) = by_customer.get_mut(o.customer as usize) {
                    v.push((ot.sorted.index.dates[p], amount));
                }
            }
        }
    }
    for v in &mut by_customer {
        stats::sort_by_key96(v, |o| u128::from(ordered_i64(o.0)));
    }
    let mut events: Vec<(Timestamp, u32, String)> = Vec::new();
    if ctx.settings.milestones.iter().any(|m| m.event.is_some()) {
        for (t, table) in ctx.tables_of(TableKind::Events) {
            let (Some(role), Some(names)) = (table_date(table), table.text(Role::EventName)) else {
                continue;
            };
            ctx.touch(t);
            for (row, &k) in customers.keys[t].iter().enumerate() {
                if let (Some(d), Some(n)) = (date_at(table, role, row as u32), names.get(row))
                    && k != Customers::NONE
                {
                    events.push((d, k, crate::ingest::values::fold(n)));
                }
            }
        }
        // Tied events are equal: the stable sort gives `sort_unstable`'s order.
        stats::stable_sort_by(&mut events, |a, b| a.cmp(b));
    }
    let people: Vec<usize> = (0..all.len())
        .filter(|&k| {
            all[k]
                .first_seen
                .get()
                .is_some_and(|d| scope.range.contains(d))
        })
        .collect();
    let mut c = Computed::default();
    let mut rows = Vec::new();
    for (i, m) in ctx.settings.milestones.iter().enumerate() {
        let mut days = Vec::new();
        for &k in &people {
            if let (Some(at), Some(first)) = (
                reached_at(m, &by_customer[k], &events, k as u32),
                all[k].first_seen.get(),
            ) {
                days.push(((at - first).max(0)) as f64 / SECONDS_PER_DAY as f64);
            }
        }
        let reached = days.len() as u64;
        let median = crate::stats::median(&mut days);
        if i == 0 {
            c = Computed::proportion(reached, people.len() as u64);
        }
        rows.push(serde_json::json!({
            "milestone": m.name, "customers": people.len(), "reached": reached,
            "share": (!people.is_empty()).then(|| reached as f64 / people.len() as f64),
            "median_days": median,
        }));
    }
    if ctx.wants_table() {
        c.table = Some(serde_json::Value::Array(rows));
    }
    Ok(c)
}

/// The first row of each customer first seen in the range (the milestones' cohort).
pub fn explain_milestones(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    milestones(ctx, scope)?;
    super::stages::explain_stage_funnel(ctx, scope)
}
