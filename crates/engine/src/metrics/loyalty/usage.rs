//! Product-usage metrics: activation, time to value/onboarding, licences, DAU/MAU,
//! sessions, core actions, and referrals.

use super::super::marks::CustomerSet;
use super::super::radix_sort;
use super::super::service::common::{
    NO_PERSON, Verdict, dated_tables, filter_reaches, fold, has_person, median_mean, person_keys,
    provenance, range_days, status_classes, status_of, table_date,
};
use super::super::{Computed, Ctx, Customers, Needs, Positions, Scope};
use crate::period::{DateRange, SECONDS_PER_DAY};
use crate::report::ProvenanceRow;
use crate::table::{Role, Status, Table, TableKind, TextValues, Timestamp};
use serde_json::json;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

const NEEDS_EVENTS: &str =
    "an events file with an event name, a date and a customer id or e-mail column";

/// Event tables usable for per-customer milestones.
fn event_tables<'a>(ctx: &'a Ctx<'a>) -> impl Iterator<Item = (usize, &'a Table, Role)> + 'a {
    dated_tables(ctx, &[TableKind::Events]).filter(|(_, t, _)| {
        t.text(Role::EventName).is_some() && super::super::service::common::has_customer(t)
    })
}

/// Per dictionary code of an event-name column: whether its folded text equals `name`
/// folded (each distinct name is folded once, not each row).
fn codes_named(t: &Table, name: &str) -> Vec<bool> {
    let target = fold(name);
    t.text(Role::EventName)
        .map(|c| c.dict.iter().map(|s| fold(s) == target).collect())
        .unwrap_or_default()
}

/// Where a customer was first seen: (when, table, row).
type FirstSeen = (Timestamp, usize, u32);

/// Each customer's signup `(when, table, row, customer)`: the earliest of their first
/// completed order, first subscription start and first event, over the whole history (the
/// scope's filter applies, not its dates). Sorted by time and built once per filter, so a
/// period's new customers are a binary search away.
fn signups(ctx: &Ctx<'_>, scope: &Scope) -> Rc<Vec<(Timestamp, usize, u32, u32)>> {
    type Cache = RefCell<HashMap<Option<(Role, String)>, Rc<Vec<(Timestamp, usize, u32, u32)>>>>;
    let cache = ctx.memo("loyalty.signups", Cache::default);
    if let Some(hit) = cache.borrow().get(&scope.filter) {
        return hit.clone();
    }
    let customers = ctx.customers();
    let mut first: Vec<Option<FirstSeen>> = vec![None; customers.count as usize];
    for (ti, t) in ctx.tables.iter().enumerate() {
        if !matches!(
            t.kind,
            TableKind::Orders | TableKind::Subscriptions | TableKind::Events
        ) {
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
            let (key, Some(at)) = (keys[r as usize], dates[r as usize]) else {
                continue;
            };
            if let Some(slot) = first.get_mut(key as usize)
                && slot.is_none_or(|(seen, _, _)| at < seen)
            {
                *slot = Some((at, ti, r));
            }
        }
    }
    let mut list: Vec<(Timestamp, usize, u32, u32)> = first
        .into_iter()
        .enumerate()
        .filter_map(|(key, f)| f.map(|(at, ti, r)| (at, ti, r, key as u32)))
        .collect();
    list.sort_unstable();
    let list = Rc::new(list);
    cache
        .borrow_mut()
        .insert(scope.filter.clone(), list.clone());
    list
}

/// Each customer's first event named `name` (any time), indexed by customer key (`None`:
/// never); once per filter and name.
fn first_event(ctx: &Ctx<'_>, scope: &Scope, name: &str) -> Rc<Vec<Option<Timestamp>>> {
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
            if let (Some(slot), Some(at)) = (out.get_mut(keys[r] as usize), dates[r]) {
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
type Milestone = (usize, u32, Option<f64>);

/// The new customers of the scope (signup in its range) with their days to `event`; in
/// `(table, row)` order when `ordered` (for provenance, and so that sums run in row order).
fn milestones(
    ctx: &Ctx<'_>,
    scope: &Scope,
    event: &str,
    ordered: bool,
) -> Result<Vec<Milestone>, Needs> {
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
        return Err(Needs(NEEDS_EVENTS.into()));
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
        out.sort_unstable_by_key(|m| (m.0, m.1));
    }
    Ok(out)
}

/// Per new customer of the scope (signup in its range): the signup row and the days to the
/// first `event` at or after signup (`None` if never reached).
fn milestone_verdicts(
    ctx: &Ctx<'_>,
    scope: &Scope,
    event: &str,
    reached: &'static str,
    missed: &'static str,
) -> Result<Vec<Verdict>, Needs> {
    Ok(milestones(ctx, scope, event, true)?
        .into_iter()
        .map(|(ti, r, days)| match days {
            Some(d) => Verdict::new(ti, r, true, reached).with(d),
            None => Verdict::new(ti, r, true, missed),
        })
        .collect())
}

/// `loyalty.activation_rate` = new customers (signup in the period: first completed order,
/// subscription start or event) who reach the activation event (`settings.activation_event`,
/// matched ignoring case, accents and punctuation) at or after signup / new customers.
pub fn activation_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    // Only counts: no verdicts, no ordering.
    let m = milestones(ctx, scope, &ctx.settings.activation_event, false)?;
    let activated = m.iter().filter(|m| m.2.is_some()).count() as u64;
    Ok(Computed::proportion(activated, m.len() as u64))
}

pub fn explain_activation_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
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

