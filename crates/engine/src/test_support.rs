//! What the engine's unit tests share: dates, a tolerance check, small tables. What goes
//! through the public API only is in [`shared`], which the integration tests use too.

// Some of its helpers serve only the integration tests.
#[allow(dead_code)]
mod shared;

pub use shared::*;

use crate::metrics::{Ctx, Scope};
use crate::period::{DateRange, Query};
use crate::settings::Settings;
use crate::table::{Role, Table, TableKind, Values, text_values};

/// Four orders: two in January, one in February, one without a date; customer `c1` by id on
/// rows 0 and 3 and by e-mail (another case) on row 1; `c2` on row 2.
pub fn four_orders() -> Table {
    Table::new("orders.csv", TableKind::Orders)
        .with_column(
            "date",
            Role::OrderDate,
            Values::Date(vec![day(2025, 1, 5), day(2025, 2, 1), day(2025, 1, 20), None].into()),
        )
        .with_column(
            "channel",
            Role::Channel,
            text_values(["web", "app", "web", "web"]),
        )
        .with_column(
            "customer",
            Role::CustomerId,
            text_values(["c1", "", "c2", "c1"]),
        )
        .with_column(
            "email",
            Role::Email,
            text_values(["A@x.com ", "a@x.com", "", ""]),
        )
}

/// The days from `from` to `to` (year, month, day), inclusive, with no filter.
pub fn days(from: (i32, u32, u32), to: (i32, u32, u32)) -> Scope {
    let d = |(y, m, dd): (i32, u32, u32)| date(y, m, dd);
    Scope {
        range: DateRange::days(d(from), d(to)),
        filter: None,
    }
}

/// The first quarter of 2025.
pub fn q1() -> Scope {
    days((2025, 1, 1), (2025, 3, 31))
}

/// January 2025.
pub fn jan() -> Scope {
    days((2025, 1, 1), (2025, 1, 31))
}

/// February 2025.
pub fn feb() -> Scope {
    days((2025, 2, 1), (2025, 2, 28))
}

/// Runs `f` on a `Ctx` over `tables` with the default query.
pub fn with_ctx<R>(tables: &[Table], settings: &Settings, f: impl FnOnce(&Ctx<'_>) -> R) -> R {
    let query = Query::default();
    let ctx = Ctx::new(tables, settings, &query);
    f(&ctx)
}
