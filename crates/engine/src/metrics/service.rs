//! Service metrics of METRICS.md: ticket volume, response and resolution times, SLA,
//! bot containment, contact reasons, help articles and agents.
//!
//! Tickets are placed in time by their creation date (`created_at`, else a generic date).
//! Durations are in hours; when the settings hold a business calendar they count only
//! working time (see [`crate::business_hours`]).

use super::{Computed, Ctx, Def, Need, Scope};
use crate::business_hours::Calendar;
use crate::metrics::common::{
    Verdict, bool_at, calendar, date_at, dated_tables, elapsed_hours, filter_reaches, median_mean,
    number_at, provenance, text_at,
};
use crate::report::{Direction, ProvenanceRow, Unit};
use crate::table::{Role, Table, TableKind, Timestamp};
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};

const TICKETS: &[TableKind] = &[TableKind::Tickets];
const CONVERSATIONS: &[TableKind] = &[TableKind::Tickets, TableKind::Chats];
const NEEDS_TICKETS: &str = "tickets.created";

/// This stage's metrics, in METRICS.md order.
pub static DEFS: &[Def] = &[
    Def {
        id: "service.tickets",
        unit: Unit::Count,
        direction: Direction::Neutral,
        formula: "tickets created in the period (also per channel and per reason)",
        compute: tickets,
        explain: explain_tickets,
        sql: twin!("service.tickets"),
        breakdowns: &[Role::Channel, Role::Reason, Role::Agent],
        series: true,
    },
    Def {
        id: "service.tickets_per_customer",
        unit: Unit::Ratio,
        direction: Direction::LowerIsBetter,
        formula: "tickets with a known customer / distinct customers who opened tickets",
        compute: tickets_per_customer,
        explain: explain_tickets_per_customer,
        sql: twin!("service.tickets_per_customer"),
        breakdowns: &[Role::Channel, Role::Reason],
        series: true,
    },
    Def {
        id: "service.first_response_time",
        unit: Unit::Hours,
        direction: Direction::LowerIsBetter,
        formula: "median of (first response - creation), in hours (business hours when a calendar is set); mean beside it",
        compute: first_response_time,
        explain: explain_first_response_time,
        sql: twin!("service.first_response_time"),
        breakdowns: &[Role::Channel, Role::Agent, Role::Reason],
        series: true,
    },
    Def {
        id: "service.resolution_time",
        unit: Unit::Hours,
        direction: Direction::LowerIsBetter,
        formula: "median of (resolution - creation), in hours (business hours when a calendar is set); mean beside it",
        compute: resolution_time,
        explain: explain_resolution_time,
        sql: twin!("service.resolution_time"),
        breakdowns: &[Role::Channel, Role::Agent, Role::Reason],
        series: true,
    },
    Def {
        id: "service.average_handle_time",
        unit: Unit::Hours,
        direction: Direction::LowerIsBetter,
        formula: "mean agent handling time per ticket, in hours; median beside it",
        compute: average_handle_time,
        explain: explain_average_handle_time,
        sql: twin!("service.average_handle_time"),
        breakdowns: &[Role::Channel, Role::Agent, Role::Reason],
        series: true,
    },
    Def {
        id: "service.bot_containment_rate",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "conversations the bot handled without a transfer to a human / conversations the bot took part in",
        compute: bot_containment_rate,
        explain: explain_bot_containment_rate,
        sql: twin!("service.bot_containment_rate"),
        breakdowns: &[Role::Channel, Role::Reason],
        series: true,
    },
    Def {
        id: "service.sla_compliance_rate",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "tickets whose first response (and resolution, when a target exists) met the SLA target / tickets with a target; target from the SLA-breached flag, else the due date, else the settings",
        compute: sla_compliance_rate,
        explain: explain_sla_compliance_rate,
        sql: twin!("service.sla_compliance_rate"),
        breakdowns: &[Role::Channel, Role::Agent, Role::Reason],
        series: true,
    },
    Def {
        id: "service.top_reasons",
        unit: Unit::Table,
        direction: Direction::Neutral,
        formula: "contact reasons ranked by ticket count (value: number of distinct reasons)",
        compute: top_reasons,
        explain: explain_top_reasons,
        sql: twin!("service.top_reasons"),
        breakdowns: &[],
        series: false,
    },
    Def {
        id: "service.articles_most_viewed",
        unit: Unit::Table,
        direction: Direction::Neutral,
        formula: "help articles ranked by views, most viewed first (value: total views)",
        compute: articles_most_viewed,
        explain: explain_article_views,
        sql: twin!("service.articles_most_viewed"),
        breakdowns: &[],
        series: false,
    },
    Def {
        id: "service.articles_least_viewed",
        unit: Unit::Table,
        direction: Direction::Neutral,
        formula: "help articles ranked by views, least viewed first, including articles with no view in the period (value: total views)",
        compute: articles_least_viewed,
        explain: explain_article_views,
        sql: twin!("service.articles_least_viewed"),
        breakdowns: &[],
        series: false,
    },
    Def {
        id: "service.article_ratings",
        unit: Unit::Rate,
        direction: Direction::HigherIsBetter,
        formula: "helpful votes / votes over all articles (per article in the table, with the mean rating when given)",
        compute: article_ratings,
        explain: explain_article_ratings,
        sql: twin!("service.article_ratings"),
        breakdowns: &[],
        series: true,
    },
    Def {
        id: "service.agent_table",
        unit: Unit::Table,
        direction: Direction::Neutral,
        formula: "per agent: tickets, median first response (h), mean handle time (h), CSAT when surveys link to the agent or ticket (value: number of agents)",
        compute: agent_table,
        explain: explain_agent_table,
        sql: twin!("service.agent_table"),
        breakdowns: &[],
        series: false,
    },
    Def {
        id: "service.agent_activity",
        unit: Unit::Table,
        direction: Direction::Neutral,
        formula: "per agent from shift logs: logged hours, pause hours, contacts, contacts per logged hour, share of successful contacts (value: contacts per logged hour over all agents)",
        compute: agent_activity,
        explain: explain_agent_activity,
        sql: twin!("service.agent_activity"),
        breakdowns: &[],
        series: false,
    },
];

