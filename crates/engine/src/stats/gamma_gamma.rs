//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV:
//! using iso-value curves for customer base analysis"; Colombo & Jiang 1999): a customer's
//! purchase amounts are Gamma(p, ν) around their mean p/ν, and ν ~ Gamma(q, γ) across
//! customers. A customer is summarised by `x` repeat purchases and their mean amount `m`.

use crate::stats::mle::{self, Estimate, MleFit};
use libm::lgamma;
use serde::Serialize;

/// One repeat customer: `x` ≥ 1 repeat purchases of mean amount `m` > 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spend {
    pub x: u32,
    pub m: f64,
}

/// The three Gamma-Gamma parameters (γ in the currency of the amounts).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub gamma: f64,
}

/// A fitted Gamma-Gamma: the parameters with their intervals and how the fit went.
#[derive(Debug, Clone, PartialEq)]
pub struct GammaGammaFit {
    pub params: GammaGamma,
    /// p, q, γ.
    pub estimates: [Estimate; 3],
    pub mle: MleFit,
}

impl GammaGamma {
    /// One customer's log-likelihood of their mean amount:
    /// f(m | x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q · m^(px-1) · x^(px) / (γ + m x)^(px+q).
    pub fn log_likelihood(&self, s: &Spend) -> f64 {
        let GammaGamma { p, q, gamma } = *self;
        let x = s.x as f64;
        let px = p * x;
        lgamma(px + q) - lgamma(px) - lgamma(q)
            + q * gamma.ln()
            + (px - 1.0) * s.m.ln()
            + px * x.ln()
            - (px + q) * (gamma + s.m * x).ln()
    }

    /// The expected amount of a customer's next purchase, E[M | x, m] =
    /// p (γ + x m) / (p x + q - 1): a weighted mean of the population's mean p γ / (q - 1)
    /// and the customer's own `m`. A customer with no repeat purchase (x = 0) gets the
    /// population mean. `None` when q ≤ 1 (the population mean is infinite).
    pub fn expected_spend(&self, x: u32, m: f64) -> Option<f64> {
        let GammaGamma { p, q, gamma } = *self;
        if q <= 1.0 {
            return None;
        }
        let xf = x as f64;
        let own = if x == 0 { 0.0 } else { m };
        let e = p * (gamma + xf * own) / (p * xf + q - 1.0);
        e.is_finite().then_some(e)
    }
}

/// The repeat customers by repeat count, with what the likelihood needs of each group.
struct Grouped {
    /// (x, customers, Σ ln m, rows of `amounts`).
    by_x: Vec<(u32, f64, f64, std::ops::Range<usize>)>,
    /// x · m of each customer, grouped by x.
    amounts: Vec<f64>,
}

impl Grouped {
    fn new(customers: &[Spend]) -> Grouped {
        let mut sorted: Vec<Spend> = customers.to_vec();
        crate::stats::stable_sort_by(&mut sorted, |a, b| a.x.cmp(&b.x).then(a.m.total_cmp(&b.m)));
        let mut by_x: Vec<(u32, f64, f64, std::ops::Range<usize>)> = Vec::new();
        for (i, s) in sorted.iter().enumerate() {
            match by_x.last_mut() {
                Some((x, n, ln_m, range)) if *x == s.x => {
                    *n += 1.0;
                    *ln_m += s.m.ln();
                    range.end = i + 1;
                }
                _ => by_x.push((s.x, 1.0, s.m.ln(), i..i + 1)),
            }
        }
        Grouped {
            by_x,
            amounts: sorted.iter().map(|s| s.x as f64 * s.m).collect(),
        }
    }

    fn nll(&self, g: &GammaGamma) -> f64 {
        let GammaGamma { p, q, gamma } = *g;
        let fixed = -lgamma(q) + q * gamma.ln();
        let mut ll = 0.0;
        for (x, n, ln_m, range) in &self.by_x {
            let xf = *x as f64;
            let px = p * xf;
            ll += n * (fixed + lgamma(px + q) - lgamma(px) + px * xf.ln());
            ll += (px - 1.0) * ln_m;
            ll -= (px + q)
                * self.amounts[range.clone()]
                    .iter()
                    .map(|xm| (gamma + xm).ln())
                    .sum::<f64>();
        }
        -ll
    }
}

/// Fits the Gamma-Gamma by maximum likelihood (Nelder–Mead on ln p, ln q, ln γ from
/// p = q = 1 and γ = the mean amount), with 95% intervals from the observed information.
/// Only customers with x ≥ 1 and m > 0 carry information; the caller passes only those.
pub fn fit(customers: &[Spend]) -> GammaGammaFit {
    let mean = customers.iter().map(|s| s.m).sum::<f64>() / customers.len().max(1) as f64;
    let start = [0.0, 0.0, mean.max(1e-9).ln()];
    let (start, step) = mle::warm_start(customers, &start, |sample| objective(sample));
    let mle = mle::fit_log_params(objective(customers), &start, step);
    let e = &mle.estimates;
    GammaGammaFit {
        params: GammaGamma {
            p: e[0].value,
            q: e[1].value,
            gamma: e[2].value,
        },
        estimates: [e[0], e[1], e[2]],
        mle,
    }
}

/// The negative log-likelihood of `customers` as a function of (ln p, ln q, ln γ).
fn objective(customers: &[Spend]) -> mle::Objective<'_> {
    let grouped = Grouped::new(customers);
    Box::new(move |u: &[f64]| {
        grouped.nll(&GammaGamma {
            p: u[0].exp(),
            q: u[1].exp(),
            gamma: u[2].exp(),
        })
    })
}

