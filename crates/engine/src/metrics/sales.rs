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
use super::{Computed, Ctx, Def, Need, Sample, Scope};
use crate::metrics::common::provenance_row;
use crate::report::{Direction, ProvenanceRow, Unit};
use crate::table::Timestamp;
use crate::table::{Role, Status, TableKind};
use prep::{OrderType, OrderView, Orders, OrdersNeed, Spend};
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
        direction: Direction::HigherIsBetter,
        formula: "count of completed orders",
        compute: orders,
        explain: explain_orders,
        sql: twin!("sales.orders"),
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.revenue",
        unit: Unit::Currency,
        direction: Direction::HigherIsBetter,
        formula: "sum of completed order amounts (main currency; others reported apart)",
        compute: revenue,
        explain: explain_revenue,
        sql: twin!("sales.revenue"),
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.average_ticket",
        unit: Unit::Currency,
        direction: Direction::HigherIsBetter,
        formula: "revenue / completed orders with an amount (main currency)",
        compute: average_ticket,
        explain: explain_revenue,
        sql: twin!("sales.average_ticket"),
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.cart_abandonment_rate",
        unit: Unit::Rate,
        direction: Direction::LowerIsBetter,
        formula: "abandoned carts / (completed + abandoned carts), by cart date",
        compute: cart_abandonment_rate,
        explain: explain_cart_abandonment,
        sql: twin!("sales.cart_abandonment_rate"),
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.repurchase_rate",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "customers with >= 2 completed orders in the range / customers with >= 1",
        compute: repurchase_rate,
        explain: explain_repurchase,
        sql: twin!("sales.repurchase_rate"),
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.upsell_revenue",
        unit: Unit::Currency,
        direction: Direction::HigherIsBetter,
        formula: "revenue of completed orders typed upsell; without order types, expansion MRR",
        compute: upsell_revenue,
        explain: explain_upsell,
        sql: twin!("sales.upsell_revenue"),
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.cross_sell_revenue",
        unit: Unit::Currency,
        direction: Direction::HigherIsBetter,
        formula: "revenue of completed orders typed cross-sell",
        compute: cross_sell_revenue,
        explain: explain_cross_sell,
        sql: twin!("sales.cross_sell_revenue"),
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.new_customers",
        unit: Unit::Count,
        direction: Direction::HigherIsBetter,
        formula: "customers whose first completed order (over all the data) falls in the period",
        compute: new_customers,
        explain: explain_new_customers,
        sql: twin!("sales.new_customers"),
        breakdowns: ORDER_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.cac",
        unit: Unit::Currency,
        direction: Direction::LowerIsBetter,
        formula: "marketing spend / new customers (per channel when spend and orders both have one)",
        compute: cac,
        explain: explain_cac,
        sql: twin!("sales.cac"),
        breakdowns: &[Role::Channel, Role::Source, Role::Campaign],
        series: true,
    },
    Def {
        id: "sales.roi",
        unit: Unit::Ratio,
        direction: Direction::HigherIsBetter,
        formula: "(revenue - marketing spend) / marketing spend (per channel when both have one)",
        compute: roi,
        explain: explain_roi,
        sql: twin!("sales.roi"),
        breakdowns: &[Role::Channel, Role::Source, Role::Campaign],
        series: true,
    },
    Def {
        id: "sales.mrr",
        unit: Unit::Currency,
        direction: Direction::HigherIsBetter,
        formula: "sum of active subscriptions' monthly amounts at the end of the range: the MRR cell, else amount (or unit price × seats) / (interval × interval count) in months (yearly / 12, weekly * 52 / 12); trialing subscriptions are not paying yet, and one with a trial end pays from it",
        compute: mrr::mrr,
        explain: mrr::explain_mrr,
        sql: twin!("sales.mrr"),
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.arr",
        unit: Unit::Currency,
        direction: Direction::HigherIsBetter,
        formula: "12 * MRR at the end of the range",
        compute: mrr::arr,
        explain: mrr::explain_mrr,
        sql: twin!("sales.arr"),
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.arpa",
        unit: Unit::Currency,
        direction: Direction::HigherIsBetter,
        formula: "MRR / paying customers at the end of the range (a customer's subscriptions merged)",
        compute: mrr::arpa,
        explain: mrr::explain_mrr,
        sql: twin!("sales.arpa"),
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.mrr_new",
        unit: Unit::Currency,
        direction: Direction::HigherIsBetter,
        formula: "MRR at the end of a period of customers paying for the first time in it. Over a range of two or more periods: the sum of its periods' movements",
        compute: mrr::mrr_new,
        explain: mrr::explain_new,
        sql: twin!("sales.mrr_new"),
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.mrr_expansion",
        unit: Unit::Currency,
        direction: Direction::HigherIsBetter,
        formula: "sum of MRR increases of customers paying at both a period's start and end. Over a range of two or more periods: the sum of its periods' movements",
        compute: mrr::mrr_expansion,
        explain: mrr::explain_expansion,
        sql: twin!("sales.mrr_expansion"),
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.mrr_contraction",
        unit: Unit::Currency,
        direction: Direction::LowerIsBetter,
        formula: "sum of MRR decreases of customers paying at both a period's start and end. Over a range of two or more periods: the sum of its periods' movements",
        compute: mrr::mrr_contraction,
        explain: mrr::explain_contraction,
        sql: twin!("sales.mrr_contraction"),
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.mrr_churn",
        unit: Unit::Currency,
        direction: Direction::LowerIsBetter,
        formula: "start MRR of customers paying at a period's start and not at its end. Over a range of two or more periods: the sum of its periods' movements",
        compute: mrr::mrr_churn,
        explain: mrr::explain_churn,
        sql: twin!("sales.mrr_churn"),
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
    Def {
        id: "sales.mrr_reactivation",
        unit: Unit::Currency,
        direction: Direction::HigherIsBetter,
        formula: "end MRR of customers who paid before a period, not at its start, and pay at its end. Over a range of two or more periods: the sum of its periods' movements",
        compute: mrr::mrr_reactivation,
        explain: mrr::explain_reactivation,
        sql: twin!("sales.mrr_reactivation"),
        breakdowns: mrr::BREAKDOWNS,
        series: true,
    },
];

