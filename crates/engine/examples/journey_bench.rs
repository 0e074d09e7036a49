//! The journey layer's cost against the stage metrics' (issue 15: "the whole journey layer on
//! the 1M sample adds at most the time the stage metrics take"). Prints figures; asserts
//! nothing.
//!
//! `jornada sample --size 1m --out /tmp/s1m && cargo run --release -p jornada-engine
//! --example journey_bench -- /tmp/s1m/*.csv [--repeat N]`
//!
//! Per run, CPU time (Linux `schedstat`; wall time elsewhere) of: the stage metrics (every
//! `Def` of attraction, sales, service and loyalty except the journey layer's), in one
//! context; then the journey layer's metrics in that same context (what they add to one
//! `analyze`); and the journey layer alone in a fresh context (building the shared
//! customer keys and prepared orders itself). Then each journey metric alone, fresh.

use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::{Ctx, catalogue, journey, run};
use jornada_engine::{Query, Settings, Table};
use std::time::{Duration, Instant};

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu;

fn timed(f: impl FnOnce()) -> Duration {
    let (w, c) = (Instant::now(), cpu());
    f();
    match (c, cpu()) {
        (Some(a), Some(b)) => b - a,
        _ => w.elapsed(),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let mut files = Vec::new();
    let mut repeat = 1usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--repeat" {
            repeat = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
        } else {
            files.push(a);
        }
    }
    let tables: Vec<Table> = files
        .iter()
        .filter_map(|f| {
            let bytes = std::fs::read(f).ok()?;
            match read_bytes(f, &bytes, &IngestOptions::default()) {
                Ok(t) => Some(t),
                Err(e) => {
                    eprintln!("{f}: {e}");
                    None
                }
            }
        })
        .collect();
    let rows: usize = tables.iter().map(Table::rows).sum();
    println!("{} files, {rows} rows", tables.len());
    let (settings, query) = (Settings::default(), Query::default());
    let is_journey = |id: &str| journey::DEFS.iter().any(|d| d.id == id);
    for r in 1..=repeat {
        let ctx = Ctx::new(&tables, &settings, &query);
        let stage = timed(|| {
            for def in catalogue().into_iter().filter(|d| !is_journey(d.id)) {
                let _ = run(&ctx, def);
            }
        });
        let added = timed(|| {
            for def in journey::DEFS {
                let _ = run(&ctx, def);
            }
        });
        let fresh = Ctx::new(&tables, &settings, &query);
        let alone = timed(|| {
            for def in journey::DEFS {
                let _ = run(&fresh, def);
            }
        });
        println!(
            "run {r}: stage metrics {:.0} ms; journey layer after them {:.0} ms ({:.2}x); journey layer alone {:.0} ms ({:.2}x)",
            ms(stage),
            ms(added),
            added.as_secs_f64() / stage.as_secs_f64(),
            ms(alone),
            alone.as_secs_f64() / stage.as_secs_f64(),
        );
    }
    for def in journey::DEFS {
        let ctx = Ctx::new(&tables, &settings, &query);
        let t = timed(|| {
            let _ = run(&ctx, def);
        });
        println!("  {:<30} alone {:>7.0} ms", def.id, ms(t));
    }
}
