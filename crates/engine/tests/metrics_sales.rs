//! Sales metrics through the public API: `analyze` (values, series, previous range,
//! intervals, breakdowns, sources, unavailable), `explain` and `sql`.

use jornada_engine::metrics::{analyze, explain, sql};
use jornada_engine::table::{Role, Status, Table, TableKind, Values, text_values};
use jornada_engine::{Granularity, Query, Settings};

mod common;
use common::{date, day, eight_orders as orders};

/// Customer A pays 100/month from 2024-12-01; B 50/month from 2024-11-01 to 2025-01-20; C
/// 1200/year (100/month) from 2025-01-10.
fn subscriptions() -> Table {
    Table::new("assinaturas.csv", TableKind::Subscriptions)
        .with_column("cliente", Role::CustomerId, text_values(["A", "B", "C"]))
        .with_column(
            "valor",
            Role::Amount,
            Values::Number(vec![Some(100.0), Some(50.0), Some(1200.0)].into()),
        )
        .with_column(
            "periodicidade",
            Role::Interval,
            text_values(["mensal", "monthly", "anual"]),
        )
        .with_column(
            "inicio",
            Role::StartedAt,
            Values::Date(vec![day(2024, 12, 1), day(2024, 11, 1), day(2025, 1, 10)].into()),
        )
        .with_column(
            "fim",
            Role::EndedAt,
            Values::Date(vec![None, day(2025, 1, 20), None].into()),
        )
}

fn q1() -> Query {
    Query {
        from: Some(date(2025, 1, 1)),
        to: Some(date(2025, 3, 31)),
        granularity: Granularity::Month,
        segment: None,
    }
}

#[test]
fn the_currency_setting_names_money_from_files_with_none() {
    let plain = analyze(&[orders()], &Settings::default(), &q1());
    assert_eq!(plain.metric("sales.revenue").unwrap().currency, None);
    let settings = Settings {
        currency: Some("BRL".into()),
        ..Settings::default()
    };
    let report = analyze(&[orders()], &settings, &q1());
    let revenue = report.metric("sales.revenue").unwrap();
    assert_eq!(revenue.currency.as_deref(), Some("BRL"));
    assert_eq!(revenue.value, Some(260.0));
    // Not on counts.
    assert_eq!(report.metric("sales.orders").unwrap().currency, None);
}

#[test]
fn revenue_with_series_previous_and_breakdown() {
    let report = analyze(&[orders()], &Settings::default(), &q1());
    let revenue = report.metric("sales.revenue").expect("revenue computed");
    // Completed: 100 + 50 + 30 + 20 + 60 = 260; by month 150, 50, 60.
    assert_eq!(revenue.value, Some(260.0));
    let series: Vec<Option<f64>> = revenue.series.iter().map(|p| p.value).collect();
    assert_eq!(series, vec![Some(150.0), Some(50.0), Some(60.0)]);
    assert_eq!(revenue.series[1].period, "2025-02");
    // Previous range (Q4 2024) lies before the data's first date: there is no previous value
    // (not a revenue of 0), so no change_pct.
    assert_eq!(revenue.previous, None);
    assert_eq!(revenue.change_pct, None);
    let by_channel = revenue
        .breakdowns
        .iter()
        .find(|b| b.by == "channel")
        .expect("channel breakdown");
    let web = by_channel.rows.iter().find(|r| r.key == "web").unwrap();
    let app = by_channel.rows.iter().find(|r| r.key == "app").unwrap();
    // web: 100 + 30 + 60; app: 50 + 20.
    assert_eq!((web.value, app.value), (Some(190.0), Some(70.0)));
    assert_eq!(revenue.sources, vec!["pedidos.csv".to_string()]);
    let orders_metric = report.metric("sales.orders").unwrap();
    assert_eq!(orders_metric.value, Some(5.0));
}

#[test]
fn rates_carry_intervals_and_small_sample_flags() {
    let report = analyze(&[orders()], &Settings::default(), &q1());
    let carts = report.metric("sales.cart_abandonment_rate").unwrap();
    // 1 abandoned of 6 carts.
    assert!((carts.value.unwrap() - 1.0 / 6.0).abs() < 1e-12);
    assert_eq!(carts.n, Some(6));
    let iv = carts.interval.as_ref().expect("Wilson interval");
    assert_eq!(iv.method, "wilson");
    assert!(iv.low < 1.0 / 6.0 && 1.0 / 6.0 < iv.high);
    assert!(carts.small_sample);
    let repurchase = report.metric("sales.repurchase_rate").unwrap();
    // c1 and c2 bought twice, c3 once.
    assert!((repurchase.value.unwrap() - 2.0 / 3.0).abs() < 1e-12);
}

