//! Roles from the values when the headers say nothing (`col1`, a language the dictionary does
//! not know): what each column's values look like and how columns relate.
//!
//! - 8-digit integers that all read as dates (`19970101`) are dates;
//! - one date column is the table's date; of two, the one always on or after the other is an
//!   end (`ended_at`), the other the date;
//! - numbers with decimals, none negative, are money; a column equal to quantity × another
//!   on (almost) every row is the line total (`amount`) and the other the unit price;
//! - integers with few distinct small values (at most 1,000) beside money are a quantity;
//! - beside an amount, an id (text, or integers that are neither small nor decimals) that repeats across rows
//!   is who the row is about (`customer_id`); one that never repeats is the row's own id
//!   (`order_id`).
//!
//! So a transaction log (a repeating id, a date, a positive amount) is read as orders. Every
//! role given here says so (`values.inferred`, with what in the values) and is less sure
//! (confidence [`INFERRED`]) than a header's.

use super::profile::{Profile, share};
use super::{ColumnPlan, Parser};
use crate::ingest::roles::role_id;
use crate::ingest::values::{DateOrder, Decimal, parse_date, parse_number, parse_yyyymmdd};
use crate::table::{Role, Timestamp};
use crate::why::Why;
use std::collections::HashSet;

/// How sure an inferred role is: below a header's mention (0.55 and up).
pub const INFERRED: f32 = 0.4;

/// Gives roles from the values to the columns that have none (and were not pinned to none).
/// Returns whether any role was given.
pub(super) fn infer_from_values<'r>(
    columns: &mut [ColumnPlan],
    profiles: &[Profile],
    values_of: impl Fn(usize) -> Vec<&'r str>,
) -> bool {
    let mut given = infer_dates(columns, profiles, &values_of);
    let numbers = classify_numbers(columns, profiles, &values_of);
    given |= infer_amounts(columns, &numbers, &values_of);
    // Ids only beside an amount (a column of unique words alone is not an order id).
    if !taken(columns, Role::Amount) {
        return given;
    }
    given |= infer_ids(columns, profiles, numbers.int_ids, &values_of);

    // A date beside an amount and a repeating id is a transaction log: the date is the
    // order's.
    if given
        && taken(columns, Role::Amount)
        && taken(columns, Role::CustomerId)
        && !taken(columns, Role::OrderDate)
        && let Some(c) = columns.iter_mut().find(|c| c.role == Some(Role::Date))
    {
        c.role = Some(Role::OrderDate);
        c.confidence = c.confidence.min(INFERRED);
        c.why.push(Why::new(
            "values.inferred",
            [role_id(Role::OrderDate), "transaction_log".to_string()],
        ));
    }
    given
}

/// A column still open to inference: no role, no question, not pinned to none.
fn free(c: &ColumnPlan) -> bool {
    c.role.is_none() && c.question.is_none() && !c.why.iter().any(|w| w.key == "known.no_role")
}

/// Whether some column already has the role.
fn taken(cols: &[ColumnPlan], r: Role) -> bool {
    cols.iter().any(|c| c.role == Some(r))
}

/// Gives a column an inferred role, saying what in the values showed it.
fn give(c: &mut ColumnPlan, role: Role, parser: Parser, evidence: &str) {
    c.role = Some(role);
    c.parser = parser;
    c.confidence = INFERRED;
    c.why = vec![Why::new(
        "values.inferred",
        [role_id(role), evidence.to_string()],
    )];
}

/// Gives `role` to column `i`, keeping its parser, unless another column has it. Returns
/// whether it was given.
fn give_if_free(columns: &mut [ColumnPlan], i: usize, role: Role, evidence: &str) -> bool {
    if taken(columns, role) {
        return false;
    }
    let parser = columns[i].parser;
    give(&mut columns[i], role, parser, evidence);
    true
}

