//! `journey.customers`: one profile per customer across every file, and one customer's
//! timeline (every row of every file that is theirs, in time order).

use crate::error::EngineError;
use crate::metrics::common::{
    date_at, has_customer, number_at, provenance_row, table_date, text_at,
};
use crate::metrics::loyalty::answers::answers;
use crate::metrics::sales::prep::Orders;
use crate::metrics::{Computed, Ctx, Customers, Need, Scope};
use crate::period::{DateRange, Query, ts_to_date};
use crate::report::{Explanation, ProvenanceRow, Stage, TimelineStep};
use crate::settings::Settings;
use crate::table::{Dict, PackedOption, Role, Status, SurveyKind, Table, TableKind, Timestamp};
use std::rc::Rc;

/// The journey stage a file's rows belong to (the timeline's colour).
pub fn stage_of(kind: TableKind) -> Stage {
    match kind {
        TableKind::Leads
        | TableKind::Sessions
        | TableKind::Chats
        | TableKind::SocialInteractions
        | TableKind::MarketingSpend => Stage::Attraction,
        TableKind::Orders | TableKind::Subscriptions => Stage::Sales,
        TableKind::Tickets | TableKind::ArticleViews | TableKind::AgentShifts => Stage::Service,
        _ => Stage::Loyalty,
    }
}

/// The journey stage of a file about customers' own steps; `None` for files that are not
/// (spend, agent shifts, the employee survey, unknown kinds). The funnel, flow and first-seen
/// dates read only these.
pub fn journey_stage(kind: TableKind) -> Option<Stage> {
    match kind {
        TableKind::Leads
        | TableKind::Sessions
        | TableKind::Chats
        | TableKind::SocialInteractions => Some(Stage::Attraction),
        TableKind::Orders | TableKind::Subscriptions => Some(Stage::Sales),
        TableKind::Tickets | TableKind::ArticleViews => Some(Stage::Service),
        TableKind::SurveyResponses | TableKind::Reviews | TableKind::Events => Some(Stage::Loyalty),
        _ => None,
    }
}

/// The id of a stage (`sales`).
pub fn stage_id(stage: Stage) -> &'static str {
    match stage {
        Stage::Attraction => "attraction",
        Stage::Sales => "sales",
        Stage::Service => "service",
        Stage::Loyalty => "loyalty",
        Stage::Journey => "journey",
    }
}

/// The stages of the journey funnel a customer can reach, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Attraction,
    Sales,
    Repeat,
    Loyalty,
}

impl Step {
    pub fn id(self) -> &'static str {
        match self {
            Step::Attraction => "attraction",
            Step::Sales => "sales",
            Step::Repeat => "repeat",
            Step::Loyalty => "loyalty",
        }
    }
}

/// Each customer key's name: the first customer id seen (files, then rows, in order), else
/// the first normalised e-mail. Built once per `analyze` call, as one [`Dict`] (a `String`
/// per customer, and two while built, were about 60 bytes each on top of the text).
pub fn labels(ctx: &Ctx<'_>) -> Rc<Dict> {
    ctx.memo("journey.labels", || {
        let customers = ctx.customers();
        let count = customers.count as usize;
        // The first (table, row) of each key with a customer id, and with an e-mail.
        let mut by_id: Vec<Option<(u32, u32)>> = vec![None; count];
        let mut by_email: Vec<Option<(u32, u32)>> = vec![None; count];
        for (t, table) in ctx.tables.iter().enumerate() {
            for (role, out) in [(Role::CustomerId, &mut by_id), (Role::Email, &mut by_email)] {
                let Some(col) = table.text(role) else {
                    continue;
                };
                for (row, &key) in customers.keys[t].iter().enumerate() {
                    if let Some(slot) = out.get_mut(key as usize)
                        && slot.is_none()
                        && col.get(row).is_some_and(|v| !v.trim().is_empty())
                    {
                        *slot = Some((t as u32, row as u32));
                    }
                }
            }
        }
        let cell = |at: Option<(u32, u32)>, role: Role| {
            let (t, row) = at?;
            text_at(ctx.tables.get(t as usize)?, role, row).map(str::trim)
        };
        let mut names = Dict::new();
        for (id, email) in by_id.into_iter().zip(by_email) {
            match cell(id, Role::CustomerId) {
                Some(id) => names.push(id),
                None => names.push(
                    &cell(email, Role::Email)
                        .map(str::to_lowercase)
                        .unwrap_or_default(),
                ),
            }
        }
        names.shrink_to_fit();
        names
    })
}

