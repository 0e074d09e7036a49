//! The metrics toolkit: what every stage shares. Per-row verdicts and provenance, the date
//! column a table is read by, status classes, filters that must reach a file, cell access,
//! people keys and small statistics.

use crate::business_hours::Calendar;
use crate::metrics::{Ctx, Customers, Need, Scope, role_id};
use crate::period::DateRange;
use crate::report::ProvenanceRow;
use crate::table::{Role, Status, Table, TableKind, TextValues, Timestamp};

/// Why one row did or did not count, kept cheap (a static rule) so that `compute` and
/// `explain` share the same row walk.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub table: usize,
    pub row: u32,
    pub included: bool,
    pub rule: &'static str,
    pub value: Option<f64>,
}

impl Verdict {
    pub fn new(table: usize, row: u32, included: bool, rule: &'static str) -> Verdict {
        Verdict {
            table,
            row,
            included,
            rule,
            value: None,
        }
    }

    pub fn with(mut self, value: f64) -> Verdict {
        self.value = Some(value);
        self
    }
}

/// Verdicts as provenance rows (file, line, rule, value).
pub fn provenance(ctx: &Ctx<'_>, verdicts: &[Verdict]) -> Vec<ProvenanceRow> {
    verdicts
        .iter()
        .filter_map(|v| {
            let t = ctx.tables.get(v.table)?;
            Some(provenance_row(
                t,
                v.row,
                v.included,
                v.rule.to_string(),
                v.value,
            ))
        })
        .collect()
}

/// The provenance row of row `row` of `table`: its file and source line, whether it counted,
/// the rule applied and the value it gave.
pub fn provenance_row(
    table: &Table,
    row: u32,
    included: bool,
    rule: String,
    value: Option<f64>,
) -> ProvenanceRow {
    ProvenanceRow {
        file: table.file.clone(),
        line: table.lines.get(row as usize).copied().unwrap_or(0),
        included,
        rule,
        value,
        step: None,
        why: None,
    }
}

/// The date columns a table of `kind` is read by, best first. The canonical export
/// (`crate::canonical`) writes the chosen one as its `at` column, so that the DuckDB twins
/// see the same dates.
pub fn kind_dates(kind: TableKind) -> &'static [Role] {
    match kind {
        TableKind::Orders => &[Role::OrderDate, Role::Date, Role::CreatedAt],
        TableKind::Subscriptions => &[Role::StartedAt, Role::Date, Role::CreatedAt],
        TableKind::Leads => &[Role::CreatedAt, Role::Date, Role::EventAt],
        TableKind::Sessions => &[Role::Date, Role::StartedAt, Role::CreatedAt, Role::EventAt],
        TableKind::MarketingSpend => &[Role::Date, Role::StartedAt, Role::CreatedAt],
        TableKind::Chats => &[Role::CreatedAt, Role::Date, Role::StartedAt, Role::EventAt],
        TableKind::SocialInteractions => &[Role::Date, Role::CreatedAt, Role::EventAt],
        TableKind::Tickets => &[Role::CreatedAt, Role::Date],
        TableKind::SurveyResponses | TableKind::EmployeeSurvey | TableKind::Reviews => {
            &[Role::RespondedAt, Role::Date, Role::CreatedAt]
        }
        TableKind::Events | TableKind::ArticleViews => {
            &[Role::EventAt, Role::Date, Role::CreatedAt]
        }
        TableKind::AgentShifts => &[Role::Date, Role::StartedAt],
        TableKind::Unknown => &[Role::Date, Role::CreatedAt, Role::EventAt],
    }
}

/// The date column a table is read by, if it has one of its kind's date columns.
pub fn table_date(t: &Table) -> Option<Role> {
    kind_dates(t.kind)
        .iter()
        .copied()
        .find(|r| t.dates(*r).is_some())
}

