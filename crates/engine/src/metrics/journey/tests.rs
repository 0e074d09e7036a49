//! Hand-worked cases for identity, profiles and the timeline.

use super::*;
use crate::metrics::{Ctx, Customers};
use crate::period::Query;
use crate::settings::Settings;
use crate::table::{Role, Table, TableKind, Values, text_values};
use crate::test_support::{assert_close, day};

/// Orders: c1 (a@x.com) on Jan 5 for 100, "A@X.com" (e-mail only) on Feb 1 for 50, c2 on
/// Jan 20 for 30 with e-mail b@x.com, c2 again with another e-mail (a conflict).
fn orders() -> Table {
    Table::new("orders.csv", TableKind::Orders)
        .with_column(
            "date",
            Role::OrderDate,
            Values::Date(vec![
                day(2025, 1, 5),
                day(2025, 2, 1),
                day(2025, 1, 20),
                day(2025, 3, 2),
            ]),
        )
        .with_column(
            "customer",
            Role::CustomerId,
            text_values(["c1", "", "c2", "c2"]),
        )
        .with_column(
            "email",
            Role::Email,
            text_values(["a@x.com", "A@X.com", "b@x.com", "other@x.com"]),
        )
        .with_column(
            "amount",
            Role::Amount,
            Values::Number(vec![Some(100.0), Some(50.0), Some(30.0), Some(20.0)]),
        )
}

/// Sessions: v1 before login (Jan 1), v1 logged in as c1 (Jan 4), v2 anonymous, v3 with no
/// customer ever.
fn sessions() -> Table {
    Table::new("sessions.csv", TableKind::Sessions)
        .with_column(
            "date",
            Role::Date,
            Values::Date(vec![day(2025, 1, 1), day(2025, 1, 4), day(2025, 1, 2)]),
        )
        .with_column("visitor", Role::VisitorId, text_values(["v1", "v1", "v3"]))
        .with_column("customer", Role::CustomerId, text_values(["", "c1", ""]))
        .with_column(
            "source",
            Role::Source,
            text_values(["google", "google", "ads"]),
        )
}

#[test]
fn a_visitor_seen_with_a_customer_is_that_customer_everywhere() {
    let tables = [orders(), sessions()];
    let c = Customers::build(&tables);
    // The session before login (row 0) is c1's, like the logged-in one and the order.
    assert_eq!(c.keys[1][0], c.keys[0][0]);
    assert_eq!(c.keys[1][1], c.keys[0][0]);
    // v3 never met a customer: no customer, and no new one is made.
    assert_eq!(c.keys[1][2], Customers::NONE);
    assert_eq!(c.count, 2);
}

#[test]
fn identity_counts_each_rule_per_file() {
    let tables = [orders(), sessions()];
    let (settings, query) = (Settings::default(), Query::default());
    let ctx = Ctx::new(&tables, &settings, &query);
    let c = identity::identity(&ctx, &ctx.scope()).expect("people");
    // Orders: 3 by id, 1 by e-mail; sessions: 1 by id, 1 by visitor link, 1 unmatched.
    assert_close(c.details["by_id"], 4.0);
    assert_close(c.details["by_email"], 1.0);
    assert_close(c.details["by_visitor"], 1.0);
    assert_close(c.details["unmatched"], 1.0);
    assert_close(c.value.expect("value"), 6.0 / 7.0);
    // c2 was seen with b@x.com and other@x.com.
    assert_close(c.details["conflicts_id_emails"], 1.0);
    assert_close(c.details["conflicts_visitor_customers"], 0.0);
    let table = c.table.expect("table");
    assert_eq!(table[1]["by_visitor"], 1);
    assert_eq!(table[1]["unmatched"], 1);
}

#[test]
fn profiles_by_hand() {
    let tables = [orders(), sessions()];
    let (settings, query) = (Settings::default(), Query::default());
    let ctx = Ctx::new(&tables, &settings, &query);
    let all = profiles::profiles(&ctx);
    assert_eq!(all.len(), 2);
    let c1 = &all[ctx.customers().keys[0][0] as usize];
    assert_eq!(c1.customer, "c1");
    assert_eq!(c1.email.as_deref(), Some("a@x.com"));
    assert_eq!(c1.orders, 2);
    assert_close(c1.revenue, 150.0);
    assert_eq!(c1.first_seen, day(2025, 1, 1)); // the session before login
    assert_eq!(c1.first_order, day(2025, 1, 5));
    assert_eq!(c1.second_order, day(2025, 2, 1));
    assert_eq!(c1.last_order, day(2025, 2, 1));
    // No lead and the orders have no channel: the first session's source.
    assert_eq!(c1.acquisition_source.as_deref(), Some("google"));
    assert_eq!(c1.stage_reached, Some(Step::Repeat));
    let c2 = &all[ctx.customers().keys[0][2] as usize];
    assert_eq!(c2.stage_reached, Some(Step::Repeat));
    assert!(!c2.attracted);
}

#[test]
fn the_timeline_lists_every_row_in_time_order() {
    let tables = [orders(), sessions()];
    let (settings, query) = (Settings::default(), Query::default());
    let e = timeline(&tables, &settings, &query, "A@x.com").expect("c1");
    let lines: Vec<(&str, u32)> = e.rows.iter().map(|r| (r.file.as_str(), r.line)).collect();
    // Rows carry their source lines (1-based, after the header: line 0 in these tables).
    assert_eq!(lines.len(), 4);
    assert!(
        e.rows[0]
            .rule
            .starts_with("2025-01-01 00:00 attraction sessions")
    );
    assert!(e.rows[1].rule.starts_with("2025-01-04"));
    assert!(e.rows[2].rule.starts_with("2025-01-05 00:00 sales orders"));
    assert_eq!(e.rows[2].value, Some(100.0));
    assert!(e.rows[3].rule.starts_with("2025-02-01"));
    assert!(timeline(&tables, &settings, &query, "nobody").is_err());
}

#[test]
fn the_profiles_csv_neutralises_formulas() {
    let t = Table::new("orders.csv", TableKind::Orders)
        .with_column("date", Role::OrderDate, Values::Date(vec![day(2025, 1, 5)]))
        .with_column("customer", Role::CustomerId, text_values(["=1+1"]))
        .with_column("amount", Role::Amount, Values::Number(vec![Some(-5.0)]));
    let csv = profiles_csv(&[t], &Settings::default(), &Query::default());
    let line = csv.lines().nth(1).expect("a profile");
    assert!(line.starts_with("'=1+1,,2025-01-05,"), "{line}");
    // Numbers stay numbers.
    assert!(line.contains(",1,-5,0,"), "{line}");
}
