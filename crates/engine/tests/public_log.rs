//! A real public transaction log (the CDNOW sample; see fixtures/public/README.md) read with no
//! mapping: the sales metrics equal a hand computation made independently of the engine
//! (a few lines of Python with exact decimals over the published file):
//! 6,919 purchases, 244,091.94 dollars, 2,357 customers of whom 1,152 bought twice or more;
//! March 1997 alone: 1,204 purchases and 43,472.10 dollars.

use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::analyze;
use jornada_engine::{Granularity, Query, Role, Settings, TableKind, ValueType};

mod common;
use common::assert_close_some;

const CDNOW: &[u8] = include_bytes!("fixtures/public/cdnow_sample.csv");

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
    assert_close_some(value("sales.revenue"), 244_091.94);
    assert_close_some(value("sales.average_ticket"), 244_091.94 / 6919.0);
    assert_eq!(value("sales.new_customers"), Some(2357.0));
    assert_close_some(value("sales.repurchase_rate"), 1152.0 / 2357.0);

    // The monthly series: March 1997.
    let revenue = report.metric("sales.revenue").unwrap();
    let march = revenue
        .series
        .iter()
        .find(|p| p.period == "1997-03")
        .unwrap();
    assert_close_some(march.value, 43_472.10);
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

/// The same log under the header it is published with elsewhere (`customer_id, date,
/// number_of_cds, dollar_value`: no status, yyyymmdd dates), its Portuguese and Spanish
/// variants, French, and neutral `col1`... names: every one is read as orders with no
/// mapping, from the values where the headers say nothing, and says so.
#[test]
fn the_real_header_and_its_pt_es_fr_variants_are_orders_with_no_mapping() {
    let text = std::str::from_utf8(CDNOW).unwrap();
    let body = text.split_once('\n').unwrap().1;
    for header in [
        "customer_id,date,number_of_cds,dollar_value",
        "cliente_id,data,numero_de_cds,valor_em_dolares",
        "id_cliente,fecha,numero_de_cds,importe",
        "cliente,fecha,cantidad,importe",
        "client,date,quantite,montant",
        "col1,col2,col3,col4",
    ] {
        let bytes = format!("{header}\n{body}");
        let table = read_bytes("log.csv", bytes.as_bytes(), &IngestOptions::default()).unwrap();
        assert_eq!(
            table.kind,
            TableKind::Orders,
            "{header}: {}",
            table.kind_reason
        );
        assert_eq!(table.rows(), 6919, "{header}");
        assert_eq!(
            table.column(Role::OrderDate).map(|c| c.ty),
            Some(ValueType::Date),
            "{header}"
        );
        // Whatever the headers did not say is marked as inferred, less surely.
        assert!(
            table.kind_reason.contains("inferred from the values"),
            "{header}: {}",
            table.kind_reason
        );
        for c in &table.columns {
            if c.why.iter().any(|w| w.key == "values.inferred") {
                assert!(
                    c.reason.contains("inferred from the values"),
                    "{}",
                    c.reason
                );
                assert!(c.confidence <= 0.4, "{}: {}", c.name, c.confidence);
            }
        }
        let tables = [table];
        let report = analyze(&tables, &Settings::default(), &Query::default());
        let value = |id: &str| report.metric(id).and_then(|m| m.value);
        assert_eq!(value("sales.orders"), Some(6919.0), "{header}");
        assert_close_some(value("sales.revenue"), 244_091.94);
        assert_eq!(value("sales.new_customers"), Some(2357.0), "{header}");
        assert_close_some(value("sales.repurchase_rate"), 1152.0 / 2357.0);
    }
}

/// Quantity × unit price = line total: the three are told apart by the values alone.
#[test]
fn a_line_total_and_its_unit_price_are_found_by_multiplication() {
    let csv = "col1,col2,col3,col4,col5\n\
               A,20250301,2,10.50,21.00\n\
               B,20250302,1,99.90,99.90\n\
               A,20250305,3,5.00,15.00\n\
               C,20250306,4,2.25,9.00\n";
    let t = read_bytes("x.csv", csv.as_bytes(), &IngestOptions::default()).unwrap();
    assert_eq!(t.kind, TableKind::Orders, "{}", t.kind_reason);
    let role = |h: &str| t.columns.iter().find(|c| c.name == h).and_then(|c| c.role);
    assert_eq!(role("col1"), Some(Role::CustomerId));
    assert_eq!(role("col2"), Some(Role::OrderDate));
    assert_eq!(role("col3"), Some(Role::Quantity));
    assert_eq!(role("col4"), Some(Role::UnitPrice));
    assert_eq!(role("col5"), Some(Role::Amount));
    let tables = [t];
    let report = analyze(&tables, &Settings::default(), &Query::default());
    assert_close_some(
        report.metric("sales.revenue").and_then(|m| m.value),
        21.0 + 99.9 + 15.0 + 9.0,
    );
}
