//! Dates in plan.yaml: takes a date as written and the plan's period, and gives what is wrong
//! with it in the author's words (June has 30 days; 2025 is not a leap year; the day and month
//! are the wrong way round), and the check that the sign-off date falls near the plan's period
//! (last year's date pasted in prints on the cover).

use crate::diag::{Diagnostic, SourceFile};
use crate::load::front_matter::at_key;
use crate::load::period::Period;
use crate::load::plan::{long_date, parse_date};

/// The months' names, January first.
pub const MONTHS: [&str; 12] = [
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

fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in a month (1 to 12) of a year.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Why `text` is not a YYYY-MM-DD date, as the first line of a message, and what to write
/// instead, as a hint: `key` is the key the author typed (`date`, `updated`).
pub fn date_problem(text: &str, key: &str) -> (String, String) {
    let numbers: Vec<Option<u32>> = text.trim().split('-').map(|p| p.parse().ok()).collect();
    let format_hint =
        format!("write the date as YYYY-MM-DD (year, month, day), e.g. `{key}: 2023-06-21`");
    let [Some(year), Some(month), Some(day)] = numbers[..] else {
        if let Some((d, m, y)) = day_first(text) {
            return (
                format!("`{text}` is not written year first"),
                format!("write it as YYYY-MM-DD: `{key}: {y:04}-{m:02}-{d:02}`"),
            );
        }
        return (format!("`{text}` is not a date"), format_hint);
    };
    let (Ok(year), Ok(month)) = (i32::try_from(year), u8::try_from(month)) else {
        return (format!("`{text}` is not a date"), format_hint);
    };
    if !(1000..=9999).contains(&year) {
        return (
            format!("`{text}` does not start with a four-digit year"),
            format_hint,
        );
    }
    if !(1..=12).contains(&month) {
        let hint = if (1..=12).contains(&day) && month <= 31 {
            format!("the month comes second: `{key}: {year:04}-{day:02}-{month:02}`")
        } else {
            format_hint
        };
        return (
            format!("`{text}` is not a date: there is no month {month}"),
            hint,
        );
    }
    let days = days_in_month(year, month);
    let name = MONTHS[usize::from(month - 1)];
    let why = if month == 2 && day == 29 {
        format!("{year} is not a leap year, so February has 28 days")
    } else {
        format!("{name} has {days} days")
    };
    (
        format!("`{text}` is not a date: {why}"),
        format!("check the day: the last day of {name} {year} is `{key}: {year:04}-{month:02}-{days:02}`"),
    )
}

/// Day, month and year of a date written the British way round ("21/06/2023", "21-06-2023").
fn day_first(text: &str) -> Option<(u8, u8, i32)> {
    let parts: Vec<&str> = text.trim().split(['/', '-', '.']).collect();
    let [d, m, y] = parts[..] else { return None };
    let (d, m, y): (u8, u8, i32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
    parse_date(&format!("{y:04}-{m:02}-{d:02}")).map(|_| (d, m, y))
}

/// An error at `sign_off: date:` when the date is not a date, or lies outside the time a plan for
/// `period` is approved in: from April of the year before the period starts to its last March.
pub fn check_sign_off_date(file: &SourceFile, period: &str, date: &str) -> Option<Diagnostic> {
    let path = ["sign_off", "date"];
    let Some(parsed) = parse_date(date) else {
        let (message, hint) = date_problem(date, "date");
        let d = Diagnostic::error("bad-date", format!("the sign-off date {message}")).hint(hint);
        return Some(at_key(file, &path, d));
    };
    let period = Period::parse(period)?;
    let (first, last) = (i32::from(period.first), i32::from(period.last));
    let earliest = (first - 1, 4, 1);
    let latest = (last, 3, 31);
    if parsed >= earliest && parsed <= latest {
        return None;
    }
    let when = if parsed < earliest { "before" } else { "after" };
    let d = Diagnostic::error(
        "sign-off-date",
        format!(
            "the sign-off date {} is long {when} the plan's period {period} (April {first} to March {last})",
            long_date(parsed)
        ),
    )
    .note("the date is printed on the cover as the day the board approved the plan; a date from another year is usually last year's plan pasted in")
    .hint(format!(
        "write the date of the board meeting that approved this plan, between {} and {}, e.g. `date: {first}-06-30`",
        long_date(earliest),
        long_date(latest)
    ));
    Some(at_key(file, &path, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_days_are_explained() {
        assert_eq!(
            date_problem("2025-06-31", "date").0,
            "`2025-06-31` is not a date: June has 30 days"
        );
        assert!(date_problem("2025-06-31", "date")
            .1
            .contains("`date: 2025-06-30`"));
        assert_eq!(
            date_problem("2025-02-29", "date").0,
            "`2025-02-29` is not a date: 2025 is not a leap year, so February has 28 days"
        );
        assert_eq!(
            date_problem("2023-13-01", "date").0,
            "`2023-13-01` is not a date: there is no month 13"
        );
        assert!(date_problem("2023-21-06", "date").1.contains("2023-06-21"));
        assert_eq!(
            date_problem("21/06/2023", "date").1,
            "write it as YYYY-MM-DD: `date: 2023-06-21`"
        );
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
    }

    #[test]
    fn a_sign_off_date_from_another_year_is_an_error() {
        let file = SourceFile::new(
            "plan.yaml",
            "period: 2025/26\nsign_off:\n  date: 2023-06-21\n",
        );
        let d = check_sign_off_date(&file, "2025/26", "2023-06-21").unwrap();
        assert_eq!(d.code, "sign-off-date");
        assert_eq!(d.location.as_ref().unwrap().line, Some(3));
        assert!(check_sign_off_date(&file, "2025/26", "2025-06-21").is_none());
        assert!(check_sign_off_date(&file, "2025/26", "2024-04-01").is_none());
        assert!(check_sign_off_date(&file, "2025/26", "2024-03-31").is_some());
        assert!(check_sign_off_date(&file, "2025/26", "2026-04-01").is_some());
        assert!(check_sign_off_date(&file, "2024/27", "2026-06-01").is_none());
    }
}
