//! The indicator figures a plan states, gathered across its tables: takes the computed tables and
//! gives, for each indicator, row and period, the figure computed from counts and the figure
//! printed (`value`); [`cross_check`] finds a figure printed in one table that another table
//! gives or computes differently (a real plan printed 1.37 where its own counts give 1.43).

use super::indicator::defs::Indicator;
use super::number::{format_fixed, round_half_up};
use super::problem::{Loc, Problem};
use super::table::ComputedTable;
use super::util::slug;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One figure of an indicator table: an indicator at a row and period.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The indicator.
    pub indicator: &'static Indicator,
    /// The row label as printed.
    pub row: String,
    /// The period (or cohort) label as printed.
    pub period: String,
    /// The first row of its table: the plan's own service.
    pub home: bool,
    /// The figure computed from counts (unrounded).
    pub computed: Option<Decimal>,
    /// The figure as printed in the plan (`value`) and where it was written.
    pub stated: Option<(Decimal, Loc)>,
    /// Where the row was written (a figure computed from counts is reported there).
    pub row_loc: Loc,
}

impl Fact {
    /// The figure the table shows: computed, else as printed.
    pub fn value(&self) -> Option<Decimal> {
        self.computed.or(self.stated.as_ref().map(|(v, _)| *v))
    }

    /// The figure as the table prints it ("1.43").
    pub fn printed(&self) -> Option<String> {
        self.value()
            .map(|v| format_fixed(v, self.indicator.decimals))
    }

    /// What the figure names: indicator, row and period (labels compared as slugs).
    fn names(&self) -> (&'static str, String, String) {
        (self.indicator.id, slug(&self.row), slug(&self.period))
    }
}

/// Every figure the tables state for the indicator with this id, table by table.
pub fn figures_of<'t>(
    tables: &'t [&'t ComputedTable],
    indicator: &'t str,
) -> impl Iterator<Item = (&'t ComputedTable, &'t Fact)> + 't {
    tables.iter().flat_map(move |t| {
        t.facts
            .iter()
            .filter(move |f| f.indicator.id == indicator)
            .map(move |f| (*t, f))
    })
}

/// "figure-mismatch" for each figure printed in one table that another table computes or prints
/// differently (at the indicator's decimal places): (index of the table that prints it, problem at
/// its `value`). Two printed figures that disagree are reported once, at the later table; so are
/// two figures computed from different counts (at the later table's row).
pub fn cross_check(tables: &[&ComputedTable]) -> Vec<(usize, Problem)> {
    // Each figure is compared only with the figures that name the same thing, found by key: a
    // large plan states thousands, and comparing every pair grew with their square.
    let names: Vec<Vec<_>> = tables
        .iter()
        .map(|t| t.facts.iter().map(Fact::names).collect())
        .collect();
    let mut same: HashMap<_, Vec<(usize, &Fact)>> = HashMap::new();
    for (b, table) in tables.iter().enumerate() {
        for (fact, name) in table.facts.iter().zip(&names[b]) {
            same.entry(name).or_default().push((b, fact));
        }
    }
    let mut out = Vec::new();
    for (a, ta) in tables.iter().enumerate() {
        for (fa, name) in ta.facts.iter().zip(&names[a]) {
            let (mine, loc) = match (&fa.stated, fa.computed) {
                (Some((stated, loc)), _) => (*stated, loc),
                (None, Some(computed)) => (computed, &fa.row_loc),
                (None, None) => continue,
            };
            let printed = fa.stated.is_some();
            let candidates = same.get(name).map_or(&[][..], Vec::as_slice);
            if let Some((b, fb, other)) = first_disagreement(a, printed, mine, candidates) {
                out.push((a, mismatch(fa, mine, loc, tables[b], fb, &other)));
            }
        }
    }
    out
}