fn days_to(ctx: &Ctx<'_>, scope: &Scope, event: &str) -> Result<Vec<Verdict>, Needs> {
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
fn days_summary(ctx: &Ctx<'_>, scope: &Scope, event: &str) -> Result<Computed, Needs> {
    let v = milestones(ctx, scope, event, false)?;
    // Only the customers who reached the event are put in (table, row) order: one u64 key
    // each, not the whole list by a tuple.
    let mut reached: Vec<(u64, f64)> = v
        .iter()
        .filter_map(|&(ti, r, days)| Some((((ti as u64) << 32) | u64::from(r), days?)))
        .collect();
    reached.sort_unstable_by_key(|m| m.0);
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

/// `loyalty.time_to_value` = median days from signup to the first value event
/// (`settings.value_event`) over new customers of the period who reached it; mean in details.
pub fn time_to_value(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    days_summary(ctx, scope, &ctx.settings.value_event)
}

pub fn explain_time_to_value(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    Ok(provenance(
        ctx,
        &days_to(ctx, scope, &ctx.settings.value_event)?,
    ))
}

/// `loyalty.time_to_onboard` = median days from signup to the onboarding-complete event
/// (`settings.onboarding_event`) over new customers of the period who reached it.
pub fn time_to_onboard(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    days_summary(ctx, scope, &ctx.settings.onboarding_event)
}

pub fn explain_time_to_onboard(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    Ok(provenance(
        ctx,
        &days_to(ctx, scope, &ctx.settings.onboarding_event)?,
    ))
}

/// Seats per account (customer id as written) from subscriptions active at the scope's end,
/// with their verdicts when asked for.
fn seats<'t>(
    ctx: &Ctx<'t>,
    scope: &Scope,
    verdicts: bool,
) -> (BTreeMap<&'t str, f64>, Vec<Verdict>) {
    let mut per: BTreeMap<&str, f64> = BTreeMap::new();
    let mut v = Vec::new();
    for (ti, t) in ctx.tables_of(TableKind::Subscriptions) {
        let seat_role = if t.numbers(Role::Seats).is_some() {
            Role::Seats
        } else {
            Role::Quantity
        };
        let (Some(seat_counts), Some(accounts)) = (t.numbers(seat_role), t.text(Role::CustomerId))
        else {
            continue;
        };
        // Seats summed per account code first: one string per account, not per row.
        let mut by_code = vec![0.0; accounts.dict.len()];
        let (starts, ends) = (t.dates(Role::StartedAt), t.dates(Role::EndedAt));
        let at = |dates: Option<&[Option<Timestamp>]>, r: u32| {
            dates.and_then(|d| d.get(r as usize).copied().flatten())
        };
        for r in ctx.all_rows(ti, scope) {
            let (start, end) = (at(starts, r), at(ends, r));
            let active = start.is_none_or(|s| s < scope.range.end)
                && end.is_none_or(|e| e >= scope.range.end);
            let code = accounts.codes[r as usize] as usize;
            match (active, code < by_code.len(), seat_counts[r as usize]) {
                (false, _, _) => {
                    if verdicts {
                        v.push(Verdict::new(
                            ti,
                            r,
                            false,
                            "excluded: subscription not active at the period's end",
                        ));
                    }
                }
                (true, true, Some(s)) if s > 0.0 => {
                    by_code[code] += s;
                    if verdicts {
                        v.push(
                            Verdict::new(ti, r, true, "included: seats of an active subscription")
                                .with(s),
                        );
                    }
                }
                (true, false, _) => {
                    if verdicts {
                        v.push(Verdict::new(ti, r, false, "excluded: no account id"));
                    }
                }
                (true, true, _) => {
                    if verdicts {
                        v.push(Verdict::new(ti, r, false, "excluded: no seat count"));
                    }
                }
            }
        }
        for (code, s) in by_code.into_iter().enumerate() {
            if s > 0.0
                && let Some(acc) = accounts.dict.get(code)
            {
                *per.entry(acc).or_default() += s;
            }
        }
    }
    (per, v)
}

/// The accounts and users of the activity files, numbered once per `analyze`: an account is
/// its customer id as written, a user their trimmed, lower-cased e-mail (else visitor id).
/// Only users seen with an account are numbered, each distinct string hashed once; a
/// period's pass then only looks codes up.
#[derive(Debug, Default)]
struct AccountUserKeys {
    /// Account id as written → account number.
    accounts: HashMap<String, u32>,
    /// Per activity table: (its index, its date role, account number per account-column
    /// code, user number per user-column code; `NONE` for a user never seen with an account).
    tables: Vec<(usize, Role, Vec<u32>, Vec<u32>)>,
    /// Per user number: the account first seen with them. Nearly every user belongs to one
    /// account, so a pass marks (home account, user) pairs in a bitset of users and keeps
    /// only the other pairs in a hash set.
    home: Vec<u32>,
}

impl AccountUserKeys {
    const NONE: u32 = u32::MAX;

    fn get(ctx: &Ctx<'_>) -> Rc<AccountUserKeys> {
        ctx.memo("loyalty.account_users", || {
            let mut accounts: rustc_hash::FxHashMap<&str, u32> = Default::default();
            let mut users: rustc_hash::FxHashMap<std::borrow::Cow<'_, str>, u32> =
                Default::default();
            let mut home: Vec<u32> = Vec::new();
            let mut tables = Vec::new();
            for (ti, t, role) in dated_tables(ctx, &[TableKind::Events, TableKind::Sessions]) {
                let (Some(account_col), Some(user_col)) =
                    (t.text(Role::CustomerId), user_column(t))
                else {
                    continue;
                };
                let account_of: Vec<u32> = account_col
                    .dict
                    .iter()
                    .map(|a| {
                        let n = accounts.len() as u32;
                        *accounts.entry(a).or_insert(n)
                    })
                    .collect();
                let mut user_of = vec![Self::NONE; user_col.dict.len()];
                for (&ac, &uc) in account_col.codes.iter().zip(&user_col.codes) {
                    let Some(&a) = account_of.get(ac as usize) else {
                        continue;
                    };
                    let Some(slot) = user_of.get_mut(uc as usize) else {
                        continue;
                    };
                    if *slot == Self::NONE {
                        let raw = user_col.dict.get(uc as usize).map_or("", |u| u.trim());
                        // Borrowed when lower-casing changes nothing (checked exactly for
                        // ASCII; any other text is lower-cased).
                        let user = if raw.is_ascii() && !raw.bytes().any(|b| b.is_ascii_uppercase())
                        {
                            std::borrow::Cow::Borrowed(raw)
                        } else {
                            std::borrow::Cow::Owned(raw.to_lowercase())
                        };
                        let n = users.len() as u32;
                        *slot = *users.entry(user).or_insert(n);
                        if *slot == n {
                            home.push(a);
                        }
                    }
                }
                tables.push((ti, role, account_of, user_of));
            }
            AccountUserKeys {
                accounts: accounts
                    .into_iter()
                    .map(|(a, n)| (a.to_string(), n))
                    .collect(),
                tables,
                home,
            }
        })
    }
}

/// An activity table's user column: e-mails, else visitor ids.
fn user_column(t: &Table) -> Option<&TextValues> {
    t.text(Role::Email).or_else(|| t.text(Role::VisitorId))
}

/// Active users per account in the scope: distinct user e-mails (or visitor ids) in events or
/// sessions whose customer id names the account.
#[derive(Debug)]
struct ActiveUsers {
    keys: Rc<AccountUserKeys>,
    /// Per account number.
    count: Vec<usize>,
}

impl ActiveUsers {
    /// The active users of the account `id` (as written).
    fn of(&self, id: &str) -> usize {
        self.keys
            .accounts
            .get(id)
            .and_then(|&n| self.count.get(n as usize))
            .copied()
            .unwrap_or(0)
    }

    fn is_empty(&self) -> bool {
        self.count.iter().all(|c| *c == 0)
    }
}

fn account_users(ctx: &Ctx<'_>, scope: &Scope, verdicts: bool) -> (ActiveUsers, Vec<Verdict>) {
    let keys = AccountUserKeys::get(ctx);
    let mut v = Vec::new();
    // Users active with their home account (a bit each), and the other (account, user)
    // pairs, as one u64 each.
    let mut at_home = CustomerSet::default();
    at_home.clear(keys.home.len());
    let mut elsewhere: rustc_hash::FxHashSet<u64> = rustc_hash::FxHashSet::default();
    for (ti, role, account_of, user_of) in &keys.tables {
        let t = &ctx.tables[*ti];
        let (Some(accounts), Some(users)) = (t.text(Role::CustomerId), user_column(t)) else {
            continue;
        };
        for r in ctx.rows(*ti, *role, scope) {
            let number = |col: &TextValues, of: &[u32]| {
                of.get(col.codes[r as usize] as usize)
                    .copied()
                    .unwrap_or(AccountUserKeys::NONE)
            };
            let (a, u) = (number(accounts, account_of), number(users, user_of));
            let known = a != AccountUserKeys::NONE && u != AccountUserKeys::NONE;
            if known {
                if keys.home.get(u as usize) == Some(&a) {
                    at_home.insert(u);
                } else {
                    elsewhere.insert((u64::from(a) << 32) | u64::from(u));
                }
            }
            if verdicts {
                v.push(if known {
                    Verdict::new(*ti, r, true, "included: activity of an account's user")
                } else {
                    Verdict::new(*ti, r, false, "excluded: no account or user id")
                });
            }
        }
    }
    let mut count = vec![0usize; keys.accounts.len()];
    for (u, &a) in keys.home.iter().enumerate() {
        if at_home.contains(u as u32)
            && let Some(c) = count.get_mut(a as usize)
        {
            *c += 1;
        }
    }
    for p in &elsewhere {
        if let Some(c) = count.get_mut((p >> 32) as usize) {
            *c += 1;
        }
    }
    (ActiveUsers { keys, count }, v)
}

/// `loyalty.license_utilization` = active users / licensed seats, over accounts with seats:
/// seats from subscriptions active at the period's end (seats column, else quantity), per
/// account id; active users = distinct user e-mails (else visitor ids) with an event or
/// session in the period under that account id. Per account in the table.
pub fn license_utilization(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    filter_reaches(
        ctx,
        scope,
        &[
            TableKind::Subscriptions,
            TableKind::Events,
            TableKind::Sessions,
        ],
    )?;
    let (seats, _) = seats(ctx, scope, false);
    let (users, _) = account_users(ctx, scope, false);
    if seats.is_empty() || users.is_empty() {
        let has_seats = ctx.tables_of(TableKind::Subscriptions).any(|(_, t)| {
            t.text(Role::CustomerId).is_some()
                && (t.numbers(Role::Seats).is_some() || t.numbers(Role::Quantity).is_some())
        });
        if !has_seats {
            return Err(Needs(
                "a subscriptions file with a customer id and a seats (or quantity) column".into(),
            ));
        }
        let has_users =
            dated_tables(ctx, &[TableKind::Events, TableKind::Sessions]).any(|(_, t, _)| {
                t.text(Role::CustomerId).is_some()
                    && (t.text(Role::Email).is_some() || t.text(Role::VisitorId).is_some())
            });
        if !has_users {
            return Err(Needs("an events or sessions file with an account (customer id) and a user e-mail or visitor id".into()));
        }
    }
    let (mut total_seats, mut total_users) = (0.0, 0.0);
    let mut table = Vec::new();
    for (acc, s) in &seats {
        let u = users.of(acc) as f64;
        total_seats += s;
        total_users += u;
        if ctx.wants_table() {
            table
                .push(json!({"account": acc, "seats": s, "active_users": u, "utilization": u / s}));
        }
    }
    Ok(Computed {
        value: (total_seats > 0.0).then(|| total_users / total_seats),
        n: Some(seats.len() as u64),
        table: ctx.wants_table().then(|| json!(table)),
        ..Computed::default()
    }
    .with_detail("seats", total_seats)
    .with_detail("active_users", total_users))
}

pub fn explain_license_utilization(
    ctx: &Ctx<'_>,
    scope: &Scope,
) -> Result<Vec<ProvenanceRow>, Needs> {
    let (_, mut v) = seats(ctx, scope, true);
    v.extend(account_users(ctx, scope, true).1);
    Ok(provenance(ctx, &v))
}

/// `(person, index of the core action)` of one event row.
type ActionRow = (u64, Option<usize>);
/// A referral row: its verdict, the referred person and the referrer.
type Referral = (Verdict, Option<u64>, Option<String>);

const ACTIVITY: &[TableKind] = &[TableKind::Events, TableKind::Sessions];
const NEEDS_ACTIVITY: &str =
    "an events or sessions file with a date and a customer id, e-mail or visitor id";

/// Activity: the distinct `(day, person)` pairs, sorted by day then person, each packed in one
/// u64 (the day's offset from `first_day` above the low `person_bits` bits, the person's
/// dense number below; see [`People`]), so that sorting them is a radix sort of integers.
#[derive(Debug, Default)]
struct Activity {
    first_day: i64,
    person_bits: u32,
    pairs: Vec<u64>,
}

impl Activity {
    /// Packs, sorts and deduplicates `(day number, person)` pairs of people `0..people`.
    fn new(days: Vec<(i64, u64)>, people: usize) -> Activity {
        let person_bits = u64::BITS - (people as u64).leading_zeros();
        let (first, last) = days.iter().fold((i64::MAX, i64::MIN), |(lo, hi), d| {
            (lo.min(d.0), hi.max(d.0))
        });
        // Day numbers come from dates chrono can represent (a span under 2^27 days) and people
        // from row numbers (u32), so a pair fits in 64 bits.
        let pack = |(day, person): (i64, u64)| (((day - first) as u64) << person_bits) | person;
        let max_key = if days.is_empty() {
            0
        } else {
            pack((last, (1u64 << person_bits) - 1))
        };
        let mut pairs = radix_sort(days.into_iter().map(pack).collect(), max_key);
        pairs.dedup();
        Activity {
            first_day: first,
            person_bits,
            pairs,
        }
    }

    fn day(&self, pair: u64) -> u64 {
        pair >> self.person_bits
    }

    fn person(&self, pair: u64) -> u32 {
        (pair & ((1u64 << self.person_bits) - 1)) as u32
    }

    /// The pairs whose day lies in `range` (ranges are whole days).
    fn within(&self, range: DateRange) -> &[u64] {
        let offset = |day: i64| (day - self.first_day).clamp(0, i64::from(u32::MAX)) as u64;
        let (lo, hi) = (
            offset(range.start.div_euclid(SECONDS_PER_DAY)),
            offset((range.end + SECONDS_PER_DAY - 1).div_euclid(SECONDS_PER_DAY)),
        );
        let a = self.pairs.partition_point(|&p| self.day(p) < lo);
        let b = self.pairs.partition_point(|&p| self.day(p) < hi).max(a);
        &self.pairs[a..b]
    }

    /// Distinct people in some of the pairs.
    fn distinct_people(&self, pairs: &[u64], people: usize) -> u64 {
        let mut met = CustomerSet::default();
        met.clear(people);
        pairs
            .iter()
            .filter(|&&p| met.insert(self.person(p)))
            .count() as u64
    }
}

/// Activity in `range`, with verdicts when asked for.
fn active_days(
    ctx: &Ctx<'_>,
    scope: &Scope,
    range: DateRange,
    verdicts: bool,
) -> Result<(Activity, Vec<Verdict>), Needs> {
    filter_reaches(ctx, scope, ACTIVITY)?;
    let people = person_keys(ctx);
    let mut pairs = Vec::new();
    let mut v = Vec::new();
    let mut any = false;
    let s = Scope {
        range,
        filter: scope.filter.clone(),
    };
    for (ti, t, role) in dated_tables(ctx, ACTIVITY) {
        if !has_person(t) {
            continue;
        }
        any = true;
        let Some(dates) = t.dates(role) else { continue };
        for r in ctx.rows(ti, role, &s) {
            let p = people.keys[ti][r as usize];
            match (p != NO_PERSON, dates[r as usize]) {
                (true, Some(at)) => {
                    pairs.push((at.div_euclid(SECONDS_PER_DAY), p));
                    if verdicts {
                        v.push(Verdict::new(
                            ti,
                            r,
                            true,
                            "included: activity of a known user",
                        ));
                    }
                }
                _ if verdicts => v.push(Verdict::new(
                    ti,
                    r,
                    false,
                    "excluded: no customer, e-mail or visitor id",
                )),
                _ => {}
            }
        }
    }
    if !any {
        return Err(Needs(NEEDS_ACTIVITY.into()));
    }
    Ok((Activity::new(pairs, people.count), v))
}

/// Every `(day, person)` of activity passing the scope's filter, over all dates: built once
/// per filter, so that each period's DAU is two binary searches.
fn activity_pairs(ctx: &Ctx<'_>, scope: &Scope) -> Result<Rc<Activity>, Needs> {
    filter_reaches(ctx, scope, ACTIVITY)?;
    // Kept with the files it read: every later caller names them in its sources too.
    type Kept = (Result<Rc<Activity>, Needs>, Vec<usize>);
    type Cache = RefCell<HashMap<Option<(Role, String)>, Kept>>;
    let cache = ctx.memo("loyalty.activity_pairs", Cache::default);
    if let Some((hit, read)) = cache.borrow().get(&scope.filter) {
        ctx.touch_all(read);
        return hit.clone();
    }
    let all = Scope {
        range: DateRange {
            start: Timestamp::MIN / 2,
            end: Timestamp::MAX / 2,
        },
        filter: scope.filter.clone(),
    };
    let (built, read) =
        ctx.reading(|| active_days(ctx, &all, all.range, false).map(|(a, _)| Rc::new(a)));
    cache
        .borrow_mut()
        .insert(scope.filter.clone(), (built.clone(), read));
    built
}

/// `loyalty.dau` = mean over the period's days of the distinct active users that day (events
/// or sessions; days with no activity count as 0). `details.peak` is the busiest day's count.
pub fn dau(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let all = activity_pairs(ctx, scope)?;
    let pairs = all.within(scope.range);
    let days = range_days(scope.range).max(1.0);
    // Pairs are sorted by day: the busiest day is the longest run.
    let peak = pairs
        .chunk_by(|&a, &b| all.day(a) == all.day(b))
        .map(<[u64]>::len)
        .max()
        .unwrap_or(0);
    Ok(Computed {
        value: Some(pairs.len() as f64 / days),
        n: Some(pairs.len() as u64),
        ..Computed::default()
    }
    .with_detail("days", days)
    .with_detail("peak", peak as f64))
}

pub fn explain_activity(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    Ok(provenance(
        ctx,
        &active_days(ctx, scope, scope.range, true)?.1,
    ))
}

/// The 30 days ending at the scope's end.
fn last_30_days(scope: &Scope) -> DateRange {
    DateRange {
        start: scope.range.end - 30 * SECONDS_PER_DAY,
        end: scope.range.end,
    }
}

/// `loyalty.mau` = distinct active users in the 30 days ending at the period's end (a stock,
/// read at the end like MRR; for periods shorter than 30 days the window reaches back before
/// the period's start).
pub fn mau(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let all = activity_pairs(ctx, scope)?;
    let people = person_keys(ctx).count;
    let users = all.distinct_people(all.within(last_30_days(scope)), people) as f64;
    Ok(Computed {
        value: Some(users),
        n: Some(users as u64),
        ..Computed::default()
    })
}

pub fn explain_mau(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    Ok(provenance(
        ctx,
        &active_days(ctx, scope, last_30_days(scope), true)?.1,
    ))
}

/// `loyalty.stickiness` = mean DAU / MAU over the 30 days ending at the period's end
/// (in [1/30, 1]: 1 means every monthly user comes every day).
pub fn stickiness(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let all = activity_pairs(ctx, scope)?;
    let pairs = all.within(last_30_days(scope));
    let users = all.distinct_people(pairs, person_keys(ctx).count) as f64;
    let mean_dau = pairs.len() as f64 / 30.0;
    Ok(Computed {
        value: (users > 0.0).then(|| mean_dau / users),
        n: Some(users as u64),
        ..Computed::default()
    }
    .with_detail("mean_dau", mean_dau)
    .with_detail("mau", users))
}

/// Every session row in scope, with whether its length counts (see [`session_hours`]).
fn session_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Needs> {
    filter_reaches(ctx, scope, &[TableKind::Sessions])?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, &[TableKind::Sessions]) {
        let durations = t.numbers(Role::SessionDuration);
        let (starts, ends) = (t.dates(Role::StartedAt), t.dates(Role::EndedAt));
        if durations.is_none() && (starts.is_none() || ends.is_none()) {
            continue;
        }
        any = true;
        for r in ctx.rows(ti, role, scope) {
            let i = r as usize;
            let secs = durations.and_then(|d| d[i]).or_else(|| {
                let s = starts?[i]?;
                let e = ends?[i]?;
                Some((e - s) as f64)
            });
            out.push(match secs {
                Some(s) if s >= 0.0 => {
                    Verdict::new(ti, r, true, "included: session length").with(s / 3600.0)
                }
                Some(_) => Verdict::new(ti, r, false, "excluded: negative session length"),
                None => Verdict::new(ti, r, false, "excluded: no session length"),
            });
        }
    }
    if !any {
        return Err(Needs(
            "a sessions file with a session duration column (seconds) or start and end times"
                .into(),
        ));
    }
    Ok(out)
}

