//! The journey across stages: the stage funnel by acquisition source, the flow between
//! stages in time order, and the time between a customer's first steps.

use super::profiles::{Profile, Step, journey_stage, profiles, stage_id};
use crate::metrics::common::{RowKeys, date_at, number_at, provenance_row, table_date, text_at};
use crate::metrics::{Computed, Ctx, Customers, Need, Scope};
use crate::period::SECONDS_PER_DAY;
use crate::report::{ProvenanceRow, Stage};
use crate::stats;
use crate::table::{Role, Timestamp};
use std::collections::BTreeMap;
use std::rc::Rc;

const STEPS: [Step; 4] = [Step::Attraction, Step::Sales, Step::Repeat, Step::Loyalty];

/// Whether a profile reached funnel step `i` and every step before it.
fn reached(p: &Profile, i: usize) -> bool {
    [
        p.attracted,
        p.orders >= 1,
        p.orders >= 2 || p.renewed,
        p.promoter_or_referral,
    ]
    .iter()
    .take(i + 1)
    .all(|&r| r)
}

/// Days in a month of a billing period (365.25 / 12).
const DAYS_PER_MONTH: f64 = 30.4375;

/// Marks the customers who renewed a subscription (METRICS.md `journey.stage_funnel`'s repeat
/// step, "second order or renewal"). Over the subscription book without filter (the rows
/// MRR reads: a start, a positive monthly amount, not abandoned or pending, an end after the
/// start; every currency), a customer renewed when the book holds two or more of their rows
/// (a second stretch: renewal at another price, plan change, or coming back), or one row
/// that outlived its first billing period:
/// `(its end, else the data's last date) − its start > months × count × 30.4375 days`,
/// months from its interval word (1 without one), count its interval count (1 without a
/// positive one). The data's last date is the latest dated row of a journey file.
pub(super) fn renewals_into(ctx: &Ctx<'_>, customers: &Customers, out: &mut [Profile]) {
    let all = Scope {
        range: ctx.range,
        filter: None,
    };
    let Ok(book) = crate::metrics::subscriptions::book(ctx, &all) else {
        return;
    };
    let last = ctx
        .tables
        .iter()
        .filter(|t| journey_stage(t.kind).is_some())
        .filter_map(|t| {
            let role = table_date(t)?;
            (0..t.rows() as u32)
                .filter_map(|r| date_at(t, role, r))
                .max()
        })
        .max();
    let mut rows = vec![0u32; out.len()];
    let subs = book
        .subscriptions
        .iter()
        .chain(book.other_currency.iter().map(|(_, s)| s));
    for s in subs {
        let Some(table) = ctx.tables.get(s.table) else {
            continue;
        };
        let key = customers.keys[s.table][s.row as usize];
        let (Some(p), Some(n)) = (out.get_mut(key as usize), rows.get_mut(key as usize)) else {
            continue;
        };
        *n += 1;
        let months = text_at(table, Role::Interval, s.row)
            .and_then(crate::metrics::subscriptions::interval_months)
            .unwrap_or(1.0);
        let count = number_at(table, Role::IntervalCount, s.row)
            .filter(|c| *c > 0.0)
            .unwrap_or(1.0);
        let period = months * count * DAYS_PER_MONTH * SECONDS_PER_DAY as f64;
        let lasted = s.ended.or(last).map(|end| (end - s.started) as f64);
        p.renewed |= *n >= 2 || lasted.is_some_and(|l| l > period);
    }
}

/// The profiles whose first-seen date lies in the scope's range (the funnel's cohort), with
/// their keys. Keys are kept sorted by first-seen date once per `analyze` call, so a period
/// is one binary search away.
fn cohort<'p>(ctx: &Ctx<'_>, all: &'p [Profile], scope: &Scope) -> Vec<(usize, &'p Profile)> {
    let by_date = ctx.memo("journey.by_first_seen", || {
        let mut v: Vec<(Timestamp, u32)> = all
            .iter()
            .enumerate()
            .filter_map(|(k, p)| Some((p.first_seen.get()?, k as u32)))
            .collect();
        stats::sort_packed(
            &mut v,
            |(d, k)| (u128::from(stats::ordered_i64(d)) << 32) | u128::from(k),
            |p| (stats::from_ordered_i64((p >> 32) as u64), p as u32),
        );
        v
    });
    let lo = by_date.partition_point(|p| p.0 < scope.range.start);
    let hi = by_date.partition_point(|p| p.0 < scope.range.end).max(lo);
    by_date[lo..hi]
        .iter()
        .map(|&(_, k)| (k as usize, &all[k as usize]))
        .collect()
}

