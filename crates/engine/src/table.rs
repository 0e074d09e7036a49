//! Tables: what ingest produces and what metrics read.
//!
//! A [`Table`] is columnar. Each [`Column`] has a domain [`Role`] (what it means), a
//! [`ValueType`] (how its cells were parsed) and typed [`Values`]. Ingest decides roles and
//! types once per column, by scanning the header and the values; metrics never parse text.
//!
//! Invariants (also in ARCHITECTURE.md):
//! - every column holds exactly `table.rows()` values, and `table.lines[i]` is the 1-based
//!   line in the source file where row `i` starts (for provenance and error messages);
//! - a cell that is empty or could not be read in an optional column is `None`, never 0;
//! - dates are [`Timestamp`]s: seconds since 1970-01-01 00:00 of the data's own wall clock
//!   (an offset such as `-0300` is dropped after parsing, so periods follow the data's dates);
//! - duration roles (`*Hours`) hold hours, whatever unit the file used;
//! - rates and shares are fractions, amounts are in the file's currency (see `Table::currency`).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

mod cells;
pub use cells::{Cells, Packed, PackedOption};

/// A number column's cells (8 bytes each, [`Cells`]).
pub type Numbers = Cells<f64>;
/// A date column's cells (8 bytes each, [`Cells`]).
pub type Dates = Cells<Timestamp>;

/// Seconds since 1970-01-01T00:00:00 in the data's own wall clock (no time zone).
pub type Timestamp = i64;

/// What a whole file is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    Orders,
    Subscriptions,
    Tickets,
    SurveyResponses,
    Leads,
    Sessions,
    MarketingSpend,
    Events,
    Reviews,
    ArticleViews,
    Chats,
    SocialInteractions,
    EmployeeSurvey,
    AgentShifts,
    Unknown,
}

impl TableKind {
    pub const ALL: [TableKind; 15] = [
        TableKind::Orders,
        TableKind::Subscriptions,
        TableKind::Tickets,
        TableKind::SurveyResponses,
        TableKind::Leads,
        TableKind::Sessions,
        TableKind::MarketingSpend,
        TableKind::Events,
        TableKind::Reviews,
        TableKind::ArticleViews,
        TableKind::Chats,
        TableKind::SocialInteractions,
        TableKind::EmployeeSurvey,
        TableKind::AgentShifts,
        TableKind::Unknown,
    ];

