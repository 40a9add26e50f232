//! The separator of a CSV file, and the decimal commas of files that use semicolons.
//!
//! Takes a CSV file's text and gives the character its fields are separated by: a comma, or the
//! semicolon Excel writes where a comma is the decimal mark, the tab of "Text (Tab delimited)"
//! and of cells pasted from a spreadsheet, or a bar. In a semicolon file a number written with a
//! decimal comma ("12,5", "1.234,5") is read as the number it is; "1,500" could be one and a half
//! or fifteen hundred, so it is refused with both readings named.

/// The separators yjplan reads, in the order a tie is decided.
const SEPARATORS: [char; 4] = [',', ';', '\t', '|'];

/// The separator of a CSV file: the one of [`SEPARATORS`] its first line holds most often
/// outside double quotes (a comma when it holds none, so a one-column file is read as before).
pub fn detect(text: &str) -> char {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            _ => {
                if let Some(i) = SEPARATORS.iter().position(|s| *s == c) {
                    counts[i] += 1;
                }
            }
        }
    }
    let mut best = 0;
    for i in 1..SEPARATORS.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    SEPARATORS[best]
}

/// One separator's name in a message.
pub fn one(separator: char) -> &'static str {
    match separator {
        ';' => "semicolon",
        '\t' => "tab",
        '|' => "bar (|)",
        _ => "comma",
    }
}

/// A number in a semicolon file whose comma could be a decimal mark or a thousands separator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguous {
    /// The field as written.
    pub text: String,
    /// Read with a decimal comma.
    pub decimal: String,
    /// Read with a thousands comma.
    pub thousands: String,
}

/// A field of a semicolon-separated file with a decimal comma rewritten with a decimal point
/// ("12,5" gives "12.5", "1.234,5" and "1 234,5" give "1234.5"); other fields are kept. A single
/// comma before exactly three digits ("1,500") is ambiguous.
pub fn decimal_comma(field: &str) -> Result<String, Ambiguous> {
    let t = field.trim();
    let (sign, body) = match t.char_indices().next() {
        Some((_, c @ ('-' | '−' | '–' | '‒' | '+'))) => (c.to_string(), &t[c.len_utf8()..]),
        _ => (String::new(), t),
    };
    let (body, percent) = match body.strip_suffix('%') {
        Some(b) => (b.trim_end(), "%"),
        None => (body, ""),
    };
    let Some((int, frac)) = body.split_once(',') else {
        return Ok(field.to_string());
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(frac) {
        return Ok(field.to_string());
    }
    let whole: String = match grouped_int(int) {
        Some(whole) => whole,
        None => return Ok(field.to_string()),
    };
    // A thousands comma follows 1 to 3 digits, never a leading 0 ("0,500" is a half).
    if frac.len() == 3 && whole == int && int.len() <= 3 && !int.starts_with('0') {
        let places = frac.trim_end_matches('0');
        let point = if places.is_empty() { "" } else { "." };
        return Err(Ambiguous {
            text: t.to_string(),
            decimal: format!("{sign}{whole}{point}{places}{percent}"),
            thousands: format!("{sign}{whole}{frac}{percent}"),
        });
    }
    Ok(format!("{sign}{whole}.{frac}{percent}"))
}

/// The digits of an integer part written plainly ("1234") or grouped in threes by full stops or
/// spaces ("1.234", "1 234"); None when it is not such a number.
fn grouped_int(int: &str) -> Option<String> {
    if !int.is_empty() && int.chars().all(|c| c.is_ascii_digit()) {
        return Some(int.to_string());
    }
    let mark = int
        .chars()
        .find(|c| matches!(c, '.' | ' ' | '\u{a0}' | '\u{202f}'))?;
    let groups: Vec<&str> = int.split(mark).collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let all_digits = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    (first_ok && rest_ok && all_digits).then(|| groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_the_separator_of_the_header() {
        assert_eq!(detect("Team,Staff\n1,2\n"), ',');
        assert_eq!(detect("Team;Staff;Other\nNorth;1,5;2\n"), ';');
        assert_eq!(detect("\u{feff}Team\tStaff\n"), '\t');
        assert_eq!(detect("Team|Staff\n"), '|');
        assert_eq!(detect("\"Cost; £\",Staff\n"), ',');
        assert_eq!(detect("Team\n"), ',');
    }

    #[test]
    fn reads_decimal_commas_and_refuses_ambiguous_ones() {
        assert_eq!(decimal_comma("12,5").unwrap(), "12.5");
        assert_eq!(decimal_comma("-0,25%").unwrap(), "-0.25%");
        assert_eq!(decimal_comma("1.234,5").unwrap(), "1234.5");
        assert_eq!(decimal_comma("1 234,56").unwrap(), "1234.56");
        assert_eq!(decimal_comma("1.234.567,000").unwrap(), "1234567.000");
        assert_eq!(decimal_comma("North, East").unwrap(), "North, East");
        assert_eq!(decimal_comma("1500").unwrap(), "1500");
        assert_eq!(decimal_comma("0,500").unwrap(), "0.500");
        assert_eq!(decimal_comma("1500,250").unwrap(), "1500.250");
        assert_eq!(decimal_comma("–1,5").unwrap(), "–1.5");
        let ambiguous = decimal_comma("1,500").unwrap_err();
        assert_eq!(
            (ambiguous.decimal.as_str(), ambiguous.thousands.as_str()),
            ("1.5", "1500")
        );
    }
}
