//! The indexes behind [`Ctx::rows`](crate::metrics::Ctx::rows): rows sorted by a date
//! column ([`DateIndex`]), items grouped by a text column's code ([`Groups`]), and the radix
//! sort they and the activity passes use.

use crate::period::DateRange;
use crate::table::{Role, TextValues, Timestamp};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Row indices of a table sorted by one date column (rows with no date are left out).
#[derive(Debug)]
pub struct DateIndex {
    pub rows: Vec<u32>,
    pub dates: Vec<Timestamp>,
    /// Positions grouped by the code of a filter column, built when first asked for.
    groups: RefCell<HashMap<Role, Rc<Groups>>>,
}

impl DateIndex {
    pub(super) fn build(dates: &crate::table::Dates) -> DateIndex {
        let (mut lo, mut hi, mut sorted, mut n) = (Timestamp::MAX, Timestamp::MIN, true, 0usize);
        for d in dates.iter().flatten() {
            sorted &= d >= hi;
            lo = lo.min(d);
            hi = hi.max(d);
            n += 1;
        }
        let mut rows = Vec::with_capacity(n);
        let mut out = Vec::with_capacity(n);
        // Exports are usually already in date order: then there is nothing to sort.
        if sorted {
            for (i, d) in dates.iter().enumerate() {
                if let Some(d) = d {
                    rows.push(i as u32);
                    out.push(d);
                }
            }
        } else if let Some(span) = hi.checked_sub(lo).and_then(|s| u32::try_from(s).ok()) {
            // Dates within 136 years of each other: a stable radix sort on the offset from
            // the first date. Rows start in ascending order, so equal dates keep row order:
            // the same order as sorting (date, row) pairs.
            let keyed: Vec<u64> = dates
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.map(|d| (((d - lo) as u64) << 32) | i as u64))
                .collect();
            let sorted = radix_sort_by_high_word(keyed, span);
            for v in sorted {
                rows.push(v as u32);
                out.push(lo + (v >> 32) as Timestamp);
            }
        } else {
            let mut pairs: Vec<(Timestamp, u32)> = dates
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.map(|d| (d, i as u32)))
                .collect();
            crate::stats::sort_packed(
                &mut pairs,
                |(d, i)| (u128::from(crate::stats::ordered_i64(d)) << 32) | u128::from(i),
                |p| (crate::stats::from_ordered_i64((p >> 32) as u64), p as u32),
            );
            rows = pairs.iter().map(|p| p.1).collect();
            out = pairs.iter().map(|p| p.0).collect();
        }
        DateIndex {
            rows,
            dates: out,
            groups: RefCell::new(HashMap::new()),
        }
    }

    /// The positions (into `rows`/`dates`) whose date lies in `range`.
    pub fn positions(&self, range: DateRange) -> std::ops::Range<usize> {
        let lo = self.dates.partition_point(|&d| d < range.start);
        let hi = self.dates.partition_point(|&d| d < range.end).max(lo);
        lo..hi
    }

    /// The rows whose date lies in `range`, in date order.
    pub fn in_range(&self, range: DateRange) -> &[u32] {
        &self.rows[self.positions(range)]
    }

    /// Positions grouped by the code of `col` (the table's column of `role`), built once.
    pub fn groups(&self, role: Role, col: &TextValues) -> Rc<Groups> {
        if let Some(g) = self.groups.borrow().get(&role) {
            return g.clone();
        }
        let g = Rc::new(Groups::build(
            self.rows.iter().map(|&r| col.codes[r as usize]),
            col.dict.len(),
        ));
        self.groups.borrow_mut().insert(role, g.clone());
        g
    }
}

/// A scope's positions in a date index (see [`Ctx::positions`]).
pub enum Positions {
    /// Every position of the range.
    Range(std::ops::Range<usize>),
    /// The positions of the range holding the filter column's code.
    Group(Rc<Groups>, u32, std::ops::Range<usize>),
    /// None: the filter's key never occurs in the table.
    Nothing,
}

impl Positions {
    pub fn for_each(&self, mut f: impl FnMut(usize)) {
        match self {
            Positions::Range(within) => within.clone().for_each(f),
            Positions::Group(groups, code, within) => groups
                .of_within(*code, within.clone())
                .iter()
                .for_each(|&p| f(p as usize)),
            Positions::Nothing => {}
        }
    }
}

/// Sorts values by their high 32 bits (stably, so equal keys keep their order), knowing the
/// keys are at most `max_key`.
fn radix_sort_by_high_word(values: Vec<u64>, max_key: u32) -> Vec<u64> {
    radix_sort_bits(values, 32, 64 - max_key.leading_zeros())
}

/// Sorts values known to be at most `max`.
pub(crate) fn radix_sort(values: Vec<u64>, max: u64) -> Vec<u64> {
    radix_sort_bits(values, 0, u64::BITS - max.leading_zeros())
}

