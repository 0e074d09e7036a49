//! Revenue-retention metrics: customer churn, revenue churn, NRR (with GRR), expansion, LTV.

use super::purchases::Purchases;
use crate::metrics::common::{Verdict, filter_reaches, provenance, status_rule};
use crate::metrics::marks::{CustomerSet, Marks, with_marks, with_sets};
use crate::metrics::sales::prep;
use crate::metrics::subscriptions::{self, Movement, Movements, Subscription};
use crate::metrics::{Computed, Ctx, Customers, Need, Scope};
use crate::period::{self, DateRange, SECONDS_PER_DAY};
use crate::report::ProvenanceRow;
use crate::stats::{from_ordered_i64, ordered_i64};
use crate::table::{Role, Status, TableKind, Timestamp};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Subscription rows labelled with their customer's movement over the range.
fn movement_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    let book = subscriptions::book(ctx, scope)?;
    let m = subscriptions::movements_in(ctx, scope)?;
    let mut verdicts = book.verdicts.clone();
    let by_row: HashMap<(usize, u32), &Subscription> = book
        .subscriptions
        .iter()
        .map(|s| ((s.table, s.row), s))
        .collect();
    for v in verdicts.iter_mut().filter(|v| v.included) {
        let Some(s) = by_row.get(&(v.table, v.row)) else {
            continue;
        };
        let movement = m
            .per_customer
            .get(s.customer as usize)
            .map(|c| c.movement());
        let active = s.active_at(scope.range.start) || s.active_at(scope.range.end);
        (v.included, v.rule) = match (active, movement) {
            (false, _) => (false, "excluded: not active at the period's start or end"),
            (true, Some(Movement::New)) => (true, "included: new customer"),
            (true, Some(Movement::Expansion)) => (true, "included: customer expanded"),
            (true, Some(Movement::Contraction)) => (true, "included: customer contracted"),
            (true, Some(Movement::Churn)) => (true, "included: customer churned"),
            (true, Some(Movement::Reactivation)) => (true, "included: customer reactivated"),
            (true, _) => (true, "included: customer's MRR unchanged"),
        };
    }
    Ok(verdicts)
}

fn has_subscriptions(ctx: &Ctx<'_>) -> bool {
    subscriptions::tables(ctx).next().is_some()
}

/// A completed order of a known customer.
#[derive(Debug, Clone, Copy)]
struct Order {
    at: Timestamp,
    customer: u32,
    amount: Option<f64>,
    table: usize,
    /// Its position in the table's date-ordered columns (see [`prep::Sorted`]).
    position: u32,
}

/// Orders of the files in `range` with their verdicts; included ones are completed orders of
/// a known customer. `needs_amount` excludes orders with no amount. Reads the prepared,
/// date-ordered orders the sales metrics share ([`prep::Orders`]): the same rows in the same
/// order as `ctx.rows` gives, read in sequence.
fn each_customer_order(
    ctx: &Ctx<'_>,
    scope: &Scope,
    range: DateRange,
    needs_amount: bool,
    verdicts: bool,
    mut visit: impl FnMut(Order),
) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, &[TableKind::Orders])?;
    let prepared = prep::Orders::get(ctx);
    let purchases = Purchases::get(ctx);
    let mut out = Vec::new();
    let mut any = false;
    let s = Scope {
        range,
        filter: scope.filter.clone(),
    };
    for ot in &prepared.tables {
        let t = &ctx.tables[ot.t];
        if !crate::metrics::common::has_customer(t) {
            continue;
        }
        if needs_amount && t.numbers(Role::Amount).is_none() {
            continue;
        }
        any = true;
        if !verdicts {
            // Only the included orders matter: read the purchases, already filtered.
            if let Some(pt) = purchases.tables.iter().find(|pt| pt.t == ot.t) {
                pt.each(ctx, ot, &s, |p| {
                    if needs_amount && p.amount.is_nan() {
                        return;
                    }
                    visit(Order {
                        at: p.at,
                        customer: p.customer,
                        amount: (!p.amount.is_nan()).then_some(p.amount),
                        table: ot.t,
                        position: p.position,
                    });
                });
                continue;
            }
        }
        let (ix, orders) = (&ot.sorted.index, &ot.sorted.orders);
        ot.each(ctx, &s, |p| {
            let (o, r) = (&orders[p], ix.rows[p]);
            if o.status != Status::Completed {
                if verdicts {
                    out.push(Verdict::new(ot.t, r, false, status_rule(o.status)));
                }
                return;
            }
            if o.customer == Customers::NONE {
                if verdicts {
                    out.push(Verdict::new(
                        ot.t,
                        r,
                        false,
                        "excluded: no customer id or e-mail",
                    ));
                }
                return;
            }
            let amount = (!o.amount.is_nan()).then_some(o.amount);
            if needs_amount && amount.is_none() {
                if verdicts {
                    out.push(Verdict::new(ot.t, r, false, "excluded: no amount"));
                }
                return;
            }
            visit(Order {
                at: ix.dates[p],
                customer: o.customer,
                amount,
                table: ot.t,
                position: p as u32,
            });
            if verdicts {
                let v = Verdict::new(ot.t, r, true, "included: completed order");
                out.push(match amount {
                    Some(a) => v.with(a),
                    None => v,
                });
            }
        });
    }
    if !any {
        return Err(Need::bare("orders.date_customer"));
    }
    Ok(out)
}
/// Completed orders of known customers in `range` (see [`each_customer_order`]), collected.
fn orders_in(
    ctx: &Ctx<'_>,
    scope: &Scope,
    range: DateRange,
    needs_amount: bool,
    verdicts: bool,
) -> Result<(Vec<Order>, Vec<Verdict>), Need> {
    let mut orders = Vec::new();
    let v = each_customer_order(ctx, scope, range, needs_amount, verdicts, |o| {
        orders.push(o)
    })?;
    Ok((orders, v))
}

