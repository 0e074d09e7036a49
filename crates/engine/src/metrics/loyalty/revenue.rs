//! Revenue-retention metrics: customer churn, revenue churn, NRR (with GRR), expansion, LTV.

use super::super::service::common::{
    Verdict, number_at, provenance, range_days, row_status, status_classes, status_rule, table_date,
};
use super::super::subscriptions::{self, Movement, Movements, Subscription};
use super::super::{Computed, Ctx, Customers, Needs, Scope};
use crate::period::{DateRange, SECONDS_PER_DAY};
use crate::report::ProvenanceRow;
use crate::table::{Role, Status, TableKind, Timestamp};
use std::collections::{HashMap, HashSet};

/// The subscription book and its movements over the scope's range.
fn movements(
    ctx: &Ctx<'_>,
    scope: &Scope,
) -> Result<(Vec<Subscription>, Vec<Verdict>, Movements), Needs> {
    let (subs, verdicts) = subscriptions::book(ctx, scope)?;
    let m = subscriptions::movements(&subs, scope.range.start, scope.range.end);
    Ok((subs, verdicts, m))
}

/// Subscription rows labelled with their customer's movement over the range.
fn movement_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Needs> {
    let (subs, mut verdicts, m) = movements(ctx, scope)?;
    let by_row: HashMap<(usize, u32), &Subscription> =
        subs.iter().map(|s| ((s.table, s.row), s)).collect();
    for v in verdicts.iter_mut().filter(|v| v.included) {
        let Some(s) = by_row.get(&(v.table, v.row)) else {
            continue;
        };
        let movement = m.per_customer.get(&s.customer).map(|c| c.movement());
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
    ctx.tables_of(TableKind::Subscriptions).any(|(_, t)| {
        t.dates(Role::StartedAt).is_some()
            && (t.numbers(Role::Mrr).is_some() || t.numbers(Role::Amount).is_some())
    })
}

/// A completed order: `(timestamp, customer key, amount, cost, margin)`.
#[derive(Debug, Clone, Copy)]
struct Order {
    at: Timestamp,
    customer: u32,
    amount: Option<f64>,
}

/// Orders of the files in `range` with their verdicts; included ones are completed orders of
/// a known customer. `needs_amount` excludes orders with no amount.
fn orders_in(
    ctx: &Ctx<'_>,
    scope: &Scope,
    range: DateRange,
    needs_amount: bool,
) -> Result<(Vec<Order>, Vec<Verdict>), Needs> {
    let customers = ctx.customers();
    let mut orders = Vec::new();
    let mut verdicts = Vec::new();
    let mut any = false;
    for (ti, t) in ctx.tables_of(TableKind::Orders) {
        let Some(role) = table_date(t) else {
            continue;
        };
        if !super::super::service::common::has_customer(t) {
            continue;
        }
        if needs_amount && t.numbers(Role::Amount).is_none() {
            continue;
        }
        any = true;
        let classes = status_classes(ctx, t);
        let dates = t.dates(role);
        let s = Scope {
            range,
            filter: scope.filter.clone(),
        };
        for r in ctx.rows(ti, role, &s) {
            let status = row_status(t, classes.as_deref(), r);
            if status != Status::Completed {
                verdicts.push(Verdict::new(ti, r, false, status_rule(status)));
                continue;
            }
            let key = customers.keys[ti][r as usize];
            if key == Customers::NONE {
                verdicts.push(Verdict::new(
                    ti,
                    r,
                    false,
                    "excluded: no customer id or e-mail",
                ));
                continue;
            }
            let amount = number_at(t, Role::Amount, r);
            if needs_amount && amount.is_none() {
                verdicts.push(Verdict::new(ti, r, false, "excluded: no amount"));
                continue;
            }
            let at = dates
                .and_then(|d| d.get(r as usize).copied().flatten())
                .unwrap_or(range.start);
            orders.push(Order {
                at,
                customer: key,
                amount,
            });
            let v = Verdict::new(ti, r, true, "included: completed order");
            verdicts.push(match amount {
                Some(a) => v.with(a),
                None => v,
            });
        }
    }
    if !any {
        return Err(Needs(
            "an orders file with a date and a customer id or e-mail column".into(),
        ));
    }
    Ok((orders, verdicts))
}

/// `loyalty.customer_churn_rate`.
///
/// With subscriptions: customers with an active subscription at the period's start and none
/// at its end / customers with an active subscription at its start (customers who joined and
/// left inside the period are not counted). With orders only: customers with a completed
/// order in the previous period of equal length and none in this one / customers with a
/// completed order in the previous period.
pub fn customer_churn_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    if has_subscriptions(ctx) {
        let (_, _, m) = movements(ctx, scope)?;
        return Ok(Computed::proportion(m.customers_churned, m.customers_start)
            .with_detail("customers_start", m.customers_start as f64)
            .with_detail("customers_churned", m.customers_churned as f64));
    }
    let (prev, _) = orders_in(ctx, scope, scope.range.previous(), false)?;
    let (cur, _) = orders_in(ctx, scope, scope.range, false)?;
    let before: HashSet<u32> = prev.iter().map(|o| o.customer).collect();
    let now: HashSet<u32> = cur.iter().map(|o| o.customer).collect();
    let lost = before.difference(&now).count() as u64;
    Ok(Computed::proportion(lost, before.len() as u64)
        .with_detail("customers_previous", before.len() as f64)
        .with_detail("customers_churned", lost as f64))
}

