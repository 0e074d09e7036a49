//! Attraction metrics of METRICS.md: leads, visitors, conversion, traffic, chats, social
//! engagement and cost per lead.
//!
//! Each metric reads the first file of its kind that has a date column and the columns the
//! metric needs. Lead identity: the lead id, else the customer (id or e-mail), else the row;
//! visitor identity: the visitor id, else the session id, else the row.

use super::sales::check_filter;
use super::{Computed, Ctx, Customers, Def, Need, Scope};
use crate::ingest::values::fold;
use crate::metrics::common::{provenance_row, table_date};
use crate::metrics::sales::prep::{Orders, Spend};
use crate::report::{Direction, ProvenanceRow, Unit};
use crate::table::{Role, Table, TableKind};
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
        formula: "reactions + comments + shares + direct messages in the period",
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

/// One file read by an attraction metric, with its rows' identities made dense.
#[derive(Debug)]
struct Keyed {
    t: usize,
    date: Role,
    /// Dense identity of each row (lead or visitor).
    key: Vec<u32>,
    distinct: usize,
}

/// Dense identities of the rows of table `t`: the first of `roles` with a value, else the
/// customer (when `by_customer`), else the row itself.
fn dense_keys(ctx: &Ctx<'_>, t: usize, roles: &[Role], by_customer: bool) -> (Vec<u32>, usize) {
    let table = &ctx.tables[t];
    let customers = ctx.customers();
    let cols: Vec<_> = roles
        .iter()
        .filter_map(|r| table.text(*r))
        .map(|c| (c, vec![u32::MAX; c.dict.len()]))
        .collect();
    let mut cols = cols;
    // Customer key → identity (u32::MAX: none yet); keys are dense.
    let mut by_cust: Vec<u32> = Vec::new();
    let mut next = 0u32;
    let mut fresh = || {
        next += 1;
        next - 1
    };
    let mut keys = Vec::with_capacity(table.rows());
    for row in 0..table.rows() {
        let mut key = None;
        for (col, map) in cols.iter_mut() {
            if let Some(slot) = map.get_mut(col.codes[row] as usize) {
                if *slot == u32::MAX {
                    *slot = fresh();
                }
                key = Some(*slot);
                break;
            }
        }
        let key = key.unwrap_or_else(|| {
            let c = customers.keys[t][row];
            if by_customer && c != Customers::NONE {
                if by_cust.len() <= c as usize {
                    by_cust.resize(customers.count.max(c + 1) as usize, u32::MAX);
                }
                let slot = &mut by_cust[c as usize];
                if *slot == u32::MAX {
                    *slot = fresh();
                }
                *slot
            } else {
                fresh()
            }
        });
        keys.push(key);
    }
    (keys, next as usize)
}

/// The leads file (the first with a creation date), keyed by lead.
fn leads(ctx: &Ctx<'_>) -> Result<Rc<Keyed>, Need> {
    let keyed = ctx.memo("attraction.leads", || {
        ctx.tables_of(TableKind::Leads).find_map(|(t, table)| {
            let date = table_date(table)?;
            let (key, distinct) = dense_keys(ctx, t, &[Role::LeadId], true);
            Some(Rc::new(Keyed {
                t,
                date,
                key,
                distinct,
            }))
        })
    });
    (*keyed).clone().ok_or_else(|| Need::bare("leads.created"))
}

/// The sessions file (the first with a date), keyed by visitor.
fn sessions(ctx: &Ctx<'_>) -> Result<Rc<Keyed>, Need> {
    let keyed = ctx.memo("attraction.sessions", || {
        ctx.tables_of(TableKind::Sessions).find_map(|(t, table)| {
            let date = table_date(table)?;
            let (key, distinct) = dense_keys(ctx, t, &[Role::VisitorId, Role::SessionId], false);
            Some(Rc::new(Keyed {
                t,
                date,
                key,
                distinct,
            }))
        })
    });
    (*keyed).clone().ok_or_else(|| Need::bare("sessions.date"))
}

