//! One function per metric of METRICS.md.
//!
//! Public entry points (the app and the CLI call only these):
//! - `analyze(tables: &[Table], settings: &Settings, query: &Query) -> Report`
//! - `explain(tables: &[Table], settings: &Settings, query: &Query, id: &str, period: Option<&str>) -> Result<Explanation, EngineError>`
//! - `sql(id: &str) -> Option<&'static str>`: the metric's DuckDB twin.
