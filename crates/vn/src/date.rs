//! Dates the Vietnamese way: parsing what clerks type (day first) and the forms
//! official documents write.
//!
//! Owns the date line form of Nghị định 30/2020 (`ngày 05 tháng 02 năm 2017`: days
//! below 10 and the months 1 and 2 take a leading zero), the short form of running
//! text (`22/6/2017`), and the counts plans compute from dates (whole years for an
//! anniversary, days counted inclusively). Never reads the clock.

use chrono::{Datelike, NaiveDate};

/// Why a date computation was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The end comes before the start.
    #[error("{to} is before {from}")]
    Reversed {
        /// The start, as `d/m/yyyy`.
        from: String,
        /// The end, as `d/m/yyyy`.
        to: String,
    },
}

/// Parses a date typed as text: day first (`27/7/2017`, `27-07-2017`, `27.07.2017`)
/// or ISO (`2017-07-27`, also with a time after it: `2017-07-27T00:00:00`). Years
/// have four digits. `None` when the text is not a date or names no real day
/// (`31/4/2017`).
pub fn parse_vn_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let date_part = s.split(['T', ' ']).next().unwrap_or(s);
    if date_part.len() != s.len() {
        // Only an ISO date may carry a time, and only a time.
        let time = &s[date_part.len() + 1..];
        let is_time = !time.is_empty()
            && time
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.'));
        if !is_time || !is_iso_shape(date_part) {
            return None;
        }
    }
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let separators: Vec<char> = date_part
        .chars()
        .filter(|c| matches!(c, '/' | '-' | '.'))
        .collect();
    if separators.len() != 2 || separators[0] != separators[1] {
        return None;
    }
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_digit()))
    {
        return None;
    }
    let (year, month, day) = if a.len() == 4 {
        if separators[0] != '-' || b.len() > 2 || c.len() > 2 {
            return None;
        }
        (*a, *b, *c)
    } else if c.len() == 4 && a.len() <= 2 && b.len() <= 2 {
        (*c, *b, *a)
    } else {
        return None;
    };
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn is_iso_shape(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 3 && parts[0].len() == 4
}

/// The date as an official document's date line writes it: `ngày 05 tháng 02 năm
/// 2017`, `ngày 22 tháng 6 năm 2017` (days below 10 and months 1 and 2 padded).
pub fn long_date(d: NaiveDate) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {} năm {}", d.day(), month, d.year())
}

/// The date as running text writes it: `22/6/2017`.
pub fn short_date(d: NaiveDate) -> String {
    format!("{}/{}/{}", d.day(), d.month(), d.year())
}

/// Whole years from `from` to `to`, as an anniversary counts them: 1947-07-27 to
/// 2017-07-27 is 70, to 2017-07-26 is 69.
pub fn years_between(from: NaiveDate, to: NaiveDate) -> Result<i32, DateError> {
    if to < from {
        return Err(reversed(from, to));
    }
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    Ok(years)
}

/// Days from `from` to `to`, both counted: 16/7/2017 to 25/7/2017 is 10 days.
pub fn days_inclusive(from: NaiveDate, to: NaiveDate) -> Result<i64, DateError> {
    if to < from {
        return Err(reversed(from, to));
    }
    Ok((to - from).num_days() + 1)
}

fn reversed(from: NaiveDate, to: NaiveDate) -> DateError {
    DateError::Reversed {
        from: short_date(from),
        to: short_date(to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn parse_table() {
        type Ymd = Option<(i32, u32, u32)>;
        let cases: &[(&str, Ymd)] = &[
            ("27/7/2017", Some((2017, 7, 27))),
            ("27/07/2017", Some((2017, 7, 27))),
            ("27-07-2017", Some((2017, 7, 27))),
            ("27.07.2017", Some((2017, 7, 27))),
            ("2017-07-27", Some((2017, 7, 27))),
            ("2017-7-27", Some((2017, 7, 27))),
            ("2017-07-27T00:00:00", Some((2017, 7, 27))),
            ("2017-07-27 00:00:00", Some((2017, 7, 27))),
            (" 5/2/2017 ", Some((2017, 2, 5))),
            ("1/1/1947", Some((1947, 1, 1))),
            ("29/2/2016", Some((2016, 2, 29))),
            ("29/2/2017", None),
            ("31/4/2017", None),
            ("2017-13-01", None),
            ("32/1/2017", None),
            ("7/27/2017", None),
            ("27/7/17", None),
            ("27/7-2017", None),
            ("2017/07/27", None),
            ("27/7/2017 abc", None),
            ("", None),
            ("hôm nay", None),
            ("27//2017", None),
            ("2017-07-27T", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                parse_vn_date(text),
                expected.map(|(y, m, d)| ymd(y, m, d)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn long_date_table() {
        let cases = [
            (ymd(2017, 6, 22), "ngày 22 tháng 6 năm 2017"),
            (ymd(2017, 2, 5), "ngày 05 tháng 02 năm 2017"),
            (ymd(2017, 1, 10), "ngày 10 tháng 01 năm 2017"),
            (ymd(2017, 3, 9), "ngày 09 tháng 3 năm 2017"),
            (ymd(2017, 12, 31), "ngày 31 tháng 12 năm 2017"),
            (ymd(2017, 10, 1), "ngày 01 tháng 10 năm 2017"),
            (ymd(2017, 6, 28), "ngày 28 tháng 6 năm 2017"),
        ];
        for (date, expected) in cases {
            assert_eq!(long_date(date), expected);
        }
    }

    #[test]
    fn short_date_table() {
        assert_eq!(short_date(ymd(2017, 6, 22)), "22/6/2017");
        assert_eq!(short_date(ymd(2017, 7, 5)), "5/7/2017");
    }

    #[test]
    fn years_and_days() {
        assert_eq!(years_between(ymd(1947, 7, 27), ymd(2017, 7, 27)), Ok(70));
        assert_eq!(years_between(ymd(1947, 7, 27), ymd(2017, 7, 26)), Ok(69));
        assert_eq!(years_between(ymd(1929, 7, 28), ymd(2017, 7, 28)), Ok(88));
        assert_eq!(years_between(ymd(2016, 2, 29), ymd(2017, 2, 28)), Ok(0));
        assert_eq!(years_between(ymd(2017, 1, 1), ymd(2017, 1, 1)), Ok(0));
        assert_eq!(days_inclusive(ymd(2017, 7, 16), ymd(2017, 7, 25)), Ok(10));
        assert_eq!(days_inclusive(ymd(2017, 7, 16), ymd(2017, 7, 16)), Ok(1));
        assert_eq!(days_inclusive(ymd(2016, 12, 31), ymd(2017, 1, 1)), Ok(2));
        let err = days_inclusive(ymd(2017, 7, 25), ymd(2017, 7, 16)).unwrap_err();
        assert_eq!(err.to_string(), "16/7/2017 is before 25/7/2017");
        assert!(years_between(ymd(2017, 7, 25), ymd(2017, 7, 16)).is_err());
    }
}
