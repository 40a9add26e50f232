//! The budget table's totals and rows: takes the lines read and gives the total line, checks
//! stated totals, and builds the body rows (with pence shown only where needed).

use super::*;

/// The Total row: each column added up.
pub(super) fn total_line(lines: &[Line], problems: &mut Vec<Problem>) -> Line {
    let loc = Loc::yaml(&["rows"]);
    let mut parts = [Amount::Blank; 3];
    for (i, part) in parts.iter_mut().enumerate() {
        let column: Vec<Amount> = lines.iter().map(|l| l.parts[i]).collect();
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

/// Checks `stated_total` (staffing, in_kind, other, total) against the Total row; a message says
/// which total ("the Total row's Staffing costs (£)", "the grand total") of which table.
pub(super) fn check_totals(
    spec: &TableSpec,
    total: &Line,
    names: &Names,
    problems: &mut Vec<Problem>,
) {
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
    for (i, (key, raw, computed)) in checks.into_iter().enumerate() {
        if let Some(raw) = raw {
            let which = if key == "total" {
                format!("the grand total (the Total row's {})", names.headings[3])
            } else {
                format!("the Total row's {}", names.headings[i])
            };
            compare(raw, computed.value(), &which, &loc.key(key), problems);
        }
    }
}

/// Fills the output table.
pub(super) fn build(t: &mut ComputedTable, spec: &TableSpec, names: &Names, lines: &[Line]) {
    let pence = lines.iter().any(|l| {
        l.parts
            .iter()
            .chain([&l.total])
            .any(|v| has_pence(v.value()))
    });
    let header = spec
        .row_header
        .clone()
        .unwrap_or_else(|| "Agency".to_string());
    t.source = spec.source.clone();
    t.columns = vec![ColumnInfo::new(&header, false)];
    let keys = [PARTS[0].0, PARTS[1].0, PARTS[2].0, "total"];
    t.columns.extend(
        keys.iter()
            .zip(&names.headings)
            .map(|(key, label)| ColumnInfo {
                key: slug(key),
                label: label.clone(),
                numeric: true,
            }),
    );
    t.head_from_columns();
    t.rows = lines.iter().map(|l| body_row(l, pence)).collect();
    t.notes = FOOTNOTES.iter().map(|n| n.to_string()).collect();
    t.notes.extend(spec.notes.iter().cloned());
}

/// A body row: blanks print blank and dashes "–" (neither has a value for inline figures).
pub(super) fn body_row(line: &Line, pence: bool) -> BodyRow {
    let mut cells = vec![BodyCell::text(&line.label)];
    for v in line.parts.iter().chain([&line.total]) {
        cells.push(match v {
            Amount::Number(n) => BodyCell::number(v.text(pence), *n),
            _ => BodyCell {
                numeric: true,
                ..BodyCell::text(v.text(pence))
            },
        });
    }
    BodyRow {
        key: line.key.clone(),
        label: line.label.clone(),
        cells,
        is_total: line.key == "total",
        is_comparator: false,
    }
}
