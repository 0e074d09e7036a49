//! Activity: daily and monthly active users, stickiness, session length and visit
//! frequency.

use crate::metrics::common::{
    NO_PERSON, Verdict, dated_tables, filter_reaches, has_person, median_mean, person_keys,
    provenance, range_days,
};
use crate::metrics::marks::CustomerSet;
use crate::metrics::radix_sort;
use crate::metrics::{Computed, Ctx, Need, Scope};
use crate::period::{DateRange, SECONDS_PER_DAY};
use crate::report::ProvenanceRow;
use crate::table::{Role, TableKind, Timestamp};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

pub(super) const ACTIVITY: &[TableKind] = &[TableKind::Events, TableKind::Sessions];
/// What the activity metrics need: events or sessions with dates and people.
pub(super) const NEEDS_ACTIVITY: &str = "activity.person";

/// Activity: the distinct `(day, person)` pairs, sorted by day then person, each packed in one
/// u64 (the day's offset from `first_day` above the low `person_bits` bits, the person's
/// dense number below; see [`People`]), so that sorting them is a radix sort of integers.
#[derive(Debug, Default)]
pub(super) struct Activity {
    first_day: i64,
    person_bits: u32,
    pairs: Vec<u64>,
}

impl Activity {
    /// Packs, sorts and deduplicates `(day number, person)` pairs of people `0..people`.
    fn new(days: Vec<(i64, u64)>, people: usize) -> Activity {
        let person_bits = u64::BITS - (people as u64).leading_zeros();
        let (first, last) = days.iter().fold((i64::MAX, i64::MIN), |(lo, hi), d| {
            (lo.min(d.0), hi.max(d.0))
        });
        // Day numbers come from dates chrono can represent (a span under 2^27 days) and people
        // from row numbers (u32), so a pair fits in 64 bits.
        let pack = |(day, person): (i64, u64)| (((day - first) as u64) << person_bits) | person;
        let max_key = if days.is_empty() {
            0
        } else {
            pack((last, (1u64 << person_bits) - 1))
        };
        let mut pairs = radix_sort(days.into_iter().map(pack).collect(), max_key);
        pairs.dedup();
        Activity {
            first_day: first,
            person_bits,
            pairs,
        }
    }

    fn day(&self, pair: u64) -> u64 {
        pair >> self.person_bits
    }

    fn person(&self, pair: u64) -> u32 {
        (pair & ((1u64 << self.person_bits) - 1)) as u32
    }

    /// The pairs whose day lies in `range` (ranges are whole days).
    fn within(&self, range: DateRange) -> &[u64] {
        // Saturating: with no activity `first_day` is i64::MAX, and a range may reach far.
        let offset = |day: i64| {
            day.saturating_sub(self.first_day)
                .clamp(0, i64::from(u32::MAX)) as u64
        };
        let (lo, hi) = (
            offset(range.start.div_euclid(SECONDS_PER_DAY)),
            offset(
                range
                    .end
                    .saturating_add(SECONDS_PER_DAY - 1)
                    .div_euclid(SECONDS_PER_DAY),
            ),
        );
        let a = self.pairs.partition_point(|&p| self.day(p) < lo);
        let b = self.pairs.partition_point(|&p| self.day(p) < hi).max(a);
        &self.pairs[a..b]
    }

    /// Distinct people in some of the pairs.
    fn distinct_people(&self, pairs: &[u64], people: usize) -> u64 {
        let mut met = CustomerSet::default();
        met.clear(people);
        pairs
            .iter()
            .filter(|&&p| met.insert(self.person(p)))
            .count() as u64
    }
}

