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

/// A cell exactly as written in YAML or CSV, before it is read.
#[derive(Debug, Clone, PartialEq)]
pub enum RawCell {
    /// `~` or nothing.
    Blank,
    /// A YAML number, as its shortest text ("0.08", "1179999").
    Number(String),
    /// A string (which may still be a number such as "1,179,999").
    Text(String),
    /// A list (text tables print it as bullets; a list also gives a value per period).
    List(Vec<RawCell>),
}

impl RawCell {
    /// The cell as it was typed.
    pub fn as_written(&self) -> String {
        match self {
            RawCell::Blank => String::new(),
            RawCell::Number(s) | RawCell::Text(s) => s.clone(),
            RawCell::List(items) => items
                .iter()
                .map(RawCell::as_written)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

impl<'de> Deserialize<'de> for RawCell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawCellVisitor)
    }
}

/// Turns any YAML scalar or list into a [`RawCell`].
struct RawCellVisitor;

impl<'de> Visitor<'de> for RawCellVisitor {
    type Value = RawCell;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, text, a blank (~) or a list")
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawCell, E> {
        Ok(RawCell::Text(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawCell, E> {
        Ok(RawCell::Number(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawCell, E> {
        Ok(RawCell::Number(v.to_string()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<RawCell, E> {
        Ok(RawCell::Number(v.to_string()))
    }
    fn visit_u128<E>(self, v: u128) -> Result<RawCell, E> {
        Ok(RawCell::Number(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawCell, E> {
        Ok(RawCell::Number(format!("{v}")))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawCell, E> {
        Ok(RawCell::Text(v.to_string()))
    }
    fn visit_unit<E>(self) -> Result<RawCell, E> {
        Ok(RawCell::Blank)
    }
    fn visit_none<E>(self) -> Result<RawCell, E> {
        Ok(RawCell::Blank)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawCell, D::Error> {
        RawCell::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawCell, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawCell::List(items))
    }
}

/// A cell once read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Empty (`~`, `""`, `"-"`); counts as 0 in sum and budget tables.
    Blank,
    /// A number.
    Number(Num),
    /// Text that is not a number ("n/a", ">10"); never used in a calculation.
    Text(String),
    /// A cell already reported as wrong; shown as written, never used.
    Invalid(String),
}

/// Why a cell cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CellError {
    /// Number-like text that is wrong.
    #[error(transparent)]
    Number(#[from] NumberError),
    /// A list where one value belongs.
    #[error("a list stands where one value belongs")]
    List,
}

/// Reads a raw cell: a number, a blank or text.
pub fn parse_cell(raw: &RawCell) -> Result<Cell, CellError> {
    match raw {
        RawCell::Blank => Ok(Cell::Blank),
        RawCell::Number(s) => Ok(Cell::Number(Num::plain(parse_plain(s)?))),
        RawCell::Text(s) if is_blank_text(s) => Ok(Cell::Blank),
        RawCell::Text(s) => Ok(match parse_number(s)? {
            Some(n) => Cell::Number(n),
            None => Cell::Text(s.trim().to_string()),
        }),
        RawCell::List(_) => Err(CellError::List),
    }
}

/// True for the texts that mean an empty cell: "", "~", "-" (and the dashes "–", "—").
fn is_blank_text(s: &str) -> bool {
    matches!(s.trim(), "" | "~" | "-" | "–" | "—")
}

/// Reads a cell, reporting a number that cannot be read ("bad-number") or a list ("bad-value").
pub fn read_cell(raw: &RawCell, loc: &Loc, what: &str, problems: &mut Vec<Problem>) -> Cell {
    match parse_cell(raw) {
        Ok(cell) => cell,
        Err(CellError::Number(e)) => {
            problems.push(
                Problem::error("bad-number", format!("{what}: {e}"))
                    .at(loc)
                    .hint(e.hint()),
            );
            Cell::Invalid(raw.as_written())
        }
        Err(CellError::List) => {
            problems.push(
                Problem::error("bad-value", format!("{what}: {}", CellError::List))
                    .at(loc)
                    .hint("write one number here"),
            );
            Cell::Invalid(raw.as_written())
        }
    }
}

/// Reads a count: as [`read_cell`], and a negative number is a "negative-count" error.
pub fn read_count(raw: &RawCell, loc: &Loc, what: &str, problems: &mut Vec<Problem>) -> Cell {
    match read_cell(raw, loc, what, problems) {
        Cell::Number(n) if n.is_negative() => {
            problems.push(
                Problem::error(
                    "negative-count",
                    format!("{what} is {}, but it cannot be negative", raw.as_written()),
                )
                .at(loc)
                .hint("write the number without a minus sign, or leave the cell blank (~)"),
            );
            Cell::Invalid(raw.as_written())
        }
        cell => cell,
    }
}

/// The "text-in-computed-cell" error for text where a number is needed.
pub fn text_in_computed(text: &str, loc: &Loc, what: &str) -> Problem {
    Problem::error(
        "text-in-computed-cell",
        format!("{what} is \"{text}\", but a number is needed to compute the table"),
    )
    .at(loc)
    .hint("write the number; to hide small numbers use suppress_below, or leave the cell blank (~)")
}

/// The entries of a YAML map in written order, keys as labels; a "bad-value" error otherwise.
pub fn map_entries(value: &Value, loc: &Loc, problems: &mut Vec<Problem>) -> Vec<(String, Value)> {
    let Value::Mapping(map) = value else {
        if !value.is_null() {
            problems.push(
                Problem::error("bad-value", "expected a map of row label to row")
                    .at(loc)
                    .hint("write each row on its own line as `Label: ...`"),
            );
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in map {
        match scalar_text(k) {
            Some(label) => out.push((label, v.clone())),
            None => problems
                .push(Problem::error("bad-value", "a row label must be text or a number").at(loc)),
        }
    }
    out
}

/// The text of a YAML scalar key.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Deserialises part of the spec, reporting "unknown-key" or "bad-value" at `loc`.
pub fn from_value<T: serde::de::DeserializeOwned>(
    value: &Value,
    loc: &Loc,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match serde_yaml::from_value(value.clone()) {
        Ok(v) => Some(v),
        Err(e) => {
            let message = e.to_string();
            let code = if message.contains("unknown field") {
                "unknown-key"
            } else {
                "bad-value"
            };
            problems.push(Problem::error(code, message).at(loc));
            None
        }
    }
}

/// The `rows:` value of a table that takes rows from YAML or CSV; "missing-key" when it has
/// neither. `kind` names the table in the message ("a sum table").
pub fn yaml_rows_value<'a>(
    spec: &'a TableSpec,
    kind: &str,
    problems: &mut Vec<Problem>,
) -> Option<&'a serde_yaml::Value> {
    if spec.rows.is_none() && spec.csv.is_none() {
        problems.push(
            Problem::error("missing-key", format!("{kind} needs `rows:` or `csv:`"))
                .at(&Loc::yaml(&["rows"])),
        );
    }
    spec.rows.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn cells(yaml: &str) -> Vec<RawCell> {
        match serde_yaml::from_str::<RawCell>(yaml).unwrap() {
            RawCell::List(items) => items,
            other => vec![other],
        }
    }

    #[test]
    fn yaml_numbers_keep_their_shortest_text() {
        let c = cells("[0.08, 1179999, \"1,179,999\", ~, n/a, -3, 30.0, 340282366920938463463374607431768211455]");
        assert_eq!(c[0], RawCell::Number("0.08".into()));
        assert_eq!(c[1], RawCell::Number("1179999".into()));
        assert_eq!(c[2], RawCell::Text("1,179,999".into()));
        assert_eq!(c[3], RawCell::Blank);
        assert_eq!(c[4], RawCell::Text("n/a".into()));
        match parse_cell(&c[0]).unwrap() {
            Cell::Number(n) => assert_eq!(n.value, Decimal::from_str("0.08").unwrap()),
            other => panic!("{other:?}"),
        }
        assert_eq!(
            parse_cell(&c[6]).unwrap(),
            Cell::Number(Num::plain(Decimal::from(30)))
        );
        assert!(matches!(
            parse_cell(&c[7]),
            Err(CellError::Number(NumberError::TooLarge(_)))
        ));
    }

    #[test]
    fn blanks_and_text() {
        for blank in ["\"\"", "\"-\"", "~", "\"–\""] {
            assert_eq!(
                parse_cell(&cells(blank)[0]).unwrap(),
                Cell::Blank,
                "{blank}"
            );
        }
        assert_eq!(
            parse_cell(&RawCell::Text(">10".into())).unwrap(),
            Cell::Text(">10".into())
        );
    }

    #[test]
    fn bad_numbers_are_reported() {
        let mut problems = Vec::new();
        let cell = read_cell(
            &RawCell::Text("1,17,999".into()),
            &Loc::yaml(&["rows", "x"]),
            "x",
            &mut problems,
        );
        assert_eq!(cell, Cell::Invalid("1,17,999".into()));
        assert_eq!(problems[0].code, "bad-number");
        assert!(problems[0].hint.is_some());
        read_cell(&RawCell::List(vec![]), &Loc::default(), "x", &mut problems);
        assert_eq!(problems[1].code, "bad-value");
    }

    #[test]
    fn negative_counts_are_errors() {
        let mut problems = Vec::new();
        read_count(
            &RawCell::Number("-3".into()),
            &Loc::default(),
            "the count",
            &mut problems,
        );
        assert_eq!(problems[0].code, "negative-count");
    }

    #[test]
    fn unknown_keys_name_the_expected_keys() {
        let err = serde_yaml::from_str::<TableSpec>("kind: sum\ncolums: [a]\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("unknown field `colums`"), "{text}");
        assert!(text.contains("`columns`"), "{text}");
        let mut problems = Vec::new();
        let v: Value = serde_yaml::from_str("{populaton: 5}").unwrap();
        let row: Option<IndicatorRowSpec> = from_value(&v, &Loc::default(), &mut problems);
        assert!(row.is_none());
        assert_eq!(problems[0].code, "unknown-key");
        assert!(problems[0].message.contains("`population`"));
    }

    #[test]
    fn rows_keep_their_order() {
        let v: Value = serde_yaml::from_str("{b: 1, a: 2, 2018: 3}").unwrap();
        let labels: Vec<String> = map_entries(&v, &Loc::default(), &mut Vec::new())
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(labels, ["b", "a", "2018"]);
    }
}
