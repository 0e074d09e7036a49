//! e^x for the BG/NBD likelihood's inner loop (`bgnbd::log_add`: 65 million calls in the
//! 1M-order fit). The standard library's `f64::exp` is the platform's: glibc's table-driven
//! one natively, but in wasm32-unknown-unknown the `libm` port of FreeBSD's rational
//! approximation, whose division made the 1M-order full report about 20% slower in the
//! worker (the harness, issue 16). [`exp`] is the standard one natively, so native reports
//! keep their digits, and [`table_exp`] in wasm, within 1 ulp of glibc's (tested below).
//! (A table-driven ln(1 + y) was measured too: no faster in the worker, not kept.)

/// Entries of [`TABLE`]: e^x = 2^(k/N) · e^r with |r| ≤ ln 2 / 2N.
const N: i64 = 128;

/// N / ln 2.
const INV_LN2_N: f64 = 184.664_965_233_787_3;
/// ln 2 / N in two parts: `LN2_N_HI` has 32 trailing zero bits, so that k · `LN2_N_HI` is
/// exact for every k of the range (|k| < 2^18), and `LN2_N_LO` the rest.
const LN2_N_HI: f64 = 0.005_415_208_637_714_386;
const LN2_N_LO: f64 = 3.710_410_186_743_494e-9;

/// 1.5 · 2^52: added to a double below 2^51 in size, it rounds it to the nearest integer
/// (ties to even), which then sits in the low bits of the sum's mantissa.
const SHIFT: f64 = 6_755_399_441_055_744.0;

