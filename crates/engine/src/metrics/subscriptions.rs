//! Subscriptions as one book of monthly amounts per customer, and the MRR movements between
//! two instants. The only reading of subscriptions: the sales MRR metrics (MRR, ARR, ARPA, the
//! movements) and the loyalty ones (churn, NRR, GRR, expansion) both use it, so that they
//! cannot disagree.
//!
//! Rules (also in METRICS.md's conventions):
//! - a subscription is active at instant `t` when `started_at < t` and it has no end or
//!   `ended_at >= t` (so one that starts on the first day of a period is new in that period,
//!   and one that ends on the first day of the next period churns in that next period); the
//!   start is the subscription's start column, else its date or creation date; a free trial
//!   pays nothing, so a row with a trial end after its start starts paying at the trial's
//!   end (Stripe's `Trial End`; `trialing` rows, still in their trial, are pending);
//! - its monthly amount is its MRR cell, else its amount (or unit price × seats) normalised
//!   by the billing period, interval × interval count (yearly / 12, quarterly / 3, half-yearly
//!   / 6, weekly * 52 / 12, daily * 365 / 12, month × 3 / 3; an empty interval means monthly);
//!   trialing subscriptions are pending (not paying yet) and left out; only a positive monthly amount counts (a free plan is not
//!   paying: it neither starts nor ends MRR, and does not make a later payer a reactivation);
//! - only the main currency is summed (the currency of most subscription rows with an amount);
//!   the others are kept apart for the sales metrics' per-currency details, never summed;
//! - a customer's subscriptions are merged (matched by customer id, else e-mail; a
//!   subscription with neither is its own customer);
//! - cancelled or refunded rows with no end date, and abandoned or pending ones, are left out
//!   (when they stopped, or whether they started, paying is unknown), and so are rows that
//!   end when or before they start.

use super::{Ctx, Customers, Need, Scope};
use crate::metrics::common::table_date;
use crate::metrics::common::{
    Verdict, filter_reaches, fold, number_at, row_status, status_classes, text_at,
};
use crate::metrics::sales::prep::Currencies;
use crate::table::{Role, Status, Table, TableKind, Timestamp};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// One usable subscription row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Subscription {
    pub table: usize,
    pub row: u32,
    /// Dense index of the customer within the book (`0..Book::customers`).
    pub customer: u32,
    pub started: Timestamp,
    pub ended: Option<Timestamp>,
    /// Monthly-normalised amount (positive).
    pub monthly: f64,
}

impl Subscription {
    pub fn active_at(&self, t: Timestamp) -> bool {
        self.started < t && self.ended.is_none_or(|e| e >= t)
    }
}

/// Months per billing interval word (`anual` → 12), `None` when the word is not an interval.
pub fn interval_months(raw: &str) -> Option<f64> {
    let f = fold(raw);
    let (count, word) = match f.split_once(' ') {
        Some((n, w)) if n.parse::<f64>().is_ok() => (n.parse::<f64>().ok()?, w),
        _ => (1.0, f.as_str()),
    };
    let starts = |ps: &[&str]| ps.iter().any(|p| word.starts_with(p));
    let months = if starts(&["month", "mensal", "mes", "mo"]) {
        1.0
    } else if starts(&["year", "annual", "anual", "ano", "yr"]) {
        12.0
    } else if starts(&["quarter", "trimest"]) {
        3.0
    } else if starts(&["semest", "half", "semiannual"]) {
        6.0
    } else if starts(&["week", "seman"]) {
        12.0 / 52.0
    } else if starts(&["day", "dia", "diari", "daily"]) {
        12.0 / 365.0
    } else {
        return None;
    };
    (count > 0.0).then_some(count * months)
}

