//! Rows of a sum table: takes the YAML rows and the CSV file and gives each row's cells in layout
//! order, checking lengths and that every cell is a count or amount.

use super::*;

/// Rows from a CSV file with the header `row,<column>,…` (leaf columns with sub-columns).
pub(super) fn csv_rows(
    t: &CsvTable,
    layout: &Layout,
    problems: &mut Vec<Problem>,
) -> Vec<(String, Vec<RawCell>, Loc)> {
    let leaves = layout.leaves();
    let hint = format!("the columns are {}", quoted_list(&leaves));
    let index = csv::match_columns(t, &leaves, 1, "in `columns`", &hint, problems);
    t.rows
        .iter()
        .map(|rec| {
            let label = rec.fields.first().map_or("", |f| f.trim()).to_string();
            let cells = index
                .iter()
                .map(|i| {
                    i.and_then(|i| rec.fields.get(i))
                        .map_or(RawCell::Blank, |f| csv::raw(f))
                })
                .collect();
            (label, cells, t.loc(rec.line))
        })
        .collect()
}

/// Rows written under `rows:` in YAML.
pub(super) fn yaml_rows(
    spec: &TableSpec,
    problems: &mut Vec<Problem>,
) -> Vec<(String, Vec<RawCell>, Loc)> {
    let Some(value) = spec::yaml_rows_value(spec, "a sum table", problems) else {
        return Vec::new();
    };
    let rows_loc = Loc::yaml(&["rows"]);
    let mut out = Vec::new();
    for (label, v) in spec::map_entries(value, &rows_loc, problems) {
        let loc = rows_loc.key(&label);
        match spec::from_value::<RawCell>(&v, &loc, problems) {
            Some(RawCell::List(items)) => out.push((label, items, loc)),
            Some(_) => problems.push(
                Problem::error(
                    "bad-value",
                    format!("the row {label} should be a list of cells, one per column"),
                )
                .at(&loc)
                .hint("write the row as [36, 4, 2, 0]"),
            ),
            None => {}
        }
    }
    out
}

/// Reads a row's cells, one per leaf column ("row-length" when the count is wrong).
pub(super) fn read_row(
    spec: &TableSpec,
    layout: &Layout,
    label: String,
    raws: Vec<RawCell>,
    loc: Loc,
    problems: &mut Vec<Problem>,
) -> Row {
    let mut raws = flatten_pairs(layout, raws);
    if raws.len() != layout.width() {
        problems.push(
            Problem::error(
                "row-length",
                format!(
                    "the row {label} has {} cells but the table has {} columns",
                    raws.len(),
                    layout.width()
                ),
            )
            .at(&loc)
            .hint(format!(
                "give one cell per column ({}); write ~ for an empty cell",
                quoted_list(&layout.leaves())
            )),
        );
        raws.resize(layout.width(), RawCell::Blank);
    }
    let leaves = layout.leaves();
    let cells = raws
        .iter()
        .zip(&leaves)
        .map(|(raw, leaf)| read_one(spec, raw, &loc, &format!("{label}, {leaf}"), problems))
        .collect();
    Row { label, loc, cells }
}

/// With sub-columns, a row may give one list per column: [[1, 0], [4, 2]] is [1, 0, 4, 2].
pub(super) fn flatten_pairs(layout: &Layout, raws: Vec<RawCell>) -> Vec<RawCell> {
    let k = layout.subs.len();
    let nested = layout.has_subs()
        && raws.len() == layout.columns.len()
        && raws
            .iter()
            .all(|r| matches!(r, RawCell::List(items) if items.len() == k));
    if !nested {
        return raws;
    }
    raws.into_iter()
        .flat_map(|r| match r {
            RawCell::List(items) => items,
            other => vec![other],
        })
        .collect()
}

/// Reads one cell; text or a percentage where totals are computed is an error.
pub(super) fn read_one(
    spec: &TableSpec,
    raw: &RawCell,
    loc: &Loc,
    what: &str,
    problems: &mut Vec<Problem>,
) -> Cell {
    let cell = spec::read_count(raw, loc, what, problems);
    let computed = spec.totals.is_some() || spec.stated_total.is_some() || spec.check.is_some();
    match &cell {
        Cell::Text(t) if computed => {
            problems.push(spec::text_in_computed(t, loc, what));
            Cell::Invalid(t.clone())
        }
        Cell::Number(n) if n.percent && computed => {
            problems.push(
                Problem::error(
                    "percent-in-sum",
                    format!("{what} is a percentage, and percentages cannot be added up"),
                )
                .at(loc)
                .hint("write the count, or use a share table for percentages"),
            );
            Cell::Invalid(raw.as_written())
        }
        _ => cell,
    }
}

/// The number a cell adds to a total (blank, text and invalid add nothing).
pub(super) fn addend(cell: &Cell) -> Decimal {
    match cell {
        Cell::Number(n) => n.value,
        _ => Decimal::ZERO,
    }
}