/// One customer across every file (METRICS.md `journey.customers`). Dates are the data's
/// wall clock; money is in the orders' main currency. Engagement, health, P(alive) and
/// predicted CLV come from their own metrics ([`ProfileScores`]), built only for the
/// report's table and the CSV. Its customer's name is [`labels`]`[key]` (not copied here:
/// a String per customer, issue 16); its e-mail is where it was read ([`Profile::email`]),
/// and optional dates and figures are 8-byte [`PackedOption`]s (a 1M-row sample has half a million
/// profiles).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    /// (table, row) of the e-mail cell the profile takes (the first one read).
    pub email_at: Option<(u32, u32)>,
    /// The earliest dated row of the files with a journey stage ([`journey_stage`]).
    pub first_seen: PackedOption<Timestamp>,
    /// The earliest lead's source (else channel), else the first completed order's channel
    /// (else source), else the first session's source.
    /// Its cell ([`Profile::acquisition_source`] reads it): a word per customer was a
    /// `String` each.
    pub acquisition: Option<SourceCell>,
    pub stage_reached: Option<Step>,
    pub lead_date: PackedOption<Timestamp>,
    pub first_order: PackedOption<Timestamp>,
    pub last_order: PackedOption<Timestamp>,
    /// Completed orders.
    pub orders: u64,
    pub revenue: f64,
    pub tickets: u64,
    /// Median hours from a ticket's creation to its first response (calendar hours).
    pub median_first_response_hours: PackedOption<f64>,
    pub last_nps: PackedOption<f64>,
    pub last_csat: PackedOption<f64>,
    pub last_ces: PackedOption<f64>,
    /// Whether an NPS answer was 9-10, or a lead or order names referral as source/channel or
    /// has a referrer (the funnel's loyalty step).
    pub promoter_or_referral: bool,
    /// A session, lead, chat or social row (the funnel's attraction step).
    pub attracted: bool,
    /// Dates of the first lead/visit, second completed order, first ticket and first survey
    /// answer (for the time between stages).
    pub first_visit_or_lead: PackedOption<Timestamp>,
    pub second_order: PackedOption<Timestamp>,
    pub first_ticket: PackedOption<Timestamp>,
    pub first_answer: PackedOption<Timestamp>,
    /// A subscription renewal (the funnel's repeat step beside a second order):
    /// [`super::stages::renewals_into`].
    pub renewed: bool,
}

/// The cell holding a profile's acquisition source: file, row and column role.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SourceCell {
    pub table: u32,
    pub row: u32,
    pub role: Role,
}

impl SourceCell {
    /// The first of `roles` with a value in row `row` of file `t`.
    fn first(tables: &[Table], t: usize, row: u32, roles: [Role; 2]) -> Option<SourceCell> {
        let table = tables.get(t)?;
        let role = roles
            .into_iter()
            .find(|&role| text_at(table, role, row).is_some())?;
        Some(SourceCell {
            table: u32::try_from(t).ok()?,
            row,
            role,
        })
    }
}

impl Profile {
    /// The acquisition source's word, read from its cell.
    pub fn acquisition_source<'t>(&self, tables: &'t [Table]) -> Option<&'t str> {
        let c = self.acquisition?;
        text_at(tables.get(c.table as usize)?, c.role, c.row)
    }

    /// The customer's e-mail, lower-cased, as first read.
    pub fn email(&self, tables: &[Table]) -> Option<String> {
        let (t, row) = self.email_at?;
        let e = text_at(tables.get(t as usize)?, Role::Email, row)?;
        Some(e.trim().to_lowercase())
    }
}

fn min_opt(slot: &mut PackedOption<Timestamp>, d: Timestamp) {
    slot.set(Some(slot.get().map_or(d, |s| s.min(d))));
}

/// Which rows of a table name referral: its source or channel word (folded) contains
/// "referr" or "indica", or its referrer cell is filled. Words are classified once per
/// dictionary entry, not per row.
struct Referral<'t> {
    words: Vec<(&'t crate::table::TextValues, Vec<bool>)>,
    referrer: Option<&'t crate::table::TextValues>,
}

