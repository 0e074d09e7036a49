//! One column's role and parser: candidate roles from the mapping, the vendor and the header,
//! the first the values fit, else a type from the values alone.

use super::profile::{Profile, share};
use super::{ColumnPlan, Parser};
use crate::ingest::mapping::FileMapping;
use crate::ingest::roles::{
    duration_unit_hours, header_roles, is_bool_role, is_date_role, is_hours_role, is_number_role,
    role_from_id, role_id,
};
use crate::ingest::values::{DateOrder, Decimal, fold};
use crate::ingest::vendors::{self, Vendor};
use crate::table::Role;
use crate::why::{Why, whole_percent};

/// What the plan knows of one column when it chooses a role.
pub(super) struct ColumnFacts<'a> {
    pub name: &'a str,
    pub profile: &'a Profile,
    /// The column's decimal mark (its own evidence, else the file's).
    pub decimal: Decimal,
    /// Non-empty values that parse as numbers with `decimal`.
    pub numbers: usize,
}

/// A role the column may have, how sure the source is, and why.
pub(super) struct Candidate {
    pub role: Role,
    pub score: f32,
    pub why: Why,
}

/// The column's plan: the first candidate its values fit, else a type from the values.
pub(super) fn column_plan(
    facts: &ColumnFacts<'_>,
    vendor: Option<&Vendor>,
    mapping: Option<&FileMapping>,
) -> ColumnPlan {
    let (candidates, pinned_none) = candidates(facts, vendor, mapping);
    candidates
        .iter()
        .find_map(|c| fit(facts, c))
        .unwrap_or_else(|| by_values(facts, pinned_none, &candidates))
}

/// Candidate roles: mapping, then vendor, then header words. `true` when the mapping or the
/// vendor says the column has no role.
fn candidates(
    facts: &ColumnFacts<'_>,
    vendor: Option<&Vendor>,
    mapping: Option<&FileMapping>,
) -> (Vec<Candidate>, bool) {
    let name = facts.name;
    let mut cands: Vec<Candidate> = Vec::new();
    let mut pinned_none = false;
    let mut mapped = false;
    let candidate = |role, score, why| Candidate { role, score, why };
    if let Some(m) = mapping
        && let Some(entry) = m.column(name)
    {
        mapped = true;
        match entry.as_deref().and_then(role_from_id) {
            Some(r) => cands.push(candidate(r, 1.0, Why::bare("mapping.set"))),
            None => pinned_none = true,
        }
    }
    if !mapped && let Some(v) = vendor {
        match vendors::vendor_role(v, name) {
            Some(Some(r)) => cands.push(candidate(r, 1.0, Why::new("vendor.column", [v.id]))),
            Some(None) => pinned_none = true,
            None => {}
        }
    }
    if !mapped && cands.is_empty() && !pinned_none {
        // In a recognised export, a column the vendor does not list is a lesser guess.
        let damp = if vendor.is_some() { 0.7 } else { 1.0 };
        let empty_in_vendor = vendor.is_some() && facts.profile.non_empty == 0;
        for (r, s) in header_roles(name) {
            let s = s * damp;
            if s >= 0.45 && !empty_in_vendor {
                let how = if s >= 1.0 {
                    "header.names"
                } else {
                    "header.mentions"
                };
                cands.push(candidate(
                    r,
                    s,
                    Why::new(how, [name.to_string(), role_id(r)]),
                ));
            }
        }
    }
    // "visto_em", "updated_at", "data_x": a date by its form, if nothing else claims it.
    if cands.is_empty() && !pinned_none && !mapped && date_like_header(name) {
        cands.push(candidate(
            Role::Date,
            0.5,
            Why::new("header.date_like", [name]),
        ));
    }
    (cands, pinned_none)
}

fn date_like_header(name: &str) -> bool {
    let f = fold(name);
    let words: Vec<&str> = f.split(' ').collect();
    words.len() > 1
        && matches!(
            words.last(),
            Some(&("at" | "em" | "date" | "data" | "time"))
        )
        || matches!(words.first(), Some(&("data" | "date" | "dt")))
}