/// Dates: 8-digit integers first; then the only date column is the date, and of two, the one
/// always on or after the other is the end.
fn infer_dates<'r>(
    columns: &mut [ColumnPlan],
    profiles: &[Profile],
    values_of: &impl Fn(usize) -> Vec<&'r str>,
) -> bool {
    for (i, c) in columns.iter_mut().enumerate() {
        let p = &profiles[i];
        if free(c)
            && matches!(c.parser, Parser::Number(_))
            && p.non_empty > 0
            && share(p.yyyymmdd_dates, p.non_empty) >= 0.95
        {
            c.parser = Parser::Yyyymmdd;
        }
    }
    let date_cols: Vec<usize> = (0..columns.len())
        .filter(|&i| {
            free(&columns[i])
                && matches!(
                    columns[i].parser,
                    Parser::Date(_) | Parser::Yyyymmdd | Parser::Unix { .. }
                )
        })
        .collect();
    let stamps = |i: usize, parser: Parser| -> Vec<Option<Timestamp>> {
        let order = if profiles[i].month_first_dates > profiles[i].day_first_dates {
            DateOrder::Mdy
        } else {
            DateOrder::Dmy
        };
        values_of(i)
            .iter()
            .map(|v| match parser {
                Parser::Yyyymmdd => parse_yyyymmdd(v.trim()),
                _ => parse_date(v.trim(), order).map(|(t, _)| t),
            })
            .collect()
    };
    match date_cols.as_slice() {
        [] => false,
        [d] => {
            let ev = if columns[*d].parser == Parser::Yyyymmdd {
                "yyyymmdd"
            } else {
                "only_date"
            };
            give_if_free(columns, *d, Role::Date, ev)
        }
        [a, b, ..] => {
            let (sa, sb) = (
                stamps(*a, columns[*a].parser),
                stamps(*b, columns[*b].parser),
            );
            let pairs: Vec<(Timestamp, Timestamp)> = sa
                .iter()
                .zip(&sb)
                .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
                .collect();
            let later = |x: &[(Timestamp, Timestamp)]| {
                !x.is_empty() && x.iter().all(|(s, e)| e >= s) && x.iter().any(|(s, e)| e > s)
            };
            let swapped: Vec<(Timestamp, Timestamp)> =
                pairs.iter().map(|(s, e)| (*e, *s)).collect();
            let (start, end) = if later(&pairs) {
                (*a, Some(*b))
            } else if later(&swapped) {
                (*b, Some(*a))
            } else {
                (*a, None)
            };
            let mut given = give_if_free(columns, start, Role::Date, "first_date");
            if let Some(e) = end {
                given |= give_if_free(columns, e, Role::EndedAt, "later_date");
            }
            given
        }
    }
}

/// The free number columns sorted by what their values look like.
struct NumberColumns {
    /// Decimals (or a currency), none negative.
    money: Vec<usize>,
    /// Whole, not negative, at most 1,000 and at most 50 distinct values.
    small_ints: Vec<usize>,
    /// Whole and larger or more varied, or written with leading zeros.
    int_ids: Vec<usize>,
}

/// A number column's values, read with its decimal mark.
fn numbers<'r>(
    columns: &[ColumnPlan],
    i: usize,
    values_of: &impl Fn(usize) -> Vec<&'r str>,
) -> Vec<Option<f64>> {
    let dec = match columns[i].parser {
        Parser::Number(d) => d,
        _ => Decimal::Dot,
    };
    values_of(i)
        .iter()
        .map(|v| parse_number(v.trim(), dec))
        .collect()
}

/// Sorts the free number columns into money, small integers and integer ids.
fn classify_numbers<'r>(
    columns: &[ColumnPlan],
    profiles: &[Profile],
    values_of: &impl Fn(usize) -> Vec<&'r str>,
) -> NumberColumns {
    let num_cols: Vec<usize> = (0..columns.len())
        .filter(|&i| free(&columns[i]) && matches!(columns[i].parser, Parser::Number(_)))
        .collect();
    let mut sorted = NumberColumns {
        money: Vec::new(),
        small_ints: Vec::new(),
        int_ids: Vec::new(),
    };
    for &i in &num_cols {
        let v: Vec<f64> = numbers(columns, i, values_of)
            .into_iter()
            .flatten()
            .collect();
        if v.is_empty() {
            continue;
        }
        let p = &profiles[i];
        let decimals = v.iter().any(|x| x.fract() != 0.0)
            || p.dot_decimals + p.comma_decimals > 0
            || p.currency.is_some();
        let negative = v.iter().any(|x| *x < 0.0);
        let leading_zero = values_of(i)
            .iter()
            .any(|s| s.trim().len() > 1 && s.trim().starts_with('0') && !s.contains(['.', ',']));
        if decimals && !negative {
            sorted.money.push(i);
        } else if !decimals && !negative && !leading_zero {
            let max = v.iter().copied().fold(0.0, f64::max);
            let distinct: HashSet<u64> = v.iter().map(|x| x.to_bits()).collect();
            if max <= 1000.0 && distinct.len() <= 50 {
                sorted.small_ints.push(i);
            } else {
                sorted.int_ids.push(i);
            }
        } else if leading_zero && !decimals {
            sorted.int_ids.push(i);
        }
    }
    sorted
}

