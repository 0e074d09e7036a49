//! Typed errors. Every message names the file and, where there is one, the line.

use thiserror::Error;

/// A file that could not be read at all. Row-level problems are not errors: they are
/// [`crate::table::Reject`]s on the table, and the good rows are still used.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum IngestError {
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error("{file}: this is not a text/CSV file ({why})")]
    Binary { file: String, why: String },
    #[error("{file}: no header line was found ({why})")]
    NoHeader { file: String, why: String },
    #[error("{file}, line {line}: {why}")]
    Malformed {
        file: String,
        line: u32,
        why: String,
    },
    /// A documented limit on a file's shape (see `ingest::MAX_COLUMNS` and the like).
    #[error("{file}, line {line}: {why}; the limit is {limit}")]
    OverLimit {
        file: String,
        line: u32,
        why: String,
        limit: String,
    },
    #[error("{file}: the mapping does not fit this file: {why}")]
    Mapping { file: String, why: String },
}

/// A request the engine cannot answer.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum EngineError {
    #[error("unknown metric id `{0}` (see METRICS.md for the list)")]
    UnknownMetric(String),
    #[error("no customer `{0}`: no row has this customer id or e-mail")]
    UnknownCustomer(String),
    #[error("metric `{id}` cannot be computed: it needs {needs}")]
    Unavailable { id: String, needs: String },
    #[error("bad period `{0}`: expected e.g. 2025-03, 2025-W09, 2025-Q1, 2025-03-04 or 2025")]
    BadPeriod(String),
    /// A range whose first day comes after its last (issue 17: it was read as one day).
    #[error(
        "the range starts on {from}, after it ends on {to}: choose a start on or before the end"
    )]
    RangeReversed { from: String, to: String },
    #[error("bad settings: {0}")]
    Settings(String),
}