/// `details` key of the churn, NRR/GRR and expansion metrics: 1 when the headline is pooled
/// over the range's periods (`pooled_periods`), 0 when it compares the range's own start and
/// end (`range`). (`details` holds numbers only, so the basis is a 0/1 flag.)
pub const BASIS_POOLED: &str = "basis_pooled_periods";

/// The periods the headline is pooled over, or `None` when it is read over the range itself.
///
/// Churn, NRR/GRR and expansion compare the range's start with its end. When that base is
/// empty (MRR 0 or nobody active at the range's start; nobody buying in the previous period
/// for the orders-only variants), as it is over the default range that starts with the data,
/// and the range spans at least two periods of the query's granularity, the headline is the
/// pooled per-period figure: Σ numerator / Σ denominator over the range's periods, each
/// period's numerator and denominator being those of its own series point (periods with a
/// zero denominator add nothing to either sum). The previous range of the selection, against
/// which the change is measured, is always read over the range itself (absent with no base).
fn pooling_periods(ctx: &Ctx<'_>, scope: &Scope) -> Option<Vec<Scope>> {
    if scope.range == ctx.range.previous() {
        return None;
    }
    let periods = period::periods(scope.range, ctx.query.granularity);
    (periods.len() >= 2).then(|| {
        periods
            .into_iter()
            .map(|p| Scope {
                range: p.range,
                filter: scope.filter.clone(),
            })
            .collect()
    })
}

/// A ratio's numerator and denominator summed over periods.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Pooled {
    num: f64,
    den: f64,
    /// Periods with a non-zero denominator (the ones that entered the sums).
    periods: u32,
}

impl Pooled {
    fn add(&mut self, num: f64, den: f64) {
        if den != 0.0 {
            self.num += num;
            self.den += den;
            self.periods += 1;
        }
    }

    fn ratio(&self) -> Option<f64> {
        (self.den > 0.0).then(|| self.num / self.den)
    }

    /// Sums `part(period) = (numerator, denominator)` over `periods`.
    fn over(
        periods: &[Scope],
        mut part: impl FnMut(&Scope) -> Result<(f64, f64), Need>,
    ) -> Result<Pooled, Need> {
        let mut p = Pooled::default();
        for s in periods {
            let (num, den) = part(s)?;
            p.add(num, den);
        }
        Ok(p)
    }
}

/// The MRR movements over one scope (see [`subscriptions::movements_in`]).
fn figures(ctx: &Ctx<'_>, scope: &Scope) -> Result<Rc<Movements>, Need> {
    subscriptions::movements_in(ctx, scope)
}

/// Orders-only churn over the scope: (customers lost, customers who bought in the previous
/// period of equal length).
fn orders_churn(ctx: &Ctx<'_>, scope: &Scope) -> Result<(u64, u64), Need> {
    per_scope(ctx, "loyalty.orders_churn", scope, || {
        count_orders_churn(ctx, scope)
    })
}

/// The inactivity window before instant `t`: a customer with a completed order in it is
/// active at `t`.
fn active_window(ctx: &Ctx<'_>, t: Timestamp) -> DateRange {
    let days = i64::from(ctx.settings.churn_inactivity_days.max(1));
    DateRange {
        start: t - days * SECONDS_PER_DAY,
        end: t,
    }
}

fn count_orders_churn(ctx: &Ctx<'_>, scope: &Scope) -> Result<(u64, u64), Need> {
    // The customers active at the period's start (an order in the window before it), and
    // those of them still active at its end (an order in the window before the end).
    with_sets(
        ctx,
        "loyalty.churn_sets",
        |[before, kept]: &mut [CustomerSet; 2]| {
            let (at_start, at_end) = (
                active_window(ctx, scope.range.start),
                active_window(ctx, scope.range.end),
            );
            each_customer_order(ctx, scope, at_start, false, false, |o| {
                before.insert(o.customer);
            })?;
            each_customer_order(ctx, scope, at_end, false, false, |o| {
                if before.contains(o.customer) {
                    kept.insert(o.customer);
                }
            })?;
            let (before, kept) = (before.count(), kept.count());
            Ok((before - kept, before))
        },
    )
}

