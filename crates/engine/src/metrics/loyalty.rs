//! Loyalty and satisfaction metrics of METRICS.md: survey scores (NPS, eNPS, CSAT, CES),
//! reviews, churn and revenue retention, LTV, product usage, referrals and feedback themes.
//! The journey-intelligence ids (retention cohorts, predicted CLV, engagement and health
//! scores) come later.

pub(crate) mod answers;
mod purchases;
mod revenue;
mod surveys;
mod themes;
mod usage;

use super::Def;
use crate::report::Unit;
use crate::table::Role;
use revenue::*;
use surveys::*;
use themes::*;
use usage::*;

/// This stage's metrics, in METRICS.md order.
pub static DEFS: &[Def] = &[
    Def {
        id: "loyalty.nps",
        unit: Unit::Score,
        formula: "% promoters (9-10) - % detractors (0-6) on 0-10, from -100 to 100",
        compute: nps,
        explain: explain_nps,
        breakdowns: &[Role::Channel, Role::Segment, Role::Agent],
        series: true,
    },
    Def {
        id: "loyalty.enps",
        unit: Unit::Score,
        formula: "employee NPS: % promoters (9-10) - % detractors (0-6) on 0-10",
        compute: enps,
        explain: explain_enps,
        breakdowns: &[Role::Segment],
        series: true,
    },
    Def {
        id: "loyalty.csat",
        unit: Unit::Rate,
        formula: "satisfied answers / answers (4-5 on 1-5, 6-7 on 1-7, 9-10 on 0-10); mean score beside it",
        compute: csat,
        explain: explain_csat,
        breakdowns: &[Role::Channel, Role::Segment, Role::Agent],
        series: true,
    },
    Def {
        id: "loyalty.ces",
        unit: Unit::Mean,
        formula: "mean agreement that the company made it easy, 1-7 (higher is easier); share answering 5-7 beside it",
        compute: ces,
        explain: explain_ces,
        breakdowns: &[Role::Channel, Role::Segment],
        series: true,
    },
    Def {
        id: "loyalty.review_rating",
        unit: Unit::Mean,
        formula: "mean review rating (1-5 stars), with the count and the distribution",
        compute: review_rating,
        explain: explain_review_rating,
        breakdowns: &[Role::Channel, Role::Product],
        series: true,
    },
    Def {
        id: "loyalty.customer_churn_rate",
        unit: Unit::Rate,
        formula: "subscriptions: customers active at the start with no subscription at the end / customers active at the start; orders only: customers who bought in the previous period and not in this one / customers who bought in the previous period. When nobody is active at the range's start (orders only: nobody bought in the previous period) and the range spans two or more periods: pooled periods, Σ churned / Σ active at each period's start over the range's periods",
        compute: customer_churn_rate,
        explain: explain_customer_churn_rate,
        breakdowns: &[Role::Segment, Role::Plan, Role::Channel],
        series: true,
    },
    Def {
        id: "loyalty.revenue_churn_rate",
        unit: Unit::Rate,
        formula: "(churned MRR + contraction MRR) / MRR at the period's start. When the range starts with MRR 0 and spans two or more periods: pooled periods, Σ (churned + contraction MRR) / Σ MRR at each period's start over the range's periods",
        compute: revenue_churn_rate,
        explain: explain_movements,
        breakdowns: &[Role::Segment, Role::Plan],
        series: true,
    },
    Def {
        id: "loyalty.nrr",
        unit: Unit::Rate,
        formula: "(MRR start + expansion + reactivation - contraction - churn) / MRR start; GRR = (MRR start - contraction - churn) / MRR start. When the range starts with MRR 0 and spans two or more periods: pooled periods, both are Σ numerator / Σ MRR at each period's start over the range's periods",
        compute: nrr,
        explain: explain_movements,
        breakdowns: &[Role::Segment, Role::Plan],
        series: true,
    },
    Def {
        id: "loyalty.expansion_rate",
        unit: Unit::Rate,
        formula: "subscriptions: (expansion + reactivation MRR) / MRR at the start; orders only: revenue growth of returning customers who grew / their previous-period revenue. When the range starts with MRR 0 (orders only: nobody bought in the previous period) and spans two or more periods: pooled periods, Σ numerator / Σ denominator over the range's periods",
        compute: expansion_rate,
        explain: explain_expansion_rate,
        breakdowns: &[Role::Segment, Role::Plan],
        series: true,
    },
    Def {
        id: "loyalty.ltv_simple",
        unit: Unit::Currency,
        formula: "average ticket × purchases per customer per year × relationship years (estimated as 1 / annual churn unless set)",
        compute: ltv_simple,
        explain: explain_ltv,
        breakdowns: &[Role::Channel, Role::Segment],
        series: true,
    },
    Def {
        id: "loyalty.ltv_margin",
        unit: Unit::Currency,
        formula: "ltv_simple × profit margin (from a margin or cost column, else the settings)",
        compute: ltv_margin,
        explain: explain_ltv,
        breakdowns: &[Role::Channel, Role::Segment],
        series: true,
    },
    Def {
        id: "loyalty.activation_rate",
        unit: Unit::Rate,
        formula: "new customers who reach the activation event / new customers",
        compute: activation_rate,
        explain: explain_activation_rate,
        breakdowns: &[Role::Segment, Role::Channel],
        series: true,
    },
    Def {
        id: "loyalty.time_to_value",
        unit: Unit::Days,
        formula: "median days from signup to the first value event (new customers who reached it)",
        compute: time_to_value,
        explain: explain_time_to_value,
        breakdowns: &[Role::Segment],
        series: true,
    },
    Def {
        id: "loyalty.time_to_onboard",
        unit: Unit::Days,
        formula: "median days from signup to the onboarding-complete event (new customers who reached it)",
        compute: time_to_onboard,
        explain: explain_time_to_onboard,
        breakdowns: &[Role::Segment],
        series: true,
    },
    Def {
        id: "loyalty.license_utilization",
        unit: Unit::Rate,
        formula: "active users / licensed seats, over accounts with seats",
        compute: license_utilization,
        explain: explain_license_utilization,
        breakdowns: &[],
        series: true,
    },
    Def {
        id: "loyalty.dau",
        unit: Unit::Count,
        formula: "mean distinct active users per day",
        compute: dau,
        explain: explain_activity,
        breakdowns: &[Role::Segment],
        series: true,
    },
    Def {
        id: "loyalty.mau",
        unit: Unit::Count,
        formula: "distinct active users in the 30 days ending at the period's end",
        compute: mau,
        explain: explain_mau,
        breakdowns: &[Role::Segment],
        series: true,
    },
    Def {
        id: "loyalty.stickiness",
        unit: Unit::Ratio,
        formula: "mean DAU / MAU over the 30 days ending at the period's end",
        compute: stickiness,
        explain: explain_mau,
        breakdowns: &[Role::Segment],
        series: true,
    },
    Def {
        id: "loyalty.session_duration",
        unit: Unit::Hours,
        formula: "median session length, in hours (mean, and both in minutes, beside it)",
        compute: session_duration,
        explain: explain_session_duration,
        breakdowns: &[Role::Channel, Role::Source, Role::LandingPage],
        series: true,
    },
    Def {
        id: "loyalty.visit_frequency",
        unit: Unit::Ratio,
        formula: "sessions per active user per week",
        compute: visit_frequency,
        explain: explain_visit_frequency,
        breakdowns: &[Role::Channel, Role::Source],
        series: true,
    },
    Def {
        id: "loyalty.core_actions",
        unit: Unit::Rate,
        formula: "per core action: active users who performed it / active users; value: share who performed at least one. Core actions: the configured event names, else (default) every event name except the activation, first-value and onboarding events",
        compute: core_actions,
        explain: explain_core_actions,
        breakdowns: &[Role::Segment],
        series: true,
    },
    Def {
        id: "loyalty.referrals",
        unit: Unit::Count,
        formula: "customers acquired through a referral (source referral/indicação or a referrer); referred customers per promoter beside it",
        compute: referrals,
        explain: explain_referrals,
        breakdowns: &[Role::Channel],
        series: true,
    },
    Def {
        id: "loyalty.feedback_themes",
        unit: Unit::Table,
        formula: "most frequent words and two-word phrases in survey comments, per promoters/passives/detractors or satisfied/unsatisfied (value: comments analysed)",
        compute: feedback_themes,
        explain: explain_feedback_themes,
        breakdowns: &[],
        series: false,
    },
];

