//! Statistics for honest numbers: intervals, small-sample flags and change significance.

use crate::report::Interval;

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Below this many observations a sampled value is flagged as a small sample.
pub const SMALL_SAMPLE: u64 = 30;

/// Wilson score interval for `successes / n` at 95%.
///
/// centre = (p + z²/2n) / (1 + z²/n), half = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/4n²).
pub fn wilson(successes: u64, n: u64) -> Option<Interval> {
    if n == 0 {
        return None;
    }
    let n_f = n as f64;
    let p = successes as f64 / n_f;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt();
    Some(Interval {
        low: (centre - half).max(0.0),
        high: (centre + half).min(1.0),
        method: "wilson".into(),
    })
}

/// NPS and its 95% interval from counts, as METRICS.md pins it:
/// nps = 100 (p - d); Var = (p + d - (p - d)²) / n; margin = 1.96 · sqrt(Var) · 100.
pub fn nps(promoters: u64, passives: u64, detractors: u64) -> Option<(f64, Interval)> {
    let n = promoters + passives + detractors;
    if n == 0 {
        return None;
    }
    let n_f = n as f64;
    let p = promoters as f64 / n_f;
    let d = detractors as f64 / n_f;
    let score = 100.0 * (p - d);
    let margin = 1.96 * nps_variance(p, d, n).sqrt() * 100.0;
    Some((
        score,
        Interval {
            low: (score - margin).max(-100.0),
            high: (score + margin).min(100.0),
            method: "nps_normal".into(),
        },
    ))
}

/// Var(p - d) for one respondent's score in {-1, 0, 1}, divided by n.
pub fn nps_variance(p: f64, d: f64, n: u64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    (p + d - (p - d).powi(2)) / n as f64
}

