//! Feedback themes: the words and two-word phrases that recur in survey comments, per group
//! of respondents.

use super::answers::{Answer, answers, comment};
use crate::metrics::common::{Verdict, fold, provenance};
use crate::metrics::{Computed, Ctx, Need, Scope};
use crate::report::ProvenanceRow;
use crate::table::SurveyKind;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

/// Portuguese and English stop-words, folded (no accents).
const STOP_WORDS: &[&str] = &[
    // Portuguese
    "a", "ao", "aos", "aquela", "aquele", "aqueles", "aquilo", "as", "ate", "com", "como", "da",
    "das", "de", "dela", "dele", "deles", "depois", "do", "dos", "e", "ela", "elas", "ele", "eles",
    "em", "entre", "era", "essa", "esse", "esta", "estava", "este", "estou", "eu", "foi", "for",
    "foram", "ha", "isso", "isto", "ja", "la", "lhe", "mais", "mas", "me", "mesmo", "meu", "minha",
    "muito", "muita", "na", "nas", "nao", "nem", "no", "nos", "nossa", "nosso", "num", "numa", "o",
    "os", "ou", "para", "pela", "pelas", "pelo", "pelos", "por", "pra", "pro", "qual", "quando",
    "que", "quem", "se", "sem", "ser", "seu", "sua", "so", "sao", "tambem", "tem", "ter", "teve",
    "tinha", "to", "tu", "um", "uma", "umas", "uns", "vai", "voce", "voces", "vou", "sim", "bem",
    "bom", "boa", "ainda", "sempre", "pq", "porque", "estao", "seja", // English
    "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "get", "got", "had", "has",
    "have", "he", "her", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just",
    "me", "more", "most", "my", "no", "not", "of", "on", "one", "only", "or", "our", "out", "so",
    "some", "than", "that", "the", "their", "them", "then", "there", "they", "this", "to", "too",
    "up", "us", "very", "was", "we", "were", "what", "when", "which", "who", "will", "with",
    "would", "you", "your", "really", "much", "im", "dont", "its",
];

/// Whether a folded word is a stop-word (a hash set, not a scan of the list per word).
fn is_stop_word(folded: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect())
        .contains(folded)
}

/// The words of a comment, lower-cased, with stop-words, numbers and one- or two-letter words
/// marked `None` (so that phrases never bridge a removed word).
fn words(text: &str) -> Vec<Option<String>> {
    // Clause punctuation ends a phrase: a None between clauses.
    text.split(['.', ',', ';', ':', '!', '?', '\n', '(', ')'])
        .flat_map(|clause| {
            clause
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(Some)
                .chain(std::iter::once(None))
        })
        .map(|w| {
            let w = w?;
            let lower = w.to_lowercase();
            let f = fold(&lower);
            let keep = f.chars().count() >= 3
                && !f.chars().all(|c| c.is_ascii_digit())
                && !is_stop_word(&f);
            keep.then_some(lower)
        })
        .collect()
}

/// The distinct words and two-word phrases of one comment.
type Terms = (BTreeSet<String>, BTreeSet<String>);

/// The distinct terms of one comment: words and adjacent two-word phrases. Filled by
/// `insert`: collecting a set sorts its strings, one more compiled sort (wasm size, issue 16).
fn terms(text: &str) -> Terms {
    let w = words(text);
    let (mut singles, mut pairs) = (BTreeSet::new(), BTreeSet::new());
    for word in w.iter().flatten() {
        singles.insert(word.clone());
    }
    for p in w.windows(2) {
        if let (Some(a), Some(b)) = (&p[0], &p[1])
            && a != b
        {
            pairs.insert(format!("{a} {b}"));
        }
    }
    (singles, pairs)
}

/// How many words and phrases each group lists, and how many example comments.
const TOP_TERMS: usize = 10;
const EXAMPLES: usize = 3;