impl<'t> Referral<'t> {
    fn of(t: &'t Table) -> Referral<'t> {
        let words = [Role::Source, Role::Channel]
            .into_iter()
            .filter_map(|r| t.text(r))
            .map(|c| {
                let yes = c
                    .dict
                    .iter()
                    .map(|w| {
                        let w = crate::ingest::values::fold(w);
                        w.contains("referr") || w.contains("indica")
                    })
                    .collect();
                (c, yes)
            })
            .collect();
        Referral {
            words,
            referrer: t.text(Role::Referrer),
        }
    }

    fn at(&self, row: u32) -> bool {
        let row = row as usize;
        self.words.iter().any(|(c, yes)| {
            c.codes
                .get(row)
                .and_then(|&code| yes.get(code as usize))
                .copied()
                .unwrap_or(false)
        }) || self
            .referrer
            .and_then(|c| c.get(row))
            .is_some_and(|r| !r.trim().is_empty())
    }
}

/// Every customer's profile, indexed by customer key, over all the data whatever the range
/// (a profile is the customer's whole story). Built once per `analyze` call.
pub fn profiles(ctx: &Ctx<'_>) -> Rc<Vec<Profile>> {
    ctx.memo("journey.profiles", || {
        let customers = ctx.customers();
        let mut out: Vec<Profile> = vec![Profile::default(); customers.count as usize];
        let mut first_response: Vec<Vec<f64>> = vec![Vec::new(); out.len()];
        // The earliest lead and session of each customer: (date, table, row), read for their
        // source once all rows are seen.
        let mut lead_seen: Vec<Option<(Timestamp, usize, u32)>> = vec![None; out.len()];
        let mut session_source: Vec<Option<(Timestamp, usize, u32)>> = vec![None; out.len()];
        for (t, table) in ctx.tables.iter().enumerate() {
            let date = table_date(table).filter(|_| journey_stage(table.kind).is_some());
            let emails = table.text(Role::Email);
            let referral = Referral::of(table);
            for (row, &key) in customers.keys[t].iter().enumerate() {
                let Some(p) = out.get_mut(key as usize) else {
                    continue;
                };
                let r = row as u32;
                if p.email_at.is_none() && emails.and_then(|c| c.get(row)).is_some() {
                    p.email_at = Some((t as u32, r));
                }
                let d = date.and_then(|role| date_at(table, role, r));
                if let Some(d) = d {
                    min_opt(&mut p.first_seen, d);
                }
                match table.kind {
                    TableKind::Leads
                    | TableKind::Sessions
                    | TableKind::Chats
                    | TableKind::SocialInteractions => {
                        p.attracted = true;
                        if let Some(d) = d {
                            min_opt(&mut p.first_visit_or_lead, d);
                        }
                        let slot = match table.kind {
                            TableKind::Leads => {
                                if let Some(d) = d {
                                    min_opt(&mut p.lead_date, d);
                                }
                                p.promoter_or_referral |= referral.at(r);
                                &mut lead_seen[key as usize]
                            }
                            TableKind::Sessions => &mut session_source[key as usize],
                            _ => continue,
                        };
                        let d = d.unwrap_or(Timestamp::MAX);
                        if slot.as_ref().is_none_or(|(at, _, _)| d < *at) {
                            *slot = Some((d, t, r));
                        }
                    }
                    TableKind::Tickets => {
                        p.tickets += 1;
                        if let Some(d) = d {
                            min_opt(&mut p.first_ticket, d);
                        }
                        let hours = number_at(table, Role::FirstResponseHours, r).or_else(|| {
                            let created = date_at(table, Role::CreatedAt, r)?;
                            let answered = date_at(table, Role::FirstResponseAt, r)?;
                            Some((answered - created) as f64 / 3600.0)
                        });
                        if let Some(h) = hours.filter(|h| h.is_finite() && *h >= 0.0) {
                            first_response[key as usize].push(h);
                        }
                    }
                    TableKind::SurveyResponses | TableKind::Reviews => {
                        if let Some(d) = d {
                            min_opt(&mut p.first_answer, d);
                        }
                    }
                    _ => {}
                }
            }
        }
        orders_into(ctx, &customers, &mut out);
        surveys_into(ctx, &customers, &mut out);
        super::stages::renewals_into(ctx, &customers, &mut out);
        for (i, p) in out.iter_mut().enumerate() {
            p.median_first_response_hours =
                PackedOption::new(crate::stats::median(&mut first_response[i]));
            let source_at = |at: Option<(Timestamp, usize, u32)>| {
                let (_, t, r) = at?;
                SourceCell::first(ctx.tables, t, r, [Role::Source, Role::Channel])
            };
            p.acquisition = source_at(lead_seen[i])
                .or(p.acquisition)
                .or_else(|| source_at(session_source[i]));
            p.stage_reached = [
                (Step::Attraction, p.attracted),
                (Step::Sales, p.orders >= 1),
                (Step::Repeat, p.orders >= 2 || p.renewed),
                (Step::Loyalty, p.promoter_or_referral),
            ]
            .into_iter()
            .filter(|(_, reached)| *reached)
            .map(|(s, _)| s)
            .max();
        }
        out
    })
}

/// Completed orders: count, revenue (main currency), first, second and last dates, and the
/// first order's channel as the acquisition source when no lead names one.
fn orders_into(ctx: &Ctx<'_>, customers: &Customers, out: &mut [Profile]) {
    let orders = Orders::get(ctx);
    let main = orders.currencies.main;
    for ot in &orders.tables {
        let table = &ctx.tables[ot.t];
        let referral = Referral::of(table);
        ctx.touch(ot.t);
        for (p, o) in ot.sorted.orders.iter().enumerate() {
            if o.status != Status::Completed || o.customer == Customers::NONE {
                continue;
            }
            let Some(prof) = out.get_mut(o.customer as usize) else {
                continue;
            };
            let d = ot.sorted.index.dates[p];
            let row = ot.sorted.index.rows[p];
            prof.orders += 1;
            if usize::from(o.currency) == main && o.amount.is_finite() {
                prof.revenue += o.amount;
            }
            prof.promoter_or_referral |= referral.at(row);
            match prof.first_order.get() {
                Some(f) if d >= f => {
                    if prof.second_order.get().is_none_or(|s| d < s) {
                        prof.second_order.set(Some(d));
                    }
                }
                _ => {
                    prof.second_order = prof.first_order;
                    prof.first_order.set(Some(d));
                    prof.acquisition =
                        SourceCell::first(ctx.tables, ot.t, row, [Role::Channel, Role::Source]);
                }
            }
            prof.last_order
                .set(Some(prof.last_order.get().map_or(d, |l| l.max(d))));
        }
    }
    let _ = customers;
}

/// The last NPS, CSAT and CES answer of each customer (ties: the later file and row).
fn surveys_into(ctx: &Ctx<'_>, customers: &Customers, out: &mut [Profile]) {
    let all = Scope {
        range: DateRange {
            start: Timestamp::MIN / 2,
            end: Timestamp::MAX / 2,
        },
        filter: None,
    };
    for kind in [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces] {
        let Ok(given) = answers(ctx, &all, kind) else {
            continue;
        };
        let mut last: Vec<Option<Timestamp>> = vec![None; out.len()];
        for a in given {
            let v = &a.verdict;
            let (Some(score), Some(table)) = (a.score(), ctx.tables.get(v.table)) else {
                continue;
            };
            let key = customers.keys[v.table][v.row as usize];
            let Some(p) = out.get_mut(key as usize) else {
                continue;
            };
            let d = table_date(table)
                .and_then(|r| date_at(table, r, v.row))
                .unwrap_or(Timestamp::MIN);
            if last[key as usize].is_some_and(|l| d < l) {
                continue;
            }
            last[key as usize] = Some(d);
            match kind {
                SurveyKind::Nps => {
                    p.last_nps.set(Some(score));
                    p.promoter_or_referral |= score >= 9.0;
                }
                SurveyKind::Csat => p.last_csat.set(Some(score)),
                _ => p.last_ces.set(Some(score)),
            }
        }
    }
}

/// At most this many profiles in the report's table (the top by revenue); the CSV export
/// (`jornada profiles`) holds every one.
pub const TABLE_PROFILES: usize = 100;

fn day_text(d: Option<Timestamp>) -> Option<String> {
    d.map(|d| ts_to_date(d).format("%Y-%m-%d").to_string())
}

/// The profile fields other metrics compute, by customer key: engagement over all the data
/// (`loyalty.engagement_score`), health at the range's end with its band
/// (`loyalty.health_score`), P(alive) and predicted CLV (`loyalty.clv_predicted`, fitted on
/// the completed orders up to the range's end; `None` when it is unavailable). None of them
/// reads the segment filter: a profile is the customer's whole story.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProfileScores {
    pub engagement: Rc<Vec<Option<f64>>>,
    pub health: Rc<Vec<Option<f64>>>,
    /// (P(alive), predicted CLV).
    pub clv: Vec<Option<(f64, f64)>>,
}

