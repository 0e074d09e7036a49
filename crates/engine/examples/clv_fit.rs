//! The BG/NBD and Gamma-Gamma fits of `loyalty.clv_predicted`: speed and values.
//!
//! ```sh
//! cargo run --release -p jornada-engine --example clv_fit                    # 200k simulated customers
//! cargo run --release -p jornada-engine --example clv_fit -- --customers 50000 --repeat 5
//! cargo run --release -p jornada-engine --example clv_fit -- orders.csv      # the fit on real files
//! cargo run --release -p jornada-engine --example clv_fit -- --out DIR orders.csv
//! ```
//!
//! Simulated: customers drawn from known BG/NBD (r 0.25, α 4, a 0.8, b 2.5, weeks) and
//! Gamma-Gamma (p 6, q 4, γ 15) parameters over a 78-week window with staggered first
//! purchases; prints each fit's CPU time (the median of `--repeat` runs) and the estimates.
//! With files: the engine's own inputs (per-day summaries up to the data's end) and fits;
//! `--out DIR` also writes `DIR/clv_engine.json` (the parameters and every customer's
//! P(alive), expected purchases and CLV, by customer id) for `tests/parity/clv.py`.

use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::metrics::Ctx;
use jornada_engine::metrics::loyalty::clv;
use jornada_engine::stats::bgnbd::{self, BgNbd, Rfm};
use jornada_engine::stats::gamma_gamma::{self, Spend};
use jornada_engine::{Query, Settings};
use rand::{Rng, SeedableRng};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut customers = 200_000usize;
    let mut repeat = 3usize;
    let mut out: Option<String> = None;
    let mut files = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--customers" => {
                customers = it.next().and_then(|v| v.parse().ok()).unwrap_or(customers)
            }
            "--repeat" => repeat = it.next().and_then(|v| v.parse().ok()).unwrap_or(repeat),
            "--out" => out = it.next(),
            _ => files.push(a),
        }
    }
    if files.is_empty() {
        simulated(customers, repeat.max(1));
    } else {
        real(&files, out.as_deref());
    }
}

fn ms(f: impl FnOnce()) -> f64 {
    timed(f).0
}

/// (milliseconds, value) of one call.
fn timed<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let t = Instant::now();
    let v = f();
    (t.elapsed().as_secs_f64() * 1e3, v)
}

/// The median time of `repeat` calls, and the last call's value.
fn median_of<T>(repeat: usize, f: impl Fn() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(repeat);
    let mut last = timed(&f);
    times.push(last.0);
    for _ in 1..repeat {
        last = timed(&f);
        times.push(last.0);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], last.1)
}

fn simulated(n: usize, repeat: usize) {
    let (rfm, spend) = simulate(n, 11);
    println!(
        "{n} simulated customers ({} with repeat purchases), 78-week window",
        spend.len()
    );
    let (t_bg, bg) = median_of(repeat, || bgnbd::fit(&rfm));
    let (t_gg, gg) = median_of(repeat, || gamma_gamma::fit(&spend));
    println!(
        "BG/NBD fit:      {t_bg:8.1} ms  ({} evaluations, converged {})  r {:.4} α {:.4} a {:.4} b {:.4}   (truth 0.25 4 0.8 2.5)",
        bg.mle.evaluations,
        bg.mle.converged,
        bg.params.r,
        bg.params.alpha,
        bg.params.a,
        bg.params.b
    );
    println!(
        "Gamma-Gamma fit: {t_gg:8.1} ms  ({} evaluations, converged {})  p {:.4} q {:.4} γ {:.4}   (truth 6 4 15)",
        gg.mle.evaluations, gg.mle.converged, gg.params.p, gg.params.q, gg.params.gamma
    );
    println!(
        "both fits:       {:8.1} ms (median of {repeat})",
        t_bg + t_gg
    );
    let t_pred = ms(|| {
        let s: f64 = rfm
            .iter()
            .map(|c| {
                clv::discounted(&bg.params, c, 20.0, 12, 0.01)
                    .map(|(_, v)| v)
                    .unwrap_or(0.0)
            })
            .sum();
        std::hint::black_box(s);
    });
    println!("12-month CLV of every customer: {t_pred:8.1} ms");
}