/// Of the figures naming the same thing (in table order), the first table's whose first figure
/// compared with this one (of table `a`) disagrees with `mine`: that table, figure and its value.
fn first_disagreement<'f>(
    a: usize,
    printed: bool,
    mine: Decimal,
    candidates: &[(usize, &'f Fact)],
) -> Option<(usize, &'f Fact, String)> {
    let mut considered = None;
    for &(b, fb) in candidates {
        // Only a table's first figure compared is considered, as a table names a figure once.
        if b == a || considered == Some(b) || !compared(printed, fb, b < a) {
            continue;
        }
        considered = Some(b);
        if let Some(other) = disagreement(mine, fb) {
            return Some((b, fb, other));
        }
    }
    None
}

/// Whether a figure is checked against `other` (of an `earlier` table or a later one), so each
/// disagreement is reported once: a printed figure against every computed one and earlier printed
/// ones; a figure computed only, against earlier figures computed only (a printed figure reports
/// its own pairs).
fn compared(printed: bool, other: &Fact, earlier: bool) -> bool {
    match (printed, other.computed.is_some()) {
        (true, true) => true,
        (true, false) => earlier,
        (false, true) => earlier && other.stated.is_none(),
        (false, false) => false,
    }
}

/// The other table's figure when it differs from `stated` once both are rounded as printed.
fn disagreement(stated: Decimal, other: &Fact) -> Option<String> {
    let d = other.indicator.decimals;
    let value = other.value()?;
    (round_half_up(stated, d) != round_half_up(value, d)).then(|| format_fixed(value, d))
}

/// The problem naming both figures and both tables.
fn mismatch(
    fa: &Fact,
    stated: Decimal,
    loc: &Loc,
    tb: &ComputedTable,
    fb: &Fact,
    other: &str,
) -> Problem {
    let how = if fb.computed.is_some() {
        "computes it from its counts as"
    } else {
        "prints"
    };
    let here = if fa.stated.is_some() {
        "printed here as"
    } else {
        "computed here from the counts as"
    };
    Problem::error(
        "figure-mismatch",
        format!(
            "{}, {}: {} is {here} {}, but table `{}` (\"{}\") {how} {other}",
            fa.row,
            fa.period,
            fa.indicator.name,
            format_fixed(stated, fa.indicator.decimals),
            tb.id,
            tb.caption
        ),
    )
    .at(loc)
    .hint(format!(
        "a figure must be the same wherever the plan gives it: correct one of them (the counts give {other}), or quote it with {{{{ }}}} from table `{}`",
        tb.id
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::run;
    use super::*;

    #[test]
    fn a_figure_printed_differently_in_another_table_is_an_error_at_the_printed_value() {
        let counts = "kind: indicator\nindicator: reoffences-per-offender\nperiods: [Mar-21]\nrows:\n  West Mercia: { cohort: 201, reoffences: 287 }\n";
        let printed = "kind: indicator\ncaption: Reoffending summary\nindicator: reoffences-per-offender\nperiods: [Mar-21]\nrows:\n  National: { value: 1.02 }\n  West Mercia: { value: 1.37 }\n";
        let a = run(counts).0.unwrap();
        let mut b = run(printed).0.unwrap();
        b.id = "summary".into();
        let found = cross_check(&[&a, &b]);
        assert_eq!(found.len(), 1);
        let (i, p) = &found[0];
        assert_eq!(*i, 1);
        assert_eq!(p.code, "figure-mismatch");
        assert_eq!(p.path, ["rows", "West Mercia", "value"]);
        assert_eq!(
            p.message,
            "West Mercia, Mar-21: reoffences per child in the cohort is printed here as 1.37, but table `t` (\"Frequency of reoffending\") computes it from its counts as 1.43"
        );
        // The other order gives the same one report, at the printed figure.
        let found = cross_check(&[&b, &a]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 0);
        let agreeing = printed.replace("1.37", "1.43");
        let c = run(&agreeing).0.unwrap();
        assert!(cross_check(&[&a, &c]).is_empty());
    }

    #[test]
    fn two_tables_computing_one_figure_from_different_counts_disagree_once() {
        let one = "kind: indicator\nindicator: reoffending-binary\nperiods: [Mar-21]\nrows:\n  West Mercia: { cohort: 201, reoffenders: 55 }\n";
        let a = run(one).0.unwrap();
        let b = run(&one.replace("55", "56")).0.unwrap();
        let found = cross_check(&[&a, &b]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 1);
        assert_eq!(found[0].1.path, ["rows", "West Mercia"]);
        assert!(found[0]
            .1
            .message
            .contains("computed here from the counts as 27.9, but table `t`"));
        assert!(cross_check(&[&a, &run(one).0.unwrap()]).is_empty());
    }

    #[test]
    fn two_printed_figures_that_disagree_are_reported_once() {
        let one = "kind: indicator\nindicator: fte\nperiods: [Sep-22]\nrows:\n  West Mercia: { value: 93 }\n";
        let a = run(one).0.unwrap();
        let b = run(&one.replace("93", "91")).0.unwrap();
        let found = cross_check(&[&a, &b]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 1);
        assert!(found[0].1.message.contains("prints 93"));
    }
}
