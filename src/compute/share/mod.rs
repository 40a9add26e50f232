//! Share tables (`kind: share`): counts as percentages of a stated whole.
//!
//! Takes a `total` and rows of counts (or `{count, percent}` with the percentage as printed, which is
//! checked), or rows of given percentages ("85%") with no total, from YAML or a CSV file
//! (`row,count[,percent]`); gives the table (the whole first, then each row with its number and
//! percentage, rounded half-up to `decimals`) and a bar chart of the percentages.

use super::csv::{self, CsvTable};
use super::number::{self, format_fixed, format_percent, round_half_up, ArithError};
use super::problem::{Loc, Problem};
use super::spec::{self, Cell, RawCell, ShareRowSpec, TableSpec};
use super::suppress;
use super::table::{
    BodyCell, BodyRow, ChartData, ChartKind, ColumnInfo, ComputedTable, HeadCell, Series,
};
use super::util::slug;
use super::{chart_kind, required_caption, Context};
use rust_decimal::Decimal;

mod build;
use build::*;

/// The most decimal places a percentage may show.
const MAX_DECIMALS: u32 = 6;

/// A row as given.
struct RowIn {
    label: String,
    loc: Loc,
    count: RawCell,
    percent: Option<RawCell>,
}

/// A row computed: its count (if any) and percentage (if any).
struct Row {
    label: String,
    count: Option<Decimal>,
    percent: Option<Decimal>,
    /// Text shown in place of the count.
    text: Option<String>,
}

/// Computes a share table.
pub fn compute(
    id: &str,
    spec: &TableSpec,
    ctx: &Context,
    problems: &mut Vec<Problem>,
) -> Option<ComputedTable> {
    let caption = required_caption(spec, problems);
    let decimals = decimals(spec, problems);
    let csv = spec
        .csv
        .as_deref()
        .and_then(|f| csv::load(f, ctx.read_csv, problems));
    let mut rows_in = match &csv {
        Some(t) => csv_rows(t, problems),
        None => Vec::new(),
    };
    rows_in.extend(yaml_rows(spec, problems));
    let total = total(spec, problems);
    let rows: Vec<Row> = rows_in
        .iter()
        .map(|r| row(r, total, decimals, problems))
        .collect();
    let mut t = ComputedTable::empty(id, "share", &caption);
    build(&mut t, spec, csv.as_ref(), total, &rows, decimals, problems);
    Some(t)
}

/// The decimal places of the percentages (default 0).
fn decimals(spec: &TableSpec, problems: &mut Vec<Problem>) -> u32 {
    let d = spec.decimals.unwrap_or(0);
    if d > MAX_DECIMALS {
        problems.push(
            Problem::error(
                "bad-value",
                format!("`decimals: {d}` is more than {MAX_DECIMALS}"),
            )
            .at(&Loc::yaml(&["decimals"]))
            .hint("percentages normally show 0 or 1 decimal place"),
        );
        return MAX_DECIMALS;
    }
    d
}

/// The whole, when given as a usable count.
fn total(spec: &TableSpec, problems: &mut Vec<Problem>) -> Option<Decimal> {
    let raw = spec.total.as_ref()?;
    let loc = Loc::yaml(&["total"]);
    match spec::read_count(raw, &loc, "the total", problems) {
        Cell::Number(n) if !n.percent => Some(n.value),
        Cell::Text(t) => {
            problems.push(spec::text_in_computed(&t, &loc, "the total"));
            None
        }
        Cell::Number(_) => {
            problems.push(
                Problem::error("bad-value", "the total is a count, not a percentage").at(&loc),
            );
            None
        }
        Cell::Blank | Cell::Invalid(_) => None,
    }
}

/// Rows from a CSV file with the header `row,count` (and optionally `percent`).
fn csv_rows(t: &CsvTable, problems: &mut Vec<Problem>) -> Vec<RowIn> {
    let Some(count) = t.column("count") else {
        problems.push(csv::missing_column(t, "count"));
        return Vec::new();
    };
    let percent = t.column("percent");
    for (i, h) in t.header.iter().enumerate().skip(1) {
        if i != count && Some(i) != percent {
            problems.push(
                Problem::error(
                    "unknown-column",
                    format!(
                        "\"{}\" has a column \"{h}\"; a share table reads `count` and `percent`",
                        t.file
                    ),
                )
                .at(&t.loc(1))
                .hint("the header is row,count or row,count,percent"),
            );
        }
    }
    t.rows
        .iter()
        .map(|rec| {
            let field = |i: usize| rec.fields.get(i).map_or(RawCell::Blank, |f| csv::raw(f));
            RowIn {
                label: rec.fields.first().map_or("", |f| f.trim()).to_string(),
                loc: t.loc(rec.line),
                count: field(count),
                percent: percent.map(field),
            }
        })
        .collect()
}

