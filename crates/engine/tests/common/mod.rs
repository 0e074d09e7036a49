#![allow(dead_code, clippy::unwrap_used)]
//! Helpers shared by the engine's integration tests; dates, `assert_close` and small fixtures
//! are the unit tests' own (`src/test_support/shared.rs`).

#[path = "../../src/test_support/shared.rs"]
mod shared;
// Not every test file uses every helper.
#[allow(unused_imports)]
pub use shared::*;

use jornada_engine::ingest::classify_status;
use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::table::{Role, Status, Table};
use jornada_engine::why::Why;

/// A `Why` part from string args, as tests write them.
pub fn w(key: &str, args: &[&str]) -> Why {
    Why::new(key, args.iter().copied())
}

/// `pedidos.csv` whose day/month order is settled only after the sample: 42 dates with no
/// day above 12 in the 2 sampled rows and the 40 after them (so `;` and Portuguese headers
/// make them dd/mm), then 03/15, month-first. With the options that sample 2 rows.
pub fn dates_settled_after_the_sample() -> Table {
    let mut csv = String::from("pedido;data;valor\n");
    for i in 0..42 {
        csv += &format!("{i};{:02}/{:02}/2025;10\n", i % 12 + 1, i / 12 + 1);
    }
    csv += "42;03/15/2025;30\n";
    let options = IngestOptions {
        sample_rows: Some(2),
        ..IngestOptions::default()
    };
    read_bytes("pedidos.csv", csv.as_bytes(), &options).unwrap()
}

pub fn fixture(path: &str) -> Vec<u8> {
    let p = format!("{}/tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

pub fn read(path: &str) -> Table {
    let bytes = fixture(path);
    let name = path.rsplit('/').next().unwrap();
    read_bytes(name, &bytes, &IngestOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// Kind, vendor, columns with role/type/confidence/reason, rows, rejects and warnings.
pub fn dump(t: &Table) -> String {
    let mut s = format!(
        "{} kind={:?} ({:.2}: {}) vendor={:?} currency={:?} rows={}\n",
        t.file,
        t.kind,
        t.kind_confidence,
        t.kind_reason,
        t.vendor,
        t.currency,
        t.rows()
    );
    for c in &t.columns {
        s += &format!(
            "  {:40} {:?} {:?} {:.2} q={:?} | {}\n",
            c.name, c.role, c.ty, c.confidence, c.question, c.reason
        );
    }
    for r in &t.rejects {
        s += &format!("  REJECT line {}: {}\n", r.line, r.reason);
    }
    for w in &t.warnings {
        s += &format!("  WARN {w}\n");
    }
    s
}

pub fn role_of(t: &Table, header: &str) -> Option<Role> {
    t.columns
        .iter()
        .find(|c| c.name == header)
        .and_then(|c| c.role)
}

/// Sum of amounts over rows whose status is completed (all rows when there is no status).
pub fn completed_sum(t: &Table) -> f64 {
    let amounts = t.numbers(Role::Amount).unwrap();
    let status = t.text(Role::Status);
    (0..t.rows())
        .filter(|&i| {
            status.is_none_or(|s| {
                s.get(i)
                    .is_some_and(|v| classify_status(v) == Status::Completed)
            })
        })
        .filter_map(|i| amounts.get(i))
        .sum()
}

pub fn completed_count(t: &Table) -> usize {
    let status = t.text(Role::Status).unwrap();
    (0..t.rows())
        .filter(|&i| {
            status
                .get(i)
                .is_some_and(|v| classify_status(v) == Status::Completed)
        })
        .count()
}
