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

/// The Total row: each column added up.
fn total_line(lines: &[Line], problems: &mut Vec<Problem>) -> Line {
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
fn check_totals(spec: &TableSpec, total: &Line, problems: &mut Vec<Problem>) {
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
fn has_pence(v: Decimal) -> bool {
    !v.fract().is_zero()
}

/// Fills the output table.
fn build(t: &mut ComputedTable, spec: &TableSpec, lines: &[Line]) {
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
fn body_row(line: &Line, pence: bool) -> BodyRow {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{codes, run, run_with, texts};
    use super::super::Severity;

    const WEST_MERCIA: &str = r#"
kind: budget
caption: Partner contributions to the youth justice pooled budget 2023/24
rows:
  Local authority:   { other: 1179999, label: Local Authorities }
  Police:            { staffing: 247503, other: 63000, total: 310503, label: Police Service }
  Probation:         { staffing: 65580, other: 5000, total: "70,580", label: National Probation Service }
  Health:            { staffing: 135106, other: 36894, total: 172000 }
  Police and Crime Commissioner: { other: 180293 }
  YJB Youth Justice Grant: { other: "£1,457,097", label: YJB – Youth Justice Grant }
stated_total: { staffing: 448189, in_kind: 0, other: 2922283, total: 3370472 }
"#;

    #[test]
    fn west_mercia_budget_2023_24_adds_up() {
        let (t, problems) = run(WEST_MERCIA);
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        let rows = texts(&t);
        assert_eq!(
            rows[1],
            ["Police Service", "247,503", "0", "63,000", "310,503"]
        );
        assert_eq!(
            rows[2],
            [
                "National Probation Service",
                "65,580",
                "0",
                "5,000",
                "70,580"
            ]
        );
        assert_eq!(rows[3], ["Health", "135,106", "0", "36,894", "172,000"]);
        assert_eq!(rows[7], ["Total", "448,189", "0", "2,922,283", "3,370,472"]);
        assert_eq!(t.cell("total", "total").unwrap().text, "3,370,472");
        assert_eq!(t.cell("Police", "Total (£)").unwrap().text, "310,503");
        assert_eq!(
            t.cell("police-service", "staffing").unwrap().text,
            "247,503"
        );
        assert_eq!(t.cell("Total", "in_kind").unwrap().text, "0");
        assert_eq!(
            t.cell("Total", "Other delegated funds (£)").unwrap().text,
            "2,922,283"
        );
    }

    #[test]
    fn template_rows_in_order_with_footnotes() {
        let t = run(WEST_MERCIA).0.unwrap();
        let keys: Vec<&str> = t.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "local-authority",
                "police",
                "probation",
                "health",
                "police-and-crime-commissioner",
                "yjb-youth-justice-grant",
                "other",
                "total"
            ]
        );
        assert_eq!(texts(&t)[6], ["Other", "0", "0", "0", "0"]);
        assert_eq!(t.head[0][0].text, "Agency");
        assert_eq!(t.head[0].len(), 5);
        assert_eq!(t.notes.len(), 3);
        assert!(t.rows[7].is_total);
    }

    #[test]
    fn a_stated_total_that_differs_is_an_error_with_both_values() {
        let (_, problems) = run(&WEST_MERCIA.replace("total: 3370472", "total: 3370473"));
        assert_eq!(codes(&problems), ["stated-mismatch"]);
        assert_eq!(
            problems[0].message,
            "the stated total 3,370,473 does not equal the computed total 3,370,472"
        );
        assert_eq!(problems[0].path, ["stated_total", "total"]);
    }

    #[test]
    fn a_row_total_that_differs_is_an_error() {
        let (_, problems) = run(&WEST_MERCIA.replace("total: 310503", "total: 310504"));
        assert_eq!(codes(&problems), ["stated-mismatch"]);
        assert_eq!(problems[0].path, ["rows", "Police", "total"]);
        assert!(problems[0].message.contains("310,504") && problems[0].message.contains("310,503"));
    }

    #[test]
    fn welsh_government_is_for_welsh_services_only() {
        let yaml = "kind: budget\ncaption: B\nrows:\n  Welsh Government: { other: 100 }\n";
        let (t, problems) = run(yaml);
        assert_eq!(codes(&problems), ["budget-row"]);
        assert!(t.unwrap().rows.iter().all(|r| r.key != "welsh-government"));
        let (t, problems) = run_with(yaml, &[], true);
        assert!(problems.is_empty());
        let t = t.unwrap();
        assert_eq!(t.rows[5].key, "welsh-government");
        assert_eq!(t.cell("total", "total").unwrap().text, "100");
    }

    #[test]
    fn common_wordings_name_template_rows() {
        let yaml = "kind: budget\ncaption: B\nrows:\n  Local authorities: { other: 1 }\n  Police service: { other: 2 }\n  National Probation Service: { other: 3 }\n  YJB – Youth Justice Grant: { other: 4 }\n  PCC: { other: 5 }\n";
        let (t, problems) = run(yaml);
        assert!(problems.is_empty(), "{problems:?}");
        let t = t.unwrap();
        assert_eq!(t.cell("total", "total").unwrap().text, "15");
        assert_eq!(t.rows[1].label, "Police service");
        assert_eq!(t.cell("police", "other").unwrap().text, "2");
    }

    #[test]
    fn unknown_and_repeated_rows_are_errors() {
        let yaml = "kind: budget\ncaption: B\nrows:\n  Polic: { other: 1 }\n  Police: { other: 2 }\n  Police service: { other: 3 }\n";
        let (_, problems) = run(yaml);
        assert_eq!(codes(&problems), ["budget-row", "budget-row"]);
        assert!(problems[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean \"Police\"?"));
        assert_eq!(problems[1].path, ["rows", "Police service"]);
    }

    #[test]
    fn pence_show_everywhere_when_any_amount_has_them() {
        let yaml =
            "kind: budget\ncaption: B\nrows:\n  Police: { staffing: 100, other: \"£1,000.50\" }\n";
        let t = run(yaml).0.unwrap();
        assert_eq!(
            texts(&t)[1],
            ["Police", "100.00", "0.00", "1,000.50", "1,100.50"]
        );
    }

    #[test]
    fn blanks_are_zero_and_text_is_an_error() {
        let yaml = "kind: budget\ncaption: B\nrows:\n  Police: { staffing: \"-\", in_kind: ~, other: \"TBC\" }\n  Health: { staffing: \"85%\" }\n";
        let (t, problems) = run(yaml);
        assert_eq!(codes(&problems), ["text-in-computed-cell", "bad-number"]);
        assert_eq!(problems[0].path, ["rows", "Police", "other"]);
        assert_eq!(texts(&t.unwrap())[1], ["Police", "0", "0", "0", "0"]);
    }

    #[test]
    fn a_negative_amount_is_a_warning() {
        let (_, problems) = run("kind: budget\ncaption: B\nrows:\n  Other: { other: -500 }\n");
        assert_eq!(codes(&problems), ["negative-amount"]);
        assert_eq!(problems[0].severity, Severity::Warning);
    }

    #[test]
    fn unknown_keys_in_a_row_are_errors() {
        let (_, problems) = run(
            "kind: budget\ncaption: B\nrows:\n  Police: { staff: 1 }\nstated_total: { totl: 1 }\n",
        );
        assert_eq!(codes(&problems), ["unknown-key", "unknown-key"]);
        assert!(problems[0].message.contains("`staffing`"));
    }
}
