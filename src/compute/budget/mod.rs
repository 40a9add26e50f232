//! The YJB budget table (`kind: budget`): partner contributions to the pooled budget.
//!
//! Takes rows named after the template's agencies (the wordings real plans print are recognised
//! too, see `rows.rs`), each with staffing, payments in kind and other delegated funds; gives the
//! table as the plan prints it: the template's order or the author's (`order: as-written`), blanks
//! kept blank and dashes kept as "–" while both count as 0, the author's column headings if given,
//! each row's total, the Total row and the template's footnotes. It checks printed row totals and
//! `stated_total`, naming the column heading, the row label and the caption. Pounds print with
//! thousands separators; pence only when some amount has pence (then every amount shows them).

use super::problem::{Loc, Problem};
use super::spec::{self, BudgetRowSpec, BudgetTotalsSpec, RowOrder, TableSpec};
use super::table::{BodyCell, BodyRow, ColumnInfo, ComputedTable};
use super::util::slug;
use super::{required_caption, Context};

mod amount;
mod build;
mod rows;
use amount::{add, amount, compare, has_pence, Amount};
use build::*;
use rows::{template_index, unknown_row, TemplateRow, TEMPLATE, WELSH};

/// The parts of a contribution, in column order: key and default heading.
const PARTS: [(&str, &str); 3] = [
    ("staffing", "Staffing costs (£)"),
    ("in_kind", "Payments in kind (£)"),
    ("other", "Other delegated funds (£)"),
];

/// The default heading of the Total column.
const TOTAL: &str = "Total (£)";

/// The template's footnotes, in yjplan's words.
const FOOTNOTES: [&str; 3] = [
    "Local authority: a service covering more than one local authority gives their contributions together, as one figure.",
    "Police and Crime Commissioner: includes the Commissioner's funding passed on through a local crime reduction partnership.",
    "Other: further funding that can be spent on youth justice work in general; ring-fenced grants are not included.",
];

/// A row as computed.
struct Line {
    label: String,
    key: String,
    parts: [Amount; 3],
    total: Amount,
}

/// What the messages name: the column headings as printed (the caption is named by the
/// pipeline, which puts it before every message about the table).
struct Names {
    /// The three parts' headings, then the Total column's.
    headings: [String; 4],
}

/// Computes the budget table.
pub fn compute(
    id: &str,
    spec: &TableSpec,
    ctx: &Context,
    problems: &mut Vec<Problem>,
) -> Option<ComputedTable> {
    let caption = required_caption(spec, problems);
    let names = Names {
        headings: headings(spec, problems),
    };
    let given = given_rows(spec, ctx.wales, problems);
    let mut lines: Vec<Line> = Vec::new();
    if spec.order == Some(RowOrder::AsWritten) {
        for (i, spec_row, loc) in &given {
            lines.push(line(&TEMPLATE[*i], spec_row, loc, &names, problems));
        }
    } else {
        for (i, row) in TEMPLATE.iter().enumerate() {
            let found = given.iter().find(|(t, _, _)| *t == i);
            match found {
                Some((_, spec_row, loc)) => lines.push(line(row, spec_row, loc, &names, problems)),
                None if i == WELSH && !ctx.wales => {}
                None => lines.push(blank_line(row)),
            }
        }
    }
    let total = total_line(&lines, problems);
    check_totals(spec, &total, &names, problems);
    lines.push(total);
    let mut t = ComputedTable::empty(id, "budget", &caption);
    build(&mut t, spec, &names, &lines);
    Some(t)
}

/// The column headings: `columns` (the three parts and the total, as printed), else the template's.
fn headings(spec: &TableSpec, problems: &mut Vec<Problem>) -> [String; 4] {
    let default = [PARTS[0].1, PARTS[1].1, PARTS[2].1, TOTAL].map(str::to_string);
    let Some(columns) = &spec.columns else {
        return default;
    };
    if columns.len() != 4 {
        problems.push(
            Problem::error(
                "row-length",
                format!(
                    "`columns` names {} headings; a budget table has four: staffing costs, payments in kind, other delegated funds and the total",
                    columns.len()
                ),
            )
            .at(&Loc::yaml(&["columns"]))
            .hint("write the four headings as printed, e.g. `columns: [Staffing costs – secondees (£), Payments in kind (£), Other delegated funds (£), Total (£)]`"),
        );
        return default;
    }
    std::array::from_fn(|i| columns[i].0.trim().to_string())
}

