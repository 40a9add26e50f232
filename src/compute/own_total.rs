//! An author's own Total row in a table that adds its own (a habit from Word and Excel tables):
//! takes a computed table and its spec, and gives the row, the table computed again without it
//! (so nothing else is reported about it), and the one message.

use super::problem::{Loc, Problem};
use super::{csv, spec, BodyRow, ComputedTable, Context, TableSpec};

/// The author's own row labelled as a total ("Total", "TOTAL") in a table that adds its own.
pub(super) fn find(t: &ComputedTable) -> Option<BodyRow> {
    if !t.rows.iter().any(|r| r.is_total) {
        return None;
    }
    t.rows
        .iter()
        .find(|r| r.key == "total" && !r.is_total)
        .cloned()
}

/// The table computed again without the row labelled `label`: dropped from `rows:`, or its
/// line of the CSV file blanked (so the other lines keep their numbers).
pub(super) fn without(
    id: &str,
    spec: &TableSpec,
    ctx: &Context,
    label: &str,
) -> Option<(Option<ComputedTable>, Vec<Problem>)> {
    if let Some(rows) = spec.rows.as_ref().and_then(|r| r.as_mapping()) {
        let mut kept = rows.clone();
        kept.retain(|k, _| spec::scalar_text(k).is_none_or(|k| k.trim() != label));
        if kept.len() < rows.len() {
            let mut trimmed = spec.clone();
            trimmed.rows = Some(serde_yaml::Value::Mapping(kept));
            return Some(super::compute_kind(id, &trimmed, ctx));
        }
    }
    let file = spec.csv.as_deref()?;
    let line = csv_line_of(file, label, ctx)?;
    let read = |f: &str| -> Result<String, String> {
        let text = (ctx.read_csv)(f)?;
        Ok(if f == file {
            blank_line(&text, line)
        } else {
            text
        })
    };
    let blanked = Context {
        read_csv: &read,
        ..*ctx
    };
    Some(super::compute_kind(id, spec, &blanked))
}

/// The text with its 1-based line `line` emptied (its line end kept).
fn blank_line(text: &str, line: usize) -> String {
    text.split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                &l[l.trim_end_matches(['\r', '\n']).len()..]
            } else {
                l
            }
        })
        .collect()
}

/// The "own-total-row" error, at the author's row (its YAML key, or its CSV line).
pub(super) fn problem(own: &BodyRow, spec: &TableSpec, ctx: &Context) -> Problem {
    let loc = match &spec.csv {
        Some(file) => Loc::csv(file, csv_line_of(file, &own.label, ctx).unwrap_or(1)),
        None => Loc::yaml(&["rows", own.label.as_str()]),
    };
    Problem::error(
        "own-total-row",
        format!("the row \"{}\" is a total, but yjplan adds the total row itself", own.label),
    )
    .at(&loc)
    .hint("delete this row: yjplan adds up the rows and prints the Total row (`total_label:` changes its wording)")
}

/// The line of the CSV record whose first field is `label`.
fn csv_line_of(file: &str, label: &str, ctx: &Context) -> Option<usize> {
    let text = (ctx.read_csv)(file).ok()?;
    let records = csv::parse(&text).ok()?;
    records
        .iter()
        .find(|r| r.fields.first().is_some_and(|f| f.trim() == label))
        .map(|r| r.line)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, run, run_with, texts};

    const OWN_TOTAL: &str = "kind: sum\ncaption: Spending\nrow_header: Team\ncolumns: [Staff]\ntotals: columns\nrows:\n  North: [1]\n  South: [2]\n  Total: [3]\n";

    #[test]
    fn an_own_total_row_is_one_message_and_not_added_in() {
        let (table, problems) = run(OWN_TOTAL);
        assert_eq!(codes(&problems), ["own-total-row"]);
        assert_eq!(problems[0].path, ["rows", "Total"]);
        let rows = texts(&table.unwrap());
        assert_eq!(rows.last().unwrap(), &["Total", "3"]);
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn an_own_total_row_in_a_csv_is_found_at_its_line() {
        let yaml = "kind: sum\ncaption: Spending\nrow_header: Team\ncolumns: [Staff]\ntotals: columns\ncsv: data/s.csv\n";
        let csv = "Team,Staff\nNorth,1\nSouth,2\nTOTAL,3\n";
        let (table, problems) = run_with(yaml, &[("data/s.csv", csv)], false);
        assert_eq!(codes(&problems), ["own-total-row"]);
        assert_eq!(problems[0].csv_line, Some(("data/s.csv".to_string(), 4)));
        assert_eq!(texts(&table.unwrap()).last().unwrap(), &["Total", "3"]);
    }

    #[test]
    fn a_table_without_a_total_row_may_have_a_row_called_total() {
        let (_, problems) = run(&OWN_TOTAL.replace("totals: columns\n", ""));
        assert_eq!(codes(&problems), Vec::<&str>::new());
    }
}
