//! Small helpers shared by the table kinds: takes labels and names, gives keys (slugs such as
//! "sep-22", from the crate's util), "did you mean" hints, and lists in prose ("a, b and c").

pub use crate::util::{did_you_mean, slug};

/// Writes names as a list in prose, each in quotes: "\"a\", \"b\" and \"c\"".
pub fn quoted_list<S: AsRef<str>>(names: &[S]) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|n| format!("\"{}\"", n.as_ref()))
        .collect();
    match quoted.split_last() {
        None => "none".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {}", rest.join(", "), last),
    }
}

/// The header of the row-label column: `row_header`, else the CSV's first header cell, else a
/// warning and "Category" (an empty header cell means nothing to a screen reader).
pub fn label_header(
    spec: &super::TableSpec,
    csv: Option<&super::csv::CsvTable>,
    problems: &mut Vec<super::Problem>,
) -> String {
    let from_csv = csv
        .and_then(|t| t.header.first())
        .filter(|h| !h.eq_ignore_ascii_case("row"));
    if let Some(header) = spec.row_header.clone().or_else(|| from_csv.cloned()) {
        return header;
    }
    problems.push(
        super::Problem::warning(
            "missing-row-header",
            "the table does not say what its rows are",
        )
        .hint("add `row_header:` naming the first column, e.g. `row_header: Ethnicity`"),
    );
    "Category".to_string()
}

/// A hint naming the nearest known name, or listing them all.
pub fn suggestion<'a, I>(word: &str, known: I) -> String
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    match did_you_mean(word, known.clone()) {
        Some(near) => format!("did you mean \"{near}\"?"),
        None => {
            let all: Vec<&str> = known.into_iter().collect();
            format!("use one of {}", quoted_list(&all))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names() {
        let known = ["fte", "custody", "serious-violence"];
        assert_eq!(suggestion("custdy", known), "did you mean \"custody\"?");
        assert!(suggestion("zzzzzz", known).starts_with("use one of"));
    }

    #[test]
    fn lists_in_prose() {
        assert_eq!(quoted_list(&["a"]), "\"a\"");
        assert_eq!(quoted_list(&["a", "b", "c"]), "\"a\", \"b\" and \"c\"");
        assert_eq!(quoted_list::<&str>(&[]), "none");
    }
}
