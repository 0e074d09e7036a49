//! Per-table preparation shared by the sales and attraction metrics: the first dated table
//! of a kind, status classes, currencies, order types, billing intervals, and each
//! customer's first completed order. Built once per `analyze` call (see [`Ctx::memo`]) so that
//! the per-period calls only walk rows.

use crate::ingest::values::fold;
use crate::metrics::common::{provenance_row, table_date};
use crate::metrics::marks::CustomerSet;
use crate::metrics::{Ctx, Customers, DateIndex, Need, Scope};
use crate::report::ProvenanceRow;
use crate::table::{Role, Status, Table, TableKind, TextValues, Timestamp};
use std::rc::Rc;

/// The first table of `kind` with a date column and every role of `roles`.
pub fn first_table<'a>(
    ctx: &Ctx<'a>,
    kind: TableKind,
    roles: &[Role],
) -> Option<(usize, &'a Table, Role)> {
    ctx.tables_of(kind).find_map(|(i, t)| {
        let date = table_date(t)?;
        roles
            .iter()
            .all(|r| t.column(*r).is_some())
            .then_some((i, t, date))
    })
}

/// The status class of every dictionary word of a status column (null cells: `Other`).
pub fn status_classes(ctx: &Ctx<'_>, col: &TextValues) -> Vec<Status> {
    col.dict
        .iter()
        .map(|w| ctx.settings.status_class(w))
        .collect()
}

/// A row's status class, read through a prepared table. A table with no status column counts
/// every row as completed (METRICS.md); an empty status cell is `Other` (not revenue).
pub fn status_at(status: Option<(&TextValues, &[Status])>, row: usize) -> Status {
    match status {
        None => Status::Completed,
        Some((col, classes)) => classes
            .get(col.codes[row] as usize)
            .copied()
            .unwrap_or(Status::Other),
    }
}

pub fn status_id(s: Status) -> &'static str {
    match s {
        Status::Completed => "completed",
        Status::Abandoned => "abandoned",
        Status::Cancelled => "cancelled",
        Status::Refunded => "refunded",
        Status::Pending => "pending",
        Status::Other => "other",
    }
}

/// Currencies of the amounts of one table kind. Each row's currency is its currency column's
/// value (upper-cased), else the table's currency, else unknown. The main currency is the one
/// with the most rows carrying an amount (ties: the alphabetically first, unknown first); money
/// metrics report it as the headline and the others per currency in `details`, never summed.
#[derive(Debug, Default)]
pub struct Currencies {
    /// Index → ISO code; `None` is the unknown currency.
    pub names: Vec<Option<String>>,
    pub main: usize,
    /// Per table index in `ctx.tables`: (currency index per dictionary code, index for rows
    /// with no currency cell).
    tables: Vec<Option<(Vec<usize>, usize)>>,
}

/// A row's currency, with the table's columns borrowed once.
pub struct RowCurrency<'a> {
    col: Option<&'a TextValues>,
    by_code: &'a [usize],
    fallback: usize,
}

impl RowCurrency<'_> {
    pub fn at(&self, row: usize) -> usize {
        match self.col {
            Some(c) => self
                .by_code
                .get(c.codes[row] as usize)
                .copied()
                .unwrap_or(self.fallback),
            None => self.fallback,
        }
    }
}

pub fn currency_code(s: &str) -> Option<String> {
    let c = s.trim().to_uppercase();
    (!c.is_empty()).then_some(c)
}

