//! [`Ctx`]: what a metric function may read, with the indexes shared by every metric of one
//! `analyze` call (date indexes, filter groups, customer keys, kept values).

use crate::metrics::common::table_date;
use crate::metrics::{Customers, DateIndex, Groups, Positions, Rows, Scope};
use crate::period::{self, DateRange, Period, Query};
use crate::settings::Settings;
use crate::table::{Role, Table, TableKind, TextValues, Timestamp};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

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
    pub(super) table_wanted: std::cell::Cell<bool>,
    /// How many times each memo key was built (more than once only when read again after
    /// [`Ctx::release`]); counted in tests only.
    #[cfg(test)]
    pub(super) memo_builds: RefCell<HashMap<&'static str, u32>>,
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
            #[cfg(test)]
            memo_builds: RefCell::new(HashMap::new()),
        }
    }

    /// Whether the value being computed will report its `Computed::table`: only the
    /// headline's reaches the report, so a metric whose table costs more than its value
    /// (one JSON row per account, agent...) skips it for the previous range, the series
    /// and the breakdowns. True outside [`run`].
    pub fn wants_table(&self) -> bool {
        self.table_wanted.get()
    }

    /// The whole selected range, unfiltered (the query's segment has already cut the
    /// tables: `crate::segment::apply`).
    pub fn scope(&self) -> Scope {
        Scope {
            range: self.range,
            filter: None,
        }
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
        #[cfg(test)]
        {
            *self.memo_builds.borrow_mut().entry(key).or_insert(0) += 1;
        }
        let v = Rc::new(build());
        self.memo.borrow_mut().insert(key, v.clone());
        v
    }

    /// Drops the date indexes and row groups. The driver calls it before the costly metrics
    /// (the fit and the journey layer, whose peak memory is the run's): most indexes are the
    /// stage metrics' alone (the 1M sample's sessions, orders and leads: about 45 MB), and the
    /// few the journey layer reads are built again, the same, when first asked for.
    pub(super) fn release_indexes(&self) {
        self.date_index.borrow_mut().clear();
        self.row_groups.borrow_mut().clear();
    }

    /// Drops the memoised value of `key` (the driver calls it after the value's last reader;
    /// a later `memo` of the key builds it again).
    pub(super) fn release(&self, key: &str) {
        self.memo.borrow_mut().remove(key);
    }

    /// Whether `table` names the scope's filter key anywhere (at any date): true with no
    /// filter or when the table has no column for it (the filter does not apply to it).
    /// A ratio of two files has no value for a key only one of them names.
    pub fn names_filter_key(&self, table: usize, scope: &Scope) -> bool {
        !self.filter_applies(table, scope) || self.filter_column(table, scope).is_some()
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

/// The query's range, or the data's own first to last date (METRICS.md "Range"): over the
/// tables metrics read, each by the date it is read by (the order date, a subscription's
/// start, a lead's or ticket's creation...: [`table_date`]). A file of unknown kind, which no
/// metric reads, never widens it; nor do the other date columns (a subscription's end or
/// cancel date set in the future, a contract end, an SLA due date), which no period is cut
/// by.
pub(crate) fn resolve_range(tables: &[Table], query: &Query) -> DateRange {
    let (mut lo, mut hi) = (Timestamp::MAX, Timestamp::MIN);
    if query.from.is_none() || query.to.is_none() {
        for t in tables.iter().filter(|t| t.kind != TableKind::Unknown) {
            let Some(dates) = table_date(t).and_then(|role| t.dates(role)) else {
                continue;
            };
            for d in dates.iter().flatten() {
                lo = lo.min(d);
                hi = hi.max(d);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Values, text_values};
    use crate::test_support::{day, four_orders};

    #[test]
    fn released_indexes_are_built_again_the_same() {
        let tables = [four_orders()];
        let settings = Settings::default();
        let query = Query::default();
        let ctx = Ctx::new(&tables, &settings, &query);
        let web = Scope {
            range: ctx.range,
            filter: Some((Role::Channel, "web".into())),
        };
        let before = ctx.date_index(0, Role::OrderDate).unwrap();
        let web_rows = ctx.rows(0, Role::OrderDate, &web);
        ctx.release_indexes();
        assert!(ctx.date_index.borrow().is_empty() && ctx.row_groups.borrow().is_empty());
        let after = ctx.date_index(0, Role::OrderDate).unwrap();
        assert!(!Rc::ptr_eq(&before, &after));
        assert_eq!((&before.rows, &before.dates), (&after.rows, &after.dates));
        assert_eq!(ctx.rows(0, Role::OrderDate, &web), web_rows);
    }

    #[test]
    fn rows_in_range_sorted_by_date_and_filtered() {
        let tables = [four_orders()];
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
    fn rows_by_filter_code_in_date_order() {
        // Channel codes: web 0, app 1; row 3 has no date, row 4 no channel.
        let t = Table::new("o.csv", TableKind::Orders)
            .with_column(
                "date",
                Role::OrderDate,
                Values::Date(
                    vec![
                        day(2025, 3, 1),
                        day(2025, 1, 1),
                        day(2025, 2, 1),
                        None,
                        day(2025, 1, 15),
                        day(2025, 1, 1),
                    ]
                    .into(),
                ),
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
    fn the_default_range_spans_the_dates_files_are_read_by() {
        // Subscriptions started 2025-01-10 and 2025-03-05; one ends (cancel date set ahead)
        // 2027-12-31. Tickets created 2025-02-01 with an SLA due 2026-06-30. An unknown file
        // dated 1997. The range: 2025-01-10 ..= 2025-03-05.
        let subs = Table::new("subs.csv", TableKind::Subscriptions)
            .with_column(
                "start",
                Role::StartedAt,
                Values::Date(vec![day(2025, 1, 10), day(2025, 3, 5)].into()),
            )
            .with_column(
                "end",
                Role::EndedAt,
                Values::Date(vec![day(2027, 12, 31), None].into()),
            );
        let tickets = Table::new("tickets.csv", TableKind::Tickets)
            .with_column(
                "opened",
                Role::CreatedAt,
                Values::Date(vec![day(2025, 2, 1)].into()),
            )
            .with_column(
                "due",
                Role::SlaDue,
                Values::Date(vec![day(2026, 6, 30)].into()),
            );
        let old = Table::new("old.csv", TableKind::Unknown).with_column(
            "date",
            Role::Date,
            Values::Date(vec![day(1997, 5, 1)].into()),
        );
        let tables = [subs, tickets, old];
        let range = resolve_range(&tables, &Query::default());
        let expected = DateRange::days(
            chrono::NaiveDate::from_ymd_opt(2025, 1, 10).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2025, 3, 5).unwrap(),
        );
        assert_eq!((range.start, range.end), (expected.start, expected.end));
    }
}
