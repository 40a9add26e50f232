//! Open data: takes the computed tables and gives, for each, a CSV file (UTF-8, one header row,
//! units in the headers, the displayed and the unrounded values as separate columns where they
//! differ, suppressed cells as the suppression symbol) and a JSON file (id, caption, unit,
//! source, periods, notes, columns, rows), plus a `data.json` index of the plan's tables, all
//! under html/data/. docs/open-data.md documents the schema.

use crate::compute::table::{BodyCell, ComputedTable};
use crate::load::plan::PlanConfig;
use crate::output::OutputFile;
use crate::util::slug;
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::Arc;

/// The folder of the data files, under the output folder.
pub const DATA_DIR: &str = "html/data";

/// The file name (without extension) of a table's data files.
pub fn file_stem(table_id: &str) -> String {
    slug(table_id)
}

/// One column of the CSV: a table column shown as printed, or its exact values.
struct CsvColumn {
    /// The index of the column in the computed table.
    index: usize,
    header: String,
    unrounded: bool,
}

/// The exact value of a cell as written in the CSV and JSON: the decimal without trailing zeros.
fn exact(cell: &BodyCell) -> Option<String> {
    cell.value
        .filter(|_| !cell.suppressed)
        .map(|v| v.normalize().to_string())
}

/// True when a column prints something other than its exact values (rounded, or in words);
/// "30.0" for 30 and "1,234" for 1234 print the value itself.
fn differs(table: &ComputedTable, index: usize) -> bool {
    table.rows.iter().any(|row| {
        row.cells.get(index).is_some_and(|cell| {
            let shown = cell
                .text
                .replace([',', '%'], "")
                .trim()
                .parse::<Decimal>()
                .ok();
            let value = cell.value.filter(|_| !cell.suppressed);
            value.is_some_and(|v| shown.is_none_or(|s| s != v))
        })
    })
}

fn columns(table: &ComputedTable) -> Vec<CsvColumn> {
    let unit = table
        .unit
        .as_deref()
        .map(|u| format!(" ({u})"))
        .unwrap_or_default();
    let mut out = Vec::new();
    for (index, column) in table.columns.iter().enumerate() {
        if index == 0 {
            let label = table
                .head
                .first()
                .and_then(|r| r.first())
                .map(|c| c.text.trim().to_string())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "Row".into());
            out.push(CsvColumn {
                index,
                header: label,
                unrounded: false,
            });
            continue;
        }
        let unit = if column.numeric { unit.as_str() } else { "" };
        out.push(CsvColumn {
            index,
            header: format!("{}{unit}", column.label),
            unrounded: false,
        });
        if column.numeric && differs(table, index) {
            let header = format!("{}{unit}, unrounded", column.label);
            out.push(CsvColumn {
                index,
                header,
                unrounded: true,
            });
        }
    }
    out
}