/// `loyalty.customer_churn_rate`.
///
/// With subscriptions: customers with an active subscription at the period's start and none
/// at its end / customers with an active subscription at its start (customers who joined and
/// left inside the period are not counted). With orders only (METRICS.md's inactivity rule):
/// a customer is active at an instant when they have a completed order in the inactivity
/// window before it (`Settings::churn_inactivity_days`, default 90 days); churn = customers
/// active at the period's start and no longer active at its end / customers active at its
/// start. `details.inactivity_days` is the window, `details.gap_p90_days` the 90th
/// percentile of the days between a customer's consecutive orders (a suggested window).
/// Wilson interval.
///
/// Pooled basis (see [`pooling_periods`]): when nobody is active at the range's start (or
/// nobody bought in its previous period) and the range spans at least two periods, the value
/// is Σ churned / Σ at-start over the range's periods (customer-periods), with the Wilson
/// interval of those pooled counts; `details.basis_pooled_periods` = 1.
pub fn customer_churn_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    if has_subscriptions(ctx) {
        let m = figures(ctx, scope)?;
        let range = |c: Computed| {
            c.with_detail("customers_start", m.customers_start as f64)
                .with_detail("customers_churned", m.customers_churned as f64)
        };
        if m.customers_start == 0
            && let Some(periods) = pooling_periods(ctx, scope)
        {
            let p = Pooled::over(&periods, |s| {
                let m = figures(ctx, s)?;
                Ok((m.customers_churned as f64, m.customers_start as f64))
            })?;
            let (churned, start) = (p.num as u64, p.den as u64);
            return Ok(range(Computed::proportion(churned, start))
                .with_detail(BASIS_POOLED, 1.0)
                .with_detail("pooled_periods", f64::from(p.periods))
                .with_detail("pooled_customers_start", start as f64)
                .with_detail("pooled_customers_churned", churned as f64));
        }
        let c = Computed::proportion(m.customers_churned, m.customers_start);
        return Ok(range(c).with_detail(BASIS_POOLED, 0.0));
    }
    let (lost, before) = orders_churn(ctx, scope)?;
    let gap_p90 = gap_p90_days(ctx, scope)?;
    let range = |c: Computed| {
        let c = c
            .with_detail("customers_previous", before as f64)
            .with_detail("customers_churned", lost as f64)
            .with_detail(
                "inactivity_days",
                f64::from(ctx.settings.churn_inactivity_days.max(1)),
            );
        match gap_p90 {
            Some(g) => c.with_detail("gap_p90_days", g),
            None => c,
        }
    };
    if before == 0
        && let Some(periods) = pooling_periods(ctx, scope)
    {
        let p = Pooled::over(&periods, |s| {
            let (lost, before) = orders_churn(ctx, s)?;
            Ok((lost as f64, before as f64))
        })?;
        let (lost, before) = (p.num as u64, p.den as u64);
        return Ok(range(Computed::proportion(lost, before))
            .with_detail(BASIS_POOLED, 1.0)
            .with_detail("pooled_periods", f64::from(p.periods))
            .with_detail("pooled_customers_previous", before as f64)
            .with_detail("pooled_customers_churned", lost as f64));
    }
    Ok(range(Computed::proportion(lost, before)).with_detail(BASIS_POOLED, 0.0))
}

/// The 90th percentile (nearest rank) of the days between a customer's consecutive
/// completed orders, over every customer's orders in the data; `None` with no repeat order.
fn gap_p90_days(ctx: &Ctx<'_>, scope: &Scope) -> Result<Option<f64>, Need> {
    let all = DateRange {
        start: Timestamp::MIN / 4,
        end: Timestamp::MAX / 4,
    };
    // Every period of the series reads the same gaps: kept per filter, not per range.
    let whole = Scope {
        range: all,
        filter: scope.filter.clone(),
    };
    let kept = per_scope(ctx, "loyalty.order_gap_p90", &whole, || {
        // (customer, date) packed in one key each, sorted by the engine's shared sort.
        let mut seen: Vec<u128> = Vec::new();
        each_customer_order(ctx, &whole, all, false, false, |o| {
            seen.push((u128::from(o.customer) << 64) | u128::from(ordered_i64(o.at)))
        })?;
        crate::stats::sort_u128(&mut seen);
        let at = |k: u128| from_ordered_i64(k as u64);
        let mut gaps: Vec<f64> = seen
            .windows(2)
            .filter(|w| w[0] >> 64 == w[1] >> 64)
            .map(|w| (at(w[1]) - at(w[0])) as f64 / SECONDS_PER_DAY as f64)
            .collect();
        if gaps.is_empty() {
            return Ok(None);
        }
        crate::stats::sort_f64(&mut gaps);
        let rank = ((0.9 * gaps.len() as f64).ceil() as usize).clamp(1, gaps.len());
        Ok(Some(gaps[rank - 1]))
    })?;
    Ok(kept)
}

pub fn explain_customer_churn_rate(
    ctx: &Ctx<'_>,
    scope: &Scope,
) -> Result<Vec<ProvenanceRow>, Need> {
    if has_subscriptions(ctx) {
        let m = figures(ctx, scope)?;
        return explain_movements_on(ctx, scope, m.customers_start == 0);
    }
    if let Some(rows) = explain_pooled_orders(ctx, scope, false)? {
        return Ok(rows);
    }
    let (cur, _) = orders_in(
        ctx,
        scope,
        active_window(ctx, scope.range.end),
        false,
        false,
    )?;
    let now: HashSet<u32> = cur.iter().map(|o| o.customer).collect();
    let customers = ctx.customers();
    let (_, mut v) = orders_in(
        ctx,
        scope,
        active_window(ctx, scope.range.start),
        false,
        true,
    )?;
    for x in v.iter_mut().filter(|x| x.included) {
        let key = customers.keys[x.table][x.row as usize];
        x.rule = if now.contains(&key) {
            "included: active at the period's start (an order in the inactivity window before it) and still active at its end"
        } else {
            "included: active at the period's start, inactive at its end (no order in the inactivity window before it: churned)"
        };
    }
    Ok(provenance(ctx, &v))
}

