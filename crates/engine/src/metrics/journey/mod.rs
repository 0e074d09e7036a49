//! The journey layer (METRICS.md's (J) rows and Journey section): identity, unified
//! profiles and timelines, retention cohorts. It reads the stage metrics' prepared data
//! (`sales::prep::Orders`, survey answers) and the unified customer keys.

mod cohorts;
mod identity;
mod lifecycle;
mod profiles;
pub mod scores;
mod stages;
#[cfg(test)]
mod tests;

pub use cohorts::{Cell, cells as cohort_cells};
pub use identity::Match;
pub use profiles::{
    PROFILE_COLUMNS, Profile, ProfileCell, ProfileScores, Step, profile_rows, profiles,
    profiles_csv, stage_id, timeline,
};
pub use stages::quantile;

use super::Def;
use crate::report::{Direction, Unit};

/// The journey layer's metrics (METRICS.md order within the Journey section; the
/// `loyalty.*` (J) rows live here too, beside the profiles they share).
pub static DEFS: &[Def] = &[
    Def {
        id: "loyalty.retention_cohorts",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "cohort = month (or week, by setting) of the customer's first completed order; cell (cohort, k) = share of the cohort with a completed order k periods later, and revenue in period k / the cohort's revenue in period 0; unfinished periods flagged. Value: pooled one-period retention over finished cells, Σ active(c, 1) / Σ size(c). Without orders naming customers, from subscriptions: cohort = first subscription start, active = subscribed at the end of period k, revenue = their MRR then",
        compute: cohorts::retention_cohorts,
        explain: cohorts::explain_retention_cohorts,
        sql: twin!("loyalty.retention_cohorts"),
        breakdowns: &[],
        series: false,
    },
    Def {
        id: "loyalty.engagement_score",
        unit: Unit::Mean,
        direction: Direction::HigherIsBetter,
        formula: "per customer with an event in the period: Σ over event kinds of weight × count (weights from the settings, default 1); value: the mean score over those customers",
        compute: scores::engagement_score,
        explain: scores::explain_engagement_score,
        sql: twin!("loyalty.engagement_score"),
        breakdowns: &[],
        series: true,
    },
    Def {
        id: "loyalty.health_score",
        unit: Unit::Score,
        direction: Direction::HigherIsBetter,
        formula: "per customer with a row in the 365 days to the range's end, 0-100: weighted mean (settings, default 1 each) of the components with data, each 0-100: usage (percentile of events and sessions in the last 30 days), satisfaction (last NPS/CSAT/CES answer on its scale), support (100 / (1 + tickets in the last 90 days)), recency (100 × (1 - days since the last row / twice the churn window), at least 0), payment (completed / decided orders in the last 365 days); at least two components. Bands: red ≤ 50, yellow ≤ 75, green above. Backtest AUC: scores at the range's end minus the churn window against who churned by the end. Value: the mean score",
        compute: scores::health_score,
        explain: scores::explain_health_score,
        sql: "",
        breakdowns: &[],
        series: false,
    },
    Def {
        id: "journey.identity",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "rows matched to a customer / rows of files naming people; each row by its customer id, else its e-mail (trimmed, lower-cased), else its visitor id seen with a customer elsewhere; conflicts: ids with several e-mails, visitors seen with several customers",
        compute: identity::identity,
        explain: identity::explain_identity,
        sql: "",
        breakdowns: &[],
        series: false,
    },
    Def {
        id: "journey.customers",
        unit: Unit::Count,
        direction: Direction::Neutral,
        formula: "distinct customers across all files (matched by id, e-mail, visitor link), each with a profile: first seen, acquisition source, stage reached, lead date, first and last order, orders, revenue, tickets, median first response, last NPS/CSAT/CES, engagement, health and band, P(alive), predicted CLV",
        compute: profiles::customers,
        explain: profiles::explain_customers,
        sql: "",
        breakdowns: &[],
        series: false,
    },
    Def {
        id: "journey.stage_funnel",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "customers first seen in the range reaching, in order, attraction (lead, visit, chat) -> sales (first completed order) -> repeat (second completed order, or a subscription renewal: two subscription rows, or one lasting past its first billing period) -> loyalty (NPS 9-10 or referral); conversion = step / the step before, with its Wilson interval, also per acquisition source. Value: sales / attraction",
        compute: stages::stage_funnel,
        explain: stages::explain_stage_funnel,
        sql: twin!("journey.stage_funnel"),
        breakdowns: &[],
        series: true,
    },
    Def {
        id: "journey.stage_flow",
        unit: Unit::Rate,
        direction: Direction::Neutral,
        formula: "each customer's rows in time order, stage by file (leads, sessions, chats: attraction; orders, subscriptions: sales; tickets: service; surveys, reviews, events: loyalty), runs of one stage collapsed; each change is a move from -> to, counted in the period of the row entered, going back included. Value: moves back / moves",
        compute: stages::stage_flow,
        explain: stages::explain_stage_flow,
        sql: twin!("journey.stage_flow"),
        breakdowns: &[],
        series: true,
    },
    Def {
        id: "journey.time_between_stages",
        unit: Unit::Days,
        direction: Direction::LowerIsBetter,
        formula: "median days (and interquartile range) from first lead or visit to first order, first to second order, first order to first ticket, first order to first survey answer, over customers whose later step lies in the range; value: lead or visit to first order",
        compute: stages::time_between_stages,
        explain: stages::explain_time_between_stages,
        sql: twin!("journey.time_between_stages"),
        breakdowns: &[],
        series: true,
    },
    Def {
        id: "journey.lifecycle",
        unit: Unit::Count,
        direction: Direction::Neutral,
        formula: "per period, customers with a completed order, event or session: new (never active before), returning (active in the previous period too), resurrecting (inactive in the previous period, active before), dormant (active in the previous period, not in this one). Value: active customers (new + returning + resurrecting)",
        compute: lifecycle::lifecycle,
        explain: lifecycle::explain_lifecycle,
        sql: twin!("journey.lifecycle"),
        breakdowns: &[],
        series: true,
    },
    Def {
        id: "journey.milestones",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "per milestone of the settings (an event, a number of completed orders, an amount of revenue): share of the customers first seen in the range who reached it, and the median days from first seen to it. Value: the first milestone's share",
        compute: lifecycle::milestones,
        explain: lifecycle::explain_milestones,
        sql: "",
        breakdowns: &[],
        series: false,
    },
];
