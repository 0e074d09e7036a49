//! Where the time of the orders metric set goes on N orders (default 1M): the shared
//! preparation (date index, customers, prepared orders) and each metric with its series,
//! previous range and breakdowns. A diagnostic companion to `benches/orders.rs`.
//!
//! `cargo run --release -p jornada-engine --example orders_profile -- [N]`

#[path = "common/synth.rs"]
mod synth;

use jornada_engine::metrics::{Ctx, catalogue, run};
use jornada_engine::{Query, Settings};
use std::time::{Duration, Instant};

/// CPU time this thread has run (Linux `schedstat`), so that figures taken on a shared,
/// loaded machine are not inflated by time spent waiting for a core. `None` elsewhere.
fn cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        s.split_whitespace().next()?.parse().ok()?,
    ))
}

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

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let (tables, t) = timed(|| vec![synth::orders(n, 7), synth::spend(7)]);
    println!("{:<30} {t} ({n} orders)", "build tables (not measured)");
    let settings = Settings::default();
    let query = Query::default();
    let ((), total) = timed(|| {
        let (ctx, t) = timed(|| Ctx::new(&tables, &settings, &query));
        println!("{:<30} {t}", "ctx (range scan)");
        let (_, t) = timed(|| ctx.customers());
        println!("{:<30} {t}", "customers");
        let (_, t) = timed(|| ctx.date_index(0, jornada_engine::Role::OrderDate));
        println!("{:<30} {t}", "date index");
        let (_, t) = timed(|| jornada_engine::metrics::sales::prep::Orders::get(&ctx));
        println!("{:<30} {t}", "prepared orders");
        for def in catalogue()
            .into_iter()
            .filter(|d| d.id.starts_with("sales."))
        {
            let (ok, t) = timed(|| run(&ctx, def).is_ok());
            if ok {
                println!("{:<30} {t}", def.id);
            }
        }
    });
    println!("{:<30} {total}", "total (orders metric set)");
}
