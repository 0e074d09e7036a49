//! Purchases: the completed orders of known customers, in date order, one compact run per
//! orders table. The orders-only retention metrics (customer churn, expansion, LTV) read
//! them once per period, per breakdown key and per pooled period, and most orders of a run
//! are visited a dozen times in one `analyze`; so what every visit would test (status,
//! customer) is tested once here, and a visit reads one 24-byte record.

use crate::metrics::Ctx;
use crate::metrics::sales::prep;
use crate::metrics::{Customers, Groups, Scope};
use crate::table::{Role, Status, Timestamp};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// One completed order of a known customer.
#[derive(Debug, Clone, Copy)]
pub struct Purchase {
    pub at: Timestamp,
    /// NaN: no amount.
    pub amount: f64,
    pub customer: u32,
    /// Its position in the table's date-ordered orders (see [`prep::Sorted`]).
    pub position: u32,
}

/// One orders table's purchases, in date order (the order of its positions).
#[derive(Debug)]
pub struct PurchaseTable {
    pub t: usize,
    pub purchases: Vec<Purchase>,
    /// The purchases' indices grouped by the code of a filter column (a null cell in none),
    /// built when first asked for: 4 bytes a purchase, not a 24-byte copy (issue 16).
    by_code: RefCell<HashMap<Role, Rc<Groups>>>,
}

/// Every prepared orders table's purchases, indexed like `prep::Orders::tables`.
#[derive(Debug, Default)]
pub struct Purchases {
    pub tables: Vec<PurchaseTable>,
}

impl Purchases {
    /// Built once per `analyze`, from the prepared orders.
    pub fn get(ctx: &Ctx<'_>) -> Rc<Purchases> {
        ctx.memo("loyalty.purchases", || {
            let orders = prep::Orders::get(ctx);
            Purchases {
                tables: orders.tables.iter().map(PurchaseTable::build).collect(),
            }
        })
    }
}

impl PurchaseTable {
    fn build(ot: &prep::OrderTable) -> PurchaseTable {
        let (dates, orders) = (&ot.sorted.index.dates, &ot.sorted.orders);
        let bought =
            |o: &&prep::Order| o.status == Status::Completed && o.customer != Customers::NONE;
        // Counted first: a filtered `collect` grows by doubling, up to twice the room used
        // (and, in wasm, the old copies stay in the memory).
        let mut purchases = Vec::with_capacity(orders.iter().filter(bought).count());
        purchases.extend(
            orders
                .iter()
                .zip(dates)
                .enumerate()
                .filter(|(_, (o, _))| bought(o))
                .map(|(p, (o, &at))| Purchase {
                    at,
                    amount: o.amount,
                    customer: o.customer,
                    position: p as u32,
                }),
        );
        PurchaseTable {
            t: ot.t,
            purchases,
            by_code: RefCell::default(),
        }
    }

    /// Calls `f` with the purchases of `ot` (this table's prepared orders) in `scope`, in
    /// date order. The filter applies as in [`prep::OrderTable::each`]: a file without the
    /// filter's column stays whole; with it, only purchases holding the key (none if the key
    /// never occurs or the column is not text).
    pub fn each(
        &self,
        ctx: &Ctx<'_>,
        ot: &prep::OrderTable,
        scope: &Scope,
        f: impl FnMut(&Purchase),
    ) {
        ctx.touch(self.t);
        let all = &self.purchases;
        let lo = all.partition_point(|p| p.at < scope.range.start);
        let hi = all.partition_point(|p| p.at < scope.range.end).max(lo);
        let column = scope
            .filter
            .as_ref()
            .and_then(|(role, key)| Some((role, key, ctx.tables[self.t].column(*role)?)));
        let Some((role, key, col)) = column else {
            all[lo..hi].iter().for_each(f);
            return;
        };
        let Some(text) = col.values.as_text() else {
            return;
        };
        let Some(code) = text.dict.position(key) else {
            return;
        };
        let grouped = self.by_code.borrow().get(role).cloned();
        let grouped = grouped.unwrap_or_else(|| {
            let rows = &ot.sorted.index.rows;
            let codes = all
                .iter()
                .map(|p| text.codes[rows[p.position as usize] as usize]);
            let g = Rc::new(Groups::build(codes, text.dict.len()));
            self.by_code.borrow_mut().insert(*role, g.clone());
            g
        });
        // Indices ascend within a code and purchases are in date order: the code's purchases
        // in range are its indices within the range's `lo..hi`.
        grouped
            .of_within(code, lo..hi)
            .iter()
            .filter_map(|&i| all.get(i as usize))
            .for_each(f);
    }
}