impl Currencies {
    /// `amounts(table)`: the columns whose cells give a row an amount (rows with none do
    /// not vote).
    pub fn build(
        ctx: &Ctx<'_>,
        kind: TableKind,
        amounts: fn(&Table) -> Vec<&crate::table::Numbers>,
    ) -> Currencies {
        let mut cur = Currencies {
            names: vec![None],
            main: 0,
            tables: vec![None; ctx.tables.len()],
        };
        for (i, t) in ctx.tables_of(kind) {
            let mut index = |name: Option<String>| match cur.names.iter().position(|n| *n == name) {
                Some(p) => p,
                None => {
                    cur.names.push(name);
                    cur.names.len() - 1
                }
            };
            let fallback = index(t.currency.as_deref().and_then(currency_code));
            let by_code: Vec<usize> = t
                .text(Role::Currency)
                .map(|c| c.dict.iter().map(|w| index(currency_code(w))).collect())
                .unwrap_or_default();
            cur.tables[i] = Some((by_code, fallback));
        }
        // Rows vote only when there is a choice: a single currency wins as soon as one row
        // has an amount (with none, every vote ties at 0 and the first name wins).
        let used: Vec<bool> = (0..cur.names.len())
            .map(|c| {
                cur.tables
                    .iter()
                    .flatten()
                    .any(|(by_code, fallback)| *fallback == c || by_code.contains(&c))
            })
            .collect();
        if used.iter().filter(|u| **u).count() <= 1 {
            let any_amount = ctx
                .tables_of(kind)
                .any(|(_, t)| amounts(t).iter().any(|c| c.iter().any(|v| v.is_some())));
            cur.main = match used.iter().position(|u| *u) {
                Some(c) if any_amount => c,
                _ => 0,
            };
            return cur;
        }
        let mut votes: Vec<u64> = vec![0; cur.names.len()];
        for (i, t) in ctx.tables_of(kind) {
            let Some((by_code, fallback)) = &cur.tables[i] else {
                continue;
            };
            let col = t.text(Role::Currency);
            let cols = amounts(t);
            for row in 0..t.rows() {
                if cols.iter().any(|c| c.get(row).is_some()) {
                    let c = match col {
                        Some(c) => by_code
                            .get(c.codes[row] as usize)
                            .copied()
                            .unwrap_or(*fallback),
                        None => *fallback,
                    };
                    votes[c] += 1;
                }
            }
        }
        let mut best = 0;
        for c in 1..cur.names.len() {
            let better = votes[c] > votes[best]
                || (votes[c] == votes[best] && cur.names[c] < cur.names[best]);
            if better {
                best = c;
            }
        }
        cur.main = best;
        cur
    }

    pub fn row_currency<'a>(&'a self, table: &'a Table, t: usize) -> RowCurrency<'a> {
        let (by_code, fallback) = self
            .tables
            .get(t)
            .and_then(Option::as_ref)
            .map_or((&[][..], 0), |(b, f)| (&b[..], *f));
        RowCurrency {
            col: table.text(Role::Currency),
            by_code,
            fallback,
        }
    }

    pub fn main_name(&self) -> Option<String> {
        self.names.get(self.main).cloned().flatten()
    }

    pub fn name(&self, c: usize) -> &str {
        self.names
            .get(c)
            .and_then(|n| n.as_deref())
            .unwrap_or("unknown")
    }

    /// Per-currency figures other than the main one, as `details` entries `prefix_CODE`.
    pub fn details(&self, prefix: &str, sums: &[f64], seen: &[bool]) -> Vec<(String, f64)> {
        (0..self.names.len())
            .filter(|&c| seen.get(c).copied().unwrap_or(false))
            .map(|c| {
                (
                    format!("{prefix}_{}", self.name(c)),
                    sums.get(c).copied().unwrap_or(0.0),
                )
            })
            .collect()
    }
}

/// Whether an order was an upsell or a cross-sell, from its order-type word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderType {
    Upsell,
    CrossSell,
    Other,
}

