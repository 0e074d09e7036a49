//! Service metrics through the public API: `analyze` (values, series, breakdowns, absence),
//! `explain` (rows and rules), settings read from JSON, and the DuckDB twins' registry.

#![allow(clippy::unwrap_used)] // test fixtures: a bad literal date should panic

use chrono::NaiveDate;
use jornada_engine::metrics::{analyze, explain, explain_by, sql};
use jornada_engine::period::date_to_ts;
use jornada_engine::table::text_values;
use jornada_engine::{Query, Role, Settings, Table, TableKind, Values};

fn at(m: u32, d: u32, h: i64) -> Option<i64> {
    Some(date_to_ts(NaiveDate::from_ymd_opt(2025, m, d).unwrap()) + h * 3600)
}

fn q1() -> Query {
    Query {
        from: NaiveDate::from_ymd_opt(2025, 1, 1),
        to: NaiveDate::from_ymd_opt(2025, 3, 31),
        ..Query::default()
    }
}

/// Four tickets over Q1 2025 (January: 2, March: 2):
/// Mon 01-06 09:00 → reply 13:00 (4 h), email;  Fri 01-10 16:00 → reply Mon 10:00 (66 h; 3
/// business hours), chat; Tue 03-04 09:00 → reply 09:30 (0.5 h), email; Wed 03-05 09:00 → no
/// reply, chat.
fn tickets() -> Table {
    Table::new("chamados.csv", TableKind::Tickets)
        .with_column(
            "aberto em",
            Role::CreatedAt,
            Values::Date(vec![at(1, 6, 9), at(1, 10, 16), at(3, 4, 9), at(3, 5, 9)].into()),
        )
        .with_column(
            "primeira resposta",
            Role::FirstResponseAt,
            Values::Date(
                vec![
                    at(1, 6, 13),
                    at(1, 13, 10),
                    Some(at(3, 4, 9).unwrap() + 1800),
                    None,
                ]
                .into(),
            ),
        )
        .with_column(
            "canal",
            Role::Channel,
            text_values(["email", "chat", "email", "chat"]),
        )
        .with_column(
            "motivo",
            Role::Reason,
            text_values(["boleto", "senha", "boleto", "entrega"]),
        )
}

#[test]
fn analyze_reports_values_series_and_breakdowns() {
    let tables = [tickets()];
    let report = analyze(&tables, &Settings::default(), &q1());
    let t = report.metric("service.tickets").unwrap();
    assert_eq!(t.value, Some(4.0));
    let series: Vec<(String, Option<f64>)> = t
        .series
        .iter()
        .map(|p| (p.period.clone(), p.value))
        .collect();
    assert_eq!(
        series,
        [
            ("2025-01".to_string(), Some(2.0)),
            ("2025-02".to_string(), Some(0.0)),
            ("2025-03".to_string(), Some(2.0)),
        ]
    );
    assert_eq!(t.sources, ["chamados.csv"]);
    let frt = report.metric("service.first_response_time").unwrap();
    // [4, 66, 0.5] → median 4 h, mean 70.5 / 3 = 23.5 h.
    assert_eq!(frt.value, Some(4.0));
    assert_eq!(frt.details["mean"], 23.5);
    assert_eq!(frt.n, Some(3));
    let by_channel = frt.breakdowns.iter().find(|b| b.by == "channel").unwrap();
    let chat = by_channel.rows.iter().find(|r| r.key == "chat").unwrap();
    assert_eq!((chat.value, chat.n), (Some(66.0), Some(1)));
    // SLA (24 h default): 4 h and 0.5 h met, 66 h missed. The unanswered ticket was created at
    // the file's latest instant (03-05 09:00), so it is still within its target: excluded.
    // → 2 / 3.
    let sla = report.metric("service.sla_compliance_rate").unwrap();
    assert_eq!(sla.value, Some(2.0 / 3.0));
    assert!(sla.small_sample);
    assert!(sla.interval.is_some());
}

#[test]
fn missing_inputs_are_absent_with_what_would_enable_them() {
    let tables = [tickets()];
    let report = analyze(&tables, &Settings::default(), &q1());
    for id in [
        "service.articles_most_viewed",
        "service.average_handle_time",
        "service.bot_containment_rate",
        "service.agent_table",
        "service.agent_activity",
    ] {
        assert!(report.metric(id).is_none(), "{id} should be absent");
        let u = report.unavailable.iter().find(|u| u.id == id).unwrap();
        assert!(!u.needs.is_empty());
    }
    let u = report
        .unavailable
        .iter()
        .find(|u| u.id == "service.agent_table")
        .unwrap();
    assert!(u.needs.contains("agent"), "{}", u.needs);
}

#[test]
fn business_calendar_from_json_settings() {
    // Mon–Fri 9–18: ticket 2 waited 2 h on Friday + 1 h on Monday = 3 h → [4, 3, 0.5]: median 3.
    let settings = Settings::from_json(
        r#"{"business_calendar": {"weekdays": [1,2,3,4,5], "open_hour": 9, "close_hour": 18, "holidays": []}}"#,
    )
    .unwrap();
    let tables = [tickets()];
    let report = analyze(&tables, &settings, &q1());
    let frt = report.metric("service.first_response_time").unwrap();
    assert_eq!(frt.value, Some(3.0));
    assert_eq!(frt.details["mean"], 7.5 / 3.0);
    // With Monday 01-13 a holiday, the reply at 10:00 that day came before any working
    // time after Friday: only Friday's 2 h count → [4, 2, 0.5].
    let settings = Settings::from_json(
        r#"{"business_calendar": {"weekdays": [1,2,3,4,5], "open_hour": 9, "close_hour": 18, "holidays": ["2025-01-13"]}}"#,
    )
    .unwrap();
    let report = analyze(&tables, &settings, &q1());
    let frt = report.metric("service.first_response_time").unwrap();
    assert_eq!(frt.details["mean"], 6.5 / 3.0);
}

