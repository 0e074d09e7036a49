//! `loyalty.retention_cohorts`: customer and revenue retention by cohort of first order, or
//! of first subscription start when no orders file names customers.

use crate::metrics::sales::prep::{Orders, status_id};
use crate::metrics::{Computed, Ctx, Customers, Need, Scope};
use crate::period::{DateRange, Granularity, SECONDS_PER_DAY, date_to_ts, ts_to_date};
use crate::report::ProvenanceRow;
use crate::stats::{from_ordered_i64, ordered_i64, sort_packed};
use crate::table::{Status, Timestamp};
use rustc_hash::FxHashMap;

/// The number of the cohort period holding `ts`: months since year 0, or ISO weeks (Monday
/// start) since 1969-12-29, so that `k` is a difference of two numbers.
pub fn period_number(granularity: Granularity, ts: Timestamp) -> i64 {
    match granularity {
        Granularity::Week => (ts.div_euclid(SECONDS_PER_DAY) + 3).div_euclid(7),
        _ => {
            let (year, month0) = civil_month(ts.div_euclid(SECONDS_PER_DAY));
            year * 12 + month0
        }
    }
}

/// (year, month from 0) of the day `days` after 1970-01-01, proleptic Gregorian (Howard
/// Hinnant's `civil_from_days`: integer steps, no calendar object per order).
fn civil_month(days: i64) -> (i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month0 = if mp < 10 { mp + 2 } else { mp - 10 };
    let year = yoe + era * 400 + i64::from(month0 < 2);
    (year, month0)
}

/// The first instant of period number `n` (inverse of [`period_number`]).
fn period_start(granularity: Granularity, n: i64) -> Timestamp {
    match granularity {
        Granularity::Week => (n * 7 - 3) * SECONDS_PER_DAY,
        _ => {
            let (y, m) = (n.div_euclid(12), n.rem_euclid(12));
            chrono::NaiveDate::from_ymd_opt(y as i32, m as u32 + 1, 1).map_or(0, date_to_ts)
        }
    }
}

/// The cohort period setting: week when set, else month.
pub fn cohort_granularity(ctx: &Ctx<'_>) -> Granularity {
    match ctx.settings.cohort_period {
        Granularity::Week => Granularity::Week,
        _ => Granularity::Month,
    }
}

/// One cell of the grid: cohort `cohort` (its period's label), `k` periods after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub cohort: String,
    pub k: u32,
    pub size: u64,
    pub active: u64,
    pub revenue: f64,
    /// Revenue in period k / the cohort's revenue in period 0 (`None` when that is 0).
    pub revenue_share: Option<f64>,
    /// Period `cohort + k` ends after the range does: not finished.
    pub partial: bool,
}

/// One completed order of a cohort customer: (customer, cohort number, k, table, row, amount
/// in the main currency or NaN).
type Activity = (u32, i64, u32, usize, u32, f64);

/// The completed orders of customers whose first completed order (over all the data) falls
/// in `scope.range`, up to the range's end, with their cohort and `k`.
fn activity(ctx: &Ctx<'_>, scope: &Scope, g: Granularity) -> Result<Vec<Activity>, Need> {
    let orders = Orders::get(ctx);
    orders.require_customers(ctx)?;
    let until = Scope {
        range: DateRange {
            start: Timestamp::MIN / 2,
            end: scope.range.end,
        },
        filter: scope.filter.clone(),
    };
    let main = orders.currencies.main;
    let mut out = Vec::new();
    for ot in &orders.tables {
        let sorted = &ot.sorted;
        ot.each(ctx, &until, |p| {
            let o = sorted.orders[p];
            if o.status != Status::Completed || o.customer == Customers::NONE {
                return;
            }
            let Some(Some((first, _, _))) = orders.first.get(o.customer as usize) else {
                return;
            };
            if !scope.range.contains(*first) {
                return;
            }
            let cohort = period_number(g, *first);
            let k = period_number(g, sorted.index.dates[p]) - cohort;
            let amount = if usize::from(o.currency) == main {
                o.amount
            } else {
                f64::NAN
            };
            out.push((
                o.customer,
                cohort,
                k.max(0) as u32,
                ot.t,
                sorted.index.rows[p],
                amount,
            ));
        });
    }
    Ok(out)
}