/// Every ticket created in the scope, as `(table, row)`.
fn ticket_rows(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<(usize, u32)>, Need> {
    filter_reaches(ctx, scope, TICKETS)?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, _, role) in dated_tables(ctx, TICKETS) {
        any = true;
        out.extend(ctx.rows(ti, role, scope).into_iter().map(|r| (ti, r)));
    }
    if !any {
        return Err(Need::bare(NEEDS_TICKETS));
    }
    Ok(out)
}

/// `service.tickets` = count of tickets created in the period.
fn tickets(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let rows = ticket_rows(ctx, scope)?;
    Ok(Computed {
        value: Some(rows.len() as f64),
        n: Some(rows.len() as u64),
        ..Computed::default()
    })
}

fn explain_tickets(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let v: Vec<Verdict> = ticket_rows(ctx, scope)?
        .into_iter()
        .map(|(t, r)| Verdict::new(t, r, true, "included: ticket created in the period"))
        .collect();
    Ok(provenance(ctx, &v))
}

fn tickets_per_customer_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    let rows = ticket_rows(ctx, scope)?;
    if !ctx
        .tables_of(TableKind::Tickets)
        .any(|(_, t)| crate::metrics::common::has_customer(t))
    {
        return Err(Need::bare("tickets.customer"));
    }
    let customers = ctx.customers();
    Ok(rows
        .into_iter()
        .map(|(t, r)| {
            let key = customers.keys[t][r as usize];
            if key == super::Customers::NONE {
                Verdict::new(t, r, false, "excluded: no customer id or e-mail")
            } else {
                Verdict::new(t, r, true, "included: ticket of a known customer").with(key as f64)
            }
        })
        .collect())
}

/// `service.tickets_per_customer` = tickets with a known customer / distinct customers among
/// them. Tickets with no customer id or e-mail are left out of both sides (they cannot be
/// attributed, and counting them would inflate the ratio).
fn tickets_per_customer(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let v = tickets_per_customer_verdicts(ctx, scope)?;
    let known: Vec<u64> = v
        .iter()
        .filter(|v| v.included)
        .filter_map(|v| v.value.map(|k| k as u64))
        .collect();
    let distinct: HashSet<u64> = known.iter().copied().collect();
    Ok(Computed {
        value: (!distinct.is_empty()).then(|| known.len() as f64 / distinct.len() as f64),
        n: Some(distinct.len() as u64),
        ..Computed::default()
    }
    .with_detail("tickets", known.len() as f64)
    .with_detail("customers", distinct.len() as f64))
}

fn explain_tickets_per_customer(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let mut v = tickets_per_customer_verdicts(ctx, scope)?;
    for x in &mut v {
        x.value = None; // the customer key is internal
    }
    Ok(provenance(ctx, &v))
}

/// Which service interval a duration measures.
#[derive(Clone, Copy, PartialEq)]
enum Span {
    FirstResponse,
    Resolution,
}

impl Span {
    fn at(self) -> Role {
        match self {
            Span::FirstResponse => Role::FirstResponseAt,
            Span::Resolution => Role::ResolvedAt,
        }
    }
    fn hours(self) -> Role {
        match self {
            Span::FirstResponse => Role::FirstResponseHours,
            Span::Resolution => Role::ResolutionHours,
        }
    }
    fn needs(self) -> &'static str {
        match self {
            Span::FirstResponse => "tickets.first_response",
            Span::Resolution => "tickets.resolution",
        }
    }
}

/// The instant a ticket reached `span` (from the date column, else creation + hours column).
fn span_end(t: &Table, span: Span, row: u32) -> Option<Timestamp> {
    if let Some(at) = date_at(t, span.at(), row) {
        return Some(at);
    }
    let created = date_at(t, Role::CreatedAt, row)?;
    let h = number_at(t, span.hours(), row)?;
    Some(created + (h * 3600.0).round() as i64)
}

