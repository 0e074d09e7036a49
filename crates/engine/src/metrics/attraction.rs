//! Attraction metrics of METRICS.md: leads, visitors, conversion, traffic, chats, social
//! engagement and cost per lead.
//!
//! Each metric reads every file of its kind that has a date column and the columns the metric
//! needs, as one (a file split in two gives the same numbers). Lead identity: the lead id, else the customer (id or e-mail), else the row;
//! visitor identity: the visitor id, else the session id, else the row.

use super::sales::check_filter;
use super::{Computed, Ctx, Customers, Def, Need, Scope};
use crate::ingest::values::fold;
use crate::metrics::common::{provenance_row, table_date};
use crate::metrics::sales::prep::{Orders, Spend};
use crate::report::{Direction, ProvenanceRow, Unit};
use crate::table::{Role, Table, TableKind};
use rustc_hash::FxHashMap;
use std::rc::Rc;

const LEAD_BREAKDOWNS: &[Role] = &[
    Role::Source,
    Role::Channel,
    Role::Campaign,
    Role::LandingPage,
];
const SESSION_BREAKDOWNS: &[Role] = &[
    Role::Source,
    Role::Medium,
    Role::Channel,
    Role::Campaign,
    Role::LandingPage,
];

/// This stage's metrics, in METRICS.md order.
pub static DEFS: &[Def] = &[
    Def {
        id: "attraction.leads_new",
        unit: Unit::Count,
        direction: Direction::HigherIsBetter,
        formula: "distinct leads (lead id, else e-mail/customer) created in the period",
        compute: leads_new,
        explain: explain_leads,
        sql: twin!("attraction.leads_new"),
        breakdowns: LEAD_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "attraction.leads_by_source",
        unit: Unit::Count,
        direction: Direction::HigherIsBetter,
        formula: "new leads per source (channel when there is no source column)",
        compute: leads_by_source,
        explain: explain_leads,
        sql: twin!("attraction.leads_by_source"),
        breakdowns: &[Role::Source, Role::Channel],
        series: true,
    },
    Def {
        id: "attraction.lead_conversion_rate",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "leads created in the period that became customers (converted flag/date, or a first completed order at or after the lead's creation) / leads created",
        compute: lead_conversion_rate,
        explain: explain_lead_conversion,
        sql: twin!("attraction.lead_conversion_rate"),
        breakdowns: LEAD_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "attraction.visitors",
        unit: Unit::Count,
        direction: Direction::HigherIsBetter,
        formula: "distinct visitors (visitor id; sessions when there is none)",
        compute: visitors,
        explain: explain_visitors,
        sql: twin!("attraction.visitors"),
        breakdowns: SESSION_BREAKDOWNS,
        series: true,
    },
    Def {
        id: "attraction.traffic_to_lead_ratio",
        unit: Unit::Ratio,
        direction: Direction::LowerIsBetter,
        formula: "visitors / new leads",
        compute: traffic_to_lead_ratio,
        explain: explain_traffic_to_lead,
        sql: twin!("attraction.traffic_to_lead_ratio"),
        breakdowns: &[Role::Source, Role::Channel, Role::Campaign],
        series: true,
    },
    Def {
        id: "attraction.landing_page_conversion_rate",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "sessions that converted to a lead / sessions, per landing page",
        compute: landing_page_conversion_rate,
        explain: explain_landing_page,
        sql: twin!("attraction.landing_page_conversion_rate"),
        breakdowns: &[
            Role::LandingPage,
            Role::Source,
            Role::Channel,
            Role::Campaign,
        ],
        series: true,
    },
    Def {
        id: "attraction.organic_share",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "sessions whose medium (else source/channel) is organic / all sessions",
        compute: organic_share,
        explain: explain_organic,
        sql: twin!("attraction.organic_share"),
        breakdowns: &[Role::LandingPage, Role::Campaign],
        series: true,
    },
    Def {
        id: "attraction.chat_bot_conversion_rate",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "chats converted by the bot with no transfer to a human / chats",
        compute: chat_bot_conversion_rate,
        explain: explain_chat_bot,
        sql: twin!("attraction.chat_bot_conversion_rate"),
        breakdowns: &[Role::Channel, Role::Source, Role::Reason],
        series: true,
    },
    Def {
        id: "attraction.chat_escalation_rate",
        unit: Unit::Rate,
        direction: Direction::LowerIsBetter,
        formula: "chats transferred to a human / chats",
        compute: chat_escalation_rate,
        explain: explain_chat_escalation,
        sql: twin!("attraction.chat_escalation_rate"),
        breakdowns: &[Role::Channel, Role::Source, Role::Reason],
        series: true,
    },
    Def {
        id: "attraction.social_engagement",
        unit: Unit::Count,
        direction: Direction::HigherIsBetter,
        formula: "reactions + comments + shares + direct messages in the period (a file with none of these counts: one interaction per row)",
        compute: social_engagement,
        explain: explain_social,
        sql: twin!("attraction.social_engagement"),
        breakdowns: &[Role::Channel, Role::Campaign],
        series: true,
    },
    Def {
        id: "attraction.cpl",
        unit: Unit::Currency,
        direction: Direction::LowerIsBetter,
        formula: "marketing spend / new leads (per channel when spend and leads both have one)",
        compute: cpl,
        explain: explain_cpl,
        sql: twin!("attraction.cpl"),
        breakdowns: &[Role::Channel, Role::Source, Role::Campaign],
        series: true,
    },
];

