//! Subscription metrics: MRR, ARR, ARPA and the MRR movements.
//!
//! A subscription row is active at instant `t` when `started_at < t` and it has not ended
//! before `t` (`ended_at` empty or `ended_at >= t`): the state at `t` reflects every event
//! strictly before `t`, so a range `[start, end)` owns the events of its own days. The status
//! column is not used: it describes the subscription today, not at `t`. A row counts only
//! with a positive monthly amount (the MRR cell, else the amount normalised by its billing
//! interval; no interval column: monthly), a start date, and an end after its start.
//!
//! Movements compare each customer's MRR at the range's start and end (a customer's
//! subscriptions merged; a subscription with no customer id or e-mail is its own customer):
//! new = was never paying before the start and pays at the end; reactivation = paid before
//! the start, not at the start, pays at the end; expansion / contraction = the change of a
//! customer paying at both; churn = paying at the start, not at the end. So
//! start + new + expansion + reactivation - contraction - churn = end, by construction.

use super::prep::{Currencies, date_role, prov, status_at, status_classes};
use crate::metrics::subscriptions::interval_months;
use crate::metrics::{Computed, Ctx, Needs, Scope};
use crate::period::ts_to_date;
use crate::report::ProvenanceRow;
use crate::table::{Role, Status, Table, TableKind, Timestamp};

pub const BREAKDOWNS: &[Role] = &[Role::Plan, Role::Segment, Role::Channel];

/// One subscriptions table, prepared.
#[derive(Debug)]
struct SubTable {
    t: usize,
    start: Role,
    /// Months per billing period for each interval dictionary code (`None` inside: a word
    /// that is not an interval; `None` outside: no interval column).
    months: Option<Vec<Option<f64>>>,
    /// Status class per status dictionary code (`None`: no status column).
    classes: Option<Vec<Status>>,
    /// The dense customer index of each row.
    entity: Vec<u32>,
}

#[derive(Debug, Default)]
struct Subs {
    tables: Vec<SubTable>,
    currencies: Currencies,
    entities: usize,
}

/// The MRR and amount columns (a row with either cell votes for the main currency).
fn sub_amounts(t: &Table) -> Vec<&[Option<f64>]> {
    [Role::Mrr, Role::Amount]
        .iter()
        .filter_map(|r| t.numbers(*r))
        .collect()
}

/// Why a row has no monthly amount.
enum NoAmount {
    Missing,
    Interval(String),
    NotPositive,
}

impl SubTable {
    /// The row's monthly amount: its MRR cell when given, else its amount divided by the
    /// months of its billing interval (the interval vocabulary of
    /// [`crate::metrics::subscriptions::interval_months`], shared with the loyalty metrics:
    /// yearly / 12, weekly / (12 / 52) = * 52 / 12, ...; an empty interval is monthly).
    fn monthly(&self, table: &Table, row: usize) -> Result<f64, NoAmount> {
        let m = if let Some(m) = table.numbers(Role::Mrr).and_then(|v| v[row]) {
            m
        } else {
            let a = table
                .numbers(Role::Amount)
                .and_then(|v| v[row])
                .ok_or(NoAmount::Missing)?;
            match (&self.months, table.text(Role::Interval)) {
                (Some(months), Some(col)) if col.get(row).is_some() => {
                    let months = months
                        .get(col.codes[row] as usize)
                        .copied()
                        .flatten()
                        .ok_or_else(|| {
                            NoAmount::Interval(col.get(row).unwrap_or("").to_string())
                        })?;
                    a / months
                }
                _ => a,
            }
        };
        if m > 0.0 {
            Ok(m)
        } else {
            Err(NoAmount::NotPositive)
        }
    }

    /// Statuses that keep a row out (as in the loyalty metrics' subscription book): cancelled
    /// or refunded with no end date (when it stopped paying is unknown), abandoned, pending.
    fn status_excluded(
        &self,
        table: &Table,
        row: usize,
        end: Option<Timestamp>,
    ) -> Option<&'static str> {
        let status = status_at(table.text(Role::Status).zip(self.classes.as_deref()), row);
        match status {
            Status::Cancelled | Status::Refunded if end.is_none() => {
                Some("excluded: cancelled with no end date")
            }
            Status::Abandoned => Some("excluded: status abandoned"),
            Status::Pending => Some("excluded: status pending (not paying yet)"),
            _ => None,
        }
    }
}