/// Activity in `range`, with verdicts when asked for.
pub(super) fn active_days(
    ctx: &Ctx<'_>,
    scope: &Scope,
    range: DateRange,
    verdicts: bool,
) -> Result<(Activity, Vec<Verdict>), Need> {
    filter_reaches(ctx, scope, ACTIVITY)?;
    let people = person_keys(ctx);
    let mut pairs = Vec::new();
    let mut v = Vec::new();
    let mut any = false;
    let s = Scope {
        range,
        filter: scope.filter.clone(),
    };
    for (ti, t, role) in dated_tables(ctx, ACTIVITY) {
        if !has_person(t) {
            continue;
        }
        any = true;
        let Some(dates) = t.dates(role) else { continue };
        for r in ctx.rows(ti, role, &s) {
            let p = people.keys[ti][r as usize];
            match (p != NO_PERSON, dates.get(r as usize)) {
                (true, Some(at)) => {
                    pairs.push((at.div_euclid(SECONDS_PER_DAY), p));
                    if verdicts {
                        v.push(Verdict::new(
                            ti,
                            r,
                            true,
                            "included: activity of a known user",
                        ));
                    }
                }
                _ if verdicts => v.push(Verdict::new(
                    ti,
                    r,
                    false,
                    "excluded: no customer, e-mail or visitor id",
                )),
                _ => {}
            }
        }
    }
    if !any {
        return Err(Need::bare(NEEDS_ACTIVITY));
    }
    Ok((Activity::new(pairs, people.count), v))
}

/// Every `(day, person)` of activity passing the scope's filter, over all dates: built once
/// per filter, so that each period's DAU is two binary searches.
pub(super) fn activity_pairs(ctx: &Ctx<'_>, scope: &Scope) -> Result<Rc<Activity>, Need> {
    filter_reaches(ctx, scope, ACTIVITY)?;
    // Kept with the files it read: every later caller names them in its sources too.
    type Kept = (Result<Rc<Activity>, Need>, Vec<usize>);
    type Cache = RefCell<HashMap<Option<(Role, String)>, Kept>>;
    let cache = ctx.memo("loyalty.activity_pairs", Cache::default);
    if let Some((hit, read)) = cache.borrow().get(&scope.filter) {
        ctx.touch_all(read);
        return hit.clone();
    }
    let all = Scope {
        range: DateRange {
            start: Timestamp::MIN / 2,
            end: Timestamp::MAX / 2,
        },
        filter: scope.filter.clone(),
    };
    let (built, read) =
        ctx.reading(|| active_days(ctx, &all, all.range, false).map(|(a, _)| Rc::new(a)));
    cache
        .borrow_mut()
        .insert(scope.filter.clone(), (built.clone(), read));
    built
}

/// `loyalty.dau` = mean over the period's days of the distinct active users that day (events
/// or sessions; days with no activity count as 0). `details.peak` is the busiest day's count.
pub fn dau(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let all = activity_pairs(ctx, scope)?;
    let pairs = all.within(scope.range);
    let days = range_days(scope.range).max(1.0);
    // Pairs are sorted by day: the busiest day is the longest run.
    let peak = pairs
        .chunk_by(|&a, &b| all.day(a) == all.day(b))
        .map(<[u64]>::len)
        .max()
        .unwrap_or(0);
    Ok(Computed {
        value: Some(pairs.len() as f64 / days),
        n: Some(pairs.len() as u64),
        ..Computed::default()
    }
    .with_detail("days", days)
    .with_detail("peak", peak as f64))
}

pub fn explain_activity(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(
        ctx,
        &active_days(ctx, scope, scope.range, true)?.1,
    ))
}

/// The 30 days ending at the scope's end.
pub(super) fn last_30_days(scope: &Scope) -> DateRange {
    DateRange {
        start: scope.range.end - 30 * SECONDS_PER_DAY,
        end: scope.range.end,
    }
}

/// `loyalty.mau` = distinct active users in the 30 days ending at the period's end (a stock,
/// read at the end like MRR; for periods shorter than 30 days the window reaches back before
/// the period's start).
pub fn mau(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let all = activity_pairs(ctx, scope)?;
    let people = person_keys(ctx).count;
    let users = all.distinct_people(all.within(last_30_days(scope)), people) as f64;
    Ok(Computed {
        value: Some(users),
        n: Some(users as u64),
        ..Computed::default()
    })
}

