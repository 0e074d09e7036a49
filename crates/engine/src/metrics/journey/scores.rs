//! `loyalty.engagement_score` and `loyalty.health_score`: a score per customer, with each
//! component's points, so that a score says why it is what it is.
//!
//! Health modelling choices (METRICS.md leaves them open):
//! - The score is taken at an instant `at` (the range's end) from the rows dated before it.
//!   Scored customers are those with a dated row of any component's file in the 365 days
//!   to `at` (current customers) and at least two components with data.
//! - Components, each 0-100 points (`None`: no data for the customer):
//!   - usage: events and sessions in the 30 days to `at`, as a mid-rank percentile among
//!     the current customers with usage data (fewest 0, most 100, ties share the mean rank;
//!     one customer alone: 50). Data: the customer has an event or session before `at`.
//!   - satisfaction: the last NPS, CSAT or CES answer before `at`, moved linearly from its
//!     scale onto 0-100 (9 on 0-10 = 90; 4 on 1-5 = 75).
//!   - support: 100 / (1 + tickets opened in the 90 days to `at`): none 100, one 50, two
//!     33.3. Data: a tickets file names customers (no ticket is good news, not missing).
//!   - recency: 100 × max(0, 1 - days since the last row / (2 × the churn inactivity
//!     window)): 50 at the window (default 90 days), 0 at twice it.
//!   - payment: completed / (completed + cancelled, refunded or abandoned) orders in the 365
//!     days to `at` (pending and other statuses left out), × 100. Data: such an order.
//! - Score = Σ weight × points / Σ weight over the components with data (the weights of
//!   missing components are left out, so the others are renormalised); weights are the
//!   settings' `health_weights` (default 1 each). Bands: red ≤ 50, yellow ≤ 75, green above.
//! - Backtest: at `p` = `at` - the churn inactivity window, the scores from the rows before
//!   `p` of the customers at risk at `p` (with subscriptions: a subscription active at `p`;
//!   orders only: a completed order in the window before `p`), against who churned by `at`
//!   (no subscription active at `at`; orders only: no completed order from `p` to `at`).
//!   AUC = the Mann–Whitney probability that a retained customer scores above a churned
//!   one (ties count half); reported only when both groups are non-empty.

use crate::metrics::common::{dated_tables, fold, has_person, provenance_row};
use crate::metrics::journey::profiles::labels;
use crate::metrics::loyalty::answers::answers;
use crate::metrics::sales::prep::Orders;
use crate::metrics::{Computed, Ctx, Customers, Need, Sample, Scope};
use crate::period::{DateRange, SECONDS_PER_DAY};
use crate::report::{Breakdown, BreakdownRow, ProvenanceRow};
use crate::table::{Role, Status, SurveyKind, TableKind, Timestamp};
use crate::why::Why;
use serde_json::json;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// At most this many customers in a score's report table (the profiles CSV has them all).
pub const TABLE_ROWS: usize = 100;

/// The [`TABLE_ROWS`] items with the highest (or lowest) score, ties by customer label: the
/// rows of a score's table.
fn ranked<T>(
    items: impl Iterator<Item = (u32, f64, T)>,
    names: &crate::table::Dict,
    highest_first: bool,
) -> Vec<T> {
    let mut all: Vec<(u32, f64, T)> = items.collect();
    crate::stats::stable_sort_by(&mut all, |a, b| {
        let by_score = if highest_first {
            b.1.total_cmp(&a.1)
        } else {
            a.1.total_cmp(&b.1)
        };
        by_score.then_with(|| names[a.0 as usize].cmp(&names[b.0 as usize]))
    });
    all.into_iter()
        .take(TABLE_ROWS)
        .map(|(_, _, item)| item)
        .collect()
}

fn all_time(scope: &Scope) -> Scope {
    Scope {
        range: DateRange {
            start: Timestamp::MIN / 2,
            end: Timestamp::MAX / 2,
        },
        filter: scope.filter.clone(),
    }
}

/// One customer's engagement: the score and the points of each event kind (folded name).
#[derive(Debug, Clone, PartialEq)]
pub struct Engaged {
    pub customer: u32,
    pub score: f64,
    pub components: BTreeMap<String, f64>,
}

