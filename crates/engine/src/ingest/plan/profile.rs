//! What a column's sample values look like: counts of each shape a value can take.

use crate::ingest::values::{
    DateOrder, Decimal, DecimalEvidence, OrderEvidence, classify_status, currency_in,
    decimal_evidence, looks_like_email, parse_bool, parse_date, parse_duration_hours, parse_unix,
    parse_yyyymmdd,
};
use crate::table::Status;
use std::collections::HashSet;

/// Counts over a column's non-empty sample values.
#[derive(Debug, Default)]
pub(super) struct Profile {
    /// Non-empty values in the sample.
    pub non_empty: usize,
    /// Numbers whose decimal mark can only be a dot ("1,234.5", "0.5").
    pub dot_decimals: usize,
    /// Numbers whose decimal mark can only be a comma ("1.234,5", "0,5").
    pub comma_decimals: usize,
    /// Values that read as a date (day first where ambiguous).
    pub dates: usize,
    /// Dates only day-first can read ("25/03/2025").
    pub day_first_dates: usize,
    /// Dates only month-first can read ("03/25/2025").
    pub month_first_dates: usize,
    /// Slash dates either order can read ("04/03/2025").
    pub ambiguous_dates: usize,
    /// Dates written as one integer, `20250325`.
    pub yyyymmdd_dates: usize,
    /// Unix timestamps in seconds (10 digits).
    pub unix_seconds: usize,
    /// Unix timestamps in milliseconds (13 digits).
    pub unix_millis: usize,
    /// Values that read as yes/no (words or 0/1).
    pub booleans: usize,
    /// Yes/no values written as words, not digits.
    pub boolean_words: usize,
    /// Every non-empty value is an `x` (a checkbox column).
    pub only_x_marks: bool,
    pub emails: usize,
    /// Values that are a known status word ("pago", "refunded").
    pub known_statuses: usize,
    /// Durations written as a clock, "01:30".
    pub clock_durations: usize,
    /// Distinct values (counted up to 1,000).
    pub distinct: usize,
    /// The first currency a value names by symbol or code.
    pub currency: Option<&'static str>,
}

pub(super) fn profile(values: &[&str]) -> Profile {
    let mut p = Profile {
        only_x_marks: true,
        ..Profile::default()
    };
    let mut seen: HashSet<&str> = HashSet::new();
    for v in values {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        p.non_empty += 1;
        if seen.len() < 1000 {
            seen.insert(v);
        }
        match decimal_evidence(v) {
            Some(DecimalEvidence::Dot) => p.dot_decimals += 1,
            Some(DecimalEvidence::Comma) => p.comma_decimals += 1,
            Some(DecimalEvidence::Either) | None => {}
        }
        if p.currency.is_none() && v.bytes().any(|b| !b.is_ascii_digit()) {
            p.currency = currency_in(v);
        }
        if let Some((_, evidence)) = parse_date(v, DateOrder::Dmy) {
            p.dates += 1;
            match evidence {
                OrderEvidence::Dmy => p.day_first_dates += 1,
                OrderEvidence::Mdy => p.month_first_dates += 1,
                OrderEvidence::Ambiguous => p.ambiguous_dates += 1,
                OrderEvidence::None => {}
            }
        }
        if parse_yyyymmdd(v).is_some() {
            p.yyyymmdd_dates += 1;
        }
        if v.len() == 10 && parse_unix(v, false).is_some() {
            p.unix_seconds += 1;
        }
        if v.len() == 13 && parse_unix(v, true).is_some() {
            p.unix_millis += 1;
        }
        if parse_bool(v).is_some() {
            p.booleans += 1;
            if !v.bytes().all(|b| b.is_ascii_digit()) {
                p.boolean_words += 1;
            }
        }
        if !v.eq_ignore_ascii_case("x") {
            p.only_x_marks = false;
        }
        if looks_like_email(v) {
            p.emails += 1;
        }
        if classify_status(v) != Status::Other {
            p.known_statuses += 1;
        }
        if v.contains(':') && parse_duration_hours(v, Decimal::Dot, 1.0).is_some() {
            p.clock_durations += 1;
        }
    }
    p.distinct = seen.len();
    p
}

/// Share of `k` in `n` (1 when there is nothing to judge).
pub(super) fn share(k: usize, n: usize) -> f32 {
    if n == 0 { 1.0 } else { k as f32 / n as f32 }
}
