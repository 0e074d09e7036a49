//! Per-customer scratch state for passes over a scope's rows. The per-period and
//! per-breakdown passes of one `analyze` number in the hundreds; each used to zero a vector
//! the size of every customer (400k at 1M orders), which cost more than the pass itself.

use super::Ctx;
use std::cell::RefCell;

/// Per-customer marks and values for passes over a scope's rows. A pass takes fresh stamp
/// numbers ([`Marks::begin`]); a customer's value is meaningful only while their stamp is
/// one of the pass's, so nothing is cleared between passes. Stamp and value sit side by side:
/// a visit to a random customer touches one cache line.
#[derive(Debug, Default)]
pub struct Marks<T> {
    slots: Vec<Slot<T>>,
    last: u32,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Slot<T> {
    pub stamp: u32,
    pub value: T,
}

impl<T: Copy + Default> Marks<T> {
    /// Starts a pass over `customers` customers that uses the `states` stamps `base..base +
    /// states`; returns `base`. Every stamp left by earlier passes is below it.
    pub fn begin(&mut self, customers: usize, states: u32) -> u32 {
        if self.slots.len() < customers {
            self.slots.resize(customers, Slot::default());
        }
        if self.last.checked_add(states).is_none() {
            self.slots.iter_mut().for_each(|s| s.stamp = 0);
            self.last = 0;
        }
        let base = self.last + 1;
        self.last += states;
        base
    }

    /// The values of the customers stamped `stamp`, in customer order.
    pub fn stamped(&self, stamp: u32) -> impl Iterator<Item = &T> {
        self.slots
            .iter()
            .filter(move |s| s.stamp == stamp)
            .map(|s| &s.value)
    }

    /// Customer `c`'s slot (`None` for a key past the customers of [`Marks::begin`]).
    pub fn slot(&mut self, c: u32) -> Option<&mut Slot<T>> {
        self.slots.get_mut(c as usize)
    }
}

/// Runs `f` with the context's shared marks of type `T` (`key` names them), or with fresh
/// ones when they are in use further up the stack.
pub fn with_marks<T: Copy + Default + 'static, R>(
    ctx: &Ctx<'_>,
    key: &'static str,
    f: impl FnOnce(&mut Marks<T>) -> R,
) -> R {
    let shared = ctx.memo(key, || RefCell::new(Marks::<T>::default()));
    match shared.try_borrow_mut() {
        Ok(mut m) => f(&mut m),
        Err(_) => f(&mut Marks::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_sees_none_of_the_previous_passes_stamps() {
        let mut m = Marks::<f64>::default();
        let a = m.begin(3, 2);
        m.slots[1].stamp = a + 1;
        let b = m.begin(3, 2);
        assert_eq!(b, a + 2);
        assert!(m.slots.iter().all(|s| s.stamp < b));
    }

    #[test]
    fn stamps_restart_from_zero_before_they_overflow() {
        let mut m = Marks::<()>::default();
        m.begin(2, 1);
        m.slots[0].stamp = 1;
        m.last = u32::MAX - 1;
        let base = m.begin(2, 2);
        assert_eq!(base, 1);
        assert!(m.slots.iter().all(|s| s.stamp == 0));
    }

    #[test]
    fn marks_grow_with_the_customers() {
        let mut m = Marks::<u8>::default();
        m.begin(2, 1);
        m.begin(5, 1);
        assert_eq!(m.slots.len(), 5);
        assert!(m.slot(4).is_some() && m.slot(5).is_none());
    }
}
