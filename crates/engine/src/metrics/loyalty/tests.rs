//! Loyalty metrics on hand-built tables, including every golden case of METRICS.md.
#![allow(clippy::field_reassign_with_default)] // settings tweaked one field at a time

use super::activity::{dau, mau, session_duration, stickiness, visit_frequency};
use super::core_actions::{core_actions, explain_core_actions};
use super::licences::license_utilization;
use super::onboarding::{activation_rate, time_to_onboard, time_to_value};
use super::referrals::referrals;
use super::revenue::{
    BASIS_POOLED, customer_churn_rate, expansion_rate, ltv_margin, ltv_simple, nrr,
    revenue_churn_rate,
};
use super::surveys::{ces, csat, enps, explain_nps, nps, review_rating};
use super::themes::feedback_themes;
use crate::metrics::{ComputeFn, Computed, Ctx, Need, Sample, Scope};
use crate::period::{Query, date_to_ts};
use crate::settings::Settings;
use crate::table::Role;
use crate::table::{SurveyKind, SurveyQuestion, Table, TableKind, Values, text_values};
use crate::test_support::assert_close;
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> Option<i64> {
    Some(date_to_ts(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
}

fn query(from: (i32, u32, u32), to: (i32, u32, u32)) -> Query {
    Query {
        from: NaiveDate::from_ymd_opt(from.0, from.1, from.2),
        to: NaiveDate::from_ymd_opt(to.0, to.1, to.2),
        ..Query::default()
    }
}

fn march() -> Query {
    query((2025, 3, 1), (2025, 3, 31))
}

fn compute_q(tables: &[Table], s: &Settings, q: &Query, f: ComputeFn) -> Result<Computed, Need> {
    let ctx = Ctx::new(tables, s, q);
    f(&ctx, &ctx.scope())
}

fn compute(tables: &[Table], s: &Settings, f: ComputeFn) -> Result<Computed, Need> {
    compute_q(tables, s, &march(), f)
}

fn value(tables: &[Table], s: &Settings, f: ComputeFn) -> f64 {
    compute(tables, s, f).unwrap().value.unwrap()
}

/// A long survey export (Jornada's widget shape): kind, score, optional scale, comment.
fn long_survey(kind: &str, scores: &[f64], scale: Option<(f64, f64)>) -> Table {
    let n = scores.len();
    let mut t = Table::new("answers.csv", TableKind::SurveyResponses)
        .with_column(
            "submitted_at",
            Role::RespondedAt,
            Values::Date(vec![day(2025, 3, 5); n].into()),
        )
        .with_column("survey_kind", Role::SurveyKind, text_values(vec![kind; n]))
        .with_column(
            "score",
            Role::Score,
            Values::Number(scores.iter().map(|s| Some(*s)).collect()),
        );
    if let Some((lo, hi)) = scale {
        t = t
            .with_column(
                "scale_min",
                Role::ScaleMin,
                Values::Number(vec![Some(lo); n].into()),
            )
            .with_column(
                "scale_max",
                Role::ScaleMax,
                Values::Number(vec![Some(hi); n].into()),
            );
    }
    t
}

#[test]
fn nps_golden_case() {
    // METRICS.md: 50 promoters, 30 passives, 20 detractors → 30, margin about 15 (15.31).
    let mut scores = vec![10.0; 50];
    scores.extend([8.0; 30]);
    scores.extend([3.0; 20]);
    let t = [long_survey("nps", &scores, None)];
    let c = compute(&t, &Settings::default(), nps).unwrap();
    assert_close(c.value.unwrap(), 30.0);
    assert!((c.details["margin"] - 15.31).abs() < 0.01);
    assert_eq!(
        c.sample,
        Some(Sample::Nps {
            promoters: 50,
            passives: 30,
            detractors: 20
        })
    );
    let iv = c.sample.unwrap().interval().unwrap();
    assert!((iv.low - 14.69).abs() < 0.01 && (iv.high - 45.31).abs() < 0.01);
}

#[test]
fn nps_excludes_other_scales_and_is_absent_without_answers() {
    // A 1-5 "nps" answer is excluded, not rescaled: 10 and 0 → (1 - 1) / 2 = 0.
    let mut t = long_survey("nps", &[10.0, 0.0, 5.0], None);
    t = t
        .with_column(
            "scale_min",
            Role::ScaleMin,
            Values::Number(vec![None, None, Some(1.0)].into()),
        )
        .with_column(
            "scale_max",
            Role::ScaleMax,
            Values::Number(vec![None, None, Some(5.0)].into()),
        );
    let tables = [t];
    let c = compute(&tables, &Settings::default(), nps).unwrap();
    assert_eq!(c.value, Some(0.0));
    assert_eq!(c.sample.unwrap().n(), 2);
    let q = march();
    let s = Settings::default();
    let ctx = Ctx::new(&tables, &s, &q);
    let rows = explain_nps(&ctx, &ctx.scope()).unwrap();
    assert_eq!(rows[0].rule, "included: promoter (9-10)");
    assert_eq!(rows[1].rule, "included: detractor (0-6)");
    assert_eq!(
        rows[2].rule,
        "excluded: NPS answers must be on a 0-10 scale"
    );
    // Only CSAT answers: NPS is absent, not 0.
    let csat_only = [long_survey("csat", &[5.0], None)];
    assert!(compute(&csat_only, &Settings::default(), nps).is_err());
}

#[test]
fn csat_golden_case_long_shape() {
    // METRICS.md: 5, 5, 4, 3, 1 on 1-5 → 3 satisfied of 5 = 0.60; mean 18 / 5 = 3.6.
    let t = [long_survey(
        "csat",
        &[5.0, 5.0, 4.0, 3.0, 1.0],
        Some((1.0, 5.0)),
    )];
    let c = compute(&t, &Settings::default(), csat).unwrap();
    assert_close(c.value.unwrap(), 0.6);
    assert_close(c.details["mean"], 3.6);
    assert_eq!(c.sample, Some(Sample::Proportion { successes: 3, n: 5 }));
}

#[test]
fn csat_threshold_setting_changes_the_share() {
    // satisfied_from 5: only the two 5s → 0.40.
    let t = [long_survey("csat", &[5.0, 5.0, 4.0, 3.0, 1.0], None)];
    let mut s = Settings::default();
    s.csat.satisfied_from = 5.0;
    assert_close(value(&t, &s, csat), 0.4);
}

#[test]
fn csat_wide_shape_uses_the_column_scale() {
    // One wide column on 1-7: 7, 6, 5, 2 → top two points (6-7): 2 / 4. Mean moved onto the
    // settings' 1-5: 1 + (v - 1) · 4/6 → 5, 4.333, 3.667, 1.667 → 3.6667.
    let mut t = Table::new("typeform.csv", TableKind::SurveyResponses)
        .with_column(
            "date",
            Role::RespondedAt,
            Values::Date(vec![day(2025, 3, 2); 4].into()),
        )
        .with_column(
            "Satisfação",
            Role::Score,
            Values::Number(vec![Some(7.0), Some(6.0), Some(5.0), Some(2.0)].into()),
        );
    t.columns[1].question = Some(SurveyQuestion {
        kind: SurveyKind::Csat,
        min: 1.0,
        max: 7.0,
    });
    let c = compute(&[t], &Settings::default(), csat).unwrap();
    assert_close(c.value.unwrap(), 0.5);
    assert_close(c.details["mean"], 11.0 / 3.0);
}

#[test]
fn ces_mean_and_agree_rate_with_settings() {
    // 7, 6, 5, 3 on 1-7: mean 5.25; agree (5-7) 3 / 4.
    let t = [long_survey("ces", &[7.0, 6.0, 5.0, 3.0], None)];
    let c = compute(&t, &Settings::default(), ces).unwrap();
    assert_close(c.value.unwrap(), 5.25);
    assert_close(c.details["ces_agree_rate"], 0.75);
    assert!(matches!(c.sample, Some(Sample::Mean { n: 4, .. })));
    // Agreement from 6: 2 / 4.
    let mut s = Settings::default();
    s.ces.satisfied_from = 6.0;
    assert_close(compute(&t, &s, ces).unwrap().details["ces_agree_rate"], 0.5);
    // A 1-5 CES scale setting: answers with no scale column are read on 1-5, so 7 and 6 are
    // outside it and excluded: mean of 5, 3 = 4.
    s.ces = crate::settings::ScaleSetting {
        min: 1.0,
        max: 5.0,
        satisfied_from: 4.0,
    };
    assert_close(value(&t, &s, ces), 4.0);
}

#[test]
fn enps_from_an_employee_survey_file() {
    // Employee file with one unlabelled score column: 10, 9, 7, 5 → (2 - 1) / 4 = 25.
    let t = [Table::new("clima.csv", TableKind::EmployeeSurvey)
        .with_column(
            "data",
            Role::Date,
            Values::Date(vec![day(2025, 3, 1); 4].into()),
        )
        .with_column(
            "nota",
            Role::Score,
            Values::Number(vec![Some(10.0), Some(9.0), Some(7.0), Some(5.0)].into()),
        )];
    assert_close(value(&t, &Settings::default(), enps), 25.0);
    // Employee answers never count as customer NPS.
    assert!(compute(&t, &Settings::default(), nps).is_err());
}

#[test]
fn review_rating_mean_count_distribution() {
    // 5, 4, 4, 2 (6 is outside 1-5, excluded) → mean 3.75, two 4-star reviews.
    let t = [Table::new("reviews.csv", TableKind::Reviews)
        .with_column(
            "date",
            Role::Date,
            Values::Date(vec![day(2025, 3, 3); 5].into()),
        )
        .with_column(
            "stars",
            Role::Rating,
            Values::Number(vec![Some(5.0), Some(4.0), Some(4.0), Some(2.0), Some(6.0)].into()),
        )];
    let c = compute(&t, &Settings::default(), review_rating).unwrap();
    assert_close(c.value.unwrap(), 3.75);
    assert_eq!(
        (
            c.details["count"],
            c.details["stars_4"],
            c.details["stars_3"]
        ),
        (4.0, 2.0, 0.0)
    );
}

/// METRICS.md golden case over March 2025: MRR at the start 100 (A 50, B 30, C 10, D 10);
/// A grows to 60 (expansion 10), B shrinks to 20 (contraction 10), C ends (churn 10), D stays.
fn golden_subscriptions() -> Table {
    Table::new("subs.csv", TableKind::Subscriptions)
        .with_column(
            "customer",
            Role::CustomerId,
            text_values(["A", "A", "B", "B", "C", "D"]),
        )
        .with_column(
            "start",
            Role::StartedAt,
            Values::Date(
                vec![
                    day(2025, 1, 1),
                    day(2025, 3, 15),
                    day(2025, 1, 1),
                    day(2025, 3, 10),
                    day(2025, 1, 1),
                    day(2025, 1, 1),
                ]
                .into(),
            ),
        )
        .with_column(
            "end",
            Role::EndedAt,
            Values::Date(
                vec![
                    day(2025, 3, 15),
                    None,
                    day(2025, 3, 10),
                    None,
                    day(2025, 3, 20),
                    None,
                ]
                .into(),
            ),
        )
        .with_column(
            "mrr",
            Role::Mrr,
            Values::Number(
                vec![
                    Some(50.0),
                    Some(60.0),
                    Some(30.0),
                    Some(20.0),
                    Some(10.0),
                    Some(10.0),
                ]
                .into(),
            ),
        )
}

#[test]
fn revenue_retention_golden_case() {
    let t = [golden_subscriptions()];
    let s = Settings::default();
    assert_close(value(&t, &s, revenue_churn_rate), 0.20);
    let c = compute(&t, &s, nrr).unwrap();
    assert_close(c.value.unwrap(), 0.90);
    assert_close(c.details["grr"], 0.80);
    assert_close(c.details["mrr_start"], 100.0);
    assert_close(c.details["mrr_end"], 90.0);
    // Expansion 10 / 100; one of four customers churned.
    assert_close(value(&t, &s, expansion_rate), 0.10);
    assert_close(value(&t, &s, customer_churn_rate), 0.25);
}

#[test]
fn subscription_amounts_are_normalised_by_interval() {
    // A yearly 1200 plan is 100 a month; it ends in March → revenue churn 100 / (100 + 50).
    let t = [Table::new("subs.csv", TableKind::Subscriptions)
        .with_column("email", Role::Email, text_values(["a@x.com", "b@x.com"]))
        .with_column(
            "start",
            Role::StartedAt,
            Values::Date(vec![day(2024, 6, 1), day(2025, 1, 1)].into()),
        )
        .with_column(
            "end",
            Role::EndedAt,
            Values::Date(vec![day(2025, 3, 5), None].into()),
        )
        .with_column(
            "amount",
            Role::Amount,
            Values::Number(vec![Some(1200.0), Some(50.0)].into()),
        )
        .with_column("interval", Role::Interval, text_values(["anual", "mensal"]))];
    let c = compute(&t, &Settings::default(), revenue_churn_rate).unwrap();
    assert_close(c.value.unwrap(), 100.0 / 150.0);
    assert_close(c.details["mrr_start"], 150.0);
}

fn orders(rows: &[(&str, (i32, u32, u32), f64)]) -> Table {
    Table::new("orders.csv", TableKind::Orders)
        .with_column(
            "customer",
            Role::CustomerId,
            text_values(rows.iter().map(|r| r.0)),
        )
        .with_column(
            "date",
            Role::OrderDate,
            Values::Date(rows.iter().map(|r| day(r.1.0, r.1.1, r.1.2)).collect()),
        )
        .with_column(
            "total",
            Role::Amount,
            Values::Number(rows.iter().map(|r| Some(r.2)).collect()),
        )
}

#[test]
fn churn_and_expansion_from_orders_only() {
    // Orders 02-10: c1 100, c2 100, c3 50; 03-10: c1 150, c2 80, c4 10. Churn with a 28-day
    // inactivity window over the data's range (02-10 ..= 03-10; nobody active at 02-10, so
    // pooled over its months): March starts with {c1, c2, c3} active (orders in
    // [02-01, 03-01)) and ends (03-11) with c1, c2, c4 active (orders in [02-11, 03-11)):
    // c3 lost → 1 / 3. Expansion: returning c1, c2 had 200; c1 grew 50 → 0.25.
    let t = [orders(&[
        ("c1", (2025, 2, 10), 100.0),
        ("c2", (2025, 2, 10), 100.0),
        ("c3", (2025, 2, 10), 50.0),
        ("c1", (2025, 3, 10), 150.0),
        ("c2", (2025, 3, 10), 80.0),
        ("c4", (2025, 3, 10), 10.0),
    ])];
    let s = Settings {
        churn_inactivity_days: 28,
        ..Settings::default()
    };
    assert_close(value(&t, &s, customer_churn_rate), 1.0 / 3.0);
    assert_close(value(&t, &s, expansion_rate), 0.25);
    // NRR needs subscriptions.
    assert_eq!(compute(&t, &s, nrr).unwrap_err().key, "subscriptions.mrr");
}

#[test]
fn ltv_simple_golden_case_and_margin() {
    // One customer, 12 orders of 200 over 2025, the first on 01-01 (tenure to the range's end
    // 2026-01-01: 365 days = 1 year), relationship set to 2 years: 200 × 12 × 2 = 4800.
    let rows: Vec<(&str, (i32, u32, u32), f64)> =
        (1..=12).map(|m| ("c1", (2025, m, 1), 200.0)).collect();
    let t = [orders(&rows)];
    let q = query((2025, 1, 1), (2025, 12, 31));
    let mut s = Settings::default();
    s.ltv_relationship_years = Some(2.0);
    let c = compute_q(&t, &s, &q, ltv_simple).unwrap();
    assert_close(c.value.unwrap(), 4800.0);
    assert_close(c.details["average_ticket"], 200.0);
    assert_close(c.details["purchases_per_customer_per_year"], 12.0);
    assert_close(c.details["relationship_years"], 2.0);
    // Margin from the settings: 4800 × 0.25 = 1200. No margin anywhere: absent.
    assert!(compute_q(&t, &s, &q, ltv_margin).is_err());
    s.default_margin = Some(0.25);
    assert_close(
        compute_q(&t, &s, &q, ltv_margin).unwrap().value.unwrap(),
        1200.0,
    );
    // A cost column wins over the setting: cost 120 of 200 → margin 0.4 → 1920.
    let t = [orders(&rows).with_column(
        "cost",
        Role::Cost,
        Values::Number(vec![Some(120.0); 12].into()),
    )];
    let c = compute_q(&t, &s, &q, ltv_margin).unwrap();
    assert_close(c.value.unwrap(), 1920.0);
    assert_eq!(c.details["margin_source"], 2.0);
}

#[test]
fn ltv_relationship_estimated_from_churn() {
    // Range 2025 (end 2026-01-01); a year before the end is 2025-01-01. With the default
    // 90-day window, active then = an order in [2024-10-03, 2025-01-01): x (2024-12-01) and y
    // (2024-11-15). At the end (orders in [2025-10-03, 2026-01-01)) x is still active, y is
    // not → annual churn 1/2 → 2 years. w (first order 2024-01-10) was inactive a year
    // before the end, z is new: neither is at risk.
    // Ticket over 2025: x 100, w 100, z 300 → 500 / 3. Frequency: the buyers' orders from
    // their first to the end / their tenures: x 2 in 396 days, w 2 in 722, z 1 in 306 →
    // 5 / (1424 / 365) per year. LTV = 500/3 × 5 × 365 / 1424 × 2.
    let t = [orders(&[
        ("x", (2024, 12, 1), 100.0),
        ("y", (2024, 11, 15), 100.0),
        ("w", (2024, 1, 10), 100.0),
        ("x", (2025, 12, 1), 100.0),
        ("w", (2025, 11, 20), 100.0),
        ("z", (2025, 3, 1), 300.0),
    ])];
    let q = query((2025, 1, 1), (2025, 12, 31));
    let c = compute_q(&t, &Settings::default(), &q, ltv_simple).unwrap();
    assert_close(c.details["annual_churn"], 0.5);
    assert_close(c.details["relationship_years"], 2.0);
    let freq = 5.0 * 365.0 / 1424.0;
    assert_close(c.details["purchases_per_customer_per_year"], freq);
    assert_close(c.value.unwrap(), 500.0 / 3.0 * freq * 2.0);
}

#[test]
fn ltv_frequency_is_per_tenure_year_so_a_short_range_does_not_inflate_it() {
    // a buys on the 1st of every month of 2024 and 2025 (24 orders); b bought 2023-01-01 and
    // again 2025-12-01. Range: December 2025 (end 2026-01-01). Per range length it would be
    // 2 orders / 2 customers / (31 / 365) ≈ 11.8 a year: b would look monthly. Per tenure:
    // a 24 orders in 731 days, b 2 in 1096 → 26 / (1827 / 365) ≈ 5.19 a year.
    let mut rows: Vec<(&str, (i32, u32, u32), f64)> = Vec::new();
    for y in [2024, 2025] {
        rows.extend((1..=12).map(|m| ("a", (y, m, 1), 50.0)));
    }
    rows.push(("b", (2023, 1, 1), 50.0));
    rows.push(("b", (2025, 12, 1), 50.0));
    let t = [orders(&rows)];
    let q = query((2025, 12, 1), (2025, 12, 31));
    let s = Settings {
        ltv_relationship_years: Some(1.0),
        ..Settings::default()
    };
    let c = compute_q(&t, &s, &q, ltv_simple).unwrap();
    assert_close(
        c.details["purchases_per_customer_per_year"],
        26.0 * 365.0 / 1827.0,
    );
    assert_close(c.value.unwrap(), 50.0 * 26.0 * 365.0 / 1827.0);
    // A customer whose first order is days before the end counts 30 days of tenure: one
    // order on 2025-12-25 alone → 365 / 30 a year, not 365 / 7.
    let t = [orders(&[("n", (2025, 12, 25), 50.0)])];
    let c = compute_q(&t, &s, &q, ltv_simple).unwrap();
    assert_close(c.details["purchases_per_customer_per_year"], 365.0 / 30.0);
}

fn events(rows: &[(&str, &str, (u32, u32))]) -> Table {
    Table::new("events.csv", TableKind::Events)
        .with_column(
            "user",
            Role::CustomerId,
            text_values(rows.iter().map(|r| r.0)),
        )
        .with_column(
            "event",
            Role::EventName,
            text_values(rows.iter().map(|r| r.1)),
        )
        .with_column(
            "at",
            Role::EventAt,
            Values::Date(rows.iter().map(|r| day(2025, r.2.0, r.2.1)).collect()),
        )
}

fn journey_events() -> Table {
    // c1 signs up 03-01, onboards 03-02, activates 03-03, first value 03-04.
    // c2 signs up 03-02, first value 03-12, never activates. c3 was seen in February.
    events(&[
        ("c1", "signup", (3, 1)),
        ("c1", "Onboarding Complete", (3, 2)),
        ("c1", "activation", (3, 3)),
        ("c1", "first_value", (3, 4)),
        ("c2", "signup", (3, 2)),
        ("c2", "first_value", (3, 12)),
        ("c3", "signup", (2, 10)),
        ("c3", "activation", (3, 5)),
    ])
}

#[test]
fn activation_rate_counts_new_customers_only() {
    // New in March: c1 (activated), c2 (not) → 1 / 2; c3 is not new.
    let t = [journey_events()];
    assert_close(value(&t, &Settings::default(), activation_rate), 0.5);
    // A different activation event name: c2's "first_value" counts → 2 / 2.
    let mut s = Settings::default();
    s.activation_event = "First Value".into();
    assert_close(value(&t, &s, activation_rate), 1.0);
}

#[test]
fn time_to_value_and_onboard_in_days() {
    // Value: c1 3 days, c2 10 days → median 6.5. Onboarding: c1 1 day (name matched ignoring
    // case and the underscore).
    let t = [journey_events()];
    let s = Settings::default();
    assert_close(value(&t, &s, time_to_value), 6.5);
    assert_close(value(&t, &s, time_to_onboard), 1.0);
    let mut s = Settings::default();
    s.value_event = "activation".into();
    // Only c1 activated after signup in March: 2 days.
    assert_close(value(&t, &s, time_to_value), 2.0);
    // Onboarding measured to "first_value" instead: c1 3 days, c2 10 days → 6.5.
    s.onboarding_event = "first_value".into();
    assert_close(value(&t, &s, time_to_onboard), 6.5);
}

#[test]
fn time_to_value_starts_at_the_signup_event_else_the_first_purchase() {
    // c4 visits 03-01, signs up 03-05, first value 03-06: 1 day (not 5: a visit before the
    // signup starts no clock). c5 has no signup event: a visit 03-08, a completed order 03-10,
    // first value 03-20: 10 days from the order (not 12 from the visit). Median 5.5.
    let t = [
        events(&[
            ("c4", "page_view", (3, 1)),
            ("c4", "signup", (3, 5)),
            ("c4", "first_value", (3, 6)),
            ("c5", "page_view", (3, 8)),
            ("c5", "first_value", (3, 20)),
        ]),
        Table::new("orders.csv", TableKind::Orders)
            .with_column("customer", Role::CustomerId, text_values(["c5"]))
            .with_column(
                "date",
                Role::OrderDate,
                Values::Date(vec![day(2025, 3, 10)].into()),
            )
            .with_column(
                "amount",
                Role::Amount,
                Values::Number(vec![Some(10.0)].into()),
            ),
    ];
    let s = Settings::default();
    assert_close(value(&t, &s, time_to_value), 5.5);
    // Another signup event name: c4 has none, and no order; only c5 is new → 10 days.
    let mut s = Settings::default();
    s.signup_event = "Account Created".into();
    assert_close(value(&t, &s, time_to_value), 10.0);
}

#[test]
fn dau_mau_stickiness() {
    // u1 active 03-01, 03-02, 03-31; u2 03-31 → 4 user-days / 31 days.
    // The 30 days ending at April 1st start 03-02: u1 ×2, u2 ×1 → MAU 2, mean DAU 3/30,
    // stickiness 0.1 / 2 = 0.05.
    let t = [events(&[
        ("u1", "login", (3, 1)),
        ("u1", "login", (3, 1)),
        ("u1", "view", (3, 2)),
        ("u1", "login", (3, 31)),
        ("u2", "login", (3, 31)),
    ])];
    let s = Settings::default();
    assert_close(value(&t, &s, dau), 4.0 / 31.0);
    assert_close(value(&t, &s, mau), 2.0);
    assert_close(value(&t, &s, stickiness), 0.05);
}

fn sessions() -> Table {
    Table::new("sessions.csv", TableKind::Sessions)
        .with_column(
            "visitor",
            Role::VisitorId,
            text_values(["v1", "v1", "v1", "v2"]),
        )
        .with_column(
            "date",
            Role::Date,
            Values::Date(
                vec![
                    day(2025, 3, 1),
                    day(2025, 3, 8),
                    day(2025, 3, 9),
                    day(2025, 3, 9),
                ]
                .into(),
            ),
        )
        .with_column(
            "duration",
            Role::SessionDuration,
            Values::Number(vec![Some(60.0), Some(120.0), Some(600.0), None].into()),
        )
}

#[test]
fn session_duration_and_visit_frequency() {
    // Seconds 60, 120, 600 → median 120 s = 2 min = 1/30 h; mean 260 s.
    let t = [sessions()];
    let s = Settings::default();
    let c = compute(&t, &s, session_duration).unwrap();
    assert_close(c.value.unwrap(), 120.0 / 3600.0);
    assert_close(c.details["mean_minutes"], 260.0 / 60.0);
    // 4 sessions / 2 visitors / (31 / 7 weeks) = 14 / 31.
    assert_close(value(&t, &s, visit_frequency), 14.0 / 31.0);
}

#[test]
fn core_actions_need_settings_and_share_active_users() {
    // Active: u1 (export), u2 (login), u3 (invite, export) → at least one core action 2 / 3;
    // export 2 / 3, invite 1 / 3.
    let t = [events(&[
        ("u1", "export_report", (3, 3)),
        ("u2", "login", (3, 3)),
        ("u3", "invite", (3, 4)),
        ("u3", "Export Report", (3, 5)),
    ])];
    let mut s = Settings::default();
    s.core_actions = vec!["export_report".into(), "invite".into()];
    let c = compute(&t, &s, core_actions).unwrap();
    assert_close(c.value.unwrap(), 2.0 / 3.0);
    assert_close(c.details["core_actions_default"], 0.0);
    assert_close(c.details["action:invite"], 1.0 / 3.0);
    let table = c.table.unwrap();
    assert_close(table[0]["share"].as_f64().unwrap(), 2.0 / 3.0);
    assert_close(table[1]["share"].as_f64().unwrap(), 1.0 / 3.0);
}

#[test]
fn core_actions_default_to_every_event_but_the_lifecycle_and_account_ones() {
    // No core actions configured: the actions are every event name except the lifecycle
    // events of the settings (activation, first_value, onboarding_complete) and the
    // account-lifecycle events (login, Sign-Up, cadastro, log_out), folded: "export report"
    // (spelt export_report first) and "invite".
    // Active in March: u1..u7 (u2 only through login and first value, u4..u7 only through
    // lifecycle or account events) → 7.
    // export report {u1, u3} 2/7; invite {u3} 1/7; at least one {u1, u3} → 2/7.
    let rows = [
        ("u1", "export_report", (3, 3)),
        ("u2", "login", (3, 3)),
        ("u3", "invite", (3, 4)),
        ("u3", "Export Report", (3, 5)),
        ("u4", "activation", (3, 6)),
        ("u2", "First Value", (3, 7)),
        ("u5", "Onboarding Complete", (3, 8)),
        ("u6", "Sign-Up", (3, 9)),
        ("u7", "cadastro", (3, 9)),
        ("u1", "log_out", (3, 10)),
    ];
    let t = [events(&rows)];
    let c = compute(&t, &Settings::default(), core_actions).unwrap();
    assert_close(c.value.unwrap(), 2.0 / 7.0);
    assert_eq!(c.sample, Some(Sample::Proportion { successes: 2, n: 7 }));
    assert_close(c.details["core_actions_default"], 1.0);
    assert_close(c.details["core_actions"], 2.0);
    assert_close(c.details["action:export_report"], 2.0 / 7.0);
    assert_close(c.details["action:invite"], 1.0 / 7.0);
    assert!(!c.details.contains_key("action:login"));
    assert!(!c.details.contains_key("action:Sign-Up"));
    // Ranked by users; ties in name order.
    let table = c.table.unwrap();
    let names: Vec<&str> = (0..2)
        .map(|i| table[i]["action"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["export_report", "invite"]);
    assert_eq!(table[0]["users"], 2);
    // The provenance says why a login is activity but no core action.
    let (s, q) = (Settings::default(), march());
    let ctx = Ctx::new(&t, &s, &q);
    let explained = explain_core_actions(&ctx, &ctx.scope()).unwrap();
    assert_eq!(explained[0].rule, "included: core action by an active user");
    assert_eq!(
        explained[1].rule,
        "included: activity (sign-up/login event: never a default core action)"
    );
    assert_eq!(explained[4].rule, "included: activity (not a core action)");
    // Configured actions replace the default: export_report or invite → {u1, u3} 2/7.
    let mut s = Settings::default();
    s.core_actions = vec!["Export Report".into(), "invite".into()];
    let c = compute(&t, &s, core_actions).unwrap();
    assert_close(c.value.unwrap(), 2.0 / 7.0);
    assert_close(c.details["core_actions_default"], 0.0);
    // An account event may still be configured: login → {u2} 1/7.
    s.core_actions = vec!["LOGIN".into()];
    let c = compute(&t, &s, core_actions).unwrap();
    assert_close(c.value.unwrap(), 1.0 / 7.0);
    // A renamed activation event frees "activation" to be a core action: u4 joins → 3/7.
    let mut s = Settings::default();
    s.activation_event = "signup".into();
    let c = compute(&t, &s, core_actions).unwrap();
    assert_close(c.value.unwrap(), 3.0 / 7.0);
    assert_close(c.details["action:activation"], 1.0 / 7.0);
    // Only lifecycle and account events: nothing to report, and the message says what would
    // help.
    let t = [events(&[
        rows[1], rows[4], rows[5], rows[6], rows[7], rows[8], rows[9],
    ])];
    let need = compute(&t, &Settings::default(), core_actions).unwrap_err();
    assert_eq!(need.key, "events.core_actions");
    let needs = crate::needs::english(&need);
    assert!(needs.contains("core_actions"), "{needs}");
    assert!(needs.contains("sign-up and login/logout"), "{needs}");
}

#[test]
fn license_utilization_per_account() {
    // The range ends 2025-03-02 (its last date), so users count with activity in the 30 days
    // before 03-03. acme: 5 seats, users a, b (c only on 01-15: not active) → 2/5; beta: 2
    // seats, users x, y, z → 3, capped at its 2 seats → 2/2. Total (2 + 2) / 7.
    let subs = Table::new("subs.csv", TableKind::Subscriptions)
        .with_column(
            "account",
            Role::CustomerId,
            text_values(["acme", "beta", "gone"]),
        )
        .with_column(
            "start",
            Role::StartedAt,
            Values::Date(vec![day(2025, 1, 1), day(2025, 1, 1), day(2025, 1, 1)].into()),
        )
        .with_column(
            "end",
            Role::EndedAt,
            Values::Date(vec![None, None, day(2025, 2, 1)].into()),
        )
        .with_column(
            "seats",
            Role::Seats,
            Values::Number(vec![Some(5.0), Some(2.0), Some(9.0)].into()),
        );
    let ev = Table::new("usage.csv", TableKind::Events)
        .with_column(
            "account",
            Role::CustomerId,
            text_values(["acme", "acme", "acme", "beta", "beta", "beta", "acme"]),
        )
        .with_column(
            "user",
            Role::Email,
            text_values(["a@acme", "b@acme", "A@acme", "x@b", "y@b", "z@b", "c@acme"]),
        )
        .with_column(
            "at",
            Role::EventAt,
            Values::Date(
                [vec![day(2025, 3, 2); 6], vec![day(2025, 1, 15)]]
                    .concat()
                    .into(),
            ),
        );
    let c = compute(
        &[subs.clone(), ev],
        &Settings::default(),
        license_utilization,
    )
    .unwrap();
    assert_close(c.value.unwrap(), 4.0 / 7.0);
    let table = c.table.unwrap();
    assert_eq!(table[0]["account"], "acme");
    assert_eq!(table[0]["utilization"], 0.4);
    assert_eq!(table[1]["utilization"], 1.0);
    // Users, not accounts: with a user id column beside the account, acme's users u1, u2, u3
    // are 3 of its 5 seats; beta's rows name no user and count none. Total 3 / 7.
    let ev = Table::new("usage.csv", TableKind::Events)
        .with_column(
            "account",
            Role::CustomerId,
            text_values(["acme", "acme", "acme", "acme", "beta", "beta"]),
        )
        .with_column(
            "user",
            Role::UserId,
            text_values(["u1", "u2", "u3", "u1", "", ""]),
        )
        .with_column(
            "at",
            Role::EventAt,
            Values::Date(vec![day(2025, 3, 2); 6].into()),
        );
    let c = compute(&[subs, ev], &Settings::default(), license_utilization).unwrap();
    assert_close(c.value.unwrap(), 3.0 / 7.0);
    let table = c.table.unwrap();
    assert_eq!(table[0]["active_users"], 3.0);
}

/// Subscriptions: accounts acme and beta, both since 2025-01-01, with these seats.
fn acme_and_beta_seats(acme: f64, beta: f64) -> Table {
    Table::new("subs.csv", TableKind::Subscriptions)
        .with_column("account", Role::CustomerId, text_values(["acme", "beta"]))
        .with_column(
            "start",
            Role::StartedAt,
            Values::Date(vec![day(2025, 1, 1), day(2025, 1, 1)].into()),
        )
        .with_column(
            "seats",
            Role::Seats,
            Values::Number(vec![Some(acme), Some(beta)].into()),
        )
}

#[test]
fn a_user_active_in_two_accounts_counts_in_each() {
    // acme 4 seats, beta 4 seats. u1 works in acme (first seen there) and in beta; u2 in beta
    // twice (" U2@b " and "u2@b" are one user); a row with no account counts nowhere.
    // acme: u1 → 1/4; beta: u1, u2 → 2/4. Total 3 / 8.
    let subs = acme_and_beta_seats(4.0, 4.0);
    let ev = Table::new("usage.csv", TableKind::Events)
        .with_column(
            "account",
            Role::CustomerId,
            text_values(["acme", "beta", "beta", "beta", ""]),
        )
        .with_column(
            "user",
            Role::Email,
            text_values(["u1@x", "u1@x", " U2@b ", "u2@b", "u3@x"]),
        )
        .with_column(
            "at",
            Role::EventAt,
            Values::Date(vec![day(2025, 3, 2); 5].into()),
        );
    let tables = [subs, ev];
    // Through `run`: the headline reports its table, the series points only their values,
    // and the context wants tables again afterwards.
    let (settings, q) = (Settings::default(), Query::default());
    let ctx = Ctx::new(&tables, &settings, &q);
    let def = super::DEFS
        .iter()
        .find(|d| d.id == "loyalty.license_utilization")
        .unwrap();
    let m = crate::metrics::run(&ctx, def).unwrap();
    assert_eq!(
        m.table.as_ref().map(|t| t[1]["active_users"].clone()),
        Some(2.0.into())
    );
    assert!(ctx.wants_table());
    let c = compute(&tables, &settings, license_utilization).unwrap();
    assert_close(c.value.unwrap(), 3.0 / 8.0);
    let table = c.table.unwrap();
    assert_eq!(table[0]["active_users"], 1.0);
    assert_eq!(table[1]["account"], "beta");
    assert_eq!(table[1]["active_users"], 2.0);
}

#[test]
fn referrals_are_customers_not_leads() {
    // Leads (03-01): r1 and r2 from "Indicação", g from Google. Orders in March: r1 03-05
    // (their first: referred by their lead), g 03-06 (not referred), c9 03-03 with a
    // referrer (their first order names ana@x), old's second order 03-10 on the "Indicação"
    // channel (their first, 01-10 on the web, was not a referral: not acquired through one).
    // r2 never bought: a lead, not a customer. March: r1, c9 → 2; 2 per 3 NPS promoters.
    let leads = Table::new("leads.csv", TableKind::Leads)
        .with_column("email", Role::Email, text_values(["r1@x", "r2@x", "g@x"]))
        .with_column(
            "created",
            Role::CreatedAt,
            Values::Date(vec![day(2025, 3, 1); 3].into()),
        )
        .with_column(
            "origem",
            Role::Source,
            text_values(["Indicação", "indicacao", "google"]),
        );
    let ord = Table::new("orders.csv", TableKind::Orders)
        .with_column(
            "email",
            Role::Email,
            text_values(["r1@x", "g@x", "c9@x", "old@x", "old@x"]),
        )
        .with_column(
            "date",
            Role::OrderDate,
            Values::Date(
                vec![
                    day(2025, 3, 5),
                    day(2025, 3, 6),
                    day(2025, 3, 3),
                    day(2025, 1, 10),
                    day(2025, 3, 10),
                ]
                .into(),
            ),
        )
        .with_column(
            "total",
            Role::Amount,
            Values::Number(vec![Some(10.0); 5].into()),
        )
        .with_column(
            "channel",
            Role::Channel,
            text_values(["site", "site", "site", "web", "Indicação"]),
        )
        .with_column(
            "referrer",
            Role::Referrer,
            text_values(["", "", "ana@x", "", ""]),
        );
    let survey = long_survey("nps", &[10.0, 9.0, 10.0, 3.0], None);
    let t = [leads, ord, survey];
    let q = query((2025, 3, 1), (2025, 3, 31));
    let c = compute_q(&t, &Settings::default(), &q, referrals).unwrap();
    assert_eq!(c.value, Some(2.0));
    assert_close(c.details["per_promoter"], 2.0 / 3.0);
    assert_eq!(c.table.unwrap()[0]["referrer"], "ana@x");
    // The lead who never bought is listed, excluded.
    let settings = Settings::default();
    let ctx = Ctx::new(&t, &settings, &q);
    let rows = super::referrals::explain_referrals(&ctx, &ctx.scope()).unwrap();
    assert_eq!(rows.iter().filter(|r| r.included).count(), 2);
    assert!(
        rows.iter()
            .any(|r| !r.included && r.rule.contains("not a customer"))
    );
}

#[test]
fn feedback_themes_per_nps_group() {
    let t = [
        long_survey("nps", &[10.0, 9.0, 2.0, 8.0], None).with_column(
            "comment",
            Role::Comment,
            text_values([
                "Atendimento rápido e atencioso",
                "atendimento rápido!",
                "Entrega atrasada, entrega lenta",
                "",
            ]),
        ),
    ];
    let c = compute(&t, &Settings::default(), feedback_themes).unwrap();
    assert_eq!(c.value, Some(3.0));
    let table = c.table.unwrap();
    let promoters = table
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "promoters")
        .unwrap();
    assert_eq!(promoters["comments"], 2);
    assert_eq!(promoters["words"][0]["term"], "atendimento");
    assert_eq!(promoters["words"][0]["count"], 2);
    assert_eq!(promoters["phrases"][0]["term"], "atendimento rápido");
    assert_eq!(promoters["phrases"][0]["count"], 2);
    let detractors = table
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "detractors")
        .unwrap();
    // "entrega" twice in one comment counts once, so all three words tie at 1 and rank
    // alphabetically.
    let words: Vec<(&str, u64)> = detractors["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["term"].as_str().unwrap(), w["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(words, [("atrasada", 1), ("entrega", 1), ("lenta", 1)]);
    assert_eq!(detractors["examples"][0], "Entrega atrasada, entrega lenta");
    // The passive left no comment: no passives group.
    assert!(
        table
            .as_array()
            .unwrap()
            .iter()
            .all(|g| g["group"] != "passives")
    );
}

/// Eight subscription rows from 2025-01-10 to 2025-04-25 (the default range starts with no
/// MRR). Monthly periods, at each start → end:
/// - Jan [01-10, 02-01): MRR 0 at the start (A and B start after it): left out of the pools.
/// - Feb: start A 100 + B 50 = 150 (2 customers); B ends 02-15 (churn 50), C 40 and D 30 new.
/// - Mar: start A 100 + C 40 + D 30 = 170 (3); A adds 20 (expansion 20), D ends 03-20
///   (churn 30).
/// - Apr [04-01, 04-26): start A 120 + C 40 = 160 (2); C moves to 25 (contraction 15), B
///   comes back with 60 (reactivation 60), E new 10; nobody churns.
/// - F pays 5 from 02-05 to 02-20 only: active at no period's start or end, in no figure.
fn pooled_subscriptions() -> Table {
    /// (customer, start month and day, end month and day, MRR), in 2025.
    type Row<'a> = (&'a str, (u32, u32), Option<(u32, u32)>, f64);
    let rows: [Row<'_>; 9] = [
        ("A", (1, 10), None, 100.0),
        ("B", (1, 20), Some((2, 15)), 50.0),
        ("C", (2, 5), Some((4, 10)), 40.0),
        ("A", (3, 10), None, 20.0),
        ("D", (2, 10), Some((3, 20)), 30.0),
        ("C", (4, 10), None, 25.0),
        ("B", (4, 20), None, 60.0),
        ("E", (4, 25), None, 10.0),
        ("F", (2, 5), Some((2, 20)), 5.0),
    ];
    Table::new("subs.csv", TableKind::Subscriptions)
        .with_column(
            "customer",
            Role::CustomerId,
            text_values(rows.iter().map(|r| r.0)),
        )
        .with_column(
            "start",
            Role::StartedAt,
            Values::Date(rows.iter().map(|r| day(2025, r.1.0, r.1.1)).collect()),
        )
        .with_column(
            "end",
            Role::EndedAt,
            Values::Date(
                rows.iter()
                    .map(|r| r.2.and_then(|(m, d)| day(2025, m, d)))
                    .collect(),
            ),
        )
        .with_column(
            "mrr",
            Role::Mrr,
            Values::Number(rows.iter().map(|r| Some(r.3)).collect()),
        )
}

#[test]
fn retention_over_the_default_range_pools_the_periods() {
    // Pools over Feb, Mar, Apr (Jan has no MRR at its start):
    // customers churned 1 + 1 + 0 = 2 of 2 + 3 + 2 = 7 at the starts → 2/7;
    // MRR start 150 + 170 + 160 = 480; churn + contraction 50 + 30 + 15 = 95 → 95/480;
    // NRR numerators 100 + 160 + 205 = 465 → 465/480; GRR 100 + 140 + 145 = 385 → 385/480;
    // expansion + reactivation 0 + 20 + 60 = 80 → 80/480.
    let t = [pooled_subscriptions()];
    let s = Settings::default();
    let q = Query::default();
    let c = compute_q(&t, &s, &q, customer_churn_rate).unwrap();
    assert_close(c.value.unwrap(), 2.0 / 7.0);
    assert_eq!(c.sample, Some(Sample::Proportion { successes: 2, n: 7 }));
    assert_close(c.details[BASIS_POOLED], 1.0);
    assert_close(c.details["pooled_periods"], 3.0);
    assert_close(c.details["customers_start"], 0.0);
    let r = compute_q(&t, &s, &q, revenue_churn_rate).unwrap();
    assert_close(r.value.unwrap(), 95.0 / 480.0);
    assert_close(r.details["pooled_mrr_start"], 480.0);
    assert_close(r.details["pooled_mrr_lost"], 95.0);
    assert_close(r.details[BASIS_POOLED], 1.0);
    let n = compute_q(&t, &s, &q, nrr).unwrap();
    assert_close(n.value.unwrap(), 465.0 / 480.0);
    assert_close(n.details["grr"], 385.0 / 480.0);
    assert_close(n.details["pooled_mrr_retained"], 465.0);
    assert_close(n.details["pooled_mrr_retained_gross"], 385.0);
    // The range's own movements stay beside it: everything is new MRR over the range.
    assert_close(n.details["mrr_start"], 0.0);
    assert_close(n.details["mrr_end"], 215.0);
    let e = compute_q(&t, &s, &q, expansion_rate).unwrap();
    assert_close(e.value.unwrap(), 80.0 / 480.0);
    assert_close(e.details["pooled_mrr_expansion"], 80.0);
    // The explanation follows the basis: F (row 9) is in no period's figures.
    let why = crate::metrics::explain(&t, &s, &q, "loyalty.nrr", None).unwrap();
    assert_eq!(why.rows.iter().filter(|r| r.included).count(), 8);
    assert!(!why.rows[8].included && why.rows[8].rule.contains("pooled basis"));
}

#[test]
fn retention_with_a_base_reads_the_range_itself() {
    // 2025-03-01 ..= 2025-04-30: start A 100 + C 40 + D 30 = 170; end A 120, C 25, B 60, E 10.
    // Expansion A 20, contraction C 15, churn D 30, reactivation B 60, new E 10.
    let t = [pooled_subscriptions()];
    let s = Settings::default();
    let q = query((2025, 3, 1), (2025, 4, 30));
    let r = compute_q(&t, &s, &q, revenue_churn_rate).unwrap();
    assert_close(r.value.unwrap(), 45.0 / 170.0);
    assert_close(r.details[BASIS_POOLED], 0.0);
    assert!(!r.details.contains_key("pooled_mrr_start"));
    let n = compute_q(&t, &s, &q, nrr).unwrap();
    assert_close(n.value.unwrap(), 205.0 / 170.0);
    assert_close(n.details["grr"], 125.0 / 170.0);
    assert_close(
        compute_q(&t, &s, &q, expansion_rate)
            .unwrap()
            .value
            .unwrap(),
        80.0 / 170.0,
    );
    let c = compute_q(&t, &s, &q, customer_churn_rate).unwrap();
    assert_close(c.value.unwrap(), 1.0 / 3.0);
    assert_close(c.details[BASIS_POOLED], 0.0);
    // A range of a single period with no base stays absent: nothing to pool.
    let jan = query((2025, 1, 10), (2025, 1, 31));
    let r = compute_q(&t, &s, &jan, revenue_churn_rate).unwrap();
    assert_eq!(r.value, None);
    assert_close(r.details[BASIS_POOLED], 0.0);
    assert_eq!(
        compute_q(&t, &s, &jan, customer_churn_rate).unwrap().value,
        None
    );
}

#[test]
fn the_previous_range_is_never_pooled() {
    // Selection 2025-03-01 ..= 2025-04-30 (61 days): its previous range is 2024-12-30 ..
    // 2025-03-01, with no MRR on 2024-12-30. Read as the change's comparison it is absent;
    // read as a selection of its own it pools Dec, Jan, Feb: only Feb has a base, churn
    // 50 / 150.
    let t = [pooled_subscriptions()];
    let s = Settings::default();
    let q = query((2025, 3, 1), (2025, 4, 30));
    let ctx = Ctx::new(&t, &s, &q);
    let prev = Scope {
        range: ctx.range.previous(),
        filter: None,
    };
    assert_eq!(revenue_churn_rate(&ctx, &prev).unwrap().value, None);
    let def = super::DEFS
        .iter()
        .find(|d| d.id == "loyalty.revenue_churn_rate")
        .unwrap();
    let m = crate::metrics::run(&ctx, def).unwrap();
    assert_close(m.value.unwrap(), 45.0 / 170.0);
    assert_eq!((m.previous, m.change_pct), (None, None));
    let q = Query {
        from: NaiveDate::from_ymd_opt(2024, 12, 30),
        to: NaiveDate::from_ymd_opt(2025, 2, 28),
        ..Query::default()
    };
    let r = compute_q(&t, &s, &q, revenue_churn_rate).unwrap();
    assert_close(r.value.unwrap(), 50.0 / 150.0);
    assert_close(r.details["pooled_periods"], 1.0);
}

#[test]
fn orders_only_retention_pools_over_the_default_range() {
    // Data 2025-01-05 .. 2025-03-28: nobody bought before the range. Monthly periods; churn
    // with a 30-day inactivity window (active at t = an order in [t - 30 days, t)),
    // expansion against the previous period of each period's own length:
    // - Jan [01-05, 02-01): nobody active at 01-05, no previous buyers: left out.
    // - Feb: active at 02-01 c1 (01-05), c2 (01-20); at 03-01 c1 (02-10), c3 (02-15) → c2
    //   lost (1 of 2). Previous [01-04, 02-01) c1 100, c2 50; returning c1 grew 20 on 100.
    // - Mar [03-01, 03-29): active at 03-01 c1, c3; at 03-29 c1, c2, c3 → nobody lost (0 of
    //   2). Previous c1 120, c3 30; returning c1 (no growth) and c3 (+10) on 150.
    // Pooled: churn (1 + 0) / (2 + 2) = 1/4; expansion (20 + 10) / (100 + 150) = 0.12.
    let t = [orders(&[
        ("c1", (2025, 1, 5), 100.0),
        ("c2", (2025, 1, 20), 50.0),
        ("c1", (2025, 2, 10), 120.0),
        ("c3", (2025, 2, 15), 30.0),
        ("c1", (2025, 3, 5), 90.0),
        ("c2", (2025, 3, 12), 80.0),
        ("c3", (2025, 3, 28), 40.0),
    ])];
    let s = Settings {
        churn_inactivity_days: 30,
        ..Settings::default()
    };
    let q = Query::default();
    let c = compute_q(&t, &s, &q, customer_churn_rate).unwrap();
    assert_close(c.value.unwrap(), 0.25);
    assert_eq!(c.sample, Some(Sample::Proportion { successes: 1, n: 4 }));
    assert_close(c.details[BASIS_POOLED], 1.0);
    assert_close(c.details["pooled_customers_previous"], 4.0);
    let e = compute_q(&t, &s, &q, expansion_rate).unwrap();
    assert_close(e.value.unwrap(), 0.12);
    assert_close(e.details["pooled_previous_revenue_of_returning"], 250.0);
    assert_close(e.details["pooled_growth"], 30.0);
    assert_eq!(e.n, Some(3));
    // 2025-02-01 ..= 2025-03-28 has customers active at its start (c1, c2 in [01-02, 02-01)):
    // range basis. Both are active at its end (orders in [02-27, 03-29)): churn 0 / 2; c1 100 → 210 (+110), c2 50 → 80 (+30)
    // → 140 / 150.
    let q = query((2025, 2, 1), (2025, 3, 28));
    let c = compute_q(&t, &s, &q, customer_churn_rate).unwrap();
    assert_close(c.value.unwrap(), 0.0);
    assert_close(c.details[BASIS_POOLED], 0.0);
    assert_close(
        compute_q(&t, &s, &q, expansion_rate)
            .unwrap()
            .value
            .unwrap(),
        140.0 / 150.0,
    );
}

#[test]
fn license_utilization_falls_back_to_the_customer_id_per_file() {
    // acme 5 seats, beta 3 seats, both active at the end of March; activity on 03-20 (in the 30 days to it). Two activity
    // files: events.csv has a user id (acme's u1, u2, u1 again), so its rows count users;
    // sessions.csv has none, so each of its rows is its account as one user (beta, beta, and
    // acme once more). Decided per file: acme = {u1, u2, "acme"} = 3 of 5, beta = {"beta"} =
    // 1 of 3 → (3 + 1) / 8 = 0.5. Decided once for both files (the user id), the sessions
    // would count nobody: 2 / 8.
    let subs = acme_and_beta_seats(5.0, 3.0);
    let events = Table::new("events.csv", TableKind::Events)
        .with_column(
            "account",
            Role::CustomerId,
            text_values(["acme", "acme", "acme"]),
        )
        .with_column("user", Role::UserId, text_values(["u1", "u2", "u1"]))
        .with_column(
            "at",
            Role::EventAt,
            Values::Date(vec![day(2025, 3, 20); 3].into()),
        );
    let sessions = Table::new("sessions.csv", TableKind::Sessions)
        .with_column(
            "account",
            Role::CustomerId,
            text_values(["beta", "beta", "acme"]),
        )
        .with_column(
            "at",
            Role::Date,
            Values::Date(vec![day(2025, 3, 20); 3].into()),
        );
    let c = compute(
        &[subs, events, sessions],
        &Settings::default(),
        license_utilization,
    )
    .unwrap();
    assert_close(c.value.unwrap(), 0.5);
    let table = c.table.unwrap();
    assert_eq!(table[0]["account"], "acme");
    assert_eq!(table[0]["active_users"], 3.0);
    assert_eq!(table[1]["active_users"], 1.0);
}