/// One ticket's duration for `span`, with the rule that decided it.
fn span_verdict(t: &Table, ti: usize, row: u32, span: Span, cal: Option<&Calendar>) -> Verdict {
    let created = date_at(t, Role::CreatedAt, row);
    let at = date_at(t, span.at(), row);
    let hours = number_at(t, span.hours(), row);
    match (created, at, hours) {
        (Some(c), Some(a), _) if a < c => Verdict::new(
            ti,
            row,
            false,
            match span {
                Span::FirstResponse => "excluded: first response before creation",
                Span::Resolution => "excluded: resolved before creation",
            },
        ),
        (Some(c), Some(a), _) => Verdict::new(
            ti,
            row,
            true,
            if cal.is_some() {
                "included: business hours between the two dates"
            } else {
                "included: hours between the two dates"
            },
        )
        .with(elapsed_hours(cal, c, a)),
        (_, _, Some(h)) if h < 0.0 => Verdict::new(ti, row, false, "excluded: negative duration"),
        (Some(c), _, Some(h)) if cal.is_some() => Verdict::new(
            ti,
            row,
            true,
            "included: duration column, counted in business hours",
        )
        .with(elapsed_hours(cal, c, c + (h * 3600.0).round() as i64)),
        (_, _, Some(h)) => Verdict::new(ti, row, true, "included: duration column").with(h),
        _ => Verdict::new(
            ti,
            row,
            false,
            match span {
                Span::FirstResponse => "excluded: no first response yet",
                Span::Resolution => "excluded: not resolved yet",
            },
        ),
    }
}

fn span_verdicts(ctx: &Ctx<'_>, scope: &Scope, span: Span) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, TICKETS)?;
    let cal = calendar(ctx)?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, TICKETS) {
        let has_dates = t.dates(Role::CreatedAt).is_some() && t.dates(span.at()).is_some();
        if !has_dates && t.numbers(span.hours()).is_none() {
            continue;
        }
        any = true;
        for r in ctx.rows(ti, role, scope) {
            out.push(span_verdict(t, ti, r, span, cal.as_ref()));
        }
    }
    if !any {
        return Err(Need::bare(span.needs()));
    }
    Ok(out)
}

/// Median (value) and mean (detail) of the included verdicts' values, in hours.
fn duration_summary(v: &[Verdict]) -> Computed {
    let mut hours: Vec<f64> = v
        .iter()
        .filter(|v| v.included)
        .filter_map(|v| v.value)
        .collect();
    let n = hours.len() as u64;
    match median_mean(&mut hours) {
        Some((median, mean)) => Computed {
            value: Some(median),
            n: Some(n),
            ..Computed::default()
        }
        .with_detail("median", median)
        .with_detail("mean", mean),
        None => Computed {
            value: None,
            n: Some(0),
            ..Computed::default()
        },
    }
}

/// `service.first_response_time` = median over tickets created in the period of
/// (first_response_at - created_at) in hours, or the first-response hours column; the mean is
/// `details.mean`. With a business calendar only working time counts. Tickets with no first
/// response yet are excluded (not counted as 0).
fn first_response_time(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    Ok(duration_summary(&span_verdicts(
        ctx,
        scope,
        Span::FirstResponse,
    )?))
}

fn explain_first_response_time(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(
        ctx,
        &span_verdicts(ctx, scope, Span::FirstResponse)?,
    ))
}

/// `service.resolution_time` = median over tickets created in the period of
/// (resolved_at - created_at) in hours, or the resolution hours column; mean in
/// `details.mean`; business hours when a calendar is set; unresolved tickets excluded.
fn resolution_time(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    Ok(duration_summary(&span_verdicts(
        ctx,
        scope,
        Span::Resolution,
    )?))
}

fn explain_resolution_time(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(
        ctx,
        &span_verdicts(ctx, scope, Span::Resolution)?,
    ))
}

fn handle_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, TICKETS)?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, TICKETS) {
        if t.numbers(Role::HandleHours).is_none() {
            continue;
        }
        any = true;
        for r in ctx.rows(ti, role, scope) {
            out.push(match number_at(t, Role::HandleHours, r) {
                Some(h) if h >= 0.0 => {
                    Verdict::new(ti, r, true, "included: handle time given").with(h)
                }
                Some(_) => Verdict::new(ti, r, false, "excluded: negative handle time"),
                None => Verdict::new(ti, r, false, "excluded: no handle time"),
            });
        }
    }
    if !any {
        return Err(Need::bare("tickets.handle_time"));
    }
    Ok(out)
}

/// `service.average_handle_time` = mean of the handle-time column (hours) over tickets
/// created in the period; the median is `details.median`. Rows with no handle time are
/// excluded.
fn average_handle_time(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let v = handle_verdicts(ctx, scope)?;
    let mut c = duration_summary(&v);
    c.value = c.details.get("mean").copied();
    Ok(c)
}

fn explain_average_handle_time(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &handle_verdicts(ctx, scope)?))
}

