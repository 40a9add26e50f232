//! Numbers in tables.
//!
//! Takes cell text such as `"1,179,999"`, `"£1,179,999.50"` or `"85%"` and gives exact decimals
//! ([`parse_number`]); takes decimals and gives display text with thousands separators, a fixed
//! number of decimal places and half-up rounding ([`format_fixed`] and friends). Arithmetic that
//! could overflow or divide by zero goes through [`ratio`] and [`sum`], which never panic.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// The most decimal places a `Decimal` can carry.
const MAX_SCALE: u32 = 28;

/// A number read from a cell, with how it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Num {
    /// The exact value; its scale is the number of decimal places written.
    pub value: Decimal,
    /// Written with a trailing `%`.
    pub percent: bool,
    /// Written with a leading `£`.
    pub money: bool,
}

impl Num {
    /// A plain number (no `%`, no `£`).
    pub fn plain(value: Decimal) -> Self {
        Num {
            value,
            percent: false,
            money: false,
        }
    }

    /// True when the number is below zero.
    pub fn is_negative(&self) -> bool {
        self.value.is_sign_negative() && !self.value.is_zero()
    }
}

/// Why text that looks like a number cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// Commas that are not every three digits from the right, as in "1,17,999".
    #[error("\"{0}\" has its thousands separators in the wrong places")]
    Separators(String),
    /// Number-like text that is not a number, as in "1.2.3" or "1 179 999".
    #[error("\"{0}\" is not a well-formed number")]
    Malformed(String),
    /// More digits than exact decimal arithmetic can hold (or not finite).
    #[error("\"{0}\" is too large or has too many digits to compute with exactly")]
    TooLarge(String),
}

impl NumberError {
    /// How to fix the number.
    pub fn hint(&self) -> String {
        match self {
            NumberError::Separators(_) => {
                "put a comma every three digits from the right, as in 1,179,999, or write no commas: 1179999".into()
            }
            NumberError::Malformed(_) => {
                "write digits with an optional decimal point, as in 1179999 or 0.08; quote the cell if it is text".into()
            }
            NumberError::TooLarge(_) => "write the number with at most 28 significant digits".into(),
        }
    }
}

/// An arithmetic result that cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ArithError {
    /// The denominator is zero.
    #[error("division by zero")]
    DivisionByZero,
    /// The result does not fit in an exact decimal.
    #[error("the result is too large to compute exactly")]
    Overflow,
}

/// Reads a number as typed in a cell; `Ok(None)` when the text is not a number at all (">10", "n/a").
pub fn parse_number(text: &str) -> Result<Option<Num>, NumberError> {
    let t = text.trim();
    let Some((negative, money, percent, body)) = split_affixes(t) else {
        return Ok(None);
    };
    if !body.chars().any(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || ",. ".contains(c))
    {
        return Ok(None);
    }
    if money && percent {
        return Err(NumberError::Malformed(t.to_string()));
    }
    let digits = strip_separators(body, t)?;
    let value = parse_plain(&digits).map_err(|_| NumberError::TooLarge(t.to_string()))?;
    let value = if negative { -value } else { value };
    Ok(Some(Num {
        value,
        percent,
        money,
    }))
}

/// Splits a leading sign and `£` (in either order) and a trailing `%` from the text.
fn split_affixes(t: &str) -> Option<(bool, bool, bool, &str)> {
    let (neg1, rest) = strip_sign(t);
    let (money, rest) = match rest.strip_prefix('£') {
        Some(r) => (true, r.trim_start()),
        None => (false, rest),
    };
    let (neg2, rest) = if money {
        strip_sign(rest)
    } else {
        (None, rest)
    };
    if neg1.is_some() && neg2.is_some() {
        return None;
    }
    let negative = neg1.or(neg2).unwrap_or(false);
    let (percent, rest) = match rest.strip_suffix('%') {
        Some(r) => (true, r.trim_end()),
        None => (false, rest),
    };
    Some((negative, money, percent, rest))
}

/// Strips a leading `-`, `−` or `+`; gives Some(true) for a minus, Some(false) for a plus. The
/// en dash and figure dash Word's AutoCorrect puts for a hyphen before a number are minus signs
/// too: before digits they can mean nothing else.
fn strip_sign(t: &str) -> (Option<bool>, &str) {
    if let Some(r) = t.strip_prefix(['-', '−', '–', '‒']) {
        (Some(true), r.trim_start())
    } else if let Some(r) = t.strip_prefix('+') {
        (Some(false), r.trim_start())
    } else {
        (None, t)
    }
}