/// Each customer's engagement over the event rows dated in the scope (and passing its
/// filter): Σ over event names (folded) of weight × count, the weight from the settings'
/// `engagement_weights` (keys folded), else 1. Rows with no customer are left out.
pub fn engagement_in(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Engaged>, Need> {
    let customers = ctx.customers();
    let weights: HashMap<String, f64> = ctx
        .settings
        .engagement_weights
        .iter()
        .map(|(k, w)| (fold(k), *w))
        .collect();
    let mut names: Vec<String> = Vec::new();
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut counts: HashMap<(u32, u32), u64> = HashMap::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, &[TableKind::Events]) {
        let Some(col) = t.text(Role::EventName) else {
            continue;
        };
        if !has_person(t) {
            continue;
        }
        any = true;
        let code_id: Vec<u32> = col
            .dict
            .iter()
            .map(|w| {
                let f = fold(w);
                let next = names.len() as u32;
                *ids.entry(f.clone()).or_insert_with(|| {
                    names.push(f);
                    next
                })
            })
            .collect();
        let keys = &customers.keys[ti];
        for r in ctx.rows(ti, role, scope) {
            let k = keys.get(r as usize).copied().unwrap_or(Customers::NONE);
            let name = col
                .codes
                .get(r as usize)
                .and_then(|&c| code_id.get(c as usize));
            if let (true, Some(&name)) = (k != Customers::NONE, name) {
                *counts.entry((k, name)).or_default() += 1;
            }
        }
    }
    if !any {
        return Err(Need::bare("events.name"));
    }
    let mut by: BTreeMap<u32, Engaged> = BTreeMap::new();
    for ((k, name), n) in counts {
        let name = &names[name as usize];
        let points = weights.get(name).copied().unwrap_or(1.0) * n as f64;
        let e = by.entry(k).or_insert_with(|| Engaged {
            customer: k,
            score: 0.0,
            components: BTreeMap::new(),
        });
        e.components.insert(name.clone(), points);
    }
    Ok(by
        .into_values()
        .map(|mut e| {
            e.score = e.components.values().sum();
            e
        })
        .collect())
}

/// Every customer's engagement over all the data (the profiles' field), by customer key.
pub fn engagement_all(ctx: &Ctx<'_>) -> Rc<Vec<Option<f64>>> {
    ctx.memo("journey.engagement_all", || {
        let mut out = vec![None; ctx.customers().count as usize];
        let scope = all_time(&Scope {
            range: ctx.range,
            filter: None,
        });
        if let Ok(all) = engagement_in(ctx, &scope) {
            for e in all {
                if let Some(slot) = out.get_mut(e.customer as usize) {
                    *slot = Some(e.score);
                }
            }
        }
        out
    })
}

/// `loyalty.engagement_score`: per customer with an event in the period, Σ over event kinds
/// of weight × count (weights from the settings, default 1). Value: the mean score over
/// those customers (with its normal interval). Table: the [`TABLE_ROWS`] highest scores
/// (ties by customer), `{customer, score, components: {event: points}}`.
pub fn engagement_score(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    crate::metrics::common::filter_reaches(ctx, scope, &[TableKind::Events])?;
    let all = engagement_in(ctx, scope)?;
    let scores: Vec<f64> = all.iter().map(|e| e.score).collect();
    let mut c = Computed::default();
    if let Some((mean, sd)) = crate::stats::mean_sd(&scores) {
        c.value = Some(mean);
        c.sample = Some(Sample::Mean {
            mean,
            sd,
            n: scores.len() as u64,
        });
    } else {
        c.n = Some(0);
    }
    if ctx.wants_table() {
        let names = labels(ctx);
        let top = ranked(all.iter().map(|e| (e.customer, e.score, e)), &names, true);
        c.table = Some(serde_json::Value::Array(
            top.into_iter()
                .map(|e| {
                    json!({
                        "customer": names[e.customer as usize],
                        "score": e.score,
                        "components": e.components,
                    })
                })
                .collect(),
        ));
    }
    Ok(c)
}

