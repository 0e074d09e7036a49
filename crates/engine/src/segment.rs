//! Segments: one value of a declared dimension ("acquisition channel = Google Ads").
//!
//! A [`Dimension`] names the file kinds and columns it reads ([`Dimension::reads`]). Choosing a
//! segment keeps, in each file the dimension reads, the rows whose column holds the value;
//! labels that differ only by case or spacing ("Email", "email ", " EMAIL") are one value ([`normalize`]), shown by its most common spelling. A file the dimension does not
//! read, or whose column never holds the value (sessions name "google", not "Google Ads"), is
//! read whole, and every metric says which of its files the segment filtered
//! ([`SegmentUse`]): a metric none of whose files was filtered reports `not_applicable`, never
//! a silent whole-range number nor 0.

use crate::table::{Role, Table, TableKind, TextValues, Values};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a segment's value is a value of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// Where a customer, lead or visit came from: orders' and leads' channel or source,
    /// sessions' source, marketing spend's channel, subscriptions' channel.
    Acquisition,
    /// How a customer contacted service: tickets' and chats' channel.
    TicketChannel,
}

impl Dimension {
    pub const ALL: [Dimension; 2] = [Dimension::Acquisition, Dimension::TicketChannel];

    /// The snake_case id used in JSON, the CLI (`--segment acquisition=Google Ads`) and the UI.
    pub fn id(self) -> &'static str {
        match self {
            Dimension::Acquisition => "acquisition",
            Dimension::TicketChannel => "ticket_channel",
        }
    }

    /// The dimension by its id (or a short alias: `channel`, `ticket`).
    pub fn from_id(id: &str) -> Option<Dimension> {
        match id
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "acquisition" | "acquisition_channel" | "channel" => Some(Dimension::Acquisition),
            "ticket_channel" | "ticket" | "service_channel" => Some(Dimension::TicketChannel),
            _ => None,
        }
    }

    /// The file kinds this dimension reads and, for each, the columns (by role) it reads, in
    /// order of preference: the first one a file has is the one filtered.
    pub fn reads(self) -> &'static [(TableKind, &'static [Role])] {
        match self {
            Dimension::Acquisition => &[
                (TableKind::Orders, &[Role::Channel, Role::Source]),
                (TableKind::Leads, &[Role::Source, Role::Channel]),
                (TableKind::Sessions, &[Role::Source, Role::Channel]),
                (TableKind::MarketingSpend, &[Role::Channel, Role::Source]),
                (TableKind::Subscriptions, &[Role::Channel, Role::Source]),
            ],
            Dimension::TicketChannel => &[
                (TableKind::Tickets, &[Role::Channel]),
                (TableKind::Chats, &[Role::Channel]),
            ],
        }
    }

    /// The column of `table` this dimension reads, if any.
    pub fn column(self, table: &Table) -> Option<(Role, &TextValues)> {
        let (_, roles) = self.reads().iter().find(|(k, _)| *k == table.kind)?;
        roles
            .iter()
            .find_map(|r| table.text(*r).map(|col| (*r, col)))
    }
}

/// A chosen segment: `dimension = value` (the value as shown; matched by [`normalize`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub dimension: Dimension,
    pub value: String,
}

impl Segment {
    /// `DIMENSION=VALUE` (`acquisition=Google Ads`); a bare `VALUE` is an acquisition channel.
    pub fn parse(text: &str) -> Result<Segment, String> {
        let (dimension, value) = match text.split_once('=') {
            Some((d, v)) => (
                Dimension::from_id(d).ok_or_else(|| {
                    format!(
                        "unknown segment dimension {:?}: use {}",
                        d.trim(),
                        Dimension::ALL.map(Dimension::id).join(" or ")
                    )
                })?,
                v,
            ),
            None => (Dimension::Acquisition, text),
        };
        if normalize(value).is_empty() {
            return Err("the segment needs a value after '='".to_string());
        }
        Ok(Segment {
            dimension,
            value: value.trim().to_string(),
        })
    }
}

