//! The driver: runs each [`Def`] for the range, its periods, the previous range and each
//! breakdown key, and derives intervals, small-sample flags and significance.

use crate::error::EngineError;
use crate::metrics::{
    Computed, Ctx, Def, Need, Sample, Scope, attraction, journey, loyalty, sales, service,
};
use crate::period::{self, Query};
use crate::report::{
    Breakdown, BreakdownRow, Explanation, Metric, Point, Report, Stage, Unavailable,
};
use crate::segment;
use crate::settings::Settings;
use crate::stats;
use crate::table::{Role, Table, TableKind, Timestamp};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Every metric, in METRICS.md order. Each stage module contributes its own list.
pub fn catalogue() -> Vec<&'static Def> {
    let mut all: Vec<&'static Def> = Vec::new();
    for stage in [
        attraction::DEFS,
        sales::DEFS,
        service::DEFS,
        loyalty::DEFS,
        journey::DEFS,
    ] {
        all.extend(stage.iter());
    }
    all
}

/// Computes every metric the tables allow, over the query's range. With a segment, over the
/// segment's rows of the files its dimension reads (the others whole), each metric saying
/// which of its files the segment filtered (`Metric::segment`). The metrics of
/// [`analyze_each`], put back in catalogue order.
pub fn analyze(tables: &[Table], settings: &Settings, query: &Query) -> Report {
    let mut done: Vec<Option<Outcome>> = Vec::new();
    done.resize_with(catalogue().len(), || None);
    analyze_each(tables, settings, query, |at, outcome| {
        if let Some(slot) = done.get_mut(at) {
            *slot = Some(outcome);
        }
    });
    let mut report = Report::default();
    for outcome in done.into_iter().flatten() {
        match outcome {
            Outcome::Metric(metric) => report.metrics.push(metric),
            Outcome::Unavailable(u) => report.unavailable.push(u),
        }
    }
    report
}

/// One metric as [`analyze_each`] finishes it: computed, or why it could not be.
// One per metric, moved straight to its caller: boxing the metric would only add allocations.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Metric(Metric),
    Unavailable(Unavailable),
}

/// Metrics that cost far more than the others (the BG/NBD fit; the journey layer, `journey.*`,
/// is the rest of [`costly`]): [`analyze_each`] computes them last.
const COSTLY: &[&str] = &["loyalty.clv_predicted"];

/// The order [`analyze_each`] computes the catalogue in, as catalogue indexes: the stage
/// metrics first, then [`COSTLY`] and the journey layer, each group in catalogue order.
pub fn schedule() -> Vec<usize> {
    let all = catalogue();
    let (cheap, dear): (Vec<usize>, Vec<usize>) = (0..all.len()).partition(|&i| !costly(all[i]));
    cheap.into_iter().chain(dear).collect()
}

/// The BG/NBD fit and the journey layer (`journey.*`; its profiles read the fit): each can
/// take seconds on a big file. The loyalty metrics defined beside the journey layer (cohorts,
/// engagement, health) need no fit and are stage metrics.
fn costly(d: &Def) -> bool {
    COSTLY.contains(&d.id) || d.id.starts_with("journey.")
}

/// By catalogue index: whether a front end streaming [`analyze_each`] should send what it
/// holds once that metric is done: it is costly, or the next one in [`schedule`] is, or the
/// next one is of another stage. So nothing already computed waits behind a long
/// computation, and a stage's cards never wait for the next stage's first metric (on 1M
/// orders, the sales cards waited for `loyalty.customer_churn_rate`: issue 16). Computed
/// once per run.
pub fn send_points() -> Vec<bool> {
    let all = catalogue();
    let order = schedule();
    let stage = |at: usize| all[at].id.split('.').next();
    let mut send = vec![false; all.len()];
    for (k, &at) in order.iter().enumerate() {
        let next = order.get(k + 1).copied();
        let next_costly = next.is_some_and(|next| costly(all[next]));
        let next_elsewhere = next.is_some_and(|next| stage(next) != stage(at));
        send[at] = costly(all[at]) || next_costly || next_elsewhere;
    }
    send
}