pub fn explain_customer_churn_rate(
    ctx: &Ctx<'_>,
    scope: &Scope,
) -> Result<Vec<ProvenanceRow>, Needs> {
    if has_subscriptions(ctx) {
        return Ok(provenance(ctx, &movement_verdicts(ctx, scope)?));
    }
    let (cur, _) = orders_in(ctx, scope, scope.range, false)?;
    let now: HashSet<u32> = cur.iter().map(|o| o.customer).collect();
    let customers = ctx.customers();
    let (_, mut v) = orders_in(ctx, scope, scope.range.previous(), false)?;
    for x in v.iter_mut().filter(|x| x.included) {
        let key = customers.keys[x.table][x.row as usize];
        x.rule = if now.contains(&key) {
            "included: bought in the previous period and again in this one"
        } else {
            "included: bought in the previous period, not in this one (churned)"
        };
    }
    Ok(provenance(ctx, &v))
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

/// `loyalty.revenue_churn_rate` = gross MRR churn = (mrr_churn + mrr_contraction) / MRR at the
/// period's start. Absent (no value) when the start MRR is 0.
pub fn revenue_churn_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let (_, _, m) = movements(ctx, scope)?;
    let value = (m.start > 0.0).then(|| (m.churn + m.contraction) / m.start);
    Ok(with_mrr_details(Computed::value(value), &m))
}

/// `loyalty.nrr` = (MRR start + expansion + reactivation - contraction - churn) / MRR start;
/// `details.grr` = (MRR start - contraction - churn) / MRR start. New customers' MRR is in
/// neither. (GRR is a detail of this metric rather than its own id, to keep the catalogue
/// equal to METRICS.md.)
pub fn nrr(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let (_, _, m) = movements(ctx, scope)?;
    let mut c = Computed::value(
        (m.start > 0.0)
            .then(|| (m.start + m.expansion + m.reactivation - m.contraction - m.churn) / m.start),
    );
    if m.start > 0.0 {
        c = c.with_detail("grr", (m.start - m.contraction - m.churn) / m.start);
    }
    Ok(with_mrr_details(c, &m))
}

pub fn explain_movements(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    Ok(provenance(ctx, &movement_verdicts(ctx, scope)?))
}

/// `loyalty.expansion_rate`.
///
/// With subscriptions: (mrr_expansion + mrr_reactivation) / MRR at the period's start.
/// Orders only: over customers with completed orders in both the previous period (of equal
/// length) and this one, the sum of revenue increases of those whose revenue grew / the
/// previous-period revenue of all of them.
pub fn expansion_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    if has_subscriptions(ctx) {
        let (_, _, m) = movements(ctx, scope)?;
        let value = (m.start > 0.0).then(|| (m.expansion + m.reactivation) / m.start);
        return Ok(with_mrr_details(Computed::value(value), &m));
    }
    let (prev, _) = orders_in(ctx, scope, scope.range.previous(), true)?;
    let (cur, _) = orders_in(ctx, scope, scope.range, true)?;
    let sum = |orders: &[Order]| {
        let mut m: HashMap<u32, f64> = HashMap::new();
        for o in orders {
            *m.entry(o.customer).or_default() += o.amount.unwrap_or(0.0);
        }
        m
    };
    let (before, now) = (sum(&prev), sum(&cur));
    let (mut base, mut growth, mut repeat) = (0.0, 0.0, 0u64);
    for (c, p) in &before {
        if let Some(n) = now.get(c) {
            repeat += 1;
            base += p;
            if n > p {
                growth += n - p;
            }
        }
    }
    Ok(Computed {
        value: (base > 0.0).then(|| growth / base),
        n: Some(repeat),
        ..Computed::default()
    }
    .with_detail("previous_revenue_of_returning", base)
    .with_detail("growth", growth))
}

pub fn explain_expansion_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    if has_subscriptions(ctx) {
        return Ok(provenance(ctx, &movement_verdicts(ctx, scope)?));
    }
    let (_, mut v) = orders_in(ctx, scope, scope.range.previous(), true)?;
    let (_, cur) = orders_in(ctx, scope, scope.range, true)?;
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