/// The key two labels share when they are one value: trimmed, inner spaces collapsed to one,
/// lower case ("Email", " email", "EMAIL" → "email").
pub fn normalize(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// How a metric's files met the segment.
///
/// Written tagged by `applies`; read through [`SegmentUseFields`], one flat struct checked
/// against the tag, because serde's derived reading of an internally tagged enum buffers
/// the whole value first, and that buffering cost the app's wasm about 15 KB.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "applies",
    rename_all = "snake_case",
    try_from = "SegmentUseFields"
)]
pub enum SegmentUse {
    /// Every file the value read was filtered to the segment.
    All { filtered: Vec<String> },
    /// Some files were filtered, the others (`whole`) read whole.
    Partly {
        filtered: Vec<String>,
        whole: Vec<String>,
    },
    /// No file the value read is filtered: the value is the whole data's, not the segment's.
    NotApplicable { whole: Vec<String> },
}

/// Every [`SegmentUse`] variant's fields, as read, before the tag says which belong.
#[derive(Deserialize)]
struct SegmentUseFields {
    applies: String,
    filtered: Option<Vec<String>>,
    whole: Option<Vec<String>>,
}

impl TryFrom<SegmentUseFields> for SegmentUse {
    type Error = String;

    fn try_from(f: SegmentUseFields) -> Result<Self, String> {
        let need = |v: Option<Vec<String>>, name: &str| {
            v.ok_or_else(|| format!("missing field `{name}` for applies `{}`", f.applies))
        };
        match f.applies.as_str() {
            "all" => Ok(SegmentUse::All {
                filtered: need(f.filtered, "filtered")?,
            }),
            "partly" => Ok(SegmentUse::Partly {
                filtered: need(f.filtered, "filtered")?,
                whole: need(f.whole, "whole")?,
            }),
            "not_applicable" => Ok(SegmentUse::NotApplicable {
                whole: need(f.whole, "whole")?,
            }),
            other => Err(format!(
                "unknown applies `{other}`, expected `all`, `partly` or `not_applicable`"
            )),
        }
    }
}

impl SegmentUse {
    /// Whether the segment applies to the value at all.
    pub fn applies(&self) -> bool {
        !matches!(self, SegmentUse::NotApplicable { .. })
    }
}

/// One spelling of a dimension value in one file's column, with its row count (for the
/// segment list: [`merge`] joins them across files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spelling {
    pub dimension: Dimension,
    pub file: String,
    /// The column's header.
    pub column: String,
    pub label: String,
    pub rows: u64,
}

/// One value of a dimension, its case variants merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Value {
    /// The most common spelling (ties: the first in label order).
    pub label: String,
    /// Rows holding any spelling, over every file.
    pub rows: u64,
}

/// A dimension's values in the loaded files and the `(file, column)` pairs it read them from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionValues {
    pub dimension: Dimension,
    pub columns: Vec<(String, String)>,
    /// Most rows first.
    pub values: Vec<Value>,
}

/// Every spelling of every dimension's values in `table`, with its row count.
pub fn spellings(table: &Table) -> Vec<Spelling> {
    let mut out = Vec::new();
    for dimension in Dimension::ALL {
        let Some((role, col)) = dimension.column(table) else {
            continue;
        };
        let header = table
            .column(role)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let mut counts = vec![0u64; col.dict.len()];
        for &code in &col.codes {
            if let Some(n) = counts.get_mut(code as usize) {
                *n += 1;
            }
        }
        for (label, rows) in col.dict.iter().zip(counts) {
            if rows > 0 && !normalize(label).is_empty() {
                out.push(Spelling {
                    dimension,
                    file: table.file.clone(),
                    column: header.clone(),
                    label: label.to_string(),
                    rows,
                });
            }
        }
    }
    out
}

/// The segment list: spellings joined into values per dimension (case and spacing variants
/// are one value, shown by the spelling with most rows), dimensions in [`Dimension::ALL`]
/// order, values by rows (most first), then label.
pub fn merge(spellings: &[Spelling]) -> Vec<DimensionValues> {
    let mut out = Vec::new();
    for dimension in Dimension::ALL {
        let mut columns: Vec<(String, String)> = Vec::new();
        // key → (rows, spelling → rows)
        let mut values: BTreeMap<String, (u64, BTreeMap<&str, u64>)> = BTreeMap::new();
        for s in spellings.iter().filter(|s| s.dimension == dimension) {
            let fc = (s.file.clone(), s.column.clone());
            if !columns.contains(&fc) {
                columns.push(fc);
            }
            let entry = values.entry(normalize(&s.label)).or_default();
            entry.0 += s.rows;
            *entry.1.entry(s.label.trim()).or_default() += s.rows;
        }
        if columns.is_empty() {
            continue;
        }
        let mut values: Vec<Value> = values
            .into_values()
            .map(|(rows, spelled)| {
                let label = spelled
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(l, _)| l.to_string())
                    .unwrap_or_default();
                Value { label, rows }
            })
            .collect();
        crate::stats::stable_sort_by(&mut values, |a, b| {
            b.rows.cmp(&a.rows).then(a.label.cmp(&b.label))
        });
        out.push(DimensionValues {
            dimension,
            columns,
            values,
        });
    }
    out
}

