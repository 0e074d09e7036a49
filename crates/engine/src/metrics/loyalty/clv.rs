//! `loyalty.clv_predicted`: BG/NBD expected purchases × Gamma-Gamma expected spend over the
//! horizon, discounted monthly, per customer; the models fitted by maximum likelihood on the
//! completed orders of known customers (`stats::bgnbd`, `stats::gamma_gamma`).
//!
//! Modelling choices (METRICS.md leaves them open):
//! - The history is every completed order of a known customer up to the range's end (the
//!   models need each customer's whole history since their first purchase; the range's start
//!   does not cut it). The segment filter applies as to every orders metric.
//! - Purchases are counted per distinct day: `x` = distinct purchase days - 1, `t_x` = last
//!   purchase day - first, `T` = range end - first purchase day; times in weeks (the unit of
//!   α, as in Fader, Hardie & Lee 2005).
//! - A day's spend is the sum of its orders; the Gamma-Gamma mean `m` is the mean of the
//!   repeat days' spend (the first day left out, as in the papers), over days whose every
//!   order has an amount in the main currency; other days count as purchases only, and the
//!   warnings say how many.
//! - CLV = Σ_{k=1..H} (E[Y(k months)] - E[Y(k-1 months)]) · E[M] / (1 + d)^k, a month being
//!   365.25 / 12 days, H the horizon setting and d the monthly discount rate setting.
//! - Too thin (fewer than [`MIN_CUSTOMERS`] customers or [`MIN_REPEAT`] repeat customers with
//!   amounts), a fit that does not converge, or a Gamma-Gamma q ≤ 1 (infinite mean spend):
//!   no number, the metric is unavailable with its reason.

use crate::metrics::common::text_at;
use crate::metrics::loyalty::purchases::Purchases;
use crate::metrics::sales::prep;
use crate::metrics::{Computed, Ctx, Need, Scope};
use crate::period::DateRange;
use crate::report::ProvenanceRow;
use crate::stats::bgnbd::{self, BgNbd, Rfm};
use crate::stats::gamma_gamma::{self, Spend};
use crate::stats::mle::Estimate;
use crate::table::{Role, Timestamp};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Fewer customers than this give no fit.
pub const MIN_CUSTOMERS: usize = 30;
/// Fewer repeat customers (with usable amounts) than this give no fit.
pub const MIN_REPEAT: usize = 10;
/// The time unit of t_x, T and α.
pub const TIME_UNIT: &str = "week";
const SECONDS_PER_DAY: i64 = 86_400;
/// A month, in weeks (365.25 / 12 days).
const MONTH_WEEKS: f64 = 365.25 / 12.0 / 7.0;
/// Rows of the report's table (the customers of highest CLV); [`predict`] gives them all.
const TABLE_ROWS: usize = 100;

/// One customer's summary and prediction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerClv {
    /// The dense customer key (`Customers`).
    pub customer: u32,
    /// Repeat purchase days, and the last one's and the customer's age in weeks.
    pub rfm: Rfm,
    /// Repeat days with a usable amount, and their mean spend (`None`: no such day).
    pub spend_days: u32,
    pub mean_spend: Option<f64>,
    pub p_alive: f64,
    /// Expected purchases (days) over the horizon.
    pub expected_purchases: f64,
    /// Gamma-Gamma expected spend per purchase.
    pub expected_spend: f64,
    /// Discounted CLV over the horizon.
    pub clv: f64,
    /// (table index, row) of the customer's first purchase: where their id is read.
    #[serde(skip)]
    pub first_row: (usize, u32),
}

/// A fitted parameter as the report shows it.
pub type Parameter = Estimate;

/// How the fit went, short of failing: the report lists these beside the numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClvWarning {
    /// The observed information matrix was not positive definite: no intervals.
    NoInterval { model: Model },
    /// Repeat days left out of the spend mean: an order without an amount, or in another
    /// currency than the main one.
    AmountsLeftOut { days: u64 },
    /// The Gamma-Gamma likelihood rises without bound as p → ∞ (a customer's purchases
    /// vary little around their own mean next to how the means vary across customers): its
    /// limit is used, each repeat customer's own mean spend, new customers the population's
    /// mean s / (q - 1). `p` and `gamma` are not reported; `q` and `scale` (= p γ) are.
    SpendAtBoundary { gamma_gamma_p: f64 },
}