impl OrderType {
    /// `upsell`, `up-sell`, `upgrade`, `venda adicional` → upsell; `cross-sell`, `cross_sell`,
    /// `venda cruzada` → cross-sell (folded: case, accents and punctuation ignored).
    pub fn of(word: &str) -> OrderType {
        let f = fold(word);
        let padded = format!(" {f} ");
        if ["upsell", "up sell", "upgrade", "venda adicional"]
            .iter()
            .any(|w| padded.contains(&format!(" {w} ")))
        {
            OrderType::Upsell
        } else if ["cross sell", "crosssell", "venda cruzada"]
            .iter()
            .any(|w| padded.contains(&format!(" {w} ")))
        {
            OrderType::CrossSell
        } else {
            OrderType::Other
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            OrderType::Upsell => "upsell",
            OrderType::CrossSell => "cross_sell",
            OrderType::Other => "other",
        }
    }
}

/// One orders table, prepared.
#[derive(Debug)]
pub struct OrderTable {
    pub t: usize,
    pub date: Role,
    /// Status class per status-dictionary code (`None`: no status column, all completed).
    pub classes: Option<Vec<Status>>,
    /// Order type per order-type dictionary code (`None`: no order-type column).
    pub types: Option<Vec<OrderType>>,
    /// The columns metrics read, in date order.
    pub sorted: Sorted,
}

/// An orders table's columns copied into date order (the order of its date index), one
/// packed record per order, so that a period is a contiguous run of positions, a pass over
/// it reads memory in sequence, and a breakdown row's visit touches one cache line. On 1M
/// orders whose rows are not in date order this is what keeps the per-period and
/// per-breakdown passes fast. Position `p` is row `index.rows[p]` of the file.
#[derive(Debug)]
pub struct Sorted {
    pub index: Rc<DateIndex>,
    pub orders: Vec<Order>,
}

/// One order as the metrics read it (16 bytes).
#[derive(Debug, Clone, Copy)]
pub struct Order {
    /// NaN: no amount.
    pub amount: f64,
    /// Customer key, or `Customers::NONE`.
    pub customer: u32,
    /// Index into `Orders::currencies`.
    pub currency: u16,
    pub status: Status,
    /// Bits 0-1: order type (0 other, 1 upsell, 2 cross-sell); bit 2: the customer's first
    /// completed order over all the data.
    tag: u8,
}

impl Order {
    pub fn order_type(&self) -> OrderType {
        match self.tag & 3 {
            1 => OrderType::Upsell,
            2 => OrderType::CrossSell,
            _ => OrderType::Other,
        }
    }

    pub fn is_first(&self) -> bool {
        self.tag & 4 != 0
    }
}

impl OrderTable {
    /// Calls `f(position)` for the rows `ctx.rows(t, date, scope)` gives, in date order, read
    /// from the date-ordered columns. The filter applies as in `Ctx::rows`: a file without
    /// the filter's column stays whole; with it, only rows holding the key (none if the key
    /// never occurs or the column is not text).
    pub fn each(&self, ctx: &Ctx<'_>, scope: &Scope, mut f: impl FnMut(usize)) {
        ctx.touch(self.t);
        let ix = &self.sorted.index;
        let within = ix.positions(scope.range);
        let Some((role, key)) = &scope.filter else {
            within.for_each(f);
            return;
        };
        let Some(col) = ctx.tables[self.t].column(*role) else {
            within.for_each(f);
            return;
        };
        let Some(text) = col.values.as_text() else {
            return;
        };
        let Some(code) = text.dict.position(key) else {
            return;
        };
        for &p in ix.groups(*role, text).of_within(code, within) {
            f(p as usize);
        }
    }
}

/// A table's index, date role, status classes and order types per dictionary code.
type Prepared = (usize, Role, Option<Vec<Status>>, Option<Vec<OrderType>>);

/// Every orders table, prepared, plus each customer's first completed order.
#[derive(Debug, Default)]
pub struct Orders {
    pub tables: Vec<OrderTable>,
    pub currencies: Currencies,
    /// `first[customer]`: (date, table, row) of the customer's first completed order over
    /// all the data (ties: the earlier table, then the earlier row); `None` if never.
    pub first: Vec<Option<(Timestamp, u32, u32)>>,
}