/// Tables of `kinds` with a date column, with the column chosen by [`table_date`].
pub fn dated_tables<'a>(
    ctx: &'a Ctx<'a>,
    kinds: &'a [TableKind],
) -> impl Iterator<Item = (usize, &'a Table, Role)> + 'a {
    ctx.tables
        .iter()
        .enumerate()
        .filter(move |(_, t)| kinds.contains(&t.kind))
        .filter_map(move |(i, t)| table_date(t).map(|r| (i, t, r)))
}

/// The status class of each dictionary entry of a status column (classified once), or
/// `None` when the table has no status column (then every row counts as completed).
pub fn status_classes(ctx: &Ctx<'_>, t: &Table) -> Option<Vec<Status>> {
    let col = t.text(Role::Status)?;
    Some(
        col.dict
            .iter()
            .map(|w| ctx.settings.status_class(w))
            .collect(),
    )
}

/// A row's status class (Completed when the table has no status column; Other when empty).
pub fn row_status(t: &Table, classes: Option<&[Status]>, row: u32) -> Status {
    match (t.text(Role::Status), classes) {
        (Some(col), Some(classes)) => match col.codes.get(row as usize) {
            Some(&c) if c != TextValues::NULL => {
                classes.get(c as usize).copied().unwrap_or(Status::Other)
            }
            _ => Status::Other,
        },
        _ => Status::Completed,
    }
}

/// A row → status-class lookup with the status column found once (for hot loops over big
/// tables; [`row_status`] looks the column up on every call).
pub fn status_of<'t>(t: &'t Table, classes: Option<&'t [Status]>) -> impl Fn(u32) -> Status + 't {
    let col = t.text(Role::Status).filter(|_| classes.is_some());
    move |row| match (col, classes) {
        (Some(col), Some(classes)) => match col.codes.get(row as usize) {
            Some(&c) if c != TextValues::NULL => {
                classes.get(c as usize).copied().unwrap_or(Status::Other)
            }
            _ => Status::Other,
        },
        _ => Status::Completed,
    }
}

/// The rule text for a status class that is not revenue.
pub fn status_rule(s: Status) -> &'static str {
    match s {
        Status::Completed => "included: status completed",
        Status::Abandoned => "excluded: status abandoned",
        Status::Cancelled => "excluded: status cancelled",
        Status::Refunded => "excluded: status refunded",
        Status::Pending => "excluded: status pending",
        Status::Other => "excluded: status not a completed sale",
    }
}

/// The business calendar of the settings, if any; a bad calendar is reported, not ignored.
pub fn calendar(ctx: &Ctx<'_>) -> Result<Option<Calendar>, Need> {
    match &ctx.settings.business_calendar {
        None => Ok(None),
        Some(c) => Calendar::new(c)
            .map(Some)
            .map_err(|e| Need::new("settings.calendar", [e.to_string()])),
    }
}

/// Hours from `from` to `to`: working hours when a calendar is set, else wall-clock hours.
pub fn elapsed_hours(cal: Option<&Calendar>, from: Timestamp, to: Timestamp) -> f64 {
    match cal {
        Some(c) => c.working_hours(from, to),
        None => (to - from) as f64 / 3600.0,
    }
}

/// Length of a range in days.
pub fn range_days(r: DateRange) -> f64 {
    (r.end - r.start) as f64 / crate::period::SECONDS_PER_DAY as f64
}

/// The folded form of a name (case, accents, punctuation), for event names and sources.
pub fn fold(s: &str) -> String {
    crate::ingest::values::fold(s)
}

/// No person on this row (see [`person_keys`]).
pub const NO_PERSON: u64 = u64::MAX;

/// Every row's person, per table, as a dense number: the unified customer key, else the
/// visitor id numbered after every customer (so that one visitor id in two files is one
/// person and never a customer), else [`NO_PERSON`]. Built once per `analyze` call; each
/// distinct visitor id is hashed once, not each row. Dense numbers let passes mark people
/// in bitsets and sort (day, person) pairs by radix.
#[derive(Debug)]
pub struct People {
    pub keys: Vec<Vec<u64>>,
    /// People are numbered `0..count`.
    pub count: usize,
}

pub fn person_keys(ctx: &Ctx<'_>) -> std::rc::Rc<People> {
    ctx.memo("service.common.person_keys", || {
        let customers = ctx.customers();
        let mut visitors: rustc_hash::FxHashMap<&str, u64> = rustc_hash::FxHashMap::default();
        let first_visitor = u64::from(customers.count);
        let keys = ctx
            .tables
            .iter()
            .enumerate()
            .map(|(ti, t)| {
                let numbers: Option<(&TextValues, Vec<u64>)> = t.text(Role::VisitorId).map(|c| {
                    let numbers = c
                        .dict
                        .iter()
                        .map(|v| {
                            let n = first_visitor + visitors.len() as u64;
                            *visitors.entry(v).or_insert(n)
                        })
                        .collect();
                    (c, numbers)
                });
                (0..t.rows())
                    .map(|r| {
                        let k = customers.keys[ti][r];
                        if k != Customers::NONE {
                            return u64::from(k);
                        }
                        match &numbers {
                            Some((c, numbers)) => c
                                .codes
                                .get(r)
                                .and_then(|&code| numbers.get(code as usize).copied())
                                .unwrap_or(NO_PERSON),
                            None => NO_PERSON,
                        }
                    })
                    .collect()
            })
            .collect();
        People {
            keys,
            count: first_visitor as usize + visitors.len(),
        }
    })
}

/// Whether a table can identify people (customer id, e-mail or visitor id).
pub fn has_person(t: &Table) -> bool {
    t.column(Role::CustomerId).is_some()
        || t.column(Role::Email).is_some()
        || t.column(Role::VisitorId).is_some()
}

/// Whether a table can identify customers (customer id or e-mail).
pub fn has_customer(t: &Table) -> bool {
    t.column(Role::CustomerId).is_some() || t.column(Role::Email).is_some()
}

/// The text of a row's column, if any.
pub fn text_at(t: &Table, role: Role, row: u32) -> Option<&str> {
    t.text(role)?.get(row as usize)
}