/// `TABLE[j]` = 2^(j/N) correctly rounded, as bits (from Python's `decimal` at 60 digits:
/// `float((Decimal(j) / 128 * Decimal(2).ln()).exp())`).
#[rustfmt::skip]
const TABLE: [u64; N as usize] = [
    0x3ff0000000000000, 0x3ff0163da9fb3335, 0x3ff02c9a3e778061, 0x3ff04315e86e7f85,
    0x3ff059b0d3158574, 0x3ff0706b29ddf6de, 0x3ff0874518759bc8, 0x3ff09e3ecac6f383,
    0x3ff0b5586cf9890f, 0x3ff0cc922b7247f7, 0x3ff0e3ec32d3d1a2, 0x3ff0fb66affed31b,
    0x3ff11301d0125b51, 0x3ff12abdc06c31cc, 0x3ff1429aaea92de0, 0x3ff15a98c8a58e51,
    0x3ff172b83c7d517b, 0x3ff18af9388c8dea, 0x3ff1a35beb6fcb75, 0x3ff1bbe084045cd4,
    0x3ff1d4873168b9aa, 0x3ff1ed5022fcd91d, 0x3ff2063b88628cd6, 0x3ff21f49917ddc96,
    0x3ff2387a6e756238, 0x3ff251ce4fb2a63f, 0x3ff26b4565e27cdd, 0x3ff284dfe1f56381,
    0x3ff29e9df51fdee1, 0x3ff2b87fd0dad990, 0x3ff2d285a6e4030b, 0x3ff2ecafa93e2f56,
    0x3ff306fe0a31b715, 0x3ff32170fc4cd831, 0x3ff33c08b26416ff, 0x3ff356c55f929ff1,
    0x3ff371a7373aa9cb, 0x3ff38cae6d05d866, 0x3ff3a7db34e59ff7, 0x3ff3c32dc313a8e5,
    0x3ff3dea64c123422, 0x3ff3fa4504ac801c, 0x3ff4160a21f72e2a, 0x3ff431f5d950a897,
    0x3ff44e086061892d, 0x3ff46a41ed1d0057, 0x3ff486a2b5c13cd0, 0x3ff4a32af0d7d3de,
    0x3ff4bfdad5362a27, 0x3ff4dcb299fddd0d, 0x3ff4f9b2769d2ca7, 0x3ff516daa2cf6642,
    0x3ff5342b569d4f82, 0x3ff551a4ca5d920f, 0x3ff56f4736b527da, 0x3ff58d12d497c7fd,
    0x3ff5ab07dd485429, 0x3ff5c9268a5946b7, 0x3ff5e76f15ad2148, 0x3ff605e1b976dc09,
    0x3ff6247eb03a5585, 0x3ff6434634ccc320, 0x3ff6623882552225, 0x3ff68155d44ca973,
    0x3ff6a09e667f3bcd, 0x3ff6c012750bdabf, 0x3ff6dfb23c651a2f, 0x3ff6ff7df9519484,
    0x3ff71f75e8ec5f74, 0x3ff73f9a48a58174, 0x3ff75feb564267c9, 0x3ff780694fde5d3f,
    0x3ff7a11473eb0187, 0x3ff7c1ed0130c132, 0x3ff7e2f336cf4e62, 0x3ff80427543e1a12,
    0x3ff82589994cce13, 0x3ff8471a4623c7ad, 0x3ff868d99b4492ed, 0x3ff88ac7d98a6699,
    0x3ff8ace5422aa0db, 0x3ff8cf3216b5448c, 0x3ff8f1ae99157736, 0x3ff9145b0b91ffc6,
    0x3ff93737b0cdc5e5, 0x3ff95a44cbc8520f, 0x3ff97d829fde4e50, 0x3ff9a0f170ca07ba,
    0x3ff9c49182a3f090, 0x3ff9e86319e32323, 0x3ffa0c667b5de565, 0x3ffa309bec4a2d33,
    0x3ffa5503b23e255d, 0x3ffa799e1330b358, 0x3ffa9e6b5579fdbf, 0x3ffac36bbfd3f37a,
    0x3ffae89f995ad3ad, 0x3ffb0e07298db666, 0x3ffb33a2b84f15fb, 0x3ffb59728de5593a,
    0x3ffb7f76f2fb5e47, 0x3ffba5b030a1064a, 0x3ffbcc1e904bc1d2, 0x3ffbf2c25bd71e09,
    0x3ffc199bdd85529c, 0x3ffc40ab5fffd07a, 0x3ffc67f12e57d14b, 0x3ffc8f6d9406e7b5,
    0x3ffcb720dcef9069, 0x3ffcdf0b555dc3fa, 0x3ffd072d4a07897c, 0x3ffd2f87080d89f2,
    0x3ffd5818dcfba487, 0x3ffd80e316c98398, 0x3ffda9e603db3285, 0x3ffdd321f301b460,
    0x3ffdfc97337b9b5f, 0x3ffe264614f5a129, 0x3ffe502ee78b3ff6, 0x3ffe7a51fbc74c83,
    0x3ffea4afa2a490da, 0x3ffecf482d8e67f1, 0x3ffefa1bee615a27, 0x3fff252b376bba97,
    0x3fff50765b6e4540, 0x3fff7bfdad9cbe14, 0x3fffa7c1819e90d8, 0x3fffd3c22b8f71f1,
];

/// e^x: the standard library's natively, [`table_exp`] in wasm.
#[inline]
pub fn exp(x: f64) -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        table_exp(x)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        x.exp()
    }
}

