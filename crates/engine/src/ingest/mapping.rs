//! The user's corrections, as JSON: per file (by name or by header signature) the table
//! kind, column roles, survey question kinds/scales, date order and currency. Anything a
//! mapping states wins over inference.
//!
//! ```json
//! { "files": [ { "file": "vendas.csv", "kind": "orders",
//!                "columns": { "Valor": "amount", "Obs": null },
//!                "questions": { "Q1": { "kind": "nps", "min": 0, "max": 10 } },
//!                "date_order": "dmy", "currency": "BRL" } ] }
//! ```

use super::values::DateOrder;
use crate::table::SurveyQuestion;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every file's mapping.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Mapping {
    pub files: Vec<FileMapping>,
}

/// One file's part of a [`Mapping`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FileMapping {
    /// The file name this applies to (no directories).
    pub file: Option<String>,
    /// Or the header signature ([`super::header_signature`]) it applies to, so the same
    /// export with another name is mapped too.
    pub signature: Option<String>,
    /// A table kind id (`orders`, `tickets`, ...).
    pub kind: Option<String>,
    /// Header (as written, or its [`column_key`]) → role id (`amount`, `customer_id`, ...),
    /// or null for no role.
    pub columns: BTreeMap<String, Option<String>>,
    /// Header → survey question kind and scale.
    pub questions: BTreeMap<String, SurveyQuestion>,
    pub date_order: Option<DateOrder>,
    /// ISO 4217 code.
    pub currency: Option<String>,
}

/// The key a remembered mapping stores for a column instead of its header: a hash of the
/// folded header, so a first line of customer data mistaken for a header never reaches the
/// browser's storage as text.
pub fn column_key(header: &str) -> String {
    // FNV-1a, as the header signature: stable across runs, platforms and versions.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in super::values::fold(header).bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("c{h:016x}")
}

/// Whether `key` is a [`column_key`] (and so holds no header text).
pub fn is_column_key(key: &str) -> bool {
    key.len() == 17 && key.starts_with('c') && key[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

impl FileMapping {
    /// The role this mapping gives the column `header`: by the header as written, else by its
    /// [`column_key`].
    pub fn column(&self, header: &str) -> Option<&Option<String>> {
        self.columns
            .get(header)
            .or_else(|| self.columns.get(&column_key(header)))
    }
}

impl Mapping {
    /// Parses a mapping file.
    pub fn from_json(text: &str) -> Result<Mapping, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The mapping for a file, matched by name first, then by header signature.
    pub fn for_file(&self, file: &str, signature: Option<&str>) -> Option<&FileMapping> {
        self.files
            .iter()
            .find(|f| f.file.as_deref() == Some(file))
            .or_else(|| {
                signature.and_then(|sig| {
                    self.files
                        .iter()
                        .find(|f| f.signature.as_deref() == Some(sig))
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_matches_by_name_or_signature() {
        let m = Mapping::from_json(
            r#"{"files":[{"file":"a.csv","kind":"orders","columns":{"Valor":"amount","Obs":null},
               "questions":{"Q1":{"kind":"nps","min":0,"max":10}},"date_order":"mdy"},
               {"signature":"h0000000000000001","kind":"tickets"}]}"#,
        )
        .unwrap();
        let a = m.for_file("a.csv", None).unwrap();
        assert_eq!(a.kind.as_deref(), Some("orders"));
        assert_eq!(a.columns.get("Obs"), Some(&None));
        assert_eq!(a.date_order, Some(DateOrder::Mdy));
        assert_eq!(a.questions["Q1"].max, 10.0);
        let b = m.for_file("other.csv", Some("h0000000000000001")).unwrap();
        assert_eq!(b.kind.as_deref(), Some("tickets"));
        assert!(m.for_file("other.csv", Some("nope")).is_none());
    }

    #[test]
    fn columns_are_found_by_header_or_by_its_hashed_key() {
        let key = column_key("E-mail do cliente");
        assert!(is_column_key(&key), "{key}");
        assert!(!key.contains("mail"));
        // Folded like the header signature: case and accents do not change the key.
        assert_eq!(key, column_key("e-mail do CLIENTE"));
        assert_ne!(key, column_key("E-mail"));
        assert!(!is_column_key("ana.souza@example.com"));
        let m = FileMapping {
            columns: [(key, Some("email".to_string()))].into(),
            ..FileMapping::default()
        };
        assert_eq!(
            m.column("E-mail do cliente"),
            Some(&Some("email".to_string()))
        );
        assert_eq!(m.column("Nome"), None);
    }
}