/// The Gamma-Gamma's limit as p → ∞ (γ → 0 with p γ = `scale` fixed): a customer's
/// purchases no longer vary around their own mean, so m = p / ν exactly and the means are
/// InverseGamma(q, scale) across customers. The maximum likelihood of the Gamma-Gamma lies
/// there when the means do not spread less as x grows.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnMeanFit {
    /// q, scale.
    pub estimates: [Estimate; 2],
    pub mle: MleFit,
}

impl OwnMeanFit {
    /// ln f(m) = q ln s - ln Γ(q) - (q+1) ln m - s / m.
    pub fn log_likelihood(q: f64, scale: f64, m: f64) -> f64 {
        q * scale.ln() - lgamma(q) - (q + 1.0) * m.ln() - scale / m
    }

    /// E[M | x, m] = m for a repeat customer; the population mean s / (q - 1) for one with
    /// no repeat purchase; `None` when q ≤ 1.
    pub fn expected_spend(&self, x: u32, m: f64) -> Option<f64> {
        let (q, s) = (self.estimates[0].value, self.estimates[1].value);
        if x > 0 {
            return Some(m);
        }
        (q > 1.0).then(|| s / (q - 1.0))
    }
}

/// Fits the limit model (ln q, ln s from q = 2, s = the mean of the means).
pub fn fit_own_mean(customers: &[Spend]) -> OwnMeanFit {
    let n = customers.len() as f64;
    let (sum_ln, sum_inv) = customers
        .iter()
        .fold((0.0, 0.0), |(l, i), c| (l + c.m.ln(), i + 1.0 / c.m));
    let mean = customers.iter().map(|s| s.m).sum::<f64>() / n.max(1.0);
    let nll = |u: &[f64]| {
        let (q, s) = (u[0].exp(), u[1].exp());
        -(n * (q * s.ln() - lgamma(q)) - (q + 1.0) * sum_ln - s * sum_inv)
    };
    let mle = mle::fit_log_params(nll, &[2.0_f64.ln(), mean.max(1e-9).ln()], 1.0);
    OwnMeanFit {
        estimates: [mle.estimates[0], mle.estimates[1]],
        mle,
    }
}

/// The negative log-likelihood of `customers` at `g` (the fit's objective; for tests).
pub fn negative_log_likelihood(g: &GammaGamma, customers: &[Spend]) -> f64 {
    Grouped::new(customers).nll(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: GammaGamma = GammaGamma {
        p: 1.0,
        q: 2.0,
        gamma: 1.0,
    };

    #[test]
    fn one_customers_log_likelihood_by_hand() {
        // p = 1, q = 2, γ = 1; x = 1, m = 1:
        // Γ(3) / (Γ(1) Γ(2)) = 2; γ^q = 1; m^0 = 1; x^1 = 1; (γ + m x)^(px+q) = 2³ = 8;
        // f = 2 / 8 = 1/4, ln f = -ln 4 = -1.386294.
        let s = Spend { x: 1, m: 1.0 };
        assert!((G.log_likelihood(&s) + 4.0_f64.ln()).abs() < 1e-12);
        // x = 2, m = 3: Γ(4)/(Γ(2)Γ(2)) = 6; m^(2-1) = 3; x^2 = 4; (1 + 6)^4 = 2401;
        // f = 6 · 3 · 4 / 2401 = 72/2401.
        let two = Spend { x: 2, m: 3.0 };
        assert!((G.log_likelihood(&two) - (72.0_f64 / 2401.0).ln()).abs() < 1e-12);
        let nll = negative_log_likelihood(&G, &[s, two]);
        assert!((nll - (4.0_f64.ln() - (72.0_f64 / 2401.0).ln())).abs() < 1e-12);
    }

    #[test]
    fn expected_spend_by_hand() {
        // x = 1, m = 1: p (γ + x m) / (p x + q - 1) = 1 · 2 / 2 = 1.
        assert_eq!(G.expected_spend(1, 1.0), Some(1.0));
        // x = 0: the population mean p γ / (q - 1) = 1.
        assert_eq!(G.expected_spend(0, 123.0), Some(1.0));
        // x = 3, m = 5: (1 + 15) / (3 + 1) = 4: pulled from 5 towards the mean 1.
        assert_eq!(G.expected_spend(3, 5.0), Some(4.0));
        // q ≤ 1: the mean spend is infinite; no number.
        let heavy = GammaGamma { q: 0.9, ..G };
        assert_eq!(heavy.expected_spend(1, 1.0), None);
    }

    #[test]
    fn the_limit_model_is_the_gamma_gammas_limit() {
        // q = 2, s = 3, m = 1.5: ln f = 2 ln 3 - ln Γ(2) - 3 ln 1.5 - 3/1.5
        // = 2.197225 - 0 - 1.216395 - 2 = -1.019170.
        let limit = OwnMeanFit::log_likelihood(2.0, 3.0, 1.5);
        assert!((limit + 1.019170).abs() < 1e-6, "{limit}");
        // The Gamma-Gamma with p = 1e7, γ = 3e-7 (p γ = 3), q = 2, for x = 2, m = 1.5, is
        // within 1e-5 of it.
        let g = GammaGamma {
            p: 1e7,
            q: 2.0,
            gamma: 3e-7,
        };
        let near = g.log_likelihood(&Spend { x: 2, m: 1.5 });
        assert!((near - limit).abs() < 1e-5, "{near} vs {limit}");
    }
}
