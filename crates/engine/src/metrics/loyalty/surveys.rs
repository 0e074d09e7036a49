//! Survey and review metrics: NPS, eNPS, CSAT, CES, review rating.

use super::answers::{Answer, answers};
use crate::metrics::common::{Verdict, dated_tables, filter_reaches, number_at, provenance};
use crate::metrics::{Computed, Ctx, Need, Sample, Scope};
use crate::report::ProvenanceRow;
use crate::stats::mean_sd;
use crate::table::{Role, SurveyKind, TableKind};

/// NPS class of a 0-10 score.
pub fn nps_class(score: f64) -> &'static str {
    if score >= 9.0 {
        "included: promoter (9-10)"
    } else if score >= 7.0 {
        "included: passive (7-8)"
    } else {
        "included: detractor (0-6)"
    }
}

fn nps_verdicts(ctx: &Ctx<'_>, scope: &Scope, kind: SurveyKind) -> Result<Vec<Verdict>, Need> {
    Ok(answers(ctx, scope, kind)?
        .into_iter()
        .map(|a| {
            let mut v = a.verdict;
            if v.included {
                v.rule = nps_class(v.value.unwrap_or(0.0));
            }
            v
        })
        .collect())
}

/// Promoter, passive and detractor counts of the included verdicts.
pub fn nps_counts(v: &[Verdict]) -> (u64, u64, u64) {
    let mut c = (0, 0, 0);
    for x in v.iter().filter(|v| v.included) {
        match x.value.unwrap_or(0.0) {
            s if s >= 9.0 => c.0 += 1,
            s if s >= 7.0 => c.1 += 1,
            _ => c.2 += 1,
        }
    }
    c
}

fn nps_computed(v: &[Verdict]) -> Computed {
    let (promoters, passives, detractors) = nps_counts(v);
    let n = promoters + passives + detractors;
    let sample = Sample::Nps {
        promoters,
        passives,
        detractors,
    };
    let mut c = Computed {
        value: crate::stats::nps(promoters, passives, detractors).map(|(s, _)| s),
        sample: Some(sample),
        ..Computed::default()
    }
    .with_detail("promoters", promoters as f64)
    .with_detail("passives", passives as f64)
    .with_detail("detractors", detractors as f64);
    if n > 0 {
        let nps_margin = 1.96
            * crate::stats::nps_variance(
                promoters as f64 / n as f64,
                detractors as f64 / n as f64,
                n,
            )
            .sqrt()
            * 100.0;
        c = c.with_detail("margin", nps_margin);
    }
    c
}

/// `loyalty.nps` = 100 * (promoters - detractors) / answers, promoters scoring 9-10 and
/// detractors 0-6 on 0-10; interval from Var = (p + d - (p - d)^2) / n (METRICS.md). Counts
/// and `margin` in details. Answers on another scale are excluded, not rescaled.
pub fn nps(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    Ok(nps_computed(&nps_verdicts(ctx, scope, SurveyKind::Nps)?))
}

pub fn explain_nps(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &nps_verdicts(ctx, scope, SurveyKind::Nps)?))
}

/// `loyalty.enps` = the NPS formula over employee answers (eNPS-labelled answers, and the
/// NPS-type answers of employee-survey files).
pub fn enps(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    Ok(nps_computed(&nps_verdicts(ctx, scope, SurveyKind::Enps)?))
}

pub fn explain_enps(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(
        ctx,
        &nps_verdicts(ctx, scope, SurveyKind::Enps)?,
    ))
}