/// The rows the spec gives, matched to the template, in the order written: (template index, row,
/// place); a row without `label` prints its name as written.
fn given_rows(
    spec: &TableSpec,
    wales: bool,
    problems: &mut Vec<Problem>,
) -> Vec<(usize, BudgetRowSpec, Loc)> {
    let Some(value) = &spec.rows else {
        problems.push(
            Problem::error("missing-key", "a budget table needs `rows:`").at(&Loc::yaml(&["rows"])),
        );
        return Vec::new();
    };
    let rows_loc = Loc::yaml(&["rows"]);
    let mut out: Vec<(usize, BudgetRowSpec, Loc)> = Vec::new();
    for (name, v) in spec::map_entries(value, &rows_loc, problems) {
        let loc = rows_loc.key(&name);
        let Some(index) = template_index(&name) else {
            problems.push(unknown_row(&name, &v, &loc));
            continue;
        };
        if out.iter().any(|(i, _, _)| *i == index) {
            problems.push(
                Problem::error(
                    "budget-row",
                    format!(
                        "\"{name}\" is the template's {} row, which is given twice",
                        TEMPLATE[index].name
                    ),
                )
                .at(&loc)
                .hint("give each agency once; to show two lines of one agency, add them up in one row"),
            );
            continue;
        }
        let row = match &v {
            serde_yaml::Value::Null => Some(BudgetRowSpec::default()),
            _ => spec::from_value::<BudgetRowSpec>(&v, &loc, problems),
        };
        let Some(mut row) = row else { continue };
        row.label.get_or_insert_with(|| name.trim().to_string());
        if index == WELSH && !wales && !welsh_row_is_empty(&row) {
            problems.push(welsh_in_england(&name, &loc));
            continue;
        }
        out.push((index, row, loc));
    }
    out
}

/// True when a Welsh Government row has no amount above 0 (English plans printed it empty).
fn welsh_row_is_empty(row: &BudgetRowSpec) -> bool {
    let mut ignored = Vec::new();
    [&row.staffing, &row.in_kind, &row.other, &row.total]
        .into_iter()
        .all(|raw| {
            amount(raw.as_ref(), &Loc::default(), "", &mut ignored)
                .value()
                .is_zero()
        })
}

/// "budget-row" for money from the Welsh Government in a plan that is not a Welsh service's. The
/// hint never suggests `wales: true`: an English service must not claim to be Welsh.
fn welsh_in_england(name: &str, loc: &Loc) -> Problem {
    Problem::error(
        "budget-row",
        format!("\"{name}\" gives an amount, but the Welsh Government funds only services in Wales"),
    )
    .at(loc)
    .hint("leave the row's cells blank (or \"–\"), or remove the row; money from another agency belongs on that agency's row")
}

/// A template row the spec leaves out (template order): blank, counted as 0.
fn blank_line(row: &TemplateRow) -> Line {
    Line {
        label: row.name.to_string(),
        key: row.key.to_string(),
        parts: [Amount::Blank; 3],
        total: Amount::Blank,
    }
}

/// A row the spec gives: its parts added up, and the printed total checked.
fn line(
    row: &TemplateRow,
    spec_row: &BudgetRowSpec,
    loc: &Loc,
    names: &Names,
    problems: &mut Vec<Problem>,
) -> Line {
    let label = spec_row
        .label
        .clone()
        .unwrap_or_else(|| row.name.to_string());
    let raws = [&spec_row.staffing, &spec_row.in_kind, &spec_row.other];
    let mut parts = [Amount::Blank; 3];
    for (i, (part, raw)) in parts.iter_mut().zip(raws).enumerate() {
        let what = format!("{label}, {}", names.headings[i]);
        *part = amount(raw.as_ref(), &loc.key(PARTS[i].0), &what, problems);
    }
    let total = add(&parts, loc, problems);
    if let Some(raw) = &spec_row.total {
        let what = format!("the {} of {label}", names.headings[3]);
        compare(raw, total.value(), &what, &loc.key("total"), problems);
    }
    Line {
        label,
        key: row.key.to_string(),
        parts,
        total,
    }
}

#[cfg(test)]
mod tests;