/// The first table of `kind` with a date column, for metrics that need no identity.
fn dated(ctx: &Ctx<'_>, kind: TableKind, need_key: &str) -> Result<(usize, Role), Need> {
    ctx.tables_of(kind)
        .find_map(|(t, table)| Some((t, table_date(table)?)))
        .ok_or_else(|| Need::bare(need_key))
}

fn table_has(ctx: &Ctx<'_>, t: usize, role: Role) -> bool {
    ctx.tables[t].column(role).is_some()
}

/// Whether the scope's filter names a column of table `t`.
fn filter_in(ctx: &Ctx<'_>, scope: &Scope, t: usize) -> bool {
    scope
        .filter
        .as_ref()
        .is_none_or(|(role, _)| table_has(ctx, t, *role))
}

/// Distinct keys among the rows of a keyed file in the scope.
fn count_distinct(ctx: &Ctx<'_>, scope: &Scope, k: &Keyed) -> u64 {
    // A bit per identity: at 1M visitors it stays in the CPU cache, a byte each did not.
    let mut seen = super::marks::CustomerSet::default();
    seen.clear(k.distinct);
    ctx.rows(k.t, k.date, scope)
        .iter()
        .filter(|&&r| seen.insert(k.key[r as usize]))
        .count() as u64
}

/// Provenance of a keyed file: the first row of each identity counts, repeats do not.
fn explain_distinct(ctx: &Ctx<'_>, scope: &Scope, k: &Keyed, what: &str) -> Vec<ProvenanceRow> {
    let table = &ctx.tables[k.t];
    let mut seen = vec![false; k.distinct];
    ctx.rows(k.t, k.date, scope)
        .into_iter()
        .map(|r| {
            let slot = &mut seen[k.key[r as usize] as usize];
            if *slot {
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
            }
        })
        .collect()
}

/// `attraction.leads_new` = distinct leads created in the period. A lead is its lead id,
/// else its customer (id or normalised e-mail), else its row; a lead appearing twice in the
/// period counts once.
pub fn leads_new(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let l = leads(ctx)?;
    check_filter(ctx, scope, filter_in(ctx, scope, l.t), TableKind::Leads)?;
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
/// source column). The value is all new leads; `table` lists `{source, leads, share}` by
/// decreasing count, leads with no source under `(none)`. A lead with two sources in the
/// period counts under each.
pub fn leads_by_source(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let l = leads(ctx)?;
    let table = &ctx.tables[l.t];
    let Some(col) = table
        .text(Role::Source)
        .or_else(|| table.text(Role::Channel))
    else {
        return Err(Need::bare("leads.source"));
    };
    check_filter(ctx, scope, filter_in(ctx, scope, l.t), TableKind::Leads)?;
    let rows = ctx.rows(l.t, l.date, scope);
    // (source code, lead) pairs seen; NULL code is the "(none)" bucket.
    let mut seen: rustc_hash::FxHashSet<u64> = rustc_hash::FxHashSet::default();
    let mut per_code = vec![0u64; col.dict.len() + 1];
    for &r in &rows {
        let code = col.codes[r as usize];
        if seen.insert((u64::from(code) << 32) | u64::from(l.key[r as usize])) {
            let slot = (code as usize).min(col.dict.len());
            per_code[slot] += 1;
        }
    }
    let total = count_distinct(ctx, scope, &l);
    let mut by_source: Vec<(String, u64)> = per_code
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(code, n)| {
            let name = col
                .dict
                .get(code)
                .map_or("(none)".to_string(), |s| s.to_string());
            (name, *n)
        })
        .collect();
    by_source.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
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

/// Whether lead row `r` converted: its converted flag is true, it has a conversion date, or
/// its customer's first completed order is at or after the lead's creation.
fn lead_converted(
    ctx: &Ctx<'_>,
    l: &Keyed,
    orders: Option<&Orders>,
    r: usize,
) -> Option<&'static str> {
    let table = &ctx.tables[l.t];
    if table.bools(Role::Converted).and_then(|v| v[r]) == Some(true) {
        return Some("converted flag");
    }
    if table.dates(Role::ConvertedAt).and_then(|v| v[r]).is_some() {
        return Some("conversion date");
    }
    let created = table.dates(l.date).and_then(|v| v[r])?;
    let customer = ctx.customers().keys[l.t][r];
    let first = orders?.first.get(customer as usize).copied().flatten()?;
    (first.0 >= created).then_some("first completed order after the lead was created")
}

