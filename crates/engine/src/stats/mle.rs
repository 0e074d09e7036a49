//! Maximum likelihood on positive parameters: Nelder–Mead on their logarithms, then 95%
//! intervals from the observed information matrix (the numerical Hessian of the negative
//! log-likelihood at the optimum, inverted).
//!
//! Fitting on `ln θ` keeps every parameter positive without constraints. The Hessian is taken
//! in the same coordinates, so its inverse is the covariance of `ln θ`; the interval of `θ` is
//! `exp(ln θ ± z·se(ln θ))` (positive, asymmetric) and the standard error of `θ` itself is the
//! delta method's `θ·se(ln θ)`.

use crate::stats::Z95;
use serde::Serialize;

/// One fitted parameter: its estimate, standard error and 95% interval (`None` when the
/// information matrix is not positive definite at the optimum).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub value: f64,
    /// Delta method: `value · se(ln value)`.
    pub se: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// What a fit found: the estimates in the order of the starting point, the maximised
/// log-likelihood, and whether the search and the interval arithmetic succeeded.
#[derive(Debug, Clone, PartialEq)]
pub struct MleFit {
    pub estimates: Vec<Estimate>,
    pub log_likelihood: f64,
    /// Objective evaluations spent by the search.
    pub evaluations: usize,
    /// The simplex shrank below the tolerances within the evaluation budget, and a restart
    /// from the optimum did not move it.
    pub converged: bool,
    /// The observed information matrix was positive definite (intervals exist).
    pub information_ok: bool,
}

/// Minimises `nll(ln θ)` from `ln θ = start` and derives the intervals. `step` is the side
/// of Nelder–Mead's first simplex; a `start` from [`warm_start`] (step below 1) is already
/// near the optimum, and Newton's method on the numerical gradient and Hessian finishes it
/// in a few steps (the fit on 200k customers costs a tenth of the evaluations).
pub fn fit_log_params(nll: impl Fn(&[f64]) -> f64, start: &[f64], step: f64) -> MleFit {
    if step < 1.0
        && let Some(fit) = newton(&nll, start)
    {
        return fit;
    }
    let first = nelder_mead(&nll, start, step, 4000);
    // A restart from the optimum catches a simplex that collapsed before the minimum.
    let second = nelder_mead(&nll, &first.x, 0.05, 4000);
    let moved = (first.f - second.f).abs() > 1e-6 * (1.0 + second.f.abs());
    let converged = first.converged && second.converged && !moved && second.f.is_finite();
    let information = hessian(&nll, &second.x, 1e-3);
    let evaluations = first.evaluations + second.evaluations + hessian_evaluations(start.len());
    finish(&second.x, second.f, &information, evaluations, converged)
}

/// Evaluations of one [`hessian`] in `n` dimensions.
fn hessian_evaluations(n: usize) -> usize {
    1 + 2 * n + 2 * n * (n - 1)
}

/// Newton's method from `x0` with central-difference gradient and Hessian (step 1e-3),
/// halving a step that does not lower the objective, until a full step moves ln θ by under
/// 1e-6; `None` when the Hessian is not positive definite or 30 steps do not settle, so the
/// caller falls back to Nelder–Mead.
fn newton(nll: &impl Fn(&[f64]) -> f64, x0: &[f64]) -> Option<MleFit> {
    let h = 1e-3;
    let n = x0.len();
    let mut x = x0.to_vec();
    let mut fx = nll(&x);
    let mut evaluations = 1;
    for _ in 0..30 {
        let (gradient, m) = gradient_hessian(nll, &x, h);
        evaluations += hessian_evaluations(n);
        let inverse = invert_spd(&m)?;
        let delta: Vec<f64> = inverse
            .iter()
            .map(|row| -row.iter().zip(&gradient).map(|(a, g)| a * g).sum::<f64>())
            .collect();
        let size = delta.iter().fold(0.0_f64, |a, d| a.max(d.abs()));
        if size < 1e-8 {
            return Some(finish(&x, fx, &m, evaluations, fx.is_finite()));
        }
        let mut t = 1.0;
        loop {
            let y: Vec<f64> = x.iter().zip(&delta).map(|(a, d)| a + t * d).collect();
            let fy = nll(&y);
            evaluations += 1;
            if fy.is_finite() && fy <= fx + 1e-12 * fx.abs() {
                x = y;
                fx = fy;
                if t == 1.0 && size < 1e-6 {
                    // A full step this small moves the estimates by under a millionth of
                    // themselves: done, with the information matrix of its start.
                    return Some(finish(&x, fx, &m, evaluations, true));
                }
                break;
            }
            t *= 0.5;
            if t < 1e-6 {
                // No descent along Newton's direction: at the optimum to within the
                // difference steps' accuracy, or lost; the Hessian decides.
                return (size < 1e-5).then(|| finish(&x, fx, &m, evaluations, true));
            }
        }
    }
    None
}

