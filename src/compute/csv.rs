//! Tables from CSV (`csv: data/fte.csv`).
//!
//! Takes the text of a CSV file (UTF-8, first line the header; fields separated by commas, or by
//! the semicolons, tabs or bars the header shows, see [`separator`]; double quotes around fields
//! that hold separators, quotes or line breaks; LF or CRLF line ends) and gives its records with
//! their 1-based line numbers. [`load`] reads the file through the context and checks every row
//! has as many cells as the header, reporting problems at the file's line.

mod header;
pub mod separator;

use super::problem::{Loc, Problem};
use super::spec::RawCell;

/// One record of a CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The 1-based line the record starts on.
    pub line: usize,
    /// Its fields.
    pub fields: Vec<String>,
}

/// Why CSV text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// A quoted field runs to the end of the file.
    #[error("line {0}: a quoted field is not closed")]
    Unclosed(usize),
    /// Text follows the closing quote of a field.
    #[error("line {0}: text follows the closing quote of a field")]
    StrayQuote(usize),
}

impl CsvError {
    /// The line the problem is on.
    pub fn line(&self) -> usize {
        match self {
            CsvError::Unclosed(l) | CsvError::StrayQuote(l) => *l,
        }
    }
}

/// A CSV file read for a table: its header and rows, each row as long as the header.
#[derive(Debug, Clone)]
pub struct CsvTable {
    /// The file as named by the spec.
    pub file: String,
    /// The header's fields.
    pub header: Vec<String>,
    /// The rows after the header.
    pub rows: Vec<Record>,
}

impl CsvTable {
    /// The place of a line of this file.
    pub fn loc(&self, line: usize) -> Loc {
        Loc::csv(&self.file, line)
    }

    /// The index of the header field named `name` (case-insensitive).
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    }
}

/// A CSV field as a raw cell (an empty field is blank).
pub fn raw(field: &str) -> RawCell {
    if field.trim().is_empty() {
        RawCell::Blank
    } else {
        RawCell::Text(field.to_string())
    }
}

/// Reads CSV text into records, with the separator its header line shows; blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    parse_separated(text, separator::detect(text))
}

/// Reads CSV text whose fields are separated by `sep` into records.
pub fn parse_separated(text: &str, sep: char) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader {
        sep,
        ..Reader::default()
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        reader.take(c, chars.peek().copied())?;
    }
    reader.finish()
}

/// The state of the CSV reader.
#[derive(Default)]
struct Reader {
    records: Vec<Record>,
    fields: Vec<String>,
    field: String,
    line: usize,
    start: usize,
    quoted: bool,
    closed: bool,
    skip: bool,
    sep: char,
}

impl Reader {
    /// Takes one character (`next` is the one after it).
    fn take(&mut self, c: char, next: Option<char>) -> Result<(), CsvError> {
        if self.line == 0 {
            self.line = 1;
            self.start = 1;
        }
        if self.skip {
            self.skip = false;
            return Ok(());
        }
        if self.quoted {
            return self.take_quoted(c, next);
        }
        match c {
            '"' if self.field.is_empty() && !self.closed => self.quoted = true,
            c if c == self.sep => self.end_field(),
            '\r' | '\n' => {
                self.skip = c == '\r' && next == Some('\n');
                self.end_record();
                self.line += 1;
                self.start = self.line;
            }
            _ if self.closed => return Err(CsvError::StrayQuote(self.line)),
            _ => self.field.push(c),
        }
        Ok(())
    }

    /// Takes a character inside quotes.
    fn take_quoted(&mut self, c: char, next: Option<char>) -> Result<(), CsvError> {
        match c {
            '"' if next == Some('"') => {
                self.field.push('"');
                self.skip = true;
            }
            '"' => {
                self.quoted = false;
                self.closed = true;
            }
            '\n' => {
                self.field.push('\n');
                self.line += 1;
            }
            '\r' => {}
            _ => self.field.push(c),
        }
        Ok(())
    }

    /// Ends the current field.
    fn end_field(&mut self) {
        self.fields.push(std::mem::take(&mut self.field));
        self.closed = false;
    }

    /// Ends the current record (a line with nothing on it is skipped).
    fn end_record(&mut self) {
        let empty = self.fields.is_empty() && self.field.is_empty() && !self.closed;
        self.end_field();
        let fields = std::mem::take(&mut self.fields);
        if !empty {
            self.records.push(Record {
                line: self.start,
                fields,
            });
        }
    }

    /// Ends the text.
    fn finish(mut self) -> Result<Vec<Record>, CsvError> {
        if self.quoted {
            return Err(CsvError::Unclosed(self.start));
        }
        if self.line > 0 {
            self.end_record();
        }
        Ok(self.records)
    }
}

use super::limits::MAX_CELLS;
pub use super::limits::{MAX_COLUMNS, MAX_ROWS};

/// An error when a CSV file has more rows, columns or cells than a plan's table may (the limits
/// of [`super::limits`]), at the first line past the limit.
fn too_big(file: &str, records: &[Record]) -> Option<Problem> {
    let error = |line: usize, what: String, hint: &str| {
        Problem::error(
            "table-too-large",
            format!("\"{file}\" has more than {what}"),
        )
        .at(&Loc::csv(file, line))
        .hint(hint)
    };
    if let Some(wide) = records.iter().find(|r| r.fields.len() > MAX_COLUMNS) {
        return Some(error(wide.line, format!("{MAX_COLUMNS} columns"), "a table in a plan should fit a page: split it, or publish the full data as a separate file"));
    }
    let summarise = "a table in a plan should fit a few pages: summarise the data, or publish the full data as a separate file";
    if let Some(extra) = records.get(MAX_ROWS + 1) {
        return Some(error(extra.line, format!("{MAX_ROWS} rows"), summarise));
    }
    let width = records.first()?.fields.len().max(1);
    records.get(MAX_CELLS / width + 1).map(|extra| {
        error(
            extra.line,
            format!("{MAX_CELLS} cells ({width} columns in each row)"),
            summarise,
        )
    })
}

