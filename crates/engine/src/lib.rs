//! Jornada's engine: bytes → tables → metrics, with no web dependency.
//!
//! - [`ingest`] turns a file's bytes (fed in chunks) into a typed [`Table`], inferring the
//!   encoding, dialect, locale, column roles and table kind, and rejecting bad rows by line.
//! - [`metrics`] computes every metric of METRICS.md over a set of tables for a [`Query`],
//!   with series, intervals, breakdowns and provenance ([`explain`]).
//! - [`sample`] generates a coherent fictional company, deterministically, for tests, benches
//!   and the app's "try sample data".
//!
//! The app, the CLI and the widget's round-trip tests only call this crate's public API.

pub mod business_hours;
pub mod canonical;
pub mod error;
pub mod ingest;
pub mod metrics;
pub mod needs;
pub mod period;
pub mod report;
pub mod sample;
pub mod segment;
pub mod settings;
pub mod stats;
pub mod table;
#[cfg(test)]
mod test_support;
// The test helpers shared with the integration tests name the crate as they do.
#[cfg(test)]
extern crate self as jornada_engine;
pub mod why;

pub use error::{EngineError, IngestError};
pub use jornada_csv_cell::csv_cell;
pub use period::{Granularity, Query};
pub use report::{Direction, Metric, Report, Stage, Unavailable, Unit};
pub use settings::Settings;
pub use table::{
    Column, Reject, Role, Status, SurveyKind, Table, TableKind, Timestamp, ValueType, Values,
};