/// Customers of known parameters; first purchases spread over the first 52 of 78 weeks.
fn simulate(n: usize, seed: u64) -> (Vec<Rfm>, Vec<Spend>) {
    let truth = BgNbd {
        r: 0.25,
        alpha: 4.0,
        a: 0.8,
        b: 2.5,
    };
    let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
    let mut rfm = Vec::with_capacity(n);
    let mut spend = Vec::new();
    for _ in 0..n {
        let lambda = gamma(truth.r, &mut rng) / truth.alpha;
        let (ga, gb) = (gamma(truth.a, &mut rng), gamma(truth.b, &mut rng));
        let p = ga / (ga + gb);
        // Whole days, as the engine counts them.
        let start = (rng.random::<f64>() * 52.0 * 7.0).floor();
        let t = (78.0 * 7.0 - start) / 7.0;
        let (mut now, mut x, mut t_x) = (0.0, 0u32, 0.0);
        loop {
            now += -(1.0 - rng.random::<f64>()).ln() / lambda;
            if now > t {
                break;
            }
            let day = (now * 7.0).floor() / 7.0;
            if day > t_x || x == 0 && day > 0.0 {
                x += 1;
                t_x = day;
            }
            if rng.random::<f64>() < p {
                break;
            }
        }
        rfm.push(Rfm { x, t_x, t });
        if x > 0 {
            let nu = gamma(4.0, &mut rng) / 15.0;
            let total: f64 = (0..x).map(|_| gamma(6.0, &mut rng) / nu).sum();
            spend.push(Spend {
                x,
                m: total / x as f64,
            });
        }
    }
    (rfm, spend)
}

/// A Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 boosted by U^(1/shape)).
fn gamma(shape: f64, rng: &mut rand_pcg::Pcg64) -> f64 {
    let boost = if shape < 1.0 {
        rng.random::<f64>().powf(1.0 / shape)
    } else {
        1.0
    };
    let d = shape.max(1.0) + if shape < 1.0 { 1.0 } else { 0.0 } - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let (u1, u2): (f64, f64) = (rng.random(), rng.random());
        let z = (-2.0 * u1.max(1e-300).ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
        let v = (1.0 + c * z).powi(3);
        if v > 0.0 && rng.random::<f64>().ln() < 0.5 * z * z + d - d * v + d * v.ln() {
            return boost * d * v;
        }
    }
}

fn real(files: &[String], out: Option<&str>) {
    let tables: Vec<_> = files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).unwrap_or_else(|e| panic!("{f}: {e}"));
            read_bytes(f, &bytes, &IngestOptions::default()).unwrap_or_else(|e| panic!("{f}: {e}"))
        })
        .collect();
    let settings = Settings::default();
    let query = Query::default();
    let ctx = Ctx::new(&tables, &settings, &query);
    let scope = ctx.scope();
    let (rfm, spend) = match clv::model_inputs(&ctx, &scope) {
        Ok(v) => v,
        Err(e) => {
            println!("no inputs: {e}");
            return;
        }
    };
    let rfm_only: Vec<Rfm> = rfm.iter().map(|(_, r)| *r).collect();
    println!(
        "{} customers, {} with spend on repeat days; range end {}",
        rfm.len(),
        spend.len(),
        scope.range.end
    );
    let (t_bg, bg) = timed(|| bgnbd::fit(&rfm_only));
    let (t_gg, gg) = timed(|| gamma_gamma::fit(&spend));
    println!("BG/NBD {t_bg:.1} ms: {:?}", bg.mle);
    println!("Gamma-Gamma {t_gg:.1} ms: {:?}", gg.mle);
    match clv::predict(&ctx, &scope) {
        Ok(p) => {
            println!(
                "prediction: {} customers, warnings {:?}",
                p.customers.len(),
                p.warnings
            );
            if let Some(dir) = out {
                write_engine_json(&ctx, &p, &scope, dir);
            }
        }
        Err(e) => println!("no prediction: {e}"),
    }
}

fn write_engine_json(
    ctx: &Ctx<'_>,
    p: &clv::ClvPrediction,
    scope: &jornada_engine::metrics::Scope,
    dir: &str,
) {
    let b = &p.bgnbd.params;
    let spend: serde_json::Map<String, serde_json::Value> = p
        .spend
        .parameters()
        .iter()
        .map(|(n, e)| (n.to_string(), serde_json::json!(e.value)))
        .collect();
    let customers: Vec<serde_json::Value> = p
        .customers
        .iter()
        .map(|c| {
            serde_json::json!({
                "customer": clv::customer_label(ctx, c),
                "x": c.rfm.x, "t_x": c.rfm.t_x, "T": c.rfm.t,
                "spend_days": c.spend_days, "mean_spend": c.mean_spend,
                "p_alive": c.p_alive,
                "expected_purchases_52w": b.expected_purchases(&c.rfm, 52.0),
                "expected_purchases": c.expected_purchases,
                "expected_spend": c.expected_spend,
                "clv": c.clv,
            })
        })
        .collect();
    let json = serde_json::json!({
        "range_end_seconds": scope.range.end,
        "bgnbd": {"r": b.r, "alpha": b.alpha, "a": b.a, "b": b.b},
        "spend": spend,
        "warnings": p.warnings,
        "customers": customers,
    });
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
    let path = format!("{dir}/clv_engine.json");
    std::fs::write(&path, json.to_string()).unwrap_or_else(|e| panic!("{path}: {e}"));
    println!("wrote {path}");
}
