//! Figures typed in prose, checked against the plan's tables: takes the section files, where each
//! body starts, and the computed tables; gives diagnostics.
//!
//! A sentence states an indicator when it names it ("first time entrants", "custody", "reoffend",
//! "serious violence") or types its unit ("per reoffender"). A number in it with a unit, or stated
//! as "a rate of N", is compared with the figures of that indicator in the plan's tables:
//! - a unit that contradicts the indicator's ("91 per 10,000" for first time entrants, a "%"
//!   after a custody rate, "per 100,000" for custody) is `prose-unit`;
//! - when a table holds the indicator for the service (its first row) and the number is none of
//!   the figures of that indicator in any table, it is `prose-figure`, naming the table's figure;
//! - when it is one of them, `typed-figure` (a warning) offers the `{{ }}` expression that keeps
//!   the sentence in step with the table.
//!
//! Changes ("fell by 43%", "down 5 percentage points"), shares ("5% of all offences") and numbers
//! without a unit (years, counts, ages "10 to 17") are never compared.

mod check;
mod scan;

pub use check::check_prose;

#[cfg(test)]
mod tests;