fn require_people(ctx: &Ctx<'_>) -> Result<(), Need> {
    if ctx.tables.iter().any(crate::metrics::common::has_customer) {
        Ok(())
    } else {
        Err(Need::bare("journey.people"))
    }
}

/// How many of `people` reached each step.
fn step_counts<'p>(people: impl Iterator<Item = &'p Profile> + Clone) -> [u64; 4] {
    let mut out = [0u64; 4];
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = people.clone().filter(|p| reached(p, i)).count() as u64;
    }
    out
}

/// `journey.stage_funnel`: customers first seen in the range (their earliest dated row of
/// any journey file) reaching, in order, attraction (a lead, session, chat or social row),
/// sales (a first completed order), repeat (a second completed order, or a subscription
/// renewal: [`renewals_into`]) and loyalty (an NPS
/// answer of 9-10, or referral as their lead's or order's source/channel, or a referrer);
/// each step counts those who reached it and every step before. Value: sales / attraction,
/// with its Wilson interval. Table: per source (`all` first, then each acquisition source
/// by size, at most 25) and step: `{source, step, customers, conversion, low, high}` where
/// conversion = step / the step before (Wilson interval).
pub fn stage_funnel(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    require_people(ctx)?;
    let all = profiles(ctx);
    touch_people(ctx);
    let people = cohort(ctx, &all, scope);
    let counts = step_counts(people.iter().map(|(_, p)| *p));
    let mut c = Computed::proportion(counts[1], counts[0]);
    for (s, n) in STEPS.iter().zip(counts) {
        c = c.with_detail(s.id(), n as f64);
    }
    if ctx.wants_table() {
        let mut by_source: BTreeMap<&str, Vec<&Profile>> = BTreeMap::new();
        for (_, p) in &people {
            by_source
                .entry(p.acquisition_source(ctx.tables).unwrap_or("(none)"))
                .or_default()
                .push(p);
        }
        let mut sources: Vec<(&str, Vec<&Profile>)> = by_source.into_iter().collect();
        crate::stats::stable_sort_by(&mut sources, |a, b| {
            b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0))
        });
        let mut rows = Vec::new();
        let mut push = |source: &str, counts: [u64; 4]| {
            for (i, step) in STEPS.iter().enumerate() {
                let (conv, iv) = match i {
                    0 => (None, None),
                    _ => (
                        (counts[i - 1] > 0).then(|| counts[i] as f64 / counts[i - 1] as f64),
                        stats::wilson(counts[i], counts[i - 1]),
                    ),
                };
                rows.push(serde_json::json!({
                    "source": source,
                    "step": step.id(),
                    "customers": counts[i],
                    "conversion": conv,
                    "low": iv.as_ref().map(|v| v.low),
                    "high": iv.as_ref().map(|v| v.high),
                }));
            }
        };
        push("all", counts);
        for (source, ps) in sources.iter().take(25) {
            push(source, step_counts(ps.iter().copied()));
        }
        c.table = Some(serde_json::Value::Array(rows));
    }
    Ok(c)
}

/// Marks every file with customers as read (profiles read them all).
fn touch_people(ctx: &Ctx<'_>) {
    for (t, table) in ctx.tables.iter().enumerate() {
        if crate::metrics::common::has_customer(table)
            || table.kind == crate::table::TableKind::Sessions
        {
            ctx.touch(t);
        }
    }
}

/// One customer's steps: the first row of each step, for explain.
pub fn explain_stage_funnel(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    stage_funnel(ctx, scope)?;
    let all = profiles(ctx);
    let names = super::profiles::labels(ctx);
    let first_rows = first_rows(ctx);
    Ok(cohort(ctx, &all, scope)
        .into_iter()
        .filter_map(|(k, p)| {
            let (t, row) = first_rows.get(k).copied().flatten()?;
            let step = (0..4).rev().find(|&i| reached(p, i)).map(|i| STEPS[i].id());
            Some(provenance_row(
                &ctx.tables[t],
                row,
                step.is_some(),
                format!(
                    "customer {} first seen here; funnel step reached: {}",
                    &names[k],
                    step.unwrap_or("none")
                ),
                None,
            ))
        })
        .collect())
}