fn bot_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, CONVERSATIONS)?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, CONVERSATIONS) {
        if t.bools(Role::BotHandled).is_none() || t.bools(Role::Transferred).is_none() {
            continue;
        }
        any = true;
        for r in ctx.rows(ti, role, scope) {
            out.push(
                match (
                    bool_at(t, Role::BotHandled, r),
                    bool_at(t, Role::Transferred, r),
                ) {
                    (Some(true), Some(false)) => {
                        Verdict::new(ti, r, true, "included: contained by the bot").with(1.0)
                    }
                    (Some(true), Some(true)) => {
                        Verdict::new(ti, r, true, "included: bot transferred to a human").with(0.0)
                    }
                    (Some(true), None) => {
                        Verdict::new(ti, r, false, "excluded: transfer flag empty")
                    }
                    _ => Verdict::new(ti, r, false, "excluded: the bot did not take part"),
                },
            );
        }
    }
    if !any {
        return Err(Need::bare("tickets.bot"));
    }
    Ok(out)
}

/// `service.bot_containment_rate` = conversations with the bot flag set and the transfer flag
/// unset / conversations with the bot flag set (both flags known).
fn bot_containment_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let v = bot_verdicts(ctx, scope)?;
    let n = v.iter().filter(|v| v.included).count() as u64;
    let contained = v
        .iter()
        .filter(|v| v.included && v.value == Some(1.0))
        .count() as u64;
    Ok(Computed::proportion(contained, n))
}

fn explain_bot_containment_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &bot_verdicts(ctx, scope)?))
}

/// The latest instant seen in a tickets table: "now" for tickets still waiting.
fn table_now(t: &Table) -> Option<Timestamp> {
    [
        Role::CreatedAt,
        Role::FirstResponseAt,
        Role::ResolvedAt,
        Role::Date,
    ]
    .iter()
    .filter_map(|r| t.dates(*r))
    .flat_map(|d| d.iter().flatten())
    .max()
}

/// One ticket's SLA verdict, value 1 = met, 0 = missed.
fn sla_verdict(
    ctx: &Ctx<'_>,
    t: &Table,
    ti: usize,
    r: u32,
    cal: Option<&Calendar>,
    now: Timestamp,
) -> Verdict {
    let met = |ok: bool, yes: &'static str, no: &'static str| {
        Verdict::new(ti, r, true, if ok { yes } else { no }).with(if ok { 1.0 } else { 0.0 })
    };
    if let Some(b) = bool_at(t, Role::SlaBreached, r) {
        return met(
            !b,
            "included: SLA met (breached flag no)",
            "included: SLA missed (breached flag yes)",
        );
    }
    if let Some(due) = date_at(t, Role::SlaDue, r) {
        return match span_end(t, Span::FirstResponse, r) {
            Some(at) => met(
                at <= due,
                "included: first response by the due date",
                "included: first response after the due date",
            ),
            None if now > due => met(
                false,
                "",
                "included: no first response and the due date has passed",
            ),
            None => Verdict::new(
                ti,
                r,
                false,
                "excluded: no first response yet, due date not reached",
            ),
        };
    }
    let Some(created) = date_at(t, Role::CreatedAt, r) else {
        return Verdict::new(ti, r, false, "excluded: no creation date to measure from");
    };
    let sla = &ctx.settings.sla;
    let checks = [
        (Span::FirstResponse, Some(sla.first_response_hours)),
        (Span::Resolution, sla.resolution_hours),
    ];
    for (span, target) in checks {
        let Some(target) = target else { continue };
        match span_end(t, span, r) {
            Some(at) if at < created => {
                return Verdict::new(ti, r, false, "excluded: service date before creation");
            }
            Some(at) => {
                if elapsed_hours(cal, created, at) > target {
                    return met(
                        false,
                        "",
                        match span {
                            Span::FirstResponse => {
                                "included: first response slower than the SLA target"
                            }
                            Span::Resolution => "included: resolution slower than the SLA target",
                        },
                    );
                }
            }
            None if elapsed_hours(cal, created, now) > target => {
                return met(
                    false,
                    "",
                    match span {
                        Span::FirstResponse => {
                            "included: no first response and the SLA target has passed"
                        }
                        Span::Resolution => "included: unresolved and the SLA target has passed",
                    },
                );
            }
            None => {
                return Verdict::new(ti, r, false, "excluded: still open within the SLA target");
            }
        }
    }
    met(true, "included: within the SLA target", "")
}

fn sla_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, TICKETS)?;
    let cal = calendar(ctx)?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, TICKETS) {
        let measurable = t.bools(Role::SlaBreached).is_some()
            || t.dates(Role::SlaDue).is_some()
            || (t.dates(Role::CreatedAt).is_some()
                && (t.dates(Role::FirstResponseAt).is_some()
                    || t.numbers(Role::FirstResponseHours).is_some()));
        if !measurable {
            continue;
        }
        any = true;
        let now = table_now(t).unwrap_or(scope.range.end);
        for r in ctx.rows(ti, role, scope) {
            out.push(sla_verdict(ctx, t, ti, r, cal.as_ref(), now));
        }
    }
    if !any {
        return Err(Need::bare("tickets.sla"));
    }
    Ok(out)
}

