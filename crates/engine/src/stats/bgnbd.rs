//! The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting your customers
//! the easy way"): while alive a customer buys as a Poisson process of rate λ ~ Gamma(r, α);
//! after each purchase they drop out with probability p ~ Beta(a, b). A customer is summarised
//! by `x` repeat purchases (purchase days after the first), the recency `t_x` of their last
//! one and their age `T` (both from their first purchase, in the model's time unit).

use crate::stats::mle::{self, Estimate, MleFit};
use libm::lgamma;
use serde::Serialize;

/// One customer's summary: `x` repeat purchases, the last at `t_x`, observed for `T`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rfm {
    pub x: u32,
    pub t_x: f64,
    #[serde(rename = "T")]
    pub t: f64,
}

/// The four BG/NBD parameters (α in the time unit of the data it was fitted on).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BgNbd {
    pub r: f64,
    pub alpha: f64,
    pub a: f64,
    pub b: f64,
}

/// A fitted BG/NBD: the parameters with their intervals and how the fit went.
#[derive(Debug, Clone, PartialEq)]
pub struct BgNbdFit {
    pub params: BgNbd,
    /// r, α, a, b.
    pub estimates: [Estimate; 4],
    pub mle: MleFit,
}

impl BgNbd {
    /// One customer's log-likelihood (FHL 2005, eq. 6):
    /// L = Γ(r+x) α^r / Γ(r) · B(a, b+x) / B(a, b) ·
    ///     [ (α+T)^-(r+x) + δ(x>0) · a / (b+x-1) · (α+t_x)^-(r+x) ].
    pub fn log_likelihood(&self, c: &Rfm) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let x = c.x as f64;
        let ln_common = lgamma(r + x) - lgamma(r) + r * alpha.ln() + lgamma(a + b) + lgamma(b + x)
            - lgamma(b)
            - lgamma(a + b + x);
        let still = -(r + x) * (alpha + c.t).ln();
        if c.x == 0 {
            return ln_common + still;
        }
        let dropped = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + c.t_x).ln();
        ln_common + log_add(still, dropped)
    }

    /// P(alive | x, t_x, T) = 1 / (1 + δ(x>0) · a / (b+x-1) · ((α+T) / (α+t_x))^(r+x)):
    /// 1 for a customer with no repeat purchase (the model lets them drop out only after one).
    pub fn p_alive(&self, c: &Rfm) -> f64 {
        if c.x == 0 {
            return 1.0;
        }
        let x = c.x as f64;
        let ln_ratio = (self.alpha + c.t).ln() - (self.alpha + c.t_x).ln();
        let odds = self.a / (self.b + x - 1.0) * ((self.r + x) * ln_ratio).exp();
        1.0 / (1.0 + odds)
    }

    /// Expected purchases in the next `t` (FHL 2005, eq. 10):
    /// E[Y(t) | x, t_x, T] = (a+b+x-1)/(a-1) ·
    ///   [1 - ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x-1; t/(α+T+t))] · P(alive).
    /// `None` when a = 1 (the formula's pole) or the series fails.
    pub fn expected_purchases(&self, c: &Rfm, t: f64) -> Option<f64> {
        if (self.a - 1.0).abs() < 1e-9 {
            return None;
        }
        if t <= 0.0 {
            return Some(0.0);
        }
        expected_from(self.if_alive(c.x, c.t, t)?, self.p_alive(c))
    }

    /// The factor of E[Y(t)] before P(alive), which depends on x and T but not on t_x:
    /// (a+b+x-1)/(a-1) · [1 - ((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x-1; t/(α+T+t))],
    /// for t > 0 and a ≠ 1. Customers of the same (x, T) share it (a fit's predictions
    /// compute it once per pair, not once per customer).
    pub fn if_alive(&self, x: u32, age: f64, t: f64) -> Option<f64> {
        let BgNbd { r, alpha, a, b } = *self;
        let x = x as f64;
        let z = t / (alpha + age + t);
        let f = hyp2f1(r + x, b + x, a + b + x - 1.0, z)?;
        let decay = ((r + x) * ((alpha + age) / (alpha + age + t)).ln()).exp();
        Some((a + b + x - 1.0) / (a - 1.0) * (1.0 - decay * f))
    }
}

/// E[Y(t)] from its factor before P(alive) ([`BgNbd::if_alive`]) and P(alive): their
/// product, `None` when not finite.
pub fn expected_from(if_alive: f64, p_alive: f64) -> Option<f64> {
    let e = if_alive * p_alive;
    e.is_finite().then_some(e.max(0.0))
}

