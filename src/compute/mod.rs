//! Table computation for yjplan.
//!
//! Takes one table as written in a section's front matter ([`TableSpec`]) and what the plan knows
//! ([`Context`]: population, Welsh or not, a CSV reader); gives the [`ComputedTable`] to print and
//! every [`Problem`] found. The input format is described in docs/format.md ("Tables", "Cells").
//! All arithmetic is exact decimal arithmetic; rounding is half-up and happens only for display.
//!
//! Where to start reading: [`compute_table`] below sends each kind to its file (`rates.rs` for
//! indicator tables, `sum.rs`, `budget.rs`, `share.rs`, `text.rs`); `spec.rs` is the input,
//! `table.rs` the output, `number.rs` the reading and printing of numbers.
//!
//! Problem codes (all errors unless marked):
//! - `bad-number`: number-like text that is malformed ("1,17,999", "1.2.3") or too long;
//! - `bad-value`: a value of the wrong shape (a list for a number, rows that are not a map, …);
//! - `budget-row`: a budget row that is not in the template, given twice, or an amount from the
//!   Welsh Government for a service that is not Welsh;
//! - `caption-unit`: an indicator caption naming another unit than the indicator's;
//! - `chart-too-large`, `table-too-large` (from [`limits`]): a chart or table beyond the limits;
//! - `check-mismatch`: a sum row where a `check` column is not the sum of the others;
//! - `csv-missing`, `csv-syntax`: the CSV file cannot be read, or its quoting is broken;
//! - `csv-missing-column`, `csv-row-length`: a CSV header lacks a column, a row has the wrong width;
//! - `division-by-zero`: a rate or share over a zero denominator;
//! - `duplicate-row`, `duplicate-column`: two rows or columns with the same id;
//! - `figure-mismatch` (from [`facts::cross_check`], over the whole plan): a figure printed in one
//!   indicator table that another table computes or prints differently;
//! - `group-columns`: a group over columns that are not adjacent, or in two groups;
//! - `missing-caption`: a sum, budget, share or text table without a caption;
//! - `missing-count`: no denominator (cohort, reoffenders) for a numerator, or a pooled row whose
//!   members lack counts;
//! - `missing-key`: a key the kind needs (`indicator`, `periods`, `columns`, `rows`);
//! - `missing-population`: a count with no population in the row or in plan.yaml;
//! - `missing-total`: a share count with no `total`;
//! - `negative-amount` (warning): a negative budget amount;
//! - `negative-count`: a negative count or figure;
//! - `number-too-large`: a sum or rate beyond exact decimal range;
//! - `percent-in-sum`: a percentage in a sum table that adds totals;
//! - `pooled-row`: a pooled row naming rows that are not plain rows, or giving counts itself;
//! - `row-length`: a row (or `stated_total`, or share `columns`) of the wrong length;
//! - `share-over-total`: a share count above the total;
//! - `stated-mismatch`: a printed value or total that differs from the computed one;
//! - `text-in-computed-cell`: text such as ">10" where a number is needed to compute;
//! - `unknown-column`: a column named in `groups`, `check` or a CSV header that is not a column;
//! - `unknown-indicator`: an `indicator` yjplan does not know;
//! - `unknown-key`: an unknown key inside a row or `stated_total`;
//! - `unused-key`: a key that the table's kind does not use;
//! - `value-unit`: a published rate written with a "%" when the indicator is not a percentage;
//! - `wrong-measure`: a row measure the indicator does not use (or an unknown CSV measure).

pub mod budget;
pub mod csv;
pub mod facts;
pub mod indicator;
pub mod limits;
pub mod number;
mod own_total;
pub mod problem;
pub mod share;
pub mod spec;
pub mod sum;
pub mod suppress;
pub mod table;
pub mod table_ids;
pub mod text;
pub mod util;

#[cfg(test)]
mod testing;

pub use problem::{Problem, Severity};
pub use spec::TableSpec;
pub use table::{
    BodyCell, BodyRow, ChartData, ChartKind, ColumnInfo, ComputedTable, HeadCell, Series,
};

use problem::Loc;
use rust_decimal::Decimal;
use spec::{ChartChoice, Kind};
use std::collections::HashSet;

