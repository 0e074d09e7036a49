//! The sample company's calendar: 2024-01-01 to 2026-10-31, with Brazilian retail seasonality
//! (Black Friday, Christmas, Mother's Day, a quiet Carnival February) and steady growth.

use chrono::{Datelike, NaiveDate, Weekday};

/// First day of the data.
pub(crate) const START: (i32, u32, u32) = (2024, 1, 1);
/// Last day of the data (inclusive).
pub(crate) const END: (i32, u32, u32) = (2026, 10, 31);

pub(crate) struct Calendar {
    ymd: Vec<(u32, u32, u32)>,
    weight: Vec<f64>,
    pub(crate) max_weight: f64,
}

impl Calendar {
    pub(crate) fn new() -> Self {
        let start = NaiveDate::from_ymd_opt(START.0, START.1, START.2).unwrap_or_default();
        let end = NaiveDate::from_ymd_opt(END.0, END.1, END.2).unwrap_or_default();
        let days = (end - start).num_days().max(0) as usize + 1;
        let mut ymd = Vec::with_capacity(days);
        let mut weight = Vec::with_capacity(days);
        for (i, date) in start.iter_days().take(days).enumerate() {
            ymd.push((date.year() as u32, date.month(), date.day()));
            weight.push(day_weight(date, i as f64 / days as f64));
        }
        let max_weight = weight.iter().copied().fold(0.0, f64::max);
        Calendar {
            ymd,
            weight,
            max_weight,
        }
    }

    pub(crate) fn days(&self) -> u32 {
        self.ymd.len() as u32
    }

    pub(crate) fn last_day(&self) -> u32 {
        self.days() - 1
    }

    pub(crate) fn ymd(&self, day: u32) -> (u32, u32, u32) {
        let last = self.ymd.len().saturating_sub(1);
        self.ymd[(day as usize).min(last)]
    }

    /// Relative demand on that day (growth × month × weekday × Black Friday).
    pub(crate) fn weight(&self, day: u32) -> f64 {
        self.weight[(day as usize).min(self.weight.len() - 1)]
    }

    /// True in the Black Friday week (the last Friday of November, from Monday to Monday).
    pub(crate) fn is_black_friday_week(&self, day: u32) -> bool {
        let (y, m, d) = self.ymd(day);
        m == 11 && black_friday_distance(y as i32, d) <= 3
    }

    /// The last day of each calendar quarter inside the range (quarterly employee surveys).
    pub(crate) fn quarter_ends(&self) -> Vec<u32> {
        (0..self.days())
            .filter(|&day| {
                let (_, m, d) = self.ymd(day);
                matches!((m, d), (3, 31) | (6, 30) | (9, 30) | (12, 31))
            })
            .collect()
    }
}

/// Days between `day` of November of `year` and that year's Black Friday (last Friday).
fn black_friday_distance(year: i32, day: u32) -> u32 {
    let Some(nov30) = NaiveDate::from_ymd_opt(year, 11, 30) else {
        return u32::MAX;
    };
    let back =
        (nov30.weekday().num_days_from_monday() + 7 - Weekday::Fri.num_days_from_monday()) % 7;
    let bf = 30 - back;
    bf.abs_diff(day)
}

fn day_weight(date: NaiveDate, progress: f64) -> f64 {
    // Month factors: quiet Carnival February, Mother's Day in May, Black Friday November,
    // Christmas December.
    const MONTH: [f64; 12] = [
        0.9, 0.8, 1.0, 1.0, 1.15, 1.0, 0.95, 1.0, 1.0, 1.05, 1.45, 1.3,
    ];
    let month = MONTH[date.month0() as usize];
    let growth = 1.0 + 0.9 * progress;
    let weekday = match date.weekday() {
        Weekday::Sat => 0.85,
        Weekday::Sun => 0.8,
        _ => 1.0,
    };
    let black_friday = if date.month() == 11 {
        match black_friday_distance(date.year(), date.day()) {
            0 => 3.0,
            1..=3 => 1.8,
            _ => 1.0,
        }
    } else {
        1.0
    };
    month * growth * weekday * black_friday
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_and_black_friday() {
        let cal = Calendar::new();
        // 2024 (366) + 2025 (365) + Jan..Oct 2026 (304).
        assert_eq!(cal.days(), 1035);
        assert_eq!(cal.ymd(0), (2024, 1, 1));
        assert_eq!(cal.ymd(cal.last_day()), (2026, 10, 31));
        // Black Friday 2025 was 2025-11-28: day 366 + 331.
        let bf2025 = 366 + 331;
        assert_eq!(cal.ymd(bf2025), (2025, 11, 28));
        assert!(cal.is_black_friday_week(bf2025));
        assert!(cal.weight(bf2025) > 2.5 * cal.weight(bf2025 - 14));
        assert_eq!(cal.quarter_ends().len(), 11);
    }
}
