//! Attraction metrics through the public API: every id computed from a small company, with
//! breakdowns, intervals, unavailable inputs, explain and the SQL twins.

use chrono::NaiveDate;
use jornada_engine::metrics::{analyze, explain, sql};
use jornada_engine::table::{Role, Table, TableKind, Values, text_values};
use jornada_engine::{Query, Settings};

mod common;
use common::day;

const IDS: [&str; 11] = [
    "attraction.leads_new",
    "attraction.leads_by_source",
    "attraction.lead_conversion_rate",
    "attraction.visitors",
    "attraction.traffic_to_lead_ratio",
    "attraction.landing_page_conversion_rate",
    "attraction.organic_share",
    "attraction.chat_bot_conversion_rate",
    "attraction.chat_escalation_rate",
    "attraction.social_engagement",
    "attraction.cpl",
];

/// Four leads in January 2025: two from google (one of them converted), two from
/// instagram; one repeated row.
fn leads() -> Table {
    Table::new("leads.csv", TableKind::Leads)
        .with_column(
            "id",
            Role::LeadId,
            text_values(["L1", "L2", "L3", "L4", "L1"]),
        )
        .with_column(
            "criado",
            Role::CreatedAt,
            Values::Date(
                vec![
                    day(2025, 1, 2),
                    day(2025, 1, 3),
                    day(2025, 1, 4),
                    day(2025, 1, 5),
                    day(2025, 1, 6),
                ]
                .into(),
            ),
        )
        .with_column(
            "origem",
            Role::Source,
            text_values(["google", "google", "instagram", "instagram", "google"]),
        )
        .with_column(
            "convertido",
            Role::Converted,
            Values::Bool(vec![Some(true), Some(false), Some(false), None, None]),
        )
}

/// Six sessions: /promo converts 2 of 3, / converts 0 of 3; 2 organic; 4 visitors.
fn sessions() -> Table {
    Table::new("sessions.csv", TableKind::Sessions)
        .with_column(
            "visitante",
            Role::VisitorId,
            text_values(["V1", "V1", "V2", "V3", "V4", "V4"]),
        )
        .with_column(
            "data",
            Role::Date,
            Values::Date(
                vec![
                    day(2025, 1, 2),
                    day(2025, 1, 2),
                    day(2025, 1, 3),
                    day(2025, 1, 4),
                    day(2025, 1, 5),
                    day(2025, 1, 6),
                ]
                .into(),
            ),
        )
        .with_column(
            "pagina",
            Role::LandingPage,
            text_values(["/promo", "/", "/promo", "/", "/promo", "/"]),
        )
        .with_column(
            "meio",
            Role::Medium,
            text_values(["organic", "cpc", "cpc", "organic", "email", "cpc"]),
        )
        .with_column(
            "converteu",
            Role::Converted,
            Values::Bool([true, false, true, false, false, false].map(Some).to_vec()),
        )
}

fn spend() -> Table {
    let mut t = Table::new("investimento.csv", TableKind::MarketingSpend)
        .with_column(
            "dia",
            Role::Date,
            Values::Date(vec![day(2025, 1, 1), day(2025, 1, 2)].into()),
        )
        .with_column(
            "valor",
            Role::Spend,
            Values::Number(vec![Some(30.0), Some(10.0)].into()),
        );
    t.currency = Some("BRL".into());
    t
}

fn chats() -> Table {
    Table::new("chats.csv", TableKind::Chats)
        .with_column(
            "inicio",
            Role::CreatedAt,
            Values::Date(
                vec![
                    day(2025, 1, 2),
                    day(2025, 1, 3),
                    day(2025, 1, 4),
                    day(2025, 1, 5),
                ]
                .into(),
            ),
        )
        .with_column(
            "converteu",
            Role::Converted,
            Values::Bool(vec![Some(true), Some(true), Some(false), Some(false)]),
        )
        .with_column(
            "transferido",
            Role::Transferred,
            Values::Bool(vec![Some(false), Some(true), Some(true), Some(false)]),
        )
}

fn social() -> Table {
    Table::new("social.csv", TableKind::SocialInteractions)
        .with_column(
            "data",
            Role::Date,
            Values::Date(vec![day(2025, 1, 2), day(2025, 1, 9)].into()),
        )
        .with_column(
            "curtidas",
            Role::Reactions,
            Values::Number(vec![Some(7.0), Some(3.0)].into()),
        )
        .with_column(
            "dms",
            Role::DirectMessages,
            Values::Number(vec![Some(1.0), None].into()),
        )
        .with_column(
            "rede",
            Role::Channel,
            text_values(["instagram", "facebook"]),
        )
}

