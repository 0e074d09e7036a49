//! Survey answers, from both export shapes:
//! - long: one answer per row, a survey-kind column (`nps`, `csat`...), a score column, and
//!   optional per-row scale columns (Jornada's own widget CSV:
//!   `response_id,submitted_at,survey_kind,question,score,scale_min,scale_max,comment,...`);
//! - wide: one row per respondent, one score column per question, each carrying its
//!   [`crate::table::SurveyQuestion`] (kind and scale) as set by ingest.
//!
//! Employee-survey files feed eNPS: their NPS-type answers count as eNPS, never as NPS.

use crate::metrics::common::{Verdict, filter_reaches, fold, table_date, text_at};
use crate::metrics::{Ctx, Need, Scope};
use crate::table::{Column, Role, SurveyKind, Table, TableKind, TextValues};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// One answer to a question of the asked kind.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// `value` is the score; `included` false with the rule when the answer is unusable.
    pub verdict: Verdict,
    pub min: f64,
    pub max: f64,
}

impl Answer {
    pub fn score(&self) -> Option<f64> {
        self.verdict.value
    }

    /// CSAT "satisfied": from the settings' threshold when the answer is on the settings'
    /// scale, else the top two points of its own scale (4-5 on 1-5, 6-7 on 1-7, 9-10 on 0-10).
    pub fn satisfied(&self, ctx: &Ctx<'_>) -> bool {
        let s = &ctx.settings.csat;
        let from = if self.min == s.min && self.max == s.max {
            s.satisfied_from
        } else {
            self.max - 1.0
        };
        self.score().is_some_and(|v| v >= from)
    }

    /// The score moved linearly onto `[min, max]` (for means over mixed scales).
    pub fn rescaled(&self, min: f64, max: f64) -> Option<f64> {
        let v = self.score()?;
        if self.max == self.min {
            return None;
        }
        Some(min + (v - self.min) / (self.max - self.min) * (max - min))
    }
}

/// The survey kind a label names (`NPS`, `eNPS`, `satisfação`, `esforço`...), if any.
pub fn kind_of_label(label: &str) -> Option<SurveyKind> {
    if let Some(k) = SurveyKind::from_id(label) {
        return Some(k);
    }
    let f = fold(label);
    let words: Vec<&str> = f.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    if has("enps") {
        Some(SurveyKind::Enps)
    } else if has("nps")
        || f.contains("recomend")
        || f.contains("recommend")
        || f.contains("indicaria")
    {
        Some(SurveyKind::Nps)
    } else if has("ces")
        || f.contains("esforco")
        || f.contains("effort")
        || f.contains("facil")
        || f.contains("easy")
    {
        Some(SurveyKind::Ces)
    } else if has("csat") || f.contains("satisf") {
        Some(SurveyKind::Csat)
    } else {
        None
    }
}

/// The default scale of a kind: 0-10 for NPS/eNPS, the settings' for CSAT and CES.
pub fn default_scale(ctx: &Ctx<'_>, kind: SurveyKind) -> (f64, f64) {
    match kind {
        SurveyKind::Nps | SurveyKind::Enps => (0.0, 10.0),
        SurveyKind::Csat => (ctx.settings.csat.min, ctx.settings.csat.max),
        SurveyKind::Ces => (ctx.settings.ces.min, ctx.settings.ces.max),
    }
}

/// The kind an answer counts as in a table: NPS answers of an employee survey are eNPS.
fn effective(t: &Table, kind: SurveyKind) -> SurveyKind {
    if t.kind == TableKind::EmployeeSurvey && kind == SurveyKind::Nps {
        SurveyKind::Enps
    } else {
        kind
    }
}

fn check(
    ctx: &Ctx<'_>,
    ti: usize,
    row: u32,
    kind: SurveyKind,
    score: Option<f64>,
    scale: (f64, f64),
) -> Answer {
    let (min, max) = scale;
    let verdict = match score {
        None => Verdict::new(ti, row, false, "excluded: no score"),
        Some(_)
            if matches!(kind, SurveyKind::Nps | SurveyKind::Enps) && (min, max) != (0.0, 10.0) =>
        {
            Verdict::new(
                ti,
                row,
                false,
                "excluded: NPS answers must be on a 0-10 scale",
            )
        }
        Some(v) if v < min || v > max || max <= min => Verdict::new(
            ti,
            row,
            false,
            "excluded: score outside the question's scale",
        ),
        Some(v) => Verdict::new(ti, row, true, "included: answer").with(v),
    };
    let _ = ctx;
    Answer { verdict, min, max }
}

