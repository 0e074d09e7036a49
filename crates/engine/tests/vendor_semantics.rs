//! What vendors' amount columns mean (docs/vendors.md), checked on fixtures built from the
//! vendors' documented examples, with hand-worked values.
#![allow(clippy::unwrap_used)]
mod common;

use chrono::NaiveDate;
use common::*;
use jornada_engine::metrics::{analyze, explain};
use jornada_engine::{Query, Role, Settings, TableKind};

fn march() -> Query {
    Query {
        from: NaiveDate::from_ymd_opt(2025, 3, 1),
        to: NaiveDate::from_ymd_opt(2025, 3, 31),
        ..Query::default()
    }
}

fn value(tables: &[jornada_engine::Table], id: &str) -> Option<f64> {
    analyze(tables, &Settings::default(), &march())
        .metric(id)
        .and_then(|m| m.value)
}

/// Stripe's subscription export: `Amount` is the price of one unit, `Quantity` the units.
/// At 2025-03-31: sub_Q1 12 × 5 = 60; sub_Q2 120 × 2 / 12 = 20; sub_Q3 is trialing (not
/// paying yet); sub_Q4 ended on 02-20; sub_Q5 5 × 3 weekly = 15 × 52 / 12 = 65. MRR 145.
/// Before quantity was read: 12 + 10 + 21.67 + 12 (the trial counted) = 55.67.
#[test]
fn stripe_mrr_is_unit_amount_times_quantity_without_trials() {
    let t = read("vendors/stripe_subscriptions_quantity.csv");
    assert_eq!(t.kind, TableKind::Subscriptions, "{}", dump(&t));
    assert_eq!(role_of(&t, "Amount"), Some(Role::UnitPrice));
    assert_eq!(role_of(&t, "Quantity"), Some(Role::Seats));
    let tables = [t];
    let mrr = value(&tables, "sales.mrr").unwrap();
    assert_close(mrr, 145.0);
    assert_close(value(&tables, "sales.arr").unwrap(), 12.0 * 145.0);
    // ARPA: 145 over 3 paying customers.
    assert_close(value(&tables, "sales.arpa").unwrap(), 145.0 / 3.0);
    // The trial says why it is out.
    let why = explain(&tables, &Settings::default(), &march(), "sales.mrr", None).unwrap();
    let trial = why.rows.iter().find(|r| r.line == 4).unwrap();
    assert!(trial.rule.contains("pending"), "{}", trial.rule);
    // The MRR movements use the same amounts: March starts with A 60 + B 20 + E 65
    // (E started 02-15) = 145 and D already gone, so nothing moves.
    let nrr = value(&tables, "loyalty.nrr").unwrap();
    assert_close(nrr, 1.0);
}

/// The billing period is interval × interval count (Stripe's `recurring.interval_count`:
/// "interval=month and interval_count=3 bills every 3 months"). At 2025-03-31:
/// S1 10 × 4 every 3 months = 13.33; S2 30; S3 100 × 2 yearly = 16.67;
/// S4 20 every 2 weeks = 20 / (2 × 12 / 52) = 43.33; S5 trialing. MRR 103.33.
#[test]
fn interval_count_divides_the_amount() {
    let t = read("subscriptions_interval_count.csv");
    assert_eq!(t.kind, TableKind::Subscriptions, "{}", dump(&t));
    assert_eq!(
        role_of(&t, "unit_price"),
        Some(Role::UnitPrice),
        "{}",
        dump(&t)
    );
    assert_eq!(
        role_of(&t, "interval_count"),
        Some(Role::IntervalCount),
        "{}",
        dump(&t)
    );
    assert_eq!(role_of(&t, "quantity"), Some(Role::Seats), "{}", dump(&t));
    let tables = [t];
    let mrr = value(&tables, "sales.mrr").unwrap();
    let hand = 40.0 / 3.0 + 30.0 + 200.0 / 12.0 + 20.0 / (2.0 * 12.0 / 52.0);
    assert_close(mrr, hand);
}
