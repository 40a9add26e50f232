//! The finished sum table: takes the rows and sums and gives number styles, the grid of cells,
//! the head with group spans, body rows, columns and the chart series.

use super::*;

/// The print style of each leaf column: the most decimals written in it, and £ if any cell had it.
pub(super) fn leaf_styles(layout: &Layout, rows: &[Row]) -> Vec<Style> {
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
pub(super) fn total_style(layout: &Layout, styles: &[Style], s: usize) -> Style {
    (0..layout.columns.len())
        .filter_map(|c| styles.get(layout.leaf(c, s)))
        .fold(Style::default(), |a, b| Style {
            decimals: a.decimals.max(b.decimals),
            money: a.money || b.money,
        })
}

/// Prints a number in a column's style.
pub(super) fn show(value: Decimal, style: Style) -> String {
    let text = format_fixed(value, style.decimals);
    match (style.money, text.strip_prefix('-')) {
        (true, Some(rest)) => format!("-£{rest}"),
        (true, None) => format!("£{text}"),
        _ => text,
    }
}

/// The grid of printed values (data rows, then the total row; leaves, then total columns).
pub(super) struct Grid {
    values: Vec<Vec<Option<Decimal>>>,
    styles: Vec<Style>,
    total_row: bool,
    total_cols: bool,
}

/// Lays out the values to print, with the totals asked for.
pub(super) fn grid(spec: &TableSpec, layout: &Layout, rows: &[Row], sums: &Sums) -> Grid {
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
pub(super) fn lines(layout: &Layout, grid: &Grid) -> Vec<Line> {
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
pub(super) fn build(
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
pub(super) fn body_row(label: &str, key: String, cells: Vec<BodyCell>, is_total: bool) -> BodyRow {
    BodyRow {
        key,
        label: label.to_string(),
        cells,
        is_total,
        is_comparator: false,
    }
}

/// The cells of grid row `r`: the label, then data cells as written (or computed), then totals.
pub(super) fn body_cells(
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
pub(super) fn head(layout: &Layout, header: &str, total_cols: bool) -> Vec<Vec<HeadCell>> {
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
pub(super) fn sub_head(layout: &Layout, total_cols: bool) -> Vec<HeadCell> {
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
pub(super) fn columns(layout: &Layout, header: &str, total_cols: bool) -> Vec<ColumnInfo> {
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
pub(super) fn series(t: &ComputedTable, width: usize) -> Vec<Series> {
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
            texts: r
                .cells
                .iter()
                .skip(1)
                .take(width)
                .map(|c| c.text.clone())
                .collect(),
        })
        .collect()
}
