//! Any bytes, in any chunks: ingest never panics, a refusal names the file, and chunk
//! boundaries never change the table (the same checks as `tests/ingest_robustness.rs`,
//! coverage-guided). The first byte picks the chunk size.
#![no_main]
use jornada_engine::ingest::{IngestOptions, MAX_COLUMNS, Reader, read_bytes};
use jornada_engine::table::{Table, Values};
use libfuzzer_sys::fuzz_target;

fn render(t: &Table) -> String {
    let mut s = format!("{:?} lines={:?} rejects={:?}\n", t.kind, t.lines, t.rejects);
    for c in &t.columns {
        s += &format!("{} {:?}: ", c.name, c.role);
        for i in 0..t.rows() {
            s += &match &c.values {
                Values::Text(v) => format!("{:?}|", v.get(i)),
                Values::Number(v) => format!("{:?}|", v[i]),
                Values::Date(v) => format!("{:?}|", v[i]),
                Values::Bool(v) => format!("{:?}|", v[i]),
            };
        }
        s.push('\n');
    }
    s
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else { return };
    let chunk = usize::from(first) * 7 + 1;
    let whole = read_bytes("fuzz.csv", bytes, &IngestOptions::default());
    let mut reader = Reader::new("fuzz.csv", IngestOptions::default());
    let parts = bytes
        .chunks(chunk)
        .try_for_each(|c| reader.push(c).map(|_| ()))
        .and_then(|()| reader.finish());
    match (&whole, &parts) {
        (Ok(a), Ok(b)) => {
            assert!(a.columns.len() <= MAX_COLUMNS);
            for c in &a.columns {
                assert_eq!(c.values.len(), a.rows(), "{}", c.name);
                assert!((0.0..=1.0).contains(&c.confidence));
            }
            assert!(a.lines.windows(2).all(|w| w[0] < w[1]));
            assert!(a.rejects.iter().all(|r| r.line >= 1));
            assert_eq!(render(a), render(b), "chunks of {chunk}");
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "chunks of {chunk}");
            assert!(a.to_string().starts_with("fuzz.csv"), "{a}");
        }
        _ => panic!("whole {:?} vs chunks of {chunk} {:?}", whole.is_ok(), parts.is_ok()),
    }
});
