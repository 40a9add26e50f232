//! The header line of a CSV file: every column named once.
//!
//! Columns are found by name, without regard to case or surrounding spaces (see
//! [`super::CsvTable::column`]), so a header that names a column twice ("Managers" in
//! `Ethnicity,Managers,Practitioners,Managers`) would have its second column silently dropped.
//! It is a `duplicate-column` error at the header line instead.

use super::Record;
use crate::compute::problem::{Loc, Problem};

/// "duplicate-column" at the header line when two of its cells name the same column (blank
/// cells are not names and may repeat).
pub(super) fn repeated(file: &str, header: &Record) -> Option<Problem> {
    let names: Vec<String> = header
        .fields
        .iter()
        .map(|f| f.trim().to_lowercase())
        .collect();
    let (later, _) = names
        .iter()
        .enumerate()
        .find(|(i, n)| !n.is_empty() && names[..*i].contains(n))?;
    let shown = header.fields[later].trim();
    Some(
        Problem::error(
            "duplicate-column",
            format!("\"{file}\" has the column \"{shown}\" twice in its header line"),
        )
        .at(&Loc::csv(file, header.line))
        .hint(format!(
            "give each column its own name, such as \"{shown} 2\", or delete the second \"{shown}\" column if it repeats the first"
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(fields: &[&str]) -> Record {
        Record {
            line: 1,
            fields: fields.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn a_repeated_name_is_an_error_at_the_header_line() {
        let h = header(&["Ethnicity", "Managers", "Practitioners", " managers "]);
        let p = repeated("data/s.csv", &h).unwrap();
        assert_eq!(p.code, "duplicate-column");
        assert!(p.message.contains("\"managers\" twice"), "{}", p.message);
        assert_eq!(p.csv_line, Some(("data/s.csv".to_string(), 1)));
    }

    #[test]
    fn distinct_names_and_blank_cells_pass() {
        assert!(repeated("d.csv", &header(&["A", "B", "C"])).is_none());
        assert!(repeated("d.csv", &header(&["", "A", " "])).is_none());
    }
}
