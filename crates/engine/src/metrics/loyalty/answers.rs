//! Survey answers, from both export shapes:
//! - long: one answer per row, a survey-kind column (`nps`, `csat`...), a score column, and
//!   optional per-row scale columns (Jornada's own widget CSV:
//!   `response_id,submitted_at,survey_kind,question,score,scale_min,scale_max,comment,...`);
//! - wide: one row per respondent, one score column per question, each carrying its
//!   [`crate::table::SurveyQuestion`] (kind and scale) as set by ingest.
//!
//! Employee-survey files feed eNPS: their NPS-type answers count as eNPS, never as NPS.

use super::super::service::common::{
    Verdict, filter_reaches, fold, number_at, table_date, text_at,
};
use super::super::{Ctx, Needs, Scope};
use crate::table::{Column, Role, SurveyKind, Table, TableKind};

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
pub fn answers(ctx: &Ctx<'_>, scope: &Scope, kind: SurveyKind) -> Result<Vec<Answer>, Needs> {
    filter_reaches(
        ctx,
        scope,
        &[TableKind::SurveyResponses, TableKind::EmployeeSurvey],
    )?;
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
        let rows = ctx.rows(ti, date, scope);
        for col in &wide {
            let (Some(q), Some(values)) = (col.question, col.values.as_numbers()) else {
                continue;
            };
            for &r in &rows {
                let score = values.get(r as usize).copied().flatten();
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
        for &r in &rows {
            let row_kind = text_at(t, Role::SurveyKind, r)
                .and_then(kind_of_label)
                .or_else(|| text_at(t, Role::Question, r).and_then(kind_of_label))
                // An employee survey with one unlabelled score column is an eNPS survey.
                .or((t.kind == TableKind::EmployeeSurvey && !has_kind_column)
                    .then_some(SurveyKind::Enps));
            let Some(row_kind) = row_kind else { continue };
            if effective(t, row_kind) != kind {
                continue;
            }
            let default = default_scale(ctx, kind);
            let scale = (
                number_at(t, Role::ScaleMin, r).unwrap_or(default.0),
                number_at(t, Role::ScaleMax, r).unwrap_or(default.1),
            );
            let score = scores.get(r as usize).copied().flatten();
            out.push(check(ctx, ti, r, kind, score, scale));
        }
    }
    if !any_survey {
        return Err(Needs(format!(
            "a survey-responses file with a date and {} scores (a survey-kind and score column, or a {} question column)",
            kind.id(),
            kind.id()
        )));
    }
    Ok(out)
}

/// The comment of an answer's row, if any.
pub fn comment<'a>(ctx: &'a Ctx<'_>, a: &Answer) -> Option<&'a str> {
    let t = ctx.tables.get(a.verdict.table)?;
    text_at(t, Role::Comment, a.verdict.row)
}
