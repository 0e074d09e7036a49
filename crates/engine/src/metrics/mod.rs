//! One function per metric of METRICS.md, and the driver that turns them into a [`Report`].
//!
//! A metric is a [`Def`]: an id, a unit, a formula, what it needs, and a `compute` function
//! that answers for one [`Scope`] (a date range, maybe narrowed to one channel/agent/...).
//! The driver calls `compute` for the selected range, for each period of the series, for the
//! previous range of equal length and for each breakdown key, and derives intervals,
//! small-sample flags and change significance from the [`Sample`] it returns. So a metric
//! function holds only its formula; everything else is shared.
//!
//! Speed: `Ctx::rows` answers from a per-(table, date column) index sorted by date, so a
//! period's rows are one binary search away and a full series costs about one pass; a
//! breakdown key's rows come from the same index grouped by the key's dictionary code (built
//! once per filter column), so a breakdown row costs its own rows, not a scan of the table.
//! Orders metrics read the packed, date-ordered orders of `sales::prep` and keep
//! per-customer state in vectors indexed by the dense customer key, never in hash maps.
//!
//! Public entry points (the app and the CLI call only these): [`analyze`], [`explain`], [`sql`].

pub mod attraction;
pub mod loyalty;
mod marks;
pub mod sales;
pub mod service;
pub mod subscriptions;
mod twin;

pub use twin::sql;

use crate::error::EngineError;
use crate::period::{self, DateRange, Period, Query};
use crate::report::{
    Breakdown, BreakdownRow, Explanation, Interval, Metric, Point, ProvenanceRow, Report, Stage,
    Unavailable, Unit,
};
use crate::settings::Settings;
use crate::stats;
use crate::table::{Role, Table, TableKind, TextValues, Timestamp};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// Rows of one table that fall in a scope, as row indices in date order.
pub type Rows = Vec<u32>;

/// What a metric is asked about: a date range and an optional `(role, key)` filter
/// (a breakdown row, or the app's segment filter).
#[derive(Debug, Clone, PartialEq)]
pub struct Scope {
    pub range: DateRange,
    pub filter: Option<(Role, String)>,
}

/// The statistical shape of a sampled value, from which the driver derives the interval,
/// the small-sample flag and the significance of a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Sample {
    /// `successes` of `n` (Wilson interval, two-proportion z-test).
    Proportion { successes: u64, n: u64 },
    /// NPS from counts (interval and test as METRICS.md pins them).
    Nps {
        promoters: u64,
        passives: u64,
        detractors: u64,
    },
    /// A mean of `n` observations with standard deviation `sd`.
    Mean { mean: f64, sd: f64, n: u64 },
}

impl Sample {
    pub fn n(&self) -> u64 {
        match *self {
            Sample::Proportion { n, .. } | Sample::Mean { n, .. } => n,
            Sample::Nps {
                promoters,
                passives,
                detractors,
            } => promoters + passives + detractors,
        }
    }

    pub fn interval(&self) -> Option<Interval> {
        match *self {
            Sample::Proportion { successes, n } => stats::wilson(successes, n),
            Sample::Nps {
                promoters,
                passives,
                detractors,
            } => stats::nps(promoters, passives, detractors).map(|(_, iv)| iv),
            Sample::Mean { mean, sd, n } => stats::mean_normal_interval(mean, sd, n),
        }
    }

    /// Whether the change from `previous` to `self` is significant at 95%.
    pub fn differs_from(&self, previous: &Sample) -> Option<bool> {
        match (self, previous) {
            (
                Sample::Proportion {
                    successes: a,
                    n: na,
                },
                Sample::Proportion {
                    successes: b,
                    n: nb,
                },
            ) => stats::proportions_differ(*a, *na, *b, *nb),
            (
                Sample::Nps {
                    promoters: p,
                    passives: q,
                    detractors: d,
                },
                Sample::Nps {
                    promoters: p2,
                    passives: q2,
                    detractors: d2,
                },
            ) => stats::nps_differ((*p, *q, *d), (*p2, *q2, *d2)),
            (
                Sample::Mean {
                    mean: m1,
                    sd: s1,
                    n: n1,
                },
                Sample::Mean {
                    mean: m2,
                    sd: s2,
                    n: n2,
                },
            ) => {
                if *n1 == 0 || *n2 == 0 {
                    return None;
                }
                let se = (s1 * s1 / *n1 as f64 + s2 * s2 / *n2 as f64).sqrt();
                Some(if se == 0.0 {
                    m1 != m2
                } else {
                    ((m1 - m2) / se).abs() > stats::Z95
                })
            }
            _ => None,
        }
    }
}

/// What a metric computes for one scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Computed {
    pub value: Option<f64>,
    /// Set for values computed from a sample (rates, scores, means of answers).
    pub sample: Option<Sample>,
    /// For counts and sums that are not samples: how many rows stand behind the value.
    pub n: Option<u64>,
    pub details: BTreeMap<String, f64>,
    pub table: Option<serde_json::Value>,
    pub currency: Option<String>,
}

impl Computed {
    pub fn value(value: Option<f64>) -> Computed {
        Computed {
            value,
            ..Computed::default()
        }
    }

    /// `successes / n` as a rate with its sample; `None` value when n is 0.
    pub fn proportion(successes: u64, n: u64) -> Computed {
        Computed {
            value: (n > 0).then(|| successes as f64 / n as f64),
            sample: Some(Sample::Proportion { successes, n }),
            ..Computed::default()
        }
    }

    pub fn with_detail(mut self, name: &str, value: f64) -> Computed {
        self.details.insert(name.to_string(), value);
        self
    }
}

/// Why a metric cannot be computed: the input that would enable it.
#[derive(Debug, Clone, PartialEq)]
pub struct Needs(pub String);

