//! Section numbering: takes plan.yaml's `numbering` (`true`, or a format such as "1.1" or "1.a")
//! and gives the number of each heading in document order ("2", "2.1", "2.1.3"), which the view
//! puts before the heading in the PDF, the page and both contents lists.

use crate::diag::{Diagnostic, SourceFile};
use crate::load::front_matter::at_key;
use crate::load::plan::PlanConfig;
use serde::{Deserialize, Serialize};

/// The format `numbering: true` stands for: every heading level numbered.
pub const DEFAULT_FORMAT: &str = "1.1.1";

/// plan.yaml's `numbering`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Numbering {
    /// `true` numbers every level as "1.1.1"; `false` numbers nothing.
    Switch(bool),
    /// A format: one of 1, a, A, i, I per level numbered, joined by "." ("1.1", "1.a").
    Format(String),
}

impl Numbering {
    /// The format in force, or None when numbering is off.
    pub fn format(&self) -> Option<&str> {
        match self {
            Numbering::Switch(true) => Some(DEFAULT_FORMAT),
            Numbering::Switch(false) => None,
            Numbering::Format(f) => Some(f.as_str()),
        }
    }
}

/// The styles of a format, one per level, or None when it is not a format.
fn styles(format: &str) -> Option<Vec<char>> {
    let parts: Vec<&str> = format.trim_end_matches('.').split('.').collect();
    let ok = !parts.is_empty()
        && parts.len() <= 4
        && parts.iter().all(|p| p.len() == 1 && "1aAiI".contains(*p));
    ok.then(|| parts.iter().filter_map(|p| p.chars().next()).collect())
}

/// A `bad-numbering` error for a format yjplan cannot use.
pub fn check(file: &SourceFile, config: &PlanConfig) -> Option<Diagnostic> {
    let format = config.numbering.as_ref()?.format()?;
    if styles(format).is_some() {
        return None;
    }
    Some(at_key(file, &["numbering"], Diagnostic::error(
        "bad-numbering",
        format!("`numbering: \"{format}\"` is not a numbering format"),
    ))
    .hint("write `numbering: true` for 1, 1.1 and 1.1.1, or a format with one of 1, a, A, i, I for each level, e.g. `numbering: \"1.1\"`"))
}

/// Numbers headings as they come.
#[derive(Debug, Clone)]
pub struct Counter {
    styles: Vec<char>,
    counts: Vec<u32>,
}

impl Counter {
    /// A counter for the plan's numbering, or None when it has none.
    pub fn new(numbering: Option<&Numbering>) -> Option<Counter> {
        let styles = styles(numbering?.format()?)?;
        Some(Counter {
            counts: vec![0; styles.len()],
            styles,
        })
    }

    /// The number of the next heading at `level` (1-based), or None below the levels numbered.
    pub fn next(&mut self, level: u8) -> Option<String> {
        let depth = usize::from(level).checked_sub(1)?;
        if depth >= self.styles.len() {
            return None;
        }
        self.counts[depth] += 1;
        self.counts[depth + 1..].iter_mut().for_each(|c| *c = 0);
        let parts: Vec<String> = (0..=depth)
            .map(|d| show(self.counts[d], self.styles[d]))
            .collect();
        Some(parts.join("."))
    }
}

fn show(n: u32, style: char) -> String {
    match style {
        'a' | 'A' => {
            let mut s = String::new();
            let mut n = n;
            while n > 0 {
                let c = (b'a' + ((n - 1) % 26) as u8) as char;
                s.insert(0, c);
                n = (n - 1) / 26;
            }
            if style == 'A' {
                s.to_uppercase()
            } else {
                s
            }
        }
        'i' | 'I' => {
            let roman = roman(n);
            if style == 'i' {
                roman.to_lowercase()
            } else {
                roman
            }
        }
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(numbering: Numbering, levels: &[u8]) -> Vec<Option<String>> {
        let mut c = Counter::new(Some(&numbering)).unwrap();
        levels.iter().map(|&l| c.next(l)).collect()
    }

    #[test]
    fn true_numbers_three_levels() {
        let got = numbers(Numbering::Switch(true), &[1, 2, 2, 3, 1, 2, 4]);
        let want = ["1", "1.1", "1.2", "1.2.1", "2", "2.1"];
        assert_eq!(got[..6], want.map(|s| Some(s.to_string())));
        assert_eq!(got[6], None);
        assert!(Counter::new(Some(&Numbering::Switch(false))).is_none());
        assert!(Counter::new(None).is_none());
    }

    #[test]
    fn formats_choose_depth_and_style() {
        let got = numbers(Numbering::Format("1.a".into()), &[1, 2, 2, 3, 1, 2]);
        let want = [
            Some("1"),
            Some("1.a"),
            Some("1.b"),
            None,
            Some("2"),
            Some("2.a"),
        ];
        assert_eq!(got, want.map(|s| s.map(str::to_string)));
        let got = numbers(Numbering::Format("I.1".into()), &[1, 1, 1, 1, 2]);
        assert_eq!(got[3].as_deref(), Some("IV"));
        assert_eq!(got[4].as_deref(), Some("IV.1"));
    }

    #[test]
    fn bad_formats_are_refused_at_their_line() {
        for bad in ["1.1.1.1.1", "x", "1..1", "", "1-1"] {
            assert!(styles(bad).is_none(), "{bad}");
        }
        let yaml = "service: S\nperiod: 2023/24\nnumbering: \"1-1\"\n";
        let file = SourceFile::new("plan.yaml", yaml);
        let (_, diags) = crate::load::plan::parse(&file).unwrap();
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].code, "bad-numbering");
        assert_eq!(diags[0].location.as_ref().and_then(|l| l.line), Some(3));
    }
}