/// Relationship length: the setting when given, else 1 / annual churn estimated from the
/// whole order history: customers whose first completed order is at least a year before the
/// latest order are at risk; those of them with no order in that last year are lost.
/// Returns (years, annual churn if estimated).
fn relationship_years(ctx: &Ctx<'_>, scope: &Scope) -> Result<(f64, Option<f64>), Needs> {
    if let Some(y) = ctx.settings.ltv_relationship_years {
        return Ok((y, None));
    }
    let all = DateRange {
        start: Timestamp::MIN / 2,
        end: Timestamp::MAX / 2,
    };
    let (orders, _) = orders_in(ctx, scope, all, false)?;
    let Some(latest) = orders.iter().map(|o| o.at).max() else {
        return Err(Needs("completed orders to estimate the relationship length, or settings.ltv_relationship_years".into()));
    };
    let cutoff = latest - 365 * SECONDS_PER_DAY;
    let mut span: HashMap<u32, (Timestamp, Timestamp)> = HashMap::new();
    for o in &orders {
        let e = span.entry(o.customer).or_insert((o.at, o.at));
        e.0 = e.0.min(o.at);
        e.1 = e.1.max(o.at);
    }
    let at_risk: Vec<&(Timestamp, Timestamp)> = span
        .values()
        .filter(|(first, _)| *first <= cutoff)
        .collect();
    if at_risk.is_empty() {
        return Err(Needs(
            "at least a year of order history to estimate the relationship length, or settings.ltv_relationship_years".into(),
        ));
    }
    let lost = at_risk.iter().filter(|(_, last)| *last <= cutoff).count();
    let churn = lost as f64 / at_risk.len() as f64;
    let y = if churn > 0.0 {
        (1.0 / churn).min(MAX_RELATIONSHIP_YEARS)
    } else {
        MAX_RELATIONSHIP_YEARS
    };
    Ok((y, Some(churn)))
}

/// The factors of LTV over the scope: (average ticket, purchases per customer per year,
/// orders, customers, revenue).
fn ltv_factors(ctx: &Ctx<'_>, scope: &Scope) -> Result<LtvFactors, Needs> {
    let (orders, _) = orders_in(ctx, scope, scope.range, true)?;
    let revenue: f64 = orders.iter().filter_map(|o| o.amount).sum();
    let n = orders.len() as f64;
    let customers = orders
        .iter()
        .map(|o| o.customer)
        .collect::<HashSet<_>>()
        .len() as f64;
    let y = years(range_days(scope.range));
    let ticket = (n > 0.0).then(|| revenue / n);
    let freq = (customers > 0.0 && y > 0.0).then(|| n / customers / y);
    Ok((ticket, freq, n, customers, revenue))
}

/// `loyalty.ltv_simple` = average ticket * purchases per customer per year * relationship years.
/// Average ticket = completed revenue / completed orders of known customers in the period;
/// purchases per customer per year = those orders / their distinct customers / the period's
/// length in years (365 days); relationship years = `settings.ltv_relationship_years`, else
/// 1 / annual churn estimated from the order history (capped at 10 years). Each factor is in
/// `details`.
pub fn ltv_simple(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
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

pub fn explain_ltv(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    let (_, v) = orders_in(ctx, scope, scope.range, true)?;
    Ok(provenance(ctx, &v))
}

/// The profit margin over the scope's completed orders: from a margin column (revenue-weighted
/// mean), else a cost column ((revenue - cost) / revenue), else `settings.default_margin`.
/// Returns (margin, source: 1 margin column, 2 cost column, 3 setting).
fn margin(ctx: &Ctx<'_>, scope: &Scope) -> Result<(f64, f64), Needs> {
    let (_, verdicts) = orders_in(ctx, scope, scope.range, true)?;
    let (mut rev_m, mut weighted, mut rev_c, mut cost) = (0.0, 0.0, 0.0, 0.0);
    for v in verdicts.iter().filter(|v| v.included) {
        let Some(t) = ctx.tables.get(v.table) else {
            continue;
        };
        let amount = v.value.unwrap_or(0.0);
        if let Some(m) = number_at(t, Role::Margin, v.row) {
            rev_m += amount;
            weighted += amount * m;
        }
        if let Some(c) = number_at(t, Role::Cost, v.row) {
            rev_c += amount;
            cost += c;
        }
    }
    if rev_m > 0.0 {
        Ok((weighted / rev_m, 1.0))
    } else if rev_c > 0.0 {
        Ok(((rev_c - cost) / rev_c, 2.0))
    } else if let Some(m) = ctx.settings.default_margin {
        Ok((m, 3.0))
    } else {
        Err(Needs(
            "an orders cost or margin column, or settings.default_margin".into(),
        ))
    }
}

/// `loyalty.ltv_margin` = ltv_simple * profit margin; the margin comes from the orders'
/// margin column (revenue-weighted), else their cost column ((revenue - cost) / revenue), else
/// `settings.default_margin` (`details.margin_source` 1, 2, 3).
pub fn ltv_margin(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let base = ltv_simple(ctx, scope)?;
    let (m, source) = margin(ctx, scope)?;
    let mut c = base.clone();
    c.value = base.value.map(|v| v * m);
    if let Some(v) = base.value {
        c = c.with_detail("ltv_simple", v);
    }
    Ok(c.with_detail("margin", m)
        .with_detail("margin_source", source))
}