/// The session lengths `session_verdicts` includes, in the same order, read from lengths kept
/// in date order per sessions table (built once: a period is then a run of them, not a
/// random read of the duration column per row).
fn session_hours(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<f64>, Needs> {
    filter_reaches(ctx, scope, &[TableKind::Sessions])?;
    type Kept = HashMap<usize, Rc<Vec<f64>>>;
    let kept = ctx.memo("loyalty.session_hours", || RefCell::new(Kept::new()));
    let mut hours = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, &[TableKind::Sessions]) {
        let durations = t.numbers(Role::SessionDuration);
        let (starts, ends) = (t.dates(Role::StartedAt), t.dates(Role::EndedAt));
        if durations.is_none() && (starts.is_none() || ends.is_none()) {
            continue;
        }
        any = true;
        let Some((ix, positions)) = ctx.positions(ti, role, scope) else {
            continue;
        };
        let sorted = kept.borrow().get(&ti).cloned();
        let sorted = sorted.unwrap_or_else(|| {
            // NaN: no length, or a negative one (both excluded).
            let built: Rc<Vec<f64>> = Rc::new(
                ix.rows
                    .iter()
                    .map(|&r| {
                        let i = r as usize;
                        durations
                            .and_then(|d| d[i])
                            .or_else(|| Some((ends?[i]? - starts?[i]?) as f64))
                            .filter(|s| *s >= 0.0)
                            .map_or(f64::NAN, |s| s / 3600.0)
                    })
                    .collect(),
            );
            kept.borrow_mut().insert(ti, built.clone());
            built
        });
        positions.for_each(|p| {
            if let Some(&h) = sorted.get(p)
                && !h.is_nan()
            {
                hours.push(h);
            }
        });
    }
    if !any {
        return Err(Needs(
            "a sessions file with a session duration column (seconds) or start and end times"
                .into(),
        ));
    }
    Ok(hours)
}