/// Does the candidate's role fit the column's values? Returns the column plan if so.
fn fit(facts: &ColumnFacts<'_>, candidate: &Candidate) -> Option<ColumnPlan> {
    let (parser, fit, what) = fit_values(facts, candidate.role)?;
    Some(ColumnPlan {
        name: facts.name.to_string(),
        role: Some(candidate.role),
        parser,
        confidence: (candidate.score * (0.5 + 0.5 * fit)).clamp(0.0, 1.0),
        reason: String::new(),
        why: std::iter::once(candidate.why.clone()).chain(what).collect(),
        question: None,
        required: false,
        order_settled: true,
    })
}

/// "97% of 120 values ...": a share of the sample.
fn share_why(key: &str, f: f32, n: usize) -> Why {
    Why::new(key, [whole_percent(f), n.to_string()])
}

/// The parser `role` needs, how well the values fit it (0 to 1) and why; `None` when they
/// do not.
fn fit_values(facts: &ColumnFacts<'_>, role: Role) -> Option<(Parser, f32, Vec<Why>)> {
    let p = facts.profile;
    let n = p.non_empty;
    let of = |key: &str, f: f32| share_why(key, f, n);
    if is_date_role(role) {
        return fit_date(p);
    }
    if is_hours_role(role) || role == Role::SessionDuration {
        return fit_duration(facts, role);
    }
    if role == Role::Score || role == Role::Rating {
        // Scores are small numbers; "Good"/"Bad" satisfaction labels are not.
        let f = share(facts.numbers, n);
        return (f >= 0.8).then(|| {
            (
                Parser::Number(facts.decimal),
                f,
                vec![of("values.numbers", f)],
            )
        });
    }
    if is_number_role(role) {
        let f = share(facts.numbers, n);
        if f < 0.8 {
            return None;
        }
        let dec_name = if facts.decimal == Decimal::Comma {
            "comma"
        } else {
            "dot"
        };
        let mut what = vec![Why::new(
            "values.decimals",
            [whole_percent(f), n.to_string(), dec_name.to_string()],
        )];
        if let Some(cur) = p.currency {
            what.push(Why::new("values.currency", [cur]));
        }
        return Some((Parser::Number(facts.decimal), f, what));
    }
    if is_bool_role(role) {
        let f = share(p.booleans, n);
        return (f >= 0.8 || p.only_x_marks).then(|| {
            (
                Parser::Bool {
                    x_mark: p.only_x_marks,
                },
                f,
                vec![of("values.yes_no", f)],
            )
        });
    }
    if role == Role::Email {
        let f = share(p.emails, n);
        return (f >= 0.5).then(|| (Parser::Text, f, vec![of("values.emails", f)]));
    }
    if role == Role::Status {
        let f = share(p.known_statuses, n);
        return Some((
            Parser::Status,
            0.6 + 0.4 * f,
            vec![of("values.status_known", f)],
        ));
    }
    // Id-like and label roles: any text, but a column of dates or amounts is not an id.
    let dates = share(p.dates, n);
    if n > 0 && dates >= 0.9 && !matches!(role, Role::Question | Role::Comment) {
        return None;
    }
    Some((
        Parser::Text,
        1.0,
        vec![Why::new("values.distinct", [p.distinct.to_string()])],
    ))
}

/// A date role: dates, then `yyyymmdd` integers, then Unix seconds or milliseconds.
fn fit_date(p: &Profile) -> Option<(Parser, f32, Vec<Why>)> {
    let n = p.non_empty;
    [
        (p.dates, Parser::Date(DateOrder::Dmy), "values.dates"),
        (p.yyyymmdd_dates, Parser::Yyyymmdd, "values.yyyymmdd"),
        (
            p.unix_seconds,
            Parser::Unix { millis: false },
            "values.unix_seconds",
        ),
        (
            p.unix_millis,
            Parser::Unix { millis: true },
            "values.unix_millis",
        ),
    ]
    .into_iter()
    .find_map(|(count, parser, key)| {
        let f = share(count, n);
        (f >= 0.8).then(|| (parser, f, vec![share_why(key, f, n)]))
    })
}

