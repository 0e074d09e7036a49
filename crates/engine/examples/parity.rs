//! Writes the parity test's cases: for each data size and settings variant, the canonical
//! export (CSVs + `load.sql`) and the engine's value of every metric over several ranges
//! (`engine.json`). `tests/parity/parity.py` runs each metric's DuckDB twin on the same data
//! and ranges and compares. `OUT_DIR/twins/<id>.sql` holds each twin as `jornada sql` prints it.
//!
//! Usage: `cargo run -p jornada-engine --example parity -- OUT_DIR [SIZE...] [sample:SIZE...]`
//! Sizes are numbers of orders: a plain number builds the small synthetic company of
//! `common/synth.rs` (messy on purpose: mixed currencies, empty cells, e-mail-only customers);
//! `sample:N` generates the `jornada sample` company (pt) and reads it through ingest, as a
//! user's files would be. Default: 2000 and 30000 synthetic, sample:10000 and sample:100000.
//! Each synthetic size also gets a weekly case (the query's granularity, which the pooled
//! retention figures depend on, is `granularity` in `engine.json`) and an orders-only case
//! (its subscriptions left out), and an `edges` case (`synth::edges`: the corrected rules'
//! edge cases).
//!
//! Detail twins (`sql/details/<id>.sql`, rows `(key, value)`) are checked against `facts` in
//! `engine.json`: per range label, per metric id, the same figures keyed alike ([`facts`]);
//! `OUT_DIR/twins/details/<id>.sql` holds each as spliced.

#[path = "common/synth.rs"]
mod synth;

use jornada_engine::canonical::{iso, write_canonical};
use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::{Computed, Ctx, Scope, catalogue, detail_ids, detail_sql, run, sql};
use jornada_engine::period::{DateRange, Granularity, parse_period};
use jornada_engine::sample::{self, Lang, SampleSize};
use jornada_engine::settings::BusinessCalendar;
use jornada_engine::table::{Status, Table, TableKind};
use jornada_engine::{Query, Settings};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// Settings variants whose effect the twins must follow (through `status_class`).
fn variants() -> Vec<(&'static str, Settings)> {
    let mut pending_paid = Settings::default();
    // An analyst who counts awaiting-payment orders as sales, and treats the "enviado p/
    // cliente" word the default vocabulary does not know as completed.
    pending_paid
        .status_words
        .insert("aguardando pagamento".into(), Status::Completed);
    pending_paid
        .status_words
        .insert("enviado p cliente".into(), Status::Completed);
    let mut strict = Settings::default();
    // Only "pago" and "paid" count: "concluido" and "completed" become "other".
    strict
        .status_words
        .insert("concluido".into(), Status::Other);
    strict
        .status_words
        .insert("completed".into(), Status::Other);
    // Weekly retention cohorts.
    strict.cohort_period = jornada_engine::Granularity::Week;
    // Configured core actions (the sample's event names, spelt differently).
    strict.core_actions = vec!["Workout Completed".into(), "plan_created".into()];
    // An analyst with a business calendar (Carnival and New Year off), tighter SLA targets,
    // a stricter CSAT/CES reading, a margin and a relationship length: the twins read these
    // as the variables load.sql sets.
    let mut calendar = Settings {
        business_calendar: Some(BusinessCalendar {
            weekdays: vec![1, 2, 3, 4, 5],
            open_hour: 9,
            close_hour: 18,
            holidays: vec![
                "2025-01-01".into(),
                "2025-03-03".into(),
                "2025-03-04".into(),
            ],
        }),
        default_margin: Some(0.35),
        ltv_relationship_years: Some(3.0),
        ..Settings::default()
    };
    calendar.sla.first_response_hours = 8.0;
    calendar.sla.resolution_hours = Some(72.0);
    calendar.csat.satisfied_from = 5.0;
    calendar.ces.satisfied_from = 6.0;
    vec![
        ("default", Settings::default()),
        ("pending_paid", pending_paid),
        ("strict", strict),
        ("calendar", calendar),
    ]
}

/// Metrics whose per-channel figures the parity test checks against their twins (the
/// variable `channel`): per channel only when both sides of the ratio name a channel.
const PER_CHANNEL: &[&str] = &["attraction.cpl", "sales.roi"];