/// The event rows in the period: included (with their weight) when they name a customer.
pub fn explain_engagement_score(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    engagement_score(ctx, scope)?;
    let customers = ctx.customers();
    let names = labels(ctx);
    let weights: HashMap<String, f64> = ctx
        .settings
        .engagement_weights
        .iter()
        .map(|(k, w)| (fold(k), *w))
        .collect();
    let mut out = Vec::new();
    for (ti, t, role) in dated_tables(ctx, &[TableKind::Events]) {
        let Some(col) = t.text(Role::EventName) else {
            continue;
        };
        if !has_person(t) {
            continue;
        }
        for r in ctx.rows(ti, role, scope) {
            let k = customers.keys[ti][r as usize];
            let name = col.get(r as usize).map(fold);
            let row = match (k != Customers::NONE, name) {
                (true, Some(n)) => {
                    let w = weights.get(&n).copied().unwrap_or(1.0);
                    let who = &names[k as usize];
                    let mut row = provenance_row(
                        t,
                        r,
                        true,
                        format!("included: {n} for customer {who} (weight {w})"),
                        Some(w),
                    );
                    row.why = Some(Why::new(
                        "score.engagement.event",
                        [n.clone(), who.to_string(), w.to_string()],
                    ));
                    row
                }
                (false, _) => {
                    let mut row =
                        provenance_row(t, r, false, "excluded: no customer".to_string(), None);
                    row.why = Some(Why::new("score.no_customer", Vec::<String>::new()));
                    row
                }
                (true, None) => {
                    let mut row =
                        provenance_row(t, r, false, "excluded: no event name".to_string(), None);
                    row.why = Some(Why::new("score.no_event_name", Vec::<String>::new()));
                    row
                }
            };
            out.push(row);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- health

const USAGE: u8 = 0;
const ANSWER: u8 = 1;
const TICKET: u8 = 2;
const PAID: u8 = 3;
const UNPAID: u8 = 4;
const OTHER: u8 = 5;
const SUBSCRIPTION: u8 = 6;

/// One dated row of a customer, as the health score reads it: 24 bytes (a `u32` table made
/// it 32, and the log holds a row of every usage, ticket, answer and order file).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    date: Timestamp,
    key: u32,
    /// Satisfaction points of an answer.
    value: f32,
    row: u32,
    /// The file: its index among the files read (no one reads 65,536 files).
    table: u16,
    kind: u8,
}

/// Every customer's dated rows of the health files, sorted by (customer, date), with where
/// each customer's run starts; which component files exist; the subscription intervals.
#[derive(Debug, Default)]
pub struct HealthLog {
    entries: Vec<Entry>,
    starts: Vec<u32>,
    has_usage: bool,
    has_tickets: bool,
    /// Kinds of files with customers (events or sessions, surveys, tickets, orders,
    /// subscriptions): the metric needs two.
    kinds: usize,
    /// (customer key, start, end) of each subscription.
    subscriptions: Vec<(u32, Timestamp, Option<Timestamp>)>,
    has_orders: bool,
}

impl HealthLog {
    fn of(&self, key: u32) -> &[Entry] {
        let k = key as usize;
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.entries[a as usize..b as usize],
            _ => &[],
        }
    }
}

fn health_log(ctx: &Ctx<'_>, scope: &Scope) -> Rc<HealthLog> {
    type Cache = RefCell<HashMap<Option<(Role, String)>, (Rc<HealthLog>, Vec<usize>)>>;
    let cache = ctx.memo("journey.health_log", Cache::default);
    if let Some((hit, read)) = cache.borrow().get(&scope.filter) {
        ctx.touch_all(read);
        return hit.clone();
    }
    let (built, read) = ctx.reading(|| Rc::new(build_log(ctx, scope)));
    cache
        .borrow_mut()
        .insert(scope.filter.clone(), (built.clone(), read));
    built
}

/// The health log's rows as they are read, before sorting; rows of no customer are left out.
#[derive(Default)]
struct Entries(Vec<Entry>);

impl Entries {
    fn push(&mut self, key: u32, date: Timestamp, kind: u8, value: f32, table: usize, row: u32) {
        if key != Customers::NONE {
            self.0.push(Entry {
                key,
                date,
                kind,
                value,
                table: u16::try_from(table).unwrap_or(u16::MAX),
                row,
            });
        }
    }
}

fn build_log(ctx: &Ctx<'_>, scope: &Scope) -> HealthLog {
    let customers = ctx.customers();
    let all = all_time(scope);
    let mut log = HealthLog::default();
    // Room for an entry per row of the files read, at once: a doubling `Vec` needs three
    // times its room while it moves (and wasm keeps that mark); `shrink_to_fit` gives back
    // what is unused.
    let rows = ctx
        .tables
        .iter()
        .filter(|t| {
            matches!(
                t.kind,
                TableKind::Events
                    | TableKind::Sessions
                    | TableKind::Tickets
                    | TableKind::SurveyResponses
                    | TableKind::Reviews
                    | TableKind::EmployeeSurvey
                    | TableKind::Orders
                    | TableKind::Subscriptions
            )
        })
        .map(crate::table::Table::rows)
        .sum();
    let mut e = Entries(Vec::with_capacity(rows));
    let usage_file = usage_and_tickets(ctx, &all, &mut log, &mut e);
    log.has_usage = usage_file;
    let surveys = survey_answers(ctx, &all, &mut e);
    order_payments(ctx, &all, &mut log, &mut e);
    subscription_starts(ctx, &all, &mut log, &mut e);
    log.kinds = usize::from(usage_file)
        + usize::from(surveys)
        + usize::from(log.has_tickets)
        + usize::from(log.has_orders)
        + usize::from(!log.subscriptions.is_empty());
    let mut e = e.0;
    e.sort_unstable_by(|a, b| {
        (a.key, a.date, a.table, a.row).cmp(&(b.key, b.date, b.table, b.row))
    });
    log.starts = run_starts(&e, customers.count as usize);
    // Kept until `journey.customers`: without the half of a doubled capacity it may carry.
    e.shrink_to_fit();
    log.entries = e;
    log
}

/// Usage and support: events, sessions and tickets. Whether a usage file (events or
/// sessions) names customers.
fn usage_and_tickets(ctx: &Ctx<'_>, all: &Scope, log: &mut HealthLog, e: &mut Entries) -> bool {
    let customers = ctx.customers();
    let mut usage_file = false;
    for (ti, t, role) in dated_tables(
        ctx,
        &[TableKind::Events, TableKind::Sessions, TableKind::Tickets],
    ) {
        if !has_person(t) {
            continue;
        }
        let kind = if t.kind == TableKind::Tickets {
            log.has_tickets = true;
            TICKET
        } else {
            usage_file = true;
            USAGE
        };
        let dates = t.dates(role);
        for r in ctx.all_rows(ti, all) {
            if let Some(d) = dates.and_then(|d| d.get(r as usize)) {
                e.push(customers.keys[ti][r as usize], d, kind, 0.0, ti, r);
            }
        }
    }
    usage_file
}

/// Satisfaction: NPS, CSAT and CES answers, on 0-100. Whether any dated answer was read.
fn survey_answers(ctx: &Ctx<'_>, all: &Scope, e: &mut Entries) -> bool {
    let customers = ctx.customers();
    let mut surveys = false;
    for kind in [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces] {
        let Ok(given) = answers(ctx, all, kind) else {
            continue;
        };
        for a in given {
            let v = &a.verdict;
            let (Some(points), Some(t)) = (a.rescaled(0.0, 100.0), ctx.tables.get(v.table)) else {
                continue;
            };
            let Some(d) = crate::metrics::common::table_date(t)
                .and_then(|r| crate::metrics::common::date_at(t, r, v.row))
            else {
                continue;
            };
            surveys = true;
            e.push(
                customers.keys[v.table][v.row as usize],
                d,
                ANSWER,
                points as f32,
                v.table,
                v.row,
            );
        }
    }
    surveys
}

/// Payment: completed orders against cancelled, refunded or abandoned ones.
fn order_payments(ctx: &Ctx<'_>, all: &Scope, log: &mut HealthLog, e: &mut Entries) {
    let orders = Orders::get(ctx);
    for ot in &orders.tables {
        log.has_orders = true;
        ot.each(ctx, all, |p| {
            let o = &ot.sorted.orders[p];
            let kind = match o.status {
                Status::Completed => PAID,
                Status::Cancelled | Status::Refunded | Status::Abandoned => UNPAID,
                _ => OTHER,
            };
            e.push(
                o.customer,
                ot.sorted.index.dates[p],
                kind,
                0.0,
                ot.t,
                ot.sorted.index.rows[p],
            );
        });
    }
}

/// Subscriptions: activity at their start, and the churn of the backtest.
fn subscription_starts(ctx: &Ctx<'_>, all: &Scope, log: &mut HealthLog, e: &mut Entries) {
    let customers = ctx.customers();
    for (ti, t, role) in dated_tables(ctx, &[TableKind::Subscriptions]) {
        if !has_person(t) {
            continue;
        }
        let starts = t.dates(role);
        let ends = t.dates(Role::EndedAt);
        for r in ctx.all_rows(ti, all) {
            let key = customers.keys[ti][r as usize];
            if let (Some(s), true) = (
                starts.and_then(|d| d.get(r as usize)),
                key != Customers::NONE,
            ) {
                let end = ends.and_then(|d| d.get(r as usize));
                log.subscriptions.push((key, s, end));
                e.push(key, s, SUBSCRIPTION, 0.0, ti, r);
            }
        }
    }
}

/// Where each of `n` customers' runs starts in `e` (sorted by customer): `n + 1` offsets.
fn run_starts(e: &[Entry], n: usize) -> Vec<u32> {
    let mut starts = vec![0u32; n + 1];
    for x in e {
        if let Some(s) = starts.get_mut(x.key as usize + 1) {
            *s += 1;
        }
    }
    for i in 1..=n {
        starts[i] += starts[i - 1];
    }
    starts
}

/// One customer's health at an instant: the score, its band and each component's points.
#[derive(Debug, Clone, PartialEq)]
pub struct Health {
    pub customer: u32,
    pub score: f64,
    /// usage, satisfaction, support, recency, payment.
    pub components: [Option<f64>; 5],
}

/// The component names, in [`Health::components`] order.
pub const COMPONENTS: [&str; 5] = ["usage", "satisfaction", "support", "recency", "payment"];

/// The band of a score: red ≤ 50, yellow ≤ 75, green above.
pub fn band(score: f64) -> &'static str {
    if score <= 50.0 {
        "red"
    } else if score <= 75.0 {
        "yellow"
    } else {
        "green"
    }
}

