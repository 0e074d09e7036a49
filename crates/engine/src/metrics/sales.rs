//! Sales metrics of METRICS.md: orders, revenue, tickets, carts, repurchase, up/cross-sell,
//! new customers, CAC, ROI (here) and the subscription metrics MRR/ARR/ARPA and MRR
//! movements (in [`mrr`]).
//!
//! Orders: every orders table with an order date is read (one row per order, as ingest
//! folds line items). Amounts count only completed orders (status class `Completed`, or
//! every row when the table has no status column). Money is never summed across currencies:
//! the headline is in the main currency (the one most rows are in) and the others are in
//! `details` as `revenue_USD`, ...

pub mod mrr;
pub mod prep;

use super::marks::{CustomerSet, with_sets};
use super::{Computed, Ctx, Def, Needs, Sample, Scope};
use crate::report::{ProvenanceRow, Unit};
use crate::table::Timestamp;
use crate::table::{Role, Status};
use prep::{OrderType, OrderView, Orders, Spend, prov};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Where an orders metric can be broken down.
const ORDER_BREAKDOWNS: &[Role] = &[Role::Channel, Role::Source, Role::Campaign, Role::Segment];

/// This stage's metrics, in METRICS.md order.
pub static DEFS: &[Def] = &[
    Def {
        id: "sales.orders",
        unit: Unit::Count,
        formula: "count of completed orders",
        compute: orders,
        explain: explain_orders,
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.revenue",
        unit: Unit::Currency,
        formula: "sum of completed order amounts (main currency; others reported apart)",
        compute: revenue,
        explain: explain_revenue,
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.average_ticket",
        unit: Unit::Currency,
        formula: "revenue / completed orders with an amount (main currency)",
        compute: average_ticket,
        explain: explain_revenue,
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.cart_abandonment_rate",
        unit: Unit::Rate,
        formula: "abandoned carts / (completed + abandoned carts), by cart date",
        compute: cart_abandonment_rate,
        explain: explain_cart_abandonment,
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.repurchase_rate",
        unit: Unit::Rate,
        formula: "customers with >= 2 completed orders in the range / customers with >= 1",
        compute: repurchase_rate,
        explain: explain_repurchase,
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.upsell_revenue",
        unit: Unit::Currency,
        formula: "revenue of completed orders typed upsell; without order types, expansion MRR",
        compute: upsell_revenue,
        explain: explain_upsell,
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.cross_sell_revenue",
        unit: Unit::Currency,
        formula: "revenue of completed orders typed cross-sell",
        compute: cross_sell_revenue,
        explain: explain_cross_sell,
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.new_customers",
        unit: Unit::Count,
        formula: "customers whose first completed order (over all the data) falls in the period",
        compute: new_customers,
        explain: explain_new_customers,
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.cac",
        unit: Unit::Currency,
        formula: "marketing spend / new customers (per channel when spend and orders both have one)",
        compute: cac,
        explain: explain_cac,
        breakdowns: &[Role::Channel, Role::Source, Role::Campaign],
        series: true,
    },
    Def {
        id: "sales.roi",
        unit: Unit::Ratio,
        formula: "(revenue - marketing spend) / marketing spend (per channel when both have one)",
        compute: roi,
        explain: explain_roi,
        breakdowns: &[Role::Channel, Role::Source, Role::Campaign],
        series: true,
    },
    Def {
        id: "sales.mrr",
        unit: Unit::Currency,
        formula: "sum of active subscriptions' monthly amounts at the end of the range (yearly / 12, weekly * 52 / 12)",
        compute: mrr::mrr,
        explain: mrr::explain_mrr,
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.arr",
        unit: Unit::Currency,
        formula: "12 * MRR at the end of the range",
        compute: mrr::arr,
        explain: mrr::explain_mrr,
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.arpa",
        unit: Unit::Currency,
        formula: "MRR / paying customers at the end of the range (a customer's subscriptions merged)",
        compute: mrr::arpa,
        explain: mrr::explain_mrr,
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.mrr_new",
        unit: Unit::Currency,
        formula: "MRR at the end of customers paying for the first time in the range",
        compute: mrr::mrr_new,
        explain: mrr::explain_movements,
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.mrr_expansion",
        unit: Unit::Currency,
        formula: "sum of MRR increases of customers paying at both the start and the end",
        compute: mrr::mrr_expansion,
        explain: mrr::explain_movements,
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.mrr_contraction",
        unit: Unit::Currency,
        formula: "sum of MRR decreases of customers paying at both the start and the end",
        compute: mrr::mrr_contraction,
        explain: mrr::explain_movements,
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.mrr_churn",
        unit: Unit::Currency,
        formula: "start MRR of customers paying at the start and not at the end",
        compute: mrr::mrr_churn,
        explain: mrr::explain_movements,
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.mrr_reactivation",
        unit: Unit::Currency,
        formula: "end MRR of customers who paid before the range, not at its start, and pay at its end",
        compute: mrr::mrr_reactivation,
        explain: mrr::explain_movements,
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
];

/// (metric id, DuckDB twin) for this stage.
pub static SQL: &[(&str, &str)] = &[
    ("sales.orders", include_str!("../../sql/sales.orders.sql")),
    ("sales.revenue", include_str!("../../sql/sales.revenue.sql")),
    (
        "sales.average_ticket",
        include_str!("../../sql/sales.average_ticket.sql"),
    ),
    (
        "sales.cart_abandonment_rate",
        include_str!("../../sql/sales.cart_abandonment_rate.sql"),
    ),
    (
        "sales.repurchase_rate",
        include_str!("../../sql/sales.repurchase_rate.sql"),
    ),
    (
        "sales.upsell_revenue",
        include_str!("../../sql/sales.upsell_revenue.sql"),
    ),
    (
        "sales.cross_sell_revenue",
        include_str!("../../sql/sales.cross_sell_revenue.sql"),
    ),
    (
        "sales.new_customers",
        include_str!("../../sql/sales.new_customers.sql"),
    ),
    ("sales.cac", include_str!("../../sql/sales.cac.sql")),
    ("sales.roi", include_str!("../../sql/sales.roi.sql")),
    ("sales.mrr", include_str!("../../sql/sales.mrr.sql")),
    ("sales.arr", include_str!("../../sql/sales.arr.sql")),
    ("sales.arpa", include_str!("../../sql/sales.arpa.sql")),
    ("sales.mrr_new", include_str!("../../sql/sales.mrr_new.sql")),
    (
        "sales.mrr_expansion",
        include_str!("../../sql/sales.mrr_expansion.sql"),
    ),
    (
        "sales.mrr_contraction",
        include_str!("../../sql/sales.mrr_contraction.sql"),
    ),
    (
        "sales.mrr_churn",
        include_str!("../../sql/sales.mrr_churn.sql"),
    ),
    (
        "sales.mrr_reactivation",
        include_str!("../../sql/sales.mrr_reactivation.sql"),
    ),
];

/// A breakdown filter on a column no input table has would silently give the totals: refuse
/// it. The query's own segment filter is left to the framework (tables without the column
/// stay whole).
pub(crate) fn check_filter(
    ctx: &Ctx<'_>,
    scope: &Scope,
    applies: bool,
    what: &str,
) -> Result<(), Needs> {
    match &scope.filter {
        Some((role, _)) if !applies && scope.filter != ctx.scope().filter => Err(Needs(format!(
            "a {} column in the {what}",
            super::role_id(*role)
        ))),
        _ => Ok(()),
    }
}

/// Calls `f(table, order)` for every order in the scope, table by table, reading the
/// date-ordered columns (see [`prep::Sorted`]).
fn each_sorted(
    ctx: &Ctx<'_>,
    scope: &Scope,
    orders: &Orders,
    mut f: impl FnMut(&prep::OrderTable, &prep::Order),
) {
    for ot in &orders.tables {
        ot.each(ctx, scope, |p| f(ot, &ot.sorted.orders[p]));
    }
}

/// Calls `f` for every orders row in the scope, table by table.
fn each_order(
    ctx: &Ctx<'_>,
    scope: &Scope,
    orders: &Orders,
    mut f: impl FnMut(&OrderView<'_>, usize),
) {
    let customers = ctx.customers();
    for ot in &orders.tables {
        let view = orders.view(ctx, ot, &customers);
        for r in ctx.rows(ot.t, ot.date, scope) {
            f(&view, r as usize);
        }
    }
}

/// Completed-order money of a scope, per currency.
#[derive(Debug, Default)]
struct Money {
    sums: Vec<f64>,
    counts: Vec<u64>,
    /// Sum of squared amounts in the main currency (for the ticket's interval).
    main_sq: f64,
    main: usize,
    currency: Option<String>,
    others: Vec<(String, f64)>,
}

impl Money {
    fn total(&self) -> f64 {
        self.sums.get(self.main).copied().unwrap_or(0.0)
    }

    fn count(&self) -> u64 {
        self.counts.get(self.main).copied().unwrap_or(0)
    }

    fn computed(&self, prefix: &str) -> Computed {
        let mut c = Computed {
            value: Some(self.total()),
            n: Some(self.count()),
            currency: self.currency.clone(),
            ..Computed::default()
        };
        for (k, v) in &self.others {
            c.details.insert(k.replace("revenue", prefix), *v);
        }
        c
    }
}

/// Everything the orders metrics read from one scope, computed in one pass and shared by
/// them: ten metrics over the same period or breakdown row cost one pass, not ten.
#[derive(Debug, Default)]
struct Totals {
    completed: u64,
    abandoned: u64,
    /// Completed orders with an amount, per currency, for [all, upsell, cross-sell] orders.
    sums: [Vec<f64>; 3],
    counts: [Vec<u64>; 3],
    /// Σ amount² of all completed orders in the main currency.
    main_sq: f64,
    /// Customers with ≥ 1 and ≥ 2 completed orders in the scope.
    buyers: u64,
    repeat: u64,
    /// Completed orders that are their customer's first ever.
    new_customers: u64,
}

const ALL: usize = 0;
const UPSELL: usize = 1;
const CROSS_SELL: usize = 2;

type ScopeKey = (Timestamp, Timestamp, Option<(Role, String)>);

fn totals(ctx: &Ctx<'_>, scope: &Scope, orders: &Orders) -> Rc<Totals> {
    let cache = ctx.memo("sales.order_totals", || {
        RefCell::new(HashMap::<ScopeKey, Rc<Totals>>::new())
    });
    // A cached answer still reads the orders files (the metric's `sources`).
    for ot in &orders.tables {
        ctx.touch(ot.t);
    }
    let key = (scope.range.start, scope.range.end, scope.filter.clone());
    if let Some(t) = cache.borrow().get(&key) {
        return t.clone();
    }
    let n = orders.currencies.names.len();
    let main = orders.currencies.main;
    let mut t = Totals {
        sums: [vec![0.0; n], vec![0.0; n], vec![0.0; n]],
        counts: [vec![0; n], vec![0; n], vec![0; n]],
        ..Totals::default()
    };
    // The customers met once, and those met again (all that repurchase needs).
    with_sets(
        ctx,
        "sales.buyers",
        |[once, again]: &mut [CustomerSet; 2]| {
            each_sorted(ctx, scope, orders, |ot, o| {
                match o.status {
                    Status::Completed => {}
                    Status::Abandoned => {
                        t.abandoned += 1;
                        return;
                    }
                    _ => return,
                }
                t.completed += 1;
                t.new_customers += u64::from(o.is_first());
                if once.insert(o.customer) {
                    t.buyers += 1;
                } else if again.insert(o.customer) {
                    t.repeat += 1;
                }
                let a = o.amount;
                if a.is_nan() {
                    return;
                }
                let c = o.currency as usize;
                t.sums[ALL][c] += a;
                t.counts[ALL][c] += 1;
                if c == main {
                    t.main_sq += a * a;
                }
                let kind = match (ot.types.is_some(), o.order_type()) {
                    (true, OrderType::Upsell) => UPSELL,
                    (true, OrderType::CrossSell) => CROSS_SELL,
                    _ => return,
                };
                t.sums[kind][c] += a;
                t.counts[kind][c] += 1;
            });
        },
    );
    let t = Rc::new(t);
    cache.borrow_mut().insert(key, t.clone());
    t
}

/// The completed-order money of a scope for orders of `kind` (ALL, UPSELL, CROSS_SELL).
fn money(ctx: &Ctx<'_>, scope: &Scope, kind: usize) -> Result<Money, Needs> {
    let orders = Orders::get(ctx);
    orders.require_amounts(ctx)?;
    check_filter(ctx, scope, orders.filter_applies(ctx, scope), "orders file")?;
    let t = totals(ctx, scope, &orders);
    let main = orders.currencies.main;
    let (sums, counts) = (&t.sums[kind], &t.counts[kind]);
    let seen: Vec<bool> = (0..sums.len())
        .map(|c| c != main && counts[c] > 0)
        .collect();
    Ok(Money {
        sums: sums.clone(),
        counts: counts.clone(),
        main_sq: t.main_sq,
        main,
        currency: orders.currencies.main_name(),
        others: orders.currencies.details("revenue", sums, &seen),
    })
}

/// Provenance of money metrics: each order in the scope, with why it is (not) in the sum.
fn explain_money(
    ctx: &Ctx<'_>,
    scope: &Scope,
    pick: impl Fn(&OrderView<'_>, usize) -> Option<String>,
) -> Result<Vec<ProvenanceRow>, Needs> {
    let orders = Orders::get(ctx);
    orders.require_amounts(ctx)?;
    let main = orders.currencies.main;
    let mut out = Vec::new();
    each_order(ctx, scope, &orders, |v, r| {
        let amount = v.amounts.and_then(|a| a[r]);
        let (ok, rule) = v.status_rule(r);
        let row = r as u32;
        out.push(if !ok {
            prov(v.table, row, false, rule, amount)
        } else if amount.is_none() {
            prov(v.table, row, false, "excluded: no amount".into(), None)
        } else if v.currency.at(r) != main {
            prov(
                v.table,
                row,
                false,
                format!(
                    "excluded: currency {} (reported apart, never summed)",
                    orders.currencies.name(v.currency.at(r))
                ),
                amount,
            )
        } else if let Some(why) = pick(v, r) {
            prov(v.table, row, false, why, amount)
        } else {
            prov(v.table, row, true, rule, amount)
        });
    });
    Ok(out)
}

/// `sales.orders` = count of completed orders whose order date is in the period.
///
/// Every currency counts (a count is not a sum of money). No status column: every row counts.
pub fn orders(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let orders = Orders::get(ctx);
    orders.require()?;
    check_filter(ctx, scope, orders.filter_applies(ctx, scope), "orders file")?;
    let n = totals(ctx, scope, &orders).completed;
    Ok(Computed {
        value: Some(n as f64),
        n: Some(n),
        ..Computed::default()
    })
}

fn explain_orders(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    let orders = Orders::get(ctx);
    orders.require()?;
    let mut out = Vec::new();
    each_order(ctx, scope, &orders, |v, r| {
        let (ok, rule) = v.status_rule(r);
        out.push(prov(v.table, r as u32, ok, rule, None));
    });
    Ok(out)
}

/// `sales.revenue` = Σ amount of completed orders in the period, in the main currency;
/// `details.revenue_XXX` for each other currency (never summed with the main one).
pub fn revenue(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    Ok(money(ctx, scope, ALL)?.computed("revenue"))
}

fn explain_revenue(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    explain_money(ctx, scope, |_, _| None)
}

/// `sales.average_ticket` = revenue / completed orders with an amount, in the main currency.
///
/// Carries the orders' mean and standard deviation, so it gets a 95% interval and a
/// significance test of its change. No orders: absent value.
pub fn average_ticket(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let m = money(ctx, scope, ALL)?;
    let n = m.count();
    let mut c = m.computed("revenue");
    c.n = None;
    if n == 0 {
        c.value = None;
        return Ok(c);
    }
    let mean = m.total() / n as f64;
    // Sample variance from the sums; clamped at 0 against rounding.
    let var = if n > 1 {
        ((m.main_sq - n as f64 * mean * mean) / (n - 1) as f64).max(0.0)
    } else {
        0.0
    };
    c.value = Some(mean);
    c.sample = Some(Sample::Mean {
        mean,
        sd: var.sqrt(),
        n,
    });
    c.details.insert("revenue".into(), m.total());
    c.details.insert("orders".into(), n as f64);
    Ok(c)
}

/// `sales.cart_abandonment_rate` = abandoned / (completed + abandoned), over carts whose
/// (order) date falls in the period. Pending, cancelled and refunded orders are in neither.
///
/// Needs a status column in which some row reads as abandoned: an orders export without
/// abandoned carts (most stores export them apart) would otherwise show a false 0%.
pub fn cart_abandonment_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let orders = Orders::get(ctx);
    orders.require()?;
    let has_abandoned = orders.tables.iter().any(|ot| {
        ot.classes
            .as_ref()
            .is_some_and(|c| c.contains(&Status::Abandoned))
    });
    if !has_abandoned {
        return Err(Needs(
            "orders with a status column marking abandoned carts (e.g. \"carrinho abandonado\"), or an abandoned-checkouts export".into(),
        ));
    }
    check_filter(ctx, scope, orders.filter_applies(ctx, scope), "orders file")?;
    let t = totals(ctx, scope, &orders);
    let (abandoned, carts) = (t.abandoned, t.abandoned + t.completed);
    Ok(Computed::proportion(abandoned, carts)
        .with_detail("abandoned", abandoned as f64)
        .with_detail("carts", carts as f64))
}

fn explain_cart_abandonment(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    let orders = Orders::get(ctx);
    orders.require()?;
    let mut out = Vec::new();
    each_order(ctx, scope, &orders, |v, r| {
        let row = r as u32;
        out.push(match v.status(r) {
            Status::Abandoned => prov(
                v.table,
                row,
                true,
                "included: abandoned cart (numerator and denominator)".into(),
                None,
            ),
            Status::Completed => prov(
                v.table,
                row,
                true,
                "included: completed cart (denominator)".into(),
                None,
            ),
            s => prov(
                v.table,
                row,
                false,
                format!(
                    "excluded: status {} is neither completed nor abandoned",
                    prep::status_id(s)
                ),
                None,
            ),
        });
    });
    Ok(out)
}

/// `sales.repurchase_rate` = customers with ≥ 2 completed orders in the range / customers
/// with ≥ 1 completed order in the range. Orders without a customer id or e-mail are left out.
pub fn repurchase_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let orders = Orders::get(ctx);
    orders.require_customers(ctx)?;
    check_filter(ctx, scope, orders.filter_applies(ctx, scope), "orders file")?;
    let t = totals(ctx, scope, &orders);
    let (buyers, repeat) = (t.buyers, t.repeat);
    Ok(Computed::proportion(repeat, buyers)
        .with_detail("repeat_customers", repeat as f64)
        .with_detail("customers", buyers as f64))
}

fn explain_repurchase(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    let orders = Orders::get(ctx);
    orders.require_customers(ctx)?;
    let customers = ctx.customers();
    let mut count = vec![0u32; customers.count as usize];
    each_order(ctx, scope, &orders, |v, r| {
        if v.status(r) == Status::Completed
            && let Some(c) = count.get_mut(v.customer(r) as usize)
        {
            *c += 1;
        }
    });
    let mut out = Vec::new();
    each_order(ctx, scope, &orders, |v, r| {
        let (ok, rule) = v.status_rule(r);
        let row = r as u32;
        out.push(if !ok {
            prov(v.table, row, false, rule, None)
        } else {
            match count.get(v.customer(r) as usize) {
                None => prov(
                    v.table,
                    row,
                    false,
                    "excluded: no customer id or e-mail".into(),
                    None,
                ),
                Some(&n) => prov(
                    v.table,
                    row,
                    true,
                    format!(
                        "included: completed order of a customer with {n} in the range ({})",
                        if n >= 2 {
                            "repeat buyer"
                        } else {
                            "one-time buyer"
                        }
                    ),
                    Some(f64::from(n)),
                ),
            }
        });
    });
    Ok(out)
}

fn typed_revenue(ctx: &Ctx<'_>, scope: &Scope, want: OrderType) -> Result<Option<Computed>, Needs> {
    let orders = Orders::get(ctx);
    if !orders.tables.iter().any(|ot| ot.types.is_some()) {
        return Ok(None);
    }
    let kind = match want {
        OrderType::CrossSell => CROSS_SELL,
        _ => UPSELL,
    };
    let m = money(ctx, scope, kind)?;
    let prefix = match want {
        OrderType::CrossSell => "cross_sell_revenue",
        _ => "upsell_revenue",
    };
    Ok(Some(m.computed(prefix)))
}

fn explain_typed(
    ctx: &Ctx<'_>,
    scope: &Scope,
    want: OrderType,
) -> Result<Vec<ProvenanceRow>, Needs> {
    explain_money(ctx, scope, |v, r| match v.order_type(r) {
        Some(t) if t == want => None,
        Some(t) => Some(format!("excluded: order type {}", t.id())),
        None => Some("excluded: no order type column".into()),
    })
}

/// `sales.upsell_revenue` = Σ amount of completed orders whose order type reads as upsell
/// (`upsell`, `up-sell`, `upgrade`, `venda adicional`), main currency.
///
/// Without an order-type column but with subscriptions: expansion MRR of the period
/// (METRICS.md: "for subscriptions, expansion MRR"), in `details.source_expansion_mrr` = 1.
pub fn upsell_revenue(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    if let Some(c) = typed_revenue(ctx, scope, OrderType::Upsell)? {
        return Ok(c);
    }
    match mrr::mrr_expansion(ctx, scope) {
        Ok(c) => Ok(c.with_detail("source_expansion_mrr", 1.0)),
        Err(_) => Err(Needs(
            "orders with an order type column (upsell / cross-sell), or subscriptions".into(),
        )),
    }
}

fn explain_upsell(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    let orders = Orders::get(ctx);
    if orders.tables.iter().any(|ot| ot.types.is_some()) {
        explain_typed(ctx, scope, OrderType::Upsell)
    } else {
        mrr::explain_movements(ctx, scope)
    }
}

/// `sales.cross_sell_revenue` = Σ amount of completed orders whose order type reads as
/// cross-sell (`cross-sell`, `cross_sell`, `venda cruzada`), main currency.
///
/// No subscription fallback: a second subscription is already expansion MRR, and counting it
/// here too would report the same money twice.
pub fn cross_sell_revenue(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    typed_revenue(ctx, scope, OrderType::CrossSell)?
        .ok_or_else(|| Needs("orders with an order type column (upsell / cross-sell)".into()))
}

fn explain_cross_sell(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    explain_typed(ctx, scope, OrderType::CrossSell)
}

/// `sales.new_customers` = customers whose first completed order over all the data falls in
/// the period. Broken down by channel, a customer counts where their first order was placed.
pub fn new_customers(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let orders = Orders::get(ctx);
    orders.require_customers(ctx)?;
    check_filter(ctx, scope, orders.filter_applies(ctx, scope), "orders file")?;
    let n = count_new(ctx, scope, &orders);
    Ok(Computed {
        value: Some(n as f64),
        n: Some(n),
        ..Computed::default()
    })
}

fn is_first(orders: &Orders, v: &OrderView<'_>, r: usize) -> bool {
    orders
        .first
        .get(v.customer(r) as usize)
        .copied()
        .flatten()
        .is_some_and(|(_, t, row)| t as usize == v.t && row as usize == r)
}

fn count_new(ctx: &Ctx<'_>, scope: &Scope, orders: &Orders) -> u64 {
    totals(ctx, scope, orders).new_customers
}

fn explain_new_customers(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    let orders = Orders::get(ctx);
    orders.require_customers(ctx)?;
    let mut out = Vec::new();
    each_order(ctx, scope, &orders, |v, r| {
        let (ok, rule) = v.status_rule(r);
        let row = r as u32;
        out.push(if !ok {
            prov(v.table, row, false, rule, None)
        } else if v.customer(r) == super::Customers::NONE {
            prov(
                v.table,
                row,
                false,
                "excluded: no customer id or e-mail".into(),
                None,
            )
        } else if is_first(&orders, v, r) {
            prov(
                v.table,
                row,
                true,
                "included: the customer's first completed order".into(),
                None,
            )
        } else {
            prov(
                v.table,
                row,
                false,
                "excluded: the customer had bought before".into(),
                None,
            )
        });
    });
    Ok(out)
}

/// `sales.cac` = marketing spend in the period / new customers in the period, in the spend's
/// main currency. Per channel only when both the spend and the orders have that column.
/// No new customers: absent value (not infinite).
pub fn cac(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let spend = Spend::get(ctx);
    spend.require()?;
    let orders = Orders::get(ctx);
    orders.require_customers(ctx)?;
    check_filter(ctx, scope, orders.filter_applies(ctx, scope), "orders file")?;
    check_filter(
        ctx,
        scope,
        spend.filter_applies(ctx, scope),
        "marketing spend file",
    )?;
    let s = spend.sum(ctx, scope);
    let new = count_new(ctx, scope, &orders);
    let mut c = Computed {
        value: (new > 0).then(|| s.total / new as f64),
        n: Some(new),
        currency: s.currency.clone(),
        ..Computed::default()
    }
    .with_detail("spend", s.total)
    .with_detail("new_customers", new as f64);
    c.details.extend(s.others);
    Ok(c)
}

fn explain_cac(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    let spend = Spend::get(ctx);
    spend.require()?;
    let mut out = spend.explain(ctx, scope);
    out.extend(explain_new_customers(ctx, scope)?);
    Ok(out)
}

/// `sales.roi` = (revenue - spend) / spend over the period; revenue of completed orders in
/// the orders' main currency, spend in the spend's main currency (they must agree when both
/// are known). Per channel only when both files have that column. No spend: absent value.
pub fn roi(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let spend = Spend::get(ctx);
    spend.require()?;
    check_filter(
        ctx,
        scope,
        spend.filter_applies(ctx, scope),
        "marketing spend file",
    )?;
    let m = money(ctx, scope, ALL)?;
    let s = spend.sum(ctx, scope);
    if let (Some(a), Some(b)) = (&m.currency, &s.currency)
        && a != b
    {
        return Err(Needs(format!(
            "marketing spend in the orders' currency ({a}; the spend is in {b})"
        )));
    }
    let revenue = m.total();
    let mut c = Computed {
        value: (s.total != 0.0).then(|| (revenue - s.total) / s.total),
        n: Some(s.rows),
        currency: m.currency.clone(),
        ..Computed::default()
    }
    .with_detail("revenue", revenue)
    .with_detail("spend", s.total);
    c.details.extend(s.others);
    Ok(c)
}

fn explain_roi(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    let spend = Spend::get(ctx);
    spend.require()?;
    let mut out = spend.explain(ctx, scope);
    out.extend(explain_revenue(ctx, scope)?);
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::metrics::Ctx;
    use crate::period::{DateRange, Query, date_to_ts};
    use crate::settings::Settings;
    use crate::table::{Table, TableKind, Timestamp, Values, text_values};
    use chrono::NaiveDate;

    pub fn ts(y: i32, m: u32, d: u32) -> Option<Timestamp> {
        Some(date_to_ts(NaiveDate::from_ymd_opt(y, m, d).unwrap()))
    }

    pub fn days(from: (i32, u32, u32), to: (i32, u32, u32)) -> Scope {
        let d = |(y, m, dd): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        Scope {
            range: DateRange::days(d(from), d(to)),
            filter: None,
        }
    }

    /// Eight orders:
    /// ```text
    /// row date       customer status               amount channel type
    ///  0  2025-01-05 c1       pago                  100   web     regular
    ///  1  2025-01-10 c2       pago                   50   app     upsell
    ///  2  2025-01-20 c1       estornado              80   web     regular
    ///  3  2025-02-02 c1       pago                   30   web     cross-sell
    ///  4  2025-02-10 c3       carrinho abandonado    70   web     regular
    ///  5  2025-02-15 c2       pago                   20   app     regular
    ///  6  2025-02-20 c4       aguardando pagamento   40   app     regular
    ///  7  2025-03-01 c3       pago                   60   web     Up-sell
    /// ```
    pub fn orders_table() -> Table {
        Table::new("orders.csv", TableKind::Orders)
            .with_column(
                "data",
                Role::OrderDate,
                Values::Date(vec![
                    ts(2025, 1, 5),
                    ts(2025, 1, 10),
                    ts(2025, 1, 20),
                    ts(2025, 2, 2),
                    ts(2025, 2, 10),
                    ts(2025, 2, 15),
                    ts(2025, 2, 20),
                    ts(2025, 3, 1),
                ]),
            )
            .with_column(
                "cliente",
                Role::CustomerId,
                text_values(["c1", "c2", "c1", "c1", "c3", "c2", "c4", "c3"]),
            )
            .with_column(
                "status",
                Role::Status,
                text_values([
                    "pago",
                    "pago",
                    "estornado",
                    "pago",
                    "carrinho abandonado",
                    "pago",
                    "aguardando pagamento",
                    "pago",
                ]),
            )
            .with_column(
                "valor",
                Role::Amount,
                Values::Number(
                    [100.0, 50.0, 80.0, 30.0, 70.0, 20.0, 40.0, 60.0]
                        .map(Some)
                        .to_vec(),
                ),
            )
            .with_column(
                "canal",
                Role::Channel,
                text_values(["web", "app", "web", "web", "web", "app", "app", "web"]),
            )
            .with_column(
                "tipo",
                Role::OrderType,
                text_values([
                    "regular",
                    "upsell",
                    "regular",
                    "cross-sell",
                    "regular",
                    "regular",
                    "regular",
                    "Up-sell",
                ]),
            )
    }

    /// Spend: web 100 on 2025-01-01, app 60 on 2025-01-15, web 40 on 2025-02-01.
    pub fn spend_table() -> Table {
        Table::new("spend.csv", TableKind::MarketingSpend)
            .with_column(
                "dia",
                Role::Date,
                Values::Date(vec![ts(2025, 1, 1), ts(2025, 1, 15), ts(2025, 2, 1)]),
            )
            .with_column("canal", Role::Channel, text_values(["web", "app", "web"]))
            .with_column(
                "investimento",
                Role::Spend,
                Values::Number(vec![Some(100.0), Some(60.0), Some(40.0)]),
            )
    }

    pub fn with_ctx<R>(tables: &[Table], settings: &Settings, f: impl FnOnce(&Ctx<'_>) -> R) -> R {
        let query = Query::default();
        let ctx = Ctx::new(tables, settings, &query);
        f(&ctx)
    }

    fn q1() -> Scope {
        days((2025, 1, 1), (2025, 3, 31))
    }

    fn jan() -> Scope {
        days((2025, 1, 1), (2025, 1, 31))
    }

    fn feb() -> Scope {
        days((2025, 2, 1), (2025, 2, 28))
    }

    #[test]
    fn orders_count_completed_only() {
        // Completed (pago): rows 0, 1, 3, 5, 7 → 5 in Q1; January: rows 0, 1 → 2.
        with_ctx(&[orders_table()], &Settings::default(), |ctx| {
            assert_eq!(orders(ctx, &q1()).unwrap().value, Some(5.0));
            assert_eq!(orders(ctx, &jan()).unwrap().value, Some(2.0));
            let web = Scope {
                filter: Some((Role::Channel, "web".into())),
                ..q1()
            };
            // web and completed: rows 0, 3, 7.
            assert_eq!(orders(ctx, &web).unwrap().value, Some(3.0));
        });
    }

    #[test]
    fn no_status_column_counts_every_row() {
        let t = Table::new("o.csv", TableKind::Orders)
            .with_column(
                "d",
                Role::OrderDate,
                Values::Date(vec![ts(2025, 1, 1), ts(2025, 1, 2)]),
            )
            .with_column(
                "v",
                Role::Amount,
                Values::Number(vec![Some(10.0), Some(5.5)]),
            );
        with_ctx(&[t], &Settings::default(), |ctx| {
            let s = days((2025, 1, 1), (2025, 1, 2));
            assert_eq!(orders(ctx, &s).unwrap().value, Some(2.0));
            assert_eq!(revenue(ctx, &s).unwrap().value, Some(15.5));
        });
    }

    #[test]
    fn revenue_sums_completed_amounts() {
        // Q1: 100 + 50 + 30 + 20 + 60 = 260; February: 30 + 20 = 50 (refund 80, cart 70,
        // pending 40 are not revenue).
        with_ctx(&[orders_table()], &Settings::default(), |ctx| {
            assert_eq!(revenue(ctx, &q1()).unwrap().value, Some(260.0));
            assert_eq!(revenue(ctx, &feb()).unwrap().value, Some(50.0));
            let rows = explain_revenue(ctx, &feb()).unwrap();
            // February rows 3, 4, 5, 6 → lines 5, 6, 7, 8.
            assert_eq!(rows.len(), 4);
            assert!(rows[0].included && rows[0].rule.contains("status pago"));
            assert_eq!(rows[1].line, 6);
            assert!(!rows[1].included && rows[1].rule.contains("abandoned"));
            assert!(!rows[3].included && rows[3].rule.contains("pending"));
        });
    }

    #[test]
    fn status_words_setting_changes_what_counts() {
        // Counting "aguardando pagamento" as completed adds row 6 (40) in February: 50 → 90.
        let mut settings = Settings::default();
        settings
            .status_words
            .insert("aguardando pagamento".into(), Status::Completed);
        with_ctx(&[orders_table()], &settings, |ctx| {
            assert_eq!(revenue(ctx, &feb()).unwrap().value, Some(90.0));
            assert_eq!(orders(ctx, &feb()).unwrap().value, Some(3.0));
        });
    }

    #[test]
    fn currencies_are_never_summed() {
        // Rows: BRL 100 (pago), USD 10 (pago), BRL 50 (pago), USD 7 (estornado).
        // Main currency = BRL (2 rows with amount vs 2: tie → alphabetical BRL < USD).
        let t = Table::new("o.csv", TableKind::Orders)
            .with_column(
                "d",
                Role::OrderDate,
                Values::Date(vec![
                    ts(2025, 1, 1),
                    ts(2025, 1, 2),
                    ts(2025, 1, 3),
                    ts(2025, 1, 4),
                ]),
            )
            .with_column(
                "s",
                Role::Status,
                text_values(["pago", "paid", "pago", "refunded"]),
            )
            .with_column(
                "m",
                Role::Currency,
                text_values(["brl", "USD", "BRL", "usd"]),
            )
            .with_column(
                "v",
                Role::Amount,
                Values::Number(vec![Some(100.0), Some(10.0), Some(50.0), Some(7.0)]),
            );
        with_ctx(&[t], &Settings::default(), |ctx| {
            let s = days((2025, 1, 1), (2025, 1, 31));
            let r = revenue(ctx, &s).unwrap();
            assert_eq!(r.value, Some(150.0));
            assert_eq!(r.currency.as_deref(), Some("BRL"));
            assert_eq!(r.details.get("revenue_USD"), Some(&10.0));
            // Ticket in BRL: 150 / 2 = 75.
            assert_eq!(average_ticket(ctx, &s).unwrap().value, Some(75.0));
        });
    }

    #[test]
    fn average_ticket_is_revenue_per_order() {
        // Q1: 260 / 5 = 52. Sample sd of 100, 50, 30, 20, 60: mean 52, squares of deviations
        // 2304 + 4 + 484 + 1024 + 64 = 3880, / 4 = 970, sd = 31.144...
        with_ctx(&[orders_table()], &Settings::default(), |ctx| {
            let c = average_ticket(ctx, &q1()).unwrap();
            assert_eq!(c.value, Some(52.0));
            let Some(Sample::Mean { sd, n, .. }) = c.sample else {
                panic!("no sample")
            };
            assert_eq!(n, 5);
            assert!((sd - 970f64.sqrt()).abs() < 1e-9);
            // No orders in December: absent, not 0.
            let dec = days((2024, 12, 1), (2024, 12, 31));
            assert_eq!(average_ticket(ctx, &dec).unwrap().value, None);
        });
    }

    #[test]
    fn cart_abandonment() {
        // Q1: completed 5 + abandoned 1 = 6 carts → 1/6. February: completed 3, 5 and
        // abandoned 4 → 1/3.
        with_ctx(&[orders_table()], &Settings::default(), |ctx| {
            let c = cart_abandonment_rate(ctx, &q1()).unwrap();
            assert!((c.value.unwrap() - 1.0 / 6.0).abs() < 1e-12);
            assert_eq!(c.sample, Some(Sample::Proportion { successes: 1, n: 6 }));
            let f = cart_abandonment_rate(ctx, &feb()).unwrap();
            assert!((f.value.unwrap() - 1.0 / 3.0).abs() < 1e-12);
        });
        // No abandoned status anywhere: unavailable, not 0%.
        let t = Table::new("o.csv", TableKind::Orders)
            .with_column("d", Role::OrderDate, Values::Date(vec![ts(2025, 1, 1)]))
            .with_column("s", Role::Status, text_values(["pago"]));
        with_ctx(&[t], &Settings::default(), |ctx| {
            assert!(cart_abandonment_rate(ctx, &q1()).is_err());
        });
    }

    #[test]
    fn repurchase() {
        // Q1 completed: c1 rows 0, 3 (2 orders); c2 rows 1, 5 (2); c3 row 7 (1) → 2 of 3.
        // January: c1 row 0, c2 row 1 → 0 of 2.
        with_ctx(&[orders_table()], &Settings::default(), |ctx| {
            let c = repurchase_rate(ctx, &q1()).unwrap();
            assert_eq!(c.sample, Some(Sample::Proportion { successes: 2, n: 3 }));
            assert_eq!(repurchase_rate(ctx, &jan()).unwrap().value, Some(0.0));
        });
        let anonymous = Table::new("o.csv", TableKind::Orders).with_column(
            "d",
            Role::OrderDate,
            Values::Date(vec![ts(2025, 1, 1)]),
        );
        with_ctx(&[anonymous], &Settings::default(), |ctx| {
            let Err(Needs(why)) = repurchase_rate(ctx, &q1()) else {
                panic!("should need customers")
            };
            assert!(why.contains("customer id or e-mail"));
        });
    }

    #[test]
    fn upsell_and_cross_sell() {
        // Upsell completed: row 1 (50) and row 7 "Up-sell" (60) → 110 in Q1; cross-sell: row 3
        // (30).
        with_ctx(&[orders_table()], &Settings::default(), |ctx| {
            assert_eq!(upsell_revenue(ctx, &q1()).unwrap().value, Some(110.0));
            assert_eq!(cross_sell_revenue(ctx, &q1()).unwrap().value, Some(30.0));
            assert_eq!(upsell_revenue(ctx, &feb()).unwrap().value, Some(0.0));
        });
    }

    #[test]
    fn new_customers_by_first_completed_order() {
        // First completed orders: c1 row 0 (Jan), c2 row 1 (Jan), c3 row 7 (Mar; row 4 was an
        // abandoned cart); c4 never completed. Jan 2, Feb 0, Mar 1.
        with_ctx(&[orders_table()], &Settings::default(), |ctx| {
            assert_eq!(new_customers(ctx, &jan()).unwrap().value, Some(2.0));
            assert_eq!(new_customers(ctx, &feb()).unwrap().value, Some(0.0));
            assert_eq!(new_customers(ctx, &q1()).unwrap().value, Some(3.0));
            let app = Scope {
                filter: Some((Role::Channel, "app".into())),
                ..q1()
            };
            // Only c2's first order was through the app.
            assert_eq!(new_customers(ctx, &app).unwrap().value, Some(1.0));
        });
    }

    #[test]
    fn a_later_file_with_an_earlier_first_order_takes_the_first_order() {
        // Shop: c1 on Mar 5 and Mar 9, c2 on Jan 10. App: c1 on Jan 20 (earlier than the
        // shop's), c2 on Jan 10 (the same day: the shop, the earlier file, keeps it), c3 on
        // Feb 2. First orders: c1 app Jan 20, c2 shop Jan 10, c3 app Feb 2 → Jan 2, Feb 1,
        // Mar 0, and each first order is flagged once.
        let file = |name: &str, customers: [&str; 3], dates: Vec<Option<Timestamp>>| {
            Table::new(name, TableKind::Orders)
                .with_column("c", Role::CustomerId, text_values(customers))
                .with_column("d", Role::OrderDate, Values::Date(dates))
        };
        let shop = file(
            "shop.csv",
            ["c1", "c1", "c2"],
            vec![ts(2025, 3, 5), ts(2025, 3, 9), ts(2025, 1, 10)],
        );
        let app = file(
            "app.csv",
            ["c1", "c2", "c3"],
            vec![ts(2025, 1, 20), ts(2025, 1, 10), ts(2025, 2, 2)],
        );
        with_ctx(&[shop, app], &Settings::default(), |ctx| {
            assert_eq!(new_customers(ctx, &jan()).unwrap().value, Some(2.0));
            assert_eq!(new_customers(ctx, &feb()).unwrap().value, Some(1.0));
            let mar = days((2025, 3, 1), (2025, 3, 31));
            assert_eq!(new_customers(ctx, &mar).unwrap().value, Some(0.0));
            assert_eq!(new_customers(ctx, &q1()).unwrap().value, Some(3.0));
            let orders = Orders::get(ctx);
            let flagged: Vec<(usize, u32)> = orders
                .tables
                .iter()
                .flat_map(|ot| {
                    let rows = &ot.sorted.index.rows;
                    ot.sorted
                        .orders
                        .iter()
                        .zip(rows)
                        .filter(|(o, _)| o.is_first())
                        .map(move |(_, &r)| (ot.t, r))
                })
                .collect();
            assert_eq!(flagged, vec![(0, 2), (1, 0), (1, 2)]);
        });
    }

    #[test]
    fn cac_and_roi() {
        // Q1 spend 100 + 60 + 40 = 200; new customers 3 → CAC 66.67; revenue 260 → ROI
        // (260 - 200) / 200 = 0.3. January: spend 160, new 2 → CAC 80; revenue 150 →
        // ROI -0.0625. Web in Q1: spend 140, new customers c1 (row 0) and c3 (row 7) → 70;
        // revenue 100 + 30 + 60 = 190 → ROI 50/140.
        let tables = [orders_table(), spend_table()];
        with_ctx(&tables, &Settings::default(), |ctx| {
            assert!((cac(ctx, &q1()).unwrap().value.unwrap() - 200.0 / 3.0).abs() < 1e-9);
            assert_eq!(cac(ctx, &jan()).unwrap().value, Some(80.0));
            assert_eq!(roi(ctx, &q1()).unwrap().value, Some(0.3));
            assert_eq!(roi(ctx, &jan()).unwrap().value, Some(-0.0625));
            let web = Scope {
                filter: Some((Role::Channel, "web".into())),
                ..q1()
            };
            assert_eq!(cac(ctx, &web).unwrap().value, Some(70.0));
            assert!((roi(ctx, &web).unwrap().value.unwrap() - 50.0 / 140.0).abs() < 1e-12);
            // Campaign is in neither file: refused rather than showing the totals.
            let campaign = Scope {
                filter: Some((Role::Campaign, "x".into())),
                ..q1()
            };
            assert!(cac(ctx, &campaign).is_err());
        });
        with_ctx(&[orders_table()], &Settings::default(), |ctx| {
            assert!(cac(ctx, &q1()).is_err());
            assert!(roi(ctx, &q1()).is_err());
        });
    }
}