/// ln(e^u + e^v) without overflow.
fn log_add(u: f64, v: f64) -> f64 {
    let (hi, lo) = if u > v { (u, v) } else { (v, u) };
    hi + super::exp::exp(lo - hi).ln_1p()
}

/// Gauss's hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its series, through
/// Euler's transformation (1-z)^(c-a-b) ₂F₁(c-a, c-b; c; z) when a + b > c so the terms
/// fall faster. `None` when the series has not settled in 100,000 terms.
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if !(0.0..1.0).contains(&z) {
        return None;
    }
    if a + b > c {
        return series(c - a, c - b, c, z).map(|s| (1.0 - z).powf(c - a - b) * s);
    }
    series(a, b, c, z)
}

fn series(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    let (mut term, mut sum) = (1.0_f64, 1.0_f64);
    for j in 0..100_000 {
        let j = j as f64;
        term *= (a + j) * (b + j) / ((c + j) * (j + 1.0)) * z;
        sum += term;
        if term.abs() <= 1e-15 * sum.abs() {
            return sum.is_finite().then_some(sum);
        }
    }
    None
}

/// The customers grouped for the likelihood: identical summaries merged with a weight, by
/// repeat count, with every distinct T and t_x listed once so that one evaluation takes
/// ln(α + T) once per distinct value (summaries on whole days repeat them a lot).
struct Grouped {
    /// (x, total weight, rows of `rows`).
    by_x: Vec<(u32, f64, std::ops::Range<usize>)>,
    /// (index of T in `ages`, index of t_x in `recencies`, weight).
    rows: Vec<(u32, u32, f64)>,
    ages: Vec<f64>,
    recencies: Vec<f64>,
}

impl Grouped {
    fn new(customers: &[Rfm]) -> Grouped {
        let distinct = |v: &mut Vec<f64>| {
            crate::stats::sort_f64(v);
            v.dedup();
        };
        let mut ages: Vec<f64> = customers.iter().map(|c| c.t).collect();
        let mut recencies: Vec<f64> = customers.iter().map(|c| c.t_x).collect();
        distinct(&mut ages);
        distinct(&mut recencies);
        let find = |v: &[f64], x: f64| v.partition_point(|&y| y < x) as u32;
        // (x, age, recency) packed in one key each, sorted by the engine's shared sort.
        let mut keyed: Vec<u128> = customers
            .iter()
            .map(|c| {
                (u128::from(c.x) << 64)
                    | (u128::from(find(&ages, c.t)) << 32)
                    | u128::from(find(&recencies, c.t_x))
            })
            .collect();
        crate::stats::sort_u128(&mut keyed);
        let mut by_x: Vec<(u32, f64, std::ops::Range<usize>)> = Vec::new();
        let mut rows: Vec<(u32, u32, f64)> = Vec::new();
        let mut i = 0;
        while i < keyed.len() {
            let packed = keyed[i];
            let mut j = i;
            while j < keyed.len() && keyed[j] == packed {
                j += 1;
            }
            let key = ((packed >> 64) as u32, (packed >> 32) as u32, packed as u32);
            let w = (j - i) as f64;
            match by_x.last_mut() {
                Some((x, total, range)) if *x == key.0 => {
                    *total += w;
                    range.end += 1;
                }
                _ => by_x.push((key.0, w, rows.len()..rows.len() + 1)),
            }
            rows.push((key.1, key.2, w));
            i = j;
        }
        Grouped {
            by_x,
            rows,
            ages,
            recencies,
        }
    }

    /// The negative log-likelihood of every customer at `BgNbd`, with the buffers reused.
    fn nll(&self, p: &BgNbd, ln_age: &mut Vec<f64>, ln_rec: &mut Vec<f64>) -> f64 {
        let BgNbd { r, alpha, a, b } = *p;
        ln_age.clear();
        ln_age.extend(self.ages.iter().map(|t| (alpha + t).ln()));
        ln_rec.clear();
        ln_rec.extend(self.recencies.iter().map(|t| (alpha + t).ln()));
        let fixed = -lgamma(r) + r * alpha.ln() + lgamma(a + b) - lgamma(b);
        let mut ll = 0.0;
        for (x, weight, range) in &self.by_x {
            let xf = *x as f64;
            let common = fixed + lgamma(r + xf) + lgamma(b + xf) - lgamma(a + b + xf);
            ll += weight * common;
            let rows = &self.rows[range.clone()];
            let k = r + xf;
            if *x == 0 {
                ll -= k * rows
                    .iter()
                    .map(|&(t, _, w)| w * ln_age[t as usize])
                    .sum::<f64>();
                continue;
            }
            let ln_drop = a.ln() - (b + xf - 1.0).ln();
            ll += rows
                .iter()
                .map(|&(t, tx, w)| {
                    let still = -k * ln_age[t as usize];
                    let dropped = ln_drop - k * ln_rec[tx as usize];
                    w * log_add(still, dropped)
                })
                .sum::<f64>();
        }
        -ll
    }
}

