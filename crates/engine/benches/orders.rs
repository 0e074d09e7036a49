//! The orders metric set on 1M orders (issue 4 target: <= 300 ms native, release).
//!
//! `cargo bench -p jornada-engine --bench orders`. Each iteration builds a fresh `Ctx` (so the
//! date index, customer identity and prepared columns are inside the timing) and runs every
//! sales metric that reads orders (with the series, previous range and breakdowns the driver
//! computes), as `jornada analyze` does. The tables are built once, outside the timing.

#[path = "../examples/common/synth.rs"]
mod synth;

use jornada_engine::metrics::analyze;
use jornada_engine::metrics::{Ctx, catalogue, run};
use jornada_engine::table::Table;
use jornada_engine::{Query, Settings};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

/// The sales metrics computed from orders (and marketing spend for CAC and ROI).
const ORDERS_SET: &[&str] = &[
    "sales.orders",
    "sales.revenue",
    "sales.average_ticket",
    "sales.cart_abandonment_rate",
    "sales.repurchase_rate",
    "sales.upsell_revenue",
    "sales.cross_sell_revenue",
    "sales.new_customers",
    "sales.cac",
    "sales.roi",
];

fn tables_1m() -> &'static [Table] {
    static TABLES: OnceLock<Vec<Table>> = OnceLock::new();
    TABLES.get_or_init(|| vec![synth::orders(1_000_000, 7), synth::spend(7)])
}

#[divan::bench(sample_count = 10)]
fn orders_metric_set_1m() -> usize {
    let tables = tables_1m();
    let settings = Settings::default();
    let query = Query::default();
    let ctx = Ctx::new(tables, &settings, &query);
    catalogue()
        .into_iter()
        .filter(|d| ORDERS_SET.contains(&d.id))
        .filter_map(|d| run(&ctx, d).ok())
        .count()
}

/// Every metric the orders and spend files allow (what `jornada analyze` computes for them),
/// the loyalty metrics on orders included. Few samples: it takes seconds.
#[divan::bench(sample_count = 3)]
fn analyze_orders_1m() -> usize {
    let tables = tables_1m();
    analyze(tables, &Settings::default(), &Query::default())
        .metrics
        .len()
}