/// A row's monthly amount: its MRR cell, else its amount over the months of its billing
/// period. The amount is the amount cell (the whole subscription's), else the unit price ×
/// the seats (Stripe's per-unit `Amount` and `Quantity`; no seats cell is one unit, Stripe's
/// default quantity). The billing period is the interval × the interval count (`month` × 3
/// is quarterly); no interval is monthly, no count is 1.
fn monthly_amount(t: &Table, row: u32) -> Result<f64, &'static str> {
    let m = match number_at(t, Role::Mrr, row) {
        Some(m) => m,
        None => {
            let amount = match number_at(t, Role::Amount, row) {
                Some(a) => a,
                None => {
                    let unit =
                        number_at(t, Role::UnitPrice, row).ok_or("excluded: no MRR or amount")?;
                    unit * number_at(t, Role::Seats, row).unwrap_or(1.0)
                }
            };
            let months = match text_at(t, Role::Interval, row) {
                None => 1.0,
                Some(w) => interval_months(w).ok_or("excluded: unknown billing interval")?,
            };
            let count = match number_at(t, Role::IntervalCount, row) {
                None => 1.0,
                Some(c) if c > 0.0 => c,
                Some(_) => return Err("excluded: interval count is not positive"),
            };
            amount / (months * count)
        }
    };
    if m > 0.0 {
        Ok(m)
    } else {
        Err("excluded: monthly amount is not positive")
    }
}

/// The MRR and amount columns (a row with either cell votes for the main currency).
fn sub_amounts(t: &Table) -> Vec<&crate::table::Numbers> {
    [Role::Mrr, Role::Amount, Role::UnitPrice]
        .iter()
        .filter_map(|r| t.numbers(*r))
        .collect()
}

/// The currencies of the subscription files (built once per `analyze` call).
pub fn currencies(ctx: &Ctx<'_>) -> Rc<Currencies> {
    ctx.memo("subscriptions.currencies", || {
        Currencies::build(ctx, TableKind::Subscriptions, sub_amounts)
    })
}

/// The usable subscriptions of the files in the main currency, those in other currencies,
/// and the verdict on every row (included rows carry their monthly amount).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Book {
    pub subscriptions: Vec<Subscription>,
    /// Usable rows in another currency, with its index in [`currencies`]: reported apart.
    pub other_currency: Vec<(usize, Subscription)>,
    /// Distinct customers of `subscriptions` (their dense indices).
    pub customers: usize,
    pub verdicts: Vec<Verdict>,
}

/// The subscription book for the scope's filter (its dates do not matter: movements read
/// start and end dates), built once per filter and `analyze` call.
pub fn book(ctx: &Ctx<'_>, scope: &Scope) -> Result<Rc<Book>, Need> {
    filter_reaches(ctx, scope, &[TableKind::Subscriptions])?;
    // Kept with the files it read: every later caller names them in its sources too.
    type Kept = (Result<Rc<Book>, Need>, Vec<usize>);
    type Cache = RefCell<HashMap<Option<(Role, String)>, Kept>>;
    let cache = ctx.memo("subscriptions.book", Cache::default);
    if let Some((hit, read)) = cache.borrow().get(&scope.filter) {
        ctx.touch_all(read);
        return hit.clone();
    }
    let (built, read) = ctx.reading(|| build_book(ctx, scope).map(Rc::new));
    cache
        .borrow_mut()
        .insert(scope.filter.clone(), (built.clone(), read));
    built
}

/// The subscription files the book reads: a start (or date) column and an MRR or amount.
pub fn tables<'a>(ctx: &'a Ctx<'a>) -> impl Iterator<Item = (usize, &'a Table, Role)> + 'a {
    ctx.tables_of(TableKind::Subscriptions)
        .filter_map(|(ti, t)| {
            let start = table_date(t)?;
            [Role::Mrr, Role::Amount, Role::UnitPrice]
                .iter()
                .any(|r| t.numbers(*r).is_some())
                .then_some((ti, t, start))
        })
}