/// One file read by an attraction metric, with the dense identity of each of its rows.
#[derive(Debug)]
struct Part {
    t: usize,
    date: Role,
    /// Dense identity of each row (lead or visitor), shared by every part of a [`Keyed`].
    key: Vec<u32>,
}

/// Every dated file of one kind, with identities made dense across the files: the same lead
/// id (or visitor id, or customer) in two files is one lead, so splitting a file in two does
/// not change a count.
#[derive(Debug)]
struct Keyed {
    parts: Vec<Part>,
    distinct: usize,
}

/// Dense identities of the rows of `tables`: the first of `roles` with a value (matched by
/// its text across files), else the customer (when `by_customer`), else the row itself.
fn keyed(ctx: &Ctx<'_>, tables: &[(usize, Role)], roles: &[Role], by_customer: bool) -> Keyed {
    let customers = ctx.customers();
    // Per role: text → identity, across files.
    let mut by_text: Vec<FxHashMap<String, u32>> = vec![FxHashMap::default(); roles.len()];
    // Customer key → identity (u32::MAX: none yet); keys are dense.
    let mut by_cust: Vec<u32> = Vec::new();
    let mut next = 0u32;
    let mut parts = Vec::with_capacity(tables.len());
    for &(t, date) in tables {
        let table = &ctx.tables[t];
        // Per column: dictionary code → identity (u32::MAX: not looked up yet).
        let mut cols: Vec<_> = roles
            .iter()
            .enumerate()
            .filter_map(|(i, r)| table.text(*r).map(|c| (i, c, vec![u32::MAX; c.dict.len()])))
            .collect();
        let mut key = Vec::with_capacity(table.rows());
        for row in 0..table.rows() {
            let mut found = None;
            for (i, col, map) in cols.iter_mut() {
                let code = col.codes[row] as usize;
                if let Some(slot) = map.get_mut(code) {
                    if *slot == u32::MAX {
                        let text = col.dict.get(code).unwrap_or_default();
                        *slot = *by_text[*i].entry(text.to_string()).or_insert_with(|| {
                            next += 1;
                            next - 1
                        });
                    }
                    found = Some(*slot);
                    break;
                }
            }
            let k = found.unwrap_or_else(|| {
                let c = customers.keys[t][row];
                if by_customer && c != Customers::NONE {
                    if by_cust.len() <= c as usize {
                        by_cust.resize(customers.count.max(c + 1) as usize, u32::MAX);
                    }
                    let slot = &mut by_cust[c as usize];
                    if *slot == u32::MAX {
                        *slot = next;
                        next += 1;
                    }
                    *slot
                } else {
                    next += 1;
                    next - 1
                }
            });
            key.push(k);
        }
        parts.push(Part { t, date, key });
    }
    Keyed {
        parts,
        distinct: next as usize,
    }
}

/// The dated files of `kind` whose columns pass `usable`, each with its date column.
fn dated_where(
    ctx: &Ctx<'_>,
    kind: TableKind,
    usable: impl Fn(&Table) -> bool,
) -> Vec<(usize, Role)> {
    ctx.tables_of(kind)
        .filter(|(_, table)| usable(table))
        .filter_map(|(t, table)| Some((t, table_date(table)?)))
        .collect()
}

/// Every leads file with a creation date, keyed by lead.
fn leads(ctx: &Ctx<'_>) -> Result<Rc<Keyed>, Need> {
    let keyed = ctx.memo("attraction.leads", || {
        let tables = dated_where(ctx, TableKind::Leads, |_| true);
        (!tables.is_empty()).then(|| Rc::new(keyed(ctx, &tables, &[Role::LeadId], true)))
    });
    (*keyed).clone().ok_or_else(|| Need::bare("leads.created"))
}

/// Every sessions file with a date, keyed by visitor.
fn sessions(ctx: &Ctx<'_>) -> Result<Rc<Keyed>, Need> {
    let keyed = ctx.memo("attraction.sessions", || {
        let tables = dated_where(ctx, TableKind::Sessions, |_| true);
        (!tables.is_empty()).then(|| {
            Rc::new(keyed(
                ctx,
                &tables,
                &[Role::VisitorId, Role::SessionId],
                false,
            ))
        })
    });
    (*keyed).clone().ok_or_else(|| Need::bare("sessions.date"))
}

