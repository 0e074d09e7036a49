#![allow(clippy::unwrap_used)]
//! The corrected rules of METRICS.md, each on a hand-worked case.

use chrono::NaiveDate;
use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::{analyze, explain};
use jornada_engine::table::Table;
use jornada_engine::{Query, Settings, TableKind};

fn read(name: &str, csv: &str) -> Table {
    read_bytes(name, csv.as_bytes(), &IngestOptions::default()).unwrap()
}

/// "Range": a file no metric reads (unknown kind) never widens the default range. Orders in
/// March 2025 beside a file of 1997 dates: the series is March 2025 alone, not 1997-01 to
/// 2025-03 (339 monthly points before the rule).
#[test]
fn an_unread_file_does_not_widen_the_default_range() {
    let orders = read(
        "orders.csv",
        "order_id,order_date,amount\n1,2025-03-02,10\n2,2025-03-20,30\n",
    );
    let other = read(
        "coisas.csv",
        "cor,quando\nazul,1997-01-05\nverde,1997-06-30\n",
    );
    assert_eq!(other.kind, TableKind::Unknown, "{}", other.kind_reason);
    let tables = [orders, other];
    let report = analyze(&tables, &Settings::default(), &Query::default());
    let revenue = report.metric("sales.revenue").unwrap();
    let periods: Vec<&str> = revenue.series.iter().map(|p| p.period.as_str()).collect();
    assert_eq!(periods, ["2025-03"]);
    assert_eq!(revenue.value, Some(40.0));
}

/// "Range": the last period of a series may be partial; it is flagged, and `explain` of that
/// period uses the same clipped bounds as the series. Subscriptions A (100 from 01-01, no
/// end) and B (50 from 01-15, ended 02-25), range to 2025-02-10: February is partial and its
/// MRR is A + B = 150 at 02-10's end. The whole of February (to 03-01) would say 100.
#[test]
fn a_partial_last_period_is_flagged_and_explain_uses_its_bounds() {
    let subs = read(
        "subscriptions.csv",
        "subscription_id,customer_id,mrr,start_date,end_date\n\
         S1,A,100,2025-01-01,\n\
         S2,B,50,2025-01-15,2025-02-25\n",
    );
    let tables = [subs];
    let query = Query {
        from: NaiveDate::from_ymd_opt(2025, 1, 1),
        to: NaiveDate::from_ymd_opt(2025, 2, 10),
        ..Query::default()
    };
    let settings = Settings::default();
    let report = analyze(&tables, &settings, &query);
    let mrr = report.metric("sales.mrr").unwrap();
    let flags: Vec<(&str, bool)> = mrr
        .series
        .iter()
        .map(|p| (p.period.as_str(), p.partial))
        .collect();
    assert_eq!(flags, [("2025-01", false), ("2025-02", true)]);
    assert_eq!(mrr.series[1].value, Some(150.0));
    let why = explain(&tables, &settings, &query, "sales.mrr", Some("2025-02")).unwrap();
    assert_eq!(why.value, Some(150.0));
    // A period outside the range is explained over its whole length.
    let march = explain(&tables, &settings, &query, "sales.mrr", Some("2025-03")).unwrap();
    assert_eq!(march.value, Some(100.0));
}

/// Orders-only churn with the inactivity window (90 days): March 2025, so active at the start
/// = an order in [2024-12-01, 03-01), active at the end = an order in [01-01, 04-01).
/// A (01-10, 03-15) stays; B (2024-12-20 only) churns; C (02-10) is still active at the end
/// (no March order, but within 90 days); D (03-10) and E (2024-11-15) were not active at the
/// start. Churn 1/3. The old monthly rule ("bought in February, not in March") said C
/// churned: 1/1 = 100%. Gaps between consecutive orders: A's 64 days, the 90th percentile.
#[test]
fn orders_only_churn_uses_the_inactivity_window() {
    let orders = read(
        "orders.csv",
        "order_id,customer_id,order_date,amount\n\
         1,A,2025-01-10,10\n\
         2,A,2025-03-15,10\n\
         3,B,2024-12-20,10\n\
         4,C,2025-02-10,10\n\
         5,D,2025-03-10,10\n\
         6,E,2024-11-15,10\n",
    );
    let tables = [orders];
    let query = Query {
        from: NaiveDate::from_ymd_opt(2025, 3, 1),
        to: NaiveDate::from_ymd_opt(2025, 3, 31),
        ..Query::default()
    };
    let settings = Settings::default();
    let report = analyze(&tables, &settings, &query);
    let churn = report.metric("loyalty.customer_churn_rate").unwrap();
    assert_eq!(churn.value, Some(1.0 / 3.0));
    assert_eq!(churn.details["customers_previous"], 3.0);
    assert_eq!(churn.details["customers_churned"], 1.0);
    assert_eq!(churn.details["inactivity_days"], 90.0);
    assert_eq!(churn.details["gap_p90_days"], 64.0);
    let why = explain(
        &tables,
        &settings,
        &query,
        "loyalty.customer_churn_rate",
        None,
    )
    .unwrap();
    let churned: Vec<u32> = why
        .rows
        .iter()
        .filter(|r| r.rule.contains("churned"))
        .map(|r| r.line)
        .collect();
    assert_eq!(churned, [4], "B's order on line 4");
    // A 30-day window: active at the start = an order in [01-30, 03-01): C alone (A's 01-10
    // is older); at the end, [03-02, 04-01): A and D, not C. C churns: 1/1.
    let short = Settings {
        churn_inactivity_days: 30,
        ..Settings::default()
    };
    let report = analyze(&tables, &short, &query);
    let churn = report.metric("loyalty.customer_churn_rate").unwrap();
    assert_eq!(churn.value, Some(1.0));
    assert_eq!(churn.details["customers_previous"], 1.0);
}
