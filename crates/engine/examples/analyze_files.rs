//! The CPU time of `metrics::analyze` over files already read through ingest (the metric
//! engine alone, as issue 4's "≤ 300 ms for the orders metric set at 1M rows" measures it),
//! and optionally the time of each metric. A diagnostic companion to `benches/analyze.rs`
//! that reads real files from disk and reports CPU time, which a loaded machine does not
//! inflate as it does wall time.
//!
//! `cargo run --release -p jornada-engine --example analyze_files -- FILE... [--repeat N]
//! [--per-metric] [--json OUT]`
//!
//! - `--repeat N`: analyze N times; prints each run and the least CPU time.
//! - `--per-metric`: then each metric's CPU time (headline, previous range, series and
//!   breakdowns), in catalogue order, in a fresh context after the shared preparation.
//! - `--json OUT`: writes the report (to compare the values of two builds).
//!
//! Under callgrind, count only the metrics: `valgrind --tool=callgrind
//! --toggle-collect='analyze_files::measured*' target/release/examples/analyze_files FILE`.

use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::sales::prep;
use jornada_engine::metrics::{Ctx, analyze, catalogue, run};
use jornada_engine::table::TableKind;
use jornada_engine::{Query, Report, Settings, Table};
use std::time::{Duration, Instant};

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu;

/// `f`'s result, CPU time (wall time where CPU time is unknown) and wall time.
fn timed<R>(f: impl FnOnce() -> R) -> (R, Duration, Duration) {
    let (w, c) = (Instant::now(), cpu());
    let r = f();
    let wall = w.elapsed();
    let cpu = match (c, cpu()) {
        (Some(a), Some(b)) => b - a,
        _ => wall,
    };
    (r, cpu, wall)
}

/// The measured call, kept out of line so that callgrind can count it alone.
#[inline(never)]
fn measured(tables: &[Table], settings: &Settings, query: &Query) -> Report {
    analyze(tables, settings, query)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let mut files = Vec::new();
    let (mut repeat, mut per_metric, mut json) = (1usize, false, None);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1),
            "--per-metric" => per_metric = true,
            "--json" => json = args.next(),
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        eprintln!("usage: analyze_files FILE... [--repeat N] [--per-metric] [--json OUT]");
        std::process::exit(2);
    }
    let mut tables = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_else(|e| panic!("{f}: {e}"));
        let name = std::path::Path::new(f)
            .file_name()
            .map_or(f.clone(), |n| n.to_string_lossy().into_owned());
        match read_bytes(&name, &bytes, &IngestOptions::default()) {
            Ok(t) => tables.push(t),
            Err(e) => panic!("{f}: {e}"),
        }
    }
    let rows: usize = tables.iter().map(Table::rows).sum();
    let settings = Settings::default();
    let query = Query::default();
    let mut best = Duration::MAX;
    let mut report = Report::default();
    for i in 0..repeat.max(1) {
        let (r, cpu, wall) = timed(|| measured(&tables, &settings, &query));
        println!(
            "analyze #{}: {} metrics ({} unavailable) over {rows} rows: {:.1} ms cpu, {:.1} ms wall",
            i + 1,
            r.metrics.len(),
            r.unavailable.len(),
            ms(cpu),
            ms(wall)
        );
        best = best.min(cpu);
        report = r;
    }
    println!("analyze: least cpu {:.1} ms", ms(best));
    if per_metric {
        let ctx = Ctx::new(&tables, &settings, &query);
        let (_, cpu, _) = timed(|| ctx.customers());
        println!("{:<32} {:>8.1} ms cpu", "customers", ms(cpu));
        // The date index of every orders table, then the rest of the shared preparation.
        let (_, cpu, _) = timed(|| {
            for (t, table) in tables.iter().enumerate() {
                if table.kind == TableKind::Orders
                    && let Some(role) = jornada_engine::metrics::common::table_date(table)
                {
                    ctx.date_index(t, role);
                }
            }
        });
        println!("{:<32} {:>8.1} ms cpu", "orders date index", ms(cpu));
        let (_, cpu, _) = timed(|| prep::Orders::get(&ctx));
        println!("{:<32} {:>8.1} ms cpu", "orders preparation", ms(cpu));
        for def in catalogue() {
            let (ok, cpu, _) = timed(|| run(&ctx, def).is_ok());
            if ok {
                println!("{:<32} {:>8.1} ms cpu", def.id, ms(cpu));
            }
        }
    }
    if let Some(out) = json {
        let text = serde_json::to_string_pretty(&report).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&out, text).unwrap_or_else(|e| panic!("{out}: {e}"));
    }
}