impl Subs {
    fn get(ctx: &Ctx<'_>) -> std::rc::Rc<Subs> {
        ctx.memo("sales.subscriptions", || Subs::build(ctx))
    }

    fn build(ctx: &Ctx<'_>) -> Subs {
        let customers = ctx.customers();
        // Dense customer indices over subscription rows only (an array per customer of every
        // file would be mostly empty).
        let mut dense = vec![u32::MAX; customers.count as usize];
        let mut entities = 0usize;
        let mut tables = Vec::new();
        for (t, table) in ctx.tables_of(TableKind::Subscriptions) {
            let Some(start) = date_role(table) else {
                continue;
            };
            if table.numbers(Role::Mrr).is_none() && table.numbers(Role::Amount).is_none() {
                continue;
            }
            let keys = customers.keys.get(t);
            let entity = (0..table.rows())
                .map(|row| {
                    let key = keys.and_then(|k| k.get(row)).copied().unwrap_or(u32::MAX);
                    let slot = match dense.get_mut(key as usize) {
                        Some(slot) => slot,
                        None => {
                            entities += 1;
                            return (entities - 1) as u32;
                        }
                    };
                    if *slot == u32::MAX {
                        *slot = entities as u32;
                        entities += 1;
                    }
                    *slot
                })
                .collect();
            tables.push(SubTable {
                t,
                start,
                months: table
                    .text(Role::Interval)
                    .map(|c| c.dict.iter().map(|w| interval_months(w)).collect()),
                classes: table.text(Role::Status).map(|c| status_classes(ctx, c)),
                entity,
            });
        }
        Subs {
            tables,
            currencies: Currencies::build(ctx, TableKind::Subscriptions, sub_amounts),
            entities,
        }
    }

    fn require(&self) -> Result<(), Needs> {
        if self.tables.is_empty() {
            Err(Needs(
                "a subscriptions file with a start date and an MRR or amount column".into(),
            ))
        } else {
            Ok(())
        }
    }
}

fn active(start: Timestamp, end: Option<Timestamp>, t: Timestamp) -> bool {
    start < t && end.is_none_or(|e| e >= t)
}

/// Each customer's MRR at the range's start and end, and the movements between.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Movements {
    pub start: f64,
    pub end: f64,
    pub new: f64,
    pub expansion: f64,
    pub contraction: f64,
    pub churn: f64,
    pub reactivation: f64,
    /// Customers paying at the end.
    pub paying_end: u64,
    /// Customers paying at the start.
    pub paying_start: u64,
    pub currency: Option<String>,
    /// MRR at the end in other currencies (`mrr_USD`), never summed.
    pub others: Vec<(String, f64)>,
}

impl Movements {
    fn computed(&self, value: Option<f64>, n: u64) -> Computed {
        let mut c = Computed {
            value,
            n: Some(n),
            currency: self.currency.clone(),
            ..Computed::default()
        };
        for (k, v) in [
            ("mrr_start", self.start),
            ("mrr_end", self.end),
            ("mrr_new", self.new),
            ("mrr_expansion", self.expansion),
            ("mrr_contraction", self.contraction),
            ("mrr_churn", self.churn),
            ("mrr_reactivation", self.reactivation),
            ("customers_start", self.paying_start as f64),
            ("customers_end", self.paying_end as f64),
        ] {
            c.details.insert(k.into(), v);
        }
        c.details.extend(self.others.iter().cloned());
        c
    }
}

/// Per customer state between the range's start and end.
#[derive(Clone, Copy, Default)]
struct State {
    at_start: f64,
    at_end: f64,
    paid_before: bool,
}

/// The movement of one customer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Move {
    New(f64),
    Expansion(f64),
    Contraction(f64),
    Churn(f64),
    Reactivation(f64),
    Flat,
    None,
}

