//! A calendar date, just enough for period arithmetic (no time zones, no times).

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        Date::new(y, m, d)
    }

    /// Month number from an English month name or its abbreviation ("Jun", "Sept.").
    /// (Compared in place, without a lowercased copy: it is asked for every date a rule reads.)
    pub fn month_from_name(name: &str) -> Option<u32> {
        let n = name.trim_end_matches('.').as_bytes();
        if n.len() < 3 {
            return None;
        }
        // "Sept" is a prefix of "september" like any other abbreviation.
        MONTHS
            .iter()
            .position(|m| {
                m.as_bytes()
                    .get(..n.len())
                    .is_some_and(|prefix| prefix.eq_ignore_ascii_case(n))
            })
            .map(|i| i as u32 + 1)
    }

    pub fn month_name(self) -> &'static str {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        NAMES[(self.month - 1) as usize]
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    pub fn days(self) -> i64 {
        let y = if self.month <= 2 { self.year - 1 } else { self.year } as i64;
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    /// The same day-of-month `months` later (negative: earlier), clamped to the month's end;
    /// a month-end date stays a month end (Jun 30 - 6 months = Dec 31).
    pub fn add_months(self, months: i32) -> Date {
        let total = self.year * 12 + (self.month as i32 - 1) + months;
        let year = total.div_euclid(12);
        let month = total.rem_euclid(12) as u32 + 1;
        let last = days_in_month(year, month);
        let day = if self.day == days_in_month(self.year, self.month) {
            last
        } else {
            self.day.min(last)
        };
        Date { year, month, day }
    }

    /// Whether two dates are within `tolerance` days of each other. Fiscal calendars of 52/53
    /// weeks end on a weekday near the month end (Apple: Sept. 30, 2023), so comparisons of
    /// period ends allow a few days.
    pub fn near(self, other: Date, tolerance: i64) -> bool {
        (self.days() - other.days()).abs() <= tolerance
    }

    /// "June 30, 2023".
    pub fn long(self) -> String {
        format!("{} {}, {}", self.month_name(), self.day, self.year)
    }
}

impl Date {
    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        Date {
            year: (if m <= 2 { y + 1 } else { y }) as i32,
            month: m,
            day: d,
        }
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic_keeps_month_ends() {
        let d = Date::new(2023, 6, 30).unwrap();
        assert_eq!(d.add_months(-6), Date::new(2022, 12, 31).unwrap());
        assert_eq!(d.add_months(-12), Date::new(2022, 6, 30).unwrap());
        assert_eq!(
            Date::new(2024, 3, 31).unwrap().add_months(-1),
            Date::new(2024, 2, 29).unwrap()
        );
    }

    #[test]
    fn parses_names_and_iso() {
        assert_eq!(Date::month_from_name("Sept."), Some(9));
        assert_eq!(Date::month_from_name("Jun."), Some(6));
        assert_eq!(Date::month_from_name("Ma"), None);
        assert_eq!(Date::parse_iso("2025-06-30"), Date::new(2025, 6, 30));
        assert_eq!(Date::parse_iso("2025-02-30"), None);
        assert_eq!(Date::new(1970, 1, 2).unwrap().days(), 1);
    }

    /// The definition `month_from_name` must agree with: lowercase, then a prefix of a month.
    fn month_by_lowercasing(name: &str) -> Option<u32> {
        let n = name.trim_end_matches('.').to_ascii_lowercase();
        if n.len() < 3 {
            return None;
        }
        MONTHS.iter().position(|m| m.starts_with(&n)).map(|i| i as u32 + 1)
    }

    proptest::proptest! {
        #[test]
        fn month_names_read_in_place_as_by_lowercasing(
            pieces in proptest::collection::vec(
                proptest::sample::select(&["Sep", "t", "T", "ember", "JUN", "e", "Ma", "y", "r", ".", "é", "K", "\u{212A}", "ſ", "x"][..]),
                0..5,
            )
        ) {
            let name: String = pieces.concat();
            proptest::prop_assert_eq!(Date::month_from_name(&name), month_by_lowercasing(&name));
        }
    }
}
