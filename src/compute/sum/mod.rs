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
    let header = super::util::label_header(spec, csv.as_ref(), problems);
    let mut t = ComputedTable::empty(id, "sum", &caption);
    build(&mut t, spec, &layout, &header, &rows, &sums);
    Some(t)
}

/// The layout from `columns` (or the CSV header), `subcolumns` and `groups`.
fn layout(spec: &TableSpec, csv: Option<&CsvTable>, problems: &mut Vec<Problem>) -> Option<Layout> {
    let subs: Vec<String> = match &spec.subcolumns {
        Some(s) if !s.is_empty() => s.iter().map(|l| l.0.trim().to_string()).collect(),
        _ => vec![String::new()],
    };
    let columns: Vec<String> = match (&spec.columns, csv) {
        (Some(cols), _) => cols.iter().map(|l| l.0.trim().to_string()).collect(),
        (None, Some(t)) if subs.len() == 1 && subs[0].is_empty() => {
            t.header.iter().skip(1).cloned().collect()
        }
        _ => Vec::new(),
    };
    // A CSV file that could not be read has been reported already; its header is unknown.
    let csv_failed = spec.csv.is_some() && csv.is_none();
    if columns.is_empty() && csv_failed {
        return None;
    }
    if columns.is_empty() {
        problems.push(
            Problem::error(
                "missing-key",
                "a sum table needs `columns:` (or a CSV file whose header names them)",
            )
            .at(&Loc::yaml(&["columns"]))
            .hint("add `columns: [First, Second]`; with subcolumns, list the columns in YAML"),
        );
        return None;
    }
    let mut layout = Layout {
        columns,
        subs,
        groups: Vec::new(),
    };
    layout.groups = groups(spec, &layout, problems);
    Some(layout)
}

/// The groups as (label, first column, count); "unknown-column" and "group-columns" for errors.
fn groups(
    spec: &TableSpec,
    layout: &Layout,
    problems: &mut Vec<Problem>,
) -> Vec<(String, usize, usize)> {
    let mut taken = vec![false; layout.columns.len()];
    let mut out = Vec::new();
    for g in spec.groups.iter().flatten() {
        let loc = Loc::yaml(&["groups"]);
        let found: Vec<usize> = g
            .columns
            .iter()
            .filter_map(|name| find_column(layout, &name.0, &loc, problems))
            .collect();
        let Some(&start) = found.first() else {
            continue;
        };
        let adjacent = found.iter().enumerate().all(|(i, &c)| c == start + i);
        if !adjacent || found.iter().any(|&c| taken[c]) {
            problems.push(group_problem(&g.label, adjacent, &loc));
            continue;
        }
        found.iter().for_each(|&c| taken[c] = true);
        out.push((g.label.clone(), start, found.len()));
    }
    out.sort_by_key(|g| g.1);
    out
}

/// The "group-columns" error.
fn group_problem(label: &str, adjacent: bool, loc: &Loc) -> Problem {
    let why = if adjacent {
        "has a column that is already in another group"
    } else {
        "has columns that are not next to each other, in the order of `columns`"
    };
    Problem::error("group-columns", format!("the group \"{label}\" {why}"))
        .at(loc)
        .hint("a group spans adjacent columns, listed in order; a column belongs to one group at most")
}

/// The index of a named column; "unknown-column" with a suggestion when there is none.
fn find_column(
    layout: &Layout,
    name: &str,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) -> Option<usize> {
    let found = layout.column(name);
    if found.is_none() {
        problems.push(
            Problem::error("unknown-column", format!("there is no column \"{name}\""))
                .at(loc)
                .hint(suggestion(name, layout.columns.iter().map(String::as_str))),
        );
    }
    found
}