/// `service.sla_compliance_rate` = tickets that met their SLA / tickets with a target.
/// Per ticket, the target comes from (1) the SLA-breached flag, (2) the SLA due date, compared
/// with the first response, (3) the settings: first response within
/// `sla.first_response_hours` and, when `sla.resolution_hours` is set, resolution within it
/// (business hours when a calendar is set). A ticket still waiting counts as missed once its
/// target has passed at the file's latest date, and is excluded before that.
fn sla_compliance_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let v = sla_verdicts(ctx, scope)?;
    let n = v.iter().filter(|v| v.included).count() as u64;
    let met = v
        .iter()
        .filter(|v| v.included && v.value == Some(1.0))
        .count() as u64;
    Ok(Computed::proportion(met, n))
}

fn explain_sla_compliance_rate(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &sla_verdicts(ctx, scope)?))
}

fn reason_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, TICKETS)?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, TICKETS) {
        if t.text(Role::Reason).is_none() {
            continue;
        }
        any = true;
        for r in ctx.rows(ti, role, scope) {
            out.push(if text_at(t, Role::Reason, r).is_some() {
                Verdict::new(ti, r, true, "included: ticket with a reason")
            } else {
                Verdict::new(ti, r, false, "excluded: no reason given")
            });
        }
    }
    if !any {
        return Err(Need::bare("tickets.reason"));
    }
    Ok(out)
}

/// Rows of `(key, count)` sorted by count descending, then key.
fn ranked(counts: HashMap<String, f64>) -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = counts.into_iter().collect();
    crate::stats::stable_sort_by(&mut v, |a, b| {
        b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0))
    });
    v
}

/// `service.top_reasons` = contact reasons ranked by the number of tickets created in the
/// period with that reason, with each reason's share of the tickets that have a reason.
/// Value: the number of distinct reasons; the ranking is in `table`.
fn top_reasons(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let v = reason_verdicts(ctx, scope)?;
    let mut counts: HashMap<String, f64> = HashMap::new();
    let mut total = 0.0;
    for x in v.iter().filter(|v| v.included) {
        if let Some(reason) = ctx
            .tables
            .get(x.table)
            .and_then(|t| text_at(t, Role::Reason, x.row))
        {
            *counts.entry(reason.to_string()).or_default() += 1.0;
            total += 1.0;
        }
    }
    let rows = ranked(counts);
    let table: Vec<_> = rows
        .iter()
        .map(|(reason, n)| json!({"reason": reason, "tickets": n, "share": n / total}))
        .collect();
    Ok(Computed {
        value: Some(rows.len() as f64),
        n: Some(total as u64),
        table: Some(json!(table)),
        ..Computed::default()
    })
}

fn explain_top_reasons(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &reason_verdicts(ctx, scope)?))
}

fn article_tables<'a>(ctx: &'a Ctx<'a>) -> impl Iterator<Item = (usize, &'a Table, Role)> + 'a {
    dated_tables(ctx, &[TableKind::ArticleViews])
        .filter(|(_, t, _)| t.text(Role::Article).is_some())
}

fn view_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, &[TableKind::ArticleViews])?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in article_tables(ctx) {
        any = true;
        let has_views = t.numbers(Role::Views).is_some();
        for r in ctx.rows(ti, role, scope) {
            out.push(match (text_at(t, Role::Article, r), has_views) {
                (None, _) => Verdict::new(ti, r, false, "excluded: no article named"),
                (Some(_), true) => match number_at(t, Role::Views, r) {
                    Some(v) if v >= 0.0 => {
                        Verdict::new(ti, r, true, "included: views column").with(v)
                    }
                    _ => Verdict::new(ti, r, false, "excluded: views empty or negative"),
                },
                (Some(_), false) => {
                    Verdict::new(ti, r, true, "included: one view per row").with(1.0)
                }
            });
        }
    }
    if !any {
        return Err(Need::bare("articles.views"));
    }
    Ok(out)
}

