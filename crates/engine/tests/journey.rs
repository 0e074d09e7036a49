#![allow(clippy::unwrap_used)]
//! The journey layer against independent counts: the retention-cohort cells of the sample's
//! orders counted here from the CSV text with the plain `csv` reader, and every journey id
//! present on both samples.

use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::analyze;
use jornada_engine::sample::{Lang, SampleSize, generate};
use jornada_engine::{Query, Settings};
use std::collections::{BTreeMap, BTreeSet, HashMap};

const JOURNEY_IDS: [&str; 8] = [
    "loyalty.retention_cohorts",
    "journey.identity",
    "journey.customers",
    "journey.stage_funnel",
    "journey.stage_flow",
    "journey.time_between_stages",
    "journey.lifecycle",
    "journey.milestones",
];

#[test]
fn cohort_cells_equal_an_independent_count() {
    let files = generate(SampleSize::Orders(3000), Lang::En, 7);
    let orders = files.iter().find(|f| f.name == "orders.csv").unwrap();
    // Independent count: month = the first 7 characters of order_date (YYYY-MM).
    let mut reader = csv::Reader::from_reader(&orders.csv[..]);
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (customer, date, status, amount) = (
        col("customer_id"),
        col("order_date"),
        col("status"),
        col("amount"),
    );
    let mut completed: Vec<(String, String, f64)> = Vec::new();
    let mut last_day = String::new();
    for rec in reader.records() {
        let rec = rec.unwrap();
        let day = rec[date][..10].to_string();
        last_day = last_day.max(day);
        if &rec[status] == "completed" {
            completed.push((
                rec[customer].to_string(),
                rec[date][..7].to_string(),
                rec[amount].parse().unwrap(),
            ));
        }
    }
    let month_number = |m: &str| {
        let (y, mo) = m.split_at(4);
        y.parse::<i64>().unwrap() * 12 + mo[1..].parse::<i64>().unwrap() - 1
    };
    let mut first: HashMap<&str, i64> = HashMap::new();
    for (c, m, _) in &completed {
        let n = month_number(m);
        first.entry(c).and_modify(|f| *f = (*f).min(n)).or_insert(n);
    }
    let mut active: BTreeMap<(i64, i64), BTreeSet<&str>> = BTreeMap::new();
    let mut revenue: BTreeMap<(i64, i64), f64> = BTreeMap::new();
    for (c, m, a) in &completed {
        let cohort = first[c.as_str()];
        let k = month_number(m) - cohort;
        active.entry((cohort, k)).or_default().insert(c);
        *revenue.entry((cohort, k)).or_default() += a;
    }
    let last_month = month_number(&last_day[..7]);
    // The last month is unfinished unless the data ends on its last day.
    let next_day = chrono::NaiveDate::parse_from_str(&last_day, "%Y-%m-%d").unwrap()
        + chrono::Duration::days(1);
    let last_finished = next_day.format("%d").to_string() == "01";

    let table = read_bytes("orders.csv", &orders.csv, &IngestOptions::default()).unwrap();
    let report = analyze(&[table], &Settings::default(), &Query::default());
    let metric = report
        .metrics
        .iter()
        .find(|m| m.id == "loyalty.retention_cohorts")
        .unwrap();
    let cells = metric.table.as_ref().unwrap().as_array().unwrap();
    let mut expected_cells = 0;
    for cohort in first.values().copied().collect::<BTreeSet<i64>>() {
        for k in 0..=(last_month - cohort) {
            expected_cells += 1;
            let label = format!("{}-{:02}", cohort.div_euclid(12), cohort.rem_euclid(12) + 1);
            let cell = cells
                .iter()
                .find(|c| c["cohort"] == label.as_str() && c["k"] == k)
                .unwrap_or_else(|| panic!("no cell {label} k {k}"));
            let size = active[&(cohort, 0)].len() as u64;
            let n = active.get(&(cohort, k)).map_or(0, BTreeSet::len) as u64;
            assert_eq!(cell["size"], size, "{label} k {k}");
            assert_eq!(cell["active"], n, "{label} k {k}");
            let r = revenue.get(&(cohort, k)).copied().unwrap_or(0.0);
            let got = cell["revenue"].as_f64().unwrap();
            assert!(
                (got - r).abs() < 1e-6 * r.max(1.0),
                "{label} k {k}: {got} != {r}"
            );
            let r0 = revenue[&(cohort, 0)];
            let share = cell["revenue_share"].as_f64().unwrap();
            assert!((share - r / r0).abs() < 1e-9, "{label} k {k}");
            let partial = cohort + k == last_month && !last_finished;
            assert_eq!(cell["partial"], partial, "{label} k {k}");
        }
    }
    assert_eq!(cells.len(), expected_cells);
    assert!(expected_cells > 20);
}

#[test]
fn every_journey_id_on_both_samples() {
    for lang in [Lang::Pt, Lang::En] {
        let tables: Vec<_> = generate(SampleSize::Orders(2000), lang, 42)
            .iter()
            .map(|f| read_bytes(&f.name, &f.csv, &IngestOptions::default()).unwrap())
            .collect();
        let report = analyze(&tables, &Settings::default(), &Query::default());
        for id in JOURNEY_IDS {
            let m = report.metrics.iter().find(|m| m.id == id);
            assert!(
                m.is_some_and(|m| m.value.is_some() && m.table.is_some()),
                "{id} ({lang:?}): {:?}",
                report.unavailable.iter().find(|u| u.id == id)
            );
        }
    }
}