/// [`analyze`] one metric at a time: calls `each` with the metric's index in [`catalogue`]
/// and its [`Outcome`] as soon as it is computed, in [`schedule`] order (cheap metrics first),
/// so a front end can show the first results while the costly ones are computed.
pub fn analyze_each(
    tables: &[Table],
    settings: &Settings,
    query: &Query,
    each: impl FnMut(usize, Outcome),
) {
    let cut = query.segment.as_ref().map(|s| segment::apply(tables, s));
    let ctx = segment_ctx(tables, cut.as_ref(), settings, query);
    run_schedule(&ctx, cut.as_ref(), each);
}

/// [`analyze_each`] over a context built for it: its [`Steps`], each outcome to `each`.
fn run_schedule(ctx: &Ctx<'_>, cut: Option<&segment::Cut>, mut each: impl FnMut(usize, Outcome)) {
    for (at, outcome) in Steps::new(ctx, cut) {
        each(at, outcome);
    }
}

/// [`analyze_each`]'s metrics one at a time, for a caller that must do something between two
/// (the worker's warm-up yields to its messages): each metric in [`schedule`] order, the
/// memoised values of [`RELEASE_AFTER`] dropped after their last reader, and the date indexes
/// before the first costly metric ([`Ctx::release_indexes`]).
pub struct Steps<'c, 'a> {
    ctx: &'c Ctx<'a>,
    cut: Option<&'c segment::Cut>,
    all: Vec<&'static Def>,
    order: std::vec::IntoIter<usize>,
    indexes_released: bool,
}

impl<'c, 'a> Steps<'c, 'a> {
    /// The steps over `ctx`; `cut` is the segment it was built from, if any.
    pub fn new(ctx: &'c Ctx<'a>, cut: Option<&'c segment::Cut>) -> Self {
        Steps {
            ctx,
            cut,
            all: catalogue(),
            order: schedule().into_iter(),
            indexes_released: false,
        }
    }
}

impl Iterator for Steps<'_, '_> {
    /// A metric's index in [`catalogue`] and its outcome.
    type Item = (usize, Outcome);

    fn next(&mut self) -> Option<(usize, Outcome)> {
        let (at, def) = loop {
            let at = self.order.next()?;
            if let Some(&def) = self.all.get(at) {
                break (at, def);
            }
        };
        if !self.indexes_released && costly(def) {
            self.ctx.release_indexes();
            self.indexes_released = true;
        }
        let outcome = match run(self.ctx, def) {
            Ok(mut metric) => {
                metric.segment = self.cut.map(|c| c.use_of(&metric.sources));
                Outcome::Metric(metric)
            }
            Err(need) => Outcome::Unavailable(Unavailable::new(def.id, need)),
        };
        // No later metric reads these (the caller's use of `outcome` reads no memo).
        for key in released_after(def.id) {
            self.ctx.release(key);
        }
        Some((at, outcome))
    }
}