/// `loyalty.session_duration` = median session length over sessions started in the period,
/// in hours (the duration column is read as seconds, as analytics exports give it; else end -
/// start); mean beside it, and both in minutes in details.
pub fn session_duration(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let mut hours = session_hours(ctx, scope)?;
    let n = hours.len() as u64;
    Ok(match median_mean(&mut hours) {
        Some((median, mean)) => Computed {
            value: Some(median),
            n: Some(n),
            ..Computed::default()
        }
        .with_detail("mean", mean)
        .with_detail("median_minutes", median * 60.0)
        .with_detail("mean_minutes", mean * 60.0),
        None => Computed {
            n: Some(0),
            ..Computed::default()
        },
    })
}

pub fn explain_session_duration(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    Ok(provenance(ctx, &session_verdicts(ctx, scope)?))
}

fn visit_verdicts(
    ctx: &Ctx<'_>,
    scope: &Scope,
    verdicts: bool,
) -> Result<(Vec<Verdict>, Vec<u64>), Needs> {
    filter_reaches(ctx, scope, &[TableKind::Sessions])?;
    let keys = person_keys(ctx);
    let mut v = Vec::new();
    let mut people = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, &[TableKind::Sessions]) {
        if !has_person(t) {
            continue;
        }
        any = true;
        for r in ctx.rows(ti, role, scope) {
            let p = keys.keys[ti][r as usize];
            if p != NO_PERSON {
                people.push(p);
            }
            if verdicts {
                v.push(if p != NO_PERSON {
                    Verdict::new(ti, r, true, "included: session of a known user")
                } else {
                    Verdict::new(ti, r, false, "excluded: no customer, e-mail or visitor id")
                });
            }
        }
    }
    if !any {
        return Err(Needs(
            "a sessions file with a date and a customer id, e-mail or visitor id".into(),
        ));
    }
    Ok((v, people))
}

