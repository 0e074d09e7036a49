//! Core actions: the share of active users who use each feature the settings (or the
//! events) name.

use super::onboarding::NEEDS_EVENTS;
use crate::metrics::common::{
    NO_PERSON, Verdict, dated_tables, filter_reaches, fold, has_person, person_keys, provenance,
};
use crate::metrics::marks::CustomerSet;
use crate::metrics::{Computed, Ctx, Need, Scope};
use crate::report::ProvenanceRow;
use crate::table::{Role, Table, TableKind, TextValues};
use serde_json::json;
use std::collections::BTreeMap;
use std::rc::Rc;

/// `(person, index of the core action)` of one event row.
pub(super) type ActionRow = (u64, Option<usize>);
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
pub(super) fn core_action_tables<'a>(
    ctx: &'a Ctx<'a>,
) -> impl Iterator<Item = (usize, &'a Table, Role, &'a TextValues)> + 'a {
    dated_tables(ctx, &[TableKind::Events]).filter_map(|(ti, t, role)| {
        let names = t.text(Role::EventName)?;
        has_person(t).then_some((ti, t, role, names))
    })
}

/// Account-lifecycle events (folded): signing up and logging in or out. Every active user does them,
/// so they are no feature a product can be adopted by and are never default core actions.
pub(super) const ACCOUNT_LIFECYCLE_EVENTS: &[&str] = &[
    "signup", "sign up", "cadastro", "registro", "register", "login", "log in", "logout",
    "log out", "entrar", "sair",
];

/// Whether a folded event name is an account-lifecycle event (sign-up, login, logout).
pub(super) fn is_account_lifecycle_event(folded: &str) -> bool {
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
pub(super) fn core_action_verdicts(
    ctx: &Ctx<'_>,
    scope: &Scope,
) -> Result<(Vec<Verdict>, Vec<ActionRow>), Need> {
    filter_reaches(ctx, scope, &[TableKind::Events])?;
    if core_action_tables(ctx).next().is_none() {
        return Err(Need::bare(NEEDS_EVENTS));
    }
    let actions = core_action_names(ctx);
    if actions.folded.is_empty() {
        return Err(Need::bare("events.core_actions"));
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
pub fn core_actions(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
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
        crate::stats::stable_sort_by(&mut order, |&a, &b| {
            per[b].count().cmp(&per[a].count()).then(a.cmp(&b))
        });
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

pub fn explain_core_actions(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &core_action_verdicts(ctx, scope)?.0))
}
