//! Hand-worked cases for identity, profiles and the timeline.

use super::*;
use crate::metrics::{Ctx, Customers, Scope};
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
            Values::Date(
                vec![
                    day(2025, 1, 5),
                    day(2025, 2, 1),
                    day(2025, 1, 20),
                    day(2025, 3, 2),
                ]
                .into(),
            ),
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
            Values::Number(vec![Some(100.0), Some(50.0), Some(30.0), Some(20.0)].into()),
        )
}

/// Sessions: v1 before login (Jan 1), v1 logged in as c1 (Jan 4), v2 anonymous, v3 with no
/// customer ever.
fn sessions() -> Table {
    Table::new("sessions.csv", TableKind::Sessions)
        .with_column(
            "date",
            Role::Date,
            Values::Date(vec![day(2025, 1, 1), day(2025, 1, 4), day(2025, 1, 2)].into()),
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
    let k1 = ctx.customers().keys[0][0] as usize;
    let c1 = &all[k1];
    assert_eq!(&profiles::labels(&ctx)[k1], "c1");
    assert_eq!(c1.email(&tables).as_deref(), Some("a@x.com"));
    assert_eq!(c1.orders, 2);
    assert_close(c1.revenue, 150.0);
    assert_eq!(c1.first_seen.get(), day(2025, 1, 1)); // the session before login
    assert_eq!(c1.first_order.get(), day(2025, 1, 5));
    assert_eq!(c1.second_order.get(), day(2025, 2, 1));
    assert_eq!(c1.last_order.get(), day(2025, 2, 1));
    // No lead and the orders have no channel: the first session's source.
    assert_eq!(c1.acquisition_source(&tables), Some("google"));
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
    // Each row typed: stage, kind, 0-based row, date and the file's own word.
    let step = e.rows[2].step.clone().expect("a timeline step");
    assert_eq!(step.stage, crate::report::Stage::Sales);
    assert_eq!(step.kind, TableKind::Orders);
    assert_eq!(step.row, 0);
    assert_eq!(step.at.as_deref(), Some("2025-01-05 00:00"));
    assert_eq!(step.what, None);
    let first = e.rows[0].step.clone().expect("a timeline step");
    assert_eq!(
        (first.stage, first.kind, first.row),
        (crate::report::Stage::Attraction, TableKind::Sessions, 0)
    );
    assert_eq!(first.what.as_deref(), Some("google"));
    assert!(timeline(&tables, &settings, &query, "nobody").is_err());
}

#[test]
fn the_profiles_csv_neutralises_formulas() {
    let t = Table::new("orders.csv", TableKind::Orders)
        .with_column(
            "date",
            Role::OrderDate,
            Values::Date(vec![day(2025, 1, 5)].into()),
        )
        .with_column("customer", Role::CustomerId, text_values(["=1+1"]))
        .with_column(
            "amount",
            Role::Amount,
            Values::Number(vec![Some(-5.0)].into()),
        );
    let csv = profiles_csv(&[t], &Settings::default(), &Query::default());
    let line = csv.lines().nth(1).expect("a profile");
    assert!(line.starts_with("'=1+1,,2025-01-05,"), "{line}");
    // Numbers stay numbers.
    assert!(line.contains(",1,-5,0,"), "{line}");
}

/// A ticket of c1 on Jan 10, between their first and second orders.
fn tickets() -> Table {
    Table::new("tickets.csv", TableKind::Tickets)
        .with_column(
            "created",
            Role::CreatedAt,
            Values::Date(vec![day(2025, 1, 10)].into()),
        )
        .with_column("customer", Role::CustomerId, text_values(["c1"]))
}

/// c1: sessions Jan 1 and 4, orders Jan 5 and Feb 1, ticket Jan 10; c2: orders Jan 20 and
/// Mar 2 (no visit). The data's range: Jan 1 - Mar 2, months.
fn journey_tables() -> [Table; 3] {
    [orders(), sessions(), tickets()]
}

#[test]
fn funnel_flow_and_time_between_by_hand() {
    let tables = journey_tables();
    let (settings, query) = (Settings::default(), Query::default());
    let ctx = Ctx::new(&tables, &settings, &query);
    let scope = ctx.scope();
    // Funnel: only c1 was attracted; they bought twice; nobody was a promoter.
    let f = stages::stage_funnel(&ctx, &scope).expect("people");
    assert_close(f.details["attraction"], 1.0);
    assert_close(f.details["sales"], 1.0);
    assert_close(f.details["repeat"], 1.0);
    assert_close(f.details["loyalty"], 0.0);
    assert_close(f.value.expect("value"), 1.0);
    // Flow of c1: attraction -> sales (Jan 5) -> service (Jan 10) -> sales (Feb 1, back).
    let flow = stages::stage_flow(&ctx, &scope).expect("people");
    assert_close(flow.value.expect("value"), 1.0 / 3.0);
    let rows = flow.table.expect("table");
    assert_eq!(rows.as_array().map(Vec::len), Some(3));
    // In January only the first two moves.
    let jan = Scope {
        range: ctx.periods[0].range,
        filter: None,
    };
    assert_close(
        stages::stage_flow(&ctx, &jan)
            .expect("people")
            .value
            .expect("v"),
        0.0,
    );
    // Time between: c1 visit Jan 1 -> order Jan 5: 4 days; first -> second order: c1 27,
    // c2 41 days: median 34, quartiles 27 + 14/4 and 41 - 14/4; first order -> ticket 5.
    let t = stages::time_between_stages(&ctx, &scope).expect("people");
    assert_close(t.value.expect("value"), 4.0);
    assert_close(t.details["first_to_second_order.median_days"], 34.0);
    assert_close(t.details["first_order_to_first_ticket.median_days"], 5.0);
    let table = t.table.expect("table");
    assert_close(table[1]["q1_days"].as_f64().expect("q1"), 30.5);
    assert_close(table[1]["q3_days"].as_f64().expect("q3"), 37.5);
}

#[test]
fn lifecycle_and_milestones_by_hand() {
    let tables = journey_tables();
    let (settings, query) = (Settings::default(), Query::default());
    let ctx = Ctx::new(&tables, &settings, &query);
    let scope = ctx.scope();
    let l = lifecycle::lifecycle(&ctx, &scope).expect("activity");
    // Over the whole range both are new (nobody was active in December).
    assert_close(l.value.expect("value"), 2.0);
    assert_close(l.details["new"], 2.0);
    let table = l.table.expect("table");
    let row = |i: usize| {
        [
            table[i]["new"].as_u64(),
            table[i]["returning"].as_u64(),
            table[i]["resurrecting"].as_u64(),
            table[i]["dormant"].as_u64(),
        ]
        .map(Option::unwrap_or_default)
    };
    // January: c1, c2 new. February: c1 returning, c2 dormant. March: c2 resurrecting, c1
    // dormant.
    assert_eq!(row(0), [2, 0, 0, 0]);
    assert_eq!(row(1), [0, 1, 0, 1]);
    assert_eq!(row(2), [0, 0, 1, 1]);
    assert_eq!(table[2]["partial"], true);
    // Milestones (default: second order, fifth order): both reached the second order, c1 31
    // days after first seen (Jan 1 -> Feb 1), c2 41 (Jan 20 -> Mar 2): median 36.
    let m = lifecycle::milestones(&ctx, &scope).expect("people");
    assert_close(m.value.expect("value"), 1.0);
    let table = m.table.expect("table");
    assert_close(table[0]["median_days"].as_f64().expect("days"), 36.0);
    assert_eq!(table[1]["reached"], 0);
}

#[test]
fn milestone_settings_are_checked() {
    let mut s = Settings::default();
    assert!(s.problems().is_empty());
    s.milestones.push(crate::settings::Milestone {
        name: "both".into(),
        event: Some("signup".into()),
        orders: Some(1),
        revenue: None,
    });
    assert_eq!(s.problems()[0].field, "milestones.2");
}

#[test]
fn quantiles_interpolate_between_ranks() {
    assert_eq!(quantile(&[], 0.5), None);
    assert_close(quantile(&[1.0, 2.0, 4.0, 10.0], 0.25).expect("q"), 1.75);
    assert_close(quantile(&[1.0, 2.0, 4.0, 10.0], 0.5).expect("q"), 3.0);
}

/// Subscriptions: s1 monthly Jan 1 – Feb 15 (45 days > 30.4375: renewed); s2 monthly Jan 10 –
/// Feb 5 (26 days: paid one month, no renewal); s3 yearly, two rows (Jan 2 – Mar 1, then Mar
/// 1 open: a second stretch); s4 yearly Feb 1 open (the data end on Mar 20: not yet a year);
/// s5 monthly with an interval count of 3, Jan 3 – Mar 10 (66 days < 91.3: not renewed).
fn subscriptions() -> Table {
    let d = |m, dd| day(2025, m, dd);
    Table::new("subscriptions.csv", TableKind::Subscriptions)
        .with_column(
            "start",
            Role::StartedAt,
            Values::Date(vec![d(1, 1), d(1, 10), d(1, 2), d(3, 1), d(2, 1), d(1, 3)].into()),
        )
        .with_column(
            "end",
            Role::EndedAt,
            Values::Date(vec![d(2, 15), d(2, 5), d(3, 1), None, None, d(3, 10)].into()),
        )
        .with_column(
            "customer",
            Role::CustomerId,
            text_values(["s1", "s2", "s3", "s3", "s4", "s5"]),
        )
        .with_column(
            "interval",
            Role::Interval,
            text_values(["month", "month", "year", "year", "anual", "mensal"]),
        )
        .with_column(
            "count",
            Role::IntervalCount,
            Values::Number(vec![None, None, None, None, None, Some(3.0)].into()),
        )
        .with_column("mrr", Role::Mrr, Values::Number(vec![Some(10.0); 6].into()))
}

/// Every subscriber also ordered once (Jan 1) and visited (Dec 31); s5 ordered twice.
fn subscriber_tables() -> [Table; 3] {
    let who = ["s1", "s2", "s3", "s4", "s5", "s5"];
    let orders = Table::new("orders.csv", TableKind::Orders)
        .with_column(
            "date",
            Role::OrderDate,
            Values::Date(
                vec![
                    day(2025, 1, 1),
                    day(2025, 1, 1),
                    day(2025, 1, 1),
                    day(2025, 1, 1),
                    day(2025, 1, 1),
                    day(2025, 3, 20),
                ]
                .into(),
            ),
        )
        .with_column("customer", Role::CustomerId, text_values(who))
        .with_column(
            "amount",
            Role::Amount,
            Values::Number(vec![Some(5.0); 6].into()),
        );
    let sessions = Table::new("sessions.csv", TableKind::Sessions)
        .with_column(
            "date",
            Role::Date,
            Values::Date(vec![day(2024, 12, 31); 5].into()),
        )
        .with_column(
            "customer",
            Role::CustomerId,
            text_values(["s1", "s2", "s3", "s4", "s5"]),
        );
    [subscriptions(), orders, sessions]
}

#[test]
fn a_renewal_is_the_funnels_repeat_step() {
    let tables = subscriber_tables();
    let (settings, query) = (Settings::default(), Query::default());
    let ctx = Ctx::new(&tables, &settings, &query);
    let all = profiles::profiles(&ctx);
    let keys = &ctx.customers().keys[0];
    let renewed: Vec<bool> = [0, 1, 2, 4, 5]
        .iter()
        .map(|&r| all[keys[r] as usize].renewed)
        .collect();
    // s1 outlived its month; s2 did not; s3 has two rows; s4's year is not over by the
    // data's last date (Mar 20); s5's quarter (3 × 30.4375 days) was not over on Mar 10.
    assert_eq!(renewed, [true, false, true, false, false]);
    let s5 = &all[keys[5] as usize];
    assert_eq!(s5.stage_reached, Some(Step::Repeat)); // by its second order
    // Funnel over everyone (first seen Dec 31): 5 attracted, 5 bought, repeat = s1, s3 (renewals)
    // and s5 (second order) = 3.
    let c = stages::stage_funnel(&ctx, &ctx.scope()).expect("funnel");
    assert_close(c.details["attraction"], 5.0);
    assert_close(c.details["sales"], 5.0);
    assert_close(c.details["repeat"], 3.0);
    assert_eq!(all[keys[0] as usize].stage_reached, Some(Step::Repeat));
    assert_eq!(all[keys[1] as usize].stage_reached, Some(Step::Sales));
}