/// Under the pooled basis, the orders behind the pooled periods (from the first period's
/// previous period to the range's end), each labelled as pooled; `None` on the range basis.
fn explain_pooled_orders(
    ctx: &Ctx<'_>,
    scope: &Scope,
    needs_amount: bool,
) -> Result<Option<Vec<ProvenanceRow>>, Need> {
    let f = if needs_amount {
        expansion_rate
    } else {
        customer_churn_rate
    };
    let c = f(ctx, scope)?;
    if c.details.get(BASIS_POOLED) != Some(&1.0) {
        return Ok(None);
    }
    let from = pooling_periods(ctx, scope)
        .and_then(|p| p.first().map(|s| s.range.previous().start))
        .unwrap_or(scope.range.start);
    let all = DateRange {
        start: from,
        end: scope.range.end,
    };
    let (_, mut v) = orders_in(ctx, scope, all, needs_amount, true)?;
    for x in v.iter_mut().filter(|x| x.included) {
        x.rule = "included: completed order (pooled basis: each period compared with its previous one; explain a period for its churn)";
    }
    Ok(Some(provenance(ctx, &v)))
}

fn with_mrr_details(c: Computed, m: &Movements) -> Computed {
    c.with_detail("mrr_start", m.start)
        .with_detail("mrr_end", m.end)
        .with_detail("mrr_new", m.new)
        .with_detail("mrr_expansion", m.expansion)
        .with_detail("mrr_contraction", m.contraction)
        .with_detail("mrr_churn", m.churn)
        .with_detail("mrr_reactivation", m.reactivation)
}

/// The pooled basis for an MRR ratio: `None` when the range has an MRR at its start or does
/// not span two periods; else the ratio `part(period movements) = (numerator, MRR at the
/// period's start)` summed over the range's periods.
fn pooled_mrr(
    ctx: &Ctx<'_>,
    scope: &Scope,
    m: &Movements,
    part: impl Fn(&Movements) -> f64,
) -> Result<Option<Pooled>, Need> {
    if m.start > 0.0 {
        return Ok(None);
    }
    let Some(periods) = pooling_periods(ctx, scope) else {
        return Ok(None);
    };
    Pooled::over(&periods, |s| {
        let m = figures(ctx, s)?;
        Ok((part(&m), m.start))
    })
    .map(Some)
}

/// The pooled figures as details: the basis flag, the periods pooled, Σ start MRR and
/// Σ numerator (named `numerator`).
fn with_pooled(c: Computed, p: Option<&Pooled>, numerator: &str) -> Computed {
    match p {
        None => c.with_detail(BASIS_POOLED, 0.0),
        Some(p) => c
            .with_detail(BASIS_POOLED, 1.0)
            .with_detail("pooled_periods", f64::from(p.periods))
            .with_detail("pooled_mrr_start", p.den)
            .with_detail(numerator, p.num),
    }
}

/// `loyalty.revenue_churn_rate` = gross MRR churn = (mrr_churn + mrr_contraction) / MRR at the
/// period's start. Absent (no value) when the start MRR is 0, except on the pooled basis
/// (see [`pooling_periods`]): MRR 0 at the range's start and at least two periods →
/// Σ (churn + contraction) / Σ MRR at each period's start over the range's periods
/// (`details.pooled_mrr_lost` / `details.pooled_mrr_start`, `details.basis_pooled_periods` = 1).
pub fn revenue_churn_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let m = figures(ctx, scope)?;
    let lost = |m: &Movements| m.churn + m.contraction;
    let pooled = pooled_mrr(ctx, scope, &m, lost)?;
    let value = match &pooled {
        Some(p) => p.ratio(),
        None => (m.start > 0.0).then(|| lost(&m) / m.start),
    };
    let c = with_mrr_details(Computed::value(value), &m);
    Ok(with_pooled(c, pooled.as_ref(), "pooled_mrr_lost"))
}

/// `loyalty.nrr` = (MRR start + expansion + reactivation - contraction - churn) / MRR start;
/// `details.grr` = (MRR start - contraction - churn) / MRR start. New customers' MRR is in
/// neither. (GRR is a detail of this metric rather than its own id, to keep the catalogue
/// equal to METRICS.md.) On the pooled basis (MRR 0 at the range's start, at least two
/// periods; see [`pooling_periods`]) both are Σ numerator / Σ MRR start over the range's
/// periods (`details.pooled_mrr_retained`, `details.pooled_mrr_retained_gross`,
/// `details.pooled_mrr_start`, `details.basis_pooled_periods` = 1).
pub fn nrr(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let m = figures(ctx, scope)?;
    let net = |m: &Movements| m.start + m.expansion + m.reactivation - m.contraction - m.churn;
    let gross = |m: &Movements| m.start - m.contraction - m.churn;
    let pooled = pooled_mrr(ctx, scope, &m, net)?;
    let (value, grr) = match &pooled {
        Some(p) => {
            let g = pooled_mrr(ctx, scope, &m, gross)?.unwrap_or_default();
            (p.ratio(), g.ratio().map(|r| (r, g.num)))
        }
        None if m.start > 0.0 => (Some(net(&m) / m.start), Some((gross(&m) / m.start, 0.0))),
        None => (None, None),
    };
    let mut c = Computed::value(value);
    if let Some((g, gross_sum)) = grr {
        c = c.with_detail("grr", g);
        if pooled.is_some() {
            c = c.with_detail("pooled_mrr_retained_gross", gross_sum);
        }
    }
    let c = with_mrr_details(c, &m);
    Ok(with_pooled(c, pooled.as_ref(), "pooled_mrr_retained"))
}

