//! Periods: takes the `period` of plan.yaml as authors write it ("2023/24", "2023-24",
//! "2024/27", "2024-2027", "2024 to 2027") and gives the plan's years: a single financial year or
//! a multi-year plan, with the first year that chooses the edition; and the checks of `period` and
//! `update_of` in plan.yaml.

use crate::diag::{Diagnostic, SourceFile};
use crate::load::front_matter::at_key;
use crate::load::plan::PlanConfig;
use std::fmt;

/// The longest plan yjplan accepts, in years (the 2024 guidance allows multi-year plans; services
/// write two to three).
pub const MAX_YEARS: u16 = 5;

/// A plan's financial years: April of `first` to March of `last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    /// The calendar year the first financial year starts in (2024 for 2024/25).
    pub first: u16,
    /// The calendar year the last financial year ends in (2027 for 2024/27).
    pub last: u16,
}

impl Period {
    /// Reads a period, or None when it is not one.
    pub fn parse(text: &str) -> Option<Period> {
        let text = text.trim();
        let (a, b) = split_years(text)?;
        let first = four_digits(a)?;
        let last = match b.len() {
            4 => four_digits(b)?,
            2 => {
                let yy: u16 = b.parse().ok()?;
                let century = first / 100 * 100;
                if century + yy > first {
                    century + yy
                } else {
                    century + 100 + yy
                }
            }
            _ => return None,
        };
        (last > first && last - first <= MAX_YEARS).then_some(Period { first, last })
    }

    /// How many financial years the plan spans.
    pub fn years(&self) -> u16 {
        self.last - self.first
    }

    /// True for a plan of more than one year.
    pub fn is_multi_year(&self) -> bool {
        self.years() > 1
    }

    /// The single financial year starting in `year`.
    pub fn year(year: u16) -> Period {
        Period {
            first: year,
            last: year + 1,
        }
    }

    /// True when `other` lies within this period.
    pub fn contains(&self, other: &Period) -> bool {
        self.first <= other.first && other.last <= self.last
    }
}

impl fmt::Display for Period {
    /// The YJB's form: "2023/24", "2024/27".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{:02}", self.first, self.last % 100)
    }
}

/// The two years of "2024/27", "2024-27", "2024–2027" or "2024 to 2027".
fn split_years(text: &str) -> Option<(&str, &str)> {
    if let Some((a, b)) = text.split_once(" to ") {
        return Some((a.trim(), b.trim()));
    }
    let at = text.find(['/', '-', '–', '—'])?;
    let sep = text[at..].chars().next()?;
    Some((text[..at].trim(), text[at + sep.len_utf8()..].trim()))
}

fn four_digits(s: &str) -> Option<u16> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Checks `period` and `update_of` in plan.yaml.
pub fn check_periods(file: &SourceFile, config: &PlanConfig) -> Vec<Diagnostic> {
    let Some(period) = Period::parse(&config.period) else {
        return vec![at_key(file, &["period"], Diagnostic::error(
            "bad-period",
            format!("the period `{}` is not a plan year", config.period),
        )
        .hint("write the plan year as YYYY/YY, e.g. `period: 2025/26`, or a multi-year plan's years, e.g. `period: 2024/27`"))];
    };
    let Some(update_of) = &config.update_of else {
        return Vec::new();
    };
    let plan = Period::parse(update_of).filter(Period::is_multi_year);
    let problem = match plan {
        None => Some((
            "update_of",
            format!("`update_of: {update_of}` is not the period of a multi-year plan"),
            "write the years of the plan this document updates, e.g. `update_of: 2024/27`"
                .to_string(),
        )),
        Some(_) if period.is_multi_year() => Some((
            "period",
            format!("an annual update is for one year, not `{}`", config.period),
            "write the year this update is for, e.g. `period: 2025/26`".to_string(),
        )),
        Some(plan) if !plan.contains(&period) || plan.first == period.first => {
            let later: Vec<String> = (plan.first + 1..plan.last)
                .map(|y| Period::year(y).to_string())
                .collect();
            Some((
                "period",
                format!("the plan {plan} has no annual update for {period}"),
                format!(
                    "an update is for a later year of its plan: write `period:` as one of {}",
                    later.join(", ")
                ),
            ))
        }
        Some(_) => None,
    };
    problem
        .map(|(key, message, hint)| {
            at_key(
                file,
                &[key],
                Diagnostic::error("bad-update", message).hint(hint),
            )
        })
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_years_in_every_form() {
        for text in [
            "2023/24",
            "2023-24",
            "2023–24",
            "2023/2024",
            "2023 to 2024",
            " 2023-2024 ",
        ] {
            assert_eq!(Period::parse(text), Some(Period::year(2023)), "{text}");
        }
        assert_eq!(Period::parse("2099/00").unwrap().last, 2100);
        assert_eq!(Period::year(2023).to_string(), "2023/24");
    }

    #[test]
    fn multi_year_plans_in_every_form() {
        for text in ["2024/27", "2024-27", "2024-2027", "2024 to 2027", "2024—27"] {
            let p = Period::parse(text).unwrap();
            assert_eq!((p.first, p.last, p.years()), (2024, 2027, 3), "{text}");
            assert!(p.is_multi_year());
            assert_eq!(p.to_string(), "2024/27");
        }
        assert!(Period::parse("2024/27")
            .unwrap()
            .contains(&Period::year(2025)));
        assert!(!Period::parse("2024/27")
            .unwrap()
            .contains(&Period::year(2027)));
    }

    #[test]
    fn what_is_not_a_period() {
        for text in [
            "",
            "2023",
            "23/24",
            "2024/23",
            "2024/2024",
            "2020/30",
            "abcd/ef",
            "2023/4",
        ] {
            assert_eq!(Period::parse(text), None, "{text}");
        }
    }
}