/// Sorts values stably by their bits `from..to`: least-significant-digit radix, 11 bits a
/// pass, only as many passes as the bits need.
fn radix_sort_bits(mut values: Vec<u64>, from: u32, to: u32) -> Vec<u64> {
    const BITS: u32 = 11;
    const MASK: u64 = (1 << BITS) - 1;
    let passes = to.saturating_sub(from).div_ceil(BITS);
    let mut buffer = vec![0u64; values.len()];
    for pass in 0..passes {
        let shift = from + pass * BITS;
        let mut offsets = vec![0usize; (1 << BITS) + 1];
        for v in &values {
            offsets[((v >> shift) & MASK) as usize + 1] += 1;
        }
        for d in 0..(1 << BITS) {
            offsets[d + 1] += offsets[d];
        }
        for v in &values {
            let d = ((v >> shift) & MASK) as usize;
            buffer[offsets[d]] = *v;
            offsets[d] += 1;
        }
        std::mem::swap(&mut values, &mut buffer);
    }
    values
}

/// Items (positions of a date index, or rows) grouped by the dictionary code of a text column
/// (ascending within a code; null cells left out), so that a breakdown row or a filter
/// visits only its own items: `items[offsets[c]..offsets[c + 1]]` hold code `c`.
#[derive(Debug)]
pub struct Groups {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Groups {
    /// Counting sort of item numbers `0..` by their code (`codes` gives item i's code).
    pub(crate) fn build(codes: impl Iterator<Item = u32> + Clone, dict_len: usize) -> Groups {
        let n = dict_len;
        let mut offsets = vec![0u32; n + 1];
        for c in codes.clone() {
            if (c as usize) < n {
                offsets[c as usize + 1] += 1;
            }
        }
        for c in 0..n {
            offsets[c + 1] += offsets[c];
        }
        let mut next = offsets.clone();
        let mut items = vec![0u32; offsets[n] as usize];
        for (i, c) in codes.enumerate() {
            let c = c as usize;
            if c < n {
                items[next[c] as usize] = i as u32;
                next[c] += 1;
            }
        }
        Groups { offsets, items }
    }

    /// Every item, grouped: code `c`'s are `items()[offsets()[c]..offsets()[c + 1]]`.
    pub fn items(&self) -> &[u32] {
        &self.items
    }

    pub fn offsets(&self) -> &[u32] {
        &self.offsets
    }

    /// The items holding `code`.
    pub fn of(&self, code: u32) -> &[u32] {
        let c = code as usize;
        match (self.offsets.get(c), self.offsets.get(c + 1)) {
            (Some(&a), Some(&b)) => &self.items[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The items holding `code` that lie in `within` (items are ascending within a code).
    pub fn of_within(&self, code: u32, within: std::ops::Range<usize>) -> &[u32] {
        let mine = self.of(code);
        let a = mine.partition_point(|&p| (p as usize) < within.start);
        let b = mine.partition_point(|&p| (p as usize) < within.end);
        &mine[a..b.max(a)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn date_index_orders_rows_as_sorting_date_row_pairs(
            dates in proptest::collection::vec(proptest::option::of(-3i64..3), 0..60),
            scale in proptest::sample::select(vec![1i64, 86_400, 1 << 31, 1 << 40]),
        ) {
            // Scales: seconds, days, spans near and past the radix sort's 32-bit limit.
            let dates: Vec<Option<Timestamp>> =
                dates.iter().map(|d| d.map(|d| 1_700_000_000 + d * scale)).collect();
            let mut pairs: Vec<(Timestamp, u32)> = dates
                .iter()
                .enumerate()
                .filter_map(|(i, d)| d.map(|d| (d, i as u32)))
                .collect();
            pairs.sort_unstable();
            let ix = DateIndex::build(&dates.clone().into());
            proptest::prop_assert_eq!(&ix.rows, &pairs.iter().map(|p| p.1).collect::<Vec<_>>());
            proptest::prop_assert_eq!(&ix.dates, &pairs.iter().map(|p| p.0).collect::<Vec<_>>());
        }
    }

    proptest::proptest! {
        #[test]
        fn radix_sort_sorts_like_the_standard_sort(
            values in proptest::collection::vec(0u64..u64::MAX, 0..200),
            bits in 1u32..=64,
        ) {
            // Values of every width, from one bit to 64 (the widest key the passes meet).
            let values: Vec<u64> = values.iter().map(|v| v >> (64 - bits)).collect();
            let max = values.iter().copied().max().unwrap_or(0);
            let mut expected = values.clone();
            expected.sort_unstable();
            proptest::prop_assert_eq!(radix_sort(values, max), expected);
        }
    }
}
