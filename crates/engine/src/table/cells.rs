//! Number and date cells in 8 bytes each, where `Vec<Option<f64>>` and
//! `Vec<Option<i64>>` take 16: an empty cell is one reserved bit pattern (issue 16: two such
//! columns of a 10M-row file were 320 MB, and a doubled `Vec` in wasm briefly needs three
//! times its size). Readers still see `Option`s.

use std::marker::PhantomData;

/// A cell type kept in 64 bits, with one pattern no value of it takes standing for empty.
pub trait Packed: Copy {
    /// The pattern of an empty cell.
    const EMPTY: u64;
    fn pack(self) -> u64;
    fn unpack(bits: u64) -> Self;
}

impl Packed for f64 {
    /// A signalling NaN with a payload: parsing never yields it, and arithmetic on NaNs gives
    /// quiet ones, so no number read or computed is ever taken for empty.
    const EMPTY: u64 = 0x7FF4_A0DA_0000_0001;
    fn pack(self) -> u64 {
        self.to_bits()
    }
    fn unpack(bits: u64) -> f64 {
        f64::from_bits(bits)
    }
}

impl Packed for i64 {
    /// Dates are seconds from 1970: `i64::MIN` is no date a file can state.
    const EMPTY: u64 = i64::MIN as u64;
    fn pack(self) -> u64 {
        self as u64
    }
    fn unpack(bits: u64) -> i64 {
        bits as i64
    }
}

/// A column of optional `T`s, 8 bytes per cell. Indexing hands out values, not references:
/// [`Cells::get`] is `None` for an empty cell and past the end.
pub struct Cells<T: Packed> {
    bits: Vec<u64>,
    _t: PhantomData<T>,
}

fn pack<T: Packed>(v: Option<T>) -> u64 {
    match v {
        Some(x) => {
            let b = x.pack();
            debug_assert_ne!(b, T::EMPTY, "a value with the empty cell's bits");
            b
        }
        None => T::EMPTY,
    }
}

fn unpack<T: Packed>(b: u64) -> Option<T> {
    (b != T::EMPTY).then(|| T::unpack(b))
}

impl<T: Packed> Cells<T> {
    pub fn new() -> Self {
        Self::with_capacity(0)
    }

    pub fn with_capacity(n: usize) -> Self {
        Cells {
            bits: Vec::with_capacity(n),
            _t: PhantomData,
        }
    }

    pub fn len(&self) -> usize {
        self.bits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// Cell `i`: `None` when it is empty or past the end.
    #[inline]
    pub fn get(&self, i: usize) -> Option<T> {
        self.bits.get(i).and_then(|&b| unpack(b))
    }

    #[inline]
    pub fn push(&mut self, v: Option<T>) {
        self.bits.push(pack(v));
    }

    pub fn set(&mut self, i: usize, v: Option<T>) {
        if let Some(slot) = self.bits.get_mut(i) {
            *slot = pack(v);
        }
    }

    pub fn iter(
        &self,
    ) -> impl DoubleEndedIterator<Item = Option<T>> + ExactSizeIterator + Clone + '_ {
        self.bits.iter().map(|&b| unpack(b))
    }

    /// The cells as `Option`s (tests, and readers that want a slice).
    pub fn to_vec(&self) -> Vec<Option<T>> {
        self.iter().collect()
    }

    pub fn reserve(&mut self, n: usize) {
        self.bits.reserve(n);
    }

    pub fn truncate(&mut self, n: usize) {
        self.bits.truncate(n);
    }

    pub fn shrink_to_fit(&mut self) {
        self.bits.shrink_to_fit();
    }

    pub fn capacity(&self) -> usize {
        self.bits.capacity()
    }

    /// Keeps the cells `keep` says yes to, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(Option<T>) -> bool) {
        self.bits.retain(|&b| keep(unpack(b)));
    }

    /// Where the cells start: the same column's address whoever reads it.
    pub fn as_ptr(&self) -> *const u64 {
        self.bits.as_ptr()
    }

    /// Bytes on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.bits.capacity() * size_of::<u64>()
    }
}

impl<T: Packed> Default for Cells<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Packed> Clone for Cells<T> {
    fn clone(&self) -> Self {
        Cells {
            bits: self.bits.clone(),
            _t: PhantomData,
        }
    }
}

