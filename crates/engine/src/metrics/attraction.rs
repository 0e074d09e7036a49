//! Attraction metrics of METRICS.md.

use super::Def;

/// This stage's metrics, in METRICS.md order.
pub static DEFS: &[Def] = &[];

/// (metric id, DuckDB twin) for this stage.
pub static SQL: &[(&str, &str)] = &[];
