//! What `jornada analyze` prints: the `--json` object, and a readable table grouped by
//! journey stage.

use crate::read::FileError;
use jornada_engine::report::{Explanation, Interval};
use jornada_engine::segment::SegmentUse;
use jornada_engine::why::Why;
use jornada_engine::{Metric, Report, Stage, Table, Unavailable, Unit};
use serde::Serialize;
use std::fmt::Write as _;

/// At most this many rejects per file are listed (the count is always complete).
pub const MAX_REJECTS_LISTED: usize = 1000;

/// The `--json` object.
#[derive(Debug, Serialize)]
pub struct AnalyzeOutput<'a> {
    pub tables: Vec<TableSummary>,
    pub metrics: &'a [Metric],
    pub unavailable: &'a [Unavailable],
    pub errors: Vec<ErrorEntry>,
}

#[derive(Debug, Serialize)]
pub struct TableSummary {
    pub file: String,
    pub kind: String,
    pub rows: usize,
    pub rejected_rows: usize,
    pub rejects: Vec<RejectEntry>,
    /// What ingest skipped, re-read or could not read without rejecting a row.
    pub warnings: Vec<String>,
    /// Why the file was read as its kind: the English line and its parts.
    pub kind_reason: String,
    pub kind_why: Vec<Why>,
    pub columns: Vec<ColumnSummary>,
}

