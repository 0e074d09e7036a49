//! Test helpers through the engine's public API only, so that both the unit tests (as
//! `crate::test_support`) and the integration tests of `tests/` and the CLI (each through a
//! `#[path]` module) use the one copy. Paths name `jornada_engine`, which the engine's own
//! unit tests see through `extern crate self as jornada_engine`.

use chrono::NaiveDate;
use jornada_engine::period::date_to_ts;
use jornada_engine::table::{Role, Table, TableKind, Timestamp, Values, text_values};

/// A calendar day (panics on an impossible one: a test's own typo).
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid test date")
}

/// Midnight of a day, as a date cell.
pub fn day(y: i32, m: u32, d: u32) -> Option<Timestamp> {
    Some(date_to_ts(date(y, m, d)))
}

/// A wall-clock time of day, as seconds since 1970-01-01 (what a date-time cell holds).
pub fn at(y: i64, m: u32, d: u32, h: i64, mi: i64, s: i64) -> Timestamp {
    jornada_engine::ingest::values::days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + s
}

/// Asserts `actual` equals `expected` to 1e-9, relative to `expected` when it is above 1.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{actual} != {expected} (to 1e-9)"
    );
}

/// Asserts a metric's value is present and [`assert_close`] to `expected`.
#[track_caller]
pub fn assert_close_some(actual: Option<f64>, expected: f64) {
    match actual {
        Some(a) => assert_close(a, expected),
        None => panic!("no value, expected {expected}"),
    }
}

/// Eight orders in `pedidos.csv`, Portuguese statuses and headers:
/// ```text
/// row date       customer status               amount channel type
///  0  2025-01-05 c1       pago                  100   web     regular
///  1  2025-01-10 c2       pago                   50   app     upsell
///  2  2025-01-20 c1       estornado              80   web     regular
///  3  2025-02-02 c1       pago                   30   web     cross-sell
///  4  2025-02-10 c3       carrinho abandonado    70   web     regular
///  5  2025-02-15 c2       pago                   20   app     regular
///  6  2025-02-20 c4       aguardando pagamento   40   app     regular
///  7  2025-03-01 c3       pago                   60   web     Up-sell
/// ```
pub fn eight_orders() -> Table {
    Table::new("pedidos.csv", TableKind::Orders)
        .with_column(
            "data",
            Role::OrderDate,
            Values::Date(
                vec![
                    day(2025, 1, 5),
                    day(2025, 1, 10),
                    day(2025, 1, 20),
                    day(2025, 2, 2),
                    day(2025, 2, 10),
                    day(2025, 2, 15),
                    day(2025, 2, 20),
                    day(2025, 3, 1),
                ]
                .into(),
            ),
        )
        .with_column(
            "cliente",
            Role::CustomerId,
            text_values(["c1", "c2", "c1", "c1", "c3", "c2", "c4", "c3"]),
        )
        .with_column(
            "status",
            Role::Status,
            text_values([
                "pago",
                "pago",
                "estornado",
                "pago",
                "carrinho abandonado",
                "pago",
                "aguardando pagamento",
                "pago",
            ]),
        )
        .with_column(
            "valor",
            Role::Amount,
            Values::Number(
                [100.0, 50.0, 80.0, 30.0, 70.0, 20.0, 40.0, 60.0]
                    .map(Some)
                    .to_vec()
                    .into(),
            ),
        )
        .with_column(
            "canal",
            Role::Channel,
            text_values(["web", "app", "web", "web", "web", "app", "app", "web"]),
        )
        .with_column(
            "tipo",
            Role::OrderType,
            text_values([
                "regular",
                "upsell",
                "regular",
                "cross-sell",
                "regular",
                "regular",
                "regular",
                "Up-sell",
            ]),
        )
}