/// Every dated file of `kind` passing `usable`, for metrics that need no identity; none:
/// the need `need_key`.
fn dated(
    ctx: &Ctx<'_>,
    kind: TableKind,
    usable: impl Fn(&Table) -> bool,
    need_key: &str,
) -> Result<Vec<(usize, Role)>, Need> {
    let tables = dated_where(ctx, kind, usable);
    if tables.is_empty() {
        Err(Need::bare(need_key))
    } else {
        Ok(tables)
    }
}

fn table_has(ctx: &Ctx<'_>, t: usize, role: Role) -> bool {
    ctx.tables[t].column(role).is_some()
}

/// Whether the scope's filter names a column of every file of `tables` (a breakdown is
/// offered only when every source can be split by its column).
fn filter_in(ctx: &Ctx<'_>, scope: &Scope, tables: impl IntoIterator<Item = usize>) -> bool {
    let mut tables = tables.into_iter();
    scope
        .filter
        .as_ref()
        .is_none_or(|(role, _)| tables.all(|t| table_has(ctx, t, *role)))
}

/// The scope's filter applies to every file of a keyed kind, else a `Need` naming the kind.
fn check_keyed(ctx: &Ctx<'_>, scope: &Scope, k: &Keyed, kind: TableKind) -> Result<(), Need> {
    check_filter(ctx, scope, filter_in(ctx, scope, k.tables()), kind)
}

impl Keyed {
    fn tables(&self) -> impl Iterator<Item = usize> + '_ {
        self.parts.iter().map(|p| p.t)
    }
}

/// Distinct keys among the rows of a keyed kind in the scope.
fn count_distinct(ctx: &Ctx<'_>, scope: &Scope, k: &Keyed) -> u64 {
    // A bit per identity: at 1M visitors it stays in the CPU cache, a byte each did not.
    let mut seen = super::marks::CustomerSet::default();
    seen.clear(k.distinct);
    let mut n = 0u64;
    for p in &k.parts {
        n += ctx
            .rows(p.t, p.date, scope)
            .iter()
            .filter(|&&r| seen.insert(p.key[r as usize]))
            .count() as u64;
    }
    n
}

/// Provenance of a keyed kind: the first row of each identity counts, repeats do not.
fn explain_distinct(ctx: &Ctx<'_>, scope: &Scope, k: &Keyed, what: &str) -> Vec<ProvenanceRow> {
    let mut seen = vec![false; k.distinct];
    let mut out = Vec::new();
    for p in &k.parts {
        let table = &ctx.tables[p.t];
        for r in ctx.rows(p.t, p.date, scope) {
            let slot = &mut seen[p.key[r as usize] as usize];
            out.push(if *slot {
                provenance_row(
                    table,
                    r,
                    false,
                    format!("excluded: same {what} as an earlier row"),
                    None,
                )
            } else {
                *slot = true;
                provenance_row(
                    table,
                    r,
                    true,
                    format!("included: new {what} in the period"),
                    None,
                )
            });
        }
    }
    out
}

/// `attraction.leads_new` = distinct leads created in the period, over every leads file. A
/// lead is its lead id, else its customer (id or normalised e-mail), else its row; a lead
/// appearing twice in the period (in one file or two) counts once.
pub fn leads_new(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let l = leads(ctx)?;
    check_keyed(ctx, scope, &l, TableKind::Leads)?;
    let n = count_distinct(ctx, scope, &l);
    Ok(Computed {
        value: Some(n as f64),
        n: Some(n),
        ..Computed::default()
    })
}

fn explain_leads(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let l = leads(ctx)?;
    Ok(explain_distinct(ctx, scope, &l, "lead"))
}