pub fn explain_mau(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(
        ctx,
        &active_days(ctx, scope, last_30_days(scope), true)?.1,
    ))
}

/// `loyalty.stickiness` = mean DAU / MAU over the 30 days ending at the period's end
/// (in [1/30, 1]: 1 means every monthly user comes every day).
pub fn stickiness(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let all = activity_pairs(ctx, scope)?;
    let pairs = all.within(last_30_days(scope));
    let users = all.distinct_people(pairs, person_keys(ctx).count) as f64;
    let mean_dau = pairs.len() as f64 / 30.0;
    Ok(Computed {
        value: (users > 0.0).then(|| mean_dau / users),
        n: Some(users as u64),
        ..Computed::default()
    }
    .with_detail("mean_dau", mean_dau)
    .with_detail("mau", users))
}

/// Every session row in scope, with whether its length counts (see [`session_hours`]).
pub(super) fn session_verdicts(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<Verdict>, Need> {
    filter_reaches(ctx, scope, &[TableKind::Sessions])?;
    let mut out = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, &[TableKind::Sessions]) {
        let durations = t.numbers(Role::SessionDuration);
        let (starts, ends) = (t.dates(Role::StartedAt), t.dates(Role::EndedAt));
        if durations.is_none() && (starts.is_none() || ends.is_none()) {
            continue;
        }
        any = true;
        for r in ctx.rows(ti, role, scope) {
            let i = r as usize;
            let secs = durations.and_then(|d| d.get(i)).or_else(|| {
                let s = starts?.get(i)?;
                let e = ends?.get(i)?;
                Some((e - s) as f64)
            });
            out.push(match secs {
                Some(s) if s >= 0.0 => {
                    Verdict::new(ti, r, true, "included: session length").with(s / 3600.0)
                }
                Some(_) => Verdict::new(ti, r, false, "excluded: negative session length"),
                None => Verdict::new(ti, r, false, "excluded: no session length"),
            });
        }
    }
    if !any {
        return Err(Need::bare("sessions.duration"));
    }
    Ok(out)
}

/// The session lengths `session_verdicts` includes, in the same order, read from lengths kept
/// in date order per sessions table (built once: a period is then a run of them, not a
/// random read of the duration column per row).
pub(super) fn session_hours(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<f64>, Need> {
    filter_reaches(ctx, scope, &[TableKind::Sessions])?;
    type Kept = HashMap<usize, Rc<Vec<f64>>>;
    let kept = ctx.memo("loyalty.session_hours", || RefCell::new(Kept::new()));
    let mut hours = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, &[TableKind::Sessions]) {
        let durations = t.numbers(Role::SessionDuration);
        let (starts, ends) = (t.dates(Role::StartedAt), t.dates(Role::EndedAt));
        if durations.is_none() && (starts.is_none() || ends.is_none()) {
            continue;
        }
        any = true;
        let Some((ix, positions)) = ctx.positions(ti, role, scope) else {
            continue;
        };
        let sorted = kept.borrow().get(&ti).cloned();
        let sorted = sorted.unwrap_or_else(|| {
            // NaN: no length, or a negative one (both excluded).
            let built: Rc<Vec<f64>> = Rc::new(
                ix.rows
                    .iter()
                    .map(|&r| {
                        let i = r as usize;
                        durations
                            .and_then(|d| d.get(i))
                            .or_else(|| Some((ends?.get(i)? - starts?.get(i)?) as f64))
                            .filter(|s| *s >= 0.0)
                            .map_or(f64::NAN, |s| s / 3600.0)
                    })
                    .collect(),
            );
            kept.borrow_mut().insert(ti, built.clone());
            built
        });
        positions.for_each(|p| {
            if let Some(&h) = sorted.get(p)
                && !h.is_nan()
            {
                hours.push(h);
            }
        });
    }
    if !any {
        return Err(Need::bare("sessions.duration"));
    }
    Ok(hours)
}

