//! Periods, date ranges and the query that selects them.
//!
//! All dates are the data's own wall-clock dates ([`Timestamp`]): a period is a half-open range
//! of timestamps `[start, end)` aligned to calendar days, ISO weeks, months, quarters or years.

use crate::error::EngineError;
use crate::table::Timestamp;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

pub const SECONDS_PER_DAY: i64 = 86_400;

/// How a range is cut into periods. Month is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    Day,
    /// ISO 8601 week (Monday start), labelled `2025-W09`.
    Week,
    #[default]
    Month,
    Quarter,
    Year,
}

impl Granularity {
    pub fn from_id(s: &str) -> Option<Granularity> {
        match s {
            "day" => Some(Granularity::Day),
            "week" => Some(Granularity::Week),
            "month" => Some(Granularity::Month),
            "quarter" => Some(Granularity::Quarter),
            "year" => Some(Granularity::Year),
            _ => None,
        }
    }

    /// The first day of the period containing `d`.
    pub fn floor(self, d: NaiveDate) -> NaiveDate {
        let first_of = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d);
        match self {
            Granularity::Day => d,
            Granularity::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
            Granularity::Month => first_of(d.year(), d.month()),
            Granularity::Quarter => first_of(d.year(), (d.month0() / 3) * 3 + 1),
            Granularity::Year => first_of(d.year(), 1),
        }
    }

    /// The first day of the period after the one starting at `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => start + Duration::days(1),
            Granularity::Week => start + Duration::days(7),
            Granularity::Month => add_months(start, 1),
            Granularity::Quarter => add_months(start, 3),
            Granularity::Year => add_months(start, 12),
        }
    }

    /// The label of the period starting at `start`: `2025-03-04`, `2025-W09`, `2025-03`,
    /// `2025-Q1`, `2025`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            Granularity::Day => start.format("%Y-%m-%d").to_string(),
            Granularity::Week => {
                let w = start.iso_week();
                format!("{}-W{:02}", w.year(), w.week())
            }
            Granularity::Month => start.format("%Y-%m").to_string(),
            Granularity::Quarter => format!("{}-Q{}", start.year(), start.month0() / 3 + 1),
            Granularity::Year => format!("{}", start.year()),
        }
    }
}

/// Adds calendar months, clamping to the first of the month (periods always start on the 1st).
pub fn add_months(d: NaiveDate, months: i32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + months;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

pub fn date_to_ts(d: NaiveDate) -> Timestamp {
    d.signed_duration_since(epoch()).num_days() * SECONDS_PER_DAY
}

pub fn ts_to_date(ts: Timestamp) -> NaiveDate {
    epoch() + Duration::days(ts.div_euclid(SECONDS_PER_DAY))
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// A half-open range of timestamps `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl DateRange {
    /// The whole days `from..=to`.
    pub fn days(from: NaiveDate, to: NaiveDate) -> DateRange {
        DateRange {
            start: date_to_ts(from),
            end: date_to_ts(to) + SECONDS_PER_DAY,
        }
    }

    pub fn contains(&self, ts: Timestamp) -> bool {
        self.start <= ts && ts < self.end
    }

    /// The range of equal length just before this one.
    pub fn previous(&self) -> DateRange {
        DateRange {
            start: self.start - (self.end - self.start),
            end: self.start,
        }
    }

    pub fn first_day(&self) -> NaiveDate {
        ts_to_date(self.start)
    }

    /// The last day inside the range.
    pub fn last_day(&self) -> NaiveDate {
        ts_to_date(self.end - 1)
    }
}

/// One period of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub label: String,
    pub first_day: NaiveDate,
    /// The part of the period inside the selected range (the first and last may be partial).
    pub range: DateRange,
    /// The range ends before the period does: the last period is not complete.
    pub partial: bool,
}

/// The periods that cover `range`, clipped to it.
pub fn periods(range: DateRange, granularity: Granularity) -> Vec<Period> {
    let mut out = Vec::new();
    if range.end <= range.start {
        return out;
    }
    let mut start = granularity.floor(range.first_day());
    let last = range.last_day();
    while start <= last {
        let next = granularity.next(start);
        out.push(Period {
            label: granularity.label(start),
            first_day: start,
            range: DateRange {
                start: date_to_ts(start).max(range.start),
                end: date_to_ts(next).min(range.end),
            },
            partial: range.end < date_to_ts(next),
        });
        start = next;
    }
    out
}