/// Each customer's earliest dated row of a journey file (file, row).
fn first_rows(ctx: &Ctx<'_>) -> Vec<Option<(usize, u32)>> {
    let customers = ctx.customers();
    let mut out: Vec<Option<(Timestamp, usize, u32)>> = vec![None; customers.count as usize];
    for (t, table) in ctx.tables.iter().enumerate() {
        if journey_stage(table.kind).is_none() {
            continue;
        }
        let Some(role) = table_date(table) else {
            continue;
        };
        for (row, &k) in customers.keys[t].iter().enumerate() {
            let (Some(slot), Some(d)) = (out.get_mut(k as usize), date_at(table, role, row as u32))
            else {
                continue;
            };
            if slot.is_none_or(|(at, _, _)| d < at) {
                *slot = Some((d, t, row as u32));
            }
        }
    }
    out.into_iter().map(|o| o.map(|(_, t, r)| (t, r))).collect()
}

/// One move between stages: (date of the row entered, from, to, table, row).
type Move = (Timestamp, Stage, Stage, usize, u32);

fn rank(s: Stage) -> u8 {
    match s {
        Stage::Attraction => 0,
        Stage::Sales => 1,
        Stage::Service => 2,
        Stage::Loyalty => 3,
        Stage::Journey => 4,
    }
}

/// Every customer's moves between stages over all the data, by date: each customer's dated
/// rows of journey files in (date, file, row) order, runs of one stage collapsed, each
/// change of stage a move. Built once per `analyze` call.
fn moves(ctx: &Ctx<'_>) -> Rc<Vec<Move>> {
    ctx.memo("journey.moves", || {
        let mut out = moves_of_keys(ctx).unwrap_or_else(|| moves_of_tuples(ctx));
        out.sort_unstable_by_key(|m| m.0);
        out
    })
}

/// [`moves`]' moves, before their sort by date: each dated row of a customer in a journey
/// file as one key, (customer, date, the row's position among all files' rows), which
/// sorted is (customer, date, file, row) order, by the shared sort and in 16 bytes a row
/// (a tuple took 24, 32 natively). `None` with 2^32 rows or more.
fn moves_of_keys(ctx: &Ctx<'_>) -> Option<Vec<Move>> {
    let customers = ctx.customers();
    let ids = RowKeys::new(ctx.tables);
    let mut rows: Vec<u128> = Vec::new();
    for (t, table) in ctx.tables.iter().enumerate() {
        let (Some(_), Some(role)) = (journey_stage(table.kind), table_date(table)) else {
            continue;
        };
        for (row, &k) in customers.keys[t].iter().enumerate() {
            if k == Customers::NONE {
                continue;
            }
            if let Some(d) = date_at(table, role, row as u32) {
                let id = ids.id(t, row as u32)?;
                rows.push(
                    (u128::from(k) << 96)
                        | (u128::from(stats::ordered_i64(d)) << 32)
                        | u128::from(id),
                );
            }
        }
    }
    stats::sort_u128(&mut rows);
    let stage = |id: u32| {
        let (t, r) = ids.locate(id);
        (ctx.tables.get(t).and_then(|x| journey_stage(x.kind)), t, r)
    };
    let mut out = Vec::new();
    // Collapsing runs: a row of the same stage as the one before is no move, and the window
    // compares neighbours, so runs are collapsed already.
    for pair in rows.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a >> 96 != b >> 96 {
            continue;
        }
        if let ((Some(from), _, _), (Some(to), t, r)) = (stage(a as u32), stage(b as u32))
            && from != to
        {
            out.push((stats::from_ordered_i64((b >> 32) as u64), from, to, t, r));
        }
    }
    Some(out)
}

