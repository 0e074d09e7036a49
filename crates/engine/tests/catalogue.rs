//! The metric catalogue against the contract, `../shared/spec/METRICS.md` (beside the repo):
//! every stage metric id it lists is implemented, has a DuckDB twin, and no id is invented.
//! Rows marked (J) and the journey section come later (issue 4 defers them).

use jornada_engine::metrics::{catalogue, sql};
use std::path::PathBuf;

/// Where the contract is: `shared/spec/METRICS.md` beside the checkout (the repo root's
/// parent), written with no `..` so that a failure names the place to put it.
fn spec_path() -> PathBuf {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // crates/engine → the repo root → the folder holding the checkout.
    let beside = repo.ancestors().nth(3).unwrap_or(&repo);
    beside.join("shared/spec/METRICS.md")
}

fn spec_ids() -> (Vec<String>, Vec<String>) {
    let path = spec_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "the metric contract cannot be read at {} ({e}).\n\
             This test checks the engine's metric catalogue against it: every stage metric id \
             METRICS.md lists must be implemented with a DuckDB twin, and none invented. The \
             contract lives outside this repository, as ../shared/spec/METRICS.md from the \
             repo root (a checkout elsewhere, e.g. a clone under /tmp, lacks it): put the spec \
             (or a link to it) at that path to run this test.",
            path.display()
        )
    });
    let (mut now, mut later) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let Some(first) = line.strip_prefix('|').and_then(|l| l.split('|').next()) else {
            continue;
        };
        let deferred = first.contains("(J)");
        for id in first
            .split(',')
            .map(|s| s.replace("(J)", "").trim().to_string())
        {
            let is_id = ["attraction.", "sales.", "service.", "loyalty.", "journey."]
                .iter()
                .any(|p| id.starts_with(p));
            if !is_id {
                continue;
            }
            if deferred || id.starts_with("journey.") {
                later.push(id);
            } else {
                now.push(id);
            }
        }
    }
    (now, later)
}

