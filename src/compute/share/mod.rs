//! Share tables (`kind: share`): counts as percentages of a stated whole.
//!
//! Takes a `total` and rows of counts (or `{count, percent}` with the percentage as printed, which is
//! checked), or rows of given percentages ("85%") with no total, from YAML or a CSV file
//! (`row,count[,percent]`); gives the table (the whole first, then each row with its number and
//! percentage, rounded half-up to `decimals`) and a bar chart of the percentages.

use super::csv::{self, CsvTable};
use super::number::{self, format_fixed, format_percent, round_half_up, ArithError};
use super::problem::{Loc, Problem};
use super::spec::{self, Cell, RawCell, ShareRowSpec, TableSpec};
use super::suppress;
use super::table::{
    BodyCell, BodyRow, ChartData, ChartKind, ColumnInfo, ComputedTable, HeadCell, Series,
};
use super::util::slug;
use super::{chart_kind, required_caption, Context};
use rust_decimal::Decimal;

/// The most decimal places a percentage may show.
const MAX_DECIMALS: u32 = 6;

/// A row as given.
struct RowIn {
    label: String,
    loc: Loc,
    count: RawCell,
    percent: Option<RawCell>,
}

/// A row computed: its count (if any) and percentage (if any).
struct Row {
    label: String,
    count: Option<Decimal>,
    percent: Option<Decimal>,
    /// Text shown in place of the count.
    text: Option<String>,
}

/// Computes a share table.
pub fn compute(
    id: &str,
    spec: &TableSpec,
    ctx: &Context,
    problems: &mut Vec<Problem>,
) -> Option<ComputedTable> {
    let caption = required_caption(spec, problems);
    let decimals = decimals(spec, problems);
    let csv = spec
        .csv
        .as_deref()
        .and_then(|f| csv::load(f, ctx.read_csv, problems));
    let mut rows_in = match &csv {
        Some(t) => csv_rows(t, problems),
        None => Vec::new(),
    };
    rows_in.extend(yaml_rows(spec, problems));
    let total = total(spec, problems);
    let rows: Vec<Row> = rows_in
        .iter()
        .map(|r| row(r, total, decimals, problems))
        .collect();
    let mut t = ComputedTable::empty(id, "share", &caption);
    build(&mut t, spec, csv.as_ref(), total, &rows, decimals, problems);
    Some(t)
}

/// The decimal places of the percentages (default 0).
fn decimals(spec: &TableSpec, problems: &mut Vec<Problem>) -> u32 {
    let d = spec.decimals.unwrap_or(0);
    if d > MAX_DECIMALS {
        problems.push(
            Problem::error(
                "bad-value",
                format!("`decimals: {d}` is more than {MAX_DECIMALS}"),
            )
            .at(&Loc::yaml(&["decimals"]))
            .hint("percentages normally show 0 or 1 decimal place"),
        );
        return MAX_DECIMALS;
    }
    d
}

/// The whole, when given as a usable count.
fn total(spec: &TableSpec, problems: &mut Vec<Problem>) -> Option<Decimal> {
    let raw = spec.total.as_ref()?;
    let loc = Loc::yaml(&["total"]);
    match spec::read_count(raw, &loc, "the total", problems) {
        Cell::Number(n) if !n.percent => Some(n.value),
        Cell::Text(t) => {
            problems.push(spec::text_in_computed(&t, &loc, "the total"));
            None
        }
        Cell::Number(_) => {
            problems.push(
                Problem::error("bad-value", "the total is a count, not a percentage").at(&loc),
            );
            None
        }
        Cell::Blank | Cell::Invalid(_) => None,
    }
}

