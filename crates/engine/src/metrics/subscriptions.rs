//! Subscriptions as a book of monthly amounts per customer, and the MRR movements between two
//! instants. Shared by the loyalty metrics (churn, NRR, GRR, expansion) and available to the
//! sales MRR metrics, so that both stages read subscriptions the same way.
//!
//! Rules (also in METRICS.md's conventions):
//! - a subscription is active at instant `t` when `started_at < t` and it has no end or
//!   `ended_at >= t` (so one that starts on the first day of a period is new in that period,
//!   and one that ends on the first day of the next period churns in that next period);
//! - its monthly amount is the MRR column, else the amount normalised by the billing interval
//!   (yearly / 12, quarterly / 3, half-yearly / 6, weekly * 52 / 12, daily * 365 / 12; an empty
//!   interval means monthly);
//! - a customer's subscriptions are merged (matched by customer id, else e-mail; a
//!   subscription with neither is its own customer);
//! - cancelled or refunded rows with no end date, and abandoned or pending ones, are left out:
//!   when they stopped (or whether they started) paying is unknown.

use super::service::common::{
    Verdict, date_at, filter_reaches, fold, number_at, row_status, status_classes, text_at,
};
use super::{Ctx, Customers, Needs, Scope};
use crate::table::{Role, Status, Table, TableKind, Timestamp};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// One usable subscription row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Subscription {
    pub table: usize,
    pub row: u32,
    pub customer: u64,
    pub started: Timestamp,
    pub ended: Option<Timestamp>,
    /// Monthly-normalised amount.
    pub monthly: f64,
}

impl Subscription {
    pub fn active_at(&self, t: Timestamp) -> bool {
        self.started < t && self.ended.is_none_or(|e| e >= t)
    }
}

pub const NEEDS_SUBSCRIPTIONS: &str =
    "a subscriptions file with a start date and an MRR or amount column";

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

/// A row's monthly amount, or the rule that excludes it.
fn monthly_amount(t: &Table, row: u32) -> Result<f64, &'static str> {
    if t.numbers(Role::Mrr).is_some() {
        return number_at(t, Role::Mrr, row).ok_or("excluded: MRR empty");
    }
    let amount = number_at(t, Role::Amount, row).ok_or("excluded: amount empty")?;
    match text_at(t, Role::Interval, row) {
        None => Ok(amount),
        Some(w) => interval_months(w)
            .map(|m| amount / m)
            .ok_or("excluded: unknown billing interval"),
    }
}

/// The usable subscriptions of the files and the verdict on every row (included rows carry
/// their monthly amount).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Book {
    pub subscriptions: Vec<Subscription>,
    pub verdicts: Vec<Verdict>,
}

/// The subscription book for the scope's filter (its dates do not matter: movements read
/// start and end dates), built once per filter and `analyze` call.
pub fn book(ctx: &Ctx<'_>, scope: &Scope) -> Result<Rc<Book>, Needs> {
    filter_reaches(ctx, scope, &[TableKind::Subscriptions])?;
    type Cache = RefCell<HashMap<Option<(Role, String)>, Result<Rc<Book>, Needs>>>;
    let cache = ctx.memo("subscriptions.book", Cache::default);
    if let Some(hit) = cache.borrow().get(&scope.filter) {
        return hit.clone();
    }
    let built = build_book(ctx, scope).map(Rc::new);
    cache
        .borrow_mut()
        .insert(scope.filter.clone(), built.clone());
    built
}