/// `key|field` → the row's `field` for each row of a metric's JSON table, the key made of
/// the `keys` fields' values joined by `|`.
fn table_facts(
    c: &Computed,
    keys: &[&str],
    fields: &[&str],
    keep: impl Fn(&Value) -> bool,
    out: &mut serde_json::Map<String, Value>,
) {
    let rows = c
        .table
        .as_ref()
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for row in rows.iter().filter(|r| keep(r)) {
        let key: Vec<String> = keys
            .iter()
            .map(|k| match &row[*k] {
                Value::String(s) => s.clone(),
                v => v.to_string(),
            })
            .collect();
        for f in fields {
            out.insert(format!("{}|{f}", key.join("|")), row[*f].clone());
        }
    }
}

/// The figures a metric's detail twin must give, keyed as the twin keys them: the funnel's
/// step counts (all sources), each cohort cell's size, active customers and revenue,
/// identity's per-file counts and conflicts, each milestone's counts and median days, and
/// (over the whole range) each customer's profile: orders, revenue, tickets, first seen,
/// first and last order (seconds, as the twin's `epoch`).
fn facts(ctx: &Ctx<'_>, scope: &Scope, id: &str, c: &Computed, whole: bool) -> Value {
    let mut out = serde_json::Map::new();
    match id {
        "journey.stage_funnel" => table_facts(
            c,
            &["source", "step"],
            &["customers"],
            // The loyalty step (last NPS answer, referral words) has no twin.
            |r| r["source"] == "all" && r["step"] != "loyalty",
            &mut out,
        ),
        "loyalty.retention_cohorts" => table_facts(
            c,
            &["cohort", "k"],
            &["size", "active", "revenue"],
            |_| true,
            &mut out,
        ),
        "journey.identity" => {
            table_facts(
                c,
                &["file"],
                &["rows", "by_id", "by_email", "by_visitor", "unmatched"],
                |_| true,
                &mut out,
            );
            for name in [
                "conflicts_id_emails",
                "conflicts_visitor_customers",
                "customers",
            ] {
                out.insert(format!("detail|{name}"), json!(c.details.get(name)));
            }
        }
        "journey.milestones" => table_facts(
            c,
            &["milestone"],
            &["customers", "reached", "median_days"],
            |_| true,
            &mut out,
        ),
        "journey.customers" if whole => {
            let _ = scope;
            let all = jornada_engine::metrics::journey::profiles(ctx);
            for (k, p) in all.iter().enumerate() {
                out.insert(format!("{k}|orders"), json!(p.orders));
                out.insert(format!("{k}|revenue"), json!(p.revenue));
                out.insert(format!("{k}|tickets"), json!(p.tickets));
                out.insert(format!("{k}|first_seen"), json!(p.first_seen.get()));
                out.insert(format!("{k}|first_order"), json!(p.first_order.get()));
                out.insert(format!("{k}|last_order"), json!(p.last_order.get()));
            }
        }
        _ => return Value::Null,
    }
    Value::Object(out)
}

fn ranges(full: DateRange) -> Vec<(String, DateRange)> {
    let mut out = vec![("all".to_string(), full)];
    for label in ["2024-Q2", "2025-03", "2024-W10", "2025-02-10", "2025"] {
        if let Ok((_, r)) = parse_period(label) {
            out.push((label.to_string(), r));
        }
    }
    out
}

fn case(
    dir: &Path,
    tables: &[Table],
    settings: &Settings,
    granularity: Granularity,
) -> std::io::Result<()> {
    write_canonical(tables, settings, dir)?;
    let query = Query {
        granularity,
        ..Query::default()
    };
    let ctx = Ctx::new(tables, settings, &query);
    let mut unavailable = serde_json::Map::new();
    let mut out_ranges = Vec::new();
    let mut all_facts = serde_json::Map::new();
    for (label, range) in ranges(ctx.range) {
        let scope = Scope {
            range,
            filter: None,
        };
        let mut values = serde_json::Map::new();
        let mut range_facts = serde_json::Map::new();
        for def in catalogue() {
            match (def.compute)(&ctx, &scope) {
                Ok(c) => {
                    if detail_ids().any(|id| id == def.id) {
                        let f = facts(&ctx, &scope, def.id, &c, label == "all");
                        if !f.is_null() {
                            range_facts.insert(def.id.to_string(), f);
                        }
                    }
                    values.insert(
                        def.id.to_string(),
                        c.value.map_or(Value::Null, |v| json!(v)),
                    );
                }
                Err(needs) => {
                    unavailable.insert(
                        def.id.to_string(),
                        json!(jornada_engine::needs::english(&needs)),
                    );
                }
            }
        }
        all_facts.insert(label.clone(), Value::Object(range_facts));
        out_ranges.push(json!({
            "label": label,
            "start": iso(range.start),
            "end": iso(range.end),
            "values": values,
        }));
    }
    // Per-channel figures over the whole range, as the driver offers them (`null`: no
    // breakdown by channel, because some file the metric reads has no channel column). The
    // twins of these metrics take the channel as the variable `channel`.
    let mut channel = serde_json::Map::new();
    for def in catalogue().iter().filter(|d| PER_CHANNEL.contains(&d.id)) {
        let rows = run(&ctx, def).ok().and_then(|m| {
            m.breakdowns
                .into_iter()
                .find(|b| b.by == "channel")
                .map(|b| {
                    b.rows
                        .into_iter()
                        .map(|r| (r.key, r.value.map_or(Value::Null, |v| json!(v))))
                        .collect::<serde_json::Map<_, _>>()
                })
        });
        channel.insert(def.id.to_string(), rows.map_or(Value::Null, Value::Object));
    }
    // Settings the twins read as DuckDB variables (only those set away from the default).
    let mut variables = serde_json::Map::new();
    if !settings.core_actions.is_empty() {
        variables.insert("core_actions".into(), json!(settings.core_actions));
    }
    if settings.cohort_period == jornada_engine::Granularity::Week {
        variables.insert("cohort_period".into(), json!(["week"]));
    }
    let doc = json!({
        "ranges": out_ranges,
        "unavailable": unavailable,
        "granularity": granularity,
        "variables": variables,
        "channel": channel,
        "facts": all_facts,
    });
    std::fs::write(
        dir.join("engine.json"),
        serde_json::to_vec_pretty(&doc).unwrap_or_default(),
    )
}