/// `attraction.leads_by_source` = new leads per source (the channel column when there is no
/// source column), over every leads file. The value is all new leads; `table` lists
/// `{source, leads, share}` by decreasing count, leads with no source (or in a file with no
/// source column) under `(none)`. A lead with two sources in the period counts under each.
pub fn leads_by_source(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let l = leads(ctx)?;
    let source_of = |t: usize| {
        let table = &ctx.tables[t];
        table
            .text(Role::Source)
            .or_else(|| table.text(Role::Channel))
    };
    if l.tables().all(|t| source_of(t).is_none()) {
        return Err(Need::bare("leads.source"));
    }
    check_keyed(ctx, scope, &l, TableKind::Leads)?;
    // Sources by name across files; (source, lead) pairs seen.
    let mut names: FxHashMap<String, usize> = FxHashMap::default();
    let mut per_source: Vec<(String, u64)> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<u64> = rustc_hash::FxHashSet::default();
    let mut index_of = |name: &str| -> usize {
        *names.entry(name.to_string()).or_insert_with(|| {
            per_source.push((name.to_string(), 0));
            per_source.len() - 1
        })
    };
    let mut counted: Vec<(usize, u32)> = Vec::new();
    for p in &l.parts {
        let col = source_of(p.t);
        // Dictionary code → source index, looked up once per code.
        let mut by_code: Vec<Option<usize>> = vec![None; col.map_or(0, |c| c.dict.len())];
        for r in ctx.rows(p.t, p.date, scope) {
            let name_at = col.and_then(|c| {
                let code = c.codes[r as usize] as usize;
                c.dict.get(code).map(|n| (code, n))
            });
            let source = match name_at {
                Some((code, name)) => *by_code[code].get_or_insert_with(|| index_of(name)),
                None => index_of("(none)"),
            };
            counted.push((source, p.key[r as usize]));
        }
    }
    for (source, lead) in counted {
        if seen.insert(((source as u64) << 32) | u64::from(lead)) {
            per_source[source].1 += 1;
        }
    }
    let total = count_distinct(ctx, scope, &l);
    let mut by_source: Vec<(String, u64)> = per_source;
    crate::stats::stable_sort_by(&mut by_source, |a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let rows_json: Vec<serde_json::Value> = by_source
        .iter()
        .map(|(s, n)| {
            serde_json::json!({
                "source": s,
                "leads": n,
                "share": if total > 0 { *n as f64 / total as f64 } else { 0.0 },
            })
        })
        .collect();
    Ok(Computed {
        value: Some(total as f64),
        n: Some(total),
        table: Some(serde_json::Value::Array(rows_json)),
        ..Computed::default()
    })
}

/// Each customer's first completed order date, when there are orders with customers.
fn first_orders(ctx: &Ctx<'_>) -> Option<Rc<Orders>> {
    let orders = Orders::get(ctx);
    orders.require_customers(ctx).ok()?;
    Some(orders)
}

/// Whether row `r` of lead file `p` converted: its converted flag is true, it has a
/// conversion date, or its customer's first completed order is at or after the lead's
/// creation.
fn lead_converted(
    ctx: &Ctx<'_>,
    p: &Part,
    orders: Option<&Orders>,
    r: usize,
) -> Option<&'static str> {
    let table = &ctx.tables[p.t];
    if table.bools(Role::Converted).and_then(|v| v[r]) == Some(true) {
        return Some("converted flag");
    }
    if table
        .dates(Role::ConvertedAt)
        .and_then(|v| v.get(r))
        .is_some()
    {
        return Some("conversion date");
    }
    let created = table.dates(p.date).and_then(|v| v.get(r))?;
    let customer = ctx.customers().keys[p.t][r];
    let first = orders?.first.get(customer as usize).copied().flatten()?;
    (first.0 >= created).then_some("first completed order after the lead was created")
}

/// The orders (when they link to customers) and, per lead file, whether it can tell a
/// conversion: a converted flag or date, or a customer link with orders. Files that cannot
/// are not read; none can: the need.
fn conversion_inputs(ctx: &Ctx<'_>, l: &Keyed) -> Result<(Option<Rc<Orders>>, Vec<bool>), Need> {
    let orders = first_orders(ctx);
    let readable: Vec<bool> = l
        .parts
        .iter()
        .map(|p| {
            let table = &ctx.tables[p.t];
            let flag = table.column(Role::Converted).is_some()
                || table.column(Role::ConvertedAt).is_some();
            let linked =
                table.column(Role::CustomerId).is_some() || table.column(Role::Email).is_some();
            flag || (orders.is_some() && linked)
        })
        .collect();
    if readable.contains(&true) {
        Ok((orders, readable))
    } else {
        Err(Need::bare("leads.converted"))
    }
}

/// The lead files read for conversion (see [`conversion_inputs`]).
fn conversion_parts<'k>(l: &'k Keyed, readable: &'k [bool]) -> impl Iterator<Item = &'k Part> {
    l.parts
        .iter()
        .zip(readable)
        .filter(|(_, ok)| **ok)
        .map(|(p, _)| p)
}

