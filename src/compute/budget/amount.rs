//! Amounts of the budget table as printed: takes a cell as written and gives an [`Amount`]: a
//! number, a blank (printed blank) or the dash for no contribution (printed "–"); both count as 0.
//! Also adds amounts up (a total of blanks stays blank) and checks printed totals.

use super::super::number::{self, format_money};
use super::super::problem::{Loc, Problem};
use super::super::spec::{self, Cell, RawCell};
use rust_decimal::Decimal;

/// An amount as the author wrote it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Amount {
    /// Nothing written (`~`, `""`, or the key left out): printed blank.
    Blank,
    /// A dash ("-", "–", "—"): no contribution, printed "–".
    Dash,
    /// A number of pounds.
    Number(Decimal),
}

impl Amount {
    /// What the amount counts as: a blank or a dash is 0.
    pub fn value(self) -> Decimal {
        match self {
            Amount::Number(v) => v,
            _ => Decimal::ZERO,
        }
    }

    /// The cell's text: blank, "–", or the amount with separators (and pence when `pence`).
    pub fn text(self, pence: bool) -> String {
        match self {
            Amount::Blank => String::new(),
            Amount::Dash => "–".to_string(),
            Amount::Number(v) => format_money(v, pence),
        }
    }
}

/// Adds amounts ("number-too-large" on overflow, then 0). A total of blanks and dashes only is a
/// dash when there is one, else blank: the printed table shows no figure where none was given.
pub(super) fn add(values: &[Amount], loc: &Loc, problems: &mut Vec<Problem>) -> Amount {
    if !values.iter().any(|v| matches!(v, Amount::Number(_))) {
        return if values.contains(&Amount::Dash) {
            Amount::Dash
        } else {
            Amount::Blank
        };
    }
    match number::sum(values.iter().map(|v| v.value())) {
        Ok(v) => Amount::Number(v),
        Err(e) => {
            problems.push(Problem::error("number-too-large", e.to_string()).at(loc));
            Amount::Number(Decimal::ZERO)
        }
    }
}

/// An amount in pounds: blank or a dash count 0; text is an error; a negative amount is worth a
/// warning. `what` names the cell as the author sees it ("Police Service, Staffing costs (£)").
pub(super) fn amount(
    raw: Option<&RawCell>,
    loc: &Loc,
    what: &str,
    problems: &mut Vec<Problem>,
) -> Amount {
    let Some(raw) = raw else {
        return Amount::Blank;
    };
    if let RawCell::Text(t) = raw {
        if matches!(t.trim(), "-" | "–" | "—") {
            return Amount::Dash;
        }
    }
    match spec::read_cell(raw, loc, what, problems) {
        Cell::Number(n) if n.percent => {
            problems.push(
                Problem::error(
                    "bad-number",
                    format!(
                        "{what} is {}, but an amount of money cannot be a percentage",
                        raw.as_written()
                    ),
                )
                .at(loc)
                .hint("write the amount in pounds, as in 1179999 or \"£1,179,999\""),
            );
            Amount::Blank
        }
        Cell::Number(n) => {
            if n.is_negative() {
                problems.push(
                    Problem::warning(
                        "negative-amount",
                        format!("{what} is negative ({})", raw.as_written()),
                    )
                    .at(loc)
                    .hint("check the sign: contributions are normally positive"),
                );
            }
            Amount::Number(n.value)
        }
        Cell::Text(t) => {
            problems.push(spec::text_in_computed(&t, loc, what));
            Amount::Blank
        }
        Cell::Blank | Cell::Invalid(_) => Amount::Blank,
    }
}

/// "stated-mismatch" when a printed total differs from the computed one. `what` says which total
/// of which table ("the Total row's Total (£) in \"Partner contributions 2023/24\"").
pub(super) fn compare(
    raw: &RawCell,
    computed: Decimal,
    what: &str,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) {
    let Cell::Number(stated) = spec::read_cell(raw, loc, what, problems) else {
        return;
    };
    if stated.value != computed {
        let pence = has_pence(stated.value) || has_pence(computed);
        problems.push(
            Problem::error(
                "stated-mismatch",
                format!(
                    "{what} is printed as {}, but the amounts add up to {}",
                    format_money(stated.value, pence),
                    format_money(computed, pence)
                ),
            )
            .at(loc)
            .hint("correct the amounts or the printed total; the table prints the computed total"),
        );
    }
}

/// True when an amount has pence.
pub(super) fn has_pence(v: Decimal) -> bool {
    !v.fract().is_zero()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_of_blanks_stay_blank_and_dashes_stay_dashes() {
        let loc = Loc::default();
        let mut p = Vec::new();
        assert_eq!(
            add(&[Amount::Blank, Amount::Blank], &loc, &mut p),
            Amount::Blank
        );
        assert_eq!(
            add(&[Amount::Blank, Amount::Dash], &loc, &mut p),
            Amount::Dash
        );
        let five = Amount::Number(Decimal::from(5));
        assert_eq!(
            add(&[Amount::Dash, five, five], &loc, &mut p),
            Amount::Number(Decimal::TEN)
        );
        assert!(p.is_empty());
        assert_eq!(Amount::Dash.text(false), "–");
        assert_eq!(Amount::Blank.text(true), "");
    }
}
