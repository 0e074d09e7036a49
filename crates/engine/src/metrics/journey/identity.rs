//! `journey.identity`: how each file's rows were matched to a customer.

use crate::metrics::common::{has_person, provenance_row};
use crate::metrics::{Computed, Ctx, Customers, Need, Scope};
use crate::report::ProvenanceRow;
use crate::table::{Role, Table, TextValues};
use rustc_hash::FxHashMap;

/// How one row found its customer (METRICS.md "Identity": id, else e-mail, else visitor link).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Id,
    Email,
    Visitor,
    Unmatched,
}

impl Match {
    pub fn id(self) -> &'static str {
        match self {
            Match::Id => "by_id",
            Match::Email => "by_email",
            Match::Visitor => "by_visitor",
            Match::Unmatched => "unmatched",
        }
    }
}

/// How the rows of one table matched (`at`): own customer id, else own (non-blank) e-mail,
/// else a customer reached through the visitor id, else none. Whether each dictionary entry
/// of the id and e-mail columns is blank is decided once per table, never per row.
struct Matcher<'t> {
    cols: [Option<(&'t TextValues, Vec<bool>)>; 2],
}

impl<'t> Matcher<'t> {
    fn of(table: &'t Table) -> Matcher<'t> {
        let filled = |role| {
            table.text(role).map(|c| {
                let yes = c.dict.iter().map(|s| !s.trim().is_empty()).collect();
                (c, yes)
            })
        };
        Matcher {
            cols: [filled(Role::CustomerId), filled(Role::Email)],
        }
    }

    fn filled(&self, i: usize, row: usize) -> bool {
        self.cols[i].as_ref().is_some_and(|(c, yes)| {
            c.codes
                .get(row)
                .and_then(|&code| yes.get(code as usize))
                .copied()
                .unwrap_or(false)
        })
    }

    fn at(&self, t: usize, row: usize, customers: &Customers) -> Match {
        if self.filled(0, row) {
            Match::Id
        } else if self.filled(1, row) {
            Match::Email
        } else if customers
            .keys
            .get(t)
            .and_then(|k| k.get(row))
            .is_some_and(|&k| k != Customers::NONE)
        {
            Match::Visitor
        } else {
            Match::Unmatched
        }
    }
}

/// Per customer id, the distinct normalised e-mails it was seen with, over every file (in
/// first-seen order). An id with two or more is a conflict: the id wins (METRICS.md), the
/// e-mails are reported.
fn emails_by_id(ctx: &Ctx<'_>) -> FxHashMap<String, Vec<String>> {
    let mut out: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for (t, table) in ctx.tables.iter().enumerate() {
        let (Some(ids), Some(emails)) = (table.text(Role::CustomerId), table.text(Role::Email))
        else {
            continue;
        };
        ctx.touch(t);
        // Each distinct (id, e-mail) pair once: the strings are read per pair, not per row.
        let mut pairs: rustc_hash::FxHashSet<(u32, u32)> = rustc_hash::FxHashSet::default();
        for (&i, &e) in ids.codes.iter().zip(&emails.codes) {
            if i != TextValues::NULL && e != TextValues::NULL {
                pairs.insert((i, e));
            }
        }
        let mut pairs: Vec<(u32, u32)> = pairs.into_iter().collect();
        crate::stats::sort_packed(
            &mut pairs,
            |(i, e)| (u128::from(i) << 32) | u128::from(e),
            |p| ((p >> 32) as u32, p as u32),
        );
        for (i, e) in pairs {
            let (Some(id), Some(email)) = (ids.dict.get(i as usize), emails.dict.get(e as usize))
            else {
                continue;
            };
            let email = email.trim().to_lowercase();
            if email.is_empty() {
                continue;
            }
            let seen = out.entry(id.to_string()).or_default();
            if !seen.contains(&email) {
                seen.push(email);
            }
        }
    }
    out
}

/// Visitor ids seen on rows of two different customers (each row's own id or e-mail): the
/// first customer keeps the visitor.
fn visitor_conflicts(ctx: &Ctx<'_>, customers: &Customers) -> usize {
    let mut first: FxHashMap<&str, (u32, bool)> = FxHashMap::default();
    for (t, table) in ctx.tables.iter().enumerate() {
        let Some(visitors) = table.text(Role::VisitorId) else {
            continue;
        };
        // One matcher per table: built per row it re-read the whole dictionary each time
        // (quadratic: 10 minutes on the 1M sample).
        let matcher = Matcher::of(table);
        for row in 0..table.rows() {
            if !matches!(matcher.at(t, row, customers), Match::Id | Match::Email) {
                continue;
            }
            let Some(v) = visitors.get(row) else { continue };
            let key = customers.keys[t][row];
            let e = first.entry(v).or_insert((key, false));
            e.1 |= e.0 != key;
        }
    }
    first.values().filter(|(_, two)| *two).count()
}

/// `journey.identity`: matched rows / rows of files that name people (customer id, e-mail or
/// visitor id), over all their rows whatever the dates (identity is not a flow). Each row
/// counts once, under the first rule that matched it: own customer id, own e-mail, visitor
/// link (a visitor id seen with a customer elsewhere), else unmatched. Details: per rule
/// counts, `customers`, `conflicts_id_emails` (customer ids seen with two or more e-mails)
/// and `conflicts_visitor_customers` (visitor ids seen with two customers). Table: one row
/// per file `{file, kind, rows, by_id, by_email, by_visitor, unmatched}`.
pub fn identity(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let people: Vec<usize> = (0..ctx.tables.len())
        .filter(|&t| has_person(&ctx.tables[t]))
        .collect();
    if people.is_empty() {
        return Err(Need::bare("journey.people"));
    }
    let customers = ctx.customers();
    let mut rows_out = Vec::new();
    let mut totals = [0u64; 4];
    for &t in &people {
        let table = &ctx.tables[t];
        let mut counts = [0u64; 4];
        let matcher = Matcher::of(table);
        for row in ctx.all_rows(t, scope) {
            counts[matcher.at(t, row as usize, &customers) as usize] += 1;
        }
        for (total, c) in totals.iter_mut().zip(counts) {
            *total += c;
        }
        if ctx.wants_table() {
            rows_out.push(serde_json::json!({
                "file": table.file,
                "kind": table.kind.id(),
                "rows": counts.iter().sum::<u64>(),
                "by_id": counts[0],
                "by_email": counts[1],
                "by_visitor": counts[2],
                "unmatched": counts[3],
            }));
        }
    }
    let n: u64 = totals.iter().sum();
    let mut c = Computed::proportion(n - totals[3], n);
    for (m, total) in [Match::Id, Match::Email, Match::Visitor, Match::Unmatched]
        .into_iter()
        .zip(totals)
    {
        c = c.with_detail(m.id(), total as f64);
    }
    let id_conflicts = emails_by_id(ctx).values().filter(|e| e.len() > 1).count();
    c = c
        .with_detail("customers", f64::from(customers.count))
        .with_detail("conflicts_id_emails", id_conflicts as f64)
        .with_detail(
            "conflicts_visitor_customers",
            visitor_conflicts(ctx, &customers) as f64,
        );
    if ctx.wants_table() {
        c.table = Some(serde_json::Value::Array(rows_out));
    }
    Ok(c)
}

/// Every row of the files that name people, with how it matched; the rows of a customer id
/// seen with several e-mails say so.
pub fn explain_identity(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    identity(ctx, scope)?;
    let customers = ctx.customers();
    let conflicts = emails_by_id(ctx);
    let mut out = Vec::new();
    for (t, table) in ctx.tables.iter().enumerate() {
        if !has_person(table) {
            continue;
        }
        let matcher = Matcher::of(table);
        for row in ctx.all_rows(t, scope) {
            let m = matcher.at(t, row as usize, &customers);
            let id = table
                .text(Role::CustomerId)
                .and_then(|c| c.get(row as usize));
            let conflict = id
                .and_then(|id| conflicts.get(id))
                .filter(|e| e.len() > 1)
                .map(|e| {
                    format!(
                        "; conflict: this id has {} e-mails ({})",
                        e.len(),
                        e.join(", ")
                    )
                });
            let rule = format!(
                "{}: {}{}",
                if m == Match::Unmatched {
                    "excluded"
                } else {
                    "included"
                },
                m.id().replace('_', " "),
                conflict.unwrap_or_default()
            );
            out.push(provenance_row(
                table,
                row,
                m != Match::Unmatched,
                rule,
                None,
            ));
        }
    }
    Ok(out)
}
