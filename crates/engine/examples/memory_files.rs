//! Where a file's memory goes: reads each file through [`Reader`] in 1 MiB chunks (as the CLI
//! and the worker do), prints each column's bytes and the process's peak resident memory
//! after ingest and after `analyze` (Linux `VmHWM`). A diagnostic for issue 16's memory
//! targets.
//!
//! `cargo run --release -p jornada-engine --example memory_files -- FILE... [--no-analyze]`

use jornada_engine::ingest::{IngestOptions, Reader};
use jornada_engine::metrics::analyze;
use jornada_engine::table::Values;
use jornada_engine::{Query, Settings, Table};
use std::io::Read;

/// `VmHWM` / `VmRSS` of this process in MB (0 where /proc is missing).
fn status_mb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn mb(b: usize) -> f64 {
    b as f64 / 1e6
}

fn read(path: &str) -> Table {
    let mut file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let size = file.metadata().ok().map(|m| m.len());
    let mut reader = Reader::new(
        path,
        IngestOptions {
            size_hint: size,
            ..IngestOptions::default()
        },
    );
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        if n == 0 {
            break;
        }
        reader
            .push(&buf[..n])
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    reader.finish().unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let no_analyze = args.iter().any(|a| a == "--no-analyze");
    let mut tables = Vec::new();
    for f in args.iter().filter(|a| !a.starts_with("--")) {
        let t = read(f);
        println!("{} ({} rows)", t.file, t.rows());
        let mut total = t.lines.capacity() * 4;
        println!("  {:<28} {:>10.1} MB", "lines", mb(total));
        for c in &t.columns {
            let (kind, bytes) = match &c.values {
                Values::Text(v) => ("text", v.heap_bytes()),
                Values::Number(v) => ("number", v.heap_bytes()),
                Values::Date(v) => ("date", v.heap_bytes()),
                Values::Bool(v) => ("bool", v.capacity() * size_of::<Option<bool>>()),
            };
            let distinct = c.values.as_text().map_or(0, |t| t.dict.len());
            println!(
                "  {:<20} {:<7} {:>10.1} MB  {distinct} distinct",
                c.name,
                kind,
                mb(bytes)
            );
            total += bytes;
        }
        println!("  {:<28} {:>10.1} MB", "table", mb(total));
        println!(
            "  after ingest: peak {:.0} MB, now {:.0} MB",
            status_mb("VmHWM:"),
            status_mb("VmRSS:")
        );
        tables.push(t);
    }
    if !no_analyze {
        let report = analyze(&tables, &Settings::default(), &Query::default());
        println!(
            "after analyze ({} metrics): peak {:.0} MB, now {:.0} MB",
            report.metrics.len(),
            status_mb("VmHWM:"),
            status_mb("VmRSS:")
        );
    }
}
