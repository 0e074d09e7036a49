//! Onboarding: activation, time to value and time to onboard, each from a new customer's
//! signup to their first milestone event.

use crate::metrics::common::{
    Verdict, dated_tables, filter_reaches, fold, median_mean, provenance, status_classes,
    status_of, table_date,
};
use crate::metrics::{Computed, Ctx, Need, Scope};
use crate::period::SECONDS_PER_DAY;
use crate::report::ProvenanceRow;
use crate::table::{Role, Status, Table, TableKind, Timestamp};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// What the event metrics need: an events file with names, dates and customers.
pub(super) const NEEDS_EVENTS: &str = "events.name";

/// Event tables usable for per-customer milestones.
pub(super) fn event_tables<'a>(
    ctx: &'a Ctx<'a>,
) -> impl Iterator<Item = (usize, &'a Table, Role)> + 'a {
    dated_tables(ctx, &[TableKind::Events]).filter(|(_, t, _)| {
        t.text(Role::EventName).is_some() && crate::metrics::common::has_customer(t)
    })
}

/// Per dictionary code of an event-name column: whether its folded text equals `name`
/// folded (each distinct name is folded once, not each row).
pub(super) fn codes_named(t: &Table, name: &str) -> Vec<bool> {
    let target = fold(name);
    t.text(Role::EventName)
        .map(|c| c.dict.iter().map(|s| fold(s) == target).collect())
        .unwrap_or_default()
}

/// Where a customer was first seen: (when, table, row).
pub(super) type FirstSeen = (Timestamp, usize, u32);

/// Each customer's signup `(when, table, row, customer)`: their first signup event
/// (`settings.signup_event`); only for customers with none, the earliest of their first
/// completed order and first subscription start. Over the whole history (the scope's filter
/// applies, not its dates). Other events never start a customer's clock: a visit before
/// signing up is not the start of their time to value. Sorted by time and built once per
/// filter, so a period's new customers are a binary search away.
pub(super) fn signups(ctx: &Ctx<'_>, scope: &Scope) -> Rc<Vec<(Timestamp, usize, u32, u32)>> {
    type Cache = RefCell<HashMap<Option<(Role, String)>, Rc<Vec<(Timestamp, usize, u32, u32)>>>>;
    let cache = ctx.memo("loyalty.signups", Cache::default);
    if let Some(hit) = cache.borrow().get(&scope.filter) {
        return hit.clone();
    }
    let customers = ctx.customers();
    // Per customer: the first signup event, and the first order or subscription start.
    let mut by_event: Vec<Option<FirstSeen>> = vec![None; customers.count as usize];
    let mut by_purchase: Vec<Option<FirstSeen>> = vec![None; customers.count as usize];
    let earliest = |slot: &mut Option<FirstSeen>, at: Timestamp, ti: usize, r: u32| {
        if slot.is_none_or(|(seen, _, _)| at < seen) {
            *slot = Some((at, ti, r));
        }
    };
    for (ti, t, role) in event_tables(ctx) {
        let named = codes_named(t, &ctx.settings.signup_event);
        let (Some(names), Some(dates)) = (t.text(Role::EventName), t.dates(role)) else {
            continue;
        };
        if !named.contains(&true) {
            continue;
        }
        let keys = &customers.keys[ti];
        for r in ctx.all_rows(ti, scope) {
            let row = r as usize;
            if !named
                .get(names.codes[row] as usize)
                .copied()
                .unwrap_or(false)
            {
                continue;
            }
            if let (Some(slot), Some(at)) = (by_event.get_mut(keys[row] as usize), dates.get(row)) {
                earliest(slot, at, ti, r);
            }
        }
    }
    for (ti, t) in ctx.tables.iter().enumerate() {
        if !matches!(t.kind, TableKind::Orders | TableKind::Subscriptions) {
            continue;
        }
        let Some(dates) = table_date(t).and_then(|role| t.dates(role)) else {
            continue;
        };
        let classes = status_classes(ctx, t);
        let status = status_of(t, classes.as_deref());
        let keys = &customers.keys[ti];
        for r in ctx.all_rows(ti, scope) {
            if t.kind == TableKind::Orders && status(r) != Status::Completed {
                continue;
            }
            let (key, Some(at)) = (keys[r as usize], dates.get(r as usize)) else {
                continue;
            };
            if let Some(slot) = by_purchase.get_mut(key as usize) {
                earliest(slot, at, ti, r);
            }
        }
    }
    let mut list: Vec<(Timestamp, usize, u32, u32)> = by_event
        .into_iter()
        .zip(by_purchase)
        .enumerate()
        .filter_map(|(key, (event, purchase))| {
            event
                .or(purchase)
                .map(|(at, ti, r)| (at, ti, r, key as u32))
        })
        .collect();
    // By (time, table, row), then customer: the order `list` is in.
    let keys = crate::metrics::common::RowKeys::new(ctx.tables);
    crate::stats::sort_by_key96(&mut list, |&(at, ti, r, _)| keys.key(at, ti, r));
    let list = Rc::new(list);
    cache
        .borrow_mut()
        .insert(scope.filter.clone(), list.clone());
    list
}

/// Each customer's first event named `name` (any time), indexed by customer key (`None`:
/// never); once per filter and name.
pub(super) fn first_event(ctx: &Ctx<'_>, scope: &Scope, name: &str) -> Rc<Vec<Option<Timestamp>>> {
    type Cache = RefCell<HashMap<(Option<(Role, String)>, String), Rc<Vec<Option<Timestamp>>>>>;
    let cache = ctx.memo("loyalty.first_event", Cache::default);
    let cache_key = (scope.filter.clone(), name.to_string());
    if let Some(hit) = cache.borrow().get(&cache_key) {
        return hit.clone();
    }
    let customers = ctx.customers();
    let mut out: Vec<Option<Timestamp>> = vec![None; customers.count as usize];
    for (ti, t, role) in event_tables(ctx) {
        let named = codes_named(t, name);
        let (Some(names), Some(dates)) = (t.text(Role::EventName), t.dates(role)) else {
            continue;
        };
        if !named.contains(&true) {
            continue;
        }
        let keys = &customers.keys[ti];
        for r in ctx.all_rows(ti, scope) {
            let r = r as usize;
            if !named.get(names.codes[r] as usize).copied().unwrap_or(false) {
                continue;
            }
            if let (Some(slot), Some(at)) = (out.get_mut(keys[r] as usize), dates.get(r)) {
                *slot = Some(slot.map_or(at, |seen| seen.min(at)));
            }
        }
    }
    let out = Rc::new(out);
    cache.borrow_mut().insert(cache_key, out.clone());
    out
}

/// A new customer of the scope: their signup `(table, row)` and the days from signup to their
/// first `event` at or after it (`None` if never reached).
pub(super) type Milestone = (usize, u32, Option<f64>);

/// The new customers of the scope (signup in its range) with their days to `event`; in
/// `(table, row)` order when `ordered` (for provenance, and so that sums run in row order).
pub(super) fn milestones(
    ctx: &Ctx<'_>,
    scope: &Scope,
    event: &str,
    ordered: bool,
) -> Result<Vec<Milestone>, Need> {
    filter_reaches(
        ctx,
        scope,
        &[
            TableKind::Events,
            TableKind::Orders,
            TableKind::Subscriptions,
        ],
    )?;
    if event_tables(ctx).next().is_none() {
        return Err(Need::bare(NEEDS_EVENTS));
    }
    let firsts = first_event(ctx, scope, event);
    let all = signups(ctx, scope);
    let lo = all.partition_point(|s| s.0 < scope.range.start);
    let hi = all.partition_point(|s| s.0 < scope.range.end);
    let mut out: Vec<Milestone> = all[lo..hi]
        .iter()
        .map(|&(at, ti, r, key)| {
            let days = match firsts.get(key as usize) {
                Some(&Some(e)) if e >= at => Some((e - at) as f64 / SECONDS_PER_DAY as f64),
                _ => None,
            };
            (ti, r, days)
        })
        .collect();
    if ordered {
        // (table, row) pairs are unique: an unstable sort gives the stable order.
        crate::stats::sort_by_key96(&mut out, |m| ((m.0 as u128) << 32) | u128::from(m.1));
    }
    Ok(out)
}

/// Per new customer of the scope (signup in its range): the signup row and the days to the
/// first `event` at or after signup (`None` if never reached).
pub(super) fn milestone_verdicts(
    ctx: &Ctx<'_>,
    scope: &Scope,
    event: &str,
    reached: &'static str,
    missed: &'static str,
) -> Result<Vec<Verdict>, Need> {
    Ok(milestones(ctx, scope, event, true)?
        .into_iter()
        .map(|(ti, r, days)| match days {
            Some(d) => Verdict::new(ti, r, true, reached).with(d),
            None => Verdict::new(ti, r, true, missed),
        })
        .collect())
}

/// `loyalty.activation_rate` = new customers (signup in the period: their signup event, else
/// their first completed order or subscription start; see [`signups`]) who reach the activation event (`settings.activation_event`,
/// matched ignoring case, accents and punctuation) at or after signup / new customers.
pub fn activation_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    // Only counts: no verdicts, no ordering.
    let m = milestones(ctx, scope, &ctx.settings.activation_event, false)?;
    let activated = m.iter().filter(|m| m.2.is_some()).count() as u64;
    Ok(Computed::proportion(activated, m.len() as u64))
}

