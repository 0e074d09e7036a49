//! The journey layer (METRICS.md's (J) rows and Journey section): identity, unified
//! profiles and timelines, retention cohorts. It reads the stage metrics' prepared data
//! (`sales::prep::Orders`, survey answers) and the unified customer keys.

mod cohorts;
mod identity;
mod profiles;
#[cfg(test)]
mod tests;

pub use cohorts::{Cell, cells as cohort_cells};
pub use identity::{Match, match_of};
pub use profiles::{Profile, Step, profiles_csv, timeline};

use super::Def;
use crate::report::Unit;

/// The journey layer's metrics (METRICS.md order within the Journey section; the
/// `loyalty.*` (J) rows live here too, beside the profiles they share).
pub static DEFS: &[Def] = &[
    Def {
        id: "loyalty.retention_cohorts",
        unit: Unit::Rate,
        formula: "cohort = month (or week, by setting) of the customer's first completed order; cell (cohort, k) = share of the cohort with a completed order k periods later, and revenue in period k / the cohort's revenue in period 0; unfinished periods flagged. Value: pooled one-period retention over finished cells, Σ active(c, 1) / Σ size(c)",
        compute: cohorts::retention_cohorts,
        explain: cohorts::explain_retention_cohorts,
        sql: twin!("loyalty.retention_cohorts"),
        breakdowns: &[],
        series: false,
    },
    Def {
        id: "journey.identity",
        unit: Unit::Rate,
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
        formula: "distinct customers across all files (matched by id, e-mail, visitor link), each with a profile: first seen, acquisition source, stage reached, lead date, first and last order, orders, revenue, tickets, median first response, last NPS/CSAT/CES",
        compute: profiles::customers,
        explain: profiles::explain_customers,
        sql: "",
        breakdowns: &[],
        series: false,
    },
];
