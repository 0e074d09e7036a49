//! The round trip: answers as the widget makes them → the answer CSV its kiosk mode downloads
//! (with the UTF-8 BOM) → the analyzer's ingest → the metric engine, which must give back the
//! NPS, eNPS, CSAT and CES worked out by hand from the same answers.

use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::analyze;
use jornada_engine::{Query, Settings};
use jornada_widget::answer::{Answer, uuid_v4};
use jornada_widget::{Config, Kind, Lang, write_csv};

/// Answers as `finish()` in the widget builds them: default question text for the kind,
/// one per minute from 2026-11-23T10:00:00Z, a few with comments that need quoting.
fn answers(kind: Kind, lang: Lang, scores: &[i64], start: usize) -> Vec<Answer> {
    let config = Config::new(kind, lang);
    scores
        .iter()
        .enumerate()
        .map(|(i, &score)| {
            let n = start + i;
            let mut id = [0u8; 16];
            id[15] = n as u8;
            let comment = match n % 3 {
                0 => "",
                1 => "Entrega rápida, atendimento \"nota 10\"",
                _ => "=cmd|' /C calc'!A0",
            };
            Answer::new(
                uuid_v4(id),
                format!("2026-11-23T10:{:02}:00Z", n % 60),
                kind,
                config.question_text(),
                score,
                comment,
                config.comment_max,
                lang,
                "https://loja.example/obrigado".to_string(),
            )
            .expect("scores are on the scale")
        })
        .collect()
}

fn value(report: &jornada_engine::Report, id: &str) -> f64 {
    report
        .metric(id)
        .unwrap_or_else(|| panic!("{id} missing; unavailable: {:?}", report.unavailable))
        .value
        .unwrap_or_else(|| panic!("{id} has no value"))
}

#[test]
fn widget_csv_gives_back_the_same_nps_csat_ces_and_enps() {
    let mut all = Vec::new();
    // NPS: promoters 10,9,9,10,9 (5), passives 8,7 (2), detractors 6,3,0 (3) of 10:
    // 50% - 30% = 20.
    all.extend(answers(
        Kind::Nps,
        Lang::PtBr,
        &[10, 9, 9, 8, 7, 6, 3, 0, 10, 9],
        0,
    ));
    // CSAT (METRICS.md golden case): 5,5,4,3,1 → satisfied 3/5 = 0.60, mean 3.6.
    all.extend(answers(Kind::Csat, Lang::En, &[5, 5, 4, 3, 1], 10));
    // CES: 7,6,5,2,4 → mean 24/5 = 4.8, agree (5-7) 3/5 = 0.6.
    all.extend(answers(Kind::Ces, Lang::PtBr, &[7, 6, 5, 2, 4], 15));
    // eNPS: 10, 9 promoters, 7 passive, 6 detractor of 4: 50% - 25% = 25.
    all.extend(answers(Kind::Enps, Lang::PtBr, &[10, 6, 9, 7], 20));

    let csv = format!("\u{feff}{}", write_csv(&all));
    let table = read_bytes(
        "jornada-respostas-2026-11-23.csv",
        csv.as_bytes(),
        &IngestOptions::default(),
    )
    .expect("the analyzer reads the widget's CSV");
    let report = analyze(&[table], &Settings::default(), &Query::default());

    assert!((value(&report, "loyalty.nps") - 20.0).abs() < 1e-9);
    let nps = report.metric("loyalty.nps").expect("nps");
    assert_eq!(nps.n, Some(10));
    assert_eq!(nps.details.get("promoters"), Some(&5.0));
    assert_eq!(nps.details.get("detractors"), Some(&3.0));

    assert!((value(&report, "loyalty.csat") - 0.60).abs() < 1e-9);
    let csat = report.metric("loyalty.csat").expect("csat");
    assert!((csat.details["mean"] - 3.6).abs() < 1e-9);

    assert!((value(&report, "loyalty.ces") - 4.8).abs() < 1e-9);
    let ces = report.metric("loyalty.ces").expect("ces");
    assert!((ces.details["ces_agree_rate"] - 0.6).abs() < 1e-9);

    assert!((value(&report, "loyalty.enps") - 25.0).abs() < 1e-9);
}