/// Reads the spec's CSV file and checks row lengths; None when it cannot be read at all.
pub fn load(
    file: &str,
    read: &dyn Fn(&str) -> Result<String, String>,
    problems: &mut Vec<Problem>,
) -> Option<CsvTable> {
    let text = match read(file) {
        Ok(text) => text,
        Err(message) => {
            problems.push(
                Problem::error(
                    "csv-missing",
                    format!("the CSV file \"{file}\" of this table: {message}"),
                )
                .at(&Loc::yaml(&["csv"]))
                .hint("the path is relative to the plan directory, as in data/fte.csv"),
            );
            return None;
        }
    };
    let sep = separator::detect(&text);
    let records = match parse_separated(&text, sep) {
        Ok(records) => records,
        Err(e) => {
            let what = separator::one(sep);
            problems.push(
                Problem::error("csv-syntax", format!("\"{file}\": {e}"))
                    .at(&Loc::csv(file, e.line()))
                    .hint(format!("put double quotes around a field that holds a {what}, and double any quote inside it")),
            );
            return None;
        }
    };
    let records = if sep == ';' {
        decimal_commas(file, records, problems)
    } else {
        records
    };
    if let Some(problem) = too_big(file, &records) {
        problems.push(problem);
        return None;
    }
    let mut records = records.into_iter();
    let Some(header) = records.next() else {
        problems.push(
            Problem::error(
                "csv-missing-column",
                format!("\"{file}\" is empty: it needs a header line"),
            )
            .at(&Loc::csv(file, 1)),
        );
        return None;
    };
    if let Some(problem) = header::repeated(file, &header) {
        problems.push(problem);
        return None;
    }
    let width = header.fields.len();
    let rows = records
        .map(|mut r| {
            if r.fields.len() != width {
                problems.push(row_length(file, &r, width));
                r.fields.resize(width, String::new());
            }
            r
        })
        .collect();
    Some(CsvTable {
        file: file.to_string(),
        header: header.fields.iter().map(|h| h.trim().to_string()).collect(),
        rows,
    })
}

/// The records of a semicolon-separated file with decimal commas read as decimal points (the
/// header is kept as written); "ambiguous-comma" for a number such as "1,500".
fn decimal_commas(file: &str, records: Vec<Record>, problems: &mut Vec<Problem>) -> Vec<Record> {
    let mut records = records;
    for record in records.iter_mut().skip(1) {
        for field in &mut record.fields {
            match separator::decimal_comma(field) {
                Ok(read) => *field = read,
                Err(a) => problems.push(
                    Problem::error(
                        "ambiguous-comma",
                        format!(
                            "\"{file}\" is separated by semicolons, so the comma in \"{}\" may be a decimal comma ({}) or a thousands separator ({})",
                            a.text, a.decimal, a.thousands
                        ),
                    )
                    .at(&Loc::csv(file, record.line))
                    .hint(format!(
                        "write \"{}\" or \"{}\": a full stop for decimals, and no thousands separator",
                        a.thousands, a.decimal
                    )),
                ),
            }
        }
    }
    records
}

/// The "csv-row-length" error for a record of the wrong width.
fn row_length(file: &str, record: &Record, width: usize) -> Problem {
    Problem::error(
        "csv-row-length",
        format!(
            "this row of \"{file}\" has {} cells but the header has {width}",
            record.fields.len()
        ),
    )
    .at(&Loc::csv(file, record.line))
    .hint("give every row one cell per header column; leave a cell empty for a blank")
}

/// The "csv-missing-column" error.
/// Finds each expected column in the header (after the first `fixed` columns): "csv-missing-column"
/// for each one not there, "unknown-column" (with `extra_hint`) for each header column not expected.
pub fn match_columns(
    table: &CsvTable,
    expected: &[String],
    fixed: usize,
    what: &str,
    extra_hint: &str,
    problems: &mut Vec<Problem>,
) -> Vec<Option<usize>> {
    let columns: Vec<Option<usize>> = expected.iter().map(|e| table.column(e)).collect();
    for (name, column) in expected.iter().zip(&columns) {
        if column.is_none() {
            problems.push(missing_column(table, name));
        }
    }
    let extras = table
        .header
        .iter()
        .skip(fixed)
        .filter(|h| !expected.iter().any(|e| e.eq_ignore_ascii_case(h)));
    for extra in extras {
        problems.push(
            Problem::error(
                "unknown-column",
                format!(
                    "\"{}\" has a column \"{extra}\" that is not {what}",
                    table.file
                ),
            )
            .at(&table.loc(1))
            .hint(extra_hint.replace("{extra}", extra)),
        );
    }
    columns
}

/// The "csv-missing-column" error.
pub fn missing_column(table: &CsvTable, name: &str) -> Problem {
    Problem::error(
        "csv-missing-column",
        format!("\"{}\" has no column \"{name}\"", table.file),
    )
    .at(&table.loc(1))
    .hint(format!("add \"{name}\" to the header line"))
}

#[cfg(test)]
mod tests;