/// The sample company of `n` orders, read through ingest.
fn sample_tables(n: u64) -> std::io::Result<Vec<Table>> {
    sample::generate(SampleSize::Orders(n), Lang::Pt, 42)
        .into_iter()
        .map(|f| {
            read_bytes(&f.name, &f.csv, &IngestOptions::default())
                .map_err(|e| std::io::Error::other(e.to_string()))
        })
        .collect()
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/parity".into()));
    let mut sizes: Vec<String> = args.collect();
    if sizes.is_empty() {
        sizes = ["2000", "30000", "sample:10000", "sample:100000"]
            .map(String::from)
            .to_vec();
    }
    // The twins as `jornada sql` prints them (shared views spliced in): what users run.
    let twins = out.join("twins");
    std::fs::create_dir_all(&twins)?;
    for def in catalogue() {
        if let Some(text) = sql(def.id) {
            std::fs::write(twins.join(format!("{}.sql", def.id)), text)?;
        }
    }
    let details = twins.join("details");
    std::fs::create_dir_all(&details)?;
    for id in detail_ids() {
        if let Some(text) = detail_sql(id) {
            std::fs::write(details.join(format!("{id}.sql")), text)?;
        }
    }
    for size in sizes {
        let (name, tables) = match size.strip_prefix("sample:") {
            Some(n) => {
                let n: u64 = n
                    .parse()
                    .map_err(|_| std::io::Error::other(format!("bad size {size}")))?;
                (format!("sample-{n}"), sample_tables(n)?)
            }
            None => {
                let n: usize = size
                    .parse()
                    .map_err(|_| std::io::Error::other(format!("bad size {size}")))?;
                (format!("synth-{n}"), synth::company(n, n as u64))
            }
        };
        for (variant, settings) in variants() {
            let dir = out.join(format!("{name}-{variant}"));
            case(&dir, &tables, &settings, Granularity::Month)?;
            println!("{}", dir.display());
        }
        if name.starts_with("synth") {
            // The retention metrics pool a range with no base over its periods: read by week,
            // and from orders alone (their orders-only definitions).
            let dir = out.join(format!("{name}-weekly"));
            case(&dir, &tables, &Settings::default(), Granularity::Week)?;
            println!("{}", dir.display());
            let orders_only: Vec<Table> = tables
                .iter()
                .filter(|t| t.kind != TableKind::Subscriptions)
                .cloned()
                .collect();
            let dir = out.join(format!("{name}-orders_only"));
            case(&dir, &orders_only, &Settings::default(), Granularity::Month)?;
            println!("{}", dir.display());
            // The corrected rules' edge cases (`synth::edges`): social rows without counts,
            // licence users per file, spend with a channel beside leads without one.
            let n: usize = name
                .trim_start_matches("synth-")
                .parse()
                .map_err(|_| std::io::Error::other(format!("bad size {name}")))?;
            let dir = out.join(format!("{name}-edges"));
            case(
                &dir,
                &synth::edges(n, n as u64),
                &Settings::default(),
                Granularity::Month,
            )?;
            println!("{}", dir.display());
        }
    }
    Ok(())
}