/// Amount, unit price and quantity: a line total (quantity × unit price) if one is found,
/// else the first money column and the first small integers beside it.
fn infer_amounts<'r>(
    columns: &mut [ColumnPlan],
    numbers_of: &NumberColumns,
    values_of: &impl Fn(usize) -> Vec<&'r str>,
) -> bool {
    let mut given = false;
    if let Some((q, u, t)) = line_total(columns, numbers_of, values_of) {
        given |= give_if_free(columns, t, Role::Amount, "line_total");
        given |= give_if_free(columns, u, Role::UnitPrice, "unit_price");
        given |= give_if_free(columns, q, Role::Quantity, "quantity");
    } else {
        if let Some(&m) = numbers_of.money.first() {
            given |= give_if_free(columns, m, Role::Amount, "money");
        }
        if let Some(&q) = numbers_of.small_ints.first()
            && taken(columns, Role::Amount)
        {
            given |= give_if_free(columns, q, Role::Quantity, "small_integers");
        }
    }
    given
}

/// A line total: equal to quantity × unit price on 95% of the rows where all three are.
/// Returns `(quantity, unit price, total)` columns.
fn line_total<'r>(
    columns: &[ColumnPlan],
    numbers_of: &NumberColumns,
    values_of: &impl Fn(usize) -> Vec<&'r str>,
) -> Option<(usize, usize, usize)> {
    let NumberColumns {
        money, small_ints, ..
    } = numbers_of;
    for &q in small_ints {
        let qv = numbers(columns, q, values_of);
        for &u in money {
            let uv = numbers(columns, u, values_of);
            for &t in money.iter().chain(small_ints) {
                if t == u || t == q {
                    continue;
                }
                let tv = numbers(columns, t, values_of);
                let (mut rows, mut equal) = (0usize, 0usize);
                for ((q, u), t) in qv.iter().zip(&uv).zip(&tv) {
                    if let (Some(q), Some(u), Some(t)) = (q, u, t) {
                        rows += 1;
                        equal += usize::from((q * u - t).abs() <= 0.005 + 1e-9 * t.abs());
                    }
                }
                if rows >= 2
                    && equal as f32 >= 0.95 * rows as f32
                    && qv.iter().flatten().any(|x| *x != 1.0)
                {
                    return Some((q, u, t));
                }
            }
        }
    }
    None
}

/// Ids: integer ids and text columns, by whether they repeat (a customer) or not (the row's
/// own order id).
fn infer_ids<'r>(
    columns: &mut [ColumnPlan],
    profiles: &[Profile],
    int_ids: Vec<usize>,
    values_of: &impl Fn(usize) -> Vec<&'r str>,
) -> bool {
    let text_ids: Vec<usize> = (0..columns.len())
        .filter(|&i| {
            free(&columns[i])
                && columns[i].parser == Parser::Text
                && profiles[i].non_empty > 0
                && profiles[i].dates == 0
        })
        .collect();
    let mut given = false;
    for i in int_ids.into_iter().chain(text_ids) {
        let p = &profiles[i];
        let repeats = p.distinct < p.non_empty;
        let (role, ev) = if repeats {
            (Role::CustomerId, "repeating_id")
        } else {
            (Role::OrderId, "unique_id")
        };
        // Long free text is not an id.
        let long_text = values_of(i).iter().any(|v| v.trim().chars().count() > 40);
        if !long_text && !taken(columns, role) {
            give(&mut columns[i], role, Parser::Text, ev);
            given = true;
        }
    }
    given
}