/// Memoised values ([`Ctx::memo`]) and the metric after which no metric of [`schedule`]
/// reads them: [`analyze_each`] drops them there, so that its peak memory (the journey
/// layer, last) holds only what the metrics still to come need (issue 16: per-customer
/// purchase lists, churn sets, health logs...). Listed by the last reader over the samples,
/// the fixtures and a segment; a value read after its release would be built again (the
/// same value, twice the time), which `released_values_are_not_built_twice` checks against.
/// Keys not listed (small ones, and those the last metric reads) live to the end.
const RELEASE_AFTER: &[(&str, &[&str])] = &[
    (
        "attraction.lead_conversion_rate",
        &["attraction.converted_lead_rows"],
    ),
    ("attraction.traffic_to_lead_ratio", &["attraction.sessions"]),
    ("attraction.organic_share", &["attraction.organic_labels"]),
    ("attraction.cpl", &["attraction.leads"]),
    ("sales.orders", &["sales.buyers"]),
    ("sales.roi", &["sales.order_totals", "sales.spend"]),
    ("loyalty.ces", &["loyalty.ticket_values"]),
    (
        "loyalty.customer_churn_rate",
        &["loyalty.order_gap_p90", "loyalty.orders_churn"],
    ),
    ("loyalty.revenue_churn_rate", &["subscriptions.currencies"]),
    (
        "loyalty.expansion_rate",
        &[
            "loyalty.expansion_marks",
            "loyalty.orders_expansion",
            "subscriptions.movements",
        ],
    ),
    (
        "loyalty.ltv_simple",
        &["loyalty.churn_sets", "loyalty.ltv_buyers"],
    ),
    (
        "loyalty.ltv_margin",
        &[
            "loyalty.ltv_factors",
            "loyalty.relationship_years",
            "loyalty.sorted_numbers",
        ],
    ),
    (
        "loyalty.time_to_onboard",
        &["loyalty.first_event", "loyalty.signups"],
    ),
    ("loyalty.license_utilization", &["loyalty.account_users"]),
    ("loyalty.stickiness", &["loyalty.activity_pairs"]),
    ("loyalty.session_duration", &["loyalty.session_hours"]),
    (
        "loyalty.core_actions",
        &["loyalty.core_action_names", "service.common.person_keys"],
    ),
    (
        "loyalty.referrals",
        &["loyalty.referral_rows", "loyalty.referred_customers"],
    ),
    ("loyalty.clv_predicted", &["loyalty.purchases"]),
    (
        "journey.customers",
        &[
            "journey.engagement_all",
            "journey.health_all",
            "journey.health_log",
            "loyalty.clv_predicted",
        ],
    ),
    ("journey.stage_funnel", &["journey.by_first_seen"]),
    ("journey.stage_flow", &["journey.moves"]),
    ("journey.time_between_stages", &["journey.gaps"]),
    ("journey.lifecycle", &["journey.activity"]),
];

/// The memo keys [`analyze_each`] drops once metric `id` is done ([`RELEASE_AFTER`]).
fn released_after(id: &str) -> &'static [&'static str] {
    RELEASE_AFTER
        .iter()
        .find(|(after, _)| *after == id)
        .map_or(&[], |(_, keys)| keys)
}

/// The context over the segment's tables when one is chosen, with the range and periods of
/// the whole data (a segment narrows the rows, not the dates asked about).
fn segment_ctx<'a>(
    tables: &'a [Table],
    cut: Option<&'a segment::Cut>,
    settings: &'a Settings,
    query: &'a Query,
) -> Ctx<'a> {
    match cut {
        None => Ctx::new(tables, settings, query),
        Some(cut) => {
            let mut ctx = Ctx::new(&cut.tables, settings, query);
            ctx.range = super::ctx::resolve_range(tables, query);
            ctx.periods = period::periods(ctx.range, query.granularity);
            ctx
        }
    }
}