pub type ComputeFn = fn(&Ctx<'_>, &Scope) -> Result<Computed, Needs>;
pub type ExplainFn = fn(&Ctx<'_>, &Scope) -> Result<Vec<ProvenanceRow>, Needs>;

/// A metric's definition.
pub struct Def {
    pub id: &'static str,
    pub unit: Unit,
    /// As shown to the user next to the number.
    pub formula: &'static str,
    pub compute: ComputeFn,
    /// Lists the rows behind a value and the rule that included or excluded each.
    pub explain: ExplainFn,
    /// Columns to break the metric down by, where the data has them.
    pub breakdowns: &'static [Role],
    /// Whether the metric has a per-period series (rankings and cohort grids do not).
    pub series: bool,
}

/// Everything a metric function may read: the tables, the settings, the resolved range, and
/// lazily built indexes shared by all metrics of one `analyze` call.
pub struct Ctx<'a> {
    pub tables: &'a [Table],
    pub settings: &'a Settings,
    pub query: &'a Query,
    /// The selected range (the query's, else the data's first to last date).
    pub range: DateRange,
    pub periods: Vec<Period>,
    date_index: RefCell<HashMap<(usize, Role), Rc<DateIndex>>>,
    /// Rows (in row order) grouped by the code of a filter column, per (table, role).
    row_groups: RefCell<HashMap<(usize, Role), Rc<Groups>>>,
    customers: RefCell<Option<Rc<Customers>>>,
    /// Values built once per `analyze` call and shared by metrics (see [`Ctx::memo`]).
    memo: RefCell<HashMap<&'static str, Rc<dyn std::any::Any>>>,
    /// Tables read through `rows`/`all_rows` since the last [`Ctx::take_touched`]: the
    /// sources of a value, found without listing its rows.
    touched: RefCell<Vec<usize>>,
    /// Whether the value being computed reports its `table` (see [`Ctx::wants_table`]).
    table_wanted: std::cell::Cell<bool>,
}

/// Row indices of a table sorted by one date column (rows with no date are left out).
#[derive(Debug)]
pub struct DateIndex {
    pub rows: Vec<u32>,
    pub dates: Vec<Timestamp>,
    /// Positions grouped by the code of a filter column, built when first asked for.
    groups: RefCell<HashMap<Role, Rc<Groups>>>,
}

impl DateIndex {
    fn build(dates: &[Option<Timestamp>]) -> DateIndex {
        let (mut lo, mut hi, mut sorted, mut n) = (Timestamp::MAX, Timestamp::MIN, true, 0usize);
        for d in dates.iter().flatten() {
            sorted &= *d >= hi;
            lo = lo.min(*d);
            hi = hi.max(*d);
            n += 1;
        }
        let mut rows = Vec::with_capacity(n);
        let mut out = Vec::with_capacity(n);
        // Exports are usually already in date order: then there is nothing to sort.
        if sorted {
            for (i, d) in dates.iter().enumerate() {
                if let Some(d) = d {
                    rows.push(i as u32);
                    out.push(*d);
                }
            }
        } else if let Some(span) = hi.checked_sub(lo).and_then(|s| u32::try_from(s).ok()) {
            // Dates within 136 years of each other: a stable radix sort on the offset from
            // the first date. Rows start in ascending order, so equal dates keep row order:
            // the same order as sorting (date, row) pairs.
            let keyed: Vec<u64> = dates
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.map(|d| (((d - lo) as u64) << 32) | i as u64))
                .collect();
            let sorted = radix_sort_by_high_word(keyed, span);
            for v in sorted {
                rows.push(v as u32);
                out.push(lo + (v >> 32) as Timestamp);
            }
        } else {
            let mut pairs: Vec<(Timestamp, u32)> = dates
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.map(|d| (d, i as u32)))
                .collect();
            pairs.sort_unstable();
            rows = pairs.iter().map(|p| p.1).collect();
            out = pairs.iter().map(|p| p.0).collect();
        }
        DateIndex {
            rows,
            dates: out,
            groups: RefCell::new(HashMap::new()),
        }
    }

    /// The positions (into `rows`/`dates`) whose date lies in `range`.
    pub fn positions(&self, range: DateRange) -> std::ops::Range<usize> {
        let lo = self.dates.partition_point(|&d| d < range.start);
        let hi = self.dates.partition_point(|&d| d < range.end).max(lo);
        lo..hi
    }

    /// The rows whose date lies in `range`, in date order.
    pub fn in_range(&self, range: DateRange) -> &[u32] {
        &self.rows[self.positions(range)]
    }

    /// Positions grouped by the code of `col` (the table's column of `role`), built once.
    pub fn groups(&self, role: Role, col: &TextValues) -> Rc<Groups> {
        if let Some(g) = self.groups.borrow().get(&role) {
            return g.clone();
        }
        let g = Rc::new(Groups::build(
            self.rows.iter().map(|&r| col.codes[r as usize]),
            col.dict.len(),
        ));
        self.groups.borrow_mut().insert(role, g.clone());
        g
    }
}

/// A scope's positions in a date index (see [`Ctx::positions`]).
pub enum Positions {
    /// Every position of the range.
    Range(std::ops::Range<usize>),
    /// The positions of the range holding the filter column's code.
    Group(Rc<Groups>, u32, std::ops::Range<usize>),
    /// None: the filter's key never occurs in the table.
    Nothing,
}

impl Positions {
    pub fn for_each(&self, mut f: impl FnMut(usize)) {
        match self {
            Positions::Range(within) => within.clone().for_each(f),
            Positions::Group(groups, code, within) => groups
                .of_within(*code, within.clone())
                .iter()
                .for_each(|&p| f(p as usize)),
            Positions::Nothing => {}
        }
    }
}

/// Sorts values by their high 32 bits (stably, so equal keys keep their order), knowing the
/// keys are at most `max_key`.
fn radix_sort_by_high_word(values: Vec<u64>, max_key: u32) -> Vec<u64> {
    radix_sort_bits(values, 32, 64 - max_key.leading_zeros())
}

/// Sorts values known to be at most `max`.
pub(crate) fn radix_sort(values: Vec<u64>, max: u64) -> Vec<u64> {
    radix_sort_bits(values, 0, u64::BITS - max.leading_zeros())
}

/// Sorts values stably by their bits `from..to`: least-significant-digit radix, 11 bits a
/// pass, only as many passes as the bits need.
fn radix_sort_bits(mut values: Vec<u64>, from: u32, to: u32) -> Vec<u64> {
    const BITS: u32 = 11;
    const MASK: u64 = (1 << BITS) - 1;
    let passes = to.saturating_sub(from).div_ceil(BITS);
    let mut buffer = vec![0u64; values.len()];
    for pass in 0..passes {
        let shift = from + pass * BITS;
        let mut offsets = vec![0usize; (1 << BITS) + 1];
        for v in &values {
            offsets[((v >> shift) & MASK) as usize + 1] += 1;
        }
        for d in 0..(1 << BITS) {
            offsets[d + 1] += offsets[d];
        }
        for v in &values {
            let d = ((v >> shift) & MASK) as usize;
            buffer[offsets[d]] = *v;
            offsets[d] += 1;
        }
        std::mem::swap(&mut values, &mut buffer);
    }
    values
}

