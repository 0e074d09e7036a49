//! Subscription metrics: MRR, ARR, ARPA and the MRR movements.
//!
//! They read the one subscription book of [`crate::metrics::subscriptions`], shared with the
//! loyalty metrics (churn, NRR, GRR, expansion), so the two stages cannot disagree. A
//! subscription row is active at instant `t` when `started_at < t` and it has not ended
//! before `t` (`ended_at` empty or `ended_at >= t`): the state at `t` reflects every event
//! strictly before `t`, so a range `[start, end)` owns the events of its own days. A row counts
//! only with a positive monthly amount (the MRR cell, else the amount normalised by its
//! billing interval; no interval column: monthly) in the main currency, a start date, an end
//! after its start, and a status that does not leave it out (cancelled with no end, abandoned,
//! pending). Other currencies' end MRR is reported apart (`details.mrr_USD`), never summed.
//!
//! Movements compare each customer's MRR at the range's start and end (a customer's
//! subscriptions merged; a subscription with no customer id or e-mail is its own customer):
//! new = was never paying before the start and pays at the end; reactivation = paid before
//! the start, not at the start, pays at the end; expansion / contraction = the change of a
//! customer paying at both; churn = paying at the start, not at the end. So
//! start + new + expansion + reactivation - contraction - churn = end, by construction.
//!
//! A movement is a flow: over a range of two or more periods of the query's granularity (the
//! whole range, by default), its value is the sum of its periods' movements, each period
//! comparing its own start and end, as revenue adds up over the months. (Compared across the
//! whole range instead, a range starting with the data reads every customer as new and every
//! churn, contraction and reactivation as 0, while the monthly series shows them.) The sum
//! telescopes, so the identity above still holds between the range's start and end.

use crate::metrics::common::provenance_row;
use crate::metrics::subscriptions::{self, Movement, Subscription};
use crate::metrics::{Computed, Ctx, Need, Scope};
use crate::period;
use crate::report::ProvenanceRow;
use crate::table::{Role, TableKind};

pub const BREAKDOWNS: &[Role] = &[Role::Plan, Role::Segment, Role::Channel];

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

/// The subscriptions file check shared by every MRR metric: one with a start and an amount,
/// reachable by the scope's filter.
fn require(ctx: &Ctx<'_>, scope: &Scope) -> Result<(), Need> {
    let tables: Vec<_> = subscriptions::tables(ctx).collect();
    if tables.is_empty() {
        return Err(Need::bare("subscriptions.mrr"));
    }
    super::check_filter(
        ctx,
        scope,
        scope
            .filter
            .as_ref()
            .is_none_or(|(role, _)| tables.iter().any(|(_, t, _)| t.column(*role).is_some())),
        TableKind::Subscriptions,
    )
}

/// MRR at the scope's start and end and the movements between them, from the subscription
/// book shared with the loyalty metrics ([`subscriptions`]): each movement is the sum of the
/// movements of the range's periods (query granularity; one period: the range itself).
pub fn movements(ctx: &Ctx<'_>, scope: &Scope) -> Result<Movements, Need> {
    require(ctx, scope)?;
    let m = subscriptions::movements_in(ctx, scope)?;
    let periods = period::periods(scope.range, ctx.query.granularity);
    let (mut new, mut expansion, mut contraction, mut churn, mut reactivation) =
        (m.new, m.expansion, m.contraction, m.churn, m.reactivation);
    if periods.len() >= 2 {
        (new, expansion, contraction, churn, reactivation) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for p in periods {
            let part = Scope {
                range: p.range,
                filter: scope.filter.clone(),
            };
            let pm = subscriptions::movements_in(ctx, &part)?;
            new += pm.new;
            expansion += pm.expansion;
            contraction += pm.contraction;
            churn += pm.churn;
            reactivation += pm.reactivation;
        }
    }
    let cur = subscriptions::currencies(ctx);
    let mut sums = vec![0.0; cur.names.len()];
    let mut seen = vec![false; cur.names.len()];
    for &(c, v) in &m.other_end {
        if let (Some(s), Some(f)) = (sums.get_mut(c), seen.get_mut(c)) {
            *s = v;
            *f = true;
        }
    }
    Ok(Movements {
        start: m.start,
        end: m.end,
        new,
        expansion,
        contraction,
        churn,
        reactivation,
        paying_end: m.customers_end,
        paying_start: m.customers_start,
        currency: cur.main_name(),
        others: cur.details("mrr", &sums, &seen),
    })
}