/// Fits the BG/NBD by maximum likelihood (Nelder–Mead on ln r, ln α, ln a, ln b from
/// r = a = b = 1 and α = the mean age), with 95% intervals from the observed information.
/// The customers' times are in the unit α comes out in.
pub fn fit(customers: &[Rfm]) -> BgNbdFit {
    let mean_age = customers.iter().map(|c| c.t).sum::<f64>() / customers.len().max(1) as f64;
    let start = [0.0, mean_age.max(1e-3).ln(), 0.0, 0.0];
    let (start, step) = mle::warm_start(customers, &start, |sample| objective(sample));
    let mle = mle::fit_log_params(objective(customers), &start, step);
    let e = &mle.estimates;
    let estimates = [e[0], e[1], e[2], e[3]];
    BgNbdFit {
        params: BgNbd {
            r: e[0].value,
            alpha: e[1].value,
            a: e[2].value,
            b: e[3].value,
        },
        estimates,
        mle,
    }
}

/// The negative log-likelihood of `customers` as a function of (ln r, ln α, ln a, ln b).
fn objective(customers: &[Rfm]) -> mle::Objective<'_> {
    let grouped = Grouped::new(customers);
    let buffers = std::cell::RefCell::new((Vec::new(), Vec::new()));
    Box::new(move |u: &[f64]| {
        let p = BgNbd {
            r: u[0].exp(),
            alpha: u[1].exp(),
            a: u[2].exp(),
            b: u[3].exp(),
        };
        let (ln_age, ln_rec) = &mut *buffers.borrow_mut();
        grouped.nll(&p, ln_age, ln_rec)
    })
}