impl<T: Packed + std::fmt::Debug> std::fmt::Debug for Cells<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Packed + PartialEq> PartialEq for Cells<T> {
    /// Cell by cell as `Option`s (so `Some(NaN)` is unequal to itself, as in a `Vec`).
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: Packed + PartialEq> PartialEq<[Option<T>]> for Cells<T> {
    fn eq(&self, other: &[Option<T>]) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter().copied())
    }
}

impl<T: Packed + PartialEq, const N: usize> PartialEq<[Option<T>; N]> for Cells<T> {
    fn eq(&self, other: &[Option<T>; N]) -> bool {
        *self == other[..]
    }
}

impl<T: Packed + PartialEq> PartialEq<Vec<Option<T>>> for Cells<T> {
    fn eq(&self, other: &Vec<Option<T>>) -> bool {
        *self == other[..]
    }
}

impl<T: Packed> FromIterator<Option<T>> for Cells<T> {
    fn from_iter<I: IntoIterator<Item = Option<T>>>(it: I) -> Self {
        // Not `collect`: from a `Vec<Option<T>>` it would reuse that 16-byte-per-cell buffer.
        let it = it.into_iter();
        let mut bits = Vec::with_capacity(it.size_hint().0);
        bits.extend(it.map(pack));
        Cells {
            bits,
            _t: PhantomData,
        }
    }
}

impl<T: Packed> From<Vec<Option<T>>> for Cells<T> {
    fn from(v: Vec<Option<T>>) -> Self {
        v.into_iter().collect()
    }
}

impl<T: Packed> Extend<Option<T>> for Cells<T> {
    fn extend<I: IntoIterator<Item = Option<T>>>(&mut self, it: I) {
        self.bits.extend(it.into_iter().map(pack));
    }
}

/// One optional `T` in 8 bytes (an `Option<i64>` or `Option<f64>` takes 16): for records
/// held once per customer, such as the journey profiles.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PackedOption<T: Packed> {
    bits: u64,
    _t: PhantomData<T>,
}

impl<T: Packed> PackedOption<T> {
    pub const NONE: PackedOption<T> = PackedOption {
        bits: T::EMPTY,
        _t: PhantomData,
    };

    pub fn new(v: Option<T>) -> Self {
        PackedOption {
            bits: pack(v),
            _t: PhantomData,
        }
    }

    #[inline]
    pub fn get(self) -> Option<T> {
        unpack(self.bits)
    }

    pub fn set(&mut self, v: Option<T>) {
        self.bits = pack(v);
    }

    pub fn is_none(self) -> bool {
        self.bits == T::EMPTY
    }

    pub fn is_some(self) -> bool {
        !self.is_none()
    }
}

impl<T: Packed> Default for PackedOption<T> {
    fn default() -> Self {
        Self::NONE
    }
}

impl<T: Packed> From<Option<T>> for PackedOption<T> {
    fn from(v: Option<T>) -> Self {
        PackedOption::new(v)
    }
}

impl<T: Packed + std::fmt::Debug> std::fmt::Debug for PackedOption<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_values_and_empties_in_eight_bytes() {
        let nums: Cells<f64> = vec![Some(1.5), None, Some(f64::NAN), Some(-0.0)].into();
        assert_eq!(nums.len(), 4);
        assert_eq!(nums.get(0), Some(1.5));
        assert_eq!(nums.get(1), None);
        assert!(nums.get(2).is_some_and(f64::is_nan));
        assert_eq!(nums.get(3).map(f64::to_bits), Some((-0.0f64).to_bits()));
        assert_eq!(nums.get(4), None);
        assert_eq!(nums.heap_bytes(), 4 * 8);
        let mut dates: Cells<i64> = [Some(0), None, Some(i64::MAX), Some(-86_400)]
            .into_iter()
            .collect();
        assert_eq!(
            dates.to_vec(),
            [Some(0), None, Some(i64::MAX), Some(-86_400)]
        );
        dates.set(1, Some(7));
        dates.retain(|d| d != Some(0));
        assert_eq!(dates.to_vec(), [Some(7), Some(i64::MAX), Some(-86_400)]);
        assert_eq!(dates.iter().next_back(), Some(Some(-86_400)));
        let mut slot: PackedOption<i64> = PackedOption::default();
        assert!(slot.is_none() && slot.get().is_none());
        slot.set(Some(-5));
        assert_eq!((slot.get(), size_of::<PackedOption<f64>>()), (Some(-5), 8));
    }
}