/// The fit at `x` with the information matrix `information`.
fn finish(
    x: &[f64],
    f: f64,
    information: &[Vec<f64>],
    evaluations: usize,
    converged: bool,
) -> MleFit {
    let covariance = invert_spd(information);
    let estimates = x
        .iter()
        .enumerate()
        .map(|(i, &lx)| {
            let value = lx.exp();
            let se_log = covariance
                .as_ref()
                .map(|c| c[i][i].sqrt())
                .filter(|s| s.is_finite());
            Estimate {
                value,
                se: se_log.map(|s| value * s),
                low: se_log.map(|s| (lx - Z95 * s).exp()),
                high: se_log.map(|s| (lx + Z95 * s).exp()),
            }
        })
        .collect();
    MleFit {
        estimates,
        log_likelihood: -f,
        evaluations,
        converged,
        information_ok: covariance.is_some(),
    }
}

/// A negative log-likelihood over the customers it borrows, as a function of ln θ.
pub type Objective<'a> = Box<dyn Fn(&[f64]) -> f64 + 'a>;

/// A start for a fit on `n` customers: the optimum on every `n / SUBSAMPLE`-th customer
/// when there are more than twice [`SUBSAMPLE`] (the full search then starts near the
/// optimum with a small simplex), else `start` itself. Returns (start, simplex step).
pub fn warm_start<T: Copy>(
    customers: &[T],
    start: &[f64],
    nll_of: impl Fn(&[T]) -> Objective<'_>,
) -> (Vec<f64>, f64) {
    if customers.len() <= 2 * SUBSAMPLE {
        return (start.to_vec(), 1.0);
    }
    let every = customers.len() / SUBSAMPLE;
    let sample: Vec<T> = customers.iter().step_by(every).copied().collect();
    let nll = nll_of(&sample);
    let m = nelder_mead(&*nll, start, 1.0, 4000);
    if m.converged {
        (m.x, 0.05)
    } else {
        (start.to_vec(), 1.0)
    }
}

/// Customers in the subsample of [`warm_start`].
pub const SUBSAMPLE: usize = 10_000;

/// Where a Nelder–Mead search stopped.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    pub x: Vec<f64>,
    pub f: f64,
    pub evaluations: usize,
    pub converged: bool,
}