/// Computes one metric with its series, previous value, interval and breakdowns.
pub fn run(ctx: &Ctx<'_>, def: &Def) -> Result<Metric, Need> {
    let scope = ctx.scope();
    ctx.take_touched();
    let cur = (def.compute)(ctx, &scope)?;
    // The files the headline value read (listing its rows through `explain` would cost a
    // String per row of every metric).
    let mut read = ctx.take_touched();
    crate::stats::sort_packed(&mut read, |t| t as u128, |p| p as usize);
    read.dedup();
    let sources = source_files(ctx, &read);
    // Only the headline's table is reported (restored when this returns).
    struct TableWanted<'c>(&'c std::cell::Cell<bool>);
    impl Drop for TableWanted<'_> {
        fn drop(&mut self) {
            self.0.set(true);
        }
    }
    ctx.table_wanted.set(false);
    let _restore = TableWanted(&ctx.table_wanted);
    let prev = previous_range(ctx, def, &scope);
    let previous = prev.as_ref().and_then(|p| p.value);
    let change_pct = match (cur.value, previous) {
        (Some(c), Some(p)) if p != 0.0 => Some((c - p) / p.abs()),
        _ => None,
    };
    let change_significant = match (&cur.sample, prev.as_ref().and_then(|p| p.sample.as_ref())) {
        (Some(c), Some(p)) => c.differs_from(p),
        _ => None,
    };
    let series = if def.series {
        series(ctx, def, &scope, &read)
    } else {
        Vec::new()
    };
    let mut breakdowns = cur.breakdowns.clone();
    breakdowns.extend(
        def.breakdowns
            .iter()
            .filter_map(|role| breakdown(ctx, def, &scope, *role, &read)),
    );
    let n = cur.sample.as_ref().map(Sample::n).or(cur.n);
    Ok(Metric {
        id: def.id.to_string(),
        stage: Stage::of(def.id).unwrap_or(Stage::Journey),
        unit: def.unit,
        direction: def.direction,
        value: cur.value,
        // Files with no currency (no symbol, no currency column): the analyst's setting.
        currency: cur.currency.clone().or_else(|| {
            (def.unit == crate::Unit::Currency)
                .then(|| ctx.settings.currency.clone())
                .flatten()
        }),
        n,
        interval: cur.sample.as_ref().and_then(Sample::interval),
        small_sample: cur
            .sample
            .as_ref()
            .is_some_and(|s| s.n() < stats::SMALL_SAMPLE),
        previous,
        change_pct,
        change_significant,
        series,
        breakdowns,
        details: cur.details,
        table: cur.table,
        formula: def.formula.to_string(),
        sources,
        segment: None,
    })
}

/// The files the headline value read, by name, sorted, once each.
fn source_files(ctx: &Ctx<'_>, read: &[usize]) -> Vec<String> {
    let mut sources: Vec<String> = read
        .iter()
        .filter_map(|&t| ctx.tables.get(t).map(|t| t.file.clone()))
        .collect();
    crate::stats::stable_sort_by(&mut sources, Ord::cmp);
    sources.dedup();
    sources
}

/// The metric over the range before the query's, or `None` when it cannot be computed.
fn previous_range(ctx: &Ctx<'_>, def: &Def, scope: &Scope) -> Option<Computed> {
    let prev_scope = Scope {
        range: ctx.range.previous(),
        ..scope.clone()
    };
    // A previous range wholly before the data's first date has no data: its value is
    // absent, not the 0 a count over no rows would give.
    let data_start = *ctx.memo("data_start", || {
        super::ctx::resolve_range(ctx.tables, &Query::default()).start
    });
    (prev_scope.range.end > data_start)
        .then(|| (def.compute)(ctx, &prev_scope).ok())
        .flatten()
}

/// The metric per period of the query; `read` are the tables the headline read.
fn series(ctx: &Ctx<'_>, def: &Def, scope: &Scope, read: &[usize]) -> Vec<Point> {
    let coverage = coverage(ctx);
    ctx.periods
        .iter()
        .map(|p| {
            // A period that no file the metric read covers is "no data", not the 0 a
            // count over no rows would give (issue 17: a tickets file of Mar–Jun showed 0
            // tickets in Feb and Jul–Sep, because other files set the range).
            let covered = read.is_empty()
                || read.iter().any(|&t| {
                    coverage
                        .get(t)
                        .copied()
                        .flatten()
                        .is_some_and(|(lo, hi)| p.range.start <= hi && lo < p.range.end)
                });
            if !covered {
                return Point {
                    period: p.label.clone(),
                    start: p.first_day.format("%Y-%m-%d").to_string(),
                    value: None,
                    n: None,
                    partial: p.partial,
                };
            }
            let c = (def.compute)(
                ctx,
                &Scope {
                    range: p.range,
                    ..scope.clone()
                },
            )
            .ok();
            Point {
                period: p.label.clone(),
                start: p.first_day.format("%Y-%m-%d").to_string(),
                value: c.as_ref().and_then(|c| c.value),
                n: c.as_ref()
                    .and_then(|c| c.sample.as_ref().map(Sample::n).or(c.n)),
                partial: p.partial,
            }
        })
        .collect()
}

