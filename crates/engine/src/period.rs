//! Periods and the query that selects them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a range is cut into periods. Month is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Day,
    /// ISO 8601 week (Monday start), labelled `2025-W09`.
    Week,
    #[default]
    Month,
    Quarter,
    Year,
}

/// What the user asked for: a date range (inclusive, in the data's own dates) and a granularity.
/// With no `from`/`to`, the range is the data's own first and last dates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub granularity: Granularity,
}