/// What the computation needs from the plan.
pub struct Context<'a> {
    /// Population aged 10-17 for (row label, period label), from plan.yaml; None when unknown.
    pub population: &'a (dyn Fn(&str, &str) -> Option<Decimal> + Sync),
    /// True for a Welsh service (the budget table's Welsh Government row is allowed and shown).
    pub wales: bool,
    /// Reads a CSV file named by `csv:` relative to the plan directory; Err(message) if unreadable.
    pub read_csv: &'a (dyn Fn(&str) -> Result<String, String> + Sync),
}

/// Computes one table: the table (None only if it cannot be built at all) and every problem found.
pub fn compute_table(
    id: &str,
    spec: &TableSpec,
    ctx: &Context,
) -> (Option<ComputedTable>, Vec<Problem>) {
    let (mut table, mut problems) = compute_kind(id, spec, ctx);
    if let Some(own) = table.as_ref().and_then(own_total::find) {
        // The author's Total row would be added into the totals and every check: compute the
        // table again without it, so the one message is about the row itself.
        if let Some(again) = own_total::without(id, spec, ctx, &own.label) {
            (table, problems) = again;
        }
        problems.insert(0, own_total::problem(&own, spec, ctx));
        if let Some(t) = table.as_mut() {
            t.rows.retain(|r| r.key != "total" || r.is_total);
        }
    }
    if let Some(t) = table.as_mut() {
        name_label_column(t);
        limits::check(t, spec.csv.is_some(), &mut problems);
        check_unique_keys(t, &mut problems);
    }
    (table, problems)
}

/// Computes one table by its kind.
fn compute_kind(
    id: &str,
    spec: &TableSpec,
    ctx: &Context,
) -> (Option<ComputedTable>, Vec<Problem>) {
    let mut problems = Vec::new();
    check_keys(spec, &mut problems);
    let table = match spec.kind {
        Kind::Indicator => indicator::compute(id, spec, ctx, &mut problems),
        Kind::Sum => sum::compute(id, spec, ctx, &mut problems),
        Kind::Budget => budget::compute(id, spec, ctx, &mut problems),
        Kind::Share => share::compute(id, spec, ctx, &mut problems),
        Kind::Text => text::compute(id, spec, &mut problems),
    };
    (table, problems)
}

/// Gives the label column the key "label" when its header is empty.
fn name_label_column(t: &mut ComputedTable) {
    if let Some(first) = t.columns.first_mut().filter(|c| c.key.is_empty()) {
        first.key = "label".to_string();
    }
}

/// The keys each kind uses (besides `kind`).
pub fn keys_of(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Indicator => &[
            "caption",
            "source",
            "notes",
            "row_header",
            "csv",
            "chart",
            "suppress_below",
            "indicator",
            "periods",
            "change",
            "rows",
        ],
        Kind::Sum => &[
            "caption",
            "source",
            "notes",
            "row_header",
            "csv",
            "chart",
            "suppress_below",
            "columns",
            "groups",
            "subcolumns",
            "totals",
            "total_label",
            "check",
            "rows",
            "stated_total",
        ],
        Kind::Budget => &[
            "caption",
            "source",
            "notes",
            "row_header",
            "rows",
            "stated_total",
            "columns",
            "order",
        ],
        Kind::Share => &[
            "caption",
            "source",
            "notes",
            "row_header",
            "csv",
            "chart",
            "suppress_below",
            "total",
            "total_label",
            "decimals",
            "rows",
            "columns",
        ],
        Kind::Text => &["caption", "source", "notes", "columns", "rows"],
    }
}

/// The keys the spec gives (a `chart: none` counts as not given).
fn given_keys(spec: &TableSpec) -> Vec<&'static str> {
    let chart = spec.chart.is_some_and(|c| c != ChartChoice::None);
    let given = [
        ("caption", spec.caption.is_some()),
        ("source", spec.source.is_some()),
        ("notes", !spec.notes.is_empty()),
        ("row_header", spec.row_header.is_some()),
        ("csv", spec.csv.is_some()),
        ("chart", chart),
        ("suppress_below", spec.suppress_below.is_some()),
        ("indicator", spec.indicator.is_some()),
        ("periods", spec.periods.is_some()),
        ("change", spec.change.is_some()),
        ("columns", spec.columns.is_some()),
        ("groups", spec.groups.is_some()),
        ("subcolumns", spec.subcolumns.is_some()),
        ("totals", spec.totals.is_some()),
        ("total_label", spec.total_label.is_some()),
        ("check", spec.check.is_some()),
        ("total", spec.total.is_some()),
        ("decimals", spec.decimals.is_some()),
        ("rows", spec.rows.is_some()),
        ("stated_total", spec.stated_total.is_some()),
        ("order", spec.order.is_some()),
    ];
    given.iter().filter(|(_, g)| *g).map(|(k, _)| *k).collect()
}