/// Mid-rank percentiles of `values`, 0-100 (fewest 0, most 100; one value alone: 50).
pub fn percentiles(values: &[f64]) -> Vec<f64> {
    let n = values.len();
    if n == 1 {
        return vec![50.0];
    }
    let mut order: Vec<usize> = (0..n).collect();
    crate::stats::stable_sort_by(&mut order, |&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        // Below: i values; equal others: j - i.
        let p = 100.0 * (i as f64 + (j - i) as f64 / 2.0) / (n - 1) as f64;
        for &o in &order[i..=j] {
            out[o] = p;
        }
        i = j + 1;
    }
    out
}

/// Every current customer's health at `at` from the rows before it (see the module's doc).
fn health_at(ctx: &Ctx<'_>, log: &HealthLog, at: Timestamp) -> Vec<Health> {
    let day = SECONDS_PER_DAY;
    let window = f64::from(ctx.settings.churn_inactivity_days.max(1));
    let w = &ctx.settings.health_weights;
    let weights = [w.usage, w.satisfaction, w.support, w.recency, w.payment];
    let mut out = Vec::new();
    let mut usage_raw: Vec<(usize, f64)> = Vec::new();
    for key in 0..log.starts.len().saturating_sub(1) as u32 {
        let rows = log.of(key);
        let before = rows.partition_point(|e| e.date < at);
        let rows = &rows[..before];
        let Some(last) = rows.last() else {
            continue;
        };
        if last.date < at - 365 * day {
            continue;
        }
        let mut c: [Option<f64>; 5] = [None; 5];
        let (mut used, mut usage_recent, mut tickets, mut paid, mut unpaid) =
            (false, 0u64, 0, 0, 0);
        let mut answer = None;
        for e in rows {
            match e.kind {
                USAGE => {
                    used = true;
                    usage_recent += u64::from(e.date >= at - 30 * day);
                }
                ANSWER => answer = Some(f64::from(e.value)),
                TICKET => tickets += u32::from(e.date >= at - 90 * day),
                PAID => paid += u32::from(e.date >= at - 365 * day),
                UNPAID => unpaid += u32::from(e.date >= at - 365 * day),
                _ => {}
            }
        }
        if used {
            usage_raw.push((out.len(), usage_recent as f64));
        }
        c[1] = answer;
        if log.has_tickets {
            c[2] = Some(100.0 / (1.0 + f64::from(tickets)));
        }
        let days = (at - last.date) as f64 / day as f64;
        c[3] = Some(100.0 * (1.0 - days / (2.0 * window)).max(0.0));
        if paid + unpaid > 0 {
            c[4] = Some(100.0 * f64::from(paid) / f64::from(paid + unpaid));
        }
        out.push(Health {
            customer: key,
            score: 0.0,
            components: c,
        });
    }
    let pct = percentiles(&usage_raw.iter().map(|u| u.1).collect::<Vec<_>>());
    for ((i, _), p) in usage_raw.iter().zip(pct) {
        out[*i].components[0] = Some(p);
    }
    out.retain_mut(|h| {
        let (mut sum, mut total, mut present) = (0.0, 0.0, 0);
        for (p, w) in h.components.iter().zip(weights) {
            if let Some(p) = p {
                present += 1;
                sum += w * p;
                total += w;
            }
        }
        h.score = if total > 0.0 { sum / total } else { f64::NAN };
        present >= 2 && total > 0.0
    });
    out
}

