//! The metric catalogue against the contract, `../shared/spec/METRICS.md` (beside the repo):
//! every stage metric id it lists is implemented, has a DuckDB twin, and no id is invented.
//! Rows marked (J) and the journey section come later (issue 4 defers them).

use jornada_engine::metrics::{catalogue, sql};
use std::path::PathBuf;

fn spec_ids() -> (Vec<String>, Vec<String>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/spec/METRICS.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the metric contract {} cannot be read: {e}", path.display()));
    let (mut now, mut later) = (Vec::new(), Vec::new());
    for line in text.lines() {
        let Some(first) = line.strip_prefix('|').and_then(|l| l.split('|').next()) else {
            continue;
        };
        let deferred = first.contains("(J)");
        for id in first
            .split(',')
            .map(|s| s.replace("(J)", "").trim().to_string())
        {
            let is_id = ["attraction.", "sales.", "service.", "loyalty.", "journey."]
                .iter()
                .any(|p| id.starts_with(p));
            if !is_id {
                continue;
            }
            if deferred || id.starts_with("journey.") {
                later.push(id);
            } else {
                now.push(id);
            }
        }
    }
    (now, later)
}

#[test]
fn every_stage_metric_of_the_contract_is_implemented_with_a_twin() {
    let (now, later) = spec_ids();
    assert!(
        now.len() >= 60,
        "parsed only {} ids from METRICS.md",
        now.len()
    );
    let implemented: Vec<&str> = catalogue().iter().map(|d| d.id).collect();
    let missing: Vec<&String> = now
        .iter()
        .filter(|id| !implemented.contains(&id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "in METRICS.md but not implemented: {missing:?}"
    );
    let untwinned: Vec<&String> = now.iter().filter(|id| sql(id).is_none()).collect();
    assert!(untwinned.is_empty(), "no DuckDB twin: {untwinned:?}");
    let invented: Vec<&&str> = implemented
        .iter()
        .filter(|id| !now.iter().any(|s| s == **id) && !later.iter().any(|s| s == **id))
        .collect();
    assert!(
        invented.is_empty(),
        "implemented but not in METRICS.md: {invented:?}"
    );
}