/// "unused-key" for every key the table's kind does not use.
fn check_keys(spec: &TableSpec, problems: &mut Vec<Problem>) {
    let allowed = keys_of(spec.kind);
    for key in given_keys(spec)
        .into_iter()
        .filter(|k| !allowed.contains(k))
    {
        problems.push(
            Problem::error(
                "unused-key",
                format!("`{key}` is not used by {} tables", spec.kind.name()),
            )
            .at(&Loc::yaml(&[key]))
            .hint(format!(
                "{} tables use {}",
                spec.kind.name(),
                util::quoted_list(allowed)
            )),
        );
    }
}

/// "duplicate-row" and "duplicate-column" when two rows or columns share a key.
fn check_unique_keys(t: &ComputedTable, problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for row in t
        .rows
        .iter()
        .filter(|r| !r.key.is_empty() && !seen.insert(r.key.as_str()))
    {
        problems.push(
            Problem::error(
                "duplicate-row",
                format!("two rows have the id \"{}\" (\"{}\")", row.key, row.label),
            )
            .at(&Loc::yaml(&["rows"]))
            .hint("give every row a different label (the total row's id is \"total\")"),
        );
    }
    let mut seen = HashSet::new();
    let dup_cols = t
        .columns
        .iter()
        .filter(|c| !c.key.is_empty() && !seen.insert(c.key.as_str()));
    for col in dup_cols {
        let key = if t.kind == "indicator" {
            "periods"
        } else {
            "columns"
        };
        problems.push(
            Problem::error(
                "duplicate-column",
                format!(
                    "two columns have the id \"{}\" (\"{}\")",
                    col.key, col.label
                ),
            )
            .at(&Loc::yaml(&[key]))
            .hint("give every column a different label (a total column's id is \"total\")"),
        );
    }
}

/// The caption of a kind that needs one; "missing-caption" when there is none.
pub(crate) fn required_caption(spec: &TableSpec, problems: &mut Vec<Problem>) -> String {
    match &spec.caption {
        Some(c) if !c.trim().is_empty() => c.trim().to_string(),
        _ => {
            problems.push(
                Problem::error(
                    "missing-caption",
                    format!("a {} table needs a caption", spec.kind.name()),
                )
                .at(&Loc::yaml(&["caption"]))
                .hint("add `caption:` saying what the table shows, for whom and when"),
            );
            String::new()
        }
    }
}

/// The chart to draw: the spec's choice, else the kind's default.
pub(crate) fn chart_kind(
    choice: Option<ChartChoice>,
    default: Option<ChartKind>,
) -> Option<ChartKind> {
    match choice {
        None => default,
        Some(ChartChoice::None) => None,
        Some(ChartChoice::Line) => Some(ChartKind::Line),
        Some(ChartChoice::Bar) => Some(ChartKind::Bar),
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{codes, run};

    #[test]
    fn keys_of_another_kind_are_errors() {
        let (table, problems) =
            run("kind: budget\ncaption: B\ngroups: []\nchart: line\nrows: {}\n");
        assert!(table.is_some());
        assert_eq!(codes(&problems), ["unused-key", "unused-key"]);
        assert!(problems[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("\"stated_total\""));
    }

    #[test]
    fn chart_none_is_allowed_everywhere() {
        let (_, problems) = run("kind: text\ncaption: T\nchart: none\ncolumns: [A]\nrows: [[x]]\n");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let (_, problems) =
            run("kind: sum\nrow_header: Row\ncaption: S\ncolumns: [A, a]\ntotals: columns\nrows: {North: [1, 2], NORTH: [3, 4]}\n");
        assert_eq!(codes(&problems), ["duplicate-row", "duplicate-column"]);
    }

    #[test]
    fn a_caption_is_required() {
        let (table, problems) = run("kind: sum\nrow_header: Row\ncolumns: [A]\nrows: {x: [1]}\n");
        let table = table.unwrap();
        assert_eq!(table.caption, "");
        assert_eq!(table.columns[0].key, "row");
        assert_eq!(codes(&problems), ["missing-caption"]);
    }
}