fn build_book(ctx: &Ctx<'_>, scope: &Scope) -> Result<Book, Need> {
    let customers = ctx.customers();
    let cur = currencies(ctx);
    let mut book = Book::default();
    // Dense customer numbers over the book's rows only.
    let mut dense: HashMap<u64, u32> = HashMap::new();
    let mut any = false;
    for (ti, t, start_role) in tables(ctx) {
        any = true;
        let classes = status_classes(ctx, t);
        let row_currency = cur.row_currency(t, ti);
        let starts = t.dates(start_role);
        let ends = t.dates(Role::EndedAt);
        let trial_ends = t.dates(Role::TrialEnd);
        for r in ctx.all_rows(ti, scope) {
            let row = r as usize;
            let Some(started) = starts.and_then(|d| d.get(row)) else {
                book.verdicts
                    .push(Verdict::new(ti, r, false, "excluded: no start date"));
                continue;
            };
            // Paying from the trial's end, when it has one after its start.
            let started = trial_ends
                .and_then(|d| d.get(row))
                .map_or(started, |trial| started.max(trial));
            let ended = ends.and_then(|d| d.get(row));
            let status = row_status(t, classes.as_deref(), r);
            let skip = match status {
                Status::Cancelled | Status::Refunded if ended.is_none() => {
                    Some("excluded: cancelled with no end date")
                }
                Status::Abandoned => Some("excluded: status abandoned"),
                Status::Pending => Some("excluded: status pending (not paying yet)"),
                _ if ended.is_some_and(|e| e <= started) => {
                    Some("excluded: ends when or before it starts")
                }
                _ => None,
            };
            if let Some(rule) = skip {
                book.verdicts.push(Verdict::new(ti, r, false, rule));
                continue;
            }
            let monthly = match monthly_amount(t, r) {
                Ok(m) => m,
                Err(rule) => {
                    book.verdicts.push(Verdict::new(ti, r, false, rule));
                    continue;
                }
            };
            let key = customers.keys[ti][row];
            let who = if key == Customers::NONE {
                (1u64 << 63) | ((ti as u64) << 32) | u64::from(r)
            } else {
                u64::from(key)
            };
            let c = row_currency.at(row);
            let n = dense.len() as u32;
            let sub = Subscription {
                table: ti,
                row: r,
                customer: if c == cur.main {
                    *dense.entry(who).or_insert(n)
                } else {
                    u32::MAX
                },
                started,
                ended,
                monthly,
            };
            if c == cur.main {
                book.subscriptions.push(sub);
                book.verdicts
                    .push(Verdict::new(ti, r, true, "included: subscription").with(monthly));
            } else {
                book.other_currency.push((c, sub));
                book.verdicts.push(
                    Verdict::new(
                        ti,
                        r,
                        false,
                        "excluded: another currency (reported apart, never summed)",
                    )
                    .with(monthly),
                );
            }
        }
    }
    if !any {
        return Err(Need::bare("subscriptions.mrr"));
    }
    book.customers = dense.len();
    Ok(book)
}

/// How one customer's MRR moved between two instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Movement {
    New,
    Expansion,
    Contraction,
    Churn,
    Reactivation,
    Unchanged,
    /// Not paying at either instant.
    Absent,
}

/// One customer's MRR at both instants.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CustomerMrr {
    pub start: f64,
    pub end: f64,
    /// Had a subscription that started before the first instant.
    pub paid_before: bool,
}

impl CustomerMrr {
    pub fn movement(&self) -> Movement {
        let (s, e) = (self.start, self.end);
        if s > 0.0 && e > 0.0 {
            if e > s {
                Movement::Expansion
            } else if e < s {
                Movement::Contraction
            } else {
                Movement::Unchanged
            }
        } else if s > 0.0 {
            Movement::Churn
        } else if e > 0.0 {
            if self.paid_before {
                Movement::Reactivation
            } else {
                Movement::New
            }
        } else {
            Movement::Absent
        }
    }

    /// The MRR this customer's movement adds to its metric: the end MRR when new or
    /// reactivated, the change when it grew or shrank, the start MRR when churned; 0 when
    /// unchanged or absent.
    pub fn movement_amount(&self) -> f64 {
        match self.movement() {
            Movement::New | Movement::Reactivation => self.end,
            Movement::Expansion => self.end - self.start,
            Movement::Contraction => self.start - self.end,
            Movement::Churn => self.start,
            Movement::Unchanged | Movement::Absent => 0.0,
        }
    }
}

/// MRR movements between `from` and `to`, per METRICS.md:
/// start + new + expansion + reactivation - contraction - churn = end.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Movements {
    pub start: f64,
    pub end: f64,
    pub new: f64,
    pub expansion: f64,
    pub contraction: f64,
    pub churn: f64,
    pub reactivation: f64,
    /// Customers paying at `from`, those of them paying nothing at `to`, and those paying
    /// at `to`.
    pub customers_start: u64,
    pub customers_churned: u64,
    pub customers_end: u64,
    /// MRR at `to` per other currency (index in [`currencies`]), and whether any was active.
    pub other_end: Vec<(usize, f64)>,
    /// Indexed by the book's dense customer index.
    pub per_customer: Vec<CustomerMrr>,
}

