//! The reoffending table as plans print it (`indicator: reoffending`): one table per cohort, a
//! row per area (the service, its family members, the family average pooled from the members),
//! with the counts (children in the cohort, reoffenders, reoffences) and the three measures
//! computed from them: the binary rate, reoffences per reoffender and reoffences per offender.
//!
//! Takes the spec; gives the table and its figures (facts) for the three indicators, so a figure
//! printed elsewhere is checked against it. Each measure is computed by the indicator's own rules
//! (rounding, pooling, stated values checked: `binary`, `per_reoffender`, `per_offender`).

use super::build::{is_comparator_name, is_small};
use super::*;
use crate::compute::number::format_money;

/// The id written in `indicator:`.
pub(super) const ID: &str = "reoffending";

/// The keys of the printed measures, in column order.
pub(super) const STATED_KEYS: [&str; 3] = ["binary", "per_reoffender", "per_offender"];

/// The three indicators, in column order.
const MEASURES: [&str; 3] = [
    "reoffending-binary",
    "reoffences-per-reoffender",
    "reoffences-per-offender",
];

/// The count columns: key, heading, measure.
const COUNTS: [(&str, &str, Measure); 3] = [
    ("cohort", "Children in the cohort", Measure::Cohort),
    ("reoffenders", "Reoffenders", Measure::Reoffenders),
    ("reoffences", "Reoffences", Measure::Reoffences),
];

/// The measure columns: key and heading.
const FIGURES: [(&str, &str); 3] = [
    ("binary", "Reoffending rate (%)"),
    ("per-reoffender", "Reoffences per reoffender"),
    ("per-offender", "Reoffences per child in the cohort"),
];

/// One measure computed over the table's rows.
struct Pass {
    ind: &'static Indicator,
    rows: Vec<Row>,
    points: Vec<Vec<Point>>,
    members: Vec<Vec<usize>>,
    notes: Vec<String>,
    facts: Vec<crate::compute::facts::Fact>,
}

/// Computes a reoffending table for one cohort.
pub(super) fn compute(
    id: &str,
    spec: &TableSpec,
    ctx: &Context,
    problems: &mut Vec<Problem>,
) -> Option<ComputedTable> {
    refuse(spec, problems);
    let periods = periods(spec, None, problems)?;
    if periods.len() != 1 {
        problems.push(
            Problem::error(
                "bad-value",
                format!(
                    "a reoffending table is for one cohort, but `periods` names {}",
                    periods.len()
                ),
            )
            .at(&Loc::yaml(&["periods"]))
            .hint("write one table per cohort, e.g. `periods: [Jun-21]`; for a trend over time use the indicators reoffending-binary and reoffences-per-reoffender"),
        );
        return None;
    }
    let written = written_rows(spec, problems);
    let passes: Vec<Pass> = (0..3)
        .map(|k| pass(k, &written, &periods, ctx, problems))
        .collect();
    let caption = spec
        .caption
        .clone()
        .unwrap_or_else(|| format!("Reoffending of the cohort to {}", periods[0]));
    let mut t = ComputedTable::empty(id, "indicator", &caption);
    build(&mut t, spec, &passes);
    Some(t)
}

/// Keys an indicator table takes that a cohort table cannot use.
fn refuse(spec: &TableSpec, problems: &mut Vec<Problem>) {
    let given = [
        ("csv", spec.csv.is_some()),
        ("change", spec.change.is_some()),
        (
            "chart",
            spec.chart.is_some_and(|c| c != spec::ChartChoice::None),
        ),
    ];
    for (key, _) in given.iter().filter(|(_, g)| *g) {
        problems.push(
            Problem::error("unused-key", format!("`{key}` is not used by reoffending tables"))
                .at(&Loc::yaml(&[key]))
                .hint("a reoffending table shows one cohort; for a trend, a chart or a CSV file use the indicators reoffending-binary and reoffences-per-reoffender"),
        );
    }
}

/// The rows as written: label, place and keys.
fn written_rows(
    spec: &TableSpec,
    problems: &mut Vec<Problem>,
) -> Vec<(String, Loc, IndicatorRowSpec)> {
    let Some(value) = spec::yaml_rows_value(spec, "a reoffending table", problems) else {
        return Vec::new();
    };
    let rows_loc = Loc::yaml(&["rows"]);
    spec::map_entries(value, &rows_loc, problems)
        .into_iter()
        .filter_map(|(label, v)| {
            let loc = rows_loc.key(&label);
            let row = spec::from_value::<IndicatorRowSpec>(&v, &loc, problems)?;
            if row.value.is_some() {
                problems.push(
                    Problem::error(
                        "wrong-measure",
                        format!("{label} gives `value`, but a reoffending table prints three figures"),
                    )
                    .at(&loc.key("value"))
                    .hint("write the printed figures as `binary`, `per_reoffender` and `per_offender`"),
                );
            }
            Some((label, loc, row))
        })
        .collect()
}