/// A duration role: numbers in the unit the header names (else hours; seconds for session
/// durations), or clock times; stored in hours, session durations in seconds.
fn fit_duration(facts: &ColumnFacts<'_>, role: Role) -> Option<(Parser, f32, Vec<Why>)> {
    let p = facts.profile;
    let session = role == Role::SessionDuration;
    let named = duration_unit_hours(facts.name);
    let (unit, unit_name) = named.unwrap_or(if session {
        (1.0 / 3600.0, "seconds")
    } else {
        (1.0, "hours")
    });
    let f = share(facts.numbers.max(p.clock_durations), p.non_empty);
    if f < 0.8 {
        return None;
    }
    let (out, stored) = if session {
        (3600.0, "seconds")
    } else {
        (1.0, "hours")
    };
    let key = if named.is_some() {
        "values.durations"
    } else {
        "values.durations_assumed"
    };
    let parser = Parser::Duration {
        decimal: facts.decimal,
        unit_hours: unit,
        out_per_hour: out,
    };
    let args = [
        whole_percent(f),
        p.non_empty.to_string(),
        unit_name.to_string(),
        stored.to_string(),
    ];
    Some((parser, f, vec![Why::new(key, args)]))
}

/// No role fitted: type from the values alone, with value-shape roles.
fn by_values(facts: &ColumnFacts<'_>, pinned_none: bool, cands: &[Candidate]) -> ColumnPlan {
    let p = facts.profile;
    let n = p.non_empty;
    let of = |key: &str, f: f32| share_why(key, f, n);
    let mut cp = ColumnPlan {
        name: facts.name.to_string(),
        role: None,
        parser: Parser::Text,
        confidence: 0.5,
        reason: String::new(),
        why: Vec::new(),
        question: None,
        required: false,
        order_settled: true,
    };
    // The header's roles the values turned down.
    let rejected =
        (!cands.is_empty()).then(|| Why::new("role.unfit", cands.iter().map(|c| role_id(c.role))));
    if n == 0 {
        cp.why.push(Why::bare("values.empty"));
    } else {
        let fe = share(p.emails, n);
        let fd = share(p.dates, n);
        let fnum = share(facts.numbers, n);
        let fb = share(p.boolean_words, n);
        let fs = share(p.known_statuses, n);
        let no_role = Why::bare("role.none");
        if fd >= 0.9 && p.dates > 0 {
            cp.parser = Parser::Date(DateOrder::Dmy);
            cp.why = vec![of("values.dates", fd), no_role];
        } else if fnum >= 0.9 {
            cp.parser = Parser::Number(facts.decimal);
            cp.why = vec![of("values.read_numbers", fnum), no_role];
        } else if fb >= 0.9 {
            cp.parser = Parser::Bool { x_mark: false };
            cp.why = vec![of("values.yes_no", fb), no_role];
        } else if fe >= 0.8 && !pinned_none {
            cp.role = Some(Role::Email);
            cp.confidence = 0.6;
            cp.why = vec![of("values.emails", fe)];
        } else if fs >= 0.8 && p.distinct <= 30 && !pinned_none {
            cp.role = Some(Role::Status);
            cp.parser = Parser::Status;
            cp.confidence = 0.6;
            cp.why = vec![of("values.order_status", fs)];
        } else {
            cp.why = vec![Why::new("values.text", [p.distinct.to_string()]), no_role];
        }
    }
    cp.why.extend(rejected);
    if pinned_none {
        cp.role = None;
        if n > 0 {
            cp.confidence = 0.9;
        }
        cp.why.insert(0, Why::bare("known.no_role"));
    }
    cp
}
