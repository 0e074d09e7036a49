//! The orders file of the performance harness (`bench/perf`, issue 16): columns
//! `order_id,customer_id,order_date,amount,status,channel`, deterministic (seeded
//! xorshift), dates in 2024-2025 in date order with a time of day, customers skewed so that
//! some buy often, statuses completed / abandoned / cancelled / refunded.
//!
//! `cargo run --release -p jornada-engine --example bench_orders -- ROWS OUT.csv`
//! (`ROWS` may be a byte size instead, `1GB`: rows are written until the file reaches it).

use std::io::Write;

/// xorshift64*: deterministic, dependency-free (as `common/synth.rs`).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const CHANNELS: [&str; 6] = ["site", "app", "loja", "marketplace", "whatsapp", "telefone"];
/// Days from 2024-01-01: 2024 (leap) and 2025.
const DAYS: u64 = 731;

/// (year, month, day) of the `d`-th day from 2024-01-01.
fn civil(mut d: u64) -> (u64, u64, u64) {
    let mut year = 2024;
    loop {
        let len = if year % 4 == 0 { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        year += 1;
    }
    let feb = if year % 4 == 0 { 29 } else { 28 };
    let months = [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut month = 0;
    while d >= months[month] {
        d -= months[month];
        month += 1;
    }
    (year, month as u64 + 1, d + 1)
}

enum Limit {
    Rows(u64),
    Bytes(u64),
}

fn parse_limit(arg: &str) -> Option<Limit> {
    let a = arg.to_ascii_lowercase();
    let (num, mult, bytes) = if let Some(n) = a.strip_suffix("gb") {
        (n, 1u64 << 30, true)
    } else if let Some(n) = a.strip_suffix("mb") {
        (n, 1 << 20, true)
    } else if let Some(n) = a.strip_suffix('m') {
        (n, 1_000_000, false)
    } else if let Some(n) = a.strip_suffix('k') {
        (n, 1_000, false)
    } else {
        (a.as_str(), 1, false)
    };
    let n = num.parse::<u64>().ok()? * mult;
    Some(if bytes {
        Limit::Bytes(n)
    } else {
        Limit::Rows(n)
    })
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(limit), Some(out)) = (args.first().and_then(|a| parse_limit(a)), args.get(1)) else {
        eprintln!("usage: bench_orders ROWS|SIZE(GB|MB) OUT.csv");
        std::process::exit(2);
    };
    // Rows are spread evenly over the days; for a byte limit, about 62 bytes a row.
    let rows = match limit {
        Limit::Rows(n) => n,
        Limit::Bytes(b) => b / 62 + 1,
    };
    let max_bytes = match limit {
        Limit::Bytes(b) => b,
        Limit::Rows(_) => u64::MAX,
    };
    // One customer per 4 orders on average: repurchase is common but not universal.
    let customers = (rows / 4).max(1);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ rows);
    let file = std::fs::File::create(out)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let header = b"order_id,customer_id,order_date,amount,status,channel\n";
    w.write_all(header)?;
    let mut written = header.len() as u64;
    let mut line = Vec::with_capacity(128);
    let mut i = 0u64;
    while i < rows && written < max_bytes {
        let day = i * DAYS / rows;
        let (y, m, d) = civil(day);
        let secs = rng.below(86_400);
        let (a, b) = (rng.below(customers), rng.below(customers));
        let customer = a.min(b) + 1;
        let cents = 500 + rng.below(50_000) + if rng.below(10) == 0 { 100_000 } else { 0 };
        let status = match rng.below(100) {
            0..=77 => "completed",
            78..=89 => "abandoned",
            90..=95 => "cancelled",
            _ => "refunded",
        };
        let channel = CHANNELS[rng.below(CHANNELS.len() as u64) as usize];
        line.clear();
        writeln!(
            line,
            "{},{},{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02},{}.{:02},{status},{channel}",
            1_000_000 + i,
            customer,
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            cents / 100,
            cents % 100,
        )?;
        w.write_all(&line)?;
        written += line.len() as u64;
        i += 1;
    }
    w.flush()?;
    eprintln!("{out}: {i} orders, {:.1} MB", written as f64 / 1e6);
    Ok(())
}