/// [`moves_of_keys`] from the rows as tuples (2^32 rows or more).
fn moves_of_tuples(ctx: &Ctx<'_>) -> Vec<Move> {
    let customers = ctx.customers();
    let mut rows: Vec<(u32, Timestamp, usize, u32, Stage)> = Vec::new();
    for (t, table) in ctx.tables.iter().enumerate() {
        let (Some(stage), Some(role)) = (journey_stage(table.kind), table_date(table)) else {
            continue;
        };
        for (row, &k) in customers.keys[t].iter().enumerate() {
            if let (true, Some(d)) = (k != Customers::NONE, date_at(table, role, row as u32)) {
                rows.push((k, d, t, row as u32, stage));
            }
        }
    }
    stats::stable_sort_by(&mut rows, |a, b| {
        (a.0, a.1, a.2, a.3).cmp(&(b.0, b.1, b.2, b.3))
    });
    rows.windows(2)
        .filter(|w| w[0].0 == w[1].0 && w[0].4 != w[1].4)
        .map(|w| (w[1].1, w[0].4, w[1].4, w[1].2, w[1].3))
        .collect()
}

/// The moves whose entered row lies in the range.
fn moves_in<'m>(all: &'m [Move], scope: &Scope) -> &'m [Move] {
    let lo = all.partition_point(|m| m.0 < scope.range.start);
    let hi = all.partition_point(|m| m.0 < scope.range.end).max(lo);
    &all[lo..hi]
}

/// `journey.stage_flow`: each customer's rows of the journey files (leads, sessions, chats,
/// social: attraction; orders, subscriptions: sales; tickets, article views: service;
/// survey answers, reviews, events: loyalty) in time order (ties by file, then row), runs of
/// one stage collapsed; each change of stage is a move `from -> to`, counted in the period
/// of the row entered. Going back (to an earlier stage in that order, e.g. loyalty ->
/// service) counts like any move. Value: moves back / moves (Wilson interval). Table:
/// `{from, to, moves, back}` per pair, most moves first.
pub fn stage_flow(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    require_people(ctx)?;
    touch_people(ctx);
    let all = moves(ctx);
    let within = moves_in(&all, scope);
    let back = within.iter().filter(|m| rank(m.2) < rank(m.1)).count() as u64;
    let mut c = Computed::proportion(back, within.len() as u64);
    if ctx.wants_table() {
        let mut pairs: BTreeMap<(u8, u8), (Stage, Stage, u64)> = BTreeMap::new();
        for m in within {
            pairs
                .entry((rank(m.1), rank(m.2)))
                .or_insert((m.1, m.2, 0))
                .2 += 1;
        }
        let mut rows: Vec<(Stage, Stage, u64)> = pairs.into_values().collect();
        crate::stats::stable_sort_by(&mut rows, |a, b| b.2.cmp(&a.2));
        c.table = Some(serde_json::Value::Array(
            rows.into_iter()
                .map(|(from, to, n)| {
                    serde_json::json!({
                        "from": stage_id(from),
                        "to": stage_id(to),
                        "moves": n,
                        "back": rank(to) < rank(from),
                    })
                })
                .collect(),
        ));
    }
    Ok(c)
}

/// The row each move entered, with the move.
pub fn explain_stage_flow(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    stage_flow(ctx, scope)?;
    let all = moves(ctx);
    Ok(moves_in(&all, scope)
        .iter()
        .map(|m| {
            let back = rank(m.2) < rank(m.1);
            provenance_row(
                &ctx.tables[m.3],
                m.4,
                back,
                format!(
                    "{}: {} -> {}",
                    if back {
                        "included (back)"
                    } else {
                        "excluded (forward)"
                    },
                    stage_id(m.1),
                    stage_id(m.2)
                ),
                None,
            )
        })
        .collect())
}

/// The quantile `q` of sorted values, interpolated linearly between the two nearest ranks
/// (position q·(n-1), as DuckDB's `quantile_cont`).
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let pos = q * last as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64))
}

/// The gaps of `journey.time_between_stages`: (name, from, to) of each profile.
type Gap = (
    &'static str,
    fn(&Profile) -> Option<Timestamp>,
    fn(&Profile) -> Option<Timestamp>,
);
const GAPS: [Gap; 4] = [
    (
        "lead_or_visit_to_first_order",
        |p| p.first_visit_or_lead.get(),
        |p| p.first_order.get(),
    ),
    (
        "first_to_second_order",
        |p| p.first_order.get(),
        |p| p.second_order.get(),
    ),
    (
        "first_order_to_first_ticket",
        |p| p.first_order.get(),
        |p| p.first_ticket.get(),
    ),
    (
        "first_order_to_first_answer",
        |p| p.first_order.get(),
        |p| p.first_answer.get(),
    ),
];