/// `loyalty.retention_cohorts`: cohort = the period (month, or week by setting) of a
/// customer's first completed order over all the data, for first orders in the range; cell
/// (cohort, k) for k = 0 up to the range's last period: `size` = the cohort's customers,
/// `active` = those with a completed order in period cohort + k (before the range's end),
/// `share` = active / size, `revenue` = their completed amounts in that period (the main
/// currency; others are left out), `revenue_share` = revenue / the cohort's revenue in period
/// 0; `partial` when that period ends after the range. The headline value is the pooled
/// one-period retention over finished cells: Σ active(c, 1) / Σ size(c) over cohorts whose
/// cell k = 1 is not partial (a Wilson interval beside it).
///
/// Without orders naming customers, from the subscriptions ([`subscription_cells`]).
pub fn cells(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Cell>, Need> {
    let g = cohort_granularity(ctx);
    let acts = match activity(ctx, scope, g) {
        Ok(acts) => acts,
        Err(need) => return subscription_cells(ctx, scope, g).map_err(|_| need),
    };
    let last = period_number(g, scope.range.end - 1);
    let range_end = scope.range.end;
    // Per cohort: its customers; per (cohort, k): the customers active and the revenue.
    let mut size: FxHashMap<i64, Vec<u32>> = FxHashMap::default();
    let mut active: FxHashMap<(i64, u32), (Vec<u32>, f64)> = FxHashMap::default();
    for &(customer, cohort, k, _, _, amount) in &acts {
        if k == 0 {
            size.entry(cohort).or_default().push(customer);
        }
        let cell = active.entry((cohort, k)).or_default();
        cell.0.push(customer);
        if amount.is_finite() {
            cell.1 += amount;
        }
    }
    let mut cohorts: Vec<i64> = size.keys().copied().collect();
    sort_packed(
        &mut cohorts,
        |c| u128::from(ordered_i64(c)),
        |p| from_ordered_i64(p as u64),
    );
    // The distinct customers of a list, counted with a stamp per customer (the list's
    // number) rather than by sorting the list.
    let customers = acts.iter().map(|a| a.0 as usize + 1).max().unwrap_or(0);
    let mut stamps = vec![0u32; customers];
    let mut lists = 0u32;
    let mut distinct = |list: &[u32]| -> u64 {
        lists += 1;
        let mut n = 0;
        for &c in list {
            if let Some(s) = stamps.get_mut(c as usize)
                && *s != lists
            {
                *s = lists;
                n += 1;
            }
        }
        n
    };
    let mut out = Vec::new();
    for cohort in cohorts {
        let members = distinct(&size.remove(&cohort).unwrap_or_default());
        let revenue0 = active.get(&(cohort, 0)).map_or(0.0, |c| c.1);
        for k in 0..=(last - cohort).max(0) as u32 {
            let (who, revenue) = active.remove(&(cohort, k)).unwrap_or_default();
            let who = distinct(&who);
            let end = period_start(g, cohort + i64::from(k) + 1);
            out.push(Cell {
                cohort: g.label(ts_to_date(period_start(g, cohort))),
                k,
                size: members,
                active: who,
                revenue,
                revenue_share: (revenue0 > 0.0).then(|| revenue / revenue0),
                partial: end > range_end,
            });
        }
    }
    Ok(out)
}

/// Each customer key's usable subscriptions (the book's, in the main currency), for
/// customers whose first subscription start (over all the data) falls in the range.
fn subscribers(
    ctx: &Ctx<'_>,
    scope: &Scope,
) -> Result<Vec<(u32, Vec<crate::metrics::subscriptions::Subscription>)>, Need> {
    let book = crate::metrics::subscriptions::book(ctx, scope)?;
    let customers = ctx.customers();
    let mut by: FxHashMap<u32, Vec<crate::metrics::subscriptions::Subscription>> =
        FxHashMap::default();
    for s in &book.subscriptions {
        let key = customers
            .keys
            .get(s.table)
            .and_then(|k| k.get(s.row as usize))
            .copied()
            .unwrap_or(Customers::NONE);
        if key != Customers::NONE {
            by.entry(key).or_default().push(*s);
        }
    }
    let mut out: Vec<_> = by
        .into_iter()
        .filter(|(_, subs)| {
            subs.iter()
                .map(|s| s.started)
                .min()
                .is_some_and(|first| scope.range.contains(first))
        })
        .collect();
    // Keys are distinct (a map's): the shared sort gives `sort_unstable_by_key`'s order.
    crate::stats::stable_sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The grid from a subscriptions file (used when no orders file names customers): cohort =
/// the period of the customer's first subscription start (over all the data; a trial's
/// end when it has one, as the book reads it), for starts in the range; `active` (cohort,
/// k) = the cohort's customers with a subscription active at the end of period cohort + k
/// (at the range's end for an unfinished period), so a subscription started and cancelled
/// inside period 0 leaves the customer out of cell k = 0; `revenue` = their MRR then (main
/// currency), `revenue_share` = that MRR / the cohort's MRR at the end of period 0.
pub fn subscription_cells(ctx: &Ctx<'_>, scope: &Scope, g: Granularity) -> Result<Vec<Cell>, Need> {
    let subs = subscribers(ctx, scope)?;
    let last = period_number(g, scope.range.end - 1);
    let mut cohorts: std::collections::BTreeMap<
        i64,
        Vec<&[crate::metrics::subscriptions::Subscription]>,
    > = std::collections::BTreeMap::new();
    for (_, list) in &subs {
        if let Some(first) = list.iter().map(|s| s.started).min() {
            cohorts
                .entry(period_number(g, first))
                .or_default()
                .push(list.as_slice());
        }
    }
    let mut out = Vec::new();
    for (cohort, members) in cohorts {
        let mut revenue0 = 0.0;
        for k in 0..=(last - cohort).max(0) as u32 {
            let end = period_start(g, cohort + i64::from(k) + 1);
            let at = end.min(scope.range.end);
            let (mut active, mut revenue) = (0u64, 0.0);
            for list in &members {
                let mrr: f64 = list
                    .iter()
                    .filter(|s| s.active_at(at))
                    .map(|s| s.monthly)
                    .sum();
                if list.iter().any(|s| s.active_at(at)) {
                    active += 1;
                    revenue += mrr;
                }
            }
            if k == 0 {
                revenue0 = revenue;
            }
            out.push(Cell {
                cohort: g.label(ts_to_date(period_start(g, cohort))),
                k,
                size: members.len() as u64,
                active,
                revenue,
                revenue_share: (revenue0 > 0.0).then(|| revenue / revenue0),
                partial: end > scope.range.end,
            });
        }
    }
    Ok(out)
}

/// See [`cells`].
pub fn retention_cohorts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let grid = cells(ctx, scope)?;
    let (mut kept, mut n) = (0u64, 0u64);
    for c in grid.iter().filter(|c| c.k == 1 && !c.partial) {
        kept += c.active;
        n += c.size;
    }
    let mut out = Computed::proportion(kept, n)
        .with_detail("cohorts", grid.iter().filter(|c| c.k == 0).count() as f64)
        .with_detail(
            "customers",
            grid.iter()
                .filter(|c| c.k == 0)
                .map(|c| c.size)
                .sum::<u64>() as f64,
        );
    if ctx.wants_table() {
        out.table = Some(serde_json::Value::Array(
            grid.iter()
                .map(|c| {
                    serde_json::json!({
                        "cohort": c.cohort,
                        "k": c.k,
                        "size": c.size,
                        "active": c.active,
                        "share": if c.size > 0 { Some(c.active as f64 / c.size as f64) } else { None },
                        "revenue": c.revenue,
                        "revenue_share": c.revenue_share,
                        "partial": c.partial,
                    })
                })
                .collect(),
        ));
    }
    Ok(out)
}

/// The completed orders behind every cell: each names its customer, cohort and `k`, so a
/// cell's customers are the rows with that cohort and k (`--period` narrows to one cohort).
pub fn explain_retention_cohorts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let g = cohort_granularity(ctx);
    let mut acts = match activity(ctx, scope, g) {
        Ok(acts) => acts,
        Err(need) => return explain_subscription_cohorts(ctx, scope, g).map_err(|_| need),
    };
    crate::stats::stable_sort_by(&mut acts, |a, b| {
        (a.1, a.2, a.0, a.3, a.4).cmp(&(b.1, b.2, b.0, b.3, b.4))
    });
    let customers = super::profiles::labels(ctx);
    Ok(acts
        .iter()
        .map(|&(customer, cohort, k, t, row, amount)| {
            let table = &ctx.tables[t];
            crate::metrics::common::provenance_row(
                table,
                row,
                true,
                format!(
                    "included: cohort {}, k {}, customer {}, status {}",
                    g.label(ts_to_date(period_start(g, cohort))),
                    k,
                    customers.get(customer as usize).unwrap_or(""),
                    status_id(Status::Completed),
                ),
                amount.is_finite().then_some(amount),
            )
        })
        .collect())
}