impl ProfileScores {
    pub fn of(ctx: &Ctx<'_>) -> ProfileScores {
        let n = ctx.customers().count as usize;
        let mut clv = vec![None; n];
        let scope = Scope {
            range: ctx.range,
            filter: None,
        };
        if let Ok(pred) = crate::metrics::loyalty::clv::predict(ctx, &scope) {
            for c in &pred.customers {
                if let Some(slot) = clv.get_mut(c.customer as usize) {
                    *slot = Some((c.p_alive, c.clv));
                }
            }
        }
        ProfileScores {
            engagement: super::scores::engagement_all(ctx),
            health: super::scores::health_all(ctx),
            clv,
        }
    }

    fn engagement(&self, k: usize) -> Option<f64> {
        self.engagement.get(k).copied().flatten()
    }

    fn health(&self, k: usize) -> Option<f64> {
        self.health.get(k).copied().flatten()
    }

    fn clv(&self, k: usize) -> Option<(f64, f64)> {
        self.clv.get(k).copied().flatten()
    }
}

fn profile_json(
    tables: &[Table],
    p: &Profile,
    name: &str,
    k: usize,
    s: &ProfileScores,
) -> serde_json::Value {
    let health = s.health(k);
    serde_json::json!({
        "customer": name,
        "email": p.email(tables),
        "first_seen": day_text(p.first_seen.get()),
        "acquisition_source": p.acquisition_source(tables),
        "stage_reached": p.stage_reached.map(Step::id),
        "lead_date": day_text(p.lead_date.get()),
        "first_order": day_text(p.first_order.get()),
        "last_order": day_text(p.last_order.get()),
        "orders": p.orders,
        "revenue": p.revenue,
        "tickets": p.tickets,
        "median_first_response_hours": p.median_first_response_hours.get(),
        "last_nps": p.last_nps.get(),
        "last_csat": p.last_csat.get(),
        "last_ces": p.last_ces.get(),
        "engagement": s.engagement(k),
        "health": health,
        "health_band": health.map(super::scores::band),
        "p_alive": s.clv(k).map(|c| c.0),
        "clv_predicted": s.clv(k).map(|c| c.1),
    })
}

