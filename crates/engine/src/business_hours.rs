//! Business-calendar time arithmetic: how much working time lies between two timestamps.
//!
//! Service times (first response, resolution, SLA) count only working time when the user sets
//! a [`BusinessCalendar`]: a ticket opened on Friday at 17:00 and answered on Monday at 10:00
//! waited 2 working hours (9–18 calendar), not 65 wall-clock hours.

use crate::period::{SECONDS_PER_DAY, ts_to_date};
use crate::settings::BusinessCalendar;
use crate::table::Timestamp;
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;

/// A validated business calendar, ready for arithmetic.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    /// `working[d]`: whether ISO weekday `d + 1` (Monday = 0) is a working day.
    working: [bool; 7],
    /// Opening and closing time of each working day, in seconds after midnight.
    open: i64,
    close: i64,
    /// Holidays as day numbers since 1970-01-01.
    holidays: HashSet<i64>,
}

impl Calendar {
    /// Checks the setting: weekdays 1..=7, `open_hour < close_hour <= 24`, holidays as ISO dates.
    pub fn new(setting: &BusinessCalendar) -> Result<Calendar, String> {
        let mut working = [false; 7];
        for &d in &setting.weekdays {
            if !(1..=7).contains(&d) {
                return Err(format!(
                    "business calendar: weekday {d} is not 1 (Monday) to 7 (Sunday)"
                ));
            }
            working[usize::from(d - 1)] = true;
        }
        if setting.open_hour >= setting.close_hour || setting.close_hour > 24 {
            return Err(format!(
                "business calendar: opening hour {} must be before closing hour {} (0 to 24)",
                setting.open_hour, setting.close_hour
            ));
        }
        let mut holidays = HashSet::new();
        for h in &setting.holidays {
            let d = NaiveDate::parse_from_str(h.trim(), "%Y-%m-%d").map_err(|_| {
                format!("business calendar: holiday `{h}` is not a date like 2025-12-25")
            })?;
            holidays.insert(crate::period::date_to_ts(d).div_euclid(SECONDS_PER_DAY));
        }
        Ok(Calendar {
            working,
            open: i64::from(setting.open_hour) * 3600,
            close: i64::from(setting.close_hour) * 3600,
            holidays,
        })
    }

    fn is_working_day(&self, day: i64) -> bool {
        let weekday = ts_to_date(day * SECONDS_PER_DAY)
            .weekday()
            .num_days_from_monday() as usize;
        self.working[weekday] && !self.holidays.contains(&day)
    }

    /// Working seconds in `[from, to)`; 0 when `to <= from`.
    ///
    /// Walks the days between the two instants; each working day contributes the overlap of
    /// `[from, to)` with its opening hours. Whole weeks without holidays are added in one step,
    /// so a ticket left open for a year costs ~14 day steps, not 365.
    pub fn working_seconds(&self, from: Timestamp, to: Timestamp) -> i64 {
        if to <= from {
            return 0;
        }
        let per_day = self.close - self.open;
        let per_week = per_day * self.working.iter().filter(|w| **w).count() as i64;
        let first_day = from.div_euclid(SECONDS_PER_DAY);
        let last_day = (to - 1).div_euclid(SECONDS_PER_DAY);
        let mut total = 0;
        let mut day = first_day;
        while day <= last_day {
            // Interior whole weeks with no holiday: add a week at once.
            if day > first_day
                && day + 7 <= last_day
                && !(day..day + 7).any(|d| self.holidays.contains(&d))
            {
                total += per_week;
                day += 7;
                continue;
            }
            if self.is_working_day(day) {
                let start = day * SECONDS_PER_DAY;
                let lo = from.max(start + self.open);
                let hi = to.min(start + self.close);
                if hi > lo {
                    total += hi - lo;
                }
            }
            day += 1;
        }
        total
    }

    /// Working hours in `[from, to)`.
    pub fn working_hours(&self, from: Timestamp, to: Timestamp) -> f64 {
        self.working_seconds(from, to) as f64 / 3600.0
    }