/// Nelder–Mead (standard coefficients 1, 2, ½, ½) from `x0` with an initial simplex of side
/// `step`, until the spread of the simplex values is below 1e-10 (relative) and its diameter
/// below 1e-6 (parameters to about 6 digits), or `budget` evaluations. A non-finite value counts as +∞, so the search walks
/// away from it.
pub fn nelder_mead(f: impl Fn(&[f64]) -> f64, x0: &[f64], step: f64, budget: usize) -> Minimum {
    let n = x0.len();
    let eval = |x: &[f64]| {
        let v = f(x);
        if v.is_finite() { v } else { f64::INFINITY }
    };
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n + 1);
    simplex.push((x0.to_vec(), eval(x0)));
    for i in 0..n {
        let mut x = x0.to_vec();
        x[i] += step;
        let v = eval(&x);
        simplex.push((x, v));
    }
    let mut evaluations = n + 1;
    let mut converged = false;
    while evaluations < budget {
        crate::stats::stable_sort_by(&mut simplex, |a, b| a.1.total_cmp(&b.1));
        let (best, worst) = (simplex[0].1, simplex[n].1);
        let diameter = simplex[1..]
            .iter()
            .flat_map(|(x, _)| x.iter().zip(&simplex[0].0).map(|(a, b)| (a - b).abs()))
            .fold(0.0, f64::max);
        if (worst - best).abs() <= 1e-10 * (1.0 + best.abs()) && diameter <= 1e-6 {
            converged = best.is_finite();
            break;
        }
        let mut centroid = vec![0.0; n];
        for (x, _) in &simplex[..n] {
            for (c, v) in centroid.iter_mut().zip(x) {
                *c += v / n as f64;
            }
        }
        let towards = |t: f64| -> Vec<f64> {
            centroid
                .iter()
                .zip(&simplex[n].0)
                .map(|(c, w)| c + t * (w - c))
                .collect()
        };
        let reflected = towards(-1.0);
        let fr = eval(&reflected);
        evaluations += 1;
        if fr < simplex[0].1 {
            let expanded = towards(-2.0);
            let fe = eval(&expanded);
            evaluations += 1;
            simplex[n] = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            let (point, fc) = if fr < simplex[n].1 {
                let p = towards(-0.5);
                let v = eval(&p);
                (p, v)
            } else {
                let p = towards(0.5);
                let v = eval(&p);
                (p, v)
            };
            evaluations += 1;
            if fc < simplex[n].1.min(fr) {
                simplex[n] = (point, fc);
            } else {
                // Shrink towards the best point.
                let best = simplex[0].0.clone();
                for (x, v) in simplex.iter_mut().skip(1) {
                    for (xi, bi) in x.iter_mut().zip(&best) {
                        *xi = bi + 0.5 * (*xi - bi);
                    }
                    *v = eval(x);
                }
                evaluations += n;
            }
        }
    }
    crate::stats::stable_sort_by(&mut simplex, |a, b| a.1.total_cmp(&b.1));
    let (x, f) = simplex.swap_remove(0);
    Minimum {
        x,
        f,
        evaluations,
        converged,
    }
}

/// The Hessian of `f` at `x` by central differences of step `h` (4 evaluations per entry
/// off the diagonal, 2 on it plus the centre).
pub fn hessian(f: impl Fn(&[f64]) -> f64, x: &[f64], h: f64) -> Vec<Vec<f64>> {
    gradient_hessian(f, x, h).1
}

/// The central-difference gradient and Hessian of `f` at `x` (the gradient from the same
/// evaluations as the Hessian's diagonal).
// Index loops: the matrix arithmetic reads as its formulas.
#[allow(clippy::needless_range_loop)]
pub fn gradient_hessian(f: impl Fn(&[f64]) -> f64, x: &[f64], h: f64) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = x.len();
    let at = |moves: &[(usize, f64)]| {
        let mut y = x.to_vec();
        for &(i, d) in moves {
            y[i] += d;
        }
        f(&y)
    };
    let centre = f(x);
    let mut m = vec![vec![0.0; n]; n];
    let mut g = vec![0.0; n];
    for i in 0..n {
        let (up, down) = (at(&[(i, h)]), at(&[(i, -h)]));
        g[i] = (up - down) / (2.0 * h);
        m[i][i] = (up - 2.0 * centre + down) / (h * h);
        for j in 0..i {
            let v = (at(&[(i, h), (j, h)]) - at(&[(i, h), (j, -h)]) - at(&[(i, -h), (j, h)])
                + at(&[(i, -h), (j, -h)]))
                / (4.0 * h * h);
            m[i][j] = v;
            m[j][i] = v;
        }
    }
    (g, m)
}