/// `journey.customers`: the number of customers (distinct customer keys over every file,
/// matched as `journey.identity` says). The table holds the profiles of the
/// [`TABLE_PROFILES`] customers with the most revenue (ties by name); every profile is in
/// the CSV export. Profiles read all the data, whatever the range.
pub fn customers(ctx: &Ctx<'_>, _scope: &Scope) -> Result<Computed, Need> {
    if !ctx.tables.iter().any(has_customer) {
        return Err(Need::bare("journey.people"));
    }
    for (t, table) in ctx.tables.iter().enumerate() {
        if has_customer(table) {
            ctx.touch(t);
        }
    }
    let all = profiles(ctx);
    let mut c = Computed::value(Some(all.len() as f64));
    c.n = Some(all.len() as u64);
    if ctx.wants_table() {
        let scores = ProfileScores::of(ctx);
        let names = labels(ctx);
        let name = |k: usize| names.get(k).unwrap_or("");
        // The first TABLE_PROFILES by revenue down, name, then key (a total order: the rows
        // one stable sort of every profile would put first), kept in order as they are read
        // (a sort of every profile compared names a few million times).
        let order = |(i, a): &(usize, &Profile), (j, b): &(usize, &Profile)| {
            b.revenue
                .total_cmp(&a.revenue)
                .then(name(*i).cmp(name(*j)))
                .then(i.cmp(j))
        };
        let mut top: Vec<(usize, &Profile)> = Vec::with_capacity(TABLE_PROFILES + 1);
        for item in all.iter().enumerate() {
            if top.len() == TABLE_PROFILES
                && top.last().is_some_and(|last| order(&item, last).is_ge())
            {
                continue;
            }
            let at = top.partition_point(|t| order(t, &item).is_lt());
            top.insert(at, item);
            top.truncate(TABLE_PROFILES);
        }
        c.table = Some(serde_json::Value::Array(
            top.into_iter()
                .take(TABLE_PROFILES)
                .map(|(k, p)| profile_json(ctx.tables, p, name(k), k, &scores))
                .collect(),
        ));
    }
    Ok(c)
}

