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
    /// Header (as written) → role id (`amount`, `customer_id`, ...), or null for no role.
    pub columns: BTreeMap<String, Option<String>>,
    /// Header → survey question kind and scale.
    pub questions: BTreeMap<String, SurveyQuestion>,
    pub date_order: Option<DateOrder>,
    /// ISO 4217 code.
    pub currency: Option<String>,
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
}