/// Views per article in the scope, including every article the files name (0 views when
/// none fall in the scope), ranked most viewed first.
fn article_views(ctx: &Ctx<'_>, scope: &Scope) -> Result<(Vec<(String, f64)>, f64), Need> {
    let v = view_verdicts(ctx, scope)?;
    // Articles numbered per dictionary code (one string per article, not per row); views
    // are added per article in the verdicts' order, as they were per name.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut names: Vec<&str> = Vec::new();
    let mut counts: Vec<Option<f64>> = Vec::new();
    let mut of_code: Vec<Option<(&crate::table::TextValues, Vec<usize>)>> =
        vec![None; ctx.tables.len()];
    for (ti, t, _) in article_tables(ctx) {
        let Some(col) = t.text(Role::Article) else {
            continue;
        };
        let numbers: Vec<usize> = col
            .dict
            .iter()
            .map(|a| {
                *index.entry(a).or_insert_with(|| {
                    names.push(a);
                    counts.push(None);
                    names.len() - 1
                })
            })
            .collect();
        // Every article of the scope's rows is listed, viewed or not.
        for r in ctx.all_rows(ti, scope) {
            if let Some(&i) = col
                .codes
                .get(r as usize)
                .and_then(|&c| numbers.get(c as usize))
            {
                counts[i].get_or_insert(0.0);
            }
        }
        of_code[ti] = Some((col, numbers));
    }
    let mut total = 0.0;
    for x in v.iter().filter(|v| v.included) {
        let article = of_code
            .get(x.table)
            .and_then(Option::as_ref)
            .and_then(|(col, numbers)| numbers.get(*col.codes.get(x.row as usize)? as usize));
        if let (Some(&i), Some(views)) = (article, x.value) {
            *counts[i].get_or_insert(0.0) += views;
            total += views;
        }
    }
    let counts: HashMap<String, f64> = names
        .iter()
        .zip(counts)
        .filter_map(|(name, c)| Some((name.to_string(), c?)))
        .collect();
    Ok((ranked(counts), total))
}

/// How many articles the view rankings list.
const TOP_ARTICLES: usize = 10;

/// `service.articles_most_viewed` = the 10 articles with the most views in the period
/// (views column summed, else one view per row). Value: total views.
fn articles_most_viewed(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (rows, total) = article_views(ctx, scope)?;
    let table: Vec<_> = rows
        .iter()
        .take(TOP_ARTICLES)
        .map(|(a, v)| json!({"article": a, "views": v}))
        .collect();
    Ok(Computed {
        value: Some(total),
        n: Some(rows.len() as u64),
        table: Some(json!(table)),
        ..Computed::default()
    })
}

/// `service.articles_least_viewed` = the 10 articles with the fewest views in the period,
/// fewest first; articles that exist in the files but had no view in the period come first
/// with 0. Value: total views.
fn articles_least_viewed(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (mut rows, total) = article_views(ctx, scope)?;
    crate::stats::stable_sort_by(&mut rows, |a, b| {
        a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0))
    });
    let table: Vec<_> = rows
        .iter()
        .take(TOP_ARTICLES)
        .map(|(a, v)| json!({"article": a, "views": v}))
        .collect();
    Ok(Computed {
        value: Some(total),
        n: Some(rows.len() as u64),
        table: Some(json!(table)),
        ..Computed::default()
    })
}

fn explain_article_views(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &view_verdicts(ctx, scope)?))
}

fn rating_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, &[TableKind::ArticleViews])?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in article_tables(ctx) {
        if t.bools(Role::Helpful).is_none() && t.numbers(Role::Rating).is_none() {
            continue;
        }
        any = true;
        for r in ctx.rows(ti, role, scope) {
            let helpful = bool_at(t, Role::Helpful, r);
            let rating = number_at(t, Role::Rating, r);
            out.push(match (text_at(t, Role::Article, r), helpful, rating) {
                (None, _, _) => Verdict::new(ti, r, false, "excluded: no article named"),
                (Some(_), Some(true), _) => {
                    Verdict::new(ti, r, true, "included: helpful vote").with(1.0)
                }
                (Some(_), Some(false), _) => {
                    Verdict::new(ti, r, true, "included: not-helpful vote").with(0.0)
                }
                (Some(_), None, Some(_)) => {
                    Verdict::new(ti, r, true, "included: rating only (no vote)")
                }
                (Some(_), None, None) => {
                    Verdict::new(ti, r, false, "excluded: no vote and no rating")
                }
            });
        }
    }
    if !any {
        return Err(Need::bare("articles.votes"));
    }
    Ok(out)
}

/// `service.article_ratings` = helpful votes / votes over all articles in the period (value,
/// with a Wilson interval); the table gives per article: votes, helpful share, ratings and
/// mean rating (when a rating column exists), sorted by votes.
fn article_ratings(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let v = rating_verdicts(ctx, scope)?;
    #[derive(Default)]
    struct Acc {
        votes: u64,
        helpful: u64,
        ratings: Vec<f64>,
    }
    let mut per: BTreeMap<String, Acc> = BTreeMap::new();
    let (mut votes, mut helpful) = (0u64, 0u64);
    let mut all_ratings = Vec::new();
    for x in v.iter().filter(|v| v.included) {
        let Some(t) = ctx.tables.get(x.table) else {
            continue;
        };
        let Some(name) = text_at(t, Role::Article, x.row) else {
            continue;
        };
        let acc = per.entry(name.to_string()).or_default();
        if let Some(h) = x.value {
            acc.votes += 1;
            votes += 1;
            if h == 1.0 {
                acc.helpful += 1;
                helpful += 1;
            }
        }
        if let Some(rt) = number_at(t, Role::Rating, x.row) {
            acc.ratings.push(rt);
            all_ratings.push(rt);
        }
    }
    let mut rows: Vec<(String, Acc)> = per.into_iter().collect();
    crate::stats::stable_sort_by(&mut rows, |a, b| {
        b.1.votes.cmp(&a.1.votes).then_with(|| a.0.cmp(&b.0))
    });
    let table: Vec<_> = rows
        .iter()
        .map(|(a, acc)| {
            json!({
                "article": a,
                "votes": acc.votes,
                "helpful_share": (acc.votes > 0).then(|| acc.helpful as f64 / acc.votes as f64),
                "ratings": acc.ratings.len(),
                "mean_rating": crate::stats::mean(&acc.ratings),
            })
        })
        .collect();
    let mut c = if votes > 0 {
        Computed::proportion(helpful, votes)
    } else {
        Computed::value(None)
    };
    c.table = Some(json!(table));
    if let Some((m, sd)) = crate::stats::mean_sd(&all_ratings) {
        c = c
            .with_detail("mean_rating", m)
            .with_detail("ratings", all_ratings.len() as f64);
        if votes == 0 {
            // No votes: the ratings are the only sample, reported in details only.
            c.details.insert("rating_sd".into(), sd);
        }
    }
    Ok(c.with_detail("votes", votes as f64))
}