/// Without a customer: the first row of each customer (where their profile starts).
pub fn explain_customers(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    customers(ctx, scope)?;
    let names = labels(ctx);
    let customers = ctx.customers();
    let mut seen = vec![false; names.len()];
    let mut out = Vec::new();
    for (t, table) in ctx.tables.iter().enumerate() {
        for (row, &key) in customers.keys[t].iter().enumerate() {
            if let Some(s) = seen.get_mut(key as usize).filter(|s| !**s) {
                *s = true;
                out.push(provenance_row(
                    table,
                    row as u32,
                    true,
                    format!("included: first row of customer {}", &names[key as usize]),
                    None,
                ));
            }
        }
    }
    Ok(out)
}

/// The customer key named by `who`: a customer id, else an e-mail (trimmed, any case).
fn find_customer(tables: &[Table], customers: &Customers, who: &str) -> Option<u32> {
    let who = who.trim();
    let email = who.to_lowercase();
    for (t, table) in tables.iter().enumerate() {
        for row in 0..table.rows() {
            let id = text_at(table, Role::CustomerId, row as u32).map(str::trim);
            let e = text_at(table, Role::Email, row as u32).map(|e| e.trim().to_lowercase());
            if id == Some(who) || e.as_deref() == Some(email.as_str()) {
                let key = customers.keys[t][row];
                if key != Customers::NONE {
                    return Some(key);
                }
            }
        }
    }
    None
}