/// At most this many keys per breakdown (the most frequent ones).
const MAX_BREAKDOWN_KEYS: usize = 25;

/// The metric by each key of `role`. Offered only when every file the headline read can be
/// split by `role`, by its own column or by the tickets its rows name (survey answers by
/// their ticket's agent, channel, reason): a file without the column would otherwise count
/// whole under every key. Keys are the column's values in those files; keys with no rows
/// behind them are left out.
fn breakdown(
    ctx: &Ctx<'_>,
    def: &Def,
    scope: &Scope,
    role: Role,
    read: &[usize],
) -> Option<Breakdown> {
    if read.is_empty() || !read.iter().all(|&t| splits_by(ctx, t, role)) {
        return None;
    }
    let mut keyed = read.to_vec();
    if read.iter().any(|&t| names_tickets(ctx, t)) {
        keyed.extend(
            ctx.tables_of(TableKind::Tickets)
                .filter(|(_, t)| t.text(Role::TicketId).is_some())
                .map(|(k, _)| k),
        );
    }
    let keys = breakdown_keys(ctx, role, &keyed);
    let rows: Vec<BreakdownRow> = keys
        .iter()
        .filter_map(|key| {
            let s = Scope {
                range: scope.range,
                filter: Some((role, key.clone())),
            };
            let c = (def.compute)(ctx, &s).ok()?;
            let n = c.sample.as_ref().map(Sample::n).or(c.n);
            (c.value.is_some() || n.unwrap_or(0) > 0).then(|| BreakdownRow {
                key: key.clone(),
                value: c.value,
                n,
            })
        })
        .collect();
    (!rows.is_empty()).then(|| Breakdown {
        by: role_id(role),
        rows,
    })
}

/// Each table's first and last date over all its date columns (`None` without dates): the
/// span a file's data covers.
fn coverage(ctx: &Ctx<'_>) -> Rc<Vec<Option<(Timestamp, Timestamp)>>> {
    ctx.memo("coverage", || {
        ctx.tables
            .iter()
            .map(|t| {
                let dates = t
                    .columns
                    .iter()
                    .filter_map(|c| c.values.as_dates())
                    .flat_map(|d| d.iter().flatten());
                dates.fold(None, |span, d| match span {
                    None => Some((d, d)),
                    Some((lo, hi)) => Some((d.min(lo), d.max(hi))),
                })
            })
            .collect()
    })
}

/// Whether a file's rows name tickets (a ticket-id column outside the tickets files).
fn names_tickets(ctx: &Ctx<'_>, table: usize) -> bool {
    ctx.tables
        .get(table)
        .is_some_and(|t| t.kind != TableKind::Tickets && t.text(Role::TicketId).is_some())
}

/// Whether a file's rows can be told apart by `role`: its own column, or that of the tickets
/// its rows name.
fn splits_by(ctx: &Ctx<'_>, table: usize, role: Role) -> bool {
    ctx.tables
        .get(table)
        .is_some_and(|t| t.column(role).is_some())
        || (names_tickets(ctx, table)
            && ctx
                .tables_of(TableKind::Tickets)
                .any(|(_, t)| t.text(Role::TicketId).is_some() && t.text(role).is_some()))
}

