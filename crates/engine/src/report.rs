//! What the engine answers: metric values with their series, intervals, breakdowns and
//! formulas, plus the metrics it could not compute and why. Serialised as the CLI's
//! `--json` output and read by the app; field names are part of the public contract.

use serde::{Deserialize, Serialize};

/// The four journey stages, plus the journey layer that spans them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Attraction,
    Sales,
    Service,
    Loyalty,
    Journey,
}

impl Stage {
    /// The stage of a metric id (`sales.revenue` → Sales).
    pub fn of(metric_id: &str) -> Option<Stage> {
        match metric_id.split('.').next()? {
            "attraction" => Some(Stage::Attraction),
            "sales" => Some(Stage::Sales),
            "service" => Some(Stage::Service),
            "loyalty" => Some(Stage::Loyalty),
            "journey" => Some(Stage::Journey),
            _ => None,
        }
    }
}

/// How to read and format a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    /// An amount in `Metric::currency`.
    Currency,
    /// A fraction in [0, 1] (shown as a percentage).
    Rate,
    /// NPS-like score in -100..=100.
    Score,
    /// A mean on the question's own scale (CSAT mean, CES, ratings).
    Mean,
    Hours,
    Days,
    /// A plain ratio such as visitors per lead.
    Ratio,
    /// The value is a table (ranking, cohort grid); see `Metric::table`.
    Table,
}

/// Which way a change is good news: the UI colours a change by it (churn up is bad, revenue
/// up is good); `neutral` for volumes and tables whose rise is neither.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
    #[default]
    Neutral,
}

/// A 95% interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
    /// `wilson`, `nps_normal`, `mean_normal`.
    pub method: String,
}

/// One period of a series: `period` is its label (`2025-03`, `2025-W09`, `2025-Q1`,
/// `2025-03-04`, `2025`), `start` its first day (ISO date).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub period: String,
    pub start: String,
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    /// The selected range ends before the period does (METRICS.md "Range"): the value covers
    /// only part of the period, and the UI says so.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

/// A metric split by one column (channel, agent, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// The role id the split is by, e.g. `channel`.
    pub by: String,
    pub rows: Vec<BreakdownRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreakdownRow {
    pub key: String,
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
}

/// One computed metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// Id from METRICS.md, e.g. `sales.revenue`.
    pub id: String,
    pub stage: Stage,
    pub unit: Unit,
    /// Which way a change is good news (from the metric's `Def`).
    #[serde(default)]
    pub direction: Direction,
    /// The headline figure over the selected range; `None` when undefined (e.g. 0 / 0).
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Sample size or denominator behind `value`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval: Option<Interval>,
    /// True when the value comes from a sample of fewer than 30.
    pub small_sample: bool,
    /// The value over the previous range of equal length.
    pub previous: Option<f64>,
    /// (value - previous) / previous; `None` when previous is 0 or missing.
    pub change_pct: Option<f64>,
    /// For rates and scores: whether the change is significant at 95%.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_significant: Option<bool>,
    pub series: Vec<Point>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<Breakdown>,
    /// Named side figures: `mean`, `promoters`, factors of a product, ...
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub details: std::collections::BTreeMap<String, f64>,
    /// Rankings, cohort grids and other tabular values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<serde_json::Value>,
    /// The formula as shown to the user.
    pub formula: String,
    /// The files the value was computed from.
    pub sources: Vec<String>,
    /// With a segment chosen: which of `sources` it filtered (`not_applicable` when none:
    /// the value is then the whole data's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<crate::segment::SegmentUse>,
}

/// A metric that could not be computed, and what would enable it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unavailable {
    pub id: String,
    /// E.g. `orders file with a customer id or e-mail column`.
    pub needs: String,
    /// `needs` as parts, for front ends that translate it (see [`crate::needs`]); always
    /// set by this version (`None` only in reports of older ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub need: Option<Need>,
}

impl Unavailable {
    /// Metric `id` is unavailable for want of `need`; `needs` is its English.
    pub fn new(id: impl Into<String>, need: Need) -> Unavailable {
        Unavailable {
            id: id.into(),
            needs: crate::needs::english(&need),
            need: Some(need),
        }
    }
}

/// What an unavailable metric needs, as ids: `key` names the requirement (`orders.customer`,
/// `surveys.scores`; the list is [`crate::needs::keys`]) and `args` fill its blanks (a survey
/// kind id, a role id, a table kind id, currency codes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Need {
    pub key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
}

impl Need {
    pub fn new<S: Into<String>>(key: &str, args: impl IntoIterator<Item = S>) -> Need {
        Need {
            key: key.to_string(),
            args: args.into_iter().map(Into::into).collect(),
        }
    }

    /// A need without blanks.
    pub fn bare(key: &str) -> Need {
        Need {
            key: key.to_string(),
            args: Vec::new(),
        }
    }
}

/// Everything the engine computed for one query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub metrics: Vec<Metric>,
    pub unavailable: Vec<Unavailable>,
}

impl Report {
    pub fn metric(&self, id: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.id == id)
    }
}

/// Why one source row did or did not count towards a metric value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvenanceRow {
    pub file: String,
    /// 1-based source line.
    pub line: u32,
    pub included: bool,
    /// The rule applied, e.g. `included: status completed` or `excluded: status refunded`.
    pub rule: String,
    /// The row's value as it entered the formula (amount, score, hours...), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// In a customer's timeline, the row typed (front ends word it in their language; `rule`
    /// is the English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<TimelineStep>,
    /// The rule as parts (`score.*` keys: the engagement and health scores), for front ends
    /// to word in their language; `rule` is the English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<crate::why::Why>,
}

/// One row of a customer's timeline (`journey.customers` explained for one customer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStep {
    /// The row's date and time (`YYYY-MM-DD HH:MM`, wall clock), `None` for an undated row.
    pub at: Option<String>,
    /// The journey stage of its file (the timeline's colour).
    pub stage: Stage,
    pub kind: crate::table::TableKind,
    /// 0-based row of the file (`ProvenanceRow::line` is its source line).
    pub row: u32,
    /// What the row is about in the file's own words (its event, status, survey kind, reason,
    /// plan, landing page or source), if any.
    pub what: Option<String>,
}

/// The rows behind one metric value (the whole range, or one period of its series).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub id: String,
    /// The period label explained, or `None` for the whole range.
    pub period: Option<String>,
    /// The first and last day (ISO) of the rows' range actually used: the selected range, or
    /// the data's own when none was chosen, or the period as clipped to the range.
    #[serde(default)]
    pub first_day: String,
    #[serde(default)]
    pub last_day: String,
    /// The breakdown key explained (`(role id, key)`, e.g. `("channel", "web")`): the rows of
    /// that key only, as its breakdown bar counts them; `None` for every row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<(String, String)>,
    pub formula: String,
    pub value: Option<f64>,
    pub rows: Vec<ProvenanceRow>,
    /// The segment the rows were cut to, and how the metric's files met it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<crate::segment::Segment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment_use: Option<crate::segment::SegmentUse>,
}