fn explain_article_ratings(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &rating_verdicts(ctx, scope)?))
}

fn agent_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, TICKETS)?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, TICKETS) {
        if t.text(Role::Agent).is_none() {
            continue;
        }
        any = true;
        for r in ctx.rows(ti, role, scope) {
            out.push(if text_at(t, Role::Agent, r).is_some() {
                Verdict::new(ti, r, true, "included: ticket assigned to an agent")
            } else {
                Verdict::new(ti, r, false, "excluded: no agent assigned")
            });
        }
    }
    if !any {
        return Err(Need::bare("tickets.agent"));
    }
    Ok(out)
}

/// CSAT answers per agent in the scope: `(satisfied, answers)`. A survey row is attributed to
/// an agent by its own agent column, else through its ticket id to the ticket's agent.
fn csat_by_agent(ctx: &Ctx<'_>, scope: &Scope) -> HashMap<String, (u64, u64)> {
    let mut ticket_agent: HashMap<&str, &str> = HashMap::new();
    for (_, t) in ctx.tables_of(TableKind::Tickets) {
        if let (Some(ids), Some(agents)) = (t.text(Role::TicketId), t.text(Role::Agent)) {
            for r in 0..t.rows() {
                if let (Some(id), Some(a)) = (ids.get(r), agents.get(r)) {
                    ticket_agent.insert(id, a);
                }
            }
        }
    }
    let mut out: HashMap<String, (u64, u64)> = HashMap::new();
    let Ok(answers) = super::loyalty::answers::answers(ctx, scope, crate::table::SurveyKind::Csat)
    else {
        return out;
    };
    for a in answers.iter().filter(|a| a.verdict.included) {
        let Some(t) = ctx.tables.get(a.verdict.table) else {
            continue;
        };
        let row = a.verdict.row;
        let agent = text_at(t, Role::Agent, row).or_else(|| {
            text_at(t, Role::TicketId, row).and_then(|id| ticket_agent.get(id).copied())
        });
        if let Some(agent) = agent {
            let e = out.entry(agent.to_string()).or_default();
            e.1 += 1;
            if a.satisfied(ctx) {
                e.0 += 1;
            }
        }
    }
    out
}

/// `service.agent_table` = per agent, over tickets created in the period: tickets, median
/// first response (hours, business hours when a calendar is set), mean handle time (hours),
/// and CSAT (share satisfied, with answers) when surveys name the agent or the ticket.
/// Sorted by tickets. Value: number of agents.
fn agent_table(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let v = agent_verdicts(ctx, scope)?;
    let cal = calendar(ctx)?;
    #[derive(Default)]
    struct Acc {
        tickets: u64,
        first_response: Vec<f64>,
        handle: Vec<f64>,
    }
    let mut per: HashMap<String, Acc> = HashMap::new();
    for x in v.iter().filter(|v| v.included) {
        let Some(t) = ctx.tables.get(x.table) else {
            continue;
        };
        let Some(agent) = text_at(t, Role::Agent, x.row) else {
            continue;
        };
        let acc = per.entry(agent.to_string()).or_default();
        acc.tickets += 1;
        let fr = span_verdict(t, x.table, x.row, Span::FirstResponse, cal.as_ref());
        if let (true, Some(h)) = (fr.included, fr.value) {
            acc.first_response.push(h);
        }
        if let Some(h) = number_at(t, Role::HandleHours, x.row).filter(|h| *h >= 0.0) {
            acc.handle.push(h);
        }
    }
    let csat = csat_by_agent(ctx, scope);
    let mut rows: Vec<(String, Acc)> = per.into_iter().collect();
    crate::stats::stable_sort_by(&mut rows, |a, b| {
        b.1.tickets.cmp(&a.1.tickets).then_with(|| a.0.cmp(&b.0))
    });
    let table: Vec<_> = rows
        .iter_mut()
        .map(|(agent, acc)| {
            let (sat, answers) = csat.get(agent.as_str()).copied().unwrap_or((0, 0));
            json!({
                "agent": agent,
                "tickets": acc.tickets,
                "median_first_response_hours": crate::stats::median(&mut acc.first_response),
                "mean_handle_hours": crate::stats::mean(&acc.handle),
                "csat": (answers > 0).then(|| sat as f64 / answers as f64),
                "csat_answers": answers,
            })
        })
        .collect();
    Ok(Computed {
        value: Some(rows.len() as f64),
        n: Some(v.iter().filter(|v| v.included).count() as u64),
        table: Some(json!(table)),
        ..Computed::default()
    })
}

