//! `journey.identity`: how each file's rows were matched to a customer.

use crate::metrics::common::{has_person, provenance_row};
use crate::metrics::{Computed, Ctx, Customers, Need, Scope};
use crate::report::ProvenanceRow;
use crate::table::{Role, Table};
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

/// How `row` of table `t` matched: its own customer id, else its own (non-blank) e-mail,
/// else a customer reached through its visitor id, else none.
pub fn match_of(table: &Table, t: usize, row: usize, customers: &Customers) -> Match {
    let has_text = |role: Role| {
        table
            .text(role)
            .and_then(|c| c.get(row))
            .is_some_and(|s| !s.trim().is_empty())
    };
    let key = customers.keys.get(t).and_then(|k| k.get(row)).copied();
    if has_text(Role::CustomerId) {
        Match::Id
    } else if has_text(Role::Email) {
        Match::Email
    } else if key.is_some_and(|k| k != Customers::NONE) {
        Match::Visitor
    } else {
        Match::Unmatched
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
        for row in 0..table.rows() {
            let (Some(id), Some(email)) = (ids.get(row), emails.get(row)) else {
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
        for row in 0..table.rows() {
            if !matches!(match_of(table, t, row, customers), Match::Id | Match::Email) {
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
        for row in ctx.all_rows(t, scope) {
            counts[match_of(table, t, row as usize, &customers) as usize] += 1;
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
        for row in ctx.all_rows(t, scope) {
            let m = match_of(table, t, row as usize, &customers);
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
