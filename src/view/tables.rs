//! Table views: takes a computed table or a markdown table and gives a [`TableView`] with header
//! spans, row headers spanning their repeats, numeric alignment and column weights (the PDF's
//! column widths).

use super::*;

/// A table as rendered.
#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    /// The table's id (`table-…`), the link target.
    pub id: String,
    /// The table's number in document order ("Table 3").
    pub number: usize,
    /// The caption, without its unit.
    pub caption: String,
    /// The unit shown after the caption ("per 100,000"), when there is one.
    pub unit: Option<String>,
    /// Where the figures come from, when given.
    pub source: Option<String>,
    /// Notes printed under the table (suppression, pooling, the spec's own).
    pub notes: Vec<String>,
    /// Header rows, each a list of cells with their spans.
    pub head: Vec<Vec<HeadCellView>>,
    /// Body rows.
    pub rows: Vec<RowView>,
    /// One entry per column: alignment and relative width.
    pub columns: Vec<ColumnView>,
    /// The table's CSV, relative to the web page (`data/<id>.csv`), for a computed table.
    pub data: Option<String>,
}

/// A header cell; `scope` is "col" or "colgroup".
#[derive(Debug, Clone, Serialize)]
pub struct HeadCellView {
    /// The cell's text.
    pub text: String,
    /// Columns the cell spans.
    pub colspan: u32,
    /// Rows the cell spans.
    pub rowspan: u32,
    /// "col" for a column header, "colgroup" for a group header.
    pub scope: &'static str,
    /// True when the column holds numbers (right-aligned).
    pub numeric: bool,
}

/// A body row.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// The row's cells, the row header first.
    pub cells: Vec<CellView>,
    /// True for a total row (shown in bold).
    pub total: bool,
}

/// A body cell; `header` marks the row header (the first cell).
#[derive(Debug, Clone, Serialize)]
pub struct CellView {
    /// The cell's text, already formatted ("1,234", "12.5%", "n/a").
    pub text: String,
    /// True when the cell is a number (right-aligned).
    pub numeric: bool,
    /// True for the row header (the first cell).
    pub header: bool,
    /// Bullet items when the cell holds a list (text tables); else empty.
    pub items: Vec<String>,
    /// The rows this cell spans downwards, when more than 1 (absent otherwise): a row header
    /// repeated in the rows below it (the theme of a development plan's actions) is shown once,
    /// spanning them. Templates write it as `rowspan` (HTML) or `table.cell(rowspan:)` (Typst).
    #[serde(skip_serializing_if = "is_one")]
    pub rowspan: u32,
    /// True when a cell above spans this one: templates skip the cell (it keeps its text, which
    /// is the spanning cell's, for anything that reads rows whole). Absent when false.
    #[serde(skip_serializing_if = "is_false")]
    pub spanned: bool,
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A column: alignment and relative width.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    /// True when the column holds numbers (right-aligned).
    pub numeric: bool,
    /// The column's relative width (the PDF template's column sizes).
    pub weight: u32,
}

impl<'a> Builder<'a> {
    pub(super) fn table(&mut self, table: &ComputedTable) -> TableView {
        self.table_number += 1;
        let head = header_rows(table);
        let rows: Vec<RowView> = table
            .rows
            .iter()
            .map(|row| RowView {
                total: row.is_total,
                cells: row
                    .cells
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| CellView {
                        text: cell.text.clone(),
                        // Alignment follows the column: "n/a" in a column of rates still sits right.
                        numeric: table.columns.get(i).map_or(cell.numeric, |c| c.numeric),
                        header: i == 0,
                        items: cell.items.clone(),
                        rowspan: 1,
                        spanned: false,
                    })
                    .collect(),
            })
            .collect();
        let rows = span_repeated_row_headers(rows);
        let columns = column_weights(&rows, table.columns.iter().map(|c| c.numeric).collect());
        TableView {
            id: format!("table-{}", table.id),
            number: self.table_number,
            caption: table.caption.clone(),
            unit: table.unit.clone(),
            source: table.source.clone(),
            notes: table.notes.clone(),
            head,
            rows,
            columns,
            // The open-data file (crate::render::data writes it under the same name).
            data: Some(format!("data/{}.csv", crate::util::slug(&table.id))),
        }
    }

    pub(super) fn markdown_table(
        &mut self,
        head: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
    ) -> TableView {
        self.table_number += 1;
        let number = self.table_number;
        let row_views: Vec<RowView> = rows
            .iter()
            .map(|row| RowView {
                total: false,
                cells: row
                    .iter()
                    .enumerate()
                    .map(|(i, cell)| {
                        let text = plain_text(cell);
                        CellView {
                            numeric: looks_numeric(&text),
                            text,
                            header: i == 0,
                            items: Vec::new(),
                            rowspan: 1,
                            spanned: false,
                        }
                    })
                    .collect(),
            })
            .collect();
        let row_views = span_repeated_row_headers(row_views);
        let numeric: Vec<bool> = (0..head.len())
            .map(|c| {
                c > 0
                    && row_views
                        .iter()
                        .all(|r| r.cells.get(c).is_none_or(|cell| cell.numeric))
            })
            .collect();
        TableView {
            id: format!("table-{number}"),
            number,
            // A markdown table has no caption (the markdown-table lint says so); its column
            // headings are the best name it has.
            caption: head
                .iter()
                .map(|c| plain_text(c))
                .collect::<Vec<_>>()
                .join(", "),
            unit: None,
            source: None,
            notes: Vec::new(),
            head: vec![head
                .iter()
                .zip(&numeric)
                .map(|(cell, &numeric)| HeadCellView {
                    text: plain_text(cell),
                    colspan: 1,
                    rowspan: 1,
                    scope: "col",
                    numeric,
                })
                .collect()],
            columns: column_weights(&row_views, numeric),
            rows: row_views,
            data: None,
        }
    }
}