fn january() -> Query {
    Query {
        from: NaiveDate::from_ymd_opt(2025, 1, 1),
        to: NaiveDate::from_ymd_opt(2025, 1, 31),
        ..Query::default()
    }
}

#[test]
fn every_attraction_metric_from_a_small_company() {
    let tables = [leads(), sessions(), spend(), chats(), social()];
    let report = analyze(&tables, &Settings::default(), &january());
    let v = |id: &str| report.metric(id).and_then(|m| m.value);
    for id in IDS {
        assert!(
            report.metric(id).is_some(),
            "{id} not computed: {:?}",
            report.unavailable
        );
        assert!(
            sql(id).is_some_and(|s| s.contains("SELECT")),
            "{id} has no twin"
        );
    }
    // 4 distinct leads (L1 twice); 1 converted (L1's flag).
    assert_eq!(v("attraction.leads_new"), Some(4.0));
    assert_eq!(v("attraction.lead_conversion_rate"), Some(0.25));
    // Visitors V1..V4; 4 visitors / 4 leads.
    assert_eq!(v("attraction.visitors"), Some(4.0));
    assert_eq!(v("attraction.traffic_to_lead_ratio"), Some(1.0));
    // 2 of 6 sessions converted; 2 of 6 organic.
    assert!((v("attraction.landing_page_conversion_rate").unwrap() - 2.0 / 6.0).abs() < 1e-12);
    assert!((v("attraction.organic_share").unwrap() - 2.0 / 6.0).abs() < 1e-12);
    // Chats: bot conversion row 0 only (row 1 was transferred) → 1/4; escalations 2/4.
    assert_eq!(v("attraction.chat_bot_conversion_rate"), Some(0.25));
    assert_eq!(v("attraction.chat_escalation_rate"), Some(0.5));
    // Social: 7 + 1 + 3 = 11.
    assert_eq!(v("attraction.social_engagement"), Some(11.0));
    // CPL: 40 / 4 leads, in the spend file's currency.
    let cpl = report.metric("attraction.cpl").unwrap();
    assert_eq!(cpl.value, Some(10.0));
    assert_eq!(cpl.currency.as_deref(), Some("BRL"));

    // Landing-page breakdown: /promo 2 of 3, / 0 of 3, with Wilson intervals on the total.
    let lp = report
        .metric("attraction.landing_page_conversion_rate")
        .unwrap();
    let by_page = lp
        .breakdowns
        .iter()
        .find(|b| b.by == "landing_page")
        .unwrap();
    let promo = by_page.rows.iter().find(|r| r.key == "/promo").unwrap();
    assert!((promo.value.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(promo.n, Some(3));
    assert!(lp.interval.is_some() && lp.small_sample);
    // Leads per source: google {L1, L2} = 2, instagram {L3, L4} = 2.
    let by_source = report.metric("attraction.leads_by_source").unwrap();
    let table = by_source.table.as_ref().unwrap().as_array().unwrap();
    assert_eq!(table.len(), 2);
    assert_eq!(table[0]["leads"], 2);
    let lead_breakdown = by_source
        .breakdowns
        .iter()
        .find(|b| b.by == "source")
        .unwrap();
    assert!(lead_breakdown.rows.iter().all(|r| r.value == Some(2.0)));
}

#[test]
fn attraction_without_inputs_says_what_is_missing() {
    let report = analyze(&[leads()], &Settings::default(), &january());
    assert_eq!(
        report.metric("attraction.leads_new").and_then(|m| m.value),
        Some(4.0)
    );
    let needs = |id: &str| {
        report
            .unavailable
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.needs.clone())
            .unwrap_or_else(|| panic!("{id} should be unavailable"))
    };
    assert_eq!(
        needs("attraction.visitors"),
        "a sessions/traffic file with a date"
    );
    assert!(needs("attraction.cpl").contains("marketing spend"));
    assert!(needs("attraction.chat_escalation_rate").contains("transferred"));
    assert!(needs("attraction.social_engagement").contains("social"));
}

#[test]
fn explain_new_leads() {
    let e = explain(
        &[leads()],
        &Settings::default(),
        &january(),
        "attraction.leads_new",
        None,
    )
    .unwrap();
    assert_eq!(e.value, Some(4.0));
    assert_eq!(e.rows.len(), 5);
    assert_eq!(e.rows.iter().filter(|r| r.included).count(), 4);
    let repeat = e.rows.iter().find(|r| !r.included).unwrap();
    assert_eq!(repeat.line, 6);
    assert_eq!(repeat.rule, "excluded: same lead as an earlier row");
}