/// Items (positions of a date index, or rows) grouped by the dictionary code of a text column
/// (ascending within a code; null cells left out), so that a breakdown row or a filter
/// visits only its own items: `items[offsets[c]..offsets[c + 1]]` hold code `c`.
#[derive(Debug)]
pub struct Groups {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Groups {
    /// Counting sort of item numbers `0..` by their code (`codes` gives item i's code).
    pub(crate) fn build(codes: impl Iterator<Item = u32> + Clone, dict_len: usize) -> Groups {
        let n = dict_len;
        let mut offsets = vec![0u32; n + 1];
        for c in codes.clone() {
            if (c as usize) < n {
                offsets[c as usize + 1] += 1;
            }
        }
        for c in 0..n {
            offsets[c + 1] += offsets[c];
        }
        let mut next = offsets.clone();
        let mut items = vec![0u32; offsets[n] as usize];
        for (i, c) in codes.enumerate() {
            let c = c as usize;
            if c < n {
                items[next[c] as usize] = i as u32;
                next[c] += 1;
            }
        }
        Groups { offsets, items }
    }

    /// Every item, grouped: code `c`'s are `items()[offsets()[c]..offsets()[c + 1]]`.
    pub fn items(&self) -> &[u32] {
        &self.items
    }

    pub fn offsets(&self) -> &[u32] {
        &self.offsets
    }

