//! Identity: one customer key per person across every file.

use crate::table::{Role, Table, TextValues};

/// One customer identity per person across all files: matched by customer id, else by
/// normalised e-mail (trimmed, lower-cased). A row carrying both links the two. Then visitor
/// links (METRICS.md "Identity"): a visitor id seen on a row that has a customer is that
/// customer on every row, so sessions and events before login count as theirs; a visitor
/// seen with two customers keeps the first (in file, then row order) and is a conflict that
/// `journey.identity` reports.
#[derive(Debug, Default)]
pub struct Customers {
    /// `keys[table][row]`: the customer's key, or [`Customers::NONE`].
    pub keys: Vec<Vec<u32>>,
    pub count: u32,
}

/// `s.trim()`, skipping the scan when `s` starts and ends with visible ASCII (nearly every
/// id and e-mail).
fn trim(s: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

/// Whether `s` holds an ASCII capital. Reads every byte without stopping early, which the
/// compiler turns into wide vector compares: on 400k e-mails a byte-at-a-time `any` was a
/// third of building the customer keys.
fn has_ascii_uppercase(s: &str) -> bool {
    s.bytes()
        .fold(false, |found, b| found | b.is_ascii_uppercase())
}

impl Customers {
    pub const NONE: u32 = u32::MAX;

    pub(super) fn build(tables: &[Table]) -> Customers {
        // The rules, row by row: rows with both an id and an e-mail first (so that the links
        // exist before lookups), then rows with only one. For speed, every distinct id and
        // normalised e-mail is hashed once, into a dense number; rows hold dictionary codes,
        // so the row loops only index small vectors.
        let id_cols: Vec<Option<&TextValues>> =
            tables.iter().map(|t| t.text(Role::CustomerId)).collect();
        let email_cols: Vec<Option<&TextValues>> =
            tables.iter().map(|t| t.text(Role::Email)).collect();
        // The normalised (trimmed, lower-cased) e-mails: borrowed when already normal, else
        // lower-cased into one shared buffer (no allocation per e-mail).
        let mut lowered = String::new();
        let spans = normalise_emails(&email_cols, &mut lowered);
        let email_norm: Vec<Vec<&str>> = spans
            .iter()
            .map(|t| {
                t.iter()
                    .map(|s| match s {
                        Ok(e) => *e,
                        Err((a, b)) => lowered.get(*a..*b).unwrap_or(""),
                    })
                    .collect()
            })
            .collect();
        let (id_of_code, distinct_ids) = id_numbers(&id_cols);
        let (email_of_code, distinct_emails) = email_numbers(&email_cols, &spans, &email_norm);
        let (keys, count) = link(
            tables,
            [&id_cols, &email_cols],
            [&id_of_code, &email_of_code],
            [distinct_ids, distinct_emails],
        );
        let mut keys = keys;
        link_visitors(tables, &mut keys);
        Customers { keys, count }
    }
}

/// Per file, per dictionary code of its e-mail column: the e-mail trimmed, borrowed when
/// already lower-case, else the span of its lower-cased copy in `lowered`.
type EmailSpans<'t> = Vec<Vec<Result<&'t str, (usize, usize)>>>;

fn normalise_emails<'t>(
    email_cols: &[Option<&'t TextValues>],
    lowered: &mut String,
) -> EmailSpans<'t> {
    email_cols
        .iter()
        .map(|c| {
            c.map(|c| {
                c.dict
                    .iter()
                    .map(|e| {
                        let e = trim(e);
                        let start = lowered.len();
                        if e.is_ascii() {
                            if !has_ascii_uppercase(e) {
                                return Ok(e);
                            }
                            lowered.push_str(e);
                            if let Some(tail) = lowered.get_mut(start..) {
                                tail.make_ascii_lowercase();
                            }
                        } else if e.chars().any(char::is_uppercase) {
                            lowered.extend(e.chars().flat_map(char::to_lowercase));
                        } else {
                            return Ok(e);
                        }
                        Err((start, lowered.len()))
                    })
                    .collect()
            })
            .unwrap_or_default()
        })
        .collect()
}

