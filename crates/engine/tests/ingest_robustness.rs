//! Robustness: any chunk boundaries give the same table, and no bytes make ingest panic.
//!
//! The property tests run a bounded number of cases in `cargo test`; set
//! `JORNADA_FUZZ_CASES` (e.g. 200000) to run them longer.
#![allow(clippy::unwrap_used)]
mod common;

use common::*;
use jornada_engine::ingest::{IngestOptions, Reader, read_bytes};
use jornada_engine::table::{Table, Values};
use proptest::prelude::*;

/// Every cell of a table as text, plus rows, lines, rejects, roles and warnings.
fn render(t: &Table) -> String {
    let mut s = dump(t);
    s += &format!("lines={:?}\n", t.lines);
    for c in &t.columns {
        let cells: Vec<String> = (0..t.rows())
            .map(|i| match &c.values {
                Values::Text(v) => format!("{:?}", v.get(i)),
                Values::Number(v) => format!("{:?}", v.get(i)),
                Values::Date(v) => format!("{:?}", v.get(i)),
                Values::Bool(v) => format!("{:?}", v[i]),
            })
            .collect();
        s += &format!("{}: {}\n", c.name, cells.join("|"));
    }
    s
}

fn read_chunked(
    name: &str,
    bytes: &[u8],
    chunk: usize,
) -> Result<Table, jornada_engine::IngestError> {
    let mut r = Reader::new(name, IngestOptions::default());
    for c in bytes.chunks(chunk.max(1)) {
        r.push(c)?;
    }
    r.finish()
}

fn all_fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for sub in ["vendors", "br", "hostile", "metamorphic"] {
        for e in std::fs::read_dir(format!("{dir}/{sub}")).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            out.push((name.clone(), fixture(&format!("{sub}/{name}"))));
        }
    }
    out.sort();
    out
}

#[test]
fn chunk_boundaries_do_not_change_the_table() {
    for (name, bytes) in all_fixtures() {
        let whole = read_bytes(&name, &bytes, &IngestOptions::default());
        for chunk in [1, 2, 3, 5, 7, 64, 1000, 4096] {
            if chunk < 7 && bytes.len() > 20_000 {
                continue; // the 300 KB field one byte at a time adds nothing but time
            }
            let parts = read_chunked(&name, &bytes, chunk);
            match (&whole, &parts) {
                (Ok(a), Ok(b)) => assert_eq!(render(a), render(b), "{name} in chunks of {chunk}"),
                (Err(a), Err(b)) => assert_eq!(a, b, "{name} in chunks of {chunk}"),
                _ => panic!("{name} in chunks of {chunk}: {whole:?} vs {parts:?}"),
            }
        }
    }
}