/// `loyalty.visit_frequency` = sessions / distinct users with a session / weeks in the period
/// (days / 7), over sessions whose user is known.
pub fn visit_frequency(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let (_, people) = visit_verdicts(ctx, scope, false)?;
    let sessions = people.len() as f64;
    let mut met = CustomerSet::default();
    met.clear(person_keys(ctx).count);
    let users = people.iter().filter(|&&p| met.insert(p as u32)).count() as f64;
    let weeks = range_days(scope.range) / 7.0;
    Ok(Computed {
        value: (users > 0.0 && weeks > 0.0).then(|| sessions / users / weeks),
        n: Some(users as u64),
        ..Computed::default()
    }
    .with_detail("sessions", sessions)
    .with_detail("users", users)
    .with_detail("weeks", weeks))
}

pub fn explain_visit_frequency(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    Ok(provenance(ctx, &visit_verdicts(ctx, scope, true)?.0))
}

/// The core actions `loyalty.core_actions` reports on.
#[derive(Debug, Clone, PartialEq)]
pub struct CoreActions {
    /// As shown (the first spelling met of each name).
    pub names: Vec<String>,
    /// Folded (lower-cased, accents and punctuation dropped), as event names are matched.
    pub folded: Vec<String>,
    /// True when `settings.core_actions` is empty and the names are the default ones.
    pub default: bool,
}