/// Dictionary code → dense number of the distinct id, per file, and how many there are.
/// A dictionary holds distinct strings, so when a single file has ids its codes are the
/// numbers and nothing needs hashing.
fn id_numbers(id_cols: &[Option<&TextValues>]) -> (Vec<Vec<u32>>, usize) {
    let files_with_ids = id_cols.iter().flatten().count();
    let mut id_numbers: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    let mut distinct_ids = 0usize;
    let id_of_code: Vec<Vec<u32>> = id_cols
        .iter()
        .map(|c| {
            let Some(c) = c else { return Vec::new() };
            if files_with_ids == 1 {
                distinct_ids = c.dict.len();
                return (0..c.dict.len() as u32).collect();
            }
            id_numbers.reserve(c.dict.len());
            c.dict
                .iter()
                .map(|id| {
                    let n = id_numbers.len() as u32;
                    *id_numbers.entry(id).or_insert(n)
                })
                .collect()
        })
        .collect();
    distinct_ids = distinct_ids.max(id_numbers.len());
    (id_of_code, distinct_ids)
}

/// Dictionary code → dense number of the distinct normalised e-mail (`NONE`: empty), per
/// file, and how many there are. When a single file has e-mails, all already normal (so
/// still distinct), its codes are the numbers: the hashing of every e-mail was a fifth of
/// building the keys at 400k.
fn email_numbers(
    email_cols: &[Option<&TextValues>],
    spans: &EmailSpans<'_>,
    email_norm: &[Vec<&str>],
) -> (Vec<Vec<u32>>, usize) {
    let files_with_emails = email_cols.iter().flatten().count();
    let verbatim = files_with_emails == 1
        && email_cols.iter().zip(spans.iter()).all(|(c, spans)| {
            c.is_none_or(|c| {
                c.dict
                    .iter()
                    .zip(spans)
                    .all(|(raw, s)| matches!(s, Ok(e) if e.len() == raw.len()))
            })
        });
    let mut email_numbers: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    let mut distinct_emails = 0usize;
    let email_of_code: Vec<Vec<u32>> = email_norm
        .iter()
        .map(|norm| {
            if verbatim {
                distinct_emails = distinct_emails.max(norm.len());
                return norm
                    .iter()
                    .enumerate()
                    .map(|(code, e)| {
                        if e.is_empty() {
                            Customers::NONE
                        } else {
                            code as u32
                        }
                    })
                    .collect();
            }
            email_numbers.reserve(norm.len());
            norm.iter()
                .map(|e| {
                    if e.is_empty() {
                        return Customers::NONE;
                    }
                    let n = email_numbers.len() as u32;
                    *email_numbers.entry(e).or_insert(n)
                })
                .collect()
        })
        .collect();
    distinct_emails = distinct_emails.max(email_numbers.len());
    (email_of_code, distinct_emails)
}