/// One customer's timeline: every row of every file whose customer is `who` (a customer id
/// or e-mail), in time order (rows with no date last, in file and row order). Each row's
/// rule names its date, stage and file kind; its value is the amount, score or hours it
/// carries, if any.
pub fn timeline(
    tables: &[Table],
    settings: &Settings,
    query: &Query,
    who: &str,
) -> Result<Explanation, EngineError> {
    let ctx = Ctx::new(tables, settings, query);
    let customers = ctx.customers();
    let key = find_customer(tables, &customers, who)
        .ok_or_else(|| EngineError::UnknownCustomer(who.to_string()))?;
    let mut rows: Vec<(Timestamp, usize, u32)> = Vec::new();
    for (t, table) in tables.iter().enumerate() {
        let date = table_date(table);
        for (row, &k) in customers.keys[t].iter().enumerate() {
            if k == key {
                let d = date
                    .and_then(|r| date_at(table, r, row as u32))
                    .unwrap_or(Timestamp::MAX);
                rows.push((d, t, row as u32));
            }
        }
    }
    // By (date, file, row): rows were pushed in (file, row) order, so the shared stable
    // sort by date gives that order.
    crate::stats::sort_by_key96(&mut rows, |r| u128::from(crate::stats::ordered_i64(r.0)));
    // The days the timeline spans: its first and last dated rows (empty when none is dated).
    let day = |d: Timestamp| {
        chrono::DateTime::from_timestamp(d, 0)
            .map(|t| t.naive_utc().format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let dated: Vec<Timestamp> = rows
        .iter()
        .map(|r| r.0)
        .filter(|d| *d != Timestamp::MAX)
        .collect();
    let first_day = dated.first().map(|d| day(*d)).unwrap_or_default();
    let last_day = dated.last().map(|d| day(*d)).unwrap_or_default();
    let out = rows
        .into_iter()
        .map(|(d, t, row)| {
            let table = &tables[t];
            let at = (d != Timestamp::MAX)
                .then(|| chrono::DateTime::from_timestamp(d, 0))
                .flatten()
                .map(|t| t.naive_utc().format("%Y-%m-%d %H:%M").to_string());
            let value = [Role::Amount, Role::Score, Role::Rating, Role::Mrr]
                .into_iter()
                .find_map(|r| number_at(table, r, row));
            // What the row is about, in the file's own words: its event, status, reason...
            let what = [
                Role::EventName,
                Role::Status,
                Role::SurveyKind,
                Role::Reason,
                Role::Plan,
                Role::LandingPage,
                Role::Source,
            ]
            .into_iter()
            .find_map(|r| text_at(table, r, row))
            .map(str::to_string);
            let stage = stage_of(table.kind);
            let mut out = provenance_row(
                table,
                row,
                true,
                format!(
                    "{} {} {}{}",
                    at.as_deref().unwrap_or("no date"),
                    stage_id(stage),
                    table.kind.id(),
                    what.as_deref()
                        .map(|w| format!(": {w}"))
                        .unwrap_or_default()
                ),
                value,
            );
            out.step = Some(TimelineStep {
                at,
                stage,
                kind: table.kind,
                row,
                what,
            });
            out
        })
        .collect();
    Ok(Explanation {
        id: "journey.customers".into(),
        period: None,
        by: None,
        first_day,
        last_day,
        formula: format!("the timeline of customer {}", &labels(&ctx)[key as usize]),
        value: None,
        rows: out,
        segment: None,
        segment_use: None,
    })
}

/// One cell of the profiles table: text (ids, e-mails, dates, words) or a number.
#[derive(Debug, Clone, PartialEq)]
pub enum ProfileCell {
    Text(String),
    Number(Option<f64>),
}

/// The profiles table's columns (the CSV header), in order.
pub const PROFILE_COLUMNS: [&str; 20] = [
    "customer",
    "email",
    "first_seen",
    "acquisition_source",
    "stage_reached",
    "lead_date",
    "first_order",
    "last_order",
    "orders",
    "revenue",
    "tickets",
    "median_first_response_hours",
    "last_nps",
    "last_csat",
    "last_ces",
    "engagement",
    "health",
    "health_band",
    "p_alive",
    "clv_predicted",
];

/// Every profile as one row of [`PROFILE_COLUMNS`] cells (dates `YYYY-MM-DD`, the stage and
/// band as ids), by customer key: what [`profiles_csv`] writes and front ends write in their
/// own spreadsheet dialect.
pub fn profile_rows(tables: &[Table], settings: &Settings, query: &Query) -> Vec<Vec<ProfileCell>> {
    let ctx = Ctx::new(tables, settings, query);
    let all = profiles(&ctx);
    let scores = ProfileScores::of(&ctx);
    let names = labels(&ctx);
    let text = |s: Option<String>| ProfileCell::Text(s.unwrap_or_default());
    let num = ProfileCell::Number;
    all.iter()
        .enumerate()
        .map(|(k, p)| {
            let health = scores.health(k);
            vec![
                text(names.get(k).map(str::to_string)),
                text(p.email(tables)),
                text(day_text(p.first_seen.get())),
                text(p.acquisition_source(tables).map(str::to_string)),
                text(p.stage_reached.map(|s| s.id().to_string())),
                text(day_text(p.lead_date.get())),
                text(day_text(p.first_order.get())),
                text(day_text(p.last_order.get())),
                num(Some(p.orders as f64)),
                num(Some(p.revenue)),
                num(Some(p.tickets as f64)),
                num(p.median_first_response_hours.get()),
                num(p.last_nps.get()),
                num(p.last_csat.get()),
                num(p.last_ces.get()),
                num(scores.engagement(k)),
                num(health),
                text(health.map(|h| super::scores::band(h).to_string())),
                num(scores.clv(k).map(|c| c.0)),
                num(scores.clv(k).map(|c| c.1)),
            ]
        })
        .collect()
}

/// Every profile as CSV (comma-separated, dot decimals, one header line), each text cell
/// made safe for spreadsheets by [`crate::csv_cell`]; numbers are written as they are (a
/// negative revenue stays a number).
pub fn profiles_csv(tables: &[Table], settings: &Settings, query: &Query) -> String {
    let mut out = PROFILE_COLUMNS.join(",");
    out.push_str("\r\n");
    for row in profile_rows(tables, settings, query) {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                ProfileCell::Text(t) => crate::csv_cell(t),
                ProfileCell::Number(v) => v.map(|v| v.to_string()).unwrap_or_default(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}
