//! The finished share table: takes the rows with their shares and gives the head, columns, body
//! rows and the chart.

use super::*;

/// Fills the output table.
pub(super) fn build(
    t: &mut ComputedTable,
    spec: &TableSpec,
    csv: Option<&CsvTable>,
    total: Option<Decimal>,
    rows: &[Row],
    decimals: u32,
    problems: &mut Vec<Problem>,
) {
    let with_counts = total.is_some() || rows.iter().any(|r| r.count.is_some() || r.text.is_some());
    let labels = column_labels(spec, csv, with_counts, problems);
    t.source = spec.source.clone();
    t.columns = labels
        .iter()
        .enumerate()
        .map(|(i, l)| ColumnInfo::new(l, i > 0))
        .collect();
    t.head = vec![labels.iter().map(|l| HeadCell::new(l, 1, 1)).collect()];
    let threshold = spec.suppress_below.map(Decimal::from);
    if let Some(total) = total {
        let label = spec
            .total_label
            .clone()
            .unwrap_or_else(|| "Total".to_string());
        let cells = vec![
            BodyCell::text(&label),
            BodyCell::number(format_fixed(total, total.scale()), total),
            BodyCell::number(
                format_percent(Decimal::ONE_HUNDRED, decimals),
                Decimal::ONE_HUNDRED,
            ),
        ];
        t.rows.push(body_row(&label, "total", cells, true));
    }
    let mut hidden_any = false;
    for r in rows {
        let hidden = r
            .count
            .is_some_and(|c| threshold.is_some_and(|th| c > Decimal::ZERO && c < th));
        hidden_any |= hidden;
        t.rows.push(body_row(
            &r.label,
            &slug(&r.label),
            cells(r, with_counts, hidden, decimals),
            false,
        ));
    }
    t.notes = spec.notes.clone();
    if let (true, Some(n)) = (hidden_any, spec.suppress_below) {
        t.notes.push(suppress::note(n));
    }
    t.chart = chart_kind(spec.chart, Some(ChartKind::Bar)).map(|kind| chart(kind, t, decimals));
}

/// The column labels: the label column, then Number (when there are counts) and Percentage.
pub(super) fn column_labels(
    spec: &TableSpec,
    csv: Option<&CsvTable>,
    with_counts: bool,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let header = crate::compute::util::label_header(spec, csv, problems);
    let defaults: Vec<String> = if with_counts {
        vec!["Number".into(), "Percentage".into()]
    } else {
        vec!["Percentage".into()]
    };
    let named: Vec<String> = match &spec.columns {
        Some(cols) if cols.len() == defaults.len() => cols.iter().map(|c| c.0.clone()).collect(),
        Some(cols) => {
            problems.push(
                Problem::error(
                    "row-length",
                    format!(
                        "`columns` names {} columns but the table has {}",
                        cols.len(),
                        defaults.len()
                    ),
                )
                .at(&Loc::yaml(&["columns"]))
                .hint(format!(
                    "name the columns in order: {}",
                    defaults.join(", ")
                )),
            );
            defaults
        }
        None => defaults,
    };
    std::iter::once(header).chain(named).collect()
}

/// The cells of a row.
pub(super) fn cells(r: &Row, with_counts: bool, hidden: bool, decimals: u32) -> Vec<BodyCell> {
    let mut cells = vec![BodyCell::text(&r.label)];
    if with_counts {
        cells.push(match (hidden, r.count, &r.text) {
            (true, _, _) => BodyCell::suppressed(),
            (false, Some(c), _) => BodyCell::number(format_fixed(c, c.scale()), c),
            (false, None, Some(t)) => BodyCell::text(t),
            (false, None, None) => BodyCell::blank(),
        });
    }
    cells.push(match (hidden, r.percent) {
        (true, _) => BodyCell::suppressed(),
        (false, Some(p)) => BodyCell::number(format_percent(p, decimals), p),
        (false, None) => BodyCell::blank(),
    });
    cells
}

/// A body row.
pub(super) fn body_row(label: &str, key: &str, cells: Vec<BodyCell>, is_total: bool) -> BodyRow {
    BodyRow {
        key: key.to_string(),
        label: label.to_string(),
        cells,
        is_total,
        is_comparator: false,
    }
}

/// The bar chart: one bar per row (the whole left out), the percentages as printed.
pub(super) fn chart(kind: ChartKind, t: &ComputedTable, decimals: u32) -> ChartData {
    let rows: Vec<&BodyRow> = t.rows.iter().filter(|r| !r.is_total).collect();
    let values = rows
        .iter()
        .map(|r| {
            r.cells
                .last()
                .and_then(|c| c.value)
                .and_then(|v| number::to_f64(round_half_up(v, decimals)))
        })
        .collect();
    ChartData {
        kind,
        title: t.caption.clone(),
        unit: Some("%".to_string()),
        x_labels: rows.iter().map(|r| r.label.clone()).collect(),
        series: vec![Series {
            name: t
                .columns
                .last()
                .map_or_else(|| "Percentage".to_string(), |c| c.label.clone()),
            values,
            home: false,
            texts: rows
                .iter()
                .map(|r| r.cells.last().map_or_else(String::new, |c| c.text.clone()))
                .collect(),
        }],
    }
}
