//! Writes the parity test's cases: for each data size and settings variant, the canonical
//! export (CSVs + `load.sql`) and the engine's value of every metric over several ranges
//! (`engine.json`). `tests/parity/parity.py` runs each metric's DuckDB twin on the same data
//! and ranges and compares.
//!
//! Usage: `cargo run -p jornada-engine --example parity -- OUT_DIR [SIZE...]`
//! (sizes are numbers of orders; default 2000 and 30000).

#[path = "common/synth.rs"]
mod synth;

use jornada_engine::canonical::{iso, write_canonical};
use jornada_engine::metrics::{Ctx, Scope, catalogue};
use jornada_engine::period::{DateRange, parse_period};
use jornada_engine::table::{Status, Table};
use jornada_engine::{Query, Settings};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// Settings variants whose effect the twins must follow (through `status_class`).
fn variants() -> Vec<(&'static str, Settings)> {
    let mut pending_paid = Settings::default();
    // An analyst who counts awaiting-payment orders as sales, and treats the "enviado p/
    // cliente" word the default vocabulary does not know as completed.
    pending_paid
        .status_words
        .insert("aguardando pagamento".into(), Status::Completed);
    pending_paid
        .status_words
        .insert("enviado p cliente".into(), Status::Completed);
    let mut strict = Settings::default();
    // Only "pago" and "paid" count: "concluido" and "completed" become "other".
    strict
        .status_words
        .insert("concluido".into(), Status::Other);
    strict
        .status_words
        .insert("completed".into(), Status::Other);
    vec![
        ("default", Settings::default()),
        ("pending_paid", pending_paid),
        ("strict", strict),
    ]
}

fn ranges(full: DateRange) -> Vec<(String, DateRange)> {
    let mut out = vec![("all".to_string(), full)];
    for label in ["2024-Q2", "2025-03", "2024-W10", "2025-02-10", "2025"] {
        if let Ok((_, r)) = parse_period(label) {
            out.push((label.to_string(), r));
        }
    }
    out
}

fn case(dir: &Path, tables: &[Table], settings: &Settings) -> std::io::Result<()> {
    write_canonical(tables, settings, dir)?;
    let query = Query::default();
    let ctx = Ctx::new(tables, settings, &query);
    let mut unavailable = serde_json::Map::new();
    let mut out_ranges = Vec::new();
    for (label, range) in ranges(ctx.range) {
        let scope = Scope {
            range,
            filter: None,
        };
        let mut values = serde_json::Map::new();
        for def in catalogue() {
            match (def.compute)(&ctx, &scope) {
                Ok(c) => {
                    values.insert(
                        def.id.to_string(),
                        c.value.map_or(Value::Null, |v| json!(v)),
                    );
                }
                Err(needs) => {
                    unavailable.insert(def.id.to_string(), json!(needs.0));
                }
            }
        }
        out_ranges.push(json!({
            "label": label,
            "start": iso(range.start),
            "end": iso(range.end),
            "values": values,
        }));
    }
    let doc = json!({ "ranges": out_ranges, "unavailable": unavailable });
    std::fs::write(
        dir.join("engine.json"),
        serde_json::to_vec_pretty(&doc).unwrap_or_default(),
    )
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/parity".into()));
    let sizes: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![2_000, 30_000]
    } else {
        sizes
    };
    for size in sizes {
        let tables = synth::company(size, size as u64);
        for (name, settings) in variants() {
            let dir = out.join(format!("synth-{size}-{name}"));
            case(&dir, &tables, &settings)?;
            println!("{}", dir.display());
        }
    }
    Ok(())
}
