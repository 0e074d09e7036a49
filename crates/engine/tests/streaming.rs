#![allow(clippy::unwrap_used)]
//! `analyze_each`: the metrics one at a time, cheap ones first, making exactly the report the
//! catalogue computed in order makes.

use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::{
    Ctx, Outcome, analyze, analyze_each, catalogue, run, schedule, send_points,
};
use jornada_engine::report::{Report, Unavailable};
use jornada_engine::sample::{self, Lang, SampleSize};
use jornada_engine::{Query, Settings, Table};

fn sample_tables(lang: Lang) -> Vec<Table> {
    sample::generate(SampleSize::K10, lang, 42)
        .iter()
        .map(|f| read_bytes(&f.name, &f.csv, &IngestOptions::default()).unwrap())
        .collect()
}

/// The report as the catalogue computed in its own order, one context for all (what `analyze`
/// did before it was streamed).
fn in_catalogue_order(tables: &[Table], settings: &Settings, query: &Query) -> Report {
    let ctx = Ctx::new(tables, settings, query);
    let mut report = Report::default();
    for def in catalogue() {
        match run(&ctx, def) {
            Ok(metric) => report.metrics.push(metric),
            Err(need) => report.unavailable.push(Unavailable::new(def.id, need)),
        }
    }
    report
}

#[test]
fn the_streamed_metrics_make_exactly_the_report_of_the_catalogue_order() {
    let orders_only = vec![
        read_bytes(
            "orders.csv",
            b"order_id,customer_id,order_date,amount,status,channel\n\
              1,a,2025-01-03,10.50,completed,web\n2,b,2025-01-09,20,abandoned,app\n\
              3,a,2025-02-11,30,completed,app\n4,c,2025-03-01,5,completed,web\n",
            &IngestOptions::default(),
        )
        .unwrap(),
    ];
    let monthly = Query::default();
    let weekly = Query {
        granularity: jornada_engine::Granularity::Week,
        ..Query::default()
    };
    for (tables, query) in [
        (sample_tables(Lang::Pt), &monthly),
        (sample_tables(Lang::En), &weekly),
        (orders_only, &monthly),
    ] {
        let settings = Settings::default();
        let expected =
            serde_json::to_string(&in_catalogue_order(&tables, &settings, query)).unwrap();
        let mut streamed: Vec<(usize, Outcome)> = Vec::new();
        analyze_each(&tables, &settings, query, |at, o| streamed.push((at, o)));
        // Each catalogue entry once, in schedule order.
        let order: Vec<usize> = streamed.iter().map(|(at, _)| *at).collect();
        assert_eq!(order, schedule());
        streamed.sort_by_key(|(at, _)| *at);
        let mut rebuilt = Report::default();
        for (_, o) in streamed {
            match o {
                Outcome::Metric(m) => rebuilt.metrics.push(m),
                Outcome::Unavailable(u) => rebuilt.unavailable.push(u),
            }
        }
        assert_eq!(serde_json::to_string(&rebuilt).unwrap(), expected);
        assert_eq!(
            serde_json::to_string(&analyze(&tables, &settings, query)).unwrap(),
            expected
        );
    }
}

#[test]
fn the_schedule_puts_every_metric_once_and_the_costly_ones_last() {
    let all = catalogue();
    let order = schedule();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, (0..all.len()).collect::<Vec<_>>());
    let pos = |id: &str| {
        order
            .iter()
            .position(|&i| all[i].id == id)
            .unwrap_or_else(|| panic!("{id} not scheduled"))
    };
    let clv = pos("loyalty.clv_predicted");
    for cheap in [
        "loyalty.retention_cohorts",
        "sales.orders",
        "sales.revenue",
        "sales.average_ticket",
        "sales.cart_abandonment_rate",
        "sales.repurchase_rate",
        "loyalty.nps",
        "service.tickets",
    ] {
        assert!(pos(cheap) < clv, "{cheap} after the BG/NBD fit");
    }
    for costly in ["journey.customers", "journey.lifecycle"] {
        assert!(clv < pos(costly), "{costly} before the BG/NBD fit");
    }
    // The stage metrics keep their catalogue order among themselves.
    let cheap: Vec<usize> = order[..clv].to_vec();
    assert!(cheap.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn a_front_end_sends_what_it_holds_before_and_after_each_costly_metric() {
    let all = catalogue();
    let order = schedule();
    let id = |at: usize| all[at].id;
    let send = send_points();
    let clv = order
        .iter()
        .position(|&i| id(i) == "loyalty.clv_predicted")
        .expect("the fit is scheduled");
    // The metric just before the fit: what is held is sent before the fit starts.
    assert!(send[order[clv - 1]]);
    // The fit and each journey metric after it: sent alone, as soon as done.
    for &at in &order[clv..] {
        assert!(send[at], "{} not sent at once", id(at));
    }
    // The cheap metrics before that are gathered into parts (by count or time), each stage's
    // apart: its last metric sends what is held, so its cards never wait for the next
    // stage's first metric.
    let stage = |at: usize| id(at).split('.').next().expect("a stage");
    for w in order[..clv].windows(2) {
        let last_of_stage = stage(w[0]) != stage(w[1]);
        assert_eq!(send[w[0]], last_of_stage, "{}", id(w[0]));
    }
    let ends: Vec<&str> = order[..clv - 1]
        .iter()
        .filter(|&&at| send[at])
        .map(|&at| id(at))
        .collect();
    assert_eq!(
        ends,
        [
            "attraction.cpl",
            "sales.mrr_reactivation",
            "service.agent_activity"
        ]
    );
    // The journey layer is everything after the fit.
    assert!(
        order[clv + 1..]
            .iter()
            .all(|&at| id(at).starts_with("journey."))
    );
}
