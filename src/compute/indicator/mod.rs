//! Indicator tables (`kind: indicator`).
//!
//! Takes the spec (rows from YAML and/or a CSV file), the indicator's definition and the plan's
//! population look-up; gives the table of figures per period, the optional change column, the line
//! chart and every problem found. A figure is computed from counts where a row gives them (a
//! `value` given too must agree once rounded), pooled from member rows for a comparator row, or
//! else taken as published.

use super::csv::{self, CsvTable};
pub mod defs;

use super::number::{self, format_fixed, format_signed, round_half_up, ArithError};
use super::problem::{Loc, Problem};
use super::spec::{self, Cell, IndicatorRowSpec, RawCell, TableSpec};
use super::table::{
    BodyCell, BodyRow, ChartData, ChartKind, ColumnInfo, ComputedTable, HeadCell, Series,
};
use super::util::{quoted_list, slug, suggestion};
use super::{chart_kind, Context};
use defs::{self as indicator, Indicator, Measure};
use rust_decimal::Decimal;

mod build;
mod cohort;
mod pool;
mod rate;
mod read;
use rate::*;
use read::*;

/// A row as given, from YAML or CSV.
struct RowIn {
    label: String,
    loc: Loc,
    measures: Vec<(Measure, RawCell, Loc)>,
    pool: Option<PoolIn>,
}

/// A comparator row's pool: member rows (None: every row that is not pooled) less the excluded.
struct PoolIn {
    members: Option<Vec<String>>,
    exclude: Vec<String>,
    loc: Loc,
}

/// A row read: one cell per period for each measure it gives.
struct Row {
    label: String,
    loc: Loc,
    cells: Vec<(Measure, Vec<Cell>, Loc)>,
    pool: Option<PoolIn>,
}

impl Row {
    /// The cell of `measure` at period `p`, if the row gives that measure.
    fn cell(&self, measure: Measure, p: usize) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|(m, _, _)| *m == measure)
            .and_then(|(_, cells, _)| cells.get(p))
    }

    /// Where `measure` was written.
    fn loc_of(&self, measure: Measure) -> Loc {
        self.cells
            .iter()
            .find(|(m, _, _)| *m == measure)
            .map(|(_, _, loc)| loc.clone())
            .unwrap_or_else(|| self.loc.key(measure.key()))
    }
}

/// The figure at one row and period, with the counts behind it when computed.
#[derive(Debug, Clone, Default)]
struct Point {
    figure: Figure,
    counts: Option<(Decimal, Decimal)>,
}

/// What a table cell shows.
#[derive(Debug, Clone, Default, PartialEq)]
enum Figure {
    #[default]
    Blank,
    Text(String),
    Given(Decimal),
    Computed(Decimal),
}

impl Figure {
    /// The number, computed or given.
    fn value(&self) -> Option<Decimal> {
        match self {
            Figure::Given(v) | Figure::Computed(v) => Some(*v),
            _ => None,
        }
    }
}

/// The rows read, their figures, and the members of each pooled row (empty for plain rows).
struct Computed {
    rows: Vec<Row>,
    points: Vec<Vec<Point>>,
    members: Vec<Vec<usize>>,
}

/// One indicator table being computed.
struct Job<'a, 'c> {
    ind: &'static Indicator,
    periods: Vec<String>,
    ctx: &'a Context<'c>,
    problems: &'a mut Vec<Problem>,
}

/// Computes an indicator table; None when it has no known indicator or no periods.
pub fn compute(
    id: &str,
    spec: &TableSpec,
    ctx: &Context,
    problems: &mut Vec<Problem>,
) -> Option<ComputedTable> {
    if spec.indicator.as_deref().map(str::trim) == Some(cohort::ID) {
        return cohort::compute(id, spec, ctx, problems);
    }
    let ind = find_indicator(spec, problems)?;
    let caption = caption(spec, ind, problems);
    let csv = spec
        .csv
        .as_deref()
        .and_then(|f| csv::load(f, ctx.read_csv, problems));
    let periods = periods(spec, csv.as_ref(), problems)?;
    let mut rows_in = match &csv {
        Some(t) => csv_rows(t, &periods, problems),
        None => Vec::new(),
    };
    yaml_rows(spec, &mut rows_in, problems);
    let mut job = Job {
        ind,
        periods,
        ctx,
        problems,
    };
    let rows: Vec<Row> = rows_in.into_iter().map(|r| job.read_row(r)).collect();
    let (points, members) = job.points(&rows);
    let header = row_header(spec, csv.as_ref());
    let done = Computed {
        rows,
        points,
        members,
    };
    Some(job.build(id, spec, &caption, &header, &done))
}

/// The indicator named by the spec; "missing-key" or "unknown-indicator" otherwise.
fn find_indicator(spec: &TableSpec, problems: &mut Vec<Problem>) -> Option<&'static Indicator> {
    let loc = Loc::yaml(&["indicator"]);
    let Some(name) = &spec.indicator else {
        problems.push(
            Problem::error("missing-key", "an indicator table needs `indicator:`")
                .at(&loc)
                .hint(format!("add one of {}", quoted_list(&indicator::ids()))),
        );
        return None;
    };
    let found = indicator::find(name);
    if found.is_none() {
        let mut ids = indicator::ids();
        ids.push(cohort::ID);
        problems.push(
            Problem::error(
                "unknown-indicator",
                format!(
                    "unknown indicator \"{name}\"; the indicators are {}",
                    quoted_list(&ids)
                ),
            )
            .at(&loc)
            .hint(suggestion(name, ids.iter().copied())),
        );
    }
    found
}

/// The caption without its unit; "caption-unit" when it names another unit.
fn caption(spec: &TableSpec, ind: &Indicator, problems: &mut Vec<Problem>) -> String {
    let Some(written) = &spec.caption else {
        return ind.caption.to_string();
    };
    match indicator::caption_without_unit(written, ind) {
        Ok(caption) => caption,
        Err(e) => {
            problems.push(
                Problem::error("caption-unit", e.to_string())
                    .at(&Loc::yaml(&["caption"]))
                    .hint(format!(
                        "leave the unit out of the caption (yjplan prints \"{}\"), or correct it",
                        ind.unit
                    )),
            );
            written.clone()
        }
    }
}

/// The period labels: from `periods`, else from the CSV header.
fn periods(
    spec: &TableSpec,
    csv: Option<&CsvTable>,
    problems: &mut Vec<Problem>,
) -> Option<Vec<String>> {
    let periods: Vec<String> = match (&spec.periods, csv) {
        (Some(ps), _) => ps.iter().map(|p| p.0.trim().to_string()).collect(),
        (None, Some(t)) => t.header.iter().skip(2).cloned().collect(),
        (None, None) => Vec::new(),
    };
    if periods.is_empty() {
        problems.push(
            Problem::error(
                "missing-key",
                "an indicator table needs at least one period",
            )
            .at(&Loc::yaml(&["periods"]))
            .hint("add `periods: [\"2021\", \"2022\"]` with the column labels"),
        );
        return None;
    }
    Some(periods)
}

/// The header of the label column: `row_header`, else the CSV's first header cell, else "Area".
fn row_header(spec: &TableSpec, csv: Option<&CsvTable>) -> String {
    let from_csv = csv
        .and_then(|t| t.header.first())
        .filter(|h| !h.is_empty() && !h.eq_ignore_ascii_case("row"));
    spec.row_header
        .clone()
        .or_else(|| from_csv.cloned())
        .unwrap_or_else(|| "Area".to_string())
}

#[cfg(test)]
mod tests;