#[derive(Debug, Serialize)]
pub struct RejectEntry {
    pub line: u32,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct ColumnSummary {
    pub name: String,
    pub role: Option<jornada_engine::Role>,
    #[serde(rename = "type")]
    pub ty: jornada_engine::ValueType,
    pub confidence: f32,
    /// Why the column got its role and type ("inferred from the values ..." when the header
    /// said nothing), and the language-neutral parts it is made of.
    pub reason: String,
    pub why: Vec<Why>,
}

#[derive(Debug, Serialize)]
pub struct ErrorEntry {
    pub file: String,
    pub message: String,
}

impl TableSummary {
    pub fn of(t: &Table) -> TableSummary {
        TableSummary {
            file: t.file.clone(),
            kind: t.kind.id().to_string(),
            rows: t.rows(),
            rejected_rows: t.rejects.len(),
            rejects: t
                .rejects
                .iter()
                .take(MAX_REJECTS_LISTED)
                .map(|r| RejectEntry {
                    line: r.line,
                    reason: r.reason.clone(),
                })
                .collect(),
            warnings: t.warnings.clone(),
            kind_reason: t.kind_reason.clone(),
            kind_why: t.kind_why.clone(),
            columns: t
                .columns
                .iter()
                .map(|c| ColumnSummary {
                    name: c.name.clone(),
                    role: c.role,
                    ty: c.ty,
                    confidence: c.confidence,
                    reason: c.reason.clone(),
                    why: c.why.clone(),
                })
                .collect(),
        }
    }
}

pub fn analyze_json(tables: &[Table], report: &Report, errors: &[FileError]) -> String {
    let out = AnalyzeOutput {
        tables: tables.iter().map(TableSummary::of).collect(),
        metrics: &report.metrics,
        unavailable: &report.unavailable,
        errors: errors
            .iter()
            .map(|e| ErrorEntry {
                file: e.file.clone(),
                message: e.message.clone(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&out).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

const STAGES: [(Stage, &str); 5] = [
    (Stage::Attraction, "Attraction (atração)"),
    (Stage::Sales, "Sales (vendas)"),
    (Stage::Service, "Service (atendimento)"),
    (
        Stage::Loyalty,
        "Loyalty and satisfaction (lealdade/satisfação)",
    ),
    (Stage::Journey, "Journey (jornada)"),
];

/// The readable report: files read, then each stage's metrics, then what is unavailable.
pub fn analyze_text(tables: &[Table], report: &Report, errors: &[FileError]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Files");
    for t in tables {
        let _ = writeln!(
            s,
            "  {:<34} {:<20} {:>12} rows  {:>8} rejected",
            t.file,
            t.kind.id(),
            group(t.rows() as f64, 0),
            group(t.rejects.len() as f64, 0)
        );
        for r in t.rejects.iter().take(5) {
            let _ = writeln!(s, "      line {}: {}", r.line, r.reason);
        }
        if t.rejects.len() > 5 {
            let _ = writeln!(s, "      ... {} more (see --json)", t.rejects.len() - 5);
        }
        for w in &t.warnings {
            let _ = writeln!(s, "      warning: {w}");
        }
        // Headers that said nothing: what the values were read as, and how surely.
        if t.kind_why.iter().any(|w| w.key == "kind.inferred") {
            let _ = writeln!(s, "      kind: {}", t.kind_reason);
            for c in t
                .columns
                .iter()
                .filter(|c| c.why.iter().any(|w| w.key == "values.inferred"))
            {
                let _ = writeln!(
                    s,
                    "      column \"{}\": {} (confidence {:.0}%)",
                    c.name,
                    c.reason,
                    c.confidence * 100.0
                );
            }
        }
    }
    for e in errors {
        let _ = writeln!(s, "  {:<34} NOT READ: {}", e.file, e.message);
    }
    for (stage, title) in STAGES {
        let metrics: Vec<&Metric> = report.metrics.iter().filter(|m| m.stage == stage).collect();
        if metrics.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n{title}");
        let _ = writeln!(
            s,
            "  {:<38} {:>18} {:>32} {:>14} {:>10}",
            "metric", "value", "95% interval", "change", "n"
        );
        for m in metrics {
            let interval = m
                .interval
                .as_ref()
                .map(|iv| interval_text(m, iv))
                .unwrap_or_default();
            let change = match (m.change_pct, m.change_significant) {
                (Some(c), Some(true)) => format!("{}*", signed_pct(c)),
                (Some(c), _) => signed_pct(c),
                (None, _) => String::new(),
            };
            let n = m.n.map(|n| group(n as f64, 0)).unwrap_or_default();
            let small = if m.small_sample { " (n<30)" } else { "" };
            let flag = match &m.segment {
                Some(SegmentUse::NotApplicable { .. }) => {
                    format!("{small} (segment does not apply: whole data)")
                }
                Some(SegmentUse::Partly { whole, .. }) => {
                    format!(
                        "{small} (segment applies in part; read whole: {})",
                        whole.join(", ")
                    )
                }
                _ => small.to_string(),
            };
            let _ = writeln!(
                s,
                "  {:<38} {:>18} {:>32} {:>14} {:>10}{flag}",
                m.id,
                value_text(m, m.value),
                interval,
                change,
                n
            );
        }
    }
    if !report.unavailable.is_empty() {
        let _ = writeln!(s, "\nUnavailable (what would enable them)");
        for u in &report.unavailable {
            let _ = writeln!(s, "  {:<38} needs {}", u.id, u.needs);
        }
    }
    let _ = writeln!(
        s,
        "\nchange: against the previous period of equal length; * significant at 95%"
    );
    s
}

fn interval_text(m: &Metric, iv: &Interval) -> String {
    format!(
        "[{} – {}]",
        value_text(m, Some(iv.low)),
        value_text(m, Some(iv.high))
    )
}

/// A value in its unit: `R$ 1,234.56`, `12.3%`, `+30.0`, `3.5 h`, ...
pub fn value_text(m: &Metric, v: Option<f64>) -> String {
    let Some(v) = v else {
        return "—".to_string();
    };
    match m.unit {
        Unit::Count => group(v, if v.fract() == 0.0 { 0 } else { 2 }),
        Unit::Currency => match m.currency.as_deref() {
            Some("BRL") => format!("R$ {}", group(v, 2)),
            Some(code) => format!("{code} {}", group(v, 2)),
            None => group(v, 2),
        },
        Unit::Rate => format!("{:.1}%", v * 100.0),
        Unit::Score => format!("{v:+.1}"),
        Unit::Mean | Unit::Ratio => format!("{v:.2}"),
        Unit::Hours => format!("{v:.1} h"),
        Unit::Days => format!("{v:.1} d"),
        Unit::Table => {
            let rows = m
                .table
                .as_ref()
                .and_then(|t| t.as_array().map(Vec::len))
                .map(|n| format!("table, {n} rows"))
                .unwrap_or_else(|| "table".to_string());
            format!("({rows})")
        }
    }
}

fn signed_pct(c: f64) -> String {
    format!("{:+.1}%", c * 100.0)
}

/// `1234567.891` → `1,234,567.89` (with `decimals` places).
pub fn group(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (text, None),
    };
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// How many provenance rows the readable `explain` lists before summarising.
pub const EXPLAIN_ROWS_SHOWN: usize = 50;

/// The readable explanation: formula, value, rows per rule, then the first rows.
pub fn explain_text(e: &Explanation, all: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}", e.id);
    if let Some(p) = &e.period {
        let _ = writeln!(s, "period:  {p}");
    }
    let _ = writeln!(s, "formula: {}", e.formula);
    let _ = writeln!(
        s,
        "value:   {}",
        e.value.map(|v| group(v, 4)).unwrap_or_else(|| "—".into())
    );
    let mut rules: Vec<(&str, bool, usize)> = Vec::new();
    for r in &e.rows {
        match rules.iter_mut().find(|(rule, _, _)| *rule == r.rule) {
            Some(entry) => entry.2 += 1,
            None => rules.push((&r.rule, r.included, 1)),
        }
    }
    let _ = writeln!(s, "rows:    {}", group(e.rows.len() as f64, 0));
    for (rule, _, n) in &rules {
        let _ = writeln!(s, "  {:>10}  {rule}", group(*n as f64, 0));
    }
    let shown = if all {
        e.rows.len()
    } else {
        EXPLAIN_ROWS_SHOWN.min(e.rows.len())
    };
    if shown > 0 {
        let _ = writeln!(s);
    }
    for r in &e.rows[..shown] {
        let value = r
            .value
            .map(|v| format!("  {}", group(v, 2)))
            .unwrap_or_default();
        let _ = writeln!(s, "  {}:{}  {}{}", r.file, r.line, r.rule, value);
    }
    if shown < e.rows.len() {
        let _ = writeln!(
            s,
            "  ... {} more rows (--all lists them, --json gives them all)",
            group((e.rows.len() - shown) as f64, 0)
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_thousands() {
        assert_eq!(group(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(group(999.0, 0), "999");
        assert_eq!(group(-1000.5, 1), "-1,000.5");
        assert_eq!(group(0.0, 2), "0.00");
    }
}
