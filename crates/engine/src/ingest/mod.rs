//! Bytes to tables. Stages: [`decode`] (encoding) → CSV records (`csv_core`, incremental,
//! any chunk boundary) → the first rows are buffered as a sample → [`plan`] decides each
//! column's parser and role and the table kind → every row is parsed straight into typed
//! columns. Rows that cannot be used become [`Reject`]s with their line.

mod build;
pub mod decode;
pub mod mapping;
pub mod plan;
mod reader;
pub mod roles;
pub mod survey;
pub mod values;
pub mod vendors;

pub use build::header_signature;
pub use reader::{Progress, Reader, read_bytes};
pub use values::classify_status;

use crate::table::Reject;

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The user's corrections for this file, if any (see [`mapping::Mapping::for_file`]).
    pub mapping: Option<mapping::FileMapping>,
    /// Rows looked at before column types are decided (default 1000).
    pub sample_rows: Option<usize>,
}

// Keep the name visible for docs linking `Reject`.
#[allow(dead_code)]
type _RejectDoc = Reject;