/// `attraction.lead_conversion_rate` = leads created in the period that became customers /
/// leads created in the period, over every leads file that can tell a conversion. A lead
/// converted when any of its rows has a true converted flag or a conversion date, or when
/// its customer's first completed order (ever) is at or after the lead's creation;
/// conversions after the period still count (cohort view).
pub fn lead_conversion_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let l = leads(ctx)?;
    let (orders, readable) = conversion_inputs(ctx, &l)?;
    let tables = conversion_parts(&l, &readable).map(|p| p.t);
    check_filter(ctx, scope, filter_in(ctx, scope, tables), TableKind::Leads)?;
    // Whether each lead row converted does not depend on the scope: worked out once per
    // `analyze`, a bit a row, per file.
    let converted_rows = ctx.memo("attraction.converted_lead_rows", || {
        l.parts
            .iter()
            .map(|p| {
                let mut rows = super::marks::CustomerSet::default();
                let n = ctx.tables[p.t].rows();
                rows.clear(n);
                for r in 0..n {
                    if lead_converted(ctx, p, orders.as_deref(), r).is_some() {
                        rows.insert(r as u32);
                    }
                }
                rows
            })
            .collect::<Vec<_>>()
    });
    // 0: unseen, 1: seen, 2: converted.
    let mut state = vec![0u8; l.distinct];
    let (mut n, mut converted) = (0u64, 0u64);
    for (i, p) in l.parts.iter().enumerate() {
        if !readable[i] {
            continue;
        }
        for r in ctx.rows(p.t, p.date, scope) {
            let s = &mut state[p.key[r as usize] as usize];
            if *s == 0 {
                *s = 1;
                n += 1;
            }
            if *s == 1 && converted_rows[i].contains(r) {
                *s = 2;
                converted += 1;
            }
        }
    }
    Ok(Computed::proportion(converted, n)
        .with_detail("leads", n as f64)
        .with_detail("converted", converted as f64))
}

fn explain_lead_conversion(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let l = leads(ctx)?;
    let (orders, readable) = conversion_inputs(ctx, &l)?;
    let mut out = Vec::new();
    for p in conversion_parts(&l, &readable) {
        let table = &ctx.tables[p.t];
        for r in ctx.rows(p.t, p.date, scope) {
            out.push(
                match lead_converted(ctx, p, orders.as_deref(), r as usize) {
                    Some(why) => provenance_row(
                        table,
                        r,
                        true,
                        format!("included: converted lead ({why})"),
                        Some(1.0),
                    ),
                    None => provenance_row(
                        table,
                        r,
                        true,
                        "included: lead not (yet) converted".into(),
                        Some(0.0),
                    ),
                },
            );
        }
    }
    Ok(out)
}

/// `attraction.visitors` = distinct visitors with a session in the period, over every
/// sessions file: the visitor id, else the session id, else each row is one session.
pub fn visitors(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let s = sessions(ctx)?;
    check_keyed(ctx, scope, &s, TableKind::Sessions)?;
    let n = count_distinct(ctx, scope, &s);
    let counted_by = if s.tables().all(|t| table_has(ctx, t, Role::VisitorId)) {
        0.0
    } else {
        1.0
    };
    Ok(Computed {
        value: Some(n as f64),
        n: Some(n),
        ..Computed::default()
    }
    .with_detail("counted_sessions_not_visitors", counted_by))
}

fn explain_visitors(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let s = sessions(ctx)?;
    Ok(explain_distinct(ctx, scope, &s, "visitor"))
}

/// `attraction.traffic_to_lead_ratio` = visitors / new leads in the period (absent when there
/// are no new leads). Split by a key (a source, a channel), both counts are of that key; a key
/// that only one of the two files names has no ratio, not 0 (issue 17: web analytics name
/// sources `google`, CRMs `Google Ads`, and every source read 0.00).
pub fn traffic_to_lead_ratio(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (s, l) = (sessions(ctx)?, leads(ctx)?);
    check_keyed(ctx, scope, &s, TableKind::Sessions)?;
    check_keyed(ctx, scope, &l, TableKind::Leads)?;
    // A key that only one of the two kinds names has no ratio (any file of the kind may name it).
    if !(s.tables().any(|t| ctx.names_filter_key(t, scope))
        && l.tables().any(|t| ctx.names_filter_key(t, scope)))
    {
        return Ok(Computed::value(None));
    }
    let visitors = count_distinct(ctx, scope, &s);
    let leads = count_distinct(ctx, scope, &l);
    Ok(Computed {
        value: (leads > 0).then(|| visitors as f64 / leads as f64),
        n: Some(leads),
        ..Computed::default()
    }
    .with_detail("visitors", visitors as f64)
    .with_detail("leads", leads as f64))
}

fn explain_traffic_to_lead(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let mut out = explain_visitors(ctx, scope)?;
    out.extend(explain_leads(ctx, scope)?);
    Ok(out)
}

/// A session or chat converted: its converted flag is true or it has a conversion date. An
/// empty flag is "not converted".
/// Whether a session converted to a lead: its converted flag is true or it has a conversion
/// date. Returns the test with the table's columns found once (not once per row).
fn converted(table: &Table) -> impl Fn(usize) -> bool + '_ {
    let (flags, dates) = (table.bools(Role::Converted), table.dates(Role::ConvertedAt));
    move |r| flags.and_then(|v| v[r]) == Some(true) || dates.and_then(|v| v.get(r)).is_some()
}