/// The rows behind an MRR ratio (revenue churn, NRR, expansion): pooled when the range starts
/// with no MRR.
pub fn explain_movements(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let m = figures(ctx, scope)?;
    explain_movements_on(ctx, scope, m.start == 0.0)
}

/// The subscription rows labelled with their movement over the range, or, when `base_empty`
/// and the range spans two periods, with whether they enter the pooled periods.
fn explain_movements_on(
    ctx: &Ctx<'_>,
    scope: &Scope,
    base_empty: bool,
) -> Result<Vec<ProvenanceRow>, Need> {
    match pooling_periods(ctx, scope) {
        Some(periods) if base_empty => explain_pooled_movements(ctx, scope, &periods),
        _ => Ok(provenance(ctx, &movement_verdicts(ctx, scope)?)),
    }
}

/// Under the pooled basis: each subscription row, included when it is active at the start or
/// end of one of the pooled periods (where it can enter a period's movements).
fn explain_pooled_movements(
    ctx: &Ctx<'_>,
    scope: &Scope,
    periods: &[Scope],
) -> Result<Vec<ProvenanceRow>, Need> {
    let book = subscriptions::book(ctx, scope)?;
    let by_row: HashMap<(usize, u32), &Subscription> = book
        .subscriptions
        .iter()
        .map(|s| ((s.table, s.row), s))
        .collect();
    let mut verdicts = book.verdicts.clone();
    for v in verdicts.iter_mut().filter(|v| v.included) {
        let Some(s) = by_row.get(&(v.table, v.row)) else {
            continue;
        };
        let at_boundary = periods
            .iter()
            .any(|p| s.active_at(p.range.start) || s.active_at(p.range.end));
        (v.included, v.rule) = if at_boundary {
            (
                true,
                "included: active at a period's start or end (pooled basis: each period's movements summed; explain a period for its movement)",
            )
        } else {
            (
                false,
                "excluded: active at no period's start or end (pooled basis)",
            )
        };
    }
    Ok(provenance(ctx, &verdicts))
}

/// Orders-only expansion over the scope: (growth of returning customers who grew, their
/// previous-period revenue, returning customers, previous-period buyers).
fn orders_expansion(ctx: &Ctx<'_>, scope: &Scope) -> Result<(f64, f64, u64, u64), Need> {
    per_scope(ctx, "loyalty.orders_expansion", scope, || {
        count_orders_expansion(ctx, scope)
    })
}

fn count_orders_expansion(ctx: &Ctx<'_>, scope: &Scope) -> Result<(f64, f64, u64, u64), Need> {
    // Per customer (dense keys): stamp `base` with (previous-period revenue, 0), `base + 1`
    // with (previous-period revenue, this period's revenue); `order` lists the previous
    // period's customers as first met.
    let count = ctx.customers().count as usize;
    with_marks(
        ctx,
        "loyalty.expansion_marks",
        |m: &mut Marks<(f64, f64)>| {
            let base = m.begin(count, 2);
            let mut order: Vec<u32> = Vec::new();
            each_customer_order(ctx, scope, scope.range.previous(), true, false, |o| {
                if let Some(s) = m.slot(o.customer) {
                    if s.stamp < base {
                        s.stamp = base;
                        s.value = (0.0, 0.0);
                        order.push(o.customer);
                    }
                    s.value.0 += o.amount.unwrap_or(0.0);
                }
            })?;
            if !order.is_empty() {
                each_customer_order(ctx, scope, scope.range, true, false, |o| {
                    if let Some(s) = m.slot(o.customer)
                        && s.stamp >= base
                    {
                        s.stamp = base + 1;
                        s.value.1 += o.amount.unwrap_or(0.0);
                    }
                })?;
            }
            let (mut base_revenue, mut growth, mut repeat) = (0.0, 0.0, 0u64);
            for &c in &order {
                if let Some(s) = m.slot(c)
                    && s.stamp == base + 1
                {
                    let (p, n) = s.value;
                    repeat += 1;
                    base_revenue += p;
                    if n > p {
                        growth += n - p;
                    }
                }
            }
            Ok((growth, base_revenue, repeat, order.len() as u64))
        },
    )
}

/// `loyalty.expansion_rate`.
///
/// With subscriptions: (mrr_expansion + mrr_reactivation) / MRR at the period's start.
/// Orders only: over customers with completed orders in both the previous period (of equal
/// length) and this one, the sum of revenue increases of those whose revenue grew / the
/// previous-period revenue of all of them.
///
/// Pooled basis (see [`pooling_periods`]): with MRR 0 at the range's start (orders only:
/// nobody bought in the previous period) and at least two periods, Σ numerator / Σ
/// denominator over the range's periods (`details.basis_pooled_periods` = 1).
pub fn expansion_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    if has_subscriptions(ctx) {
        let m = figures(ctx, scope)?;
        let grown = |m: &Movements| m.expansion + m.reactivation;
        let pooled = pooled_mrr(ctx, scope, &m, grown)?;
        let value = match &pooled {
            Some(p) => p.ratio(),
            None => (m.start > 0.0).then(|| grown(&m) / m.start),
        };
        let c = with_mrr_details(Computed::value(value), &m);
        return Ok(with_pooled(c, pooled.as_ref(), "pooled_mrr_expansion"));
    }
    let (growth, base, repeat, buyers_before) = orders_expansion(ctx, scope)?;
    let range = Computed {
        value: (base > 0.0).then(|| growth / base),
        n: Some(repeat),
        ..Computed::default()
    }
    .with_detail("previous_revenue_of_returning", base)
    .with_detail("growth", growth);
    if buyers_before == 0
        && let Some(periods) = pooling_periods(ctx, scope)
    {
        let mut returning = 0u64;
        let p = Pooled::over(&periods, |s| {
            let (growth, base, repeat, _) = orders_expansion(ctx, s)?;
            if base != 0.0 {
                returning += repeat;
            }
            Ok((growth, base))
        })?;
        let mut c = range
            .with_detail(BASIS_POOLED, 1.0)
            .with_detail("pooled_periods", f64::from(p.periods))
            .with_detail("pooled_previous_revenue_of_returning", p.den)
            .with_detail("pooled_growth", p.num);
        c.value = p.ratio();
        c.n = Some(returning);
        return Ok(c);
    }
    Ok(range.with_detail(BASIS_POOLED, 0.0))
}

