//! Which classic question a survey score column answers (NPS, CSAT, CES, eNPS), from its
//! text and its scale.

use super::values::fold;
use crate::table::{SurveyKind, SurveyQuestion};
use crate::why::Why;

/// Infers a question's kind and scale. `max`/`min` are the largest and smallest answers
/// seen. Returns the question, a confidence and why (`survey.named` or `survey.scale`).
pub fn infer_question(text: &str, min: f64, max: f64) -> Option<(SurveyQuestion, f32, Why)> {
    if !(min.is_finite() && max.is_finite()) || min < 0.0 || max > 10.0 {
        return None;
    }
    let f = fold(text);
    let has = |ws: &[&str]| ws.iter().any(|w| f.contains(w));
    let employee = has(&[
        "trabalhar",
        "lugar para trabalhar",
        "place to work",
        "work at",
        "working at",
        "employer",
        "colaborador",
        "funcionario",
        "employee",
        "enps",
    ]);
    let by_text = if has(&[
        "recomend",
        "recommend",
        "indicaria",
        "likely",
        "provavel",
        "nps",
    ]) {
        Some(if employee {
            SurveyKind::Enps
        } else {
            SurveyKind::Nps
        })
    } else if has(&["facil", "easy", "esforco", "effort", "ces", "facilidade"]) {
        Some(SurveyKind::Ces)
    } else if has(&["satisf", "csat", "happy", "feliz"]) {
        Some(SurveyKind::Csat)
    } else {
        None
    };
    // Scales: 0-10 (NPS), 1-5 (CSAT), 1-7 (CES).
    let (smin, smax) = if max > 7.0 || min == 0.0 && max > 5.0 {
        (0.0, 10.0)
    } else if max > 5.0 {
        (1.0, 7.0)
    } else {
        (if min == 0.0 { 0.0 } else { 1.0 }, 5.0)
    };
    let by_scale = match smax as i64 {
        10 => SurveyKind::Nps,
        7 => SurveyKind::Ces,
        _ => SurveyKind::Csat,
    };
    let span = |k: SurveyKind| [k.id().to_string(), smin.to_string(), smax.to_string()];
    let (kind, conf, why) = match by_text {
        Some(k) => (k, 0.9, Why::new("survey.named", span(k))),
        None => (by_scale, 0.55, Why::new("survey.scale", span(by_scale))),
    };
    // NPS is always 0-10, whatever answers were seen.
    let (smin, smax) = if matches!(kind, SurveyKind::Nps | SurveyKind::Enps) {
        (0.0, 10.0)
    } else if kind == SurveyKind::Ces && smax < 7.0 && max <= 5.0 {
        (1.0, 5.0)
    } else {
        (smin, smax)
    };
    Some((
        SurveyQuestion {
            kind,
            min: smin,
            max: smax,
        },
        conf,
        why,
    ))
}

/// True when a header reads like a question put to a respondent.
pub fn looks_like_question(text: &str) -> bool {
    let f = fold(text);
    text.contains('?')
        || [
            "recomend",
            "recommend",
            "satisf",
            "facil",
            "easy",
            "likely",
            "provavel",
            "how would",
            "como voce",
            "quanto",
            "how much do you agree",
            "avalie",
            "nota de",
        ]
        .iter()
        .any(|w| f.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_text_and_scale() {
        let q = |t: &str, lo: f64, hi: f64| {
            infer_question(t, lo, hi).map(|x| (x.0.kind, x.0.min, x.0.max))
        };
        assert_eq!(
            q("Você recomendaria a loja a um amigo?", 0.0, 10.0),
            Some((SurveyKind::Nps, 0.0, 10.0))
        );
        assert_eq!(
            q("How likely are you to recommend us?", 3.0, 9.0),
            Some((SurveyKind::Nps, 0.0, 10.0))
        );
        assert_eq!(
            q("Quão satisfeito você está?", 1.0, 5.0),
            Some((SurveyKind::Csat, 1.0, 5.0))
        );
        assert_eq!(
            q("The company made it easy to handle my issue", 1.0, 7.0),
            Some((SurveyKind::Ces, 1.0, 7.0))
        );
        assert_eq!(
            q(
                "Você recomendaria a empresa como lugar para trabalhar?",
                0.0,
                10.0
            ),
            Some((SurveyKind::Enps, 0.0, 10.0))
        );
        assert_eq!(q("Pergunta 3", 1.0, 7.0), Some((SurveyKind::Ces, 1.0, 7.0)));
        assert_eq!(q("Q", 0.0, 250.0), None);
    }
}