impl State {
    fn movement(self) -> Move {
        match (self.at_start > 0.0, self.at_end > 0.0) {
            (true, true) if self.at_end > self.at_start => {
                Move::Expansion(self.at_end - self.at_start)
            }
            (true, true) if self.at_end < self.at_start => {
                Move::Contraction(self.at_start - self.at_end)
            }
            (true, true) => Move::Flat,
            (true, false) => Move::Churn(self.at_start),
            (false, true) if self.paid_before => Move::Reactivation(self.at_end),
            (false, true) => Move::New(self.at_end),
            (false, false) => Move::None,
        }
    }
}

/// One pass over the subscriptions in the scope's filter: per-customer states.
fn states(ctx: &Ctx<'_>, scope: &Scope, subs: &Subs) -> (Vec<State>, Vec<f64>, Vec<bool>) {
    let (s, e) = (scope.range.start, scope.range.end);
    let mut states = vec![State::default(); subs.entities];
    let mut other_end = vec![0.0; subs.currencies.names.len()];
    let mut other_seen = vec![false; subs.currencies.names.len()];
    for st in &subs.tables {
        let table = &ctx.tables[st.t];
        let Some(starts) = table.dates(st.start) else {
            continue;
        };
        let ends = table.dates(Role::EndedAt);
        let cur = subs.currencies.row_currency(table, st.t);
        for r in ctx.all_rows(st.t, scope) {
            let r = r as usize;
            let Some(start) = starts[r] else { continue };
            let end = ends.and_then(|v| v[r]);
            if end.is_some_and(|end| end <= start) || st.status_excluded(table, r, end).is_some() {
                continue;
            }
            let Ok(m) = st.monthly(table, r) else {
                continue;
            };
            let c = cur.at(r);
            if c != subs.currencies.main {
                if active(start, end, e) {
                    other_end[c] += m;
                    other_seen[c] = true;
                }
                continue;
            }
            let state = &mut states[st.entity[r] as usize];
            if active(start, end, s) {
                state.at_start += m;
            }
            if active(start, end, e) {
                state.at_end += m;
            }
            if start < s {
                state.paid_before = true;
            }
        }
    }
    (states, other_end, other_seen)
}

/// MRR at the scope's start and end and the movements between them.
pub fn movements(ctx: &Ctx<'_>, scope: &Scope) -> Result<Movements, Needs> {
    let subs = Subs::get(ctx);
    subs.require()?;
    super::check_filter(
        ctx,
        scope,
        scope.filter.as_ref().is_none_or(|(role, _)| {
            subs.tables
                .iter()
                .any(|st| ctx.tables[st.t].column(*role).is_some())
        }),
        "subscriptions file",
    )?;
    let (states, other_end, other_seen) = states(ctx, scope, &subs);
    let mut m = Movements {
        currency: subs.currencies.main_name(),
        others: subs.currencies.details("mrr", &other_end, &other_seen),
        ..Movements::default()
    };
    for st in &states {
        m.start += st.at_start;
        m.end += st.at_end;
        m.paying_start += u64::from(st.at_start > 0.0);
        m.paying_end += u64::from(st.at_end > 0.0);
        match st.movement() {
            Move::New(v) => m.new += v,
            Move::Expansion(v) => m.expansion += v,
            Move::Contraction(v) => m.contraction += v,
            Move::Churn(v) => m.churn += v,
            Move::Reactivation(v) => m.reactivation += v,
            Move::Flat | Move::None => {}
        }
    }
    Ok(m)
}

/// `sales.mrr` = Σ monthly amount of the subscriptions active at the end of the range
/// (yearly / 12, weekly * 52 / 12), main currency; `details.mrr_XXX` for other currencies.
pub fn mrr(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.end), m.paying_end))
}

/// `sales.arr` = 12 * MRR at the end of the range.
pub fn arr(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(12.0 * m.end), m.paying_end))
}

