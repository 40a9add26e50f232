//! The size limits of tables and charts (docs/format.md, "Limits"), checked before anything is
//! laid out or drawn: the PDF and the web page set every cell, and the chart draws every value
//! twice (wide and narrow) and states each in its text alternative, so the work grows with them.
//!
//! Takes a table's size, or a computed table, and gives what is too large: `table-too-large`
//! (rows, columns, cells) and `chart-too-large` (labels along the axis, series, values).
//! CSV files are held to the same limits as they are read ([`super::csv`]), and markdown tables
//! in a section's text as they are parsed.

use super::problem::{Loc, Problem};
use super::table::ComputedTable;

/// The most data rows a table may have.
pub const MAX_ROWS: usize = 2_000;
/// The most columns a table may have, the row labels' column included.
pub const MAX_COLUMNS: usize = 64;
/// The most cells (data rows times columns) a table may have.
pub const MAX_CELLS: usize = 5_000;
/// The most labels along a chart's axis: periods of a line chart, categories of a bar chart.
pub const MAX_CHART_LABELS: usize = 40;
/// The most series a chart may draw: lines, or bars in each category.
pub const MAX_CHART_SERIES: usize = 16;
/// The most values a chart may draw (series times labels).
pub const MAX_CHART_VALUES: usize = 400;

/// The first limit passed, in words: each check is whether it is passed and what to say.
fn first(checks: [(bool, &dyn Fn() -> String); 3]) -> Option<String> {
    checks
        .into_iter()
        .find(|(over, _)| *over)
        .map(|(_, why)| why())
}

/// What is too large about a table of `rows` data rows and `columns` columns, in words.
pub fn table_excess(rows: usize, columns: usize) -> Option<String> {
    let cells = rows.saturating_mul(columns);
    first([
        (columns > MAX_COLUMNS, &|| {
            format!("it has {columns} columns; a table may have {MAX_COLUMNS}")
        }),
        (rows > MAX_ROWS, &|| {
            format!("it has {rows} rows; a table may have {MAX_ROWS}")
        }),
        (cells > MAX_CELLS, &|| {
            format!("it has {cells} cells ({rows} rows of {columns} columns); a table may have {MAX_CELLS}")
        }),
    ])
}

/// What is too large about a chart of `labels` along its axis and `series` series, in words.
pub fn chart_excess(labels: usize, series: usize) -> Option<String> {
    let values = labels.saturating_mul(series);
    first([
        (labels > MAX_CHART_LABELS, &|| {
            format!(
                "it would plot {labels} categories or periods; a chart may plot {MAX_CHART_LABELS}"
            )
        }),
        (series > MAX_CHART_SERIES, &|| {
            format!("it would plot {series} series (a series is a row of the table); a chart may plot {MAX_CHART_SERIES}")
        }),
        (values > MAX_CHART_VALUES, &|| {
            format!("it would plot {values} values ({series} series of {labels}); a chart may plot {MAX_CHART_VALUES}")
        }),
    ])
}

/// The hint of `chart-too-large`.
pub const CHART_HINT: &str = "chart a summary (fewer rows or periods) in a table of its own, or write `chart: none`: the table states every value";

/// `table-too-large` and `chart-too-large` for a computed table; a chart that is too large is
/// taken off the table, so nothing draws it.
pub fn check(t: &mut ComputedTable, from_csv: bool, problems: &mut Vec<Problem>) {
    let rows = t.rows.iter().filter(|r| !r.is_total).count();
    let columns = t.columns.iter().filter(|c| c.key != "total").count();
    if let Some(why) = table_excess(rows, columns) {
        let key = if from_csv { "csv" } else { "rows" };
        problems.push(
            Problem::error("table-too-large", why)
                .at(&Loc::yaml(&[key]))
                .hint("a table in a plan should fit a few pages: summarise it, or publish the full data as a separate file"),
        );
        t.chart = None;
    }
    let Some(chart) = &t.chart else { return };
    if let Some(why) = chart_excess(chart.x_labels.len(), chart.series.len()) {
        problems.push(
            Problem::error("chart-too-large", format!("the chart is too large: {why}"))
                .at(&Loc::yaml(&["chart"]))
                .hint(CHART_HINT),
        );
        t.chart = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_at_the_limits_pass_and_beyond_them_do_not() {
        assert_eq!(table_excess(MAX_ROWS, 2), None);
        assert_eq!(table_excess(1000, 5), None);
        assert_eq!(table_excess(78, MAX_COLUMNS), None);
        assert!(table_excess(20, 3000).unwrap().contains("3000 columns"));
        assert!(table_excess(2001, 2).unwrap().contains("2001 rows"));
        assert!(table_excess(1000, 63).unwrap().contains("63000 cells"));
    }

    #[test]
    fn charts_at_the_limits_pass_and_beyond_them_do_not() {
        assert_eq!(chart_excess(MAX_CHART_LABELS, 10), None);
        assert_eq!(chart_excess(25, MAX_CHART_SERIES), None);
        assert!(chart_excess(1000, 2)
            .unwrap()
            .contains("1000 categories or periods"));
        assert!(chart_excess(5, 63).unwrap().contains("63 series"));
        assert!(chart_excess(40, 11).unwrap().contains("440 values"));
    }

    fn sum_table(rows: usize, columns: usize) -> String {
        let names: Vec<String> = (1..columns).map(|c| format!("C{c}")).collect();
        let row = format!("[{}]", vec!["1"; columns - 1].join(", "));
        let rows: String = (0..rows).map(|r| format!("  R{r}: {row}\n")).collect();
        format!(
            "kind: sum\ncaption: T\nrow_header: R\nchart: line\ncolumns: [{}]\nrows:\n{rows}",
            names.join(", ")
        )
    }

    #[test]
    fn a_front_matter_table_beyond_the_limits_is_refused_without_its_chart() {
        let (table, problems) = crate::compute::testing::run_with(&sum_table(3, 65), &[], false);
        let codes: Vec<_> = problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, ["table-too-large"]);
        assert_eq!(problems[0].path, ["rows"]);
        assert!(table.unwrap().chart.is_none());
        let (table, problems) = crate::compute::testing::run_with(&sum_table(17, 3), &[], false);
        let codes: Vec<_> = problems.iter().map(|p| p.code).collect();
        assert_eq!(codes, ["chart-too-large"]);
        assert_eq!(problems[0].path, ["chart"]);
        assert!(table.unwrap().chart.is_none());
        let (table, problems) = crate::compute::testing::run_with(&sum_table(16, 3), &[], false);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(table.unwrap().chart.is_some());
    }
}