/// The event files the core actions read: dated, with an event name and a person.
fn core_action_tables<'a>(
    ctx: &'a Ctx<'a>,
) -> impl Iterator<Item = (usize, &'a Table, Role, &'a TextValues)> + 'a {
    dated_tables(ctx, &[TableKind::Events]).filter_map(|(ti, t, role)| {
        let names = t.text(Role::EventName)?;
        has_person(t).then_some((ti, t, role, names))
    })
}

/// Account-lifecycle events (folded): signing up and logging in or out. Every active user does them,
/// so they are no feature a product can be adopted by and are never default core actions.
const ACCOUNT_LIFECYCLE_EVENTS: &[&str] = &[
    "signup", "sign up", "cadastro", "registro", "register", "login", "log in", "logout",
    "log out", "entrar", "sair",
];

/// Whether a folded event name is an account-lifecycle event (sign-up, login, logout).
fn is_account_lifecycle_event(folded: &str) -> bool {
    ACCOUNT_LIFECYCLE_EVENTS.contains(&folded)
}

/// `settings.core_actions`; when empty, the default an analyst expects (a feature-adoption
/// table): every distinct event name of the events files (any date, folded), except the
/// lifecycle events the settings already name (`activation_event`, `value_event`,
/// `onboarding_event`) and the account-lifecycle events (sign-up: signup, sign_up, sign-up, cadastro,
/// registro, register; login/logout: login, log_in, logout, log_out, entrar, sair), in
/// folded-name order. Built once per `analyze` call.
pub fn core_action_names(ctx: &Ctx<'_>) -> Rc<CoreActions> {
    ctx.memo("loyalty.core_action_names", || {
        let s = ctx.settings;
        if !s.core_actions.is_empty() {
            return CoreActions {
                names: s.core_actions.clone(),
                folded: s.core_actions.iter().map(|a| fold(a)).collect(),
                default: false,
            };
        }
        let lifecycle = [&s.activation_event, &s.value_event, &s.onboarding_event].map(|e| fold(e));
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (_, _, _, names) in core_action_tables(ctx) {
            // Only names some row carries (a dictionary may hold more).
            let mut used = vec![false; names.dict.len()];
            for &c in &names.codes {
                if let Some(u) = used.get_mut(c as usize) {
                    *u = true;
                }
            }
            for (name, _) in names.dict.iter().zip(used).filter(|(_, u)| *u) {
                let f = fold(name);
                if !f.is_empty() && !lifecycle.contains(&f) && !is_account_lifecycle_event(&f) {
                    seen.entry(f).or_insert_with(|| name.trim().to_string());
                }
            }
        }
        CoreActions {
            folded: seen.keys().cloned().collect(),
            names: seen.into_values().collect(),
            default: true,
        }
    })
}

/// Per event row in scope: the person and the index of the core action it is (if any).
fn core_action_verdicts(
    ctx: &Ctx<'_>,
    scope: &Scope,
) -> Result<(Vec<Verdict>, Vec<ActionRow>), Needs> {
    filter_reaches(ctx, scope, &[TableKind::Events])?;
    if core_action_tables(ctx).next().is_none() {
        return Err(Needs(NEEDS_EVENTS.into()));
    }
    let actions = core_action_names(ctx);
    if actions.folded.is_empty() {
        return Err(Needs(
            "core action event names in the settings (core_actions), or events other than the activation, first-value, onboarding, sign-up and login/logout ones".into(),
        ));
    }
    let keys = person_keys(ctx);
    let mut v = Vec::new();
    let mut rows = Vec::new();
    for (ti, _, role, names) in core_action_tables(ctx) {
        let action_of: Vec<Option<usize>> = names
            .dict
            .iter()
            .map(|n| actions.folded.iter().position(|a| *a == fold(n)))
            .collect();
        // Said in the provenance: why a sign-up or login is activity but no default action.
        let lifecycle_of: Vec<bool> = names
            .dict
            .iter()
            .map(|n| actions.default && is_account_lifecycle_event(&fold(n)))
            .collect();
        for r in ctx.rows(ti, role, scope) {
            let p = keys.keys[ti][r as usize];
            if p == NO_PERSON {
                v.push(Verdict::new(
                    ti,
                    r,
                    false,
                    "excluded: no customer, e-mail or visitor id",
                ));
                continue;
            }
            let code = names.codes.get(r as usize).map(|&c| c as usize);
            let action = code.and_then(|c| action_of.get(c).copied().flatten());
            let account_lifecycle = code.and_then(|c| lifecycle_of.get(c).copied()) == Some(true);
            rows.push((p, action));
            v.push(Verdict::new(
                ti,
                r,
                true,
                if action.is_some() {
                    "included: core action by an active user"
                } else if account_lifecycle {
                    "included: activity (sign-up/login event: never a default core action)"
                } else {
                    "included: activity (not a core action)"
                },
            ));
        }
    }
    Ok((v, rows))
}

