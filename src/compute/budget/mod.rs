//! The YJB budget table (`kind: budget`): partner contributions to the pooled budget.
//!
//! Takes rows named after the template's agencies (a few common wordings are accepted too), each
//! with staffing, payments in kind and other delegated funds; gives the template's table in its
//! order (omitted rows as 0; Welsh Government only for a Welsh service), each row's total, the Total
//! row, the template's footnotes, and checks printed row totals and `stated_total`. Pounds print with
//! thousands separators; pence only when some amount has pence (then every amount shows them).

use super::number::{self, format_money};
use super::problem::{Loc, Problem};
use super::spec::{self, BudgetRowSpec, BudgetTotalsSpec, Cell, RawCell, TableSpec};
use super::table::{BodyCell, BodyRow, ColumnInfo, ComputedTable, HeadCell};
use super::util::{slug, suggestion};
use super::{required_caption, Context};
use rust_decimal::Decimal;

mod build;
use build::*;

/// A row of the template: its name, its key and other names it is known by.
struct TemplateRow {
    name: &'static str,
    key: &'static str,
    aliases: &'static [&'static str],
}

/// The template's rows, in order.
const TEMPLATE: [TemplateRow; 8] = [
    TemplateRow {
        name: "Local authority",
        key: "local-authority",
        aliases: &["Local authorities", "Local authority contribution"],
    },
    TemplateRow {
        name: "Police",
        key: "police",
        aliases: &["Police service", "Police force"],
    },
    TemplateRow {
        name: "Probation",
        key: "probation",
        aliases: &["National Probation Service", "Probation service", "NPS"],
    },
    TemplateRow {
        name: "Health",
        key: "health",
        aliases: &["Health service", "NHS"],
    },
    TemplateRow {
        name: "Police and Crime Commissioner",
        key: "police-and-crime-commissioner",
        aliases: &["PCC", "Office of the Police and Crime Commissioner", "OPCC"],
    },
    TemplateRow {
        name: "Welsh Government",
        key: "welsh-government",
        aliases: &[],
    },
    TemplateRow {
        name: "YJB Youth Justice Grant",
        key: "yjb-youth-justice-grant",
        aliases: &["Youth Justice Grant", "YJB grant", "YOT grant"],
    },
    TemplateRow {
        name: "Other",
        key: "other",
        aliases: &["Other funding"],
    },
];

/// Index of the Welsh Government row in [`TEMPLATE`].
const WELSH: usize = 5;

/// The parts of a contribution, in column order.
const PARTS: [(&str, &str); 3] = [
    ("staffing", "Staffing costs (£)"),
    ("in_kind", "Payments in kind (£)"),
    ("other", "Other delegated funds (£)"),
];

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
    parts: [Decimal; 3],
    total: Decimal,
}

/// Computes the budget table.
pub fn compute(
    id: &str,
    spec: &TableSpec,
    ctx: &Context,
    problems: &mut Vec<Problem>,
) -> Option<ComputedTable> {
    let caption = required_caption(spec, problems);
    let given = given_rows(spec, ctx.wales, problems);
    let mut lines: Vec<Line> = Vec::new();
    for (i, row) in TEMPLATE.iter().enumerate() {
        if i == WELSH && !ctx.wales {
            continue;
        }
        let found = given.iter().find(|(t, _, _)| *t == i);
        lines.push(match found {
            Some((_, spec_row, loc)) => line(row, spec_row, loc, problems),
            None => zero_line(row),
        });
    }
    let total = total_line(&lines, problems);
    check_totals(spec, &total, problems);
    lines.push(total);
    let mut t = ComputedTable::empty(id, "budget", &caption);
    build(&mut t, spec, &lines);
    Some(t)
}

/// The rows the spec gives, matched to the template: (template index, row, place); a row without
/// `label` prints its name as written.
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
        let Some(index) = template_index(&name, &loc, problems) else {
            continue;
        };
        if index == WELSH && !wales {
            problems.push(
                Problem::error(
                    "budget-row",
                    "only a Welsh service has a Welsh Government row",
                )
                .at(&loc)
                .hint(
                    "remove the row, or set `wales: true` in plan.yaml if the service is in Wales",
                ),
            );
            continue;
        }
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
                .hint("give each agency once"),
            );
            continue;
        }
        let row = match &v {
            serde_yaml::Value::Null => Some(BudgetRowSpec::default()),
            _ => spec::from_value::<BudgetRowSpec>(&v, &loc, problems),
        };
        if let Some(mut row) = row {
            row.label.get_or_insert_with(|| name.trim().to_string());
            out.push((index, row, loc));
        }
    }
    out
}