/// The spend model fitted: the Gamma-Gamma, or its limit as p → ∞ when the likelihood's
/// supremum lies there (see [`ClvWarning::SpendAtBoundary`]).
#[derive(Debug, Clone, PartialEq)]
pub enum SpendModel {
    GammaGamma(gamma_gamma::GammaGammaFit),
    OwnMean(gamma_gamma::OwnMeanFit),
}

impl SpendModel {
    fn q(&self) -> f64 {
        match self {
            SpendModel::GammaGamma(f) => f.params.q,
            SpendModel::OwnMean(f) => f.estimates[0].value,
        }
    }

    fn expected_spend(&self, x: u32, m: f64) -> Option<f64> {
        match self {
            SpendModel::GammaGamma(f) => f.params.expected_spend(x, m),
            SpendModel::OwnMean(f) => f.expected_spend(x, m),
        }
    }

    pub fn mle(&self) -> &crate::stats::mle::MleFit {
        match self {
            SpendModel::GammaGamma(f) => &f.mle,
            SpendModel::OwnMean(f) => &f.mle,
        }
    }

    /// (name, estimate) of its parameters.
    pub fn parameters(&self) -> Vec<(&'static str, Estimate)> {
        match self {
            SpendModel::GammaGamma(f) => {
                let e = &f.estimates;
                vec![("p", e[0]), ("q", e[1]), ("gamma", e[2])]
            }
            SpendModel::OwnMean(f) => vec![("q", f.estimates[0]), ("scale", f.estimates[1])],
        }
    }
}

/// The Gamma-Gamma fit, or its p → ∞ limit when the search ran off towards it (p beyond
/// 10⁴ without converging) and the limit's likelihood is at least as high.
fn fit_spend(spend: &[Spend]) -> Result<(SpendModel, Option<ClvWarning>), ClvError> {
    let gg = gamma_gamma::fit(spend);
    if gg.mle.converged {
        return Ok((SpendModel::GammaGamma(gg), None));
    }
    if gg.params.p > 1e4 {
        let limit = gamma_gamma::fit_own_mean(spend);
        let tolerance = 1e-6 * gg.mle.log_likelihood.abs().max(1.0);
        if limit.mle.converged && limit.mle.log_likelihood >= gg.mle.log_likelihood - tolerance {
            let warning = ClvWarning::SpendAtBoundary {
                gamma_gamma_p: gg.params.p,
            };
            return Ok((SpendModel::OwnMean(limit), Some(warning)));
        }
    }
    Err(ClvError::NotConverged(Model::GammaGamma))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Model {
    Bgnbd,
    GammaGamma,
}

impl Model {
    fn name(self) -> &'static str {
        match self {
            Model::Bgnbd => "BG/NBD",
            Model::GammaGamma => "Gamma-Gamma",
        }
    }
}

/// Why there is no prediction.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClvError {
    #[error("no orders with a date and a customer")]
    NoOrders(Need),
    #[error(
        "{customers} customers and {repeat} repeat customers with amounts; the fit needs {MIN_CUSTOMERS} and {MIN_REPEAT}"
    )]
    TooThin { customers: usize, repeat: usize },
    #[error("the {} fit did not converge", .0.name())]
    NotConverged(Model),
    #[error("the Gamma-Gamma fit gave q = {0} ≤ 1: the mean spend is infinite")]
    InfiniteSpend(f64),
}

impl ClvError {
    /// The need the report shows for it.
    pub fn need(&self) -> Need {
        match self {
            ClvError::NoOrders(n) => n.clone(),
            ClvError::TooThin { customers, repeat } => Need::new(
                "orders.clv_history",
                [
                    MIN_CUSTOMERS.to_string(),
                    MIN_REPEAT.to_string(),
                    customers.to_string(),
                    repeat.to_string(),
                ],
            ),
            ClvError::NotConverged(m) => Need::new("orders.clv_fit", [m.name()]),
            ClvError::InfiniteSpend(q) => Need::new("orders.clv_spend", [format!("{q:.3}")]),
        }
    }
}