pub fn explain_activation_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(
        ctx,
        &milestone_verdicts(
            ctx,
            scope,
            &ctx.settings.activation_event,
            "included: new customer, activated",
            "included: new customer, not activated",
        )?,
    ))
}

pub(super) fn days_to(ctx: &Ctx<'_>, scope: &Scope, event: &str) -> Result<Vec<Verdict>, Need> {
    let mut v = milestone_verdicts(
        ctx,
        scope,
        event,
        "included: days from signup to the event",
        "excluded: has not reached the event",
    )?;
    for x in &mut v {
        x.included = x.value.is_some();
    }
    Ok(v)
}

/// Median and mean days over the new customers who reached the event (in row order, so the
/// mean's sum runs as the provenance lists it).
pub(super) fn days_summary(ctx: &Ctx<'_>, scope: &Scope, event: &str) -> Result<Computed, Need> {
    let v = milestones(ctx, scope, event, false)?;
    // Only the customers who reached the event are put in (table, row) order: one u64 key
    // each, not the whole list by a tuple.
    let mut reached: Vec<(u64, f64)> = v
        .iter()
        .filter_map(|&(ti, r, days)| Some((((ti as u64) << 32) | u64::from(r), days?)))
        .collect();
    crate::stats::sort_by_key96(&mut reached, |m| u128::from(m.0));
    let mut days: Vec<f64> = reached.into_iter().map(|m| m.1).collect();
    let n = days.len() as u64;
    Ok(match median_mean(&mut days) {
        Some((median, mean)) => Computed {
            value: Some(median),
            n: Some(n),
            ..Computed::default()
        }
        .with_detail("mean", mean)
        .with_detail("median", median)
        .with_detail("new_customers", v.len() as f64),
        None => Computed {
            n: Some(0),
            ..Computed::default()
        }
        .with_detail("new_customers", v.len() as f64),
    })
}

/// `loyalty.time_to_value` = median days from signup (the customer's signup event,
/// `settings.signup_event`; only for customers with none, their first completed order or
/// subscription start) to the first value event (`settings.value_event`) at or after it,
/// over new customers of the period who reached it; mean in details.
pub fn time_to_value(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    days_summary(ctx, scope, &ctx.settings.value_event)
}

pub fn explain_time_to_value(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(
        ctx,
        &days_to(ctx, scope, &ctx.settings.value_event)?,
    ))
}

/// `loyalty.time_to_onboard` = median days from signup to the onboarding-complete event
/// (`settings.onboarding_event`) over new customers of the period who reached it.
pub fn time_to_onboard(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    days_summary(ctx, scope, &ctx.settings.onboarding_event)
}

pub fn explain_time_to_onboard(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(
        ctx,
        &days_to(ctx, scope, &ctx.settings.onboarding_event)?,
    ))
}
