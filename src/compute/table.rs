//! The computed table: what the HTML and PDF writers and the inline figures read.
//!
//! Takes nothing; gives the output types ([`ComputedTable`] and its parts), small constructors for
//! cells, and [`ComputedTable::cell`], which finds a cell by row and column label or key.

use super::util::{quoted_list, slug};
use crate::util::slug_chars;
use rust_decimal::Decimal;
use serde::Serialize;

/// A computed table, ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct ComputedTable {
    /// The table's id in front matter.
    pub id: String,
    /// "indicator" | "sum" | "budget" | "share" | "text".
    pub kind: &'static str,
    /// The caption without the unit.
    pub caption: String,
    /// The unit, e.g. "per 1,000 children aged 10 to 17".
    pub unit: Option<String>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// Notes printed under the table.
    pub notes: Vec<String>,
    /// Header rows, top to bottom; the first cell of the first row heads the row-label column.
    pub head: Vec<Vec<HeadCell>>,
    /// Body rows, total row included.
    pub rows: Vec<BodyRow>,
    /// One per column, the row-label column 0 included.
    pub columns: Vec<ColumnInfo>,
    /// The table's chart, if it has one.
    pub chart: Option<ChartData>,
    /// Indicator tables: every figure with the counts' result and the printed value, for the
    /// checks across tables and prose (not part of the view).
    #[serde(skip)]
    pub facts: Vec<super::facts::Fact>,
}

/// A header cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HeadCell {
    /// The text printed.
    pub text: String,
    /// Columns spanned.
    pub colspan: u32,
    /// Header rows spanned.
    pub rowspan: u32,
    /// Slug of the label ("sep-22", "total").
    pub key: String,
}

/// A body row.
#[derive(Debug, Clone, Serialize)]
pub struct BodyRow {
    /// Slug of the label ("west-mercia"; "total" for the total row).
    pub key: String,
    /// The label printed.
    pub label: String,
    /// `cells[0]` is the row label; one cell per column.
    pub cells: Vec<BodyCell>,
    /// The total row.
    pub is_total: bool,
    /// A comparator row (national, regional, family or pooled figures).
    pub is_comparator: bool,
}

/// A body cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BodyCell {
    /// The text printed ("1,179,999", "0.08", "*", ">10").
    pub text: String,
    /// The exact value behind a number (None for text, blanks and suppressed cells).
    #[serde(skip)]
    pub value: Option<Decimal>,
    /// The cell shows a number (align it right).
    pub numeric: bool,
    /// The cell is hidden by disclosure control.
    pub suppressed: bool,
    /// Text tables: the items of a list cell.
    pub items: Vec<String>,
}

/// A column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnInfo {
    /// Slug of the label ("sep-22", "practitioners-female", "total").
    pub key: String,
    /// The full label ("Practitioners Female").
    pub label: String,
    /// The column holds numbers.
    pub numeric: bool,
}

/// What a chart shows.
#[derive(Debug, Clone, Serialize)]
pub struct ChartData {
    /// Line or bar.
    pub kind: ChartKind,
    /// The chart's title (the caption).
    pub title: String,
    /// The unit of the values.
    pub unit: Option<String>,
    /// Labels along the x axis.
    pub x_labels: Vec<String>,
    /// One series per row.
    pub series: Vec<Series>,
}

/// The kinds of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    /// A line chart.
    Line,
    /// A bar chart.
    Bar,
}

/// One line or set of bars.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// The row label.
    pub name: String,
    /// One value per x label; None where the table has none.
    pub values: Vec<Option<f64>>,
    /// The plan's own service (the first row).
    pub home: bool,
    /// The cells as printed, one per x label ("0.10", ">10", "*"), for the chart's text
    /// alternatives and value labels.
    pub texts: Vec<String>,
}

impl BodyCell {
    /// A number cell showing `text`.
    pub fn number(text: String, value: Decimal) -> Self {
        BodyCell {
            text,
            value: Some(value),
            numeric: true,
            suppressed: false,
            items: Vec::new(),
        }
    }

    /// A text cell (row labels, words, ">10").
    pub fn text(text: impl Into<String>) -> Self {
        BodyCell {
            text: text.into(),
            value: None,
            numeric: false,
            suppressed: false,
            items: Vec::new(),
        }
    }

    /// An empty cell.
    pub fn blank() -> Self {
        BodyCell::text("")
    }

    /// A cell hidden by disclosure control: "*".
    pub fn suppressed() -> Self {
        BodyCell {
            text: "*".to_string(),
            value: None,
            numeric: true,
            suppressed: true,
            items: Vec::new(),
        }
    }
}

impl HeadCell {
    /// A header cell spanning `colspan` columns and `rowspan` header rows.
    pub fn new(text: &str, colspan: u32, rowspan: u32) -> Self {
        HeadCell {
            text: text.to_string(),
            colspan,
            rowspan,
            key: slug(text),
        }
    }
}

impl ColumnInfo {
    /// A column whose key is the slug of its label.
    pub fn new(label: &str, numeric: bool) -> Self {
        ColumnInfo {
            key: slug(label),
            label: label.to_string(),
            numeric,
        }
    }
}

impl ComputedTable {
    /// One header row naming each column, keyed as the column (budget and reoffending tables).
    pub fn head_from_columns(&mut self) {
        self.head = vec![self
            .columns
            .iter()
            .map(|c| HeadCell {
                key: c.key.clone(),
                ..HeadCell::new(&c.label, 1, 1)
            })
            .collect()];
    }

