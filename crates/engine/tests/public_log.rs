//! A real public transaction log (the CDNOW sample; see fixtures/public/README.md) read with no
//! mapping: the sales metrics equal a hand computation made independently of the engine
//! (a few lines of Python with exact decimals over the published file):
//! 6,919 purchases, 244,091.94 dollars, 2,357 customers of whom 1,152 bought twice or more;
//! March 1997 alone: 1,204 purchases and 43,472.10 dollars.

use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::analyze;
use jornada_engine::{Granularity, Query, Role, Settings, TableKind, ValueType};

const CDNOW: &[u8] = include_bytes!("fixtures/public/cdnow_sample.csv");

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= 1e-6 * b.abs().max(1.0))
}

#[test]
fn cdnow_sample_sales_metrics_equal_the_hand_computation() {
    let table = read_bytes("cdnow_sample.csv", CDNOW, &IngestOptions::default()).unwrap();
    assert_eq!(table.kind, TableKind::Orders, "{}", table.kind_reason);
    assert_eq!(table.rows(), 6919);
    assert!(
        table.rejects.is_empty(),
        "{:?}",
        &table.rejects[..table.rejects.len().min(3)]
    );
    // yyyymmdd integers in a date-named column are dates.
    assert_eq!(
        table.column(Role::OrderDate).map(|c| c.ty),
        Some(ValueType::Date)
    );

    let tables = [table];
    let report = analyze(&tables, &Settings::default(), &Query::default());
    let value = |id: &str| report.metric(id).and_then(|m| m.value);
    assert_eq!(value("sales.orders"), Some(6919.0));
    assert!(
        close(value("sales.revenue"), 244_091.94),
        "{:?}",
        value("sales.revenue")
    );
    assert!(close(value("sales.average_ticket"), 244_091.94 / 6919.0));
    assert_eq!(value("sales.new_customers"), Some(2357.0));
    assert!(close(value("sales.repurchase_rate"), 1152.0 / 2357.0));

    // The monthly series: March 1997.
    let revenue = report.metric("sales.revenue").unwrap();
    let march = revenue
        .series
        .iter()
        .find(|p| p.period == "1997-03")
        .unwrap();
    assert!(close(march.value, 43_472.10), "{march:?}");
    let orders = report.metric("sales.orders").unwrap();
    let march = orders
        .series
        .iter()
        .find(|p| p.period == "1997-03")
        .unwrap();
    assert_eq!(march.value, Some(1204.0));

    // The same with a quarterly granularity over an explicit range: Q1 1997 contains March.
    let q = Query {
        granularity: Granularity::Quarter,
        ..Query::default()
    };
    let report = analyze(&tables, &Settings::default(), &q);
    let series = &report.metric("sales.orders").unwrap().series;
    assert_eq!(series.first().map(|p| p.period.as_str()), Some("1997-Q1"));
    assert_eq!(series.len(), 6, "1997-Q1 to 1998-Q2");
}