/// (metric id, DuckDB twin) for this stage.
pub static SQL: &[(&str, &str)] = &[
    ("loyalty.nps", include_str!("../../sql/loyalty.nps.sql")),
    ("loyalty.enps", include_str!("../../sql/loyalty.enps.sql")),
    ("loyalty.csat", include_str!("../../sql/loyalty.csat.sql")),
    ("loyalty.ces", include_str!("../../sql/loyalty.ces.sql")),
    (
        "loyalty.review_rating",
        include_str!("../../sql/loyalty.review_rating.sql"),
    ),
    (
        "loyalty.customer_churn_rate",
        include_str!("../../sql/loyalty.customer_churn_rate.sql"),
    ),
    (
        "loyalty.revenue_churn_rate",
        include_str!("../../sql/loyalty.revenue_churn_rate.sql"),
    ),
    ("loyalty.nrr", include_str!("../../sql/loyalty.nrr.sql")),
    (
        "loyalty.expansion_rate",
        include_str!("../../sql/loyalty.expansion_rate.sql"),
    ),
    (
        "loyalty.ltv_simple",
        include_str!("../../sql/loyalty.ltv_simple.sql"),
    ),
    (
        "loyalty.ltv_margin",
        include_str!("../../sql/loyalty.ltv_margin.sql"),
    ),
    (
        "loyalty.activation_rate",
        include_str!("../../sql/loyalty.activation_rate.sql"),
    ),
    (
        "loyalty.time_to_value",
        include_str!("../../sql/loyalty.time_to_value.sql"),
    ),
    (
        "loyalty.time_to_onboard",
        include_str!("../../sql/loyalty.time_to_onboard.sql"),
    ),
    (
        "loyalty.license_utilization",
        include_str!("../../sql/loyalty.license_utilization.sql"),
    ),
    ("loyalty.dau", include_str!("../../sql/loyalty.dau.sql")),
    ("loyalty.mau", include_str!("../../sql/loyalty.mau.sql")),
    (
        "loyalty.stickiness",
        include_str!("../../sql/loyalty.stickiness.sql"),
    ),
    (
        "loyalty.session_duration",
        include_str!("../../sql/loyalty.session_duration.sql"),
    ),
    (
        "loyalty.visit_frequency",
        include_str!("../../sql/loyalty.visit_frequency.sql"),
    ),
    (
        "loyalty.core_actions",
        include_str!("../../sql/loyalty.core_actions.sql"),
    ),
    (
        "loyalty.referrals",
        include_str!("../../sql/loyalty.referrals.sql"),
    ),
    (
        "loyalty.feedback_themes",
        include_str!("../../sql/loyalty.feedback_themes.sql"),
    ),
];

#[cfg(test)]
mod tests;
