//! Ingest alone on files from disk, read in 1 MiB chunks as the CLI and the browser do:
//! rows, MB, wall and CPU time per file (best of N runs). A diagnostic companion to
//! `benches/ingest.rs` that works on a loaded machine (CPU time is this thread's, from
//! Linux `schedstat`) and under callgrind (`N` = 1).
//!
//! `cargo run --release -p jornada-engine --example ingest_profile -- [-n N] FILE...`

use jornada_engine::ingest::{IngestOptions, Reader};
use std::io::Read;
use std::time::{Duration, Instant};

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut runs = 3;
    if args.first().is_some_and(|a| a == "-n") && args.len() >= 2 {
        runs = args[1].parse()?;
        args.drain(..2);
    }
    for path in &args {
        // The file is read once: only parsing is timed.
        let mut bytes = Vec::new();
        std::fs::File::open(path)?.read_to_end(&mut bytes)?;
        let name = path.rsplit('/').next().unwrap_or(path);
        let (mut best_wall, mut best_cpu) = (Duration::MAX, Duration::MAX);
        let mut rows = 0;
        for _ in 0..runs {
            let (w, c) = (Instant::now(), cpu());
            let options = IngestOptions {
                size_hint: Some(bytes.len() as u64),
                ..IngestOptions::default()
            };
            let mut r = Reader::new(name, options);
            for chunk in bytes.chunks(1 << 20) {
                r.push(chunk)?;
            }
            let table = r.finish()?;
            rows = table.rows();
            best_wall = best_wall.min(w.elapsed());
            if let (Some(a), Some(b)) = (c, cpu()) {
                best_cpu = best_cpu.min(b - a);
            }
            drop(table);
        }
        let mb = bytes.len() as f64 / 1e6;
        println!(
            "{name:<28} {rows:>9} rows {mb:>7.1} MB  wall {:>7.1} ms  cpu {:>7.1} ms  {:>6.0} MB/s (cpu)",
            best_wall.as_secs_f64() * 1e3,
            best_cpu.as_secs_f64() * 1e3,
            mb / best_cpu.as_secs_f64()
        );
    }
    Ok(())
}