/// The movements of the book between `from` and `to`.
pub fn movements(book: &Book, from: Timestamp, to: Timestamp) -> Movements {
    let mut per = vec![CustomerMrr::default(); book.customers];
    for s in &book.subscriptions {
        let Some(c) = per.get_mut(s.customer as usize) else {
            continue;
        };
        if s.active_at(from) {
            c.start += s.monthly;
        }
        if s.active_at(to) {
            c.end += s.monthly;
        }
        if s.started < from {
            c.paid_before = true;
        }
    }
    let mut m = Movements::default();
    for c in &per {
        m.start += c.start;
        m.end += c.end;
        m.customers_start += u64::from(c.start > 0.0);
        m.customers_churned += u64::from(c.start > 0.0 && c.end <= 0.0);
        m.customers_end += u64::from(c.end > 0.0);
        let amount = c.movement_amount();
        match c.movement() {
            Movement::New => m.new += amount,
            Movement::Expansion => m.expansion += amount,
            Movement::Contraction => m.contraction += amount,
            Movement::Churn => m.churn += amount,
            Movement::Reactivation => m.reactivation += amount,
            Movement::Unchanged | Movement::Absent => {}
        }
    }
    for (c, s) in &book.other_currency {
        if s.active_at(to) {
            match m.other_end.iter_mut().find(|(k, _)| k == c) {
                Some((_, v)) => *v += s.monthly,
                None => m.other_end.push((*c, s.monthly)),
            }
        }
    }
    crate::stats::stable_sort_by(&mut m.other_end, |a, b| a.0.cmp(&b.0));
    m.per_customer = per;
    m
}

/// The movements over the scope's range, cached per filter and range: the sales and loyalty
/// metrics, their series and the pooled retention headlines all read the same instants.
pub fn movements_in(ctx: &Ctx<'_>, scope: &Scope) -> Result<Rc<Movements>, Need> {
    type Key = (Option<(Role, String)>, Timestamp, Timestamp);
    type Cache = RefCell<HashMap<Key, Rc<Movements>>>;
    let book = book(ctx, scope)?;
    let cache = ctx.memo("subscriptions.movements", Cache::default);
    let key = (scope.filter.clone(), scope.range.start, scope.range.end);
    if let Some(hit) = cache.borrow().get(&key) {
        return Ok(hit.clone());
    }
    let m = Rc::new(movements(&book, scope.range.start, scope.range.end));
    cache.borrow_mut().insert(key, m.clone());
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(customer: u32, started: i64, ended: Option<i64>, monthly: f64) -> Subscription {
        Subscription {
            table: 0,
            row: 0,
            customer,
            started,
            ended,
            monthly,
        }
    }

    #[test]
    fn intervals_normalise_to_months() {
        assert_eq!(interval_months("Anual"), Some(12.0));
        assert_eq!(interval_months("monthly"), Some(1.0));
        assert_eq!(interval_months("trimestral"), Some(3.0));
        assert_eq!(interval_months("3 months"), Some(3.0));
        assert_eq!(interval_months("Semanal"), Some(12.0 / 52.0));
        assert_eq!(interval_months("whenever"), None);
    }

    #[test]
    fn movements_add_up_and_classify() {
        // Period [100, 200). Customer 1: 50 → 70 (expansion 20). 2: 30 → gone (churn 30).
        // 3: new at 150 with 40. 4: paid 10 until 50, back at 120 with 15 (reactivation).
        // 5: 20 → 5 (contraction 15).
        let subs = [
            sub(1, 10, Some(150), 50.0),
            sub(1, 150, None, 70.0),
            sub(2, 10, Some(180), 30.0),
            sub(3, 150, None, 40.0),
            sub(4, 5, Some(50), 10.0),
            sub(4, 120, None, 15.0),
            sub(5, 10, Some(160), 20.0),
            sub(5, 160, None, 5.0),
        ];
        let book = Book {
            subscriptions: subs.to_vec(),
            customers: 6,
            ..Book::default()
        };
        let m = movements(&book, 100, 200);
        assert_eq!(m.start, 100.0);
        assert_eq!(m.end, 130.0);
        assert_eq!(
            (m.new, m.expansion, m.contraction, m.churn, m.reactivation),
            (40.0, 20.0, 15.0, 30.0, 15.0)
        );
        assert_eq!(
            m.start + m.new + m.expansion + m.reactivation - m.contraction - m.churn,
            m.end
        );
        assert_eq!((m.customers_start, m.customers_churned), (3, 1));
    }

    #[test]
    fn activity_boundaries() {
        // Starts at the period start: not in the start MRR (it is new in the period).
        let s = sub(1, 100, Some(200), 10.0);
        assert!(!s.active_at(100));
        assert!(s.active_at(101));
        // Ends exactly at the instant: still counted there, churns in the next period.
        assert!(s.active_at(200));
        assert!(!s.active_at(201));
    }
}