/// `loyalty.core_actions` = per core action (event names): users who performed it in the
/// period / active users (any event) in the period, in the table. Value: users who performed
/// at least one core action / active users (Wilson interval).
///
/// The actions are `settings.core_actions`; when none are configured, every distinct event
/// name except the lifecycle events the settings name and the account-lifecycle events (sign-up,
/// login, logout: see [`core_action_names`]), the table then ranked by users. Signing up and
/// logging in say a user exists, not that the product is used: counted as core actions they
/// would put the share near 1 for every product. `details.core_actions_default` says which (1 default, 0 configured),
/// `details.core_actions` how many, and `details["action:NAME"]` each action's share.
pub fn core_actions(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
    let (_, rows) = core_action_verdicts(ctx, scope)?;
    let actions = core_action_names(ctx);
    // People as bits: the active, those with any core action, those with each.
    let people = person_keys(ctx).count;
    let set = || {
        let mut s = CustomerSet::default();
        s.clear(people);
        s
    };
    let (mut active, mut any_core) = (set(), set());
    let mut per: Vec<CustomerSet> = (0..actions.names.len()).map(|_| set()).collect();
    for &(p, a) in &rows {
        let p = p as u32;
        active.insert(p);
        if let Some(s) = a.and_then(|i| per.get_mut(i)) {
            s.insert(p);
            any_core.insert(p);
        }
    }
    let n = active.count() as f64;
    let share = |users: u64| (n > 0.0).then(|| users as f64 / n);
    let mut order: Vec<usize> = (0..actions.names.len()).collect();
    if actions.default {
        order.sort_by(|&a, &b| per[b].count().cmp(&per[a].count()).then(a.cmp(&b)));
    }
    let table: Vec<_> = order
        .iter()
        .map(|&i| json!({"action": actions.names[i], "users": per[i].count(), "share": share(per[i].count())}))
        .collect();
    let mut c = Computed::proportion(any_core.count(), active.count())
        .with_detail(
            "core_actions_default",
            if actions.default { 1.0 } else { 0.0 },
        )
        .with_detail("core_actions", actions.names.len() as f64);
    for (name, users) in actions.names.iter().zip(&per) {
        if let Some(s) = share(users.count()) {
            c = c.with_detail(&format!("action:{name}"), s);
        }
    }
    c.table = Some(json!(table));
    Ok(c)
}

pub fn explain_core_actions(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    Ok(provenance(ctx, &core_action_verdicts(ctx, scope)?.0))
}

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

/// Referral rows in scope: leads, and completed orders, whose source/channel/medium says
/// referral or whose referrer column is filled. Value of each verdict: the person key.
fn referral_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Referral>, Needs> {
    filter_reaches(ctx, scope, &[TableKind::Leads, TableKind::Orders])?;
    let customers = ctx.customers();
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, &[TableKind::Leads, TableKind::Orders]) {
        let markers = [Role::Source, Role::Channel, Role::Medium];
        if t.text(Role::Referrer).is_none() && !markers.iter().any(|m| t.text(*m).is_some()) {
            continue;
        }
        any = true;
        let classes = status_classes(ctx, t);
        // Each distinct source/channel/medium word is classified once.
        let flagged: Vec<(&crate::table::TextValues, Vec<bool>)> = markers
            .iter()
            .filter_map(|m| t.text(*m))
            .map(|c| (c, c.dict.iter().map(is_referral_word).collect()))
            .collect();
        let referrers = t.text(Role::Referrer);
        let status = status_of(t, classes.as_deref());
        let Some((ix, positions)) = ctx.positions(ti, role, scope) else {
            continue;
        };
        // Which positions of the date index are referral rows: classified once per table
        // for all the periods and breakdown keys; a pass then visits only those.
        type Tags = RefCell<HashMap<(usize, Role), Rc<(Vec<bool>, Vec<u32>)>>>;
        let cache = ctx.memo("loyalty.referral_tags", Tags::default);
        let cached = cache.borrow().get(&(ti, role)).cloned();
        let tags = cached.unwrap_or_else(|| {
            let flags: Vec<bool> = ix
                .rows
                .iter()
                .map(|&r| {
                    referrers.is_some_and(|c| c.get(r as usize).is_some())
                        || flagged.iter().any(|(c, flags)| {
                            c.codes
                                .get(r as usize)
                                .and_then(|&code| flags.get(code as usize))
                                .copied()
                                .unwrap_or(false)
                        })
                })
                .collect();
            let tagged = (0..flags.len() as u32)
                .filter(|&p| flags[p as usize])
                .collect();
            let tags = Rc::new((flags, tagged));
            cache.borrow_mut().insert((ti, role), tags.clone());
            tags
        });
        let (flags, tagged) = (&tags.0, &tags.1);
        let visit: Vec<u32> = match positions {
            Positions::Range(within) => {
                let a = tagged.partition_point(|&p| (p as usize) < within.start);
                let b = tagged.partition_point(|&p| (p as usize) < within.end);
                tagged[a..b.max(a)].to_vec()
            }
            Positions::Group(groups, code, within) => groups
                .of_within(code, within)
                .iter()
                .copied()
                .filter(|&p| flags.get(p as usize).copied().unwrap_or(false))
                .collect(),
            Positions::Nothing => Vec::new(),
        };
        for p in visit {
            let p = p as usize;
            let r = ix.rows[p];
            let referrer = referrers
                .and_then(|c| c.get(r as usize))
                .map(str::to_string);
            if t.kind == TableKind::Orders && status(r) != Status::Completed {
                out.push((
                    Verdict::new(ti, r, false, "excluded: referred order not completed"),
                    None,
                    None,
                ));
                continue;
            }
            let key = customers.keys[ti][r as usize];
            let person = if key == Customers::NONE {
                // A lead with no id or e-mail is still one referred person.
                (t.kind == TableKind::Leads)
                    .then(|| (1u64 << 63) | ((ti as u64) << 32) | u64::from(r))
            } else {
                Some(u64::from(key))
            };
            match person {
                Some(p) => out.push((
                    Verdict::new(ti, r, true, "included: acquired through a referral"),
                    Some(p),
                    referrer,
                )),
                None => out.push((
                    Verdict::new(ti, r, false, "excluded: no customer id or e-mail"),
                    None,
                    None,
                )),
            }
        }
    }
    if !any {
        return Err(Needs("leads or orders with a source/channel column (referral, indicação) or a referrer column".into()));
    }
    Ok(out)
}