/// Rows from a CSV file with the header `row,<column>,…` (leaf columns with sub-columns).
fn csv_rows(
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
fn yaml_rows(spec: &TableSpec, problems: &mut Vec<Problem>) -> Vec<(String, Vec<RawCell>, Loc)> {
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
fn read_row(
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
fn flatten_pairs(layout: &Layout, raws: Vec<RawCell>) -> Vec<RawCell> {
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
fn read_one(
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
fn addend(cell: &Cell) -> Decimal {
    match cell {
        Cell::Number(n) => n.value,
        _ => Decimal::ZERO,
    }
}

/// Row totals, column totals and grand totals ("number-too-large" on overflow).
fn sums(layout: &Layout, rows: &[Row], problems: &mut Vec<Problem>) -> Sums {
    let k = layout.subs.len();
    let mut overflow = false;
    let mut add = |values: Vec<Decimal>| number::sum(values).map_err(|_| overflow = true).ok();
    let row_totals: Vec<Vec<Option<Decimal>>> = rows
        .iter()
        .map(|r| {
            (0..k)
                .map(|s| add(sub_cells(layout, &r.cells, s).map(addend).collect()))
                .collect()
        })
        .collect();
    let column_totals: Vec<Option<Decimal>> = (0..layout.width())
        .map(|leaf| {
            add(rows
                .iter()
                .filter_map(|r| r.cells.get(leaf))
                .map(addend)
                .collect())
        })
        .collect();
    let grand: Vec<Option<Decimal>> = (0..k)
        .map(|s| {
            let parts: Option<Vec<Decimal>> = (0..layout.columns.len())
                .map(|c| column_totals[layout.leaf(c, s)])
                .collect();
            parts.and_then(&mut add)
        })
        .collect();
    if overflow {
        problems.push(
            Problem::error(
                "number-too-large",
                "a total is too large to compute exactly",
            )
            .at(&Loc::yaml(&["rows"])),
        );
    }
    Sums {
        row_totals,
        column_totals,
        grand,
    }
}

/// The cells of sub-column `s` in a row of leaf cells.
fn sub_cells<'a>(
    layout: &'a Layout,
    cells: &'a [Cell],
    s: usize,
) -> impl Iterator<Item = &'a Cell> + 'a {
    (0..layout.columns.len()).filter_map(move |c| cells.get(layout.leaf(c, s)))
}

/// Checks `stated_total`: the Total column (one per row) with `totals: rows`, otherwise the
/// column totals, optionally followed by the grand total.
fn check_stated(
    spec: &TableSpec,
    layout: &Layout,
    sums: &Sums,
    rows: &[Row],
    problems: &mut Vec<Problem>,
) {
    let Some(value) = &spec.stated_total else {
        return;
    };
    let loc = Loc::yaml(&["stated_total"]);
    let stated = match spec::from_value::<RawCell>(value, &loc, problems) {
        Some(RawCell::List(stated)) => stated,
        None => return,
        Some(_) => {
            problems.push(
                Problem::error(
                    "bad-value",
                    "`stated_total` is a list of the totals as printed",
                )
                .at(&loc),
            );
            return;
        }
    };
    let by_row = spec.totals == Some(Totals::Rows);
    let targets = if by_row {
        row_total_targets(layout, sums, rows)
    } else {
        column_total_targets(layout, sums, rows)
    };
    let lengths = if by_row {
        vec![targets.len()]
    } else {
        vec![layout.width(), targets.len()]
    };
    if !lengths.contains(&stated.len()) {
        let what = if by_row { "rows" } else { "columns" };
        problems.push(
            Problem::error(
                "row-length",
                format!("`stated_total` has {} values but the table has {} {what}", stated.len(), lengths[0]),
            )
            .at(&loc)
            .hint(if by_row {
                "give the Total column as printed, one total per row"
            } else {
                "give the Total row as printed: one total per column, optionally then the grand total"
            }),
        );
    }
    for (raw, (label, computed, dp)) in stated.iter().zip(&targets) {
        compare_total(raw, label, *computed, *dp, &loc, problems);
    }
}

/// A total that a stated total is checked against: (what it is, its value, decimals).
type Target = (String, Option<Decimal>, u32);

/// The column totals, then the grand total of each sub-column.
fn column_total_targets(layout: &Layout, sums: &Sums, rows: &[Row]) -> Vec<Target> {
    let styles = leaf_styles(layout, rows);
    let mut targets: Vec<Target> = layout
        .leaves()
        .into_iter()
        .enumerate()
        .map(|(i, leaf)| (leaf, sums.column_totals[i], styles[i].decimals))
        .collect();
    for s in 0..layout.subs.len() {
        let dp = total_style(layout, &styles, s).decimals;
        targets.push((join_label("Total", &layout.subs[s]), sums.grand[s], dp));
    }
    targets
}

/// The Total column: each row's total, for each sub-column.
fn row_total_targets(layout: &Layout, sums: &Sums, rows: &[Row]) -> Vec<Target> {
    let styles = leaf_styles(layout, rows);
    let mut targets = Vec::new();
    for (row, totals) in rows.iter().zip(&sums.row_totals) {
        for (s, total) in totals.iter().enumerate() {
            let dp = total_style(layout, &styles, s).decimals;
            targets.push((join_label(&row.label, &layout.subs[s]), *total, dp));
        }
    }
    targets
}

/// "stated-mismatch" when a stated total differs from the computed one at the column's precision.
fn compare_total(
    raw: &RawCell,
    label: &str,
    computed: Option<Decimal>,
    dp: u32,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) {
    let what = format!("the stated total for {label}");
    let (Cell::Number(stated), Some(computed)) =
        (spec::read_cell(raw, loc, &what, problems), computed)
    else {
        return;
    };
    let dp = dp.max(stated.value.scale());
    if round_half_up(stated.value, dp) != round_half_up(computed, dp) {
        problems.push(
            Problem::error(
                "stated-mismatch",
                format!(
                    "the stated total {} for {label} does not equal the computed total {}",
                    format_fixed(stated.value, dp),
                    format_fixed(computed, dp)
                ),
            )
            .at(loc)
            .hint("correct the figures or the stated total; the table prints the computed total"),
        );
    }
}

/// Checks every `check` rule on every row ("check-mismatch", naming the row).
fn check_rules(spec: &TableSpec, layout: &Layout, rows: &[Row], problems: &mut Vec<Problem>) {
    for rule in spec.check.iter().flatten() {
        let loc = Loc::yaml(&["check"]);
        let target = find_column(layout, &rule.column.0, &loc, problems);
        let parts: Vec<Option<usize>> = rule
            .equals
            .iter()
            .map(|e| find_column(layout, &e.0, &loc, problems))
            .collect();
        let (Some(target), Some(parts)) =
            (target, parts.into_iter().collect::<Option<Vec<usize>>>())
        else {
            continue;
        };
        for row in rows {
            for s in 0..layout.subs.len() {
                check_row(layout, row, s, target, &parts, problems);
            }
        }
    }
}

/// Checks one rule on one row and sub-column.
fn check_row(
    layout: &Layout,
    row: &Row,
    s: usize,
    target: usize,
    parts: &[usize],
    problems: &mut Vec<Problem>,
) {
    let cell = |c: usize| row.cells.get(layout.leaf(c, s));
    let usable = |c: &Cell| matches!(c, Cell::Number(_) | Cell::Blank);
    if !std::iter::once(target)
        .chain(parts.iter().copied())
        .all(|c| cell(c).is_some_and(usable))
    {
        return;
    }
    let lhs = cell(target).map_or(Decimal::ZERO, addend);
    let Ok(rhs) = number::sum(parts.iter().map(|&c| cell(c).map_or(Decimal::ZERO, addend))) else {
        return;
    };
    if lhs == rhs {
        return;
    }
    let names: Vec<&str> = parts.iter().map(|&c| layout.columns[c].as_str()).collect();
    let at = join_label(&row.label, &layout.subs[s]);
    problems.push(
        Problem::error(
            "check-mismatch",
            format!(
                "in the row {at}, {} is {} but {} add up to {}",
                layout.columns[target],
                format_fixed(lhs, lhs.scale()),
                names.join(" + "),
                format_fixed(rhs, rhs.scale())
            ),
        )
        .at(&row.loc)
        .hint("correct the row so the column equals the sum of the others"),
    );
}

/// The print style of each leaf column: the most decimals written in it, and £ if any cell had it.
fn leaf_styles(layout: &Layout, rows: &[Row]) -> Vec<Style> {
    let mut styles = vec![Style::default(); layout.width()];
    for row in rows {
        for (style, cell) in styles.iter_mut().zip(&row.cells) {
            if let Cell::Number(n) = cell {
                style.decimals = style.decimals.max(n.value.scale());
                style.money |= n.money;
            }
        }
    }
    styles
}

/// The print style of the total column of sub-column `s`.
fn total_style(layout: &Layout, styles: &[Style], s: usize) -> Style {
    (0..layout.columns.len())
        .filter_map(|c| styles.get(layout.leaf(c, s)))
        .fold(Style::default(), |a, b| Style {
            decimals: a.decimals.max(b.decimals),
            money: a.money || b.money,
        })
}

/// Prints a number in a column's style.
fn show(value: Decimal, style: Style) -> String {
    let text = format_fixed(value, style.decimals);
    match (style.money, text.strip_prefix('-')) {
        (true, Some(rest)) => format!("-£{rest}"),
        (true, None) => format!("£{text}"),
        _ => text,
    }
}

/// The grid of printed values (data rows, then the total row; leaves, then total columns).
struct Grid {
    values: Vec<Vec<Option<Decimal>>>,
    styles: Vec<Style>,
    total_row: bool,
    total_cols: bool,
}

/// Lays out the values to print, with the totals asked for.
fn grid(spec: &TableSpec, layout: &Layout, rows: &[Row], sums: &Sums) -> Grid {
    let total_row = matches!(spec.totals, Some(Totals::Columns | Totals::Both));
    let total_cols = matches!(spec.totals, Some(Totals::Rows | Totals::Both));
    let leaf_styles = leaf_styles(layout, rows);
    let mut styles = leaf_styles.clone();
    let mut values: Vec<Vec<Option<Decimal>>> = rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .map(|c| {
                    if let Cell::Number(n) = c {
                        Some(n.value)
                    } else {
                        None
                    }
                })
                .collect()
        })
        .collect();
    if total_cols {
        styles.extend((0..layout.subs.len()).map(|s| total_style(layout, &leaf_styles, s)));
        for (v, totals) in values.iter_mut().zip(&sums.row_totals) {
            v.extend(totals.iter().copied());
        }
    }
    if total_row {
        let mut totals = sums.column_totals.clone();
        if total_cols {
            totals.extend(sums.grand.iter().copied());
        }
        values.push(totals);
    }
    Grid {
        values,
        styles,
        total_row,
        total_cols,
    }
}

/// The lines of the grid that add up to a total, for secondary suppression.
fn lines(layout: &Layout, grid: &Grid) -> Vec<Line> {
    let (rows, width, k) = (grid.values.len(), layout.width(), layout.subs.len());
    let cols = width + if grid.total_cols { k } else { 0 };
    let mut out = Vec::new();
    if grid.total_cols {
        for r in 0..rows {
            for s in 0..k {
                let parts = (0..layout.columns.len())
                    .map(|c| (r, layout.leaf(c, s)))
                    .collect();
                out.push(Line {
                    parts,
                    total: (r, width + s),
                });
            }
        }
    }
    if grid.total_row {
        for c in 0..cols {
            out.push(Line {
                parts: (0..rows - 1).map(|r| (r, c)).collect(),
                total: (rows - 1, c),
            });
        }
    }
    out
}

/// Fills the output table.
fn build(
    t: &mut ComputedTable,
    spec: &TableSpec,
    layout: &Layout,
    header: &str,
    rows: &[Row],
    sums: &Sums,
) {
    let grid = grid(spec, layout, rows, sums);
    let mask = match spec.suppress_below {
        Some(n) => suppress::suppress(&grid.values, Decimal::from(n), &lines(layout, &grid)),
        None => vec![vec![false; grid.styles.len()]; grid.values.len()],
    };
    t.source = spec.source.clone();
    t.head = head(layout, header, grid.total_cols);
    t.columns = columns(layout, header, grid.total_cols);
    for (r, row) in rows.iter().enumerate() {
        let cells = body_cells(&row.label, &row.cells, &grid, &mask, r);
        t.rows
            .push(body_row(&row.label, slug(&row.label), cells, false));
    }
    if grid.total_row {
        let label = spec
            .total_label
            .clone()
            .unwrap_or_else(|| "Total".to_string());
        let cells = body_cells(&label, &[], &grid, &mask, rows.len());
        t.rows
            .push(body_row(&label, "total".to_string(), cells, true));
    }
    t.notes = spec.notes.clone();
    if let (true, Some(n)) = (mask.iter().flatten().any(|m| *m), spec.suppress_below) {
        t.notes.push(suppress::note(n));
    }
    t.chart = chart_kind(spec.chart, None).map(|kind| ChartData {
        kind,
        title: t.caption.clone(),
        unit: None,
        x_labels: layout.leaves(),
        series: series(t, layout.width()),
    });
}

/// A body row.
fn body_row(label: &str, key: String, cells: Vec<BodyCell>, is_total: bool) -> BodyRow {
    BodyRow {
        key,
        label: label.to_string(),
        cells,
        is_total,
        is_comparator: false,
    }
}

/// The cells of grid row `r`: the label, then data cells as written (or computed), then totals.
fn body_cells(
    label: &str,
    data: &[Cell],
    grid: &Grid,
    mask: &[Vec<bool>],
    r: usize,
) -> Vec<BodyCell> {
    let mut cells = vec![BodyCell::text(label)];
    let values = grid.values.get(r).map_or(&[][..], Vec::as_slice);
    for (c, style) in grid.styles.iter().enumerate() {
        let hidden = mask.get(r).and_then(|m| m.get(c)).copied().unwrap_or(false);
        let cell = match (hidden, values.get(c).copied().flatten(), data.get(c)) {
            (true, _, _) => BodyCell::suppressed(),
            (false, _, Some(Cell::Text(t) | Cell::Invalid(t))) => BodyCell::text(t),
            (false, Some(v), Some(Cell::Number(n))) if n.percent => {
                BodyCell::number(format!("{}%", format_fixed(v, style.decimals)), v)
            }
            (false, Some(v), _) => BodyCell::number(show(v, *style), v),
            (false, None, _) => BodyCell::blank(),
        };
        cells.push(cell);
    }
    cells
}

/// The header rows: spanning groups, then columns, then sub-columns.
fn head(layout: &Layout, header: &str, total_cols: bool) -> Vec<Vec<HeadCell>> {
    let has_groups = !layout.groups.is_empty();
    let levels = 1 + u32::from(has_groups) + u32::from(layout.has_subs());
    let k = layout.subs.len() as u32;
    let span_down = if has_groups { 2 } else { 1 };
    let mut top = vec![HeadCell::new(header, 1, levels)];
    let mut middle = Vec::new();
    for (c, label) in layout.columns.iter().enumerate() {
        match layout.groups.iter().find(|g| (g.1..g.1 + g.2).contains(&c)) {
            Some(g) => {
                if g.1 == c {
                    top.push(HeadCell::new(&g.0, (g.2 as u32).saturating_mul(k), 1));
                }
                middle.push(HeadCell::new(label, k, 1));
            }
            None => top.push(HeadCell::new(label, k, span_down)),
        }
    }
    if total_cols {
        top.push(HeadCell::new("Total", k, span_down));
    }
    let mut head = vec![top];
    if has_groups {
        head.push(middle);
    }
    if layout.has_subs() {
        head.push(sub_head(layout, total_cols));
    }
    head
}

/// The sub-column header row.
fn sub_head(layout: &Layout, total_cols: bool) -> Vec<HeadCell> {
    let mut parents: Vec<&str> = layout.columns.iter().map(String::as_str).collect();
    if total_cols {
        parents.push("Total");
    }
    parents
        .iter()
        .flat_map(|p| layout.subs.iter().map(move |s| (p, s)))
        .map(|(p, s)| HeadCell {
            key: slug(&join_label(p, s)),
            ..HeadCell::new(s, 1, 1)
        })
        .collect()
}

/// The columns: label column, leaves, then total columns.
fn columns(layout: &Layout, header: &str, total_cols: bool) -> Vec<ColumnInfo> {
    let mut cols = vec![ColumnInfo::new(header, false)];
    cols.extend(layout.leaves().iter().map(|l| ColumnInfo::new(l, true)));
    if total_cols {
        cols.extend(
            layout
                .subs
                .iter()
                .map(|s| ColumnInfo::new(&join_label("Total", s), true)),
        );
    }
    cols
}

/// Chart series: one per data row, over the leaf columns.
fn series(t: &ComputedTable, width: usize) -> Vec<Series> {
    t.rows
        .iter()
        .filter(|r| !r.is_total)
        .enumerate()
        .map(|(i, r)| Series {
            name: r.label.clone(),
            values: r
                .cells
                .iter()
                .skip(1)
                .take(width)
                .map(|c| c.value.and_then(number::to_f64))
                .collect(),
            home: i == 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, run, run_with, texts};
    use proptest::prelude::*;

    const OUTCOMES: &str = r#"
kind: sum
caption: Restorative outcomes by area, July to September 2022
row_header: Area
columns: [Victims contacted, Restorative outcome, Letter of apology, Direct reparation, Indirect reparation, Face to face meeting]
groups:
  - { label: Type of restorative outcome, columns: [Letter of apology, Direct reparation, Indirect reparation, Face to face meeting] }
totals: columns
total_label: West Mercia
rows:
  Herefordshire:  [36, 4, 2, ~, ~, 2]
  Shropshire:     [16, 4, 3, ~, ~, 1]
  Telford:        [19, 10, 4, ~, 6, ~]
  Worcestershire: [68, 38, 20, 6, 9, 3]
stated_total: [139, 56, 29, 6, 15, 6]
check:
  - { column: Restorative outcome, equals: [Letter of apology, Direct reparation, Indirect reparation, Face to face meeting] }
"#;

    const STAFF: &str = r#"
kind: sum
caption: Staff by ethnicity and sex
row_header: Ethnicity
columns: [Managers Strategic, Managers Operational, Practitioners, Administrative, Sessional, Student, Referral Order Panel Volunteer, Other Volunteer]
subcolumns: [Male, Female]
totals: both
rows:
  Asian:    [[~, ~], [~, ~], [~, ~], [~, 1], [~, ~], [~, ~], [~, 2], [~, 1]]
  Black:    [[~, ~], [1, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~]]
  Mixed:    [[~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~]]
  White:    [[1, ~], [~, 4], [18, 31], [1, 10], [~, ~], [~, ~], [9, 20], [1, 3]]
  Any other ethnic group: [[~, ~], [~, ~], [~, 2], [~, ~], [~, ~], [~, ~], [~, 1], [~, ~]]
  Not known: [[~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~], [~, ~]]
stated_total: [1, 0, 1, 4, 18, 33, 1, 11, 0, 0, 0, 0, 9, 23, 1, 4, 31, 75]
"#;

    #[test]
    fn west_mercia_restorative_outcomes_add_up() {
        let (t, problems) = run(OUTCOMES);
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        assert_eq!(
            texts(&t)[4],
            ["West Mercia", "139", "56", "29", "6", "15", "6"]
        );
        assert_eq!(t.cell("total", "Victims contacted").unwrap().text, "139");
        assert_eq!(
            t.cell("West Mercia", "restorative-outcome").unwrap().text,
            "56"
        );
        assert_eq!(t.cell("Telford", "Direct reparation").unwrap().text, "");
        assert!(t.rows[4].is_total);
    }

    #[test]
    fn groups_make_two_header_rows() {
        let t = run(OUTCOMES).0.unwrap();
        let spans: Vec<(&str, u32, u32)> = t.head[0]
            .iter()
            .map(|h| (h.text.as_str(), h.colspan, h.rowspan))
            .collect();
        assert_eq!(
            spans,
            [
                ("Area", 1, 2),
                ("Victims contacted", 1, 2),
                ("Restorative outcome", 1, 2),
                ("Type of restorative outcome", 4, 1)
            ]
        );
        assert_eq!(t.head[1].len(), 4);
        assert_eq!(t.head[1][0].key, "letter-of-apology");
    }

    #[test]
    fn west_mercia_staff_totals_are_31_male_and_75_female() {
        let (t, problems) = run(STAFF);
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        assert_eq!(t.cell("Total", "Total Male").unwrap().text, "31");
        assert_eq!(t.cell("total", "total-female").unwrap().text, "75");
        assert_eq!(t.cell("White", "Practitioners Female").unwrap().text, "31");
        assert_eq!(t.cell("white", "practitioners-female").unwrap().text, "31");
        assert_eq!(t.cell("Mixed", "total-male").unwrap().text, "0");
        assert_eq!(t.cell("White", "Total Male").unwrap().text, "30");
        assert_eq!(t.columns.len(), 1 + 16 + 2);
    }

    #[test]
    fn subcolumns_make_two_header_rows() {
        let t = run(STAFF).0.unwrap();
        assert_eq!(t.head.len(), 2);
        assert_eq!(
            (t.head[0][0].text.as_str(), t.head[0][0].rowspan),
            ("Ethnicity", 2)
        );
        assert!(t.head[0][1..]
            .iter()
            .all(|h| h.colspan == 2 && h.rowspan == 1));
        assert_eq!(t.head[0].last().unwrap().text, "Total");
        assert_eq!(t.head[1].len(), 18);
        assert_eq!(t.head[1][5].key, "practitioners-female");
        assert_eq!(t.head[1][17].key, "total-female");
    }

    #[test]
    fn disability_fte_keeps_the_decimals_written() {
        let yaml = "kind: sum\nrow_header: Row\ncaption: Staff by known disability (FTE)\ncolumns: [Strategic Manager (FT), Operational Manager (PT), Operational Manager (FT), Practitioners (PT), Practitioners (FT), Administration (PT), Administration (FT)]\ntotals: rows\nrows:\n  Disabled (self-classified): [0, 0, 0, 0.5, 1, 1.3, 0]\n";
        let (t, problems) = run(yaml);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            texts(&t.unwrap())[0],
            [
                "Disabled (self-classified)",
                "0",
                "0",
                "0",
                "0.5",
                "1",
                "1.3",
                "0",
                "2.8"
            ]
        );
    }

    #[test]
    fn a_stated_total_that_differs_names_the_column_and_both_values() {
        let yaml = OUTCOMES.replace("[139, 56, 29, 6, 15, 6]", "[140, 56, 29, 6, 15, 6, 251, 1]");
        let (_, problems) = run(&yaml);
        assert_eq!(codes(&problems), ["row-length", "stated-mismatch"]);
        assert_eq!(
            problems[1].message,
            "the stated total 140 for Victims contacted does not equal the computed total 139"
        );
        assert_eq!(problems[1].path, ["stated_total"]);
    }

    #[test]
    fn with_row_totals_the_stated_totals_are_the_total_column() {
        let yaml = "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B]\ntotals: rows\nrows: {x: [1.5, 1.3], y: [1, 2]}\nstated_total: [2.8, 3]\n";
        assert!(run(yaml).1.is_empty());
        let (_, problems) = run(&yaml.replace("[2.8, 3]", "[2.9]"));
        assert_eq!(codes(&problems), ["row-length", "stated-mismatch"]);
        assert_eq!(
            problems[1].message,
            "the stated total 2.9 for x does not equal the computed total 2.8"
        );
        let (_, problems) = run(&yaml.replace("[2.8, 3]", "{a: 1}"));
        assert_eq!(codes(&problems), ["bad-value"]);
    }

    #[test]
    fn a_stated_grand_total_is_checked() {
        let yaml = STAFF.replace("1, 4, 31, 75]", "1, 4, 31, 76]");
        let (_, problems) = run(&yaml);
        assert_eq!(codes(&problems), ["stated-mismatch"]);
        assert!(problems[0].message.contains("Total Female"));
    }

    #[test]
    fn a_failed_check_names_the_row() {
        let yaml = OUTCOMES
            .replace("[16, 4, 3, ~, ~, 1]", "[16, 5, 3, ~, ~, 1]")
            .replace("139, 56", "139, 57");
        let (_, problems) = run(&yaml);
        assert_eq!(codes(&problems), ["check-mismatch"]);
        assert!(
            problems[0].message.contains("the row Shropshire"),
            "{}",
            problems[0].message
        );
        assert_eq!(problems[0].path, ["rows", "Shropshire"]);
    }

    #[test]
    fn unknown_columns_are_errors_with_a_suggestion() {
        let yaml = "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [Male, Female]\ngroups: [{label: G, columns: [Femal]}]\ncheck: [{column: Mael, equals: [Female]}]\nrows: {x: [1, 2]}\n";
        let (_, problems) = run(yaml);
        assert_eq!(codes(&problems), ["unknown-column", "unknown-column"]);
        assert_eq!(
            problems[0].hint.as_deref(),
            Some("did you mean \"Female\"?")
        );
    }

    #[test]
    fn groups_span_adjacent_columns_once() {
        let yaml = "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B, C]\ngroups: [{label: G, columns: [A, C]}, {label: H, columns: [B]}, {label: I, columns: [B, C]}]\nrows: {x: [1, 2, 3]}\n";
        let (_, problems) = run(yaml);
        assert_eq!(codes(&problems), ["group-columns", "group-columns"]);
    }

    #[test]
    fn a_row_of_the_wrong_length_is_an_error() {
        let (t, problems) =
            run("kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B]\ntotals: rows\nrows: {x: [1]}\n");
        assert_eq!(codes(&problems), ["row-length"]);
        assert_eq!(texts(&t.unwrap())[0], ["x", "1", "", "1"]);
    }

    #[test]
    fn text_is_an_error_only_where_totals_are_computed() {
        let (_, problems) = run(
            "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B]\ntotals: columns\nrows: {x: [\"<5\", 2]}\n",
        );
        assert_eq!(codes(&problems), ["text-in-computed-cell"]);
        let (t, problems) =
            run("kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B]\nrows: {x: [\"n/a\", \"85%\"]}\n");
        assert!(problems.is_empty());
        assert_eq!(texts(&t.unwrap())[0], ["x", "n/a", "85%"]);
    }

    #[test]
    fn percentages_are_not_added_up() {
        let (_, problems) =
            run("kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A]\ntotals: columns\nrows: {x: [\"85%\"]}\n");
        assert_eq!(codes(&problems), ["percent-in-sum"]);
    }

    #[test]
    fn bad_and_negative_numbers_are_errors() {
        let (_, problems) = run("kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B]\ntotals: columns\nrows: {x: [\"11,79,999\", -2]}\n");
        assert_eq!(codes(&problems), ["bad-number", "negative-count"]);
        assert!(problems[0].hint.as_deref().unwrap().contains("1,179,999"));
    }

    #[test]
    fn money_keeps_its_pound_sign() {
        let t = run("kind: sum\nrow_header: Row\ncaption: S\ncolumns: [Cost]\ntotals: columns\nrows: {x: [\"£1,000\"], y: [\"£2,000.50\"]}\n").0.unwrap();
        assert_eq!(texts(&t)[2], ["Total", "£3,000.50"]);
        assert_eq!(texts(&t)[0], ["x", "£1,000.00"]);
    }

    #[test]
    fn rows_come_from_csv() {
        let csv =
            "Area,Victims contacted,Restorative outcome\nHerefordshire,36,4\nShropshire,16,4\n";
        let yaml = "kind: sum\ncaption: S\ncsv: data/o.csv\ntotals: both\n";
        let (t, problems) = run_with(yaml, &[("data/o.csv", csv)], false);
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        assert_eq!(t.head[0][0].text, "Area");
        assert_eq!(texts(&t)[2], ["Total", "52", "8", "60"]);
    }

    #[test]
    fn csv_columns_must_match() {
        let csv = "row,A,C\nx,1,2,3\n";
        let yaml = "kind: sum\nrow_header: Row\ncaption: S\ncsv: o.csv\ncolumns: [A, B]\n";
        let (_, problems) = run_with(yaml, &[("o.csv", csv)], false);
        assert_eq!(
            codes(&problems),
            ["csv-row-length", "csv-missing-column", "unknown-column"]
        );
        assert_eq!(problems[0].csv_line, Some(("o.csv".to_string(), 2)));
    }

    #[test]
    fn small_counts_and_what_would_reveal_them_are_hidden() {
        let yaml = "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, B, C]\ntotals: rows\nsuppress_below: 5\nrows: {x: [3, 20, 8], y: [10, 20, 30]}\n";
        let t = run(yaml).0.unwrap();
        assert_eq!(texts(&t)[0], ["x", "*", "20", "*", "31"]);
        assert_eq!(texts(&t)[1], ["y", "10", "20", "30", "60"]);
        assert!(t.notes[0].starts_with("* Numbers from 1 to 4"));
        assert!(t.rows[0].cells[1].suppressed);
    }

    #[test]
    fn an_overflowing_total_is_an_error_not_a_panic() {
        let max = "\"79228162514264337593543950335\"";
        let yaml = format!(
            "kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A]\ntotals: both\nrows: {{x: [{max}], y: [{max}]}}\n"
        );
        let (t, problems) = run(&yaml);
        assert_eq!(codes(&problems), ["number-too-large"]);
        assert_eq!(texts(&t.unwrap())[2], ["Total", "", ""]);
    }

    #[test]
    fn groups_and_subcolumns_make_three_header_rows() {
        let yaml = "kind: sum\ncaption: S\nrow_header: Team\ncolumns: [A, B, C]\nsubcolumns: [M, F]\ngroups: [{label: G, columns: [B, C]}]\ntotals: rows\nrows: {x: [1, 2, 3, 4, 5, 6]}\n";
        let (t, problems) = run(yaml);
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        let shape: Vec<Vec<(&str, u32, u32)>> = t
            .head
            .iter()
            .map(|row| {
                row.iter()
                    .map(|h| (h.text.as_str(), h.colspan, h.rowspan))
                    .collect()
            })
            .collect();
        assert_eq!(
            shape[0],
            [("Team", 1, 3), ("A", 2, 2), ("G", 4, 1), ("Total", 2, 2)]
        );
        assert_eq!(shape[1], [("B", 2, 1), ("C", 2, 1)]);
        assert_eq!(shape[2].len(), 8);
        assert_eq!(t.cell("x", "total-f").unwrap().text, "12");
    }

    #[test]
    fn a_chart_only_when_asked() {
        assert!(run(OUTCOMES).0.unwrap().chart.is_none());
        let chart = run(&format!("{OUTCOMES}chart: bar\n"))
            .0
            .unwrap()
            .chart
            .unwrap();
        assert_eq!(chart.series.len(), 4);
        assert_eq!(chart.series[0].values[0], Some(36.0));
    }

    #[test]
    fn missing_columns_cannot_be_built() {
        let (t, problems) = run("kind: sum\nrow_header: Row\ncaption: S\nrows: {x: [1]}\n");
        assert!(t.is_none());
        assert_eq!(codes(&problems), ["missing-key"]);
    }

    /// A sum table of the given rows with both totals.
    fn table_of(rows: &[Vec<i64>]) -> String {
        let body: String = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                format!(
                    "  r{i}: [{}]\n",
                    r.iter()
                        .map(|v| format!("{}.{:02}", v / 100, v % 100))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        format!("kind: sum\nrow_header: Row\ncaption: P\ncolumns: [A, B, C]\ntotals: both\nrows:\n{body}")
    }

    proptest! {
        #[test]
        fn totals_are_the_sum_of_the_parts_in_any_order(rows in prop::collection::vec(prop::collection::vec(0i64..100_000_000, 3), 1..8).prop_shuffle()) {
            let t = run(&table_of(&rows)).0.unwrap();
            let total = t.rows.last().unwrap();
            for c in 0..3 {
                let expected: i64 = rows.iter().map(|r| r[c]).sum();
                prop_assert_eq!(total.cells[c + 1].value, Some(rust_decimal::Decimal::new(expected, 2)));
            }
            let grand: i64 = rows.iter().flatten().sum();
            prop_assert_eq!(total.cells[4].value, Some(rust_decimal::Decimal::new(grand, 2)));
            let mut reversed = rows.clone();
            reversed.reverse();
            let t2 = run(&table_of(&reversed)).0.unwrap();
            let texts2: Vec<&str> = t2.rows.last().unwrap().cells.iter().map(|c| c.text.as_str()).collect();
            let texts1: Vec<&str> = total.cells.iter().map(|c| c.text.as_str()).collect();
            prop_assert_eq!(texts1, texts2);
        }
    }
}