/// A prepared orders table's columns, borrowed for a loop over its rows.
pub struct OrderView<'a> {
    pub table: &'a Table,
    pub t: usize,
    pub status: Option<(&'a TextValues, &'a [Status])>,
    pub amounts: Option<&'a crate::table::Numbers>,
    pub currency: RowCurrency<'a>,
    pub types: Option<(&'a TextValues, &'a [OrderType])>,
    pub keys: &'a [u32],
}

impl OrderView<'_> {
    pub fn status(&self, row: usize) -> Status {
        status_at(self.status, row)
    }

    pub fn status_word(&self, row: usize) -> &str {
        self.status.and_then(|(c, _)| c.get(row)).unwrap_or("")
    }

    pub fn order_type(&self, row: usize) -> Option<OrderType> {
        self.types.map(|(c, types)| {
            types
                .get(c.codes[row] as usize)
                .copied()
                .unwrap_or(OrderType::Other)
        })
    }

    pub fn customer(&self, row: usize) -> u32 {
        self.keys.get(row).copied().unwrap_or(Customers::NONE)
    }

    /// Why a row with status `s` is or is not a completed order, for `explain`.
    pub fn status_rule(&self, row: usize) -> (bool, String) {
        let s = self.status(row);
        match (s, self.status.is_some()) {
            (Status::Completed, false) => {
                (true, "included: completed order (no status column)".into())
            }
            (Status::Completed, true) => (
                true,
                format!(
                    "included: completed order (status {})",
                    self.status_word(row)
                ),
            ),
            (_, _) if self.status_word(row).is_empty() => (false, "excluded: status empty".into()),
            (s, _) => (
                false,
                format!(
                    "excluded: status {} ({})",
                    status_id(s),
                    self.status_word(row)
                ),
            ),
        }
    }
}

fn order_amounts(t: &Table) -> Vec<&crate::table::Numbers> {
    t.numbers(Role::Amount).into_iter().collect()
}

/// What an order metric reads of the orders tables, beyond their dates.
#[derive(Clone, Copy)]
pub enum OrdersNeed {
    /// Rows only (counts).
    Rows,
    /// An amount column (money).
    Amounts,
    /// A customer id or e-mail column (customers).
    Customers,
}

impl Orders {
    /// Prepared once per `analyze` call.
    pub fn get(ctx: &Ctx<'_>) -> Rc<Orders> {
        ctx.memo("sales.orders", || Orders::build(ctx))
    }

    /// The orders for a metric over `scope`: errors unless some orders table has what the
    /// metric reads (`need`) and the scope's breakdown filter names a column of some orders
    /// table (see [`super::check_filter`]).
    pub fn for_scope(ctx: &Ctx<'_>, scope: &Scope, need: OrdersNeed) -> Result<Rc<Orders>, Need> {
        let orders = Orders::get(ctx);
        match need {
            OrdersNeed::Rows => orders.require()?,
            OrdersNeed::Amounts => orders.require_amounts(ctx)?,
            OrdersNeed::Customers => orders.require_customers(ctx)?,
        }
        orders.check_scope(ctx, scope)?;
        Ok(orders)
    }

    /// Errors when the scope's breakdown filter names no column of any orders table.
    pub fn check_scope(&self, ctx: &Ctx<'_>, scope: &Scope) -> Result<(), Need> {
        super::check_filter(
            ctx,
            scope,
            self.filter_applies(ctx, scope),
            TableKind::Orders,
        )
    }