fn build_book(ctx: &Ctx<'_>, scope: &Scope) -> Result<Book, Needs> {
    let customers = ctx.customers();
    let mut subs = Vec::new();
    let mut verdicts = Vec::new();
    let mut any = false;
    for (ti, t) in ctx.tables_of(TableKind::Subscriptions) {
        if t.dates(Role::StartedAt).is_none()
            || (t.numbers(Role::Mrr).is_none() && t.numbers(Role::Amount).is_none())
        {
            continue;
        }
        any = true;
        let classes = status_classes(ctx, t);
        for r in ctx.all_rows(ti, scope) {
            let Some(started) = date_at(t, Role::StartedAt, r) else {
                verdicts.push(Verdict::new(ti, r, false, "excluded: no start date"));
                continue;
            };
            let ended = date_at(t, Role::EndedAt, r);
            let status = row_status(t, classes.as_deref(), r);
            let skip = match status {
                Status::Cancelled | Status::Refunded if ended.is_none() => {
                    Some("excluded: cancelled with no end date")
                }
                Status::Abandoned => Some("excluded: status abandoned"),
                Status::Pending => Some("excluded: status pending (not paying yet)"),
                _ => None,
            };
            if let Some(rule) = skip {
                verdicts.push(Verdict::new(ti, r, false, rule));
                continue;
            }
            if ended.is_some_and(|e| e < started) {
                verdicts.push(Verdict::new(
                    ti,
                    r,
                    false,
                    "excluded: ends before it starts",
                ));
                continue;
            }
            let monthly = match monthly_amount(t, r) {
                Ok(m) if m >= 0.0 => m,
                Ok(_) => {
                    verdicts.push(Verdict::new(ti, r, false, "excluded: negative amount"));
                    continue;
                }
                Err(rule) => {
                    verdicts.push(Verdict::new(ti, r, false, rule));
                    continue;
                }
            };
            let key = customers.keys[ti][r as usize];
            let customer = if key == Customers::NONE {
                (1u64 << 63) | ((ti as u64) << 32) | u64::from(r)
            } else {
                u64::from(key)
            };
            subs.push(Subscription {
                table: ti,
                row: r,
                customer,
                started,
                ended,
                monthly,
            });
            verdicts.push(Verdict::new(ti, r, true, "included: subscription").with(monthly));
        }
    }
    if !any {
        return Err(Needs(NEEDS_SUBSCRIPTIONS.into()));
    }
    Ok(Book {
        subscriptions: subs,
        verdicts,
    })
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

/// One customer's MRR at both instants and whether they had subscriptions at each.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CustomerMrr {
    pub start: f64,
    pub end: f64,
    pub active_start: bool,
    pub active_end: bool,
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
    /// Customers with an active subscription at `from`, and those of them with none at `to`.
    pub customers_start: u64,
    pub customers_churned: u64,
    pub per_customer: HashMap<u64, CustomerMrr>,
}

pub fn per_customer(
    subs: &[Subscription],
    from: Timestamp,
    to: Timestamp,
) -> HashMap<u64, CustomerMrr> {
    let mut per: HashMap<u64, CustomerMrr> = HashMap::new();
    for s in subs {
        let c = per.entry(s.customer).or_default();
        if s.active_at(from) {
            c.start += s.monthly;
            c.active_start = true;
        }
        if s.active_at(to) {
            c.end += s.monthly;
            c.active_end = true;
        }
        if s.started < from {
            c.paid_before = true;
        }
    }
    per
}

pub fn movements(subs: &[Subscription], from: Timestamp, to: Timestamp) -> Movements {
    let per = per_customer(subs, from, to);
    let mut m = Movements::default();
    for c in per.values() {
        m.start += c.start;
        m.end += c.end;
        if c.active_start {
            m.customers_start += 1;
            if !c.active_end {
                m.customers_churned += 1;
            }
        }
        match c.movement() {
            Movement::New => m.new += c.end,
            Movement::Expansion => m.expansion += c.end - c.start,
            Movement::Contraction => m.contraction += c.start - c.end,
            Movement::Churn => m.churn += c.start,
            Movement::Reactivation => m.reactivation += c.end,
            Movement::Unchanged | Movement::Absent => {}
        }
    }
    m.per_customer = per;
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sub(customer: u64, started: i64, ended: Option<i64>, monthly: f64) -> Subscription {
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
        let m = movements(&subs, 100, 200);
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