#[test]
fn explain_lists_rows_and_rules_per_period() {
    let tables = [tickets()];
    let e = explain(
        &tables,
        &Settings::default(),
        &q1(),
        "service.first_response_time",
        Some("2025-03"),
    )
    .unwrap();
    // March: line 4 (0.5 h) included, line 5 (no reply) excluded.
    assert_eq!(e.value, Some(0.5));
    assert_eq!(e.rows.len(), 2);
    assert_eq!(
        (e.rows[0].line, e.rows[0].included, e.rows[0].value),
        (4, true, Some(0.5))
    );
    assert_eq!(e.rows[1].line, 5);
    assert_eq!(e.rows[1].rule, "excluded: no first response yet");
    assert_eq!(e.rows[1].file, "chamados.csv");
    // Unavailable metrics explain why.
    let err = explain(
        &tables,
        &Settings::default(),
        &q1(),
        "service.agent_table",
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("agent"));
}

#[test]
fn explain_by_a_breakdown_key_reads_that_key_and_period_only() {
    // The bar "email" of first response time by channel, in March: line 4 only (0.5 h);
    // line 5 is chat.
    let tables = [tickets()];
    let e = explain_by(
        &tables,
        &Settings::default(),
        &q1(),
        "service.first_response_time",
        Some("2025-03"),
        Some((Role::Channel, "email".into())),
    )
    .unwrap();
    assert_eq!(e.value, Some(0.5));
    assert_eq!(e.by, Some(("channel".into(), "email".into())));
    let lines: Vec<(u32, bool)> = e.rows.iter().map(|r| (r.line, r.included)).collect();
    assert_eq!(lines, vec![(4, true)]);
    // The whole range's chat bar: lines 3 and 5 (66 h is 3 business hours only with a calendar).
    let chat = explain_by(
        &tables,
        &Settings::default(),
        &q1(),
        "service.first_response_time",
        None,
        Some((Role::Channel, "chat".into())),
    )
    .unwrap();
    let lines: Vec<u32> = chat.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, vec![3, 5]);
    assert_eq!(chat.value, Some(66.0));
}

#[test]
fn every_service_metric_has_a_duckdb_twin() {
    for def in jornada_engine::metrics::service::DEFS {
        let twin = sql(def.id).unwrap_or_else(|| panic!("{} has no twin", def.id));
        assert!(twin.starts_with(&format!("-- {}:", def.id)), "{}", def.id);
        assert!(
            twin.contains("getvariable('range_start')")
                || twin.contains("getvariable('range_end')")
        );
    }
}

/// A period outside every file a metric read is "no data", not 0 (issue 17): tickets of
/// Mar–Jun 2025 in a range Feb–Sep set by the orders have no point in Feb or Jul–Sep, while
/// a month inside the orders' span with no order is a true 0.
#[test]
fn a_period_no_read_file_covers_has_no_value() {
    use jornada_engine::ingest::{IngestOptions, read_bytes};
    let tickets = "ticket_id,customer_id,created_at,first_response_at\n\
        T1,C1,2025-03-03 09:00,2025-03-03 10:00\n\
        T2,C2,2025-04-10 09:00,2025-04-10 11:00\n\
        T3,C1,2025-06-20 09:00,2025-06-20 09:30\n";
    let orders = "order_id,customer_id,order_date,amount,status\n\
        1,C1,2025-02-03,10,completed\n\
        2,C2,2025-04-03,20,completed\n\
        3,C1,2025-09-25,30,completed\n";
    let tables = [
        read_bytes("tickets.csv", tickets.as_bytes(), &IngestOptions::default()).unwrap(),
        read_bytes("orders.csv", orders.as_bytes(), &IngestOptions::default()).unwrap(),
    ];
    let report = analyze(&tables, &Settings::default(), &Query::default());
    let series = |id: &str| -> Vec<(String, Option<f64>)> {
        report
            .metric(id)
            .unwrap_or_else(|| panic!("{id}"))
            .series
            .iter()
            .map(|p| (p.period.clone(), p.value))
            .collect()
    };
    let months = ["02", "03", "04", "05", "06", "07", "08", "09"];
    let expect = |values: [Option<f64>; 8]| -> Vec<(String, Option<f64>)> {
        months
            .iter()
            .zip(values)
            .map(|(m, v)| (format!("2025-{m}"), v))
            .collect()
    };
    assert_eq!(
        series("service.tickets"),
        expect([
            None,
            Some(1.0),
            Some(1.0),
            Some(0.0),
            Some(1.0),
            None,
            None,
            None
        ])
    );
    // The orders cover Feb–Sep: March, May... without orders are 0, inside the file's span.
    assert_eq!(
        series("sales.orders"),
        expect([
            Some(1.0),
            Some(0.0),
            Some(1.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(1.0)
        ])
    );
    // The headline still counts every ticket of the range.
    assert_eq!(report.metric("service.tickets").unwrap().value, Some(3.0));
}