/// `sales.mrr` = Σ monthly amount of the subscriptions active at the end of the range
/// (yearly / 12, weekly * 52 / 12), main currency; `details.mrr_XXX` for other currencies.
pub fn mrr(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.end), m.paying_end))
}

/// `sales.arr` = 12 * MRR at the end of the range.
pub fn arr(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(12.0 * m.end), m.paying_end))
}

/// `sales.arpa` = MRR at the end of the range / customers paying then (one customer's
/// subscriptions merged). Nobody paying: absent value.
pub fn arpa(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let m = movements(ctx, scope)?;
    let value = (m.paying_end > 0).then(|| m.end / m.paying_end as f64);
    Ok(m.computed(value, m.paying_end))
}

/// `sales.mrr_new` = Σ over the range's periods of the end MRR of customers who never paid
/// before the period and pay at its end.
pub fn mrr_new(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.new), m.paying_end))
}

/// `sales.mrr_expansion` = Σ over the range's periods of (end - start) MRR of customers paying
/// at both, where it grew.
pub fn mrr_expansion(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.expansion), m.paying_start))
}

/// `sales.mrr_contraction` = Σ over the range's periods of (start - end) MRR of customers
/// paying at both, where it shrank.
pub fn mrr_contraction(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.contraction), m.paying_start))
}

/// `sales.mrr_churn` = Σ over the range's periods of the start MRR of customers paying at the
/// period's start and not at its end.
pub fn mrr_churn(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.churn), m.paying_start))
}

/// `sales.mrr_reactivation` = Σ over the range's periods of the end MRR of customers who paid
/// before the period, were not paying at its start, and pay at its end.
pub fn mrr_reactivation(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let m = movements(ctx, scope)?;
    Ok(m.computed(Some(m.reactivation), m.paying_end))
}

/// Each subscription row and whether it is in the MRR at the end of the range.
pub fn explain_mrr(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    explain_rows(ctx, scope, |s| {
        if s.active_at(scope.range.end) {
            (
                true,
                "included: active at the end of the range".to_string(),
                Some(s.monthly),
            )
        } else {
            (
                false,
                "excluded: not active at the end of the range".to_string(),
                Some(s.monthly),
            )
        }
    })
}

/// `sales.mrr_new`'s rows: each customer's new MRR, summed over the range's periods.
pub fn explain_new(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    explain_movement(ctx, scope, Movement::New)
}

/// `sales.mrr_expansion`'s rows: each customer's MRR increases, summed over the periods.
pub fn explain_expansion(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    explain_movement(ctx, scope, Movement::Expansion)
}

/// `sales.mrr_contraction`'s rows: each customer's MRR decreases, summed over the periods.
pub fn explain_contraction(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    explain_movement(ctx, scope, Movement::Contraction)
}

/// `sales.mrr_churn`'s rows: each customer's churned MRR, summed over the periods.
pub fn explain_churn(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    explain_movement(ctx, scope, Movement::Churn)
}

/// `sales.mrr_reactivation`'s rows: each customer's reactivated MRR, summed over the periods.
pub fn explain_reactivation(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    explain_movement(ctx, scope, Movement::Reactivation)
}

/// Each subscription row with its customer's `movement` over the range, summed over the
/// range's periods as the headline is ([`movements`]): the customer's first row carries the
/// sum and the customer's other rows point to it, so the included values add up to the
/// headline.
fn explain_movement(
    ctx: &Ctx<'_>,
    scope: &Scope,
    movement: Movement,
) -> Result<Vec<ProvenanceRow>, Need> {
    let periods = period::periods(scope.range, ctx.query.granularity);
    let ranges: Vec<_> = if periods.len() >= 2 {
        periods.iter().map(|p| p.range).collect()
    } else {
        vec![scope.range]
    };
    let several = ranges.len() >= 2;
    // Per customer: the summed amount and in how many periods it moved so.
    let mut sums: Vec<(f64, u32)> = Vec::new();
    let mut whole = None;
    for range in ranges {
        let part = Scope {
            range,
            filter: scope.filter.clone(),
        };
        let m = subscriptions::movements_in(ctx, &part)?;
        sums.resize(sums.len().max(m.per_customer.len()), (0.0, 0));
        for (c, sum) in m.per_customer.iter().zip(sums.iter_mut()) {
            if c.movement() == movement {
                sum.0 += c.movement_amount();
                sum.1 += 1;
            }
        }
        whole.get_or_insert(m);
    }
    let name = movement_name(movement);
    let mut counted = vec![false; sums.len()];
    explain_rows(ctx, scope, |s| {
        let at = s.customer as usize;
        let (sum, times) = sums.get(at).copied().unwrap_or_default();
        if times == 0 {
            let shown = if several {
                format!("no {name} in the range")
            } else {
                let c = whole
                    .as_ref()
                    .and_then(|m| m.per_customer.get(at).copied())
                    .unwrap_or_default();
                movement_name(c.movement()).to_string()
            };
            return (
                false,
                format!("excluded: the customer's MRR shows {shown}"),
                None,
            );
        }
        if counted.get(at).copied().unwrap_or(true) {
            return (
                true,
                "included: same customer as an earlier row".to_string(),
                None,
            );
        }
        if let Some(c) = counted.get_mut(at) {
            *c = true;
        }
        let rule = if several {
            format!(
                "included: the customer's MRR movement is {name} in {times} of the range's periods"
            )
        } else {
            format!("included: the customer's MRR movement is {name}")
        };
        (true, rule, Some(sum))
    })
}