/// Every dated sessions file with a landing page and a converted flag or date.
fn landing_inputs(ctx: &Ctx<'_>) -> Result<Vec<(usize, Role)>, Need> {
    dated(
        ctx,
        TableKind::Sessions,
        |t| {
            t.column(Role::LandingPage).is_some()
                && (t.column(Role::Converted).is_some() || t.column(Role::ConvertedAt).is_some())
        },
        "sessions.landing",
    )
}

/// The rows of every file of `tables` in the scope, as (table, row) pairs, file by file.
fn rows_of<'t>(
    ctx: &'t Ctx<'_>,
    scope: &'t Scope,
    tables: &'t [(usize, Role)],
) -> impl Iterator<Item = (usize, u32)> + 't {
    tables
        .iter()
        .flat_map(move |&(t, date)| ctx.rows(t, date, scope).into_iter().map(move |r| (t, r)))
}

/// `attraction.landing_page_conversion_rate` = sessions that converted to a lead / sessions
/// in the period (one row per session), over every sessions file with a landing page and a
/// conversion flag; broken down by landing page.
pub fn landing_page_conversion_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let tables = landing_inputs(ctx)?;
    let ts = tables.iter().map(|x| x.0);
    check_filter(ctx, scope, filter_in(ctx, scope, ts), TableKind::Sessions)?;
    let (mut n, mut conv) = (0u64, 0u64);
    for &(t, date) in &tables {
        let is_converted = converted(&ctx.tables[t]);
        let rows = ctx.rows(t, date, scope);
        n += rows.len() as u64;
        conv += rows.iter().filter(|&&r| is_converted(r as usize)).count() as u64;
    }
    Ok(Computed::proportion(conv, n))
}

fn explain_landing_page(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let tables = landing_inputs(ctx)?;
    Ok(rows_of(ctx, scope, &tables)
        .map(|(t, r)| {
            let table = &ctx.tables[t];
            if converted(table)(r as usize) {
                provenance_row(
                    table,
                    r,
                    true,
                    "included: session converted to a lead".into(),
                    Some(1.0),
                )
            } else {
                provenance_row(
                    table,
                    r,
                    true,
                    "included: session not converted".into(),
                    Some(0.0),
                )
            }
        })
        .collect())
}

/// Whether a traffic label (medium, source or channel) names organic traffic: one of its
/// folded words is `organic`, `organico`, `organica` or `seo` (`google / organic`, `Busca
/// orgânica`, `Organic Search`).
pub fn is_organic(label: &str) -> bool {
    fold(label)
        .split(' ')
        .any(|w| matches!(w, "organic" | "organico" | "organica" | "seo"))
}

const TRAFFIC_LABELS: [Role; 3] = [Role::Medium, Role::Source, Role::Channel];

/// A session's traffic label: its medium, else its source, else its channel.
fn traffic_label(table: &Table, r: usize) -> Option<&str> {
    TRAFFIC_LABELS
        .iter()
        .find_map(|role| table.text(*role).and_then(|c| c.get(r)))
}

/// Every dated sessions file with a medium, source or channel column.
fn organic_inputs(ctx: &Ctx<'_>) -> Result<Vec<(usize, Role)>, Need> {
    dated(
        ctx,
        TableKind::Sessions,
        |t| TRAFFIC_LABELS.iter().any(|r| t.column(*r).is_some()),
        "sessions.medium",
    )
}

/// `attraction.organic_share` = sessions whose traffic label (medium, else source, else
/// channel) is organic / all sessions in the period, over every sessions file with a label
/// column. Sessions with no label count as not organic.
pub fn organic_share(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let tables = organic_inputs(ctx)?;
    let ts = tables.iter().map(|x| x.0);
    check_filter(ctx, scope, filter_in(ctx, scope, ts), TableKind::Sessions)?;
    // Each label of each column of each file is classified once per `analyze`; a row then
    // reads codes.
    let flags = ctx.memo("attraction.organic_labels", || {
        tables
            .iter()
            .map(|&(t, _)| {
                let table = &ctx.tables[t];
                TRAFFIC_LABELS
                    .iter()
                    .filter_map(|role| {
                        let col = table.text(*role)?;
                        Some((*role, col.dict.iter().map(is_organic).collect()))
                    })
                    .collect::<Vec<(Role, Vec<bool>)>>()
            })
            .collect::<Vec<_>>()
    });
    let (mut n, mut organic) = (0u64, 0u64);
    for (&(t, date), file_flags) in tables.iter().zip(flags.iter()) {
        let table = &ctx.tables[t];
        let columns: Vec<(&[u32], &[bool])> = file_flags
            .iter()
            .filter_map(|(role, organic)| Some((&table.text(*role)?.codes[..], &organic[..])))
            .collect();
        let rows = ctx.rows(t, date, scope);
        n += rows.len() as u64;
        for &r in &rows {
            // The traffic label: medium, else source, else channel (see `traffic_label`).
            let label = columns.iter().find_map(|(codes, organic)| {
                codes.get(r as usize).and_then(|&c| organic.get(c as usize))
            });
            if label == Some(&true) {
                organic += 1;
            }
        }
    }
    Ok(Computed::proportion(organic, n))
}

