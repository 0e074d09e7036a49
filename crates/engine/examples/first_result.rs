//! Where the time of the first result goes: each file read through ingest, then
//! `analyze_each`'s steps ([`Steps`]) one by one until the benchmark's first-result metrics
//! (`bench/perf/workload.mjs`) are all computed, with each step's CPU time (wall time off Linux). A diagnostic
//! companion to the harness (`bench/perf/run.mjs`), to run under `perf record`.
//!
//! `cargo run --release -p jornada-engine --example first_result -- FILE... [--all]`
//! (`--all`: every step to the end of the report). On Linux each line also shows the
//! resident memory after the step and its peak during the step (the peak is reset before
//! each step through `/proc/self/clear_refs`), to find the step that sets the peak.

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

/// `VmHWM` / `VmRSS` of this process in MB (`None` where /proc is missing).
fn status_mb(key: &str) -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(key))?;
    Some(line.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1024.0)
}

/// Resets the peak resident memory (`VmHWM`) to the current one, so the next reading is the
/// peak of what runs in between. Silently nothing where the kernel does not allow it.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// "resident now / peak during the step" in MB, or nothing off Linux.
fn memory() -> String {
    match (status_mb("VmRSS:"), status_mb("VmHWM:")) {
        (Some(now), Some(peak)) => format!("  {now:>7.0} MB now {peak:>7.0} MB peak"),
        _ => String::new(),
    }
}

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
    println!(
        "{:<40} {:>9.1} ms{}",
        "read",
        read.as_secs_f64() * 1e3,
        memory()
    );
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
    reset_peak();
    for (at, _) in Steps::new(&ctx, None) {
        let now = clock(start);
        let id = defs.get(at).map_or("?", |d| d.id);
        let used = memory();
        println!(
            "{:<40} {:>9.1} ms{used}",
            id,
            (now - last).as_secs_f64() * 1e3
        );
        reset_peak();
        last = clock(start);
        waiting.retain(|w| *w != id);
        if waiting.is_empty() && !all {
            break;
        }
    }
    let total = clock(start).as_secs_f64() * 1e3;
    println!("{:<40} {:>9.1} ms", "total (read + steps)", total);
    Ok(())
}
