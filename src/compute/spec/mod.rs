//! The table specification as written in front matter under `tables: <id>:`, and its cells.
//!
//! Takes YAML (through serde; unknown keys are refused and the message names the expected keys)
//! and gives [`TableSpec`]. Rows and stated totals differ by kind, so they stay YAML values here and
//! each kind reads them with [`map_entries`] and [`from_value`], reporting problems at their path.
//! Cells arrive as [`RawCell`] (YAML numbers keep their shortest text, so 0.08 stays exactly 0.08)
//! and become [`Cell`]s through [`read_cell`] and [`read_count`].

use super::number::{parse_number, parse_plain, Num, NumberError};
use super::problem::{Loc, Problem};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_yaml::Value;
use std::fmt;

mod cell;
pub use cell::*;

/// A table as written in front matter under `tables: <id>:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// indicator | sum | budget | share | text.
    pub kind: Kind,
    /// The table's title (indicator tables have a default).
    pub caption: Option<String>,
    /// Where the figures come from.
    pub source: Option<String>,
    /// Notes printed under the table.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Rows taken from a CSV file (relative to the plan directory).
    pub csv: Option<String>,
    /// line | bar | none.
    pub chart: Option<ChartChoice>,
    /// Counts below this number print as `*`.
    pub suppress_below: Option<u32>,
    /// Header of the row-label column ("Area", "Agency", "Ethnicity").
    pub row_header: Option<String>,
    /// indicator: which national indicator.
    pub indicator: Option<String>,
    /// indicator: the period labels, one column each.
    pub periods: Option<Vec<Label>>,
    /// indicator: add a column with the change on the previous period.
    pub change: Option<bool>,
    /// sum, text (and share, to rename its number columns): the column labels.
    pub columns: Option<Vec<Label>>,
    /// sum: headers spanning several columns.
    pub groups: Option<Vec<GroupSpec>>,
    /// sum: every column split into these sub-columns.
    pub subcolumns: Option<Vec<Label>>,
    /// sum: which totals to add.
    pub totals: Option<Totals>,
    /// sum, share: the label of the total row.
    pub total_label: Option<String>,
    /// sum: columns that must equal the sum of others.
    pub check: Option<Vec<CheckSpec>>,
    /// share: the whole that each count is a share of.
    pub total: Option<RawCell>,
    /// share: decimal places of the percentages (default 0).
    pub decimals: Option<u32>,
    /// The rows; their shape depends on the kind.
    pub rows: Option<Value>,
    /// sum: a list of printed totals; budget: a map of printed totals.
    pub stated_total: Option<Value>,
    /// budget: the order of the rows (the template's, or as written).
    pub order: Option<RowOrder>,
}

/// The order a budget table prints its rows in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowOrder {
    /// The template's order, with the rows left out printed blank (the default).
    Template,
    /// The order the rows are written in; rows left out are not printed.
    AsWritten,
}

/// The kinds of table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A national indicator.
    Indicator,
    /// Numbers with totals.
    Sum,
    /// The YJB budget table.
    Budget,
    /// Counts as percentages of a total.
    Share,
    /// Words.
    Text,
}

impl Kind {
    /// The kind's name as written.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Indicator => "indicator",
            Kind::Sum => "sum",
            Kind::Budget => "budget",
            Kind::Share => "share",
            Kind::Text => "text",
        }
    }
}

/// The `chart` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartChoice {
    /// A line chart.
    Line,
    /// A bar chart.
    Bar,
    /// No chart.
    None,
}

/// The `totals` key of a sum table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Totals {
    /// A Total column (each row's sum).
    Rows,
    /// A Total row (each column's sum).
    Columns,
    /// Both.
    Both,
}

/// A header spanning several columns of a sum table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    /// The spanning header's text.
    pub label: String,
    /// The columns under it (adjacent, in order).
    pub columns: Vec<Label>,
}

/// A rule of a sum table: `column` equals the sum of `equals` in every row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSpec {
    /// The column holding the sum.
    pub column: Label,
    /// The columns that add up to it.
    pub equals: Vec<Label>,
}

/// An indicator row as written in YAML.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorRowSpec {
    /// Numerator per period (fte, custody, serious-violence).
    pub count: Option<RawCell>,
    /// Denominator per period, or one number for every period.
    pub population: Option<RawCell>,
    /// Reoffending: children in the cohort.
    pub cohort: Option<RawCell>,
    /// KPIs: the whole the count is a percentage of.
    pub out_of: Option<RawCell>,
    /// Reoffending tables (`indicator: reoffending`): the binary rate as printed.
    pub binary: Option<RawCell>,
    /// Reoffending tables: reoffences per reoffender as printed.
    pub per_reoffender: Option<RawCell>,
    /// Reoffending tables: reoffences per offender (per child in the cohort) as printed.
    pub per_offender: Option<RawCell>,
    /// Reoffending: children who reoffended.
    pub reoffenders: Option<RawCell>,
    /// Reoffending: their reoffences.
    pub reoffences: Option<RawCell>,
    /// Published figures, taken as given.
    pub value: Option<RawCell>,
    /// Comparator: the rows whose counts are pooled (a list, or `all`).
    pub pooled: Option<RawCell>,
    /// Comparator: rows to leave out of the pool.
    pub exclude: Option<Vec<Label>>,
}

/// A budget row as written in YAML.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetRowSpec {
    /// Staffing costs.
    pub staffing: Option<RawCell>,
    /// Payments in kind.
    pub in_kind: Option<RawCell>,
    /// Other delegated funds.
    pub other: Option<RawCell>,
    /// The row total as printed (checked).
    pub total: Option<RawCell>,
    /// The wording printed for the row.
    pub label: Option<String>,
}

/// The printed totals of a budget table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetTotalsSpec {
    /// Total staffing costs.
    pub staffing: Option<RawCell>,
    /// Total payments in kind.
    pub in_kind: Option<RawCell>,
    /// Total other delegated funds.
    pub other: Option<RawCell>,
    /// The grand total.
    pub total: Option<RawCell>,
}

/// A share row written as a map: a count with its percentage as printed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareRowSpec {
    /// The count.
    pub count: Option<RawCell>,
    /// The percentage as printed (checked).
    pub percent: Option<RawCell>,
}

/// A label: text, or a number written without quotes (`2018`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label(pub String);

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match RawCell::deserialize(d)? {
            RawCell::Number(s) | RawCell::Text(s) => Ok(Label(s)),
            _ => Err(de::Error::custom("expected a label (text or a number)")),
        }
    }
}

#[cfg(test)]
mod tests;
