//! Sum tables (`kind: sum`).
//!
//! Takes columns (optionally grouped under spanning headers, optionally split into sub-columns)
//! and rows of numbers from YAML or CSV; gives the table with a Total column per sub-column
//! (`totals: rows`), a Total row (`totals: columns`) or both, in exact arithmetic, checks the
//! stated totals and the `check` rules, and applies disclosure control. Each column keeps the most
//! decimal places written in it (0.5 and 1.3 print with one; their total 2.8 too).

use super::csv::{self, CsvTable};
use super::number::{self, format_fixed, round_half_up};
use super::problem::{Loc, Problem};
use super::spec::{self, Cell, RawCell, TableSpec, Totals};
use super::suppress::{self, Line};
use super::table::{BodyCell, BodyRow, ChartData, ColumnInfo, ComputedTable, HeadCell, Series};
use super::util::{quoted_list, slug, suggestion};
use super::{chart_kind, required_caption, Context};
use rust_decimal::Decimal;

mod build;
mod layout;
mod read;
mod totals;
use build::*;
use layout::*;
use read::*;
use totals::*;

/// The columns of the table: labels, sub-columns and spanning groups.
struct Layout {
    columns: Vec<String>,
    /// Sub-column labels; one empty label when the table has none.
    subs: Vec<String>,
    /// Groups as (label, first column, number of columns).
    groups: Vec<(String, usize, usize)>,
}

impl Layout {
    /// The number of data (leaf) columns.
    fn width(&self) -> usize {
        self.columns.len() * self.subs.len()
    }

    /// True when columns are split into sub-columns.
    fn has_subs(&self) -> bool {
        self.subs.len() > 1 || self.subs.first().is_some_and(|s| !s.is_empty())
    }

    /// The label of the leaf column `c` (column index) × `s` (sub-column index).
    fn leaf_label(&self, c: usize, s: usize) -> String {
        join_label(&self.columns[c], &self.subs[s])
    }

    /// The labels of every leaf column, column by column.
    fn leaves(&self) -> Vec<String> {
        (0..self.columns.len())
            .flat_map(|c| (0..self.subs.len()).map(move |s| (c, s)))
            .map(|(c, s)| self.leaf_label(c, s))
            .collect()
    }

    /// The leaf index of column `c`, sub-column `s`.
    fn leaf(&self, c: usize, s: usize) -> usize {
        c * self.subs.len() + s
    }

    /// The index of the column named `name` (label or key).
    fn column(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name.trim()) || slug(c) == slug(name))
    }
}

/// "Practitioners" + "M" → "Practitioners M".
fn join_label(column: &str, sub: &str) -> String {
    if sub.is_empty() {
        column.to_string()
    } else {
        format!("{column} {sub}")
    }
}

/// A data row, read.
struct Row {
    label: String,
    loc: Loc,
    cells: Vec<Cell>,
}

/// The sums of the table; None where a sum overflowed.
struct Sums {
    /// Per row, per sub-column.
    row_totals: Vec<Vec<Option<Decimal>>>,
    /// Per leaf column.
    column_totals: Vec<Option<Decimal>>,
    /// Per sub-column.
    grand: Vec<Option<Decimal>>,
}

/// How a column prints its numbers.
#[derive(Clone, Copy, Default)]
struct Style {
    decimals: u32,
    money: bool,
}

/// Computes a sum table; None when it has no columns.
pub fn compute(
    id: &str,
    spec: &TableSpec,
    ctx: &Context,
    problems: &mut Vec<Problem>,
) -> Option<ComputedTable> {
    let caption = required_caption(spec, problems);
    let csv = spec
        .csv
        .as_deref()
        .and_then(|f| csv::load(f, ctx.read_csv, problems));
    let layout = layout(spec, csv.as_ref(), problems)?;
    let mut raw_rows = match &csv {
        Some(t) => csv_rows(t, &layout, problems),
        None => Vec::new(),
    };
    raw_rows.extend(yaml_rows(spec, problems));
    let rows: Vec<Row> = raw_rows
        .into_iter()
        .map(|(label, raws, loc)| read_row(spec, &layout, label, raws, loc, problems))
        .collect();
    let sums = sums(&layout, &rows, problems);
    check_stated(spec, &layout, &sums, &rows, problems);
    check_rules(spec, &layout, &rows, problems);
    let header = crate::compute::util::label_header(spec, csv.as_ref(), problems);
    let mut t = ComputedTable::empty(id, "sum", &caption);
    build(&mut t, spec, &layout, &header, &rows, &sums);
    Some(t)
}

#[cfg(test)]
mod tests;