/// The segment list of `tables` ([`spellings`] of each, [`merge`]d).
pub fn values(tables: &[Table]) -> Vec<DimensionValues> {
    let all: Vec<Spelling> = tables.iter().flat_map(spellings).collect();
    merge(&all)
}

/// The tables with the segment applied: `filtered[i]` says whether `tables[i]` was cut to the
/// segment's rows (the dimension reads it and its column holds the value); the others are
/// whole copies.
pub struct Cut {
    pub tables: Vec<Table>,
    pub filtered: Vec<bool>,
}

impl Cut {
    /// How the files named `sources` (a metric's) met the segment.
    pub fn use_of(&self, sources: &[String]) -> SegmentUse {
        let (mut filtered, mut whole) = (Vec::new(), Vec::new());
        for s in sources {
            let cut = self
                .tables
                .iter()
                .zip(&self.filtered)
                .any(|(t, f)| *f && &t.file == s);
            if cut {
                filtered.push(s.clone());
            } else {
                whole.push(s.clone());
            }
        }
        match (filtered.is_empty(), whole.is_empty()) {
            (false, true) => SegmentUse::All { filtered },
            (false, false) => SegmentUse::Partly { filtered, whole },
            (true, _) => SegmentUse::NotApplicable { whole },
        }
    }
}

/// Applies `segment` to each of `tables` (see [`Cut`]); the kept rows keep their lines.
pub fn apply(tables: &[Table], segment: &Segment) -> Cut {
    let key = normalize(&segment.value);
    let mut out = Vec::with_capacity(tables.len());
    let mut filtered = Vec::with_capacity(tables.len());
    for table in tables {
        let matches: Option<Vec<bool>> = segment.dimension.column(table).and_then(|(_, col)| {
            let m: Vec<bool> = col.dict.iter().map(|l| normalize(l) == key).collect();
            m.contains(&true).then_some(m)
        });
        match (matches, segment.dimension.column(table)) {
            (Some(m), Some((_, col))) => {
                let keep: Vec<usize> = col
                    .codes
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| m.get(**c as usize).copied().unwrap_or(false))
                    .map(|(i, _)| i)
                    .collect();
                out.push(rows_of(table, &keep));
                filtered.push(true);
            }
            _ => {
                out.push(table.clone());
                filtered.push(false);
            }
        }
    }
    Cut {
        tables: out,
        filtered,
    }
}

/// The rows `keep` of `table` (in that order), with their source lines.
fn rows_of(table: &Table, keep: &[usize]) -> Table {
    let mut out = table.clone();
    out.lines = keep
        .iter()
        .filter_map(|&i| table.lines.get(i).copied())
        .collect();
    for (c, src) in out.columns.iter_mut().zip(&table.columns) {
        c.values = match &src.values {
            Values::Text(t) => {
                let mut nt: TextValues = t.clone();
                nt.codes = keep
                    .iter()
                    .map(|&i| t.codes.get(i).copied().unwrap_or(TextValues::NULL))
                    .collect();
                Values::Text(nt)
            }
            Values::Number(v) => Values::Number(keep.iter().map(|&i| v.get(i)).collect()),
            Values::Date(v) => Values::Date(keep.iter().map(|&i| v.get(i)).collect()),
            Values::Bool(v) => Values::Bool(pick(v, keep)),
        };
    }
    out
}