pub fn explain_expansion_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    if has_subscriptions(ctx) {
        return explain_movements(ctx, scope);
    }
    if let Some(rows) = explain_pooled_orders(ctx, scope, true)? {
        return Ok(rows);
    }
    let (_, mut v) = orders_in(ctx, scope, scope.range.previous(), true, true)?;
    let (_, cur) = orders_in(ctx, scope, scope.range, true, true)?;
    v.extend(cur);
    Ok(provenance(ctx, &v))
}

/// (average ticket, purchases per customer per year, orders, customers, revenue).
type LtvFactors = (Option<f64>, Option<f64>, f64, f64, f64);

/// Years of a day count (365 days a year).
fn years(days: f64) -> f64 {
    days / 365.0
}

/// The longest relationship the estimate reports, in years (an estimate from a churn near 0
/// would otherwise be unbounded).
const MAX_RELATIONSHIP_YEARS: f64 = 10.0;

/// Relationship length: the setting when given, else 1 / the annual orders-only churn rate
/// (METRICS.md's inactivity rule over the 365 days to the range's end: customers active a
/// year before the end, with a completed order in the inactivity window before that instant,
/// who are no longer active at the end), at most 10 years. Returns (years, annual churn if
/// estimated).
fn relationship_years(ctx: &Ctx<'_>, scope: &Scope) -> Result<(f64, Option<f64>), Need> {
    if let Some(y) = ctx.settings.ltv_relationship_years {
        return Ok((y, None));
    }
    // Periods sharing an end share an estimate: once per (end, filter).
    type Cache =
        RefCell<HashMap<(Timestamp, Option<(Role, String)>), Result<(f64, Option<f64>), Need>>>;
    let cache = ctx.memo("loyalty.relationship_years", Cache::default);
    let key = (scope.range.end, scope.filter.clone());
    if let Some(hit) = cache.borrow().get(&key) {
        return hit.clone();
    }
    let estimate = estimate_relationship_years(ctx, scope);
    cache.borrow_mut().insert(key, estimate.clone());
    estimate
}

fn estimate_relationship_years(ctx: &Ctx<'_>, scope: &Scope) -> Result<(f64, Option<f64>), Need> {
    let year = Scope {
        range: DateRange {
            start: scope.range.end - 365 * SECONDS_PER_DAY,
            end: scope.range.end,
        },
        filter: scope.filter.clone(),
    };
    let (lost, at_risk) = count_orders_churn(ctx, &year)?;
    if at_risk == 0 {
        return Err(Need::bare("orders.relationship_year"));
    }
    let churn = lost as f64 / at_risk as f64;
    let y = if churn > 0.0 {
        (1.0 / churn).min(MAX_RELATIONSHIP_YEARS)
    } else {
        MAX_RELATIONSHIP_YEARS
    };
    Ok((y, Some(churn)))
}

/// The factors of LTV over the scope: (average ticket, purchases per customer per year,
/// orders, customers, revenue). Kept per scope: `ltv_margin` asks again for `ltv_simple`'s.
fn ltv_factors(ctx: &Ctx<'_>, scope: &Scope) -> Result<LtvFactors, Need> {
    per_scope(ctx, "loyalty.ltv_factors", scope, || {
        count_ltv_factors(ctx, scope)
    })
}

/// `compute()`, the figure of a pass over the scope's orders, kept per scope: the pooled
/// headline and the series ask for the same periods, LTV with margin for LTV's factors. A
/// kept answer still names the files it read (the metric's `sources`).
fn per_scope<T: Clone + 'static>(
    ctx: &Ctx<'_>,
    key: &'static str,
    scope: &Scope,
    compute: impl FnOnce() -> Result<T, Need>,
) -> Result<T, Need> {
    type Cache<T> = RefCell<HashMap<ScopeKey, (Result<T, Need>, Vec<usize>)>>;
    let cache = ctx.memo(key, Cache::<T>::default);
    let key = scope_key(scope);
    if let Some((hit, read)) = cache.borrow().get(&key) {
        ctx.touch_all(read);
        return hit.clone();
    }
    let (figure, read) = ctx.reading(compute);
    cache.borrow_mut().insert(key, (figure.clone(), read));
    figure
}

/// The shortest tenure a customer counts for in the purchase frequency: a customer who first
/// bought a day before the range's end has not shown a yearly rhythm yet.
const MIN_TENURE_DAYS: f64 = 30.0;

