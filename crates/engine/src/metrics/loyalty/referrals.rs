//! Referrals: customers acquired through a referral, per referrer.

use crate::metrics::common::{Verdict, dated_tables, filter_reaches, fold, provenance};
use crate::metrics::sales::prep;
use crate::metrics::{Computed, Ctx, Customers, Need, Scope};
use crate::report::ProvenanceRow;
use crate::table::{Role, TableKind};
use serde_json::json;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A referral row: its verdict, the referred person and the referrer.
pub(super) type Referral = (Verdict, Option<u64>, Option<String>);

/// Whether a source/channel/medium word means a referral (`referral`, `indicação`, ...).
pub fn is_referral_word(s: &str) -> bool {
    let f = fold(s);
    [
        "referral",
        "referred",
        "refer a friend",
        "indicacao",
        "indicado",
        "indique",
        "member get member",
        "mgm",
    ]
    .iter()
    .any(|w| f == *w || f.starts_with(&format!("{w} ")) || f.ends_with(&format!(" {w}")))
        || f.contains("indicac")
        || f.contains("referral")
}

/// Per table read for referrals (indexed like `ctx.tables`): whether each row carries a
/// referral marker (a referral source/channel/medium word, or a filled referrer).
fn referral_rows(ctx: &Ctx<'_>) -> Rc<Vec<Option<Vec<bool>>>> {
    ctx.memo("loyalty.referral_rows", || {
        let mut out: Vec<Option<Vec<bool>>> = vec![None; ctx.tables.len()];
        for (ti, t, _) in dated_tables(ctx, &[TableKind::Leads, TableKind::Orders]) {
            let markers = [Role::Source, Role::Channel, Role::Medium];
            if t.text(Role::Referrer).is_none() && !markers.iter().any(|m| t.text(*m).is_some()) {
                continue;
            }
            // Each distinct source/channel/medium word is classified once.
            let flagged: Vec<(&crate::table::TextValues, Vec<bool>)> = markers
                .iter()
                .filter_map(|m| t.text(*m))
                .map(|c| (c, c.dict.iter().map(is_referral_word).collect()))
                .collect();
            let referrers = t.text(Role::Referrer);
            out[ti] = Some(
                (0..t.rows())
                    .map(|r| {
                        referrers.is_some_and(|c| c.get(r).is_some())
                            || flagged.iter().any(|(c, flags)| {
                                c.codes
                                    .get(r)
                                    .and_then(|&code| flags.get(code as usize))
                                    .copied()
                                    .unwrap_or(false)
                            })
                    })
                    .collect(),
            );
        }
        out
    })
}

/// Per customer key: the referrer named by the row that made them referred (`Some(None)`:
/// referred, no referrer named), from their first completed order, else any of their
/// leads; `None`: not referred.
fn referred_customers(ctx: &Ctx<'_>) -> Rc<Vec<Option<Option<String>>>> {
    ctx.memo("loyalty.referred_customers", || {
        let marked = referral_rows(ctx);
        let customers = ctx.customers();
        let orders = prep::Orders::get(ctx);
        let mut out: Vec<Option<Option<String>>> = vec![None; customers.count as usize];
        let referrer = |t: usize, r: usize| {
            ctx.tables[t]
                .text(Role::Referrer)
                .and_then(|c| c.get(r))
                .map(str::to_string)
        };
        // Leads first; a marked first order then wins (it names the referrer of the sale).
        for (ti, rows) in marked.iter().enumerate() {
            let Some(rows) = rows else { continue };
            if ctx.tables[ti].kind != TableKind::Leads {
                continue;
            }
            for (r, _) in rows.iter().enumerate().filter(|(_, m)| **m) {
                let key = customers.keys[ti][r];
                if let Some(slot) = out.get_mut(key as usize)
                    && slot.as_ref().is_none_or(Option::is_none)
                {
                    *slot = Some(referrer(ti, r));
                }
            }
        }
        for (key, first) in orders.first.iter().enumerate() {
            let Some((_, t, r)) = *first else { continue };
            let (t, r) = (t as usize, r as usize);
            let is_marked = marked
                .get(t)
                .and_then(Option::as_ref)
                .and_then(|rows| rows.get(r))
                .copied()
                .unwrap_or(false);
            if is_marked {
                let named = referrer(t, r);
                if let Some(slot) = out.get_mut(key) {
                    *slot = Some(named.or_else(|| slot.clone().flatten()));
                }
            }
        }
        out
    })
}

