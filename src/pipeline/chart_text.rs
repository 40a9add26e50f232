//! A chart's text alternatives state every value, and the PDF stores them as strings of at most
//! 32,767 bytes: a chart whose alt text or description would be longer (long labels, or many
//! values within the limits of [`crate::compute::limits`]) is a `chart-too-large` error at the
//! table's `chart` key, found by `check` as `build` would meet it, and the chart is not drawn.

use crate::charts::{text_alternatives, Palette};
use crate::compute::limits::CHART_HINT;
use crate::compute::ComputedTable;
use crate::diag::Diagnostic;
use crate::validate::pdf_safety::{pdf_string_len, MAX_TEXT};
use crate::view::chart_spec;

/// The error for a table whose chart's text alternative is too long for the PDF, with the chart
/// taken off the table; None (and the chart kept) otherwise.
pub fn too_long(table: &mut ComputedTable) -> Option<Diagnostic> {
    let spec = chart_spec(table, Palette::default())?;
    let (alt, description) = text_alternatives(&spec);
    let longest = pdf_string_len(&alt).max(pdf_string_len(&description));
    if longest <= MAX_TEXT {
        return None;
    }
    table.chart = None;
    Some(
        Diagnostic::error(
            "chart-too-large",
            format!(
                "the chart's text alternative, which states every value, would take {longest} bytes in the PDF; a PDF text may take {MAX_TEXT}"
            ),
        )
        .hint(format!("shorten the row and column labels, or {CHART_HINT}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::{compute_table, Context, TableSpec};

    fn table(caption: &str) -> ComputedTable {
        let yaml = format!(
            "kind: sum\ncaption: {caption}\nrow_header: Team\nchart: bar\ncolumns: [A, B]\nrows:\n  North: [1, 2]\n  South: [3, 4]\n"
        );
        let spec: TableSpec = serde_yaml::from_str(&yaml).unwrap();
        let population = |_: &str, _: &str| None;
        let read_csv = |_: &str| Err(String::new());
        let ctx = Context {
            population: &population,
            wales: false,
            read_csv: &read_csv,
        };
        compute_table("staff", &spec, &ctx).0.unwrap()
    }

    #[test]
    fn a_chart_with_short_texts_is_kept() {
        let mut t = table("Staff");
        assert!(too_long(&mut t).is_none());
        assert!(t.chart.is_some());
    }

    #[test]
    fn a_chart_whose_text_would_not_fit_a_pdf_string_is_refused() {
        let mut t = table(&"Staff by team ".repeat(2500));
        let d = too_long(&mut t).expect("too long");
        assert_eq!(d.code, "chart-too-large");
        assert!(t.chart.is_none());
    }
}