/// A breakdown filter on a column no input table has would silently give the totals: refuse
/// it. The query's own segment filter is left to the framework (tables without the column
/// stay whole).
pub(crate) fn check_filter(
    ctx: &Ctx<'_>,
    scope: &Scope,
    applies: bool,
    kind: TableKind,
) -> Result<(), Need> {
    match &scope.filter {
        Some((role, _)) if !applies && scope.filter != ctx.scope().filter => Err(Need::new(
            "filter.column",
            [super::role_id(*role), kind.id().to_string()],
        )),
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
fn each_order_row(
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
fn money(ctx: &Ctx<'_>, scope: &Scope, kind: usize) -> Result<Money, Need> {
    let orders = Orders::for_scope(ctx, scope, OrdersNeed::Amounts)?;
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
) -> Result<Vec<ProvenanceRow>, Need> {
    let orders = Orders::get(ctx);
    orders.require_amounts(ctx)?;
    let main = orders.currencies.main;
    let mut out = Vec::new();
    each_order_row(ctx, scope, &orders, |v, r| {
        let amount = v.amounts.and_then(|a| a.get(r));
        let (ok, rule) = v.status_rule(r);
        let row = r as u32;
        out.push(if !ok {
            provenance_row(v.table, row, false, rule, amount)
        } else if amount.is_none() {
            provenance_row(v.table, row, false, "excluded: no amount".into(), None)
        } else if v.currency.at(r) != main {
            provenance_row(
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
            provenance_row(v.table, row, false, why, amount)
        } else {
            provenance_row(v.table, row, true, rule, amount)
        });
    });
    Ok(out)
}

/// `sales.orders` = count of completed orders whose order date is in the period.
///
/// Every currency counts (a count is not a sum of money). No status column: every row counts.
pub fn orders(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let orders = Orders::for_scope(ctx, scope, OrdersNeed::Rows)?;
    let n = totals(ctx, scope, &orders).completed;
    Ok(Computed {
        value: Some(n as f64),
        n: Some(n),
        ..Computed::default()
    })
}

fn explain_orders(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let orders = Orders::get(ctx);
    orders.require()?;
    let mut out = Vec::new();
    each_order_row(ctx, scope, &orders, |v, r| {
        let (ok, rule) = v.status_rule(r);
        out.push(provenance_row(v.table, r as u32, ok, rule, None));
    });
    Ok(out)
}

/// `sales.revenue` = Σ amount of completed orders in the period, in the main currency;
/// `details.revenue_XXX` for each other currency (never summed with the main one).
pub fn revenue(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    Ok(money(ctx, scope, ALL)?.computed("revenue"))
}

fn explain_revenue(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    explain_money(ctx, scope, |_, _| None)
}

/// `sales.average_ticket` = revenue / completed orders with an amount, in the main currency.
///
/// Carries the orders' mean and standard deviation, so it gets a 95% interval and a
/// significance test of its change. No orders: absent value.
pub fn average_ticket(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
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
/// Need a status column in which some row reads as abandoned: an orders export without
/// abandoned carts (most stores export them apart) would otherwise show a false 0%.
pub fn cart_abandonment_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let orders = Orders::get(ctx);
    orders.require()?;
    let has_abandoned = orders.tables.iter().any(|ot| {
        ot.classes
            .as_ref()
            .is_some_and(|c| c.contains(&Status::Abandoned))
    });
    if !has_abandoned {
        return Err(Need::bare("orders.abandoned"));
    }
    orders.check_scope(ctx, scope)?;
    let t = totals(ctx, scope, &orders);
    let (abandoned, carts) = (t.abandoned, t.abandoned + t.completed);
    Ok(Computed::proportion(abandoned, carts)
        .with_detail("abandoned", abandoned as f64)
        .with_detail("carts", carts as f64))
}

fn explain_cart_abandonment(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let orders = Orders::get(ctx);
    orders.require()?;
    let mut out = Vec::new();
    each_order_row(ctx, scope, &orders, |v, r| {
        let row = r as u32;
        out.push(match v.status(r) {
            Status::Abandoned => provenance_row(
                v.table,
                row,
                true,
                "included: abandoned cart (numerator and denominator)".into(),
                None,
            ),
            Status::Completed => provenance_row(
                v.table,
                row,
                true,
                "included: completed cart (denominator)".into(),
                None,
            ),
            s => provenance_row(
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
pub fn repurchase_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let orders = Orders::for_scope(ctx, scope, OrdersNeed::Customers)?;
    let t = totals(ctx, scope, &orders);
    let (buyers, repeat) = (t.buyers, t.repeat);
    Ok(Computed::proportion(repeat, buyers)
        .with_detail("repeat_customers", repeat as f64)
        .with_detail("customers", buyers as f64))
}

fn explain_repurchase(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let orders = Orders::get(ctx);
    orders.require_customers(ctx)?;
    let customers = ctx.customers();
    let mut count = vec![0u32; customers.count as usize];
    each_order_row(ctx, scope, &orders, |v, r| {
        if v.status(r) == Status::Completed
            && let Some(c) = count.get_mut(v.customer(r) as usize)
        {
            *c += 1;
        }
    });
    let mut out = Vec::new();
    each_order_row(ctx, scope, &orders, |v, r| {
        let (ok, rule) = v.status_rule(r);
        let row = r as u32;
        out.push(if !ok {
            provenance_row(v.table, row, false, rule, None)
        } else {
            match count.get(v.customer(r) as usize) {
                None => provenance_row(
                    v.table,
                    row,
                    false,
                    "excluded: no customer id or e-mail".into(),
                    None,
                ),
                Some(&n) => provenance_row(
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

fn typed_revenue(ctx: &Ctx<'_>, scope: &Scope, want: OrderType) -> Result<Option<Computed>, Need> {
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
) -> Result<Vec<ProvenanceRow>, Need> {
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
pub fn upsell_revenue(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    if let Some(c) = typed_revenue(ctx, scope, OrderType::Upsell)? {
        return Ok(c);
    }
    match mrr::mrr_expansion(ctx, scope) {
        Ok(c) => Ok(c.with_detail("source_expansion_mrr", 1.0)),
        Err(_) => Err(Need::bare("orders.order_type_or_subscriptions")),
    }
}

fn explain_upsell(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let orders = Orders::get(ctx);
    if orders.tables.iter().any(|ot| ot.types.is_some()) {
        explain_typed(ctx, scope, OrderType::Upsell)
    } else {
        mrr::explain_expansion(ctx, scope)
    }
}

/// `sales.cross_sell_revenue` = Σ amount of completed orders whose order type reads as
/// cross-sell (`cross-sell`, `cross_sell`, `venda cruzada`), main currency.
///
/// No subscription fallback: a second subscription is already expansion MRR, and counting it
/// here too would report the same money twice.
pub fn cross_sell_revenue(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    typed_revenue(ctx, scope, OrderType::CrossSell)?.ok_or_else(|| Need::bare("orders.order_type"))
}

fn explain_cross_sell(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    explain_typed(ctx, scope, OrderType::CrossSell)
}

/// `sales.new_customers` = customers whose first completed order over all the data falls in
/// the period. Broken down by channel, a customer counts where their first order was placed.
pub fn new_customers(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let orders = Orders::for_scope(ctx, scope, OrdersNeed::Customers)?;
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

fn explain_new_customers(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let orders = Orders::get(ctx);
    orders.require_customers(ctx)?;
    let mut out = Vec::new();
    each_order_row(ctx, scope, &orders, |v, r| {
        let (ok, rule) = v.status_rule(r);
        let row = r as u32;
        out.push(if !ok {
            provenance_row(v.table, row, false, rule, None)
        } else if v.customer(r) == super::Customers::NONE {
            provenance_row(
                v.table,
                row,
                false,
                "excluded: no customer id or e-mail".into(),
                None,
            )
        } else if is_first(&orders, v, r) {
            provenance_row(
                v.table,
                row,
                true,
                "included: the customer's first completed order".into(),
                None,
            )
        } else {
            provenance_row(
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
pub fn cac(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let spend = Spend::get(ctx);
    spend.require()?;
    let orders = Orders::for_scope(ctx, scope, OrdersNeed::Customers)?;
    check_filter(
        ctx,
        scope,
        spend.filter_applies(ctx, scope),
        TableKind::MarketingSpend,
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

fn explain_cac(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let spend = Spend::get(ctx);
    spend.require()?;
    let mut out = spend.explain(ctx, scope);
    out.extend(explain_new_customers(ctx, scope)?);
    Ok(out)
}

/// `sales.roi` = (revenue - spend) / spend over the period; revenue of completed orders in
/// the orders' main currency, spend in the spend's main currency (they must agree when both
/// are known). Per channel only when both files have that column. No spend: absent value.
pub fn roi(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let spend = Spend::get(ctx);
    spend.require()?;
    check_filter(
        ctx,
        scope,
        spend.filter_applies(ctx, scope),
        TableKind::MarketingSpend,
    )?;
    let m = money(ctx, scope, ALL)?;
    let s = spend.sum(ctx, scope);
    if let (Some(a), Some(b)) = (&m.currency, &s.currency)
        && a != b
    {
        return Err(Need::new("spend.currency", [a, b]));
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

fn explain_roi(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let spend = Spend::get(ctx);
    spend.require()?;
    let mut out = spend.explain(ctx, scope);
    out.extend(explain_revenue(ctx, scope)?);
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests;