    /// The snake_case id used in JSON, mapping files and the UI.
    pub fn id(self) -> &'static str {
        match self {
            TableKind::Orders => "orders",
            TableKind::Subscriptions => "subscriptions",
            TableKind::Tickets => "tickets",
            TableKind::SurveyResponses => "survey_responses",
            TableKind::Leads => "leads",
            TableKind::Sessions => "sessions",
            TableKind::MarketingSpend => "marketing_spend",
            TableKind::Events => "events",
            TableKind::Reviews => "reviews",
            TableKind::ArticleViews => "article_views",
            TableKind::Chats => "chats",
            TableKind::SocialInteractions => "social_interactions",
            TableKind::EmployeeSurvey => "employee_survey",
            TableKind::AgentShifts => "agent_shifts",
            TableKind::Unknown => "unknown",
        }
    }

    pub fn from_id(id: &str) -> Option<TableKind> {
        TableKind::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// What a column means in the customer journey.
///
/// Ingest assigns at most one column per role in a table (the most confident one); other
/// candidates keep `role: None` and are still listed with their reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    // identity
    CustomerId,
    Email,
    Name,
    // orders and money
    OrderId,
    OrderDate,
    Amount,
    Currency,
    Status,
    OrderType,
    Quantity,
    /// The price of one unit (a subscription's per-seat amount, a line item's unit price):
    /// the line's amount is this times the quantity.
    UnitPrice,
    Product,
    Cost,
    Margin,
    Discount,
    // attraction
    LeadId,
    Channel,
    Source,
    Medium,
    Campaign,
    LandingPage,
    Referrer,
    Converted,
    ConvertedAt,
    VisitorId,
    /// One person inside a customer account (B2B products: the account is the customer id,
    /// its users sign in with their own ids); licence utilisation counts these.
    UserId,
    SessionId,
    SessionDuration,
    Pageviews,
    /// Aggregated traffic exports (GA4): sessions, users and key events counted per row.
    Sessions,
    Visitors,
    Conversions,
    Reactions,
    Comments,
    Shares,
    DirectMessages,
    Spend,
    // subscriptions
    SubscriptionId,
    Plan,
    Interval,
    Mrr,
    StartedAt,
    EndedAt,
    /// When a subscription's free trial ends: it pays from then, not from its start
    /// (Stripe's `Trial End`, docs/vendors.md).
    TrialEnd,
    Seats,
    /// How many `Interval`s one billing period spans (Stripe's `interval_count`: month × 3 is
    /// quarterly).
    IntervalCount,
    // service
    TicketId,
    CreatedAt,
    FirstResponseAt,
    ResolvedAt,
    FirstResponseHours,
    ResolutionHours,
    HandleHours,
    Agent,
    Reason,
    SlaDue,
    SlaBreached,
    BotHandled,
    Transferred,
    Helpful,
    Article,
    Views,
    LoggedHours,
    PauseHours,
    ContactsHandled,
    SuccessfulContacts,
    // surveys and reviews
    SurveyKind,
    Question,
    Score,
    /// One survey answer's id (a response may span several long-format rows).
    ResponseId,
    /// Per-row scale bounds of a long-format survey export (Jornada's widget CSV).
    ScaleMin,
    ScaleMax,
    Rating,
    Comment,
    RespondedAt,
    // events and generic
    EventName,
    EventAt,
    Segment,
    Date,
}

/// How a column's cells were parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    Text,
    Number,
    Date,
    Bool,
    /// Text whose distinct values are classified by [`crate::ingest::classify_status`].
    Status,
}

/// The journey-relevant class of an order or subscription status word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Completed,
    Abandoned,
    Cancelled,
    Refunded,
    Pending,
    Other,
}

/// Which classic survey question a score answers, and on what scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyKind {
    Nps,
    Csat,
    Ces,
    Enps,
}

impl SurveyKind {
    pub fn id(self) -> &'static str {
        match self {
            SurveyKind::Nps => "nps",
            SurveyKind::Csat => "csat",
            SurveyKind::Ces => "ces",
            SurveyKind::Enps => "enps",
        }
    }

    pub fn from_id(id: &str) -> Option<SurveyKind> {
        match id.trim().to_ascii_lowercase().as_str() {
            "nps" => Some(SurveyKind::Nps),
            "csat" => Some(SurveyKind::Csat),
            "ces" => Some(SurveyKind::Ces),
            "enps" => Some(SurveyKind::Enps),
            _ => None,
        }
    }
}

/// A score column's question: its kind and its scale (inclusive bounds).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SurveyQuestion {
    pub kind: SurveyKind,
    pub min: f64,
    pub max: f64,
}

/// The distinct texts of a text column, numbered from 0 in order of first appearance.
///
/// The texts are stored end to end in one buffer. A 1M-row orders file has about two million
/// distinct ids and e-mails; one allocation per text made `malloc` and `free` a tenth of
/// ingest's instructions, and the allocator's headers 15% of the whole sample's memory.
///
/// Where each text ends is kept as runs of texts of one length while there are few of them:
/// the ids of an id column mostly share a width (`1000000`…`9999999`, UUIDs), so a column
/// of 10M order ids needs two runs instead of 10M ends (80 MB natively, 40 MB in wasm).
/// Past [`Dict::MAX_RUNS`] runs the ends are listed one per text.
#[derive(Debug, Clone, Default)]
pub struct Dict {
    text: String,
    /// Where each text ends in `text` (text `i` starts where text `i - 1` ends); empty
    /// while `runs` describes the texts.
    ends: Vec<usize>,
    /// While `ends` is unused: the texts as runs of one length, in code order.
    runs: Vec<Run>,
    /// Texts held.
    count: usize,
}

