//! The speed target of issue 4: on the 1M-order sample, ingest the orders file, then compute
//! the full orders metric set (every metric an orders table allows). Target: ≤ 300 ms native
//! for the metrics at 1M rows.
//!
//! `cargo bench -p jornada-engine --bench analyze` (set `JORNADA_BENCH_ORDERS=100000` for a
//! quicker run, `JORNADA_BENCH_LANG=en` for the English sample). The sample is generated in
//! memory once; before divan's table, one timed pass prints rows, MB, MB/s and ms.

use jornada_engine::ingest::{IngestOptions, Reader};
use jornada_engine::metrics::analyze;
use jornada_engine::sample::{self, Lang, SampleSize};
use jornada_engine::{Query, Settings, Table};
use std::sync::OnceLock;
use std::time::Instant;

const CHUNK: usize = 1 << 20;

fn orders_csv() -> &'static (String, Vec<u8>) {
    static CSV: OnceLock<(String, Vec<u8>)> = OnceLock::new();
    CSV.get_or_init(|| {
        let orders: u64 = std::env::var("JORNADA_BENCH_ORDERS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(1_000_000);
        let lang: Lang = std::env::var("JORNADA_BENCH_LANG")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(Lang::Pt);
        let name = sample::orders_file_name(lang).to_string();
        let mut csv = Vec::new();
        let t = Instant::now();
        let generated: Result<(), std::convert::Infallible> =
            sample::generate_to(SampleSize::Orders(orders), lang, 42, |file, chunk| {
                if file == name {
                    csv.extend_from_slice(chunk);
                }
                Ok(())
            });
        if let Err(never) = generated {
            match never {}
        }
        eprintln!(
            "sample: {name} ({lang}), {:.1} MB, generated with the other files in {:.0} ms",
            csv.len() as f64 / 1e6,
            t.elapsed().as_secs_f64() * 1e3
        );
        (name, csv)
    })
}

/// Reads the orders file through the streaming reader, in 1 MB chunks as the CLI does.
fn ingest(name: &str, csv: &[u8]) -> Table {
    let mut reader = Reader::new(name, IngestOptions::default());
    for chunk in csv.chunks(CHUNK) {
        if let Err(e) = reader.push(chunk) {
            panic!("the sample does not ingest: {e}");
        }
    }
    reader
        .finish()
        .unwrap_or_else(|e| panic!("the sample does not ingest: {e}"))
}

fn orders_table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let (name, csv) = orders_csv();
        ingest(name, csv)
    })
}

fn main() {
    // One timed pass with the figures the issue asks for, then divan's statistics.
    let (name, csv) = orders_csv();
    let mb = csv.len() as f64 / 1e6;
    let t = Instant::now();
    let table = ingest(name, csv);
    let ingest_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let report = analyze(
        std::slice::from_ref(&table),
        &Settings::default(),
        &Query::default(),
    );
    let metrics_s = t.elapsed().as_secs_f64();
    eprintln!(
        "ingest: {} rows ({} rejected), {mb:.1} MB in {:.0} ms = {:.0} MB/s",
        table.rows(),
        table.rejects.len(),
        ingest_s * 1e3,
        mb / ingest_s
    );
    eprintln!(
        "metrics: {} computed ({} unavailable) in {:.0} ms; ingest + metrics {:.0} ms",
        report.metrics.len(),
        report.unavailable.len(),
        metrics_s * 1e3,
        (ingest_s + metrics_s) * 1e3
    );
    divan::main();
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn ingest_orders(bencher: divan::Bencher<'_, '_>) {
    let (name, csv) = orders_csv();
    bencher
        .counter(divan::counter::BytesCount::new(csv.len()))
        .bench(|| ingest(name, divan::black_box(csv)));
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn orders_metric_set(bencher: divan::Bencher<'_, '_>) {
    let table = orders_table();
    let settings = Settings::default();
    let query = Query::default();
    bencher.bench(|| {
        analyze(
            divan::black_box(std::slice::from_ref(table)),
            &settings,
            &query,
        )
    });
}