fn count_ltv_factors(ctx: &Ctx<'_>, scope: &Scope) -> Result<LtvFactors, Need> {
    let (mut revenue, mut n, mut customers) = (0.0, 0.0, 0.0);
    let all = DateRange {
        start: Timestamp::MIN / 2,
        end: scope.range.end,
    };
    let count = ctx.customers().count as usize;
    // Each buyer's first completed order (Timestamp::MAX: not a buyer of the range).
    let mut first: Vec<Timestamp> = Vec::new();
    let mut tenure_orders = 0.0;
    with_sets(ctx, "loyalty.ltv_buyers", |[met]: &mut [CustomerSet; 1]| {
        each_customer_order(ctx, scope, scope.range, true, false, |o| {
            revenue += o.amount.unwrap_or(0.0);
            n += 1.0;
            if met.insert(o.customer) {
                customers += 1.0;
            }
        })?;
        // The buyers' orders from their first to the range's end, and their first orders.
        first = vec![Timestamp::MAX; count];
        let scoped = Scope {
            range: all,
            filter: scope.filter.clone(),
        };
        each_customer_order(ctx, &scoped, all, true, false, |o| {
            if met.contains(o.customer)
                && let Some(f) = first.get_mut(o.customer as usize)
            {
                tenure_orders += 1.0;
                *f = (*f).min(o.at);
            }
        })
    })?;
    let end = scope.range.end;
    let tenure_years: f64 = first
        .iter()
        .filter(|&&f| f != Timestamp::MAX)
        .map(|&f| years(((end - f) as f64 / SECONDS_PER_DAY as f64).max(MIN_TENURE_DAYS)))
        .sum();
    let ticket = (n > 0.0).then(|| revenue / n);
    let freq = (tenure_years > 0.0).then(|| tenure_orders / tenure_years);
    Ok((ticket, freq, n, customers, revenue))
}

/// A scope as a cache key.
type ScopeKey = (Timestamp, Timestamp, Option<(Role, String)>);

fn scope_key(scope: &Scope) -> ScopeKey {
    (scope.range.start, scope.range.end, scope.filter.clone())
}

/// A number column of a prepared orders table copied into date order (NaN: empty cell), so
/// that passes over a period read it in sequence. Built once per table and role.
fn sorted_numbers(ctx: &Ctx<'_>, ot: &prep::OrderTable, role: Role) -> Option<Rc<Vec<f64>>> {
    type Cache = RefCell<HashMap<(usize, Role), Option<Rc<Vec<f64>>>>>;
    let cache = ctx.memo("loyalty.sorted_numbers", Cache::default);
    if let Some(hit) = cache.borrow().get(&(ot.t, role)) {
        return hit.clone();
    }
    let built = ctx.tables[ot.t].numbers(role).map(|values| {
        Rc::new(
            ot.sorted
                .index
                .rows
                .iter()
                .map(|&r| values.get(r as usize).unwrap_or(f64::NAN))
                .collect(),
        )
    });
    cache.borrow_mut().insert((ot.t, role), built.clone());
    built
}

/// `loyalty.ltv_simple` = average ticket * purchases per customer per year * relationship years.
/// Average ticket = completed revenue / completed orders of known customers in the period;
/// purchases per customer per year = the completed orders of the customers who bought in the
/// period, from their first order to the period's end, / the sum of their tenures in years
/// (first order to the period's end, at least 30 days), so a short period does not inflate
/// it; relationship years = `settings.ltv_relationship_years`, else 1 / the annual
/// orders-only churn over the 365 days to the period's end (capped at 10 years). Each factor
/// is in `details`.
pub fn ltv_simple(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (ticket, freq, n, customers, _) = ltv_factors(ctx, scope)?;
    let (years, churn) = relationship_years(ctx, scope)?;
    let mut c = Computed {
        value: ticket.zip(freq).map(|(t, f)| t * f * years),
        n: Some(customers as u64),
        ..Computed::default()
    }
    .with_detail("relationship_years", years)
    .with_detail(
        "relationship_years_estimated",
        if churn.is_some() { 1.0 } else { 0.0 },
    )
    .with_detail("orders", n)
    .with_detail("customers", customers);
    if let Some(t) = ticket {
        c = c.with_detail("average_ticket", t);
    }
    if let Some(f) = freq {
        c = c.with_detail("purchases_per_customer_per_year", f);
    }
    if let Some(ch) = churn {
        c = c.with_detail("annual_churn", ch);
    }
    Ok(c)
}

pub fn explain_ltv(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let (_, v) = orders_in(ctx, scope, scope.range, true, true)?;
    Ok(provenance(ctx, &v))
}

/// The orders of known customers in `range` (filter of `scope`), with the rule applied to
/// each (`loyalty.clv_predicted` explains its history with it).
pub(super) fn explain_customer_orders(
    ctx: &Ctx<'_>,
    scope: &Scope,
    range: DateRange,
) -> Result<Vec<ProvenanceRow>, Need> {
    let (_, v) = orders_in(ctx, scope, range, false, true)?;
    Ok(provenance(ctx, &v))
}