/// A CSV field, quoted when it must be, and kept from being read as a spreadsheet formula.
fn field(text: &str) -> String {
    let looks_like_formula = text.starts_with(['=', '+', '@', '\t', '\r'])
        || (text.starts_with('-') && text[1..].parse::<f64>().is_err());
    let text = if looks_like_formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The CSV of one table (lines end with CRLF, as RFC 4180 says).
pub fn csv(table: &ComputedTable) -> String {
    let columns = columns(table);
    let mut out = String::new();
    let header: Vec<String> = columns.iter().map(|c| field(&c.header)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in &table.rows {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| {
                let cell = row.cells.get(c.index);
                let text = match cell {
                    None => String::new(),
                    Some(cell) if c.unrounded && !cell.suppressed => {
                        exact(cell).unwrap_or_else(|| cell.text.clone())
                    }
                    Some(cell) if !cell.items.is_empty() => cell.items.join("; "),
                    Some(cell) => cell.text.clone(),
                };
                field(&text)
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A table as JSON.
#[derive(Debug, Serialize)]
pub struct TableData<'a> {
    /// The table's id in the plan (also its anchor on the page, `#table-<id>`).
    pub id: &'a str,
    /// What the table is: indicator, sum, budget, share or text.
    pub kind: &'a str,
    /// The caption without the unit.
    pub caption: &'a str,
    /// The unit of the figures.
    pub unit: Option<&'a str>,
    /// Where the figures come from.
    pub source: Option<&'a str>,
    /// The periods the figures cover (the columns of an indicator table; empty otherwise).
    pub periods: Vec<&'a str>,
    /// Notes printed under the table.
    pub notes: &'a [String],
    /// The CSV file beside this one.
    pub csv: String,
    /// The columns after the row label.
    pub columns: Vec<ColumnData<'a>>,
    /// The rows, the total row included.
    pub rows: Vec<RowData<'a>>,
}

/// A column in the JSON.
#[derive(Debug, Serialize)]
pub struct ColumnData<'a> {
    /// A stable key ("sep-22").
    pub key: &'a str,
    /// The label as printed.
    pub label: &'a str,
    /// The column holds numbers.
    pub numeric: bool,
}

/// A row in the JSON.
#[derive(Debug, Serialize)]
pub struct RowData<'a> {
    /// A stable key ("west-mercia", "total").
    pub key: &'a str,
    /// The label as printed.
    pub label: &'a str,
    /// The total row.
    pub total: bool,
    /// A comparator row (national, regional, family or pooled figures).
    pub comparator: bool,
    /// One per column: what is printed, and the exact value as a decimal string.
    pub cells: Vec<CellData>,
}

/// A cell in the JSON.
#[derive(Debug, Serialize)]
pub struct CellData {
    /// The text printed on the page and in the PDF.
    pub display: String,
    /// The exact value as a decimal string (null for words, blanks and suppressed cells).
    pub value: Option<String>,
    /// Hidden by disclosure control (`display` is the symbol).
    pub suppressed: bool,
}

/// The JSON form of one table.
pub fn table_data(table: &ComputedTable) -> TableData<'_> {
    TableData {
        id: &table.id,
        kind: table.kind,
        caption: &table.caption,
        unit: table.unit.as_deref(),
        source: table.source.as_deref(),
        periods: if table.kind == "indicator" {
            table
                .columns
                .iter()
                .skip(1)
                .map(|c| c.label.as_str())
                .collect()
        } else {
            Vec::new()
        },
        notes: &table.notes,
        csv: format!("{}.csv", file_stem(&table.id)),
        columns: table
            .columns
            .iter()
            .skip(1)
            .map(|c| ColumnData {
                key: &c.key,
                label: &c.label,
                numeric: c.numeric,
            })
            .collect(),
        rows: table
            .rows
            .iter()
            .map(|row| RowData {
                key: &row.key,
                label: &row.label,
                total: row.is_total,
                comparator: row.is_comparator,
                cells: row
                    .cells
                    .iter()
                    .skip(1)
                    .map(|cell| CellData {
                        display: if cell.items.is_empty() {
                            cell.text.clone()
                        } else {
                            cell.items.join("; ")
                        },
                        value: exact(cell),
                        suppressed: cell.suppressed,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The index of a plan's data.
#[derive(Debug, Serialize)]
struct Index<'a> {
    service: &'a str,
    period: &'a str,
    edition: &'a str,
    /// The approval date, when the plan is signed off.
    approved: Option<&'a str>,
    licence: Option<String>,
    tables: Vec<IndexEntry<'a>>,
}

#[derive(Debug, Serialize)]
struct IndexEntry<'a> {
    id: &'a str,
    caption: &'a str,
    unit: Option<&'a str>,
    csv: String,
    json: String,
}

/// Every table's CSV and JSON, and data.json, as files under html/data/.
pub fn files(plan: &PlanConfig, tables: &[Arc<ComputedTable>]) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for table in tables {
        let stem = file_stem(&table.id);
        files.push(OutputFile::new(
            format!("{DATA_DIR}/{stem}.csv"),
            csv(table).into_bytes(),
        ));
        let json = serde_json::to_string_pretty(&table_data(table)).unwrap_or_default() + "\n";
        files.push(OutputFile::new(
            format!("{DATA_DIR}/{stem}.json"),
            json.into_bytes(),
        ));
    }
    let index = Index {
        service: &plan.service,
        period: &plan.period,
        edition: &plan.edition,
        approved: plan
            .is_signed_off()
            .then(|| plan.sign_off.as_ref().and_then(|s| s.date.as_deref()))
            .flatten(),
        licence: plan.publish.licence_text().map(|(text, _)| text),
        tables: tables
            .iter()
            .map(|t| {
                let stem = file_stem(&t.id);
                IndexEntry {
                    id: &t.id,
                    caption: &t.caption,
                    unit: t.unit.as_deref(),
                    csv: format!("{stem}.csv"),
                    json: format!("{stem}.json"),
                }
            })
            .collect(),
    };
    let json = serde_json::to_string_pretty(&index).unwrap_or_default() + "\n";
    files.push(OutputFile::new(
        format!("{DATA_DIR}/data.json"),
        json.into_bytes(),
    ));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_never_formulas() {
        assert_eq!(field("1,179,999"), "\"1,179,999\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(field("-12.5"), "-12.5");
        assert_eq!(field("-x"), "'-x");
    }
}