/// Rows written under `rows:`: `label: count`, `label: "85%"` or `label: {count, percent}`.
fn yaml_rows(spec: &TableSpec, problems: &mut Vec<Problem>) -> Vec<RowIn> {
    let Some(value) = spec::yaml_rows_value(spec, "a share table", problems) else {
        return Vec::new();
    };
    let rows_loc = Loc::yaml(&["rows"]);
    let mut out = Vec::new();
    for (label, v) in spec::map_entries(value, &rows_loc, problems) {
        let loc = rows_loc.key(&label);
        let row = if v.is_mapping() {
            spec::from_value::<ShareRowSpec>(&v, &loc, problems)
                .map(|r| (r.count.unwrap_or(RawCell::Blank), r.percent))
        } else {
            spec::from_value::<RawCell>(&v, &loc, problems).map(|c| (c, None))
        };
        if let Some((count, percent)) = row {
            out.push(RowIn {
                label,
                loc,
                count,
                percent,
            });
        }
    }
    out
}

/// Computes a row: its percentage of the total, or the percentage it gives.
fn row(r: &RowIn, total: Option<Decimal>, decimals: u32, problems: &mut Vec<Problem>) -> Row {
    let mut row = Row {
        label: r.label.clone(),
        count: None,
        percent: None,
        text: None,
    };
    let count_loc = if r.percent.is_some() {
        r.loc.key("count")
    } else {
        r.loc.clone()
    };
    match spec::read_count(&r.count, &count_loc, &r.label, problems) {
        Cell::Number(n) if n.percent => row.percent = Some(n.value),
        Cell::Number(n) => {
            row.count = Some(n.value);
            row.percent = share_of(&r.label, n.value, total, &count_loc, problems);
        }
        Cell::Text(t) => {
            problems.push(spec::text_in_computed(&t, &count_loc, &r.label));
            row.text = Some(t);
        }
        Cell::Invalid(t) => row.text = Some(t),
        // `{ percent: "85%" }` alone: a percentage given as published.
        Cell::Blank => {
            if let Some(raw) = &r.percent {
                if let Cell::Number(n) =
                    spec::read_cell(raw, &r.loc.key("percent"), &r.label, problems)
                {
                    row.percent = Some(n.value);
                }
                return row;
            }
        }
    }
    if let (Some(raw), Some(computed)) = (&r.percent, row.percent) {
        check_percent(
            &r.label,
            raw,
            computed,
            decimals,
            &r.loc.key("percent"),
            problems,
        );
    }
    row
}

/// The count as a percentage of the total; errors for no total, a zero total or a count above it.
fn share_of(
    label: &str,
    count: Decimal,
    total: Option<Decimal>,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) -> Option<Decimal> {
    let Some(total) = total else {
        problems.push(
            Problem::error(
                "missing-total",
                format!("{label} is a count, but the table has no total to take a share of"),
            )
            .at(loc)
            .hint("add `total:` with the whole, or give the percentage itself, as in \"85%\""),
        );
        return None;
    };
    if count > total {
        problems.push(
            Problem::error(
                "share-over-total",
                format!("{label} is {count}, more than the total {total}"),
            )
            .at(loc)
            .hint("a count cannot be more than the whole; check both"),
        );
    }
    match number::ratio(count, total, Decimal::ONE_HUNDRED) {
        Ok(p) => Some(p),
        Err(ArithError::DivisionByZero) => {
            problems.push(
                Problem::error(
                    "division-by-zero",
                    format!("{label}: the total is 0, so no percentage can be computed"),
                )
                .at(&Loc::yaml(&["total"]))
                .hint("give the whole as `total:`"),
            );
            None
        }
        Err(e) => {
            problems.push(Problem::error("number-too-large", format!("{label}: {e}")).at(loc));
            None
        }
    }
}

/// "stated-mismatch" when a printed percentage differs from the computed one once rounded.
fn check_percent(
    label: &str,
    raw: &RawCell,
    computed: Decimal,
    decimals: u32,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) {
    let Cell::Number(stated) =
        spec::read_cell(raw, loc, &format!("the percentage of {label}"), problems)
    else {
        return;
    };
    if round_half_up(stated.value, decimals) != round_half_up(computed, decimals) {
        problems.push(
            Problem::error(
                "stated-mismatch",
                format!(
                    "{label}: the stated percentage {} does not equal the computed percentage {}",
                    format_percent(stated.value, decimals),
                    format_percent(computed, decimals)
                ),
            )
            .at(loc)
            .hint("correct the count, the total or the percentage; the table prints the computed percentage"),
        );
    }
}

#[cfg(test)]
mod tests;