/// Mann–Whitney AUC: the probability that a `positive` value exceeds a `negative` one, ties
/// counting half; `None` when either group is empty.
pub fn auc(positive: &[f64], negative: &[f64]) -> Option<f64> {
    let (n1, n0) = (positive.len(), negative.len());
    if n1 == 0 || n0 == 0 {
        return None;
    }
    let mut all: Vec<(f64, bool)> = positive
        .iter()
        .map(|&v| (v, true))
        .chain(negative.iter().map(|&v| (v, false)))
        .collect();
    crate::stats::stable_sort_by(&mut all, |a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j + 1 < all.len() && all[j + 1].0 == all[i].0 {
            j += 1;
        }
        let mid = (i + j) as f64 / 2.0 + 1.0;
        rank_sum += mid * all[i..=j].iter().filter(|x| x.1).count() as f64;
        i = j + 1;
    }
    let u = rank_sum - (n1 * (n1 + 1)) as f64 / 2.0;
    Some(u / (n1 as f64 * n0 as f64))
}

/// The backtest at `at` - the churn window: (AUC, customers, churned), when churn is known.
fn backtest(ctx: &Ctx<'_>, log: &HealthLog, at: Timestamp) -> Option<(f64, usize, usize)> {
    let window = i64::from(ctx.settings.churn_inactivity_days.max(1)) * SECONDS_PER_DAY;
    let p = at - window;
    let scored = health_at(ctx, log, p);
    let (mut kept, mut lost) = (Vec::new(), Vec::new());
    if !log.subscriptions.is_empty() {
        // Subscriptions by customer, to test "active at" without a scan per customer.
        let mut by: HashMap<u32, Vec<(Timestamp, Option<Timestamp>)>> = HashMap::new();
        for &(k, s, e) in &log.subscriptions {
            by.entry(k).or_default().push((s, e));
        }
        let on = |key: u32, t: Timestamp| {
            by.get(&key)
                .is_some_and(|v| v.iter().any(|&(s, e)| s < t && e.is_none_or(|e| e >= t)))
        };
        for h in &scored {
            if on(h.customer, p) {
                if on(h.customer, at) {
                    &mut kept
                } else {
                    &mut lost
                }
                .push(h.score);
            }
        }
    } else if log.has_orders {
        for h in &scored {
            let rows = log.of(h.customer);
            let at_risk = rows
                .iter()
                .any(|e| e.kind == PAID && e.date >= p - window && e.date < p);
            if at_risk {
                let stayed = rows
                    .iter()
                    .any(|e| e.kind == PAID && e.date >= p && e.date < at);
                if stayed { &mut kept } else { &mut lost }.push(h.score);
            }
        }
    }
    auc(&kept, &lost).map(|a| (a, kept.len() + lost.len(), lost.len()))
}