    /// A table with its caption and nothing else yet.
    pub fn empty(id: &str, kind: &'static str, caption: &str) -> Self {
        ComputedTable {
            id: id.to_string(),
            kind,
            caption: caption.to_string(),
            unit: None,
            source: None,
            notes: Vec::new(),
            head: Vec::new(),
            rows: Vec::new(),
            columns: Vec::new(),
            chart: None,
            facts: Vec::new(),
        }
    }

    /// Finds a row by label, key or the slug of its label ("total" finds the total row).
    pub fn row(&self, row: &str) -> Result<&BodyRow, String> {
        let labels = self.rows.iter().map(|r| (r.label.as_str(), r.key.as_str()));
        best(labels, row)
            .and_then(|i| self.rows.get(i))
            .ok_or_else(|| {
                let rows: Vec<&str> = self.rows.iter().map(|r| r.label.as_str()).collect();
                format!(
                    "table \"{}\" has no row \"{row}\"; its rows are {}",
                    self.id,
                    quoted_list(&rows)
                )
            })
    }

    /// Finds a cell for inline figures by row and column label or key; Err lists what there is.
    pub fn cell(&self, row: &str, column: &str) -> Result<&BodyCell, String> {
        let found_row = self.row(row)?;
        let index = best(
            self.columns
                .iter()
                .map(|c| (c.label.as_str(), c.key.as_str())),
            column,
        )
        .ok_or_else(|| {
            let cols: Vec<&str> = self.columns.iter().map(|c| c.label.as_str()).collect();
            format!(
                "table \"{}\" has no column \"{column}\"; its columns are {}",
                self.id,
                quoted_list(&cols)
            )
        })?;
        found_row.cells.get(index).ok_or_else(|| {
            format!(
                "table \"{}\": row \"{row}\" has no cell in column \"{column}\"",
                self.id
            )
        })
    }
}

/// A name asked for, in the forms [`Query::rank`] compares (worked out once per lookup, not once
/// per item).
struct Query<'q> {
    trimmed: &'q str,
    slug: String,
}

impl<'q> Query<'q> {
    fn new(query: &'q str) -> Self {
        let trimmed = query.trim();
        Query {
            trimmed,
            slug: slug(trimmed),
        }
    }

    /// How well the query names the thing with this label and key: 0 the label itself (any
    /// case), 1 its key, 2 the slug of its label; None when it does not name it.
    fn rank(&self, label: &str, key: &str) -> Option<u8> {
        if same_ignoring_case(label, self.trimmed) {
            Some(0)
        } else if !self.slug.is_empty() && self.slug == key {
            Some(1)
        } else if !self.slug.is_empty() && slug_chars(label).eq(self.slug.chars()) {
            Some(2)
        } else {
            None
        }
    }
}

/// The two texts are the same in lower case (compared without building either).
fn same_ignoring_case(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// The index of the best-named item of `(label, key)` pairs.
fn best<'a, I: Iterator<Item = (&'a str, &'a str)>>(items: I, query: &str) -> Option<usize> {
    let query = Query::new(query);
    items
        .enumerate()
        .filter_map(|(i, (label, key))| query.rank(label, key).map(|r| (r, i)))
        .min()
        .map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> ComputedTable {
        let row = |label: &str, key: &str, v: &str| BodyRow {
            key: key.into(),
            label: label.into(),
            cells: vec![
                BodyCell::text(label),
                BodyCell::number(v.into(), Decimal::ONE),
            ],
            is_total: key == "total",
            is_comparator: false,
        };
        ComputedTable {
            id: "t".into(),
            kind: "sum",
            caption: "c".into(),
            unit: None,
            source: None,
            notes: vec![],
            head: vec![],
            rows: vec![
                row("West Mercia", "west-mercia", "1"),
                row("All", "total", "2"),
            ],
            columns: vec![
                ColumnInfo::new("Area", false),
                ColumnInfo::new("Practitioners Female", true),
            ],
            chart: None,
            facts: Vec::new(),
        }
    }

    #[test]
    fn finds_cells_by_label_or_key() {
        let t = table();
        assert_eq!(
            t.cell("West Mercia", "Practitioners Female").unwrap().text,
            "1"
        );
        assert_eq!(
            t.cell("west-mercia", "practitioners-female").unwrap().text,
            "1"
        );
        assert_eq!(
            t.cell("WEST MERCIA", "practitioners female").unwrap().text,
            "1"
        );
        assert_eq!(t.cell("total", "practitioners-female").unwrap().text, "2");
        assert_eq!(t.cell("All", "Area").unwrap().text, "All");
        assert_eq!(t.cell("all", "area").unwrap().text, "All");
    }

    #[test]
    fn finds_rows_preferring_the_label() {
        let mut t = table();
        t.rows[1].label = "west-mercia".into();
        assert_eq!(t.row("west-mercia").unwrap().key, "total");
        assert_eq!(t.row("West Mercia").unwrap().key, "west-mercia");
    }

    #[test]
    fn labels_match_in_any_case_beyond_ascii() {
        assert!(same_ignoring_case("Ynys Môn", "YNYS MÔN"));
        assert!(same_ignoring_case("ŵyr", "ŴYR"));
        assert!(!same_ignoring_case("Gwynedd", "Gwynedd and Ynys Môn"));
        let mut t = table();
        t.rows[0].label = "Ynys Môn".into();
        assert_eq!(t.row("YNYS MÔN").unwrap().key, "west-mercia");
    }

    #[test]
    fn missing_cells_list_what_there_is() {
        let t = table();
        let err = t.cell("Wales", "Area").unwrap_err();
        assert!(err.contains("\"West Mercia\" and \"All\""), "{err}");
        let err = t.cell("total", "Male").unwrap_err();
        assert!(err.contains("\"Practitioners Female\""), "{err}");
    }
}