fn explain_organic(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let tables = organic_inputs(ctx)?;
    Ok(rows_of(ctx, scope, &tables)
        .map(|(t, r)| {
            let table = &ctx.tables[t];
            match traffic_label(table, r as usize) {
                Some(l) if is_organic(l) => provenance_row(
                    table,
                    r,
                    true,
                    format!("included: organic session ({l})"),
                    Some(1.0),
                ),
                Some(l) => provenance_row(
                    table,
                    r,
                    true,
                    format!("included: non-organic session ({l})"),
                    Some(0.0),
                ),
                None => provenance_row(
                    table,
                    r,
                    true,
                    "included: session with no medium/source (not organic)".into(),
                    Some(0.0),
                ),
            }
        })
        .collect())
}

fn flag(table: &Table, role: Role, r: usize) -> Option<bool> {
    table.bools(role).and_then(|v| v[r])
}

/// Every dated chats file with all of `needed` and, when given, one of `any_of`.
fn chats(
    ctx: &Ctx<'_>,
    needed: &[Role],
    any_of: &[Role],
    need_key: &str,
) -> Result<Vec<(usize, Role)>, Need> {
    dated(
        ctx,
        TableKind::Chats,
        |table| {
            needed.iter().all(|r| table.column(*r).is_some())
                && (any_of.is_empty() || any_of.iter().any(|r| table.column(*r).is_some()))
        },
        need_key,
    )
}

fn bot_inputs(ctx: &Ctx<'_>) -> Result<Vec<(usize, Role)>, Need> {
    chats(
        ctx,
        &[Role::Converted],
        &[Role::Transferred, Role::BotHandled],
        "chats.bot",
    )
}

/// Whether a chat was converted by the bot alone: converted, not transferred to a human, and
/// not marked as handled by a human (an empty bot flag does not exclude it).
fn bot_converted(table: &Table, r: usize) -> bool {
    flag(table, Role::Converted, r) == Some(true)
        && flag(table, Role::Transferred, r) != Some(true)
        && flag(table, Role::BotHandled, r) != Some(false)
}

/// Chats in the scope over `tables`, and how many of them pass `hit`.
fn count_chats(
    ctx: &Ctx<'_>,
    scope: &Scope,
    tables: &[(usize, Role)],
    hit: impl Fn(&Table, usize) -> bool,
) -> (u64, u64) {
    let (mut n, mut hits) = (0u64, 0u64);
    for (t, r) in rows_of(ctx, scope, tables) {
        n += 1;
        if hit(&ctx.tables[t], r as usize) {
            hits += 1;
        }
    }
    (hits, n)
}

/// `attraction.chat_bot_conversion_rate` = chats converted by the bot with no transfer to a
/// human / all chats in the period, over every chats file with the flags.
pub fn chat_bot_conversion_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let tables = bot_inputs(ctx)?;
    let ts = tables.iter().map(|x| x.0);
    check_filter(ctx, scope, filter_in(ctx, scope, ts), TableKind::Chats)?;
    let (hits, n) = count_chats(ctx, scope, &tables, bot_converted);
    Ok(Computed::proportion(hits, n))
}

fn explain_chat_bot(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let tables = bot_inputs(ctx)?;
    Ok(rows_of(ctx, scope, &tables)
        .map(|(t, r)| {
            let table = &ctx.tables[t];
            let row = r as usize;
            let rule = if bot_converted(table, row) {
                "included: converted by the bot, no human"
            } else if flag(table, Role::Converted, row) != Some(true) {
                "included: chat not converted"
            } else {
                "included: converted with a human (transferred or human-handled)"
            };
            provenance_row(
                table,
                r,
                true,
                rule.into(),
                Some(f64::from(u8::from(bot_converted(table, row)))),
            )
        })
        .collect())
}

fn transferred(table: &Table, r: usize) -> bool {
    flag(table, Role::Transferred, r) == Some(true)
}

/// `attraction.chat_escalation_rate` = chats transferred to a human / chats in the period
/// (an empty transfer flag is "not transferred"), over every chats file with the flag.
pub fn chat_escalation_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let tables = chats(ctx, &[Role::Transferred], &[], "chats.transferred")?;
    let ts = tables.iter().map(|x| x.0);
    check_filter(ctx, scope, filter_in(ctx, scope, ts), TableKind::Chats)?;
    let (hits, n) = count_chats(ctx, scope, &tables, transferred);
    Ok(Computed::proportion(hits, n))
}