fn movement_name(m: Movement) -> &'static str {
    match m {
        Movement::New => "new",
        Movement::Expansion => "expansion",
        Movement::Contraction => "contraction",
        Movement::Churn => "churn",
        Movement::Reactivation => "reactivation",
        Movement::Unchanged => "no change",
        Movement::Absent => "not paying at the start nor at the end",
    }
}

/// The book's verdict on every subscription row; `rule` decides on the usable ones of the
/// main currency.
fn explain_rows(
    ctx: &Ctx<'_>,
    scope: &Scope,
    mut rule: impl FnMut(&Subscription) -> (bool, String, Option<f64>),
) -> Result<Vec<ProvenanceRow>, Need> {
    require(ctx, scope)?;
    let book = subscriptions::book(ctx, scope)?;
    let cur = subscriptions::currencies(ctx);
    let mut main = book.subscriptions.iter().peekable();
    let mut other = book.other_currency.iter().peekable();
    let mut out = Vec::with_capacity(book.verdicts.len());
    for v in &book.verdicts {
        let Some(table) = ctx.tables.get(v.table) else {
            continue;
        };
        // The book lists its rows in verdict order.
        let at = |s: &Subscription| (s.table, s.row) == (v.table, v.row);
        if let Some(s) = main.next_if(|s| at(s)) {
            let (included, why, value) = rule(s);
            out.push(provenance_row(table, v.row, included, why, value));
        } else if let Some((c, _)) = other.next_if(|(_, s)| at(s)) {
            let why = format!(
                "excluded: currency {} (reported apart, never summed)",
                cur.name(*c)
            );
            out.push(provenance_row(table, v.row, false, why, None));
        } else {
            out.push(provenance_row(
                table,
                v.row,
                false,
                v.rule.to_string(),
                None,
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;
    use crate::table::{Table, TableKind, Values, text_values};
    use crate::test_support::{day, days, with_ctx};

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
                        .to_vec()
                        .into(),
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
                Values::Date(
                    vec![
                        day(2024, 12, 1),
                        day(2025, 1, 15),
                        day(2024, 11, 1),
                        day(2025, 1, 10),
                        day(2024, 6, 1),
                        day(2025, 1, 5),
                        day(2024, 10, 1),
                        day(2025, 1, 12),
                    ]
                    .into(),
                ),
            )
            .with_column(
                "fim",
                Role::EndedAt,
                Values::Date(
                    vec![
                        None,
                        None,
                        day(2025, 1, 20),
                        None,
                        day(2024, 9, 1),
                        None,
                        day(2025, 1, 12),
                        None,
                    ]
                    .into(),
                ),
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
    fn a_movement_over_several_periods_is_the_sum_of_its_months() {
        // Sep 2024 – Jan 2025, by month. MRR at each month's start: Sep 1 D 80; Oct 1 0 (D
        // ended Sep 1; E starts Oct 1, not before it); Nov 1 E 200; Dec 1 E 200 + B 50 = 250;
        // Jan 1 350; Feb 1 570 (january_waterfall_holds).
        // Sep: churn D 80. Oct: new E 200. Nov: new B 50. Dec: new A 100. Jan: new C 130,
        // expansion A 100, reactivation D 90, contraction E 50, churn B 50.
        // Σ: new 480, expansion 100, reactivation 90, contraction 50, churn 130;
        // 80 + 480 + 100 + 90 - 50 - 130 = 570. Compared across the whole range instead, D
        // (80 → 90) would be expansion 10 and contraction and churn 0.
        with_ctx(&[subscriptions()], &Settings::default(), |ctx| {
            let five = days((2024, 9, 1), (2025, 1, 31));
            let m = movements(ctx, &five).unwrap();
            assert_eq!((m.start, m.end), (80.0, 570.0));
            assert_eq!(m.new, 480.0);
            assert_eq!(m.expansion, 100.0);
            assert_eq!(m.reactivation, 90.0);
            assert_eq!(m.contraction, 50.0);
            assert_eq!(m.churn, 130.0);
            assert_eq!(
                m.start + m.new + m.expansion + m.reactivation - m.contraction - m.churn,
                m.end
            );
            assert_eq!(mrr_churn(ctx, &five).unwrap().value, Some(130.0));
            assert_eq!(mrr_contraction(ctx, &five).unwrap().value, Some(50.0));
            assert_eq!(mrr_new(ctx, &five).unwrap().value, Some(480.0));
            let c = mrr(ctx, &five).unwrap();
            assert_eq!(c.value, Some(570.0));
            // The waterfall's details: the range's start, the summed movements, the end.
            assert_eq!(c.details.get("mrr_start"), Some(&80.0));
            assert_eq!(c.details.get("mrr_churn"), Some(&130.0));
        });
    }

    #[test]
    fn explain_names_each_movement() {
        with_ctx(&[subscriptions()], &Settings::default(), |ctx| {
            let jan = days((2025, 1, 1), (2025, 1, 31));
            let rows = explain_churn(ctx, &jan).unwrap();
            assert_eq!(rows.len(), 8);
            assert!(rows[2].rule.contains("churn") && rows[2].included);
            assert_eq!(rows[2].value, Some(50.0));
            assert!(!rows[3].included && rows[3].rule.contains("new"));
            assert!(explain_reactivation(ctx, &jan).unwrap()[5].included);
            // A's two rows: the first carries the customer's expansion, the second points to it.
            let rows = explain_expansion(ctx, &jan).unwrap();
            assert_eq!(rows[0].value, Some(100.0));
            assert!(rows[1].included && rows[1].value.is_none());
            assert!(rows[1].rule.contains("same customer"));
            let m = explain_mrr(ctx, &jan).unwrap();
            assert!(m[0].included && !m[2].included);
        });
    }

    #[test]
    fn explained_movements_add_up_to_the_summed_headline() {
        // Over Sep 2024 – Jan 2025 (see a_movement_over_several_periods_is_the_sum_of_its_months):
        // new = E 200 (row 6) + B 50 (row 2) + A 100 (row 0) + C 130 (row 3) = 480;
        // churn = D 80 in Sep (row 4) + B 50 in Jan (row 2) = 130.
        with_ctx(&[subscriptions()], &Settings::default(), |ctx| {
            let five = days((2024, 9, 1), (2025, 1, 31));
            let sum = |rows: Vec<ProvenanceRow>| -> f64 {
                rows.iter()
                    .filter(|r| r.included)
                    .filter_map(|r| r.value)
                    .sum()
            };
            let new = explain_new(ctx, &five).unwrap();
            assert_eq!(new[6].value, Some(200.0));
            assert!(new[6].rule.ends_with("new in 1 of the range's periods"));
            assert!(!new[4].included && new[4].rule.ends_with("shows no new in the range"));
            assert_eq!(sum(new), 480.0);
            assert_eq!(sum(explain_churn(ctx, &five).unwrap()), 130.0);
            assert_eq!(sum(explain_expansion(ctx, &five).unwrap()), 100.0);
            assert_eq!(sum(explain_contraction(ctx, &five).unwrap()), 50.0);
            assert_eq!(sum(explain_reactivation(ctx, &five).unwrap()), 90.0);
        });
    }

    #[test]
    fn unknown_interval_is_excluded_not_guessed() {
        let t = Table::new("s.csv", TableKind::Subscriptions)
            .with_column("c", Role::CustomerId, text_values(["A", "B"]))
            .with_column(
                "v",
                Role::Amount,
                Values::Number(vec![Some(10.0), Some(20.0)].into()),
            )
            .with_column(
                "i",
                Role::Interval,
                text_values(["mensal", "a cada 3 meses"]),
            )
            .with_column(
                "s",
                Role::StartedAt,
                Values::Date(vec![day(2025, 1, 1), day(2025, 1, 1)].into()),
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