fn explain_agent_table(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &agent_verdicts(ctx, scope)?))
}

/// Logged hours of one shift row: the hours column, else end - start.
fn logged_hours(t: &Table, r: u32) -> Option<f64> {
    number_at(t, Role::LoggedHours, r).or_else(|| {
        let s = date_at(t, Role::StartedAt, r)?;
        let e = date_at(t, Role::EndedAt, r)?;
        (e >= s).then(|| (e - s) as f64 / 3600.0)
    })
}

fn shift_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, &[TableKind::AgentShifts, TableKind::Tickets])?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, &[TableKind::AgentShifts]) {
        let hours = t.numbers(Role::LoggedHours).is_some()
            || (t.dates(Role::StartedAt).is_some() && t.dates(Role::EndedAt).is_some());
        if t.text(Role::Agent).is_none() || !hours {
            continue;
        }
        any = true;
        for r in ctx.rows(ti, role, scope) {
            out.push(match (text_at(t, Role::Agent, r), logged_hours(t, r)) {
                (None, _) => Verdict::new(ti, r, false, "excluded: no agent named"),
                (Some(_), None) => {
                    Verdict::new(ti, r, false, "excluded: no logged time on this shift")
                }
                (Some(_), Some(h)) if h < 0.0 => {
                    Verdict::new(ti, r, false, "excluded: negative logged time")
                }
                (Some(_), Some(h)) => Verdict::new(ti, r, true, "included: agent shift").with(h),
            });
        }
    }
    if !any {
        return Err(Need::bare("shifts.hours"));
    }
    Ok(out)
}

/// `service.agent_activity` = per agent from shift logs in the period: logged hours, pause
/// hours, contacts handled (the shift's contacts column, else tickets created in the period
/// assigned to the agent), contacts per logged hour, and successful contacts / contacts (when
/// a successful-contacts column exists). Value: all contacts / all logged hours.
fn agent_activity(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let v = shift_verdicts(ctx, scope)?;
    #[derive(Default)]
    struct Acc {
        logged: f64,
        pause: f64,
        contacts: f64,
        successful: Option<f64>,
    }
    let mut per: BTreeMap<String, Acc> = BTreeMap::new();
    let mut shifts_count_contacts = false;
    for x in v.iter().filter(|v| v.included) {
        let Some(t) = ctx.tables.get(x.table) else {
            continue;
        };
        let Some(agent) = text_at(t, Role::Agent, x.row) else {
            continue;
        };
        let acc = per.entry(agent.to_string()).or_default();
        acc.logged += x.value.unwrap_or(0.0);
        acc.pause += number_at(t, Role::PauseHours, x.row).unwrap_or(0.0);
        if t.numbers(Role::ContactsHandled).is_some() {
            shifts_count_contacts = true;
            acc.contacts += number_at(t, Role::ContactsHandled, x.row).unwrap_or(0.0);
        }
        if let Some(s) = number_at(t, Role::SuccessfulContacts, x.row) {
            *acc.successful.get_or_insert(0.0) += s;
        }
    }
    if !shifts_count_contacts {
        // Contacts from the tickets each agent handled in the period.
        for (ti, t, role) in dated_tables(ctx, TICKETS) {
            for r in ctx.rows(ti, role, scope) {
                if let Some(acc) = text_at(t, Role::Agent, r).and_then(|a| per.get_mut(a)) {
                    acc.contacts += 1.0;
                }
            }
        }
    }
    let (logged, contacts): (f64, f64) = per
        .values()
        .fold((0.0, 0.0), |(l, c), a| (l + a.logged, c + a.contacts));
    let table: Vec<_> = per
        .iter()
        .map(|(agent, a)| {
            json!({
                "agent": agent,
                "logged_hours": a.logged,
                "pause_hours": a.pause,
                "contacts": a.contacts,
                "contacts_per_logged_hour": (a.logged > 0.0).then(|| a.contacts / a.logged),
                "successful_share": a.successful.filter(|_| a.contacts > 0.0).map(|s| s / a.contacts),
            })
        })
        .collect();
    Ok(Computed {
        value: (logged > 0.0).then(|| contacts / logged),
        n: Some(per.len() as u64),
        table: Some(json!(table)),
        ..Computed::default()
    }
    .with_detail("logged_hours", logged)
    .with_detail("contacts", contacts))
}

fn explain_agent_activity(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &shift_verdicts(ctx, scope)?))
}

#[cfg(test)]
mod tests;
