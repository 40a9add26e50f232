//! Problems found while computing a table, and where they are.
//!
//! Takes a stable code, a message and a location (a path of YAML keys in the table spec, and a
//! CSV file line for rows read from CSV); gives [`Problem`] values for the integrator to report.

use serde::Serialize;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The plan cannot be published as it is.
    Error,
    /// Worth a look; the table is still right.
    Warning,
}

/// One problem found while computing a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. "stated-mismatch".
    pub code: &'static str,
    /// What is wrong, with both values for a mismatch.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// Path of YAML keys from the table, e.g. ["rows", "West Mercia", "value"].
    pub path: Vec<String>,
    /// For CSV problems: (csv file path as written, 1-based line).
    pub csv_line: Option<(String, usize)>,
}

impl Problem {
    /// An error with no location yet.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            code,
            message: message.into(),
            hint: None,
            path: Vec::new(),
            csv_line: None,
        }
    }

    /// A warning with no location yet.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(code, message)
        }
    }

    /// Places the problem at `loc`.
    pub fn at(mut self, loc: &Loc) -> Self {
        self.path = loc.path.clone();
        self.csv_line = loc.csv_line.clone();
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Where a value was written: YAML keys in the table spec, plus the CSV line when read from CSV.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loc {
    /// Path of YAML keys from the table.
    pub path: Vec<String>,
    /// (csv file as written, 1-based line) for values read from a CSV file.
    pub csv_line: Option<(String, usize)>,
}

impl Loc {
    /// A place in the YAML spec.
    pub fn yaml(keys: &[&str]) -> Self {
        Loc {
            path: keys.iter().map(|k| k.to_string()).collect(),
            csv_line: None,
        }
    }

    /// A line of the CSV file named by the spec's `csv` key.
    pub fn csv(file: &str, line: usize) -> Self {
        Loc {
            path: vec!["csv".to_string()],
            csv_line: Some((file.to_string(), line)),
        }
    }

    /// The same place one key deeper (CSV places stay at their line).
    pub fn key(&self, key: &str) -> Self {
        let mut loc = self.clone();
        if loc.csv_line.is_none() {
            loc.path.push(key.to_string());
        }
        loc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_located_problems() {
        let loc = Loc::yaml(&["rows", "West Mercia"]).key("value");
        let p = Problem::error("bad-number", "x").at(&loc).hint("y");
        assert_eq!(p.path, ["rows", "West Mercia", "value"]);
        assert_eq!(p.hint.as_deref(), Some("y"));
        assert_eq!(p.severity, Severity::Error);
        assert_eq!(Problem::warning("w", "m").severity, Severity::Warning);
    }

    #[test]
    fn csv_places_keep_their_line() {
        let loc = Loc::csv("data/fte.csv", 3).key("count");
        assert_eq!(loc.path, ["csv"]);
        assert_eq!(loc.csv_line, Some(("data/fte.csv".to_string(), 3)));
    }
}