/// The negative log-likelihood of `customers` at `p` (the fit's objective; for tests).
pub fn negative_log_likelihood(p: &BgNbd, customers: &[Rfm]) -> f64 {
    Grouped::new(customers).nll(p, &mut Vec::new(), &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONES: BgNbd = BgNbd {
        r: 1.0,
        alpha: 1.0,
        a: 1.0,
        b: 1.0,
    };

    #[test]
    fn one_customers_log_likelihood_by_hand() {
        // r = α = a = b = 1; x = 1, t_x = 1, T = 2:
        // Γ(2)·1¹/Γ(1) = 1; B(1, 2)/B(1, 1) = (1/2)/1 = 1/2;
        // bracket = (1+2)^-2 + 1/(1+1-1) · (1+1)^-2 = 1/9 + 1/4 = 13/36;
        // L = 1/2 · 13/36 = 13/72, ln L = ln 13 - ln 72 = -1.711718.
        let c = Rfm {
            x: 1,
            t_x: 1.0,
            t: 2.0,
        };
        assert!((ONES.log_likelihood(&c) - (13.0_f64 / 72.0).ln()).abs() < 1e-12);
        // x = 0, T = 1: L = (α/(α+T))^r = 1/2.
        let new = Rfm {
            x: 0,
            t_x: 0.0,
            t: 1.0,
        };
        assert!((ONES.log_likelihood(&new) - 0.5_f64.ln()).abs() < 1e-12);
        // The grouped objective is the sum of the two (and a repeat of one counts twice).
        let nll = negative_log_likelihood(&ONES, &[c, new, c]);
        assert!((nll + 2.0 * (13.0_f64 / 72.0).ln() + 0.5_f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn p_alive_by_hand() {
        // No repeat purchase: alive for sure.
        let new = Rfm {
            x: 0,
            t_x: 0.0,
            t: 10.0,
        };
        assert_eq!(ONES.p_alive(&new), 1.0);
        // x = 1, t_x = 1, T = 2: 1 / (1 + 1/1 · (3/2)²) = 1 / 3.25 = 4/13.
        let c = Rfm {
            x: 1,
            t_x: 1.0,
            t: 2.0,
        };
        assert!((ONES.p_alive(&c) - 4.0 / 13.0).abs() < 1e-12);
        // Bought at the very end of the window: the longer silence never happened, so more
        // alive than the one silent for a while.
        let recent = Rfm { t_x: 2.0, ..c };
        assert!(ONES.p_alive(&recent) > ONES.p_alive(&c));
    }

    #[test]
    fn expected_purchases_of_a_new_customer_by_hand() {
        // r = α = b = 1, a = 2; x = 0, T = 0 (the unconditional mean), t = 1:
        // (a+b-1)/(a-1) = 2; z = 1/2; ₂F₁(1, 1; 2; z) = -ln(1-z)/z = 2 ln 2;
        // E = 2 · (1 - (1/2)¹ · 2 ln 2) = 2 (1 - ln 2) = 0.613706.
        let p = BgNbd { a: 2.0, ..ONES };
        let c = Rfm {
            x: 0,
            t_x: 0.0,
            t: 0.0,
        };
        let e = p.expected_purchases(&c, 1.0).unwrap();
        assert!((e - 2.0 * (1.0 - 2.0_f64.ln())).abs() < 1e-12, "{e}");
        assert_eq!(p.expected_purchases(&c, 0.0), Some(0.0));
        // a = 1 is the formula's pole: no number rather than a wrong one.
        assert_eq!(ONES.expected_purchases(&c, 1.0), None);
    }

    #[test]
    fn the_hypergeometric_series_against_closed_forms() {
        // ₂F₁(1, 1; 2; z) = -ln(1-z)/z.
        for z in [0.1_f64, 0.5, 0.9, 0.99] {
            let want = -(1.0 - z).ln() / z;
            assert!((hyp2f1(1.0, 1.0, 2.0, z).unwrap() - want).abs() < 1e-10);
        }
        // ₂F₁(a, b; b; z) = (1-z)^-a (a + b > c: through Euler's transformation).
        let want = (1.0 - 0.7_f64).powf(-3.5);
        assert!((hyp2f1(3.5, 2.0, 2.0, 0.7).unwrap() - want).abs() < 1e-9 * want);
        assert_eq!(hyp2f1(1.0, 1.0, 2.0, 1.0), None);
    }

    #[test]
    fn the_fit_recovers_the_parameters_of_simulated_customers() {
        use rand::{Rng, SeedableRng};
        // Simulate 4,000 customers of known parameters over T = 52, fit, and check each
        // true value lies in its 95% interval.
        let truth = BgNbd {
            r: 0.8,
            alpha: 6.0,
            a: 0.9,
            b: 3.0,
        };
        let mut rng = rand_pcg::Pcg64::seed_from_u64(7);
        let gamma = |shape: f64, rate: f64, rng: &mut rand_pcg::Pcg64| {
            // Marsaglia–Tsang (shape < 1 boosted by U^(1/shape)).
            let boost = if shape < 1.0 {
                rng.random::<f64>().powf(1.0 / shape)
            } else {
                1.0
            };
            let k = if shape < 1.0 { shape + 1.0 } else { shape };
            let d = k - 1.0 / 3.0;
            let c = 1.0 / (9.0 * d).sqrt();
            loop {
                let (u1, u2): (f64, f64) = (rng.random(), rng.random());
                let n = (-2.0 * u1.max(1e-300).ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
                let v = (1.0 + c * n).powi(3);
                if v > 0.0 && rng.random::<f64>().ln() < 0.5 * n * n + d - d * v + d * v.ln() {
                    return boost * d * v / rate;
                }
            }
        };
        let customers: Vec<Rfm> = (0..4000)
            .map(|_| {
                let lambda = gamma(truth.r, truth.alpha, &mut rng);
                let ga = gamma(truth.a, 1.0, &mut rng);
                let gb = gamma(truth.b, 1.0, &mut rng);
                let p = ga / (ga + gb);
                let t = 52.0;
                let (mut now, mut x, mut t_x) = (0.0, 0, 0.0);
                loop {
                    now += -(1.0 - rng.random::<f64>()).ln() / lambda;
                    if now > t {
                        break;
                    }
                    x += 1;
                    t_x = now;
                    if rng.random::<f64>() < p {
                        break;
                    }
                }
                Rfm { x, t_x, t }
            })
            .collect();
        let fit = fit(&customers);
        assert!(fit.mle.converged && fit.mle.information_ok);
        let truth = [truth.r, truth.alpha, truth.a, truth.b];
        for (e, want) in fit.estimates.iter().zip(truth) {
            let (lo, hi) = (e.low.unwrap(), e.high.unwrap());
            assert!(lo <= want && want <= hi, "{want} not in [{lo}, {hi}]");
        }
    }
}