    /// The instant when `hours` working hours have elapsed after `from` (for SLA deadlines).
    pub fn add_working_hours(&self, from: Timestamp, hours: f64) -> Timestamp {
        let mut left = (hours * 3600.0).round() as i64;
        if left <= 0 || self.close <= self.open || !self.working.iter().any(|w| *w) {
            return from;
        }
        let mut day = from.div_euclid(SECONDS_PER_DAY);
        // At most one step per day; a year of working days bounds any realistic target.
        for _ in 0..(366 * 20) {
            if self.is_working_day(day) {
                let start = day * SECONDS_PER_DAY;
                let lo = from.max(start + self.open);
                let hi = start + self.close;
                if hi > lo {
                    if hi - lo >= left {
                        return lo + left;
                    }
                    left -= hi - lo;
                }
            }
            day += 1;
        }
        day * SECONDS_PER_DAY
    }
}

#[cfg(test)]
#[allow(clippy::field_reassign_with_default)]
mod tests {
    use super::*;
    use crate::period::date_to_ts;

    fn at(y: i32, m: u32, d: u32, h: i64, min: i64) -> Timestamp {
        date_to_ts(NaiveDate::from_ymd_opt(y, m, d).unwrap()) + h * 3600 + min * 60
    }

    fn nine_to_six() -> Calendar {
        Calendar::new(&BusinessCalendar::default()).unwrap()
    }

    #[test]
    fn friday_evening_to_monday_morning_is_two_working_hours() {
        // 2025-03-07 is a Friday: 17:00–18:00 on Friday + 09:00–10:00 on Monday = 2 h,
        // against 65 wall-clock hours.
        let cal = nine_to_six();
        let from = at(2025, 3, 7, 17, 0);
        let to = at(2025, 3, 10, 10, 0);
        assert_eq!(cal.working_hours(from, to), 2.0);
        assert_eq!((to - from) / 3600, 65);
    }

    #[test]
    fn outside_hours_and_holidays_count_nothing() {
        let mut setting = BusinessCalendar::default();
        setting.holidays = vec!["2025-03-10".into()];
        let cal = Calendar::new(&setting).unwrap();
        // Saturday all day: 0.
        assert_eq!(
            cal.working_seconds(at(2025, 3, 8, 0, 0), at(2025, 3, 9, 0, 0)),
            0
        );
        // Friday 17:30 → Tuesday 09:30 with Monday a holiday: 30 min + 30 min.
        assert_eq!(
            cal.working_hours(at(2025, 3, 7, 17, 30), at(2025, 3, 11, 9, 30)),
            1.0
        );
        // Reversed instants: 0.
        assert_eq!(
            cal.working_seconds(at(2025, 3, 11, 0, 0), at(2025, 3, 7, 0, 0)),
            0
        );
    }

    #[test]
    fn long_spans_use_whole_weeks() {
        // Monday 2025-03-03 09:00 → Monday 2025-03-31 09:00: four weeks of 5 × 9 h = 180 h.
        let cal = nine_to_six();
        assert_eq!(
            cal.working_hours(at(2025, 3, 3, 9, 0), at(2025, 3, 31, 9, 0)),
            180.0
        );
        // With a holiday on Wednesday 2025-03-19: 171 h.
        let mut setting = BusinessCalendar::default();
        setting.holidays = vec!["2025-03-19".into()];
        let cal = Calendar::new(&setting).unwrap();
        assert_eq!(
            cal.working_hours(at(2025, 3, 3, 9, 0), at(2025, 3, 31, 9, 0)),
            171.0
        );
    }

    #[test]
    fn deadlines_skip_closed_time() {
        // 4 working hours after Friday 16:00: 2 h on Friday, 2 h on Monday → Monday 11:00.
        let cal = nine_to_six();
        assert_eq!(
            cal.add_working_hours(at(2025, 3, 7, 16, 0), 4.0),
            at(2025, 3, 10, 11, 0)
        );
        // Starting before opening: 1 h after Monday 07:00 is Monday 10:00.
        assert_eq!(
            cal.add_working_hours(at(2025, 3, 10, 7, 0), 1.0),
            at(2025, 3, 10, 10, 0)
        );
    }

    #[test]
    fn bad_settings_are_named() {
        let mut s = BusinessCalendar::default();
        s.weekdays = vec![0];
        assert!(Calendar::new(&s).unwrap_err().contains("weekday 0"));
        let mut s = BusinessCalendar::default();
        s.open_hour = 18;
        s.close_hour = 9;
        assert!(Calendar::new(&s).is_err());
        let mut s = BusinessCalendar::default();
        s.holidays = vec!["25/12/2025".into()];
        assert!(Calendar::new(&s).unwrap_err().contains("25/12/2025"));
    }
}
