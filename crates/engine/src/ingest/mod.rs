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
//! assert_eq!(t.numbers(Role::Amount).unwrap().get(0), Some(1234.56));
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
pub use reader::{
    MAX_COLUMNS, MAX_HEADER_BYTES, MAX_HEADER_CELL_CHARS, MAX_RECORD_BYTES, Progress, Reader,
    read_bytes,
};
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
    /// When a quoted field is suspected of a missing closing quote (default
    /// [`QuoteCheck::default`]).
    pub quote_check: Option<QuoteCheck>,
}

/// A quoted field that spans line breaks and runs past any of these is reported as a
/// `warning.long_quote`, naming the line where its quote opened: an unclosed quote reads
/// every line after it as one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteCheck {
    /// Bytes in the field.
    pub max_bytes: usize,
    /// Line breaks in the field.
    pub max_lines: usize,
    /// Lines in the field that hold as many delimiters as a record of the file.
    pub max_record_lines: usize,
}

impl Default for QuoteCheck {
    fn default() -> QuoteCheck {
        QuoteCheck {
            max_bytes: 64 * 1024,
            max_lines: 100,
            max_record_lines: 3,
        }
    }
}