#[test]
fn every_stage_metric_of_the_contract_is_implemented_with_a_twin() {
    let (now, later) = spec_ids();
    assert!(
        now.len() >= 60,
        "parsed only {} ids from METRICS.md",
        now.len()
    );
    let implemented: Vec<&str> = catalogue().iter().map(|d| d.id).collect();
    let missing: Vec<&String> = now
        .iter()
        .filter(|id| !implemented.contains(&id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "in METRICS.md but not implemented: {missing:?}"
    );
    let untwinned: Vec<&String> = now.iter().filter(|id| sql(id).is_none()).collect();
    assert!(untwinned.is_empty(), "no DuckDB twin: {untwinned:?}");
    let invented: Vec<&&str> = implemented
        .iter()
        .filter(|id| !now.iter().any(|s| s == **id) && !later.iter().any(|s| s == **id))
        .collect();
    assert!(
        invented.is_empty(),
        "implemented but not in METRICS.md: {invented:?}"
    );
}

/// On the generated sample (both languages), every contract id has a value and names the
/// files it read, and a breakdown's keys are values of the breakdown's column in those files
/// (the channels of the social-media file are not keys of an orders metric, nor the
/// employees' departments keys of the customers' NPS).
#[test]
fn the_generated_sample_gives_every_metric_a_value_sources_and_its_own_breakdown_keys() {
    use jornada_engine::ingest::{IngestOptions, read_bytes};
    use jornada_engine::metrics::analyze;
    use jornada_engine::sample::{self, Lang, SampleSize};
    use jornada_engine::{Query, Settings};
    let (now, _) = spec_ids();
    for lang in [Lang::Pt, Lang::En] {
        let tables: Vec<_> = sample::generate(SampleSize::K10, lang, 42)
            .iter()
            .map(|f| read_bytes(&f.name, &f.csv, &IngestOptions::default()).unwrap())
            .collect();
        let report = analyze(&tables, &Settings::default(), &Query::default());
        assert!(
            report.unavailable.is_empty(),
            "{lang:?}: {:?}",
            report.unavailable
        );
        for id in &now {
            let m = report.metrics.iter().find(|m| &m.id == id);
            let m = m.unwrap_or_else(|| panic!("{lang:?}: {id} missing"));
            assert!(m.value.is_some(), "{lang:?}: {id} has no value");
            assert!(!m.sources.is_empty(), "{lang:?}: {id} names no file");
            // The files a key may come from: the sources, and the tickets they name.
            let read = |t: &jornada_engine::Table| m.sources.contains(&t.file);
            let names_tickets = tables
                .iter()
                .any(|t| read(t) && t.text(jornada_engine::Role::TicketId).is_some());
            let keyed = |t: &&jornada_engine::Table| {
                read(t) || (names_tickets && t.kind == jornada_engine::TableKind::Tickets)
            };
            for b in &m.breakdowns {
                let role = jornada_engine::ingest::roles::role_from_id(&b.by).unwrap();
                for row in &b.rows {
                    let found = tables.iter().filter(keyed).any(|t| {
                        t.text(role)
                            .is_some_and(|c| c.dict.iter().any(|k| k == row.key.as_str()))
                    });
                    assert!(
                        found,
                        "{lang:?}: {id} by {}: {} is in none of {:?}",
                        b.by, row.key, m.sources
                    );
                }
            }
        }
        let by = |id: &str| -> Vec<String> {
            let m = report.metrics.iter().find(|m| m.id == id).unwrap();
            m.breakdowns.iter().map(|b| b.by.clone()).collect()
        };
        // The employees' departments break eNPS down, and never the customers' NPS.
        assert_eq!(by("loyalty.enps"), ["segment"]);
        assert!(!by("loyalty.nps").contains(&"segment".to_string()));
        // The social network is the social-media file's channel.
        assert_eq!(by("attraction.social_engagement"), ["channel"]);
        // CSAT through the tickets its answers rate; referrals read leads, which have no
        // channel, so no channel breakdown would be honest.
        assert_eq!(by("loyalty.csat"), ["channel", "agent", "reason"]);
        assert!(!by("loyalty.referrals").contains(&"channel".to_string()));
    }
}

/// Every metric says which way a change is good news, the report carries it, and the
/// obvious ones read right: churn, costs and waiting times are better lower (issue 17: a
/// churn rise of 61.5% was shown green).
#[test]
fn every_metric_has_a_direction_and_the_report_carries_it() {
    use jornada_engine::Direction::{self, HigherIsBetter, LowerIsBetter, Neutral};
    let of = |id: &str| {
        catalogue()
            .into_iter()
            .find(|d| d.id == id)
            .unwrap_or_else(|| panic!("{id} is not in the catalogue"))
            .direction
    };
    let expected: [(Direction, &[&str]); 3] = [
        (
            LowerIsBetter,
            &[
                "loyalty.customer_churn_rate",
                "loyalty.revenue_churn_rate",
                "service.first_response_time",
                "service.resolution_time",
                "service.tickets_per_customer",
                "sales.cac",
                "attraction.cpl",
                "sales.cart_abandonment_rate",
                "sales.mrr_churn",
                "sales.mrr_contraction",
                "loyalty.time_to_value",
                "attraction.chat_escalation_rate",
            ],
        ),
        (
            HigherIsBetter,
            &[
                "sales.revenue",
                "sales.mrr_new",
                "loyalty.nps",
                "loyalty.ces", // 1-7, higher is easier (METRICS.md)
                "loyalty.nrr",
                "service.sla_compliance_rate",
                "attraction.leads_new",
            ],
        ),
        (
            Neutral,
            &[
                "service.tickets",
                "service.top_reasons",
                "service.agent_table",
            ],
        ),
    ];
    for (direction, ids) in expected {
        for id in ids {
            assert_eq!(of(id), direction, "{id}");
        }
    }
    // In the JSON contract, snake_case.
    let json = serde_json::to_value(LowerIsBetter).expect("a unit enum serialises");
    assert_eq!(json, "lower_is_better");
    let orders = "order_id,customer_id,order_date,amount,status\n1,c1,2025-01-05,10,completed\n";
    let table = jornada_engine::ingest::read_bytes(
        "orders.csv",
        orders.as_bytes(),
        &jornada_engine::ingest::IngestOptions::default(),
    )
    .expect("a plain orders file reads");
    let report = jornada_engine::metrics::analyze(
        &[table],
        &jornada_engine::Settings::default(),
        &jornada_engine::Query::default(),
    );
    let revenue = report.metric("sales.revenue").expect("revenue from orders");
    let json = serde_json::to_value(revenue).expect("a metric serialises");
    assert_eq!(json["direction"], "higher_is_better");
}
