//! What the engine's unit tests share: dates, a tolerance check, small tables. (The
//! integration tests in `tests/` have the same in `tests/common`.)

use crate::period::date_to_ts;
use crate::table::{Role, Table, TableKind, Timestamp, Values, text_values};
use chrono::NaiveDate;

/// Midnight of a day, as a date cell.
pub fn day(y: i32, m: u32, d: u32) -> Option<Timestamp> {
    Some(date_to_ts(date(y, m, d)))
}

/// A calendar day (panics on an impossible one: a test's own typo).
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date")
}

/// Asserts `actual` equals `expected` to 1e-9.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "{actual} != {expected} (to 1e-9)"
    );
}

/// Four orders: two in January, one in February, one without a date; customer `c1` by id on
/// rows 0 and 3 and by e-mail (another case) on row 1; `c2` on row 2.
pub fn four_orders() -> Table {
    Table::new("orders.csv", TableKind::Orders)
        .with_column(
            "date",
            Role::OrderDate,
            Values::Date(vec![
                day(2025, 1, 5),
                day(2025, 2, 1),
                day(2025, 1, 20),
                None,
            ]),
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