/// The fitted models and every customer's prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct ClvPrediction {
    pub bgnbd: bgnbd::BgNbdFit,
    pub spend: SpendModel,
    /// Customers by key order.
    pub customers: Vec<CustomerClv>,
    /// Customers with at least one repeat day, and those in the Gamma-Gamma fit.
    pub repeat_customers: usize,
    pub spend_customers: usize,
    pub horizon_months: u32,
    pub discount_rate_monthly: f64,
    pub warnings: Vec<ClvWarning>,
    pub currency: Option<String>,
}

/// One customer's purchase days, as the summary is built.
struct Days {
    first_day: i64,
    last_day: i64,
    days: u32,
    /// Repeat days with a usable amount, and their total.
    spend_days: u32,
    spend: f64,
    first_row: (usize, u32),
}

/// The prediction over the history up to `scope`'s end (with its filter), fitted once per
/// (end, filter) in an `analyze`. The journey layer reads P(alive) and CLV per customer key
/// from `customers`.
pub fn predict(ctx: &Ctx<'_>, scope: &Scope) -> Result<Rc<ClvPrediction>, ClvError> {
    type Cache = RefCell<HashMap<Key, (Result<Rc<ClvPrediction>, ClvError>, Vec<usize>)>>;
    type Key = (Timestamp, Option<(Role, String)>);
    let cache = ctx.memo("loyalty.clv_predicted", Cache::default);
    let key = (scope.range.end, scope.filter.clone());
    if let Some((hit, read)) = cache.borrow().get(&key) {
        ctx.touch_all(read);
        return hit.clone();
    }
    let (fitted, read) = ctx.reading(|| fit(ctx, scope).map(Rc::new));
    cache.borrow_mut().insert(key, (fitted.clone(), read));
    fitted
}

/// Each customer's (key, summary), and the repeat customers' spend.
pub type ModelInputs = (Vec<(u32, Rfm)>, Vec<Spend>);

/// The models' inputs up to the scope's end: each customer's (key, summary) in key order,
/// and the repeat customers' spend (x = repeat days with a usable amount, m their mean).
pub fn model_inputs(ctx: &Ctx<'_>, scope: &Scope) -> Result<ModelInputs, ClvError> {
    let (summaries, _, _) = summarise(ctx, scope)?;
    let (rfm, spend) = inputs(&summaries, scope);
    Ok((summaries.iter().map(|(c, _)| *c).zip(rfm).collect(), spend))
}

fn inputs(summaries: &[(u32, Days)], scope: &Scope) -> (Vec<Rfm>, Vec<Spend>) {
    let end_day = scope.range.end as f64 / SECONDS_PER_DAY as f64;
    let rfm: Vec<Rfm> = summaries
        .iter()
        .map(|(_, d)| Rfm {
            x: d.days - 1,
            t_x: (d.last_day - d.first_day) as f64 / 7.0,
            t: (end_day - d.first_day as f64) / 7.0,
        })
        .collect();
    let spend: Vec<Spend> = summaries
        .iter()
        .filter(|(_, d)| d.spend_days > 0 && d.spend > 0.0)
        .map(|(_, d)| Spend {
            x: d.spend_days,
            m: d.spend / d.spend_days as f64,
        })
        .collect();
    (rfm, spend)
}