    fn build(ctx: &Ctx<'_>) -> Orders {
        let currencies = Currencies::build(ctx, TableKind::Orders, order_amounts);
        let customers = ctx.customers();
        let prepared: Vec<Prepared> = ctx
            .tables_of(TableKind::Orders)
            .filter_map(|(t, table)| {
                Some((
                    t,
                    table_date(table)?,
                    table.text(Role::Status).map(|c| status_classes(ctx, c)),
                    table
                        .text(Role::OrderType)
                        .map(|c| c.dict.iter().map(OrderType::of).collect()),
                ))
            })
            .collect();
        let mut tables: Vec<OrderTable> = prepared
            .into_iter()
            .filter_map(|(t, date, classes, types)| {
                let table = &ctx.tables[t];
                let index = ctx.date_index(t, date)?;
                let status = table.text(Role::Status).zip(classes.as_deref());
                let amounts = table.numbers(Role::Amount);
                let cur = currencies.row_currency(table, t);
                let keys = &customers.keys[t];
                let type_col = table.text(Role::OrderType).zip(types.as_deref());
                // Each order's record is built in row order (every column read in sequence),
                // then the records are gathered into date order: one random read per order
                // instead of one per column (on 1M unsorted orders, about half the time).
                let tag_of = |r: usize| {
                    type_col.map_or(0, |(c, ty)| match ty.get(c.codes[r] as usize).copied() {
                        Some(OrderType::Upsell) => 1,
                        Some(OrderType::CrossSell) => 2,
                        _ => 0,
                    })
                };
                let by_row: Vec<Order> = (0..table.rows())
                    .map(|r| Order {
                        amount: amounts.and_then(|a| a.get(r)).unwrap_or(f64::NAN),
                        customer: keys[r],
                        currency: cur.at(r) as u16,
                        status: status_at(status, r),
                        tag: tag_of(r),
                    })
                    .collect();
                let orders: Vec<Order> = index.rows.iter().map(|&r| by_row[r as usize]).collect();
                let sorted = Sorted { index, orders };
                Some(OrderTable {
                    t,
                    date,
                    classes,
                    types,
                    sorted,
                })
            })
            .collect();
        // Each customer's first completed order: (date, table, row) smallest, found walking
        // each table in date order, and flagged where it is as soon as it is found; a later
        // table's earlier order takes the flag back (`at` remembers where it was).
        // A table is walked in (date, row) order, so only a customer's first completed order
        // in each table can be their first overall: a bitset of the customers met in the
        // table (50 KB at 400k) spares reading `first` for every later order.
        let count = customers.count as usize;
        let mut first: Vec<Option<(Timestamp, u32, u32)>> = vec![None; count];
        let mut at: Vec<(u32, u32)> = if tables.len() > 1 {
            vec![(0, 0); count]
        } else {
            Vec::new()
        };
        let mut met = CustomerSet::default();
        for i in 0..tables.len() {
            met.clear(count);
            let (done, rest) = tables.split_at_mut(i);
            let Some(ot) = rest.first_mut() else { break };
            let (ix, t) = (&ot.sorted.index, ot.t as u32);
            for (p, o) in ot.sorted.orders.iter_mut().enumerate() {
                if o.status != Status::Completed || !met.insert(o.customer) {
                    continue;
                }
                let Some(slot) = first.get_mut(o.customer as usize) else {
                    continue;
                };
                let cand = (ix.dates[p], t, ix.rows[p]);
                if slot.is_none_or(|f| cand < f) {
                    if slot.is_some()
                        && let Some(&(j, q)) = at.get(o.customer as usize)
                        && let Some(was) = done
                            .get_mut(j as usize)
                            .and_then(|d| d.sorted.orders.get_mut(q as usize))
                    {
                        was.tag &= !4;
                    }
                    *slot = Some(cand);
                    o.tag |= 4;
                    if let Some(a) = at.get_mut(o.customer as usize) {
                        *a = (i as u32, p as u32);
                    }
                }
            }
        }
        Orders {
            tables,
            currencies,
            first,
        }
    }

