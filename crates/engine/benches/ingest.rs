//! Ingest throughput on generated files: prints time and MB/s (`cargo bench -p jornada-engine
//! --bench ingest`). The orders file mimics a 1M-row, ~62 MB export.
#![allow(clippy::unwrap_used)]

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use jornada_engine::ingest::{IngestOptions, Reader, read_bytes};

fn main() {
    divan::main();
}

/// `rows` orders: id, customer, ISO date-time, amount, status, channel, product.
fn orders_csv(rows: usize) -> Vec<u8> {
    let mut s = String::with_capacity(rows * 64);
    s.push_str("order_id,customer_id,order_date,amount,status,channel,product\n");
    let statuses = [
        "paid",
        "paid",
        "paid",
        "refunded",
        "cancelled",
        "pending",
        "abandoned",
    ];
    let channels = ["site", "app", "store", "marketplace"];
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..rows {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let day = 1 + (x % 28);
        let month = 1 + (x >> 8) % 12;
        let cents = (x >> 16) % 200_000;
        s.push_str(&format!(
            "O{:07},C{:06},2025-{:02}-{:02} {:02}:{:02}:{:02},{}.{:02},{},{},P{:03}\n",
            i,
            (x >> 24) % 200_000,
            month,
            day,
            (x >> 32) % 24,
            (x >> 40) % 60,
            (x >> 48) % 60,
            cents / 100,
            cents % 100,
            statuses[(x >> 5) as usize % statuses.len()],
            channels[(x >> 9) as usize % channels.len()],
            (x >> 12) % 500,
        ));
    }
    s.into_bytes()
}

/// The same orders as a Brazilian spreadsheet: `;`, `R$ 1.234,56`, dd/mm/aaaa.
fn orders_br(rows: usize) -> Vec<u8> {
    let en = String::from_utf8(orders_csv(rows)).unwrap();
    let mut out = String::with_capacity(en.len() + rows * 8);
    out.push_str("pedido;cliente;data_pedido;valor;status;canal;produto\n");
    for line in en.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (date, time) = f[2].split_once(' ').unwrap();
        let d: Vec<&str> = date.split('-').collect();
        let (int, frac) = f[3].split_once('.').unwrap();
        out.push_str(&format!(
            "{};{};{}/{}/{} {};R$ {},{};{};{};{}\n",
            f[0], f[1], d[2], d[1], d[0], time, int, frac, f[4], f[5], f[6]
        ));
    }
    out.into_bytes()
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn orders_1m_rows(bencher: Bencher<'_, '_>) {
    let bytes = orders_csv(1_000_000);
    eprintln!("orders_1m_rows: {:.1} MB", bytes.len() as f64 / 1e6);
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| black_box(read_bytes("orders.csv", &bytes, &IngestOptions::default()).unwrap()));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn orders_br_1m_rows(bencher: Bencher<'_, '_>) {
    let bytes = orders_br(1_000_000);
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| black_box(read_bytes("vendas.csv", &bytes, &IngestOptions::default()).unwrap()));
}

/// The browser reads files in 1 MiB slices; this is that path.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn orders_1m_rows_in_1mib_chunks(bencher: Bencher<'_, '_>) {
    let bytes = orders_csv(1_000_000);
    bencher.counter(BytesCount::new(bytes.len())).bench(|| {
        let mut r = Reader::new("orders.csv", IngestOptions::default());
        for c in bytes.chunks(1 << 20) {
            r.push(c).unwrap();
        }
        black_box(r.finish().unwrap())
    });
}

/// Generating the input alone, to subtract from CPU-time measurements of the others.
#[divan::bench(sample_count = 1, sample_size = 1)]
fn generate_only(bencher: Bencher<'_, '_>) {
    bencher.bench(|| black_box(orders_csv(1_000_000).len()));
}