/// The subscriptions of each cohort customer (subscription cohorts): each names its
/// customer and cohort; a cell's customers are those with a subscription active at its end.
fn explain_subscription_cohorts(
    ctx: &Ctx<'_>,
    scope: &Scope,
    g: Granularity,
) -> Result<Vec<ProvenanceRow>, Need> {
    let subs = subscribers(ctx, scope)?;
    let names = super::profiles::labels(ctx);
    let mut out = Vec::new();
    for (key, list) in &subs {
        let Some(first) = list.iter().map(|s| s.started).min() else {
            continue;
        };
        let cohort = g.label(ts_to_date(period_start(g, period_number(g, first))));
        for s in list {
            out.push(crate::metrics::common::provenance_row(
                &ctx.tables[s.table],
                s.row,
                true,
                format!(
                    "included: cohort {cohort}, customer {}, subscription",
                    names.get(*key as usize).unwrap_or(""),
                ),
                Some(s.monthly),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_month_agrees_with_the_calendar() {
        use chrono::Datelike;
        // Every day from 1600 to 2400 (leap centuries, the epoch, before it).
        let first = chrono::NaiveDate::from_ymd_opt(1600, 1, 1).unwrap();
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for n in 0..(800 * 366) {
            let d = first + chrono::Duration::days(n);
            let days = (d - epoch).num_days();
            let want = (i64::from(d.year()), i64::from(d.month0()));
            assert_eq!(civil_month(days), want, "{d}");
        }
    }
    use crate::period::Query;
    use crate::settings::Settings;
    use crate::table::{Role, Table, TableKind, Values, text_values};
    use crate::test_support::{assert_close, day};

    /// a: Jan 5, Feb 10, Feb 20 (100, 50, 30); b: Jan 20, Mar 3 (200, 80); c: Feb 2 (40);
    /// d: a refunded order in January, a completed one in March (10). Range Jan 1 - Mar 15.
    fn orders() -> Table {
        Table::new("o.csv", TableKind::Orders)
            .with_column(
                "date",
                Role::OrderDate,
                Values::Date(
                    vec![
                        day(2025, 1, 5),
                        day(2025, 2, 10),
                        day(2025, 2, 20),
                        day(2025, 1, 20),
                        day(2025, 3, 3),
                        day(2025, 2, 2),
                        day(2025, 1, 9),
                        day(2025, 3, 15),
                    ]
                    .into(),
                ),
            )
            .with_column(
                "customer",
                Role::CustomerId,
                text_values(["a", "a", "a", "b", "b", "c", "d", "d"]),
            )
            .with_column(
                "amount",
                Role::Amount,
                Values::Number(
                    [100.0, 50.0, 30.0, 200.0, 80.0, 40.0, 99.0, 10.0]
                        .map(Some)
                        .to_vec()
                        .into(),
                ),
            )
            .with_column(
                "status",
                Role::Status,
                text_values([
                    "paid", "paid", "paid", "paid", "paid", "paid", "refunded", "paid",
                ]),
            )
    }

    #[test]
    fn cells_count_by_hand() {
        let tables = [orders()];
        let (settings, query) = (Settings::default(), Query::default());
        let ctx = Ctx::new(&tables, &settings, &query);
        let grid = cells(&ctx, &ctx.scope()).expect("orders");
        let row = |cohort: &str, k: u32| {
            grid.iter()
                .find(|c| c.cohort == cohort && c.k == k)
                .cloned()
                .expect("cell")
        };
        // January: a and b (2); February: c; March: d (its January order was refunded).
        assert_eq!(grid.len(), 3 + 2 + 1);
        let jan0 = row("2025-01", 0);
        assert_eq!((jan0.size, jan0.active), (2, 2));
        assert_close(jan0.revenue, 300.0);
        let jan1 = row("2025-01", 1);
        assert_eq!(jan1.active, 1); // a in February
        assert_close(jan1.revenue, 80.0);
        assert_close(jan1.revenue_share.expect("share"), 80.0 / 300.0);
        assert!(!jan1.partial);
        let jan2 = row("2025-01", 2);
        assert_eq!(jan2.active, 1); // b in March
        assert!(jan2.partial); // the range ends on March 15
        let feb1 = row("2025-02", 1);
        assert_eq!((feb1.size, feb1.active), (1, 0));
        assert!(feb1.partial);
        let mar0 = row("2025-03", 0);
        assert_eq!((mar0.size, mar0.active), (1, 1));
        // Headline: finished k = 1 cells only: January's, 1 of 2.
        let c = retention_cohorts(&ctx, &ctx.scope()).expect("orders");
        assert_close(c.value.expect("value"), 0.5);
    }

    /// Subscriptions alone: a Jan 10 - (open), 100/month; b Jan 20 - Jan 25 (cancelled in
    /// its first month), 50; c Feb 5 - Mar 10, 30. Range Jan 1 - Mar 31 (to Apr 1).
    fn subscriptions() -> Table {
        Table::new("s.csv", TableKind::Subscriptions)
            .with_column(
                "start",
                Role::StartedAt,
                Values::Date(vec![day(2025, 1, 10), day(2025, 1, 20), day(2025, 2, 5)].into()),
            )
            .with_column(
                "end",
                Role::EndedAt,
                Values::Date(vec![None, day(2025, 1, 25), day(2025, 3, 10)].into()),
            )
            .with_column("customer", Role::CustomerId, text_values(["a", "b", "c"]))
            .with_column(
                "mrr",
                Role::Mrr,
                Values::Number(vec![Some(100.0), Some(50.0), Some(30.0)].into()),
            )
    }

    #[test]
    fn subscription_cells_count_by_hand() {
        let tables = [subscriptions()];
        let (settings, query) = (Settings::default(), Query::default());
        let ctx = Ctx::new(&tables, &settings, &query);
        let scope = Scope {
            range: DateRange {
                start: day(2025, 1, 1).unwrap_or_default(),
                end: day(2025, 4, 1).unwrap_or_default(),
            },
            filter: None,
        };
        let grid = cells(&ctx, &scope).expect("subscriptions");
        let row = |cohort: &str, k: u32| {
            grid.iter()
                .find(|c| c.cohort == cohort && c.k == k)
                .cloned()
                .expect("cell")
        };
        // January: a and b; at the end of January only a is subscribed (100).
        assert_eq!(grid.len(), 3 + 2);
        let jan0 = row("2025-01", 0);
        assert_eq!((jan0.size, jan0.active), (2, 1));
        assert_close(jan0.revenue, 100.0);
        let jan2 = row("2025-01", 2);
        assert_eq!(jan2.active, 1);
        assert_close(jan2.revenue_share.expect("share"), 1.0);
        assert!(!jan2.partial);
        // February: c, subscribed at the end of February, gone by the end of March.
        let feb0 = row("2025-02", 0);
        assert_eq!((feb0.size, feb0.active), (1, 1));
        assert_close(feb0.revenue, 30.0);
        let feb1 = row("2025-02", 1);
        assert_eq!(feb1.active, 0);
        assert_close(feb1.revenue_share.expect("share"), 0.0);
        // Headline: k = 1 cells finished: January 1 of 2, February 0 of 1.
        let c = retention_cohorts(&ctx, &scope).expect("subscriptions");
        assert_close(c.value.expect("value"), 1.0 / 3.0);
        let rows = explain_retention_cohorts(&ctx, &scope).expect("rows");
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn weekly_cohorts_by_setting() {
        let tables = [orders()];
        let settings = Settings {
            cohort_period: Granularity::Week,
            ..Settings::default()
        };
        let query = Query::default();
        let ctx = Ctx::new(&tables, &settings, &query);
        let grid = cells(&ctx, &ctx.scope()).expect("orders");
        // 2025-01-05 is a Sunday: ISO week 2025-W01.
        assert_eq!(grid[0].cohort, "2025-W01");
        assert_eq!(grid[0].size, 1);
        assert_eq!(
            period_number(
                Granularity::Week,
                date_to_ts(crate::test_support::date(2025, 1, 6))
            ),
            period_number(
                Granularity::Week,
                date_to_ts(crate::test_support::date(2025, 1, 12))
            )
        );
    }
}
