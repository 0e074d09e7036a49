//! The engine's steps in wasm, as the worker runs them, timed one by one: each file read
//! through ingest, then `metrics::Steps` to the end of the report (or `--until ID`),
//! `--reps N` times in one instance (the later ones run V8's optimised code, as the app's
//! warmed-up worker does). `--chunk BYTES` pushes the file through `Reader` in slices of that
//! size, as the worker does, instead of `read_bytes` over the whole file.
//!
//! Built for wasm32-wasip1 and run by `run.mjs` (README, Benchmarks).

use jornada_engine::ingest::{IngestOptions, Reader, read_bytes};
use jornada_engine::metrics::{Ctx, Steps, catalogue};
use jornada_engine::{IngestError, Query, Settings, Table};
use std::time::Instant;

struct Args {
    files: Vec<String>,
    until: Option<String>,
    reps: usize,
    chunk: Option<usize>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        files: Vec::new(),
        until: None,
        reps: 1,
        chunk: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--until" => a.until = Some(value("--until")?),
            "--reps" => {
                a.reps = value("--reps")?
                    .parse()
                    .map_err(|e| format!("--reps: {e}"))?
            }
            "--chunk" => {
                a.chunk = Some(
                    value("--chunk")?
                        .parse()
                        .map_err(|e| format!("--chunk: {e}"))?,
                )
            }
            _ => a.files.push(arg),
        }
    }
    if a.files.is_empty() {
        return Err("usage: FILE... [--until METRIC_ID] [--reps N] [--chunk BYTES]".into());
    }
    Ok(a)
}

fn read(path: &str, chunk: Option<usize>) -> Result<Table, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let name = path.rsplit('/').next().unwrap_or(path);
    let read = || -> Result<Table, IngestError> {
        let Some(chunk) = chunk else {
            return read_bytes(name, &bytes, &IngestOptions::default());
        };
        let options = IngestOptions {
            size_hint: Some(bytes.len() as u64),
            ..IngestOptions::default()
        };
        let mut reader = Reader::new(name, options);
        for part in bytes.chunks(chunk.max(1)) {
            reader.push(part)?;
        }
        reader.finish()
    };
    read().map_err(|e| e.to_string())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("{e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), String> {
    let a = args()?;
    let defs = catalogue();
    for rep in 1..=a.reps {
        let start = Instant::now();
        let tables = a
            .files
            .iter()
            .map(|f| read(f, a.chunk))
            .collect::<Result<Vec<_>, _>>()?;
        let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;
        println!("run {rep}  {:<40} {:>9.1} ms", "read", ms(start));
        let (settings, query) = (Settings::default(), Query::default());
        let ctx = Ctx::new(&tables, &settings, &query);
        let mut last = Instant::now();
        for (at, _) in Steps::new(&ctx, None) {
            let id = defs.get(at).map_or("?", |d| d.id);
            // Steps under a millisecond are left out: most metrics have no input here.
            if ms(last) >= 1.0 {
                println!("run {rep}  {id:<40} {:>9.1} ms", ms(last));
            }
            last = Instant::now();
            if a.until.as_deref() == Some(id) {
                break;
            }
        }
        println!("run {rep}  {:<40} {:>9.1} ms", "total", ms(start));
    }
    Ok(())
}