/// Rows from a CSV file with the header `row,count` (and optionally `percent`).
fn csv_rows(t: &CsvTable, problems: &mut Vec<Problem>) -> Vec<RowIn> {
    let Some(count) = t.column("count") else {
        problems.push(csv::missing_column(t, "count"));
        return Vec::new();
    };
    let percent = t.column("percent");
    for (i, h) in t.header.iter().enumerate().skip(1) {
        if i != count && Some(i) != percent {
            problems.push(
                Problem::error(
                    "unknown-column",
                    format!(
                        "\"{}\" has a column \"{h}\"; a share table reads `count` and `percent`",
                        t.file
                    ),
                )
                .at(&t.loc(1))
                .hint("the header is row,count or row,count,percent"),
            );
        }
    }
    t.rows
        .iter()
        .map(|rec| {
            let field = |i: usize| rec.fields.get(i).map_or(RawCell::Blank, |f| csv::raw(f));
            RowIn {
                label: rec.fields.first().map_or("", |f| f.trim()).to_string(),
                loc: t.loc(rec.line),
                count: field(count),
                percent: percent.map(field),
            }
        })
        .collect()
}

/// Rows written under `rows:`: `label: count`, `label: "85%"` or `label: {count, percent}`.
fn yaml_rows(spec: &TableSpec, problems: &mut Vec<Problem>) -> Vec<RowIn> {
    let Some(value) = spec::yaml_rows_value(spec, "a share table", problems) else {
        return Vec::new();
    };
    let rows_loc = Loc::yaml(&["rows"]);
    let mut out = Vec::new();
    for (label, v) in spec::map_entries(value, &rows_loc, problems) {
        let loc = rows_loc.key(&label);
        let row = if v.is_mapping() {
            spec::from_value::<ShareRowSpec>(&v, &loc, problems)
                .map(|r| (r.count.unwrap_or(RawCell::Blank), r.percent))
        } else {
            spec::from_value::<RawCell>(&v, &loc, problems).map(|c| (c, None))
        };
        if let Some((count, percent)) = row {
            out.push(RowIn {
                label,
                loc,
                count,
                percent,
            });
        }
    }
    out
}

/// Computes a row: its percentage of the total, or the percentage it gives.
fn row(r: &RowIn, total: Option<Decimal>, decimals: u32, problems: &mut Vec<Problem>) -> Row {
    let mut row = Row {
        label: r.label.clone(),
        count: None,
        percent: None,
        text: None,
    };
    let count_loc = if r.percent.is_some() {
        r.loc.key("count")
    } else {
        r.loc.clone()
    };
    match spec::read_count(&r.count, &count_loc, &r.label, problems) {
        Cell::Number(n) if n.percent => row.percent = Some(n.value),
        Cell::Number(n) => {
            row.count = Some(n.value);
            row.percent = share_of(&r.label, n.value, total, &count_loc, problems);
        }
        Cell::Text(t) => {
            problems.push(spec::text_in_computed(&t, &count_loc, &r.label));
            row.text = Some(t);
        }
        Cell::Invalid(t) => row.text = Some(t),
        // `{ percent: "85%" }` alone: a percentage given as published.
        Cell::Blank => {
            if let Some(raw) = &r.percent {
                if let Cell::Number(n) =
                    spec::read_cell(raw, &r.loc.key("percent"), &r.label, problems)
                {
                    row.percent = Some(n.value);
                }
                return row;
            }
        }
    }
    if let (Some(raw), Some(computed)) = (&r.percent, row.percent) {
        check_percent(
            &r.label,
            raw,
            computed,
            decimals,
            &r.loc.key("percent"),
            problems,
        );
    }
    row
}

/// The count as a percentage of the total; errors for no total, a zero total or a count above it.
fn share_of(
    label: &str,
    count: Decimal,
    total: Option<Decimal>,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) -> Option<Decimal> {
    let Some(total) = total else {
        problems.push(
            Problem::error(
                "missing-total",
                format!("{label} is a count, but the table has no total to take a share of"),
            )
            .at(loc)
            .hint("add `total:` with the whole, or give the percentage itself, as in \"85%\""),
        );
        return None;
    };
    if count > total {
        problems.push(
            Problem::error(
                "share-over-total",
                format!("{label} is {count}, more than the total {total}"),
            )
            .at(loc)
            .hint("a count cannot be more than the whole; check both"),
        );
    }
    match number::ratio(count, total, Decimal::ONE_HUNDRED) {
        Ok(p) => Some(p),
        Err(ArithError::DivisionByZero) => {
            problems.push(
                Problem::error(
                    "division-by-zero",
                    format!("{label}: the total is 0, so no percentage can be computed"),
                )
                .at(&Loc::yaml(&["total"]))
                .hint("give the whole as `total:`"),
            );
            None
        }
        Err(e) => {
            problems.push(Problem::error("number-too-large", format!("{label}: {e}")).at(loc));
            None
        }
    }
}

