//! Purchases: the completed orders of known customers, in date order, one compact run per
//! orders table. The orders-only retention metrics (customer churn, expansion, LTV) read
//! them once per period, per breakdown key and per pooled period, and most orders of a run
//! are visited a dozen times in one `analyze`; so what every visit would test (status,
//! customer) is tested once here, and a visit reads one 24-byte record.

use super::super::sales::prep;
use super::super::{Customers, Groups, Scope};
use crate::metrics::Ctx;
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
    /// Purchase numbers grouped by the code of a filter column, built when first asked for.
    groups: RefCell<HashMap<Role, Rc<Groups>>>,
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
        let purchases = orders
            .iter()
            .zip(dates)
            .enumerate()
            .filter(|(_, (o, _))| o.status == Status::Completed && o.customer != Customers::NONE)
            .map(|(p, (o, &at))| Purchase {
                at,
                amount: o.amount,
                customer: o.customer,
                position: p as u32,
            })
            .collect();
        PurchaseTable {
            t: ot.t,
            purchases,
            groups: RefCell::default(),
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
        mut f: impl FnMut(&Purchase),
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
        let Some(code) = text.dict.iter().position(|s| &**s == key.as_str()) else {
            return;
        };
        let groups = self.groups.borrow().get(role).cloned();
        let groups = groups.unwrap_or_else(|| {
            let rows = &ot.sorted.index.rows;
            let g = Rc::new(Groups::build(
                all.iter()
                    .map(|p| text.codes[rows[p.position as usize] as usize]),
                text.dict.len(),
            ));
            self.groups.borrow_mut().insert(*role, g.clone());
            g
        });
        for &i in groups.of_within(code as u32, lo..hi) {
            if let Some(p) = all.get(i as usize) {
                f(p);
            }
        }
    }
}