/// The keys a breakdown by `role` lists: the distinct values of `role` over every table that
/// has it, most frequent first, at most [`MAX_BREAKDOWN_KEYS`]. Counted once per `analyze`
/// call, by dictionary code: one hash lookup per distinct value, not per row.
fn breakdown_keys(ctx: &Ctx<'_>, role: Role, read: &[usize]) -> Rc<Vec<String>> {
    type Cache = RefCell<HashMap<(Role, Vec<usize>), Rc<Vec<String>>>>;
    let cache = ctx.memo("breakdown_keys", Cache::default);
    let cache_key = (role, read.to_vec());
    if let Some(keys) = cache.borrow().get(&cache_key) {
        return keys.clone();
    }
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for t in read.iter().filter_map(|&t| ctx.tables.get(t)) {
        if let Some(col) = t.text(role) {
            let mut by_code = vec![0u64; col.dict.len()];
            for &code in &col.codes {
                if let Some(c) = by_code.get_mut(code as usize) {
                    *c += 1;
                }
            }
            for (k, c) in col.dict.iter().zip(by_code) {
                if c > 0 {
                    *counts.entry(k).or_default() += c;
                }
            }
        }
    }
    let mut keys: Vec<(&str, u64)> = counts.into_iter().collect();
    crate::stats::stable_sort_by(&mut keys, |a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let keys: Rc<Vec<String>> = Rc::new(
        keys.into_iter()
            .take(MAX_BREAKDOWN_KEYS)
            .map(|(k, _)| k.to_string())
            .collect(),
    );
    cache.borrow_mut().insert(cache_key, keys.clone());
    keys
}

/// The snake_case id of a role (`Role::LandingPage` → `landing_page`).
pub fn role_id(role: Role) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The rows behind one metric value: over the whole range, or one period of its series
/// (`period` as labelled in the series, e.g. `2025-03`).
pub fn explain(
    tables: &[Table],
    settings: &Settings,
    query: &Query,
    id: &str,
    period: Option<&str>,
) -> Result<Explanation, EngineError> {
    explain_by(tables, settings, query, id, period, None)
}

/// [`explain`] for one breakdown bar: `by` = `(role, key)` reads the rows of that key only,
/// with the same filter the breakdown's value was computed with (it replaces the segment, as
/// the breakdown does).
pub fn explain_by(
    tables: &[Table],
    settings: &Settings,
    query: &Query,
    id: &str,
    period: Option<&str>,
    by: Option<(Role, String)>,
) -> Result<Explanation, EngineError> {
    let def = catalogue()
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| EngineError::UnknownMetric(id.to_string()))?;
    query.check()?;
    let cut = query.segment.as_ref().map(|s| segment::apply(tables, s));
    let ctx = segment_ctx(tables, cut.as_ref(), settings, query);
    let mut scope = ctx.scope();
    if let Some(label) = period {
        // The same bounds as the series point of that period: the period clipped to the
        // selected range (a partial last period ends where the range does), the whole period
        // when it lies outside the range.
        let (_, range) = period::parse_period(label)?;
        let (start, end) = (
            range.start.max(ctx.range.start),
            range.end.min(ctx.range.end),
        );
        scope.range = if start < end {
            period::DateRange { start, end }
        } else {
            range
        };
    }
    if let Some(filter) = by.clone() {
        scope.filter = Some(filter);
    }
    let unavailable = |need: Need| EngineError::Unavailable {
        id: id.to_string(),
        needs: crate::needs::english(&need),
    };
    ctx.take_touched();
    let value = (def.compute)(&ctx, &scope).map_err(unavailable)?.value;
    let read = ctx.take_touched();
    let rows = (def.explain)(&ctx, &scope).map_err(unavailable)?;
    Ok(Explanation {
        id: id.to_string(),
        period: period.map(str::to_string),
        by: by.map(|(role, key)| (role_id(role), key)),
        first_day: scope.range.first_day().format("%Y-%m-%d").to_string(),
        last_day: scope.range.last_day().format("%Y-%m-%d").to_string(),
        formula: def.formula.to_string(),
        value,
        rows,
        segment: query.segment.clone(),
        segment_use: cut.as_ref().map(|c| c.use_of(&source_files(&ctx, &read))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, Reader};
    use crate::period::Granularity;
    use crate::sample::{Lang, SampleSize, generate};

    fn sample(lang: Lang) -> Vec<Table> {
        generate(SampleSize::Orders(2_000), lang, 42)
            .iter()
            .map(|f| {
                let mut reader = Reader::new(&f.name, IngestOptions::default());
                reader.push(&f.csv).expect("sample file");
                reader.finish().expect("sample file")
            })
            .collect()
    }

    /// The memo keys built while [`analyze_each`] runs, with how many times each.
    fn builds(tables: &[Table], query: &Query) -> HashMap<&'static str, u32> {
        let settings = Settings::default();
        let cut = query.segment.as_ref().map(|s| segment::apply(tables, s));
        let ctx = segment_ctx(tables, cut.as_ref(), &settings, query);
        run_schedule(&ctx, cut.as_ref(), |_, _| {});
        ctx.memo_builds.borrow().clone()
    }

    #[test]
    fn released_values_are_not_built_twice() {
        // Over every file of the sample and over its orders alone, whole, by week and for one
        // acquisition channel: no memoised value is read after RELEASE_AFTER dropped it (it
        // would be built again), and every key listed there is one the metrics build.
        let weekly = Query {
            granularity: Granularity::Week,
            ..Query::default()
        };
        let segment = Query {
            segment: Some(segment::Segment::parse("site").expect("a segment")),
            ..Query::default()
        };
        let mut seen = std::collections::HashSet::new();
        for lang in [Lang::En, Lang::Pt] {
            let all = sample(lang);
            let orders: Vec<Table> = all
                .iter()
                .filter(|t| t.kind == TableKind::Orders)
                .cloned()
                .collect();
            for tables in [&all, &orders] {
                for query in [&Query::default(), &weekly, &segment] {
                    for (key, n) in builds(tables, query) {
                        assert_eq!(n, 1, "{key} built {n} times");
                        seen.insert(key);
                    }
                }
            }
        }
        let ids: Vec<&str> = catalogue().iter().map(|d| d.id).collect();
        for (after, keys) in RELEASE_AFTER {
            assert!(ids.contains(after), "{after} is no metric");
            for key in *keys {
                assert!(seen.contains(key), "{key} is never built");
            }
        }
    }

    fn outcome_json(outcome: &Outcome) -> String {
        match outcome {
            Outcome::Metric(m) => serde_json::to_string(m),
            Outcome::Unavailable(u) => serde_json::to_string(u),
        }
        .expect("an outcome serialises")
    }

    #[test]
    fn steps_are_every_metric_in_schedule_order_as_run_computes_it() {
        // `analyze_each` is its `Steps`; the oracle here is `run` over a context of its own
        // that releases nothing, so the releases (memoised values, date indexes) change no
        // outcome. With a segment and without.
        let tables = sample(Lang::Pt);
        let settings = Settings::default();
        let segment = Query {
            segment: Some(segment::Segment::parse("site").expect("a segment")),
            ..Query::default()
        };
        let all = catalogue();
        for query in [Query::default(), segment] {
            let cut = query.segment.as_ref().map(|s| segment::apply(&tables, s));
            let ctx = segment_ctx(&tables, cut.as_ref(), &settings, &query);
            let stepped: Vec<(usize, String)> = Steps::new(&ctx, cut.as_ref())
                .map(|(at, o)| (at, outcome_json(&o)))
                .collect();
            let kept = segment_ctx(&tables, cut.as_ref(), &settings, &query);
            let oracle: Vec<(usize, String)> = schedule()
                .into_iter()
                .map(|at| {
                    let def = all[at];
                    let outcome = match run(&kept, def) {
                        Ok(mut metric) => {
                            metric.segment = cut.as_ref().map(|c| c.use_of(&metric.sources));
                            Outcome::Metric(metric)
                        }
                        Err(need) => Outcome::Unavailable(Unavailable::new(def.id, need)),
                    };
                    (at, outcome_json(&outcome))
                })
                .collect();
            assert_eq!(stepped, oracle);
        }
    }
}