#[cfg(test)]
mod one_book {
    use crate::metrics::{Computed, Ctx, catalogue, explain};
    use crate::period::{Query, date_to_ts};
    use crate::settings::Settings;
    use crate::table::{Role, Table, TableKind, Values, text_values};
    use chrono::NaiveDate;

    fn day(m: u32, d: u32) -> Option<i64> {
        Some(date_to_ts(NaiveDate::from_ymd_opt(2025, m, d).unwrap()))
    }

    /// A history the sales and loyalty metrics used to read differently (loyalty summed
    /// currencies, counted a free plan as active and a zero-length row as a past payment):
    /// ```text
    /// row customer currency amount start  end
    ///  0  A        BRL      100    01-01  -
    ///  1  B        USD       50    01-01  03-10
    ///  2  C        BRL        0    01-01  03-15   (free plan: not paying)
    ///  3  C        BRL       40    03-20  -
    ///  4  D        BRL       80    02-01  02-01   (ends when it starts: never paid)
    ///  5  D        BRL       60    03-05  -
    ///  6  E        USD       30    02-01  -
    /// ```
    /// BRL is the main currency (5 rows with an amount against 2). Over March: MRR at the
    /// start A 100; at the end A 100 + C 40 + D 60 = 200, C and D new (not reactivated);
    /// USD apart: E 30 at the end. The two books used to disagree here: sales read exactly
    /// this, while loyalty read a start of 180 (A 100 + B's USD 50 + C's 0 + E's USD 30), B's
    /// USD 50 as churn and C, D as reactivations (C's free plan and D's zero-length row as
    /// past payments): revenue churn 50/180, NRR 230/180, expansion 100/180, customer churn
    /// 1/4 (C's free plan counted active).
    fn history() -> Table {
        Table::new("subs.csv", TableKind::Subscriptions)
            .with_column(
                "customer",
                Role::CustomerId,
                text_values(["A", "B", "C", "C", "D", "D", "E"]),
            )
            .with_column(
                "currency",
                Role::Currency,
                text_values(["BRL", "USD", "BRL", "BRL", "BRL", "BRL", "USD"]),
            )
            .with_column(
                "amount",
                Role::Amount,
                Values::Number(
                    [100.0, 50.0, 0.0, 40.0, 80.0, 60.0, 30.0]
                        .map(Some)
                        .to_vec()
                        .into(),
                ),
            )
            .with_column(
                "start",
                Role::StartedAt,
                Values::Date(
                    vec![
                        day(1, 1),
                        day(1, 1),
                        day(1, 1),
                        day(3, 20),
                        day(2, 1),
                        day(3, 5),
                        day(2, 1),
                    ]
                    .into(),
                ),
            )
            .with_column(
                "end",
                Role::EndedAt,
                Values::Date(
                    vec![None, day(3, 10), day(3, 15), None, day(2, 1), None, None].into(),
                ),
            )
    }