/// Parses a period label (`2025-03-04`, `2025-W09`, `2025-03`, `2025-Q1`, `2025`) into its
/// granularity and full range.
pub fn parse_period(label: &str) -> Result<(Granularity, DateRange), EngineError> {
    let bad = || EngineError::BadPeriod(label.to_string());
    let s = label.trim();
    let whole = |g: Granularity, first: NaiveDate| {
        (
            g,
            DateRange {
                start: date_to_ts(first),
                end: date_to_ts(g.next(first)),
            },
        )
    };
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(whole(Granularity::Day, d));
    }
    if let Some((y, w)) = s.split_once("-W") {
        let y: i32 = y.parse().map_err(|_| bad())?;
        let w: u32 = w.parse().map_err(|_| bad())?;
        let d = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon).ok_or_else(bad)?;
        return Ok(whole(Granularity::Week, d));
    }
    if let Some((y, q)) = s.split_once("-Q") {
        let y: i32 = y.parse().map_err(|_| bad())?;
        let q: u32 = q.parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) {
            return Err(bad());
        }
        let d = NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1).ok_or_else(bad)?;
        return Ok(whole(Granularity::Quarter, d));
    }
    if let Some((y, m)) = s.split_once('-') {
        let y: i32 = y.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        let d = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
        return Ok(whole(Granularity::Month, d));
    }
    let y: i32 = s.parse().map_err(|_| bad())?;
    let d = NaiveDate::from_ymd_opt(y, 1, 1).ok_or_else(bad)?;
    Ok(whole(Granularity::Year, d))
}

/// What the user asked for: a date range (inclusive, in the data's own dates) and a granularity.
/// With no `from`/`to`, the range is the data's own first and last dates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub granularity: Granularity,
    /// Keep only the segment's rows in the files its dimension reads (`crate::segment`).
    #[serde(default)]
    pub segment: Option<crate::segment::Segment>,
}

impl Query {
    /// Refuses a range that ends before it starts, rather than reading it as one day.
    pub fn check(&self) -> Result<(), crate::EngineError> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from > to => Err(crate::EngineError::RangeReversed {
                from: from.to_string(),
                to: to.to_string(),
            }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reversed_range_is_refused_and_one_day_is_not() {
        let q = |from, to| Query {
            from: Some(from),
            to: Some(to),
            ..Query::default()
        };
        let err = q(d(2025, 3, 10), d(2025, 3, 1)).check().unwrap_err();
        assert_eq!(
            err.to_string(),
            "the range starts on 2025-03-10, after it ends on 2025-03-01: choose a start on or before the end"
        );
        assert!(q(d(2025, 3, 1), d(2025, 3, 1)).check().is_ok());
        assert!(Query::default().check().is_ok());
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn labels_follow_iso_weeks_and_quarters() {
        // 2025-03-04 is a Tuesday of ISO week 10; 2021-01-03 belongs to 2020-W53.
        assert_eq!(
            Granularity::Week.label(Granularity::Week.floor(d(2025, 3, 4))),
            "2025-W10"
        );
        assert_eq!(
            Granularity::Week.label(Granularity::Week.floor(d(2021, 1, 3))),
            "2020-W53"
        );
        assert_eq!(
            Granularity::Quarter.label(Granularity::Quarter.floor(d(2025, 8, 9))),
            "2025-Q3"
        );
        assert_eq!(Granularity::Month.label(d(2025, 3, 1)), "2025-03");
    }

    #[test]
    fn periods_cover_and_clip_the_range() {
        let r = DateRange::days(d(2025, 1, 15), d(2025, 3, 10));
        let p = periods(r, Granularity::Month);
        let labels: Vec<_> = p.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2025-01", "2025-02", "2025-03"]);
        assert_eq!(p[0].range.start, date_to_ts(d(2025, 1, 15)));
        assert_eq!(p[1].range, DateRange::days(d(2025, 2, 1), d(2025, 2, 28)));
        assert_eq!(p[2].range.end, date_to_ts(d(2025, 3, 11)));
    }

    #[test]
    fn previous_range_has_equal_length() {
        let r = DateRange::days(d(2025, 3, 1), d(2025, 3, 31));
        let p = r.previous();
        assert_eq!(p.first_day(), d(2025, 1, 29));
        assert_eq!(p.last_day(), d(2025, 2, 28));
    }

    #[test]
    fn period_labels_parse_back() {
        for (label, g) in [
            ("2025-03-04", Granularity::Day),
            ("2025-W10", Granularity::Week),
            ("2025-03", Granularity::Month),
            ("2025-Q1", Granularity::Quarter),
            ("2025", Granularity::Year),
        ] {
            let (got, range) = parse_period(label).unwrap();
            assert_eq!(got, g);
            assert_eq!(g.label(range.first_day()), label);
        }
        assert!(parse_period("2025-13").is_err());
        assert!(parse_period("soon").is_err());
    }

    #[test]
    fn timestamps_round_trip_dates() {
        assert_eq!(date_to_ts(d(1970, 1, 2)), 86_400);
        assert_eq!(ts_to_date(date_to_ts(d(1969, 12, 31)) + 5), d(1969, 12, 31));
    }
}