/// e^x = 2^(k/N) · e^r: k = round(x · N / ln 2), r = x - k · ln 2 / N (|r| ≤ 0.0028), e^r by
/// its Taylor polynomial to r⁵ (truncation error below 6e-19), 2^(k/N) = 2^⌊k/N⌋ ·
/// `TABLE[k mod N]`, the power of two added to the exponent bits. Outside [-708, 709]
/// (results that are subnormal or overflow) and for NaN: the standard library's.
pub fn table_exp(x: f64) -> f64 {
    if !(-708.0..=709.0).contains(&x) {
        return x.exp();
    }
    // k = round(x · N / ln 2) without a float-to-integer conversion: the bits of `shifted`
    // are SHIFT's plus k, and SHIFT's are a multiple of 2^52, so the low bits are k's.
    let shifted = x * INV_LN2_N + SHIFT;
    let k = shifted.to_bits();
    let kf = shifted - SHIFT;
    let r = (x - kf * LN2_N_HI) - kf * LN2_N_LO;
    let t = f64::from_bits(TABLE[(k % N as u64) as usize]);
    let r2 = r * r;
    let p = r + r2 * (0.5 + r * (1.0 / 6.0) + r2 * (1.0 / 24.0 + r * (1.0 / 120.0)));
    // t · e^r in [0.997, 2.006); scaled by 2^⌊k/N⌋, the result stays a normal number for x
    // in the range (e^-708 > 2^-1022), so adding to the exponent bits is exact.
    let m = t + t * p;
    // ⌊k / N⌋ in the exponent bits: SHIFT's part of `k >> 7` is shifted out past bit 63.
    f64::from_bits(m.to_bits().wrapping_add((k >> 7) << 52))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The distance in units in the last place between two finite doubles of one sign.
    fn ulps(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }

    #[test]
    fn the_table_is_two_to_the_j_over_128() {
        for (j, bits) in TABLE.iter().enumerate() {
            let want = (j as f64 / N as f64).exp2();
            assert!(ulps(f64::from_bits(*bits), want) <= 1, "entry {j}");
        }
        assert_eq!(f64::from_bits(TABLE[0]), 1.0);
        // 2^(64/128) = √2, correctly rounded.
        assert_eq!(f64::from_bits(TABLE[64]), std::f64::consts::SQRT_2);
    }

    #[test]
    fn the_constants_split_ln2_over_n() {
        // 32 trailing zero bits: k · LN2_N_HI is exact for |k| < 2^21.
        assert_eq!(LN2_N_HI.to_bits() & 0xffff_ffff, 0);
        let ln2_n = std::f64::consts::LN_2 / N as f64;
        assert!((LN2_N_HI + LN2_N_LO - ln2_n).abs() <= f64::EPSILON * ln2_n);
        assert!(ulps(INV_LN2_N, 1.0 / ln2_n) <= 1);
        // SHIFT rounds to an integer: 2.5 to 2 and 3.5 to 4 (ties to even), -1.2 to -1.
        assert_eq!((2.5 + SHIFT) - SHIFT, 2.0);
        assert_eq!((3.5 + SHIFT) - SHIFT, 4.0);
        assert_eq!((-1.2 + SHIFT) - SHIFT, -1.0);
    }

    #[test]
    fn within_one_ulp_of_glibc_over_the_range() {
        // 2 million points across [-708, 709], and the log-likelihood's own range [-40, 0]
        // densely (glibc's exp is within 0.51 ulp of the exact value).
        let mut worst = 0;
        let wide = (0..1_000_000).map(|i| -708.0 + 1417.0 * i as f64 / 999_999.0);
        let near = (0..1_000_000).map(|i| -40.0 * i as f64 / 999_999.0);
        for x in wide.chain(near) {
            let (got, want) = (table_exp(x), x.exp());
            worst = worst.max(ulps(got, want));
            assert!(ulps(got, want) <= 1, "e^{x}: {got} against {want}");
        }
        assert!(worst <= 1);
    }

    #[test]
    fn exact_and_edge_values() {
        assert_eq!(table_exp(0.0), 1.0);
        assert_eq!(table_exp(-0.0), 1.0);
        assert_eq!(table_exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(table_exp(f64::INFINITY), f64::INFINITY);
        assert!(table_exp(f64::NAN).is_nan());
        assert_eq!(table_exp(800.0), f64::INFINITY);
        assert_eq!(table_exp(-800.0), 0.0);
        // Either side of the range's ends, where the bits trick hands over.
        for x in [-708.0, -707.999, 708.999, 709.0, -708.001, 709.001] {
            assert!(ulps(table_exp(x), x.exp()) <= 1, "e^{x}");
        }
        // e^1 and e^-1 by hand: e = 2.718281828459045 (correctly rounded).
        assert!(ulps(table_exp(1.0), std::f64::consts::E) <= 1);
        assert!(ulps(table_exp(-1.0), 1.0 / std::f64::consts::E) <= 1);
    }
}
