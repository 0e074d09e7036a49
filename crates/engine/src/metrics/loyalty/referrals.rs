//! Referrals: customers and leads acquired through a referral, per referrer.

use crate::metrics::common::{
    Verdict, dated_tables, filter_reaches, fold, provenance, status_classes, status_of,
};
use crate::metrics::{Computed, Ctx, Customers, Need, Positions, Scope};
use crate::report::ProvenanceRow;
use crate::table::{Role, Status, TableKind};
use serde_json::json;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
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

/// Referral rows in scope: leads, and completed orders, whose source/channel/medium says
/// referral or whose referrer column is filled. Value of each verdict: the person key.
pub(super) fn referral_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Referral>, Need> {
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
        return Err(Need::bare("referrals.source"));
    }
    Ok(out)
}

/// `loyalty.referrals` = distinct customers (or leads) acquired through a referral in the
/// period: leads and completed orders whose source/channel/medium is a referral word
/// (referral, indicação, indique, member get member...) or whose referrer column is filled.
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

pub fn explain_referrals(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let v: Vec<Verdict> = referral_verdicts(ctx, scope)?
        .into_iter()
        .map(|x| x.0)
        .collect();
    Ok(provenance(ctx, &v))
}