fn cases(default: u32) -> u32 {
    std::env::var("JORNADA_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Invariants every table must keep, whatever it was made from.
fn check(t: &Table) {
    for c in &t.columns {
        assert_eq!(c.values.len(), t.rows(), "{}", c.name);
        assert!(
            (0.0..=1.0).contains(&c.confidence),
            "{}: {}",
            c.name,
            c.confidence
        );
    }
    assert!(t.lines.windows(2).all(|w| w[0] < w[1]), "{:?}", t.lines);
    assert!(t.rejects.iter().all(|r| r.line >= 1));
}

const SEEDS: [&str; 4] = [
    "br/vendas_loja_cp1252.csv",
    "vendors/shopify_orders_export.csv",
    "vendors/surveymonkey_export.csv",
    "vendors/zendesk_tickets.csv",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Replace(usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    let token = prop::sample::select(vec![
        b",".to_vec(),
        b";".to_vec(),
        b"\"".to_vec(),
        b"\n".to_vec(),
        b"\r\n".to_vec(),
        b"\t".to_vec(),
        b"\xff".to_vec(),
        b"\xc3".to_vec(),
        b"\x00".to_vec(),
        b"R$ 1.234,56".to_vec(),
        b"31/12/2025".to_vec(),
        b"=SUM(A1)".to_vec(),
        b"\xef\xbb\xbf".to_vec(),
        b"99999999999999999999999".to_vec(),
        b"(1,0)".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), token).prop_map(|(p, t)| Edit::Insert(p, t)),
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| Edit::Delete(p, n)),
        (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Edit::Replace(p, b)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = bytes.len().max(1);
        match e {
            Edit::Insert(p, t) => {
                let p = p % (bytes.len() + 1);
                bytes.splice(p..p, t.iter().copied());
            }
            Edit::Delete(p, k) => {
                let p = p % n;
                let end = (p + k).min(bytes.len());
                if p < end {
                    bytes.drain(p..end);
                }
            }
            Edit::Replace(p, b) => {
                if !bytes.is_empty() {
                    let p = p % bytes.len();
                    bytes[p] = *b;
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(300), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..3000), chunk in 1usize..600) {
        let whole = read_bytes("fuzz.csv", &bytes, &IngestOptions::default());
        if let Ok(t) = &whole { check(t); }
        let parts = read_chunked("fuzz.csv", &bytes, chunk);
        prop_assert_eq!(whole.is_ok(), parts.is_ok());
    }

    #[test]
    fn texty_bytes_never_panic(text in "[a-z0-9,;\"\t\r\n|$.:/ -]{0,2000}") {
        if let Ok(t) = read_bytes("fuzz.csv", text.as_bytes(), &IngestOptions::default()) {
            check(&t);
        }
    }

    /// Files whose headers say nothing go through inference from the values (dates from
    /// 8-digit integers, money, quantities, line totals, ids): arbitrary cells in such a file
    /// never panic, keep the invariants, and chunking agrees.
    #[test]
    fn neutral_header_files_never_panic_and_chunking_agrees(
        rows in prop::collection::vec(
            prop::collection::vec(
                prop_oneof![
                    "[0-9]{8}",
                    "199[0-9](0[1-9]|1[0-2])[0-3][0-9]",
                    "[0-9]{1,2}",
                    "[0-9]{1,4}\\.[0-9]{2}",
                    "-?[0-9]{1,3},[0-9]{2}",
                    "0{0,2}[0-9]{1,4}",
                    "[a-z@.]{0,12}",
                    "",
                ],
                1..6,
            ),
            0..60,
        ),
        width in 1usize..6,
        chunk in 1usize..200,
    ) {
        let header: Vec<String> = (1..=width).map(|i| format!("col{i}")).collect();
        let mut text = header.join(",") + "\n";
        for r in &rows {
            text += &r.join(",");
            text.push('\n');
        }
        let whole = read_bytes("log.csv", text.as_bytes(), &IngestOptions::default());
        let parts = read_chunked("log.csv", text.as_bytes(), chunk);
        match (&whole, &parts) {
            (Ok(a), Ok(b)) => {
                check(a);
                prop_assert_eq!(render(a), render(b));
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            _ => prop_assert!(false, "whole {:?} vs chunked {:?}", whole.is_ok(), parts.is_ok()),
        }
    }

    #[test]
    fn mutated_exports_never_panic_and_chunking_agrees(
        seed in 0usize..SEEDS.len(),
        edits in prop::collection::vec(edit(), 1..12),
        chunk in 1usize..300,
    ) {
        let bytes = apply(fixture(SEEDS[seed]), &edits);
        let whole = read_bytes("m.csv", &bytes, &IngestOptions::default());
        let parts = read_chunked("m.csv", &bytes, chunk);
        match (&whole, &parts) {
            (Ok(a), Ok(b)) => {
                check(a);
                prop_assert_eq!(render(a), render(b));
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            _ => prop_assert!(false, "whole {:?} vs chunked {:?}", whole.is_ok(), parts.is_ok()),
        }
    }
}

proptest! {
    // Each case is up to ~100 KB of text read twice: fewer cases than the small shapes above.
    #![proptest_config(ProptestConfig { cases: cases(300) / 30, failure_persistence: None, ..ProptestConfig::default() })]

    /// Hostile shapes (issue 18): headers near and past the column limit, long header cells,
    /// a quote opened on any line and never closed, many line breaks in a quoted field. Each
    /// is read or refused with an error naming the file, never a panic, the same in any chunks.
    #[test]
    fn hostile_shapes_are_read_or_refused_alike_in_any_chunks(
        columns in 1usize..1100,
        cell in 0usize..1200,
        rows in 0usize..12,
        quote_at in prop::option::of(0usize..12),
        breaks in 0usize..200,
        chunk in 64usize..8192,
    ) {
        let mut csv: String = (0..columns).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
        csv += &format!(",{}\n", "h".repeat(cell));
        for r in 0..rows {
            let open = if quote_at == Some(r) { "\"" } else { "" };
            csv += &format!("{open}{r},2025-03-01,{}\n", "x\n".repeat(if open.is_empty() { 0 } else { breaks }));
        }
        let whole = read_bytes("h.csv", csv.as_bytes(), &IngestOptions::default());
        let parts = read_chunked("h.csv", csv.as_bytes(), chunk);
        match (&whole, &parts) {
            (Ok(a), Ok(b)) => {
                check(a);
                prop_assert!(a.columns.len() <= jornada_engine::ingest::MAX_COLUMNS);
                prop_assert_eq!(render(a), render(b));
            }
            (Err(a), Err(b)) => {
                prop_assert_eq!(a, b);
                prop_assert!(a.to_string().starts_with("h.csv"), "{}", a);
            }
            _ => prop_assert!(false, "whole {:?} vs chunked {:?}", whole.is_ok(), parts.is_ok()),
        }
    }
}