/// The template row a name means; "budget-row" with a suggestion when none.
fn template_index(name: &str, loc: &Loc, problems: &mut Vec<Problem>) -> Option<usize> {
    let wanted = slug(name);
    let found = TEMPLATE
        .iter()
        .position(|t| t.key == wanted || t.aliases.iter().any(|a| slug(a) == wanted));
    if found.is_none() {
        problems.push(
            Problem::error(
                "budget-row",
                format!("\"{name}\" is not a row of the budget template"),
            )
            .at(loc)
            .hint(format!(
                "{} (use `label:` to print your own wording)",
                suggestion(name, TEMPLATE.iter().map(|t| t.name))
            )),
        );
    }
    found
}

/// A template row the spec leaves out: all zero.
fn zero_line(row: &TemplateRow) -> Line {
    Line {
        label: row.name.to_string(),
        key: row.key.to_string(),
        parts: [Decimal::ZERO; 3],
        total: Decimal::ZERO,
    }
}

/// A row the spec gives: its parts added up, and the printed total checked.
fn line(
    row: &TemplateRow,
    spec_row: &BudgetRowSpec,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) -> Line {
    let label = spec_row
        .label
        .clone()
        .unwrap_or_else(|| row.name.to_string());
    let raws = [&spec_row.staffing, &spec_row.in_kind, &spec_row.other];
    let mut parts = [Decimal::ZERO; 3];
    for ((part, raw), (key, column)) in parts.iter_mut().zip(raws).zip(PARTS) {
        let column = column.trim_end_matches(" (£)").to_lowercase();
        *part = amount(
            raw.as_ref(),
            &loc.key(key),
            &format!("{label}, {column}"),
            problems,
        );
    }
    let total = add(&parts, loc, problems);
    if let Some(raw) = &spec_row.total {
        compare(
            raw,
            total,
            &format!("the stated total for {label}"),
            &loc.key("total"),
            problems,
        );
    }
    Line {
        label,
        key: row.key.to_string(),
        parts,
        total,
    }
}

/// An amount in pounds: blank is 0; text is an error; a negative amount is worth a warning.
fn amount(raw: Option<&RawCell>, loc: &Loc, what: &str, problems: &mut Vec<Problem>) -> Decimal {
    let Some(raw) = raw else { return Decimal::ZERO };
    match spec::read_cell(raw, loc, what, problems) {
        Cell::Number(n) if n.percent => {
            problems.push(
                Problem::error(
                    "bad-number",
                    format!(
                        "{what} is {}, but an amount of money cannot be a percentage",
                        raw.as_written()
                    ),
                )
                .at(loc)
                .hint("write the amount in pounds, as in 1179999 or \"£1,179,999\""),
            );
            Decimal::ZERO
        }
        Cell::Number(n) => {
            if n.is_negative() {
                problems.push(
                    Problem::warning(
                        "negative-amount",
                        format!("{what} is negative ({})", raw.as_written()),
                    )
                    .at(loc)
                    .hint("check the sign: contributions are normally positive"),
                );
            }
            n.value
        }
        Cell::Text(t) => {
            problems.push(spec::text_in_computed(&t, loc, what));
            Decimal::ZERO
        }
        Cell::Blank | Cell::Invalid(_) => Decimal::ZERO,
    }
}

/// Adds amounts ("number-too-large" on overflow, then 0).
fn add(values: &[Decimal], loc: &Loc, problems: &mut Vec<Problem>) -> Decimal {
    number::sum(values.iter().copied()).unwrap_or_else(|e| {
        problems.push(Problem::error("number-too-large", e.to_string()).at(loc));
        Decimal::ZERO
    })
}

/// "stated-mismatch" when a printed amount differs from the computed one.
fn compare(raw: &RawCell, computed: Decimal, what: &str, loc: &Loc, problems: &mut Vec<Problem>) {
    let Cell::Number(stated) = spec::read_cell(raw, loc, what, problems) else {
        return;
    };
    if stated.value != computed {
        let pence = has_pence(stated.value) || has_pence(computed);
        problems.push(
            Problem::error(
                "stated-mismatch",
                format!(
                    "{what} {} does not equal the computed total {}",
                    format_money(stated.value, pence),
                    format_money(computed, pence)
                ),
            )
            .at(loc)
            .hint("correct the amounts or the stated total; the table prints the computed total"),
        );
    }
}

#[cfg(test)]
mod tests;