fn conversion_inputs(ctx: &Ctx<'_>, l: &Keyed) -> Result<Option<Rc<Orders>>, Need> {
    let orders = first_orders(ctx);
    let table = &ctx.tables[l.t];
    let flag = table.column(Role::Converted).is_some() || table.column(Role::ConvertedAt).is_some();
    let linked = table.column(Role::CustomerId).is_some() || table.column(Role::Email).is_some();
    if flag || (orders.is_some() && linked) {
        Ok(orders)
    } else {
        Err(Need::bare("leads.converted"))
    }
}

/// `attraction.lead_conversion_rate` = leads created in the period that became customers /
/// leads created in the period. A lead converted when any of its rows has a true converted
/// flag or a conversion date, or when its customer's first completed order (ever) is at or
/// after the lead's creation; conversions after the period still count (cohort view).
pub fn lead_conversion_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let l = leads(ctx)?;
    let orders = conversion_inputs(ctx, &l)?;
    check_filter(ctx, scope, filter_in(ctx, scope, l.t), TableKind::Leads)?;
    // Whether each lead row converted does not depend on the scope: worked out once per
    // `analyze`, a bit a row.
    let converted_rows = ctx.memo("attraction.converted_lead_rows", || {
        let mut rows = super::marks::CustomerSet::default();
        let n = ctx.tables[l.t].rows();
        rows.clear(n);
        for r in 0..n {
            if lead_converted(ctx, &l, orders.as_deref(), r).is_some() {
                rows.insert(r as u32);
            }
        }
        rows
    });
    // 0: unseen, 1: seen, 2: converted.
    let mut state = vec![0u8; l.distinct];
    let (mut n, mut converted) = (0u64, 0u64);
    for r in ctx.rows(l.t, l.date, scope) {
        let s = &mut state[l.key[r as usize] as usize];
        if *s == 0 {
            *s = 1;
            n += 1;
        }
        if *s == 1 && converted_rows.contains(r) {
            *s = 2;
            converted += 1;
        }
    }
    Ok(Computed::proportion(converted, n)
        .with_detail("leads", n as f64)
        .with_detail("converted", converted as f64))
}