/// Checks the thousands separators of `body` and gives the digits without them.
fn strip_separators(body: &str, whole: &str) -> Result<String, NumberError> {
    let malformed = || NumberError::Malformed(whole.to_string());
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.chars().all(|c| c.is_ascii_digit()) {
            return Err(if f.contains(',') {
                NumberError::Separators(whole.to_string())
            } else {
                malformed()
            });
        }
    }
    if int.contains(' ') {
        return Err(malformed());
    }
    if int.contains(',') && !separators_ok(int) {
        return Err(NumberError::Separators(whole.to_string()));
    }
    if int.is_empty() {
        return Err(malformed());
    }
    let mut digits: String = int.chars().filter(|c| *c != ',').collect();
    if let Some(f) = frac {
        digits.push('.');
        digits.push_str(f);
    }
    Ok(digits)
}

/// True when the comma groups of an integer part are 1–3 digits, then exactly 3 digits each.
fn separators_ok(int: &str) -> bool {
    let groups: Vec<&str> = int.split(',').collect();
    let first = groups.first().map_or(0, |g| g.len());
    (1..=3).contains(&first) && groups.iter().skip(1).all(|g| g.len() == 3)
}

/// Reads plain digits with an optional sign and decimal point (the text of a YAML number).
pub fn parse_plain(text: &str) -> Result<Decimal, NumberError> {
    let t = text.trim();
    let body = t.strip_prefix('-').unwrap_or(t);
    let shape_ok = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|c| *c == '.').count() <= 1
        && body.chars().next().is_some_and(|c| c.is_ascii_digit());
    if !shape_ok {
        return Err(NumberError::Malformed(t.to_string()));
    }
    Decimal::from_str_exact(t).map_err(|_| NumberError::TooLarge(t.to_string()))
}

/// Rounds half-up (midpoints away from zero) to `decimals` places.
pub fn round_half_up(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(
        decimals.min(MAX_SCALE),
        RoundingStrategy::MidpointAwayFromZero,
    )
}

/// Formats with thousands separators and exactly `decimals` places: 1179999 → "1,179,999".
pub fn format_fixed(value: Decimal, decimals: u32) -> String {
    let decimals = decimals.min(MAX_SCALE);
    let rounded = round_half_up(value, decimals);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = rounded.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group_thousands(int));
    if decimals > 0 {
        out.push('.');
        out.push_str(frac);
        for _ in frac.len()..decimals as usize {
            out.push('0');
        }
    }
    out
}

/// Puts a comma every three digits from the right.
fn group_thousands(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats a percentage: 90.34 with 0 decimals → "90%".
pub fn format_percent(value: Decimal, decimals: u32) -> String {
    format!("{}%", format_fixed(value, decimals))
}

/// Formats pounds without the sign (the column says £): pence only when asked, "1,179,999.50".
pub fn format_money(value: Decimal, pence: bool) -> String {
    format_fixed(value, if pence { 2 } else { 0 })
}

/// Formats a change with its sign: "+1.2", "-3.0", "0.0".
pub fn format_signed(value: Decimal, decimals: u32) -> String {
    let text = format_fixed(value, decimals);
    if round_half_up(value, decimals) > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

/// Computes `numerator / denominator × multiplier` exactly, without panicking.
pub fn ratio(
    numerator: Decimal,
    denominator: Decimal,
    multiplier: Decimal,
) -> Result<Decimal, ArithError> {
    if denominator.is_zero() {
        return Err(ArithError::DivisionByZero);
    }
    match numerator.checked_mul(multiplier) {
        Some(scaled) => scaled.checked_div(denominator).ok_or(ArithError::Overflow),
        None => numerator
            .checked_div(denominator)
            .and_then(|q| q.checked_mul(multiplier))
            .ok_or(ArithError::Overflow),
    }
}

/// Adds up exactly, without panicking on overflow.
pub fn sum<I: IntoIterator<Item = Decimal>>(values: I) -> Result<Decimal, ArithError> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
        .ok_or(ArithError::Overflow)
}

/// The value as a float, for charts.
pub fn to_f64(value: Decimal) -> Option<f64> {
    value.to_f64()
}

#[cfg(test)]
mod tests;