fn csat_answers(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Answer>, Need> {
    let mut a = answers(ctx, scope, SurveyKind::Csat)?;
    for x in &mut a {
        if x.verdict.included {
            x.verdict.rule = if x.satisfied(ctx) {
                "included: satisfied"
            } else {
                "included: not satisfied"
            };
        }
    }
    Ok(a)
}

/// `loyalty.csat` = satisfied answers / answers: 4-5 on 1-5, 6-7 on 1-7, 9-10 on 0-10 (the top
/// two points of the answer's scale; on the settings' scale, from `csat.satisfied_from`).
/// `details.mean` is the mean score, answers on other scales moved linearly onto the
/// settings' scale first so that one mean never mixes scales.
pub fn csat(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let a = csat_answers(ctx, scope)?;
    let used: Vec<&Answer> = a.iter().filter(|a| a.verdict.included).collect();
    let satisfied = used.iter().filter(|a| a.satisfied(ctx)).count() as u64;
    let (min, max) = (ctx.settings.csat.min, ctx.settings.csat.max);
    let scores: Vec<f64> = used.iter().filter_map(|a| a.rescaled(min, max)).collect();
    let mut c = Computed::proportion(satisfied, used.len() as u64)
        .with_detail("satisfied", satisfied as f64)
        .with_detail("answers", used.len() as f64);
    if let Some((m, sd)) = mean_sd(&scores) {
        c = c.with_detail("mean", m).with_detail("sd", sd);
    }
    Ok(c)
}

pub fn explain_csat(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let v: Vec<Verdict> = csat_answers(ctx, scope)?
        .into_iter()
        .map(|a| a.verdict)
        .collect();
    Ok(provenance(ctx, &v))
}

fn ces_answers(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Answer>, Need> {
    let s = &ctx.settings.ces;
    let mut a = answers(ctx, scope, SurveyKind::Ces)?;
    for x in &mut a {
        if x.verdict.included {
            let agree = x
                .rescaled(s.min, s.max)
                .is_some_and(|v| v >= s.satisfied_from);
            x.verdict.rule = if agree {
                "included: agrees it was easy"
            } else {
                "included: does not agree it was easy"
            };
        }
    }
    Ok(a)
}

/// `loyalty.ces` = mean score of "the company made it easy" on the settings' scale (1-7 by
/// default, higher is easier; answers on other scales moved linearly onto it);
/// `details.ces_agree_rate` = share scoring `ces.satisfied_from` (5) or more.
pub fn ces(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let s = &ctx.settings.ces;
    let a = ces_answers(ctx, scope)?;
    let scores: Vec<f64> = a
        .iter()
        .filter(|a| a.verdict.included)
        .filter_map(|a| a.rescaled(s.min, s.max))
        .collect();
    let agree = scores.iter().filter(|v| **v >= s.satisfied_from).count();
    let n = scores.len() as u64;
    let Some((mean, sd)) = mean_sd(&scores) else {
        return Ok(Computed {
            value: None,
            sample: Some(Sample::Mean {
                mean: 0.0,
                sd: 0.0,
                n: 0,
            }),
            ..Computed::default()
        });
    };
    Ok(Computed {
        value: Some(mean),
        sample: Some(Sample::Mean { mean, sd, n }),
        ..Computed::default()
    }
    .with_detail("ces_agree_rate", agree as f64 / n as f64)
    .with_detail("agree", agree as f64))
}

pub fn explain_ces(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    let v: Vec<Verdict> = ces_answers(ctx, scope)?
        .into_iter()
        .map(|a| a.verdict)
        .collect();
    Ok(provenance(ctx, &v))
}

fn review_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, &[TableKind::Reviews])?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, &[TableKind::Reviews]) {
        let col = if t.numbers(Role::Rating).is_some() {
            Role::Rating
        } else if t.numbers(Role::Score).is_some() {
            Role::Score
        } else {
            continue;
        };
        any = true;
        for r in ctx.rows(ti, role, scope) {
            out.push(match number_at(t, col, r) {
                Some(v) if (1.0..=5.0).contains(&v) => {
                    Verdict::new(ti, r, true, "included: rating").with(v)
                }
                Some(_) => Verdict::new(ti, r, false, "excluded: rating outside 1-5"),
                None => Verdict::new(ti, r, false, "excluded: no rating"),
            });
        }
    }
    if !any {
        return Err(Need::bare("reviews.rating"));
    }
    Ok(out)
}

/// `loyalty.review_rating` = mean review rating (1-5 stars) over reviews in the period, with
/// the count and the distribution (`details.stars_1`..`stars_5`, ratings rounded to the
/// nearest star). Ratings outside 1-5 are excluded.
pub fn review_rating(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let v = review_verdicts(ctx, scope)?;
    let ratings: Vec<f64> = v
        .iter()
        .filter(|v| v.included)
        .filter_map(|v| v.value)
        .collect();
    let n = ratings.len() as u64;
    let mut c = match mean_sd(&ratings) {
        Some((mean, sd)) => Computed {
            value: Some(mean),
            sample: Some(Sample::Mean { mean, sd, n }),
            ..Computed::default()
        },
        None => Computed {
            value: None,
            sample: Some(Sample::Mean {
                mean: 0.0,
                sd: 0.0,
                n: 0,
            }),
            ..Computed::default()
        },
    };
    for star in 1..=5 {
        let k = ratings.iter().filter(|r| r.round() as i64 == star).count();
        c = c.with_detail(&format!("stars_{star}"), k as f64);
    }
    Ok(c.with_detail("count", n as f64))
}

pub fn explain_review_rating(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &review_verdicts(ctx, scope)?))
}