/// The inverse of a symmetric positive definite matrix by its Cholesky factor; `None` when
/// the matrix is not positive definite or not finite (an information matrix that gives no
/// interval).
#[allow(clippy::needless_range_loop)]
pub fn invert_spd(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    // m = L Lᵀ
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = m[i][i] - s;
                if !(d.is_finite() && d > 0.0) {
                    return None;
                }
                l[i][i] = d.sqrt();
            } else {
                l[i][j] = (m[i][j] - s) / l[j][j];
            }
        }
    }
    // Columns of the inverse: solve L Lᵀ x = e_c.
    let mut inv = vec![vec![0.0; n]; n];
    for c in 0..n {
        let mut y = vec![0.0; n];
        for i in 0..n {
            let e = if i == c { 1.0 } else { 0.0 };
            y[i] = (e - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
        }
        let mut x = vec![0.0; n];
        for i in (0..n).rev() {
            x[i] = (y[i] - (i + 1..n).map(|k| l[k][i] * x[k]).sum::<f64>()) / l[i][i];
        }
        for i in 0..n {
            inv[i][c] = x[i];
        }
    }
    inv.iter().flatten().all(|v| v.is_finite()).then_some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nelder_mead_finds_the_minimum_of_a_quadratic_bowl() {
        // f = (x - 1)² + 10 (y + 2)²: minimum 0 at (1, -2).
        let f = |v: &[f64]| (v[0] - 1.0).powi(2) + 10.0 * (v[1] + 2.0).powi(2);
        let m = nelder_mead(f, &[0.0, 0.0], 1.0, 2000);
        assert!(m.converged);
        assert!((m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] + 2.0).abs() < 1e-6);
    }

    #[test]
    fn the_hessian_and_inverse_of_a_known_quadratic() {
        // f = x² + xy + 2y²: Hessian [[2, 1], [1, 4]], det 7, inverse [[4, -1], [-1, 2]] / 7.
        let f = |v: &[f64]| v[0] * v[0] + v[0] * v[1] + 2.0 * v[1] * v[1];
        let h = hessian(f, &[0.3, -0.2], 1e-3);
        let want = [[2.0, 1.0], [1.0, 4.0]];
        for i in 0..2 {
            for j in 0..2 {
                assert!((h[i][j] - want[i][j]).abs() < 1e-6, "{h:?}");
            }
        }
        let inv = invert_spd(&h).unwrap();
        let want = [[4.0 / 7.0, -1.0 / 7.0], [-1.0 / 7.0, 2.0 / 7.0]];
        for i in 0..2 {
            for j in 0..2 {
                assert!((inv[i][j] - want[i][j]).abs() < 1e-6, "{inv:?}");
            }
        }
        // Not positive definite: no inverse (no interval).
        assert!(invert_spd(&[vec![1.0, 2.0], vec![2.0, 1.0]]).is_none());
    }

    #[test]
    fn the_interval_of_a_poisson_rate_from_the_information() {
        // n = 100 Poisson counts summing to 250: NLL(λ) = 100 λ - 250 ln λ (+ const), MLE
        // λ = 2.5; in u = ln λ the information is 250 (d²/du² of 100 e^u - 250 u at the
        // optimum = 100 · 2.5), so se(ln λ) = 1/√250 = 0.063246, se(λ) = 2.5 · 0.063246 =
        // 0.158114 (= √(λ/n), the textbook value) and the interval is
        // 2.5 · exp(±1.96 · 0.063246) = [2.2086, 2.8299].
        let fit = fit_log_params(|u| 100.0 * u[0].exp() - 250.0 * u[0], &[0.0], 1.0);
        assert!(fit.converged && fit.information_ok);
        let e = fit.estimates[0];
        assert!((e.value - 2.5).abs() < 1e-5);
        assert!((e.se.unwrap() - 0.158114).abs() < 1e-4);
        assert!((e.low.unwrap() - 2.2086).abs() < 1e-3);
        assert!((e.high.unwrap() - 2.8299).abs() < 1e-3);
    }
}
