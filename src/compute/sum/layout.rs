//! The column layout of a sum table: takes the spec (and the CSV header) and gives the columns,
//! their groups and sub-columns, with problems for unknown or split groups.

use super::*;

/// The layout from `columns` (or the CSV header), `subcolumns` and `groups`.
pub(super) fn layout(
    spec: &TableSpec,
    csv: Option<&CsvTable>,
    problems: &mut Vec<Problem>,
) -> Option<Layout> {
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
pub(super) fn groups(
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
pub(super) fn group_problem(label: &str, adjacent: bool, loc: &Loc) -> Problem {
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
pub(super) fn find_column(
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
