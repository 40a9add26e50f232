//! Text tables (`kind: text`), such as the development plan.
//!
//! Takes `columns` and `rows` as lists of cells, a cell being words, a number (printed as written)
//! or a list (printed as bullets); gives the table, the first cell of each row being its label.
//! Rows with the same label get keys "people", "people-2", … so each can still be found.

use super::problem::{Loc, Problem};
use super::required_caption;
use super::spec::{self, RawCell, TableSpec};
use super::table::{BodyCell, BodyRow, ColumnInfo, ComputedTable, HeadCell};
use super::util::slug;
use serde_yaml::Value;

/// Computes a text table; None when it has no columns.
pub fn compute(id: &str, spec: &TableSpec, problems: &mut Vec<Problem>) -> Option<ComputedTable> {
    let caption = required_caption(spec, problems);
    let columns: Vec<String> = spec
        .columns
        .iter()
        .flatten()
        .map(|c| c.0.trim().to_string())
        .collect();
    if columns.is_empty() {
        problems.push(
            Problem::error("missing-key", "a text table needs `columns:`")
                .at(&Loc::yaml(&["columns"]))
                .hint("add `columns: [Theme, Priority, Planned actions]`"),
        );
        return None;
    }
    let mut t = ComputedTable::empty(id, "text", &caption);
    t.source = spec.source.clone();
    t.notes = spec.notes.clone();
    t.columns = columns.iter().map(|c| ColumnInfo::new(c, false)).collect();
    t.head = vec![columns.iter().map(|c| HeadCell::new(c, 1, 1)).collect()];
    for (i, cells) in rows(spec, problems).into_iter().enumerate() {
        let row = body_row(i, cells, columns.len(), problems);
        let key = unique_key(&t.rows, &row.label);
        t.rows.push(BodyRow { key, ..row });
    }
    Some(t)
}

/// The rows as lists of raw cells; "bad-value" when `rows` is not a list of lists.
fn rows(spec: &TableSpec, problems: &mut Vec<Problem>) -> Vec<Vec<RawCell>> {
    let loc = Loc::yaml(&["rows"]);
    let Some(value) = &spec.rows else {
        problems.push(Problem::error("missing-key", "a text table needs `rows:`").at(&loc));
        return Vec::new();
    };
    let bad = || {
        Problem::error(
            "bad-value",
            "the rows of a text table are a list of rows, each a list of cells",
        )
        .at(&loc)
        .hint("write each row as - [People, Supporting staff, [First action, Second action]]")
    };
    let Value::Sequence(items) = value else {
        problems.push(bad());
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        match spec::from_value::<RawCell>(item, &loc, problems) {
            Some(RawCell::List(cells)) => out.push(cells),
            Some(_) => problems.push(bad()),
            None => {}
        }
    }
    out
}

/// A body row from its cells ("row-length" when there are more or fewer than columns).
fn body_row(
    i: usize,
    mut raws: Vec<RawCell>,
    width: usize,
    problems: &mut Vec<Problem>,
) -> BodyRow {
    let cells: Vec<BodyCell> = raws.iter().map(cell).collect();
    let label = cells.first().map(|c| c.text.clone()).unwrap_or_default();
    if raws.len() != width {
        problems.push(
            Problem::error(
                "row-length",
                format!(
                    "row {} (\"{label}\") has {} cells but the table has {width} columns",
                    i + 1,
                    raws.len()
                ),
            )
            .at(&Loc::yaml(&["rows"]))
            .hint("give one cell per column; write \"\" for an empty cell"),
        );
    }
    raws.resize(width, RawCell::Blank);
    BodyRow {
        key: String::new(),
        label,
        cells: raws.iter().map(cell).collect(),
        is_total: false,
        is_comparator: false,
    }
}

/// A cell: words as written, or a list of items.
fn cell(raw: &RawCell) -> BodyCell {
    match raw {
        RawCell::List(items) => {
            let items: Vec<String> = items
                .iter()
                .map(RawCell::as_written)
                .filter(|s| !s.trim().is_empty())
                .collect();
            BodyCell {
                items: items.clone(),
                ..BodyCell::text(items.join("; "))
            }
        }
        other => BodyCell::text(other.as_written().trim()),
    }
}

/// The slug of `label`, made unique among the rows so far ("people", "people-2").
fn unique_key(rows: &[BodyRow], label: &str) -> String {
    let base = slug(label);
    let taken = |k: &str| rows.iter().any(|r| r.key == k);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|k| !taken(k))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, run};

    const PLAN: &str = r#"
kind: text
caption: Development plan 2023/24
columns: [Theme, Priority, Planned actions, Impact measures]
rows:
  - [People, Supporting staff development, [Revise appraisals, Run a staff survey], Appraisals completed]
  - [People, Wellbeing, Review caseloads, 2024]
"#;

    #[test]
    fn list_cells_become_items() {
        let (t, problems) = run(PLAN);
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        let cell = t.cell("People", "Planned actions").unwrap();
        assert_eq!(cell.items, ["Revise appraisals", "Run a staff survey"]);
        assert!(!cell.numeric);
        assert_eq!(t.head[0][0].text, "Theme");
        assert_eq!(t.cell("people-2", "impact-measures").unwrap().text, "2024");
    }

    #[test]
    fn rows_with_the_same_label_get_distinct_keys() {
        let t = run(PLAN).0.unwrap();
        let keys: Vec<&str> = t.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["people", "people-2"]);
    }

    #[test]
    fn a_row_of_the_wrong_length_is_an_error() {
        let (t, problems) =
            run("kind: text\ncaption: T\ncolumns: [A, B]\nrows:\n  - [x]\n  - [y, z, w]\n");
        assert_eq!(codes(&problems), ["row-length", "row-length"]);
        assert!(t.unwrap().rows.iter().all(|r| r.cells.len() == 2));
    }

    #[test]
    fn rows_must_be_lists() {
        assert_eq!(
            codes(&run("kind: text\ncaption: T\ncolumns: [A]\nrows: {a: b}\n").1),
            ["bad-value"]
        );
        assert_eq!(
            codes(&run("kind: text\ncaption: T\ncolumns: [A]\nrows: [a]\n").1),
            ["bad-value"]
        );
        assert_eq!(
            codes(&run("kind: text\ncaption: T\nrows: []\n").1),
            ["missing-key"]
        );
    }
}