/// Every customer's health at the end of the analysed range (no filter), by customer key:
/// the profiles' field.
pub fn health_all(ctx: &Ctx<'_>) -> Rc<Vec<Option<f64>>> {
    ctx.memo("journey.health_all", || {
        let mut out = vec![None; ctx.customers().count as usize];
        let scope = Scope {
            range: ctx.range,
            filter: None,
        };
        let log = health_log(ctx, &scope);
        if log.kinds >= 2 {
            for h in health_at(ctx, &log, ctx.range.end) {
                if let Some(slot) = out.get_mut(h.customer as usize) {
                    *slot = Some(h.score);
                }
            }
        }
        out
    })
}

/// `loyalty.health_score`: each current customer's health at the range's end, 0-100, as the
/// module's doc sets out (components usage, satisfaction, support, recency, payment; missing
/// components' weights left out). Value: the mean score (normal interval). Breakdown by
/// band: customers per band (`red`, `yellow`, `green`). Table: the [`TABLE_ROWS`] lowest
/// scores (ties by customer), `{customer, score, band, components}`, a component `null`
/// with no data. Details: `auc`, `backtest_customers`, `backtest_churned` where churn is
/// known. Needs two of: events or sessions, surveys, tickets, orders, subscriptions.
pub fn health_score(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let log = health_log(ctx, scope);
    if log.kinds < 2 {
        return Err(Need::bare("journey.health_inputs"));
    }
    let at = scope.range.end;
    let all = health_at(ctx, &log, at);
    let scores: Vec<f64> = all.iter().map(|h| h.score).collect();
    let mut c = Computed::default();
    if let Some((mean, sd)) = crate::stats::mean_sd(&scores) {
        c.value = Some(mean);
        c.sample = Some(Sample::Mean {
            mean,
            sd,
            n: scores.len() as u64,
        });
    } else {
        c.n = Some(0);
    }
    let mut bands = [0u64; 3];
    for s in &scores {
        bands[match band(*s) {
            "red" => 0,
            "yellow" => 1,
            _ => 2,
        }] += 1;
    }
    c.breakdowns = vec![Breakdown {
        by: "band".into(),
        rows: ["red", "yellow", "green"]
            .iter()
            .zip(bands)
            .map(|(k, n)| BreakdownRow {
                key: (*k).into(),
                value: Some(n as f64),
                n: Some(n),
            })
            .collect(),
    }];
    if let Some((a, n, churned)) = backtest(ctx, &log, at) {
        c.details.insert("auc".into(), a);
        c.details.insert("backtest_customers".into(), n as f64);
        c.details.insert("backtest_churned".into(), churned as f64);
    }
    if ctx.wants_table() {
        let names = labels(ctx);
        let low = ranked(all.iter().map(|h| (h.customer, h.score, h)), &names, false);
        c.table = Some(serde_json::Value::Array(
            low.into_iter()
                .map(|h| {
                    // Filled by `insert`: collecting a map compiles a sort per iterator
                    // type (wasm size, issue 16).
                    let mut comp = serde_json::Map::new();
                    for (k, v) in COMPONENTS.iter().zip(h.components) {
                        comp.insert((*k).to_string(), json!(v));
                    }
                    json!({
                        "customer": names[h.customer as usize],
                        "score": h.score,
                        "band": band(h.score),
                        "components": comp,
                    })
                })
                .collect(),
        ));
    }
    Ok(c)
}