fn fit(ctx: &Ctx<'_>, scope: &Scope) -> Result<ClvPrediction, ClvError> {
    crate::metrics::common::filter_reaches(ctx, scope, &[crate::TableKind::Orders])
        .map_err(ClvError::NoOrders)?;
    let (summaries, left_out, currency) = summarise(ctx, scope)?;
    let (rfm, spend) = inputs(&summaries, scope);
    let repeat_customers = rfm.iter().filter(|r| r.x > 0).count();
    if rfm.len() < MIN_CUSTOMERS || spend.len() < MIN_REPEAT {
        return Err(ClvError::TooThin {
            customers: rfm.len(),
            repeat: spend.len(),
        });
    }
    // The fits see their inputs in one canonical order: the files' row order numbers the
    // customers, and must not move a fitted digit (the metamorphic shuffle and split).
    let mut by_value = rfm.clone();
    crate::stats::stable_sort_by(&mut by_value, |a, b| {
        (a.x.cmp(&b.x))
            .then(a.t_x.total_cmp(&b.t_x))
            .then(a.t.total_cmp(&b.t))
    });
    let mut spend = spend;
    crate::stats::stable_sort_by(&mut spend, |a, b| a.x.cmp(&b.x).then(a.m.total_cmp(&b.m)));
    let bg = bgnbd::fit(&by_value);
    if !bg.mle.converged {
        return Err(ClvError::NotConverged(Model::Bgnbd));
    }
    let (gg, boundary) = fit_spend(&spend)?;
    if gg.q() <= 1.0 {
        return Err(ClvError::InfiniteSpend(gg.q()));
    }
    let mut warnings: Vec<ClvWarning> = boundary.into_iter().collect();
    for (ok, model) in [
        (bg.mle.information_ok, Model::Bgnbd),
        (gg.mle().information_ok, Model::GammaGamma),
    ] {
        if !ok {
            warnings.push(ClvWarning::NoInterval { model });
        }
    }
    if left_out > 0 {
        warnings.push(ClvWarning::AmountsLeftOut { days: left_out });
    }
    let horizon = ctx.settings.clv_horizon_months;
    let discount = ctx.settings.clv_discount_rate_monthly;
    let mut customers = Vec::with_capacity(rfm.len());
    let mut if_alive = IfAlive::new(&bg.params, horizon);
    for ((customer, d), r) in summaries.iter().zip(&rfm) {
        let mean_spend = (d.spend_days > 0).then(|| d.spend / d.spend_days as f64);
        let expected_spend = gg
            .expected_spend(d.spend_days, mean_spend.unwrap_or(0.0))
            .ok_or(ClvError::InfiniteSpend(gg.q()))?;
        let (expected_purchases, clv) = if_alive
            .discounted(r, expected_spend, discount)
            .ok_or(ClvError::NotConverged(Model::Bgnbd))?;
        customers.push(CustomerClv {
            customer: *customer,
            rfm: *r,
            spend_days: d.spend_days,
            mean_spend,
            p_alive: bg.params.p_alive(r),
            expected_purchases,
            expected_spend,
            clv,
            first_row: d.first_row,
        });
    }
    Ok(ClvPrediction {
        bgnbd: bg,
        spend: gg,
        customers,
        repeat_customers,
        spend_customers: spend.len(),
        horizon_months: horizon,
        discount_rate_monthly: discount,
        warnings,
        currency,
    })
}

/// (expected purchases over `months`, CLV) = (E[Y(H)], Σ_k (E[Y(k)] - E[Y(k-1)]) · spend /
/// (1 + d)^k), k in months.
pub fn discounted(
    p: &BgNbd,
    c: &Rfm,
    spend: f64,
    months: u32,
    discount: f64,
) -> Option<(f64, f64)> {
    IfAlive::new(p, months).discounted(c, spend, discount)
}

/// [`discounted`] for many customers of one fit: E[Y(k months)]'s factor before P(alive)
/// ([`BgNbd::if_alive`]) depends on (x, T) only, so it is computed once per pair and month
/// (the same operations in the same order: the figures are the same to the bit).
struct IfAlive<'p> {
    p: &'p BgNbd,
    months: u32,
    /// (x, T's bits) → the factor for k = 1..=months (`None`: the series failed).
    by_x_age: HashMap<(u32, u64), Vec<Option<f64>>>,
}

