//! The comparison of typed figures with the tables (see the module's header).

use super::scan::{sentences, Figure, Sentence, Typed};
use crate::compute::facts::{figures_of, Fact};
use crate::compute::indicator::defs::{self, Indicator, UnitKind};
use crate::compute::number::{format_money, round_half_up};
use crate::compute::ComputedTable;
use crate::diag::{Diagnostic, SourceFile};
use std::collections::HashMap;
use std::sync::Arc;

/// The words that name each indicator in a sentence.
const NAMES: [(&str, &[&str]); 6] = [
    ("fte", &["first time entrant", "first-time entrant", "fte"]),
    ("custody", &["custody", "custodial"]),
    ("serious-violence", &["serious violence"]),
    ("reoffending-binary", &["reoffend", "re-offend"]),
    (
        "reoffences-per-reoffender",
        &["per reoffender", "per re-offender"],
    ),
    (
        "reoffences-per-offender",
        &["per offender", "per child in the cohort"],
    ),
];

/// Words just before a number that make it a change, not a level ("a fall of 12%", "down 5%").
const CHANGE_BEFORE: [&str; 10] = [
    "by",
    "fell",
    "fall",
    "rose",
    "rise",
    "increase",
    "decrease",
    "reduction",
    "drop",
    "down",
];

/// Words just after a number that make it a change or a difference ("12% lower than").
const CHANGE_AFTER: [&str; 11] = [
    "percentage",
    "point",
    "lower",
    "higher",
    "fewer",
    "more",
    "less",
    "increase",
    "decrease",
    "reduction",
    "up",
];

/// Checks every section's typed figures: `bodies` gives each file and where its body starts.
pub fn check_prose(
    bodies: &[(&SourceFile, usize)],
    tables: &[Arc<ComputedTable>],
) -> Vec<Diagnostic> {
    let all: Vec<&ComputedTable> = tables.iter().map(|t| t.as_ref()).collect();
    let mut out = Vec::new();
    for (file, offset) in bodies {
        let body = file.text.get(*offset..).unwrap_or("");
        let first_line = file.line_col(*offset).0;
        for s in sentences(body, first_line) {
            // Once per sentence, not per figure: a sentence may hold thousands of numbers.
            let names = if s.figures.is_empty() {
                Vec::new()
            } else {
                named(&s.text)
            };
            let mut rows = Rows::default();
            for f in &s.figures {
                if let Some(d) = check_figure(&s, &names, &mut rows, f, &all) {
                    out.push(at_number(d, file, f));
                }
            }
        }
    }
    out
}

/// Places the diagnostic on the number in its line (the first place it is typed as a whole
/// number), else on the line.
fn at_number(d: Diagnostic, file: &SourceFile, f: &Figure) -> Diagnostic {
    let line = file.line_text(f.line);
    // Not inside a longer number: "93" is not the end of "1,193" nor the start of "930".
    let whole = |i: usize| {
        let before = line[..i].chars().next_back();
        let after = line[i + f.written.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
            && !after.is_some_and(|c| c.is_ascii_digit())
    };
    match line
        .match_indices(&f.written)
        .map(|(i, _)| i)
        .find(|&i| whole(i))
    {
        Some(i) => {
            let start = file.line_start(f.line) + i;
            d.at(file, start..start + f.written.len())
        }
        None => d.at_line(file, f.line),
    }
}

/// The indicators a sentence names.
fn named(text: &str) -> Vec<&'static Indicator> {
    NAMES
        .iter()
        .filter(|(_, words)| words.iter().any(|w| has_word(text, w)))
        .filter_map(|(id, _)| defs::find(id))
        .collect()
}

/// True when `word` starts a word of `text` ("fte" not in "after").
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word)
        .any(|(i, _)| i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric())
}