/// The profit margin over the scope's completed orders: from a margin column (revenue-weighted
/// mean), else a cost column ((revenue - cost) / revenue), else `settings.default_margin`.
/// Returns (margin, source: 1 margin column, 2 cost column, 3 setting).
fn margin(ctx: &Ctx<'_>, scope: &Scope) -> Result<(f64, f64), Need> {
    let no_margin = || Need::bare("orders.margin");
    let has_columns = ctx
        .tables_of(TableKind::Orders)
        .any(|(_, t)| t.numbers(Role::Margin).is_some() || t.numbers(Role::Cost).is_some());
    if !has_columns && ctx.settings.default_margin.is_none() {
        return Err(no_margin());
    }
    // Margin and cost in date order, per prepared table (indexed like `ctx.tables`).
    let prepared = prep::Orders::get(ctx);
    type Column = Option<Rc<Vec<f64>>>;
    let mut columns: Vec<Option<(Column, Column)>> = vec![None; ctx.tables.len()];
    for ot in &prepared.tables {
        columns[ot.t] = Some((
            sorted_numbers(ctx, ot, Role::Margin),
            sorted_numbers(ctx, ot, Role::Cost),
        ));
    }
    let (mut rev_m, mut weighted, mut rev_c, mut cost) = (0.0, 0.0, 0.0, 0.0);
    each_customer_order(ctx, scope, scope.range, true, false, |o| {
        let Some(Some((margins, costs))) = columns.get(o.table) else {
            return;
        };
        let amount = o.amount.unwrap_or(0.0);
        let p = o.position as usize;
        if let Some(&m) = margins.as_ref().and_then(|m| m.get(p))
            && !m.is_nan()
        {
            rev_m += amount;
            weighted += amount * m;
        }
        if let Some(&c) = costs.as_ref().and_then(|c| c.get(p))
            && !c.is_nan()
        {
            rev_c += amount;
            cost += c;
        }
    })?;
    if rev_m > 0.0 {
        Ok((weighted / rev_m, 1.0))
    } else if rev_c > 0.0 {
        Ok(((rev_c - cost) / rev_c, 2.0))
    } else if let Some(m) = ctx.settings.default_margin {
        Ok((m, 3.0))
    } else {
        Err(no_margin())
    }
}

/// `loyalty.ltv_margin` = ltv_simple * profit margin; the margin comes from the orders'
/// margin column (revenue-weighted), else their cost column ((revenue - cost) / revenue), else
/// `settings.default_margin` (`details.margin_source` 1, 2, 3).
pub fn ltv_margin(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (m, source) = margin(ctx, scope)?;
    let base = ltv_simple(ctx, scope)?;
    let mut c = base.clone();
    c.value = base.value.map(|v| v * m);
    if let Some(v) = base.value {
        c = c.with_detail("ltv_simple", v);
    }
    Ok(c.with_detail("margin", m)
        .with_detail("margin_source", source))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Query;
    use crate::settings::Settings;
    use crate::table::{Table, Values, text_values};

    /// What a visit sees, comparable.
    fn seen(o: &Order) -> (Timestamp, u32, Option<u64>, usize, u32) {
        (
            o.at,
            o.customer,
            o.amount.map(f64::to_bits),
            o.table,
            o.position,
        )
    }

    proptest::proptest! {
        /// The purchases (read when no verdicts are asked for) are exactly the orders the
        /// row-by-row verdicts include, in the same order, for any range and filter.
        #[test]
        fn purchases_visit_what_the_verdicts_include(
            rows in proptest::collection::vec(
                (0u8..4, 0u8..3, 0u8..3, proptest::option::of(1u8..50), 0i64..90),
                0..60,
            ),
            from in 0i64..90,
            days in 1i64..60,
            filter in 0u8..4,
            needs_amount in proptest::bool::ANY,
        ) {
            let base = 1_735_689_600; // 2025-01-01
            let customers = ["c1", "c2", "c3", ""];
            let statuses = ["pago", "cancelado", ""];
            let channels = ["a", "b", ""];
            let t = Table::new("orders.csv", TableKind::Orders)
                .with_column("customer", Role::CustomerId,
                    text_values(rows.iter().map(|r| customers[r.0 as usize])))
                .with_column("status", Role::Status,
                    text_values(rows.iter().map(|r| statuses[r.1 as usize])))
                .with_column("channel", Role::Channel,
                    text_values(rows.iter().map(|r| channels[r.2 as usize])))
                .with_column("total", Role::Amount,
                    Values::Number(rows.iter().map(|r| r.3.map(f64::from)).collect()))
                .with_column("date", Role::OrderDate,
                    Values::Date(rows.iter().map(|r| Some(base + r.4 * SECONDS_PER_DAY)).collect()));
            let tables = [t];
            let (settings, query) = (Settings::default(), Query::default());
            let ctx = Ctx::new(&tables, &settings, &query);
            let scope = Scope {
                range: DateRange {
                    start: base + from * SECONDS_PER_DAY,
                    end: base + (from + days) * SECONDS_PER_DAY,
                },
                filter: match filter {
                    0 => None,
                    1 => Some((Role::Channel, "a".to_string())),
                    2 => Some((Role::Channel, "zz".to_string())),
                    _ => Some((Role::Segment, "x".to_string())),
                },
            };
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            let a = each_customer_order(&ctx, &scope, scope.range, needs_amount, false, |o| fast.push(seen(&o)));
            let b = each_customer_order(&ctx, &scope, scope.range, needs_amount, true, |o| slow.push(seen(&o)));
            proptest::prop_assert_eq!(a.is_ok(), b.is_ok());
            proptest::prop_assert_eq!(fast, slow);
        }
    }
}