/// `loyalty.session_duration` = median session length over sessions started in the period,
/// in hours (the duration column is read as seconds, as analytics exports give it; else end -
/// start); mean beside it, and both in minutes in details.
pub fn session_duration(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let mut hours = session_hours(ctx, scope)?;
    let n = hours.len() as u64;
    Ok(match median_mean(&mut hours) {
        Some((median, mean)) => Computed {
            value: Some(median),
            n: Some(n),
            ..Computed::default()
        }
        .with_detail("mean", mean)
        .with_detail("median_minutes", median * 60.0)
        .with_detail("mean_minutes", mean * 60.0),
        None => Computed {
            n: Some(0),
            ..Computed::default()
        },
    })
}

pub fn explain_session_duration(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &session_verdicts(ctx, scope)?))
}

pub(super) fn visit_verdicts(
    ctx: &Ctx<'_>,
    scope: &Scope,
    verdicts: bool,
) -> Result<(Vec<Verdict>, Vec<u64>), Need> {
    filter_reaches(ctx, scope, &[TableKind::Sessions])?;
    let keys = person_keys(ctx);
    let mut v = Vec::new();
    let mut people = Vec::new();
    let mut any = false;
    for (ti, t, role) in dated_tables(ctx, &[TableKind::Sessions]) {
        if !has_person(t) {
            continue;
        }
        any = true;
        for r in ctx.rows(ti, role, scope) {
            let p = keys.keys[ti][r as usize];
            if p != NO_PERSON {
                people.push(p);
            }
            if verdicts {
                v.push(if p != NO_PERSON {
                    Verdict::new(ti, r, true, "included: session of a known user")
                } else {
                    Verdict::new(ti, r, false, "excluded: no customer, e-mail or visitor id")
                });
            }
        }
    }
    if !any {
        return Err(Need::bare("sessions.person"));
    }
    Ok((v, people))
}

/// `loyalty.visit_frequency` = sessions / distinct users with a session / weeks in the period
/// (days / 7), over sessions whose user is known.
pub fn visit_frequency(ctx: &Ctx<'_>, scope: &Scope) -> Result<Computed, Need> {
    let (_, people) = visit_verdicts(ctx, scope, false)?;
    let sessions = people.len() as f64;
    let mut met = CustomerSet::default();
    met.clear(person_keys(ctx).count);
    let users = people.iter().filter(|&&p| met.insert(p as u32)).count() as f64;
    let weeks = range_days(scope.range) / 7.0;
    Ok(Computed {
        value: (users > 0.0 && weeks > 0.0).then(|| sessions / users / weeks),
        n: Some(users as u64),
        ..Computed::default()
    }
    .with_detail("sessions", sessions)
    .with_detail("users", users)
    .with_detail("weeks", weeks))
}