    /// The items holding `code`.
    pub fn of(&self, code: u32) -> &[u32] {
        let c = code as usize;
        match (self.offsets.get(c), self.offsets.get(c + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The items holding `code` that lie in `within` (items are ascending within a code).
    pub fn of_within(&self, code: u32, within: std::ops::Range<usize>) -> &[u32] {
        let mine = self.of(code);
        let a = mine.partition_point(|&p| (p as usize) < within.start);
        let b = mine.partition_point(|&p| (p as usize) < within.end);
        &mine[a..b.max(a)]
    }
}

/// One customer identity per person across all files: matched by customer id, else by
/// normalised e-mail (trimmed, lower-cased). A row carrying both links the two.
#[derive(Debug, Default)]
pub struct Customers {
    /// `keys[table][row]`: the customer's key, or [`Customers::NONE`].
    pub keys: Vec<Vec<u32>>,
    pub count: u32,
}

/// `s.trim()`, skipping the scan when `s` starts and ends with visible ASCII (nearly every
/// id and e-mail).
fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

/// Whether `s` holds an ASCII capital. Reads every byte without stopping early, which the
/// compiler turns into wide vector compares: on 400k e-mails a byte-at-a-time `any` was a
/// third of building the customer keys.
fn has_ascii_uppercase(s: &str) -> bool {
    s.bytes()
        .fold(false, |found, b| found | b.is_ascii_uppercase())
}

impl Customers {
    pub const NONE: u32 = u32::MAX;

    fn build(tables: &[Table]) -> Customers {
        // The rules, row by row: rows with both an id and an e-mail first (so that the links
        // exist before lookups), then rows with only one. For speed, every distinct id and
        // normalised e-mail is hashed once, into a dense number; rows hold dictionary codes,
        // so the row loops only index small vectors.
        let id_cols: Vec<Option<&TextValues>> =
            tables.iter().map(|t| t.text(Role::CustomerId)).collect();
        let email_cols: Vec<Option<&TextValues>> =
            tables.iter().map(|t| t.text(Role::Email)).collect();
        // The normalised (trimmed, lower-cased) e-mails: borrowed when already normal, else
        // lower-cased into one shared buffer (no allocation per e-mail).
        let mut lowered = String::new();
        let spans: Vec<Vec<Result<&str, (usize, usize)>>> = email_cols
            .iter()
            .map(|c| {
                c.map(|c| {
                    c.dict
                        .iter()
                        .map(|e| {
                            let e = trim(e);
                            let start = lowered.len();
                            if e.is_ascii() {
                                if !has_ascii_uppercase(e) {
                                    return Ok(e);
                                }
                                lowered.push_str(e);
                                if let Some(tail) = lowered.get_mut(start..) {
                                    tail.make_ascii_lowercase();
                                }
                            } else if e.chars().any(char::is_uppercase) {
                                lowered.extend(e.chars().flat_map(char::to_lowercase));
                            } else {
                                return Ok(e);
                            }
                            Err((start, lowered.len()))
                        })
                        .collect()
                })
                .unwrap_or_default()
            })
            .collect();
        let email_norm: Vec<Vec<&str>> = spans
            .iter()
            .map(|t| {
                t.iter()
                    .map(|s| match s {
                        Ok(e) => *e,
                        Err((a, b)) => lowered.get(*a..*b).unwrap_or(""),
                    })
                    .collect()
            })
            .collect();
        // Dictionary code → dense number of the distinct id / e-mail (NONE: empty e-mail).
        // A dictionary holds distinct strings, so when a single file has ids its codes are
        // the numbers and nothing needs hashing.
        let files_with_ids = id_cols.iter().flatten().count();
        let mut id_numbers: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
        let mut distinct_ids = 0usize;
        let id_of_code: Vec<Vec<u32>> = id_cols
            .iter()
            .map(|c| {
                let Some(c) = c else { return Vec::new() };
                if files_with_ids == 1 {
                    distinct_ids = c.dict.len();
                    return (0..c.dict.len() as u32).collect();
                }
                id_numbers.reserve(c.dict.len());
                c.dict
                    .iter()
                    .map(|id| {
                        let n = id_numbers.len() as u32;
                        *id_numbers.entry(id).or_insert(n)
                    })
                    .collect()
            })
            .collect();
        distinct_ids = distinct_ids.max(id_numbers.len());
        // Likewise for e-mails when a single file has them, all already normal (so still
        // distinct): the hashing of every e-mail was a fifth of this function at 400k.
        let files_with_emails = email_cols.iter().flatten().count();
        let verbatim = files_with_emails == 1
            && email_cols.iter().zip(&spans).all(|(c, spans)| {
                c.is_none_or(|c| {
                    c.dict
                        .iter()
                        .zip(spans)
                        .all(|(raw, s)| matches!(s, Ok(e) if e.len() == raw.len()))
                })
            });
        let mut email_numbers: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
        let mut distinct_emails = 0usize;
        let email_of_code: Vec<Vec<u32>> = email_norm
            .iter()
            .map(|norm| {
                if verbatim {
                    distinct_emails = distinct_emails.max(norm.len());
                    return norm
                        .iter()
                        .enumerate()
                        .map(|(code, e)| {
                            if e.is_empty() {
                                Self::NONE
                            } else {
                                code as u32
                            }
                        })
                        .collect();
                }
                email_numbers.reserve(norm.len());
                norm.iter()
                    .map(|e| {
                        if e.is_empty() {
                            return Self::NONE;
                        }
                        let n = email_numbers.len() as u32;
                        *email_numbers.entry(e).or_insert(n)
                    })
                    .collect()
            })
            .collect();
        distinct_emails = distinct_emails.max(email_numbers.len());
        // by_id[id number] / by_email[e-mail number]: the customer key, once set never changed.
        let mut by_id = vec![Self::NONE; distinct_ids];
        let mut by_email = vec![Self::NONE; distinct_emails];
        let mut count = 0u32;
        let mut keys: Vec<Vec<u32>> = tables.iter().map(|t| vec![Self::NONE; t.rows()]).collect();
        let number = |col: Option<&TextValues>, of_code: &[u32], row: usize| {
            col.and_then(|c| of_code.get(c.codes[row] as usize).copied())
                .filter(|&n| n != Self::NONE)
        };
        for pass in 0..2 {
            for t in 0..tables.len() {
                for row in 0..keys[t].len() {
                    if keys[t][row] != Self::NONE {
                        continue;
                    }
                    let id = number(id_cols[t], &id_of_code[t], row);
                    let email = number(email_cols[t], &email_of_code[t], row);
                    let both = id.is_some() && email.is_some();
                    let either = id.is_some() || email.is_some();
                    if !either || (pass == 0) != both {
                        continue;
                    }
                    let id_key = id.map(|i| by_id[i as usize]).filter(|&k| k != Self::NONE);
                    let email_key = email
                        .map(|e| by_email[e as usize])
                        .filter(|&k| k != Self::NONE);
                    let key = match id_key.or(email_key) {
                        Some(k) => k,
                        None => {
                            count += 1;
                            count - 1
                        }
                    };
                    if let (Some(i), None) = (id, id_key) {
                        by_id[i as usize] = key;
                    }
                    if let (Some(e), None) = (email, email_key) {
                        by_email[e as usize] = key;
                    }
                    keys[t][row] = key;
                }
            }
        }
        Customers { keys, count }
    }
}

impl<'a> Ctx<'a> {
    pub fn new(tables: &'a [Table], settings: &'a Settings, query: &'a Query) -> Ctx<'a> {
        let range = resolve_range(tables, query);
        Ctx {
            tables,
            settings,
            query,
            range,
            periods: period::periods(range, query.granularity),
            date_index: RefCell::new(HashMap::new()),
            row_groups: RefCell::new(HashMap::new()),
            customers: RefCell::new(None),
            memo: RefCell::new(HashMap::new()),
            touched: RefCell::new(Vec::new()),
            table_wanted: std::cell::Cell::new(true),
        }
    }

    /// Whether the value being computed will report its `Computed::table`: only the
    /// headline's reaches the report, so a metric whose table costs more than its value
    /// (one JSON row per account, agent...) skips it for the previous range, the series
    /// and the breakdowns. True outside [`run`].
    pub fn wants_table(&self) -> bool {
        self.table_wanted.get()
    }

    /// The whole selected range, with the query's segment filter if any.
    pub fn scope(&self) -> Scope {
        Scope {
            range: self.range,
            filter: self.segment_filter(),
        }
    }

    fn segment_filter(&self) -> Option<(Role, String)> {
        self.query.segment.clone().map(|s| (Role::Segment, s))
    }

    /// Tables of one kind, with their index in `self.tables`.
    pub fn tables_of(&self, kind: TableKind) -> impl Iterator<Item = (usize, &'a Table)> + '_ {
        self.tables
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.kind == kind)
    }

    /// The first table of `kind` having every role in `roles`.
    pub fn table_with(&self, kind: TableKind, roles: &[Role]) -> Option<(usize, &'a Table)> {
        self.tables_of(kind)
            .find(|(_, t)| roles.iter().all(|r| t.column(*r).is_some()))
    }

    /// The date index of `table` on `date_role` (built once per call of `analyze`).
    pub fn date_index(&self, table: usize, date_role: Role) -> Option<Rc<DateIndex>> {
        let key = (table, date_role);
        if let Some(ix) = self.date_index.borrow().get(&key) {
            return Some(ix.clone());
        }
        let dates = self.tables.get(table)?.dates(date_role)?;
        let ix = Rc::new(DateIndex::build(dates));
        self.date_index.borrow_mut().insert(key, ix.clone());
        Some(ix)
    }

    /// Rows of `table` whose `date_role` falls in `scope.range` and that pass its filter.
    /// The filter applies only when the table has the filter's column (a breakdown by
    /// channel does not empty a table that has no channel).
    pub fn rows(&self, table: usize, date_role: Role, scope: &Scope) -> Rows {
        let Some((ix, positions)) = self.positions(table, date_role, scope) else {
            return Vec::new();
        };
        match positions {
            Positions::Range(within) => ix.rows[within].to_vec(),
            Positions::Group(groups, code, within) => groups
                .of_within(code, within)
                .iter()
                .map(|&p| ix.rows[p as usize])
                .collect(),
            Positions::Nothing => Vec::new(),
        }
    }

    /// Where [`Ctx::rows`] of the scope lie in the table's date index, for passes that read
    /// columns kept in date order.
    pub fn positions(
        &self,
        table: usize,
        date_role: Role,
        scope: &Scope,
    ) -> Option<(Rc<DateIndex>, Positions)> {
        self.touch(table);
        let ix = self.date_index(table, date_role)?;
        let within = ix.positions(scope.range);
        let positions = match self.filter_column(table, scope) {
            Some((role, col, code)) => Positions::Group(ix.groups(role, col), code, within),
            None if scope.filter.is_some() && self.filter_applies(table, scope) => {
                Positions::Nothing
            }
            None => Positions::Range(within),
        };
        Some((ix, positions))
    }

    /// All rows of `table` passing the scope's filter, whatever their dates (for stock
    /// metrics, which read start and end dates themselves).
    pub fn all_rows(&self, table: usize, scope: &Scope) -> Rows {
        self.touch(table);
        let n = self.tables.get(table).map_or(0, Table::rows) as u32;
        match self.filter_column(table, scope) {
            Some((role, col, code)) => self.row_groups(table, role, col).of(code).to_vec(),
            None if scope.filter.is_some() && self.filter_applies(table, scope) => Vec::new(),
            None => (0..n).collect(),
        }
    }

    /// The rows of `table` grouped by the code of its `role` column `col` (built once).
    fn row_groups(&self, table: usize, role: Role, col: &TextValues) -> Rc<Groups> {
        let key = (table, role);
        if let Some(g) = self.row_groups.borrow().get(&key) {
            return g.clone();
        }
        let g = Rc::new(Groups::build(col.codes.iter().copied(), col.dict.len()));
        self.row_groups.borrow_mut().insert(key, g.clone());
        g
    }

    /// Records that `table` was read (for the metric's `sources`); `rows`/`all_rows` do it,
    /// metrics reading prepared columns call it themselves.
    pub fn touch(&self, table: usize) {
        let mut touched = self.touched.borrow_mut();
        if !touched.contains(&table) {
            touched.push(table);
        }
    }

    /// The tables read since the last call, in first-read order.
    pub fn take_touched(&self) -> Vec<usize> {
        std::mem::take(&mut *self.touched.borrow_mut())
    }

    /// Runs `build` and returns what it read as well, so that a value kept for later calls
    /// can name its files again when it is served (see [`Ctx::touch_all`]).
    pub fn reading<T>(&self, build: impl FnOnce() -> T) -> (T, Vec<usize>) {
        let outer = std::mem::take(&mut *self.touched.borrow_mut());
        let value = build();
        let read = std::mem::replace(&mut *self.touched.borrow_mut(), outer);
        self.touch_all(&read);
        (value, read)
    }

    /// Records that every table of `read` was read.
    pub fn touch_all(&self, read: &[usize]) {
        for &t in read {
            self.touch(t);
        }
    }

    /// A value built once per `analyze` call and shared by the metrics that need it
    /// (prepared columns, each customer's first order...). `key` names it and must always be
    /// used with the same `T`; `build` may itself call `memo` for other keys.
    pub fn memo<T: 'static>(&self, key: &'static str, build: impl FnOnce() -> T) -> Rc<T> {
        let cached = self.memo.borrow().get(key).cloned();
        if let Some(v) = cached.and_then(|v| v.downcast::<T>().ok()) {
            return v;
        }
        let v = Rc::new(build());
        self.memo.borrow_mut().insert(key, v.clone());
        v
    }

    fn filter_applies(&self, table: usize, scope: &Scope) -> bool {
        match &scope.filter {
            Some((role, _)) => self
                .tables
                .get(table)
                .is_some_and(|t| t.column(*role).is_some()),
            None => false,
        }
    }

    /// The filter's role, column and the code of its key; `None` when there is no filter, the
    /// table lacks the column, or the key never occurs (then `rows` is empty if the column
    /// exists).
    fn filter_column(&self, table: usize, scope: &Scope) -> Option<(Role, &'a TextValues, u32)> {
        let (role, key) = scope.filter.as_ref()?;
        let col = self.tables.get(table)?.text(*role)?;
        let code = col.dict.position(key)?;
        Some((*role, col, code))
    }

    /// Customer keys unified across all tables (built once).
    pub fn customers(&self) -> Rc<Customers> {
        if let Some(c) = self.customers.borrow().as_ref() {
            return c.clone();
        }
        let c = Rc::new(Customers::build(self.tables));
        *self.customers.borrow_mut() = Some(c.clone());
        c
    }
}

/// The query's range, or the data's own first to last date over every date column.
fn resolve_range(tables: &[Table], query: &Query) -> DateRange {
    let (mut lo, mut hi) = (Timestamp::MAX, Timestamp::MIN);
    if query.from.is_none() || query.to.is_none() {
        for t in tables {
            for c in &t.columns {
                if let Some(dates) = c.values.as_dates() {
                    for d in dates.iter().flatten() {
                        lo = lo.min(*d);
                        hi = hi.max(*d);
                    }
                }
            }
        }
    }
    if lo > hi && (query.from.is_none() || query.to.is_none()) {
        // No dates anywhere: an empty range; flows are 0-row, stocks absent. (Checked before
        // converting lo/hi, which are then i64::MAX/MIN and out of chrono's range.)
        let today = query.from.or(query.to).unwrap_or_default();
        return DateRange::days(today, today);
    }
    let from = query.from.unwrap_or_else(|| period::ts_to_date(lo.min(hi)));
    let to = query.to.unwrap_or_else(|| period::ts_to_date(hi.max(lo)));
    DateRange::days(from, to.max(from))
}

/// Every metric, in METRICS.md order. Each stage module contributes its own list.
pub fn catalogue() -> Vec<&'static Def> {
    let mut all: Vec<&'static Def> = Vec::new();
    for stage in [attraction::DEFS, sales::DEFS, service::DEFS, loyalty::DEFS] {
        all.extend(stage.iter());
    }
    all
}

/// Computes every metric the tables allow, over the query's range.
pub fn analyze(tables: &[Table], settings: &Settings, query: &Query) -> Report {
    let ctx = Ctx::new(tables, settings, query);
    let mut report = Report::default();
    for def in catalogue() {
        match run(&ctx, def) {
            Ok(metric) => report.metrics.push(metric),
            Err(Needs(needs)) => report.unavailable.push(Unavailable::new(def.id, needs)),
        }
    }
    report
}

/// Computes one metric with its series, previous value, interval and breakdowns.
pub fn run(ctx: &Ctx<'_>, def: &Def) -> Result<Metric, Needs> {
    let scope = ctx.scope();
    ctx.take_touched();
    let cur = (def.compute)(ctx, &scope)?;
    // The files the headline value read (listing its rows through `explain` would cost a
    // String per row of every metric).
    let mut read = ctx.take_touched();
    read.sort_unstable();
    read.dedup();
    let mut sources: Vec<String> = read
        .iter()
        .filter_map(|&t| ctx.tables.get(t).map(|t| t.file.clone()))
        .collect();
    sources.sort();
    sources.dedup();
    // Only the headline's table is reported (restored when this returns).
    struct TableWanted<'c>(&'c std::cell::Cell<bool>);
    impl Drop for TableWanted<'_> {
        fn drop(&mut self) {
            self.0.set(true);
        }
    }
    ctx.table_wanted.set(false);
    let _restore = TableWanted(&ctx.table_wanted);
    let prev_scope = Scope {
        range: ctx.range.previous(),
        ..scope.clone()
    };
    // A previous range wholly before the data's first date has no data: its value is
    // absent, not the 0 a count over no rows would give.
    let data_start = *ctx.memo("data_start", || {
        resolve_range(ctx.tables, &Query::default()).start
    });
    let prev = (prev_scope.range.end > data_start)
        .then(|| (def.compute)(ctx, &prev_scope).ok())
        .flatten();
    let previous = prev.as_ref().and_then(|p| p.value);
    let change_pct = match (cur.value, previous) {
        (Some(c), Some(p)) if p != 0.0 => Some((c - p) / p.abs()),
        _ => None,
    };
    let change_significant = match (&cur.sample, prev.as_ref().and_then(|p| p.sample.as_ref())) {
        (Some(c), Some(p)) => c.differs_from(p),
        _ => None,
    };
    let series = if def.series {
        ctx.periods
            .iter()
            .map(|p| {
                let c = (def.compute)(
                    ctx,
                    &Scope {
                        range: p.range,
                        ..scope.clone()
                    },
                )
                .ok();
                Point {
                    period: p.label.clone(),
                    start: p.first_day.format("%Y-%m-%d").to_string(),
                    value: c.as_ref().and_then(|c| c.value),
                    n: c.as_ref()
                        .and_then(|c| c.sample.as_ref().map(Sample::n).or(c.n)),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let breakdowns = def
        .breakdowns
        .iter()
        .filter_map(|role| breakdown(ctx, def, &scope, *role, &read))
        .collect();
    let n = cur.sample.as_ref().map(Sample::n).or(cur.n);
    Ok(Metric {
        id: def.id.to_string(),
        stage: Stage::of(def.id).unwrap_or(Stage::Journey),
        unit: def.unit,
        value: cur.value,
        // Files with no currency (no symbol, no currency column): the analyst's setting.
        currency: cur.currency.clone().or_else(|| {
            (def.unit == Unit::Currency)
                .then(|| ctx.settings.currency.clone())
                .flatten()
        }),
        n,
        interval: cur.sample.as_ref().and_then(Sample::interval),
        small_sample: cur
            .sample
            .as_ref()
            .is_some_and(|s| s.n() < stats::SMALL_SAMPLE),
        previous,
        change_pct,
        change_significant,
        series,
        breakdowns,
        details: cur.details,
        table: cur.table,
        formula: def.formula.to_string(),
        sources,
    })
}

/// At most this many keys per breakdown (the most frequent ones).
const MAX_BREAKDOWN_KEYS: usize = 25;

/// The metric by each key of `role`. Offered only when every file the headline read can be
/// split by `role`, by its own column or by the tickets its rows name (survey answers by
/// their ticket's agent, channel, reason): a file without the column would otherwise count
/// whole under every key. Keys are the column's values in those files; keys with no rows
/// behind them are left out.
fn breakdown(
    ctx: &Ctx<'_>,
    def: &Def,
    scope: &Scope,
    role: Role,
    read: &[usize],
) -> Option<Breakdown> {
    if read.is_empty() || !read.iter().all(|&t| splits_by(ctx, t, role)) {
        return None;
    }
    let mut keyed = read.to_vec();
    if read.iter().any(|&t| names_tickets(ctx, t)) {
        keyed.extend(
            ctx.tables_of(TableKind::Tickets)
                .filter(|(_, t)| t.text(Role::TicketId).is_some())
                .map(|(k, _)| k),
        );
    }
    let keys = breakdown_keys(ctx, role, &keyed);
    let rows: Vec<BreakdownRow> = keys
        .iter()
        .filter_map(|key| {
            let s = Scope {
                range: scope.range,
                filter: Some((role, key.clone())),
            };
            let c = (def.compute)(ctx, &s).ok()?;
            let n = c.sample.as_ref().map(Sample::n).or(c.n);
            (c.value.is_some() || n.unwrap_or(0) > 0).then(|| BreakdownRow {
                key: key.clone(),
                value: c.value,
                n,
            })
        })
        .collect();
    (!rows.is_empty()).then(|| Breakdown {
        by: role_id(role),
        rows,
    })
}

/// Whether a file's rows name tickets (a ticket-id column outside the tickets files).
fn names_tickets(ctx: &Ctx<'_>, table: usize) -> bool {
    ctx.tables
        .get(table)
        .is_some_and(|t| t.kind != TableKind::Tickets && t.text(Role::TicketId).is_some())
}

/// Whether a file's rows can be told apart by `role`: its own column, or that of the tickets
/// its rows name.
fn splits_by(ctx: &Ctx<'_>, table: usize, role: Role) -> bool {
    ctx.tables
        .get(table)
        .is_some_and(|t| t.column(role).is_some())
        || (names_tickets(ctx, table)
            && ctx
                .tables_of(TableKind::Tickets)
                .any(|(_, t)| t.text(Role::TicketId).is_some() && t.text(role).is_some()))
}

/// The keys a breakdown by `role` lists: the distinct values of `role` over every table that
/// has it, most frequent first, at most [`MAX_BREAKDOWN_KEYS`]. Counted once per `analyze`
/// call, by dictionary code: one hash lookup per distinct value, not per row.
fn breakdown_keys(ctx: &Ctx<'_>, role: Role, read: &[usize]) -> Rc<Vec<String>> {
    type Cache = RefCell<HashMap<(Role, Vec<usize>), Rc<Vec<String>>>>;
    let cache = ctx.memo("breakdown_keys", Cache::default);
    let cache_key = (role, read.to_vec());
    if let Some(keys) = cache.borrow().get(&cache_key) {
        return keys.clone();
    }
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for t in read.iter().filter_map(|&t| ctx.tables.get(t)) {
        if let Some(col) = t.text(role) {
            let mut by_code = vec![0u64; col.dict.len()];
            for &code in &col.codes {
                if let Some(c) = by_code.get_mut(code as usize) {
                    *c += 1;
                }
            }
            for (k, c) in col.dict.iter().zip(by_code) {
                if c > 0 {
                    *counts.entry(k).or_default() += c;
                }
            }
        }
    }
    let mut keys: Vec<(&str, u64)> = counts.into_iter().collect();
    keys.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let keys: Rc<Vec<String>> = Rc::new(
        keys.into_iter()
            .take(MAX_BREAKDOWN_KEYS)
            .map(|(k, _)| k.to_string())
            .collect(),
    );
    cache.borrow_mut().insert(cache_key, keys.clone());
    keys
}

/// The snake_case id of a role (`Role::LandingPage` → `landing_page`).
pub fn role_id(role: Role) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The rows behind one metric value: over the whole range, or one period of its series
/// (`period` as labelled in the series, e.g. `2025-03`).
pub fn explain(
    tables: &[Table],
    settings: &Settings,
    query: &Query,
    id: &str,
    period: Option<&str>,
) -> Result<Explanation, EngineError> {
    let def = catalogue()
        .into_iter()
        .find(|d| d.id == id)
        .ok_or_else(|| EngineError::UnknownMetric(id.to_string()))?;
    let ctx = Ctx::new(tables, settings, query);
    let mut scope = ctx.scope();
    if let Some(label) = period {
        let (_, range) = period::parse_period(label)?;
        scope.range = range;
    }
    let unavailable = |Needs(needs)| EngineError::Unavailable {
        id: id.to_string(),
        needs,
    };
    let value = (def.compute)(&ctx, &scope).map_err(unavailable)?.value;
    let rows = (def.explain)(&ctx, &scope).map_err(unavailable)?;
    Ok(Explanation {
        id: id.to_string(),
        period: period.map(str::to_string),
        formula: def.formula.to_string(),
        value,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Values, text_values};
    use chrono::NaiveDate;

    fn ts(y: i32, m: u32, d: u32) -> Option<Timestamp> {
        Some(period::date_to_ts(
            NaiveDate::from_ymd_opt(y, m, d).unwrap(),
        ))
    }

    fn orders() -> Table {
        Table::new("orders.csv", TableKind::Orders)
            .with_column(
                "date",
                Role::OrderDate,
                Values::Date(vec![ts(2025, 1, 5), ts(2025, 2, 1), ts(2025, 1, 20), None]),
            )
            .with_column(
                "channel",
                Role::Channel,
                text_values(["web", "app", "web", "web"]),
            )
            .with_column(
                "customer",
                Role::CustomerId,
                text_values(["c1", "", "c2", "c1"]),
            )
            .with_column(
                "email",
                Role::Email,
                text_values(["A@x.com ", "a@x.com", "", ""]),
            )
    }

    #[test]
    fn rows_in_range_sorted_by_date_and_filtered() {
        let tables = [orders()];
        let settings = Settings::default();
        let query = Query::default();
        let ctx = Ctx::new(&tables, &settings, &query);
        // The data's own range: 2025-01-05 ..= 2025-02-01, two monthly periods.
        assert_eq!(ctx.periods.len(), 2);
        let jan = Scope {
            range: ctx.periods[0].range,
            filter: None,
        };
        assert_eq!(ctx.rows(0, Role::OrderDate, &jan), vec![0, 2]);
        let web = Scope {
            range: ctx.range,
            filter: Some((Role::Channel, "web".into())),
        };
        assert_eq!(ctx.rows(0, Role::OrderDate, &web), vec![0, 2]);
        let none = Scope {
            range: ctx.range,
            filter: Some((Role::Channel, "tv".into())),
        };
        assert!(ctx.rows(0, Role::OrderDate, &none).is_empty());
        // A filter on a column the table lacks leaves it whole.
        let agent = Scope {
            range: ctx.range,
            filter: Some((Role::Agent, "ana".into())),
        };
        assert_eq!(ctx.all_rows(0, &agent), vec![0, 1, 2, 3]);
    }

    #[test]
    fn customers_match_by_id_then_email() {
        let tables = [orders()];
        let c = Customers::build(&tables);
        // Row 0 (c1, a@x.com) and row 1 (e-mail only, different case) and row 3 (c1) are one.
        assert_eq!(c.keys[0][0], c.keys[0][1]);
        assert_eq!(c.keys[0][0], c.keys[0][3]);
        assert_ne!(c.keys[0][0], c.keys[0][2]);
        assert_eq!(c.count, 2);
        // A row with neither an id nor an e-mail has no customer.
        let t = Table::new("o.csv", TableKind::Orders)
            .with_column("customer", Role::CustomerId, text_values(["", "c9"]))
            .with_column("email", Role::Email, text_values(["", "c9@x.com"]));
        let c = Customers::build(&[t]);
        assert_eq!(c.keys[0], vec![Customers::NONE, 0]);
        assert_eq!(c.count, 1);
    }

    /// The row-by-row rules of `Customers::build`, without its per-code caches.
    fn customers_reference(tables: &[Table]) -> Vec<Vec<u32>> {
        let mut by_id: HashMap<String, u32> = HashMap::new();
        let mut by_email: HashMap<String, u32> = HashMap::new();
        let mut count = 0u32;
        let mut keys: Vec<Vec<u32>> = tables
            .iter()
            .map(|t| vec![Customers::NONE; t.rows()])
            .collect();
        for pass in 0..2 {
            for (t, table) in tables.iter().enumerate() {
                for (row, slot) in keys[t].iter_mut().enumerate() {
                    if *slot != Customers::NONE {
                        continue;
                    }
                    let id = table
                        .text(Role::CustomerId)
                        .and_then(|c| c.get(row))
                        .map(str::to_string);
                    let email = table
                        .text(Role::Email)
                        .and_then(|c| c.get(row))
                        .map(|e| e.trim().to_lowercase())
                        .filter(|e| !e.is_empty());
                    let mut fresh = || {
                        count += 1;
                        count - 1
                    };
                    *slot = match (pass, id, email) {
                        (0, Some(id), Some(email)) => {
                            let key = match (by_id.get(&id), by_email.get(&email)) {
                                (Some(&k), _) | (None, Some(&k)) => k,
                                (None, None) => fresh(),
                            };
                            by_id.entry(id).or_insert(key);
                            by_email.entry(email).or_insert(key);
                            key
                        }
                        (1, Some(id), None) => *by_id.entry(id).or_insert_with(fresh),
                        (1, None, Some(email)) => *by_email.entry(email).or_insert_with(fresh),
                        _ => continue,
                    };
                }
            }
        }
        keys
    }

    proptest::proptest! {
        #[test]
        fn customers_match_the_row_by_row_rules(
            rows in proptest::collection::vec((0u8..6, 0u8..6, 0u8..3), 0..40),
            split in 0usize..40,
        ) {
            // ids c0..c4 or empty (5); e-mails e0..e4 in three casings or empty.
            let cell = |v: u8, f: &dyn Fn(u8) -> String| if v == 5 { String::new() } else { f(v) };
            let mk = |rows: &[(u8, u8, u8)], name: &str| {
                let ids: Vec<String> = rows.iter().map(|r| cell(r.0, &|v| format!("c{v}"))).collect();
                let emails: Vec<String> = rows
                    .iter()
                    .map(|r| cell(r.1, &|v| match r.2 {
                        0 => format!("e{v}@x.com"),
                        1 => format!(" E{v}@X.com"),
                        _ => format!("E{v}@x.COM "),
                    }))
                    .collect();
                Table::new(name, TableKind::Orders)
                    .with_column("id", Role::CustomerId, text_values(ids.iter().map(String::as_str)))
                    .with_column("email", Role::Email, text_values(emails.iter().map(String::as_str)))
            };
            let split = split.min(rows.len());
            let tables = [mk(&rows[..split], "a.csv"), mk(&rows[split..], "b.csv")];
            proptest::prop_assert_eq!(Customers::build(&tables).keys, customers_reference(&tables));
            // One file alone: ids, and e-mails when all are already normal, skip the hashing.
            let one = [mk(&rows, "one.csv")];
            proptest::prop_assert_eq!(Customers::build(&one).keys, customers_reference(&one));
            let normal: Vec<(u8, u8, u8)> = rows.iter().map(|r| (r.0, r.1, 0)).collect();
            let one = [mk(&normal, "normal.csv")];
            proptest::prop_assert_eq!(Customers::build(&one).keys, customers_reference(&one));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_text_checks_agree_with_the_standard_ones(s in "[ \t\u{a0}\u{3000}a-zA-Z0-9@._é-]{0,12}") {
            proptest::prop_assert_eq!(trim(&s), s.trim());
            proptest::prop_assert_eq!(has_ascii_uppercase(&s), s.bytes().any(|b| b.is_ascii_uppercase()));
        }
    }

    proptest::proptest! {
        #[test]
        fn date_index_orders_rows_as_sorting_date_row_pairs(
            dates in proptest::collection::vec(proptest::option::of(-3i64..3), 0..60),
            scale in proptest::sample::select(vec![1i64, 86_400, 1 << 31, 1 << 40]),
        ) {
            // Scales: seconds, days, spans near and past the radix sort's 32-bit limit.
            let dates: Vec<Option<Timestamp>> =
                dates.iter().map(|d| d.map(|d| 1_700_000_000 + d * scale)).collect();
            let mut pairs: Vec<(Timestamp, u32)> = dates
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.map(|d| (d, i as u32)))
                .collect();
            pairs.sort_unstable();
            let ix = DateIndex::build(&dates);
            proptest::prop_assert_eq!(&ix.rows, &pairs.iter().map(|p| p.1).collect::<Vec<_>>());
            proptest::prop_assert_eq!(&ix.dates, &pairs.iter().map(|p| p.0).collect::<Vec<_>>());
        }
    }

    proptest::proptest! {
        #[test]
        fn radix_sort_sorts_like_the_standard_sort(
            values in proptest::collection::vec(0u64..u64::MAX, 0..200),
            bits in 1u32..=64,
        ) {
            // Values of every width, from one bit to 64 (the widest key the passes meet).
            let values: Vec<u64> = values.iter().map(|v| v >> (64 - bits)).collect();
            let max = values.iter().copied().max().unwrap_or(0);
            let mut expected = values.clone();
            expected.sort_unstable();
            proptest::prop_assert_eq!(radix_sort(values, max), expected);
        }
    }

    #[test]
    fn rows_by_filter_code_in_date_order() {
        // Channel codes: web 0, app 1; row 3 has no date, row 4 no channel.
        let t = Table::new("o.csv", TableKind::Orders)
            .with_column(
                "date",
                Role::OrderDate,
                Values::Date(vec![
                    ts(2025, 3, 1),
                    ts(2025, 1, 1),
                    ts(2025, 2, 1),
                    None,
                    ts(2025, 1, 15),
                    ts(2025, 1, 1),
                ]),
            )
            .with_column(
                "channel",
                Role::Channel,
                text_values(["web", "app", "web", "web", "", "web"]),
            );
        let tables = [t];
        let (settings, query) = (Settings::default(), Query::default());
        let ctx = Ctx::new(&tables, &settings, &query);
        let web = |range| Scope {
            range,
            filter: Some((Role::Channel, "web".into())),
        };
        // In date order (ties by row): 1, 5, 4, 2, 0; web among them: 5, 2, 0.
        assert_eq!(ctx.rows(0, Role::OrderDate, &web(ctx.range)), vec![5, 2, 0]);
        assert_eq!(
            ctx.rows(0, Role::OrderDate, &web(ctx.periods[1].range)),
            vec![2]
        );
        // Whatever the dates: rows in file order.
        assert_eq!(ctx.all_rows(0, &web(ctx.range)), vec![0, 2, 3, 5]);
        let app = Scope {
            range: ctx.range,
            filter: Some((Role::Channel, "app".into())),
        };
        assert_eq!(ctx.all_rows(0, &app), vec![1]);
        assert_eq!(ctx.rows(0, Role::OrderDate, &app), vec![1]);
    }

    #[test]
    fn sample_intervals_and_tests() {
        let s = Sample::Proportion {
            successes: 8,
            n: 10,
        };
        assert!(s.interval().is_some());
        assert_eq!(s.n(), 10);
        let a = Sample::Nps {
            promoters: 50,
            passives: 30,
            detractors: 20,
        };
        assert_eq!(a.differs_from(&a), Some(false));
    }
}