fn pick<T: Copy>(cells: &[Option<T>], keep: &[usize]) -> Vec<Option<T>> {
    keep.iter()
        .map(|&i| cells.get(i).copied().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Query;

    /// The tagged form is written and read back unchanged; a missing field or an unknown tag
    /// is an error that names it.
    #[test]
    fn segment_use_reads_what_it_writes() {
        let uses = [
            SegmentUse::All {
                filtered: vec!["orders.csv".into()],
            },
            SegmentUse::Partly {
                filtered: vec!["orders.csv".into()],
                whole: vec!["tickets.csv".into(), "leads.csv".into()],
            },
            SegmentUse::NotApplicable { whole: vec![] },
        ];
        let json = serde_json::to_string(&uses).unwrap();
        assert_eq!(
            json,
            r#"[{"applies":"all","filtered":["orders.csv"]},{"applies":"partly","filtered":["orders.csv"],"whole":["tickets.csv","leads.csv"]},{"applies":"not_applicable","whole":[]}]"#
        );
        let back: Vec<SegmentUse> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, uses);
        let missing = serde_json::from_str::<SegmentUse>(r#"{"applies":"partly","whole":[]}"#)
            .unwrap_err()
            .to_string();
        assert!(
            missing.contains("missing field `filtered` for applies `partly`"),
            "{missing}"
        );
        let unknown = serde_json::from_str::<SegmentUse>(r#"{"applies":"some","whole":[]}"#)
            .unwrap_err()
            .to_string();
        assert!(unknown.contains("unknown applies `some`"), "{unknown}");
    }
    use crate::settings::Settings;
    use crate::table::text_values;
    use crate::test_support::{assert_close_some, day};

    /// Orders: two Google Ads (one spelled "google ads "), one E-mail, one Direto; 100, 50,
    /// 30, 20. Leads: Google Ads, Email, email. Tickets: email, chat, Email.
    fn files() -> Vec<Table> {
        let orders = Table::new("orders.csv", TableKind::Orders)
            .with_column(
                "date",
                Role::OrderDate,
                Values::Date(
                    vec![
                        day(2025, 1, 5),
                        day(2025, 1, 6),
                        day(2025, 1, 7),
                        day(2025, 1, 8),
                    ]
                    .into(),
                ),
            )
            .with_column(
                "canal",
                Role::Channel,
                text_values(["Google Ads", "google ads ", "E-mail", "Direto"]),
            )
            .with_column(
                "amount",
                Role::Amount,
                Values::Number(vec![Some(100.0), Some(50.0), Some(30.0), Some(20.0)].into()),
            )
            .with_column(
                "customer",
                Role::CustomerId,
                text_values(["a", "b", "c", "d"]),
            );
        let leads = Table::new("leads.csv", TableKind::Leads)
            .with_column(
                "created",
                Role::CreatedAt,
                Values::Date(vec![day(2025, 1, 5), day(2025, 1, 6), day(2025, 1, 7)].into()),
            )
            .with_column(
                "origem",
                Role::Source,
                text_values(["Google Ads", "Email", "email"]),
            )
            .with_column("lead", Role::LeadId, text_values(["l1", "l2", "l3"]));
        let tickets = Table::new("tickets.csv", TableKind::Tickets)
            .with_column(
                "opened",
                Role::CreatedAt,
                Values::Date(vec![day(2025, 1, 5), day(2025, 1, 6), day(2025, 1, 7)].into()),
            )
            .with_column(
                "canal",
                Role::Channel,
                text_values(["email", "chat", "Email"]),
            )
            .with_column("ticket", Role::TicketId, text_values(["t1", "t2", "t3"]));
        vec![orders, leads, tickets]
    }

    fn analyze(segment: &str) -> crate::Report {
        let query = Query {
            segment: Some(Segment::parse(segment).unwrap()),
            ..Query::default()
        };
        crate::metrics::analyze(&files(), &Settings::default(), &query)
    }

    fn metric<'a>(r: &'a crate::Report, id: &str) -> &'a crate::Metric {
        r.metric(id)
            .unwrap_or_else(|| panic!("{id}: {:?}", r.unavailable))
    }

    #[test]
    fn google_ads_filters_orders_and_leads_by_their_columns() {
        let r = analyze("acquisition=Google Ads");
        // Orders 100 + 50 (the "google ads " spelling is the same value); lead l1 only.
        assert_close_some(metric(&r, "sales.revenue").value, 150.0);
        assert_close_some(metric(&r, "attraction.leads_new").value, 1.0);
        assert_eq!(
            metric(&r, "attraction.leads_new").segment,
            Some(SegmentUse::All {
                filtered: vec!["leads.csv".into()]
            })
        );
    }

    #[test]
    fn tickets_are_not_applicable_to_an_acquisition_channel_not_zero() {
        let r = analyze("acquisition=Google Ads");
        let tickets = metric(&r, "service.tickets");
        // The whole data's 3 tickets, said not to be the segment's.
        assert_close_some(tickets.value, 3.0);
        assert_eq!(
            tickets.segment,
            Some(SegmentUse::NotApplicable {
                whole: vec!["tickets.csv".into()]
            })
        );
        assert!(!tickets.segment.as_ref().unwrap().applies());
    }

    #[test]
    fn tickets_are_filtered_by_ticket_channel_with_case_variants_merged() {
        let r = analyze("ticket_channel=EMAIL");
        // t1 "email" + t3 "Email".
        assert_close_some(metric(&r, "service.tickets").value, 2.0);
        assert!(
            metric(&r, "service.tickets")
                .segment
                .as_ref()
                .unwrap()
                .applies()
        );
        // Orders are not read by a ticket channel: revenue is the whole 200, said so.
        assert_close_some(metric(&r, "sales.revenue").value, 200.0);
        assert!(
            !metric(&r, "sales.revenue")
                .segment
                .as_ref()
                .unwrap()
                .applies()
        );
    }

    #[test]
    fn email_and_email_are_one_value_in_the_list_and_in_the_filter() {
        let r = analyze("acquisition=email");
        // Leads l2 "Email" and l3 "email"; no order is "email" ("E-mail" is another label),
        // so orders are read whole and revenue does not apply.
        assert_close_some(metric(&r, "attraction.leads_new").value, 2.0);
        assert!(
            !metric(&r, "sales.revenue")
                .segment
                .as_ref()
                .unwrap()
                .applies()
        );
        let list = values(&files());
        assert_eq!(list.len(), 2);
        let acq = &list[0];
        assert_eq!(acq.dimension, Dimension::Acquisition);
        assert_eq!(
            acq.columns,
            vec![
                ("orders.csv".to_string(), "canal".to_string()),
                ("leads.csv".to_string(), "origem".to_string())
            ]
        );
        let shown: Vec<(&str, u64)> = acq
            .values
            .iter()
            .map(|v| (v.label.as_str(), v.rows))
            .collect();
        // Google Ads: 2 orders + 1 lead, shown as its commonest spelling; Email/email tie,
        // the first in label order.
        assert_eq!(
            shown,
            vec![
                ("Google Ads", 3),
                ("Email", 2),
                ("Direto", 1),
                ("E-mail", 1)
            ]
        );
        let tickets = &list[1];
        assert_eq!(tickets.dimension, Dimension::TicketChannel);
        let shown: Vec<(&str, u64)> = tickets
            .values
            .iter()
            .map(|v| (v.label.as_str(), v.rows))
            .collect();
        assert_eq!(shown, vec![("Email", 2), ("chat", 1)]);
    }

    #[test]
    fn a_segment_parses_with_its_dimension_and_a_bare_value_is_an_acquisition_channel() {
        assert_eq!(
            Segment::parse("ticket_channel= chat ").unwrap(),
            Segment {
                dimension: Dimension::TicketChannel,
                value: "chat".into()
            }
        );
        assert_eq!(
            Segment::parse("Google Ads").unwrap().dimension,
            Dimension::Acquisition
        );
        assert!(Segment::parse("department=Vendas").is_err());
        assert!(Segment::parse("acquisition=  ").is_err());
    }

    #[test]
    fn explain_names_the_segment_and_reads_its_rows_only() {
        let query = Query {
            segment: Some(Segment::parse("acquisition=Google Ads").unwrap()),
            ..Query::default()
        };
        let e = crate::metrics::explain(
            &files(),
            &Settings::default(),
            &query,
            "attraction.leads_new",
            None,
        )
        .unwrap();
        assert_eq!(e.segment, query.segment);
        assert_eq!(e.rows.len(), 1);
        assert_eq!(e.rows[0].line, files()[1].lines[0]);
        assert!(e.segment_use.unwrap().applies());
    }
}