/// Computes measure `k` over the rows: its printed figure taken from its own key, its problems
/// added once (the three passes read the same counts).
fn pass(
    k: usize,
    written: &[(String, Loc, IndicatorRowSpec)],
    periods: &[String],
    ctx: &Context,
    problems: &mut Vec<Problem>,
) -> Pass {
    let ind = indicator::find(MEASURES[k]).expect("the reoffending indicators are defined");
    let mut found = Vec::new();
    let rows_in: Vec<RowIn> = written
        .iter()
        .map(|(label, loc, r)| {
            let mut r = r.clone();
            r.value = [&r.binary, &r.per_reoffender, &r.per_offender][k].clone();
            (r.binary, r.per_reoffender, r.per_offender) = (None, None, None);
            let mut row = row_in(label.clone(), loc.clone(), r, &mut found);
            for m in row.measures.iter_mut().filter(|m| m.0 == Measure::Value) {
                m.2 = loc.key(STATED_KEYS[k]);
            }
            row
        })
        .collect();
    let mut job = Job {
        ind,
        periods: periods.to_vec(),
        ctx,
        problems: &mut found,
    };
    let rows: Vec<Row> = rows_in.into_iter().map(|r| job.read_row(r)).collect();
    let (points, members) = job.points(&rows);
    let facts = rows
        .iter()
        .zip(&points)
        .enumerate()
        .flat_map(|(i, (row, pts))| job.facts(row, pts, i == 0))
        .collect();
    let done = Computed {
        rows,
        points,
        members,
    };
    // One note per pooled row for the whole table (in `build`), not one per measure.
    let pooled: Vec<String> = done
        .rows
        .iter()
        .zip(&done.members)
        .filter(|(r, _)| r.pool.is_some())
        .map(|(r, m)| job.pool_note(r, m, &done.rows))
        .collect();
    let notes = job
        .notes(&done)
        .into_iter()
        .filter(|n| !pooled.contains(n))
        .collect();
    let members = done.members.clone();
    for p in found {
        if !problems.contains(&p) {
            problems.push(p);
        }
    }
    Pass {
        ind,
        rows: done.rows,
        points: done.points,
        members,
        notes,
        facts,
    }
}

/// Fills the table: head, columns, one body row per area, notes and facts.
fn build(t: &mut ComputedTable, spec: &TableSpec, passes: &[Pass]) {
    let header = spec
        .row_header
        .clone()
        .unwrap_or_else(|| "Area".to_string());
    t.source = spec.source.clone();
    t.columns = vec![ColumnInfo::new(&header, false)];
    let heads = COUNTS.iter().map(|(k, h, _)| (*k, *h)).chain(FIGURES);
    for (key, label) in heads {
        t.columns.push(ColumnInfo {
            key: key.to_string(),
            label: label.to_string(),
            numeric: true,
        });
    }
    t.head_from_columns();
    let threshold = spec.suppress_below.map(Decimal::from);
    for (i, row) in passes[0].rows.iter().enumerate() {
        let mut cells = vec![BodyCell::text(&row.label)];
        cells.extend(COUNTS.iter().map(|(_, _, m)| count_cell(passes, i, *m)));
        for pass in passes {
            let pt = &pass.points[i][0];
            let hidden = is_small(pt, threshold);
            cells.push(figure_cell(&pt.figure, pass.ind.decimals, hidden));
        }
        t.rows.push(BodyRow {
            key: slug(&row.label),
            label: row.label.clone(),
            cells,
            is_total: false,
            is_comparator: row.pool.is_some() || (i > 0 && is_comparator_name(&row.label)),
        });
    }
    t.notes = spec.notes.clone();
    t.notes.extend(pool_notes(&passes[0]));
    for note in passes.iter().flat_map(|p| &p.notes) {
        if !t.notes.contains(note) {
            t.notes.push(note.clone());
        }
    }
    t.facts = passes
        .iter()
        .flat_map(|p| p.facts.iter().cloned())
        .collect();
}

/// How each pooled row was formed: "Family average: the counts of Northshire and Southshire
/// added together; each measure is computed from these sums."
fn pool_notes(pass: &Pass) -> Vec<String> {
    pass.rows
        .iter()
        .zip(&pass.members)
        .filter(|(r, _)| r.pool.is_some())
        .map(|(r, members)| {
            let names: Vec<&str> = members
                .iter()
                .map(|&m| pass.rows[m].label.as_str())
                .collect();
            format!(
                "{}: the counts of {} added together; each measure is computed from these sums.",
                r.label,
                names.join(", ")
            )
        })
        .collect()
}

/// A count: as written for a plain row, the members' sum for a pooled row (from whichever measure
/// used it), blank when unknown.
fn count_cell(passes: &[Pass], i: usize, m: Measure) -> BodyCell {
    let from_points = passes.iter().find_map(|p| {
        let (n, d) = p.points[i][0].counts?;
        if p.ind.numerator == m {
            Some(n)
        } else if p.ind.denominator == m {
            Some(d)
        } else {
            None
        }
    });
    let written = match passes[0].rows[i].cell(m, 0) {
        Some(Cell::Number(n)) => Some(n.value),
        _ => None,
    };
    match from_points.or(written) {
        Some(v) => BodyCell::number(format_money(v, !v.fract().is_zero()), v),
        None => BodyCell::blank(),
    }
}

/// A measure's cell, as an indicator table prints it.
fn figure_cell(figure: &Figure, decimals: u32, hidden: bool) -> BodyCell {
    match figure {
        _ if hidden => BodyCell::suppressed(),
        Figure::Given(v) | Figure::Computed(v) => BodyCell::number(format_fixed(*v, decimals), *v),
        Figure::Text(t) => BodyCell::text(t),
        Figure::Blank => BodyCell::blank(),
    }
}

#[cfg(test)]
mod tests;