    /// The view of a prepared table for a loop.
    pub fn view<'a>(
        &'a self,
        ctx: &'a Ctx<'_>,
        ot: &'a OrderTable,
        customers: &'a Customers,
    ) -> OrderView<'a> {
        let table = &ctx.tables[ot.t];
        OrderView {
            table,
            t: ot.t,
            status: table.text(Role::Status).zip(ot.classes.as_deref()),
            amounts: table.numbers(Role::Amount),
            currency: self.currencies.row_currency(table, ot.t),
            types: table.text(Role::OrderType).zip(ot.types.as_deref()),
            keys: customers.keys.get(ot.t).map_or(&[][..], |k| &k[..]),
        }
    }

    /// Errors unless some orders table exists.
    pub fn require(&self) -> Result<(), Need> {
        if self.tables.is_empty() {
            Err(Need::bare("orders.date"))
        } else {
            Ok(())
        }
    }

    /// Errors unless some orders table has an amount column.
    pub fn require_amounts(&self, ctx: &Ctx<'_>) -> Result<(), Need> {
        self.require()?;
        if self
            .tables
            .iter()
            .any(|ot| ctx.tables[ot.t].numbers(Role::Amount).is_some())
        {
            Ok(())
        } else {
            Err(Need::bare("orders.amount"))
        }
    }

    /// Errors unless some orders table identifies customers.
    pub fn require_customers(&self, ctx: &Ctx<'_>) -> Result<(), Need> {
        self.require()?;
        let has =
            |t: &Table| t.column(Role::CustomerId).is_some() || t.column(Role::Email).is_some();
        if self.tables.iter().any(|ot| has(&ctx.tables[ot.t])) {
            Ok(())
        } else {
            Err(Need::bare("orders.customer"))
        }
    }

    /// Whether a breakdown/segment filter can narrow the orders: it must name a column that
    /// some orders table has (else per-channel figures would silently be the totals).
    pub fn filter_applies(&self, ctx: &Ctx<'_>, scope: &Scope) -> bool {
        match &scope.filter {
            None => true,
            Some((role, _)) => self
                .tables
                .iter()
                .any(|ot| ctx.tables[ot.t].column(*role).is_some()),
        }
    }
}

/// Marketing spend: every spend table with a spend column, and its currencies.
#[derive(Debug, Default)]
pub struct Spend {
    pub tables: Vec<(usize, Role)>,
    pub currencies: Currencies,
}

/// The spend column: `Spend`, else an `Amount` column of a spend file.
pub fn spend_amounts(t: &Table) -> Option<&crate::table::Numbers> {
    t.numbers(Role::Spend).or_else(|| t.numbers(Role::Amount))
}

fn spend_columns(t: &Table) -> Vec<&crate::table::Numbers> {
    spend_amounts(t).into_iter().collect()
}

/// Spend over a scope, in the main spend currency.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SpendSum {
    pub total: f64,
    pub rows: u64,
    /// Other currencies, never added to `total`.
    pub others: Vec<(String, f64)>,
    pub currency: Option<String>,
}

impl Spend {
    pub fn get(ctx: &Ctx<'_>) -> std::rc::Rc<Spend> {
        ctx.memo("sales.spend", || Spend {
            tables: ctx
                .tables_of(TableKind::MarketingSpend)
                .filter_map(|(t, table)| {
                    spend_amounts(table)?;
                    Some((t, table_date(table)?))
                })
                .collect(),
            currencies: Currencies::build(ctx, TableKind::MarketingSpend, spend_columns),
        })
    }

    pub fn require(&self) -> Result<(), Need> {
        if self.tables.is_empty() {
            Err(Need::bare("spend.date_amount"))
        } else {
            Ok(())
        }
    }

    /// Whether the scope's filter names a column some spend table has.
    pub fn filter_applies(&self, ctx: &Ctx<'_>, scope: &Scope) -> bool {
        match &scope.filter {
            None => true,
            Some((role, _)) => self
                .tables
                .iter()
                .any(|(t, _)| ctx.tables[*t].column(*role).is_some()),
        }
    }