/// The diagnostic for one typed figure, if any.
fn check_figure(
    s: &Sentence,
    names: &[&'static Indicator],
    rows: &mut Rows,
    f: &Figure,
    tables: &[&ComputedTable],
) -> Option<Diagnostic> {
    if let Some(d) = unit_contradiction(f, names) {
        return Some(d);
    }
    let ind = indicator_of(f, names)?;
    let facts: Vec<(&ComputedTable, &Fact)> = figures_of(tables, ind.id).collect();
    // The figure meant: of a row the sentence names ("the national rate"), else the service's,
    // else any; the latest of them.
    let mut rank = |fact: &Fact| 2 * u8::from(rows.named(&s.text, &fact.row)) + u8::from(fact.home);
    let found = facts
        .iter()
        .enumerate()
        .filter(|(_, (_, fact))| matches(f, fact))
        .map(|(i, found)| ((rank(found.1), i), found))
        .max_by_key(|(key, _)| *key)
        .map(|(_, found)| found);
    if let Some((t, fact)) = found {
        return Some(typed_figure(f, ind, t, fact));
    }
    let (t, home) = facts.iter().rev().find(|(_, fact)| fact.home)?;
    Some(
        Diagnostic::error(
            "prose-figure",
            format!(
                "the sentence gives {} for {}, but table `{}` gives {} for {} ({}) and no figure of {}",
                f.written,
                ind.name,
                t.id,
                home.printed().unwrap_or_default(),
                home.row,
                home.period,
                f.written
            ),
        )
        .hint(format!(
            "correct the number, or quote the table so the text cannot disagree with it: {}",
            expression(t, home)
        )),
    )
}

/// Which table rows a sentence names ("the national rate"), each looked up once per sentence.
#[derive(Default)]
struct Rows(HashMap<String, bool>);

impl Rows {
    fn named(&mut self, text: &str, row: &str) -> bool {
        if let Some(&named) = self.0.get(row) {
            return named;
        }
        let named = text.contains(&row.to_lowercase());
        self.0.insert(row.to_string(), named);
        named
    }
}

/// The indicator a figure states: by its unit, else the one indicator the sentence names.
fn indicator_of(f: &Figure, names: &[&'static Indicator]) -> Option<&'static Indicator> {
    let by_unit = |kind: UnitKind| names.iter().copied().find(|i| i.unit_kind == kind);
    match f.unit {
        Typed::PerReoffender => defs::find("reoffences-per-reoffender"),
        Typed::PerChild => defs::find("reoffences-per-offender"),
        Typed::PerPopulation(n) => by_unit(UnitKind::PerPopulation(n)),
        Typed::Percent if is_change(f) => None,
        Typed::Percent => by_unit(UnitKind::Percent).filter(|i| i.id == "reoffending-binary"),
        Typed::Rate => match names {
            [one] if !is_change(f) => Some(*one),
            _ => None,
        },
    }
}

/// True when the figure is a change or a difference rather than a level ("fell by 43%", "a
/// reduction of 5%", "3 percentage points lower"): judged from the words next to the number only,
/// so "27.3%, lower than the national rate" is still a level.
fn is_change(f: &Figure) -> bool {
    let before: Vec<&str> = f.before.split_whitespace().rev().take(3).collect();
    let near_before = before
        .iter()
        .any(|w| CHANGE_BEFORE.iter().any(|c| w.starts_with(c)));
    let first_after = f.after.split_whitespace().next().unwrap_or("");
    let near_after = CHANGE_AFTER.iter().any(|c| first_after.starts_with(c));
    near_before || near_after
}

/// "prose-unit" when the unit typed contradicts the one indicator the sentence names.
fn unit_contradiction(f: &Figure, names: &[&'static Indicator]) -> Option<Diagnostic> {
    let rates: Vec<&Indicator> = names
        .iter()
        .copied()
        .filter(|i| matches!(i.unit_kind, UnitKind::PerPopulation(_)))
        .collect();
    let [ind] = rates.as_slice() else { return None };
    if names.len() != 1 {
        return None;
    }
    let wrong = match f.unit {
        Typed::PerPopulation(n) => UnitKind::PerPopulation(n) != ind.unit_kind,
        Typed::Percent => f.after_rate && !is_change(f) && !f.after.starts_with("of "),
        _ => false,
    };
    let typed = match f.unit {
        Typed::PerPopulation(n) => format!("{} per {}", f.written, format_money(n.into(), false)),
        _ => format!("{}%", f.written),
    };
    wrong.then(|| {
        Diagnostic::error(
            "prose-unit",
            format!(
                "the sentence gives {typed} for {}, but {} is counted {}",
                ind.name, ind.name, ind.unit
            ),
        )
        .hint(format!("write the figure {}", ind.unit))
    })
}

/// True when the typed number is the table's figure, as printed or rounded to the places typed.
fn matches(f: &Figure, fact: &Fact) -> bool {
    let Some(v) = fact.value() else { return false };
    let d = fact.indicator.decimals;
    f.value == round_half_up(v, d) || (f.decimals < d && f.value == round_half_up(v, f.decimals))
}

/// "typed-figure": the number is right; the hint offers the expression that keeps it so.
fn typed_figure(f: &Figure, ind: &Indicator, t: &ComputedTable, fact: &Fact) -> Diagnostic {
    Diagnostic::warning(
        "typed-figure",
        format!(
            "{} is typed by hand; it is {} for {} ({}) in table `{}` today",
            f.written, ind.name, fact.row, fact.period, t.id
        ),
    )
    .hint(format!(
        "write {} instead, so the sentence changes when the table does",
        expression(t, fact)
    ))
}

/// The inline figure for a fact: `{{ fte["West Mercia"]["Sep-22"] }}`.
fn expression(t: &ComputedTable, fact: &Fact) -> String {
    let table = if t.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        t.id.clone()
    } else {
        format!("tables[\"{}\"]", t.id)
    };
    format!("{{{{ {table}[\"{}\"][\"{}\"] }}}}", fact.row, fact.period)
}