/// Wide question columns (score columns carrying a question).
fn question_columns(t: &Table) -> impl Iterator<Item = &Column> {
    t.columns.iter().filter(|c| c.question.is_some())
}

/// Every answer of `kind` given in the scope, across survey and employee-survey files.
pub fn answers(ctx: &Ctx<'_>, scope: &Scope, kind: SurveyKind) -> Result<Vec<Answer>, Need> {
    let survey_kinds = [TableKind::SurveyResponses, TableKind::EmployeeSurvey];
    if let Err(needs) = filter_reaches(ctx, scope, &survey_kinds) {
        // A filter on a column of the tickets the answers are about reaches them too.
        let linked = scope.filter.as_ref().is_some_and(|(role, _)| {
            (0..ctx.tables.len()).any(|ti| {
                survey_kinds.contains(&ctx.tables[ti].kind)
                    && ticket_values(ctx, ti, *role).is_some()
            })
        });
        if !linked {
            return Err(needs);
        }
    }
    let mut out = Vec::new();
    let mut any_survey = false;
    for (ti, t) in ctx.tables.iter().enumerate() {
        if !matches!(
            t.kind,
            TableKind::SurveyResponses | TableKind::EmployeeSurvey
        ) {
            continue;
        }
        let Some(date) = table_date(t) else {
            continue;
        };
        // Wide: score columns with a question.
        let wide: Vec<&Column> = question_columns(t)
            .filter(|c| c.question.is_some_and(|q| effective(t, q.kind) == kind))
            .collect();
        // Long: a kind column (or a question text naming the kind) and a plain score column.
        let long_score = t
            .columns
            .iter()
            .find(|c| c.role == Some(Role::Score) && c.question.is_none())
            .and_then(|c| c.values.as_numbers());
        let has_kind_column =
            t.text(Role::SurveyKind).is_some() || t.text(Role::Question).is_some();
        let dict_names_kind = |role: Role| {
            t.text(role).is_some_and(|c| {
                c.dict
                    .iter()
                    .any(|l| kind_of_label(l).is_some_and(|k| effective(t, k) == kind))
            })
        };
        let long_present = long_score.is_some()
            && (dict_names_kind(Role::SurveyKind)
                || dict_names_kind(Role::Question)
                || (t.kind == TableKind::EmployeeSurvey
                    && !has_kind_column
                    && kind == SurveyKind::Enps));
        if !wide.is_empty() || long_present {
            any_survey = true;
        } else {
            continue;
        }
        let rows = survey_rows(ctx, ti, t, date, scope);
        for col in &wide {
            let (Some(q), Some(values)) = (col.question, col.values.as_numbers()) else {
                continue;
            };
            for &r in &rows {
                let score = values.get(r as usize);
                if score.is_none() {
                    // A respondent who skipped this question is not an answer.
                    continue;
                }
                out.push(check(ctx, ti, r, kind, score, (q.min, q.max)));
            }
        }
        let Some(scores) = long_score.filter(|_| long_present) else {
            continue;
        };
        // Each label's kind is read once per distinct label, not once per row.
        let kinds_by_code = |role: Role| {
            t.text(role)
                .map(|c| (c, c.dict.iter().map(kind_of_label).collect::<Vec<_>>()))
        };
        let (kind_labels, questions) = (
            kinds_by_code(Role::SurveyKind),
            kinds_by_code(Role::Question),
        );
        let kind_at = |labels: &Option<(&TextValues, Vec<Option<SurveyKind>>)>, r: u32| {
            labels.as_ref().and_then(|(c, kinds)| {
                kinds
                    .get(*c.codes.get(r as usize)? as usize)
                    .copied()
                    .flatten()
            })
        };
        let default = default_scale(ctx, kind);
        let (scale_min, scale_max) = (t.numbers(Role::ScaleMin), t.numbers(Role::ScaleMax));
        let bound =
            |col: Option<&crate::table::Numbers>, r: u32| col.and_then(|c| c.get(r as usize));
        for &r in &rows {
            let row_kind = kind_at(&kind_labels, r)
                .or_else(|| kind_at(&questions, r))
                // An employee survey with one unlabelled score column is an eNPS survey.
                .or((t.kind == TableKind::EmployeeSurvey && !has_kind_column)
                    .then_some(SurveyKind::Enps));
            let Some(row_kind) = row_kind else { continue };
            if effective(t, row_kind) != kind {
                continue;
            }
            let scale = (
                bound(scale_min, r).unwrap_or(default.0),
                bound(scale_max, r).unwrap_or(default.1),
            );
            let score = scores.get(r as usize);
            out.push(check(ctx, ti, r, kind, score, scale));
        }
    }
    if !any_survey {
        return Err(Need::new("surveys.scores", [kind.id()]));
    }
    Ok(out)
}