    /// Sum of spend in the scope (main currency; the others apart).
    pub fn sum(&self, ctx: &Ctx<'_>, scope: &Scope) -> SpendSum {
        let mut sums = vec![0.0; self.currencies.names.len()];
        let mut seen = vec![false; self.currencies.names.len()];
        let mut rows = 0;
        for &(t, date) in &self.tables {
            let table = &ctx.tables[t];
            let Some(amounts) = spend_amounts(table) else {
                continue;
            };
            let cur = self.currencies.row_currency(table, t);
            for r in ctx.rows(t, date, scope) {
                let r = r as usize;
                if let Some(a) = amounts.get(r) {
                    let c = cur.at(r);
                    sums[c] += a;
                    seen[c] = true;
                    if c == self.currencies.main {
                        rows += 1;
                    }
                }
            }
        }
        let main = self.currencies.main;
        if let Some(s) = seen.get_mut(main) {
            *s = false;
        }
        SpendSum {
            total: sums.get(main).copied().unwrap_or(0.0),
            rows,
            others: self.currencies.details("spend", &sums, &seen),
            currency: self.currencies.main_name(),
        }
    }

    /// Provenance of the spend rows in a scope.
    pub fn explain(&self, ctx: &Ctx<'_>, scope: &Scope) -> Vec<ProvenanceRow> {
        let mut out = Vec::new();
        for &(t, date) in &self.tables {
            let table = &ctx.tables[t];
            let Some(amounts) = spend_amounts(table) else {
                continue;
            };
            let cur = self.currencies.row_currency(table, t);
            for r in ctx.rows(t, date, scope) {
                let a = amounts.get(r as usize);
                let c = cur.at(r as usize);
                out.push(match a {
                    None => {
                        provenance_row(table, r, false, "excluded: no spend amount".into(), None)
                    }
                    Some(_) if c != self.currencies.main => provenance_row(
                        table,
                        r,
                        false,
                        format!(
                            "excluded: spend in {} (reported apart)",
                            self.currencies.name(c)
                        ),
                        a,
                    ),
                    Some(_) => {
                        provenance_row(table, r, true, "included: marketing spend".into(), a)
                    }
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_types_and_intervals() {
        assert_eq!(OrderType::of("Up-sell"), OrderType::Upsell);
        assert_eq!(OrderType::of("cross_sell"), OrderType::CrossSell);
        assert_eq!(OrderType::of("Venda cruzada"), OrderType::CrossSell);
        assert_eq!(OrderType::of("regular"), OrderType::Other);
    }

    fn main_currency(currencies: &[&str], amounts: &[Option<f64>]) -> Option<String> {
        let t = Table::new("orders.csv", TableKind::Orders)
            .with_column(
                "currency",
                Role::Currency,
                crate::table::text_values(currencies.iter().copied()),
            )
            .with_column(
                "total",
                Role::Amount,
                crate::table::Values::Number(amounts.to_vec().into()),
            );
        let tables = [t];
        let (settings, query) = (crate::Settings::default(), crate::Query::default());
        let ctx = Ctx::new(&tables, &settings, &query);
        Currencies::build(&ctx, TableKind::Orders, order_amounts).main_name()
    }

    #[test]
    fn the_main_currency_is_the_one_most_rows_with_an_amount_use() {
        // One currency: it is the main one once a row has an amount; with no amount at all
        // nothing votes and no currency is named.
        assert_eq!(
            main_currency(&["BRL", "brl"], &[Some(1.0), None]).as_deref(),
            Some("BRL")
        );
        assert_eq!(main_currency(&["BRL", "BRL"], &[None, None]), None);
        // Two: USD has two rows with an amount, BRL one (its second row has none).
        assert_eq!(
            main_currency(
                &["BRL", "USD", "BRL", "usd"],
                &[Some(5.0), Some(1.0), None, Some(2.0)]
            )
            .as_deref(),
            Some("USD")
        );
        // A tie goes to the first code in alphabetical order.
        assert_eq!(
            main_currency(&["USD", "BRL"], &[Some(1.0), Some(1.0)]).as_deref(),
            Some("BRL")
        );
    }
}
