//! Cells of a table spec: takes a YAML or CSV value and gives the cell as written ([`RawCell`])
//! and as read ([`Cell`]: a number, a suppressed value or text), with the readers every kind
//! uses and the YAML helpers for rows written as maps.

use super::*;

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
pub(super) struct RawCellVisitor;

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
pub(super) fn is_blank_text(s: &str) -> bool {
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
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
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