/// "stated-mismatch" when a printed percentage differs from the computed one once rounded.
fn check_percent(
    label: &str,
    raw: &RawCell,
    computed: Decimal,
    decimals: u32,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) {
    let Cell::Number(stated) =
        spec::read_cell(raw, loc, &format!("the percentage of {label}"), problems)
    else {
        return;
    };
    if round_half_up(stated.value, decimals) != round_half_up(computed, decimals) {
        problems.push(
            Problem::error(
                "stated-mismatch",
                format!(
                    "{label}: the stated percentage {} does not equal the computed percentage {}",
                    format_percent(stated.value, decimals),
                    format_percent(computed, decimals)
                ),
            )
            .at(loc)
            .hint("correct the count, the total or the percentage; the table prints the computed percentage"),
        );
    }
}

/// Fills the output table.
fn build(
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
fn column_labels(
    spec: &TableSpec,
    csv: Option<&CsvTable>,
    with_counts: bool,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let header = super::util::label_header(spec, csv, problems);
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
fn cells(r: &Row, with_counts: bool, hidden: bool, decimals: u32) -> Vec<BodyCell> {
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
fn body_row(label: &str, key: &str, cells: Vec<BodyCell>, is_total: bool) -> BodyRow {
    BodyRow {
        key: key.to_string(),
        label: label.to_string(),
        cells,
        is_total,
        is_comparator: false,
    }
}

/// The bar chart: one bar per row (the whole left out), the percentages as printed.
fn chart(kind: ChartKind, t: &ComputedTable, decimals: u32) -> ChartData {
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
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, run, run_with, texts};

    const EDUCATION: &str = r#"
kind: share
row_header: Row
caption: Education of children of school age worked with in 2022
total: 321
total_label: Children of school age
rows:
  In an education placement: 290
  Receiving full-time education: 241
  Missing education: 21
"#;

    #[test]
    fn west_mercia_education_shares_round_half_up() {
        let (t, problems) = run(EDUCATION);
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        assert_eq!(
            texts(&t),
            [
                ["Children of school age", "321", "100%"],
                ["In an education placement", "290", "90%"],
                ["Receiving full-time education", "241", "75%"],
                ["Missing education", "21", "7%"],
            ]
        );
        assert_eq!(
            t.cell("Missing education", "Percentage").unwrap().text,
            "7%"
        );
        assert_eq!(t.cell("total", "number").unwrap().text, "321");
        assert_eq!(t.columns[0].key, "row");
    }

    #[test]
    fn midpoints_round_up() {
        let t = run("kind: share\nrow_header: Row\ncaption: S\ntotal: 8\nrows: {a: 1, b: 5}\n")
            .0
            .unwrap();
        assert_eq!(t.cell("a", "percentage").unwrap().text, "13%");
        assert_eq!(t.cell("b", "percentage").unwrap().text, "63%");
    }

    #[test]
    fn share_tables_have_a_bar_chart() {
        let chart = run(EDUCATION).0.unwrap().chart.unwrap();
        assert_eq!(chart.kind, super::ChartKind::Bar);
        assert_eq!(chart.x_labels.len(), 3);
        assert_eq!(chart.series[0].values, [Some(90.0), Some(75.0), Some(7.0)]);
        assert_eq!(chart.unit.as_deref(), Some("%"));
    }

    #[test]
    fn decimals_set_the_places() {
        let t = run(&format!("{EDUCATION}decimals: 1\n")).0.unwrap();
        assert_eq!(
            t.cell("In an education placement", "percentage")
                .unwrap()
                .text,
            "90.3%"
        );
        let (_, problems) = run(&format!("{EDUCATION}decimals: 10\n"));
        assert_eq!(codes(&problems), ["bad-value"]);
    }

    #[test]
    fn a_stated_percentage_is_checked() {
        let ok = EDUCATION.replace("placement: 290", "placement: { count: 290, percent: 90 }");
        assert!(run(&ok).1.is_empty());
        let bad = EDUCATION.replace(
            "placement: 290",
            "placement: { count: 290, percent: \"91%\" }",
        );
        let (_, problems) = run(&bad);
        assert_eq!(codes(&problems), ["stated-mismatch"]);
        assert_eq!(
            problems[0].path,
            ["rows", "In an education placement", "percent"]
        );
        assert!(problems[0].message.contains("91%") && problems[0].message.contains("90%"));
    }

    #[test]
    fn given_percentages_need_no_total() {
        let (t, problems) = run("kind: share\ncaption: S\nrow_header: Area\nrows: {Herefordshire: \"85%\", Shropshire: \"80.5%\"}\n");
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        assert_eq!(texts(&t), [["Herefordshire", "85%"], ["Shropshire", "81%"]]);
        assert_eq!(t.head[0][0].text, "Area");
    }

    #[test]
    fn counts_need_a_total_they_fit_in() {
        assert_eq!(
            codes(&run("kind: share\nrow_header: Row\ncaption: S\nrows: {a: 5}\n").1),
            ["missing-total"]
        );
        assert_eq!(
            codes(&run("kind: share\nrow_header: Row\ncaption: S\ntotal: 4\nrows: {a: 5}\n").1),
            ["share-over-total"]
        );
        assert_eq!(
            codes(&run("kind: share\nrow_header: Row\ncaption: S\ntotal: 0\nrows: {a: 0}\n").1),
            ["division-by-zero"]
        );
        assert_eq!(
            codes(
                &run("kind: share\nrow_header: Row\ncaption: S\ntotal: 9\nrows: {a: \"<5\"}\n").1
            ),
            ["text-in-computed-cell"]
        );
        assert_eq!(
            codes(&run("kind: share\nrow_header: Row\ncaption: S\ntotal: -9\nrows: {a: 1}\n").1),
            ["negative-count", "missing-total"]
        );
    }

    #[test]
    fn columns_may_be_renamed() {
        let t = run(&format!("{EDUCATION}columns: [Children, Share]\n"))
            .0
            .unwrap();
        assert_eq!(t.cell("Missing education", "Share").unwrap().text, "7%");
        let (_, problems) = run(&format!("{EDUCATION}columns: [Children]\n"));
        assert_eq!(codes(&problems), ["row-length"]);
    }

    #[test]
    fn small_counts_are_hidden_with_their_share() {
        let t =
            run("kind: share\nrow_header: Row\ncaption: S\ntotal: 100\nsuppress_below: 5\nrows: {a: 3, b: 97}\n")
                .0
                .unwrap();
        assert_eq!(texts(&t)[1], ["a", "*", "*"]);
        assert_eq!(t.notes.len(), 1);
        assert_eq!(t.chart.unwrap().series[0].values[0], None);
    }

    #[test]
    fn rows_come_from_csv() {
        let files = [(
            "e.csv",
            "Setting,count,percent\nIn education,290,90%\nMissing,21,\n",
        )];
        let (t, problems) = run_with(
            "kind: share\ncaption: S\ntotal: 321\ncsv: e.csv\n",
            &files,
            false,
        );
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        assert_eq!(t.head[0][0].text, "Setting");
        assert_eq!(texts(&t)[2], ["Missing", "21", "7%"]);
        let (_, problems) = run_with(
            "kind: share\nrow_header: Row\ncaption: S\ncsv: e.csv\n",
            &[("e.csv", "row,number\n")],
            false,
        );
        assert_eq!(codes(&problems), ["csv-missing-column"]);
    }
}
