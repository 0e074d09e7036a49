#![allow(clippy::unwrap_used)]
//! METRICS.md "Duplicates": an id that should be unique (order, ticket, subscription)
//! repeated on several rows is one entity, never counted twice, and the file's warnings say
//! how many rows repeated an id and how they were merged.

mod common;

use common::w;
use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::analyze;
use jornada_engine::table::{Role, Table};
use jornada_engine::{Query, Settings};

fn read(name: &str, csv: &str) -> Table {
    read_bytes(name, csv.as_bytes(), &IngestOptions::default()).unwrap()
}

/// Orders 1 and 3 are exported twice (a re-export pasted below the first, not adjacent line
/// items): 4 orders of 10 + 20 + 30 + 40 = 100, not 6 rows and 140.
#[test]
fn a_repeated_order_id_is_one_order_with_a_warning() {
    let csv = "order_id,customer_id,order_date,amount\n\
               1,a,2025-03-01,10\n\
               2,b,2025-03-02,20\n\
               3,c,2025-03-03,30\n\
               4,d,2025-03-04,40\n\
               1,a,2025-03-01,10\n\
               3,c,2025-03-03,30\n";
    let t = read("orders.csv", csv);
    assert_eq!(t.rows(), 4);
    assert_eq!(t.lines, vec![2, 3, 4, 5]);
    assert!(
        t.warnings_why
            .contains(&w("warning.duplicates", &["order_id", "2", "first_row"])),
        "{:?}",
        t.warnings_why
    );
    assert!(
        t.warnings
            .iter()
            .any(|l| l.contains("2 row(s) repeated an id of column order_id")),
        "{:?}",
        t.warnings
    );
    let tables = [t];
    let r = analyze(&tables, &Settings::default(), &Query::default());
    assert_eq!(r.metric("sales.orders").unwrap().value, Some(4.0));
    assert_eq!(r.metric("sales.revenue").unwrap().value, Some(100.0));
}

/// A ticket exported once per update: its earliest creation, its first response and its
/// last resolution. Ticket 7: created 09:00 (row 2; row 1 says 10:00), first response 09:30
/// (row 2), resolved 15:00 (row 1, later than row 2's 12:00): resolution 6 h, first
/// response 0.5 h.
#[test]
fn a_repeated_ticket_keeps_earliest_creation_first_response_last_resolution() {
    let csv = "ticket_id,created_at,first_response_at,resolved_at\n\
               7,2025-03-01 10:00,2025-03-01 10:30,2025-03-01 15:00\n\
               7,2025-03-01 09:00,2025-03-01 09:30,2025-03-01 12:00\n\
               8,2025-03-02 09:00,2025-03-02 10:00,2025-03-02 11:00\n";
    let t = read("tickets.csv", csv);
    assert_eq!(t.rows(), 2);
    assert!(
        t.warnings_why.contains(&w(
            "warning.duplicates",
            &["ticket_id", "1", "ticket_dates"]
        )),
        "{:?}",
        t.warnings_why
    );
    let created = t.dates(Role::CreatedAt).unwrap().get(0).unwrap();
    let first = t.dates(Role::FirstResponseAt).unwrap().get(0).unwrap();
    let resolved = t.dates(Role::ResolvedAt).unwrap().get(0).unwrap();
    assert_eq!((first - created) as f64 / 3600.0, 0.5);
    assert_eq!((resolved - created) as f64 / 3600.0, 6.0);
    let tables = [t];
    let r = analyze(&tables, &Settings::default(), &Query::default());
    assert_eq!(r.metric("service.tickets").unwrap().value, Some(2.0));
}

/// No repeat, no warning; empty ids are never repeats.
#[test]
fn empty_ids_and_unique_ids_do_not_merge() {
    let csv = "order_id,order_date,amount\n,2025-03-01,10\n,2025-03-02,20\n5,2025-03-03,30\n";
    let t = read("orders.csv", csv);
    assert_eq!(t.rows(), 3);
    assert!(
        !t.warnings_why.iter().any(|w| w.key == "warning.duplicates"),
        "{:?}",
        t.warnings_why
    );
}