/// The header rows, with each cell's column found past the cells spanning down from rows above.
pub(super) fn header_rows(table: &ComputedTable) -> Vec<Vec<HeadCellView>> {
    let mut spanning = vec![0u32; table.columns.len()];
    let mut rows = Vec::new();
    for row in &table.head {
        let mut column = 0;
        let mut cells = Vec::new();
        for cell in row {
            while spanning.get(column).is_some_and(|&n| n > 0) {
                column += 1;
            }
            let colspan = cell.colspan.max(1) as usize;
            let rowspan = cell.rowspan.max(1);
            for slot in spanning.iter_mut().skip(column).take(colspan) {
                *slot = rowspan;
            }
            cells.push(HeadCellView {
                text: cell.text.clone(),
                colspan: colspan as u32,
                rowspan,
                scope: if colspan > 1 { "colgroup" } else { "col" },
                numeric: colspan == 1 && table.columns.get(column).is_some_and(|c| c.numeric),
            });
            column += colspan;
        }
        spanning.iter_mut().for_each(|n| *n = n.saturating_sub(1));
        rows.push(cells);
    }
    rows
}

/// A row header written again in the rows straight below it (a development plan names its theme
/// on every action) spans those rows instead: the first cell gets the `rowspan`, the others are
/// marked `spanned`. Only text row headers of ordinary rows merge; an empty one or a total never.
pub(super) fn span_repeated_row_headers(mut rows: Vec<RowView>) -> Vec<RowView> {
    let mut start = 0;
    while start < rows.len() {
        let same = |r: &RowView, first: &CellView| {
            !r.total
                && r.cells
                    .first()
                    .is_some_and(|c| c.text == first.text && c.items == first.items)
        };
        let mut end = start + 1;
        if let Some(first) = rows[start].cells.first().cloned() {
            let mergeable = !rows[start].total && !first.numeric && !first.text.trim().is_empty();
            while mergeable && end < rows.len() && same(&rows[end], &first) {
                end += 1;
            }
        }
        if end - start > 1 {
            rows[start].cells[0].rowspan = (end - start) as u32;
            for row in &mut rows[start + 1..end] {
                row.cells[0].spanned = true;
            }
        }
        start = end;
    }
    rows
}

pub(super) fn looks_numeric(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches('£')
        .trim_end_matches('%')
        .replace(',', "");
    !t.is_empty() && t.parse::<f64>().is_ok()
}

/// Relative column widths: text columns by the length of their longest words, numbers narrow.
pub(super) fn column_weights(rows: &[RowView], numeric: Vec<bool>) -> Vec<ColumnView> {
    numeric
        .iter()
        .enumerate()
        .map(|(c, &numeric)| {
            let longest = rows
                .iter()
                .filter_map(|r| r.cells.get(c))
                .map(|cell| {
                    let items: usize = cell.items.iter().map(|i| i.chars().count()).sum();
                    cell.text.chars().count().max(items / 2)
                })
                .max()
                .unwrap_or(0);
            let weight = if numeric {
                2
            } else {
                (longest / 6).clamp(3, 12) as u32
            };
            ColumnView { numeric, weight }
        })
        .collect()
}

/// The number of each table placed with `table("id")`, counting every table in document order.
pub(super) fn number_tables(sections: &[Section]) -> HashMap<String, usize> {
    let mut numbers = HashMap::new();
    let mut count = 0;
    for section in sections {
        crate::model::walk(
            &section.nodes,
            &mut |node| match &node.block {
                Block::TableRef(id) => {
                    count += 1;
                    numbers.entry(id.clone()).or_insert(count);
                }
                Block::Table { .. } => count += 1,
                _ => {}
            },
            &mut |_, _| {},
        );
    }
    numbers
}