pub fn number_at(t: &Table, role: Role, row: u32) -> Option<f64> {
    t.numbers(role)?.get(row as usize)
}

pub fn date_at(t: &Table, role: Role, row: u32) -> Option<Timestamp> {
    t.dates(role)?.get(row as usize)
}

pub fn bool_at(t: &Table, role: Role, row: u32) -> Option<bool> {
    t.bools(role)?.get(row as usize).copied().flatten()
}

/// Median and mean of `values` (reordered in place). The median is the same as
/// [`crate::stats::median`]'s (same order, `total_cmp`), found by selection in linear time
/// rather than a full sort: these lists run to a row per session.
pub fn median_mean(values: &mut [f64]) -> Option<(f64, f64)> {
    let mean = crate::stats::mean(values)?;
    let even = values.len().is_multiple_of(2);
    let mid = values.len() / 2;
    let (below, &mut upper, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    let median = if even {
        // The lower middle is the greatest of the values ordered before the upper one.
        let lower = below.iter().copied().max_by(f64::total_cmp)?;
        (lower + upper) / 2.0
    } else {
        upper
    };
    Some((median, mean))
}

/// Whether a breakdown filter can narrow the files a metric reads: a filter on a column none
/// of them has (a channel breakdown of a subscriptions metric whose subscriptions carry no
/// channel) would repeat the total under every key, so the metric is not computed for it.
/// (The query's segment is not a scope filter: it cuts the tables before, `crate::segment`.)
pub fn filter_reaches(ctx: &Ctx<'_>, scope: &Scope, kinds: &[TableKind]) -> Result<(), Need> {
    let Some((role, _)) = &scope.filter else {
        return Ok(());
    };
    let reaches = ctx
        .tables
        .iter()
        .any(|t| kinds.contains(&t.kind) && t.column(*role).is_some());
    if reaches {
        Ok(())
    } else {
        Err(Need::new("filter.column_any", [role_id(*role)]))
    }
}

/// Sort keys of (date, file, row) for [`crate::stats::sort_by_key96`]: a file's row as its
/// position among all the files' rows (each file's first row kept here), after the date.
/// With more than 2^32 rows the key is wider than 96 bits, which that sort still orders
/// (by its comparator sort).
pub(crate) struct RowKeys {
    first: Vec<u64>,
    shift: u32,
}

impl RowKeys {
    pub(crate) fn new(tables: &[Table]) -> RowKeys {
        let mut first = Vec::with_capacity(tables.len());
        let mut rows = 0u64;
        for t in tables {
            first.push(rows);
            rows += t.rows() as u64;
        }
        let shift = if rows <= 1 << 32 { 32 } else { 64 };
        RowKeys { first, shift }
    }

    /// Row `r` of file `t` as one number (its position among all the files' rows), when all
    /// the files' rows are fewer than 2^32.
    pub(crate) fn id(&self, t: usize, r: u32) -> Option<u32> {
        if self.shift != 32 {
            return None;
        }
        u32::try_from(self.first.get(t)? + u64::from(r)).ok()
    }

    /// The (file, row) that [`RowKeys::id`] numbered `id`.
    pub(crate) fn locate(&self, id: u32) -> (usize, u32) {
        let id = u64::from(id);
        let t = self.first.partition_point(|&f| f <= id).saturating_sub(1);
        let first = self.first.get(t).copied().unwrap_or(0);
        (t, (id - first) as u32)
    }

    /// The key of row `r` of file `t` dated `at` (a file not read sorts last).
    pub(crate) fn key(&self, at: Timestamp, t: usize, r: u32) -> u128 {
        match self.first.get(t) {
            Some(f) => {
                (u128::from(crate::stats::ordered_i64(at)) << self.shift)
                    | u128::from(f + u64::from(r))
            }
            None => u128::MAX,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_keys_order_as_date_file_row_and_ids_round_trip() {
        // Files of 3, 0 and 4 rows: a row's id is its position among all the files' rows.
        let tables: Vec<Table> = [3u32, 0, 4]
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let mut t = Table::new(format!("f{i}.csv"), TableKind::Orders);
                t.lines = (0..n).collect();
                t
            })
            .collect();
        let keys = RowKeys::new(&tables);
        let rows = [(0usize, 0u32), (0, 2), (2, 0), (2, 3)];
        for (i, &(t, r)) in rows.iter().enumerate() {
            let id = keys.id(t, r).unwrap();
            assert_eq!(id, [0, 2, 3, 6][i]);
            assert_eq!(keys.locate(id), (t, r));
        }
        let mut v: Vec<(Timestamp, usize, u32)> = Vec::new();
        for at in [-5, 0, 7] {
            v.extend(rows.iter().map(|&(t, r)| (at, t, r)));
        }
        v.reverse();
        let mut expected = v.clone();
        expected.sort_unstable();
        crate::stats::sort_by_key96(&mut v, |&(at, t, r)| keys.key(at, t, r));
        assert_eq!(v, expected);
        assert_eq!(keys.key(0, 9, 0), u128::MAX);
    }
}