/// The customer key of every row: `[ids, e-mails]` columns, their code → number maps and
/// distinct counts. Returns the keys and how many customers.
fn link(
    tables: &[Table],
    [id_cols, email_cols]: [&[Option<&TextValues>]; 2],
    [id_of_code, email_of_code]: [&[Vec<u32>]; 2],
    [distinct_ids, distinct_emails]: [usize; 2],
) -> (Vec<Vec<u32>>, u32) {
    // by_id[id number] / by_email[e-mail number]: the customer key, once set never changed.
    let mut by_id = vec![Customers::NONE; distinct_ids];
    let mut by_email = vec![Customers::NONE; distinct_emails];
    let mut count = 0u32;
    let mut keys: Vec<Vec<u32>> = tables
        .iter()
        .map(|t| vec![Customers::NONE; t.rows()])
        .collect();
    let number = |col: Option<&TextValues>, of_code: &[u32], row: usize| {
        col.and_then(|c| of_code.get(c.codes[row] as usize).copied())
            .filter(|&n| n != Customers::NONE)
    };
    for pass in 0..2 {
        for t in 0..tables.len() {
            for row in 0..keys[t].len() {
                if keys[t][row] != Customers::NONE {
                    continue;
                }
                let id = number(id_cols[t], &id_of_code[t], row);
                let email = number(email_cols[t], &email_of_code[t], row);
                let both = id.is_some() && email.is_some();
                let either = id.is_some() || email.is_some();
                if !either || (pass == 0) != both {
                    continue;
                }
                let id_key = id
                    .map(|i| by_id[i as usize])
                    .filter(|&k| k != Customers::NONE);
                let email_key = email
                    .map(|e| by_email[e as usize])
                    .filter(|&k| k != Customers::NONE);
                let key = match id_key.or(email_key) {
                    Some(k) => k,
                    None => {
                        count += 1;
                        count - 1
                    }
                };
                if let (Some(i), None) = (id, id_key) {
                    by_id[i as usize] = key;
                }
                if let (Some(e), None) = (email, email_key) {
                    by_email[e as usize] = key;
                }
                keys[t][row] = key;
            }
        }
    }
    (keys, count)
}

