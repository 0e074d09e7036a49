//! What a metric is: its definition ([`Def`]), what it is asked about ([`Scope`]) and what it
//! answers ([`Computed`], with its [`Sample`] shape), or what it lacks ([`Need`]).

use crate::metrics::{Ctx, Need};
use crate::period::DateRange;
use crate::report::{Direction, Interval, ProvenanceRow, Unit};
use crate::stats;
use crate::table::Role;
use std::collections::BTreeMap;

/// Rows of one table that fall in a scope, as row indices in date order.
pub type Rows = Vec<u32>;

/// What a metric is asked about: a date range and an optional `(role, key)` filter
/// (a breakdown row, or the app's segment filter).
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub range: DateRange,
    pub filter: Option<(Role, String)>,
}

/// The statistical shape of a sampled value, from which the driver derives the interval,
/// the small-sample flag and the significance of a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Sample {
    /// `successes` of `n` (Wilson interval, two-proportion z-test).
    Proportion { successes: u64, n: u64 },
    /// NPS from counts (interval and test as METRICS.md pins them).
    Nps {
        promoters: u64,
        passives: u64,
        detractors: u64,
    },
    /// A mean of `n` observations with standard deviation `sd`.
    Mean { mean: f64, sd: f64, n: u64 },
}

impl Sample {
    pub fn n(&self) -> u64 {
        match *self {
            Sample::Proportion { n, .. } | Sample::Mean { n, .. } => n,
            Sample::Nps {
                promoters,
                passives,
                detractors,
            } => promoters + passives + detractors,
        }
    }

    pub fn interval(&self) -> Option<Interval> {
        match *self {
            Sample::Proportion { successes, n } => stats::wilson(successes, n),
            Sample::Nps {
                promoters,
                passives,
                detractors,
            } => stats::nps(promoters, passives, detractors).map(|(_, iv)| iv),
            Sample::Mean { mean, sd, n } => stats::mean_normal_interval(mean, sd, n),
        }
    }

    /// Whether the change from `previous` to `self` is significant at 95%.
    pub fn differs_from(&self, previous: &Sample) -> Option<bool> {
        match (self, previous) {
            (
                Sample::Proportion {
                    successes: a,
                    n: na,
                },
                Sample::Proportion {
                    successes: b,
                    n: nb,
                },
            ) => stats::proportions_differ(*a, *na, *b, *nb),
            (
                Sample::Nps {
                    promoters: p,
                    passives: q,
                    detractors: d,
                },
                Sample::Nps {
                    promoters: p2,
                    passives: q2,
                    detractors: d2,
                },
            ) => stats::nps_differ((*p, *q, *d), (*p2, *q2, *d2)),
            (
                Sample::Mean {
                    mean: m1,
                    sd: s1,
                    n: n1,
                },
                Sample::Mean {
                    mean: m2,
                    sd: s2,
                    n: n2,
                },
            ) => {
                if *n1 == 0 || *n2 == 0 {
                    return None;
                }
                let se = (s1 * s1 / *n1 as f64 + s2 * s2 / *n2 as f64).sqrt();
                Some(if se == 0.0 {
                    m1 != m2
                } else {
                    ((m1 - m2) / se).abs() > stats::Z95
                })
            }
            _ => None,
        }
    }
}

/// What a metric computes for one scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Computed {
    pub value: Option<f64>,
    /// Set for values computed from a sample (rates, scores, means of answers).
    pub sample: Option<Sample>,
    /// For counts and sums that are not samples: how many rows stand behind the value.
    pub n: Option<u64>,
    pub details: BTreeMap<String, f64>,
    pub table: Option<serde_json::Value>,
    pub currency: Option<String>,
    /// Breakdowns the metric builds itself (health bands), before the driver's own.
    pub breakdowns: Vec<crate::report::Breakdown>,
}

impl Computed {
    pub fn value(value: Option<f64>) -> Computed {
        Computed {
            value,
            ..Computed::default()
        }
    }

    /// `successes / n` as a rate with its sample; `None` value when n is 0.
    pub fn proportion(successes: u64, n: u64) -> Computed {
        Computed {
            value: (n > 0).then(|| successes as f64 / n as f64),
            sample: Some(Sample::Proportion { successes, n }),
            ..Computed::default()
        }
    }

    pub fn with_detail(mut self, name: &str, value: f64) -> Computed {
        self.details.insert(name.to_string(), value);
        self
    }
}

pub type ComputeFn = fn(&Ctx<'_>, &Scope) -> Result<Computed, Need>;
pub type ExplainFn = fn(&Ctx<'_>, &Scope) -> Result<Vec<ProvenanceRow>, Need>;

/// A metric's definition.
pub struct Def {
    pub id: &'static str,
    pub unit: Unit,
    /// Which way a change is good news (churn up is bad, revenue up is good).
    pub direction: Direction,
    /// As shown to the user next to the number.
    pub formula: &'static str,
    pub compute: ComputeFn,
    /// Lists the rows behind a value and the rule that included or excluded each.
    pub explain: ExplainFn,
    /// The DuckDB twin, `crates/engine/sql/<id>.sql` (its shared views not yet spliced in:
    /// `metrics::sql`); empty in wasm (native use only).
    pub sql: &'static str,
    /// Columns to break the metric down by, where the data has them.
    pub breakdowns: &'static [Role],
    /// Whether the metric has a per-period series (rankings and cohort grids do not).
    pub series: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_intervals_and_tests() {
        let s = Sample::Proportion {
            successes: 8,
            n: 10,
        };
        assert!(s.interval().is_some());
        assert_eq!(s.n(), 10);
        let a = Sample::Nps {
            promoters: 50,
            passives: 30,
            detractors: 20,
        };
        assert_eq!(a.differs_from(&a), Some(false));
    }
}