fn explain_chat_escalation(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let tables = chats(ctx, &[Role::Transferred], &[], "chats.transferred")?;
    Ok(rows_of(ctx, scope, &tables)
        .map(|(t, r)| {
            let table = &ctx.tables[t];
            if transferred(table, r as usize) {
                provenance_row(
                    table,
                    r,
                    true,
                    "included: transferred to a human".into(),
                    Some(1.0),
                )
            } else {
                provenance_row(
                    table,
                    r,
                    true,
                    "included: not transferred".into(),
                    Some(0.0),
                )
            }
        })
        .collect())
}

const SOCIAL: [(Role, &str); 4] = [
    (Role::Reactions, "reactions"),
    (Role::Comments, "comments"),
    (Role::Shares, "shares"),
    (Role::DirectMessages, "direct_messages"),
];

/// Whether a social file has any count column (reactions, comments, shares, direct messages).
pub fn has_social_counts(table: &Table) -> bool {
    SOCIAL
        .iter()
        .any(|(role, _)| table.numbers(*role).is_some())
}

/// A social row's interactions: the sum of its count columns (empty cells are 0); with no
/// count column at all, each row is one interaction.
fn interactions(table: &Table, r: usize) -> f64 {
    let cols: Vec<&crate::table::Numbers> = SOCIAL
        .iter()
        .filter_map(|(role, _)| table.numbers(*role))
        .collect();
    if cols.is_empty() {
        1.0
    } else {
        cols.iter().map(|c| c.get(r).unwrap_or(0.0)).sum()
    }
}

fn social_inputs(ctx: &Ctx<'_>) -> Result<Vec<(usize, Role)>, Need> {
    dated(ctx, TableKind::SocialInteractions, |_| true, "social.date")
}

/// `attraction.social_engagement` = reactions + comments + shares + direct messages in the
/// period (each in `details`), over every social file. A file with none of these count
/// columns has one interaction per row (an export of individual comments, messages...).
pub fn social_engagement(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let tables = social_inputs(ctx)?;
    let ts = tables.iter().map(|x| x.0);
    check_filter(
        ctx,
        scope,
        filter_in(ctx, scope, ts),
        TableKind::SocialInteractions,
    )?;
    let mut c = Computed::default();
    let (mut total, mut n) = (0.0, 0u64);
    for &(t, date) in &tables {
        let table = &ctx.tables[t];
        let rows = ctx.rows(t, date, scope);
        n += rows.len() as u64;
        for (role, name) in SOCIAL {
            if let Some(col) = table.numbers(role) {
                let sum: f64 = rows
                    .iter()
                    .map(|&r| col.get(r as usize).unwrap_or(0.0))
                    .sum();
                *c.details.entry(name.into()).or_insert(0.0) += sum;
            }
        }
        // Summed per row, as the SQL twin does, so that both add in the same order.
        total += rows
            .iter()
            .map(|&r| interactions(table, r as usize))
            .sum::<f64>();
    }
    c.value = Some(total);
    c.n = Some(n);
    Ok(c)
}

fn explain_social(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let tables = social_inputs(ctx)?;
    Ok(rows_of(ctx, scope, &tables)
        .map(|(t, r)| {
            let table = &ctx.tables[t];
            provenance_row(
                table,
                r,
                true,
                "included: interactions in the period".into(),
                Some(interactions(table, r as usize)),
            )
        })
        .collect())
}

/// `attraction.cpl` = marketing spend in the period (main spend currency) / new leads in the
/// period. Per channel only when both the spend and the leads have that column. No new
/// leads: absent value.
pub fn cpl(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let spend = Spend::get(ctx);
    spend.require()?;
    let l = leads(ctx)?;
    check_filter(
        ctx,
        scope,
        spend.filter_applies(ctx, scope),
        TableKind::MarketingSpend,
    )?;
    check_keyed(ctx, scope, &l, TableKind::Leads)?;
    let s = spend.sum(ctx, scope);
    let leads = count_distinct(ctx, scope, &l);
    let mut c = Computed {
        value: (leads > 0).then(|| s.total / leads as f64),
        n: Some(leads),
        currency: s.currency.clone(),
        ..Computed::default()
    }
    .with_detail("spend", s.total)
    .with_detail("leads", leads as f64);
    c.details.extend(s.others);
    Ok(c)
}

fn explain_cpl(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let spend = Spend::get(ctx);
    spend.require()?;
    let mut out = spend.explain(ctx, scope);
    out.extend(explain_leads(ctx, scope)?);
    Ok(out)
}

#[cfg(test)]
mod tests;
