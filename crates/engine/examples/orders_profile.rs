//! Where the time of the orders metric set goes on N orders (default 1M): the shared
//! preparation (date index, customers, prepared orders) and each metric with its series,
//! previous range and breakdowns. A diagnostic companion to `benches/orders.rs`.
//!
//! `cargo run --release -p jornada-engine --example orders_profile -- [N] [sample]`
//! (`sample`: the `jornada sample` orders file of N orders, read through ingest, instead of
//! the synthetic orders whose rows are in random date order; `all`: every metric the files
//! allow, not only the sales ones).

#[path = "common/synth.rs"]
mod synth;

use jornada_engine::metrics::{Ctx, catalogue, run};
use jornada_engine::{Query, Settings};
use std::time::Instant;

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu;

/// Wall and CPU time of `f`.
fn timed<R>(f: impl FnOnce() -> R) -> (R, String) {
    let (w, c) = (Instant::now(), cpu());
    let r = f();
    let cpu = match (c, cpu()) {
        (Some(a), Some(b)) => format!("{:>9.1?} cpu", b - a),
        _ => String::new(),
    };
    (r, format!("{:>9.1?} wall {cpu}", w.elapsed()))
}

/// The sample's orders and marketing spend files of `n` orders, read through ingest.
fn sample_orders(n: u64) -> Vec<jornada_engine::Table> {
    use jornada_engine::ingest::{IngestOptions, read_bytes};
    use jornada_engine::sample::{self, Lang, SampleSize};
    sample::generate(SampleSize::Orders(n), Lang::Pt, 42)
        .into_iter()
        .filter(|f| {
            matches!(
                sample::expected_kind(&f.name),
                Some(jornada_engine::TableKind::Orders | jornada_engine::TableKind::MarketingSpend)
            )
        })
        .filter_map(|f| read_bytes(&f.name, &f.csv, &IngestOptions::default()).ok())
        .collect()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let from_sample = std::env::args().any(|a| a == "sample");
    let (tables, t) = timed(|| {
        if from_sample {
            sample_orders(n as u64)
        } else {
            vec![synth::orders(n, 7), synth::spend(7)]
        }
    });
    println!("{:<30} {t} ({n} orders)", "build tables (not measured)");
    let settings = Settings::default();
    let query = Query::default();
    let ((), total) = timed(|| {
        let (ctx, t) = timed(|| Ctx::new(&tables, &settings, &query));
        println!("{:<30} {t}", "ctx (range scan)");
        let (_, t) = timed(|| ctx.customers());
        println!("{:<30} {t}", "customers");
        let (_, t) = timed(|| {
            let orders = ctx
                .tables_of(jornada_engine::TableKind::Orders)
                .map(|(i, _)| i)
                .next()
                .unwrap_or(0);
            ctx.date_index(orders, jornada_engine::Role::OrderDate)
        });
        println!("{:<30} {t}", "date index");
        let (_, t) = timed(|| jornada_engine::metrics::sales::prep::Orders::get(&ctx));
        println!("{:<30} {t}", "prepared orders");
        let every = std::env::args().any(|a| a == "all");
        for def in catalogue()
            .into_iter()
            .filter(|d| every || d.id.starts_with("sales."))
        {
            let (ok, t) = timed(|| run(&ctx, def).is_ok());
            if ok || every {
                println!(
                    "{:<30} {t}{}",
                    def.id,
                    if ok { "" } else { " (unavailable)" }
                );
            }
        }
    });
    println!("{:<30} {total}", "total (orders metric set)");
}