/// Each scored customer's last row before the range's end, with their score and band.
pub fn explain_health_score(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    health_score(ctx, scope)?;
    let log = health_log(ctx, scope);
    let names = labels(ctx);
    let at = scope.range.end;
    Ok(health_at(ctx, &log, at)
        .iter()
        .filter_map(|h| {
            let rows = log.of(h.customer);
            let last = rows[..rows.partition_point(|e| e.date < at)].last()?;
            let table = ctx.tables.get(last.table as usize)?;
            let who = &names[h.customer as usize];
            let mut row = provenance_row(
                table,
                last.row,
                true,
                format!(
                    "included: customer {who} scores {:.1} ({}), last row before the range's end",
                    h.score,
                    band(h.score)
                ),
                Some(h.score),
            );
            // Parts: customer, score (one decimal), band, then each component with data as
            // `name=points`.
            let mut args = vec![
                who.to_string(),
                format!("{:.1}", h.score),
                band(h.score).to_string(),
            ];
            args.extend(
                COMPONENTS
                    .iter()
                    .zip(h.components)
                    .filter_map(|(k, v)| v.map(|v| format!("{k}={v:.1}"))),
            );
            row.why = Some(Why::new("score.health.customer", args));
            Some(row)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Query;
    use crate::settings::Settings;
    use crate::table::{Table, Values, text_values};
    use crate::test_support::{assert_close, day, q1};

    /// c1: view, view, buy (Mar 20); c2: view (Jan 10).
    fn events() -> Table {
        Table::new("events.csv", TableKind::Events)
            .with_column(
                "at",
                Role::EventAt,
                Values::Date(
                    vec![
                        day(2025, 3, 20),
                        day(2025, 3, 20),
                        day(2025, 3, 20),
                        day(2025, 1, 10),
                    ]
                    .into(),
                ),
            )
            .with_column(
                "customer",
                Role::CustomerId,
                text_values(["c1", "c1", "c1", "c2"]),
            )
            .with_column(
                "event",
                Role::EventName,
                text_values(["View", "view", "Buy", "view"]),
            )
    }

    #[test]
    fn engagement_is_weight_times_count_per_event_kind() {
        let tables = [events()];
        let mut settings = Settings::default();
        settings.engagement_weights.insert("buy".into(), 5.0);
        let query = Query::default();
        let ctx = Ctx::new(&tables, &settings, &query);
        let c = engagement_score(&ctx, &q1()).expect("events");
        // c1 = 2 views × 1 + 1 buy × 5 = 7; c2 = 1 view = 1; mean 4.
        assert_close(c.value.unwrap_or_default(), 4.0);
        let table = c.table.expect("table");
        assert_eq!(table[0]["customer"], "c1");
        assert_close(table[0]["score"].as_f64().unwrap_or_default(), 7.0);
        assert_close(
            table[0]["components"]["buy"].as_f64().unwrap_or_default(),
            5.0,
        );
        assert_close(
            table[0]["components"]["view"].as_f64().unwrap_or_default(),
            2.0,
        );
        assert_close(table[1]["score"].as_f64().unwrap_or_default(), 1.0);
    }

    #[test]
    fn mann_whitney_auc_counts_ties_half() {
        // Pairs (3,1) (3,2) (2,1) win, (2,2) ties: 3.5 / 4.
        assert_close(auc(&[3.0, 2.0], &[1.0, 2.0]).unwrap_or_default(), 0.875);
        assert_close(auc(&[1.0], &[2.0]).unwrap_or_default(), 0.0);
        assert_eq!(auc(&[1.0], &[]), None);
    }

    #[test]
    fn percentiles_are_mid_ranks() {
        assert_eq!(
            percentiles(&[0.0, 2.0, 2.0, 5.0]),
            vec![0.0, 50.0, 50.0, 100.0]
        );
        assert_eq!(percentiles(&[3.0]), vec![50.0]);
    }

    /// Orders: c1 completed Mar 1; c2 completed Feb 1, cancelled Feb 15. Tickets: c2 Mar 25.
    fn orders_and_tickets() -> [Table; 2] {
        let orders = Table::new("orders.csv", TableKind::Orders)
            .with_column(
                "date",
                Role::OrderDate,
                Values::Date(vec![day(2025, 3, 1), day(2025, 2, 1), day(2025, 2, 15)].into()),
            )
            .with_column(
                "customer",
                Role::CustomerId,
                text_values(["c1", "c2", "c2"]),
            )
            .with_column(
                "status",
                Role::Status,
                text_values(["completed", "completed", "cancelled"]),
            );
        let tickets = Table::new("tickets.csv", TableKind::Tickets)
            .with_column(
                "created",
                Role::CreatedAt,
                Values::Date(vec![day(2025, 3, 25)].into()),
            )
            .with_column("customer", Role::CustomerId, text_values(["c2"]));
        [orders, tickets]
    }

    #[test]
    fn health_is_the_weighted_mean_of_the_components_with_data() {
        let [orders, tickets] = orders_and_tickets();
        let tables = [events(), orders, tickets];
        let (settings, query) = (Settings::default(), Query::default());
        let ctx = Ctx::new(&tables, &settings, &query);
        let c = health_score(&ctx, &q1()).expect("health");
        // At Apr 1. c1: usage 2 events in 30 days (percentile 100 of [2, 0]), no answer,
        // support 100 (no ticket), recency 12 days: 100 × (1 - 12/180), payment 1/1 = 100.
        let c1 = (100.0 + 100.0 + 100.0 * (1.0 - 12.0 / 180.0) + 100.0) / 4.0;
        // c2: usage 0, support 100 / 2 = 50, recency 7 days (the ticket), payment 1/2.
        let c2 = (0.0 + 50.0 + 100.0 * (1.0 - 7.0 / 180.0) + 50.0) / 4.0;
        assert_close(c.value.unwrap_or_default(), (c1 + c2) / 2.0);
        let table = c.table.expect("table");
        assert_eq!(table[0]["customer"], "c2");
        assert_eq!(table[0]["band"], "red");
        assert_close(table[0]["score"].as_f64().unwrap_or_default(), c2);
        assert!(table[0]["components"]["satisfaction"].is_null());
        assert_close(
            table[0]["components"]["payment"]
                .as_f64()
                .unwrap_or_default(),
            50.0,
        );
        assert_eq!(table[1]["band"], "green");
        let bands = &c.breakdowns[0];
        assert_eq!(bands.by, "band");
        let counts: Vec<(String, Option<f64>)> = bands
            .rows
            .iter()
            .map(|r| (r.key.clone(), r.value))
            .collect();
        assert_eq!(
            counts,
            vec![
                ("red".into(), Some(1.0)),
                ("yellow".into(), Some(0.0)),
                ("green".into(), Some(1.0)),
            ]
        );
        // No completed order in the 90 days before Jan 1: churn unknown, no AUC.
        assert!(!c.details.contains_key("auc"));
    }

    #[test]
    fn score_rules_come_as_parts_too() {
        let [orders, tickets] = orders_and_tickets();
        let tables = [events(), orders, tickets];
        let (settings, query) = (Settings::default(), Query::default());
        let ctx = Ctx::new(&tables, &settings, &query);
        let rows = explain_health_score(&ctx, &q1()).expect("health");
        let c2 = rows
            .iter()
            .filter_map(|r| r.why.as_ref())
            .find(|w| w.args.first().map(String::as_str) == Some("c2"))
            .expect("c2's row");
        assert_eq!(c2.key, "score.health.customer");
        assert_eq!(
            c2.args,
            [
                "c2",
                "49.0",
                "red",
                "usage=0.0",
                "support=50.0",
                "recency=96.1",
                "payment=50.0"
            ]
        );
        let rows = explain_engagement_score(&ctx, &q1()).expect("events");
        let buy = rows
            .iter()
            .find(|r| r.rule.contains("buy"))
            .and_then(|r| r.why.clone())
            .expect("the buy row");
        assert_eq!(buy, Why::new("score.engagement.event", ["buy", "c1", "1"]));
    }

    #[test]
    fn health_weights_leave_out_missing_components() {
        let [orders, tickets] = orders_and_tickets();
        let tables = [events(), orders, tickets];
        let mut settings = Settings::default();
        settings.health_weights.payment = 3.0;
        settings.health_weights.usage = 0.0;
        let query = Query::default();
        let ctx = Ctx::new(&tables, &settings, &query);
        let c = health_score(&ctx, &q1()).expect("health");
        let table = c.table.expect("table");
        // c2: (0 × 0 + 50 + recency + 3 × 50) / (0 + 1 + 1 + 3).
        let c2 = (50.0 + 100.0 * (1.0 - 7.0 / 180.0) + 150.0) / 5.0;
        assert_close(table[0]["score"].as_f64().unwrap_or_default(), c2);
    }

    #[test]
    fn health_needs_two_kinds_of_file() {
        let tables = [events()];
        let (settings, query) = (Settings::default(), Query::default());
        let ctx = Ctx::new(&tables, &settings, &query);
        let e = health_score(&ctx, &q1()).expect_err("one kind");
        assert_eq!(e.key, "journey.health_inputs");
    }
}