/// The group of an answer: NPS/eNPS classes, CSAT/CES satisfied or not.
fn group(ctx: &Ctx<'_>, kind: SurveyKind, a: &Answer) -> &'static str {
    let v = a.score().unwrap_or(0.0);
    match kind {
        SurveyKind::Nps | SurveyKind::Enps if v >= 9.0 => "promoters",
        SurveyKind::Nps | SurveyKind::Enps if v >= 7.0 => "passives",
        SurveyKind::Nps | SurveyKind::Enps => "detractors",
        SurveyKind::Csat if a.satisfied(ctx) => "satisfied",
        SurveyKind::Csat => "unsatisfied",
        SurveyKind::Ces => {
            let s = &ctx.settings.ces;
            if a.rescaled(s.min, s.max)
                .is_some_and(|x| x >= s.satisfied_from)
            {
                "satisfied"
            } else {
                "unsatisfied"
            }
        }
    }
}

/// Comments per (kind, group), with their verdicts.
fn commented(ctx: &Ctx<'_>, scope: &Scope) -> Result<(Vec<Verdict>, Vec<Comment>), Need> {
    let mut verdicts = Vec::new();
    let mut out = Vec::new();
    let mut any = false;
    for kind in [
        SurveyKind::Nps,
        SurveyKind::Csat,
        SurveyKind::Ces,
        SurveyKind::Enps,
    ] {
        let Ok(list) = answers(ctx, scope, kind) else {
            continue;
        };
        let has_comments = list.iter().any(|a| {
            ctx.tables
                .get(a.verdict.table)
                .is_some_and(|t| t.column(crate::table::Role::Comment).is_some())
        });
        if !has_comments {
            continue;
        }
        any = true;
        for a in list {
            let text = comment(ctx, &a).map(str::to_string);
            let mut v = a.verdict.clone();
            match (v.included, text) {
                (false, _) => {}
                (true, None) => {
                    v.included = false;
                    v.rule = "excluded: no comment";
                }
                (true, Some(t)) => {
                    v.rule = match group(ctx, kind, &a) {
                        "promoters" => "included: comment of a promoter",
                        "passives" => "included: comment of a passive",
                        "detractors" => "included: comment of a detractor",
                        "satisfied" => "included: comment of a satisfied respondent",
                        _ => "included: comment of an unsatisfied respondent",
                    };
                    out.push((kind, group(ctx, kind, &a), t));
                }
            }
            verdicts.push(v);
        }
    }
    if !any {
        return Err(Need::bare("surveys.comment"));
    }
    Ok((verdicts, out))
}

/// A comment with its survey kind and respondent group.
type Comment = (SurveyKind, &'static str, String);

fn top(counts: HashMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n >= 1).collect();
    crate::stats::stable_sort_by(&mut v, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(TOP_TERMS);
    v
}

/// `loyalty.feedback_themes` = per survey kind and respondent group (NPS/eNPS: promoters,
/// passives, detractors; CSAT/CES: satisfied, unsatisfied), the 10 words and 10 two-word
/// phrases found in the most comments of the period (each counted once per comment;
/// Portuguese and English stop-words, numbers and words under three letters removed;
/// phrases are adjacent kept words), with example comments containing the top word.
/// Value: the number of comments analysed.
pub fn feedback_themes(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (_, comments) = commented(ctx, scope)?;
    let mut groups: Vec<(SurveyKind, &'static str)> = Vec::new();
    for (k, g, _) in &comments {
        if !groups.contains(&(*k, *g)) {
            groups.push((*k, *g));
        }
    }
    let table: Vec<_> = groups
        .iter()
        .map(|(kind, g)| {
            let texts: Vec<&String> = comments.iter().filter(|(k, gg, _)| k == kind && gg == g).map(|c| &c.2).collect();
            // Each distinct text is split once, however many respondents wrote it.
            let mut split: HashMap<&str, (usize, Terms)> = HashMap::new();
            for t in &texts {
                split.entry(t.as_str()).or_insert_with(|| (0, terms(t))).0 += 1;
            }
            let (mut wc, mut pc): (HashMap<String, usize>, HashMap<String, usize>) = Default::default();
            for (n, (w, p)) in split.values() {
                for x in w {
                    *wc.entry(x.clone()).or_default() += n;
                }
                for x in p {
                    *pc.entry(x.clone()).or_default() += n;
                }
            }
            let words = top(wc);
            let phrases = top(pc);
            let examples: Vec<&String> = match words.first() {
                Some((w, _)) => texts
                    .iter()
                    .copied()
                    .filter(|t| split.get(t.as_str()).is_some_and(|(_, (ws, _))| ws.contains(w)))
                    .take(EXAMPLES)
                    .collect(),
                None => texts.iter().copied().take(EXAMPLES).collect(),
            };
            json!({
                "survey": kind.id(),
                "group": g,
                "comments": texts.len(),
                "words": words.iter().map(|(t, n)| json!({"term": t, "count": n})).collect::<Vec<_>>(),
                "phrases": phrases.iter().map(|(t, n)| json!({"term": t, "count": n})).collect::<Vec<_>>(),
                "examples": examples,
            })
        })
        .collect();
    Ok(Computed {
        value: Some(comments.len() as f64),
        n: Some(comments.len() as u64),
        table: Some(json!(table)),
        ..Computed::default()
    })
}

pub fn explain_feedback_themes(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &commented(ctx, scope)?.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_numbers_and_short_words_go() {
        let (w, p) = terms("O atendimento foi ótimo, entrega rápida! 10/10");
        assert_eq!(
            w.into_iter().collect::<Vec<_>>(),
            ["atendimento", "entrega", "rápida", "ótimo"]
        );
        // "foi" is a stop-word and the comma ends a clause: one phrase only.
        assert_eq!(p.into_iter().collect::<Vec<_>>(), ["entrega rápida"]);
        let (w, _) = terms("The support was very slow and the app is slow");
        assert_eq!(
            w.into_iter().collect::<Vec<_>>(),
            ["app", "slow", "support"]
        );
    }
}