/// Whether row `r` of table `t` passes the scope's filter (a table without the filter's
/// column passes, as in [`Ctx::rows`]).
fn passes(ctx: &Ctx<'_>, scope: &Scope, t: usize, r: usize) -> bool {
    match &scope.filter {
        None => true,
        Some((role, key)) => ctx.tables[t]
            .text(*role)
            .is_none_or(|c| c.get(r) == Some(key.as_str())),
    }
}

/// The referred customers of the scope: customers whose first completed order falls in the
/// scope's range and who were acquired through a referral (their first order or one of their
/// leads carries a referral marker). Each verdict is on the first order's row (value: the
/// customer key); referral leads of the range who never bought are listed as excluded.
pub(super) fn referral_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Referral>, Need> {
    filter_reaches(ctx, scope, &[TableKind::Leads, TableKind::Orders])?;
    let marked = referral_rows(ctx);
    if marked.iter().all(Option::is_none) {
        return Err(Need::bare("referrals.source"));
    }
    let referred = referred_customers(ctx);
    let orders = prep::Orders::get(ctx);
    let customers = ctx.customers();
    let mut out = Vec::new();
    for (key, first) in orders.first.iter().enumerate() {
        let Some((at, t, r)) = *first else { continue };
        if at < scope.range.start || at >= scope.range.end {
            continue;
        }
        let Some(Some(named)) = referred.get(key) else {
            continue;
        };
        if !passes(ctx, scope, t as usize, r as usize) {
            continue;
        }
        out.push((
            Verdict::new(
                t as usize,
                r,
                true,
                "included: first completed order of a customer acquired through a referral",
            ),
            Some(key as u64),
            named.clone(),
        ));
    }
    // Referral leads of the range who never bought: not customers.
    for (ti, rows) in marked.iter().enumerate() {
        let (Some(rows), true) = (rows, ctx.tables[ti].kind == TableKind::Leads) else {
            continue;
        };
        let Some(role) = crate::metrics::common::table_date(&ctx.tables[ti]) else {
            continue;
        };
        for r in ctx.rows(ti, role, scope) {
            let key = customers.keys[ti][r as usize];
            let bought = key != Customers::NONE
                && orders.first.get(key as usize).is_some_and(Option::is_some);
            if rows.get(r as usize).copied().unwrap_or(false) && !bought {
                out.push((
                    Verdict::new(
                        ti,
                        r,
                        false,
                        "excluded: referred lead with no completed order (not a customer)",
                    ),
                    None,
                    None,
                ));
            }
        }
    }
    Ok(out)
}

/// `loyalty.referrals` = distinct customers acquired through a referral in the period:
/// customers whose first completed order falls in the period and whose first order or one
/// of whose leads has a referral source/channel/medium word (referral, indicação, indique,
/// member get member...) or a filled referrer column. Leads who never bought are not
/// customers and do not count.
/// The table lists referred customers per referrer; `details.per_promoter` = referred
/// customers / NPS promoters of the period, when there are NPS answers.
pub fn referrals(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let rows = referral_verdicts(ctx, scope)?;
    let mut people: rustc_hash::FxHashSet<u64> = rustc_hash::FxHashSet::default();
    let mut per_referrer: BTreeMap<String, rustc_hash::FxHashSet<u64>> = BTreeMap::new();
    for (_, p, referrer) in &rows {
        if let Some(p) = p {
            people.insert(*p);
            if let Some(r) = referrer {
                per_referrer.entry(r.clone()).or_default().insert(*p);
            }
        }
    }
    let mut ranking: Vec<(&String, usize)> =
        per_referrer.iter().map(|(r, s)| (r, s.len())).collect();
    crate::stats::stable_sort_by(&mut ranking, |a, b| {
        b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0))
    });
    let table: Vec<_> = ranking
        .iter()
        .map(|(r, n)| json!({"referrer": r, "referred": n}))
        .collect();
    let mut c = Computed {
        value: Some(people.len() as f64),
        n: Some(people.len() as u64),
        table: Some(json!(table)),
        ..Computed::default()
    };
    if let Ok(nps) = super::surveys::nps(ctx, scope)
        && let Some(&promoters) = nps.details.get("promoters").filter(|p| **p > 0.0)
    {
        c = c
            .with_detail("promoters", promoters)
            .with_detail("per_promoter", people.len() as f64 / promoters);
    }
    Ok(c)
}

pub fn explain_referrals(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let v: Vec<Verdict> = referral_verdicts(ctx, scope)?
        .into_iter()
        .map(|x| x.0)
        .collect();
    Ok(provenance(ctx, &v))
}