/// `sales.arpa` = MRR at the end of the range / customers paying then (one customer's
/// subscriptions merged). Nobody paying: absent value.
pub fn arpa(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let m = movements(ctx, scope)?;
    let value = (m.paying_end > 0).then(|| m.end / m.paying_end as f64);
    Ok(m.computed(value, m.paying_end))
}

/// `sales.mrr_new` = Σ end MRR of customers who never paid before the range and pay at its end.
pub fn mrr_new(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.new), m.paying_end))
}

/// `sales.mrr_expansion` = Σ (end - start) MRR of customers paying at both, where it grew.
pub fn mrr_expansion(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.expansion), m.paying_start))
}

/// `sales.mrr_contraction` = Σ (start - end) MRR of customers paying at both, where it shrank.
pub fn mrr_contraction(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.contraction), m.paying_start))
}

/// `sales.mrr_churn` = Σ start MRR of customers paying at the start and not at the end.
pub fn mrr_churn(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.churn), m.paying_start))
}

/// `sales.mrr_reactivation` = Σ end MRR of customers who paid before the range, were not
/// paying at its start, and pay at its end.
pub fn mrr_reactivation(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.reactivation), m.paying_end))
}

fn date(ts: Timestamp) -> String {
    ts_to_date(ts).format("%Y-%m-%d").to_string()
}

/// Each subscription row and whether it is in the MRR at the end of the range.
pub fn explain_mrr(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    explain_rows(ctx, scope, |_, _, active_end, m| {
        if active_end {
            (
                true,
                "included: active at the end of the range".to_string(),
                Some(m),
            )
        } else {
            (
                false,
                "excluded: not active at the end of the range".to_string(),
                Some(m),
            )
        }
    })
}

/// Each subscription row with its customer's movement over the range.
pub fn explain_movements(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    let subs = Subs::get(ctx);
    subs.require()?;
    let (states, _, _) = states(ctx, scope, &subs);
    explain_rows(ctx, scope, |st, r, _, _| {
        let state = states[st.entity[r] as usize];
        let (included, what, v) = match state.movement() {
            Move::New(v) => (true, "new", Some(v)),
            Move::Expansion(v) => (true, "expansion", Some(v)),
            Move::Contraction(v) => (true, "contraction", Some(v)),
            Move::Churn(v) => (true, "churn", Some(v)),
            Move::Reactivation(v) => (true, "reactivation", Some(v)),
            Move::Flat => (false, "no change", None),
            Move::None => (false, "not paying at the start nor at the end", None),
        };
        let rule = if included {
            format!("included: the customer's MRR movement is {what}")
        } else {
            format!("excluded: the customer's MRR shows {what}")
        };
        (included, rule, v)
    })
}

