//! Where the time of the first result goes: each file read through ingest, then
//! `analyze_each`'s steps ([`Steps`]) one by one until the benchmark's first-result metrics
//! (`bench/perf/workload.mjs`) are all computed, with each step's CPU time (wall time off Linux). A diagnostic
//! companion to the harness (`bench/perf/run.mjs`), to run under `perf record`.
//!
//! `cargo run --release -p jornada-engine --example first_result -- FILE... [--all]`
//! (`--all`: every step to the end of the report).

use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::{Ctx, Steps, catalogue};
use jornada_engine::{Query, Settings};
use std::time::{Duration, Instant};

/// The metrics the harness waits for as its first result.
const FIRST_RESULT: &[&str] = &[
    "sales.orders",
    "sales.revenue",
    "sales.average_ticket",
    "sales.cart_abandonment_rate",
    "sales.repurchase_rate",
];

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu;

/// CPU time since `start` began, or wall time where CPU time is unknown (off Linux).
fn clock(start: (Option<Duration>, Instant)) -> Duration {
    match (start.0, cpu()) {
        (Some(a), Some(b)) => b - a,
        _ => start.1.elapsed(),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all = args.iter().any(|a| a == "--all");
    let start = (cpu(), Instant::now());
    let mut tables = Vec::new();
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let bytes = std::fs::read(path)?;
        let name = path.rsplit('/').next().unwrap_or(path);
        tables.push(read_bytes(name, &bytes, &IngestOptions::default())?);
    }
    let read = clock(start);
    println!("{:<40} {:>9.1} ms", "read", read.as_secs_f64() * 1e3);
    let (settings, query) = (Settings::default(), Query::default());
    let defs = catalogue();
    let ctx = Ctx::new(&tables, &settings, &query);
    println!(
        "{:<40} {:>9.1} ms",
        "context",
        (clock(start) - read).as_secs_f64() * 1e3
    );
    let mut waiting: Vec<&str> = FIRST_RESULT.to_vec();
    let mut last = clock(start);
    for (at, _) in Steps::new(&ctx, None) {
        let now = clock(start);
        let id = defs.get(at).map_or("?", |d| d.id);
        println!("{:<40} {:>9.1} ms", id, (now - last).as_secs_f64() * 1e3);
        last = now;
        waiting.retain(|w| *w != id);
        if waiting.is_empty() && !all {
            break;
        }
    }
    let total = clock(start).as_secs_f64() * 1e3;
    println!("{:<40} {:>9.1} ms", "total (read + steps)", total);
    Ok(())
}