#[test]
fn missing_inputs_are_unavailable_with_what_would_enable_them() {
    let anonymous = Table::new("o.csv", TableKind::Orders)
        .with_column(
            "d",
            Role::OrderDate,
            Values::Date(vec![day(2025, 1, 1)].into()),
        )
        .with_column("v", Role::Amount, Values::Number(vec![Some(10.0)].into()));
    let report = analyze(&[anonymous], &Settings::default(), &q1());
    assert_eq!(report.metric("sales.revenue").unwrap().value, Some(10.0));
    for id in [
        "sales.repurchase_rate",
        "sales.new_customers",
        "sales.mrr",
        "sales.cac",
    ] {
        assert!(report.metric(id).is_none(), "{id} should be absent");
        let u = report.unavailable.iter().find(|u| u.id == id).unwrap();
        assert!(!u.needs.is_empty());
    }
    let u = report
        .unavailable
        .iter()
        .find(|u| u.id == "sales.repurchase_rate")
        .unwrap();
    assert_eq!(
        u.needs,
        "an orders file with a customer id or e-mail column"
    );
    // Every sales id of METRICS.md is either computed or said to be unavailable.
    for id in [
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
        "sales.mrr",
        "sales.arr",
        "sales.arpa",
        "sales.mrr_new",
        "sales.mrr_expansion",
        "sales.mrr_contraction",
        "sales.mrr_churn",
        "sales.mrr_reactivation",
    ] {
        assert!(
            report.metric(id).is_some() || report.unavailable.iter().any(|u| u.id == id),
            "{id} missing from the report"
        );
        assert!(
            sql(id).is_some_and(|s| s.contains("SELECT")),
            "{id} has no twin"
        );
    }
}

#[test]
fn explain_lists_rows_with_rules() {
    let e = explain(
        &[orders()],
        &Settings::default(),
        &q1(),
        "sales.revenue",
        Some("2025-02"),
    )
    .unwrap();
    assert_eq!(e.value, Some(50.0));
    // February: rows 3..=6 at lines 5..=8.
    let lines: Vec<u32> = e.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![5, 6, 7, 8]);
    assert!(e.rows[0].included && e.rows[0].value == Some(30.0));
    assert_eq!(
        e.rows[1].rule,
        "excluded: status abandoned (carrinho abandonado)"
    );
    assert!(!e.rows[3].included && e.rows[3].rule.contains("pending"));
}

#[test]
fn status_words_setting_moves_revenue() {
    // Counting "aguardando pagamento" as completed adds row 6 (40): 260 → 300.
    let mut settings = Settings::default();
    settings
        .status_words
        .insert("aguardando pagamento".into(), Status::Completed);
    let report = analyze(&[orders()], &settings, &q1());
    assert_eq!(report.metric("sales.revenue").unwrap().value, Some(300.0));
    assert_eq!(report.metric("sales.orders").unwrap().value, Some(6.0));
}

#[test]
fn mrr_waterfall_identity_in_the_report() {
    // January 2025: start (Jan 1) A 100 + B 50 = 150; end (Feb 1) A 100 + C 100 = 200;
    // new C 100, churn B 50: 150 + 100 - 50 = 200.
    let query = Query {
        from: Some(date(2025, 1, 1)),
        to: Some(date(2025, 1, 31)),
        ..Query::default()
    };
    let report = analyze(&[subscriptions()], &Settings::default(), &query);
    let m = |id: &str| report.metric(id).and_then(|m| m.value).unwrap();
    assert_eq!(m("sales.mrr"), 200.0);
    assert_eq!(m("sales.arr"), 2400.0);
    assert_eq!(m("sales.arpa"), 100.0);
    assert_eq!(m("sales.mrr_new"), 100.0);
    assert_eq!(m("sales.mrr_churn"), 50.0);
    let d = &report.metric("sales.mrr_churn").unwrap().details;
    let identity = d["mrr_start"] + d["mrr_new"] + d["mrr_expansion"] + d["mrr_reactivation"]
        - d["mrr_contraction"]
        - d["mrr_churn"];
    assert_eq!(identity, d["mrr_end"]);
    assert_eq!(d["mrr_start"], 150.0);
    // December's MRR (the previous range) was 150.
    assert_eq!(report.metric("sales.mrr").unwrap().previous, Some(150.0));
}