/// `journey.time_between_stages`: per gap (first lead/visit -> first order, first ->
/// second order, first order -> first ticket, first order -> first survey answer), over the
/// customers whose later step lies in the range and comes no earlier than the first: the
/// median days, and the interquartile range (25th to 75th percentile, linear between ranks).
/// Gaps where the later step came first (a ticket before any order) are counted apart
/// (`<gap>.before`), not as negative days. Value: the median days from first lead or visit
/// to first order.
pub fn time_between_stages(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    require_people(ctx)?;
    touch_people(ctx);
    let all = profiles(ctx);
    // Per gap: (later step's date, days, or NaN when the later step came first), by date.
    let gaps = ctx.memo("journey.gaps", || {
        GAPS.map(|(_, from, to)| {
            let mut v: Vec<(Timestamp, f64)> = all
                .iter()
                .filter_map(|p| {
                    let (a, b) = (from(p)?, to(p)?);
                    let days = if b < a {
                        f64::NAN
                    } else {
                        (b - a) as f64 / SECONDS_PER_DAY as f64
                    };
                    Some((b, days))
                })
                .collect();
            // By date, then the days' bits (ties' order is unread: a range's days are sorted
            // again, and counted).
            stats::sort_packed(
                &mut v,
                |(d, days)| (u128::from(stats::ordered_i64(d)) << 64) | u128::from(days.to_bits()),
                |p| {
                    (
                        stats::from_ordered_i64((p >> 64) as u64),
                        f64::from_bits(p as u64),
                    )
                },
            );
            v
        })
    });
    let mut c = Computed::default();
    let mut rows = Vec::new();
    for (i, (name, _, _)) in GAPS.iter().enumerate() {
        let gap = &gaps[i];
        let lo = gap.partition_point(|g| g.0 < scope.range.start);
        let hi = gap.partition_point(|g| g.0 < scope.range.end).max(lo);
        let mut days: Vec<f64> = gap[lo..hi]
            .iter()
            .map(|g| g.1)
            .filter(|d| !d.is_nan())
            .collect();
        let before = (hi - lo - days.len()) as u64;
        crate::stats::sort_f64(&mut days);
        let median = quantile(&days, 0.5);
        let (q1, q3) = (quantile(&days, 0.25), quantile(&days, 0.75));
        if i == 0 {
            c.value = median;
            c.n = Some(days.len() as u64);
        }
        if let Some(m) = median {
            c = c.with_detail(&format!("{name}.median_days"), m);
        }
        c = c
            .with_detail(&format!("{name}.customers"), days.len() as f64)
            .with_detail(&format!("{name}.before"), before as f64);
        rows.push(serde_json::json!({
            "gap": name, "customers": days.len(), "median_days": median,
            "q1_days": q1, "q3_days": q3, "later_step_came_first": before,
        }));
    }
    if ctx.wants_table() {
        c.table = Some(serde_json::Value::Array(rows));
    }
    Ok(c)
}

/// The first orders (the value's gap) whose customer had a lead or visit before.
pub fn explain_time_between_stages(
    ctx: &Ctx<'_>,
    scope: &Scope,
) -> Result<Vec<ProvenanceRow>, Need> {
    time_between_stages(ctx, scope)?;
    let all = profiles(ctx);
    let names = super::profiles::labels(ctx);
    let firsts = &crate::metrics::sales::prep::Orders::get(ctx).first;
    Ok(all
        .iter()
        .enumerate()
        .filter_map(|(k, p)| {
            let (a, b) = (p.first_visit_or_lead.get()?, p.first_order.get()?);
            if !scope.range.contains(b) {
                return None;
            }
            let (_, t, row) = firsts.get(k).copied().flatten()?;
            let days = (b - a) as f64 / SECONDS_PER_DAY as f64;
            Some(provenance_row(
                &ctx.tables[t as usize],
                row,
                b >= a,
                format!(
                    "{}: first order of customer {}, days since first lead or visit",
                    if b >= a {
                        "included"
                    } else {
                        "excluded: order before any lead or visit"
                    },
                    &names[k]
                ),
                Some(days),
            ))
        })
        .collect())
}