/// A survey file's rows in the scope. A filter on a column the file lacks but the tickets
/// its answers name have (agent, channel, reason) keeps the answers whose ticket holds the
/// key: a CSAT answer about a ticket counts for that ticket's agent.
fn survey_rows(ctx: &Ctx<'_>, ti: usize, t: &Table, date: Role, scope: &Scope) -> Vec<u32> {
    if let Some((role, key)) = &scope.filter
        && t.column(*role).is_none()
        && let Some(link) = ticket_values(ctx, ti, *role)
    {
        let whole = Scope {
            range: scope.range,
            filter: None,
        };
        let Some(code) = link.keys.iter().position(|k| k == key) else {
            ctx.touch(ti);
            return Vec::new();
        };
        return ctx
            .rows(ti, date, &whole)
            .into_iter()
            .filter(|&r| link.codes.get(r as usize) == Some(&(code as u32)))
            .collect();
    }
    ctx.rows(ti, date, scope)
}

/// Per row of survey file `ti`: the `role` value of the ticket its ticket-id cell names, as
/// a code into `keys` (`u32::MAX`: no ticket, or a ticket without the value).
#[derive(Debug)]
pub struct TicketValues {
    pub keys: Vec<String>,
    pub codes: Vec<u32>,
}

/// The [`TicketValues`] of survey file `ti` for `role`, when the file has a ticket-id column
/// and some tickets file has both a ticket id and `role`; `None` otherwise. Built once per
/// file and role; each call records the tickets files as read.
pub fn ticket_values(ctx: &Ctx<'_>, ti: usize, role: Role) -> Option<Rc<TicketValues>> {
    type Cache = RefCell<HashMap<(usize, Role), Option<Rc<TicketValues>>>>;
    let tickets: Vec<usize> = ctx
        .tables_of(TableKind::Tickets)
        .filter(|(_, t)| t.text(Role::TicketId).is_some() && t.text(role).is_some())
        .map(|(k, _)| k)
        .collect();
    let ids = ctx.tables.get(ti)?.text(Role::TicketId)?;
    if tickets.is_empty() {
        return None;
    }
    ctx.touch_all(&tickets);
    let cache = ctx.memo("loyalty.ticket_values", Cache::default);
    if let Some(hit) = cache.borrow().get(&(ti, role)) {
        return hit.clone();
    }
    // Ticket id → its value (the first tickets file holding the id wins).
    let mut value_of: HashMap<&str, &str> = HashMap::new();
    for &k in &tickets {
        let t = &ctx.tables[k];
        if let (Some(tid), Some(col)) = (t.text(Role::TicketId), t.text(role)) {
            for r in 0..t.rows() {
                if let (Some(id), Some(v)) = (tid.get(r), col.get(r)) {
                    value_of.entry(id).or_insert(v);
                }
            }
        }
    }
    let mut keys: Vec<String> = Vec::new();
    let mut code_of: HashMap<&str, u32> = HashMap::new();
    let codes = (0..ids.codes.len())
        .map(|r| {
            let Some(&v) = ids.get(r).and_then(|id| value_of.get(id)) else {
                return u32::MAX;
            };
            *code_of.entry(v).or_insert_with(|| {
                keys.push(v.to_string());
                (keys.len() - 1) as u32
            })
        })
        .collect();
    let link = Some(Rc::new(TicketValues { keys, codes }));
    cache.borrow_mut().insert((ti, role), link.clone());
    link
}

/// The comment of an answer's row, if any.
pub fn comment<'a>(ctx: &'a Ctx<'_>, a: &Answer) -> Option<&'a str> {
    let t = ctx.tables.get(a.verdict.table)?;
    text_at(t, Role::Comment, a.verdict.row)
}
