//! One function per metric of METRICS.md, and the driver that turns them into a [`Report`].
//!
//! A metric is a [`Def`]: an id, a unit, a formula, what it needs, and a `compute` function
//! that answers for one [`Scope`] (a date range, maybe narrowed to one channel/agent/...).
//! The driver calls `compute` for the selected range, for each period of the series, for the
//! previous range of equal length and for each breakdown key, and derives intervals,
//! small-sample flags and change significance from the [`Sample`] it returns. So a metric
//! function holds only its formula; everything else is shared.
//!
//! Speed: `Ctx::rows` answers from a per-(table, date column) index sorted by date, so a
//! period's rows are one binary search away and a full series costs about one pass; a
//! breakdown key's rows come from the same index grouped by the key's dictionary code (built
//! once per filter column), so a breakdown row costs its own rows, not a scan of the table.
//! Orders metrics read the packed, date-ordered orders of `sales::prep` and keep
//! per-customer state in vectors indexed by the dense customer key, never in hash maps.
//!
//! Public entry points (the app and the CLI call only these): [`analyze`], [`explain`], [`sql`].

/// The text of a metric's DuckDB twin, `crates/engine/sql/<id>.sql`, for its [`Def`]. Twins
/// serve native use only (the CLI's `sql`, the parity tests): in wasm the text is empty, so the
/// app and its worker do not carry about 100 KB of SQL (the catalogue's statics would keep it).
#[cfg(not(target_arch = "wasm32"))]
macro_rules! twin {
    ($id:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/sql/", $id, ".sql"))
    };
}
#[cfg(target_arch = "wasm32")]
macro_rules! twin {
    ($id:literal) => {
        ""
    };
}

pub mod attraction;
pub mod common;
mod ctx;
mod customers;
mod def;
mod driver;
mod index;
pub mod journey;
pub mod loyalty;
mod marks;
pub mod sales;
pub mod service;
pub mod subscriptions;
#[cfg(not(target_arch = "wasm32"))]
mod twin;

#[cfg(not(target_arch = "wasm32"))]
pub use twin::{detail_ids, detail_sql, sql};

pub use crate::report::Need;
pub use ctx::Ctx;
pub use customers::Customers;
pub use def::{ComputeFn, Computed, Def, ExplainFn, Rows, Sample, Scope};
pub use driver::{
    Outcome, Steps, analyze, analyze_each, catalogue, explain, explain_by, role_id, run, schedule,
    send_points,
};
pub(crate) use index::radix_sort;
pub use index::{DateIndex, Groups, Positions};