pub fn explain_visit_frequency(ctx: &Ctx<'_>, scope: &Scope) -> Result<Vec<ProvenanceRow>, Need> {
    Ok(provenance(ctx, &visit_verdicts(ctx, scope, true)?.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Table;
    use crate::table::Values;

    #[test]
    fn no_activity_has_nothing_within_any_range() {
        // Found by the `analyze` fuzz target: a sessions file with no usable row, asked about
        // days before 1970, overflowed `day - first_day` (first_day is i64::MAX when empty).
        let none = Activity::new(Vec::new(), 0);
        for (start, end) in [(-10 * SECONDS_PER_DAY, 0), (i64::MIN / 2, i64::MAX - 1)] {
            assert!(none.within(DateRange { start, end }).is_empty());
        }
        let one = Activity::new(vec![(3, 0)], 1);
        let all = DateRange {
            start: i64::MIN / 2,
            end: i64::MAX - 1,
        };
        assert_eq!(one.within(all).len(), 1);
    }

    #[test]
    fn session_hours_are_the_included_lengths_in_verdict_order() {
        // Rows (out of date order): durations 600, none (start/end 30 min apart), -5, 60,
        // none and no end, 120 s; sources a, a, b, a, b, b. Included in date order: row 3
        // (60 s, day 1), row 1 (30 min, day 2), row 0 (600 s, day 3), row 5 (120 s, day 4).
        let day = |d: i64| Some(1_735_689_600 + d * SECONDS_PER_DAY);
        let t = Table::new("s.csv", TableKind::Sessions)
            .with_column(
                "at",
                Role::Date,
                Values::Date(vec![day(3), day(2), day(5), day(1), day(6), day(4)].into()),
            )
            .with_column(
                "secs",
                Role::SessionDuration,
                Values::Number(
                    vec![Some(600.0), None, Some(-5.0), Some(60.0), None, Some(120.0)].into(),
                ),
            )
            .with_column(
                "start",
                Role::StartedAt,
                Values::Date(vec![None, day(2), None, None, day(6), None].into()),
            )
            .with_column(
                "end",
                Role::EndedAt,
                Values::Date(vec![None, day(2).map(|d| d + 1800), None, None, None, None].into()),
            )
            .with_column(
                "source",
                Role::Source,
                crate::table::text_values(["a", "a", "b", "a", "b", "b"]),
            );
        let tables = [t];
        let (settings, query) = (
            crate::settings::Settings::default(),
            crate::period::Query::default(),
        );
        let ctx = Ctx::new(&tables, &settings, &query);
        let all = DateRange {
            start: day(0).unwrap_or(0),
            end: day(9).unwrap_or(0),
        };
        for (filter, expected) in [
            (None, vec![60.0, 1800.0, 600.0, 120.0]),
            (
                Some((Role::Source, "a".to_string())),
                vec![60.0, 1800.0, 600.0],
            ),
            (Some((Role::Source, "b".to_string())), vec![120.0]),
        ] {
            let scope = Scope { range: all, filter };
            let hours = session_hours(&ctx, &scope).unwrap();
            let included: Vec<f64> = session_verdicts(&ctx, &scope)
                .unwrap()
                .iter()
                .filter(|v| v.included)
                .filter_map(|v| v.value)
                .collect();
            let expected: Vec<f64> = expected.iter().map(|s| s / 3600.0).collect();
            assert_eq!(hours, expected);
            assert_eq!(included, expected);
        }
    }

    #[test]
    fn activity_pairs_are_distinct_and_by_day_then_person() {
        // People 0..5. Day 100: 3, 1, 3 (twice); day 101: 4; day 103: 1, 0. Distinct pairs:
        // (100, 1), (100, 3), (101, 4), (103, 0), (103, 1).
        let days = vec![(100, 3), (100, 1), (100, 3), (103, 1), (101, 4), (103, 0)];
        let a = Activity::new(days, 5);
        let unpacked: Vec<(u64, u32)> = a.pairs.iter().map(|&p| (a.day(p), a.person(p))).collect();
        assert_eq!(unpacked, vec![(0, 1), (0, 3), (1, 4), (3, 0), (3, 1)]);
        let day = |d: i64| d * SECONDS_PER_DAY;
        // Days 101 and 102: one pair; days 100 to 103: people 0, 1, 3, 4.
        let mid = a.within(DateRange {
            start: day(101),
            end: day(103),
        });
        assert_eq!(mid.len(), 1);
        let all = a.within(DateRange {
            start: day(100),
            end: day(104),
        });
        assert_eq!(a.distinct_people(all, 5), 4);
        // Before the first day and after the last: nothing.
        assert!(
            a.within(DateRange {
                start: day(90),
                end: day(100)
            })
            .is_empty()
        );
        assert!(
            a.within(DateRange {
                start: day(104),
                end: day(110)
            })
            .is_empty()
        );
        assert!(Activity::new(Vec::new(), 0).pairs.is_empty());
    }
}
