//! Totals of a sum table: takes the rows and gives the column and row sums, checks stated totals
//! against them, and checks the `check` rules between columns.

use super::*;

/// Row totals, column totals and grand totals ("number-too-large" on overflow).
pub(super) fn sums(layout: &Layout, rows: &[Row], problems: &mut Vec<Problem>) -> Sums {
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
pub(super) fn sub_cells<'a>(
    layout: &'a Layout,
    cells: &'a [Cell],
    s: usize,
) -> impl Iterator<Item = &'a Cell> + 'a {
    (0..layout.columns.len()).filter_map(move |c| cells.get(layout.leaf(c, s)))
}

/// Checks `stated_total`: the Total column (one per row) with `totals: rows`, otherwise the
/// column totals, optionally followed by the grand total.
pub(super) fn check_stated(
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
pub(super) type Target = (String, Option<Decimal>, u32);

/// The column totals, then the grand total of each sub-column.
pub(super) fn column_total_targets(layout: &Layout, sums: &Sums, rows: &[Row]) -> Vec<Target> {
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
pub(super) fn row_total_targets(layout: &Layout, sums: &Sums, rows: &[Row]) -> Vec<Target> {
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
pub(super) fn compare_total(
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
pub(super) fn check_rules(
    spec: &TableSpec,
    layout: &Layout,
    rows: &[Row],
    problems: &mut Vec<Problem>,
) {
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
pub(super) fn check_row(
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