fn explain_rows(
    ctx: &Ctx<'_>,
    scope: &Scope,
    mut rule: impl FnMut(&SubTable, usize, bool, f64) -> (bool, String, Option<f64>),
) -> Result<Vec<ProvenanceRow>, Needs> {
    let subs = Subs::get(ctx);
    subs.require()?;
    let mut out = Vec::new();
    for st in &subs.tables {
        let table = &ctx.tables[st.t];
        let Some(starts) = table.dates(st.start) else {
            continue;
        };
        let ends = table.dates(Role::EndedAt);
        let cur = subs.currencies.row_currency(table, st.t);
        for r in ctx.all_rows(st.t, scope) {
            let row = r as usize;
            let end = ends.and_then(|v| v[row]);
            let no = |why: String| prov(table, r, false, why, None);
            let Some(start) = starts[row] else {
                out.push(no("excluded: no start date".into()));
                continue;
            };
            if let Some(end) = end.filter(|&e| e <= start) {
                out.push(no(format!(
                    "excluded: ends ({}) before it starts",
                    date(end)
                )));
                continue;
            }
            let m = match st.monthly(table, row) {
                Ok(m) => m,
                Err(NoAmount::Missing) => {
                    out.push(no("excluded: no MRR or amount".into()));
                    continue;
                }
                Err(NoAmount::Interval(w)) => {
                    out.push(no(format!("excluded: unknown billing interval \"{w}\"")));
                    continue;
                }
                Err(NoAmount::NotPositive) => {
                    out.push(no("excluded: monthly amount is not positive".into()));
                    continue;
                }
            };
            if cur.at(row) != subs.currencies.main {
                out.push(no(format!(
                    "excluded: currency {} (reported apart, never summed)",
                    subs.currencies.name(cur.at(row))
                )));
                continue;
            }
            let (included, why, v) = rule(st, row, active(start, end, scope.range.end), m);
            out.push(prov(table, r, included, why, v));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::sales::tests::{days, ts, with_ctx};
    use crate::settings::Settings;
    use crate::table::{Values, text_values};

    /// ```text
    /// row customer amount interval start       end
    ///  0  A        100    mensal   2024-12-01  -
    ///  1  A        1200   anual    2025-01-15  -           (+100/month: expansion)
    ///  2  B        50     mensal   2024-11-01  2025-01-20  (churn)
    ///  3  C        30     weekly   2025-01-10  -           (30 * 52 / 12 = 130: new)
    ///  4  D        80     mensal   2024-06-01  2024-09-01  (churned before)
    ///  5  D        90     mensal   2025-01-05  -           (reactivation)
    ///  6  E        200    mensal   2024-10-01  2025-01-12
    ///  7  E        150    mensal   2025-01-12  -           (downgrade: contraction 50)
    /// ```
    pub fn subscriptions() -> Table {
        Table::new("assinaturas.csv", TableKind::Subscriptions)
            .with_column(
                "cliente",
                Role::CustomerId,
                text_values(["A", "A", "B", "C", "D", "D", "E", "E"]),
            )
            .with_column(
                "valor",
                Role::Amount,
                Values::Number(
                    [100.0, 1200.0, 50.0, 30.0, 80.0, 90.0, 200.0, 150.0]
                        .map(Some)
                        .to_vec(),
                ),
            )
            .with_column(
                "periodicidade",
                Role::Interval,
                text_values([
                    "mensal", "anual", "mensal", "weekly", "mensal", "mensal", "mensal", "mensal",
                ]),
            )
            .with_column(
                "inicio",
                Role::StartedAt,
                Values::Date(vec![
                    ts(2024, 12, 1),
                    ts(2025, 1, 15),
                    ts(2024, 11, 1),
                    ts(2025, 1, 10),
                    ts(2024, 6, 1),
                    ts(2025, 1, 5),
                    ts(2024, 10, 1),
                    ts(2025, 1, 12),
                ]),
            )
            .with_column(
                "fim",
                Role::EndedAt,
                Values::Date(vec![
                    None,
                    None,
                    ts(2025, 1, 20),
                    None,
                    ts(2024, 9, 1),
                    None,
                    ts(2025, 1, 12),
                    None,
                ]),
            )
            .with_column(
                "plano",
                Role::Plan,
                text_values([
                    "pro", "pro", "basic", "basic", "basic", "pro", "pro", "basic",
                ]),
            )
    }

    #[test]
    fn january_waterfall_holds() {
        // Start (Jan 1): A 100 + B 50 + E 200 = 350. End (Feb 1): A 200 + C 130 + D 90 + E 150
        // = 570. new C 130, expansion A 100, reactivation D 90, contraction E 50, churn B 50:
        // 350 + 130 + 100 + 90 - 50 - 50 = 570.
        with_ctx(&[subscriptions()], &Settings::default(), |ctx| {
            let jan = days((2025, 1, 1), (2025, 1, 31));
            let m = movements(ctx, &jan).unwrap();
            assert_eq!((m.start, m.end), (350.0, 570.0));
            assert_eq!(m.new, 130.0);
            assert_eq!(m.expansion, 100.0);
            assert_eq!(m.reactivation, 90.0);
            assert_eq!(m.contraction, 50.0);
            assert_eq!(m.churn, 50.0);
            assert_eq!(
                m.start + m.new + m.expansion + m.reactivation - m.contraction - m.churn,
                m.end
            );
            assert_eq!(mrr(ctx, &jan).unwrap().value, Some(570.0));
            assert_eq!(arr(ctx, &jan).unwrap().value, Some(6840.0));
            // 4 paying customers at the end: 570 / 4.
            assert_eq!(arpa(ctx, &jan).unwrap().value, Some(142.5));
            let c = mrr_churn(ctx, &jan).unwrap();
            assert_eq!(c.value, Some(50.0));
            assert_eq!(c.details.get("mrr_start"), Some(&350.0));
            assert_eq!(c.details.get("mrr_end"), Some(&570.0));
            assert_eq!(mrr_new(ctx, &jan).unwrap().value, Some(130.0));
            assert_eq!(mrr_expansion(ctx, &jan).unwrap().value, Some(100.0));
            assert_eq!(mrr_contraction(ctx, &jan).unwrap().value, Some(50.0));
            assert_eq!(mrr_reactivation(ctx, &jan).unwrap().value, Some(90.0));
        });
    }

    #[test]
    fn stock_is_valued_at_the_end_of_the_range() {
        // End of 2024-12 (Jan 1): A 100, B 50, E 200 = 350. End of 2024-08 (Sep 1 exclusive:
        // D's sub ends on Sep 1, still counted at instant Sep 1) → D 80; November: +B, +E.
        with_ctx(&[subscriptions()], &Settings::default(), |ctx| {
            let dec = days((2024, 12, 1), (2024, 12, 31));
            assert_eq!(mrr(ctx, &dec).unwrap().value, Some(350.0));
            let aug = days((2024, 8, 1), (2024, 8, 31));
            assert_eq!(mrr(ctx, &aug).unwrap().value, Some(80.0));
            // September: D churns 80 (its end, Sep 1, is inside the range).
            let sep = days((2024, 9, 1), (2024, 9, 30));
            assert_eq!(mrr_churn(ctx, &sep).unwrap().value, Some(80.0));
            assert_eq!(mrr(ctx, &sep).unwrap().value, Some(0.0));
            let pro = Scope {
                filter: Some((Role::Plan, "pro".into())),
                ..days((2025, 1, 1), (2025, 1, 31))
            };
            // Pro rows active on Feb 1: A 100 + A 100 + D 90 = 290.
            assert_eq!(mrr(ctx, &pro).unwrap().value, Some(290.0));
        });
    }

    #[test]
    fn explain_names_each_movement() {
        with_ctx(&[subscriptions()], &Settings::default(), |ctx| {
            let jan = days((2025, 1, 1), (2025, 1, 31));
            let rows = explain_movements(ctx, &jan).unwrap();
            assert_eq!(rows.len(), 8);
            assert!(rows[2].rule.contains("churn") && rows[2].included);
            assert!(rows[3].rule.contains("new"));
            assert!(rows[5].rule.contains("reactivation"));
            let m = explain_mrr(ctx, &jan).unwrap();
            assert!(m[0].included && !m[2].included);
        });
    }

    #[test]
    fn unknown_interval_is_excluded_not_guessed() {
        let t = Table::new("s.csv", TableKind::Subscriptions)
            .with_column("c", Role::CustomerId, text_values(["A", "B"]))
            .with_column(
                "v",
                Role::Amount,
                Values::Number(vec![Some(10.0), Some(20.0)]),
            )
            .with_column(
                "i",
                Role::Interval,
                text_values(["mensal", "a cada 3 meses"]),
            )
            .with_column(
                "s",
                Role::StartedAt,
                Values::Date(vec![ts(2025, 1, 1), ts(2025, 1, 1)]),
            );
        with_ctx(&[t], &Settings::default(), |ctx| {
            let feb = days((2025, 2, 1), (2025, 2, 28));
            assert_eq!(mrr(ctx, &feb).unwrap().value, Some(10.0));
            let rows = explain_mrr(ctx, &feb).unwrap();
            assert!(rows[1].rule.contains("unknown billing interval"));
        });
        with_ctx(&[], &Settings::default(), |ctx| {
            assert!(mrr(ctx, &days((2025, 1, 1), (2025, 1, 2))).is_err());
        });
    }
}