/// Texts of one length, from code `first` on, the first starting at byte `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    first: usize,
    start: usize,
    len: usize,
}

impl PartialEq for Dict {
    /// The same texts in the same order, however they are stored.
    fn eq(&self, other: &Dict) -> bool {
        self.count == other.count && self.iter().eq(other.iter())
    }
}

impl Eq for Dict {}

impl Dict {
    /// Runs kept before the ends are listed one per text.
    pub const MAX_RUNS: usize = 16;

    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Where text number `code` starts and ends in `text`, if there is one.
    fn bounds(&self, code: usize) -> Option<(usize, usize)> {
        if code >= self.count {
            return None;
        }
        if self.runs.is_empty() {
            let end = *self.ends.get(code)?;
            let start = if code == 0 { 0 } else { self.ends[code - 1] };
            return Some((start, end));
        }
        let r = self.runs[self
            .runs
            .partition_point(|r| r.first <= code)
            .checked_sub(1)?];
        let start = r.start + (code - r.first) * r.len;
        Some((start, start + r.len))
    }

    /// Text number `code`, if there is one.
    pub fn get(&self, code: usize) -> Option<&str> {
        let (start, end) = self.bounds(code)?;
        self.text.get(start..end)
    }

    pub fn last(&self) -> Option<&str> {
        self.len().checked_sub(1).and_then(|c| self.get(c))
    }

    /// Appends a text; its code is the previous `len()`.
    pub fn push(&mut self, s: &str) {
        let start = self.text.len();
        self.text.push_str(s);
        if self.runs.is_empty() && self.count > 0 {
            self.ends.push(self.text.len());
        } else if self.runs.last().is_none_or(|r| r.len != s.len()) {
            if self.runs.len() == Self::MAX_RUNS {
                self.list_ends();
                self.ends.push(self.text.len());
            } else {
                self.runs.push(Run {
                    first: self.count,
                    start,
                    len: s.len(),
                });
            }
        }
        self.count += 1;
    }

    /// Leaves runs for one end per text (the texts so far, without the one being pushed).
    fn list_ends(&mut self) {
        let ends: Vec<usize> = (0..self.count)
            .filter_map(|c| self.bounds(c).map(|(_, e)| e))
            .collect();
        self.ends = ends;
        self.runs = Vec::new();
    }

    /// The texts in code order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + Clone {
        (0..self.count).map(move |i| self.get(i).unwrap_or(""))
    }

    /// Bytes of all texts together.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Makes room for `texts` more texts of `bytes` bytes in all, so that a large
    /// dictionary (an id column) is allocated once instead of doubling, which left up to half
    /// of it unused and, in wasm, each old copy behind in the memory.
    pub fn reserve(&mut self, texts: usize, bytes: usize) {
        if self.runs.is_empty() && self.count > 0 {
            self.ends.reserve(texts);
        }
        self.text.reserve(bytes);
    }

    /// Gives back the room no text uses.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.runs.shrink_to_fit();
    }

    /// Bytes this dictionary holds on the heap (its buffers' capacities).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.ends.capacity() * size_of::<usize>()
            + self.runs.capacity() * size_of::<Run>()
    }

    /// The code of `s`, by a linear search: for a one-off lookup of a key the user picked.
    pub fn position(&self, s: &str) -> Option<u32> {
        self.iter()
            .position(|t| t == s)
            .and_then(|i| u32::try_from(i).ok())
    }
}

impl std::ops::Index<usize> for Dict {
    type Output = str;