impl<'p> IfAlive<'p> {
    fn new(p: &'p BgNbd, months: u32) -> IfAlive<'p> {
        IfAlive {
            p,
            months,
            by_x_age: HashMap::new(),
        }
    }

    fn discounted(&mut self, c: &Rfm, spend: f64, discount: f64) -> Option<(f64, f64)> {
        let (p, months) = (self.p, self.months);
        let pole = (p.a - 1.0).abs() < 1e-9;
        let factors = self
            .by_x_age
            .entry((c.x, c.t.to_bits()))
            .or_insert_with(|| {
                (1..=months)
                    .map(|k| {
                        (!pole)
                            .then(|| p.if_alive(c.x, c.t, k as f64 * MONTH_WEEKS))
                            .flatten()
                    })
                    .collect()
            });
        let p_alive = p.p_alive(c);
        let (mut before, mut clv) = (0.0, 0.0);
        for (k, factor) in (1..=months).zip(factors.iter()) {
            let now = bgnbd::expected_from((*factor)?, p_alive)?;
            clv += (now - before) * spend / (1.0 + discount).powi(k as i32);
            before = now;
        }
        Some((before, clv))
    }
}

type Summaries = (Vec<(u32, Days)>, u64, Option<String>);

/// Every known customer's purchase days up to the scope's end, by customer key; the repeat
/// days left out of the spend mean; the main currency.
fn summarise(ctx: &Ctx<'_>, scope: &Scope) -> Result<Summaries, ClvError> {
    let prepared = prep::Orders::get(ctx);
    let purchases = Purchases::get(ctx);
    let main = prepared.currencies.main;
    let history = Scope {
        range: DateRange {
            start: Timestamp::MIN,
            end: scope.range.end,
        },
        filter: scope.filter.clone(),
    };
    // (customer, day, amount in the main currency or NaN, table, row) of each purchase.
    let each = |f: &mut dyn FnMut(Bought)| {
        for ot in &prepared.tables {
            let Some(pt) = purchases.tables.iter().find(|pt| pt.t == ot.t) else {
                continue;
            };
            pt.each(ctx, ot, &history, |p| {
                let order = &ot.sorted.orders[p.position as usize];
                let amount = if order.currency as usize == main {
                    p.amount
                } else {
                    f64::NAN
                };
                let row = ot.sorted.index.rows[p.position as usize];
                f((
                    p.customer,
                    p.at.div_euclid(SECONDS_PER_DAY),
                    amount,
                    ot.t,
                    row,
                ));
            });
        }
    };
    if prepared.tables.is_empty() {
        return Err(ClvError::NoOrders(Need::bare("orders.date_customer")));
    }
    let rows = crate::metrics::common::RowKeys::new(ctx.tables);
    let all = by_customer_day(each, ctx.customers().count as usize, &rows);
    // One summary per customer: counted first (`all` is by customer) rather than grown.
    let customers = all.chunk_by(|a, b| a.0 == b.0).count();
    let mut out: Vec<(u32, Days)> = Vec::with_capacity(customers);
    let mut left_out = 0;
    let mut i = 0;
    while i < all.len() {
        let (customer, day, _, t, row) = all[i];
        // One day of one customer: all[i..j].
        let mut j = i;
        let mut total = 0.0;
        let mut usable = true;
        while j < all.len() && all[j].0 == customer && all[j].1 == day {
            total += all[j].2;
            usable &= !all[j].2.is_nan();
            j += 1;
        }
        match out.last_mut() {
            Some((c, d)) if *c == customer => {
                d.days += 1;
                d.last_day = day;
                if usable {
                    d.spend_days += 1;
                    d.spend += total;
                } else {
                    left_out += 1;
                }
            }
            _ => out.push((
                customer,
                Days {
                    first_day: day,
                    last_day: day,
                    days: 1,
                    spend_days: 0,
                    spend: 0.0,
                    first_row: (t, row),
                },
            )),
        }
        i = j;
    }
    Ok((out, left_out, prepared.currencies.main_name()))
}

/// One purchase as the summary reads it: (customer, day, amount in the main currency or
/// NaN, table, row).
type Bought = (u32, i64, f64, usize, u32);

/// The purchases `each` visits, in (customer, day, table, row) order: counted by customer
/// in a first visit (keys are dense), placed in a second, then each customer's few purchases
/// sorted (the same order as one sort of them all, at a fraction of its cost on a million
/// purchases). Two visits instead of a collected copy: the copy, grown by doubling, was
/// the largest allocation of an orders-only `analyze` (issue 16).
fn by_customer_day(
    each: impl Fn(&mut dyn FnMut(Bought)),
    count: usize,
    rows: &crate::metrics::common::RowKeys,
) -> Vec<Bought> {
    let mut start = vec![0usize; count + 1];
    let mut beyond = false;
    each(&mut |p| match start.get_mut(p.0 as usize + 1) {
        Some(n) => *n += 1,
        None => beyond = true,
    });
    if beyond {
        // A key beyond the count (never, keys are dense): one sort of them all.
        let mut all = Vec::new();
        each(&mut |p| all.push(p));
        crate::stats::stable_sort_by(&mut all, |a, b| purchase_order(a).cmp(&purchase_order(b)));
        return all;
    }
    for c in 1..start.len() {
        start[c] += start[c - 1];
    }
    let mut out = vec![(0, 0, 0.0, 0, 0); start[count]];
    let mut next = start.clone();
    each(&mut |p| {
        if let Some(at) = next.get_mut(p.0 as usize)
            && let Some(slot) = out.get_mut(*at)
        {
            *slot = p;
            *at += 1;
        }
    });
    // One customer's purchases by (day, table, row): distinct, so the shared stable sort
    // gives the order `purchase_order` does.
    for w in start.windows(2) {
        crate::stats::sort_by_key96(&mut out[w[0]..w[1]], |p| rows.key(p.1, p.3, p.4));
    }
    out
}

/// (customer, day, table, row): the order of [`by_customer_day`].
fn purchase_order(p: &Bought) -> (u32, i64, usize, u32) {
    (p.0, p.1, p.3, p.4)
}

/// The customer's id (else e-mail) as their first purchase's row gives it.
pub fn customer_label(ctx: &Ctx<'_>, c: &CustomerClv) -> Option<String> {
    let t = ctx.tables.get(c.first_row.0)?;
    text_at(t, Role::CustomerId, c.first_row.1)
        .or_else(|| text_at(t, Role::Email, c.first_row.1))
        .map(str::to_string)
}

/// `loyalty.clv_predicted`: the mean over customers of their predicted CLV (E[purchases
/// over the horizon] × E[spend per purchase], discounted monthly); the total, the fitted
/// parameters with their 95% intervals and the mean P(alive) in `details`; the parameters,
/// warnings and the customers of highest CLV in `table`.
pub fn clv_predicted(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let p = predict(ctx, scope).map_err(|e| e.need())?;
    let n = p.customers.len();
    let total: f64 = p.customers.iter().map(|c| c.clv).sum();
    let mean = |f: fn(&CustomerClv) -> f64| p.customers.iter().map(f).sum::<f64>() / n as f64;
    let mut c = Computed {
        value: (n > 0).then(|| total / n as f64),
        n: Some(n as u64),
        currency: p.currency.clone(),
        ..Computed::default()
    }
    .with_detail("clv_total", total)
    .with_detail("customers", n as f64)
    .with_detail("repeat_customers", p.repeat_customers as f64)
    .with_detail("spend_customers", p.spend_customers as f64)
    .with_detail("p_alive_mean", mean(|c| c.p_alive))
    .with_detail("expected_purchases_mean", mean(|c| c.expected_purchases))
    .with_detail("expected_spend_mean", mean(|c| c.expected_spend))
    .with_detail("horizon_months", p.horizon_months as f64)
    .with_detail("discount_rate_monthly", p.discount_rate_monthly)
    .with_detail("bgnbd_log_likelihood", p.bgnbd.mle.log_likelihood)
    .with_detail("spend_log_likelihood", p.spend.mle().log_likelihood);
    for (name, e) in parameters(&p) {
        c = c.with_detail(name, e.value);
        if let (Some(lo), Some(hi)) = (e.low, e.high) {
            c = c
                .with_detail(&format!("{name}_low"), lo)
                .with_detail(&format!("{name}_high"), hi);
        }
    }
    if ctx.wants_table() {
        c.table = Some(table(ctx, &p));
    }
    Ok(c)
}

/// (name, estimate) of the parameters: r, α, a, b, then p, q, γ (or q and the scale of the
/// spend model's limit).
pub fn parameters(p: &ClvPrediction) -> Vec<(&'static str, Estimate)> {
    let b = &p.bgnbd.estimates;
    let mut out = vec![("r", b[0]), ("alpha", b[1]), ("a", b[2]), ("b", b[3])];
    out.extend(p.spend.parameters());
    out
}

fn table(ctx: &Ctx<'_>, p: &ClvPrediction) -> serde_json::Value {
    let mut top: Vec<&CustomerClv> = p.customers.iter().collect();
    crate::stats::stable_sort_by(&mut top, |a, b| {
        b.clv.total_cmp(&a.clv).then(a.customer.cmp(&b.customer))
    });
    top.truncate(TABLE_ROWS);
    let rows: Vec<serde_json::Value> = top
        .iter()
        .map(|c| {
            serde_json::json!({
                "customer": customer_label(ctx, c),
                "x": c.rfm.x,
                "t_x": c.rfm.t_x,
                "T": c.rfm.t,
                "mean_spend": c.mean_spend,
                "p_alive": c.p_alive,
                "expected_purchases": c.expected_purchases,
                "expected_spend": c.expected_spend,
                "clv": c.clv,
            })
        })
        .collect();
    // Filled by `insert`: collecting a map compiles a sort per iterator type (issue 16).
    let mut params = serde_json::Map::new();
    for (name, e) in parameters(p).iter() {
        params.insert(name.to_string(), serde_json::json!(e));
    }
    serde_json::json!({
        "time_unit": TIME_UNIT,
        "horizon_months": p.horizon_months,
        "discount_rate_monthly": p.discount_rate_monthly,
        "parameters": params,
        "interval_method": "observed information (numerical Hessian of the negative log-likelihood in log-parameters, inverted): exp(ln θ ± 1.96 se); se(θ) by the delta method",
        "spend_model": match p.spend { SpendModel::GammaGamma(_) => "gamma_gamma", SpendModel::OwnMean(_) => "own_mean_limit" },
        "warnings": p.warnings,
        "customers_total": p.customers.len(),
        "customers": rows,
    })
}

/// The rows behind the prediction: every order up to the range's end, with the rule that
/// kept or left it out (completed orders of known customers are the history).
pub fn explain_clv_predicted(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let history = DateRange {
        start: Timestamp::MIN,
        end: scope.range.end,
    };
    super::revenue::explain_customer_orders(ctx, scope, history)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discounting_by_hand() {
        // r = α = b = 1, a = 2; a new customer (x = 0, T = 0); spend 10; one month at 1%:
        // t = 30.4375 / 7 = 4.348214 weeks, z = t / (1 + t) = 0.813022,
        // E = 2 (1 - (1 - z) · (-ln(1 - z) / z)) = 2 (1 - 0.186978 · 2.062384) = 1.228758;
        // CLV = 1.228758 · 10 / 1.01 = 12.165921.
        let p = BgNbd {
            r: 1.0,
            alpha: 1.0,
            a: 2.0,
            b: 1.0,
        };
        let c = Rfm {
            x: 0,
            t_x: 0.0,
            t: 0.0,
        };
        let t = 365.25 / 12.0 / 7.0;
        let z: f64 = t / (1.0 + t);
        let e = 2.0 * (1.0 - (1.0 - z) * (-(1.0 - z).ln() / z));
        let (got_e, clv) = discounted(&p, &c, 10.0, 1, 0.01).unwrap();
        assert!(
            (got_e - e).abs() < 1e-9 && (e - 1.228758).abs() < 1e-5,
            "{got_e} {e}"
        );
        assert!((clv - 12.165921).abs() < 1e-5);
        // Two months without discount: the monthly steps add up to E[Y(2 months)].
        let (e2, clv2) = discounted(&p, &c, 10.0, 2, 0.0).unwrap();
        assert!((clv2 - 10.0 * e2).abs() < 1e-9);
    }
}