    #[test]
    fn sales_and_loyalty_read_the_same_book() {
        let tables = [history()];
        let settings = Settings::default();
        let query = Query {
            from: NaiveDate::from_ymd_opt(2025, 3, 1),
            to: NaiveDate::from_ymd_opt(2025, 3, 31),
            ..Query::default()
        };
        let ctx = Ctx::new(&tables, &settings, &query);
        let scope = ctx.scope();
        let run = |id: &str| -> Computed {
            let def = catalogue().into_iter().find(|d| d.id == id).unwrap();
            (def.compute)(&ctx, &scope).unwrap()
        };
        let mrr = run("sales.mrr");
        assert_eq!(mrr.value, Some(200.0));
        assert_eq!(mrr.currency.as_deref(), Some("BRL"));
        assert_eq!(mrr.details["mrr_USD"], 30.0);
        assert_eq!(run("sales.mrr_new").value, Some(100.0));
        assert_eq!(run("sales.mrr_reactivation").value, Some(0.0));
        assert_eq!(run("sales.mrr_churn").value, Some(0.0));
        let nrr = run("loyalty.nrr");
        assert_eq!(nrr.value, Some(1.0));
        assert_eq!(nrr.details["grr"], 1.0);
        assert_eq!(run("loyalty.revenue_churn_rate").value, Some(0.0));
        assert_eq!(run("loyalty.expansion_rate").value, Some(0.0));
        let churn = run("loyalty.customer_churn_rate");
        assert_eq!(churn.value, Some(0.0));
        assert_eq!(churn.details["customers_start"], 1.0);
        // Every movement is the same figure in both stages.
        for k in [
            "mrr_start",
            "mrr_end",
            "mrr_new",
            "mrr_expansion",
            "mrr_contraction",
            "mrr_churn",
            "mrr_reactivation",
        ] {
            assert_eq!(mrr.details[k], nrr.details[k], "{k}");
        }
        assert_eq!(
            (mrr.details["mrr_start"], mrr.details["mrr_end"]),
            (100.0, 200.0)
        );
        // The rows say why they are out.
        let why = explain(&tables, &settings, &query, "sales.mrr", None).unwrap();
        assert!(
            why.rows[1].rule.contains("currency USD"),
            "{}",
            why.rows[1].rule
        );
        assert!(why.rows[2].rule.contains("not positive"));
        assert!(why.rows[4].rule.contains("ends when or before it starts"));
        let why = explain(&tables, &settings, &query, "loyalty.nrr", None).unwrap();
        assert!(why.rows[2].rule.contains("not positive"));
        assert!(
            why.rows[5].rule.contains("new customer"),
            "{}",
            why.rows[5].rule
        );
    }

    #[test]
    fn a_trial_pays_from_its_end() {
        // A: start 01-01, trial to 02-15, 100 a month; B: start 01-01, no trial, 50. End of
        // January: B alone pays → MRR 50 (A is in its trial). End of February: 150, A new in
        // February (its first paying month), not in January.
        let tables = [Table::new("subs.csv", TableKind::Subscriptions)
            .with_column("customer", Role::CustomerId, text_values(["A", "B"]))
            .with_column(
                "start",
                Role::StartedAt,
                Values::Date(vec![day(1, 1), day(1, 1)].into()),
            )
            .with_column(
                "trial end",
                Role::TrialEnd,
                Values::Date(vec![day(2, 15), None].into()),
            )
            .with_column(
                "mrr",
                Role::Mrr,
                Values::Number(vec![Some(100.0), Some(50.0)].into()),
            )];
        let settings = Settings::default();
        let value = |month: u32, id: &str| {
            let query = Query {
                from: NaiveDate::from_ymd_opt(2025, month, 1),
                to: NaiveDate::from_ymd_opt(2025, month + 1, 1).and_then(|d| d.pred_opt()),
                ..Query::default()
            };
            let ctx = Ctx::new(&tables, &settings, &query);
            let def = catalogue().into_iter().find(|d| d.id == id).unwrap();
            (def.compute)(&ctx, &ctx.scope()).unwrap().value
        };
        assert_eq!(value(1, "sales.mrr"), Some(50.0));
        assert_eq!(value(1, "sales.mrr_new"), Some(50.0));
        assert_eq!(value(2, "sales.mrr"), Some(150.0));
        assert_eq!(value(2, "sales.mrr_new"), Some(100.0));
    }
}