    /// Text number `code`; panics if there is none, like a slice (codes come from the column).
    fn index(&self, code: usize) -> &str {
        match self.get(code) {
            Some(t) => t,
            None => panic!("text {code} of a dictionary of {}", self.count),
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for Dict {
    fn from_iter<I: IntoIterator<Item = S>>(texts: I) -> Self {
        let mut d = Dict::new();
        for t in texts {
            d.push(t.as_ref());
        }
        d
    }
}

/// Dictionary-encoded text: each row holds a code into `dict`, or [`TextValues::NULL`].
///
/// Keys repeat (customers, statuses, channels), so metrics hash small integer codes, and
/// classify each distinct value once instead of once per row.
#[derive(Debug, Clone, Default)]
pub struct TextValues {
    pub codes: Vec<u32>,
    pub dict: Dict,
    index: HashMap<Box<str>, u32>,
}

impl TextValues {
    pub const NULL: u32 = u32::MAX;

    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a cell; empty (after trimming) becomes null.
    pub fn push(&mut self, cell: &str) {
        let cell = cell.trim();
        if cell.is_empty() {
            self.codes.push(Self::NULL);
            return;
        }
        let code = self.intern(cell);
        self.codes.push(code);
    }

    pub fn push_null(&mut self) {
        self.codes.push(Self::NULL);
    }

    /// Builds a column from codes and their dictionary (ingest interns with its own faster
    /// table); the lookup index is rebuilt on the first [`TextValues::intern`].
    pub fn from_parts(codes: Vec<u32>, dict: Dict) -> Self {
        TextValues {
            codes,
            dict,
            index: HashMap::new(),
        }
    }

    /// The code for `s`, adding it to the dictionary if new.
    pub fn intern(&mut self, s: &str) -> u32 {
        if self.index.len() != self.dict.len() {
            self.index = (0u32..)
                .zip(self.dict.iter())
                .map(|(code, text)| (Box::from(text), code))
                .collect();
        }
        if let Some(&code) = self.index.get(s) {
            return code;
        }
        let code = u32::try_from(self.dict.len()).unwrap_or(Self::NULL - 1);
        self.dict.push(s);
        self.index.insert(s.into(), code);
        code
    }

    /// Bytes this column holds on the heap: codes, dictionary and lookup index (the index
    /// counted at its entries' size only).
    pub fn heap_bytes(&self) -> usize {
        self.codes.capacity() * size_of::<u32>()
            + self.dict.heap_bytes()
            + self.index.capacity() * (size_of::<Box<str>>() + size_of::<u32>())
    }

    pub fn get(&self, row: usize) -> Option<&str> {
        match self.codes.get(row) {
            Some(&c) if c != Self::NULL => self.dict.get(c as usize),
            _ => None,
        }
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// A column's parsed cells.
#[derive(Debug, Clone)]
pub enum Values {
    Text(TextValues),
    Number(Numbers),
    Date(Dates),
    Bool(Vec<Option<bool>>),
}

impl Values {
    pub fn len(&self) -> usize {
        match self {
            Values::Text(t) => t.len(),
            Values::Number(v) => v.len(),
            Values::Date(v) => v.len(),
            Values::Bool(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn as_text(&self) -> Option<&TextValues> {
        match self {
            Values::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn as_numbers(&self) -> Option<&Numbers> {
        match self {
            Values::Number(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_dates(&self) -> Option<&Dates> {
        match self {
            Values::Date(v) => Some(v),
            _ => None,
        }
    }

    pub fn as_bools(&self) -> Option<&[Option<bool>]> {
        match self {
            Values::Bool(v) => Some(v),
            _ => None,
        }
    }
}

/// One column: header, inferred meaning, and cells.
#[derive(Debug, Clone)]
pub struct Column {
    /// The header as written in the file.
    pub name: String,
    pub role: Option<Role>,
    pub ty: ValueType,
    /// 0..=1: how sure ingest is of `role` and `ty`.
    pub confidence: f32,
    /// One line saying why, e.g. `header "Valor total" names an amount; 99% of values parse as pt-BR numbers`.
    pub reason: String,
    /// `reason` as parts a front end can translate ([`crate::why`]).
    pub why: Vec<crate::why::Why>,
    /// For score columns of wide survey exports: which question, on what scale.
    pub question: Option<SurveyQuestion>,
    pub values: Values,
}

/// A row ingest could not use, with its source line and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reject {
    pub line: u32,
    /// Made from `why` by [`crate::why::english_line`].
    pub reason: String,
    /// `reason` as one part a front end can translate (a `reject.*` key of [`crate::why`]).
    #[serde(default)]
    pub why: crate::why::Why,
}

/// One file, read.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file name the user gave (no directories), used in every message.
    pub file: String,
    pub kind: TableKind,
    pub kind_confidence: f32,
    pub kind_reason: String,
    /// `kind_reason` as parts a front end can translate ([`crate::why`]).
    pub kind_why: Vec<crate::why::Why>,
    /// The vendor export recognised, e.g. `shopify_orders`, if any.
    pub vendor: Option<String>,
    /// ISO 4217 code when the file states or implies one (`R$` → BRL); `None` if unknown.
    pub currency: Option<String>,
    pub columns: Vec<Column>,
    /// `lines[i]`: the 1-based source line where row `i` starts.
    pub lines: Vec<u32>,
    pub rejects: Vec<Reject>,
    /// Warnings that are not row rejects (e.g. an ambiguous date column), for the mapping review.
    pub warnings: Vec<String>,
    /// `warnings` as parts a front end can translate, one each, in the same order
    /// (`warnings[i]` is `why::english_line(&warnings_why[i])`).
    pub warnings_why: Vec<crate::why::Why>,
}

impl Table {
    /// An empty table of the given kind; used by ingest and by tests that build tables by hand.
    pub fn new(file: impl Into<String>, kind: TableKind) -> Self {
        Table {
            file: file.into(),
            kind,
            kind_confidence: 1.0,
            kind_reason: String::new(),
            kind_why: Vec::new(),
            vendor: None,
            currency: None,
            columns: Vec::new(),
            lines: Vec::new(),
            rejects: Vec::new(),
            warnings: Vec::new(),
            warnings_why: Vec::new(),
        }
    }

    pub fn rows(&self) -> usize {
        self.lines.len()
    }

    /// The column playing `role`, if any.
    pub fn column(&self, role: Role) -> Option<&Column> {
        self.columns.iter().find(|c| c.role == Some(role))
    }

    /// Score columns of a wide survey export, each with its question kind and scale. (These
    /// are the one exception to "one column per role": every question column has
    /// `role: Some(Role::Score)` and `question: Some(..)`.)
    pub fn question_columns(&self) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .filter(|c| c.role == Some(Role::Score) && c.question.is_some())
    }

    pub fn text(&self, role: Role) -> Option<&TextValues> {
        self.column(role).and_then(|c| c.values.as_text())
    }

    pub fn numbers(&self, role: Role) -> Option<&Numbers> {
        self.column(role).and_then(|c| c.values.as_numbers())
    }

    pub fn dates(&self, role: Role) -> Option<&Dates> {
        self.column(role).and_then(|c| c.values.as_dates())
    }

    pub fn bools(&self, role: Role) -> Option<&[Option<bool>]> {
        self.column(role).and_then(|c| c.values.as_bools())
    }

    /// Adds a column built by hand (tests, the sample generator). Its length must match the
    /// other columns; `lines` is filled with 2, 3, ... (line 1 being the header) if empty.
    pub fn with_column(mut self, name: &str, role: Role, values: Values) -> Self {
        let ty = match &values {
            Values::Text(_) if role == Role::Status => ValueType::Status,
            Values::Text(_) => ValueType::Text,
            Values::Number(_) => ValueType::Number,
            Values::Date(_) => ValueType::Date,
            Values::Bool(_) => ValueType::Bool,
        };
        if self.lines.is_empty() {
            self.lines = (0..values.len()).map(|i| i as u32 + 2).collect();
        }
        debug_assert_eq!(
            values.len(),
            self.lines.len(),
            "column {name} has the wrong length"
        );
        self.columns.push(Column {
            name: name.to_string(),
            role: Some(role),
            ty,
            confidence: 1.0,
            reason: "set by hand".to_string(),
            why: Vec::new(),
            question: None,
            values,
        });
        self
    }
}

/// Builds a text column from string cells (empty cells become null). For tests and samples.
pub fn text_values<'a>(cells: impl IntoIterator<Item = &'a str>) -> Values {
    let mut t = TextValues::new();
    for c in cells {
        t.push(c);
    }
    Values::Text(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_intern_and_null() {
        let Values::Text(t) = text_values(["a", "b", "", "a"]) else {
            unreachable!()
        };
        assert_eq!(t.dict.len(), 2);
        assert_eq!(t.get(0), Some("a"));
        assert_eq!(t.get(2), None);
        assert_eq!(t.codes[0], t.codes[3]);
    }

    #[test]
    fn dict_keeps_texts_apart_and_in_order() {
        let d: Dict = ["ab", "", "çã", "x"].into_iter().collect();
        assert_eq!(d.len(), 4);
        assert_eq!(d.get(0), Some("ab"));
        assert_eq!(d.get(1), Some(""));
        assert_eq!(&d[2], "çã");
        assert_eq!(d.get(4), None);
        assert_eq!(d.last(), Some("x"));
        assert_eq!(d.iter().collect::<Vec<_>>(), ["ab", "", "çã", "x"]);
        assert_eq!(d.iter().next_back(), Some("x"));
        assert_eq!(d.iter().len(), 4);
        assert_eq!(d.position("çã"), Some(2));
        assert_eq!(d.position("a"), None);
        assert!(Dict::new().iter().next().is_none() && Dict::new().last().is_none());
    }

    #[test]
    fn dict_keeps_ids_of_one_width_as_runs_and_lists_ends_past_the_runs() {
        // Ids of two widths (a 7-digit run, then 8 digits) and an empty text: four runs.
        let ids: Vec<String> = (9_999_990..10_000_010)
            .map(|n: u64| n.to_string())
            .chain(["".to_string(), "x".to_string()])
            .collect();
        let d: Dict = ids.iter().collect();
        assert_eq!(d.runs.len(), 4);
        assert!(d.ends.is_empty());
        assert_eq!(d.len(), ids.len());
        assert_eq!(d.iter().collect::<Vec<_>>(), ids);
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(d.get(i), Some(id.as_str()));
            assert_eq!(&d[i], id);
        }
        assert_eq!(d.get(ids.len()), None);
        assert_eq!(d.iter().next_back(), Some("x"));
        // Texts of many lengths: past MAX_RUNS the ends are listed, the texts unchanged.
        let words: Vec<String> = (0..100).map(|n| "a".repeat(n % 37)).collect();
        let mut w = Dict::new();
        for (i, t) in words.iter().enumerate() {
            w.push(t);
            assert_eq!(w.last(), Some(t.as_str()));
            assert_eq!(w.iter().collect::<Vec<_>>(), words[..=i]);
        }
        assert!(w.runs.is_empty() && w.ends.len() == words.len());
        // Equal whatever the storage.
        let listed: Dict = words.iter().collect();
        let mut runs = Dict::new();
        for t in ["ab", "cd"] {
            runs.push(t);
        }
        let mut ends = Dict::new();
        for t in ["x", "yz", "abc"].iter().cycle().take(3 * Dict::MAX_RUNS) {
            ends.push(t);
        }
        assert_eq!(listed, w);
        assert_ne!(runs, ends);
        assert_eq!(runs, ["ab", "cd"].into_iter().collect::<Dict>());
    }

    #[test]
    fn table_by_hand_gets_lines_after_header() {
        let t = Table::new("o.csv", TableKind::Orders).with_column(
            "amount",
            Role::Amount,
            Values::Number(vec![Some(1.0), None].into()),
        );
        assert_eq!(t.lines, vec![2, 3]);
        assert_eq!(t.numbers(Role::Amount).map(|v| v.len()), Some(2));
        assert!(t.column(Role::Status).is_none());
    }

    #[test]
    fn kind_ids_round_trip() {
        for k in TableKind::ALL {
            assert_eq!(TableKind::from_id(k.id()), Some(k));
        }
    }
}