fn explain_lead_conversion(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let l = leads(ctx)?;
    let orders = conversion_inputs(ctx, &l)?;
    let table = &ctx.tables[l.t];
    Ok(ctx
        .rows(l.t, l.date, scope)
        .into_iter()
        .map(
            |r| match lead_converted(ctx, &l, orders.as_deref(), r as usize) {
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
        )
        .collect())
}

/// `attraction.visitors` = distinct visitors with a session in the period: the visitor id,
/// else the session id, else each row is one session.
pub fn visitors(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let s = sessions(ctx)?;
    check_filter(ctx, scope, filter_in(ctx, scope, s.t), TableKind::Sessions)?;
    let n = count_distinct(ctx, scope, &s);
    let counted_by = if table_has(ctx, s.t, Role::VisitorId) {
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
    check_filter(ctx, scope, filter_in(ctx, scope, s.t), TableKind::Sessions)?;
    check_filter(ctx, scope, filter_in(ctx, scope, l.t), TableKind::Leads)?;
    if !(ctx.names_filter_key(s.t, scope) && ctx.names_filter_key(l.t, scope)) {
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
    move |r| flags.and_then(|v| v[r]) == Some(true) || dates.and_then(|v| v[r]).is_some()
}

fn landing_inputs(ctx: &Ctx<'_>) -> Result<(usize, Role), Need> {
    let (t, date) = dated(ctx, TableKind::Sessions, "sessions.date")?;
    let table = &ctx.tables[t];
    let has_conv =
        table.column(Role::Converted).is_some() || table.column(Role::ConvertedAt).is_some();
    if table.column(Role::LandingPage).is_none() || !has_conv {
        return Err(Need::bare("sessions.landing"));
    }
    Ok((t, date))
}

/// `attraction.landing_page_conversion_rate` = sessions that converted to a lead / sessions
/// in the period (one row per session); broken down by landing page.
pub fn landing_page_conversion_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (t, date) = landing_inputs(ctx)?;
    check_filter(ctx, scope, filter_in(ctx, scope, t), TableKind::Sessions)?;
    let table = &ctx.tables[t];
    let rows = ctx.rows(t, date, scope);
    let is_converted = converted(table);
    let converted = rows.iter().filter(|&&r| is_converted(r as usize)).count() as u64;
    Ok(Computed::proportion(converted, rows.len() as u64))
}

fn explain_landing_page(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let (t, date) = landing_inputs(ctx)?;
    let table = &ctx.tables[t];
    let is_converted = converted(table);
    Ok(ctx
        .rows(t, date, scope)
        .into_iter()
        .map(|r| {
            if is_converted(r as usize) {
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

/// A session's traffic label: its medium, else its source, else its channel.
fn traffic_label(table: &Table, r: usize) -> Option<&str> {
    [Role::Medium, Role::Source, Role::Channel]
        .iter()
        .find_map(|role| table.text(*role).and_then(|c| c.get(r)))
}

fn organic_inputs(ctx: &Ctx<'_>) -> Result<(usize, Role), Need> {
    let (t, date) = dated(ctx, TableKind::Sessions, "sessions.date")?;
    let table = &ctx.tables[t];
    if [Role::Medium, Role::Source, Role::Channel]
        .iter()
        .all(|r| table.column(*r).is_none())
    {
        return Err(Need::bare("sessions.medium"));
    }
    Ok((t, date))
}

/// `attraction.organic_share` = sessions whose traffic label (medium, else source, else
/// channel) is organic / all sessions in the period. Sessions with no label count as not
/// organic.
pub fn organic_share(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (t, date) = organic_inputs(ctx)?;
    check_filter(ctx, scope, filter_in(ctx, scope, t), TableKind::Sessions)?;
    let table = &ctx.tables[t];
    // Each label of each column is classified once per `analyze`; a row then reads codes.
    let flags = ctx.memo("attraction.organic_labels", || {
        [Role::Medium, Role::Source, Role::Channel]
            .iter()
            .filter_map(|role| {
                let col = table.text(*role)?;
                Some((*role, col.dict.iter().map(is_organic).collect()))
            })
            .collect::<Vec<(Role, Vec<bool>)>>()
    });
    let columns: Vec<(&[u32], &[bool])> = flags
        .iter()
        .filter_map(|(role, organic)| Some((&table.text(*role)?.codes[..], &organic[..])))
        .collect();
    let rows = ctx.rows(t, date, scope);
    let mut organic = 0u64;
    for &r in &rows {
        // The traffic label: medium, else source, else channel (see `traffic_label`).
        let label = columns.iter().find_map(|(codes, organic)| {
            codes.get(r as usize).and_then(|&c| organic.get(c as usize))
        });
        if label == Some(&true) {
            organic += 1;
        }
    }
    Ok(Computed::proportion(organic, rows.len() as u64))
}

fn explain_organic(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let (t, date) = organic_inputs(ctx)?;
    let table = &ctx.tables[t];
    Ok(ctx
        .rows(t, date, scope)
        .into_iter()
        .map(|r| match traffic_label(table, r as usize) {
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
        })
        .collect())
}

fn flag(table: &Table, role: Role, r: usize) -> Option<bool> {
    table.bools(role).and_then(|v| v[r])
}

fn chats(
    ctx: &Ctx<'_>,
    needed: &[Role],
    any_of: &[Role],
    need_key: &str,
) -> Result<(usize, Role), Need> {
    ctx.tables_of(TableKind::Chats)
        .find_map(|(t, table)| {
            let ok = needed.iter().all(|r| table.column(*r).is_some())
                && (any_of.is_empty() || any_of.iter().any(|r| table.column(*r).is_some()));
            ok.then(|| Some((t, table_date(table)?))).flatten()
        })
        .ok_or_else(|| Need::bare(need_key))
}

fn bot_inputs(ctx: &Ctx<'_>) -> Result<(usize, Role), Need> {
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

/// `attraction.chat_bot_conversion_rate` = chats converted by the bot with no transfer to a
/// human / all chats in the period.
pub fn chat_bot_conversion_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (t, date) = bot_inputs(ctx)?;
    check_filter(ctx, scope, filter_in(ctx, scope, t), TableKind::Chats)?;
    let table = &ctx.tables[t];
    let rows = ctx.rows(t, date, scope);
    let n = rows
        .iter()
        .filter(|&&r| bot_converted(table, r as usize))
        .count() as u64;
    Ok(Computed::proportion(n, rows.len() as u64))
}

fn explain_chat_bot(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let (t, date) = bot_inputs(ctx)?;
    let table = &ctx.tables[t];
    Ok(ctx
        .rows(t, date, scope)
        .into_iter()
        .map(|r| {
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

/// `attraction.chat_escalation_rate` = chats transferred to a human / chats in the period (an
/// empty transfer flag is "not transferred").
pub fn chat_escalation_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (t, date) = chats(ctx, &[Role::Transferred], &[], "chats.transferred")?;
    check_filter(ctx, scope, filter_in(ctx, scope, t), TableKind::Chats)?;
    let table = &ctx.tables[t];
    let rows = ctx.rows(t, date, scope);
    let n = rows
        .iter()
        .filter(|&&r| flag(table, Role::Transferred, r as usize) == Some(true))
        .count() as u64;
    Ok(Computed::proportion(n, rows.len() as u64))
}

fn explain_chat_escalation(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let (t, date) = chats(ctx, &[Role::Transferred], &[], "chats.transferred")?;
    let table = &ctx.tables[t];
    Ok(ctx
        .rows(t, date, scope)
        .into_iter()
        .map(|r| {
            if flag(table, Role::Transferred, r as usize) == Some(true) {
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

/// A social row's interactions: the sum of its count columns (empty cells are 0); with no
/// count column at all, each row is one interaction.
fn interactions(table: &Table, r: usize) -> f64 {
    let cols: Vec<&[Option<f64>]> = SOCIAL
        .iter()
        .filter_map(|(role, _)| table.numbers(*role))
        .collect();
    if cols.is_empty() {
        1.0
    } else {
        cols.iter().map(|c| c[r].unwrap_or(0.0)).sum()
    }
}

/// `attraction.social_engagement` = reactions + comments + shares + direct messages in the
/// period (each in `details`). A file with none of these count columns has one interaction
/// per row (an export of individual comments, messages...).
pub fn social_engagement(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (t, date) = dated(ctx, TableKind::SocialInteractions, "social.date")?;
    check_filter(
        ctx,
        scope,
        filter_in(ctx, scope, t),
        TableKind::SocialInteractions,
    )?;
    let table = &ctx.tables[t];
    let rows = ctx.rows(t, date, scope);
    let mut c = Computed::default();
    let mut total = 0.0;
    let present: Vec<_> = SOCIAL
        .iter()
        .filter_map(|(role, name)| Some((table.numbers(*role)?, *name)))
        .collect();
    if present.is_empty() {
        total = rows.len() as f64;
    }
    for (col, name) in present {
        let sum: f64 = rows.iter().map(|&r| col[r as usize].unwrap_or(0.0)).sum();
        c.details.insert(name.into(), sum);
    }
    // Summed per row, as the SQL twin does, so that both add in the same order.
    if !c.details.is_empty() {
        total = rows.iter().map(|&r| interactions(table, r as usize)).sum();
    }
    c.value = Some(total);
    c.n = Some(rows.len() as u64);
    Ok(c)
}

fn explain_social(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let (t, date) = dated(ctx, TableKind::SocialInteractions, "social.date")?;
    let table = &ctx.tables[t];
    Ok(ctx
        .rows(t, date, scope)
        .into_iter()
        .map(|r| {
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
    check_filter(ctx, scope, filter_in(ctx, scope, l.t), TableKind::Leads)?;
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
