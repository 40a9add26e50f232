//! The budget table's totals and rows: takes the lines read and gives the total line, checks
//! stated totals, and builds the body rows (with pence shown only where needed).

use super::*;

/// The Total row: each column added up.
pub(super) fn total_line(lines: &[Line], problems: &mut Vec<Problem>) -> Line {
    let loc = Loc::yaml(&["rows"]);
    let mut parts = [Decimal::ZERO; 3];
    for (i, part) in parts.iter_mut().enumerate() {
        let column: Vec<Decimal> = lines.iter().map(|l| l.parts[i]).collect();
        *part = add(&column, &loc, problems);
    }
    let total = add(&parts, &loc, problems);
    Line {
        label: "Total".to_string(),
        key: "total".to_string(),
        parts,
        total,
    }
}

/// Checks `stated_total` (staffing, in_kind, other, total) against the Total row.
pub(super) fn check_totals(spec: &TableSpec, total: &Line, problems: &mut Vec<Problem>) {
    let Some(value) = &spec.stated_total else {
        return;
    };
    let loc = Loc::yaml(&["stated_total"]);
    let Some(stated) = spec::from_value::<BudgetTotalsSpec>(value, &loc, problems) else {
        return;
    };
    let checks = [
        ("staffing", &stated.staffing, total.parts[0]),
        ("in_kind", &stated.in_kind, total.parts[1]),
        ("other", &stated.other, total.parts[2]),
        ("total", &stated.total, total.total),
    ];
    for (key, raw, computed) in checks {
        if let Some(raw) = raw {
            let what = if key == "total" {
                "the stated total".to_string()
            } else {
                format!("the stated total of {key}")
            };
            compare(raw, computed, &what, &loc.key(key), problems);
        }
    }
}

/// True when an amount has pence.
pub(super) fn has_pence(v: Decimal) -> bool {
    !v.fract().is_zero()
}

/// Fills the output table.
pub(super) fn build(t: &mut ComputedTable, spec: &TableSpec, lines: &[Line]) {
    let pence = lines
        .iter()
        .any(|l| l.parts.iter().chain([&l.total]).any(|v| has_pence(*v)));
    let header = spec
        .row_header
        .clone()
        .unwrap_or_else(|| "Agency".to_string());
    t.source = spec.source.clone();
    t.columns = vec![ColumnInfo::new(&header, false)];
    t.columns
        .extend(PARTS.iter().map(|(key, label)| ColumnInfo {
            key: slug(key),
            label: label.to_string(),
            numeric: true,
        }));
    t.columns.push(ColumnInfo {
        key: "total".to_string(),
        label: "Total (£)".to_string(),
        numeric: true,
    });
    t.head = vec![t
        .columns
        .iter()
        .map(|c| HeadCell {
            key: c.key.clone(),
            ..HeadCell::new(&c.label, 1, 1)
        })
        .collect()];
    t.rows = lines.iter().map(|l| body_row(l, pence)).collect();
    t.notes = FOOTNOTES.iter().map(|n| n.to_string()).collect();
    t.notes.extend(spec.notes.iter().cloned());
}

/// A body row.
pub(super) fn body_row(line: &Line, pence: bool) -> BodyRow {
    let mut cells = vec![BodyCell::text(&line.label)];
    for v in line.parts.iter().chain([&line.total]) {
        cells.push(BodyCell::number(format_money(*v, pence), *v));
    }
    BodyRow {
        key: line.key.clone(),
        label: line.label.clone(),
        cells,
        is_total: line.key == "total",
        is_comparator: false,
    }
}