/// Gives rows with no customer the customer their visitor id was seen with. Each distinct
/// visitor id is hashed once per file (by dictionary code), not per row.
fn link_visitors(tables: &[Table], keys: &mut [Vec<u32>]) {
    let visitor_cols: Vec<Option<&TextValues>> =
        tables.iter().map(|t| t.text(Role::VisitorId)).collect();
    if visitor_cols.iter().all(Option::is_none) {
        return;
    }
    let (number_of_code, distinct) = id_numbers(&visitor_cols);
    // The customer of each visitor number: the first row (file, then row order) that has both.
    let mut customer_of = vec![Customers::NONE; distinct];
    for (t, col) in visitor_cols.iter().enumerate() {
        let Some(col) = col else { continue };
        for (row, &code) in col.codes.iter().enumerate() {
            let key = keys[t][row];
            if key == Customers::NONE {
                continue;
            }
            // A null cell's code lies past the dictionary: no number.
            if let Some(&v) = number_of_code[t].get(code as usize)
                && let Some(slot) = customer_of.get_mut(v as usize)
                && *slot == Customers::NONE
            {
                *slot = key;
            }
        }
    }
    for (t, col) in visitor_cols.iter().enumerate() {
        let Some(col) = col else { continue };
        for (row, &code) in col.codes.iter().enumerate() {
            if keys[t][row] != Customers::NONE {
                continue;
            }
            if let Some(&key) = number_of_code[t]
                .get(code as usize)
                .and_then(|&v| customer_of.get(v as usize))
            {
                keys[t][row] = key;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{TableKind, text_values};
    use crate::test_support::four_orders;
    use std::collections::HashMap;

    #[test]
    fn customers_match_by_id_then_email() {
        let tables = [four_orders()];
        let c = Customers::build(&tables);
        // Row 0 (c1, a@x.com) and row 1 (e-mail only, different case) and row 3 (c1) are one.
        assert_eq!(c.keys[0][0], c.keys[0][1]);
        assert_eq!(c.keys[0][0], c.keys[0][3]);
        assert_ne!(c.keys[0][0], c.keys[0][2]);
        assert_eq!(c.count, 2);
        // A row with neither an id nor an e-mail has no customer.
        let t = Table::new("o.csv", TableKind::Orders)
            .with_column("customer", Role::CustomerId, text_values(["", "c9"]))
            .with_column("email", Role::Email, text_values(["", "c9@x.com"]));
        let c = Customers::build(&[t]);
        assert_eq!(c.keys[0], vec![Customers::NONE, 0]);
        assert_eq!(c.count, 1);
    }

    /// The row-by-row rules of `Customers::build`, without its per-code caches.
    fn customers_reference(tables: &[Table]) -> Vec<Vec<u32>> {
        let mut by_id: HashMap<String, u32> = HashMap::new();
        let mut by_email: HashMap<String, u32> = HashMap::new();
        let mut count = 0u32;
        let mut keys: Vec<Vec<u32>> = tables
            .iter()
            .map(|t| vec![Customers::NONE; t.rows()])
            .collect();
        for pass in 0..2 {
            for (t, table) in tables.iter().enumerate() {
                for (row, slot) in keys[t].iter_mut().enumerate() {
                    if *slot != Customers::NONE {
                        continue;
                    }
                    let id = table
                        .text(Role::CustomerId)
                        .and_then(|c| c.get(row))
                        .map(str::to_string);
                    let email = table
                        .text(Role::Email)
                        .and_then(|c| c.get(row))
                        .map(|e| e.trim().to_lowercase())
                        .filter(|e| !e.is_empty());
                    let mut fresh = || {
                        count += 1;
                        count - 1
                    };
                    *slot = match (pass, id, email) {
                        (0, Some(id), Some(email)) => {
                            let key = match (by_id.get(&id), by_email.get(&email)) {
                                (Some(&k), _) | (None, Some(&k)) => k,
                                (None, None) => fresh(),
                            };
                            by_id.entry(id).or_insert(key);
                            by_email.entry(email).or_insert(key);
                            key
                        }
                        (1, Some(id), None) => *by_id.entry(id).or_insert_with(fresh),
                        (1, None, Some(email)) => *by_email.entry(email).or_insert_with(fresh),
                        _ => continue,
                    };
                }
            }
        }
        keys
    }

    proptest::proptest! {
        #[test]
        fn customers_match_the_row_by_row_rules(
            rows in proptest::collection::vec((0u8..6, 0u8..6, 0u8..3), 0..40),
            split in 0usize..40,
        ) {
            // ids c0..c4 or empty (5); e-mails e0..e4 in three casings or empty.
            let cell = |v: u8, f: &dyn Fn(u8) -> String| if v == 5 { String::new() } else { f(v) };
            let mk = |rows: &[(u8, u8, u8)], name: &str| {
                let ids: Vec<String> = rows.iter().map(|r| cell(r.0, &|v| format!("c{v}"))).collect();
                let emails: Vec<String> = rows
                    .iter()
                    .map(|r| cell(r.1, &|v| match r.2 {
                        0 => format!("e{v}@x.com"),
                        1 => format!(" E{v}@X.com"),
                        _ => format!("E{v}@x.COM "),
                    }))
                    .collect();
                Table::new(name, TableKind::Orders)
                    .with_column("id", Role::CustomerId, text_values(ids.iter().map(String::as_str)))
                    .with_column("email", Role::Email, text_values(emails.iter().map(String::as_str)))
            };
            let split = split.min(rows.len());
            let tables = [mk(&rows[..split], "a.csv"), mk(&rows[split..], "b.csv")];
            proptest::prop_assert_eq!(Customers::build(&tables).keys, customers_reference(&tables));
            // One file alone: ids, and e-mails when all are already normal, skip the hashing.
            let one = [mk(&rows, "one.csv")];
            proptest::prop_assert_eq!(Customers::build(&one).keys, customers_reference(&one));
            let normal: Vec<(u8, u8, u8)> = rows.iter().map(|r| (r.0, r.1, 0)).collect();
            let one = [mk(&normal, "normal.csv")];
            proptest::prop_assert_eq!(Customers::build(&one).keys, customers_reference(&one));
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_text_checks_agree_with_the_standard_ones(s in "[ \t\u{a0}\u{3000}a-zA-Z0-9@._é-]{0,12}") {
            proptest::prop_assert_eq!(trim(&s), s.trim());
            proptest::prop_assert_eq!(has_ascii_uppercase(&s), s.bytes().any(|b| b.is_ascii_uppercase()));
        }
    }
}