/// `loyalty.referrals` = distinct customers (or leads) acquired through a referral in the
/// period: leads and completed orders whose source/channel/medium is a referral word
/// (referral, indicação, indique, member get member...) or whose referrer column is filled.
/// The table lists referred customers per referrer; `details.per_promoter` = referred
/// customers / NPS promoters of the period, when there are NPS answers.
pub fn referrals(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Needs> {
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
    ranking.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
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

pub fn explain_referrals(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Needs> {
    let v: Vec<Verdict> = referral_verdicts(ctx, scope)?
        .into_iter()
        .map(|x| x.0)
        .collect();
    Ok(provenance(ctx, &v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Values;

    #[test]
    fn session_hours_are_the_included_lengths_in_verdict_order() {
        // Rows (out of date order): durations 600, none (start/end 30 min apart), -5, 60,
        // none and no end, 120 s; sources a, a, b, a, b, b. Included in date order: row 3
        // (60 s, day 1), row 1 (30 min, day 2), row 0 (600 s, day 3), row 5 (120 s, day 4).
        let day = |d: i64| Some(1_735_689_600 + d * SECONDS_PER_DAY);
        let t = Table::new("s.csv", TableKind::Sessions)
            .with_column(
                "at",
                Role::Date,
                Values::Date(vec![day(3), day(2), day(5), day(1), day(6), day(4)]),
            )
            .with_column(
                "secs",
                Role::SessionDuration,
                Values::Number(vec![
                    Some(600.0),
                    None,
                    Some(-5.0),
                    Some(60.0),
                    None,
                    Some(120.0),
                ]),
            )
            .with_column(
                "start",
                Role::StartedAt,
                Values::Date(vec![None, day(2), None, None, day(6), None]),
            )
            .with_column(
                "end",
                Role::EndedAt,
                Values::Date(vec![None, day(2).map(|d| d + 1800), None, None, None, None]),
            )
            .with_column(
                "source",
                Role::Source,
                crate::table::text_values(["a", "a", "b", "a", "b", "b"]),
            );
        let tables = [t];
        let (settings, query) = (
            crate::settings::Settings::default(),
            crate::period::Query::default(),
        );
        let ctx = Ctx::new(&tables, &settings, &query);
        let all = DateRange {
            start: day(0).unwrap_or(0),
            end: day(9).unwrap_or(0),
        };
        for (filter, expected) in [
            (None, vec![60.0, 1800.0, 600.0, 120.0]),
            (
                Some((Role::Source, "a".to_string())),
                vec![60.0, 1800.0, 600.0],
            ),
            (Some((Role::Source, "b".to_string())), vec![120.0]),
        ] {
            let scope = Scope { range: all, filter };
            let hours = session_hours(&ctx, &scope).unwrap();
            let included: Vec<f64> = session_verdicts(&ctx, &scope)
                .unwrap()
                .iter()
                .filter(|v| v.included)
                .filter_map(|v| v.value)
                .collect();
            let expected: Vec<f64> = expected.iter().map(|s| s / 3600.0).collect();
            assert_eq!(hours, expected);
            assert_eq!(included, expected);
        }
    }

    #[test]
    fn activity_pairs_are_distinct_and_by_day_then_person() {
        // People 0..5. Day 100: 3, 1, 3 (twice); day 101: 4; day 103: 1, 0. Distinct pairs:
        // (100, 1), (100, 3), (101, 4), (103, 0), (103, 1).
        let days = vec![(100, 3), (100, 1), (100, 3), (103, 1), (101, 4), (103, 0)];
        let a = Activity::new(days, 5);
        let unpacked: Vec<(u64, u32)> = a.pairs.iter().map(|&p| (a.day(p), a.person(p))).collect();
        assert_eq!(unpacked, vec![(0, 1), (0, 3), (1, 4), (3, 0), (3, 1)]);
        let day = |d: i64| d * SECONDS_PER_DAY;
        // Days 101 and 102: one pair; days 100 to 103: people 0, 1, 3, 4.
        let mid = a.within(DateRange {
            start: day(101),
            end: day(103),
        });
        assert_eq!(mid.len(), 1);
        let all = a.within(DateRange {
            start: day(100),
            end: day(104),
        });
        assert_eq!(a.distinct_people(all, 5), 4);
        // Before the first day and after the last: nothing.
        assert!(
            a.within(DateRange {
                start: day(90),
                end: day(100)
            })
            .is_empty()
        );
        assert!(
            a.within(DateRange {
                start: day(104),
                end: day(110)
            })
            .is_empty()
        );
        assert!(Activity::new(Vec::new(), 0).pairs.is_empty());
    }
}