/// Mean and sample standard deviation (n - 1 in the denominator; 0 for a single value).
pub fn mean_sd(values: &[f64]) -> Option<(f64, f64)> {
    let n = values.len();
    let mean = mean(values)?;
    let sd = if n > 1 {
        (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    Some((mean, sd))
}

/// Normal 95% interval of a mean: mean ± z · sd / sqrt(n).
pub fn mean_normal_interval(mean: f64, sd: f64, n: u64) -> Option<Interval> {
    (n > 0).then(|| {
        let half = Z95 * sd / (n as f64).sqrt();
        Interval {
            low: mean - half,
            high: mean + half,
            method: "mean_normal".into(),
        }
    })
}

/// Two-proportion z-test at 95%: are `a/na` and `b/nb` different?
/// Pooled p = (a + b)/(na + nb); z = (pa - pb) / sqrt(p(1-p)(1/na + 1/nb)).
pub fn proportions_differ(a: u64, na: u64, b: u64, nb: u64) -> Option<bool> {
    if na == 0 || nb == 0 {
        return None;
    }
    let pa = a as f64 / na as f64;
    let pb = b as f64 / nb as f64;
    let p = (a + b) as f64 / (na + nb) as f64;
    let se = (p * (1.0 - p) * (1.0 / na as f64 + 1.0 / nb as f64)).sqrt();
    if se == 0.0 {
        return Some(pa != pb);
    }
    Some(((pa - pb) / se).abs() > Z95)
}

/// Are two NPS values different at 95%? z = (nps_a - nps_b) / sqrt(Var_a + Var_b), on the
/// -1..1 scale with the variances of [`nps_variance`].
pub fn nps_differ(a: (u64, u64, u64), b: (u64, u64, u64)) -> Option<bool> {
    let shares = |(p, pa, d): (u64, u64, u64)| {
        let n = p + pa + d;
        (n > 0).then(|| (p as f64 / n as f64, d as f64 / n as f64, n))
    };
    let (pa, da, na) = shares(a)?;
    let (pb, db, nb) = shares(b)?;
    let se = (nps_variance(pa, da, na) + nps_variance(pb, db, nb)).sqrt();
    let diff = (pa - da) - (pb - db);
    if se == 0.0 {
        return Some(diff != 0.0);
    }
    Some((diff / se).abs() > Z95)
}

/// Sorts `values` ascending by `f64::total_cmp` (stable). One function for every f64 sort in
/// the engine, so the standard library's sort is compiled once for them (wasm size, issue 16).
pub fn sort_f64(values: &mut [f64]) {
    values.sort_by(f64::total_cmp);
}

/// A stable sort of `v` by `cmp`: the same order as `v.sort_by(cmp)`, ties kept in their
/// input order. The standard library's sort is compiled once per element type and comparator
/// (about 6 KB of wasm each at opt-level 3); this one sorts the positions `0..n` with one
/// comparator type and then moves the elements, so the engine's many cold sorts (rankings,
/// tables, fits' canonical orders) share one compiled sort. Not for hot loops: it allocates
/// the positions and calls the comparator through a pointer.
pub fn stable_sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    let order = stable_order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// The positions `0..n` stably sorted by `cmp` over positions.
fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Rearranges `v` so that the new `v[k]` is the old `v[order[k]]` (`order` a permutation of
/// `0..v.len()`), following each cycle with swaps; a visited position is marked `usize::MAX`.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut cur = start;
        while order[cur] != usize::MAX {
            let next = order[cur];
            order[cur] = usize::MAX;
            if next == start {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

/// Sorts packed integer keys ascending: the engine's one compiled unstable sort of integers
/// (equal `u128`s cannot be told apart, so no tie can change the result). Callers pack a
/// tuple of integers high field first, [`ordered_i64`] for a signed one; [`sort_by_key96`]
/// packs a key with each element's position.
pub fn sort_u128(keys: &mut [u128]) {
    keys.sort_unstable();
}

/// `x` as a `u64` of the same order (the sign bit flipped), for packed sort keys.
pub const fn ordered_i64(x: i64) -> u64 {
    (x as u64) ^ (1 << 63)
}

/// The `i64` that [`ordered_i64`] made `x` from.
pub const fn from_ordered_i64(x: u64) -> i64 {
    (x ^ (1 << 63)) as i64
}

/// Sorts values that one `u128` holds whole, `pack` keeping their order and `unpack` undoing
/// it: the same order as `sort_unstable` (equal values cannot be told apart), by
/// [`sort_u128`] over a packed copy (16 bytes an element), with no element moved twice.
pub fn sort_packed<T: Copy>(v: &mut [T], pack: impl Fn(T) -> u128, unpack: impl Fn(u128) -> T) {
    let mut packed: Vec<u128> = v.iter().map(|&x| pack(x)).collect();
    sort_u128(&mut packed);
    for (x, p) in v.iter_mut().zip(packed) {
        *x = unpack(p);
    }
}

/// A stable sort of `v` by an integer key below 2^96: the same order as
/// `v.sort_by_key(key)` (and as `sort_unstable_by_key` where tied elements cannot be told
/// apart). Each key is packed with its element's position into a `u128` and sorted by
/// [`sort_u128`], then the elements are gathered in that order: one compiled sort for all
/// these call sites (the standard one is compiled per element type and key, about 6 KB of
/// wasm each; issue 16). It allocates 16 bytes and a copy of an element per element. Short
/// slices take an insertion sort; a key of 2^96 or more, or `u32::MAX` elements or more,
/// the comparator sort [`stable_sort_by`] (the same order).
pub fn sort_by_key96<T: Copy>(v: &mut [T], key: impl Fn(&T) -> u128) {
    const SHORT: usize = 12;
    if v.len() <= SHORT {
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && key(&v[j - 1]) > key(&v[j]) {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let fallback = |v: &mut [T]| stable_sort_by(v, |a, b| key(a).cmp(&key(b)));
    if v.len() >= u32::MAX as usize {
        return fallback(v);
    }
    let mut packed: Vec<u128> = Vec::with_capacity(v.len());
    for (i, x) in v.iter().enumerate() {
        let k = key(x);
        if k >> 96 != 0 {
            return fallback(v);
        }
        packed.push((k << 32) | i as u128);
    }
    sort_u128(&mut packed);
    // Gathered, not permuted in place: following a permutation's cycles waits on one cache
    // miss after another, where independent reads overlap.
    let sorted: Vec<T> = packed.iter().map(|&p| v[p as u32 as usize]).collect();
    v.copy_from_slice(&sorted);
}

/// Median of `values` (sorted in place); the mean of the two middle values for even n.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    sort_f64(values);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_sort_by_matches_the_standard_stable_sort() {
        // Ties on the key keep their input order, as `sort_by` does; cycles of every length.
        let mut seed = 7u64;
        for n in [0usize, 1, 2, 3, 5, 17, 64, 300] {
            let v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|b| std::cmp::Reverse(b.0));
            let mut got = v.clone();
            stable_sort_by(&mut got, |a, b| b.0.cmp(&a.0));
            assert_eq!(got, expected, "n = {n}");
        }
        let mut words = vec!["b", "a", "c", "a"];
        stable_sort_by(&mut words, |a, b| a.cmp(b));
        assert_eq!(words, ["a", "a", "b", "c"]);
    }

    #[test]
    fn sort_by_key96_matches_the_standard_stable_sort() {
        // Short and long slices, ties kept in input order, signed keys through
        // `ordered_i64`, and keys too wide to pack (the comparator sort).
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed
        };
        for n in [0usize, 1, 2, 5, 12, 13, 40, 1000] {
            for spread in [3u64, 1 << 40, u64::MAX] {
                let v: Vec<(i64, u32, usize)> = (0..n)
                    .map(|i| ((next() % spread) as i64, (next() >> 62) as u32, i))
                    .collect();
                let narrow =
                    |x: &(i64, u32, usize)| (u128::from(ordered_i64(x.0)) << 32) | u128::from(x.1);
                let mut expected = v.clone();
                expected.sort_by_key(|x| (x.0, x.1));
                let mut got = v.clone();
                sort_by_key96(&mut got, narrow);
                assert_eq!(got, expected, "n = {n}, spread = {spread}");
                // 2^96 and more: the same order by the comparator sort.
                let wide =
                    |x: &(i64, u32, usize)| (u128::from(ordered_i64(x.0)) << 64) | u128::from(x.1);
                let mut got = v.clone();
                sort_by_key96(&mut got, wide);
                assert_eq!(got, expected, "wide, n = {n}, spread = {spread}");
            }
        }
    }

    #[test]
    fn sort_packed_matches_the_standard_sort() {
        let mut seed = 5u64;
        let v: Vec<(i64, u32)> = (0..500)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((seed >> 40) as i64 - (1 << 23), (seed >> 60) as u32)
            })
            .collect();
        let mut expected = v.clone();
        expected.sort_unstable();
        let mut got = v;
        sort_packed(
            &mut got,
            |(d, k)| (u128::from(ordered_i64(d)) << 32) | u128::from(k),
            |p| (from_ordered_i64((p >> 32) as u64), p as u32),
        );
        assert_eq!(got, expected);
    }

    #[test]
    fn sort_u128_and_ordered_i64() {
        let mut v: Vec<i64> = vec![3, i64::MIN, -1, 0, i64::MAX, -1, 7];
        let mut keys: Vec<u128> = v.iter().map(|&x| u128::from(ordered_i64(x))).collect();
        sort_u128(&mut keys);
        v.sort_unstable();
        let back: Vec<i64> = keys.iter().map(|&k| from_ordered_i64(k as u64)).collect();
        assert_eq!(back, v);
    }

    #[test]
    fn sort_f64_orders_by_total_cmp() {
        let mut v = [2.0, -0.0, 0.0, -1.5, f64::INFINITY];
        sort_f64(&mut v);
        assert_eq!(
            v.map(f64::to_bits),
            [-1.5, -0.0, 0.0, 2.0, f64::INFINITY].map(f64::to_bits)
        );
    }

    #[test]
    fn nps_golden_case() {
        // METRICS.md: 50 promoters, 30 passives, 20 detractors → nps 30, margin about 15.
        // p = .5, d = .2: Var = (.7 - .09) / 100 = .0061; margin = 1.96 · .0781 · 100 = 15.31.
        let (score, iv) = nps(50, 30, 20).unwrap();
        assert!((score - 30.0).abs() < 1e-9);
        let margin = (iv.high - iv.low) / 2.0;
        assert!((margin - 15.308).abs() < 0.01, "margin {margin}");
    }

    #[test]
    fn wilson_known_value() {
        // 8 of 10: centre = (.8 + 1.9207/10)/1.38415 = .71670, half = .24948 → [.4902, .9433].
        let iv = wilson(8, 10).unwrap();
        assert!((iv.low - 0.4902).abs() < 1e-3, "{iv:?}");
        assert!((iv.high - 0.9433).abs() < 1e-3, "{iv:?}");
        assert!(wilson(0, 0).is_none());
        assert_eq!(wilson(0, 5).unwrap().low, 0.0);
    }

    #[test]
    fn significance_tests() {
        // 50% vs 52% on 100 each is noise; 50% of 2000 vs 60% of 2000 is not.
        assert_eq!(proportions_differ(50, 100, 52, 100), Some(false));
        assert_eq!(proportions_differ(1000, 2000, 1200, 2000), Some(true));
        assert_eq!(proportions_differ(1, 0, 1, 1), None);
        assert_eq!(nps_differ((50, 30, 20), (48, 30, 22)), Some(false));
        assert_eq!(nps_differ((500, 300, 200), (200, 300, 500)), Some(true));
    }

    #[test]
    fn median_and_mean() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
        assert_eq!(mean(&[5.0, 5.0, 4.0, 3.0, 1.0]), Some(3.6));
        let (m, sd) = mean_sd(&[1.0, 2.0, 3.0]).unwrap();
        assert_eq!(sd, 1.0);
        let iv = mean_normal_interval(m, sd, 3).unwrap();
        // sd = 1, se = 1/sqrt(3) = .57735, half = 1.13158.
        assert_eq!(m, 2.0);
        assert!((iv.high - 3.13158).abs() < 1e-4);
    }
}

pub mod bgnbd;
pub mod exp;
pub mod gamma_gamma;
pub mod mle;
