//! Bytes to tables.
//!
//! Stages: [`decode`] (encoding: UTF-8 ±BOM, UTF-16 LE/BE with BOM, Windows-1252 fallback,
//! binary refused) → delimiter sniffing (`,` `;` TAB `|`) → CSV records (`csv_core`,
//! incremental: any chunk boundary, even inside a character or a quoted field) → the header is
//! found (title and `#` lines above it are skipped) and the first rows are kept as a sample →
//! [`plan`] decides each column's parser (locale-aware numbers, dates, durations, booleans,
//! status words), its [`crate::table::Role`] (from [`vendors`], the [`mapping`], or header
//! words in Portuguese and English, checked against the values) and the table kind, each with
//! a confidence and a one-line reason → every row is parsed straight into typed columns.
//!
//! Rows that cannot be used (wrong field count, unreadable date or amount in a required
//! column) become [`crate::table::Reject`]s with their line; files that cannot be read at all
//! are [`crate::IngestError`]s naming the file.
//!
//! ```
//! use jornada_engine::ingest::{read_bytes, IngestOptions};
//! use jornada_engine::table::{Role, TableKind};
//! let csv = "pedido;data_pedido;valor;status\r\n1;03/01/2025;R$ 1.234,56;Pago\r\n";
//! let t = read_bytes("vendas.csv", csv.as_bytes(), &IngestOptions::default()).unwrap();
//! assert_eq!(t.kind, TableKind::Orders);
//! assert_eq!(t.numbers(Role::Amount).unwrap()[0], Some(1234.56));
//! assert_eq!(t.currency.as_deref(), Some("BRL"));
//! ```

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

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The user's corrections for this file, if any (see [`mapping::Mapping::for_file`]).
    pub mapping: Option<mapping::FileMapping>,
    /// Rows looked at before column types are decided (default 1000).
    pub sample_rows: Option<usize>,
    /// The file's size in bytes, when known (the browser's `File.size`): columns are sized
    /// once instead of growing.
    pub size_hint: Option<u64>,
}
