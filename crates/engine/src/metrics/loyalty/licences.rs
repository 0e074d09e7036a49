//! Licence utilisation: active users per account against its licensed seats.

use crate::metrics::common::{Verdict, dated_tables, filter_reaches, provenance};
use crate::metrics::marks::CustomerSet;
use crate::metrics::{Computed, Ctx, Need, Scope};
use crate::report::ProvenanceRow;
use crate::table::{Role, Table, TableKind, TextValues};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

/// Seats per account (customer id as written) from subscriptions active at the scope's end,
/// with their verdicts when asked for.
pub(super) fn seats<'t>(
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
        let at =
            |dates: Option<&crate::table::Dates>, r: u32| dates.and_then(|d| d.get(r as usize));
        for r in ctx.all_rows(ti, scope) {
            let (start, end) = (at(starts, r), at(ends, r));
            let active = start.is_none_or(|s| s < scope.range.end)
                && end.is_none_or(|e| e >= scope.range.end);
            let code = accounts.codes[r as usize] as usize;
            match (active, code < by_code.len(), seat_counts.get(r as usize)) {
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
pub(super) struct AccountUserKeys {
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

/// An activity table's user column: user ids, else e-mails, else visitor ids, else the
/// customer id itself (a file that names only the account counts it as one user).
pub(super) fn user_column(t: &Table) -> Option<&TextValues> {
    t.text(Role::UserId)
        .or_else(|| t.text(Role::Email))
        .or_else(|| t.text(Role::VisitorId))
        .or_else(|| t.text(Role::CustomerId))
}

/// Users count as active with activity in the 30 days to the period's end.
const ACTIVE_DAYS: i64 = 30;

/// Active users per account: distinct users (see [`user_column`]) with an event or session
/// in the 30 days to the scope's end whose customer id names the account.
#[derive(Debug)]
pub(super) struct ActiveUsers {
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

pub(super) fn account_users(
    ctx: &Ctx<'_>,
    scope: &Scope,
    verdicts: bool,
) -> (ActiveUsers, Vec<Verdict>) {
    let keys = AccountUserKeys::get(ctx);
    let mut v = Vec::new();
    // Users active with their home account (a bit each), and the other (account, user)
    // pairs, as one u64 each.
    let mut at_home = CustomerSet::default();
    at_home.clear(keys.home.len());
    let mut elsewhere: rustc_hash::FxHashSet<u64> = rustc_hash::FxHashSet::default();
    let window = Scope {
        range: crate::period::DateRange {
            start: scope.range.end - ACTIVE_DAYS * crate::period::SECONDS_PER_DAY,
            end: scope.range.end,
        },
        filter: scope.filter.clone(),
    };
    for (ti, role, account_of, user_of) in &keys.tables {
        let t = &ctx.tables[*ti];
        let (Some(accounts), Some(users)) = (t.text(Role::CustomerId), user_column(t)) else {
            continue;
        };
        for r in ctx.rows(*ti, *role, &window) {
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
                    Verdict::new(
                        *ti,
                        r,
                        true,
                        "included: activity of an account's user in the 30 days to the period's end",
                    )
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

/// `loyalty.license_utilization` = Σ min(active users, seats) / Σ seats, over the accounts
/// with seats: seats from subscriptions active at the period's end (seats column, else
/// quantity), per account id; active users = distinct users (user id, else e-mail, else
/// visitor id, else the customer id) with an event or session in the 30 days to the period's
/// end under that account id, at most the account's seats (users beyond them are not
/// utilisation above 100%). Per account in the table.
pub fn license_utilization(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
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
            return Err(Need::bare("subscriptions.seats"));
        }
        let has_users = dated_tables(ctx, &[TableKind::Events, TableKind::Sessions])
            .any(|(_, t, _)| t.text(Role::CustomerId).is_some());
        if !has_users {
            return Err(Need::bare("usage.account_user"));
        }
    }
    let (mut total_seats, mut total_users) = (0.0, 0.0);
    let mut table = Vec::new();
    for (acc, s) in &seats {
        let u = (users.of(acc) as f64).min(*s);
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
) -> Result<Vec<ProvenanceRow>, Need> {
    let (_, mut v) = seats(ctx, scope, true);
    v.extend(account_users(ctx, scope, true).1);
    Ok(provenance(ctx, &v))
}
